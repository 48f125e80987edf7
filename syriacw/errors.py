"""Validation problems: one record per problem, with a stable kebab-case code.

A problem names the file, the line (1 = the CSV header, so the first data row is line 2), the row's ID,
the column and the reason. Its code must be one of syriacw/problem_codes.py, where every code is documented. Builds collect every problem before stopping, so a curator sees them all at once.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .problem_codes import check_code


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    row_id: str | None
    column: str | None
    code: str
    message: str

    def __post_init__(self):
        check_code(self.code)

    def as_text(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.row_id:
            where += f" [{shown(self.row_id)}]"
        if self.column:
            where += f" column {shown(self.column)}"
        return f"{where}: {self.code}: {self.message}"


def shown(text: str) -> str:
    """`text` with every character that is not printable escaped (\\u202e, \\x00), as repr() does: an ID or a
    column name holding a bidi override cannot reorder the message around it."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ValidationFailed(Exception):
    """Raised when input does not pass; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s) found")


def _sort_key(p: Problem):
    return (p.file, p.line if p.line is not None else -1, p.column or "", p.code, p.message)


def format_text(problems: list[Problem]) -> str:
    """Problems grouped by file, in file and line order."""
    out: list[str] = []
    current = None
    for p in sorted(problems, key=_sort_key):
        if p.file != current:
            current = p.file
            out.append(f"{shown(current)}:")
        where = f"line {p.line}" if p.line is not None else "whole file"
        if p.row_id:
            where += f" [{shown(p.row_id)}]"
        if p.column:
            where += f" column {shown(p.column)}"
        out.append(f"  {where}: {p.code}: {p.message}")
    out.append(f"{len(problems)} problem(s) found; nothing was written.")
    return "\n".join(out)


def format_json(problems: list[Problem]) -> str:
    return json.dumps({"valid": not problems, "problems": [asdict(p) for p in sorted(problems, key=_sort_key)]},
                      ensure_ascii=False, indent=2)
