"""The number scanner: every number mention of a text, found in bulk (numpy, pyarrow) a batch of texts at a time."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..arabic import ARABIC_LETTERS, DIGIT, LETTER, char_classes
from .lexicon import (_ARTICLE, _CONJ, _KIND_OF, _LONGEST_MONTH_WORD, _MULTIPLIERS, _NAYYIF, _ONE_OF, _PERCENT_HUNDRED,
                      _PERCENT_IN, _PERCENT_WORDS, _PREP, _SCALE_AFTER_DIGITS, _TEENS, FRACTION_SUFFIXES, _analyse,
                      _is_month_first)


@dataclass(frozen=True)
class Mention:
    """A number stated in a document: offsets are code points into the decoded text, end exclusive."""

    start: int
    end: int
    text: str
    kind: str  # digits | percent | date | words | vague | ordinal | fraction | decade | dual


# Word letters and digit groups as the scanner reads them (on folded text): a word is a maximal run of letters.
_LETTER_CLASS = "".join(f"\\u{a:04X}-\\u{b:04X}" for a, b in ARABIC_LETTERS)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+){0,2}(?:-\d+(?:[.,]\d+)*)?")
# A % sign, or بالمئة / في المئة as whole words, right after a number makes it a percentage.
_PERCENT_AFTER = re.compile(r"\s?%|" + r"|".join(
    [f" {w}(?![{_LETTER_CLASS}])" for w in sorted(_PERCENT_WORDS)] +
    [f" {_PERCENT_IN} {w}(?![{_LETTER_CLASS}])" for w in sorted(_PERCENT_HUNDRED)]))
_SEPARATOR = "\x00"            # between the documents of a batch: not a letter, digit, space or diacritic
_BATCH_CHARS = 1 << 22         # documents are scanned in batches of about this many characters
_NO_PERCENT = ("ordinal", "decade", "date", "dual")

# Token kinds as small integers, so that the rules for joining words into one number run over arrays.
_KINDS = ("", "digits", "cardinal", "scale", "vague", "ordinal", "fraction", "decade", "dual", "one_of")
_K = {k: i for i, k in enumerate(_KINDS)}


def _word_forms() -> list[str]:
    """Every word _analyse could read as a number, and more (it decides): prefixes, article, stem, suffix."""
    fractions = [w for w, k in _KIND_OF.items() if k == "fraction"]
    stems = set(_KIND_OF) | _ONE_OF | {f + s for f in fractions for s in FRACTION_SUFFIXES}
    heads = {c + p + a for c in _CONJ for p in _PREP for a in ("", _ARTICLE, "ل")}
    return sorted(h + s for h in heads for s in stems)


_WORD_FORMS = None   # a pyarrow array of _word_forms(), made when first needed
_WORD_INFO: dict[str, tuple] = {}   # word → (prefix length, kind code, conj, word is stem, teen, multiplier, …)


def _word_info(word: str) -> tuple:
    info = _WORD_INFO.get(word)
    if info is None:
        offset, stem, kind, conj = _analyse(word)
        info = (offset, _K[kind], conj, word == stem, stem in _TEENS, stem in _MULTIPLIERS,
                stem in _SCALE_AFTER_DIGITS, stem == _NAYYIF, kind == "fraction" and stem not in _KIND_OF)
        _WORD_INFO[word] = info
    return info


@dataclass
class Mentions:
    """Number mentions of several texts, as arrays: which text, [start, end) in it (code points), and kind."""

    text: "numpy.ndarray"    # noqa: F821
    start: "numpy.ndarray"   # noqa: F821
    end: "numpy.ndarray"     # noqa: F821
    kind: list[str]

    def __len__(self) -> int:
        return len(self.start)


def scan(document: str) -> list[Mention]:
    """Every number mention in `document`, in order."""
    found = scan_texts([document])
    return [Mention(s, e, document[s:e], k) for s, e, k in zip(found.start.tolist(), found.end.tolist(), found.kind)]


def scan_texts(texts) -> Mentions:
    """Every number mention of every text (any iterable of str, read once), in order: in bulk, a batch of
    documents at a time, so that only one batch's arrays are in memory."""
    import numpy as np

    parts, batch, size, first = [], [], 0, 0
    for text in texts:
        batch.append(text)
        size += len(text) + 1
        if size >= _BATCH_CHARS:
            parts.append(_scan_batch(batch, first))
            first += len(batch)
            batch, size = [], 0
    if batch or not parts:
        parts.append(_scan_batch(batch, first))
    return Mentions(np.concatenate([p.text for p in parts]), np.concatenate([p.start for p in parts]),
                    np.concatenate([p.end for p in parts]), [k for p in parts for k in p.kind])


def _scan_batch(texts: list[str], first: int) -> Mentions:
    """The mentions of `texts`, scanned as one text joined by a separator; `first` is the first one's index."""
    import numpy as np

    from ..arabic import fold_points

    joined = _SEPARATOR.join(texts)
    original = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    points, origin, classes = fold_points(original)
    folded = points.tobytes().decode("utf-32-le", "surrogatepass")
    fstart, fend, kinds = _phrases(folded, points, _tokens(folded, points, classes))
    # back to the verbatim text. A mention ends after the diacritics of its last letter, that is where the next
    # folded character comes from: what lies between is dropped diacritics (a mention never ends in white space,
    # so no collapsed white space lies there)
    start = origin[np.asarray(fstart, dtype=np.int64)]
    end = np.append(origin, len(original))[np.asarray(fend, dtype=np.int64)]
    lengths = np.array([len(t) + 1 for t in texts], dtype=np.int64)
    firsts = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(lengths)[:-1]])
    doc = np.searchsorted(firsts, start, side="right") - 1
    return Mentions(doc + first, start - firsts[doc], end - firsts[doc], kinds)


def _tokens(folded: str, points, classes) -> dict:
    """The words that may be (part of) a number and every group of digits, in order, as arrays."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    global _WORD_FORMS
    if _WORD_FORMS is None:
        _WORD_FORMS = pa.array(_word_forms(), type=pa.string())
    is_letter = (classes & LETTER) != 0
    edge = np.diff(np.concatenate([[False], is_letter, [False]]).astype(np.int8))
    wstart, wend = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    # every word at once as an Arrow string array (letters are two bytes in UTF-8), matched against the forms
    letters = points[is_letter]
    utf8 = np.empty(2 * len(letters), dtype=np.uint8)
    utf8[0::2] = 0xC0 | (letters >> 6)
    utf8[1::2] = 0x80 | (letters & 0x3F)
    offsets = np.concatenate([[0], np.cumsum(2 * (wend - wstart))]).astype(np.int64)
    words = pa.LargeStringArray.from_buffers(len(wstart), pa.py_buffer(offsets), pa.py_buffer(utf8))
    hit = pc.is_in(words, value_set=_WORD_FORMS).to_numpy(zero_copy_only=False)
    hit_words = words.filter(pa.array(hit)).to_pylist()
    infos = [_word_info(w) for w in hit_words]
    ws, we = wstart[hit], wend[hit]
    # groups of digits: where a run of \d starts outside the previous group, the digit pattern reads one
    is_digit = (classes & DIGIT) != 0
    runs = np.flatnonzero(is_digit & ~np.concatenate([[False], is_digit[:-1]])).tolist()
    ds, de, dtext, last = [], [], [], -1
    for p in runs:
        if p < last:
            continue
        m = _DIGITS.match(folded, p)
        ds.append(p)
        de.append(m.end())
        dtext.append(m.group())
        last = m.end()
    n_digits = len(ds)
    columns = list(zip(*infos)) if infos else [()] * 9
    digit_info = (0, _K["digits"], False, True, False, False, False, False, False)
    tokens = {
        "wstart": np.concatenate([ws, np.asarray(ds, dtype=np.int64)]),
        "fstart": np.concatenate([ws + np.asarray(columns[0], dtype=np.int64), np.asarray(ds, dtype=np.int64)]),
        "fend": np.concatenate([we, np.asarray(de, dtype=np.int64)]),
        "text": hit_words + dtext,
    }
    names = ("offset", "kind", "conj", "whole", "teen", "multiplier", "after_digits", "nayyif", "suffixed")
    for position, name in enumerate(names[1:], start=1):
        dtype = np.int8 if name == "kind" else bool
        tokens[name] = np.concatenate([np.asarray(columns[position], dtype=dtype),
                                       np.full(n_digits, digit_info[position], dtype=dtype)])
    order = np.argsort(tokens["wstart"], kind="stable")
    tokens = {k: (v[order] if isinstance(v, np.ndarray) else [v[i] for i in order.tolist()]) for k, v in tokens.items()}
    return tokens


def _joins(points, t: dict):
    """For each token but the last: whether the next token continues the number phrase it is in."""
    import numpy as np

    if len(t["kind"]) < 2:
        return np.zeros(0, dtype=bool)
    a, b = slice(None, -1), slice(1, None)
    kind = t["kind"]
    is_ = {k: kind == _K[k] for k in _KINDS[1:]}
    fend_a = t["fend"][a]
    adjacent = (t["wstart"][b] == fend_a + 1) & (points[np.minimum(fend_a, len(points) - 1)] == ord(" "))
    conj_b = t["conj"][b]
    after_digits = is_["digits"][a] & t["after_digits"][b] & ~conj_b & t["whole"][b]
    teens = (is_["one_of"] | is_["cardinal"] | is_["ordinal"])[a] & t["teen"][b] & ~conj_b
    counted = (is_["cardinal"] | is_["scale"] | is_["vague"] | is_["fraction"])[a] & (
        ~conj_b & t["multiplier"][b] |
        conj_b & ((is_["cardinal"] | is_["scale"] | is_["fraction"])[b] | t["nayyif"][b]))
    ordinal_and = is_["ordinal"][a] & conj_b & is_["cardinal"][b]  # الحادي والعشرين
    return adjacent & ~t["suffixed"][a] & (after_digits | teens | counted | ordinal_and)  # نصفهم ends a phrase


def _phrases(folded: str, points, t: dict) -> tuple[list[int], list[int], list[str]]:
    """The number mentions among the tokens: (start, end) in the folded text and kind of each.

    Read left to right: a mention starts at a number token, takes in every token that joins it, then a percent
    sign or word; tokens inside it are passed over. What can be decided per token is decided in bulk first."""
    import numpy as np

    joins = np.append(_joins(points, t), False)
    kind = t["kind"]
    starts = (kind != 0) & ((kind != _K["one_of"]) | joins)
    for i in np.flatnonzero(kind == _K["ordinal"]).tolist():   # تشرين الثاني is a month, not a number
        if _after_month_word(folded, int(t["wstart"][i])):
            starts[i] = False
    # the last token of the run of joined tokens each token is in
    last = np.flatnonzero(~joins)[np.searchsorted(np.flatnonzero(~joins), np.arange(len(kind)))]
    single = _single_token_kinds(t)
    fstart, fend, last, joins = t["fstart"].tolist(), t["fend"].tolist(), last.tolist(), joins.tolist()
    kinds, multiplier, text = kind.tolist(), t["multiplier"].tolist(), t["text"]
    n = len(kinds)
    out_start, out_end, out_kind = [], [], []
    following = 0   # the first token not inside the mention before
    for i in np.flatnonzero(starts).tolist():
        if i < following:
            continue
        j = last[i]
        end = fend[j]
        if i == j:
            mention_kind = single[i]
        else:
            mention_kind = _mention_kind([_KINDS[kinds[x]] for x in range(i, j + 1)], text[i],
                                         all(kinds[x] == _K["vague"] or multiplier[x] for x in range(i, j + 1)))
        if mention_kind not in _NO_PERCENT:
            m = _PERCENT_AFTER.match(folded, end)
            if m:
                end, mention_kind = m.end(), "percent"
        out_start.append(fstart[i])
        out_end.append(end)
        out_kind.append(mention_kind)
        following = j + 1
        while following < n and fstart[following] < end:
            following += 1
    return out_start, out_end, out_kind


def _single_token_kinds(t: dict) -> list[str]:
    """_mention_kind of a mention of one token, for every token (only digits need their text: 1/10/2024 is a date)."""
    by_code = [_mention_kind([k], "", k == "vague") for k in _KINDS]
    digits = _K["digits"]
    return [by_code[k] if k != digits else _mention_kind(["digits"], text, False)
            for k, text in zip(t["kind"].tolist(), t["text"])]


def _after_month_word(folded: str, wstart: int) -> bool:
    """Whether the word before (one space before) is the first word of a month's name: تشرين الثاني."""
    if wstart < 2 or folded[wstart - 1] != " ":
        return False
    classes = char_classes()
    first = wstart - 1
    while first > 0 and classes[ord(folded[first - 1])] & LETTER and wstart - 1 - first <= _LONGEST_MONTH_WORD:
        first -= 1
    if first > 0 and classes[ord(folded[first - 1])] & LETTER:
        return False   # a longer word than any month word with its prefixes
    return first < wstart - 1 and _is_month_first(folded[first:wstart - 1])


def _mention_kind(kinds: list[str], first_text: str, all_vague_or_multiplier: bool) -> str:
    first = kinds[0]
    if first == "digits":
        return "date" if "/" in first_text else "digits"
    if len(kinds) == 1 and first in ("vague", "ordinal", "fraction", "decade", "dual"):
        return first
    if first == "ordinal":
        return "ordinal"
    if all_vague_or_multiplier and first == "vague":
        return "vague"
    return "words"


def number_end(folded: str, start: int, end: int, kind: str) -> int:
    """Where the number of the mention [start, end) of folded text ends: before the % sign or percent words of a
    percentage, at its end otherwise."""
    if kind == "percent":
        for k in range(start + 1, end):
            m = _PERCENT_AFTER.match(folded, k)
            if m and m.end() == end:
                return k
    return end
