"""The release as one SQLite database, syriacw.sqlite: every table and every reconciliation answer, indexed for the
columns people filter on, with the same bytes every time it is built from the same release.

The answers come from syriacw's own query runner (syriacw.db.connect over the release's Parquet files), never from
a second copy of the SQL. Bytes are fixed by writing a new file with the same statements
in the same order (the files' row order, a fixed page size, indexes made after the rows, so no page is freed and
no VACUUM is needed); SQLite writes no clock time into a database file.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

DATABASE = "syriacw.sqlite"
PAGE_SIZE = 4096
# Columns worth an index besides the *_id ones: the ones the README's questions and the facets filter on.
FILTERED = ("measure", "event_scope", "claim_type", "incident_kind", "language", "source_type", "verdict")
UNAVAILABLE = "unavailable_queries"


def write_database(folder: Path, out: Path, answers: dict | None = None) -> Path:
    """Write `out` (replacing it) from the release folder `folder`: its tables, then every query's answer
    (`answers`: query name → Arrow table, when the caller has run the queries already; else run here over
    `folder`) and the table unavailable_queries (empty when `answers` are given: a release answers every query)."""
    folder, out = Path(folder), Path(out)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    unavailable: dict[str, str] = {}
    if answers is None:
        from .release_files import answer_tables

        answers, unavailable = answer_tables(folder)
    staging = out.with_name(f".{out.name}.building")
    staging.unlink(missing_ok=True)
    con = sqlite3.connect(staging)
    try:
        con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -262144")  # 256 MB: indexes over a million rows sort in memory
        con.execute("PRAGMA temp_store = MEMORY")
        for resource in table_resources(package):
            _write_table(con, resource["name"], _read_parquet(folder / resource["path"]), resource["schema"])
        for name, table in {**answers, UNAVAILABLE: _unavailable_table(unavailable)}.items():
            _write_table(con, name, table, None)
        con.commit()
    finally:
        con.close()
    staging.replace(out)
    return out


def table_resources(package: dict) -> list[dict]:
    """The datapackage's resources that are the release's tables: the top-level Parquet files (not CSV copies or
    precomputed answers in sub-folders)."""
    return [r for r in package["resources"] if r.get("format") == "parquet" and "/" not in r["path"]]


def _read_parquet(path: Path):
    import pyarrow.parquet as pq

    return pq.read_table(path)


def _unavailable_table(reasons: dict[str, str]):
    """The queries the tables cannot answer (an older release lacks a column or table they read), with the reason,
    by name."""
    import pyarrow as pa

    names = sorted(reasons)
    return pa.table({"name": pa.array(names, pa.string()), "reason": pa.array([reasons[n] for n in names],
                                                                             pa.string())})


def _write_table(con, name: str, table, schema: dict | None) -> None:
    columns = [field.name for field in table.schema]
    con.execute(create_table_sql(name, table.schema, schema))
    marks = ", ".join("?" for _ in columns)
    con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', _rows(table))
    for column in _indexed(columns, schema):
        con.execute(f'CREATE INDEX "{name}__{column}" ON "{name}" ("{column}")')


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


def _rows(table):
    """The table's rows as tuples of SQLite values, in the file's order."""
    columns = [_values(table.column(i)) for i in range(table.num_columns)]
    return zip(*columns) if columns else iter(())


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
