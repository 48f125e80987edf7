"""Reading seed CSVs the way a spreadsheet program may have saved them.

Tolerated, because it is harmless: a UTF-8 byte-order mark, CRLF line endings, whitespace around cells,
quoted cells with commas and newlines. The result is the same table as from the clean file.
Not tolerated: bytes that are not UTF-8 (the problem names the line).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .errors import Problem

BOM = "\ufeff"


@dataclass
class SeedTable:
    """A seed as text: header, rows of stripped cells, and the line where each row starts."""

    name: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def decode_utf8(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, None, None, "file-not-utf8",
                              f"byte {exc.start} is not valid UTF-8 ({exc.reason}); save the file as UTF-8")]


def parse_csv(data: bytes, file: str, name: str) -> tuple[SeedTable | None, list[Problem]]:
    text, problems = decode_utf8(data, file)
    if text is None:
        return None, problems
    if text.startswith(BOM):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    next_line = 1
    try:
        for raw in reader:
            start, next_line = next_line, reader.line_num + 1
            cells = [c.strip() for c in raw]
            if header is None:
                header = cells
                continue
            if not any(cells):
                continue  # blank line, e.g. a trailing empty row a spreadsheet added
            rows.append(cells)
            lines.append(start)
    except csv.Error as exc:
        return None, [Problem(file, reader.line_num, None, None, "csv-malformed", str(exc))]
    if header is None:
        return None, [Problem(file, 1, None, None, "csv-empty", "the file has no header row")]
    for i, (cells, line) in enumerate(zip(rows, lines)):
        if len(cells) != len(header):
            problems.append(Problem(file, line, cells[0] if cells else None, None, "wrong-cell-count",
                                    f"the row has {len(cells)} cells but the header has {len(header)}"))
    return SeedTable(name, header, rows, lines), problems
