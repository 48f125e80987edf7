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


_FIGURE_DATES = ("period_start", "period_end", "as_of")
_FORECASTS = {"figures": ("claim_type", "estimate"), "incidents": ("incident_kind", "alleged_plan")}


def check_after_publication(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A source cannot state a figure's period, or an incident's date, that begins after it was published: the
    earliest day a date can mean is compared with the last day the publication date can mean. A plan or forecast
    (a figure with claim_type estimate; an alleged_plan incident) may name a later time."""
    sources = frames.get("sources")
    if sources is None:
        return []
    published = dict(zip(sources["source_id"], _latest(sources["published_on"], sources["published_precision"])))
    problems = []
    figures = frames.get("figures")
    if figures is not None:
        stated_by = figures["source_id"].map(published)
        for column in _FIGURE_DATES:
            earliest = _earliest(figures[column], figures[f"{column}_precision"])
            late = _after(earliest, stated_by) & ~_forecast(figures, "figures")
            problems += [_problem("figures", figures, line, column, "date-after-publication",
                                  f"{column} begins {_shown_day(earliest[line])}, after {figures.at[line, 'source_id']} "
                                  f"was published ({_shown_day(stated_by[line])} at the latest); only an estimate "
                                  "may name a later time")
                         for line in figures.index[late]]
    problems += _incidents_after_publication(frames, published)
    return problems


def _incidents_after_publication(frames, published) -> list[Problem]:
    incidents, assertions = frames.get("incidents"), frames.get("assertions")
    if incidents is None or assertions is None:
        return []
    kept = incidents[~_forecast(incidents, "incidents")]
    starts = dict(zip(kept["incident_id"], _earliest(kept["date_start"], kept["date_precision"])))
    begins = assertions["incident_id"].map(starts)
    stated_by = assertions["source_id"].map(published)
    late = _after(begins, stated_by)
    return [_problem("assertions", assertions, line, "incident_id", "date-after-publication",
                     f"the incident {assertions.at[line, 'incident_id']!r} starts {_shown_day(begins[line])}, after "
                     f"{assertions.at[line, 'source_id']} was published ({_shown_day(stated_by[line])} at the "
                     "latest); only an alleged_plan may be dated later")
            for line in assertions.index[late]]


def _after(dates: pd.Series, limits: pd.Series) -> np.ndarray:
    """dates > limits row by row; False where either is unknown (a Series of no date at all may come as floats)."""
    as_days = [pd.to_datetime(s, errors="coerce").to_numpy(dtype="datetime64[us]") for s in (dates, limits)]
    return as_days[0] > as_days[1]  # NaT compares False


def _forecast(frame, table) -> np.ndarray:
    column, value = _FORECASTS[table]
    return (frame[column] == value).fillna(False).to_numpy(dtype=bool)


def _earliest(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """The first day a stated date can mean: the first day of its year or month (an end is stored as the last)."""
    out = dates.copy()
    out[precisions == "year"] = dates[precisions == "year"].dt.to_period("Y").dt.start_time
    out[precisions == "month"] = dates[precisions == "month"].dt.to_period("M").dt.start_time
    return out.where(precisions.isin(["day", "month", "year"]))


def _latest(dates: pd.Series, precisions: pd.Series) -> pd.Series:
    """The last day a publication date can mean (it is stored as the first day of what is known)."""
    out = dates.copy()
    for precision, period in (("year", "Y"), ("month", "M")):
        these = (precisions == precision).fillna(False)
        out[these] = dates[these].dt.to_period(period).dt.end_time.dt.normalize()
    return out.where(precisions.isin(["day", "month", "year"]))


def _shown_day(stamp) -> str:
    return str(pd.Timestamp(stamp).date())
