"""A query's answer for a person or a file: the columns asked for, blanks for missing values, dates at the precision
they are known to, a table that fits the terminal, and export by file extension."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

FORMATS = ("table", "csv", "json", "markdown")
EXPORTS = (".csv", ".json", ".parquet", ".md")
_DATE_SHAPES = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


class UnknownColumns(ValueError):
    """--columns names a column the answer does not have."""


def pick_columns(frame, columns: list[str] | None):
    """The frame with only `columns`, in that order (all of them when None)."""
    if not columns:
        return frame
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise UnknownColumns(f"no column {', '.join(missing)}; columns: {', '.join(map(str, frame.columns))}")
    return frame[columns]


def _precision_column(frame, column: str) -> str | None:
    """published_on → published_precision, as_of → as_of_precision, date → date_precision."""
    for name in (f"{column}_precision", f"{column.rsplit('_', 1)[0]}_precision"):
        if name in frame.columns and name != column:
            return name
    return None


def _cell(value) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date_text(values, precisions=None) -> list[str]:
    """Each date as far as it is known: by its precision column, else without a midnight time of day."""
    import pandas as pd

    texts = []
    for i, value in enumerate(values):
        if pd.isna(value):
            texts.append("")
            continue
        precision = precisions[i] if precisions is not None else None
        shape = _DATE_SHAPES.get(precision) if isinstance(precision, str) else None
        if shape is None:
            stamp = pd.Timestamp(value)
            shape = "%Y-%m-%d" if stamp == stamp.normalize() else "%Y-%m-%d %H:%M:%S"
        texts.append(pd.Timestamp(value).strftime(shape))
    return texts


def readable(frame):
    """Every cell as text a person reads: blanks for missing values, whole numbers without '.0', dates at their
    precision."""
    import pandas as pd

    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            precision = _precision_column(frame, column)
            out[column] = _date_text(values.tolist(), frame[precision].tolist() if precision else None)
        else:
            out[column] = [_cell(v) for v in values.tolist()]
    return out


def table_text(frame, width: int | None = None) -> str:
    """The frame as a table that fits `width` columns (default: the terminal's), long text wrapped in its column."""
    from tabulate import tabulate

    width = width or shutil.get_terminal_size((100, 24)).columns
    cells = readable(frame)
    widths = column_widths(cells, width)
    # wrapped here, not by tabulate's maxcolwidths, which parses "1,409" as a number even with numparse off
    rows = [[_wrap(cell, w) for cell, w in zip(row, widths)] for row in cells.itertuples(index=False)]
    headers = [_wrap(str(c), w - HEADER_PADDING) for c, w in zip(cells.columns, widths)]
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(part for line in text.splitlines() for part in textwrap.wrap(line, width) or [""])


GAP, NARROWEST, SIDE = 2, 8, 20  # tabulate's "simple" puts two spaces between columns
HEADER_PADDING = 2  # and makes a column two wider than its header


def column_widths(cells, width: int) -> list[int]:
    """Widths that fit `width`: the column with the most text (an explanation, say) is the one being read, so the
    others give way first, down to SIDE characters; then it gives way, down to half the width; then all do, down to
    NARROWEST (with too many columns for that, the row stays wider than the terminal)."""
    widths = [max([len(str(c)) + HEADER_PADDING, *(max(map(len, v.splitlines()), default=0) for v in cells[c])])
              for c in cells.columns]
    if not widths:
        return widths
    main = max(range(len(widths)), key=lambda i: sum(map(len, cells.iloc[:, i])))
    room = width - GAP * (len(widths) - 1)
    while sum(widths) > room:
        i = _narrowed(widths, main, SIDE) or (main if widths[main] > max(width // 2, NARROWEST) else None)
        i = i if i is not None else _narrowed(widths, main, NARROWEST)
        if i is None:
            i = main if widths[main] > NARROWEST else None
        if i is None:
            break
        widths[i] -= 1
    return widths


def _narrowed(widths: list[int], main: int, floor: int) -> int | None:
    """The widest column other than `main` that is still wider than `floor`."""
    others = [i for i in range(len(widths)) if i != main and widths[i] > floor]
    return max(others, key=widths.__getitem__) if others else None


def markdown_text(frame) -> str:
    cells = readable(frame)
    rows = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    rows += ["| " + " | ".join(v.replace("|", "\\|").replace("\n", " ") for v in r) + " |"
             for r in cells.itertuples(index=False)]
    return "\n".join(rows)


def print_frame(frame, fmt: str) -> None:
    if fmt == "csv":
        from .exports.csv import formula_safe_frame

        sys.stdout.write(formula_safe_frame(frame).to_csv(index=False))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1, date_format="iso") + "\n")
    elif fmt == "markdown":
        print(markdown_text(frame))
    else:
        print(table_text(frame))


def export(frame, path: Path) -> None:
    """Write the frame to `path` in the format its extension names (.csv, .json, .parquet, .md)."""
    suffix = path.suffix.lower()
    if suffix not in EXPORTS:
        raise ValueError(f"{path}: --out writes {', '.join(EXPORTS)} files")
    if suffix == ".csv":
        from .exports.csv import formula_safe_frame

        formula_safe_frame(frame).to_csv(path, index=False)
    elif suffix == ".json":
        path.write_text(frame.to_json(orient="records", force_ascii=False, indent=1, date_format="iso") + "\n",
                        encoding="utf-8")
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        path.write_text(markdown_text(frame) + "\n", encoding="utf-8")


# --- what the commands print -----------------------------------------------------------------------------------

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


def own_file_pairs(pairs: list[str]) -> dict[str, str]:
    """--with NAME=PATH pairs → {name: path}."""
    files = {}
    for pair in pairs or []:
        name, sep, path = pair.partition("=")
        if not sep or not name or not path:
            raise ValueError(f"--with {pair!r}: write NAME=PATH, e.g. --with mine=my.csv")
        files[name] = path
    return files


def show(frame, args, default_columns=None) -> int:
    """Print the answer (or write it to --out) with the columns asked for; 2 for an unknown column."""
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


def version_line() -> str:
    """`syriacw --version`: the package's version and the newest data release it ships."""
    from . import __version__, paths
    from .releases.find import versions

    shipped = versions(paths.package_dataset() / "releases")
    return f"syriacw {__version__} (newest data release shipped: {shipped[-1] if shipped else 'none'})"


def reference_text(top) -> str:
    """docs/cli.md from the parser: the top help, then every command's --help."""
    import argparse

    out = ["# Command reference", "",
           "Generated from `syriacw --help` and each command's `--help` by",
           "`python -c \"from syriacw.cli import cli_reference; print(cli_reference(), end='')\" > docs/cli.md`.", "",
           "```", top.format_help().rstrip(), "```", ""]
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        out += [f"## syriacw {name}", "", "```", command.format_help().rstrip(), "```", ""]
    return "\n".join(out)


def verify_text(folder, problems: list[str], fmt: str) -> tuple[str, str, int]:
    """What `syriacw verify` prints (standard output, standard error) and its exit code."""
    import json

    from .releases import fingerprint, read_sums
    from .releases.anchor import is_release, listed_version

    if fmt == "json":
        return json.dumps({"release": str(folder), "valid": not problems, "problems": problems,
                           "fingerprint": None if problems else fingerprint(folder)}, ensure_ascii=False,
                          indent=1), "", 1 if problems else 0
    if problems:
        files = sorted({p.split(":", 1)[0] for p in problems})
        return ("\n".join(f"FAILED {problem}" for problem in problems),
                f"{folder}: {len(problems)} problem(s) in {', '.join(files)}", 1)
    anchored = is_release(folder) or listed_version(folder) is not None
    out = (f"OK {folder}: {len(read_sums(folder))} files match SHA256SUMS"
           + (", datapackage.json and the list of released files; " if anchored else " and datapackage.json; ")
           + "every table matches its schema\n"
           + f"fingerprint (sha256 of SHA256SUMS): {fingerprint(folder)}")
    err = "" if anchored else (f"warning: {folder} is not a release the list of released files names: only its own "
                               "checksums were compared")
    return out, err, 0


def release_text(result: dict, root) -> str:
    """What `syriacw release` prints when it has made a release: where, the fingerprint, the changes, what next."""
    version, out = result["version"], result["folder"]
    lines = [f"released {version} ({result['date']}): {out}",
             f"  {len(result['files'])} files; fingerprint (sha256 of SHA256SUMS): {result['fingerprint']}"]
    if result["changes"]:
        lines.append(f"  changes since {result['previous']} (at least a {result['required']} release):")
        lines += [f"    {level}: {reason}" for level, reason in result["changes"]]
    lines.append(f"  updated: {', '.join(result['updated'])}")
    paths = " ".join([str(out.relative_to(root)), *result["updated"]])
    lines.append(f"next: git add {paths} && git commit -m 'Release {version}' && git tag v{version} && git push "
                 "--tags;\n      then publish a GitHub release of the tag so that Zenodo archives it and gives it a DOI.")
    return "\n".join(lines)
