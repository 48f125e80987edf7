"""Characters a text cell may not hold: NUL and the other C0 controls (tab, line feed and carriage return
excepted) and DEL, which no curator types and which can cut or hide text; and the bidi embeddings, overrides and
isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a reader sees (U+202E shows text reversed). A quote is
exempt: it is kept verbatim, and the quote check proves it is the raw document's text at its offsets."""
from __future__ import annotations

import pandas as pd

from syriacw.errors import Problem

from .bulk import _large_strings, _re2_search
from .common import _problem

_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_BIDI = "[\u202a-\u202e\u2066-\u2069]"
VERBATIM_COLUMNS = {"quote"}


def check_characters(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for table, frame in frames.items():
        for column in frame.columns:
            if column in VERBATIM_COLUMNS or frame[column].dtype != "string":
                continue
            problems += _column_problems(table, frame, column)
    return problems


def _column_problems(table, frame, column) -> list[Problem]:
    import numpy as np

    present = frame[column].notna().to_numpy(dtype=bool)
    if not present.any():
        return []
    rows = np.flatnonzero(present)
    strings = _large_strings(frame[column]).take(rows)
    control, bidi = rows[_re2_search(strings, _CONTROL)], rows[_re2_search(strings, _BIDI)]
    if not len(control) and not len(bidi):  # the usual case: no cell is turned into a Python string
        return []
    problems = []
    lines, values = frame.index.to_numpy(), frame[column].to_numpy(dtype=object)
    for i in control:
        problems.append(_problem(table, frame, lines[i], column, "control-character",
                                 f"{values[i]!r} holds a control character; only a quote may, if its document does"))
    for i in bidi:
        problems.append(_problem(table, frame, lines[i], column, "bidi-control",
                                 f"{values[i]!r} holds a bidi embedding, override or isolate, which reorders what "
                                 "a reader sees; only a quote may, if its document does"))
    return problems
