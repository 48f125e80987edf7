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


_FOLD_TABLE = str.maketrans({**{c: None for c in DIACRITICS}, **FOLD})
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Folded:
    """A normalised text and, for each of its characters, the offset of the original character."""

    text: str
    origin: "numpy.ndarray"  # noqa: F821


def fold(text: str) -> Folded:
    """`text` folded for searching, with the offset in `text` of each folded character (`origin`, a NumPy array)."""
    folded, origin = fold_joined(text)
    return Folded(folded, origin)


def fold_joined(text: str):
    """(folded text, origin array): diacritics and tatweel dropped, each run of white space made one space, FOLD
    applied, all at once over the UTF-32 code points (a Python loop over 200 MB of documents takes minutes).

    FOLD maps one character to one character and none to or from white space, so dropping and mapping commute."""
    import numpy as np

    points, origin, _ = fold_points(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    return points.tobytes().decode("utf-32-le", "surrogatepass"), origin


def fold_points(points):
    """fold_joined over an array of code points: (folded code points, origin, class of each folded character).

    The classes are the bits of char_classes(): LETTER and DIGIT say what the scanner of syriacw.audit needs."""
    import numpy as np

    table = char_classes()
    classes = table[points]
    kept = np.flatnonzero((classes & DROPPED) == 0)  # diacritics go first: the spaces around one make a single run
    classes = classes[kept]
    spaces = (classes & SPACE) != 0
    run_start = np.ones(len(kept), dtype=bool)
    run_start[1:] = ~(spaces[1:] & spaces[:-1])  # the first of each white-space run stays (and becomes " ")
    origin = kept[run_start]
    classes = classes[run_start]
    folded = points[origin]
    changed = np.flatnonzero(classes & MAPPED)
    folded[changed] = _fold_arrays()[0][folded[changed]]
    return folded, origin, classes


# Bits of char_classes(): what a character is, for folding and for reading words and digits.
DROPPED, SPACE, MAPPED, LETTER, DIGIT = 1, 2, 4, 8, 16
ARABIC_LETTERS = ((0x0621, 0x064A), (0x0671, 0x06D3))   # a word, to the number scanner, is a run of these

_FOLD_ARRAYS: tuple | None = None
_CLASSES = None


def char_classes():
    """A uint8 per code point: DROPPED (diacritic, tatweel), SPACE (str.isspace), MAPPED (FOLD or white space
    changes it), LETTER (ARABIC_LETTERS), DIGIT (str.isdecimal: what the regex \\d matches)."""
    global _CLASSES
    if _CLASSES is None:
        import numpy as np

        mapped, dropped, space = _fold_arrays()
        classes = np.zeros(0x110000, dtype=np.uint8)
        classes[dropped] |= DROPPED
        classes[space] |= SPACE
        classes[mapped != np.arange(0x110000, dtype=np.uint32)] |= MAPPED
        for first, last in ARABIC_LETTERS:
            classes[first:last + 1] |= LETTER
        classes[code_point_property("isdecimal")] |= DIGIT
        # fold_points gives a folded character the class of the one it came from: FOLD must keep these bits
        kinds = LETTER | DIGIT | SPACE
        assert all(classes[ord(a)] & kinds == classes[ord(b)] & kinds for a, b in FOLD.items()), "FOLD changes a class"
        _CLASSES = classes
    return _CLASSES


def _fold_arrays():
    """Per code point: what it folds to, whether it is dropped (diacritic), whether it is white space."""
    global _FOLD_ARRAYS
    if _FOLD_ARRAYS is None:
        import numpy as np

        mapped = np.arange(0x110000, dtype=np.uint32)
        mapped[[ord(k) for k in FOLD]] = [ord(c) for c in FOLD.values()]
        dropped = np.zeros(0x110000, dtype=bool)
        dropped[[ord(c) for c in DIACRITICS]] = True
        space = code_point_property("isspace")
        mapped[space] = ord(" ")
        _FOLD_ARRAYS = mapped, dropped, space
    return _FOLD_ARRAYS


def fold_many(texts: list[str]) -> list[str]:
    """[fold_text(t) for t in texts], at once: the texts joined by NUL (which folding keeps) and folded together."""
    import numpy as np

    joined = "\x00".join(texts)
    if not texts or joined.count("\x00") != len(texts) - 1:
        return [fold_text(t) for t in texts]  # a text holds a NUL itself
    folded, _, _ = fold_points(np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    return folded.tobytes().decode("utf-32-le", "surrogatepass").split("\x00")


_PLANES_WITH_PROPERTIES = 0x20000


def code_point_property(name: str):
    """A boolean array over every code point: numpy.strings.<name> (isspace, isdecimal …) of that character,
    which is what str.<name> says (a test checks), in C rather than a Python loop over 1,114,112 code points."""
    import numpy as np

    # Unicode has no white space or decimal digit past the first two planes (a test checks every code point), so
    # only those are asked: a fifth of the work, which every build pays
    out = np.zeros(0x110000, dtype=bool)
    out[:_PLANES_WITH_PROPERTIES] = getattr(np.strings, name)(
        np.arange(_PLANES_WITH_PROPERTIES, dtype=np.uint32).view("U1"))
    return out


def fold_text(text: str) -> str:
    """fold(text).text, for short texts: str.translate and one regex (`\\s` is str.isspace) cost less than NumPy's
    set-up there."""
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE))


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
        start = int(hay.origin[pos])
        end = int(hay.origin[pos + len(want) - 1]) + 1
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
