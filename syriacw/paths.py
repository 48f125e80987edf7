"""Where things are: the curator's repository (raw/, seeds/) and the tables shipped with the package."""
from __future__ import annotations

import re
from pathlib import Path

TABLE_NAMES = ("sources", "organizations", "figures", "incidents", "assertions", "relay_links", "confidence_grades",
               "incident_links")
_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")  # ASCII digits only; used with fullmatch


class NotARepository(Exception):
    pass


def find_root(start: str | Path | None = None) -> Path:
    """The repository holding raw/ and seeds/: `start` or the nearest folder above it (default: the current one)."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds").is_dir() and (folder / "raw").is_dir():
            return folder
    raise NotARepository(f"no folder with raw/ and seeds/ at or above {here}; run inside the repository or pass --root")


def package_dataset() -> Path:
    """dataset/ as shipped with the installed package (in a source checkout: the repository's dataset/)."""
    from . import dataset  # the syriacw.dataset package maps to the repository's dataset/ folder

    return Path(dataset.__file__).parent


def check_table_name(name: str) -> str:
    """One of the table names, nothing else (so it is safe in a path)."""
    if not isinstance(name, str) or name not in TABLE_NAMES:
        raise ValueError(f"unknown table {name!r}; tables are: {', '.join(TABLE_NAMES)}")
    return name


def check_version(version: str) -> str:
    """A version string safe to use in a path: MAJOR.MINOR.PATCH, nothing else."""
    if not isinstance(version, str):
        raise ValueError(f"{version!r} is not a version of the form MAJOR.MINOR.PATCH")
    version = version[1:] if version.startswith("v") else version
    if not _VERSION.fullmatch(version):  # not match + $: "$" also matches before a final newline
        raise ValueError(f"{version!r} is not a version of the form MAJOR.MINOR.PATCH")
    return version


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = check_version(version).split(".")
    return int(major), int(minor), int(patch)
