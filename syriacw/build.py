"""Build: raw/ + seeds/ → validated tables → Parquet under dataset/tables/.

Load reads the archived documents and the seed CSVs, Process types and checks them (collecting every problem),
Save writes the tables atomically. Nothing is written unless every check passes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import parquet
from .csvio import SeedTable, parse_csv
from .dates import BadDate, parse_partial
from .errors import Problem, ValidationFailed
from .paths import TABLE_NAMES

SEED_DIR = "seeds"
RAW_DIR = "raw"
TABLES_DIR = Path("dataset") / "tables"


@dataclass
class Inputs:
    """Everything the build reads: the raw documents (bytes, by path under the root) and the seed tables."""

    root: Path
    documents: dict[str, bytes] = field(default_factory=dict)
    seeds: dict[str, SeedTable] = field(default_factory=dict)


# --- Load ------------------------------------------------------------------------------------------------------

def load_inputs(root: Path) -> tuple[Inputs, list[Problem]]:
    inputs, problems = Inputs(root), []
    for name in TABLE_NAMES:
        rel = f"{SEED_DIR}/{name}.csv"
        path = root / rel
        if not path.exists():
            problems.append(Problem(rel, None, None, None, "file-missing", f"the seed file {rel} does not exist"))
            continue
        table, found = parse_csv(path.read_bytes(), rel, name)
        problems += found
        if table is not None:
            inputs.seeds[name] = table
    raw = root / RAW_DIR
    if raw.is_dir():
        for path in sorted(raw.iterdir()):
            if path.is_file() and path.suffix == ".txt":
                inputs.documents[f"{RAW_DIR}/{path.name}"] = path.read_bytes()
    return inputs, problems


# --- Process ---------------------------------------------------------------------------------------------------

def process(inputs: Inputs) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Typed, derived and validated tables, and every problem found on the way."""
    from .validation import rules, schemas

    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        seed = inputs.seeds.get(name)
        if seed is None:
            continue
        frame, found = seed_frame(seed, schemas.seed_columns(name), f"{SEED_DIR}/{name}.csv")
        problems += found
        frame, found = type_columns(frame, schemas.TABLES[name], f"{SEED_DIR}/{name}.csv")
        problems += found
        frames[name] = frame
    if "figures" in frames:
        frames["figures"], found = rules.derive_intervals(frames["figures"])
        problems += found
    if "incidents" in frames:
        frames["incidents"] = rules.derive_incident_end(frames["incidents"])
    frames = {name: frame[list(schemas.TABLES[name].columns)] for name, frame in frames.items()}
    problems += rules.check_schemas(frames)
    problems += rules.check_all(frames, inputs.documents)
    tables = {name: finish(frame, name) for name, frame in frames.items()}
    return tables, _one_per_cell(problems)


def seed_frame(seed: SeedTable, expected: list[str], file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The seed as a frame of strings (None for an empty cell), indexed by line number, with the expected columns."""
    problems = []
    for column in expected:
        if column not in seed.header:
            problems.append(Problem(file, 1, None, column, "missing-column", f"the header has no column {column!r}"))
    for column in seed.header:
        if column not in expected:
            problems.append(Problem(file, 1, None, column, "unknown-column",
                                    f"{column!r} is not a column of this table; expected: {', '.join(expected)}"))
    width = len(seed.header)
    rows = [(cells + [""] * width)[:width] for cells in seed.rows]
    frame = pd.DataFrame(rows, columns=seed.header, index=pd.Index(seed.lines, name="line"), dtype="string")
    frame = frame.replace("", pd.NA)
    for column in expected:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame[expected], problems


def type_columns(frame: pd.DataFrame, schema, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Numbers, integers and partial dates parsed; date precisions derived. Unreadable cells become problems."""
    problems: list[Problem] = []
    pk = frame.columns[0]
    out = frame.copy()
    for column, spec in schema.columns.items():
        kind = spec.metadata["kind"]
        if column not in frame.columns:
            continue
        if kind in ("integer", "number"):
            out[column], found = _numbers(frame, column, kind, file, pk)
            problems += found
        elif kind == "date":
            precision_column = f"{column}_precision"
            derive = precision_column in schema.columns and schema.columns[precision_column].metadata["derived"]
            dates, precisions, found = _dates(frame, column, file, pk, end=column.endswith("_end"))
            problems += found
            out[column] = dates
            if derive:
                out[precision_column] = precisions
            else:
                problems += _precision_matches(frame, column, precisions, file, pk)
    return out, problems


def _numbers(frame, column, kind, file, pk):
    problems, values = [], []
    for line, text, row_id in zip(frame.index, frame[column], frame[pk]):
        if pd.isna(text):
            values.append(None)
            continue
        try:
            number = float(text)
            if kind == "integer" and not number.is_integer():
                raise ValueError
            values.append(number)
        except ValueError:
            values.append(None)
            problems.append(Problem(file, int(line), _id(row_id), column, "type-error",
                                    f"{text!r} is not {'a whole number' if kind == 'integer' else 'a number'}"))
    dtype = "Int64" if kind == "integer" else "Float64"
    return pd.array(values, dtype=dtype), problems


def _dates(frame, column, file, pk, *, end):
    problems, dates, precisions = [], [], []
    for line, text, row_id in zip(frame.index, frame[column], frame[pk]):
        if pd.isna(text):
            dates.append(None)
            precisions.append("unknown")
            continue
        try:
            day, precision = parse_partial(text, end=end)
        except BadDate as exc:
            problems.append(Problem(file, int(line), _id(row_id), column, "invalid-date", str(exc)))
            day, precision = None, "unknown"
        dates.append(day)
        precisions.append(precision)
    return (pd.to_datetime(pd.Series(dates, index=frame.index, dtype="object")).astype("datetime64[us]"),
            pd.array(precisions, dtype="string"), problems)


def _precision_matches(frame, column, precisions, file, pk):
    """A typed precision column (e.g. published_precision) must say what the date's form says."""
    typed_column = {"published_on": "published_precision", "date_start": "date_precision",
                    "date_end": "date_precision"}.get(column)
    if typed_column is None or typed_column not in frame.columns:
        return []
    problems = []
    for line, typed, derived, text, row_id in zip(frame.index, frame[typed_column], precisions, frame[column],
                                                  frame[pk]):
        if pd.isna(typed) or typed == derived or (column == "date_end" and pd.isna(text)):
            continue
        shown = "empty" if pd.isna(text) else repr(text)
        problems.append(Problem(file, int(line), _id(row_id), typed_column, "date-precision-mismatch",
                                f"{typed_column} is {typed!r} but {column} is {shown}, which is {derived!r} precision"))
    return problems


def _id(value) -> str | None:
    return None if pd.isna(value) else str(value)


def finish(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows in primary-key order with a fresh index: the order of rows in a seed never changes the output."""
    pk = frame.columns[0]
    return frame.sort_values(pk, kind="stable", na_position="last").reset_index(drop=True)


def _one_per_cell(problems: list[Problem]) -> list[Problem]:
    """Drop knock-on problems: once a cell has a problem, a later check of the same cell adds nothing."""
    seen, kept = set(), []
    for p in problems:
        key = (p.file, p.line, p.column) if p.line is not None and p.column else None
        if key is not None and key in seen and p.code in ("required", "type-error", "not-in-vocabulary"):
            continue
        if key is not None:
            seen.add(key)
        kept.append(p)
    return kept


# --- Save ------------------------------------------------------------------------------------------------------

def build(root: Path, out_dir: Path | None = None, *, write: bool = True) -> dict[str, pd.DataFrame]:
    """Validate everything, then (if `write`) write every table to `out_dir` (default dataset/tables/) at once."""
    inputs, problems = load_inputs(root)
    tables, found = process(inputs)
    problems += found
    if problems:
        raise ValidationFailed(problems)
    if write:
        from .validation.codebook import dtypes_json

        parquet.write_tables(tables, out_dir or root / TABLES_DIR, extra={"dtypes.json": dtypes_json()})
    return tables


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
