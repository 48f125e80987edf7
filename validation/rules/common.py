"""What every rule module uses: the Problem of a seed row, and comparisons where an empty cell is unknown."""
from __future__ import annotations

import pandas as pd

from syriacw.errors import Problem

from ..schemas import PRIMARY_KEYS


SEED = "seeds/{}.csv"


def _problem(table, frame, line, column, code, message):
    pk = PRIMARY_KEYS[table]
    row_id = frame.at[line, pk] if line in frame.index else None
    return Problem(SEED.format(table), int(line), None if pd.isna(row_id) else str(row_id), column, code, message)


def _is(value, text) -> bool:
    """value == text, where an empty (NA) value is never equal: empty cells are reported as `required` instead."""
    return not pd.isna(value) and value == text


def _differ(a, b) -> bool:
    """Both values are known and differ."""
    return not pd.isna(a) and not pd.isna(b) and a != b
