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
