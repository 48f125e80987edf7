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


def codebook_markdown() -> str:
    lines = ["# Codebook", "",
             "Generated from the pandera schemas in `validation/schemas.py` by `syriacw codebook`; do not edit by hand.",
             "Every table is a Parquet file in `dataset/tables/` and in each release; `syriacw.load(NAME)` returns it "
             "as a pandas DataFrame with these types (dates as `datetime64`, integers as nullable `Int64`, numbers as "
             "nullable `Float64`, closed vocabularies as categoricals).", "",
             "Columns marked *derived* are computed by the build; every other column is typed by curators in "
             "`seeds/TABLE.csv`. Dates in seeds are typed as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the form is the "
             "precision.", ""]
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
