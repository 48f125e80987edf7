"""What a new release holds for other tools (csv/, answers/, self-describing Parquet), the bundle, the version, and
the installed wheel: syriacw.exports and the commands over it."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import REPO, release_mini, run_cli
from syriacw import releases
from syriacw.exports.bundle import bundle
from syriacw.exports.csv import csv_bytes, formula_safe
from syriacw.paths import TABLE_NAMES
from syriacw.validation.frictionless import table_schema

DATE = "2026-01-01"
QUERIES = sorted(p.stem for p in (REPO / "sql" / "queries").glob("*.sql"))


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """The mini fixture released as 0.1.0 by the command a maintainer types; returns the repository."""
    return release_mini(tmp_path_factory, DATE)


def _folder(root: Path) -> Path:
    return root / "dataset" / "releases" / "0.1.0"


def test_csv_copies_read_back_as_the_parquet_tables(released):
    folder = _folder(released)
    for table in TABLE_NAMES:
        data = (folder / "csv" / f"{table}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # BOM for Excel; RFC 4180 line ends
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        parquet = pq.read_table(folder / f"{table}.parquet").to_pylist()
        assert [list(r) for r in rows[:1]] == [list(p) for p in parquet[:1]]
        assert len(rows) == len(parquet)
        for row, original in zip(rows, parquet):
            for column, value in original.items():
                expected = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
                if isinstance(value, str):
                    expected = formula_safe(value)
                elif isinstance(value, float):
                    assert float(row[column]) == value
                    continue
                assert row[column] == str(expected), (table, column)
    figures = (folder / "csv" / "figures.csv").read_text("utf-8-sig")
    assert any("\u0600" <= ch <= "\u06ff" for ch in figures)  # the Arabic quotes, intact


def test_formula_cells_are_neutralized_once_in_one_function():
    assert formula_safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert [formula_safe(v) for v in ("+1", "-2", "@a", "\tx", "safe", "", "a=b")] == \
        ["'+1", "'-2", "'@a", "'\tx", "safe", "", "a=b"]
    array = formula_safe(pa.array(["=1+1", "ok", None]))
    assert array.to_pylist() == ["'=1+1", "ok", None]
    data = csv_bytes(pa.table({"text": ["=cmd|' /C calc'!A0", "ما لا يقل عن 1510"], "n": [-1, 2]}), bom=False)
    assert data == "\"text\",\"n\"\r\n\"'=cmd|' /C calc'!A0\",-1\r\n\"ما لا يقل عن 1510\",2\r\n".encode("utf-8")


def test_parquet_files_describe_their_fields(released):
    folder = _folder(released)
    for table in TABLE_NAMES:
        schema = pq.read_schema(folder / f"{table}.parquet")
        for field in table_schema(table)["fields"]:
            metadata = schema.field(field["name"]).metadata
            assert metadata[b"description"].decode("utf-8") == field["description"]
            assert metadata.get(b"unit", b"").decode("utf-8") == str(field.get("unit", ""))
    assert pq.read_schema(folder / "figures.parquet").field("value").metadata[b"unit"] == b"the figure's unit"
    answer = pq.read_schema(folder / "answers" / "pairwise.parquet")
    assert answer.metadata[b"description"].startswith(b"every pair of figures")


def test_answers_are_the_query_runners_on_the_release(released):
    import syriacw.db as db

    folder = _folder(released)
    for name in QUERIES:
        expected = db.run_query(name, folder=folder)
        stored = pq.read_table(folder / "answers" / f"{name}.parquet")
        assert stored.column_names == list(expected.columns) and stored.num_rows == len(expected), name
        assert (folder / "answers" / f"{name}.csv").read_bytes() == csv_bytes(stored)
    assert sum(pq.read_table(folder / "answers" / f"{name}.parquet").num_rows for name in QUERIES) > 0


def test_verify_names_a_changed_csv_or_answer_and_a_stray_folder(released, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(_folder(released), copy)
    assert releases.check_files(copy) == []
    with open(copy / "csv" / "figures.csv", "ab") as fh:
        fh.write(b"x\r\n")
    (copy / "answers" / "pairwise.csv").unlink()
    (copy / "extra").mkdir()
    problems = releases.check_files(copy)
    assert any(p.startswith("csv/figures.csv: sha256") for p in problems)
    assert any(p.startswith("answers/pairwise.csv: listed in SHA256SUMS but missing") for p in problems)
    assert any(p.startswith("extra: not a file") for p in problems)


def test_bundle_is_one_deterministic_zip_of_the_release_and_its_report(released, tmp_path):
    first = run_cli("bundle", "0.1.0", "--root", str(released), "--out", str(tmp_path / "a"))
    second = run_cli("bundle", "0.1.0", "--root", str(released), "--out", str(tmp_path / "b"))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    a, b = tmp_path / "a" / "syriacw-0.1.0.zip", tmp_path / "b" / "syriacw-0.1.0.zip"
    assert a.read_bytes() == b.read_bytes()
    folder = _folder(released)
    with zipfile.ZipFile(a) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        released_files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        assert set(names) == {f"syriacw-0.1.0/{n}" for n in released_files | {"README.txt", "report/index.html"}}
        for name in released_files:
            assert archive.read(f"syriacw-0.1.0/{name}") == (folder / name).read_bytes()
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}
        assert b"<html" in archive.read("syriacw-0.1.0/report/index.html")
        assert b"were made from its own tables" not in archive.read("syriacw-0.1.0/README.txt")


def test_bundle_of_an_early_release_makes_its_csv_and_answers(tmp_path):
    folder = REPO / "dataset" / "releases" / "1.0.0"
    one, two = bundle(folder, tmp_path / "one", REPO), bundle(folder, tmp_path / "two", REPO)
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as archive:
        names = set(archive.namelist())
        readme = archive.read("syriacw-1.0.0/README.txt").decode("utf-8")
        figures = archive.read("syriacw-1.0.0/csv/figures.csv")
    assert {f"syriacw-1.0.0/csv/{t}.csv" for t in ("figures", "sources", "incidents")} <= names
    assert "syriacw-1.0.0/answers/pairwise.parquet" in names
    assert "were made from its own tables" in readme and "  csv/figures.csv" in readme
    assert "relay_check" in readme  # 1.0.0 has no relay_links: the README says which query it cannot answer
    assert figures == csv_bytes(pq.read_table(folder / "figures.parquet"))
    assert releases.check_files(folder) == []  # the released folder itself is untouched


def test_the_package_version_is_the_newest_release():
    import syriacw

    newest = releases.find.versions(REPO / "dataset" / "releases")[-1]
    assert syriacw.__version__ == newest == (REPO / "syriacw" / "VERSION").read_text("utf-8").strip()
    assert 'dynamic = ["version"]' in (REPO / "pyproject.toml").read_text("utf-8")
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == \
        f"syriacw {newest} (newest data release shipped: {newest})"


def test_release_moves_the_version_file(mini_repo):
    (mini_repo / "syriacw").mkdir()
    (mini_repo / "syriacw" / "VERSION").write_text("0.0.9\n", encoding="utf-8")
    result = run_cli("release", "0.1.0", "--root", str(mini_repo), "--date", DATE)
    assert result.returncode == 0, result.stderr
    assert (mini_repo / "syriacw" / "VERSION").read_text("utf-8") == "0.1.0\n"
    assert "syriacw/VERSION" in result.stdout


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(tmp_path / "dist")],
                            cwd=source, capture_output=True, text=True)
    if result.returncode != 0 and not os.environ.get("CI") and "setuptools" in result.stderr + result.stdout:
        pytest.skip(f"cannot build the wheel here (build dependencies): {result.stderr[-300:]}")
    assert result.returncode == 0, result.stderr
    return next((tmp_path / "dist").glob("syriacw-*.whl"))


def test_an_installed_wheel_reports_from_any_folder(tmp_path):
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"syriacw/raw/reference/primary_publications.csv", "syriacw/seeds/figures.csv", "syriacw/VERSION"} <= names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    where = subprocess.run([str(python), "-c", "import syriacw; print(syriacw.__file__)"], cwd=empty,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where  # the installed package, not a checkout
    result = subprocess.run([str(venv / "bin" / "syriacw"), "report", "--out", "r"], cwd=empty, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert (empty / "r" / "index.html").read_bytes().count(b"<html") == 1
    located = subprocess.run([str(venv / "bin" / "syriacw"), "locate", "src-001", "ما لا يقل عن 1510"], cwd=empty,
                             capture_output=True, text=True)
    assert located.returncode == 0 and "\t1510" not in located.stderr and "ما لا يقل عن 1510" in located.stdout


def test_bundle_zip_streams_files_and_deflates_large_ones_faster(tmp_path, monkeypatch):
    import zlib

    from syriacw.exports import bundle as bundling

    monkeypatch.setattr(bundling, "LARGE", 10_000)
    big = "".join(f"fig-{i:06d},{i * 7 % 1000},deaths\r\n" for i in range(5_000)).encode()
    (tmp_path / "big.csv").write_bytes(big)
    (tmp_path / "t.parquet").write_bytes(big[:20_000])
    out = tmp_path / "out.zip"
    bundling.write_zip(out, {"d/big.csv": tmp_path / "big.csv", "d/t.parquet": tmp_path / "t.parquet",
                             "d/small.txt": big[:5_000]}, "2026-01-01")

    def deflated(data: bytes, level: int) -> int:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        return len(compressor.compress(data) + compressor.flush())

    with zipfile.ZipFile(out) as archive:
        info = {i.filename: i for i in archive.infolist()}
        assert archive.read("d/big.csv") == big and archive.read("d/small.txt") == big[:5_000]
        assert info["d/t.parquet"].compress_type == zipfile.ZIP_STORED
        assert info["d/big.csv"].compress_size == deflated(big, 1) != deflated(big, 6)
        assert info["d/small.txt"].compress_size == deflated(big[:5_000], 6)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging file left
