"""`syriacw release`, `syriacw verify`, `syriacw cite`: versioned, citable, verifiable releases.

A release is built from raw/ and seeds/ (never from dataset/tables/), validated, and written once, atomically,
to dataset/releases/VERSION/. Its bytes depend only on the inputs and the release date — never on the clock,
the machine, the time zone or the library versions' names — so building it twice gives the same folder.
The release command then brings the repository's CITATION.cff, .zenodo.json, CHANGELOG.md and
tests/released_hashes.txt in step with it. See docs/releases.md.

Versions are semantic versions for data: MAJOR when a table or column is removed, renamed or retyped, a vocabulary
or a constraint narrows, rows are deleted, or a meaning changes; MINOR when rows, columns, tables or vocabulary
terms are added; PATCH for corrections of existing rows and descriptive metadata. The release command computes the
smallest bump the changes since the previous release require and refuses a smaller one (it cannot see a change
of meaning: that one is the maintainer's call).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from . import releases as rel
from .paths import check_version, version_key

HASH_LIST = Path("tests") / "released_hashes.txt"
CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
ZENODO = ".zenodo.json"
LEVELS = ("patch", "minor", "major")
LICENSES = {"CC-BY-4.0": {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                          "title": "Creative Commons Attribution 4.0 International"}}
DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

# Used when the repository has no CITATION.cff yet (the release then writes one); edit CITATION.cff, not this.
DEFAULT_CITATION = {
    "cff-version": "1.2.0",
    "message": "If you use this dataset, please cite the exact version you used; `syriacw cite VERSION` prints it.",
    "type": "dataset",
    "title": "syriacw: published figures and findings on chemical-weapons attacks in Syria, each traced to its "
             "source's words",
    "abstract": "A validated dataset of figures and findings about chemical-weapons attacks in Syria as published "
                "sources state them: who says how many of what, which incidents they describe, and what each "
                "organization asserts about them, every row quoting an archived document verbatim. Every row "
                "records a claim, not a fact.",
    "authors": [{"name": "syriacw contributors"}],
    "license": "CC-BY-4.0",
    "keywords": ["Syria", "chemical weapons", "casualty figures", "Arabic", "claims", "provenance"],
}
CFF_ORDER = ("cff-version", "message", "type", "title", "abstract", "authors", "version", "date-released", "doi",
             "identifiers", "license", "repository-code", "url", "keywords", "preferred-citation")


class ReleaseRefused(Exception):
    """The release cannot be made as asked; nothing was written."""


# --- commands --------------------------------------------------------------------------------------------------

def register(command) -> None:
    from .cli import _add_root

    c = command("release", cmd_release)
    c.add_argument("version", help="the new version, MAJOR.MINOR.PATCH (major: a column or meaning changes; "
                                   "minor: rows or columns added; patch: corrections)")
    c.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the release date recorded in the release (default: the date of the version's entry in "
                        "CHANGELOG.md; never the clock, so the release can be rebuilt byte for byte)")
    _add_root(c)
    c = command("verify", cmd_verify)
    c.add_argument("release", nargs="?", metavar="VERSION|PATH",
                   help="a version (looked up in the repository's dataset/releases/, then in the installed "
                        "package's) or a release folder (default: the newest release)")
    _add_root(c)
    c = command("cite", cmd_cite)
    c.add_argument("version", nargs="?", metavar="VERSION", help="the release to cite (default: the newest)")
    c.add_argument("--format", choices=("bibtex", "apa", "cff"), default="bibtex",
                   help="bibtex (default), apa (APA 7 reference), or cff (the release's CITATION.cff)")
    _add_root(c)


def cmd_release(args) -> int:
    """Build raw/ + seeds/ into the immutable, checksummed release dataset/releases/VERSION/.

    The release is validated, checked, and written once; then CITATION.cff, .zenodo.json, CHANGELOG.md and
    tests/released_hashes.txt are brought in step with it. It refuses an existing or smaller version, and a
    smaller version bump than the changes since the previous release need."""
    from .errors import ValidationFailed, format_text
    from .paths import find_root

    root = find_root(args.root)
    try:
        result = make_release(root, args.version, args.date)
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return 1
    except (ReleaseRefused, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in result["notes"]:
        print(f"note: {line}", file=sys.stderr)
    version, out = result["version"], result["folder"]
    print(f"released {version} ({result['date']}): {out}")
    print(f"  {len(result['files'])} files; fingerprint (sha256 of SHA256SUMS): {result['fingerprint']}")
    if result["changes"]:
        print(f"  changes since {result['previous']} (at least a {result['required']} release):")
        for level, reason in result["changes"]:
            print(f"    {level}: {reason}")
    print(f"  updated: {', '.join(result['updated'])}")
    paths = " ".join([str(out.relative_to(root)), *result["updated"]])
    print(f"next: git add {paths} && git commit -m 'Release {version}' && git tag v{version} && git push --tags;\n"
          "      then publish a GitHub release of the tag so that Zenodo archives it and gives it a DOI.")
    return 0


def cmd_verify(args) -> int:
    """Check a release's files against SHA256SUMS and datapackage.json and its tables against their schemas.

    Every file is re-hashed; every table is read as syriacw.load reads it and validated. Exit 1 naming each file
    that differs, 2 if there is no such release."""
    try:
        folder = rel.resolve(args.release, args.root)
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = rel.verify(folder)
    for problem in problems:
        print(f"FAILED {problem}")
    if problems:
        files = sorted({p.split(":", 1)[0] for p in problems})
        print(f"{folder}: {len(problems)} problem(s) in {', '.join(files)}", file=sys.stderr)
        return 1
    sums = rel.read_sums(folder)
    print(f"OK {folder}: {len(sums)} files match SHA256SUMS and datapackage.json; every table matches its schema")
    print(f"fingerprint (sha256 of SHA256SUMS): {rel.fingerprint(folder)}")
    return 0


def cmd_cite(args) -> int:
    """Print the citation of one exact release (default: the newest) as BibTeX, APA or CFF."""
    try:
        folder = rel.resolve(args.version, args.root)
        rel.verify_file(folder, rel.DATAPACKAGE)
        if args.format == "cff":
            rel.verify_file(folder, CITATION)
            sys.stdout.write((folder / CITATION).read_text(encoding="utf-8"))
            return 0
        package = json.loads((folder / rel.DATAPACKAGE).read_text(encoding="utf-8"))
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except rel.TamperedRelease as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    render = bibtex if args.format == "bibtex" else apa
    print(render(package, rel.fingerprint(folder)))
    return 0


# --- making a release ------------------------------------------------------------------------------------------

def make_release(root: Path, version: str, date: str | None = None) -> dict:
    """Build, check and write dataset/releases/VERSION/ under `root`, then update the repository's citation files,
    changelog and list of released hashes. Raises ReleaseRefused (or ValidationFailed) with nothing written."""
    from .build import build
    from .parquet import dump_json, parquet_bytes, write_folder_atomically
    from .validation.codebook import codebook_markdown, dtypes_json

    root = Path(root)
    version = check_version(version)
    releases_dir = root / "dataset" / "releases"
    out = releases_dir / version
    if out.exists():
        raise ReleaseRefused(f"{out} exists: a release is never overwritten; make a new version")
    existing = rel.versions(releases_dir)
    previous = existing[-1] if existing else None
    hash_list = root / HASH_LIST
    if hash_list.exists() and any(line.split("  ", 1)[-1].startswith(f"{version}/")
                                  for line in hash_list.read_text(encoding="utf-8").splitlines()):
        raise ReleaseRefused(f"{HASH_LIST} already lists files of {version}: it was released, and its folder "
                             "is gone; restore it from git rather than releasing it again")
    given = bump_level(previous, version) if previous else None
    changelog_path = root / CHANGELOG
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else None
    day, changelog_after, notes = release_date(version, date, changelog)
    if previous:
        damaged = rel.verify(releases_dir / previous)
        if damaged:
            raise ReleaseRefused(f"the previous release {previous} does not verify; fix it first:\n  "
                                 + "\n  ".join(damaged))
        previous_day = json.loads((releases_dir / previous / rel.DATAPACKAGE).read_text("utf-8"))["created"][:10]
        if day < previous_day:
            raise ReleaseRefused(f"release date {day} is before {previous}'s ({previous_day})")

    tables = build(root, write=False)  # raises ValidationFailed: nothing is released from invalid input
    citation = citation_metadata(root)
    cff_text = render_cff(citation, version, day)
    files: dict[str, bytes] = {f"{name}.parquet": parquet_bytes(frame) for name, frame in tables.items()}
    files["dtypes.json"] = dtypes_json().encode("utf-8")
    files["codebook.md"] = codebook_markdown().encode("utf-8")
    files[CITATION] = cff_text.encode("utf-8")
    if changelog_after is not None:
        files[CHANGELOG] = changelog_excerpt(changelog_after, version).encode("utf-8")
    package = datapackage(citation, version, day, tables, files)
    files[rel.DATAPACKAGE] = dump_json(package).encode("utf-8")
    files[rel.SUMS] = rel.sums_text(files).encode("utf-8")

    changes, required = [], None
    if previous:
        changes = changes_since(releases_dir / previous, package, files)
        required = max((level for level, _ in changes), key=LEVELS.index, default="patch")
        if LEVELS.index(given) < LEVELS.index(required):
            raise ReleaseRefused(f"{version} is a {given} release after {previous}, but the changes need at least "
                                 f"a {required} release:\n  "
                                 + "\n  ".join(f"{lvl}: {why}" for lvl, why in changes if lvl == required))
        if not changes:
            notes.append(f"nothing but the version changed since {previous}")

    with tempfile.TemporaryDirectory() as scratch:  # check the exact bytes before anything is published
        for name, data in files.items():
            (Path(scratch) / name).write_bytes(data)
        problems = rel.verify(Path(scratch))
        if problems:
            raise ReleaseRefused("the release does not verify:\n  " + "\n  ".join(problems))

    write_folder_atomically(out, files, replace=False)

    updated = []
    _write_text(root / CITATION, cff_text)
    updated.append(CITATION)
    zenodo_path = root / ZENODO
    existing_zenodo = json.loads(zenodo_path.read_text("utf-8")) if zenodo_path.exists() else {}
    _write_text(zenodo_path, dump_json(zenodo_metadata(citation, version, day, existing_zenodo)))
    updated.append(ZENODO)
    if changelog_after is not None and changelog_after != changelog:
        _write_text(changelog_path, changelog_after)
        updated.append(CHANGELOG)
    before = hash_list.read_text(encoding="utf-8") if hash_list.exists() else ""
    if before and not before.endswith("\n"):
        before += "\n"
    _write_text(hash_list, before + "".join(f"{line}\n" for line in rel.hash_list_lines(version, files)))
    updated.append(HASH_LIST.as_posix())
    return {"version": version, "date": day, "folder": out, "files": sorted(files), "previous": previous,
            "changes": changes, "required": required, "notes": notes, "updated": updated,
            "fingerprint": rel.sha256_hex(files[rel.SUMS])}


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.new-{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


def changes_since(previous: Path, package: dict, files: dict[str, bytes]) -> list[tuple[str, str]]:
    """What changed between the previous release (a folder) and this one, each with the smallest version bump it
    needs: [(level, reason)]. Structure and rows are compared; a change of meaning cannot be seen here."""
    old = json.loads((Path(previous) / rel.DATAPACKAGE).read_text(encoding="utf-8"))
    changes: list[tuple[str, str]] = []
    old_res = {r["name"]: r for r in old["resources"]}
    new_res = {r["name"]: r for r in package["resources"]}
    changes += [("major", f"table {n} removed") for n in old_res if n not in new_res]
    changes += [("minor", f"table {n} added") for n in new_res if n not in old_res]
    for name in (n for n in new_res if n in old_res):
        changes += _schema_changes(name, old_res[name]["schema"], new_res[name]["schema"])
        if old_res[name].get("hash") != new_res[name]["hash"]:
            changes += _row_changes(name, Path(previous) / old_res[name]["path"], old_res[name]["schema"],
                                    files[new_res[name]["path"]], new_res[name]["schema"])
    if old.get("licenses") != package.get("licenses"):
        changes.append(("major", "the licence changed"))
    for key in ("title", "description", "contributors", "keywords", "id", "homepage", "sources"):
        if old.get(key) != package.get(key):
            changes.append(("patch", f"metadata: {key} changed"))
    return changes


def _schema_changes(table: str, old: dict, new: dict) -> list[tuple[str, str]]:
    out = []
    old_f = {f["name"]: f for f in old["fields"]}
    new_f = {f["name"]: f for f in new["fields"]}
    out += [("major", f"column {table}.{c} removed (or renamed)") for c in old_f if c not in new_f]
    out += [("minor", f"column {table}.{c} added") for c in new_f if c not in old_f]
    common_old = [c for c in old_f if c in new_f]
    if common_old != [c for c in new_f if c in old_f]:
        out.append(("major", f"columns of {table} reordered"))
    for c in common_old:
        a, b = old_f[c], new_f[c]
        where = f"{table}.{c}"
        if a.get("type") != b.get("type"):
            out.append(("major", f"{where}: type {a.get('type')} → {b.get('type')}"))
        if a.get("unit") != b.get("unit"):
            out.append(("major", f"{where}: unit {a.get('unit')!r} → {b.get('unit')!r}"))
        ca, cb = a.get("constraints", {}), b.get("constraints", {})
        for flag in ("required", "unique"):
            if bool(ca.get(flag)) != bool(cb.get(flag)):
                out.append(("major" if cb.get(flag) else "minor", f"{where}: {flag} {bool(ca.get(flag))} → "
                                                                  f"{bool(cb.get(flag))}"))
        if ca.get("enum") != cb.get("enum"):
            if "enum" not in cb:
                out.append(("minor", f"{where}: no longer a closed vocabulary"))
            elif "enum" not in ca:
                out.append(("major", f"{where}: now a closed vocabulary"))
            else:
                gone = [t for t in ca["enum"] if t not in cb["enum"]]
                added = [t for t in cb["enum"] if t not in ca["enum"]]
                if gone:
                    out.append(("major", f"{where}: vocabulary terms removed: {', '.join(gone)}"))
                if added:
                    out.append(("minor", f"{where}: vocabulary terms added: {', '.join(added)}"))
        for key in ("pattern", "minimum", "maximum", "minLength", "maxLength"):
            if ca.get(key) != cb.get(key):
                out.append(("minor" if key not in cb else "major", f"{where}: constraint {key} "
                                                                   f"{ca.get(key)!r} → {cb.get(key)!r}"))
        if a.get("description") != b.get("description"):
            out.append(("patch", f"{where}: description changed (if its meaning changed, release a major version)"))
    if old.get("primaryKey") != new.get("primaryKey"):
        out.append(("major", f"{table}: primary key {old.get('primaryKey')} → {new.get('primaryKey')}"))
    old_fk = [json.dumps(fk, sort_keys=True) for fk in old.get("foreignKeys", [])]
    new_fk = [json.dumps(fk, sort_keys=True) for fk in new.get("foreignKeys", [])]
    out += [("major", f"{table}: foreign key added: {fk}") for fk in new_fk if fk not in old_fk]
    out += [("minor", f"{table}: foreign key removed: {fk}") for fk in old_fk if fk not in new_fk]
    return out


def _row_changes(table: str, old_path: Path, old_schema: dict, new_bytes: bytes, new_schema: dict):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pk = new_schema.get("primaryKey")
    old = pq.read_table(old_path).to_pandas()
    new = pq.read_table(pa.BufferReader(new_bytes)).to_pandas()
    if not isinstance(pk, str) or pk != old_schema.get("primaryKey") or pk not in old or pk not in new:
        return [("major", f"{table}: rows cannot be matched by primary key")]
    old_keys, new_keys = set(old[pk]), set(new[pk])
    out = []
    removed, added = sorted(old_keys - new_keys), sorted(new_keys - old_keys)
    if removed:
        out.append(("major", f"{len(removed)} row(s) removed from {table}, e.g. {', '.join(removed[:3])}"))
    if added:
        out.append(("minor", f"{len(added)} row(s) added to {table}"))
    columns = [c for c in new.columns if c in old.columns and c != pk]

    def rows(frame):
        frame = frame[frame[pk].isin(old_keys & new_keys)].set_index(pk)[columns].sort_index()
        return frame.astype(object).where(frame.notna(), None)

    a, b = rows(old), rows(new)
    changed = [k for k, x, y in zip(a.index, a.itertuples(index=False), b.itertuples(index=False)) if x != y]
    if changed:
        out.append(("patch", f"{len(changed)} row(s) of {table} corrected, e.g. {', '.join(map(str, changed[:3]))}"))
    return out


def bump_level(previous: str, version: str) -> str:
    """'major', 'minor' or 'patch': which of the three next versions after `previous` `version` is."""
    major, minor, patch = version_key(previous)
    nexts = {(major + 1, 0, 0): "major", (major, minor + 1, 0): "minor", (major, minor, patch + 1): "patch"}
    key = version_key(version)
    if key <= version_key(previous):
        raise ReleaseRefused(f"{version} is not greater than the last release, {previous}")
    if key not in nexts:
        options = ", ".join(".".join(map(str, k)) for k in nexts)
        raise ReleaseRefused(f"{version} skips versions: after {previous} comes one of {options}")
    return nexts[key]


# --- release date and changelog --------------------------------------------------------------------------------

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


# --- citation metadata -----------------------------------------------------------------------------------------

def citation_metadata(root: Path) -> dict:
    """The repository's CITATION.cff as a dict (DEFAULT_CITATION if there is none)."""
    path = Path(root) / CITATION
    if not path.exists():
        return json.loads(json.dumps(DEFAULT_CITATION))
    try:
        import yaml
    except ImportError:
        raise ReleaseRefused("reading CITATION.cff needs PyYAML: pip install pyyaml") from None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("title") or not data.get("authors"):
        raise ReleaseRefused(f"{path}: needs at least a title and authors")
    return data


def render_cff(meta: dict, version: str, day: str) -> str:
    """CITATION.cff for one release: the repository's metadata with this version and date, and a preferred
    citation of the dataset at this version (a preferred citation of another work, e.g. a paper, is kept)."""
    import yaml

    _CffDumper = _cff_dumper()
    cff = {k: v for k, v in meta.items() if k not in ("version", "date-released")}
    cff["version"] = version
    cff["date-released"] = dt.date.fromisoformat(day)
    preferred = meta.get("preferred-citation")
    if not isinstance(preferred, dict) or preferred.get("type") in (None, "data", "database"):
        preferred = {"type": "data", "title": cff["title"], "authors": cff["authors"], "version": version,
                     "date-released": cff["date-released"]}
        for key in ("doi", "url", "repository-code", "license"):
            if key in cff:
                preferred[key] = cff[key]
    cff["preferred-citation"] = preferred
    ordered = {k: cff[k] for k in CFF_ORDER if k in cff}
    ordered.update({k: v for k, v in cff.items() if k not in ordered})
    header = ("# Citation metadata of the newest release. `syriacw release VERSION` rewrites version, date-released\n"
              "# and preferred-citation; edit the other fields (authors, title, abstract, doi, ...) by hand.\n")
    body = yaml.dump(ordered, Dumper=_CffDumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=False)
    return header + body


def _cff_dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):  # write shared values (authors) out in full, not as &id001 anchors
            return True

    return Dumper


def _persons(authors: list[dict]) -> list[dict]:
    """CFF authors as {name, given, family, entity, orcid, affiliation, email}."""
    out = []
    for a in authors or []:
        given = " ".join(str(a[k]) for k in ("given-names",) if a.get(k))
        family = " ".join(str(a[k]) for k in ("name-particle", "family-names") if a.get(k))
        suffix = a.get("name-suffix")
        if family:
            name = " ".join(x for x in (given, family) if x) + (f", {suffix}" if suffix else "")
            out.append({"name": name, "given": given or None, "family": family + (f", {suffix}" if suffix else ""),
                        "entity": False})
        else:
            out.append({"name": str(a.get("name") or given or "anonymous"), "given": None, "family": None,
                        "entity": True})
        for k_out, k_in in (("orcid", "orcid"), ("affiliation", "affiliation"), ("email", "email")):
            if a.get(k_in):
                out[-1][k_out] = str(a[k_in])
    return out


def _doi(meta: dict) -> str | None:
    if meta.get("doi"):
        return str(meta["doi"])
    for ident in meta.get("identifiers") or []:
        if isinstance(ident, dict) and ident.get("type") == "doi":
            return str(ident["value"])
    return None


def datapackage(meta: dict, version: str, day: str, tables: dict, files: dict[str, bytes]) -> dict:
    """The release's Frictionless Data Package (v2) descriptor."""
    from .validation.frictionless import table_schema
    from .validation.schemas import TABLES

    contributors = []
    for p in _persons(meta.get("authors")):
        c = {"title": p["name"]}
        if p["given"]:
            c["givenName"] = p["given"]
        if p["family"]:
            c["familyName"] = p["family"]
        if p.get("orcid"):
            c["path"] = p["orcid"]
        if p.get("email"):
            c["email"] = p["email"]
        if p.get("affiliation"):
            c["organization"] = p["affiliation"]
        c["roles"] = ["author"]
        contributors.append(c)
    license_id = str(meta.get("license") or "CC-BY-4.0")
    package = {"$schema": DATAPACKAGE_PROFILE, "name": "syriacw"}
    doi = _doi(meta)
    if doi:
        package["id"] = f"https://doi.org/{doi}"
    package.update({"title": str(meta["title"]), "description": str(meta.get("abstract") or meta["title"]),
                    "version": version, "created": f"{day}T00:00:00Z"})
    homepage = meta.get("url") or meta.get("repository-code")
    if homepage:
        package["homepage"] = str(homepage)
    package["licenses"] = [LICENSES.get(license_id, {"name": license_id})]
    package["contributors"] = contributors
    if meta.get("keywords"):
        package["keywords"] = [str(k) for k in meta["keywords"]]
    package["sources"] = _sources(tables.get("sources"))
    resources = []
    for name in tables:
        data = files[f"{name}.parquet"]
        resources.append({
            "name": name, "type": "table", "path": f"{name}.parquet", "format": "parquet",
            "mediatype": "application/vnd.apache.parquet", "description": TABLES[name].description or "",
            "hash": f"sha256:{rel.sha256_hex(data)}",
            # The size is `byteSize` (DCAT's term), not the standard `bytes`: frictionless-py reads Parquet through
            # pyarrow without counting bytes, so `bytes` makes `frictionless validate` fail on a correct file.
            # `syriacw verify` checks both the hash and the size.
            "byteSize": len(data),
            "schema": table_schema(name),
        })
    package["resources"] = resources
    return package


def _sources(frame) -> list[dict]:
    if frame is None:
        return []
    out = []
    for row in frame.sort_values("source_id").itertuples(index=False):
        title = row.title if isinstance(row.title, str) and row.title else f"{row.source_id} (untitled document)"
        source = {"title": title}
        if isinstance(row.file, str) and row.file:  # an archived document; a citation has none
            source["path"] = row.file
        if isinstance(row.url, str) and row.url:
            source["url"] = row.url
        out.append(source)
    return out


def zenodo_metadata(meta: dict, version: str, day: str, existing: dict) -> dict:
    """.zenodo.json for the release: the fields derived from CITATION.cff are rewritten, any other kept."""
    creators = []
    for p in _persons(meta.get("authors")):
        c = {"name": p["name"] if p["entity"] else f"{p['family']}, {p['given']}" if p["given"] else p["family"]}
        if p.get("affiliation"):
            c["affiliation"] = p["affiliation"]
        if p.get("orcid"):
            c["orcid"] = p["orcid"].rsplit("/", 1)[-1]
        creators.append(c)
    derived = {"upload_type": "dataset", "title": str(meta["title"]),
               "description": str(meta.get("abstract") or meta["title"]), "creators": creators,
               "license": str(meta.get("license") or "CC-BY-4.0").lower(), "access_right": "open",
               "keywords": [str(k) for k in meta.get("keywords") or []], "version": version,
               "publication_date": day}
    out = {k: derived.get(k, v) for k, v in existing.items()}
    out.update({k: v for k, v in derived.items() if k not in out})
    return out


# --- citation formats ------------------------------------------------------------------------------------------

def _contributor_parts(package: dict) -> list[dict]:
    authors = [c for c in package.get("contributors", []) if "author" in c.get("roles", ["author"])]
    return authors or [{"title": "syriacw contributors"}]


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", str(text))


def bibtex(package: dict, fingerprint: str) -> str:
    version, day = package["version"], package["created"][:10]
    names = []
    for c in _contributor_parts(package):
        if c.get("familyName"):
            names.append(_bib_escape(f"{c['familyName']}, {c.get('givenName', '')}".rstrip(", ")))
        else:
            names.append("{" + _bib_escape(c["title"]) + "}")  # an organization: braces keep it one name
    fields = [("author", " and ".join(names)), ("title", "{" + _bib_escape(package["title"]) + "}"),
              ("year", day[:4]), ("month", str(int(day[5:7]))), ("version", version)]
    if package.get("id", "").startswith("https://doi.org/"):
        fields.append(("doi", package["id"][len("https://doi.org/"):]))
    if package.get("homepage"):
        fields.append(("url", package["homepage"]))
    fields.append(("note", f"Dataset, version {version}, released {day}. "
                           f"SHA-256 of the release's SHA256SUMS: {fingerprint}"))
    key = f"syriacw_{version.replace('.', '_')}"
    return "@misc{" + key + ",\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"


def _apa_name(c: dict) -> str:
    if not c.get("familyName"):
        return c["title"]
    initials = " ".join(f"{part[0]}." for part in re.split(r"[\s]+", c.get("givenName") or "") if part)
    return f"{c['familyName']}, {initials}".rstrip(", ")


def apa(package: dict, fingerprint: str | None = None) -> str:
    """APA 7 reference of a data set: Author. (Year). Title (Version X) [Data set]. DOI or URL."""
    names = [_apa_name(c) for c in _contributor_parts(package)]
    if len(names) == 1:
        who = names[0]
    elif len(names) <= 20:
        who = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        who = ", ".join(names[:19]) + ", . . . " + names[-1]
    who = who if who.endswith(".") else who + "."
    text = f"{who} ({package['created'][:4]}). {package['title']} (Version {package['version']}) [Data set]."
    link = package.get("id") if str(package.get("id", "")).startswith("https://doi.org/") else package.get("homepage")
    return f"{text} {link}" if link else text
