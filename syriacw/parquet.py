"""Deterministic, atomic Parquet writing.

Same rows → same bytes, on any machine: rows in key order, fixed writer settings, no pandas or Arrow schema
metadata, and the footer's `created_by` (which names the writing library's version) replaced by a fixed string.
A set of tables is written into a temporary folder and swapped in whole, so an interrupted build leaves the
previous tables as they were.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
from pathlib import Path

CREATED_BY = b"syriacw"
WRITER = dict(compression="zstd", compression_level=9, use_dictionary=False, write_statistics=False,
              version="2.6", data_page_version="1.0", store_schema=False, row_group_size=1_000_000)


def arrow_table(frame):
    import pyarrow as pa

    fields, arrays = [], []
    for column in frame.columns:
        series = frame[column]
        dtype = str(series.dtype)
        fast = _fast_array(series)
        if fast is not None:
            fields.append(pa.field(column, fast.type))
            arrays.append(fast)
            continue
        if dtype.startswith("datetime64"):
            typ, values = pa.date32(), [None if v is None or v != v else v.date() for v in series.astype(object)]
        elif dtype == "Int64":
            typ, values = pa.int64(), series.astype(object).where(series.notna(), None).tolist()
        elif dtype == "Float64":
            typ, values = pa.float64(), series.astype(object).where(series.notna(), None).tolist()
        else:
            typ, values = pa.string(), series.astype(object).where(series.notna(), None).tolist()
        fields.append(pa.field(column, typ))
        arrays.append(pa.array(values, type=typ))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _fast_array(series):
    """The Arrow array arrow_table's per-value conversion gives, built column-wise: string (from Arrow-backed
    strings), int64 and float64 (values with the mask of isna()), date32 (days of naive datetimes, NaT as null).
    None for any other dtype, which then takes the per-value path."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return pa.chunked_array(series.array.__arrow_array__()).cast(pa.string()).combine_chunks()
    if str(dtype) in ("Int64", "Float64"):
        mask = series.isna().to_numpy(dtype=bool)
        numpy_type, arrow_type = ("int64", pa.int64()) if str(dtype) == "Int64" else ("float64", pa.float64())
        values = series.to_numpy(dtype=numpy_type, na_value=0)
        return pa.array(values, type=arrow_type, mask=mask if mask.any() else None)
    if isinstance(dtype, np.dtype) and dtype.kind == "M":  # naive datetime64: .date() is the floor to the day
        values = series.to_numpy()
        mask = np.isnat(values)
        days = values.astype("datetime64[D]").astype(np.int64)
        days[mask] = 0
        return pa.array(days.astype(np.int32), type=pa.date32(), mask=mask if mask.any() else None)
    return None


def parquet_bytes(frame) -> bytes:
    return arrow_parquet_bytes(arrow_table(frame))


def arrow_parquet_bytes(table, *, store_schema: bool = False) -> bytes:
    """`table` (Arrow) as Parquet with the fixed writer settings. store_schema=True also stores the Arrow schema
    (with its field metadata: what a release's files describe themselves with); it is as deterministic."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **{**WRITER, "store_schema": store_schema})
    return fix_created_by(sink.getvalue().to_pybytes())


def fix_created_by(data: bytes) -> bytes:
    """Replace the footer's created_by (Thrift field 6 of FileMetaData) with a fixed value."""
    assert data[-4:] == b"PAR1", "not a Parquet file"
    footer_len = struct.unpack("<I", data[-8:-4])[0]
    footer_start = len(data) - 8 - footer_len
    footer = data[footer_start:-8]
    marker = b"parquet-cpp-arrow version "
    at = footer.rfind(marker)
    if at < 1:
        return data
    length, pos = 0, at - 1
    # the string is preceded by its varint length; the length fits one or two bytes for any real version string
    if footer[pos - 1] & 0x80:
        pos -= 1
    for i, byte in enumerate(footer[pos:at]):
        length |= (byte & 0x7F) << (7 * i)
    new_footer = footer[:pos] + _varint(len(CREATED_BY)) + CREATED_BY + footer[at + length:]
    return data[:footer_start] + new_footer + struct.pack("<I", len(new_footer)) + b"PAR1"


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def write_tables(tables: dict, out_dir: Path, extra: dict[str, str] | None = None) -> None:
    """Write every table as <name>.parquet (plus `extra` text files) into out_dir, replacing it whole."""
    from concurrent.futures import ThreadPoolExecutor

    # zstd level 9 is most of the time (seconds for 10^6 figures) and releases the GIL: one table per thread
    with ThreadPoolExecutor(max_workers=max(1, min(len(tables), os.cpu_count() or 1))) as pool:
        data = list(pool.map(parquet_bytes, tables.values()))
    files = {f"{name}.parquet": d for name, d in zip(tables, data)}
    files.update({name: text.encode("utf-8") for name, text in (extra or {}).items()})
    write_folder_atomically(out_dir, files)


def write_folder_atomically(out_dir: Path, files: dict[str, bytes], *, replace: bool = True) -> None:
    folder = StagedFolder(out_dir)
    try:
        for name, data in sorted(files.items()):
            folder.write(name, data)
        folder.publish(replace=replace)
    finally:
        folder.discard()


class StagedFolder:
    """A folder written file by file into a hidden staging folder beside `out_dir` (`.NAME.new-PID`), each file
    hashed as it is written (`digests`: name → (sha256, size)), then swapped in whole by publish(). Until then the
    previous folder stays as it was; discard() removes what was staged (after publish(), nothing is left)."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out_dir)
        self.path = self.out_dir.with_name(f".{self.out_dir.name}.new-{os.getpid()}")
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir()
        self.digests: dict = {}

    def write(self, name: str, data: bytes) -> None:
        """`name` (e.g. csv/figures.csv) with `data`, flushed to the disk."""
        from .releases.checksums import Digest

        (self.path / name).parent.mkdir(exist_ok=True)
        with open(self.path / name, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.digests[name] = Digest.of(data)

    def write_with(self, name: str, fill) -> None:
        """`name`, written by `fill(file)` into a binary file object that hashes what passes through it (a large
        file is never held in memory whole)."""
        import hashlib

        from .releases.checksums import Digest

        (self.path / name).parent.mkdir(exist_ok=True)
        with open(self.path / name, "wb") as fh:
            hashing = _HashingFile(fh, hashlib.sha256())
            fill(hashing)
            fh.flush()
            os.fsync(fh.fileno())
        self.digests[name] = Digest(hashing.hash.hexdigest(), hashing.size)

    def add(self, name: str) -> None:
        """`name`, which another writer made in the staging folder (e.g. a database): hashed and flushed."""
        from .releases.checksums import Digest

        with open(self.path / name, "rb") as fh:
            self.digests[name] = Digest.of_file(fh)
            os.fsync(fh.fileno())

    def publish(self, *, replace: bool = True) -> None:
        for folder in [*sorted({(self.path / name).parent for name in self.digests} - {self.path}), self.path]:
            _fsync_dir(folder)
        old = self.out_dir.with_name(f".{self.out_dir.name}.old")
        if self.out_dir.exists():
            if not replace:
                raise FileExistsError(f"{self.out_dir} exists and is never overwritten")
            os.rename(self.out_dir, old)
        os.rename(self.path, self.out_dir)
        _fsync_dir(self.out_dir.parent)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Remove the staging folder (e.g. after a full disk: nothing half-written is left)."""
        shutil.rmtree(self.path, ignore_errors=True)


class _HashingFile:
    """A binary file object that hashes and counts what is written through it."""

    def __init__(self, fh, hash_):
        self.fh, self.hash, self.size, self.closed = fh, hash_, 0, False

    def write(self, data) -> int:
        self.hash.update(data)
        self.size += memoryview(data).nbytes
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()


def recover(out_dir: Path) -> None:
    """Finish or undo a swap that was interrupted: restore the previous folder if the new one never arrived."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        if out_dir.exists():
            shutil.rmtree(old)
        else:
            os.rename(old, out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def dump_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_whole(path: Path, text: str) -> None:
    """Write `path` whole or not at all: into a temporary file beside it, then renamed over it."""
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
