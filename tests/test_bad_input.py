"""Bad input never gets through: each broken case is refused with the expected problems, all at once, and the
commands exit non-zero without writing anything.

The cases live in tests/fixtures/broken/cases.json (small mutations of tests/fixtures/mini, documented in
docs/failure-modes.md). Each build takes a fraction of a second, so all cases are built once, when the first test
needs them, split over two worker processes; each case is still its own test. To see what the build now says about
a case: python tests/fixtures/broken/broken_corpus.py CASE_ID
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from syriacw.build import build

TESTS = Path(__file__).resolve().parent
BROKEN = TESTS / "fixtures" / "broken"
RUNNER = BROKEN / "broken_corpus.py"
DOCS = TESTS.parent / "docs" / "failure-modes.md"

_spec = importlib.util.spec_from_file_location("broken_corpus", RUNNER)
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

CORPUS = corpus.load_corpus()
CASES = {case["id"]: case for case in CORPUS["cases"]}
SWEEPS = corpus.sweep_cases()


def _python(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True, encoding="utf-8", **kw)


@pytest.fixture(scope="module")
def results() -> dict[str, dict]:
    """What build(root, write=False) says about every case and every sweep, keyed by ID."""
    ids = list(CASES) + list(SWEEPS)
    jobs = max(1, min(2, os.cpu_count() or 1))
    workers = [_python(str(RUNNER), *ids[i::jobs]) for i in range(jobs)]
    found: dict[str, dict] = {}
    for worker in workers:
        stdout, stderr = worker.communicate(timeout=900)
        assert worker.returncode == 0, stderr
        found.update(json.loads(stdout))
    return found


def _cells(problems) -> list[list]:
    return [p[:5] for p in problems]


@pytest.mark.parametrize("case_id", list(CASES))
def test_broken_case_is_refused_with_the_expected_problems(case_id, results):
    case, result = CASES[case_id], results[case_id]
    assert "crash" not in result, result["crash"]
    assert _cells(result["problems"]) == case["expected"], case["what"]
    assert all(p[5].strip() for p in result["problems"]), "every problem says what is wrong"
    if "hint" in case:
        assert any(case["hint"] in p[5] for p in result["problems"]), [p[5] for p in result["problems"]]


@pytest.mark.parametrize("sweep_id", list(SWEEPS))
def test_an_empty_cell_never_crashes_the_build_and_a_required_one_is_named(sweep_id, results):
    """Every cell of every seed is emptied once (two cells of a row per build): the build reports, never crashes."""
    from syriacw.validation.schemas import TABLES

    result = results[sweep_id]
    assert "crash" not in result, result["crash"]
    reported = {(p[0], p[1], p[3], p[4]) for p in result["problems"]}
    required = [(file, line, column) for file, line, column in SWEEPS[sweep_id]
                if not TABLES[Path(file).stem].columns[column].nullable]
    missing = [cell for cell in required if (*cell, "required") not in reported]
    assert not missing, f"empty required cells not reported as required: {missing}"


def test_the_cases_are_distinct_and_each_one_is_documented():
    ids = [case["id"] for case in CORPUS["cases"]]
    assert len(ids) == len(set(ids))
    assert len({json.dumps(case["edits"], sort_keys=True) for case in CORPUS["cases"]}) == len(ids)
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", DOCS.read_text(encoding="utf-8"), flags=re.M))
    assert set(ids) <= documented, f"not in docs/failure-modes.md: {sorted(set(ids) - documented)}"
    codes = {entry[4] for case in CORPUS["cases"] for entry in case["expected"]}
    text = DOCS.read_text(encoding="utf-8")
    assert all(f"`{code}`" in text for code in codes), sorted(c for c in codes if f"`{c}`" not in text)


def test_the_corpus_edits_do_what_they_say(tmp_path):
    """Rewriting a clean seed through the cell edits changes no byte; the second document's pinned sha256 and
    the offsets of the rows quoting it are right (so those cases fail only for the reason they are about)."""
    untouched = corpus.make_case({"edits": [{"file": f"seeds/{p.name}", "row": corpus._table(p)[1][0], "set": {}}
                                            for p in sorted((corpus.MINI / "seeds").glob("*.csv"))
                                            if len(corpus._table(p)) > 1]}, tmp_path / "same", CORPUS["bases"])
    for seed in sorted((corpus.MINI / "seeds").glob("*.csv")):
        assert (untouched / "seeds" / seed.name).read_bytes() == seed.read_bytes(), seed.name

    base = corpus.make_case({"edits": [{"use": "second-source"}]}, tmp_path / "repo", CORPUS["bases"])
    data = (base / "raw" / "doc2.txt").read_bytes()
    sources = corpus._table(base / "seeds" / "sources.csv")
    assert sources[-1][sources[0].index("sha256")] == hashlib.sha256(data).hexdigest()
    text = data.decode("utf-8")
    rows = [edit["add_row"] for case in [{"edits": CORPUS["bases"]["second-source"]}, *CORPUS["cases"]]
            for edit in case["edits"] if edit.get("add_row", {}).get("quote")]
    assert len(rows) >= 7
    for row in rows:
        assert text[int(row["quote_start"]):int(row["quote_end"])] == row["quote"], row["figure_id"]


# --- the commands: every problem at once, grouped by file, exit 1, nothing written ------------------------------

def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _grouped(report: str) -> dict[str, list[str]]:
    """The text report as {file: [its indented problem lines]}, files in the order printed."""
    groups: dict[str, list[str]] = {}
    current = None
    for line in report.splitlines():
        if re.fullmatch(r"(seeds|raw)/\S+:", line):
            current = groups.setdefault(line[:-1], [])
        elif line.startswith("  ") and current is not None:
            current.append(line)
        else:
            current = None
    return groups


def test_build_command_reports_every_problem_grouped_by_file_and_writes_nothing(tmp_path):
    root = corpus.make_case({"edits": []}, tmp_path / "repo", CORPUS["bases"])
    build(root)  # the previous, valid tables
    tables = root / "dataset" / "tables"
    before = _snapshot(tables)
    corpus.apply_edits(root, CASES["many-files-at-once"]["edits"], CORPUS["bases"])

    proc = _python("-m", "syriacw", "build", "--root", str(root))
    stdout, stderr = proc.communicate(timeout=300)

    assert proc.returncode == 1, stderr
    expected = CASES["many-files-at-once"]["expected"]
    report = _grouped(stderr)
    assert list(report) == list(dict.fromkeys(entry[0] for entry in expected))  # one group per file, in order
    for file, line, row_id, column, code in expected:  # each problem sits under its own file's header
        assert any(text.startswith(f"  line {line} [{row_id}] column {column}: {code}: ") for text in report[file])
    assert sum(len(lines) for lines in report.values()) == len(expected)
    assert f"{len(expected)} problem(s) found; nothing was written." in stderr.splitlines()
    assert _snapshot(tables) == before
    assert sorted(p.name for p in (root / "dataset").iterdir()) == ["tables"]
    assert not (root / "docs").exists()


def test_validate_json_gives_the_same_problems_machine_readably(tmp_path):
    case = CASES["many-files-at-once"]
    broken = corpus.make_case(case, tmp_path / "broken", CORPUS["bases"])
    clean = corpus.make_case({"edits": []}, tmp_path / "clean", CORPUS["bases"])
    procs = [_python("-m", "syriacw", "validate", "--root", str(root), "--format", "json") for root in (broken, clean)]
    (out_broken, err_broken), (out_clean, err_clean) = (p.communicate(timeout=300) for p in procs)

    assert procs[0].returncode == 1, err_broken
    report = json.loads(out_broken)
    assert report["valid"] is False
    assert [[p["file"], p["line"], p["row_id"], p["column"], p["code"]] for p in report["problems"]] == \
        case["expected"]
    assert all(set(p) == {"file", "line", "row_id", "column", "code", "message"} for p in report["problems"])

    assert procs[1].returncode == 0, err_clean
    assert json.loads(out_clean) == {"valid": True, "problems": []}
    assert not (broken / "dataset").exists() and not (clean / "dataset").exists()
