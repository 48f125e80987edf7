"""Property-based tests (hypothesis) of the three readers everything else rests on: the number parser, the quote
locator and quote check, and the seed CSV reader."""
from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from syriacw.arabic import DIACRITICS, locate
from syriacw.csvio import parse_csv
from syriacw.numbers import NotANumber, parse_value_text

settings.register_profile("syriacw", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("syriacw")

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
DIGIT_FORMS = st.sampled_from([None, ARABIC_INDIC, PERSIAN])


def _digits(text: str, form) -> str:
    return text.translate(form) if form else text


# --- numbers ----------------------------------------------------------------------------------------------------

@st.composite
def written_integers(draw):
    """(n, n as a source may write it): Western, Arabic-Indic or Persian digits, with or without separators."""
    n = draw(st.integers(0, 10**13))
    separator = draw(st.sampled_from(["", ",", "٬"]))
    text = f"{n:,}".replace(",", separator)
    return n, _digits(text, draw(DIGIT_FORMS))


@given(written_integers())
@example((1510, "١٬٥١٠"))
@example((11212, "11,212"))
def test_an_integer_written_any_way_reads_back(case):
    n, text = case
    parsed = parse_value_text(text)
    assert (parsed.value, parsed.percent, parsed.is_vague) == (n, False, False)


@given(written_integers(), st.sampled_from(["%", "٪", " %"]))
def test_a_percentage_reads_back_with_its_sign(case, sign):
    n, text = case
    parsed = parse_value_text(text + sign)
    assert (parsed.value, parsed.percent) == (n, True)


SCALES = [("ألف", 1_000), ("الف", 1_000), ("آلاف", 1_000), ("الاف", 1_000), ("مليون", 1_000_000),
          ("ملايين", 1_000_000), ("مليار", 1_000_000_000)]


@given(st.integers(1, 999), st.sampled_from(SCALES), DIGIT_FORMS, st.sampled_from([" ", "  ", "\u00a0"]))
def test_digits_and_a_scale_word_multiply(n, scale, form, space):
    word, factor = scale
    assert parse_value_text(f"{_digits(str(n), form)}{space}{word}").value == n * factor


@given(st.integers(1, 99_999), st.sampled_from(SCALES), st.sampled_from([".", "٫"]), DIGIT_FORMS)
@example(41, ("مليون", 1_000_000), ".", None)  # 4.1 * 1e6 == 4099999.9999999995
def test_a_decimal_and_a_scale_word_is_the_exact_number_it_means(tenths, scale, point, form):
    """'4.1 مليون' is 4,100,000: the parser's float may be off in the last bit, the build's check is not."""
    from syriacw.validation.rules import check_values

    word, factor = scale
    text = f"{_digits(str(tenths // 10), form)}{point}{_digits(str(tenths % 10), form)} {word}"
    meant = tenths * factor // 10
    assert math.isclose(parse_value_text(text).value, meant, rel_tol=1e-12)
    figures = pd.DataFrame({"figure_id": ["fig-000-01"], "value_text": [text], "quote": [text], "value": [meant],
                            "qualifier": ["exact"], "unit": ["count"]}, index=pd.Index([2], name="line"))
    figures = figures.astype({"figure_id": "string", "value_text": "string", "quote": "string", "value": "Float64",
                              "qualifier": "string", "unit": "string"})
    assert check_values(figures) == []


@st.composite
def misgrouped(draw):
    """Digits whose thousands separators do not group by three after the first group (e.g. 1,51 or 1,5100)."""
    groups = [str(draw(st.integers(1, 999)))] + [f"{draw(st.integers(0, 999)):03d}"
                                                 for _ in range(draw(st.integers(0, 2)))]
    bad = draw(st.integers(1, len(groups)))
    width = draw(st.sampled_from([1, 2, 4, 5]))
    groups.insert(bad, "".join(draw(st.sampled_from("0123456789")) for _ in range(width)))
    return draw(st.sampled_from([",", "٬"])).join(groups)


@given(misgrouped())
@example("1,5100")
def test_misgrouped_thousands_are_refused(text):
    with pytest.raises(NotANumber):
        parse_value_text(text)


@given(st.integers(0, 10**6))
@example(13)
def test_a_number_written_in_words_reads_back(n):
    from pyarabic.number import ArNumbers

    assert parse_value_text(ArNumbers().int2str(str(n))).value == n


# --- quotes -----------------------------------------------------------------------------------------------------

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"
HARAKAT = "".join(sorted(DIACRITICS - {"\u0640"}))
TATWEEL = "\u0640"


@st.composite
def documents_and_spans(draw):
    """An Arabic document (letters, diacritics, tatweel, digits, spaces, punctuation) and a span of it that starts
    and ends on a letter, digit or punctuation mark, with every diacritic of its last letter inside it."""
    pieces = draw(st.lists(st.one_of(
        st.tuples(st.sampled_from(LETTERS), st.text(st.sampled_from(HARAKAT + TATWEEL), max_size=2)).map("".join),
        st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩"),
        st.sampled_from([" ", " ", "  ", "\n", "،", ".", "%", "٪"])), min_size=2, max_size=60))
    document = "".join(pieces)
    bounds = [i for i, ch in enumerate(document) if ch not in DIACRITICS and not ch.isspace()]
    assume(bounds)
    start = draw(st.sampled_from(bounds))
    last = draw(st.sampled_from([i for i in bounds if i >= start]))
    end = last + 1
    while end < len(document) and document[end] in DIACRITICS:
        end += 1
    return document, start, end


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if ch not in DIACRITICS)


def _swap_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "٠١٢٣٤٥٦٧٨٩0123456789"))


@given(documents_and_spans(), st.sampled_from([lambda t: t, _strip_marks, _swap_digits,
                                              lambda t: _swap_digits(_strip_marks(t))]))
def test_a_span_written_without_diacritics_or_with_other_digits_is_found_where_it_is(case, rewrite):
    document, start, end = case
    needle = rewrite(document[start:end])
    assume(needle.strip())
    assert (start, end) in locate(document, needle)


@st.composite
def unicode_documents_and_quotes(draw):
    """Any text (combining marks, emoji, flags, CR/LF, astral characters) and quotes of it: each a span's text with
    the span's offsets moved by -2 … 2 (0 for most, so most quotes are right)."""
    document = draw(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=80))
    quotes = []
    for _ in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(document) - 1))
        end = draw(st.integers(start + 1, len(document)))
        shift = draw(st.sampled_from([0, 0, 0, -2, -1, 1, 2]))
        quotes.append((document[start:end], start + shift, end + shift))
    return document, quotes


@settings(max_examples=40)
@given(unicode_documents_and_quotes())
@example(("e\u0301👍🏽\U0001F1FA\U0001F1F8x\r\ny", [("\u0301👍🏽\U0001F1FA", 1, 5), ("👍🏽", 2, 4), ("x\r", 7, 9)]))
def test_the_quote_check_counts_code_points_as_python_slicing_does(case):
    """check_quotes compares in DuckDB; for any text it must agree with document[start:end] == quote."""
    from syriacw.validation.rules import check_quotes

    document, quotes = case
    lines = list(range(2, len(quotes) + 2))
    frame = pd.DataFrame({"assertion_id": [f"asr-000-{line:02d}" for line in lines], "source_id": "src-000",
                          "quote": [q for q, _, _ in quotes], "quote_start": [s for _, s, _ in quotes],
                          "quote_end": [e for _, _, e in quotes]}, index=pd.Index(lines, name="line"))
    frame = frame.astype({"assertion_id": "string", "source_id": "string", "quote": "string",
                          "quote_start": "Int64", "quote_end": "Int64"})

    problems = check_quotes("assertions", frame, None, {"src-000": document})

    wrong = [line for line, (quote, start, end) in zip(lines, quotes)
             if not (0 <= start < end <= len(document) and document[start:end] == quote)]
    assert sorted(p.line for p in problems) == wrong
    assert all(p.row_id == f"asr-000-{p.line:02d}" for p in problems)


# --- the CSV reader ---------------------------------------------------------------------------------------------

# Cells as they can be read back: no surrounding whitespace (the reader strips it), no lone CR (a line break to the
# csv module), no byte-order mark character (read as a byte-order mark at the start of the file).
CELL = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r\ufeff"), max_size=12).map(str.strip)


@st.composite
def tables(draw):
    width = draw(st.integers(1, 6))
    header = draw(st.lists(CELL.filter(bool), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width).filter(any), max_size=6))
    return [header] + rows


@given(tables(), st.booleans(), st.sampled_from(["\n", "\r\n"]), st.booleans(),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
def test_any_table_written_by_csv_writer_reads_back_the_same(table, bom, newline, crlf_inside, quoting):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline, quoting=quoting).writerows(table)
    text = buf.getvalue()
    if crlf_inside:  # unix2dos: line breaks inside quoted cells become CRLF too
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")

    seed, problems = parse_csv(data, "seeds/t.csv", "t")

    assert problems == []
    assert [seed.header] + seed.rows == table
    # each row's line is where it starts: 1 + the line breaks written before it
    starts, line = [], 1 + sum(c.count("\n") for c in table[0]) + 1
    for row in table[1:]:
        starts.append(line)
        line += sum(c.count("\n") for c in row) + 1
    assert seed.lines == starts
