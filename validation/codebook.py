"""Documents generated from the schemas: docs/codebook.md and the dtypes.json that `syriacw.load` reads."""
from __future__ import annotations

import json

from syriacw.numbers import __doc__ as NUMBER_RULES

from . import rules
from .schemas import PRIMARY_KEYS, SEED_ONLY, TABLES


def column_types() -> dict:
    """{table: {column: {"kind": ..., "categories": [...]}}}: what load() needs, without importing pandera."""
    out = {}
    for table, schema in TABLES.items():
        out[table] = {}
        for column, spec in schema.columns.items():
            entry = {"kind": spec.metadata["kind"]}
            if "vocabulary" in spec.metadata:
                entry["categories"] = list(spec.metadata["vocabulary"])
            out[table][column] = entry
    return out


def dtypes_json() -> str:
    return json.dumps(column_types(), ensure_ascii=False, indent=1) + "\n"


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


READING_FILES = [
    "## Reading the files of a release", "",
    "A release folder holds one `TABLE.parquet` per table at its top, `csv/TABLE.csv` (the same rows as CSV), "
    "`answers/QUERY.parquet` and `answers/QUERY.csv` (the answer of every reconciliation query, precomputed), "
    "`datapackage.json`, `dtypes.json`, this codebook, `CITATION.cff`, `CHANGELOG.md` and `SHA256SUMS` "
    "(releases 1.0.0 and 1.1.0 have no `csv/` or `answers/`: `syriacw bundle VERSION` makes them). "
    "**Read one file per table; never glob the folder** (`read_parquet('1.2.0/*.parquet')` stacks six "
    "different tables into one). Each Parquet file carries every column's description and unit in its own field "
    "metadata (`pyarrow.parquet.read_schema(path).field('value').metadata`).", "",
    "### Reading the CSV files", "",
    "- Encoding: UTF-8 **with a byte order mark**, so that Excel reads the Arabic as Arabic (without the mark it "
    "guesses a legacy code page). LibreOffice, readr, polars, DuckDB and Python's `utf-8-sig` skip the mark; "
    "in base R pass `fileEncoding = \"UTF-8-BOM\"` to `read.csv` (else the first column's name starts with "
    "`X.U.FEFF.` or `ï..`).",
    "- RFC 4180: comma-separated, CRLF line ends, a header row, text in double quotes (a quote inside doubled).",
    "- Empty cell = no value (null). Dates are `YYYY-MM-DD`, each beside its `*_precision` column: `2013-08-01` "
    "with precision `month` means \"August 2013\", not the first of August.",
    "- Numbers have a `.` decimal point and no thousands separator; answers write yes / no as `true` / `false`.",
    "- Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a leading apostrophe "
    "(`'`), so that a spreadsheet shows it as text instead of running it as a formula; remove that apostrophe to "
    "get the value the Parquet file holds.",
    "- In R: `read.csv(\"csv/figures.csv\", fileEncoding = \"UTF-8-BOM\", na.strings = \"\")`; "
    "in LibreOffice or Excel open the file directly. docs/without-python.md has tested recipes.", ""]


def codebook_markdown() -> str:
    lines = ["# Codebook", "",
             "Generated from the pandera schemas in `validation/schemas.py` by `syriacw codebook`; do not edit by hand.",
             "Every table is a Parquet file in `dataset/tables/` and in each release; `syriacw.load(NAME)` returns it "
             "as a pandas DataFrame with these types (dates as `datetime64`, integers as nullable `Int64`, numbers as "
             "nullable `Float64`, closed vocabularies as categoricals).", "",
             "Columns marked *derived* are computed by the build; every other column is typed by curators in "
             "`seeds/TABLE.csv`. Dates in seeds are typed as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the form is the "
             "precision.", ""] + READING_FILES
    for table, schema in TABLES.items():
        lines += [f"## {table}", "", schema.description or "", "", f"Primary key: `{PRIMARY_KEYS[table]}`.", "",
                  "| column | type | unit | description | vocabulary / reference |",
                  "|---|---|---|---|---|"]
        for column, spec in schema.columns.items():
            meta = spec.metadata
            kind = meta["kind"] + (", derived" if meta["derived"] else "") + ("" if spec.nullable else ", required")
            extra = ""
            if "vocabulary" in meta:
                extra = ", ".join(f"`{k}`" for k in meta["vocabulary"])
            elif "references" in meta:
                extra = f"→ `{meta['references']}`"
            lines.append(f"| `{column}` | {kind} | {_cell(meta.get('unit', ''))} | {_cell(spec.description)} | {extra} |")
        lines.append("")
        for column, spec in schema.columns.items():
            vocabulary = spec.metadata.get("vocabulary")
            if vocabulary and not _seen_before(table, column):
                lines += [f"### `{column}` vocabulary", ""] + [f"- `{k}`: {_cell(d)}" for k, d in vocabulary.items()] + [""]
    for name, schema in SEED_ONLY.items():
        lines += [f"## seeds/{name}.csv (a seed, not a table)", "", schema.description or "", "",
                  "| column | description |", "|---|---|"]
        lines += [f"| `{column}` | {_cell(spec.description)} |" for column, spec in schema.columns.items()]
        lines.append("")
    lines += ["## Numbers and intervals", "", "```", NUMBER_RULES.strip(), "```", "",
              "## Validation error codes", "", "```", rules.__doc__.strip(), "```", ""]
    return "\n".join(lines)


def _seen_before(table, column) -> bool:
    """Print a vocabulary once: at its first column of that name across tables."""
    target = TABLES[table].columns[column].metadata["vocabulary"]
    for other, schema in TABLES.items():
        for name, spec in schema.columns.items():
            if (other, name) == (table, column):
                return False
            if spec.metadata.get("vocabulary") is target:
                return True
    return False
