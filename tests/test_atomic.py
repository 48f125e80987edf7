"""An interrupted build never destroys the previous tables, and the next build recovers.

A build runs in a separate process with a writer patched to stop at a chosen point (half-way through writing the
new files, or in the middle of the folder swap); the test kills it there with SIGKILL, then looks at what is left.
syriacw.parquet.write_folder_atomically writes a staging folder and swaps it in; recover() finishes or undoes a
swap that was cut short (write_folder_atomically calls it first, so the next build does too).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from syriacw.build import build
from syriacw.parquet import recover

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

STOPPING_BUILD = textwrap.dedent('''
    import os, sys, time
    from pathlib import Path

    import syriacw.parquet as parquet
    from syriacw.build import build

    root, stop_at, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])

    def stop():
        marker.write_text("stopped")
        time.sleep(600)  # until killed

    if stop_at == "writing":  # the second file of the staging folder is half written
        real_open, opened = open, []

        def open_then_stop(path, mode="r", *args, **kwargs):
            handle = real_open(path, mode, *args, **kwargs)
            if "w" in mode:
                opened.append(path)
                if len(opened) == 2:
                    handle.write(b"PAR1")
                    handle.flush()
                    stop()
            return handle

        parquet.open = open_then_stop  # found before the builtin by write_folder_atomically
    elif stop_at == "swap":  # the previous folder has been moved aside, the new one not yet moved in
        real_rename = os.rename

        def rename_then_stop(src, dst):
            real_rename(src, dst)
            if str(dst).endswith(".old"):
                stop()

        os.rename = rename_then_stop
    build(root)
    print("the build finished without stopping", file=sys.stderr)
''')


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _kill_build_at(root: Path, stop_at: str, tmp: Path) -> None:
    script, marker, log = tmp / "stopping_build.py", tmp / f"stopped-{stop_at}", tmp / f"build-{stop_at}.log"
    script.write_text(STOPPING_BUILD, encoding="utf-8")
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(script), str(root), stop_at, str(marker)], stdout=out, stderr=out)
        try:
            deadline = time.monotonic() + 300  # a guard against hanging, not a timing assertion
            while not marker.exists():
                if proc.poll() is not None:
                    pytest.fail(f"the build ended before it could be killed:\n{log.read_text(errors='replace')}")
                if time.monotonic() > deadline:
                    pytest.fail("the build never reached the point where it is killed")
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=60) == -signal.SIGKILL
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A repository with built tables and then a seed edit, and the tables a build of the edited seeds gives."""
    base = tmp_path_factory.mktemp("atomic")
    root = base / "repo"
    shutil.copytree(MINI, root)
    build(root)
    previous = _snapshot(root / "dataset" / "tables")
    figures = root / "seeds" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",47,62,,", ",47,62,,a note"), encoding="utf-8")
    build(root, out_dir=base / "expected")
    new = _snapshot(base / "expected")
    assert new["figures.parquet"] != previous["figures.parquet"], "the edit changes the tables"
    return root, previous, new


@pytest.fixture
def repo(template, tmp_path):
    root, previous, new = template
    shutil.copytree(root, tmp_path / "repo")
    return tmp_path / "repo", previous, new


def test_killed_while_writing_the_files_leaves_the_previous_tables_and_the_next_build_recovers(repo, tmp_path):
    root, previous, new = repo
    tables = root / "dataset" / "tables"

    _kill_build_at(root, "writing", tmp_path)

    assert _snapshot(tables) == previous
    staging = [p for p in (root / "dataset").iterdir() if p.name.startswith(".tables.new-")]
    assert len(staging) == 1
    assert [p.read_bytes() for p in staging[0].iterdir()].count(b"PAR1") == 1, "killed half-way through a file"

    build(root)
    assert _snapshot(tables) == new
    assert [p.name for p in (root / "dataset").iterdir()] == ["tables"]


def test_killed_during_the_swap_keeps_the_previous_tables_for_recover_and_the_next_build(repo, tmp_path):
    root, previous, new = repo
    tables = root / "dataset" / "tables"

    _kill_build_at(root, "swap", tmp_path)

    # the window between the two renames: the previous tables are whole, under their temporary name
    assert not tables.exists()
    assert _snapshot(root / "dataset" / ".tables.old") == previous
    second = tmp_path / "second"
    shutil.copytree(root, second)  # the same interrupted state, to recover in the other way

    recover(tables)
    assert _snapshot(tables) == previous
    assert sorted(p.name for p in (root / "dataset").iterdir()) == ["tables"]

    build(second)  # the next build recovers by itself and writes the new tables
    assert _snapshot(second / "dataset" / "tables") == new
    assert [p.name for p in (second / "dataset").iterdir()] == ["tables"]


def test_recover_after_a_swap_that_was_not_cleaned_up_keeps_the_new_tables(tmp_path):
    """Killed after the new folder moved in but before the old one and a stale staging folder were deleted."""
    dataset = tmp_path / "dataset"
    for folder, content in (("tables", b"new"), (".tables.old", b"previous"), (".tables.new-123", b"half")):
        (dataset / folder).mkdir(parents=True)
        (dataset / folder / "figures.parquet").write_bytes(content)

    recover(dataset / "tables")

    assert _snapshot(dataset / "tables") == {"figures.parquet": b"new"}
    assert [p.name for p in dataset.iterdir()] == ["tables"]
