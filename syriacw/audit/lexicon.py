"""The number lexicon: the number words as written, folded, and what a single word is (docs/audit.md lists them).

Words as written; they are folded (arabic.fold) when the module loads, so hamza/alef forms, taa marbuta and
alef maqsura variants match. A token matches after the prefixes و/ف, ب/ل/ك and the article ال (لل = ل + ال).
"""
from __future__ import annotations

from ..arabic import fold_text

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


def _is_month_first(word: str) -> bool:
    """تشرين، وكانون، بتشرين …: the first word of a month name that ends in an ordinal."""
    return any(word[k:] in _MONTH_FIRST and all(c in "وفبل" for c in word[:k]) for k in range(3))
