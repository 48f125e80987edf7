"""A reconciliation query's result as table cells: numbers aligned, IDs linked, verdicts tagged."""
from __future__ import annotations

import re

from .formatting import _missing, _records, number, text, web_address

# The columns a reader needs first, per query; the full result is one click away (details).
KEY_COLUMNS = {
    "attack_totals": ("figure_id", "claimant", "relayer", "stated", "low", "high", "unit", "event_scope", "period",
                      "perpetrator", "place", "claim_type"),
    "casualty_totals": ("figure_id", "claimant", "relayer", "measure", "victim_group", "stated", "low", "high",
                        "unit", "event_scope", "period", "place", "incident_id", "claim_type"),
    "pairwise": ("explanation", "verdict", "a_figure_id", "a_claimant", "a_says", "b_figure_id", "b_claimant",
                 "b_says", "measure", "unit", "reason"),
    "incident_matrix": ("incident_id", "place_en", "date", "incident_kind", "claimants", "assertions", "findings",
                        "linked_incidents", "flags"),
    "incident_tolls": ("incident_id", "place", "incident_date", "rank_low_to_high", "claimant", "says",
                       "victim_group", "evidence", "figure_id", "spread_ratio"),
    "relay_check": ("relayed_figure_id", "relayed_in", "claimant", "relayed_by", "relayed_says", "primary_figure_id",
                    "primary_says", "primary_publication", "relation", "changed"),
    "series": ("claimant", "measure", "perpetrator", "victim_group", "as_of", "says", "figure_id", "previous_says",
               "change", "smaller_than_before"),
}
# Columns that come first wherever a query has them: the sentence a reader reads before the numbers.
LEAD_COLUMNS = ("explanation",)
# Columns whose values are verdicts: shown as tags so they stand out.
VERDICT_COLUMNS = ("verdict", "result", "evidence", "relation")


_ID_LIST = re.compile(r"^[\w-]+(?:\s*[,;]\s*[\w-]+)+$")


def _cell(value, ids: dict, orgs: dict, column: str = "") -> dict:
    cell = {"text": "", "numeric": False, "links": [], "title": "", "tag": "", "long": False, "address": ""}
    if isinstance(value, str):  # most cells: none of the checks below applies (a large release's pages have 10^4)
        return _text_cell(cell, value, ids, orgs, column)
    if _missing(value):
        return cell
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return {**cell, "text": "yes" if value else "no"}
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return {**cell, "text": number(value), "numeric": True}
    if isinstance(value, int) or type(value).__name__.startswith("int"):
        return {**cell, "text": str(value), "numeric": True}
    if hasattr(value, "strftime"):
        return {**cell, "text": value.strftime("%Y-%m-%d")}
    return _text_cell(cell, str(value), ids, orgs, column)


def _text_cell(cell: dict, shown: str, ids: dict, orgs: dict, column: str) -> dict:
    if column in VERDICT_COLUMNS:
        return {**cell, "text": shown, "tag": re.sub(r"[^a-z0-9_-]", "", shown.lower())}
    if shown in ids:
        return {**cell, "text": shown, "links": [(shown, f"#{ids[shown]}")]}
    if _ID_LIST.match(shown):
        parts = re.split(r"\s*[,;]\s*", shown)
        if all(p in ids for p in parts):
            return {**cell, "text": shown, "links": [(p, f"#{ids[p]}") for p in parts]}
    if ":" in shown and web_address(shown):  # an address has a scheme, hence a colon
        return {**cell, "text": shown, "address": web_address(shown)}
    if shown in orgs:
        return {**cell, "text": shown, "title": text(orgs[shown].get("name_en"))}
    return {**cell, "text": shown, "long": len(shown) > 80}


def _table(frame, ids: dict, orgs: dict, columns=None) -> dict:
    columns = [str(c) for c in frame.columns] if columns is None else list(columns)
    return {"columns": columns,
            "rows": [[_cell(row[c], ids, orgs, c) for c in columns] for row in _records(frame)]}


def _tables(name: str, frame, ids: dict, orgs: dict) -> dict:
    """The query's result: its key columns (if it has them) and every column."""
    everything = [str(c) for c in frame.columns]
    full = _table(frame, ids, orgs, [c for c in LEAD_COLUMNS if c in everything]
                  + [c for c in everything if c not in LEAD_COLUMNS])
    key = [c for c in KEY_COLUMNS.get(name, ()) if c in frame.columns]
    if len(key) < 3 or len(key) == len(frame.columns):
        return {"key": full, "full": None}
    return {"key": _table(frame, ids, orgs, key), "full": full}
