"""Qualifier marker words in quotes (arabic.markers_in), with precompiled patterns."""
from __future__ import annotations

import re

from syriacw.arabic import QUALIFIER_MARKERS, fold_many, fold_text


_fold = fold_text   # short texts: str.translate and one regex
_fold_many = fold_many   # many texts at once: NumPy over their code points


def _marker_pattern(words) -> re.Pattern:
    # one alternation tries every word at every position, so it matches iff one of markers_in's searches would
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(fold_text(w)) for w in words) + r")(?![\w])")


_MARKER_PATTERNS = {q: _marker_pattern(words) for q, words in QUALIFIER_MARKERS.items()}
_ANY_MARKER = _marker_pattern([w for words in QUALIFIER_MARKERS.values() for w in words])


def _has_marker(text: str, qualifier: str) -> bool:
    """qualifier in markers_in(text), searching for that qualifier's words only."""
    return _MARKER_PATTERNS[qualifier].search(" " + _fold(text) + " ") is not None


def _markers_in(text: str) -> set[str]:
    """markers_in(text) with one precompiled pattern per qualifier (and one for all, to skip most texts)."""
    folded = " " + _fold(text) + " "
    if not _ANY_MARKER.search(folded):
        return set()
    return {q for q, pattern in _MARKER_PATTERNS.items() if pattern.search(folded)}


def _words_before(quote: str, value_text: str) -> str:
    """The words between the previous number in the quote (or its start) and the number itself."""
    return _words_before_folded(_fold(quote), _fold(value_text))


def _words_before_folded(folded_quote: str, folded_value: str) -> str:
    at = folded_quote.find(folded_value)
    before = folded_quote[:at] if at >= 0 else ""
    numbers = list(re.finditer(r"\d", before))
    return before[numbers[-1].end():] if numbers else before
