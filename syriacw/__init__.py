"""syriacw: published figures and findings on chemical-weapons attacks in Syria, each traced to its source's words.

    >>> import syriacw
    >>> figures = syriacw.load("figures")        # the newest release, as a typed pandas DataFrame
    >>> syriacw.load("figures", version="1.0.0") # an exact release, checksum verified first

Every row records a claim ("X says Y"), never a fact.
"""
from __future__ import annotations

from pathlib import Path as _Path

# The package's version is the newest data release it ships; `syriacw release` writes the file (pyproject reads it).
__version__ = (_Path(__file__).parent / "VERSION").read_text(encoding="utf-8").strip()

__all__ = ["load", "tables", "connect", "reconcile", "reconciliations", "__version__"]


def load(table: str, version: str | None = None):
    """The table as a pandas DataFrame with documented dtypes.

    version=None reads the newest release under dataset/releases/ (the current build if there is no release yet);
    version="1.0.0" reads that release; version="dev" reads the current build in dataset/tables/.
    A release's files are read once, checked against its SHA256SUMS and against the list of released files
    shipped with the package (dataset/RELEASES.sha256), and parsed from the bytes checked; a mismatch, or a
    release folder that is a symlink or named unlike its version, raises TamperedRelease.
    A table the release does not have (added in a later one) raises TableNotInRelease, a LookupError.
    """
    from functools import partial

    from .paths import check_table_name
    from .releases import anchor, find
    from .releases.checksums import check_table_released
    from .releases.read import read_frame

    check_table_name(table)
    folder = find.table_dir(version)
    if anchor.is_release(folder):
        check_table_released(folder, table)
        return read_frame(folder, table, partial(anchor.read_checked, folder))
    return read_frame(folder, table)


def tables() -> list[str]:
    """Names of the tables."""
    from .paths import TABLE_NAMES

    return list(TABLE_NAMES)


def connect(version: str | None = None, files=()):
    """A DuckDB connection with one view per table and per reconciliation query, none of which can be changed.

    It reads no file but those given as `files`: paths (table name: the file's stem) or {name: path}, CSV, Parquet
    or JSON, each brought in as a read-only table."""
    from .db import connect as _connect

    return _connect(version, files=files)


def reconcile(name: str, version: str | None = None):
    """The result of a reconciliation query (see reconciliations()) as a pandas DataFrame."""
    from .db import run_query

    return run_query(name, version)


def reconciliations():
    """Names and one-line descriptions of the reconciliation queries, as a DataFrame."""
    from .db import query_list

    return query_list()
