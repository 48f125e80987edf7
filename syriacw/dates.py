"""Partial dates as curators type them: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. The form is the precision.

A start is stored as the first day of what was stated, an end as the last day, with the precision beside it,
so "2012 to 2021" becomes 2012-01-01 … 2021-12-31 (year, year).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

PRECISIONS = ("day", "month", "year", "unknown")
_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class BadDate(ValueError):
    pass


def parse_partial(text: str, *, end: bool = False) -> tuple[dt.date, str]:
    """(date, precision) for a partial ISO date; an end date is the last day of the stated period."""
    m = _FORM.match(text)
    if not m:
        raise BadDate(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            return dt.date(year, int(month), int(day)), "day"
        if month is not None:
            mon = int(month)
            last = calendar.monthrange(year, mon)[1] if 1 <= mon <= 12 else 1
            return dt.date(year, mon, last if end else 1), "month"
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1), "year"
    except ValueError as exc:
        raise BadDate(f"{text!r} is not a real date ({exc})") from None
