"""The curated reference files (raw/reference/*.csv) are pinned by sha256 in seeds/reference_files.csv, as the raw
documents are in seeds/sources.csv: an edit to a published count there fails the build. The bytes returned are the
bytes hashed, so what the build reads is what was checked."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import Problem

PINS_FILE = "seeds/reference_files.csv"
REFERENCE_DIR = "raw/reference"
COLUMNS = ["file", "sha256"]


def read_pinned_references(root: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """Every raw/reference/*.csv (not a link) by path, and the problems of their pins."""
    from .csvio import parse_csv

    folder = root / REFERENCE_DIR
    files = {f"{REFERENCE_DIR}/{p.name}": p.read_bytes() for p in sorted(folder.glob("*.csv"))
             if p.is_file() and not p.is_symlink()} if folder.is_dir() and not folder.is_symlink() else {}
    path = root / PINS_FILE
    if not path.exists():
        return files, [Problem(file, None, None, None, "raw-file-unlisted",
                               f"{file} is in raw/ but no row of {PINS_FILE} names it") for file in files]
    seed, problems = parse_csv(path.read_bytes(), PINS_FILE, "reference_files")
    if seed is None:
        return files, problems
    if seed.header[:2] != COLUMNS:
        return files, problems + [Problem(PINS_FILE, 1, None, None, "missing-column",
                                          f"the header has no column {c!r}") for c in COLUMNS if c not in seed.header]
    pinned = {}
    for cells, line in zip(seed.rows, seed.lines):
        file, sha256 = (cells + ["", ""])[:2]
        pinned[file] = sha256
        problems += _pin_problems(files, file, sha256, line)
    problems += [Problem(file, None, None, None, "raw-file-unlisted",
                         f"{file} is in raw/ but no row of {PINS_FILE} names it") for file in files if file not in pinned]
    return files, problems


def _pin_problems(files: dict[str, bytes], file: str, sha256: str, line: int) -> list[Problem]:
    if file not in files:
        return [Problem(PINS_FILE, line, file or None, "file", "raw-file-missing",
                        f"{file} does not exist under the repository")]
    digest = hashlib.sha256(files[file]).hexdigest()
    if digest != sha256:
        return [Problem(file, None, None, None, "sha256-mismatch",
                        f"{file} has sha256 {digest}, not the pinned {sha256}: raw documents are never edited")]
    return []
