"""Values: the interval a qualifier implies (derived low/high), and value_text against value, qualifier, unit
and quote."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from syriacw.arabic import QUALIFIER_MARKERS
from syriacw.errors import Problem
from syriacw.numbers import NotANumber, interval, parse_value_text

from .bulk import _distinct_rows, _floats, _re2_search, _RE2_ANY, _RE2_BOUNDED, _rows
from .common import _is, _problem
from .phrases import ABSENT, PARTIAL, PERCENT_DROPPED, WHOLE, phrase_finding, read_phrases
from .markers import _ANY_MARKER, _fold, _fold_many, _has_marker, _MARKER_PATTERNS, _markers_in, _words_before, \
    _words_before_folded


def derive_intervals(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """low and high from qualifier and value (rules in syriacw.numbers); never typed by hand."""
    out = figures.copy()
    # interval() once per distinct (qualifier, value, value_text, unit), not once per row
    first, codes = _distinct_rows(out, ["qualifier", "value", "value_text", "unit"])
    lows, highs = [], []
    for qualifier, value, value_text, unit in zip(*(out[c].iloc[first].to_numpy(dtype=object)
                                                    for c in ("qualifier", "value", "value_text", "unit"))):
        parsed = _parse(value_text)
        try:
            low, high = interval(str(qualifier), None if pd.isna(value) else float(value), str(unit), parsed)
        except ValueError:
            low, high = None, None
        lows.append(low)
        highs.append(high)
    out["low"] = pd.array(_floats(lows)[codes], dtype="Float64")  # NaN for None: NA, as from a list
    out["high"] = pd.array(_floats(highs)[codes], dtype="Float64")
    return out, []


_parse_cache: dict[str, object] = {}


def _parse(value_text):
    if pd.isna(value_text):
        return None
    if value_text not in _parse_cache:
        try:
            _parse_cache[value_text] = parse_value_text(str(value_text))
        except NotANumber as exc:
            _parse_cache[value_text] = exc
    result = _parse_cache[value_text]
    return None if isinstance(result, NotANumber) else result


def check_values(figures) -> list[Problem]:
    problems = []
    _read_quoted_pairs(figures)
    for line, row in _rows(figures[_may_have_value_problems(figures)], _VALUE_COLUMNS):
        value_text, quote = row["value_text"], row["quote"]
        if pd.isna(value_text):
            continue
        try:
            parsed = _parse_value_text(value_text)
        except NotANumber as exc:
            parsed = exc
        # a value_text that is no number is not also said to be part of one
        problems += [p for p in ([] if pd.isna(quote) else _phrase_problems(figures, line, row))
                     if p.code == "value-text-not-in-quote" or not isinstance(parsed, NotANumber)]
        if isinstance(parsed, NotANumber):
            problems.append(_problem("figures", figures, line, "value_text", "value-text-unreadable", str(parsed)))
            continue
        problems += _value_problems(figures, line, row, parsed)
    return problems


def _phrase_problems(figures, line, row) -> list[Problem]:
    """value_text must be a whole number phrase of the quote, with its percent (validation/rules/phrases.py)."""
    value_text, unit = row["value_text"], row["unit"]
    found = phrase_finding(str(value_text), str(row["quote"]))
    if found.verdict == ABSENT:
        return [_problem("figures", figures, line, "value_text", "value-text-not-in-quote",
                         f"{value_text!r} does not occur in the quote")]
    if found.verdict == PARTIAL:
        return [_problem("figures", figures, line, "value_text", "value-text-partial-number",
                         f"{value_text!r} is only part of the number {found.phrase!r} in the quote"
                         if found.phrase else f"{value_text!r} is no whole number phrase of the quote")]
    if found.verdict == PERCENT_DROPPED and not _is(unit, "percent"):
        return [_problem("figures", figures, line, "unit", "unit-mismatch",
                         f"the quote says {found.phrase!r}, a percentage, but unit is {unit!r}")]
    return []


def _read_quoted_pairs(figures) -> None:
    """Read every (value_text, quote) pair of the table at once (the quotes are scanned in bulk)."""
    both = figures["value_text"].notna() & figures["quote"].notna()
    read_phrases(zip(figures["value_text"][both].astype(str), figures["quote"][both].astype(str)))


def _value_problems(figures, line, row, parsed) -> list[Problem]:
    out = []
    value, qualifier, unit = row["value"], row["qualifier"], row["unit"]
    if not pd.isna(qualifier) and parsed.is_vague != (qualifier == "vague"):
        out.append(_problem("figures", figures, line, "qualifier", "vague-mismatch",
                            f"{row['value_text']!r} is {'a vague plural' if parsed.is_vague else 'a number'}, "
                            f"so the qualifier {'must' if parsed.is_vague else 'cannot'} be 'vague'"))
    if parsed.is_vague and not pd.isna(value):
        out.append(_problem("figures", figures, line, "value", "value-mismatch",
                            f"{row['value_text']!r} states no exact number, so value must be empty"))
    # isclose: '4.1 مليون' is 4.1 × 10^6 in binary floating point, 4099999.9999999995, and means 4100000
    elif not parsed.is_vague and (pd.isna(value) or not math.isclose(float(value), parsed.value, rel_tol=1e-9)):
        out.append(_problem("figures", figures, line, "value", "value-mismatch",
                            f"{row['value_text']!r} says {parsed.value:g}, but value is "
                            f"{'empty' if pd.isna(value) else format(float(value), 'g')}"))
    if not pd.isna(unit) and parsed.percent != (unit == "percent"):
        out.append(_problem("figures", figures, line, "unit", "unit-mismatch",
                            f"value_text {'has' if parsed.percent else 'has no'} percent sign but unit is {unit!r}"))
    if _is(unit, "percent") and not pd.isna(value) and float(value) > 100:
        out.append(_problem("figures", figures, line, "value", "share-above-100", f"a share of {value:g}% is impossible"))
    if not pd.isna(row["quote"]) and not pd.isna(qualifier):
        out += _qualifier_problems(figures, line, row)
    return out


def _qualifier_problems(figures, line, row) -> list[Problem]:
    """The qualifier must be the one the quote's words give the number."""
    qualifier, quote, value_text = row["qualifier"], row["quote"], row["value_text"]
    if qualifier in QUALIFIER_MARKERS and not _has_marker(quote, qualifier):
        words = " / ".join(QUALIFIER_MARKERS[qualifier][:3])
        return [_problem("figures", figures, line, "qualifier", "qualifier-not-in-quote",
                         f"qualifier is {qualifier!r} but the quote has no word for it (e.g. {words})")]
    if qualifier == "exact":
        before = _words_before(quote, value_text)
        found = _markers_in(before)
        if found:
            return [_problem("figures", figures, line, "qualifier", "qualifier-conflict",
                             f"qualifier is 'exact' but the words before the number say {sorted(found)[0]!r}")]
    return []


def _parse_value_text(value_text: str):
    """parse_value_text, memoized on the text; raises a fresh NotANumber with the same message when unreadable."""
    if value_text not in _parse_cache:
        _parse(value_text)
    result = _parse_cache[value_text]
    if isinstance(result, NotANumber):
        raise NotANumber(str(result))
    return result


_VALUE_COLUMNS = ["value_text", "quote", "value", "qualifier", "unit"]  # what check_values reads of a row


def _may_have_value_problems(figures: pd.DataFrame) -> np.ndarray:
    """The rows check_values looks at one by one: all but those shown here, in bulk, to have no problem. A row
    has none if its value_text is empty; or if _value_problems finds nothing for it with the quote left out
    (asked once per distinct value_text, value, qualifier and unit), the folded value_text is in the folded quote
    (texts folded once each, at once) and the quote has what _qualifier_problems asks of it: a word of the
    qualifier, or for 'exact' none in the words before the number (_markers_in(_words_before(…)) is not empty iff
    _ANY_MARKER matches; the texts are folded already, and folding twice changes nothing)."""
    text_codes, texts = pd.factorize(figures["value_text"])
    quote_codes, quotes = pd.factorize(figures["quote"])
    folded_texts = np.array(_fold_many(texts.tolist()) + [None], dtype=object)  # code -1 (empty) takes the None
    folded_quotes = np.array(_fold_many(quotes.tolist()) + [None], dtype=object)
    clean = text_codes < 0
    first, codes = _distinct_rows(figures, ["value_text", "value", "qualifier", "unit"])
    lines = figures.index.to_numpy()
    columns = {c: figures[c].iloc[first].to_numpy(dtype=object) for c in ("value_text", "value", "qualifier", "unit")}
    combo_clean = np.zeros(len(first), dtype=bool)
    for k, i in enumerate(first):
        row = {c: columns[c][k] for c in columns}
        row["quote"] = pd.NA
        if pd.isna(row["value_text"]):
            continue
        try:
            parsed = _parse_value_text(row["value_text"])
        except NotANumber:
            continue
        combo_clean[k] = not _value_problems(figures, lines[i], row, parsed)
    rows = np.flatnonzero(~clean & combo_clean[codes])
    qualifiers = columns["qualifier"][codes[rows]]  # the row's combination has its qualifier
    no_quote = (quote_codes[rows] < 0) | figures["qualifier"].isna().to_numpy(dtype=bool)[rows]
    clean[rows[no_quote]] = True  # no quote, or no qualifier: _value_problems reads no more
    rows, qualifiers = rows[~no_quote], qualifiers[~no_quote]
    text_list, quote_list = texts.tolist(), quotes.tolist()  # a list is indexed in C; an Index in Python
    inside = np.array([phrase_finding(str(text_list[t]), str(quote_list[q])).verdict == WHOLE
                       for t, q in zip(text_codes[rows].tolist(), quote_codes[rows].tolist())], dtype=bool)
    rows, qualifiers = rows[inside], qualifiers[inside]  # the others' value_text is no whole phrase of the quote
    folded_arrow = None
    for qualifier in pd.unique(qualifiers):
        these = rows[qualifiers == qualifier]
        if qualifier not in _MARKER_PATTERNS and qualifier != "exact":
            clean[these] = True
            continue
        if folded_arrow is None:
            import pyarrow as pa

            folded_arrow = pa.array(folded_quotes[:-1].tolist(), pa.large_string())
        quotes = folded_arrow.take(quote_codes[these])
        if qualifier in _MARKER_PATTERNS:
            # a word of the qualifier between two characters that are not \w (so the per-row pattern matches too)
            sure = _re2_search(quotes, _RE2_BOUNDED[qualifier])
            clean[these[sure]] = True
            for i in these[~sure]:
                clean[i] = _MARKER_PATTERNS[qualifier].search(" " + folded_quotes[quote_codes[i]] + " ") is not None
        else:  # exact: no marker word anywhere in the quote means none in the words before the number
            maybe = _re2_search(quotes, _RE2_ANY)
            clean[these[~maybe]] = True
            for i in these[maybe]:
                before = _words_before_folded(folded_quotes[quote_codes[i]], folded_texts[text_codes[i]])
                clean[i] = not _ANY_MARKER.search(" " + before + " ")
    return ~clean
