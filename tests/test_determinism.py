"""Same inputs → same bytes: a build, and a whole release, can be made again years later and compared byte for byte.

Nothing about the machine may leak into the output: not the clock, the time zone, the hash seed, the folder the
repository sits in, file modification times, the order of rows in a seed, a stale dataset/tables/, or the name of
the Parquet library's version.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from syriacw.csvio import parse_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from syriacw.build import build
from syriacw.paths import TABLE_NAMES

MINI = FIXTURES / "mini"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_building_twice_gives_identical_bytes(mini_repo, tmp_path):
    build(mini_repo, tmp_path / "one")
    build(mini_repo, tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert sorted(one) == sorted([f"{t}.parquet" for t in TABLE_NAMES] + ["dtypes.json"])
    assert one == two
    for name in TABLE_NAMES:
        path = tmp_path / "one" / f"{name}.parquet"
        assert pq.ParquetFile(path).metadata.created_by == "syriacw"  # not "parquet-cpp-arrow version X"
        assert b"parquet-cpp-arrow" not in one[f"{name}.parquet"]
        seed, _ = parse_csv((mini_repo / "seeds" / f"{name}.csv").read_bytes(), name, name)
        assert pq.read_table(path).num_rows == len(seed.rows)  # every seed row, and only those


def _release(root: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syriacw", "release", "0.1.0", "--root", str(root),
                           "--date", "2026-01-01"], capture_output=True, text=True, env={**os.environ, **env})


def test_releasing_twice_gives_identical_folders(tmp_path):
    one = tmp_path / "one" / "mini"
    two = tmp_path / "elsewhere" / "a-different-name"
    shutil.copytree(MINI, one)
    shutil.copytree(MINI, two)
    for path in two.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # other modification times
    (two / "dataset" / "tables").mkdir(parents=True)
    (two / "dataset" / "tables" / "figures.parquet").write_bytes(b"stale build, not an input")
    first = _release(one, {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C"})
    second = _release(two, {"TZ": "Asia/Damascus", "PYTHONHASHSEED": "2", "LC_ALL": "C.UTF-8"})
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a = snapshot(one / "dataset" / "releases" / "0.1.0")
    b = snapshot(two / "dataset" / "releases" / "0.1.0")
    assert len(a) >= 10 and a == b
    for name in ("CITATION.cff", ".zenodo.json", "dataset/RELEASES.sha256"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def _shuffled_copy(target: Path, orders: dict[str, list[int]]) -> None:
    shutil.copytree(MINI, target)
    for table, order in orders.items():
        path = target / "seeds" / f"{table}.csv"
        header, *rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows[i] for i in order)
        path.write_text(out.getvalue(), encoding="utf-8")


def _row_counts() -> dict[str, int]:
    return {t: sum(1 for _ in csv.reader(io.StringIO((MINI / "seeds" / f"{t}.csv").read_text("utf-8")))) - 1
            for t in TABLE_NAMES}


BASELINE: dict[str, bytes] = {}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({t: st.permutations(range(n)) for t, n in _row_counts().items()}))
def test_the_order_of_seed_rows_never_changes_the_bytes(orders):
    with tempfile.TemporaryDirectory() as scratch:
        if not BASELINE:
            build(MINI, Path(scratch) / "baseline")
            BASELINE.update(snapshot(Path(scratch) / "baseline"))
        _shuffled_copy(Path(scratch) / "repo", orders)
        build(Path(scratch) / "repo", Path(scratch) / "out")
        assert snapshot(Path(scratch) / "out") == BASELINE
