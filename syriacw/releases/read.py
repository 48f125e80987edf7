"""Reading a table into pandas with its documented dtypes. Light on purpose: pyarrow and pandas only (no pandera,
no duckdb)."""
from __future__ import annotations

import json
from pathlib import Path

from ..paths import TABLE_NAMES


def tables() -> list[str]:
    """Names of the tables, in dependency order."""
    return list(TABLE_NAMES)


def read_frame(folder: Path, table: str, read=None):
    """The table in `folder` as a typed DataFrame. `read(name) -> bytes` gives a file's bytes (default: as they
    are on disk); a release passes anchor.read_checked, so that the bytes parsed are the bytes checked."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    read = read or (lambda name: (Path(folder) / name).read_bytes())
    types = json.loads(read("dtypes.json").decode("utf-8"))[table]
    # Read so that apply_types has less to do and gives the same frame: vocabulary columns dictionary-encoded by
    # the Parquet reader (pandas then only re-codes them to the vocabulary's order), dates as datetime64 rather
    # than a datetime.date object per value.
    categories = [column for column, spec in types.items() if spec["kind"] == "category"]
    data = pa.BufferReader(read(f"{table}.parquet"))
    frame = pq.read_table(data, read_dictionary=categories).to_pandas(date_as_object=False)
    return apply_types(frame, types)


def apply_types(frame, types: dict):
    import pandas as pd

    for column, spec in types.items():
        kind = spec["kind"]
        if kind == "category":
            frame[column] = _categorical(frame[column], spec["categories"])
        elif kind == "integer":
            frame[column] = frame[column].astype("Int64")
        elif kind == "number":
            frame[column] = frame[column].astype("Float64")
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
        else:
            frame[column] = frame[column].astype("string")
    return frame


def _categorical(series, categories: list):
    """pd.Categorical(series, categories=categories): for Arrow-backed strings, coded in Arrow (dictionary
    encoding) instead of hashing each value in pandas; a value outside the categories is missing, as there."""
    import numpy as np
    import pandas as pd

    if not (isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow"):
        return pd.Categorical(series, categories=categories)
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pa.chunked_array(series.array.__arrow_array__())).combine_chunks()
    position = {c: k for k, c in enumerate(categories)}
    remap = np.array([position.get(v, -1) for v in encoded.dictionary.to_pylist()] + [-1], dtype=np.int64)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    indices = np.where(encoded.indices.is_null().to_numpy(zero_copy_only=False), -1, indices).astype(np.int64)
    return pd.Categorical.from_codes(remap[indices], categories=categories)
