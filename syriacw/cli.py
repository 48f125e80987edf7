"""The `syriacw` command: every command, thin, over the modules' plain functions. Every command has --help with an
example; docs/cli.md is printed from it (cli_reference). No other module imports this one."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ValidationFailed, format_json, format_text
from .paths import NotARepository, find_root, reading_root


def _root(args) -> Path:
    return find_root(args.root)


def _reading_root(args) -> Path:
    """For commands that only read raw/ and seeds/: falls back to the copies shipped with the package."""
    return reading_root(args.root)


# --- build / validate ------------------------------------------------------------------------------------------

def cmd_build(args) -> int:
    """Validate raw/ and seeds/, then write dataset/tables/*.parquet and print a summary."""
    from .build import build
    from .display import summary
    from .locking import BuildRunning
    from .parquet import write_whole

    root = _root(args)
    notes: list[str] = []
    try:
        tables = build(root, notes=notes)
        from .validation.codebook import codebook_markdown

        write_whole(root / "docs" / "codebook.md", codebook_markdown())
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return 1
    except BuildRunning as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a read-only folder: the tables folder is as it was
        print(f"error: the build could not write {exc.filename or 'its output'}: {exc.strerror or exc}; "
              "nothing was half-written", file=sys.stderr)
        return 2
    for line in notes:  # e.g. the number audit's counts
        print(line)
    print(summary(tables))
    print(f"wrote {root / 'dataset' / 'tables'} and docs/codebook.md")
    return 0


def cmd_validate(args) -> int:
    """Run every check of build; write nothing. Exit 1 if anything is wrong."""
    from .build import build

    try:
        build(_reading_root(args), write=False)
    except ValidationFailed as exc:
        print(format_json(exc.problems) if args.format == "json" else format_text(exc.problems),
              file=sys.stdout if args.format == "json" else sys.stderr)
        return 1
    print(format_json([]) if args.format == "json" else "valid: every check passed")
    return 0


# --- locate ----------------------------------------------------------------------------------------------------

def cmd_locate(args) -> int:
    """Find a quote in a source's document and print the exact offsets and verbatim text to put in a seed row."""
    from .arabic import locate
    from .build import read_raw_document
    from .csvio import parse_csv

    root = _reading_root(args)
    seed, problems = parse_csv((root / "seeds" / "sources.csv").read_bytes(), "seeds/sources.csv", "sources")
    if seed is None:
        print(format_text(problems), file=sys.stderr)
        return 1
    files = {row[seed.header.index("source_id")]: row[seed.header.index("file")] for row in seed.rows}
    if args.source_id not in files:
        print(f"unknown source {args.source_id!r}; sources: {', '.join(sorted(files))}", file=sys.stderr)
        return 2
    try:
        document = read_raw_document(root, args.source_id, files[args.source_id])
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    spans = locate(document, args.quote)
    if not spans:
        print(f"not found in {files[args.source_id]}", file=sys.stderr)
        return 1
    if len(spans) > 1:
        print(f"ambiguous: {len(spans)} matches; lengthen the quote until one remains", file=sys.stderr)
    if args.format == "json":
        import json

        found = [{"quote_start": start, "quote_end": end, "quote": document[start:end]} for start, end in spans]
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return 0 if len(spans) == 1 else 3
    print("quote_start\tquote_end\tquote")
    for start, end in spans:
        print(f"{start}\t{end}\t{document[start:end]}")
    return 0 if len(spans) == 1 else 3


# --- codebook / sql / reconcile --------------------------------------------------------------------------------

def cmd_codebook(args) -> int:
    """Print the codebook generated from the schemas (the build also writes it to docs/codebook.md)."""
    from .validation.codebook import codebook_markdown

    print(codebook_markdown())
    return 0


TIMED_OUT = 124  # the exit code of a query stopped by --timeout, as timeout(1) has it


def cmd_sql(args) -> int:
    """Run one read-only SELECT against the tables and the reconciliation views.

    Nothing else can be read unless asked: --with NAME=PATH brings a CSV, Parquet or JSON file in as a read-only
    table NAME to join with; --out FILE writes the answer to a file instead of the screen. A release is read only if
    its files match their checksums and the list of released files (exit 2 naming the file otherwise). --format csv
    is written for spreadsheets: a text cell starting with = + - @, a tab or a carriage return gets a leading single
    quote, so that it shows as text and never runs as a formula. A query that outgrows memory spills into the
    system's temp folder (at most 4 GiB). Exit 124 when --timeout passes, 130 on Ctrl-C."""
    from .db import QueryTimeout, run_user_sql
    from .display import own_file_pairs, show
    from .releases import TamperedRelease

    try:
        frame = run_user_sql(args.query, args.version, files=own_file_pairs(args.with_files), timeout=args.timeout)
    except QueryTimeout as exc:
        print(f"error: {exc}", file=sys.stderr)
        return TIMED_OUT
    except (PermissionError, ValueError, LookupError, TamperedRelease) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return show(frame, args)


def cmd_reconcile(args) -> int:
    """Run a reconciliation query from sql/queries/ (--list shows them).

    As a table or markdown it shows the query's short default columns (declared in its SQL file); csv, json and
    --out FILE give every column. --columns picks columns, --all-columns shows every one. The release is checked,
    --format csv is written and --timeout works as for `syriacw sql`: exit 2 for a release that fails its
    checksums, 124 when --timeout passes, 130 on Ctrl-C."""
    from .db import QueryTimeout, default_columns, query_files, query_list, run_query
    from .display import show
    from .releases import TamperedRelease

    if args.list or not args.name:
        queries = query_list()
        if args.format == "json":
            print(queries.to_json(orient="records", force_ascii=False, indent=1))
            return 0
        for row in queries.itertuples(index=False):
            print(f"{row.name:<18} {row.description}")
        return 0
    try:
        frame = run_query(args.name, args.version, timeout=args.timeout)
    except QueryTimeout as exc:
        print(f"error: {exc}", file=sys.stderr)
        return TIMED_OUT
    except (ValueError, LookupError, TamperedRelease) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return show(frame, args, default_columns(query_files()[args.name]))


# --- release / verify / cite ----------------------------------------------------------------------------------

def cmd_release(args) -> int:
    """Build raw/ + seeds/ into the immutable, checksummed release dataset/releases/VERSION/.

    The release is validated, checked, and written once; then CITATION.cff, .zenodo.json, CHANGELOG.md (with the
    release's fingerprint) and, last, dataset/RELEASES.sha256 (the list of released files every reader checks
    against) are brought in step with it. It refuses an existing or smaller version, and a smaller version bump
    than the changes since the previous release need. If a run is interrupted (killed, a full disk) after the
    release folder is written, run the same command again: it completes the release, or rolls the folder back
    and writes it again if the build now differs, and says which."""
    from .display import release_text
    from .releases.errors import ReleaseInterrupted, ReleaseRefused
    from .releases.make import make_release

    root = _root(args)
    try:
        result = make_release(root, args.version, args.date)
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return 1
    except (ReleaseRefused, ReleaseInterrupted, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: the release of {args.version} was not written ({exc})", file=sys.stderr)
        return 1
    for line in result["notes"]:
        print(f"note: {line}", file=sys.stderr)
    print(release_text(result, root))
    return 0


def cmd_verify(args) -> int:
    """Check a release's files against SHA256SUMS, datapackage.json and the list of released files, and its
    tables against their schemas.

    Every file is re-hashed and compared with dataset/RELEASES.sha256 (beside the release's folder, else the
    installed package's), so a file rewritten together with its checksums is caught; a release folder that is a
    symlink or named unlike its version is refused. Every table is read as syriacw.load reads it and validated.
    Exit 1 naming each file that differs, 2 if there is no such release."""
    from .display import verify_text
    from .releases import resolve
    from .releases.verify import verify

    try:
        folder = resolve(args.release, args.root)
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out, err, code = verify_text(folder, verify(folder), args.format)
    print(out)
    if err:
        print(err, file=sys.stderr)
    return code


def cmd_diff(args) -> int:
    """Rows added, removed and changed per table between two versions, cell by cell.

    A and B are versions (looked up as `verify` does), `tables` (dataset/tables/), or B may be left out with
    --current (the current build of raw/ + seeds/). Rows are matched by primary key; a column only one side has is
    listed as a change of schema, not of any row. Exit 0 whether or not anything changed; 2 for an unknown side."""
    import json

    from .build import build
    from .releases.diff import diff_frames, diff_lines, diff_side, table_frames

    try:
        # a repository is needed only for its build or its dataset/tables/; two releases are found without one
        repo = _root(args) if args.current or "tables" in (args.a, args.b) else None
        old = diff_side(args.a, args.root, repo, current=False)
        new = diff_side(None if args.current else args.b, args.root, repo, current=args.current)
        if new is None:
            new = build(repo, write=False)
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return 1
    diff = diff_frames(table_frames(old) if not isinstance(old, dict) else old,
                       table_frames(new) if not isinstance(new, dict) else new)
    b = "the current build" if args.current else args.b
    if args.format == "json":
        print(json.dumps({"from": args.a, "to": b, "tables": diff}, ensure_ascii=False, indent=1, default=str))
    else:
        print("\n".join(diff_lines(diff, args.a, b, markdown=args.format == "markdown")).rstrip("\n"))
    return 0


def cmd_cite(args) -> int:
    """Print the citation of one exact release (default: the newest): BibTeX, APA, CFF, CSL-JSON, RIS or JSON.

    RIS is converted from the release's CITATION.cff by cffconvert (installed on its own, see .ci/run)."""
    import json

    from .releases import DATAPACKAGE, TamperedRelease, fingerprint, resolve
    from .releases.anchor import read_checked
    from .releases.citation import CITATION, apa, bibtex
    from .releases.cite_formats import ConverterMissing, csl_json, ris

    try:
        folder = resolve(args.version, args.root)
        package = json.loads(read_checked(folder, DATAPACKAGE).decode("utf-8"))
        cff = read_checked(folder, CITATION).decode("utf-8")
        digest = fingerprint(folder)
        text = {"cff": lambda: cff.rstrip("\n"), "ris": lambda: ris(cff), "csl-json": lambda: csl_json(cff, digest),
                "apa": lambda: apa(package, digest), "bibtex": lambda: bibtex(package, digest),
                "json": lambda: json.dumps({"version": package["version"], "released": package["created"][:10],
                                            "fingerprint": digest, "apa": apa(package, digest),
                                            "bibtex": bibtex(package, digest)}, ensure_ascii=False, indent=1)}
        print(text[args.format]())
    except (LookupError, ConverterMissing) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except TamperedRelease as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


# --- audit / report --------------------------------------------------------------------------------------------

def cmd_audit(args) -> int:
    """Check that every number in every raw document is captured by a quote or excluded with a reason.

    A number is captured when it lies inside [quote_start, quote_end) of a figure or assertion of the same source,
    and excluded when seeds/audit_exclusions.csv lists it (source_id, text, start) with a reason_code and a reason.
    Prints found / captured / excluded / unaccounted per document; exits 1 naming every unaccounted number with
    its surrounding text. The build runs the same audit. --template prints exclusion rows to fill in.
    """
    from .audit import as_json, as_markdown, as_text, print_template
    from .build import audit_repository

    root = _reading_root(args)
    result, seed_problems = audit_repository(root)
    if seed_problems:
        print(f"warning: the seeds have {len(seed_problems)} validation problem(s) (run: syriacw validate); "
              "quote spans may be wrong, and so may this audit", file=sys.stderr)
    if args.template:  # rows to fill in, not a check: exit 0 so it can feed a pipe
        print_template(result, root)
        return 0
    if args.format == "json":
        print(as_json(result))
    elif args.format == "markdown":
        print(as_markdown(result))
    else:
        print(as_text(result, every_number=args.list))
    return 0 if result.valid else 1


def cmd_report(args) -> int:
    """Write a static, self-contained HTML report of a release: every figure beside the words it came from.

    The page (DIR/index.html) shows each source's Arabic text with every figure and assertion highlighted, a card
    per figure, the reconciliation queries with interval charts, and the release's checksums and citation. It
    needs no server and makes no network request. The documents are read from raw/ under --root and checked
    against sources.sha256 first. --out must be a folder outside dataset/ (the tables and the immutable releases);
    an index.html already there is replaced only if the report wrote it.
    """
    from .releases import TamperedRelease
    from .report import ReportError, write_report

    root = _reading_root(args)
    try:
        path = write_report(Path(args.out), root=root, version=args.version,
                            warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    except (ReportError, LookupError, TamperedRelease, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a full disk: nothing half-written is left
        print(f"error: cannot write the report into {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


def cmd_bundle(args) -> int:
    """Write one deterministic zip of a release: its tables (Parquet and CSV), answers, database, metadata and report.

    DIR/syriacw-VERSION.zip holds every file of the release, the HTML report of that release and a README.txt;
    the file to attach to a GitHub release or a Zenodo deposit. A release made before CSV copies and answers existed
    gets them made from its own tables (the README lists them). Two runs give the same bytes."""
    from .exports.bundle import bundle
    from .releases import TamperedRelease, resolve
    from .report import ReportError

    try:
        folder = resolve(args.version, args.root)
        path = bundle(folder, Path(args.out), _reading_root(args))
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ReportError, TamperedRelease, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


def cmd_serve(args) -> int:
    """Run Datasette on a release's SQLite database: every table and reconciliation answer in a browser.

    Listens on the loopback address (127.0.0.1) unless --host says otherwise; stop it with Ctrl-C. The database is
    the release's syriacw.sqlite, checked against SHA256SUMS; a release made before databases were part of a
    release (1.0.0, 1.1.0) gets one built from its Parquet files into ~/.cache/syriacw/ on first use.
    """
    from .exports.datasette import serve
    from .releases import TamperedRelease, resolve

    try:
        folder = resolve(args.version, args.root)
        print(f"serving release {folder.name} on http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
        return serve(folder, host=args.host, port=args.port)
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (TamperedRelease, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


# --- completion ------------------------------------------------------------------------------------------------

def cmd_completion(args) -> int:
    """Print a shell completion script for bash or zsh: commands, options, table and query names, releases.

    Load it in the current shell with `source <(syriacw completion bash)`, or save it where your shell looks for
    completions (bash: ~/.local/share/bash-completion/completions/syriacw; zsh: a file _syriacw in a folder of
    $fpath). The names and versions are those installed now: generate it again after an upgrade."""
    from .completion import completion_script

    print(completion_script(parser(), args.shell))
    return 0


# --- parser ----------------------------------------------------------------------------------------------------

def _add_root(c: argparse.ArgumentParser) -> None:
    c.add_argument("--root", metavar="DIR",
                   help="the repository holding raw/ and seeds/ (default: the current folder or the nearest above it)")


def _add_release(c: argparse.ArgumentParser) -> None:
    c.add_argument("--release", "--version", dest="version", metavar="VERSION",
                   help="the data release to read, e.g. 1.1.0 (default: the newest; 'dev' for the current build); "
                        "--version is an older name for it")


def _add_format(c: argparse.ArgumentParser, choices=None, default="table", help=None) -> None:
    from .display import FORMATS

    c.add_argument("--format", choices=choices or FORMATS, default=default,
                   help=help or "table (default: fits the terminal, long text wrapped), csv, json or markdown")


def _add_output(c: argparse.ArgumentParser, defaults: bool) -> None:
    from .display import EXPORTS

    c.add_argument("--columns", metavar="A,B,C", help="only these columns, in this order"
                   + (" (default: the query's short set in a table or markdown, every column in csv, json or --out)"
                      if defaults else ""))
    if defaults:
        c.add_argument("--all-columns", action="store_true", help="every column the query returns")
    c.add_argument("--out", metavar="FILE", help=f"write the answer to FILE ({', '.join(EXPORTS)}, by its extension) "
                                                 "instead of printing it; every column unless --columns")


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return seconds


def _add_timeout(c: argparse.ArgumentParser) -> None:
    c.add_argument("--timeout", type=_positive_seconds, metavar="SECONDS",
                   help="stop the query after this many seconds (exit 124); default: no limit")


def parser() -> argparse.ArgumentParser:
    from .audit import EXCLUSIONS_FILE
    from .display import version_line
    from .report import REPORT_FILE

    p = argparse.ArgumentParser(prog="syriacw", description="Build, check, query and cite the syriacw dataset.")
    p.add_argument("--version", action="version", version=version_line(),
                   help="print the package's version and the newest data release it ships, then exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, func, example):
        c = sub.add_parser(name, help=func.__doc__.splitlines()[0], description=func.__doc__,
                           epilog=f"example: {example}")
        c.set_defaults(func=func)
        return c

    c = command("build", cmd_build, "syriacw build")
    _add_root(c)
    c = command("validate", cmd_validate, "syriacw validate --format json")
    _add_root(c)
    _add_format(c, ("text", "json"), "text", "how to print problems (default text)")
    c = command("locate", cmd_locate, 'syriacw locate src-001 "ما لا يقل عن 1510"')
    _add_root(c)
    c.add_argument("source_id", help="a source_id from seeds/sources.csv")
    c.add_argument("quote", help="the words to find; diacritics, tatweel, letter variants and digit forms may differ")
    _add_format(c, ("text", "json"), "text", "text (default: tab-separated lines) or json")
    command("codebook", cmd_codebook, "syriacw codebook > codebook.md")
    c = command("sql", cmd_sql, 'syriacw sql "SELECT * FROM figures LIMIT 5" --format csv')
    c.add_argument("query", help='one SELECT statement, e.g. "SELECT * FROM figures LIMIT 5"')
    _add_release(c)
    _add_format(c)
    _add_timeout(c)
    c.add_argument("--with", dest="with_files", action="append", metavar="NAME=PATH",
                   help="bring your own CSV, Parquet or JSON file in as a read-only table NAME (repeatable)")
    _add_output(c, defaults=False)
    c = command("reconcile", cmd_reconcile, "syriacw reconcile pairwise --release 1.1.0 --format markdown")
    c.add_argument("name", nargs="?", help="the query to run")
    c.add_argument("--list", action="store_true", help="list the queries with their descriptions")
    _add_release(c)
    _add_format(c)
    _add_timeout(c)
    _add_output(c, defaults=True)
    c = command("release", cmd_release, "syriacw release 1.2.0 --date 2027-01-15")
    c.add_argument("version", help="the new version, MAJOR.MINOR.PATCH (major: a column or meaning changes; "
                                   "minor: rows or columns added; patch: corrections)")
    c.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the release date recorded in the release (default: the date of the version's entry in "
                        "CHANGELOG.md; never the clock, so the release can be rebuilt byte for byte)")
    _add_root(c)
    c = command("verify", cmd_verify, "syriacw verify 1.1.0")
    c.add_argument("release", nargs="?", metavar="VERSION|PATH",
                   help="a version (looked up in the repository's dataset/releases/, then in the installed "
                        "package's) or a release folder (default: the newest release)")
    _add_root(c)
    _add_format(c, ("text", "json"), "text", "text (default) or json (valid, problems, fingerprint)")
    c = command("diff", cmd_diff, "syriacw diff 1.0.0 1.1.0 --format markdown")
    c.add_argument("a", metavar="A", help="the earlier side: a version, a release folder, or tables")
    c.add_argument("b", metavar="B", nargs="?", help="the later side: a version, a release folder, or tables")
    c.add_argument("--current", action="store_true", help="compare A with the current build of raw/ + seeds/")
    _add_format(c, ("table", "json", "markdown"))
    _add_root(c)
    c = command("cite", cmd_cite, "syriacw cite 1.1.0 --format apa")
    c.add_argument("version", nargs="?", metavar="VERSION", help="the release to cite (default: the newest)")
    _add_format(c, ("bibtex", "apa", "cff", "csl-json", "ris", "json"), "bibtex",
                "bibtex (default), apa (APA 7 reference), cff (the release's CITATION.cff), csl-json (for Zotero, "
                "Pandoc), ris (needs cffconvert), or json (version, date, fingerprint and the references)")
    _add_root(c)
    c = command("audit", cmd_audit, "syriacw audit --list")
    _add_root(c)
    _add_format(c, ("text", "json", "markdown"), "text",
                "how to print the result (default text; markdown: the counts table of docs/audit.md)")
    c.add_argument("--list", action="store_true", help="also print every number with its status and context")
    c.add_argument("--template", action="store_true",
                   help=f"print CSV rows for {EXCLUSIONS_FILE}, one per unaccounted number (reason left empty)")
    c = command("report", cmd_report, "syriacw report --release 1.1.0 --out report/")
    _add_root(c)
    _add_release(c)
    c.add_argument("--out", required=True, metavar="DIR", help=f"folder to write {REPORT_FILE} into (created)")
    c = command("bundle", cmd_bundle, "syriacw bundle 1.1.0 --out dist/")
    c.add_argument("version", metavar="VERSION", help="the release to bundle")
    c.add_argument("--out", required=True, metavar="DIR", help="folder to write syriacw-VERSION.zip into (created)")
    _add_root(c)

    c = command("serve", cmd_serve, "syriacw serve --version 1.1.0 --port 8001")
    c.add_argument("--version", "--release", dest="version", metavar="VERSION",
                   help="the release to serve (default: the newest)")
    c.add_argument("--port", type=int, default=8001, help="the port to listen on (default 8001)")
    c.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: this machine only)")
    _add_root(c)
    c = command("completion", cmd_completion, "source <(syriacw completion bash)")
    c.add_argument("shell", choices=("bash", "zsh"), help="the shell to complete in")
    return p


def cli_reference() -> str:
    """docs/cli.md: every command's --help, as the parser prints it (regenerate, never edit by hand)."""
    import os

    previous, os.environ["COLUMNS"] = os.environ.get("COLUMNS"), "100"  # the same wrapping on every terminal
    try:
        from .display import reference_text

        return reference_text(parser())
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def run() -> int:
    """The `syriacw` console script and `python -m syriacw`: main() in a process of its own."""
    # pandera imports hypothesis whenever it is installed (the test extra installs it), for generating example data,
    # which no command does: 0.2 s of every command that validates. A None in sys.modules makes that import fail as
    # if hypothesis were absent. Only here, where the whole process is the command; main() called from Python (the
    # tests do) leaves sys.modules alone.
    sys.modules.setdefault("hypothesis", None)
    return main()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # a first try with no arguments gets the overview, not a usage error
        parser().print_help()
        return 0
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except NotARepository as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:  # Ctrl-C: a message, not a traceback
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
