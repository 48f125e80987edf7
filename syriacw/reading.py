"""Reading the tables into pandas. Light on purpose: pyarrow and pandas only (no pandera, no duckdb)."""
from __future__ import annotations

import json
from pathlib import Path

from .paths import TABLE_NAMES, check_table_name, package_dataset


def tables() -> list[str]:
    """Names of the tables, in dependency order."""
    return list(TABLE_NAMES)


def table_dir(version: str | None = None) -> Path:
    """Folder holding the tables: the given release, or the newest release, or the current build if none."""
    from . import releases

    if version == "dev":
        return package_dataset() / "tables"
    if version is None:
        newest = releases.newest(package_dataset() / "releases")
        return newest if newest is not None else package_dataset() / "tables"
    return releases.release_dir(version)


def read_frame(folder: Path, table: str):
    import pyarrow.parquet as pq

    types = json.loads((folder / "dtypes.json").read_text(encoding="utf-8"))[table]
    frame = pq.read_table(folder / f"{table}.parquet").to_pandas()
    return apply_types(frame, types)


def apply_types(frame, types: dict):
    import pandas as pd

    for column, spec in types.items():
        kind = spec["kind"]
        if kind == "category":
            frame[column] = pd.Categorical(frame[column], categories=spec["categories"])
        elif kind == "integer":
            frame[column] = frame[column].astype("Int64")
        elif kind == "number":
            frame[column] = frame[column].astype("Float64")
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
        else:
            frame[column] = frame[column].astype("string")
    return frame
