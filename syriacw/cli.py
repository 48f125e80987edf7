"""The `syriacw` command: every command, thin, over the modules' plain functions. Every command has --help with an
example; docs/cli.md is printed from it (cli_reference). No other module imports this one."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ValidationFailed, format_json, format_text
from .paths import NotARepository, find_root


def _root(args) -> Path:
    return find_root(args.root)


# --- build / validate ------------------------------------------------------------------------------------------

def cmd_build(args) -> int:
    """Validate raw/ and seeds/, then write dataset/tables/*.parquet and print a summary."""
    from .build import build

    root = _root(args)
    notes: list[str] = []
    try:
        tables = build(root, notes=notes)
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return 1
    from .validation.codebook import codebook_markdown

    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "codebook.md").write_text(codebook_markdown(), encoding="utf-8")
    for line in notes:  # e.g. the number audit's counts
        print(line)
    print(summary(tables))
    print(f"wrote {root / 'dataset' / 'tables'} and docs/codebook.md")
    return 0


SUMMARY_ROWS = 40  # per list of the build summary: enough for today's data, not 37,000 lines at a million figures


def summary(tables) -> str:
    lines = ["rows per table:"]
    lines += [f"  {name:<14}{len(frame):>6}" for name, frame in tables.items()]
    figures = tables.get("figures")
    if figures is not None and len(figures):
        for column, what in (("source_id", "source"), ("claimant_id", "claimant")):
            counts = figures[column].value_counts().sort_index()
            lines.append(f"figures per {what}:")
            lines += [f"  {k:<40}{n:>4}" for k, n in counts.iloc[:SUMMARY_ROWS].items()]
            if len(counts) > SUMMARY_ROWS:
                lines.append(f"  … and {len(counts) - SUMMARY_ROWS:,} more {what}s "
                             f"(syriacw sql \"SELECT {column}, count(*) FROM figures GROUP BY 1\")")
    return "\n".join(lines)


def cmd_validate(args) -> int:
    """Run every check of build; write nothing. Exit 1 if anything is wrong."""
    from .build import build

    try:
        build(_root(args), write=False)
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
    from .csvio import parse_csv

    root = _root(args)
    seed, problems = parse_csv((root / "seeds" / "sources.csv").read_bytes(), "seeds/sources.csv", "sources")
    if seed is None:
        print(format_text(problems), file=sys.stderr)
        return 1
    files = {row[seed.header.index("source_id")]: row[seed.header.index("file")] for row in seed.rows}
    if args.source_id not in files:
        print(f"unknown source {args.source_id!r}; sources: {', '.join(sorted(files))}", file=sys.stderr)
        return 2
    document = (root / files[args.source_id]).read_text(encoding="utf-8")
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


def _own_files(pairs: list[str]) -> dict[str, str]:
    """--with NAME=PATH pairs → {name: path}."""
    files = {}
    for pair in pairs or []:
        name, sep, path = pair.partition("=")
        if not sep or not name or not path:
            raise ValueError(f"--with {pair!r}: write NAME=PATH, e.g. --with mine=my.csv")
        files[name] = path
    return files


def _show(frame, args, default_columns=None) -> int:
    """Print the answer (or write it to --out) with the columns asked for; 2 for an unknown column."""
    from .display import export, pick_columns, print_frame

    if getattr(args, "all_columns", False):
        columns = None
    elif args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    elif args.out or args.format in ("csv", "json"):
        columns = None  # data for a program or a file: every column unless asked otherwise
    else:
        columns = default_columns
    try:
        frame = pick_columns(frame, columns)
        if args.out:
            export(frame, Path(args.out))
            print(f"wrote {args.out} ({len(frame)} rows, {len(frame.columns)} columns)", file=sys.stderr)
            return 0
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_frame(frame, args.format)
    return 0


def cmd_sql(args) -> int:
    """Run one read-only SELECT against the tables and the reconciliation views.

    Nothing else can be read unless asked: --with NAME=PATH brings a CSV, Parquet or JSON file in as a read-only
    table NAME to join with; --out FILE writes the answer to a file instead of the screen."""
    from .db import run_user_sql

    try:
        frame = run_user_sql(args.query, args.version, files=_own_files(args.with_files))
    except (PermissionError, LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return _show(frame, args)


def cmd_reconcile(args) -> int:
    """Run a reconciliation query from sql/queries/ (--list shows them).

    As a table or markdown it shows the query's short default columns (declared in its SQL file); csv, json and
    --out FILE give every column. --columns picks columns, --all-columns shows every one."""
    from .db import default_columns, query_files, query_list, run_query

    if args.list or not args.name:
        queries = query_list()
        if args.format == "json":
            print(queries.to_json(orient="records", force_ascii=False, indent=1))
            return 0
        for row in queries.itertuples(index=False):
            print(f"{row.name:<18} {row.description}")
        return 0
    try:
        frame = run_query(args.name, args.version)
    except (LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return _show(frame, args, default_columns(query_files()[args.name]))


# --- release / verify / cite ----------------------------------------------------------------------------------

def cmd_release(args) -> int:
    """Build raw/ + seeds/ into the immutable, checksummed release dataset/releases/VERSION/.

    The release is validated, checked, and written once; then CITATION.cff, .zenodo.json, CHANGELOG.md and
    tests/released_hashes.txt are brought in step with it. It refuses an existing or smaller version, and a
    smaller version bump than the changes since the previous release need."""
    from .releases.errors import ReleaseRefused
    from .releases.make import make_release

    root = _root(args)
    try:
        result = make_release(root, args.version, args.date)
    except ValidationFailed as exc:
        print(format_text(exc.problems), file=sys.stderr)
        return 1
    except (ReleaseRefused, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in result["notes"]:
        print(f"note: {line}", file=sys.stderr)
    version, out = result["version"], result["folder"]
    print(f"released {version} ({result['date']}): {out}")
    print(f"  {len(result['files'])} files; fingerprint (sha256 of SHA256SUMS): {result['fingerprint']}")
    if result["changes"]:
        print(f"  changes since {result['previous']} (at least a {result['required']} release):")
        for level, reason in result["changes"]:
            print(f"    {level}: {reason}")
    print(f"  updated: {', '.join(result['updated'])}")
    paths = " ".join([str(out.relative_to(root)), *result["updated"]])
    print(f"next: git add {paths} && git commit -m 'Release {version}' && git tag v{version} && git push --tags;\n"
          "      then publish a GitHub release of the tag so that Zenodo archives it and gives it a DOI.")
    return 0


def cmd_verify(args) -> int:
    """Check a release's files against SHA256SUMS and datapackage.json and its tables against their schemas.

    Every file is re-hashed; every table is read as syriacw.load reads it and validated. Exit 1 naming each file
    that differs, 2 if there is no such release."""
    from .releases import fingerprint, read_sums, resolve
    from .releases.verify import verify

    try:
        folder = resolve(args.release, args.root)
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = verify(folder)
    if args.format == "json":
        import json

        print(json.dumps({"release": str(folder), "valid": not problems, "problems": problems,
                          "fingerprint": None if problems else fingerprint(folder)}, ensure_ascii=False, indent=1))
        return 1 if problems else 0
    for problem in problems:
        print(f"FAILED {problem}")
    if problems:
        files = sorted({p.split(":", 1)[0] for p in problems})
        print(f"{folder}: {len(problems)} problem(s) in {', '.join(files)}", file=sys.stderr)
        return 1
    sums = read_sums(folder)
    print(f"OK {folder}: {len(sums)} files match SHA256SUMS and datapackage.json; every table matches its schema")
    print(f"fingerprint (sha256 of SHA256SUMS): {fingerprint(folder)}")
    return 0


def cmd_cite(args) -> int:
    """Print the citation of one exact release (default: the newest): BibTeX, APA, CFF, CSL-JSON, RIS or JSON.

    RIS is converted from the release's CITATION.cff by cffconvert (installed on its own, see .ci/run)."""
    import json

    from .releases import DATAPACKAGE, TamperedRelease, fingerprint, resolve, verify_file
    from .releases.citation import CITATION, apa, bibtex
    from .releases.cite_formats import ConverterMissing, csl_json, ris

    try:
        folder = resolve(args.version, args.root)
        verify_file(folder, DATAPACKAGE)
        verify_file(folder, CITATION)
        cff = (folder / CITATION).read_text(encoding="utf-8")
        package = json.loads((folder / DATAPACKAGE).read_text(encoding="utf-8"))
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
    from .audit import as_json, as_text, print_template
    from .build import audit_repository

    root = _root(args)
    result, seed_problems = audit_repository(root)
    if seed_problems:
        print(f"warning: the seeds have {len(seed_problems)} validation problem(s) (run: syriacw validate); "
              "quote spans may be wrong, and so may this audit", file=sys.stderr)
    if args.template:  # rows to fill in, not a check: exit 0 so it can feed a pipe
        print_template(result, root)
        return 0
    if args.format == "json":
        print(as_json(result))
    else:
        print(as_text(result, every_number=args.list))
    return 0 if result.valid else 1


def cmd_report(args) -> int:
    """Write a static, self-contained HTML report of a release: every figure beside the words it came from.

    The page (DIR/index.html) shows each source's Arabic text with every figure and assertion highlighted, a card
    per figure, the reconciliation queries with interval charts, and the release's checksums and citation. It
    needs no server and makes no network request. The documents are read from raw/ under --root and checked
    against sources.sha256 first.
    """
    from .releases import TamperedRelease
    from .report import ReportError, write_report

    root = _root(args)
    try:
        path = write_report(Path(args.out), root=root, version=args.version,
                            warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    except (ReportError, LookupError, TamperedRelease, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


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


def parser() -> argparse.ArgumentParser:
    from .audit import EXCLUSIONS_FILE
    from .report import REPORT_FILE

    p = argparse.ArgumentParser(prog="syriacw", description="Build, check, query and cite the syriacw dataset.")
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
    c.add_argument("--with", dest="with_files", action="append", metavar="NAME=PATH",
                   help="bring your own CSV, Parquet or JSON file in as a read-only table NAME (repeatable)")
    _add_output(c, defaults=False)
    c = command("reconcile", cmd_reconcile, "syriacw reconcile pairwise --release 1.1.0 --format markdown")
    c.add_argument("name", nargs="?", help="the query to run")
    c.add_argument("--list", action="store_true", help="list the queries with their descriptions")
    _add_release(c)
    _add_format(c)
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
    c = command("cite", cmd_cite, "syriacw cite 1.1.0 --format apa")
    c.add_argument("version", nargs="?", metavar="VERSION", help="the release to cite (default: the newest)")
    _add_format(c, ("bibtex", "apa", "cff", "csl-json", "ris", "json"), "bibtex",
                "bibtex (default), apa (APA 7 reference), cff (the release's CITATION.cff), csl-json (for Zotero, "
                "Pandoc), ris (needs cffconvert), or json (version, date, fingerprint and the references)")
    _add_root(c)
    c = command("audit", cmd_audit, "syriacw audit --list")
    _add_root(c)
    _add_format(c, ("text", "json"), "text", "how to print the result (default text)")
    c.add_argument("--list", action="store_true", help="also print every number with its status and context")
    c.add_argument("--template", action="store_true",
                   help=f"print CSV rows for {EXCLUSIONS_FILE}, one per unaccounted number (reason left empty)")
    c = command("report", cmd_report, "syriacw report --release 1.1.0 --out report/")
    _add_root(c)
    _add_release(c)
    c.add_argument("--out", required=True, metavar="DIR", help=f"folder to write {REPORT_FILE} into (created)")
    c = command("completion", cmd_completion, "source <(syriacw completion bash)")
    c.add_argument("shell", choices=("bash", "zsh"), help="the shell to complete in")
    return p


def cli_reference() -> str:
    """docs/cli.md: every command's --help, as the parser prints it (regenerate, never edit by hand)."""
    import os

    previous, os.environ["COLUMNS"] = os.environ.get("COLUMNS"), "100"  # the same wrapping on every terminal
    try:
        return _reference_text(parser())
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def _reference_text(top: argparse.ArgumentParser) -> str:
    out = ["# Command reference", "",
           "Generated from `syriacw --help` and each command's `--help` by",
           "`python -c \"from syriacw.cli import cli_reference; print(cli_reference(), end='')\" > docs/cli.md`.", "",
           "```", top.format_help().rstrip(), "```", ""]
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        out += [f"## syriacw {name}", "", "```", command.format_help().rstrip(), "```", ""]
    return "\n".join(out)


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


if __name__ == "__main__":
    sys.exit(main())
