"""The build on the mini fixture and on the real seeds: expected rows, derived columns, byte equality."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

import syriacw
from syriacw.build import build
from syriacw.paths import TABLE_NAMES

from conftest import REPO, run_cli


def test_mini_build_derives_intervals_and_precisions(mini_repo):
    tables = build(mini_repo, write=False)
    figures = tables["figures"].set_index("figure_id")
    assert figures.loc["fig-000-01", ["low", "high"]].tolist() == [1510, pd.NA] or (
        figures.at["fig-000-01", "low"] == 1510 and pd.isna(figures.at["fig-000-01", "high"]))
    assert (figures.at["fig-000-02", "low"], figures.at["fig-000-02", "high"]) == (205, 205)
    assert (figures.at["fig-000-03", "low"], figures.at["fig-000-03", "high"]) == (10800, 13200)
    assert figures.at["fig-000-01", "period_start"] == pd.Timestamp("2012-01-01")
    assert figures.at["fig-000-01", "period_end"] == pd.Timestamp("2021-12-31")
    assert figures.at["fig-000-01", "period_end_precision"] == "year"
    assert figures.at["fig-000-01", "as_of_precision"] == "month"
    incident = tables["incidents"].iloc[0]
    assert incident["date_start"] == incident["date_end"] == pd.Timestamp("2014-04-21")


def test_build_writes_every_table_and_the_same_bytes_twice(mini_repo, tmp_path):
    build(mini_repo, tmp_path / "a")
    build(mini_repo, tmp_path / "b")
    for name in TABLE_NAMES:
        first, second = (tmp_path / "a" / f"{name}.parquet").read_bytes(), (tmp_path / "b" / f"{name}.parquet").read_bytes()
        assert first == second
        metadata = pq.ParquetFile(tmp_path / "a" / f"{name}.parquet").metadata
        assert metadata.created_by == "syriacw"
        assert metadata.metadata is None  # no pandas/arrow schema metadata that varies with library versions


def test_build_cli_prints_summary_and_fails_with_problems(mini_repo):
    result = run_cli("build", "--root", str(mini_repo))
    assert result.returncode == 0, result.stderr
    assert "figures per claimant:" in result.stdout and "net" in result.stdout
    (mini_repo / "seeds" / "figures.csv").write_text(
        (mini_repo / "seeds" / "figures.csv").read_text(encoding="utf-8").replace(",1510,at_least", ",1511,at_least"),
        encoding="utf-8")
    before = (mini_repo / "dataset" / "tables" / "figures.parquet").read_bytes()
    result = run_cli("build", "--root", str(mini_repo))
    assert result.returncode == 1
    assert "line 2 [fig-000-01] column value: value-mismatch" in result.stderr
    assert (mini_repo / "dataset" / "tables" / "figures.parquet").read_bytes() == before


# --- the real data -------------------------------------------------------------------------------------------

def test_committed_tables_equal_a_fresh_build(real_repo, tmp_path):
    build(real_repo, tmp_path / "fresh")
    for name in [*TABLE_NAMES, "dtypes.json"]:
        file = name if name.endswith(".json") else f"{name}.parquet"
        assert (tmp_path / "fresh" / file).read_bytes() == (REPO / "dataset" / "tables" / file).read_bytes(), \
            f"dataset/tables/{file} differs from a fresh build: run `syriacw build` and commit the result"


@pytest.mark.parametrize("table", ["figures", "assertions"])
def test_every_shipped_quote_is_the_document_slice(table):
    rows = syriacw.load(table, version="dev")
    sources = syriacw.load("sources", version="dev").set_index("source_id")
    provenance = rows["source_id"].map(sources["provenance"])
    assert rows.loc[provenance == "citation", "quote"].isna().all()  # a citation has no archived text to quote
    rows = rows[provenance == "archived_quote"]
    assert len(rows) > 0 and rows["quote"].notna().all()
    for row in rows.itertuples():
        document = (REPO / sources.at[row.source_id, "file"]).read_text(encoding="utf-8")
        assert document[row.quote_start:row.quote_end] == row.quote, row[1]


def test_load_gives_documented_dtypes():
    figures = syriacw.load("figures", version="dev")
    assert str(figures["value"].dtype) == "Float64"
    assert str(figures["quote_start"].dtype) == "Int64"
    assert str(figures["period_start"].dtype).startswith("datetime64")
    assert isinstance(figures["qualifier"].dtype, pd.CategoricalDtype)
    assert set(figures["qualifier"].cat.categories) >= {"exact", "at_least", "approximately", "more_than", "vague"}
    assert str(figures["quote"].dtype) in ("string", "str")
    assert syriacw.tables() == list(TABLE_NAMES)


def test_readme_build_command_works_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    result = run_cli("build", cwd=clone)
    assert result.returncode == 0, result.stderr
    assert "rows per table:" in result.stdout
    for name in TABLE_NAMES:
        assert (clone / "dataset" / "tables" / f"{name}.parquet").read_bytes() == \
            (REPO / "dataset" / "tables" / f"{name}.parquet").read_bytes()


def test_build_summary_lists_at_most_forty_sources_and_says_how_many_more():
    import pandas as pd

    from syriacw.display import summary

    figures = pd.DataFrame({"source_id": [f"src-{k:03d}" for k in range(45)] * 2, "claimant_id": ["org-1"] * 90})
    lines = summary({"figures": figures}).splitlines()
    sources = lines[lines.index("figures per source:") + 1:lines.index("figures per claimant:")]
    assert len(sources) == 41 and sources[0].split() == ["src-000", "2"] and sources[39].split()[0] == "src-039"
    assert sources[40].startswith("  … and 5 more sources")
    assert lines[-1].split() == ["org-1", "90"]


def test_the_command_validates_without_importing_hypothesis(mini_repo):
    """Issue 10: the `syriacw` command keeps pandera from importing hypothesis (0.2 s of every build when the test
    extra is installed); validation must work the same without it, and main() called from Python (as the tests
    call it) must leave sys.modules alone."""
    code = ("import sys; from syriacw import cli; sys.argv = ['syriacw', 'build', '--root', sys.argv[1]]; "
            "rc = cli.run(); print(); print(rc, sys.modules.get('hypothesis', 'absent'))")
    proc = subprocess.run([sys.executable, "-c", code, str(mini_repo)], capture_output=True, text=True)
    assert proc.stdout.splitlines()[-1] == "0 None", proc.stdout + proc.stderr
    broken = mini_repo / "seeds" / "figures.csv"
    broken.write_text(broken.read_text(encoding="utf-8").replace(",deaths,", ",dead,", 1), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", code, str(mini_repo)], capture_output=True, text=True)
    assert proc.stdout.splitlines()[-1] == "1 None" and "not-in-vocabulary" in proc.stdout + proc.stderr
    code = ("import sys; from syriacw import cli; cli.main(['validate', '--root', sys.argv[1]]); print(); "
            "print(sys.modules.get('hypothesis', 'absent') is None)")
    proc = subprocess.run([sys.executable, "-c", code, str(mini_repo)], capture_output=True, text=True)
    assert proc.stdout.splitlines()[-1] == "False", proc.stdout + proc.stderr
