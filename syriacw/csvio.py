"""Reading seed CSVs the way a spreadsheet program may have saved them.

Tolerated, because it is harmless: a UTF-8 byte-order mark, CRLF line endings (also inside quoted cells),
whitespace around cells, quoted cells with commas and newlines, blank lines. The result is the same table as from
the clean file.
Not tolerated: bytes that are not UTF-8 (the problem names the line).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .errors import Problem

BOM = "\ufeff"


@dataclass
class SeedTable:
    """A seed as text: header, rows of stripped cells, and the line where each row starts."""

    name: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def decode_utf8(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(file, line, None, None, "file-not-utf8",
                              f"byte {exc.start} is not valid UTF-8 ({exc.reason}); save the file as UTF-8")]


def parse_csv(data: bytes, file: str, name: str) -> tuple[SeedTable | None, list[Problem]]:
    if len(data) >= COLUMNAR_MIN_CHARS:  # the same table, read by Arrow (see below); None if it cannot say
        bom = BOM.encode("utf-8")
        data_lf = data[len(bom):] if data.startswith(bom) else data
        table = _parse_columnar(data_lf.replace(b"\r\n", b"\n") if b"\r" in data_lf else data_lf, name)
        if table is not None:
            return table, []
    text, problems = decode_utf8(data, file)
    if text is None:
        return None, problems
    if text.startswith(BOM):
        text = text[1:]
    # Seeds have LF line endings; a CR before a LF is what Windows tools add (Excel, git's autocrlf), also inside
    # quoted cells, so every CRLF is read as LF. Line numbers do not change.
    text = text.replace("\r\n", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    next_line = 1
    try:
        for raw in reader:
            start, next_line = next_line, reader.line_num + 1
            cells = [c.strip() for c in raw]
            if header is None:
                header = cells
                continue
            if not any(cells):
                continue  # blank line, e.g. a trailing empty row a spreadsheet added
            rows.append(cells)
            lines.append(start)
    except csv.Error as exc:  # name the line where the broken row starts, not where the reader gave up
        where = f" (read up to line {reader.line_num})" if reader.line_num != next_line else ""
        return None, [Problem(file, next_line, None, None, "csv-malformed",
                              f"{exc} in the row that starts on line {next_line}{where}")]
    if header is None:
        return None, [Problem(file, 1, None, None, "csv-empty", "the file has no header row")]
    for i, (cells, line) in enumerate(zip(rows, lines)):
        if len(cells) != len(header):
            problems.append(Problem(file, line, cells[0] if cells else None, None, "wrong-cell-count",
                                    f"the row has {len(cells)} cells but the header has {len(header)}"))
    return SeedTable(name, header, rows, lines), problems


# --- large seeds: the same table, read column-wise by Arrow ---------------------------------------------------------
# csv.reader costs about a microsecond per cell and a Python string per cell (10^6 figures: ~25 million cells,
# seconds and gigabytes). A large seed that is plainly formed — no CR, NUL or blank line, every quote opening a
# cell and closing it before a comma or line end — is read by pyarrow.csv instead, which splits such a file exactly
# as csv.reader does; cells are trimmed of exactly the characters str.strip removes, rows that are blank after
# trimming are dropped, and line numbers count the newlines inside quoted cells. Anything else (and any file
# Arrow refuses, e.g. a row with another number of cells) is read by csv.reader above, so problems are reported
# as before. tests/test_benchmark_generator.py compares both readers.

COLUMNAR_MIN_CHARS = 1 << 20  # bytes; smaller seeds are read by csv.reader (no Arrow CSV import)


class ColumnarSeedTable(SeedTable):
    """A SeedTable whose cells are held as Arrow string arrays (`columns`, one per header cell, null for an empty
    cell); `rows` is made from them when first asked for."""

    def __init__(self, name: str, header: list[str], lines: list[int], columns: list):
        self.name, self.header, self.lines, self.columns = name, header, lines, columns
        self._rows = None

    @property
    def rows(self) -> list[list[str]]:
        if self._rows is None:
            values = [["" if cell is None else cell for cell in column.to_pylist()] for column in self.columns]
            self._rows = [list(cells) for cells in zip(*values)]
        return self._rows


_SPACES: list[str] = []  # the characters str.strip removes (str.isspace)


def _spaces() -> list[str]:
    if not _SPACES:
        _SPACES.extend(chr(c) for c in range(0x110000) if chr(c).isspace())
    return _SPACES


def _quoted_spans(data: bytes):
    """(opening, closing) positions of the quoted cells, as two arrays, if every quote opens a cell (at a line start
    or after a comma), is doubled inside a quoted cell, or closes one right before a comma, a line end or the end
    of the file; else None. Reading quote by quote, a run of n adjacent quotes flips inside/outside when n is odd,
    so whether a run starts inside a cell is the parity of the quotes before it."""
    import numpy as np

    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == ord('"'))
    if len(quotes) == 0:
        return quotes, quotes
    first = np.concatenate(([True], np.diff(quotes) != 1))
    starts = quotes[first]
    lengths = np.diff(np.concatenate((np.flatnonzero(first), [len(quotes)])))
    before = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    starts_outside = before % 2 == 0
    ends_outside = (before + lengths) % 2 == 0
    ends = starts + lengths  # the byte after the run
    if not ends_outside[-1]:
        return None  # a quoted cell runs to the end of the file
    prev = raw[np.maximum(starts - 1, 0)]
    if not np.all(~starts_outside | (starts == 0) | (prev == ord(",")) | (prev == ord("\n"))):
        return None  # a quote inside an unquoted cell
    after = raw[np.minimum(ends, len(raw) - 1)]
    if not np.all(~ends_outside | (ends == len(raw)) | (after == ord(",")) | (after == ord("\n"))):
        return None  # something between a closing quote and the next comma or line end
    return starts[starts_outside], ends[ends_outside] - 1


def _parse_columnar(data: bytes, name: str) -> ColumnarSeedTable | None:
    """The table csv.reader would give (see above), or None when the file is not plainly formed."""
    if not data or b"\r" in data or b"\x00" in data or data.startswith(b"\n") or b"\n\n" in data:
        return None
    spans = _quoted_spans(data)
    if spans is None:
        return None
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    opening, closing = spans
    newline_positions = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    # a newline inside a quoted cell: more cells opened than closed before it
    quoted_newlines = bool(np.any(np.searchsorted(opening, newline_positions) >
                                  np.searchsorted(closing, newline_positions)))
    end = data.find(b"\n")
    first_line = data if end < 0 or b'"' in data[:end] else data[:end + 1]
    try:
        header_cells = next(csv.reader(io.StringIO(first_line.decode("utf-8"), newline=""), strict=True))
    except (csv.Error, StopIteration, UnicodeDecodeError):
        return None
    names = [f"c{i}" for i in range(len(header_cells))]
    try:
        table = pv.read_csv(
            pa.py_buffer(data),
            read_options=pv.ReadOptions(column_names=names),
            parse_options=pv.ParseOptions(delimiter=",", quote_char='"', double_quote=True, escape_char=False,
                                          newlines_in_values=quoted_newlines, ignore_empty_lines=False),
            convert_options=pv.ConvertOptions(column_types={c: pa.large_string() for c in names}, null_values=[""],
                                              strings_can_be_null=True, quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, ValueError):
        return None  # e.g. a row with another number of cells, or bytes that are not UTF-8: reported as before
    columns = [table.column(c) for c in names]
    if ["" if column[0].as_py() is None else column[0].as_py() for column in columns] != header_cells:
        return None
    limit = csv.field_size_limit()  # csv.reader refuses a cell this long (in characters; bytes ≥ characters)
    if any((pc.max(pc.binary_length(column)).as_py() or 0) >= limit and pc.max(pc.utf8_length(column)).as_py() >= limit
           for column in columns):
        return None
    n = table.num_rows
    records = np.arange(n)
    if quoted_newlines:  # the line each record starts on: 1 + records before it + newlines in their cells
        inside = np.zeros(n, dtype=np.int64)
        for column in columns:
            inside += pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy(zero_copy_only=False)
        starts = 1 + records + np.concatenate(([0], np.cumsum(inside)[:-1]))
    else:
        starts = 1 + records
    spaces = "".join(_spaces())
    del table
    for k, column in enumerate(columns):  # one column at a time, so only one extra copy is held
        # empty cells are null already (read so); a cell that is empty once trimmed becomes null too
        trimmed = pc.utf8_trim(column, characters=spaces)  # exactly what str.strip removes
        if pc.sum(pc.binary_length(trimmed)).as_py() != pc.sum(pc.binary_length(column)).as_py():
            columns[k] = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, trimmed.type), trimmed)
        del trimmed, column
    header = ["" if column[0].as_py() is None else column[0].as_py() for column in columns]
    keep = np.zeros(n, dtype=bool)
    for column in columns:
        keep |= pc.is_valid(column).to_numpy(zero_copy_only=False)
    # a row whose every cell is empty after trimming is a blank line to csv.reader; row 0 is the header
    keep[0] = False
    if keep[1:].all():
        return ColumnarSeedTable(name, header, starts[1:].tolist(), [column.slice(1) for column in columns])
    mask = pa.array(keep)
    return ColumnarSeedTable(name, header, starts[keep].tolist(), [column.filter(mask) for column in columns])
