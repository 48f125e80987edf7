"""What spreadsheets do to a CSV, and is harmless, changes nothing: the tables built from the mangled seeds are
byte-identical to the ones built from the clean seeds (every Parquet file and dtypes.json).

The clean baseline is tests/fixtures/mini with one `notes` cell that holds a comma, a double quote and a line
break, written as the seed contract says (minimal quoting, LF, final newline), so every mangling below also
has to carry a quoted multi-line cell through.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from syriacw.build import build
from syriacw.csvio import parse_csv
from syriacw.paths import TABLE_NAMES

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
NOTE = 'first line, with a comma and a "quoted" word\nsecond line'


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(rows, **kw) -> str:
    buf = io.StringIO()
    csv.writer(buf, **{"lineterminator": "\n", **kw}).writerows(rows)
    return buf.getvalue()


def _clean_repo(target: Path) -> Path:
    shutil.copytree(MINI, target)
    figures = target / "seeds" / "figures.csv"
    rows = _rows(figures)
    rows[2][rows[0].index("notes")] = NOTE
    figures.write_text(_write(rows), encoding="utf-8")
    return target


def _built(root: Path, name: str) -> dict[str, bytes]:
    out = root.parent / f"out-{name}"
    build(root, out_dir=out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    root = _clean_repo(tmp_path_factory.mktemp("clean") / "repo")
    files = _built(root, "clean")
    figures = pq.read_table(root.parent / "out-clean" / "figures.parquet").to_pylist()
    # the baseline is the real thing: every table, three figures, and the multi-line note arrived intact
    assert sorted(files) == sorted([f"{table}.parquet" for table in TABLE_NAMES] + ["dtypes.json"])
    assert [r["figure_id"] for r in figures] == ["fig-000-01", "fig-000-02", "fig-000-03"]
    assert [r["notes"] for r in figures] == [None, NOTE, None]
    assert figures[0]["quote"] == "مقتل ما لا يقل عن 1510 من السوريين"
    return files


# Each mangler turns the bytes of a clean seed into what a tool may have saved instead.

def bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf_everywhere(data: bytes) -> bytes:
    """unix2dos, or git with core.autocrlf: every LF becomes CRLF, also the one inside the quoted cell."""
    return data.replace(b"\n", b"\r\n")


def excel(data: bytes) -> bytes:
    """Excel's "CSV UTF-8": a byte-order mark, every cell quoted, CRLF between rows, LF inside cells."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    return bom(_write(rows, lineterminator="\r\n", quoting=csv.QUOTE_ALL).encode("utf-8"))


def whitespace(data: bytes) -> bytes:
    """Spaces and tabs around every cell (inside the quotes where a cell is quoted)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    padded = [[f" {cell}\t " if i % 2 else f"{cell}  " for i, cell in enumerate(row)] for row in rows]
    return _write(padded).encode("utf-8")


def blank_rows_and_no_final_newline(data: bytes) -> bytes:
    """Empty rows a spreadsheet keeps (",,,," and empty lines), and no newline after the last row."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    empty = [""] * len(rows[0])
    return (_write(rows[:1]) + "\n" + _write([empty] + rows[1:])).rstrip("\n").encode("utf-8")


def reordered(data: bytes) -> bytes:
    """Rows sorted the other way round and columns in reverse order (a spreadsheet's sort and drag)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    return _write([row[::-1] for row in [header] + body[::-1]]).encode("utf-8")


def everything(data: bytes) -> bytes:
    return crlf_everywhere(bom(whitespace(reordered(data))))


MANGLERS = [bom, crlf_everywhere, excel, whitespace, blank_rows_and_no_final_newline, reordered, everything]


@pytest.mark.parametrize("mangle", MANGLERS, ids=lambda f: f.__name__)
def test_mangled_seeds_build_byte_identical_tables(mangle, clean, tmp_path):
    root = _clean_repo(tmp_path / "repo")
    for seed in sorted((root / "seeds").glob("*.csv")):
        original = seed.read_bytes()
        seed.write_bytes(mangle(original))
        assert seed.read_bytes() != original, "the mangling changed the file"
    assert _built(root, mangle.__name__) == clean


def test_a_real_change_does_change_the_bytes(clean, tmp_path):
    """The comparison above can fail: editing the note's words gives different bytes."""
    root = _clean_repo(tmp_path / "repo")
    figures = root / "seeds" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace("second line", "second  line"), encoding="utf-8")
    built = _built(root, "changed")
    assert built["figures.parquet"] != clean["figures.parquet"]
    assert {k: v for k, v in built.items() if k != "figures.parquet"} == \
        {k: v for k, v in clean.items() if k != "figures.parquet"}


def test_reader_keeps_line_numbers_through_bom_crlf_and_multiline_cells():
    text = 'id,note\r\na,"one\r\ntwo"\r\nb,x\r\n\r\nc,y\r\n'
    table, problems = parse_csv(b"\xef\xbb\xbf" + text.encode("utf-8"), "seeds/t.csv", "t")
    assert problems == []
    assert table.header == ["id", "note"]
    assert table.rows == [["a", "one\ntwo"], ["b", "x"], ["c", "y"]]
    assert table.lines == [2, 4, 6]
