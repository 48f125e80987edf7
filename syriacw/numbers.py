"""What a number in a source says: `value_text` → value, and qualifier → interval [low, high].

Rules (documented in the codebook, applied by code, never typed by hand):

value_text
  digits, Arabic-Indic digits, thousands separators (`,` `٬`), a decimal point (`.` `٫`), a percent sign (`%` `٪`)
  or percent words after the number (`في المئة`, `بالمئة`);
  digits followed by a scale word (`12 ألف` = 12,000; `1.5 مليون` = 1,500,000);
  number words (`ثلاث` = 3, `مليون` = 1,000,000), converted by pyarabic's `number` module;
  a noun in the dual (`بلدتين` = two towns: one word ending in ان / ين; or a feminine construct dual ending in
  تي / تا, `مدينتي` = the two cities of) = 2;
  vague plurals (`عشرات`, `مئات`, `آلاف`, `ملايين`, with or without `ال`): no value, but bounds — Arabic has a dual
  (`مئتان` = 200), so a plural of a power of ten means at least three of them and fewer than the next power:
  `مئات` = [300, 999].
  value_text must be a whole number phrase of the quote as the audit's scanner reads it (from a phrase's start to
  its end, with its percent): `151` is not read out of `1510`, nor a count `2` out of `2%`.

qualifier → [low, high]  (null = open)
  exact [v, v] · at_least [v, null] · more_than [v+1, null] for counts, [v, null] for percentages ·
  at_most [0, v] · less_than [0, v-1] for counts, [0, v] for percentages ·
  approximately [0.9·v, 1.1·v] (counts rounded inward to whole numbers; percentages capped at 100) ·
  vague: the bounds of the vague plural · range: the two numbers of value_text.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .arabic import fold_text

SCALES = {"الف": 1_000, "الفا": 1_000, "الاف": 1_000, "مليون": 1_000_000, "مليونا": 1_000_000,
          "ملايين": 1_000_000, "مليار": 1_000_000_000}  # folded forms; الفا / مليونا: the accusative after 11-99
VAGUE_PLURALS = {"عشرات": 10, "مئات": 100, "مءات": 100, "ميات": 100, "الاف": 1_000, "ملايين": 1_000_000}
APPROX_TOLERANCE = 0.10
RANGE_WORDS = {"-", "و", "الي", "بين", "من"}
QUALIFIERS = ("exact", "at_least", "more_than", "approximately", "at_most", "less_than", "vague", "range")

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"


@dataclass(frozen=True)
class Parsed:
    value: float | None
    vague_low: float | None = None
    vague_high: float | None = None
    percent: bool = False
    second: float | None = None  # the upper number of a range

    @property
    def is_vague(self) -> bool:
        return self.value is None


class NotANumber(ValueError):
    pass


def _digits(text: str) -> float:
    return float(text.replace(",", ""))


def _words(text: str) -> float:
    from pyarabic import number as arabic_number  # imported here: only validation needs it

    value = arabic_number.text2number(text)
    if not value and fold_text(text) not in ("صفر",):
        raise NotANumber(f"{text!r} is not a number pyarabic can read")
    return float(value)


def _unfolded(value_text: str) -> str:
    """The words as written, less diacritics, tatweel and the percent sign or words: pyarabic needs the letters
    unfolded (ثلاثة, not ثلاثه; أحد, not احد)."""
    from .arabic import DIACRITICS

    text = "".join(ch for ch in value_text if ch not in DIACRITICS).replace("%", " ").replace("٪", " ")
    words = text.split()
    return " ".join(words[:_percent_start(words)])


def _percent_start(words: list[str]) -> int:
    """Where trailing percent words (بالمئة; في المئة) start among `words`; len(words) when there are none."""
    from .audit.lexicon import _PERCENT_HUNDRED, _PERCENT_IN, _PERCENT_WORDS

    folded = [fold_text(w) for w in words[-2:]]
    if folded and folded[-1] in _PERCENT_WORDS:
        return len(words) - 1
    if len(folded) == 2 and folded[0] == _PERCENT_IN and folded[1] in _PERCENT_HUNDRED:
        return len(words) - 2
    return len(words)


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _without_percent(text: str) -> tuple[str, bool]:
    """The folded text less its % sign or trailing percent words, and whether it had one."""
    words = text.replace("%", " % ").split()
    percent = "%" in words
    words = [w for w in words if w != "%"]
    cut = _percent_start(words)
    return " ".join(words[:cut]), percent or cut < len(words)


def parse_value_text(value_text: str) -> Parsed:
    """What `value_text` says. Raises NotANumber when it says no number."""
    text, percent = _without_percent(fold_text(value_text).strip())
    if not text:
        raise NotANumber("value_text is empty")
    numbers = re.findall(_NUM, text)
    rest = re.sub(_NUM, " ", text).split()
    if len(numbers) == 2 and rest and all(w in RANGE_WORDS for w in rest):  # "50-100", "بين 50 و100"
        low, high = sorted(_digits(n) for n in numbers)
        return Parsed(low, percent=percent, second=high)
    if len(numbers) == 1:
        base = _digits(numbers[0])
        if not rest:
            return Parsed(base, percent=percent)
        scale = SCALES.get(rest[0]) or SCALES.get(_strip_article(rest[0])) if len(rest) == 1 else None
        if scale:
            return Parsed(base * scale, percent=percent)
        raise NotANumber(f"cannot read {value_text!r}: digits followed by {' '.join(rest)!r}")
    if numbers:
        raise NotANumber(f"cannot read {value_text!r}: more than one number")
    word = _strip_article(text) if " " not in text else text
    if word in VAGUE_PLURALS:
        unit = VAGUE_PLURALS[word]
        return Parsed(None, vague_low=3.0 * unit, vague_high=10.0 * unit - 1, percent=percent)
    try:
        return Parsed(_words(_unfolded(value_text)), percent=percent)
    except NotANumber:
        if _is_dual(text):
            return Parsed(2.0, percent=percent)
        raise


def _is_dual(word: str) -> bool:
    """One noun with a dual ending. Plurals in ين look the same, so a dual reading only ever yields 2."""
    return " " not in word and ((len(word) >= 4 and word.endswith(("ين", "ان")))
                                or (len(word) >= 5 and word.endswith(("تي", "تا"))))  # مدينتي: construct dual


def interval(qualifier: str, value: float | None, unit: str, parsed: Parsed | None = None) -> tuple[float | None, float | None]:
    """[low, high] for a figure; None stands for an open end."""
    is_count = unit == "count"
    cap = 100.0 if unit == "percent" else None
    if qualifier == "vague":
        if parsed is None or parsed.vague_low is None:
            return None, None
        return parsed.vague_low, parsed.vague_high
    if qualifier == "range":
        if parsed is None or parsed.second is None:
            return None, None
        return parsed.value, parsed.second
    if value is None:
        return None, None
    if qualifier == "exact":
        return value, value
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return (value + 1.0 if is_count else value), None
    if qualifier == "at_most":
        return 0.0, value
    if qualifier == "less_than":
        return 0.0, (value - 1.0 if is_count else value)
    if qualifier == "approximately":
        low, high = value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
        if is_count:
            low, high = float(math.ceil(round(low, 6))), float(math.floor(round(high, 6)))
        else:
            low, high = round(low, 6), round(high, 6)
        if cap is not None:
            high = min(high, cap)
        return low, high
    raise ValueError(f"unknown qualifier {qualifier!r}")
