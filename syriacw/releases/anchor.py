"""The anchor of every release: dataset/RELEASES.sha256, outside every release folder and shipped with the package,
lists the sha256 of every released file as `SHA256  VERSION/NAME` (so `cd dataset/releases && sha256sum -c
../RELEASES.sha256` checks them all). A release's fingerprint is the hash it lists for VERSION/SHA256SUMS.

A file rewritten together with its hash in datapackage.json and SHA256SUMS still differs from the anchor, so every
reader (load, connect, sql, reconcile, report) takes a release's bytes from read_checked(), which checks the folder
(a real folder, named as its datapackage.json's version, listed by the anchor) and the file against SHA256SUMS and
the anchor. Hashing and JSON only; each file is hashed once per process while it stays the same (size, inode, mtime and ctime).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import paths
from .checksums import DATAPACKAGE, SUMS, compare_files, parse_sums, read_with_digest
from .errors import TamperedRelease

ANCHOR = "RELEASES.sha256"
_checked_folders: set[tuple] = set()  # (folder, stat of SHA256SUMS, datapackage.json and the anchor)


def anchor_path(folder: Path) -> Path:
    """The anchor a release folder answers to: RELEASES.sha256 beside its releases/ folder, else (a folder given
    by path, outside a dataset/releases/) the installed package's."""
    folder = Path(folder)
    beside = folder.parent.parent / ANCHOR
    if folder.parent.name == "releases" and beside.is_file():
        return beside
    return paths.package_dataset() / ANCHOR


def read_anchor(path: Path) -> dict[str, str]:
    """`VERSION/NAME` → sha256 for every released file the anchor lists ({} if there is no anchor)."""
    path = Path(path)
    return parse_sums(path.read_text(encoding="utf-8"), str(path)) if path.is_file() else {}


def anchored(folder: Path, version: str | None = None) -> dict[str, str]:
    """NAME → sha256 of every file of release `version` (default: the folder's name), as the anchor lists them;
    TamperedRelease if it lists none."""
    folder = Path(folder)
    version = version or folder.name
    path = anchor_path(folder)
    prefix = f"{version}/"
    listed = {key[len(prefix):]: digest for key, digest in read_anchor(path).items() if key.startswith(prefix)}
    if not listed:
        raise TamperedRelease(f"{folder}: release {version} is not listed in {path}, the list of released files")
    return listed


def _read(path: Path) -> tuple[bytes, str]:
    """The file's bytes and their sha256 (hashed once per process while the file is unchanged: checksums)."""
    if not path.is_file():
        raise TamperedRelease(f"{path}: missing")
    data, digest = read_with_digest(path)
    return data, digest.sha256


def _compare(path: Path, name: str, digest: str, sums: dict[str, str], listed: dict[str, str], anchor: Path):
    if listed.get(name) != digest:
        raise TamperedRelease(f"{path}: sha256 {digest} differs from the released file's, as {anchor} lists it "
                              f"({listed.get(name, 'not listed')})")
    if sums.get(name) != digest:
        raise TamperedRelease(f"{path}: sha256 {digest} differs from {SUMS} ({sums.get(name, 'not listed')})")


def _identity(folder: Path) -> tuple[dict[str, str], dict[str, str], tuple]:
    """(SHA256SUMS, the anchor's hashes, a key for the folder's state) of a folder that is what it claims to be: a
    real folder (not a symlink), a release the anchor lists, and — in a releases/ folder — named as its
    datapackage.json's version (a copy elsewhere, given by path, is taken for the version it declares)."""
    if folder.is_symlink():
        raise TamperedRelease(f"{folder}: a symlink; a release is read only from a real folder")
    anchor = anchor_path(folder)
    sums_bytes, sums_digest = _read(folder / SUMS)
    package_bytes, package_digest = _read(folder / DATAPACKAGE)
    key = (str(folder.resolve()), str(anchor), sums_digest, package_digest, _stat(anchor))
    version = _declared_version(folder, package_bytes)
    if is_release(folder) and version != folder.name:
        raise TamperedRelease(f"{folder}: the folder is named {folder.name} but holds release {version} "
                              f"(its {DATAPACKAGE} says so)")
    sums = parse_sums(sums_bytes.decode("utf-8", "replace"), str(folder / SUMS))
    return sums, anchored(folder, version), key


def _check_records(folder: Path, sums: dict[str, str], listed: dict[str, str], key: tuple) -> None:
    """SHA256SUMS and datapackage.json are the released ones (once per process and state of the folder)."""
    if key in _checked_folders:
        return
    anchor = anchor_path(folder)
    if listed.get(SUMS) != key[2]:
        changed = sorted(name for name in set(sums) | set(listed) if name != SUMS and sums.get(name) != listed.get(name))
        raise TamperedRelease(f"{folder / SUMS}: differs from the released one ({anchor} lists its sha256 as "
                              f"{listed.get(SUMS, 'nothing')}); the release was rewritten: "
                              f"{', '.join(changed) or 'its lines'} differ from the released files")
    _compare(folder / DATAPACKAGE, DATAPACKAGE, key[3], sums, listed, anchor)
    _checked_folders.add(key)


def check_folder(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(SHA256SUMS, the anchor's hashes) of a release folder that is what it claims to be (see _identity) and
    whose SHA256SUMS and datapackage.json are the released ones; TamperedRelease otherwise."""
    folder = Path(folder)
    sums, listed, key = _identity(folder)
    _check_records(folder, sums, listed, key)
    return sums, listed


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return ()
    return st.st_size, st.st_mtime_ns


def _declared_version(folder: Path, package_bytes: bytes) -> str:
    try:
        version = json.loads(package_bytes.decode("utf-8")).get("version")
    except (UnicodeDecodeError, ValueError, AttributeError):
        raise TamperedRelease(f"{folder / DATAPACKAGE}: not a JSON object") from None
    return str(version)


def read_checked(folder: Path, name: str) -> bytes:
    """The bytes of a release's file, read once: the folder checked (check_folder), the bytes hashed and compared
    with SHA256SUMS and the anchor. Parse these bytes, not the file again."""
    folder = Path(folder)
    sums, listed, key = _identity(folder)
    data, digest = _read(folder / name)
    _compare(folder / name, name, digest, sums, listed, anchor_path(folder))  # the file asked for is named first
    _check_records(folder, sums, listed, key)
    return data


def is_release(folder: Path) -> bool:
    """A folder under a releases/ folder (as opposed to dataset/tables, the current build, or the hidden folder
    .VERSION.new-PID that a release is written into before it is checked and renamed)."""
    return Path(folder).parent.name == "releases" and not Path(folder).name.startswith(".")


def anchor_problems(folder: Path) -> list[str]:
    """For `syriacw verify`: the folder itself, and every file of the release against the anchor. Each problem
    starts with the name of the file it is about (or the folder's). A copy outside a releases/ folder of a version
    the anchor does not list has nothing to be compared with: [] (see listed_version)."""
    folder = Path(folder)
    if not is_release(folder) and listed_version(folder) is None:
        return []
    try:
        sums, listed, key = _identity(folder)
        _check_records(folder, sums, listed, key)
    except TamperedRelease as exc:
        problem = str(exc).removeprefix(f"{folder}/")  # about one file of the folder: start with its name
        first = [problem]
    else:
        first = []
    try:
        listed = anchored(folder, None if is_release(folder) else listed_version(folder))
    except TamperedRelease:
        return first
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()} \
        if folder.is_dir() else set()
    named = {p.split(":", 1)[0] for p in first}
    found = compare_files(folder, present, listed, str(anchor_path(folder)))
    return first + [p for p in found if p.split(":", 1)[0] not in named]


def listed_version(folder: Path) -> str | None:
    """The version a release folder declares (datapackage.json), if the anchor lists it; else None."""
    folder = Path(folder)
    try:
        version = _declared_version(folder, (folder / DATAPACKAGE).read_bytes())
        anchored(folder, version)
    except (OSError, TamperedRelease):
        return None
    return version
