"""The files of a new release: every table as Parquet that describes itself, as CSV (csv/TABLE.csv), and the answer
of every reconciliation query as Parquet and CSV (answers/QUERY.parquet, answers/QUERY.csv).

The tables stay at the top of the release folder, where syriacw.load reads them: read one file per table, never
a glob of the folder (codebook, "Reading the CSV files").
"""
from __future__ import annotations

from pathlib import Path

CSV_DIR = "csv"
ANSWERS_DIR = "answers"


def table_files(tables: dict) -> dict[str, bytes]:
    """name.parquet (with each field's description and unit) and csv/name.csv for every table (pandas frames)."""
    from ..parquet import arrow_parquet_bytes, arrow_table
    from .csv import csv_bytes

    files = {}
    for name, frame in tables.items():
        table = described(arrow_table(frame), name)
        files[f"{name}.parquet"] = arrow_parquet_bytes(table, store_schema=True)
        files[f"{CSV_DIR}/{name}.csv"] = csv_bytes(table)
    return files


def answer_files(folder: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """answers/QUERY.parquet and answers/QUERY.csv for every reconciliation query over the tables in `folder`
    (run by syriacw's own query runner), and {query: why it cannot run} for those the tables cannot answer."""
    files, unavailable = {}, {}
    for name, table, reason in described_answers(folder):
        if table is None:
            unavailable[name] = reason
        else:
            files.update(answer_files_of(name, table))
    return files, unavailable


def answer_tables(folder: Path) -> tuple[dict, dict[str, str]]:
    """Every reconciliation query's answer over the tables in `folder`, as a described Arrow table by query name,
    and {query: why it cannot run} for those the tables cannot answer."""
    tables, unavailable = {}, {}
    for name, table, reason in described_answers(folder):
        if table is None:
            unavailable[name] = reason
        else:
            tables[name] = table
    return tables, unavailable


def described_answers(folder: Path):
    """(query name, its answer as a described Arrow table or None, why it cannot run or None) for every
    reconciliation query over the tables in `folder`, one at a time (syriacw's own query runner)."""
    from ..db import answers, describe, query_files

    descriptions = {name: describe(path) for name, path in query_files().items()}
    for name, table, reason in answers(folder):
        yield name, None if table is None else described(_plain_strings(table), None, descriptions[name]), reason


def answer_files_of(name: str, table) -> dict[str, bytes]:
    """answers/QUERY.parquet and answers/QUERY.csv of one query's answer (a described Arrow table)."""
    from ..parquet import arrow_parquet_bytes
    from .csv import csv_bytes

    return {f"{ANSWERS_DIR}/{name}.parquet": arrow_parquet_bytes(table, store_schema=True),
            f"{ANSWERS_DIR}/{name}.csv": csv_bytes(table)}


def write_release_files(tables: dict, staged) -> None:
    """Every table and answer file of a new release, written into `staged` (a parquet.StagedFolder that holds
    dtypes.json already, which the query runner needs) as each is made: a table's or an answer's files are
    dropped from memory once written."""
    for name, frame in tables.items():
        for file, data in table_files({name: frame}).items():
            staged.write(file, data)
    from concurrent.futures import ThreadPoolExecutor

    from ..parquet import arrow_parquet_bytes
    from .csv import write_csv

    def write_answer(name: str, table) -> None:  # the files answer_files_of gives; the CSV streamed to the disk
        staged.write(f"{ANSWERS_DIR}/{name}.parquet", arrow_parquet_bytes(table, store_schema=True))
        staged.write_with(f"{ANSWERS_DIR}/{name}.csv", lambda file: write_csv(table, file))

    unavailable, writing = {}, None
    with ThreadPoolExecutor(1) as writer:  # an answer's files are made (Arrow, without the GIL) while the next runs
        for name, table, reason in described_answers(staged.path):
            if table is None:
                unavailable[name] = reason
                continue
            if writing is not None:
                writing.result()
            writing = writer.submit(write_answer, name, table)
        if writing is not None:
            writing.result()
    if unavailable:  # a new release's tables answer every query; anything else is a bug in a query or the tables
        raise ValueError("reconciliation queries cannot run on the release's tables: "
                         + "; ".join(f"{n}: {r}" for n, r in sorted(unavailable.items())))


def field_metadata(table: str | None) -> dict[str, dict[bytes, bytes]]:
    """column → Arrow field metadata (b"description", b"unit") from the schemas; a query's answer borrows the
    description of a column that has a table column's name (figure_id, claimant_id, …) from the first table
    that has it."""
    from ..validation.frictionless import table_schema
    from ..validation.schemas import TABLES

    out: dict[str, dict[bytes, bytes]] = {}
    for name in ([table] if table else list(TABLES)):
        for field in table_schema(name)["fields"]:
            meta = {b"description": field.get("description", "").encode("utf-8")}
            if field.get("unit"):
                meta[b"unit"] = str(field["unit"]).encode("utf-8")
            out.setdefault(field["name"], meta)
    return out


def described(table, name: str | None, description: str | None = None):
    """`table` with each field's description and unit in its metadata, and the table's description in the
    schema's (b"description"); `name` None for a query's answer."""
    import pyarrow as pa

    from ..validation.schemas import TABLES

    metadata = field_metadata(name)
    fields = [field.with_metadata(metadata[field.name]) if field.name in metadata else field
              for field in table.schema]
    text = description if name is None else (TABLES[name].description or "")
    return pa.Table.from_arrays(table.columns, schema=pa.schema(fields, metadata={b"description":
                                                                                   text.encode("utf-8")}))


def _plain_strings(table):
    """large_string columns (how the query runner hands text to pandas) as string: the tables' type."""
    import pyarrow as pa

    for i, field in enumerate(table.schema):
        if pa.types.is_large_string(field.type):
            table = table.set_column(i, pa.field(field.name, pa.string()), table.column(i).cast(pa.string()))
    return table
