"""The release as a SQLite database (syriacw/exports/sqlite.py) and its Datasette metadata (exports/datasette.py):
every table and every reconciliation answer, equal to what the Parquet files and syriacw's query runner give,
indexed, and the same bytes on every build."""
from __future__ import annotations

import json
import math
import shutil
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPO
from syriacw import db
from syriacw.exports.datasette import CANNED, database_for, metadata
from syriacw.exports.sqlite import write_database

RELEASE = REPO / "dataset" / "releases" / "1.1.0"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(syriacw.sqlite, datasette.json) of release 1.1.0, built as `syriacw serve` builds them, into a cache."""
    return database_for(RELEASE, cache=tmp_path_factory.mktemp("cache"))


def _rows(con, table: str) -> list[tuple]:
    return con.execute(f'SELECT * FROM "{table}"').fetchall()


def _plain(value):
    """A value as SQLite holds it: dates ISO text, NaN as NULL, booleans 0/1."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def test_every_table_is_in_the_database_row_for_row(built):
    con = sqlite3.connect(built[0])
    try:
        for path in sorted(RELEASE.glob("*.parquet")):
            table = pq.read_table(path)
            expected = [tuple(_plain(v) for v in row.values()) for row in table.to_pylist()]
            assert _rows(con, path.stem) == expected, path.stem
        quote = con.execute("SELECT quote FROM figures WHERE figure_id = 'fig-000-01'").fetchone()[0]
        assert quote == "ألقت غاز الكلور على بلدتين"  # Arabic intact
    finally:
        con.close()


def test_every_answer_equals_the_query_runners(built):
    con = sqlite3.connect(built[0])
    duck = db.connect(folder=RELEASE)
    try:
        unavailable = {row[0] for row in _rows(con, "unavailable_queries")}
        assert unavailable == {"findings", "attributions"}  # 1.1.0 predates the international record's columns
        for name in sorted(set(db.query_files()) - unavailable):
            expected = [tuple(_plain(v) for v in row) for row in duck.execute(f"SELECT * FROM {name}").fetchall()]
            assert len(expected) > 0, name
            assert _rows(con, name) == expected, name
    finally:
        con.close()
        duck.close()


def test_filtered_columns_are_indexed_and_keys_declared(built):
    con = sqlite3.connect(built[0])
    try:
        indexed = {(t, c) for t, c in con.execute(
            "SELECT m.name, i.name FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i "
            "WHERE m.type = 'table'")}
        for pair in [("figures", "figure_id"), ("figures", "claimant_id"), ("figures", "incident_id"),
                     ("figures", "measure"), ("figures", "source_id"), ("assertions", "claimant_id"),
                     ("assertions", "incident_id"), ("pairwise", "a_figure_id"), ("pairwise", "measure"),
                     ("incident_tolls", "incident_id"), ("relay_check", "relayed_figure_id")]:
            assert pair in indexed, pair
        keys = con.execute("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('figures')").fetchall()
        assert ("organizations", "claimant_id", "org_id") in keys
    finally:
        con.close()


def test_two_builds_give_the_same_bytes(built, tmp_path):
    again = write_database(RELEASE, tmp_path / "again.sqlite")
    assert again.read_bytes() == built[0].read_bytes()


def test_metadata_comes_from_the_schemas(built):
    meta = json.loads(built[1].read_text(encoding="utf-8"))
    assert meta == metadata(RELEASE, built[0])
    assert meta["license"] == "CC-BY-4.0" and meta["license_url"].startswith("https://creativecommons.org/")
    package = json.loads((RELEASE / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    tables = meta["databases"]["syriacw"]["tables"]
    assert tables["figures"]["description"] == figures["description"]
    assert tables["figures"]["columns"]["claimant_id"] == next(
        f["description"] for f in figures["schema"]["fields"] if f["name"] == "claimant_id")
    assert tables["figures"]["columns"]["quote_start"].endswith("Unit: Unicode code points.")
    assert "claimant_id" in tables["figures"]["facets"]
    assert tables["pairwise"]["description"].startswith("Reconciliation answer (pairwise.sql): ")


def test_canned_queries_answer_the_readmes_questions(built):
    meta = json.loads(built[1].read_text(encoding="utf-8"))
    queries = meta["databases"]["syriacw"]["queries"]
    assert set(queries) == {name for name, *_ in CANNED}
    con = sqlite3.connect(built[0])
    try:
        tolls = con.execute(queries["eastern_ghouta_tolls"]["sql"]).fetchall()
        assert [(r[1], r[2]) for r in tolls] == [
            ("French government", "at least 281"), ("UK Joint Intelligence Committee", "at least 350"),
            ("Syrian Observatory for Human Rights", "502"), ("Syrian Network for Human Rights", "at least 1,127"),
            ("United States", "1,429")]
        relay = con.execute(queries["relay_check_fig_001_05"]["sql"]).fetchall()
        assert [(r[2], r[5]) for r in relay] == [("222", "rescoped"), ("at least 217", "differs")]
        pairs = con.execute(queries["pairwise_222_vs_336"]["sql"]).fetchall()
        assert ("fig-001-05", "fig-003-06", "not_comparable") in {(r[0], r[3], r[6]) for r in pairs}
    finally:
        con.close()


def test_a_release_without_a_database_is_built_once_into_the_cache(built):
    database, meta = built
    assert database.parent.name.startswith("1.1.0-") and meta.parent == database.parent
    stamp = database.stat().st_mtime_ns
    assert database_for(RELEASE, cache=database.parent.parent) == built
    assert database.stat().st_mtime_ns == stamp  # reused, not rebuilt


def test_without_a_writable_cache_the_database_goes_to_a_temporary_folder(built, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    database, meta = database_for(RELEASE, cache=blocker / "syriacw")
    try:
        assert database.read_bytes() == built[0].read_bytes() and meta.read_bytes() == built[1].read_bytes()
        assert not str(database).startswith(str(blocker))
    finally:
        shutil.rmtree(database.parent)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_released_database_is_made_again_byte_for_byte(tmp_path, workers):
    """1.2.0's syriacw.sqlite, made again from its own tables and answers/, in one process or in part databases
    filled by two processes and copied into the whole: the released bytes."""
    released = REPO / "dataset" / "releases" / "1.2.0"
    again = write_database(released, tmp_path / "again.sqlite", workers=workers)
    assert again.read_bytes() == (released / "syriacw.sqlite").read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["again.sqlite"]  # no part database or staging file is left
