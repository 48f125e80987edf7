"""Arabic text handling: search normalisation that keeps offsets, and qualifier words.

Normalisation is for *searching* only; stored quotes are always the verbatim text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DIACRITICS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}  # harakat, superscript alef, tatweel
FOLD = {
    **{c: "ا" for c in "أإآٱ"},
    "ى": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Extended (Persian) digits
    "٪": "%",
    "٫": ".",
    "٬": ",",
    "“": '"', "”": '"', "«": '"', "»": '"', "„": '"',
    "‘": "'", "’": "'",
    "–": "-", "—": "-",
}


@dataclass(frozen=True)
class Folded:
    """A normalised text and, for each of its characters, the offset of the original character."""

    text: str
    origin: list[int]


def fold(text: str) -> Folded:
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
    return Folded("".join(out), origin)


def fold_text(text: str) -> str:
    return fold(text).text


def locate(document: str, needle: str) -> list[tuple[int, int]]:
    """Every span of `document` that matches `needle` up to diacritics, tatweel, letter variants and digit forms.

    Offsets are code points, end exclusive. A span ends after any diacritics that belong to its last letter.
    """
    hay = fold(document)
    want = fold_text(needle.strip())
    if not want:
        return []
    spans = []
    pos = hay.text.find(want)
    while pos != -1:
        start = hay.origin[pos]
        end = hay.origin[pos + len(want) - 1] + 1
        while end < len(document) and document[end] in DIACRITICS:
            end += 1
        spans.append((start, end))
        pos = hay.text.find(want, pos + 1)
    return spans


# Words that mark a qualifier. Matched on folded text, as whole words.
QUALIFIER_MARKERS: dict[str, tuple[str, ...]] = {
    "at_least": ("ما لا يقل عن", "لا يقل عن", "على الاقل", "ما لا يقل على"),
    "more_than": ("اكثر من", "ما يزيد عن", "ما يزيد على", "يزيد عن", "يزيد على", "ما يربو على"),
    "approximately": ("نحو", "قرابه", "ما يقارب", "يقارب", "حوالي", "حوالى", "زهاء", "تقريبا", "قرابه"),
    "at_most": ("على الاكثر", "ما لا يزيد عن", "لا يزيد عن", "حتى"),
    "less_than": ("اقل من", "دون"),
}


def markers_in(text: str) -> set[str]:
    """Qualifiers whose marker words occur in `text`."""
    folded = " " + fold_text(text) + " "
    found = set()
    for qualifier, words in QUALIFIER_MARKERS.items():
        for w in words:
            if re.search(r"(?<![\w])" + re.escape(fold_text(w)) + r"(?![\w])", folded):
                found.add(qualifier)
    return found
