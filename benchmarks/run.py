"""Benchmarks of the build, validation, loading and reconciliation queries, at the real data and synthetic scales.

    python benchmarks/run.py --scales 1000,100000,1000000 [--runs 3] [--markdown BENCHMARKS-run.md]

Every measurement runs in a fresh process (so imports and start-up count, as a user feels them) and is repeated
`--runs` times; the median wall time and the largest peak RSS (the child's ru_maxrss) are reported. Synthetic
repositories are written by benchmarks/generate.py under benchmarks/work/ (gitignored) and reused while the
generator and the seed columns are unchanged. Measured, per scale:

  build        `syriacw build --root REPO` (validate + write Parquet, everything the command does)
  validate     `syriacw validate --root REPO`
  load         `python -c "import syriacw; syriacw.load('figures')"` (pointed at REPO's tables) against
               `python -c "import pandas; pandas.read_parquet(FILE)"` on the same file
  connect      syriacw.db.connect(folder=REPO tables): DuckDB reading the tables, macros, views
  query NAME   every reconciliation query of syriacw.db.query_files(), SELECT * … fetched as a DataFrame
               (each in its own process, with --query-timeout)
  verify       `syriacw verify RELEASE` on a release of the synthetic repository (`syriacw release`, made once
               and kept beside it): every file re-hashed, every table read and checked against its schema and keys
  frictionless `frictionless validate` of the same release's datapackage.json (its Parquet files, Table Schemas
               from validation/frictionless.py), capped at --frictionless-cap seconds; rows it got through are
               counted, and the speeds compared as rows per second
  real build   `syriacw build` on a copy of the repository's raw/ and seeds/
  real load    `import syriacw; syriacw.load('figures')` on the installed tables, and whether pandera, duckdb,
               jinja2 or frictionless were imported on that path

The summary table says, for each measurement with a target, whether it was met.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
PY = sys.executable
HEAVY = ("pandera", "duckdb", "jinja2", "frictionless")

# The child measures its own child: wall time around it, and its ru_maxrss (RUSAGE_CHILDREN of a process with
# exactly one child is that child's peak RSS).
_WRAPPER = r"""
import json, resource, subprocess, sys, time
cmd, out, log = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(log, "wb") as fh:
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, cwd=sys.argv[4] or None)
    wall = time.perf_counter() - t
with open(out, "w") as fh:
    json.dump({"wall": wall, "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "rc": p.returncode}, fh)
"""


class Timeout(Exception):
    pass


def measure(cmd: list[str], *, cwd: Path | None = None, timeout: float | None = None) -> dict:
    """Run cmd once in a fresh process: {"wall": s, "rss_mb": MB, "rc": code, "log": output}."""
    with tempfile.TemporaryDirectory() as tmp:
        out, log = Path(tmp) / "m.json", Path(tmp) / "log.txt"
        proc = subprocess.Popen([PY, "-c", _WRAPPER, json.dumps(cmd), str(out), str(log), str(cwd or "")],
                                start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the wrapper and its child: a session of our own
            proc.wait()
            raise Timeout(f"{' '.join(cmd[:4])}… did not finish within {timeout:g} s") from None
        result = json.loads(out.read_text())
        result["log"] = log.read_text(errors="replace")[-4000:]
        result["rss_mb"] = result.pop("rss_kb") / 1024
        return result


def repeat(cmd: list[str], runs: int, *, cwd: Path | None = None, timeout: float | None = None) -> dict:
    """Median wall time and largest peak RSS over `runs` runs; fails loudly if a run fails."""
    results = [measure(cmd, cwd=cwd, timeout=timeout) for _ in range(runs)]
    for r in results:
        if r["rc"] != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited with {r['rc']}:\n{r['log']}")
    return {"median": statistics.median(r["wall"] for r in results), "runs": runs,
            "times": [round(r["wall"], 3) for r in results], "rss_mb": max(r["rss_mb"] for r in results)}


# --- synthetic repositories --------------------------------------------------------------------------------------

def stamp(scale: int, seed: int) -> str:
    """What a generated repository depends on: the generator, the seed columns, the scale and the seed."""
    from syriacw.paths import TABLE_NAMES
    from syriacw.validation.schemas import seed_columns

    h = hashlib.sha256((HERE / "generate.py").read_bytes())
    h.update(json.dumps({t: seed_columns(t) for t in TABLE_NAMES}).encode())
    h.update(f"{scale}:{seed}".encode())
    return h.hexdigest()


def synthetic_repo(scale: int, seed: int = 0) -> tuple[Path, dict, float | None]:
    repo = WORK / f"f{scale}"
    marker = repo / "generated.json"
    want = stamp(scale, seed)
    if marker.exists():
        info = json.loads(marker.read_text())
        if info.get("stamp") == want:
            return repo, info["counts"], None
    shutil.rmtree(repo, ignore_errors=True)
    t = time.perf_counter()
    out = subprocess.run([PY, str(HERE / "generate.py"), str(repo), "--figures", str(scale), "--seed", str(seed)],
                         capture_output=True, text=True, check=True).stdout
    took = time.perf_counter() - t
    counts = dict(item.split("=") for item in out.split())
    counts = {k: int(v) for k, v in counts.items()}
    marker.write_text(json.dumps({"stamp": want, "counts": counts}))
    return repo, counts, took


RELEASE_VERSION = "0.1.0"


def synthetic_release(repo: Path, scale: int, seed: int) -> tuple[Path, float | None]:
    """A release of the synthetic repository (`syriacw release`), moved out of its dataset/ so that load() there
    still reads the built tables; remade when the repository is. Returns the release folder and the time taken."""
    folder = WORK / f"f{scale}-release" / RELEASE_VERSION
    marker = folder.parent / "made-from.json"
    want = stamp(scale, seed)
    if folder.exists() and marker.exists() and json.loads(marker.read_text()).get("stamp") == want:
        return folder, None
    shutil.rmtree(folder.parent, ignore_errors=True)
    shutil.rmtree(repo / "dataset" / "releases", ignore_errors=True)
    # the list of released files, which a release writes last: a release it names is never made again
    (repo / "dataset" / "RELEASES.sha256").unlink(missing_ok=True)
    t = time.perf_counter()
    subprocess.run([PY, "-m", "syriacw", "release", RELEASE_VERSION, "--date", "2026-01-01", "--root", str(repo)],
                   capture_output=True, text=True, check=True)
    took = time.perf_counter() - t
    folder.parent.mkdir(parents=True)
    shutil.move(str(repo / "dataset" / "releases" / RELEASE_VERSION), str(folder))
    shutil.rmtree(repo / "dataset" / "releases")
    marker.write_text(json.dumps({"stamp": want}))
    return folder, took



def real_repo() -> Path:
    """A copy of the repository's raw/ and seeds/ (the real data), so building it never touches dataset/."""
    repo = WORK / "real"
    shutil.rmtree(repo, ignore_errors=True)
    for folder in ("raw", "seeds"):
        shutil.copytree(ROOT / folder, repo / folder)
    return repo


# --- measurements ------------------------------------------------------------------------------------------------

def load_commands(dataset_dir: Path | None, file: Path) -> tuple[list[str], list[str]]:
    """`syriacw.load('figures')` (at dataset_dir's tables if given, else as installed) and pandas on its file."""
    if dataset_dir is None:
        ours = "import syriacw; syriacw.load('figures')"
    else:  # point the package's dataset/ at the synthetic repository's (no releases there: its tables are read)
        ours = (f"import pathlib, syriacw.paths as p; p.package_dataset = lambda: pathlib.Path({str(dataset_dir)!r}); "
                "import syriacw; syriacw.load('figures')")
    return [PY, "-c", ours], [PY, "-c", f"import pandas; pandas.read_parquet({str(file)!r})"]


def heavy_imports(dataset_dir: Path | None) -> list[str]:
    ours = load_commands(dataset_dir, Path("-"))[0][2]
    code = ours + f"; import sys; print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    return subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.split()


def installed_figures_file() -> Path:
    code = "import syriacw.releases.find as r; print(r.table_dir(None) / 'figures.parquet')"
    return Path(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.strip())


# The build without the number audit (build() imports syriacw.audit.core's audit_for_build when it calls it), to
# show what the rest of the build costs.
NO_AUDIT_BUILD = ("import sys, pathlib, syriacw.audit.core as a; a.audit_for_build = lambda *args, **kw: ([], ''); "
                  "from syriacw.build import build; build(pathlib.Path(sys.argv[1]))")

QUERY_WORKER = "query"
FRICTIONLESS_WORKER = "frictionless"


def query_worker(folder: str, name: str, runs: int) -> None:
    """In a fresh process: connect to the tables in `folder` and time one query `runs` times; prints JSON."""
    import inspect

    from syriacw import db

    t = time.perf_counter()
    if "folder" in inspect.signature(db.connect).parameters:
        con = db.connect(folder=Path(folder), lock=False)
    else:  # before connect(folder=...): the same steps by hand
        import duckdb

        con = duckdb.connect(":memory:")
        for table in json.loads((Path(folder) / "dtypes.json").read_text()):
            if (Path(folder) / f"{table}.parquet").exists():
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet(?)",
                            [str(Path(folder) / f"{table}.parquet")])
        for path in db.macro_files():
            con.execute(path.read_text(encoding="utf-8"))
        db._create_views(con)
    connect = time.perf_counter() - t
    con.execute("SET memory_limit = '6GB'")  # a runaway query fails instead of taking the machine
    times, rows = [], None
    for _ in range(runs):
        # the previous run's answer is let go first: peak RSS is one run's (answer and DuckDB's work), not two
        # answers held at once (pairwise at 10^6: 5.3 GB against 8.0 GB when the last answer was kept)
        frame = None
        t = time.perf_counter()
        # the DataFrame syriacw.reconcile() returns (db.frame); .df() before frame() existed
        frame = db.frame(con.sql(f"SELECT * FROM {name}")) if hasattr(db, "frame") else \
            con.execute(f"SELECT * FROM {name}").df()
        times.append(time.perf_counter() - t)
        rows = len(frame)
    print(json.dumps({"connect": connect, "times": times, "rows": rows}))


def run_query(folder: Path, name: str, runs: int, timeout: float) -> dict:
    cmd = [PY, str(Path(__file__).resolve()), "--worker", QUERY_WORKER, str(folder), name, str(runs)]
    try:
        r = measure(cmd, timeout=timeout)
    except Timeout as exc:
        return {"error": str(exc), "timeout": True}
    if r["rc"] != 0:
        return {"error": r["log"].strip().splitlines()[-1] if r["log"].strip() else f"exit {r['rc']}"}
    data = json.loads(r["log"].strip().splitlines()[-1])
    return {"median": statistics.median(data["times"]), "times": [round(x, 3) for x in data["times"]],
            "connect": data["connect"], "rows": data["rows"], "rss_mb": r["rss_mb"], "runs": runs}


# --- frictionless, the peer ---------------------------------------------------------------------------------------

def frictionless_worker(package: str, progress: str) -> None:
    """In a fresh process: frictionless validates the package; a check counts rows into `progress` as it goes."""
    import attrs
    from frictionless import Check, Checklist, Package

    state = {"rows": 0, "t0": time.perf_counter()}

    def note(done=False):
        Path(progress).write_text(json.dumps({"rows": state["rows"], "elapsed": time.perf_counter() - state["t0"],
                                              "done": done}))

    @attrs.define(kw_only=True, repr=False)
    class RowCounter(Check):
        type = "row-counter"
        Errors = []

        def validate_row(self, row):
            state["rows"] += 1
            if state["rows"] % 100 == 0:
                note()
            yield from []

    report = Package(package).validate(checklist=Checklist(checks=[RowCounter()]))
    note(done=True)
    print(json.dumps({"valid": report.valid, "errors": [e.message for t in report.tasks for e in t.errors][:5]}))


def count_rows(release: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in sorted(release.glob("*.parquet")))


def run_frictionless_on(package: Path, scratch: Path, cap: float, rows: int) -> dict:
    """frictionless validating `package` in a fresh process, stopped after `cap` seconds; rows it got through."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    progress = scratch / "progress.json"
    cmd = [PY, str(Path(__file__).resolve()), "--worker", FRICTIONLESS_WORKER, str(package), str(progress)]
    t = time.perf_counter()
    try:
        r = measure(cmd, timeout=cap)
        finished, log = r["rc"] == 0, r["log"]
    except Timeout:
        finished, log = False, ""
    wall = time.perf_counter() - t
    state = json.loads(progress.read_text()) if progress.exists() else {"rows": 0, "elapsed": wall}
    done = finished and state.get("done", False)
    # stopped: it ran for the whole cap, so its rate is the rows it got through over the cap, not over the moment
    # of its last progress note (it may have stalled after it, as on foreign keys)
    result = {"rows_total": rows, "rows_done": state["rows"], "finished": done, "wall": wall,
              "elapsed": state["elapsed"] if done else wall, "last_progress": state["elapsed"]}
    if finished and log.strip():
        result["report"] = json.loads(log.strip().splitlines()[-1])
    return result


# --- the run -----------------------------------------------------------------------------------------------------

class Table:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, scale, what, seconds=None, runs=None, rss=None, target="", ok=None, note=""):
        self.rows.append({"scale": scale, "what": what, "seconds": seconds, "runs": runs, "rss": rss,
                          "target": target, "ok": ok, "note": note})
        print(self.format_row(self.rows[-1]), flush=True)

    @staticmethod
    def format_row(r) -> str:
        sec = "" if r["seconds"] is None else f"{r['seconds']:.3f}" if r["seconds"] < 10 else f"{r['seconds']:.1f}"
        rss = "" if r["rss"] is None else f"{r['rss']:.0f}"
        ok = {None: "", True: "met", False: "MISSED"}[r["ok"]]
        runs = "" if r["runs"] is None else str(r["runs"])
        return f"| {r['scale']} | {r['what']} | {sec} | {runs} | {rss} | {r['target']} | {ok} | {r['note']} |"

    def markdown(self) -> str:
        head = ["| scale | measurement | median s | runs | peak RSS MB | target | status | note |",
                "|---|---|---:|---:|---:|---|---|---|"]
        return "\n".join(head + [self.format_row(r) for r in self.rows])


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    import duckdb
    import pandas
    import pyarrow

    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem}; "
            f"Python {platform.python_version()}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}, "
            f"duckdb {duckdb.__version__}")


def fmt_count(n: int) -> str:
    return f"{n:,}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="1000,100000", help="figures per synthetic repository, comma separated")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement (median reported)")
    p.add_argument("--runs-large", type=int, default=1,
                   help="runs of `syriacw build` and `syriacw validate` at 1,000,000 figures and more")
    p.add_argument("--load-runs", type=int, default=7, help="runs of the (fast) load measurements")
    p.add_argument("--query-runs", type=int, default=3)
    p.add_argument("--query-timeout", type=float, default=180.0, help="seconds before a query's process is stopped")
    p.add_argument("--frictionless-cap", type=float, default=120.0, help="seconds frictionless may run per scale")
    p.add_argument("--no-frictionless", action="store_true")
    p.add_argument("--no-real", action="store_true", help="skip the real-data measurements")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--markdown", type=Path, help="also write the machine line and the table to this file")
    p.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        kind, *rest = args.worker
        if kind == QUERY_WORKER:
            query_worker(rest[0], rest[1], int(rest[2]))
        elif kind == FRICTIONLESS_WORKER:
            frictionless_worker(rest[0], rest[1])
        return 0

    WORK.mkdir(parents=True, exist_ok=True)
    started = time.strftime("%Y-%m-%d %H:%M")
    load_before = os.getloadavg()
    print(f"machine: {machine()}\nstarted {started}, load average {load_before[0]:.2f}\n")
    table = Table()
    results: dict = {}
    syriacw = [PY, "-m", "syriacw"]

    if not args.no_real:
        repo = real_repo()
        r = repeat(syriacw + ["build", "--root", str(repo)], args.runs)
        table.add("real", "build", r["median"], r["runs"], r["rss_mb"], "< 2 s", r["median"] < 2)
        results["real_build"] = r
        file = installed_figures_file()
        if file.exists():
            ours, peer = load_commands(None, file)
            lo, pa = repeat(ours, args.load_runs), repeat(peer, args.load_runs)
            heavy = heavy_imports(None)
            ratio = lo["median"] / pa["median"]
            table.add("real", "load('figures') cold", lo["median"], lo["runs"], lo["rss_mb"])
            table.add("real", "pandas.read_parquet cold", pa["median"], pa["runs"], pa["rss_mb"])
            table.add("real", "load / read_parquet", ratio, None, None, "≤ 1.2×", ratio <= 1.2,
                      "heavy imports: " + (", ".join(heavy) or "none"))
            results["real_load"] = {"load": lo, "pandas": pa, "heavy": heavy}

    scales = [int(s) for s in args.scales.split(",") if s]
    for scale in scales:
        label = fmt_count(scale)
        repo, counts, took = synthetic_repo(scale, args.seed)
        note = ", ".join(f"{k} {fmt_count(v)}" for k, v in counts.items() if k != "raw_bytes")
        note += f", raw {counts.get('raw_bytes', 0) / 1e6:.0f} MB"
        table.add(label, "repository", took, None, None, "", None, ("generated: " if took else "reused: ") + note)
        res = results.setdefault(label, {"counts": counts})
        big = scale >= 1_000_000
        runs = args.runs_large if big else args.runs
        build = repeat(syriacw + ["build", "--root", str(repo)], runs, timeout=7200)
        res["build"] = build
        table.add(label, "build", build["median"], build["runs"], build["rss_mb"],
                  "< 60 s, < 3 GB" if big else "", (build["median"] < 60 and build["rss_mb"] < 3072) if big else None,
                  "`syriacw build`: everything the command does")
        core = repeat([PY, "-c", NO_AUDIT_BUILD, str(repo)], args.runs, timeout=3600)
        res["build_without_audit"] = core
        table.add(label, "build without the number audit", core["median"], core["runs"], core["rss_mb"],
                  "< 60 s, < 3 GB" if big else "", (core["median"] < 60 and core["rss_mb"] < 3072) if big else None,
                  "syriacw.build.build(root) with syriacw.audit.audit_for_build stubbed")
        validate = repeat(syriacw + ["validate", "--root", str(repo)], runs, timeout=7200)
        res["validate"] = validate
        table.add(label, "validate", validate["median"], validate["runs"], validate["rss_mb"])
        tables = repo / "dataset" / "tables"
        ours, peer = load_commands(repo / "dataset", tables / "figures.parquet")
        lo, pa = repeat(ours, args.load_runs), repeat(peer, args.load_runs)
        res["load"], res["pandas"] = lo, pa
        table.add(label, "load('figures') cold", lo["median"], lo["runs"], lo["rss_mb"])
        table.add(label, "pandas.read_parquet cold", pa["median"], pa["runs"], pa["rss_mb"])
        table.add(label, "load / read_parquet", lo["median"] / pa["median"], None, None, "≤ 1.2×",
                  lo["median"] / pa["median"] <= 1.2, "heavy imports: " + (", ".join(heavy_imports(repo / "dataset"))
                                                                          or "none"))
        from syriacw.db import query_files

        res["queries"] = {}
        connect = None
        for name in query_files():
            q = run_query(tables, name, args.query_runs, args.query_timeout)
            res["queries"][name] = q
            if "error" in q:
                table.add(label, f"query {name}", None, None, None, "< 10 s", False, q["error"][:150])
                continue
            connect = q["connect"]
            table.add(label, f"query {name}", q["median"], q["runs"], q["rss_mb"], "< 10 s", q["median"] < 10,
                      f"{fmt_count(q['rows'])} rows")
        if connect is not None:
            table.add(label, "connect (DuckDB reads the tables)", connect, None, None)
        if not args.no_frictionless:
            # the release's own validator against frictionless on the same release (its datapackage.json and
            # Parquet files): both check every row of every table against the Table Schema / pandera schema
            release, took = synthetic_release(repo, scale, args.seed)
            if took is not None:
                table.add(label, "release (made for the comparison)", took, 1, None, "", None, "`syriacw release`")
            verify = repeat(syriacw + ["verify", str(release)], runs, timeout=3600)
            res["verify"] = verify
            fr = run_frictionless_on(release / "datapackage.json", release.parent / "frictionless",
                                     args.frictionless_cap, count_rows(release))
            res["frictionless"] = fr
            rows = fr["rows_total"]
            rate = fr["rows_done"] / fr["elapsed"] if fr["elapsed"] and fr["rows_done"] else 0
            ours_rate = rows / verify["median"]
            done = "all" if fr["finished"] else f"{fmt_count(fr['rows_done'])} of {fmt_count(rows)}"
            capped = "" if fr["finished"] else f" (capped at {args.frictionless_cap:g} s)"
            table.add(label, "syriacw verify (the release)", verify["median"], verify["runs"], verify["rss_mb"], "",
                      None, f"{fmt_count(rows)} rows: hashes, pandera schemas, keys; {ours_rate:,.0f} rows/s")
            table.add(label, "frictionless validate (the same release)", fr["elapsed"], 1, None, "", None,
                      f"{done} rows, {rate:,.0f} rows/s{capped}")
            speedup = ours_rate / rate if rate else float("inf")
            table.add(label, "validation speed / frictionless", speedup, None, None, "≥ 10×" if big else "",
                      speedup >= 10 if big else None, "rows per second, syriacw verify over frictionless")
            ratio = rows / validate["median"] / rate if rate else float("inf")
            table.add(label, "syriacw validate (seeds, every rule) / frictionless", ratio, None, None, "", None,
                      f"{rows / validate['median']:,.0f} rows/s: schemas, cross-table rules, quotes, number audit")
    # growth: 1M against 100k
    if "1,000,000" in results and "100,000" in results:
        for key, what in (("build", "build"), ("build_without_audit", "build without the number audit")):
            ratio = results["1,000,000"][key]["median"] / results["100,000"][key]["median"]
            table.add("1,000,000 / 100,000", f"{what}: time ratio", ratio, None, None, "≤ 12×", ratio <= 12)
        for name, q in results["1,000,000"].get("queries", {}).items():
            small = results["100,000"]["queries"].get(name, {})
            if "median" in q and "median" in small and small["median"] > 0:
                table.add("1,000,000 / 100,000", f"query {name} time ratio", q["median"] / small["median"], None,
                          None, "", None, f"rows {fmt_count(small['rows'])} → {fmt_count(q['rows'])}")

    load_after = os.getloadavg()
    print(f"\nfinished {time.strftime('%Y-%m-%d %H:%M')}, load average {load_after[0]:.2f}\n")
    print(table.markdown())
    (WORK / "results.json").write_text(json.dumps(results, indent=1, default=str))
    if args.markdown:
        args.markdown.write_text(f"Machine: {machine()}\n\nRun {started}; load average {load_before[0]:.2f} at the "
                                 f"start, {load_after[0]:.2f} at the end.\n\n{table.markdown()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
