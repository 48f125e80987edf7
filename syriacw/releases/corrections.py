"""seeds/corrections.csv: why each released row changed, as data.

One row per corrected row of a table and per release that corrects it: the row (table, row_id), the columns
corrected (`fields`, separated by `;`, or `*` for a row removed), the reason, and the version that ships the
correction (`corrected_in`). The release command refuses a release in which a row of the previous release
changes (or goes) without a correction for that version naming every typed column that changed; it then writes
the CHANGELOG's "Corrections" section of that version from these rows. A column added to a table is a change of
schema (the release's semantic version says so), not a correction of its rows; cells compared are those of the
columns both releases have.

Codes of problems with the file: csv-*/file-not-utf8, missing-column, unknown-column, required, duplicate-id,
not-in-vocabulary (table), bad-format (corrected_in), unknown-column (a field the table does not have),
unknown-reference (a row_id not in the table, unless the row was removed: fields `*`).
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..paths import TABLE_NAMES, check_version
from .errors import ReleaseRefused

CORRECTIONS_FILE = "seeds/corrections.csv"
COLUMNS = ("correction_id", "table", "row_id", "fields", "reason", "corrected_in", "notes")
REQUIRED = ("correction_id", "table", "row_id", "fields", "reason", "corrected_in")
REMOVED = "*"
CHANGELOG_HEADING = "### Corrections"
CHANGELOG_WIDTH = 116


@dataclass(frozen=True)
class Correction:
    line: int
    correction_id: str
    table: str
    row_id: str
    fields: tuple[str, ...]
    reason: str
    corrected_in: str
    notes: str


def read_corrections(root: Path) -> tuple[list[Correction], list[Problem]]:
    """The corrections of a repository (none if the file is absent) and the problems of the file itself."""
    from ..csvio import parse_csv
    from ..validation.schemas import TABLES

    path = Path(root) / CORRECTIONS_FILE
    if not path.exists():
        return [], []
    table, problems = parse_csv(path.read_bytes(), CORRECTIONS_FILE, "corrections")
    if table is None:
        return [], problems
    problems += [Problem(CORRECTIONS_FILE, 1, None, c, "missing-column", f"the header has no column {c!r}")
                 for c in COLUMNS if c not in table.header]
    problems += [Problem(CORRECTIONS_FILE, 1, None, c, "unknown-column",
                         f"{c!r} is not a column of this file; expected: {', '.join(COLUMNS)}")
                 for c in table.header if c not in COLUMNS]
    out, seen = [], set()
    for line, cells in zip(table.lines, table.rows):
        row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(table.header)}
        row = {c: row.get(c, "") for c in COLUMNS}
        found = _row_problems(line, row, seen, TABLES)
        problems += found
        if not found:
            fields = tuple(f.strip() for f in row["fields"].split(";") if f.strip())
            out.append(Correction(line, row["correction_id"], row["table"], row["row_id"], fields, row["reason"],
                                  check_version(row["corrected_in"]), row["notes"]))
    return out, problems


def _row_problems(line: int, row: dict, seen: set, tables) -> list[Problem]:
    rid = row["correction_id"] or None

    def problem(column, code, message):
        return Problem(CORRECTIONS_FILE, line, rid, column, code, message)

    problems = [problem(c, "required", f"{c} must not be empty") for c in REQUIRED if not row[c]]
    if rid in seen:
        problems.append(problem("correction_id", "duplicate-id", f"the ID {rid!r} is used by more than one row"))
    seen.add(rid)
    if row["table"] and row["table"] not in TABLE_NAMES:
        problems.append(problem("table", "not-in-vocabulary",
                                f"{row['table']!r} is not one of: {', '.join(TABLE_NAMES)}"))
    elif row["table"] and row["fields"] != REMOVED:
        columns = tables[row["table"]].columns
        problems += [problem("fields", "unknown-column",
                             f"{f!r} is not a column of this table; expected: {', '.join(columns)}")
                     for f in (f.strip() for f in row["fields"].split(";")) if f and f not in columns]
    if row["corrected_in"]:
        try:
            check_version(row["corrected_in"])
        except ValueError:
            problems.append(problem("corrected_in", "bad-format",
                                    f"{row['corrected_in']!r} does not have the required form (MAJOR.MINOR.PATCH)"))
    return problems


def check_corrections(root: Path, tables: dict) -> list[Problem]:
    """Problems of seeds/corrections.csv against the built tables (for the build): a corrected row must exist,
    unless it was removed."""
    from ..validation.schemas import PRIMARY_KEYS

    corrections, problems = read_corrections(root)
    ids = {}
    for c in corrections:
        if c.fields == (REMOVED,) or c.table not in tables:
            continue
        if c.table not in ids:
            ids[c.table] = set(tables[c.table][PRIMARY_KEYS[c.table]].tolist())
        if c.row_id not in ids[c.table]:
            problems.append(Problem(CORRECTIONS_FILE, c.line, c.correction_id, "row_id", "unknown-reference",
                                    f"{c.row_id!r} is not a {PRIMARY_KEYS[c.table]} in {c.table}"))
    return problems


def uncorrected(diff: dict, corrections: list[Correction], version: str) -> list[str]:
    """Each row of the previous release that changed or went without a correction of `version` naming every typed
    (not derived) column that changed: one line per row, naming it and the columns."""
    from ..validation.schemas import TABLES

    mine = {(c.table, c.row_id): set(c.fields) for c in corrections if c.corrected_in == version}
    missing = []
    for table, d in diff.items():
        for key in d["removed"]:
            if REMOVED not in mine.get((table, key), set()):
                missing.append(f"{table} {key}: removed (add a correction with fields {REMOVED})")
        for key, cells in d["changed"].items():
            typed = [c for c in cells if not TABLES[table].columns[c].metadata["derived"]] or list(cells)
            named = mine.get((table, key))
            if named is None:
                missing.append(f"{table} {key}: {', '.join(cells)} changed, and no correction of {version} names it")
            elif REMOVED not in named and set(typed) - named:
                missing.append(f"{table} {key}: the correction of {version} does not name "
                               f"{', '.join(sorted(set(typed) - named))}")
    return missing


def changelog_section(corrections: list[Correction], version: str) -> str:
    """The CHANGELOG's corrections section of `version`, from the corrections seed ('' when there are none)."""
    mine = sorted((c for c in corrections if c.corrected_in == version), key=lambda c: (c.table, c.row_id))
    if not mine:
        return ""
    lines = [CHANGELOG_HEADING, "", f"Generated from `{CORRECTIONS_FILE}` by the release command.", ""]
    for c in mine:
        what = "row removed" if c.fields == (REMOVED,) else ", ".join(f"`{f}`" for f in c.fields)
        lines.append(textwrap.fill(f"- {c.table} `{c.row_id}` ({what}): {c.reason}", CHANGELOG_WIDTH,
                                   subsequent_indent="  ", break_long_words=False, break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def with_section(changelog: str, version: str, section: str) -> str:
    """The changelog with `version`'s corrections section replaced by (or, if it has none, ended with) `section`."""
    from .changelog import _same_version, changelog_entries

    entry = next((e for e in changelog_entries(changelog) if _same_version(e["label"], version)), None)
    if entry is None or not section:
        return changelog
    body = changelog[entry["heading_end"]:entry["end"]]
    heading = re.search(rf"^{re.escape(CHANGELOG_HEADING)}[ \t]*$", body, re.M)
    if heading:
        after = re.search(r"^#{2,3} ", body[heading.end():], re.M)
        end = heading.end() + after.start() if after else len(body)
        # a blank line before what follows: the entry's next heading, or the next version's entry
        body = body[:heading.start()] + section + ("\n" if after or entry["end"] < len(changelog) else "") + body[end:]
    else:
        body = body.rstrip("\n") + "\n\n" + section + ("\n" if entry["end"] < len(changelog) else "")
    return changelog[:entry["heading_end"]] + body + changelog[entry["end"]:]


def release_corrections(root: Path, previous: Path | None, tables: dict, version: str,
                        changelog: str | None) -> str | None:
    """The release command's hook: refuse `version` if a row of the `previous` release changed without its
    correction; return the changelog with the version's corrections section written from the seed."""
    from .diff import diff_frames, table_frames

    corrections, problems = read_corrections(root)
    if problems:
        raise ReleaseRefused(f"{CORRECTIONS_FILE} is not valid:\n  " + "\n  ".join(p.as_text() for p in problems))
    if previous is not None:
        missing = uncorrected(diff_frames(table_frames(previous), tables), corrections, version)
        if missing:
            raise ReleaseRefused(f"rows of {previous.name} change in {version} without a correction in "
                                 f"{CORRECTIONS_FILE}:\n  " + "\n  ".join(missing))
    return changelog if changelog is None else with_section(changelog, version, changelog_section(corrections, version))
