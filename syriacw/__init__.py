"""syriacw: published figures and findings on chemical-weapons attacks in Syria, each traced to its source's words.

    >>> import syriacw
    >>> figures = syriacw.load("figures")        # the newest release, as a typed pandas DataFrame
    >>> syriacw.load("figures", version="1.0.0") # an exact release, checksum verified first

Every row records a claim ("X says Y"), never a fact.
"""
from __future__ import annotations

__version__ = "1.0.0"

__all__ = ["load", "tables", "connect", "reconcile", "reconciliations", "__version__"]


def load(table: str, version: str | None = None):
    """The table as a pandas DataFrame with documented dtypes.

    version=None reads the newest release under dataset/releases/ (the current build if there is no release yet);
    version="1.0.0" reads that release; version="dev" reads the current build in dataset/tables/.
    A release's file is checked against its SHA256SUMS before it is read; a mismatch raises TamperedRelease, and a
    table the release does not have (added in a later one) raises TableNotInRelease, a LookupError.
    """
    from .paths import check_table_name
    from .releases import find
    from .releases.checksums import check_table_released, verify_file
    from .releases.read import read_frame

    check_table_name(table)
    folder = find.table_dir(version)
    if folder.parent.name == "releases":
        check_table_released(folder, table)
        verify_file(folder, f"{table}.parquet")
        verify_file(folder, "dtypes.json")
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
