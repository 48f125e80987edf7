"""How values read on the page: numbers, dates, intervals, a figure's value and how it reaches the dataset."""
from __future__ import annotations

QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least ", "more_than": "more than ", "approximately": "about ",
    "at_most": "at most ", "less_than": "less than ", "vague": "", "range": "",
}


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text(value) -> str:
    return "" if _missing(value) else str(value)


def number(value) -> str:
    """1510.0 → '1,510'; 2.5 → '2.5'; missing → ''."""
    if _missing(value):
        return ""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def date(value, precision: str | None = "day") -> str:
    """A date shown to its precision: 2021-03-05, 2021-03, 2021; 'unknown' when there is none."""
    if _missing(value) or precision == "unknown":
        return "unknown"
    iso = value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)[:10]
    return {"year": iso[:4], "month": iso[:7]}.get(str(precision), iso)


def interval(low, high, unit: str = "count") -> str:
    """[low, high] in words: 'at least 1,510', '336', '10,800 to 13,200', 'at most 75', '98%'.

    The one rule is the SQL macro interval_label (sql/macros.sql), which writes the queries' `says` and `stated`
    columns; this mirrors it line for line so that a card and a query's row never word one interval two ways
    (tests/test_report.py checks the two agree on every figure of the build and of the newest release)."""
    if _missing(low) and _missing(high):
        words = "an unknown number"
    elif _missing(high):
        words = f"at least {number(low)}"
    elif not _missing(low) and float(low) == float(high):
        words = number(low)
    elif _missing(low) or float(low) == 0:
        words = f"at most {number(high)}"
    else:
        words = f"{number(low)} to {number(high)}"
    return words + ("%" if unit == "percent" else "")


def web_address(value) -> str:
    """The value if it is an http(s) address a reader can follow, else '' (no javascript:, data:, file: links)."""
    from urllib.parse import urlsplit

    address = text(value).strip()
    try:
        parts = urlsplit(address)
    except ValueError:
        return ""
    return address if parts.scheme in ("http", "https") and parts.netloc and not any(c.isspace() for c in address) \
        else ""


def figure_value(fig) -> str:
    """In English: 'at least 1,510', 'about 12,000', '300 – 999 (a vague plural)', '98%'. (The Arabic as written is
    value_text; it is shown apart, so the two scripts are never mixed in one line.)"""
    unit = text(fig.get("unit"))
    sign = "%" if unit == "percent" else ""
    qualifier = text(fig.get("qualifier"))
    if qualifier == "vague":
        return f"{interval(fig.get('low'), fig.get('high'), unit)} (a vague plural)"
    if qualifier == "range" or _missing(fig.get("value")):
        return interval(fig.get("low"), fig.get("high"), unit)
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{number(fig.get('value'))}{sign}"


def evidence(figure: dict, source: dict) -> str:
    """How the figure reaches the dataset, as the incident_tolls query says it: primary (the claimant's own
    publication), relayed (an archived document of someone else that relays the claimant), relay_only (a cited
    publication known only through a report of it)."""
    provenance = text(source.get("provenance")) or ("archived_quote" if not _missing(source.get("file")) else "")
    if provenance == "citation":
        return "primary" if text(source.get("seen")) == "primary" else "relay_only"
    if not _missing(figure.get("relayed_by_id")):
        return "relayed"
    return "primary" if text(figure.get("claimant_id")) == text(source.get("publisher_id")) else "relayed"


def _period(f) -> str:
    start = date(f.get("period_start"), text(f.get("period_start_precision")))
    end = date(f.get("period_end"), text(f.get("period_end_precision")))
    if start == end == "unknown":
        return "unknown"
    return start if start == end else f"{start} to {end}"


def _records(frame) -> list[dict]:
    return [dict(zip(frame.columns, row)) for row in frame.itertuples(index=False, name=None)]
