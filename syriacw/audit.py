"""The number audit: every number in every archived document is captured by a quote or excluded with a reason.

A *number mention* is a span of a raw document that states a number: digits (Western or Arabic-Indic, with
separators, decimals, a percent sign, a scale word or a slash date), cardinal number words and phrases, vague
plurals (عشرات، مئات، آلاف…), ordinal words (الثاني، الخامس، التاسع…), fractions (نصف، ثلث، ربع) and decades
(الثمانينيات). The lexicon and its limits are documented in docs/audit.md.

Each mention must be
  captured  — inside [quote_start, quote_end) of a figure or an assertion of the same source, or
  excluded  — listed in seeds/audit_exclusions.csv (source_id, text, start) with a reason_code and a reason;
anything else is *unaccounted* and fails the audit (code `number-unaccounted`), and so the build.

Codes of problems with seeds/audit_exclusions.csv: csv-*/file-not-utf8 (as for every seed), missing-column,
unknown-column, required, unknown-reference (source_id), not-in-vocabulary (reason_code), type-error (start),
duplicate-id (the same source_id and start twice), exclusion-not-a-number (no number mention with this text
starts at this offset), exclusion-context-mismatch (context is not the text around the number).
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .arabic import ARABIC_LETTERS, DIGIT, LETTER, char_classes, fold_text
from .errors import Problem

EXCLUSIONS_FILE = "seeds/audit_exclusions.csv"
EXCLUSION_COLUMNS = ("source_id", "text", "start", "reason_code", "reason", "context")
REQUIRED_COLUMNS = ("source_id", "text", "start", "reason_code", "reason")
CONTEXT_CHARS = 40

# Why a number that no quote captures may be left out of the dataset.
REASON_CODES: dict[str, str] = {
    "date": "part of a date: a day, a month or a date written in words (التاسع من آذار)",
    "year": "a year or a decade (2014، الثمانينيات)",
    "time_of_day": "a time of day",
    "duration": "how long something lasted (لأسبوعين، عام ونصف)",
    "distance": "a distance (ستة كيلومترات)",
    "resolution_number": "the number of a resolution, law, decree or document (القرار رقم 2235)",
    "unit_number": "the number in the name of a military unit (اللواء الثاني، الفيلق الخامس)",
    "territory_share": "a share of a place's area or of control over it (80% من المدينة)",
    "ordinal_rank": "an ordinal that orders or ranks things (التقرير الأول، الدفعة الثانية، الصف الأول)",
    "count_not_a_figure": "a count of something that is not one of the figures' measures (reports, meetings)",
    "other": "anything else; the reason says what",
}

# --- the lexicon ------------------------------------------------------------------------------------------------
# Words as written; they are folded (arabic.fold) when the module loads, so hamza/alef forms, taa marbuta and
# alef maqsura variants match. A token matches after the prefixes و/ف, ب/ل/ك and the article ال (لل = ل + ال).

CARDINALS = (
    "صفر", "واحد", "واحدة", "اثنان", "اثنين", "إثنان", "إثنين", "اثنا", "اثني", "إثنا", "إثني",
    "اثنتان", "اثنتين", "اثنتا", "اثنتي", "ثنتان", "ثنتين",
    "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة", "ثمان", "ثماني", "ثمانية",
    "تسع", "تسعة", "عشر", "عشرة",
    "ثلاثا", "أربعا", "خمسا", "ستا", "سبعا", "تسعا", "عشرا",
    "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون",
    "عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين",
    "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "ثمانيمئة", "تسعمئة",
    "ثلاثمائة", "أربعمائة", "خمسمائة", "ستمائة", "سبعمائة", "ثمانمائة", "ثمانيمائة", "تسعمائة",
)
# Words that multiply the number before them (or stand alone: مليون = 1,000,000). Duals are unambiguous here.
SCALES = (
    "مئة", "مائة", "مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي",
    "ألف", "ألفا", "ألفان", "ألفين", "ألفي",
    "مليون", "مليونا", "مليونان", "مليونين", "مليار", "مليارا", "ملياران", "مليارين",
)
# Vague numerals: plurals of powers of ten and بضع (three to nine). With or without ال.
VAGUE = ("عشرات", "مئات", "آلاف", "ألوف", "ملايين", "مليارات", "بضع", "بضعة", "نيف")
ORDINALS = (
    "أول", "أولى", "ثاني", "ثان", "ثانية", "ثالث", "ثالثة", "رابع", "رابعة", "خامس", "خامسة", "سادس", "سادسة",
    "سابع", "سابعة", "ثامن", "ثامنة", "تاسع", "تاسعة", "عاشر", "عاشرة", "حادي", "حادية",
    "أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا",
)
FRACTIONS = ("نصف", "ثلث", "ربع", "ثلثا", "ثلثي", "سدس")
FRACTION_SUFFIXES = ("هما", "هم", "هن", "ها", "ه")
DECADES = tuple(t + s for t in ("عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين")
                for s in ("يات", "ات"))
# Nouns whose dual states a number (بلدتين = two towns, لأسبوعين = for two weeks). Only a closed list: a masculine
# sound plural also ends in ين (المدنيين، المصابين), so nouns with such a plural are left out, and the construct
# dual in ي is generated for feminine nouns only (هجومي، يومي، شهري are adjectives).
DUAL_NOUNS = (
    # places and units of the conflict
    "بلدة", "مدينة", "قرية", "منطقة", "محافظة", "معسكر", "مطار", "مستشفى", "فرقة", "كتيبة", "لواء",
    # attacks, incidents and their victims
    "هجوم", "هجمة", "غارة", "ضربة", "حادثة", "حادث", "واقعة", "مجزرة", "إصابة", "حالة", "عملية",
    "قتيل", "جريح", "ضحية", "شخص", "طفل", "سيدة", "امرأة", "جندي", "جثة",
    # munitions, vehicles, shipments, samples
    "قذيفة", "صاروخ", "برميل", "قنبلة", "أسطوانة", "عبوة", "ذخيرة", "شاحنة", "سيارة", "طائرة", "مروحية",
    "دفعة", "شحنة", "حاوية", "عينة",
    # documents and bodies
    "تقرير", "رسالة", "بيان", "قرار", "تحقيق", "منظمة", "دولة", "جهة",
    # time and distance
    "يوم", "أسبوع", "شهر", "عام", "سنة", "ساعة", "دقيقة", "مرة", "كيلومتر", "متر",
)
DUAL_CONSTRUCT = ("معسكري", "عامي")   # masculine construct duals that are not also common adjectives
TEENS = ("عشر", "عشرة")                 # أحد عشر، اثنا عشر، الحادي عشر …
ONE_OF = ("أحد", "إحدى")                # a number only before عشر/عشرة; alone it means "one of"/"anyone"
PERCENT_WORDS = ("بالمئة", "بالمائة", "بالمية")
PERCENT_PHRASE = ("في", ("المئة", "المائة"))
# Whole words that look like a prefix and a number word but are not numbers.
NOT_NUMBERS = ("لست", "الاثنين", "الإثنين")   # "I am not"; Monday
# An ordinal right after these is part of a month's name (تشرين الثاني = November), not a number.
MONTH_FIRST_WORDS = ("تشرين", "كانون", "ربيع", "جمادى")


def _folded(words) -> frozenset[str]:
    return frozenset(fold_text(w) for w in words)


def dual_forms(noun: str) -> list[str]:
    """The dual of a singular noun as written: بلدة → بلدتان، بلدتين، بلدتا، بلدتي; هجوم → هجومان، هجومين."""
    if noun.endswith("ة"):
        base = noun[:-1] + "ت"
        return [base + "ان", base + "ين", base + "ا", base + "ي"]
    if noun.endswith("ى"):                      # مستشفى → مستشفيان، مستشفيين
        base = noun[:-1] + "ي"
        return [base + "ان", base + "ين"]
    if noun.endswith("اء"):                     # لواء → لواءان، لواءين
        return [noun + "ان", noun + "ين"]
    return [noun + "ان", noun + "ين"]


DUALS = tuple(form for noun in DUAL_NOUNS for form in dual_forms(noun)) + DUAL_CONSTRUCT


_KIND_OF: dict[str, str] = {}
for _kind, _words in (("cardinal", CARDINALS), ("scale", SCALES), ("vague", VAGUE), ("ordinal", ORDINALS),
                      ("fraction", FRACTIONS), ("decade", DECADES), ("dual", DUALS)):
    for _w in _folded(_words):
        _KIND_OF.setdefault(_w, _kind)
_TEENS, _ONE_OF = _folded(TEENS), _folded(ONE_OF)
_PERCENT_WORDS = _folded(PERCENT_WORDS)
_PERCENT_IN, _PERCENT_HUNDRED = fold_text(PERCENT_PHRASE[0]), _folded(PERCENT_PHRASE[1])
_NOT_NUMBERS = _folded(NOT_NUMBERS)
_MONTH_FIRST = _folded(MONTH_FIRST_WORDS)
_SCALE_AFTER_DIGITS = _folded(("ألف", "آلاف", "ألوف", "مليون", "ملايين", "مليار", "مليارات", "ألفا"))
_MULTIPLIERS = _folded(("مئة", "مائة", "ألف", "آلاف", "ألوف", "مليون", "ملايين", "مليار", "مليارات", "ألفا"))

_ARTICLE = "ال"
_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك")

_NAYYIF = fold_text("نيف")
_LONGEST_MONTH_WORD = 2 + max(len(w) for w in _MONTH_FIRST)


@dataclass(frozen=True)
class Mention:
    """A number stated in a document: offsets are code points into the decoded text, end exclusive."""

    start: int
    end: int
    text: str
    kind: str  # digits | percent | date | words | vague | ordinal | fraction | decade | dual


def _analyse(word: str) -> tuple[int, str, str, bool]:
    """(length of the prefixes before the number, stem, kind, has و) of a folded Arabic word; kind '' if none."""
    if word in _NOT_NUMBERS:
        return 0, word, "", False
    for conj in _CONJ:
        for prep in _PREP:
            head = conj + prep
            if not word.startswith(head) or len(word) == len(head):
                continue
            rest = word[len(head):]
            options = [(len(head), rest)]
            if rest.startswith(_ARTICLE) and len(rest) > 2:
                options.append((len(head), rest[2:]))
            if prep == "ل" and rest.startswith("ل") and len(rest) > 1:  # لل = ل + ال: the number starts after it
                options.append((len(head) + 1, rest[1:]))
            for offset, stem in options:
                kind = _kind(stem)
                if kind:
                    return offset, stem, kind, conj == "و"
    return 0, word, "", False


def _kind(stem: str) -> str:
    if stem in _KIND_OF:
        return _KIND_OF[stem]
    if stem in _ONE_OF:
        return "one_of"
    for suffix in FRACTION_SUFFIXES:
        if stem.endswith(suffix) and _KIND_OF.get(stem[: -len(suffix)]) == "fraction":
            return "fraction"
    return ""


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

    from .arabic import fold_points

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


def _is_month_first(word: str) -> bool:
    """تشرين، وكانون، بتشرين …: the first word of a month name that ends in an ordinal."""
    return any(word[k:] in _MONTH_FIRST and all(c in "وفبل" for c in word[:k]) for k in range(3))


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


# --- the audit --------------------------------------------------------------------------------------------------

@dataclass
class Number:
    """A number mention of one source and what accounts for it."""

    start: int
    end: int
    text: str
    kind: str
    line: int                      # line of the document (1 = first)
    status: str = "unaccounted"    # captured | excluded | unaccounted
    captured_by: list[str] = field(default_factory=list)   # figure_id / assertion_id whose quote holds it
    reason_code: str | None = None  # when excluded (also kept when captured as well)
    context: str = ""


@dataclass
class DocumentAudit:
    source_id: str
    file: str
    numbers: list[Number]

    def count(self, status: str | None = None) -> int:
        return sum(1 for n in self.numbers if status is None or n.status == status)

    def counts(self) -> dict[str, int]:
        return {"found": self.count(), "captured": self.count("captured"), "excluded": self.count("excluded"),
                "unaccounted": self.count("unaccounted")}


_STATUSES = ("unaccounted", "captured", "excluded")


@dataclass
class AuditResult:
    """What the audit found: counts and problems at once; every number with its context when `documents` is read
    (made then, as a build of a million figures needs only the counts)."""

    problems: list[Problem]
    _sources: "_Sources"
    _found: Mentions
    _status: "numpy.ndarray"                               # noqa: F821  index into _STATUSES, per mention
    _spans: "_Spans"
    _reasons: dict[int, str] = field(default_factory=dict)  # mention index → reason_code of its exclusion
    _documents: list[DocumentAudit] | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    def totals(self) -> dict[str, int]:
        import numpy as np

        counts = np.bincount(self._status, minlength=len(_STATUSES)).tolist()
        return {"found": len(self._status), **dict(zip(_STATUSES[1:], counts[1:])), "unaccounted": counts[0]}

    def summary(self) -> str:
        t = self.totals()
        n = len(self._sources.ids)
        verdict = "every number is accounted for" if self.valid else f"{len(self.problems)} problem(s)"
        return (f"number audit: {t['found']} numbers in {n} document{'' if n == 1 else 's'}: {t['captured']} "
                f"captured, {t['excluded']} excluded, {t['unaccounted']} unaccounted; {verdict}")

    @property
    def documents(self) -> list[DocumentAudit]:
        if self._documents is None:
            self._documents = [self._document(k) for k in range(len(self._sources.ids))]
        return self._documents

    def _document(self, k: int) -> DocumentAudit:
        source_id, file, text = self._sources.ids[k], self._sources.files[k], self._sources.text(k)
        spans = self._spans.of(k)
        numbers = []
        for i in self._sources.mention_range(k):
            start, end = int(self._found.start[i]), int(self._found.end[i])
            numbers.append(Number(start, end, text[start:end], self._found.kind[i], text.count("\n", 0, start) + 1,
                                  status=_STATUSES[self._status[i]], reason_code=self._reasons.get(i),
                                  captured_by=sorted(r for qs, qe, r in spans if qs <= start and end <= qe),
                                  context=context_of(text, start, end)))
        return DocumentAudit(source_id, file, numbers)


class _Sources:
    """The audited documents (every source whose document can be read and decoded), in source_id order; texts are
    decoded again when asked for, rather than kept: at a million figures they are hundreds of megabytes."""

    def __init__(self, root: Path, sources, documents: dict[str, bytes] | None):
        import pandas as pd

        self._root, self._documents = root, documents
        pairs = {}
        if sources is not None:
            for source_id, file in zip(sources["source_id"], sources["file"]):
                if not (pd.isna(source_id) or pd.isna(file)):
                    pairs[str(source_id)] = str(file)
        self.ids, self.files = [], []
        for source_id in sorted(pairs):
            if self._bytes(pairs[source_id]) is not None:
                self.ids.append(source_id)
                self.files.append(pairs[source_id])
        self.index = {source_id: k for k, source_id in enumerate(self.ids)}
        self.undecodable: set[int] = set()
        self._bounds = None

    def _bytes(self, file: str) -> bytes | None:
        if self._documents is not None:
            return self._documents.get(file)
        path = self._root / file
        return path.read_bytes() if path.is_file() else None

    def text(self, k: int) -> str:
        return self._bytes(self.files[k]).decode("utf-8")

    def texts(self):
        """Every text in order; one that is not UTF-8 is audited as empty and then left out (the build reports it)."""
        for k in range(len(self.ids)):
            try:
                yield self.text(k)
            except UnicodeDecodeError:
                self.undecodable.add(k)
                yield ""

    def set_mentions(self, found: Mentions) -> None:
        import numpy as np

        self._bounds = np.searchsorted(found.text, np.arange(len(self.ids) + 1))

    def mention_range(self, k: int) -> range:
        return range(int(self._bounds[k]), int(self._bounds[k + 1]))

    def drop_undecodable(self, text_index):
        """Forget documents that are not UTF-8 (scanned as empty, so without mentions) and renumber the mentions'
        document index: the result lists only audited documents."""
        import numpy as np

        if not self.undecodable:
            return text_index
        gone = np.asarray(sorted(self.undecodable), dtype=np.int64)
        keep = [k for k in range(len(self.ids)) if k not in self.undecodable]
        self.ids = [self.ids[k] for k in keep]
        self.files = [self.files[k] for k in keep]
        self.index = {source_id: k for k, source_id in enumerate(self.ids)}
        self.undecodable = set()
        return text_index - np.searchsorted(gone, text_index, side="right")

    def mentions(self, found: "Mentions", k: int) -> dict[int, Mention]:
        """The mentions of document k as Mention objects, by their index in `found`."""
        text = self.text(k)
        out = {}
        for i in self.mention_range(k):
            start, end = int(found.start[i]), int(found.end[i])
            out[i] = Mention(start, end, text[start:end], found.kind[i])
        return out


class _Spans:
    """The quote spans of figures and assertions, as arrays: document index, [quote_start, quote_end), row ID."""

    def __init__(self, tables: dict, index: dict[str, int]):
        import numpy as np
        import pandas as pd

        doc, qs, qe, ids = [], [], [], []
        for table, pk in (("figures", "figure_id"), ("assertions", "assertion_id")):
            frame = tables.get(table)
            if frame is None or not len(frame):
                continue
            k = frame["source_id"].astype("object").map(index)
            start = pd.to_numeric(frame["quote_start"], errors="coerce").astype("float64")
            end = pd.to_numeric(frame["quote_end"], errors="coerce").astype("float64")
            ok = (k.notna() & start.notna() & end.notna()).to_numpy()
            doc.append(k.to_numpy()[ok].astype(np.int64))
            qs.append(start.to_numpy()[ok].astype(np.int64))
            qe.append(end.to_numpy()[ok].astype(np.int64))
            ids.append(frame[pk].astype("object").to_numpy()[ok])
        self.doc = np.concatenate(doc) if doc else np.zeros(0, dtype=np.int64)
        self.start = np.concatenate(qs) if qs else np.zeros(0, dtype=np.int64)
        self.end = np.concatenate(qe) if qe else np.zeros(0, dtype=np.int64)
        self.ids = np.concatenate(ids) if ids else np.zeros(0, dtype=object)

    def covering(self, found: Mentions):
        """Per mention: whether some span of its document holds it (start ≤ mention start, mention end ≤ end).

        Positions are made global (document index × 2**40 + offset), spans sorted by start and the running maximum
        of their ends taken: a mention is held iff the spans starting at or before it reach its end."""
        import numpy as np

        if not len(self.doc) or not len(found):
            return np.zeros(len(found), dtype=bool)
        shift = np.int64(1 << 40)
        start = self.doc * shift + np.clip(self.start, 0, shift - 1)
        end = self.doc * shift + np.clip(self.end, 0, shift - 1)
        order = np.argsort(start, kind="stable")
        reach = np.maximum.accumulate(end[order])
        at = np.searchsorted(start[order], found.text * shift + found.start, side="right") - 1
        return (at >= 0) & (reach[np.maximum(at, 0)] >= found.text * shift + found.end)

    def of(self, k: int) -> list[tuple[int, int, str]]:
        import numpy as np

        rows = np.flatnonzero(self.doc == k)
        return [(int(self.start[r]), int(self.end[r]), str(self.ids[r])) for r in rows]


@dataclass(frozen=True)
class Exclusion:
    line: int
    source_id: str
    text: str
    start: int
    reason_code: str
    reason: str
    context: str


def context_of(document: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The number marked ⟦…⟧ with `width` characters either side, line breaks shown as ¶."""
    before = document[max(0, start - width):start].replace("\n", " ¶ ")
    after = document[end:end + width].replace("\n", " ¶ ")
    return f"…{before}⟦{document[start:end]}⟧{after}…"


def plain_context(document: str, start: int, end: int, width: int = 30) -> str:
    """Whole words around a number, white space collapsed: what the `context` column of an exclusion holds."""
    a, b = max(0, start - width), min(len(document), end + width)
    while a > 0 and not document[a - 1].isspace() and a < start:
        a += 1
    while b < len(document) and not document[b].isspace() and b > end:
        b -= 1
    return " ".join(document[a:b].split())


def audit(root: Path, tables: dict, documents: dict[str, bytes] | None = None) -> AuditResult:
    """Audit every source's document against the quote spans of `tables` and seeds/audit_exclusions.csv.

    `tables` are the typed frames of syriacw.build.process (only sources, figures and assertions are read);
    `documents` are the raw bytes by path under the root (read from disk when not given).
    """
    import numpy as np

    sources = _Sources(root, tables.get("sources"), documents)
    found = scan_texts(sources.texts())
    found.text = sources.drop_undecodable(found.text)
    sources.set_mentions(found)
    spans = _Spans(tables, sources.index)
    exclusions, problems = load_exclusions(root)
    excluded, found_problems = match_exclusions(exclusions, sources, found)
    problems += found_problems

    status = np.where(spans.covering(found), _STATUSES.index("captured"), 0).astype(np.int8)
    reasons = {}
    for i, exclusion in excluded.items():
        reasons[i] = exclusion.reason_code
        if not status[i]:
            status[i] = _STATUSES.index("excluded")
    texts: dict[int, str] = {}
    for i in np.flatnonzero(status == 0).tolist():
        k = int(found.text[i])
        text = texts.get(k) or texts.setdefault(k, sources.text(k))
        start, end, kind = int(found.start[i]), int(found.end[i]), found.kind[i]
        problems.append(Problem(sources.files[k], text.count("\n", 0, start) + 1, sources.ids[k], None,
                                "number-unaccounted",
                                f"{text[start:end]!r} (offsets {start}-{end}, {kind}) is in no quote of a figure "
                                f"or assertion of {sources.ids[k]} and not in {EXCLUSIONS_FILE}: "
                                f"{context_of(text, start, end)}"))
    return AuditResult(problems, sources, found, status, spans, reasons)


def audit_for_build(inputs, tables) -> tuple[list[Problem], str]:
    """The audit's problems and its summary line, for syriacw.build.build (which calls it before anything is
    written)."""
    result = audit(inputs.root, tables, inputs.documents)
    return result.problems, result.summary()


# --- seeds/audit_exclusions.csv ---------------------------------------------------------------------------------

def load_exclusions(root: Path) -> tuple[list[Exclusion], list[Problem]]:
    """The rows of seeds/audit_exclusions.csv (none if the file does not exist) and the problems of its cells."""
    from .csvio import parse_csv

    path = root / EXCLUSIONS_FILE
    if not path.exists():
        return [], []
    seed, problems = parse_csv(path.read_bytes(), EXCLUSIONS_FILE, "audit_exclusions")
    if seed is None:
        return [], problems
    for column in REQUIRED_COLUMNS:
        if column not in seed.header:
            problems.append(Problem(EXCLUSIONS_FILE, 1, None, column, "missing-column",
                                    f"the header has no column {column!r}"))
    for column in seed.header:
        if column not in EXCLUSION_COLUMNS:
            problems.append(Problem(EXCLUSIONS_FILE, 1, None, column, "unknown-column",
                                    f"{column!r} is not a column of this file; expected: {', '.join(EXCLUSION_COLUMNS)}"))
    if any(c not in seed.header for c in REQUIRED_COLUMNS):
        return [], problems
    rows = []
    for cells, line in zip(seed.rows, seed.lines):
        cell = dict(zip(seed.header, cells))
        get = lambda c: cell.get(c, "")  # noqa: E731
        row_id = f"{get('source_id')}:{get('start')}"
        bad = False
        for column in REQUIRED_COLUMNS:
            if not get(column):
                problems.append(Problem(EXCLUSIONS_FILE, line, row_id, column, "required", f"{column} must not be empty"))
                bad = True
        if get("start") and not get("start").isdigit():
            problems.append(Problem(EXCLUSIONS_FILE, line, row_id, "start", "type-error",
                                    f"{get('start')!r} is not a whole number (a code-point offset)"))
            bad = True
        if get("reason_code") and get("reason_code") not in REASON_CODES:
            problems.append(Problem(EXCLUSIONS_FILE, line, row_id, "reason_code", "not-in-vocabulary",
                                    f"{get('reason_code')!r} is not one of: {', '.join(REASON_CODES)}"))
        if not bad:
            rows.append(Exclusion(line, get("source_id"), get("text"), int(get("start")), get("reason_code"),
                                  get("reason"), get("context")))
    return rows, problems


def match_exclusions(exclusions: list[Exclusion], sources: _Sources,
                     found: Mentions) -> tuple[dict[int, Exclusion], list[Problem]]:
    """Exclusions by the index in `found` of the number mention they name, and the problems of those that name
    none."""
    from .arabic import locate

    matched: dict[int, Exclusion] = {}
    problems = []
    mentions: dict[int, dict[int, Mention]] = {}   # document index → its mentions, made for excluded ones only
    for ex in exclusions:
        row_id = f"{ex.source_id}:{ex.start}"
        k = sources.index.get(ex.source_id)
        if k is None:
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "source_id", "unknown-reference",
                                    f"{ex.source_id!r} is not a source_id in sources (with a readable document)"))
            continue
        file = sources.files[k]
        if k not in mentions:
            mentions[k] = sources.mentions(found, k)
        at = {m.start: i for i, m in mentions[k].items()}
        index = at.get(ex.start)
        mention = mentions[k][index] if index is not None else None
        if mention is None or mention.text != ex.text:
            same = [m.start for m in mentions[k].values() if m.text == ex.text]
            hint = (f"; the scanner finds {ex.text!r} at " + ", ".join(map(str, same))) if same else \
                f"; the scanner finds no number {ex.text!r} in {file}"
            if mention is not None:
                hint += f"; the number that starts at {ex.start} is {mention.text!r}"
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "start", "exclusion-not-a-number",
                                    f"no number mention {ex.text!r} starts at {ex.start} in {file}{hint} "
                                    "(run: syriacw audit --template)"))
            continue
        if index in matched:
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "start", "duplicate-id",
                                    f"{ex.text!r} at {ex.start} of {ex.source_id} is already excluded on line "
                                    f"{matched[index].line}"))
            continue
        document = sources.text(k)
        if ex.context and not any(a <= mention.start and mention.end <= b for a, b in locate(document, ex.context)):
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "context", "exclusion-context-mismatch",
                                    f"the context is not the text around {ex.text!r} at {ex.start}; there it reads "
                                    f"{plain_context(document, mention.start, mention.end)!r}"))
        matched[index] = ex
    return matched, problems


# --- the command ------------------------------------------------------------------------------------------------

def run_for_root(root: Path) -> tuple[AuditResult, list[Problem]]:
    """The audit of a repository, and the problems the build would report before it (they may skew the audit)."""
    from .build import load_inputs, process

    inputs, seed_problems = load_inputs(root)
    tables, found = process(inputs)
    return audit(root, tables, inputs.documents), seed_problems + found


def as_text(result: AuditResult, *, every_number: bool = False) -> str:
    out = [f"{'source':<10}{'file':<32}{'found':>7}{'captured':>10}{'excluded':>10}{'unaccounted':>13}"]
    for doc in result.documents:
        c = doc.counts()
        out.append(f"{doc.source_id:<10}{doc.file:<32}{c['found']:>7}{c['captured']:>10}{c['excluded']:>10}"
                   f"{c['unaccounted']:>13}")
        if every_number:
            for n in doc.numbers:
                why = ", ".join(n.captured_by) if n.status == "captured" else n.reason_code or ""
                out.append(f"  {n.start:>6}  {n.status:<12}{n.kind:<9}{n.context}  [{why}]")
    t = result.totals()
    out.append(f"{'total':<42}{t['found']:>7}{t['captured']:>10}{t['excluded']:>10}{t['unaccounted']:>13}")
    if result.problems:
        out.append("")
        out.append("problems:")
        for p in result.problems:  # exclusion problems first, then unaccounted numbers in document order
            out.append("  " + p.as_text())
        out.append(f"{len(result.problems)} problem(s): capture each unaccounted number in a figure or assertion "
                   f"quote, or list it in {EXCLUSIONS_FILE} with a reason (syriacw audit --template).")
    else:
        out.append("every number is accounted for.")
    return "\n".join(out)


def as_json(result: AuditResult) -> str:
    return json.dumps({
        "valid": result.valid,
        "totals": result.totals(),
        "documents": [{"source_id": d.source_id, "file": d.file, **d.counts(),
                       "numbers": [asdict(n) for n in d.numbers]} for d in result.documents],
        "problems": [asdict(p) for p in sorted(result.problems)],
    }, ensure_ascii=False, indent=1)


def print_template(result: AuditResult, root: Path) -> None:
    """CSV rows for seeds/audit_exclusions.csv, one per unaccounted number; reason_code and reason left to fill."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(EXCLUSION_COLUMNS)
    for doc in result.documents:
        document = (root / doc.file).read_text(encoding="utf-8")
        for n in doc.numbers:
            if n.status == "unaccounted":
                writer.writerow([doc.source_id, n.text, n.start, "", "", plain_context(document, n.start, n.end)])
