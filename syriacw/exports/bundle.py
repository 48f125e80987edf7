"""`syriacw bundle`: one deterministic zip of a release, the file to attach to a GitHub release or a Zenodo deposit.

It holds every file of the release (tables as Parquet, csv/, answers/, the database if the release has one,
datapackage.json, codebook, citation, changelog, SHA256SUMS) and the HTML report of that release, under one folder
syriacw-VERSION/. A release made before the CSV copies and answers existed gets them made on the fly, by the same
code a new release uses; its README.txt says which files those are. Every entry has the release's date as its
time, mode 0644 and a fixed place in the order, so two runs give the same bytes.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .release_files import ANSWERS_DIR, CSV_DIR

REPORT_DIR = "report"
README = "README.txt"


def bundle(folder: Path, out_dir: Path, root: Path) -> Path:
    """Write out_dir/syriacw-VERSION.zip for the release in `folder`; the report reads documents from `root`.
    Raises ReportError when the release does not match its checksums or the anchor: the report checks every file
    of the release before it reads one (at 10^6 figures each pass over the release's 7 GB takes 5-20 s, so the
    bundle makes no pass of its own), and the report is made before anything is zipped."""
    folder = Path(folder)
    report = report_files(folder.resolve(), root)
    version = folder.name
    # the release's files are streamed from disk into the zip (at 10^6 figures they are 7 GB); what the bundle
    # makes itself (README, report, an early release's exports) is small and held as bytes
    files: dict[str, Path | bytes] = {p.relative_to(folder).as_posix(): p
                                      for p in sorted(folder.rglob("*")) if p.is_file()}
    made, unavailable = missing_exports(folder, files)
    files.update(made)
    files.update(report)
    files[README] = readme(version, sorted(made), unavailable, "syriacw.sqlite" in files).encode("utf-8")
    day = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["created"][:10]
    out = Path(out_dir) / f"syriacw-{version}.zip"
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    write_zip(out, {f"syriacw-{version}/{name}": data for name, data in files.items()}, day)
    return out


def missing_exports(folder: Path, files: Iterable[str]) -> tuple[dict[str, bytes], dict[str, str]]:
    """csv/ and answers/ for a release that lacks them (1.0.0, 1.1.0), made from its own tables; and the queries
    its tables cannot answer, with the reason. `files`: the names of the release's files, relative to `folder`."""
    import pyarrow.parquet as pq

    from .csv import csv_bytes
    from .release_files import answer_files

    files = list(files)
    made: dict[str, bytes] = {}
    tables = sorted(name[:-len(".parquet")] for name in files if name.endswith(".parquet") and "/" not in name)
    if not any(name.startswith(f"{CSV_DIR}/") for name in files):
        made.update({f"{CSV_DIR}/{t}.csv": csv_bytes(pq.read_table(folder / f"{t}.parquet")) for t in tables})
    unavailable: dict[str, str] = {}
    if not any(name.startswith(f"{ANSWERS_DIR}/") for name in files):
        answers, unavailable = answer_files(folder)
        made.update(answers)
    return made, unavailable


def report_files(folder: Path, root: Path) -> dict[str, bytes]:
    """report/index.html of the release in `folder` (which may be another repository's, given by --root)."""
    from .. import paths
    from ..report import write_report

    shipped = paths.package_dataset
    paths.package_dataset = lambda: folder.parent.parent  # every reader looks releases up through this one call
    try:
        with tempfile.TemporaryDirectory() as scratch:
            path = write_report(Path(scratch), root=root, version=folder.name)
            return {f"{REPORT_DIR}/{path.name}": path.read_bytes()}
    finally:
        paths.package_dataset = shipped


def readme(version: str, made: list[str], unavailable: dict[str, str], has_database: bool) -> str:
    lines = [f"syriacw {version}", "",
             "The release's files, as published and listed in SHA256SUMS (check them with `sha256sum -c SHA256SUMS`",
             "inside this folder), and report/index.html, the HTML report of this release (open it in a browser).",
             "Read one file per table (figures.parquet, csv/figures.csv, ...); never read every *.parquet of the",
             "folder at once: that stacks different tables into one. codebook.md says what every column holds.", ""]
    if made:
        lines += ["This release was published before releases held CSV copies and precomputed answers. These files",
                  "were made from its own tables when this bundle was made (they are not in its SHA256SUMS):", ""]
        lines += [f"  {name}" for name in made] + [""]
    if unavailable:
        lines += ["Queries that this release's tables cannot answer (they read what a later release added):", ""]
        lines += [f"  {name}: {reason}" for name, reason in sorted(unavailable.items())] + [""]
    if not has_database:
        lines += ["This release has no SQLite database (syriacw.sqlite); `syriacw serve` makes one for it "
                  "when asked to serve this version.", ""]
    return "\n".join(lines)


# Deflate's level by size: level 6 (zlib's default) for what is small, level 1 above LARGE. At 10^6 figures the
# database (4 GB) and the largest CSV files (2 GB) deflate at 62 and 200 MB/s at level 6 but 140 and 530 MB/s at
# level 1, for a compressed size 20-50% larger (database 24.6% of its size against 20.2%; pairwise.csv 7.0%
# against 4.7%): level 6 alone would take the minute the bundle has. Every file of the real data is far below
# LARGE, so its bundle's bytes are what they were. Parquet is compressed already (zstd): stored as it is.
LARGE = 64 * 2**20
COPY_BUFFER = 2**20


def write_zip(out: Path, entries: dict[str, Path | bytes], day: str) -> None:
    """A zip whose bytes depend only on `entries` (a file's path, whose bytes are streamed, or bytes) and `day`:
    sorted names, one timestamp, fixed modes."""
    year, month, date = (int(part) for part in day.split("-"))
    staging = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(staging, "w") as archive:
            for name in sorted(entries):
                data = entries[name]
                size = len(data) if isinstance(data, bytes) else data.stat().st_size
                info = zipfile.ZipInfo(name, date_time=(max(year, 1980), month, date, 0, 0, 0))
                info.compress_type = zipfile.ZIP_STORED if name.endswith(".parquet") else zipfile.ZIP_DEFLATED
                if info.compress_type == zipfile.ZIP_DEFLATED:
                    info._compresslevel = 1 if size > LARGE else 6  # ZipFile.writestr's compresslevel= does this
                info.create_system = 3  # Unix, so the mode below is what unzip gives
                info.external_attr = (0o100644 & 0xFFFF) << 16
                info.file_size = size  # as writestr does: zip64 headers where the size needs them
                with archive.open(info, "w") as entry:
                    if isinstance(data, bytes):
                        entry.write(data)
                    else:
                        with open(data, "rb") as source:
                            shutil.copyfileobj(source, entry, COPY_BUFFER)
        staging.replace(out)
    finally:
        staging.unlink(missing_ok=True)
