"""docs/without-python.md: the first code block under each heading is run, as written, in a release folder with the
CSV copies and answers (the newest release; `syriacw bundle` makes them for 1.0.0 and 1.1.0). A tool that is missing skips the recipe
here and fails it under CI (.ci/run installs r-base-core and libreoffice-calc-nogui)."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import REPO
from syriacw.exports.bundle import missing_exports

PAGE = REPO / "docs" / "without-python.md"
QUOTE = "ما لا يقل عن 222 هجومًا كيميائيًا"


def recipe(heading: str) -> str:
    """The first ```sh block under `## heading` of the page."""
    section = PAGE.read_text("utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def need(tool: str) -> str:
    exe = shutil.which(tool)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; CI must install it (.ci/run)")
        pytest.skip(f"{tool} is not installed; CI runs this recipe")
    return exe


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    from syriacw.releases.find import versions

    newest = versions(REPO / "dataset" / "releases")[-1]  # from 1.2.0 on a release holds csv/ and answers/ itself
    source = REPO / "dataset" / "releases" / newest
    out = tmp_path_factory.mktemp("recipes") / f"syriacw-{newest}"
    shutil.copytree(source, out)
    files = {p.relative_to(source).as_posix(): b"" for p in source.rglob("*") if p.is_file()}
    made, unavailable = missing_exports(out, files)
    assert not unavailable
    for name, data in made.items():
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(data)
    return out


def run(script: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(home),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _counts(folder: Path) -> tuple[int, int]:
    return (pq.read_metadata(folder / "figures.parquet").num_rows,
            pq.read_metadata(folder / "answers" / "pairwise.parquet").num_rows)


def test_r_reads_the_csv_copies(folder, tmp_path):
    need("Rscript")
    figures, pairs = _counts(folder)
    out = run(recipe("R"), folder, tmp_path).stdout
    assert f"{figures} figures; {pairs} pairs of figures; first column: figure_id" in out
    assert "snhr" in out and QUOTE in out.splitlines()


def test_libreoffice_keeps_the_arabic(folder, tmp_path):
    need("soffice")
    out = run(recipe("LibreOffice"), folder, tmp_path).stdout
    assert out.strip().splitlines()[-1] == "1"
    back = (folder / "spreadsheet" / "back" / "figures.csv").read_text("utf-8")
    original = (folder / "csv" / "figures.csv").read_text("utf-8-sig")
    # cell by cell (LibreOffice quotes only text it did not read as a number: "1510" comes back as 1510)
    assert list(csv.reader(io.StringIO(back))) == list(csv.reader(io.StringIO(original)))


def test_polars_reads_one_file_per_table(folder, tmp_path):
    try:
        import polars  # noqa: F401  (in the test extra)
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("polars is not installed; CI installs the test extra")
        pytest.skip("polars is not installed (pip install polars)")
    figures, pairs = _counts(folder)
    out = run(recipe("polars"), folder, tmp_path).stdout
    assert f"{figures} figures; {pairs} pairs of figures" in out
    assert "[('fig-001-05', 222.0)]" in out and "snhr" in out
