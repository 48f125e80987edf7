"""The one CSV writer: RFC 4180 (CRLF, quotes only where needed), UTF-8 with a byte order mark, dates as
YYYY-MM-DD, empty for null, and text cells that a spreadsheet cannot run as a formula.

Why a BOM: Excel opens a CSV as UTF-8 only when it starts with one (else the Arabic turns into mojibake);
LibreOffice, readr, polars, DuckDB and Python's utf-8-sig skip it; R's base read.csv needs
fileEncoding = "UTF-8-BOM" (docs/without-python.md, codebook "Reading the CSV files").
"""
from __future__ import annotations

BOM = "\ufeff".encode("utf-8")
FORMULA_STARTS = "=+-@\t\r"  # what Excel, LibreOffice and Google Sheets may read as the start of a formula
FORMULA_GUARD = "'"  # a leading apostrophe: spreadsheets show the text as text; strip it to get the value back


def formula_safe(values):
    """Text cells that start with = + - @ tab or CR, with an apostrophe put before them (OWASP's advice against
    CSV injection); every other cell as it was. Takes an Arrow array (or chunked array) of text, or one str."""
    if isinstance(values, str):
        return FORMULA_GUARD + values if values[:1] and values[0] in FORMULA_STARTS else values
    import pyarrow.compute as pc

    risky = None
    for start in FORMULA_STARTS:  # six prefix tests are several times faster than one anchored regex
        starts = pc.starts_with(values, start)
        risky = starts if risky is None else pc.or_(risky, starts)
    if not pc.any(risky).as_py():
        return values
    return pc.if_else(risky, pc.binary_join_element_wise(FORMULA_GUARD, values, ""), values)


def formula_safe_frame(frame):
    """A copy of a pandas DataFrame whose text cells are formula_safe (for `syriacw sql --format csv`, which keeps
    pandas' CSV form)."""
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            text = values.astype("string")
            risky = text.str.startswith(tuple(FORMULA_STARTS)).fillna(False).astype(bool)
            if risky.any():
                frame[column] = values.astype(object).where(~risky, FORMULA_GUARD + text.astype(object))
    return frame


def csv_bytes(data, *, bom: bool = True) -> bytes:
    """`data` (an Arrow table or a pandas DataFrame) as CSV bytes; the same data gives the same bytes."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    write_csv(data, sink, bom=bom)
    return sink.getvalue().to_pybytes()


def write_csv(data, sink, *, bom: bool = True) -> None:
    """`data` (an Arrow table or a pandas DataFrame) as CSV into `sink` (an Arrow output stream or a binary file
    object), streamed: the bytes csv_bytes gives."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
    for i, field in enumerate(table.schema):
        column = table.column(i)
        if pa.types.is_dictionary(field.type):
            column = column.cast(field.type.value_type)
        if pa.types.is_timestamp(field.type) and _midnights(column):
            column = column.cast(pa.date32())  # a pandas date column: YYYY-MM-DD, not a timestamp
        if pa.types.is_large_string(column.type):
            column = column.cast(pa.string())
        if pa.types.is_string(column.type):
            column = formula_safe(column)
        table = table.set_column(i, pa.field(field.name, column.type), column)
    sink.write(BOM if bom else b"")
    pacsv.write_csv(table, sink, pacsv.WriteOptions(eol="\r\n", quoting_style="needed", null_string=""))


def _midnights(column) -> bool:
    import pyarrow as pa
    import pyarrow.compute as pc

    days = column.cast(pa.date32()).cast(column.type)
    return bool(pc.all(pc.equal(days, column)).as_py() in (True, None))
