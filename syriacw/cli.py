"""The `syriacw` command. Every command has --help; the README's command reference is printed from it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ValidationFailed, format_json, format_text
from .paths import NotARepository, find_root


def _root(args) -> Path:
    return find_root(args.root)


def _add_root(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", metavar="DIR",
                   help="the repository holding raw/ and seeds/ (default: the current folder or the nearest above it)")


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


def _print_frame(frame, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1, date_format="iso") + "\n")
    elif fmt == "markdown":
        print(_markdown(frame))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                               "display.max_colwidth", 60):
            print(frame.to_string(index=False))


def _markdown(frame) -> str:
    cells = frame.astype(object).where(frame.notna(), "")
    rows = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    rows += ["| " + " | ".join(str(v).replace("|", "\\|") for v in r) + " |" for r in cells.itertuples(index=False)]
    return "\n".join(rows)


def cmd_sql(args) -> int:
    """Run one read-only SELECT against the tables and the reconciliation views."""
    from .db import run_user_sql

    try:
        frame = run_user_sql(args.query, args.version)
    except (PermissionError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_frame(frame, args.format)
    return 0


def cmd_reconcile(args) -> int:
    """Run a reconciliation query from sql/queries/ (--list shows them)."""
    from .db import query_list, run_query

    if args.list or not args.name:
        for row in query_list().itertuples(index=False):
            print(f"{row.name:<18} {row.description}")
        return 0
    try:
        frame = run_query(args.name, args.version)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_frame(frame, args.format)
    return 0


# --- parser ----------------------------------------------------------------------------------------------------

FORMATS = ("table", "csv", "json", "markdown")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="syriacw", description="Build, check, query and cite the syriacw dataset.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, func, **kw):
        c = sub.add_parser(name, help=func.__doc__.splitlines()[0], description=func.__doc__, **kw)
        c.set_defaults(func=func)
        return c

    c = command("build", cmd_build)
    _add_root(c)
    c = command("validate", cmd_validate)
    _add_root(c)
    c.add_argument("--format", choices=("text", "json"), default="text", help="how to print problems (default text)")
    c = command("locate", cmd_locate)
    _add_root(c)
    c.add_argument("source_id", help="a source_id from seeds/sources.csv")
    c.add_argument("quote", help="the words to find; diacritics, tatweel, letter variants and digit forms may differ")
    command("codebook", cmd_codebook)
    c = command("sql", cmd_sql)
    c.add_argument("query", help='one SELECT statement, e.g. "SELECT * FROM figures LIMIT 5"')
    c.add_argument("--version", help="a release (default: the newest; 'dev' for the current build)")
    c.add_argument("--format", choices=FORMATS, default="table")
    c = command("reconcile", cmd_reconcile)
    c.add_argument("name", nargs="?", help="the query to run")
    c.add_argument("--list", action="store_true", help="list the queries with their descriptions")
    c.add_argument("--version", help="a release (default: the newest; 'dev' for the current build)")
    c.add_argument("--format", choices=FORMATS, default="table")
    for register in EXTRA_COMMANDS:
        register(command)
    return p


# Modules that add commands append a function here: register(command) → uses command(name, func).
EXTRA_COMMANDS: list = []


def _load_extra_commands() -> None:
    import importlib

    for module in ("release", "audit", "report"):
        try:
            mod = importlib.import_module(f"syriacw.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"syriacw.{module}":
                raise
            continue
        if hasattr(mod, "register") and mod.register not in EXTRA_COMMANDS:
            EXTRA_COMMANDS.append(mod.register)


def cli_reference() -> str:
    """docs/cli.md: every command's --help, as the parser prints it (regenerate, never edit by hand)."""
    import os

    _load_extra_commands()
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
    _load_extra_commands()
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
