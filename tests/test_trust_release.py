"""Issue 17: the release command all-or-nothing, `report --out` never writing into dataset/ nor over a file it did
not write, two builds at once, a full disk, query spill and --timeout, and CSV cells that a spreadsheet would run
as formulas. Each xfail is a hole still open; remove the mark when the fix lands."""
from __future__ import annotations

import builtins
import contextlib
import csv
import errno
import io
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import run_cli
from trust_support import clean_refusal, run_cli_shipped, ship

DATE = "2026-01-01"


def main_in_process(*args: str) -> subprocess.CompletedProcess:
    """`syriacw ARGS` in this process (so a test can inject a fault); an exception escaping main() is recorded on
    stderr as a traceback, as the console would show it."""
    import traceback

    from syriacw.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except BaseException:  # noqa: BLE001 - SystemExit included: argparse's own refusals
            code = 99
            err.write(traceback.format_exc())
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def _inside(path, folder: Path) -> bool:
    try:
        return Path(os.fspath(path)).resolve().is_relative_to(folder.resolve())
    except TypeError:  # a file descriptor
        return False


def disk_full_under(monkeypatch, folder: Path, *, only: Path | None = None) -> None:
    """Every write under `folder` (or only the replacement of `only`) fails as on a full disk (ENOSPC)."""
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real_open, real_replace, real_rename = builtins.open, os.replace, os.rename

    def guarded_open(file, mode="r", *args, **kwargs):
        if only is None and any(c in mode for c in "wax+") and _inside(file, folder):
            raise full
        return real_open(file, mode, *args, **kwargs)

    def guarded(real):
        def move(src, dst, *args, **kwargs):
            if (_inside(dst, folder) if only is None else Path(os.fspath(dst)) == only):
                raise full
            return real(src, dst, *args, **kwargs)
        return move

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "replace", guarded(real_replace))
    monkeypatch.setattr(os, "rename", guarded(real_rename))


# --- release: all-or-nothing, or resumable ---------------------------------------------------------------------

def test_a_release_interrupted_by_a_full_disk_says_so(mini_repo, monkeypatch):
    disk_full_under(monkeypatch, mini_repo, only=mini_repo / "CITATION.cff")  # after the release folder is written
    result = main_in_process("release", "0.1.0", "--root", str(mini_repo), "--date", DATE)
    monkeypatch.undo()
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0 and result.stderr.startswith("error: "), result.stderr


def test_the_next_release_run_completes_or_rolls_back_a_half_made_release(mini_repo, monkeypatch):
    disk_full_under(monkeypatch, mini_repo, only=mini_repo / "CITATION.cff")
    main_in_process("release", "0.1.0", "--root", str(mini_repo), "--date", DATE)
    monkeypatch.undo()
    assert (mini_repo / "dataset" / "releases" / "0.1.0").is_dir()  # the interruption came after the folder
    again = run_cli("release", "0.1.0", "--root", str(mini_repo), "--date", DATE)
    assert again.returncode == 0, again.stderr
    said = (again.stdout + again.stderr).lower()
    assert any(word in said for word in ("interrupted", "incomplete", "half-made", "completed", "rolled back")), said
    assert "0.1.0" in (mini_repo / "CITATION.cff").read_text("utf-8")
    listed = (mini_repo / "dataset" / "RELEASES.sha256").read_text("utf-8")
    assert "  0.1.0/figures.parquet\n" in listed, "no list of released hashes names 0.1.0"
    verified = run_cli("verify", "0.1.0", "--root", str(mini_repo))
    assert verified.returncode == 0, verified.stdout + verified.stderr


# --- build: a lock, a full disk --------------------------------------------------------------------------------

def test_a_second_build_while_one_runs_is_refused(mini_repo, monkeypatch):
    """The second build starts (as its own process) when the first begins writing under dataset/."""
    second = []
    real_open = builtins.open

    def open_after_starting_another(file, mode="r", *args, **kwargs):
        if not second and any(c in mode for c in "wax+") and _inside(file, mini_repo / "dataset"):
            second.append(run_cli("build", "--root", str(mini_repo)))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_after_starting_another)
    monkeypatch.setattr(io, "open", open_after_starting_another)
    first = main_in_process("build", "--root", str(mini_repo))
    monkeypatch.undo()
    assert second, "the first build never wrote a file under dataset/"
    clean_refusal(second[0], 2, "another build is running")
    assert first.returncode == 0, first.stderr


def test_a_full_disk_during_build_is_a_message(mini_repo, monkeypatch):
    disk_full_under(monkeypatch, mini_repo / "dataset")
    result = main_in_process("build", "--root", str(mini_repo))
    monkeypatch.undo()
    clean_refusal(result, 2, "No space left")
    assert not list((mini_repo / "dataset").rglob("*.parquet"))


# --- report --out ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mini_released(tmp_path_factory) -> Path:
    """The mini fixture released once as 0.1.0 (a small, fast report)."""
    from conftest import release_mini

    return release_mini(tmp_path_factory, DATE)


@pytest.fixture
def report_repo(mini_released, tmp_path) -> Path:
    """A writable copy of `mini_released`; its dataset/ stands in for the package's."""
    import shutil

    target = tmp_path / "repo"
    shutil.copytree(mini_released, target)
    return target


def report(root: Path, out: Path) -> subprocess.CompletedProcess:
    return run_cli_shipped(root / "dataset", "report", "--root", str(root), "--version", "0.1.0", "--out", str(out))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_report_refuses_an_output_folder_inside_dataset(report_repo):
    release = report_repo / "dataset" / "releases" / "0.1.0"
    before = _snapshot(release)
    result = report(report_repo, release)
    assert _snapshot(release) == before
    clean_refusal(result, 1, "dataset")


def test_report_refuses_an_output_that_is_a_file(report_repo, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = report(report_repo, target)
    assert target.read_text("utf-8") == "mine\n"
    clean_refusal(result, 1, "notes.txt")


def test_report_does_not_replace_a_file_it_did_not_write(report_repo, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>my own page</p>\n", encoding="utf-8")
    result = report(report_repo, out)
    assert (out / "index.html").read_text("utf-8") == "<p>my own page</p>\n"
    clean_refusal(result, 1, "index.html")


def test_report_may_rewrite_its_own_page(report_repo, tmp_path):
    """Not a hole today; guards the fix: running report again into the same folder still works."""
    out = tmp_path / "site"
    for _ in range(2):
        result = report(report_repo, out)
        assert result.returncode == 0, result.stderr


def test_a_full_disk_during_report_is_a_message(report_repo, tmp_path, monkeypatch):
    out = tmp_path / "site"
    ship(monkeypatch, report_repo / "dataset")
    disk_full_under(monkeypatch, out)
    result = main_in_process("report", "--root", str(report_repo), "--version", "0.1.0", "--out", str(out))
    monkeypatch.undo()
    clean_refusal(result, 1, "No space left")


# --- sql: formulas in CSV, spill, --timeout --------------------------------------------------------------------

@pytest.mark.parametrize("cell", ['=HYPERLINK("http://example.org","x")', "+1+1", "-1+1", "@SUM(A1)"])
def test_sql_csv_never_starts_a_cell_with_a_formula(tmp_path, cell):
    literal = cell.replace("'", "''")
    result = run_cli("sql", f"SELECT 'fig' AS id, '{literal}' AS cell", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "cell"] and len(rows) == 2
    assert cell.lstrip("=+-@") in rows[1][1]  # the text is kept
    assert rows[1][1][:1] not in ("=", "+", "-", "@", "\t", "\r"), rows[1][1]


def test_queries_spill_to_the_system_temp_folder_with_a_cap(tmp_path):
    result = run_cli("sql", "SELECT current_setting('temp_directory') AS spill, "
                            "current_setting('max_temp_directory_size') AS cap", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    spill = Path(row["spill"])
    assert spill.is_absolute() and spill.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve()), row
    assert "available disk space" not in row["cap"], row  # DuckDB's default: 90% of the disk


@pytest.mark.parametrize("args", [("sql", "SELECT count(*) AS n FROM figures"), ("reconcile", "casualty_totals")],
                         ids=["sql", "reconcile"])
def test_timeout_is_accepted(tmp_path, args):
    result = run_cli(*args, "--timeout", "600", "--format", "csv", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_the_docs_say_how_csv_output_is_kept_from_running_as_formulas():
    from conftest import REPO

    texts = [p.read_text("utf-8") for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]]
    assert any("formula" in text.lower() for text in texts)


@pytest.mark.parametrize("args", [("sql", "SELECT 1 AS n"), ("reconcile", "casualty_totals")], ids=["sql", "reconcile"])
def test_ctrl_c_during_a_query_is_a_message(monkeypatch, args):
    import duckdb

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(duckdb, "connect", interrupted)
    result = main_in_process(*args)
    monkeypatch.undo()
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 130
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "interrupt" in lines[0].lower(), result.stderr


# --- release: a write step that fails, then the next run -------------------------------------------------------

def _interrupt_release_at(monkeypatch, root: Path, name: str) -> subprocess.CompletedProcess:
    """`release 0.1.0` in this process, killed (KeyboardInterrupt) when it comes to write the repository's `name`."""
    from syriacw.releases import make

    real = make._write_text

    def write(path, text):
        if Path(path).name == name:
            raise KeyboardInterrupt
        real(path, text)

    monkeypatch.setattr(make, "_write_text", write)
    result = main_in_process("release", "0.1.0", "--root", str(root), "--date", DATE)
    monkeypatch.undo()
    return result


@pytest.mark.parametrize("step", ["CHANGELOG.md", "RELEASES.sha256"])
def test_a_killed_release_is_completed_by_the_next_run(mini_repo, monkeypatch, step):
    (mini_repo / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n\n- First rows.\n", "utf-8")
    killed = _interrupt_release_at(monkeypatch, mini_repo, step)
    assert killed.returncode == 130 and killed.stderr.strip() == "error: interrupted", killed.stderr
    folder = mini_repo / "dataset" / "releases" / "0.1.0"
    written = _snapshot(folder)
    assert not (mini_repo / "dataset" / "RELEASES.sha256").exists()
    assert run_cli("verify", "0.1.0", "--root", str(mini_repo)).returncode == 1  # not released yet
    refused = run_cli("release", "0.2.0", "--root", str(mini_repo), "--date", DATE)
    assert refused.returncode == 1 and "syriacw release 0.1.0` again" in refused.stderr, refused.stderr
    again = run_cli("release", "0.1.0", "--root", str(mini_repo), "--date", DATE)
    assert again.returncode == 0, again.stderr
    assert "completed the interrupted release 0.1.0" in again.stderr
    assert _snapshot(folder) == written
    fingerprint = (mini_repo / "dataset" / "RELEASES.sha256").read_text("utf-8")
    fingerprint = next(line.split()[0] for line in fingerprint.splitlines() if line.endswith("0.1.0/SHA256SUMS"))
    changelog = (mini_repo / "CHANGELOG.md").read_text("utf-8")
    assert changelog.count(f"Fingerprint of 0.1.0 (sha256 of its SHA256SUMS): `{fingerprint}`") == 1, changelog
    assert f"sha256:{fingerprint}" in (mini_repo / "CITATION.cff").read_text("utf-8")
    assert run_cli("verify", "0.1.0", "--root", str(mini_repo)).returncode == 0
    assert not [p for p in mini_repo.rglob(".*.new-*")], "a staging file was left behind"


def test_a_half_made_release_that_differs_from_the_build_is_rolled_back(mini_repo, monkeypatch):
    _interrupt_release_at(monkeypatch, mini_repo, "CITATION.cff")
    folder = mini_repo / "dataset" / "releases" / "0.1.0"
    (folder / "stray.txt").write_text("not part of the release\n", encoding="utf-8")
    again = run_cli("release", "0.1.0", "--root", str(mini_repo), "--date", DATE)
    assert again.returncode == 0, again.stderr
    assert "rolled back the half-made release 0.1.0" in again.stderr
    assert not (folder / "stray.txt").exists()
    assert run_cli("verify", "0.1.0", "--root", str(mini_repo)).returncode == 0


def test_new_releases_carry_their_fingerprint_and_the_shipped_ones_are_anchored(mini_released):
    """The fingerprint (sha256 of SHA256SUMS) is in the anchor, CHANGELOG.md and CITATION.cff of a new release;
    the shipped releases' fingerprints are in the shipped anchor, their folders unchanged."""
    from conftest import REPO
    from syriacw.releases import fingerprint
    from syriacw.releases.anchor import read_anchor

    new = fingerprint(mini_released / "dataset" / "releases" / "0.1.0")
    assert read_anchor(mini_released / "dataset" / "RELEASES.sha256")["0.1.0/SHA256SUMS"] == new
    assert f"sha256:{new}" in (mini_released / "CITATION.cff").read_text("utf-8")
    shipped = read_anchor(REPO / "dataset" / "RELEASES.sha256")
    for version in ("1.0.0", "1.1.0"):
        assert shipped[f"{version}/SHA256SUMS"] == fingerprint(REPO / "dataset" / "releases" / version)
    import tomllib

    package_data = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    assert "RELEASES.sha256" in package_data["syriacw.dataset"]


def test_each_released_file_is_hashed_once_per_process(tmp_path, monkeypatch):
    from syriacw.releases import checksums
    from trust_support import copy_dataset

    ship(monkeypatch, copy_dataset(tmp_path / "dataset"))
    hashed = []
    real = checksums.sha256_hex  # the anchor's reads hash through checksums' one per-process record
    monkeypatch.setattr(checksums, "sha256_hex", lambda data: hashed.append(len(data)) or real(data))
    import syriacw

    first = syriacw.load("figures", version="1.1.0")
    count = len(hashed)
    second = syriacw.load("figures", version="1.1.0")
    assert count >= 2 and len(hashed) == count  # figures.parquet, dtypes.json, … hashed the first time only
    assert first.equals(second)


# --- sql: CSV cells, the timeout --------------------------------------------------------------------------------

def test_csv_quotes_only_text_that_would_run_as_a_formula():
    import pandas as pd

    from syriacw.exports.csv import formula_safe_frame as defuse_formulas

    frame = pd.DataFrame({"text": ["=1+1", "a=b", "-x", "\tx", None, "plain"], "n": [-2, 3, -1, 0, 1, 2]})
    out = defuse_formulas(frame)
    assert out["text"].tolist()[:4] == ["'=1+1", "a=b", "'-x", "'\tx"] and out["text"].tolist()[5] == "plain"
    assert pd.isna(out["text"].tolist()[4])
    assert out["n"].tolist() == [-2, 3, -1, 0, 1, 2]
    assert frame["text"].tolist()[0] == "=1+1"  # the caller's frame is left alone


def test_a_query_past_its_timeout_is_stopped():
    from syriacw.db import QueryTimeout, run_user_sql

    with pytest.raises(QueryTimeout, match="--timeout"):
        run_user_sql("SELECT count(*) FROM range(1000000000000) a", timeout=0.2)


def test_an_impossible_timeout_is_refused():
    result = run_cli("sql", "SELECT 1", "--timeout", "0")
    assert result.returncode == 2 and "positive number of seconds" in result.stderr


def test_a_full_disk_writing_the_codebook_leaves_it_whole(mini_repo, monkeypatch):
    """The build writes docs/codebook.md after the tables: whole or not at all, and a message, not a traceback."""
    assert main_in_process("build", "--root", str(mini_repo)).returncode == 0
    before = (mini_repo / "docs" / "codebook.md").read_bytes()
    disk_full_under(monkeypatch, mini_repo / "docs")
    result = main_in_process("build", "--root", str(mini_repo))
    monkeypatch.undo()
    clean_refusal(result, 2, "No space left")
    assert (mini_repo / "docs" / "codebook.md").read_bytes() == before
    assert sorted(p.name for p in (mini_repo / "docs").iterdir()) == ["codebook.md"]
