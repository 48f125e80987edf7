"""The number scanner as it was written first: word by word in Python (syriacw 1.1.0's syriacw/audit.py).

Kept only as the reference the tests compare syriacw.audit.scanner.scan_texts with: it is easy to read and slow (minutes
for 200 MB of documents); the package's scanner gives the same mentions in bulk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from syriacw.arabic import DIACRITICS, FOLD, fold_text
from syriacw.audit.lexicon import (_KIND_OF, _MULTIPLIERS, _PERCENT_HUNDRED, _PERCENT_IN, _PERCENT_WORDS,
                                   _SCALE_AFTER_DIGITS, _TEENS, _analyse, _is_month_first)
from syriacw.audit.scanner import Mention

_TOKEN = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+|\d+(?:[.,]\d+)*(?:/\d+){0,2}(?:-\d+(?:[.,]\d+)*)?")


class _Folded:
    def __init__(self, text, origin):
        self.text, self.origin = text, origin


def fold(text: str) -> _Folded:
    """The character-by-character fold of syriacw 1.1.0's syriacw/arabic.py."""
    out: list[str] = []
    origin: list[int] = []
    last_space = False
    for i, ch in enumerate(text):
        if ch in DIACRITICS:
            continue
        if ch.isspace():
            if last_space:
                continue
            ch, last_space = " ", True
        else:
            last_space = False
        out.append(FOLD.get(ch, ch))
        origin.append(i)
    return _Folded("".join(out), origin)


@dataclass(frozen=True)
class _Token:
    wstart: int        # in the folded text: where the word starts
    fstart: int        # where the number starts (after و/ف and ب/ل/ك)
    fend: int
    stem: str          # the word without prefixes (and without ال); digits as written
    kind: str          # digits, cardinal, scale, vague, ordinal, fraction, decade, dual, one_of, "" (no number)
    conj: bool         # has the prefix و (joins number words: خمسة وعشرون)
    word: str          # the whole folded token


def _tokens(folded: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(folded):
        word = m.group()
        if word[0].isdigit():
            out.append(_Token(m.start(), m.start(), m.end(), word, "digits", False, word))
            continue
        offset, stem, kind, conj = _analyse(word)
        out.append(_Token(m.start(), m.start() + offset, m.end(), stem, kind, conj, word))
    return out


def _adjacent(folded: str, a: _Token, b: _Token) -> bool:
    """Only a space between the two words (folding turned every run of white space into one space)."""
    return folded[a.fend:b.wstart] == " "


def _joins(folded: str, a: _Token, b: _Token) -> bool:
    """Whether token b continues the number phrase that ends with token a."""
    if not _adjacent(folded, a, b) or a.kind == "fraction" and a.stem not in _KIND_OF:  # نصفهم ends a phrase
        return False
    if a.kind == "digits":
        return b.stem in _SCALE_AFTER_DIGITS and not b.conj and b.word == b.stem
    if a.kind == "one_of" or a.kind in ("cardinal", "ordinal"):
        if b.stem in _TEENS and not b.conj:
            return True
    if a.kind in ("cardinal", "scale", "vague", "fraction"):
        if not b.conj and b.stem in _MULTIPLIERS:
            return True
        if b.conj and b.kind in ("cardinal", "scale", "fraction") or b.conj and b.stem == fold_text("نيف"):
            return True
    if a.kind == "ordinal" and b.conj and b.kind == "cardinal":
        return True  # الحادي والعشرين
    return False


def scan(document: str) -> list[Mention]:
    """Every number mention in `document`, in order."""
    hay = fold(document)
    folded = hay.text
    tokens = _tokens(folded)
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.kind or tok.kind == "one_of" and not (
                i + 1 < len(tokens) and tokens[i + 1].stem in _TEENS and _joins(folded, tok, tokens[i + 1])):
            i += 1
            continue
        if tok.kind == "ordinal" and i > 0 and _is_month_first(tokens[i - 1].word) and \
                _adjacent(folded, tokens[i - 1], tok):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and _joins(folded, tokens[j], tokens[j + 1]):
            j += 1
        fstart, fend = tok.fstart, tokens[j].fend
        kind = _mention_kind(tokens[i:j + 1])
        if kind not in ("ordinal", "decade", "date", "dual"):
            fend, is_percent = _percent_after(folded, tokens, j, fend)
            if is_percent:
                kind = "percent"
        spans.append((fstart, fend, kind))
        i = j + 1
        while i < len(tokens) and tokens[i].fstart < fend:
            i += 1
    mentions = []
    for fstart, fend, kind in spans:
        start = hay.origin[fstart]
        end = hay.origin[fend - 1] + 1
        while end < len(document) and document[end] in DIACRITICS:
            end += 1
        mentions.append(Mention(start, end, document[start:end], kind))
    return mentions


def _percent_after(folded: str, tokens: list[_Token], j: int, fend: int) -> tuple[int, bool]:
    """Extend a mention over a following % sign or بالمئة / في المئة."""
    m = re.match(r"\s?%", folded[fend:])
    if m:
        return fend + m.end(), True
    if j + 1 < len(tokens) and _adjacent(folded, tokens[j], tokens[j + 1]):
        nxt = tokens[j + 1]
        if nxt.word in _PERCENT_WORDS:
            return nxt.fend, True
        if nxt.word == _PERCENT_IN and j + 2 < len(tokens) and tokens[j + 2].word in _PERCENT_HUNDRED and \
                _adjacent(folded, nxt, tokens[j + 2]):
            return tokens[j + 2].fend, True
    return fend, False


def _mention_kind(tokens: list[_Token]) -> str:
    first = tokens[0]
    if first.kind == "digits":
        return "date" if "/" in first.stem else "digits"
    if len(tokens) == 1 and first.kind in ("vague", "ordinal", "fraction", "decade", "dual"):
        return first.kind
    if first.kind == "ordinal":
        return "ordinal"
    if all(t.kind == "vague" or t.stem in _MULTIPLIERS for t in tokens) and first.kind == "vague":
        return "vague"
    return "words"
