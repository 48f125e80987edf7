"""Verifying a release: its files against their checksums, and its tables, read as syriacw.load reads them,
against their schemas and keys. pandera is imported only to check tables."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

from .anchor import anchor_problems
from .checksums import DATAPACKAGE, check_files, read_datapackage


def check_tables(folder: Path) -> list[str]:
    """Every table, read as `syriacw.load` reads it (dtypes.json applied), against its schema: the current pandera
    schema when the release's Table Schema is the current one, else the Table Schema it was released with.
    Also: no value is lost by applying dtypes.json, primary keys are unique, foreign keys resolve."""
    import pyarrow.parquet as pq
    from pandera.errors import SchemaError, SchemaErrors

    from ..validation.frictionless import pandera_schema, table_schema
    from ..validation.schemas import TABLES
    from .read import apply_types

    folder = Path(folder)
    package, problems = read_datapackage(folder)
    if package is None:
        return problems
    try:
        types = json.loads((folder / "dtypes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"dtypes.json: cannot be read ({exc})"]
    frames, schemas = {}, {}
    for resource in table_resources(package):
        name, file, descriptor = resource.get("name"), resource.get("path"), resource.get("schema")
        if not (isinstance(name, str) and isinstance(file, str) and isinstance(descriptor, dict)):
            problems.append(f"{DATAPACKAGE}: a resource lacks a name, path or schema")
            continue
        try:
            raw = pq.read_table(folder / file).to_pandas()
        except Exception as exc:  # any unreadable file is a finding, not a crash
            problems.append(f"{file}: cannot be read as Parquet ({type(exc).__name__}: {exc})")
            continue
        # a value outside its vocabulary would silently become a null in load()'s categorical: name it here
        for column, spec in types.get(name, {}).items():
            if spec.get("kind") == "category" and column in raw.columns:
                bad = sorted(set(_distinct(raw[column])) - set(spec.get("categories", [])))
                if bad:
                    problems.append(f"{file}: column {column}: {len(bad)} value(s) not among dtypes.json's "
                                    f"categories, e.g. {', '.join(map(repr, bad[:3]))}")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                typed = apply_types(raw.copy(), types[name])
        except Exception as exc:
            problems.append(f"{file}: cannot be typed by dtypes.json ({type(exc).__name__}: {exc})")
            continue
        for column in typed.columns:
            lost = int(typed[column].isna().sum() - raw[column].isna().sum())
            if lost and types[name].get(column, {}).get("kind") != "category":
                problems.append(f"{file}: column {column}: {lost} value(s) lost when typed by dtypes.json")
        current = name in TABLES and table_schema(name) == descriptor
        schema = TABLES[name] if current else pandera_schema(descriptor, name)
        try:
            schema.validate(typed, lazy=True)
        except SchemaErrors as exc:
            problems += _schema_problems(file, exc.failure_cases)
        except SchemaError as exc:
            problems.append(f"{file}: {exc}")
        frames[name], schemas[name] = typed, descriptor
    problems += _key_problems(package, frames, schemas)
    return problems


def table_resources(package: dict) -> list[dict]:
    """The resources that are tables syriacw.load reads: top-level Parquet files (not csv/ copies or answers/)."""
    return [r for r in package["resources"]
            if not (isinstance(r.get("path"), str) and "/" in r["path"])]


def _schema_problems(file: str, cases) -> list[str]:
    out = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
        examples = ", ".join(repr(v) for v in group["failure_case"].astype(str).unique()[:3])
        where = f"column {column}" if isinstance(column, str) else "table"
        out.append(f"{file}: {where}: {check} fails for {len(group)} value(s), e.g. {examples}")
    return out


def _key_problems(package, frames, schemas) -> list[str]:
    problems = []
    paths = {r.get("name"): r.get("path") for r in table_resources(package)}
    for name, frame in frames.items():
        schema = schemas[name]
        pk = schema.get("primaryKey")
        if isinstance(pk, str) and pk in frame.columns:
            keys = frame[pk]
            if keys.isna().any() or keys.duplicated().any():
                problems.append(f"{paths[name]}: primary key {pk} is empty or repeated")
        for fk in schema.get("foreignKeys", []):
            column, ref = fk["fields"], fk["reference"]
            target = ref["resource"] or name
            if target not in frames and target in paths:
                continue  # the referenced table could not be read, and that is reported against its own file
            if target not in frames or column not in frame.columns or ref["fields"] not in frames[target].columns:
                problems.append(f"{paths[name]}: foreign key {column} → {target}.{ref['fields']} cannot be checked")
                continue
            unknown = _not_among(frame[column], frames[target][ref["fields"]])
            if unknown:
                problems.append(f"{paths[name]}: column {column}: {len(unknown)} value(s) not in "
                                f"{target}.{ref['fields']}, e.g. {', '.join(map(repr, unknown[:3]))}")
    return problems


def _unique(series):
    """The distinct non-null values of `series` as str, an Arrow array, found by hashing in Arrow (a million rows
    are not a Python set's work)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.unique(pa.array(series.dropna().astype(str), type=pa.string()))


def _distinct(series) -> list[str]:
    """The distinct non-null values of `series` as str."""
    return _unique(series).to_pylist()


def _not_among(series, allowed) -> list[str]:
    """The distinct non-null values of `series` (as str) that `allowed` does not hold, sorted."""
    import pyarrow.compute as pc

    values = _unique(series)
    return sorted(values.filter(pc.invert(pc.is_in(values, value_set=_unique(allowed)))).to_pylist())


def verify(folder: Path, *, anchored: bool = True) -> list[str]:
    """Everything `syriacw verify` checks; an empty list means the release is intact and valid. `anchored`: also
    against the list of released files (dataset/RELEASES.sha256), which a release being made is not yet in."""
    problems = anchor_problems(folder) if anchored else []
    problems += [p for p in check_files(folder) if p not in problems]
    problems += [p for p in check_tables(folder) if p not in problems]
    return problems

