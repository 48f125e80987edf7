"""The DuckDB command-line tool (duckdb-cli from PyPI, 1.5) runs sql/macros/ and every query of sql/queries/
unchanged, with the same answers as the Python package; and docs/without-python.md's DuckDB and Datasette recipes
run as written in a release folder. A missing tool skips here and fails under CI=true."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from syriacw import db
from syriacw.exports.datasette import database_for

RELEASES = REPO / "dataset" / "releases"
RELEASE = RELEASES / sorted((p.name for p in RELEASES.iterdir() if p.is_dir()),
                            key=lambda v: tuple(map(int, v.split("."))))[-1]  # the newest: it has every query's columns
PAGE = REPO / "docs" / "without-python.md"


def _missing(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must install it")
    pytest.skip(message)


def duckdb_cli() -> str:
    """The duckdb executable of the duckdb-cli package (the test extra), else one on PATH."""
    try:
        import duckdb_cli as package
    except ImportError:
        package = None
    if package is not None and (Path(package.__file__).parent / "duckdb").is_file():
        return str(Path(package.__file__).parent / "duckdb")
    found = shutil.which("duckdb")
    if not found:
        _missing("the DuckDB command-line tool is not installed (pip install duckdb-cli)")
    return found


def cli_script(folder: Path, out: Path) -> str:
    """A CLI script: one view per table file of the release (never a glob), the macro files in name order, each
    query file as it is after `CREATE VIEW name AS`, then every answer written as CSV to `out`/NAME.csv."""
    lines = [f"CREATE VIEW {p.stem} AS SELECT * FROM read_parquet('{p}');"
             for p in (folder / f"{table}.parquet" for table in _tables(folder))]
    lines += [f".read {path}" for path in db.macro_files()]
    for name, path in db.query_files().items():
        lines += [f"CREATE VIEW {name} AS", path.read_text(encoding="utf-8")]
    lines += [f"COPY (SELECT * FROM {name}) TO '{out / name}.csv' (HEADER);" for name in db.query_files()]
    return "\n".join(lines) + "\n"


def _tables(folder: Path) -> list[str]:
    import json

    resources = json.loads((folder / "datapackage.json").read_text("utf-8"))["resources"]
    return [r["name"] for r in resources if "/" not in r["path"] and r["path"].endswith(".parquet")]


def _digest(path: Path) -> tuple[int, str]:
    data = path.read_bytes()
    return len(list(csv.reader(io.StringIO(data.decode("utf-8"))))) - 1, hashlib.sha256(data).hexdigest()


def test_macros_and_queries_give_the_same_answers_on_the_cli_and_the_package(tmp_path):
    exe = duckdb_cli()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    print(f"DuckDB CLI {version.strip()}")
    cli_out, package_out = tmp_path / "cli", tmp_path / "package"
    cli_out.mkdir()
    package_out.mkdir()
    script = tmp_path / "run.sql"
    script.write_text(cli_script(RELEASE, cli_out), encoding="utf-8")
    result = subprocess.run([exe, "-bail", "-c", f".read {script}"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stderr, result.stderr

    con = db.connect(folder=RELEASE, lock=False)
    try:
        for name in db.query_files():
            con.execute(f"COPY (SELECT * FROM {name}) TO '{package_out / name}.csv' (HEADER)")
    finally:
        con.close()
    for name in db.query_files():
        rows, digest = _digest(cli_out / f"{name}.csv")
        assert rows > 0, name
        assert (rows, digest) == _digest(package_out / f"{name}.csv"), name


def test_no_query_file_needs_more_than_its_text():
    """Each query file is one statement ending in ';', so the CLI's `.read` runs it as it is."""
    import duckdb

    con = duckdb.connect()
    for name, path in db.query_files().items():
        text = path.read_text(encoding="utf-8").rstrip()
        assert text.endswith(";") and len(con.extract_statements(text)) == 1, f"{name}.sql"


# --- the recipes of docs/without-python.md ----------------------------------------------------------------------

def recipe(heading: str) -> str:
    """The first ```sh block under `## heading` of the page."""
    section = PAGE.read_text("utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def run(script: str, cwd: Path, **env) -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(Path(sys.executable).parent), *env.pop("extra_path", []), os.environ["PATH"]])
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "LC_ALL": "C.UTF-8", "PATH": path, **env}, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A copy of the newest release, with the database and metadata it holds (made for it if it lacks them)."""
    out = tmp_path_factory.mktemp("recipes") / RELEASE.name
    shutil.copytree(RELEASE, out)
    for made in database_for(RELEASE, cache=tmp_path_factory.mktemp("cache")):
        if not (out / made.name).exists():
            shutil.copy(made, out / made.name)
    return out


def test_duckdb_cli_recipe(folder):
    exe = duckdb_cli()
    out = run(recipe("DuckDB command line"), folder, SQL=str(REPO / "sql"), extra_path=[str(Path(exe).parent)])
    cells = [[c.strip() for c in line.strip("│").split("│")] for line in out.stdout.splitlines()
             if line.startswith("│")]
    rows = [row[1:3] for row in cells if row[0].isdigit()]
    assert rows == [["French government", "at least 281"], ["UK Joint Intelligence Committee", "at least 350"],
                    ["Syrian Observatory for Human Rights", "502"], ["Syrian Network for Human Rights",
                                                                     "at least 1,127"],
                    ["United States", "1,429"]], out.stdout


def test_datasette_recipe(folder):
    if not shutil.which("datasette", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"):
        _missing("datasette is not installed (pip install -e .)")
    if not shutil.which("curl"):
        _missing("curl is not installed (apt-get install curl)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = run(recipe("Datasette").replace("8001", str(port)), folder).stdout
    answer = "".join(line for line in out.splitlines(keepends=True) if not line.startswith("INFO:"))  # the log
    rows = list(csv.reader(io.StringIO(answer)))
    assert rows[0][:3] == ["rank", "claimant", "says"]
    assert [r[1] for r in rows[1:]] == ["French government", "UK Joint Intelligence Committee",
                                        "Syrian Observatory for Human Rights", "Syrian Network for Human Rights",
                                        "United States"]
