"""Releases: immutable, checksummed folders under dataset/releases/VERSION/."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .paths import check_version, package_dataset, version_key


class TamperedRelease(Exception):
    """A released file does not match its recorded checksum (or is missing)."""


def versions(releases_dir: Path) -> list[str]:
    if not releases_dir.is_dir():
        return []
    found = []
    for p in releases_dir.iterdir():
        try:
            found.append(check_version(p.name))
        except ValueError:
            continue
    return sorted(found, key=version_key)


def newest(releases_dir: Path) -> Path | None:
    found = versions(releases_dir)
    return releases_dir / found[-1] if found else None


def release_dir(version: str) -> Path:
    version = check_version(version)
    folder = package_dataset() / "releases" / version
    if not folder.is_dir():
        known = ", ".join(versions(package_dataset() / "releases")) or "none"
        raise LookupError(f"no release {version}; releases: {known}")
    return folder


def read_sums(folder: Path) -> dict[str, str]:
    sums = {}
    path = folder / "SHA256SUMS"
    if not path.exists():
        raise TamperedRelease(f"{path}: SHA256SUMS is missing")
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def verify_file(folder: Path, name: str, sums: dict[str, str] | None = None) -> None:
    sums = read_sums(folder) if sums is None else sums
    if name not in sums:
        raise TamperedRelease(f"{folder / name}: not listed in SHA256SUMS")
    path = folder / name
    if not path.exists():
        raise TamperedRelease(f"{path}: missing")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sums[name]:
        raise TamperedRelease(f"{path}: sha256 {digest} differs from SHA256SUMS ({sums[name]})")
