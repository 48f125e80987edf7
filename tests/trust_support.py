"""Helpers for the issue-17 reproduction tests (tests/test_trust_*.py): edit a copy of a fixture repository and
collect what the build reports, through public interfaces only."""
from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from syriacw.build import build
from syriacw.errors import ValidationFailed


def read_seed(root: Path, table: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO((root / "seeds" / f"{table}.csv").read_text("utf-8"), newline="")))
    return rows[0], rows[1:]


def write_seed(root: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    (root / "seeds" / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")


def set_cells(root: Path, table: str, row_id: str, **cells: str) -> int:
    """Change cells of the row whose first column is `row_id`; returns its line (1 = the header)."""
    header, rows = read_seed(root, table)
    for number, row in enumerate(rows, 2):
        if row[0] == row_id:
            for column, value in cells.items():
                row[header.index(column)] = value
            write_seed(root, table, header, rows)
            return number
    raise KeyError(row_id)


def add_row(root: Path, table: str, **cells: str) -> int:
    """Append a row (unnamed columns empty); returns its line."""
    header, rows = read_seed(root, table)
    unknown = set(cells) - set(header)
    assert not unknown, unknown
    rows.append([cells.get(column, "") for column in header])
    write_seed(root, table, header, rows)
    return len(rows) + 1


def append_to_document(root: Path, source_id: str, text: str) -> int:
    """Append `text` to the source's document and re-pin its sha256; returns the code-point offset where it starts."""
    header, rows = read_seed(root, "sources")
    row = next(r for r in rows if r[0] == source_id)
    path = root / row[header.index("file")]
    before = path.read_text("utf-8")
    path.write_text(before + text, encoding="utf-8")
    row[header.index("sha256")] = hashlib.sha256(path.read_bytes()).hexdigest()
    write_seed(root, "sources", header, rows)
    return len(before)


def problems(root: Path) -> list[tuple]:
    """Every problem the build finds, as (file, line, row_id, column, code); [] when the build passes."""
    try:
        build(root, write=False)
    except ValidationFailed as exc:
        return [(p.file, p.line, p.row_id, p.column, p.code) for p in exc.problems]
    return []


def clean_refusal(result, code: int, *words: str) -> None:
    """A refusal as the project promises it: the exit code, one `error:` line naming `words`, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


# --- a copy of the shipped dataset/ standing in for the installed package's -------------------------------------

def copy_dataset(target: Path) -> Path:
    """A copy of the repository's dataset/ (releases 1.0.0 and 1.1.0) at `target`."""
    import shutil

    from conftest import REPO

    shutil.copytree(REPO / "dataset", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def ship(monkeypatch, dataset: Path) -> None:
    """Make the package `syriacw.dataset` (where releases ship) point at `dataset` for this test."""
    import syriacw.dataset as shipped

    monkeypatch.setattr(shipped, "__file__", str(dataset / "__init__.py"))
    monkeypatch.setattr(shipped, "__path__", [str(dataset)])
    monkeypatch.setattr(shipped.__spec__, "submodule_search_locations", [str(dataset)])


_SHIPPED_CLI = """
import runpy, sys
import syriacw.dataset as d
d.__file__ = sys.argv[1] + "/__init__.py"; d.__path__ = [sys.argv[1]]; d.__spec__.submodule_search_locations = [sys.argv[1]]
sys.argv = ["syriacw", *sys.argv[2:]]
runpy.run_module("syriacw", run_name="__main__", alter_sys=True)
"""


def run_cli_shipped(dataset: Path, *args: str, cwd: Path | None = None):
    """`python -m syriacw ARGS` in its own process, with `dataset` standing in for the package's dataset/."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", _SHIPPED_CLI, str(dataset), *args], cwd=cwd,
                          capture_output=True, text=True)


TAMPERED_ID, RIGHT, FORGED = "fig-001-01", 1510, 9999


def tamper_figures(release: Path, *, consistently: bool = False) -> None:
    """Change fig-001-01's value 1510 → 9999 in figures.parquet; `consistently`: also rewrite its hash in
    datapackage.json and SHA256SUMS, as a careful forger would."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = release / "figures.parquet"
    table = pq.read_table(path)
    frame = table.to_pandas()
    assert frame.loc[frame["figure_id"] == TAMPERED_ID, "value"].tolist() == [RIGHT]
    frame.loc[frame["figure_id"] == TAMPERED_ID, "value"] = FORGED
    pq.write_table(pa.Table.from_pandas(frame, schema=table.schema, preserve_index=False), path)
    if not consistently:
        return
    data = path.read_bytes()
    package = json.loads((release / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        if resource["path"] == "figures.parquet":
            resource["hash"], resource["byteSize"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    (release / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", "utf-8")
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    sums = "".join(f"{hashlib.sha256((release / name).read_bytes()).hexdigest()}  {name}\n"
                   for name in files if name != "SHA256SUMS")
    (release / "SHA256SUMS").write_text(sums, encoding="utf-8")
