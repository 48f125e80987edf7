"""DuckDB access: the tables as read-only tables, the shared macros, and every reconciliation query as a view.

The connection holds copies of the tables in memory and then turns off file access and locks its settings,
so a user's statement can neither change the dataset's files nor write anywhere else.
"""
from __future__ import annotations

import re
from pathlib import Path

from .paths import TABLE_NAMES

_HEADER = re.compile(r"^--\s*(?P<name>[a-z_]+):\s*(?P<description>.+)$")


def sql_dir() -> Path:
    from . import sql

    return Path(sql.__file__).parent


def query_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted((sql_dir() / "queries").glob("*.sql"))}


def describe(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = _HEADER.match(first)
    return m["description"].strip() if m else ""


def query_list():
    import pandas as pd

    files = query_files()
    return pd.DataFrame({"name": list(files), "description": [describe(p) for p in files.values()]})


def connect(version: str | None = None, *, lock: bool = True):
    import duckdb

    from . import reading

    folder = reading.table_dir(version)
    con = duckdb.connect(":memory:")
    for table in TABLE_NAMES:
        path = folder / f"{table}.parquet"
        if path.exists():
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(path)])
    macros = sql_dir() / "macros.sql"
    if macros.exists():
        con.execute(macros.read_text(encoding="utf-8"))
    _create_views(con)
    if lock:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def _create_views(con) -> None:
    """One view per query file; a query may read another's view, so retry until all are created."""
    pending = dict(query_files())
    while pending:
        created = []
        last_error = None
        for name, path in pending.items():
            try:
                con.execute(f"CREATE VIEW {name} AS {_body(path)}")
                created.append(name)
            except Exception as exc:  # a view it reads may not exist yet
                last_error = exc
        if not created:
            raise RuntimeError(f"cannot create views {sorted(pending)}: {last_error}")
        for name in created:
            del pending[name]


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip().rstrip(";")


def run_query(name: str, version: str | None = None):
    files = query_files()
    if name not in files:
        raise ValueError(f"unknown query {name!r}; queries: {', '.join(files) or 'none'}")
    con = connect(version)
    try:
        return con.execute(f"SELECT * FROM {name}").df()
    finally:
        con.close()


READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN"}


def run_user_sql(statement: str, version: str | None = None):
    """A user's query, read-only: only SELECT (and EXPLAIN) statements are run."""
    import duckdb

    con = connect(version)
    try:
        statements = con.extract_statements(statement)
        for st in statements:
            kind = str(st.type).split(".")[-1]
            if kind not in READ_ONLY_STATEMENTS:
                raise PermissionError(f"only SELECT queries are allowed, not {kind}")
        if len(statements) != 1:
            raise ValueError("give exactly one SELECT statement")
        return con.execute(statement).df()
    except duckdb.Error as exc:
        raise ValueError(str(exc)) from None
    finally:
        con.close()
