"""seeds/audit_exclusions.csv: its columns, its vocabulary of reasons, and the one reader of the file.

Codes of problems with seeds/audit_exclusions.csv: csv-*/file-not-utf8 (as for every seed), missing-column,
unknown-column, required, unknown-reference (source_id), not-in-vocabulary (reason_code), type-error (start),
duplicate-id (the same source_id and start twice), exclusion-not-a-number (no number mention with this text
starts at this offset), exclusion-context-mismatch (context is not the text around the number).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from .scanner import Mention, Mentions

if TYPE_CHECKING:
    from .core import _Sources

EXCLUSIONS_FILE = "seeds/audit_exclusions.csv"
EXCLUSION_COLUMNS = ("source_id", "text", "start", "reason_code", "reason", "context")
REQUIRED_COLUMNS = ("source_id", "text", "start", "reason_code", "reason")

# Why a number that no quote captures may be left out of the dataset.
REASON_CODES: dict[str, str] = {
    "date": "part of a date: a day, a month or a date written in words (التاسع من آذار)",
    "year": "a year or a decade (2014، الثمانينيات)",
    "time_of_day": "a time of day",
    "duration": "how long something lasted (لأسبوعين، عام ونصف)",
    "distance": "a distance (ستة كيلومترات)",
    "resolution_number": "the number of a resolution, law, decree or document (القرار رقم 2235)",
    "unit_number": "the number in the name of a military unit (اللواء الثاني، الفيلق الخامس)",
    "territory_share": "a share of a place's area or of control over it (80% من المدينة)",
    "ordinal_rank": "an ordinal that orders or ranks things (التقرير الأول، الدفعة الثانية، الصف الأول)",
    "count_not_a_figure": "a count of something that is not one of the figures' measures (reports, meetings)",
    "other": "anything else; the reason says what",
}


@dataclass(frozen=True)
class Exclusion:
    line: int
    source_id: str
    text: str
    start: int
    reason_code: str
    reason: str
    context: str


def plain_context(document: str, start: int, end: int, width: int = 30) -> str:
    """Whole words around a number, white space collapsed: what the `context` column of an exclusion holds."""
    a, b = max(0, start - width), min(len(document), end + width)
    while a > 0 and not document[a - 1].isspace() and a < start:
        a += 1
    while b < len(document) and not document[b].isspace() and b > end:
        b -= 1
    return " ".join(document[a:b].split())


def load_exclusions(root: Path) -> tuple[list[Exclusion], list[Problem]]:
    """The rows of seeds/audit_exclusions.csv (none if the file does not exist) and the problems of its cells."""
    rows, problems = _read_exclusions(root)
    return [row for row, complete in rows if complete], problems


def exclusions_to_show(root: Path) -> list[Exclusion]:
    """Every row of seeds/audit_exclusions.csv with a whole-number start, also one load_exclusions leaves out for
    an empty cell: what `syriacw report` marks in the documents (the audit reports the rows' problems)."""
    rows, _problems = _read_exclusions(root)
    return [row for row, _complete in rows]


def _read_exclusions(root: Path) -> tuple[list[tuple[Exclusion, bool]], list[Problem]]:
    """Each row with a whole-number start and whether it has every required cell, and the problems of the file."""
    from ..csvio import parse_csv

    path = root / EXCLUSIONS_FILE
    if not path.exists():
        return [], []
    seed, problems = parse_csv(path.read_bytes(), EXCLUSIONS_FILE, "audit_exclusions")
    if seed is None:
        return [], problems
    for column in REQUIRED_COLUMNS:
        if column not in seed.header:
            problems.append(Problem(EXCLUSIONS_FILE, 1, None, column, "missing-column",
                                    f"the header has no column {column!r}"))
    for column in seed.header:
        if column not in EXCLUSION_COLUMNS:
            problems.append(Problem(EXCLUSIONS_FILE, 1, None, column, "unknown-column",
                                    f"{column!r} is not a column of this file; expected: {', '.join(EXCLUSION_COLUMNS)}"))
    if any(c not in seed.header for c in REQUIRED_COLUMNS):
        return [], problems
    rows = []
    for cells, line in zip(seed.rows, seed.lines):
        cell = dict(zip(seed.header, cells))
        get = lambda c: cell.get(c, "")  # noqa: E731
        row_id = f"{get('source_id')}:{get('start')}"
        bad = False
        for column in REQUIRED_COLUMNS:
            if not get(column):
                problems.append(Problem(EXCLUSIONS_FILE, line, row_id, column, "required", f"{column} must not be empty"))
                bad = True
        if get("start") and not get("start").isdigit():
            problems.append(Problem(EXCLUSIONS_FILE, line, row_id, "start", "type-error",
                                    f"{get('start')!r} is not a whole number (a code-point offset)"))
            bad = True
        if get("reason_code") and get("reason_code") not in REASON_CODES:
            problems.append(Problem(EXCLUSIONS_FILE, line, row_id, "reason_code", "not-in-vocabulary",
                                    f"{get('reason_code')!r} is not one of: {', '.join(REASON_CODES)}"))
        if get("start").isdigit():
            rows.append((Exclusion(line, get("source_id"), get("text"), int(get("start")), get("reason_code"),
                                   get("reason"), get("context")), not bad))
    return rows, problems


def match_exclusions(exclusions: list[Exclusion], sources: _Sources,
                     found: Mentions) -> tuple[dict[int, Exclusion], list[Problem]]:
    """Exclusions by the index in `found` of the number mention they name, and the problems of those that name
    none."""
    from ..arabic import locate

    matched: dict[int, Exclusion] = {}
    problems = []
    mentions: dict[int, dict[int, Mention]] = {}   # document index → its mentions, made for excluded ones only
    for ex in exclusions:
        row_id = f"{ex.source_id}:{ex.start}"
        k = sources.index.get(ex.source_id)
        if k is None:
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "source_id", "unknown-reference",
                                    f"{ex.source_id!r} is not a source_id in sources (with a readable document)"))
            continue
        file = sources.files[k]
        if k not in mentions:
            mentions[k] = sources.mentions(found, k)
        at = {m.start: i for i, m in mentions[k].items()}
        index = at.get(ex.start)
        mention = mentions[k][index] if index is not None else None
        if mention is None or mention.text != ex.text:
            same = [m.start for m in mentions[k].values() if m.text == ex.text]
            hint = (f"; the scanner finds {ex.text!r} at " + ", ".join(map(str, same))) if same else \
                f"; the scanner finds no number {ex.text!r} in {file}"
            if mention is not None:
                hint += f"; the number that starts at {ex.start} is {mention.text!r}"
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "start", "exclusion-not-a-number",
                                    f"no number mention {ex.text!r} starts at {ex.start} in {file}{hint} "
                                    "(run: syriacw audit --template)"))
            continue
        if index in matched:
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "start", "duplicate-id",
                                    f"{ex.text!r} at {ex.start} of {ex.source_id} is already excluded on line "
                                    f"{matched[index].line}"))
            continue
        document = sources.text(k)
        if ex.context and not any(a <= mention.start and mention.end <= b for a, b in locate(document, ex.context)):
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "context", "exclusion-context-mismatch",
                                    f"the context is not the text around {ex.text!r} at {ex.start}; there it reads "
                                    f"{plain_context(document, mention.start, mention.end)!r}"))
        matched[index] = ex
    return matched, problems
