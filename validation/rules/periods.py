"""Dates and periods: the derived end of an incident, and no end before its start."""
from __future__ import annotations

import numpy as np
import pandas as pd

from syriacw.errors import Problem

from .common import _problem


def derive_incident_end(incidents: pd.DataFrame) -> pd.DataFrame:
    """An incident with a start and no end ends with its start's period (a day, a month or a year)."""
    from syriacw.dates import parse_partial

    out = incidents.copy()
    missing = out["date_end"].isna() & out["date_start"].notna()
    ends = out["date_end"].to_numpy(copy=True)
    computed: dict = {}  # (start, precision) → end: parse once per distinct pair, then set the column at once
    for position, start, precision in zip(np.flatnonzero(missing.to_numpy()), out["date_start"][missing],
                                          out["date_precision"][missing]):
        if (start, precision) not in computed:
            text = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(precision)
            computed[start, precision] = \
                pd.Timestamp(parse_partial(start.strftime(text), end=True)[0]) if text else None
        if computed[start, precision] is not None:
            ends[position] = computed[start, precision]
    out["date_end"] = pd.Series(ends, index=out.index, name="date_end")
    return out


def check_order(frame, table, start, end) -> list[Problem]:
    bad = frame[start].notna() & frame[end].notna() & (frame[start] > frame[end])
    return [_problem(table, frame, line, end, "date-inverted",
                     f"{end} {frame.at[line, end].date()} is before {start} {frame.at[line, start].date()}")
            for line in frame.index[bad]]
