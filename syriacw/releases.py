"""Releases: immutable, checksummed folders under dataset/releases/VERSION/.

A release folder holds every table as Parquet, dtypes.json, datapackage.json (Frictionless Data Package: Table
Schemas, sha256 and size of every table), codebook.md, CITATION.cff, optionally CHANGELOG.md, and SHA256SUMS
(sha256sum format) listing every other file. `syriacw release` writes one (syriacw/release.py); this module
reads and checks them. It stays light: hashing and JSON only, pandera imported only to check tables.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from pathlib import Path

from .paths import NotARepository, check_version, find_root, package_dataset, version_key

SUMS = "SHA256SUMS"
DATAPACKAGE = "datapackage.json"
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](\S(?:.*\S)?)$")


class TamperedRelease(Exception):
    """A released file does not match its recorded checksum (or is missing)."""


def versions(releases_dir: Path) -> list[str]:
    if not releases_dir.is_dir():
        return []
    found = []
    for p in releases_dir.iterdir():
        if not p.is_dir() or p.name.startswith("."):
            continue
        try:
            found.append(check_version(p.name))
        except ValueError:
            continue
    return sorted(found, key=version_key)


def newest(releases_dir: Path) -> Path | None:
    found = versions(releases_dir)
    return releases_dir / found[-1] if found else None


def release_dir(version: str) -> Path:
    version = check_version(version)
    folder = package_dataset() / "releases" / version
    if not folder.is_dir():
        known = ", ".join(versions(package_dataset() / "releases")) or "none"
        raise LookupError(f"no release {version}; releases: {known}")
    return folder


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sums_text(files: dict[str, bytes]) -> str:
    """SHA256SUMS for `files` (name → bytes): `sha256sum` format, sorted by name, so `sha256sum -c` checks it."""
    return "".join(f"{sha256_hex(data)}  {name}\n" for name, data in sorted(files.items()) if name != SUMS)


def parse_sums(text: str, where: str) -> dict[str, str]:
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            raise TamperedRelease(f"{where}: line {number} is not `SHA256  NAME`: {line!r}")
        digest, name = match.groups()
        if name in sums:
            raise TamperedRelease(f"{where}: {name} is listed twice")
        sums[name] = digest
    return sums


def read_sums(folder: Path) -> dict[str, str]:
    path = Path(folder) / SUMS
    if not path.exists():
        raise TamperedRelease(f"{path}: SHA256SUMS is missing")
    return parse_sums(path.read_text(encoding="utf-8"), str(path))


def verify_file(folder: Path, name: str, sums: dict[str, str] | None = None) -> None:
    sums = read_sums(folder) if sums is None else sums
    if name not in sums:
        raise TamperedRelease(f"{folder / name}: not listed in SHA256SUMS")
    path = folder / name
    if not path.exists():
        raise TamperedRelease(f"{path}: missing")
    digest = sha256_hex(path.read_bytes())
    if digest != sums[name]:
        raise TamperedRelease(f"{path}: sha256 {digest} differs from SHA256SUMS ({sums[name]})")


def fingerprint(folder: Path) -> str:
    """sha256 of the release's SHA256SUMS: one hash that pins every file of the release (printed by cite)."""
    return sha256_hex((Path(folder) / SUMS).read_bytes())


# --- finding a release -----------------------------------------------------------------------------------------

def _is_version(text: str) -> bool:
    try:
        check_version(text)
        return True
    except ValueError:
        return False


def release_places(root: str | Path | None = None) -> list[Path]:
    """Where releases are looked up: <root>/dataset/releases (root: the given one, else the repository around the
    current folder, if any), then — unless a root was given — the installed package's dataset/releases."""
    if root is not None:
        return [find_root(root) / "dataset" / "releases"]
    places = []
    try:
        places.append(find_root() / "dataset" / "releases")
    except NotARepository:
        pass
    shipped = package_dataset() / "releases"
    if shipped.resolve() not in [p.resolve() for p in places]:
        places.append(shipped)
    return places


def resolve(target: str | None = None, root: str | Path | None = None) -> Path:
    """A release folder from a VERSION (e.g. 1.0.0 or v1.0.0), a PATH to the folder, or None for the newest."""
    if target is not None and not _is_version(target):
        folder = Path(target)
        if not folder.is_dir():
            raise LookupError(f"{target}: neither a version (MAJOR.MINOR.PATCH) nor a release folder")
        return folder
    places = release_places(root)
    for place in places:
        if target is None:
            found = newest(place)
            if found is not None:
                return found
        elif (place / check_version(target)).is_dir():
            return place / check_version(target)
    known = sorted({v for place in places for v in versions(place)}, key=version_key)
    what = "no release yet" if target is None else f"no release {check_version(target)}"
    raise LookupError(f"{what} in {', '.join(map(str, places))}; releases: {', '.join(known) or 'none'}")


# --- verifying a release ---------------------------------------------------------------------------------------

def check_files(folder: Path) -> list[str]:
    """Every file against SHA256SUMS, and every table against datapackage.json's hash and size.
    Each problem starts with the name of the file it is about."""
    folder = Path(folder)
    problems: list[str] = []
    try:
        sums = read_sums(folder)
    except TamperedRelease as exc:
        return [f"{SUMS}: {exc}"]
    present = set()
    for path in folder.iterdir():
        if path.name == SUMS:
            continue
        if not path.is_file():
            problems.append(f"{path.name}: not a file; a release holds files only")
            continue
        present.add(path.name)
    for name in sorted(present | set(sums)):
        if name not in sums:
            problems.append(f"{name}: not listed in {SUMS}")
        elif name not in present:
            problems.append(f"{name}: listed in {SUMS} but missing")
        else:
            digest = sha256_hex((folder / name).read_bytes())
            if digest != sums[name]:
                problems.append(f"{name}: sha256 {digest} differs from {SUMS} ({sums[name]})")
    package, found = read_datapackage(folder)
    problems += found
    for resource in (package or {}).get("resources", []):
        name = resource.get("path", "")
        path = folder / name
        if os.sep in name or "/" in name or not path.is_file():
            problems.append(f"{name}: in {DATAPACKAGE} but not a file of the release")
            continue
        data = path.read_bytes()
        expected_hash, expected_size = resource.get("hash"), resource.get("byteSize")
        if expected_hash != f"sha256:{sha256_hex(data)}":
            problems.append(f"{name}: sha256 {sha256_hex(data)} differs from {DATAPACKAGE} ({expected_hash})")
        if expected_size != len(data):
            problems.append(f"{name}: {len(data)} bytes, {DATAPACKAGE} says {expected_size}")
    if package is not None:
        listed = {r.get("path") for r in package.get("resources", [])}
        for name in sorted(present):
            if name.endswith(".parquet") and name not in listed:
                problems.append(f"{name}: a table that {DATAPACKAGE} does not describe")
    return problems


def read_datapackage(folder: Path) -> tuple[dict | None, list[str]]:
    path = Path(folder) / DATAPACKAGE
    if not path.is_file():
        return None, [f"{DATAPACKAGE}: missing"]
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"{DATAPACKAGE}: not valid JSON ({exc})"]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return None, [f"{DATAPACKAGE}: has no list of resources"]
    return package, []


def check_tables(folder: Path) -> list[str]:
    """Every table, read as `syriacw.load` reads it (dtypes.json applied), against its schema: the current pandera
    schema when the release's Table Schema is the current one, else the Table Schema it was released with.
    Also: no value is lost by applying dtypes.json, primary keys are unique, foreign keys resolve."""
    import pyarrow.parquet as pq
    from pandera.errors import SchemaError, SchemaErrors

    from .reading import apply_types
    from .validation.frictionless import pandera_schema, table_schema
    from .validation.schemas import TABLES

    folder = Path(folder)
    package, problems = read_datapackage(folder)
    if package is None:
        return problems
    try:
        types = json.loads((folder / "dtypes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"dtypes.json: cannot be read ({exc})"]
    frames, schemas = {}, {}
    for resource in package["resources"]:
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


def _schema_problems(file: str, cases) -> list[str]:
    out = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
        examples = ", ".join(repr(v) for v in group["failure_case"].astype(str).unique()[:3])
        where = f"column {column}" if isinstance(column, str) else "table"
        out.append(f"{file}: {where}: {check} fails for {len(group)} value(s), e.g. {examples}")
    return out


def _key_problems(package, frames, schemas) -> list[str]:
    problems = []
    paths = {r.get("name"): r.get("path") for r in package["resources"]}
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


def verify(folder: Path) -> list[str]:
    """Everything `syriacw verify` checks; an empty list means the release is intact and valid."""
    problems = check_files(folder)
    problems += [p for p in check_tables(folder) if p not in problems]
    return problems


# --- the list of released hashes kept in the repository --------------------------------------------------------

def hash_list_lines(version: str, files: dict[str, bytes]) -> list[str]:
    """Lines for the repository's list of released files: `SHA256  VERSION/NAME` (sha256sum format, relative to
    dataset/releases/, so `cd dataset/releases && sha256sum -c ../../tests/released_hashes.txt` works)."""
    version = check_version(version)
    return [f"{sha256_hex(data)}  {version}/{name}" for name, data in sorted(files.items())]


def check_hash_list(releases_dir: Path, list_path: Path) -> list[str]:
    """Every file of every release folder against the list: nothing released may change, appear or vanish."""
    releases_dir, list_path = Path(releases_dir), Path(list_path)
    problems = []
    try:
        listed = parse_sums(list_path.read_text(encoding="utf-8"), str(list_path)) if list_path.exists() else {}
    except TamperedRelease as exc:
        return [str(exc)]
    if not list_path.exists():
        problems.append(f"{list_path}: missing (every released file must be listed)")
    actual = {}
    for version in versions(releases_dir):
        for path in sorted((releases_dir / version).rglob("*")):
            if path.is_file():
                actual[path.relative_to(releases_dir).as_posix()] = sha256_hex(path.read_bytes())
    for name in sorted(set(listed) | set(actual)):
        if name not in listed:
            problems.append(f"{name}: released file not listed in {list_path.name}")
        elif name not in actual:
            problems.append(f"{name}: listed in {list_path.name} but not in {releases_dir}")
        elif listed[name] != actual[name]:
            problems.append(f"{name}: changed after release (sha256 {actual[name]}, released {listed[name]})")
    return problems
