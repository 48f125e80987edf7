"""What a release with csv/, answers/ and syriacw.sqlite costs against a Parquet-only release (issue 20's target:
at most 2 × at 10^6 figures), on a copy of a repository's raw/ and seeds/.

    python benchmarks/release_cost.py REPO [--work DIR] [--runs N] [--only full|parquet-only]

Each run is `syriacw release 0.1.0 --date 2026-01-01 --root COPY` in a fresh process, on a fresh copy (so nothing
is reused between runs), measured like benchmarks/run.py (wall time, the child's peak RSS). The Parquet-only run is
the same command with the release's export hooks cut down to the described Parquet tables: no csv/, no answers/,
no syriacw.sqlite or datasette.json. Prints seconds, peak RSS, the ratio and the load average before and after.
Wrap a 10^6 run in `flock /work/bench/heavy.lock` on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PY, measure  # noqa: E402

MODES = ("parquet-only", "full")


def parquet_only_files(tables: dict, staged) -> None:
    """The release's export hook, cut down to a Parquet-only release: each table as the Parquet it is released
    as, nothing else."""
    from syriacw.exports.release_files import described
    from syriacw.parquet import arrow_parquet_bytes, arrow_table

    for name, frame in tables.items():
        staged.write(f"{name}.parquet", arrow_parquet_bytes(described(arrow_table(frame), name), store_schema=True))


def child(mode: str, root: str) -> int:
    """Run the release command in this process, with the export hooks cut down when `mode` is parquet-only."""
    if mode == "parquet-only":
        import syriacw.exports.datasette as datasette
        import syriacw.exports.release_files as release_files

        release_files.write_release_files = parquet_only_files
        datasette.write_release_database = lambda staged: None
    from syriacw.cli import main

    return main(["release", "0.1.0", "--date", "2026-01-01", "--root", root])


def one_run(repo: Path, work: Path, mode: str) -> dict:
    copy = Path(tempfile.mkdtemp(prefix=f"release-{mode}-", dir=work))
    try:
        for part in ("raw", "seeds"):
            shutil.copytree(repo / part, copy / part)
        result = measure([PY, __file__, "--child", mode, str(copy)])
        if result["rc"] != 0:
            raise RuntimeError(f"{mode} release exited with {result['rc']}:\n{result['log']}")
        folder = copy / "dataset" / "releases" / "0.1.0"
        result["bytes"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        return result
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, nargs="?")
    parser.add_argument("--work", type=Path, help="where the copies go (default: beside REPO)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", choices=MODES)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(*args.child)
    if args.repo is None:
        parser.error("give REPO")
    work = args.work or args.repo.resolve().parent
    best = {}
    for mode in [args.only] if args.only else MODES:
        for _ in range(args.runs):
            load_before = os.getloadavg()[0]
            r = one_run(args.repo, work, mode)
            print(f"{mode:13} {r['wall']:8.1f} s  peak RSS {r['rss_mb'] / 1024:5.2f} GB  "
                  f"{r['bytes'] / 1e9:6.2f} GB written  load {load_before:.1f} → {os.getloadavg()[0]:.1f}",
                  flush=True)
            if mode not in best or r["wall"] < best[mode]["wall"]:
                best[mode] = r
    if len(best) == 2:
        print(f"ratio full / parquet-only: {best['full']['wall'] / best['parquet-only']['wall']:.2f} × "
              f"(target ≤ 2 ×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
