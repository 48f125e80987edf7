"""DuckDB access: the tables as read-only tables, the shared macros, and every reconciliation query as a view.

The connection opens a temporary copy of the tables read-only, then turns off file access and locks its settings,
so a user's statement can change neither the tables its views read nor the dataset's files, nor write anywhere.
A release's tables are parsed from the bytes checked against its checksums and the list of released files
(releases.anchor). A query that outgrows memory spills into a per-process folder under the system's temp folder,
capped at SPILL_CAP; a query can be given a time limit (QueryTimeout when it passes).
"""
from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from .paths import TABLE_NAMES


class NoTables(ValueError):
    """The folder holds no built tables (e.g. a fresh checkout before `syriacw build`)."""


class QueryTimeout(TimeoutError):
    """A query ran longer than its time limit and was interrupted."""


SPILL_CAP = "4GiB"  # DuckDB's default is 90% of the free disk space
_spill_dir: list[str] = []


def spill_dir() -> str:
    """This process's folder for DuckDB to spill into, under the system's temp folder; removed at exit."""
    if not _spill_dir:
        import atexit
        import shutil
        import tempfile

        _spill_dir.append(tempfile.mkdtemp(prefix="syriacw-duckdb-"))
        atexit.register(shutil.rmtree, _spill_dir[0], True)
    return _spill_dir[0]


_HEADER = re.compile(r"^--\s*(?P<name>[a-z_]+):\s*(?P<description>.+)$")


def sql_dir() -> Path:
    from . import sql

    return Path(sql.__file__).parent


def macro_files() -> list[Path]:
    """sql/macros/*.sql in name order (1_intervals … 8_pairs): each file may use the macros of the files before it."""
    return sorted((sql_dir() / "macros").glob("*.sql"))


def query_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted((sql_dir() / "queries").glob("*.sql"))}


def describe(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = _HEADER.match(first)
    return m["description"].strip() if m else ""


_COLUMNS = re.compile(r"^--\s*columns:\s*(?P<columns>.+)$")


def default_columns(path: Path) -> list[str]:
    """The short set of columns a person reads first, from the file's second line `-- columns: a, b, c`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    m = _COLUMNS.match(lines[1]) if len(lines) > 1 else None
    return [c.strip() for c in m["columns"].split(",") if c.strip()] if m else []


def query_list():
    import pandas as pd

    files = query_files()
    return pd.DataFrame({"name": list(files), "description": [describe(p) for p in files.values()]})


def connect(version: str | None = None, *, lock: bool = True, folder: Path | None = None,
            files: Sequence[str | Path] | Mapping[str, str | Path] = ()):
    """A DuckDB connection over a release's tables (`version`), or over any folder of tables (`folder`, e.g. a
    fixture built by syriacw.build.build(root, out_dir)), with the macros and query views.

    The tables, macros and views are written to a temporary database file that the connection then opens
    read-only: DELETE, UPDATE, INSERT, DROP and CREATE [OR REPLACE] on them fail, so every view reads the release
    as published. `files` brings one's own CSV, Parquet or JSON files in beside them as read-only tables, named by
    the file's stem (or the mapping's keys): off by default, since nothing else can be read once the connection is
    locked (lock=True: no file access, settings locked)."""
    import duckdb

    from .releases import find

    folder = Path(folder) if folder is not None else find.table_dir(version)
    if not any((folder / f"{table}.parquet").exists() for table in TABLE_NAMES):
        raise NoTables(f"no tables in {folder}: run `syriacw build` first (or pick a release with --release)")
    extra = own_files(files)
    with tempfile.TemporaryDirectory(prefix="syriacw-", ignore_cleanup_errors=True) as scratch:
        path = Path(scratch) / "syriacw.duckdb"
        _write_database(path, folder, extra)
        # POSIX keeps an open file readable after its folder is removed; elsewhere the cleanup error is ignored
        con = duckdb.connect(str(path), read_only=True)
    con.execute("SET temp_directory = ?", [spill_dir()])
    con.execute(f"SET max_temp_directory_size = '{SPILL_CAP}'")
    # text as Arrow large_string, the type pandas' string dtype holds it in: frame() then needs no copy of every
    # string (0.9 → 0.3 s for pairwise's 1.4 million rows at 10^6 figures)
    con.execute("SET arrow_large_buffer_size = true")
    if lock:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


# Tables a release may predate that the shared macros read: an older release recorded none of these rows, so it
# reads them as empty (not as missing, which would stop every query built on the macro).
EMPTY_WHEN_ABSENT = {
    "incident_links": "link_id VARCHAR, incident_id VARCHAR, other_incident_id VARCHAR, relation VARCHAR, "
                      "reason VARCHAR, said_by VARCHAR, notes VARCHAR",
}


def _create_absent_as_empty(con) -> None:
    present = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    for table, columns in EMPTY_WHEN_ABSENT.items():
        if table not in present:
            con.execute(f"CREATE TABLE {table} ({columns})")


def _create_from_bytes(con, table: str, data: bytes) -> None:
    """The table from the Parquet bytes already checked, never from the file again (it could change meanwhile)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    con.register("_checked", pq.read_table(pa.BufferReader(data)))
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM _checked")
    con.unregister("_checked")


_OWN_READERS = {".csv": "read_csv", ".tsv": "read_csv", ".parquet": "read_parquet", ".json": "read_json"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def own_files(files: Sequence[str | Path] | Mapping[str, str | Path]) -> dict[str, Path]:
    """name → path of a user's own files; ValueError for a missing file, an unreadable kind or a taken name."""
    pairs = files.items() if isinstance(files, Mapping) else ((Path(f).stem, f) for f in files)
    found: dict[str, Path] = {}
    taken = set(TABLE_NAMES) | set(query_files()) | {"unavailable_queries"}
    for name, path in pairs:
        path = Path(path)
        if not _IDENTIFIER.match(name) or name.lower() in taken or name in found:
            raise ValueError(f"{name!r} cannot name your file {path}: give a name of letters, digits and _ "
                             f"that is not a table or query (e.g. my_{name if _IDENTIFIER.match(name) else 'data'})")
        if path.suffix.lower() not in _OWN_READERS:
            raise ValueError(f"{path}: only {', '.join(_OWN_READERS)} files can be brought in")
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
        found[name] = path
    return found


def _write_database(path: Path, folder: Path, extra: dict[str, Path]) -> None:
    import duckdb

    from .releases import anchor

    release = anchor.is_release(folder)
    con = duckdb.connect(str(path))
    try:
        for table in TABLE_NAMES:
            table_path = folder / f"{table}.parquet"
            if release and (table_path.exists() or table_path.is_symlink()):
                _create_from_bytes(con, table, anchor.read_checked(folder, table_path.name))
            elif table_path.exists():
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(table_path)])
        _create_absent_as_empty(con)
        for name, own in extra.items():
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM {_OWN_READERS[own.suffix.lower()]}(?)", [str(own)])
        for macros in macro_files():
            con.execute(macros.read_text(encoding="utf-8"))
        _create_views(con)
    except duckdb.Error as exc:
        raise ValueError(str(exc).splitlines()[0]) from None
    finally:
        con.close()


def _create_views(con) -> None:
    """One view per query file; a query may read another's view, so retry until no more can be created.

    A query that needs what an older release lacks (a column or table added later) is left out, and listed
    with the reason in the table unavailable_queries, so that every other query still runs on that release."""
    pending = dict(query_files())
    errors: dict[str, str] = {}
    while pending:
        created = []
        for name, path in pending.items():
            try:
                con.execute(f"CREATE VIEW {name} AS {_body(path)}")
                created.append(name)
            except Exception as exc:  # a view it reads may not exist yet, or a column is missing
                errors[name] = str(exc).splitlines()[0]
        if not created:
            break
        for name in created:
            del pending[name]
            errors.pop(name, None)
    con.execute("CREATE TABLE unavailable_queries (name VARCHAR, reason VARCHAR)")
    if pending:  # DuckDB's executemany refuses an empty list
        con.executemany("INSERT INTO unavailable_queries VALUES (?, ?)", sorted((n, errors[n]) for n in pending))


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip().rstrip(";")


def frame(relation):
    """A query's answer as a DataFrame, by way of Arrow: text columns in pandas' Arrow-backed string dtype, dates as
    datetime64[us]. DuckDB's own .df() makes a Python string of every text cell, which took longer than pairwise
    itself at 10^6 figures (BENCHMARKS.md)."""
    return arrow_frame(relation.to_arrow_table())


def arrow_frame(table):
    """An Arrow table as frame() gives a query's answer (dates as datetime64[us])."""
    import pyarrow as pa

    for i, field in enumerate(table.schema):
        if pa.types.is_date(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.timestamp("us")))
    return table.to_pandas()


class _Deadline:
    """Interrupts the connection's running query once `seconds` pass (None: never); QueryTimeout then."""

    def __init__(self, con, seconds: float | None):
        import threading

        self.seconds, self.fired = seconds, threading.Event()
        self.timer = None if seconds is None else threading.Timer(seconds, self._interrupt, [con])

    def _interrupt(self, con) -> None:
        self.fired.set()
        con.interrupt()

    def __enter__(self):
        if self.timer is not None:
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, kind, exc, tb):
        if self.timer is not None:
            self.timer.cancel()
        if exc is not None and self.fired.is_set():
            raise QueryTimeout(f"the query ran longer than --timeout {self.seconds:g} s and was stopped") from None
        if exc is not None and type(exc).__name__ == "InterruptException":  # Ctrl-C reached DuckDB first
            raise KeyboardInterrupt from None
        return False


def run_query(name: str, version: str | None = None, *, folder: Path | None = None, timeout: float | None = None):
    files = query_files()
    if name not in files:
        raise ValueError(f"unknown query {name!r}; queries: {', '.join(files) or 'none'}")
    con = connect(version, folder=folder)
    try:
        missing = _unavailable(con).get(name)
        if missing:
            raise ValueError(f"query {name!r} cannot run on these tables (an older release lacks what it reads): "
                             f"{missing}")
        with _Deadline(con, timeout):
            return frame(con.sql(f"SELECT * FROM {name}"))
    finally:
        con.close()


def answers(folder: Path):
    """(name, answer as an Arrow table or None, why it cannot run or None) for every query, over the tables in
    `folder`, on one connection: what a release precomputes (syriacw.exports)."""
    con = connect(folder=folder)
    try:
        unavailable = _unavailable(con)
        for name in query_files():
            if name in unavailable:
                yield name, None, unavailable[name]
            else:
                yield name, con.sql(f"SELECT * FROM {name}").to_arrow_table(), None
    finally:
        con.close()


def _unavailable(con) -> dict[str, str]:
    return dict(con.execute("SELECT name, reason FROM unavailable_queries").fetchall())


READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN"}
_EXPLAIN = re.compile(r"^\s*EXPLAIN(?:\s+ANALY[SZ]E)?\s+", re.IGNORECASE)


def _refuse_changes(con, statement: str) -> list:
    """The statements in `statement`; PermissionError unless each only reads: a SELECT, or EXPLAIN [ANALYZE] of
    one, with no DELETE/INSERT/UPDATE … RETURNING inside (DuckDB accepts those in a WITH clause of a SELECT, and
    EXPLAIN ANALYZE runs what it explains)."""
    import json

    statements = con.extract_statements(statement)
    for st in statements:
        kind = str(st.type).split(".")[-1]
        if kind not in READ_ONLY_STATEMENTS:
            raise PermissionError(f"only SELECT queries are allowed, not {kind}")
        if kind == "EXPLAIN":
            inner = _EXPLAIN.sub("", st.query, count=1)
            if inner == st.query:
                raise PermissionError("only EXPLAIN [ANALYZE] followed by a SELECT query is allowed")
            _refuse_changes(con, inner)
            continue
        tree = json.loads(con.execute("SELECT json_serialize_sql(?)", [st.query]).fetchone()[0])
        if _node_types(tree) - {"SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"}:
            raise PermissionError("only SELECT queries are allowed, not one that changes data "
                                  "(DELETE, INSERT or UPDATE in a WITH clause)")
    return statements


def _node_types(tree) -> set[str]:
    """The query-node types in a json_serialize_sql tree (SELECT_NODE, DELETE_QUERY_NODE, …)."""
    found = set()
    if isinstance(tree, dict):
        if isinstance(tree.get("type"), str) and tree["type"].endswith("_NODE"):
            found.add(tree["type"])
        for value in tree.values():
            found |= _node_types(value)
    elif isinstance(tree, list):
        for value in tree:
            found |= _node_types(value)
    return found


def run_user_sql(statement: str, version: str | None = None, files=(), *, timeout: float | None = None):
    """A user's query, read-only: only SELECT (and EXPLAIN) statements are run; `files` as for connect()."""
    import duckdb

    con = connect(version, files=files)
    try:
        statements = _refuse_changes(con, statement)
        if len(statements) != 1:
            raise ValueError("give exactly one SELECT statement")
        with _Deadline(con, timeout):
            return con.execute(statement).df()
    except duckdb.Error as exc:
        raise ValueError(str(exc)) from None
    finally:
        con.close()
