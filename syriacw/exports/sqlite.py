"""The release as one SQLite database, syriacw.sqlite: every table and every reconciliation answer, indexed for the
columns people filter on, with the same bytes every time it is built from the same release.

The answers come from syriacw's own query runner (syriacw.db.connect over the release's Parquet files), never from
a second copy of the SQL: a release's answers/QUERY.parquet files, which the runner made, or, for a release
without them, the runner itself. Bytes are fixed by writing a new file with the same statements
in the same order (the files' row order, a fixed page size, indexes made after the rows, so no page is freed and
no VACUUM is needed); SQLite writes no clock time into a database file.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

DATABASE = "syriacw.sqlite"
PAGE_SIZE = 4096
# Columns worth an index besides the *_id ones: the ones the README's questions and the facets filter on.
FILTERED = ("measure", "event_scope", "claim_type", "incident_kind", "language", "source_type", "verdict")
UNAVAILABLE = "unavailable_queries"
PARALLEL_ROWS = 500_000  # two processes pay for their start-up (about a second) above this many rows
BATCH_ROWS = 65_536


def write_database(folder: Path, out: Path, *, workers: int | None = None) -> Path:
    """Write `out` (replacing it) from the release folder `folder`: its tables, then every query's answer (its
    answers/QUERY.parquet, in a release made since 1.2.0; else run here over the tables) and the table
    unavailable_queries (the queries its tables cannot answer, with the reason).

    The tables' rows are inserted into the database directly, while `workers` processes (default: two when the
    answers have over PARALLEL_ROWS rows, else none) insert the answers' rows into part databases; each answer is
    then copied whole into the database in its place in the fixed order. SQLite's transfer of a whole table
    without indexes keeps every record and page as inserting its rows there gives; a table with a primary key is
    not transferred, since its key's index, grown row by row, would be laid out otherwise."""
    import subprocess
    import sys
    import tempfile

    folder, out = Path(folder), Path(out)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    staging = out.with_name(f".{out.name}.building")
    staging.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix=".syriacw-parts-", dir=out.parent) as scratch:
        answers = _answer_files(folder, Path(scratch))
        if workers is None:
            workers = min(2, os.cpu_count() or 1) if sum(map(_num_rows, answers.values())) > PARALLEL_ROWS else 0
        groups = _balanced(answers, max(workers, 1))
        parts = [Path(scratch) / f"part{i}.sqlite" for i in range(len(groups))]
        con, fillers = _open(staging), []
        try:
            for i, part in enumerate(parts):  # ATTACH is refused inside the transaction the first INSERT opens;
                con.execute(f"ATTACH DATABASE ? AS part{i}", [str(part)])  # the part is empty until filled
            fillers = [subprocess.Popen([sys.executable, "-m", __name__, str(part), json.dumps(group)],
                                        stderr=subprocess.PIPE, text=True) for part, group in zip(parts, groups)
                       if workers]
            for resource in table_resources(package):
                _write_table(con, resource["name"], folder / resource["path"], resource["schema"])
            if not workers:
                _fill_part(parts[0], groups[0])
            _wait(fillers)
            part_of = {name: i for i, group in enumerate(groups) for name in group}
            for name, path in answers.items():
                _write_table(con, name, path, None, copy_from=f"part{part_of[name]}")
            con.commit()
        finally:
            con.close()
            for filler in fillers:
                filler.kill()
    staging.replace(out)
    return out


def _write_table(con, name: str, path: Path, schema: dict | None, copy_from: str | None = None) -> None:
    """The table `name`, its rows from the Parquet file `path` (or copied whole from the attached database
    `copy_from`), then its indexes."""
    arrow_schema = _arrow_schema(path)
    con.execute(create_table_sql(name, arrow_schema, schema))
    if copy_from:
        con.execute(f'INSERT INTO "{name}" SELECT * FROM {copy_from}."{name}"')
    else:
        marks = ", ".join("?" for _ in arrow_schema)
        con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', _rows(path))
    for column in _indexed(arrow_schema.names, schema):
        con.execute(f'CREATE INDEX "{name}__{column}" ON "{name}" ("{column}")')


def _open(path: Path):
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")  # 256 MB: indexes over a million rows sort in memory
    con.execute("PRAGMA temp_store = MEMORY")
    return con


def _fill_part(path: Path, group: dict[str, str]) -> None:
    """The part database `path`: each answer of `group` (name → Parquet file) with its rows, no index."""
    con = _open(path)
    try:
        for name, source in group.items():
            _write_table(con, name, Path(source), None)
        con.commit()
    finally:
        con.close()


def _wait(fillers: list) -> None:
    for filler in fillers:
        _, errors = filler.communicate()
        if filler.returncode:
            raise OSError(f"filling a part of the database failed: {(errors.strip().splitlines() or ['?'])[-1]}")


def _answer_files(folder: Path, scratch: Path) -> dict[str, Path]:
    """Query name → the Parquet file of its answer: answers/QUERY.parquet of the release, or (a release without
    answers/) the answer computed here, written into `scratch`; and unavailable_queries, written there too."""
    import pyarrow.parquet as pq

    from .. import db

    names = list(db.query_files())
    if all((folder / "answers" / f"{name}.parquet").is_file() for name in names):
        found, computed, unavailable = {name: folder / "answers" / f"{name}.parquet" for name in names}, {}, {}
    else:
        from .release_files import answer_tables

        found = {}
        computed, unavailable = answer_tables(folder)
    for name, table in {**computed, UNAVAILABLE: _unavailable_table(unavailable)}.items():
        found[name] = scratch / f"{name}.parquet"
        pq.write_table(table, found[name])
    return found


def _balanced(answers: dict[str, Path], count: int) -> list[dict[str, str]]:
    """The answers in `count` groups of about the same number of cells (the largest first, each to the lightest)."""
    groups: list[dict[str, str]] = [{} for _ in range(count)]
    loads = [0] * count
    for name, path in sorted(answers.items(), key=lambda item: -_cells(item[1])):
        lightest = loads.index(min(loads))
        groups[lightest][name] = str(path)
        loads[lightest] += _cells(path)
    return [group for group in groups if group]


def _num_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _cells(path: Path) -> int:
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    return metadata.num_rows * metadata.num_columns


def _arrow_schema(path: Path):
    import pyarrow.parquet as pq

    return pq.read_schema(path)


def table_resources(package: dict) -> list[dict]:
    """The datapackage's resources that are the release's tables: the top-level Parquet files (not CSV copies or
    precomputed answers in sub-folders)."""
    return [r for r in package["resources"] if r.get("format") == "parquet" and "/" not in r["path"]]


def _unavailable_table(reasons: dict[str, str]):
    """The queries the tables cannot answer (an older release lacks a column or table they read), with the reason,
    by name."""
    import pyarrow as pa

    names = sorted(reasons)
    return pa.table({"name": pa.array(names, pa.string()), "reason": pa.array([reasons[n] for n in names],
                                                                             pa.string())})


def create_table_sql(name: str, arrow_schema, schema: dict | None) -> str:
    """CREATE TABLE with SQLite types, the primary key and the foreign keys (which Datasette turns into links)."""
    parts = [f'"{field.name}" {_sqlite_type(field.type)}' for field in arrow_schema]
    if schema and isinstance(schema.get("primaryKey"), str):
        parts.append(f'PRIMARY KEY ("{schema["primaryKey"]}")')
    for fk in (schema or {}).get("foreignKeys", []):
        target = fk["reference"]["resource"] or name
        parts.append(f'FOREIGN KEY ("{fk["fields"]}") REFERENCES "{target}" ("{fk["reference"]["fields"]}")')
    return f'CREATE TABLE "{name}" (\n  ' + ",\n  ".join(parts) + "\n)"


def _sqlite_type(arrow_type) -> str:
    import pyarrow as pa

    if pa.types.is_integer(arrow_type) or pa.types.is_boolean(arrow_type):
        return "INTEGER"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "REAL"
    return "TEXT"  # text, and dates as ISO 8601 (YYYY-MM-DD), lists as JSON


def _indexed(columns: list[str], schema: dict | None) -> list[str]:
    """The columns people filter on: every *_id column except the primary key (which is indexed already)."""
    key = (schema or {}).get("primaryKey")
    return [c for c in columns if (c.endswith("_id") or c in FILTERED) and c != key]


def _rows(path: Path):
    """The rows of a Parquet file as tuples of SQLite values, in the file's order, a batch at a time."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(BATCH_ROWS):
        yield from zip(*(_values(batch.column(i)) for i in range(batch.num_columns)))


def _values(column) -> list:
    import math

    import pyarrow as pa

    kind = column.type
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return [None if v is None else v.isoformat() for v in column.to_pylist()]
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_struct(kind):
        return [None if v is None else json.dumps(v, ensure_ascii=False) for v in column.to_pylist()]
    if pa.types.is_floating(kind):
        return [None if v is None or math.isnan(v) else v for v in column.to_pylist()]
    if pa.types.is_boolean(kind):
        return [None if v is None else int(v) for v in column.to_pylist()]
    return column.to_pylist()


if __name__ == "__main__":  # a filler process of write_database: PART GROUP (JSON: answer name → Parquet file)
    import sys

    _fill_part(Path(sys.argv[1]), json.loads(sys.argv[2]))
