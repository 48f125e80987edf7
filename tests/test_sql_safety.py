"""The SQL entry point only reads, and names that become paths are checked before any path is touched.

`syriacw sql` / syriacw.db.run_user_sql refuse every statement that is not a plain SELECT (or EXPLAIN of one); the
connection under them holds in-memory copies of the tables with file access turned off and its settings locked,
so even a statement that got past the first check could neither change the dataset's files nor write anywhere.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import syriacw
import syriacw.paths as paths
from syriacw.build import build
from syriacw.db import connect, run_user_sql

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """The mini fixture's tables, standing in for the installed package's dataset/ folder."""
    base = tmp_path_factory.mktemp("sql")
    shutil.copytree(MINI, base / "repo")
    build(base / "repo", out_dir=base / "dataset" / "tables")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "package_dataset", lambda: base / "dataset")
        yield base / "dataset"


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A folder with one file a statement might try to read; nothing else may appear in it."""
    (tmp_path / "private.csv").write_text("name,value\nkey,not-for-sql\n", encoding="utf-8")
    return tmp_path


def _figures_count() -> int:
    return int(run_user_sql("SELECT count(*) AS n FROM figures", "dev")["n"].iloc[0])


class _KeepOpen:
    """A connection whose close() does nothing, so one connection serves every refused statement in turn."""

    def __init__(self, con):
        self._con = con

    def close(self):
        pass

    def __getattr__(self, name):
        return getattr(self._con, name)


def _catalog(con) -> list:
    return con.execute("SELECT table_name, table_type FROM information_schema.tables ORDER BY 1").fetchall()


@pytest.fixture(scope="module")
def shared(dataset):
    """One connection as syriacw.db.connect makes it: after each refused statement its tables must be as they were
    (a fresh connection per statement, as run_user_sql makes, would hide a change to the in-memory copy)."""
    con = connect("dev")
    yield con, _catalog(con)
    con.close()


# Statements refused before they run (PermissionError), and ones DuckDB itself refuses because file access is off
# (ValueError): {out} is a path in the scratch folder, {private} the file in it, {tables} the dataset's tables.
REFUSED = [
    ("DROP TABLE figures", PermissionError),
    ("DELETE FROM figures", PermissionError),
    ("INSERT INTO figures (figure_id) VALUES ('fig-999-01')", PermissionError),
    ("UPDATE figures SET value = 0", PermissionError),
    ("ALTER TABLE figures RENAME TO gone", PermissionError),
    ("CREATE TABLE copy AS SELECT * FROM figures", PermissionError),
    ("CREATE OR REPLACE VIEW figures AS SELECT 1", PermissionError),
    ("COPY figures TO '{out}.csv'", PermissionError),
    ("COPY (SELECT * FROM figures) TO '{out}.parquet' (FORMAT parquet)", PermissionError),
    ("EXPORT DATABASE '{out}'", PermissionError),
    ("ATTACH '{out}.duckdb' AS elsewhere", PermissionError),
    ("ATTACH '{tables}/figures.parquet' AS data", PermissionError),
    ("SET enable_external_access = true", PermissionError),
    ("SET lock_configuration = false", PermissionError),
    ("RESET enable_external_access", PermissionError),
    ("PRAGMA enable_profiling", PermissionError),
    ("LOAD httpfs", PermissionError),
    ("CALL pragma_version()", PermissionError),
    ("SELECT 1; DROP TABLE figures", PermissionError),
    ("DROP TABLE figures; SELECT 1", PermissionError),
    ("EXPLAIN ANALYZE DELETE FROM figures", PermissionError),
    ("EXPLAIN ANALYZE COPY figures TO '{out}.csv'", PermissionError),
    ("WITH gone AS (DELETE FROM figures RETURNING *) SELECT count(*) FROM gone", PermissionError),
    ("WITH added AS (INSERT INTO figures (figure_id) VALUES ('x') RETURNING *) SELECT * FROM added", PermissionError),
    ("WITH changed AS (UPDATE figures SET value = 0 RETURNING *) SELECT * FROM changed", PermissionError),
    ("SELECT 1; SELECT 2", ValueError),
    ("SELECT * FROM read_csv('{private}')", ValueError),
    ("SELECT * FROM read_text('{private}')", ValueError),
    ("SELECT * FROM '{private}'", ValueError),
    ("SELECT * FROM glob('{out}/*')", ValueError),
    ("SELECT * FROM read_parquet('{tables}/figures.parquet')", ValueError),
    ("SELECT * FROM query('DROP TABLE figures')", ValueError),
]


@pytest.mark.parametrize("template, refusal", REFUSED, ids=[t for t, _ in REFUSED])
def test_a_statement_that_could_change_or_leak_anything_is_refused(dataset, shared, scratch, template, refusal,
                                                                   monkeypatch):
    con, catalog = shared
    monkeypatch.setattr("syriacw.db.connect", lambda *args, **kwargs: _KeepOpen(con))
    statement = template.format(out=scratch / "out", private=scratch / "private.csv", tables=dataset / "tables")
    before = _snapshot(dataset)

    with pytest.raises(refusal):
        run_user_sql(statement, "dev")

    assert _snapshot(dataset) == before
    assert [p.name for p in scratch.iterdir()] == ["private.csv"]
    assert _catalog(con) == catalog
    assert con.execute("SELECT count(*) FROM figures").fetchone() == (3,)
    assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)


@pytest.mark.parametrize("statement, expected", [
    ("SELECT count(*) AS n FROM figures", [3]),
    ("FROM figures SELECT count(*) AS n", [3]),
    ("select figure_id AS n from figures where parent_figure_id = 'fig-000-01'", ["fig-000-02"]),
    ("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 3) SELECT n FROM k", [1, 2, 3]),
    ("SELECT count(*) AS n FROM figures UNION ALL SELECT count(*) FROM sources;", [3, 1]),
])
def test_a_select_still_works(dataset, statement, expected):
    assert run_user_sql(statement, "dev")["n"].tolist() == expected


def test_explain_of_a_select_still_works(dataset):
    for statement in ("EXPLAIN SELECT * FROM figures", "EXPLAIN ANALYZE SELECT * FROM figures"):
        assert len(run_user_sql(statement, "dev")) >= 1


def test_the_connection_itself_cannot_reach_files_or_unlock_itself(dataset, scratch):
    """The second line of defence, without the statement check: file access is off and the settings are locked."""
    before = _snapshot(dataset)
    con = connect("dev")
    try:
        for statement in (f"COPY figures TO '{scratch / 'out.csv'}'", f"ATTACH '{scratch / 'x.duckdb'}' AS x",
                          f"SELECT * FROM read_csv('{scratch / 'private.csv'}')", f"EXPORT DATABASE '{scratch / 'e'}'",
                          "SET enable_external_access = true", "SET lock_configuration = false", "INSTALL httpfs"):
            with pytest.raises(duckdb.Error):
                con.execute(statement)
    finally:
        con.close()
    assert _snapshot(dataset) == before
    assert [p.name for p in scratch.iterdir()] == ["private.csv"]
    assert _figures_count() == 3


CHANGES = ["DELETE FROM figures", "UPDATE organizations SET name_en = 'x'", "DROP TABLE figures", "DROP VIEW pairwise",
           "CREATE OR REPLACE VIEW figures AS SELECT 1 AS n", "INSERT INTO figures SELECT * FROM figures",
           "CREATE TABLE mine AS SELECT 1 AS n", "CREATE OR REPLACE MACRO interval_text(a, b) AS 'x'"]


@pytest.mark.parametrize("statement", CHANGES)
def test_the_connection_refuses_every_change_to_its_tables_and_views(dataset, statement):
    """syriacw.connect() is read-only in fact: the statement fails and every table and view reads as before."""
    con = connect("dev")
    try:
        before = (_catalog(con), con.execute("SELECT count(*) FROM figures").fetchone(),
                  con.execute("SELECT * FROM organizations ORDER BY ALL").fetchall())
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute(statement)
        assert (_catalog(con), con.execute("SELECT count(*) FROM figures").fetchone(),
                con.execute("SELECT * FROM organizations ORDER BY ALL").fetchall()) == before
    finally:
        con.close()


def test_own_files_come_in_only_when_asked_and_stay_read_only(dataset, scratch):
    own = scratch / "private.csv"
    con = connect("dev")
    try:
        with pytest.raises(duckdb.Error):
            con.execute(f"SELECT * FROM read_csv('{own}')")
    finally:
        con.close()
    con = connect("dev", files={"mine": own})
    try:
        assert con.execute("SELECT count(*) FROM mine").fetchone()[0] >= 1
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM mine")
    finally:
        con.close()
    for files, message in (({"figures": own}, "not a table or query"), ([scratch / "none.csv"], "no such file"),
                           ([scratch], "only .csv")):
        with pytest.raises(ValueError, match=message):
            connect("dev", files=files)


CLI = ("import sys, pathlib, syriacw.paths as p; p.package_dataset = lambda: pathlib.Path(sys.argv[1]); "
       "from syriacw.cli import main; sys.exit(main(sys.argv[2:]))")


def test_the_sql_command_refuses_with_exit_2_and_answers_a_select(dataset):
    before = _snapshot(dataset)
    commands = [["sql", "DELETE FROM figures"],
                ["sql", "--version", "dev", "--format", "csv", "SELECT figure_id FROM figures ORDER BY figure_id"]]
    procs = [subprocess.Popen([sys.executable, "-c", CLI, str(dataset), *command], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8") for command in commands]
    (_, refused_err), (answer, answer_err) = (proc.communicate(timeout=300) for proc in procs)
    assert procs[0].returncode == 2 and "only SELECT queries are allowed, not DELETE" in refused_err
    assert procs[1].returncode == 0, answer_err
    assert answer.splitlines() == ["figure_id", "fig-000-01", "fig-000-02", "fig-000-03"]
    assert _snapshot(dataset) == before


# --- names that become paths ------------------------------------------------------------------------------------

@pytest.fixture
def no_paths(monkeypatch):
    """Any attempt to locate the dataset fails the test: bad names must be refused before that."""
    def touched():
        raise AssertionError("a path was built from an unchecked name")

    monkeypatch.setattr(paths, "package_dataset", touched)


BAD_TABLES = ["../x", "../figures", "figures/../sources", "figures.parquet", "FIGURES", "figures\n", "", ".",
              "/etc/passwd", "dtypes"]
BAD_VERSIONS = ["../../etc", "..", "1.0.0/../../etc", "../1.0.0", "1.0.0\n", "/etc", "١.٠.٠", "1.0", "1.0.0.0",
                "v1.0.0/..", "1.0.0 ", "latest"]


@pytest.mark.parametrize("table", BAD_TABLES)
def test_load_refuses_a_table_name_that_is_not_a_table(no_paths, table):
    with pytest.raises(ValueError, match="unknown table"):
        syriacw.load(table)


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_load_refuses_a_version_that_is_not_major_minor_patch(no_paths, version):
    with pytest.raises(ValueError, match="MAJOR.MINOR.PATCH"):
        syriacw.load("figures", version=version)


@pytest.mark.parametrize("version", ["../../etc", "1.0.0\n"])
def test_sql_and_reconcile_refuse_a_bad_version_or_query_name(no_paths, version):
    with pytest.raises(ValueError):
        run_user_sql("SELECT 1", version)
    with pytest.raises(ValueError):
        syriacw.connect(version)
    with pytest.raises(ValueError, match="unknown query"):
        syriacw.reconcile("../x")
