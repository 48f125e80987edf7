"""`syriacw bundle`: one deterministic zip of a release, the file to attach to a GitHub release or a Zenodo deposit.

It holds every file of the release (tables as Parquet, csv/, answers/, the database if the release has one,
datapackage.json, codebook, citation, changelog, SHA256SUMS) and the HTML report of that release, under one folder
syriacw-VERSION/. A release made before the CSV copies and answers existed gets them made on the fly, by the same
code a new release uses; its README.txt says which files those are. Every entry has the release's date as its
time, mode 0644 and a fixed place in the order, so two runs give the same bytes.
"""
from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

from .release_files import ANSWERS_DIR, CSV_DIR

REPORT_DIR = "report"
README = "README.txt"


def bundle(folder: Path, out_dir: Path, root: Path) -> Path:
    """Write out_dir/syriacw-VERSION.zip for the release in `folder`; the report reads documents from `root`.
    Raises TamperedRelease when the release does not match its checksums."""
    from ..releases import TamperedRelease, check_files

    folder = Path(folder)
    problems = check_files(folder)
    if problems:
        raise TamperedRelease(f"{folder} does not match its checksums: " + "; ".join(problems))
    version = folder.name
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    made, unavailable = missing_exports(folder, files)
    files.update(made)
    files.update(report_files(folder.resolve(), root))
    files[README] = readme(version, sorted(made), unavailable, "syriacw.sqlite" in files).encode("utf-8")
    day = json.loads(files["datapackage.json"])["created"][:10]
    out = Path(out_dir) / f"syriacw-{version}.zip"
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    write_zip(out, {f"syriacw-{version}/{name}": data for name, data in files.items()}, day)
    return out


def missing_exports(folder: Path, files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """csv/ and answers/ for a release that lacks them (1.0.0, 1.1.0), made from its own tables; and the queries
    its tables cannot answer, with the reason."""
    import pyarrow.parquet as pq

    from .csv import csv_bytes
    from .release_files import answer_files

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


def write_zip(out: Path, entries: dict[str, bytes], day: str) -> None:
    """A zip whose bytes depend only on `entries` and `day`: sorted names, one timestamp, fixed modes."""
    year, month, date = (int(part) for part in day.split("-"))
    staging = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(staging, "w") as archive:
        for name in sorted(entries):
            # Parquet is compressed already (zstd): stored as it is; the rest deflated at zlib's default level
            method = zipfile.ZIP_STORED if name.endswith(".parquet") else zipfile.ZIP_DEFLATED
            info = zipfile.ZipInfo(name, date_time=(max(year, 1980), month, date, 0, 0, 0))
            info.compress_type = method
            info.create_system = 3  # Unix, so the mode below is what unzip gives
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, entries[name], compress_type=method, compresslevel=6 if method else None)
    staging.replace(out)
