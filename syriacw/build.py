"""Build: raw/ + seeds/ → validated tables → Parquet under dataset/tables/.

Load reads the archived documents and the seed CSVs, Process types and checks them (collecting every problem),
Save writes the tables atomically. Nothing is written unless every check passes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import parquet
from .csvio import SeedTable, parse_csv
from .dates import BadDate, parse_partial
from .errors import Problem, ValidationFailed
from .paths import TABLE_NAMES

SEED_DIR = "seeds"
RAW_DIR = "raw"
TABLES_DIR = Path("dataset") / "tables"
REFERENCE_FILE = "raw/reference/primary_publications.csv"  # curated list of cited publications, kept verbatim
INTERNATIONAL_FILE = "raw/reference/international_findings.csv"  # the UN and OPCW bodies' record (issue 18), verbatim
REFERENCE_FILES = (REFERENCE_FILE, INTERNATIONAL_FILE)


@dataclass
class Inputs:
    """Everything the build reads: the raw documents (bytes, by path under the root) and the seed tables."""

    root: Path
    documents: dict[str, bytes] = field(default_factory=dict)
    seeds: dict[str, SeedTable] = field(default_factory=dict)
    reference: dict[str, dict] | None = None  # the reference files' rows by ref_id (each row's file under "_file")


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
    names, links = raw_document_names(root)
    problems += [Problem(link, None, None, None, "raw-symlink",
                         f"{link} is a symbolic link; raw/ holds the archived files themselves") for link in links]
    for name in names:
        with open(root / RAW_DIR / name, "rb") as fh:
            inputs.documents[f"{RAW_DIR}/{name}"] = fh.read()
    from .reference_pins import read_pinned_references

    references, found = read_pinned_references(root)
    problems += found
    for rel in REFERENCE_FILES:
        if rel not in references:
            continue
        table, found = parse_csv(references[rel], rel, "reference")
        problems += found
        if table is not None:
            inputs.reference = inputs.reference or {}
            inputs.reference.update({row[0]: {**dict(zip(table.header, row)), "_file": rel} for row in table.rows})
    return inputs, problems


def raw_document_names(root: Path) -> tuple[list[str], list[str]]:
    """The archived documents: regular files raw/NAME.txt (names, sorted), and every symbolic link in raw/ or
    raw/reference/ (paths), which are refused: a link would let the build read a file outside the repository."""
    import os

    raw, names, links = root / RAW_DIR, [], []
    if raw.is_symlink():
        return [], [RAW_DIR]
    if not raw.is_dir():
        return [], []
    # os.scandir, not Path.iterdir + is_file + suffix: 10^6 figures have ~37,000 documents (0.9 s less)
    with os.scandir(raw) as entries:  # a name ending in .txt that is more than ".txt" is what Path.suffix says
        for e in entries:
            if e.is_symlink():
                links.append(f"{RAW_DIR}/{e.name}")
            elif e.name.endswith(".txt") and len(e.name) > 4 and e.is_file():
                names.append(e.name)
    reference = raw / "reference"
    if reference.is_dir() and not reference.is_symlink():
        links += [f"{RAW_DIR}/reference/{p.name}" for p in reference.iterdir() if p.is_symlink()]
    return sorted(names), sorted(links)


def read_raw_document(root: Path, source_id: str, file: str) -> str:
    """The text of a source's document, read as the build reads it: only a regular file raw/NAME.txt (no other
    path, no link), UTF-8. Raises ValueError with a message naming what is wrong."""
    if not file:
        raise ValueError(f"source {source_id!r} is a citation: it has no archived document to search")
    names, _ = raw_document_names(root)
    if file not in {f"{RAW_DIR}/{name}" for name in names}:
        if not file.startswith(f"{RAW_DIR}/") or "/" in file[len(RAW_DIR) + 1:] or not file.endswith(".txt"):
            raise ValueError(f"source {source_id!r} names {file!r}, which is not a file raw/NAME.txt")
        raise ValueError(f"{file} (source {source_id!r}) does not exist under the repository, or is a link")
    try:
        return (root / file).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{file} (source {source_id!r}) is not UTF-8") from None


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
        frames["incidents"] = rules.derive_admin1_iso(frames["incidents"])
    if "assertions" in frames:
        frames["assertions"] = rules.derive_confidence_grade(frames["assertions"], frames.get("confidence_grades"))
    frames = {name: frame[list(schemas.TABLES[name].columns)] for name, frame in frames.items()}
    problems += rules.check_schemas(frames)
    problems += rules.check_all(frames, inputs.documents, inputs.reference)
    tables = {}
    for name in list(frames):  # each frame is let go once sorted: one extra copy at a time, not all of them
        tables[name] = finish(frames.pop(name), name)
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
    for column in sorted({c for c in seed.header if seed.header.count(c) > 1}):
        problems.append(Problem(file, 1, None, column, "duplicate-column",
                                f"the header names {column!r} {seed.header.count(column)} times; "
                                "only the first is read"))
    if getattr(seed, "columns", None) is not None:  # read column-wise (csvio.ColumnarSeedTable): the same frame
        frame = _columnar_frame(seed)
    else:
        width = len(seed.header)
        rows = [(cells + [""] * width)[:width] for cells in seed.rows]
        frame = pd.DataFrame(rows, columns=seed.header, index=pd.Index(seed.lines, name="line"), dtype="string")
        frame = frame.loc[:, ~frame.columns.duplicated()]
        frame = frame.replace("", pd.NA)
    for column in expected:
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame[expected], problems


def _columnar_frame(seed) -> pd.DataFrame:
    """seed_frame's frame of strings made from the Arrow columns (empty cells are null there already), without a
    Python string per cell."""
    data = {}
    for column, array in zip(seed.header, seed.columns):
        if column not in data:  # a repeated header name: the first is read
            data[column] = pd.array(array, dtype="string")
    return pd.DataFrame(data, index=pd.Index(seed.lines, name="line"))


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


_INT64_LIMIT = 2 ** 63  # a whole number column is Int64: a cell of 2^63 or more cannot be held


def _numbers(frame, column, kind, file, pk):
    codes, texts = pd.factorize(frame[column])  # each distinct text is read once; an empty cell has code -1
    numbers, too_large = [], []
    for text in texts:
        number = _read_number(text, kind)
        too_large.append(kind == "integer" and number is not None and abs(number) >= _INT64_LIMIT)
        numbers.append(None if too_large[-1] else number)
    unreadable = np.array([n is None and not big for n, big in zip(numbers, too_large)] + [False], dtype=bool)[codes]
    problems = [Problem(file, int(line), _id(row_id), column, "type-error",
                        f"{text!r} is not {'a whole number' if kind == 'integer' else 'a number'}")
                for line, text, row_id in _at_rows(frame, unreadable, texts, codes, pk)]
    big = np.array(too_large + [False], dtype=bool)[codes]
    problems += [Problem(file, int(line), _id(row_id), column, "integer-too-large",
                         f"{text!r} is 2^63 or more, more than a whole number column holds")
                 for line, text, row_id in _at_rows(frame, big, texts, codes, pk)]
    from .validation.kinds import KIND_DTYPES

    if kind == "integer":  # whole numbers as int64, never through float64 (2^63 - 1 is no float)
        values = np.array([0 if n is None else n for n in numbers] + [0], dtype=np.int64)[codes]
        missing = np.array([n is None for n in numbers] + [True], dtype=bool)[codes]
        return pd.arrays.IntegerArray(values, missing), problems
    floats = np.array([np.nan if n is None else n for n in numbers] + [np.nan], dtype=np.float64)[codes]
    return pd.array(floats, dtype=KIND_DTYPES[kind]), problems  # NaN (empty, unreadable, "nan") is NA, as from a list


def _read_number(text: str, kind: str) -> float | int | None:
    """The number a cell states (a whole number, exactly, for an integer column); None if it states none."""
    try:
        number = float(text)
    except ValueError:
        return None
    if kind != "integer":
        return number
    if not number.is_integer():  # also nan and inf
        return None
    try:
        return int(text.strip())  # exact, where float would round 2^63 - 1 up to 2^63
    except ValueError:
        return int(number)  # "1e19", "12.0"


# the days pandas' nanosecond timestamps hold (pd.Timestamp.min/max), which readers of the tables may use
_DAYS_HELD = (dt.date(1677, 9, 22), dt.date(2262, 4, 11))


def _dates(frame, column, file, pk, *, end):
    codes, texts = pd.factorize(frame[column])  # each distinct text is parsed once; an empty cell has code -1
    days, precisions, errors = [], [], []
    for text in texts:
        try:
            day, precision = parse_partial(text, end=end)
            error = None
        except BadDate as exc:
            day, precision, error = None, "unknown", str(exc)
        days.append(day)
        precisions.append(precision)
        errors.append(error)
    bad = np.array([e is not None for e in errors] + [False], dtype=bool)[codes]
    problems = [Problem(file, int(line), _id(row_id), column, "invalid-date", errors[code])
                for (line, _, row_id), code in zip(_at_rows(frame, bad, texts, codes, pk), codes[bad])]
    unheld = [d is not None and not _DAYS_HELD[0] <= d <= _DAYS_HELD[1] for d in days]
    problems += [Problem(file, int(line), _id(row_id), column, "date-out-of-range",
                         f"{text!r} is outside {_DAYS_HELD[0]} to {_DAYS_HELD[1]}, the dates a table holds")
                 for line, text, row_id in _at_rows(frame, np.array(unheld + [False], dtype=bool)[codes], texts,
                                                    codes, pk)]
    days = [None if out else d for d, out in zip(days, unheld)]
    stamps = pd.to_datetime(pd.Series(days + [None], dtype="object")).astype("datetime64[us]").to_numpy()
    return (pd.Series(stamps[codes], index=frame.index), _strings(precisions + ["unknown"], codes), problems)


def _at_rows(frame, mask, texts, codes, pk):
    """(line, text, row ID) of the rows where `mask` is set, in row order."""
    positions = np.flatnonzero(mask)
    lines, ids = frame.index.to_numpy()[positions], frame[pk].to_numpy(dtype=object)[positions]
    return [(line, texts[codes[p]], row_id) for line, p, row_id in zip(lines, positions, ids)]


def _strings(values: list[str], codes) -> pd.api.extensions.ExtensionArray:
    """pd.array([values[c] for c in codes], dtype="string") (code -1 takes the last value), taken in Arrow."""
    import pyarrow as pa

    positions = np.where(codes < 0, len(values) - 1, codes)
    return pd.array(pa.array(values, pa.large_string()).take(pa.array(positions)), dtype="string")


def _take(values: list, codes) -> np.ndarray:
    """values[codes[i]] for every i, as an object array (code -1 takes the last value)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array[codes]


def _precision_matches(frame, column, precisions, file, pk):
    """A typed precision column (e.g. published_precision) must say what the date's form says."""
    typed_column = {"published_on": "published_precision", "date_start": "date_precision",
                    "date_end": "date_precision"}.get(column)
    if typed_column is None or typed_column not in frame.columns:
        return []
    problems = []
    typed = frame[typed_column]
    differ = (typed.notna() & (typed != pd.Series(precisions, index=frame.index))).to_numpy(dtype=bool,
                                                                                          na_value=False)
    rows = frame[differ]  # only rows whose typed precision differs from the derived one can be reported
    for line, typed, derived, text, row_id in zip(rows.index, rows[typed_column], precisions[differ], rows[column],
                                                  rows[pk]):
        if pd.isna(typed) or typed == derived or (column == "date_end" and pd.isna(text)):
            continue
        if derived == "unknown" and not pd.isna(text):
            continue  # the date itself is unreadable, and reported as invalid-date
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

def build(root: Path, out_dir: Path | None = None, *, write: bool = True,
          notes: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Validate everything, then (if `write`) write every table to `out_dir` (default dataset/tables/) at once.

    `notes`, if given, receives lines worth printing after a successful build (the number audit's counts).
    A writing build holds the lock of its folder (syriacw.locking) throughout: a second one raises BuildRunning."""
    if not write:
        return _build(root, None, False, notes)
    from .locking import folder_lock

    out_dir = out_dir or root / TABLES_DIR
    with folder_lock(out_dir):
        return _build(root, out_dir, True, notes)


def _build(root: Path, out_dir: Path | None, write: bool, notes: list[str] | None) -> dict[str, pd.DataFrame]:
    inputs, problems = load_inputs(root)
    tables, found = process(inputs)
    problems += found
    if not problems:
        from .releases.corrections import check_corrections

        problems += check_corrections(root, tables)
    if not problems:  # the number audit (docs/audit.md) needs valid sources and quote spans to mean anything
        from .audit.core import audit_for_build

        audit_problems, audit_summary = audit_for_build(inputs, tables)
        problems += audit_problems
        if notes is not None:
            notes.append(audit_summary)
    if problems:
        raise ValidationFailed(problems)
    del inputs  # the seeds and documents are not needed to write: let their memory go first
    if write:
        from .validation.codebook import dtypes_json

        parquet.write_tables(tables, out_dir, extra={"dtypes.json": dtypes_json()})
    return tables


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def audit_repository(root: Path):
    """The number audit of a repository (syriacw audit), and the problems the build would report before it (they
    may skew the audit)."""
    from .audit.core import audit

    inputs, seed_problems = load_inputs(root)
    tables, found = process(inputs)
    return audit(root, tables, inputs.documents), seed_problems + found
