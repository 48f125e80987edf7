"""Issue 19: what a newcomer meets in the first hour — errors that say what is wrong, help where argparse used to
complain, and tables a person can read."""
from __future__ import annotations

import pytest

import syriacw
from conftest import REPO, run_cli


def test_a_table_added_later_is_named_as_not_in_the_older_release():
    from syriacw.releases import TableNotInRelease

    with pytest.raises(TableNotInRelease, match=r"^relay_links is not in release 1\.0\.0 \(first in 1\.1\.0\)$"):
        syriacw.load("relay_links", version="1.0.0")
    assert issubclass(TableNotInRelease, LookupError)


def test_every_query_declares_a_short_default_column_set_it_returns():
    from syriacw.db import default_columns, query_files

    for name, path in query_files().items():
        assert path.read_text(encoding="utf-8").splitlines()[1].startswith("-- columns: "), name
        columns = default_columns(path)
        assert 2 <= len(columns) <= 6, name
        assert set(columns) <= set(syriacw.reconcile(name).columns), name


def test_incident_matrix_names_a_claimant_in_full():
    matrix = syriacw.reconcile("incident_matrix").set_index("incident_id")
    assertions = matrix.loc["inc-idlib-staged-plan-2019-11", "assertions"]
    assert assertions.startswith("Russian Ministry of Defence: ") and "MoD:" not in assertions


# --- the command line ---------------------------------------------------------------------------------------------

def _cli(*args: str, columns: int = 100):
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "syriacw", *args], capture_output=True, text=True, env=env,
                          cwd=REPO)


def test_syriacw_alone_prints_the_help_and_exits_0():
    result = _cli()
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("usage: syriacw") and "reconcile" in result.stdout


@pytest.mark.parametrize("command", [["sql", "select 1"], ["reconcile", "pairwise"]])
@pytest.mark.parametrize("option", ["--version", "--release"])
def test_an_unknown_release_is_a_clean_error_line(command, option):
    result = _cli(*command, option, "9.9.9")
    assert result.returncode == 2
    from syriacw import paths
    from syriacw.releases.find import versions

    shipped = ", ".join(versions(paths.package_dataset() / "releases"))
    assert shipped.startswith("1.0.0, 1.1.0")
    assert result.stderr == f"error: no release 9.9.9; releases: {shipped}\n"


def test_the_data_option_is_named_release_and_says_version_is_its_alias():
    for command in ("sql", "reconcile", "report"):
        text = " ".join(_cli(command, "--help").stdout.split())
        assert "--release VERSION, --version VERSION" in text and "--version is an older name for it" in text
    for command in ("sql", "reconcile"):
        assert "--format {table,csv,json,markdown} table (default: fits the terminal" in \
            " ".join(_cli(command, "--help").stdout.split())


def test_reconcile_shows_the_short_columns_in_a_table_that_fits_the_terminal():
    result = _cli("reconcile", "pairwise", columns=100)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["explanation", "verdict", "a_claimant", "b_claimant"]
    assert max(map(len, lines)) <= 100
    assert all(max(map(len, _cli("reconcile", name, columns=80).stdout.splitlines())) <= 80
               for name in syriacw.reconciliations().name)
    assert not any(word in result.stdout for word in ("NaN", "None", "<NA>"))


def test_columns_picks_and_all_columns_shows_every_one():
    picked = _cli("reconcile", "pairwise", "--columns", "verdict,a_claimant", "--format", "csv")
    assert picked.stdout.splitlines()[0] == "verdict,a_claimant"
    every = list(syriacw.reconcile("pairwise").columns)
    assert _cli("reconcile", "pairwise", "--all-columns", columns=5000).stdout.splitlines()[0].split() == every
    assert _cli("reconcile", "pairwise", "--format", "csv").stdout.splitlines()[0].split(",") == every
    assert _cli("reconcile", "pairwise", "--format", "markdown").stdout.splitlines()[0] == \
        "| explanation | verdict | a_claimant | b_claimant |"
    wrong = _cli("reconcile", "pairwise", "--columns", "verdict,nonsense")
    assert wrong.returncode == 2 and wrong.stderr.startswith("error: no column nonsense; columns: measure, unit")


def test_missing_values_are_blank_and_dates_are_at_their_precision():
    result = _cli("sql", "SELECT figure_id, period_start, period_start_precision, high FROM figures "
                         "WHERE figure_id IN ('fig-000-01', 'fig-001-01') ORDER BY 1")
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    assert rows == [["fig-000-01", "2014-04", "month", "2"], ["fig-001-01", "2011", "year"]]


def test_own_files_join_on_request_and_answers_export(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("org_id,note\nsnhr,mine\n", encoding="utf-8")
    out = tmp_path / "answer.csv"
    result = _cli("sql", "SELECT o.org_id, m.note FROM organizations o JOIN notes m USING (org_id)",
                  "--with", f"notes={mine}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == "org_id,note\nsnhr,mine\n"
    refused = _cli("sql", f"SELECT * FROM read_csv('{mine}')")
    assert refused.returncode == 2 and refused.stderr.startswith("error: ")


def test_json_on_verify_cite_reconcile_list_and_locate():
    import json

    verified = json.loads(_cli("verify", "1.1.0", "--format", "json").stdout)
    assert verified["valid"] is True and verified["problems"] == [] and len(verified["fingerprint"]) == 64
    cited = json.loads(_cli("cite", "1.1.0", "--format", "json").stdout)
    assert cited["version"] == "1.1.0" and cited["apa"].startswith("syriacw contributors. (2026).")
    listed = json.loads(_cli("reconcile", "--list", "--format", "json").stdout)
    assert [q["name"] for q in listed] == list(syriacw.reconciliations().name)
    located = json.loads(_cli("locate", "src-001", "ما لا يقل عن 1510", "--format", "json").stdout)
    assert located == [{"quote_start": 42, "quote_end": 59, "quote": "ما لا يقل عن 1510"}]


TITLE = ("syriacw: published figures and findings on chemical-weapons attacks in Syria, each traced to its source's "
         "words")


def test_cite_as_csl_json_and_apa_keep_the_whole_title():
    import json

    (item,) = json.loads(_cli("cite", "1.1.0", "--format", "csl-json").stdout)
    assert item["type"] == "dataset" and item["title"] == TITLE and item["version"] == "1.1.0"
    assert item["issued"] == {"date-parts": [[2026, 11, 23]]} and item["author"] == [{"literal": "syriacw contributors"}]
    assert f"{TITLE} (Version 1.1.0) [Data set]." in _cli("cite", "1.1.0", "--format", "apa").stdout


def test_cite_as_ris_by_cffconvert():
    pytest.importorskip("cffconvert")
    lines = _cli("cite", "1.1.0", "--format", "ris").stdout.splitlines()
    assert lines[0] == "TY  - DATA" and f"TI  - {TITLE}" in lines and "ET  - 1.1.0" in lines and lines[-1] == "ER"


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_knows_commands_queries_tables_and_releases(shell):
    script = _cli("completion", shell).stdout
    for word in ("reconcile", "pairwise", "relay_links", "1.1.0"):
        assert word in script, word


def test_bash_completion_completes_a_query_name_and_a_release(tmp_path):
    import shutil
    import subprocess

    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = tmp_path / "syriacw.bash"
    script.write_text(_cli("completion", "bash").stdout, encoding="utf-8")
    probe = (f"source {script}; COMP_WORDS=(syriacw reconcile pai); COMP_CWORD=2; _shtab_syriacw; "
             'echo "${COMPREPLY[@]}"; COMP_WORDS=(syriacw sql --release 1.1); COMP_CWORD=3; _shtab_syriacw; '
             'echo "${COMPREPLY[@]}"')
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True).stdout.splitlines()
    assert out == ["pairwise", "1.1.0"]


# --- the README -----------------------------------------------------------------------------------------------------

def _readme_block(after: str, language: str) -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"```{language}\n", text.index(after)) + len(language) + 4
    return text[start:text.index("```", start)].splitlines()


def test_the_set_up_makes_a_venv_with_python3_then_runs_the_two_commands_inside_it():
    lines = [line.split("#")[0].strip() for line in _readme_block("## Set-up", "sh")]
    assert lines == ["python3 -m venv .venv && . .venv/bin/activate",
                     "python -m pip install -e '.[test]' && syriacw build", "python -m pytest"]


def test_the_readme_lists_every_table_tables_returns():
    line = next(line for line in _readme_block("## Using the data", "python") if line.startswith("syriacw.tables()"))
    assert line.split("#", 1)[1].strip() == repr(syriacw.tables())
