"""value_text as a whole number phrase of its quote (issue 17). A substring test let `151` pass for a quote that
says 1510, `8%` for 98% and a count `2` for the share 2%: the audit's scanner reads every number phrase of the
quote (digits, Arabic-Indic digits, separators, scale words, number words, percentages), and value_text must run
from the start of one to the end of one (a range may span two), with its percent sign or words."""
from __future__ import annotations

from dataclasses import dataclass

from syriacw.arabic import fold_text

WHOLE, ABSENT, PARTIAL, PERCENT_DROPPED = "whole", "absent", "partial", "percent-dropped"


@dataclass(frozen=True)
class Finding:
    verdict: str      # WHOLE | ABSENT | PARTIAL | PERCENT_DROPPED
    phrase: str = ""  # the quote's number phrase value_text is part of (folded), for the message


_cache: dict[tuple[str, str], Finding] = {}


def read_phrases(pairs) -> None:
    """Find (value_text, quote) pairs not read yet: their quotes are folded and scanned at once, in bulk."""
    from syriacw.audit.scanner import scan_texts

    todo = [p for p in dict.fromkeys(pairs) if p not in _cache]
    if not todo:
        return
    quotes = list(dict.fromkeys(quote for _, quote in todo))
    folded = [fold_text(q) for q in quotes]
    found = scan_texts(folded)
    mentions: dict[int, list] = {}
    for text, start, end, kind in zip(found.text.tolist(), found.start.tolist(), found.end.tolist(), found.kind):
        mentions.setdefault(text, []).append((start, end, kind))
    index = {q: k for k, q in enumerate(quotes)}
    for value_text, quote in todo:
        k = index[quote]
        _cache[(value_text, quote)] = _finding(fold_text(value_text).strip(), folded[k], mentions.get(k, []))


def phrase_finding(value_text: str, quote: str) -> Finding:
    if (value_text, quote) not in _cache:
        read_phrases([(value_text, quote)])
    return _cache[(value_text, quote)]


def _finding(text: str, quote: str, mentions: list[tuple[int, int, str]]) -> Finding:
    from syriacw.audit.scanner import number_end

    places = _occurrences(text, quote)
    if not places:
        return Finding(ABSENT)
    starts = {start: (end, kind) for start, end, kind in mentions}
    ends = {end for _, end, _ in mentions}
    lead = _range_lead(text)
    if any(i + lead in starts and i + len(text) in ends for i in places):
        return Finding(WHOLE)
    for i in places:
        if i in starts:
            end, kind = starts[i]
            if i + len(text) == number_end(quote, i, end, kind) != end:
                return Finding(PERCENT_DROPPED, quote[i:end])
    i = places[0]
    around = [quote[s:e] for s, e, _ in mentions if s < i + len(text) and i < e]
    return Finding(PARTIAL, around[0] if around else "")


def _range_lead(text: str) -> int:
    """The length of the words a range opens with (بين 50 و100, من 50 إلى 100), which precede its first number."""
    from syriacw.numbers import RANGE_WORDS

    words, lead = text.split(" "), 0
    for word in words[:-1]:
        if word not in RANGE_WORDS or word in ("-", "و"):
            break
        lead += len(word) + 1
    return lead


def _occurrences(text: str, quote: str) -> list[int]:
    places, i = [], quote.find(text) if text else -1
    while i >= 0:
        places.append(i)
        i = quote.find(text, i + 1)
    return places
