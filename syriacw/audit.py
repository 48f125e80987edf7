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

from .arabic import DIACRITICS, fold, fold_text
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

_TOKEN = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+|\d+(?:[.,]\d+)*(?:/\d+){0,2}(?:-\d+(?:[.,]\d+)*)?")


@dataclass(frozen=True)
class Mention:
    """A number stated in a document: offsets are code points into the decoded text, end exclusive."""

    start: int
    end: int
    text: str
    kind: str  # digits | percent | date | words | vague | ordinal | fraction | decade | dual


@dataclass(frozen=True)
class _Token:
    wstart: int        # in the folded text: where the word starts
    fstart: int        # where the number starts (after و/ف and ب/ل/ك)
    fend: int
    stem: str          # the word without prefixes (and without ال); digits as written
    kind: str          # digits, cardinal, scale, vague, ordinal, fraction, decade, dual, one_of, "" (no number)
    conj: bool         # has the prefix و (joins number words: خمسة وعشرون)
    word: str          # the whole folded token


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


def _is_month_first(word: str) -> bool:
    """تشرين، وكانون، بتشرين …: the first word of a month name that ends in an ordinal."""
    return any(word[k:] in _MONTH_FIRST and all(c in "وفبل" for c in word[:k]) for k in range(3))


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


@dataclass
class AuditResult:
    documents: list[DocumentAudit]
    problems: list[Problem]

    @property
    def valid(self) -> bool:
        return not self.problems

    def totals(self) -> dict[str, int]:
        keys = ("found", "captured", "excluded", "unaccounted")
        return {k: sum(d.counts()[k] for d in self.documents) for k in keys}

    def summary(self) -> str:
        t = self.totals()
        verdict = "every number is accounted for" if self.valid else f"{len(self.problems)} problem(s)"
        docs = f"{len(self.documents)} document{'' if len(self.documents) == 1 else 's'}"
        return (f"number audit: {t['found']} numbers in {docs}: {t['captured']} captured, "
                f"{t['excluded']} excluded, {t['unaccounted']} unaccounted; {verdict}")


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
    import pandas as pd

    texts = _texts(root, tables.get("sources"), documents)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for table, pk in (("figures", "figure_id"), ("assertions", "assertion_id")):
        frame = tables.get(table)
        if frame is None:
            continue
        for row_id, source_id, qs, qe in zip(frame[pk], frame["source_id"], frame["quote_start"], frame["quote_end"]):
            if pd.isna(source_id) or pd.isna(qs) or pd.isna(qe):
                continue
            spans.setdefault(str(source_id), []).append((int(qs), int(qe), str(row_id)))
    exclusions, problems = load_exclusions(root)
    found = {source_id: scan(text) for source_id, (_file, text) in texts.items()}
    excluded, found_problems = match_exclusions(exclusions, texts, found)
    problems += found_problems

    result = []
    for source_id in sorted(texts):
        file, text = texts[source_id]
        numbers = []
        for m in found[source_id]:
            n = Number(m.start, m.end, m.text, m.kind, text.count("\n", 0, m.start) + 1,
                       context=context_of(text, m.start, m.end))
            n.captured_by = sorted(rid for qs, qe, rid in spans.get(source_id, ()) if qs <= m.start and m.end <= qe)
            exclusion = excluded.get((source_id, m.start))
            if exclusion is not None:
                n.reason_code = exclusion.reason_code
            n.status = "captured" if n.captured_by else "excluded" if exclusion is not None else "unaccounted"
            if n.status == "unaccounted":
                problems.append(Problem(file, n.line, source_id, None, "number-unaccounted",
                                        f"{m.text!r} (offsets {m.start}-{m.end}, {m.kind}) is in no quote of a figure "
                                        f"or assertion of {source_id} and not in {EXCLUSIONS_FILE}: {n.context}"))
            numbers.append(n)
        result.append(DocumentAudit(source_id, file, numbers))
    return AuditResult(result, problems)


def audit_problems(inputs, tables) -> list[Problem]:
    """The audit's problems, for syriacw.build.build (which calls it before anything is written)."""
    return audit(inputs.root, tables, inputs.documents).problems


def _texts(root: Path, sources, documents: dict[str, bytes] | None) -> dict[str, tuple[str, str]]:
    """source_id → (file, decoded text) for every source whose document can be read (the build reports the rest)."""
    import pandas as pd

    texts = {}
    if sources is None:
        return texts
    for source_id, file in zip(sources["source_id"], sources["file"]):
        if pd.isna(source_id) or pd.isna(file):
            continue
        if documents is not None:
            data = documents.get(str(file))
        else:
            path = root / str(file)
            data = path.read_bytes() if path.is_file() else None
        if data is None:
            continue
        try:
            texts[str(source_id)] = (str(file), data.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return texts


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


def match_exclusions(exclusions: list[Exclusion], texts: dict[str, tuple[str, str]],
                     found: dict[str, list[Mention]]) -> tuple[dict[tuple[str, int], Exclusion], list[Problem]]:
    """Exclusions by (source_id, start) that name a number mention, and the problems of those that do not."""
    from .arabic import locate

    matched: dict[tuple[str, int], Exclusion] = {}
    problems = []
    for ex in exclusions:
        row_id = f"{ex.source_id}:{ex.start}"
        if ex.source_id not in texts:
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "source_id", "unknown-reference",
                                    f"{ex.source_id!r} is not a source_id in sources (with a readable document)"))
            continue
        file, document = texts[ex.source_id]
        at = {m.start: m for m in found[ex.source_id]}
        mention = at.get(ex.start)
        if mention is None or mention.text != ex.text:
            same = [m.start for m in found[ex.source_id] if m.text == ex.text]
            hint = (f"; the scanner finds {ex.text!r} at " + ", ".join(map(str, same))) if same else \
                f"; the scanner finds no number {ex.text!r} in {file}"
            if mention is not None:
                hint += f"; the number that starts at {ex.start} is {mention.text!r}"
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "start", "exclusion-not-a-number",
                                    f"no number mention {ex.text!r} starts at {ex.start} in {file}{hint} "
                                    "(run: syriacw audit --template)"))
            continue
        key = (ex.source_id, ex.start)
        if key in matched:
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "start", "duplicate-id",
                                    f"{ex.text!r} at {ex.start} of {ex.source_id} is already excluded on line "
                                    f"{matched[key].line}"))
            continue
        if ex.context and not any(a <= mention.start and mention.end <= b for a, b in locate(document, ex.context)):
            problems.append(Problem(EXCLUSIONS_FILE, ex.line, row_id, "context", "exclusion-context-mismatch",
                                    f"the context is not the text around {ex.text!r} at {ex.start}; there it reads "
                                    f"{plain_context(document, mention.start, mention.end)!r}"))
        matched[key] = ex
    return matched, problems


# --- the command ------------------------------------------------------------------------------------------------

def run_for_root(root: Path) -> tuple[AuditResult, list[Problem]]:
    """The audit of a repository, and the problems the build would report before it (they may skew the audit)."""
    from .build import load_inputs, process

    inputs, seed_problems = load_inputs(root)
    tables, found = process(inputs)
    return audit(root, tables, inputs.documents), seed_problems + found


def cmd_audit(args) -> int:
    """Check that every number in every raw document is captured by a quote or excluded with a reason.

    A number is captured when it lies inside [quote_start, quote_end) of a figure or assertion of the same source,
    and excluded when seeds/audit_exclusions.csv lists it (source_id, text, start) with a reason_code and a reason.
    Prints found / captured / excluded / unaccounted per document; exits 1 naming every unaccounted number with
    its surrounding text. The build runs the same audit. --template prints exclusion rows to fill in.
    """
    from .cli import _root

    root = _root(args)
    result, seed_problems = run_for_root(root)
    if seed_problems:
        print(f"warning: the seeds have {len(seed_problems)} validation problem(s) (run: syriacw validate); "
              "quote spans may be wrong, and so may this audit", file=sys.stderr)
    if args.template:  # rows to fill in, not a check: exit 0 so it can feed a pipe
        print_template(result, root)
        return 0
    if args.format == "json":
        print(as_json(result))
    else:
        print(as_text(result, every_number=args.list))
    return 0 if result.valid else 1


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


def register(command) -> None:
    from .cli import _add_root

    c = command("audit", cmd_audit)
    _add_root(c)
    c.add_argument("--format", choices=("text", "json"), default="text", help="how to print the result (default text)")
    c.add_argument("--list", action="store_true", help="also print every number with its status and context")
    c.add_argument("--template", action="store_true",
                   help=f"print CSV rows for {EXCLUSIONS_FILE}, one per unaccounted number (reason left empty)")
