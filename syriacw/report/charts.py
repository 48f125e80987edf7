"""Interval charts (hand-made SVG): the geometry and words of each chart; chart.svg.j2 draws them."""
from __future__ import annotations

import math

from .formatting import _missing, _records, interval, number, text

# Queries drawn as interval charts, with the figures they are about when the query is not (yet) in the release.
CHART_QUERIES = {
    "attack_totals": "Attack totals",
    "incident_tolls": "Incident death tolls",
}
# Columns that split a query's rows into separate charts: different things are never drawn on one axis.
GROUP_COLUMNS = ("incident_id", "measure", "unit", "event_scope")

EVIDENCE_WORDS = {
    "primary": "primary: the claimant's own publication",
    "relayed": "relayed: another's document relays the claimant",
    "relay_only": "relay only: the claimant's publication was not read, only a report of it",
}

CHART_WIDTH = 900
PLOT_LEFT = 360
PLOT_RIGHT = 880
ROW_HEIGHT = 36
TOP = 14
AXIS_HEIGHT = 40
# An open end ("at least 222") is drawn as a short fading extension past its bound, never as a bar to the axis end,
# so it cannot be read as a large value.
OPEN_END_LENGTH = 44


def _rows_for_chart(name: str, frame, figures: list[dict]):
    """The rows to draw: the query's own (joined to figures by figure_id for what it lacks), else the figures."""
    by_id = {f["figure_id"]: f for f in figures}
    if frame is not None and len(frame) and ({"low", "high"} <= set(frame.columns) or "figure_id" in frame.columns):
        rows = []
        for rec in _records(frame):
            fig = by_id.get(rec.get("figure_id"), {})
            merged = {**fig, **{k: v for k, v in rec.items()}}
            if "low" not in rec and "high" not in rec and not fig:
                continue
            rows.append(merged)
        return rows, False
    if frame is not None:  # the query ran but has nothing to draw
        return [], False
    if name == "attack_totals":
        chosen = [f for f in figures if f["measure"] == "attacks" and _missing(f.get("incident_id"))]
    else:
        chosen = [f for f in figures if f["measure"] == "deaths" and not _missing(f.get("incident_id"))]
    return sorted(chosen, key=lambda f: f["figure_id"]), True


def _evidence(row: dict) -> str:
    """primary, relayed or relay_only: the query's own evidence column if it has one, else the figure's."""
    found = text(row.get("evidence"))
    if found:
        return found if found in ("primary", "relayed", "relay_only") else "relayed"
    return "relayed" if _relayed(row) else "primary"


def _relayed(row: dict) -> bool:
    """For rows that cannot be tied to a figure: an intermediary named in the row."""
    for key in ("relayed_by_id", "relayed_by", "relayer_id"):
        if key in row and not _missing(row[key]) and str(row[key]) != "":
            return True
    for key in ("relayed", "is_relayed"):
        if key in row and not _missing(row[key]):
            return bool(row[key])
    if "primary" in row and not _missing(row["primary"]):
        return not bool(row["primary"])
    return False


def _num(value) -> float | None:
    if _missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _nice_linear_ticks(top: float) -> list[float]:
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(top / step)
    return [i * step for i in range(count + 1)]


class Scale:
    """Value → x. Linear from 0, or log10(1 + v) when the values span more than two orders of magnitude."""

    def __init__(self, values: list[float], percent: bool = False):
        positive = [v for v in values if v > 0]
        top = max(values) if values else 1.0
        if percent and top <= 100:
            self.log, self.top = False, 100.0
            self.ticks = [0.0, 25.0, 50.0, 75.0, 100.0]
            return
        self.log = bool(positive) and max(positive) / min(positive) > 100
        if self.log:  # no 0 tick: a log axis has no zero (the axis starts at its left edge, log(1 + 0))
            exponent = max(1, math.ceil(math.log10(max(top, 1) * 1.15)))
            self.ticks = [10.0 ** k for k in range(exponent + 1)]
            self.top = 10.0 ** exponent
        else:
            self.ticks = _nice_linear_ticks(top * 1.15 if top > 0 else 1)
            self.top = self.ticks[-1]

    def _t(self, v: float) -> float:
        return math.log10(1 + max(v, 0)) if self.log else v

    def x(self, v: float) -> float:
        span = self._t(self.top) - self._t(0) or 1
        return round(PLOT_LEFT + (PLOT_RIGHT - 12 - PLOT_LEFT) * (self._t(v) - self._t(0)) / span, 1)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _charts(name: str, frame, figures: list[dict], org, incident, short=None) -> list[dict]:
    rows, from_figures = _rows_for_chart(name, frame, figures)
    if not rows:
        return []
    columns = [c for c in GROUP_COLUMNS if any(c in r for r in rows)]
    varying = [c for c in columns if len({text(r.get(c)) for r in rows}) > 1 or c == "incident_id"]
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(tuple(text(r.get(c)) for c in varying), []).append(r)
    charts = []
    for number_, (key, members) in enumerate(groups.items(), 1):
        parts = []
        for column, value in zip(varying, key):
            if not value:
                continue
            parts.append(incident(value) if column == "incident_id" else f"{column.replace('_', ' ')}: {value}")
        unit = text(members[0].get("unit")) or "count"
        charts.append(_chart(f"{name}-{number_}", CHART_QUERIES[name], "; ".join(parts), members, unit, org,
                             short))
    for chart in charts:
        chart["from_figures"] = from_figures
    return charts


def _open_end(x: float, direction: int) -> float:
    """Where the fading extension of an open end stops: a fixed length past the bound, inside the plot."""
    return round(max(PLOT_LEFT, min(PLOT_RIGHT, x + direction * OPEN_END_LENGTH)), 1)


def _scope_words(row: dict, short) -> tuple[str, str]:
    """Whose attacks and when (perpetrator, period), so that rows about different perpetrators or periods are not
    read as one thing."""
    perpetrator_id = row.get("perpetrator_id")
    perpetrator = (short(perpetrator_id) if short and not _missing(perpetrator_id) else "") \
        or text(row.get("perpetrator")) or "perpetrator not stated"
    period = text(row.get("period")) or text(row.get("incident_date")) or "period not stated"
    return perpetrator, period


def _chart(chart_id: str, title: str, subtitle: str, rows: list[dict], unit: str, org, short=None) -> dict:
    finite = [v for r in rows for v in (_num(r.get("low")), _num(r.get("high"))) if v is not None]
    scale = Scale(finite or [1.0], percent=unit == "percent")
    sign = "%" if unit == "percent" else ""
    lines, described = [], []
    for i, r in enumerate(rows):
        y = TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2
        low, high = _num(r.get("low")), _num(r.get("high"))
        kind = _evidence(r)
        relayed = kind != "primary"
        claimant = text(r.get("claimant")) or org(r.get("claimant_id")) or text(r.get("claimant_id")) or "?"
        relayer = text(r.get("relayer")) or org(r.get("relayed_by_id"))
        brief = (short(r.get("claimant_id")) if short and not _missing(r.get("claimant_id")) else "") or claimant
        brief_relayer = (short(r.get("relayed_by_id")) if short and not _missing(r.get("relayed_by_id")) else "") \
            or relayer
        where = text(r.get("source_id")) or "a document"
        if relayer:
            who, how = f"{claimant}, relayed by {relayer}", f"via {brief_relayer}"
        elif kind == "relay_only":
            who, how = f"{claimant} (known only through a relay)", "relay only"
        elif relayed:
            who, how = f"{claimant}, as relayed in {where}", f"in {where}"
        else:
            who, how = claimant, ""
        x1 = scale.x(low) if low is not None else None
        x2 = scale.x(high) if high is not None else None
        x1, x2 = (x1 if x1 is not None else x2), (x2 if x2 is not None else x1)  # an open end: at the bound
        figure_id = text(r.get("figure_id"))
        shown = interval(low, high, unit)
        says = text(r.get("stated")) or text(r.get("says")) or text(r.get("shown_value")) or shown
        group = text(r.get("victim_group"))
        perpetrator, period = _scope_words(r, short)
        scope = f"{perpetrator}, {period}"
        detail = " · ".join(p for p in (period, says, group if group and group != "all" else "", how) if p)
        lines.append({
            "y": y, "x1": x1, "x2": x2, "point": low is not None and high is not None and low == high,
            "open_low": low is None and high is not None, "open_high": high is None and low is not None,
            "ext_low": _open_end(x1, -1) if x1 is not None else None,
            "ext_high": _open_end(x2, 1) if x2 is not None else None,
            "relayed": relayed, "evidence": kind, "label": _short(f"{brief} · {perpetrator}", 52),
            "full_label": f"{who}; {scope}; {figure_id}", "detail": _short(detail, 72), "figure_id": figure_id,
        })
        open_words = " (open-ended)" if low is None or high is None else ""
        described.append(f"{who} ({scope}): {shown}{open_words}{' — ' + figure_id if figure_id else ''}"
                         f" ({EVIDENCE_WORDS.get(kind, kind)})")
    height = TOP + ROW_HEIGHT * len(rows) + AXIS_HEIGHT
    ticks = [{"x": scale.x(t), "label": f"{number(t)}{sign}"} for t in scale.ticks]
    return {
        "id": chart_id, "title": title, "subtitle": subtitle, "width": CHART_WIDTH, "height": height,
        "plot_left": PLOT_LEFT, "plot_right": PLOT_RIGHT, "label_x": 8, "axis_y": TOP + ROW_HEIGHT * len(rows) + 4,
        "ticks": ticks, "lines": lines, "log": scale.log, "unit": unit, "alt_items": described,
        "description": f"{title}{': ' + subtitle if subtitle else ''}. One line per figure, from its low to its "
                       f"high end; an open end is a short fading arrow past its bound"
                       f"{'; logarithmic axis' if scale.log else ''}. " + "; ".join(described) + ".",
    }
