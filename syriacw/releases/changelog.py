"""CHANGELOG.md and releases: the date of a version's entry, the changelog as it reads after the release, and
the excerpt shipped inside the release."""
from __future__ import annotations

import datetime as dt
import re

from ..paths import check_version
from .errors import ReleaseRefused

CHANGELOG = "CHANGELOG.md"

_HEADING = re.compile(r"^## \[(?P<label>[^\]]+)\][ \t]*(?:[-–—][ \t]*(?P<when>[^\n]*?))?[ \t]*$", re.M)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_day(text: str, what: str) -> str:
    if not _DAY.match(text or ""):
        raise ReleaseRefused(f"{what} {text!r} is not a date of the form YYYY-MM-DD")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ReleaseRefused(f"{what} {text!r} is not a real date") from None
    return text


def changelog_entries(text: str) -> list[dict]:
    """The `## [LABEL] - WHEN` sections of a changelog, in order: label, when (or None), start, end, body."""
    matches = list(_HEADING.finditer(text))
    entries = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        entries.append({"label": m["label"].strip(), "when": (m["when"] or "").strip() or None,
                        "start": m.start(), "heading_end": m.end(), "end": end, "body": text[m.end():end].strip()})
    return entries


def dated_entries(text: str) -> dict[str, str]:
    """{version: YYYY-MM-DD} for every changelog entry of a released version."""
    out = {}
    for entry in changelog_entries(text):
        if entry["when"] and _DAY.match(entry["when"]) and entry["label"].lower() != "unreleased":
            out[check_version(entry["label"])] = entry["when"]
    return out


def release_date(version: str, date: str | None, changelog: str | None) -> tuple[str, str | None, list[str]]:
    """The release date (from --date, else from the version's CHANGELOG entry) and the changelog as it must read
    after the release: the version's entry dated, or the [Unreleased] entry renamed to the version."""
    notes: list[str] = []
    if date is not None:
        _check_day(date, "--date")
    if changelog is None:
        if date is None:
            raise ReleaseRefused("give the release date with --date YYYY-MM-DD (there is no CHANGELOG.md)")
        notes.append("there is no CHANGELOG.md; a release should say what data changed and why")
        return date, None, notes
    entries = changelog_entries(changelog)
    mine = [e for e in entries if _same_version(e["label"], version)]
    if mine:
        entry = mine[0]
        if entry["when"] and _DAY.match(entry["when"]):
            if date is not None and date != entry["when"]:
                raise ReleaseRefused(f"--date {date} differs from CHANGELOG.md's date for {version} "
                                     f"({entry['when']})")
            day = _check_day(entry["when"], f"CHANGELOG.md's date for {version}")
        elif date is None:
            raise ReleaseRefused(f"CHANGELOG.md's entry for {version} has no date; give it with --date YYYY-MM-DD")
        else:
            day = date
    else:
        unreleased = [e for e in entries if e["label"].lower() == "unreleased"]
        if not unreleased or not unreleased[0]["body"]:
            raise ReleaseRefused(f"CHANGELOG.md has no entry for {version} (nor an [Unreleased] one): say what "
                                 "data changed and why before releasing")
        if date is None:
            raise ReleaseRefused(f"give the release date of {version} with --date YYYY-MM-DD")
        entry, day = unreleased[0], date
    if not entry["body"]:
        raise ReleaseRefused(f"CHANGELOG.md's entry for {version} is empty: say what data changed and why")
    if "TODO" in entry["body"]:
        raise ReleaseRefused(f"CHANGELOG.md's entry for {version} still says TODO: finish it before releasing")
    heading = f"## [{version}] - {day}"
    after = changelog[:entry["start"]] + heading + changelog[entry["heading_end"]:]
    if entry["label"].lower() == "unreleased":
        after = changelog[:entry["start"]] + "## [Unreleased]\n\n" + heading + changelog[entry["heading_end"]:]
    return day, after, notes


def _same_version(label: str, version: str) -> bool:
    try:
        return check_version(label) == version
    except ValueError:
        return False


def changelog_excerpt(text: str, version: str) -> str:
    """The changelog as shipped in a release: its preamble and the entries from `version` back to the first."""
    entries = changelog_entries(text)
    start = next(e["start"] for e in entries if _same_version(e["label"], version))
    preamble = text[:entries[0]["start"]] if entries else ""
    return preamble + text[start:].rstrip("\n") + "\n"



def _fingerprint_line(version: str) -> str:
    return f"Fingerprint of {version} (sha256 of its SHA256SUMS): "


def without_fingerprint(text: str, version: str) -> str:
    """The changelog without the fingerprint line of `version` (the line a release adds under its entry)."""
    prefix = _fingerprint_line(version)
    return re.sub(rf"^{re.escape(prefix)}`[0-9a-f]{{64}}`\n\n", "", text, flags=re.M)


def with_fingerprint(text: str, version: str, fingerprint: str) -> str:
    """The changelog with `version`'s fingerprint as the first line of its entry."""
    text = without_fingerprint(text, version)
    entry = next(e for e in changelog_entries(text) if _same_version(e["label"], version))
    body_start = entry["heading_end"] + 2 if text[entry["heading_end"]:entry["heading_end"] + 2] == "\n\n" else None
    line = f"{_fingerprint_line(version)}`{fingerprint}`\n\n"
    if body_start is None:
        return text[:entry["heading_end"]] + "\n\n" + line + text[entry["heading_end"]:].lstrip("\n")
    return text[:body_start] + line + text[body_start:]
