"""Checksums of a release: SHA256SUMS (sha256sum format) listing every other file, datapackage.json's hash and size
of every table, and the repository's list of released hashes. Hashing and JSON only."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from ..paths import check_version
from .errors import TableNotInRelease, TamperedRelease
from .find import versions

SUMS = "SHA256SUMS"
SUBFOLDERS = ("answers", "csv")  # a release's only folders (syriacw.exports): files one level down, nothing deeper
DATAPACKAGE = "datapackage.json"
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](\S(?:.*\S)?)$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Digest(NamedTuple):
    """A file's sha256 (hex) and size, taken once, as it is written."""
    sha256: str
    size: int

    @classmethod
    def of(cls, data: bytes) -> Digest:
        return cls(sha256_hex(data), len(data))

    @classmethod
    def of_file(cls, fh) -> Digest:
        digest = hashlib.file_digest(fh, "sha256")
        return cls(digest.hexdigest(), fh.tell())


# (path, size, inode, mtime_ns, ctime_ns) → Digest: every reader of a release (verify, the report, load, the anchor)
# hashes a file once per process, again only if it changed since (a copy that keeps the modification time still
# changes the ctime, which no user can set)
_digests: dict[tuple, Digest] = {}


def _stat_key(path: Path) -> tuple:
    st = Path(path).stat()
    return str(path), st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns


def file_digest(path: Path) -> Digest:
    key = _stat_key(path)
    if key not in _digests:
        with open(path, "rb") as fh:
            _digests[key] = Digest.of_file(fh)
    return _digests[key]


def read_with_digest(path: Path) -> tuple[bytes, Digest]:
    """The file's bytes and their Digest (from the memo above when the file is unchanged since it was hashed)."""
    key = _stat_key(path)
    data = Path(path).read_bytes()
    known = _digests.get(key)
    if known is not None and known.size == len(data):
        return data, known
    found = Digest.of(data)
    if key[1] == len(data):  # not changed between the stat and the read
        _digests[key] = found
    return data, found


def file_digests(folder: Path, names) -> dict[str, Digest]:
    """name → Digest of each file, each read and hashed once, two at a time (hashlib hashes without the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    names = sorted(names)
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(names, pool.map(file_digest, [Path(folder) / name for name in names])))


def digest(data: bytes | Digest) -> Digest:
    """A file's Digest, from its bytes or as taken already."""
    return data if isinstance(data, Digest) else Digest.of(data)


def sums_text(files: Mapping[str, bytes | Digest]) -> str:
    """SHA256SUMS for `files` (name → bytes, or their Digest): `sha256sum` format, sorted by name, so
    `sha256sum -c` checks it."""
    return "".join(f"{digest(data).sha256}  {name}\n" for name, data in sorted(files.items()) if name != SUMS)


def parse_sums(text: str, where: str) -> dict[str, str]:
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            raise TamperedRelease(f"{where}: line {number} is not `SHA256  NAME`: {line!r}")
        digest, name = match.groups()
        if name in sums:
            raise TamperedRelease(f"{where}: {name} is listed twice")
        sums[name] = digest
    return sums


def read_sums(folder: Path) -> dict[str, str]:
    path = Path(folder) / SUMS
    if not path.exists():
        raise TamperedRelease(f"{path}: SHA256SUMS is missing")
    return parse_sums(path.read_text(encoding="utf-8"), str(path))


def verify_file(folder: Path, name: str, sums: dict[str, str] | None = None) -> None:
    sums = read_sums(folder) if sums is None else sums
    if name not in sums:
        raise TamperedRelease(f"{folder / name}: not listed in SHA256SUMS")
    path = folder / name
    if not path.exists():
        raise TamperedRelease(f"{path}: missing")
    digest = sha256_hex(path.read_bytes())
    if digest != sums[name]:
        raise TamperedRelease(f"{path}: sha256 {digest} differs from SHA256SUMS ({sums[name]})")


def check_table_released(folder: Path, table: str) -> None:
    """TableNotInRelease when the release never had `table` (absent, and not in its SHA256SUMS), naming the first
    release beside it that has it; a file present but unlisted is left to verify_file (TamperedRelease)."""
    name = f"{table}.parquet"
    if name in read_sums(folder) or (folder / name).exists():
        return
    later = [v for v in versions(folder.parent) if (folder.parent / v / name).exists()]
    first = f" (first in {later[0]})" if later else ""
    raise TableNotInRelease(f"{table} is not in release {folder.name}{first}")


def fingerprint(folder: Path) -> str:
    """sha256 of the release's SHA256SUMS: one hash that pins every file of the release (printed by cite)."""
    return sha256_hex((Path(folder) / SUMS).read_bytes())


def check_files(folder: Path) -> list[str]:
    """Every file against SHA256SUMS, and every table against datapackage.json's hash and size.
    Each problem starts with the name of the file it is about."""
    folder = Path(folder)
    problems: list[str] = []
    try:
        sums = read_sums(folder)
    except TamperedRelease as exc:
        return [f"{SUMS}: {exc}"]
    present = set()
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name == SUMS or (path.is_dir() and not path.is_symlink() and name in SUBFOLDERS):
            continue
        if path.is_symlink() or not path.is_file():
            problems.append(f"{name}: not a file; a release holds files only (and the folders "
                            f"{', '.join(SUBFOLDERS)})")
            continue
        present.add(name)
    digests = file_digests(folder, present)
    problems += compare_files(folder, present, sums, SUMS, digests)
    package, found = read_datapackage(folder)
    problems += found
    for resource in (package or {}).get("resources", []):
        name = resource.get("path", "")
        if not isinstance(name, str) or name not in present:
            problems.append(f"{name}: in {DATAPACKAGE} but not a file of the release")
            continue
        sha256, size = digests[name]
        expected_hash, expected_size = resource.get("hash"), resource.get("byteSize")
        if expected_hash != f"sha256:{sha256}":
            problems.append(f"{name}: sha256 {sha256} differs from {DATAPACKAGE} ({expected_hash})")
        if expected_size != size:
            problems.append(f"{name}: {size} bytes, {DATAPACKAGE} says {expected_size}")
    if package is not None:
        listed = {r.get("path") for r in package.get("resources", [])}
        for name in sorted(present):
            if name.endswith(".parquet") and name not in listed:
                problems.append(f"{name}: a table that {DATAPACKAGE} does not describe")
    return problems


def compare_files(folder: Path, present: set[str], expected: dict[str, str], record: str,
                  digests: dict[str, Digest] | None = None) -> list[str]:
    """Every file of `folder` that is `present` or `expected` (NAME → sha256, from the list named `record`): listed,
    there, and with that hash (from `digests` when the caller took them). Each problem starts with the file's
    name."""
    problems = []
    for name in sorted(present | set(expected)):
        if name not in expected:
            problems.append(f"{name}: not listed in {record}")
        elif name not in present:
            problems.append(f"{name}: listed in {record} but missing")
        else:
            sha256 = (digests[name] if digests is not None else file_digest(Path(folder) / name)).sha256
            if sha256 != expected[name]:
                problems.append(f"{name}: sha256 {sha256} differs from {record} ({expected[name]})")
    return problems


def read_datapackage(folder: Path) -> tuple[dict | None, list[str]]:
    path = Path(folder) / DATAPACKAGE
    if not path.is_file():
        return None, [f"{DATAPACKAGE}: missing"]
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"{DATAPACKAGE}: not valid JSON ({exc})"]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return None, [f"{DATAPACKAGE}: has no list of resources"]
    return package, []


# --- the list of released hashes kept in the repository --------------------------------------------------------

def hash_list_lines(version: str, files: Mapping[str, bytes | Digest]) -> list[str]:
    """Lines for the list of released files, dataset/RELEASES.sha256: `SHA256  VERSION/NAME` sorted by name
    (sha256sum format, relative to dataset/releases/, so `cd dataset/releases && sha256sum -c ../RELEASES.sha256`
    works)."""
    version = check_version(version)
    return [f"{digest(data).sha256}  {version}/{name}" for name, data in sorted(files.items())]


def check_hash_list(releases_dir: Path, list_path: Path) -> list[str]:
    """Every file of every release folder against the list: nothing released may change, appear or vanish."""
    releases_dir, list_path = Path(releases_dir), Path(list_path)
    problems = []
    try:
        listed = parse_sums(list_path.read_text(encoding="utf-8"), str(list_path)) if list_path.exists() else {}
    except TamperedRelease as exc:
        return [str(exc)]
    if not list_path.exists():
        problems.append(f"{list_path}: missing (every released file must be listed)")
    actual = {}
    for version in versions(releases_dir):
        for path in sorted((releases_dir / version).rglob("*")):
            if path.is_file():
                actual[path.relative_to(releases_dir).as_posix()] = sha256_hex(path.read_bytes())
    for name in sorted(set(listed) | set(actual)):
        if name not in listed:
            problems.append(f"{name}: released file not listed in {list_path.name}")
        elif name not in actual:
            problems.append(f"{name}: listed in {list_path.name} but not in {releases_dir}")
        elif listed[name] != actual[name]:
            problems.append(f"{name}: changed after release (sha256 {actual[name]}, released {listed[name]})")
    return problems
