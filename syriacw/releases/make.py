"""Making a release: build raw/ + seeds/ into the immutable, checksummed dataset/releases/VERSION/.

A release is built from raw/ and seeds/ (never from dataset/tables/), validated, and written once, atomically,
to dataset/releases/VERSION/. Its bytes depend only on the inputs and the release date — never on the clock,
the machine, the time zone or the library versions' names — so building it twice gives the same folder.
The release command then brings the repository's CITATION.cff, .zenodo.json, CHANGELOG.md (these two with the
release's fingerprint) and, last, dataset/RELEASES.sha256 (releases/anchor.py) in step with it. See docs/releases.md.

Versions are semantic versions for data: MAJOR when a table or column is removed, renamed or retyped, a vocabulary
or a constraint narrows, rows are deleted, or a meaning changes; MINOR when rows, columns, tables or vocabulary
terms are added; PATCH for corrections of existing rows and descriptive metadata. The release command computes the
smallest bump the changes since the previous release require and refuses a smaller one (it cannot see a change
of meaning: that one is the maintainer's call).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..paths import check_version, version_key
from .anchor import ANCHOR, read_anchor
from .changelog import CHANGELOG, changelog_excerpt, release_date, with_fingerprint, without_fingerprint
from .checksums import DATAPACKAGE, SUMS, hash_list_lines, sums_text
from .citation import CITATION, ZENODO, citation_metadata, render_cff, zenodo_metadata
from .corrections import release_corrections
from .datapackage import datapackage
from .errors import ReleaseInterrupted, ReleaseRefused
from .find import versions
from .verify import table_resources, verify

HASH_LIST = Path("dataset") / ANCHOR
VERSION_FILE = Path("syriacw") / "VERSION"
LEVELS = ("patch", "minor", "major")


def make_release(root: Path, version: str, date: str | None = None) -> dict:
    """Build, check and write dataset/releases/VERSION/ under `root`, then update the repository's citation files,
    changelog and, last, the list of released files (dataset/RELEASES.sha256): a release is made when that list
    names it. Raises ReleaseRefused (or ValidationFailed) with nothing written, ReleaseInterrupted when the folder
    was written but not the rest. A folder the list does not name is a half-made release: this run completes it
    (its files are what this build gives) or rolls it back and makes it again, and says which in the notes."""
    from ..build import build
    from ..parquet import StagedFolder

    root = Path(root)
    version = check_version(version)
    releases_dir = root / "dataset" / "releases"
    out = releases_dir / version
    hash_list = releases_dir.parent / ANCHOR
    released = {key.split("/", 1)[0] for key in read_anchor(hash_list)}
    if version in released:
        if out.exists():
            raise ReleaseRefused(f"{out} exists: a release is never overwritten; make a new version")
        raise ReleaseRefused(f"{HASH_LIST} already lists files of {version}: it was released, and its folder "
                             "is gone; restore it from git rather than releasing it again")
    half_made = out.exists()
    if out.is_symlink() or (half_made and not out.is_dir()):
        raise ReleaseRefused(f"{out} is not a folder: move it away first")
    existing = [v for v in versions(releases_dir) if v != version]
    unfinished = [v for v in existing if v not in released]
    if unfinished:
        raise ReleaseRefused(f"release {unfinished[-1]} was interrupted ({HASH_LIST} does not list it): run "
                             f"`syriacw release {unfinished[-1]}` again to complete it first")
    previous = existing[-1] if existing else None
    given = bump_level(previous, version) if previous else None
    changelog_path = root / CHANGELOG
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else None
    if changelog is not None:  # an interrupted run of this release may have added its fingerprint line already
        changelog = without_fingerprint(changelog, version)
    day, changelog_after, notes = release_date(version, date, changelog)
    if previous:
        damaged = verify(releases_dir / previous)
        if damaged:
            raise ReleaseRefused(f"the previous release {previous} does not verify; fix it first:\n  "
                                 + "\n  ".join(damaged))
        previous_day = json.loads((releases_dir / previous / DATAPACKAGE).read_text("utf-8"))["created"][:10]
        if day < previous_day:
            raise ReleaseRefused(f"release date {day} is before {previous}'s ({previous_day})")

    tables = build(root, write=False)  # raises ValidationFailed: nothing is released from invalid input
    changelog_after = release_corrections(root, releases_dir / previous if previous else None, tables, version,
                                          changelog_after)
    citation = citation_metadata(root)
    staged = StagedFolder(out)  # every file written once, hashed as written, checked, then renamed into place
    try:
        files = _write_files(staged, tables, citation, version, day, changelog_after)
        changes, required = [], None
        if previous:
            package = json.loads((staged.path / DATAPACKAGE).read_text("utf-8"))
            changes = changes_since(releases_dir / previous, package, staged.path)
            required = max((level for level, _ in changes), key=LEVELS.index, default="patch")
            if LEVELS.index(given) < LEVELS.index(required):
                raise ReleaseRefused(f"{version} is a {given} release after {previous}, but the changes need at "
                                     f"least a {required} release:\n  "
                                     + "\n  ".join(f"{lvl}: {why}" for lvl, why in changes if lvl == required))
            if not changes:
                notes.append(f"nothing but the version changed since {previous}")
        problems = verify(staged.path, anchored=False)  # the exact bytes, as written, before anything is published
        if problems:
            raise ReleaseRefused("the release does not verify:\n  " + "\n  ".join(problems))
        if half_made:
            notes.append(_finish_half_made(out, staged))
        else:
            staged.publish(replace=False)
    finally:
        staged.discard()
    fingerprint = files[SUMS].sha256
    try:
        updated = _bring_in_step(root, version, day, citation, files, changelog, changelog_after, fingerprint)
    except OSError as exc:
        raise ReleaseInterrupted(f"{out} was written, but not the repository's files ({exc}); run `syriacw release "
                                 f"{version}` again to complete the release") from exc
    return {"version": version, "date": day, "folder": out, "files": sorted(files), "previous": previous,
            "changes": changes, "required": required, "notes": notes, "updated": updated,
            "fingerprint": fingerprint}


def _write_files(staged, tables: dict, citation: dict, version: str, day: str, changelog_after: str | None) -> dict:
    """Every file of the release, written into the staging folder `staged` as each is made (none is held in
    memory beside the others); returns name → Digest."""
    from ..exports.datasette import write_release_database
    from ..exports.release_files import write_release_files
    from ..parquet import dump_json
    from ..validation.codebook import codebook_markdown, dtypes_json

    staged.write("dtypes.json", dtypes_json().encode("utf-8"))
    write_release_files(tables, staged)  # described Parquet tables, csv/, answers/ (syriacw.exports)
    staged.write("codebook.md", codebook_markdown().encode("utf-8"))
    staged.write(CITATION, render_cff(citation, version, day).encode("utf-8"))
    if changelog_after is not None:
        staged.write(CHANGELOG, changelog_excerpt(changelog_after, version).encode("utf-8"))
    staged.write(DATAPACKAGE, dump_json(datapackage(citation, version, day, tables, staged.digests)).encode("utf-8"))
    write_release_database(staged)  # syriacw.sqlite and datasette.json: every table and answer, for Datasette
    staged.write(SUMS, sums_text(staged.digests).encode("utf-8"))
    return dict(staged.digests)


def _finish_half_made(out: Path, staged) -> str:
    """A release folder that an interrupted run wrote: kept if its files are exactly this build's (`staged`), else
    removed and replaced by it (it was never released: the list of released files does not name it)."""
    import shutil

    from .checksums import file_digest

    entries = list(out.rglob("*"))
    files = [p for p in entries if p.is_file() and not p.is_symlink()]
    folders = {p.relative_to(out).as_posix() for p in entries if p.is_dir() and not p.is_symlink()}
    same = ({p.relative_to(out).as_posix() for p in files} == set(staged.digests)
            and folders == {name.rsplit("/", 1)[0] for name in staged.digests if "/" in name}
            and all(file_digest(p) == staged.digests[p.relative_to(out).as_posix()] for p in files))
    if same:
        return f"completed the interrupted release {out.name}: its folder was already written"
    shutil.rmtree(out)
    staged.publish(replace=False)
    return (f"rolled back the half-made release {out.name} (its files differ from this build) and wrote it "
            "again")


def _bring_in_step(root: Path, version: str, day: str, citation: dict, files: dict,
                   changelog: str | None, changelog_after: str | None, fingerprint: str) -> list[str]:
    """CITATION.cff, .zenodo.json, CHANGELOG.md (with the fingerprint) and syriacw/VERSION, then the list of
    released files: each
    written whole (a rerun writes the same again), the list last, so that it names only finished releases."""
    from ..parquet import dump_json

    updated = []
    _write_text(root / CITATION, render_cff(citation, version, day, fingerprint))
    updated.append(CITATION)
    zenodo_path = root / ZENODO
    existing_zenodo = json.loads(zenodo_path.read_text("utf-8")) if zenodo_path.exists() else {}
    _write_text(zenodo_path, dump_json(zenodo_metadata(citation, version, day, existing_zenodo)))
    updated.append(ZENODO)
    if changelog_after is not None:
        _write_text(root / CHANGELOG, with_fingerprint(changelog_after, version, fingerprint))
        updated.append(CHANGELOG)
    if (root / VERSION_FILE).is_file():  # the package's version follows its newest data release
        _write_text(root / VERSION_FILE, f"{version}\n")
        updated.append(VERSION_FILE.as_posix())
    hash_list = root / "dataset" / ANCHOR
    before = hash_list.read_text(encoding="utf-8") if hash_list.exists() else ""
    if before and not before.endswith("\n"):
        before += "\n"
    _write_text(hash_list, before + "".join(f"{line}\n" for line in hash_list_lines(version, files)))
    updated.append(HASH_LIST.as_posix())
    return updated


def _write_text(path: Path, text: str) -> None:
    """Each repository file the release brings in step, whole or not at all (one name the tests can interrupt)."""
    from ..parquet import write_whole

    write_whole(path, text)


def changes_since(previous: Path, package: dict, folder: Path) -> list[tuple[str, str]]:
    """What changed between the previous release (a folder) and this one (`package`, its files in `folder`), each
    with the smallest version bump it needs: [(level, reason)]. Structure and rows are compared; a change of
    meaning cannot be seen here."""
    old = json.loads((Path(previous) / DATAPACKAGE).read_text(encoding="utf-8"))
    changes: list[tuple[str, str]] = []
    old_res = {r["name"]: r for r in table_resources(old)}
    new_res = {r["name"]: r for r in table_resources(package)}
    changes += [("major", f"table {n} removed") for n in old_res if n not in new_res]
    changes += [("minor", f"table {n} added") for n in new_res if n not in old_res]
    for name in (n for n in new_res if n in old_res):
        changes += _schema_changes(name, old_res[name]["schema"], new_res[name]["schema"])
        if old_res[name].get("hash") != new_res[name]["hash"]:
            changes += _row_changes(name, Path(previous) / old_res[name]["path"], old_res[name]["schema"],
                                    Path(folder) / new_res[name]["path"], new_res[name]["schema"])
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


def _row_changes(table: str, old_path: Path, old_schema: dict, new_path: Path, new_schema: dict):
    import pyarrow.parquet as pq

    pk = new_schema.get("primaryKey")
    old = pq.read_table(old_path).to_pandas()
    new = pq.read_table(new_path).to_pandas()
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

