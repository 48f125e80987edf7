"""What a reader came for, at the top of the page: the disagreements the reconciliation queries find — the spread
of each incident's death tolls, the pairs that differ, and the relays that changed a figure — each item linking to
the figures it is about (their cards, which hold the quote and link to it in the text)."""
from __future__ import annotations

from .formatting import _missing, _records, number, text

SHOWN = 4  # items per headline shown at once; the rest one click away (details), so the headlines fit one screen
UNCHANGED_RELATIONS = ("same", "no primary figure")


def headlines(results: dict, figures: list[dict], short, outlet) -> dict:
    """{'tolls': [...], 'conflicts': [...], 'relays': [...]} from incident_tolls, pairwise and relay_check (a
    query missing from the release gives an empty list). short(org_id) and outlet(source_id) name who says it."""
    by_id = {f["figure_id"]: f for f in figures}

    def who(figure_id, fallback="") -> str:
        figure = by_id.get(figure_id)
        return (short(figure["claimant_id"]) if figure else "") or text(fallback)

    def link(figure_id, says, claimant: str) -> dict:
        """A figure as an item names it; `card` unless the page leaves the figure out (a large release's)."""
        return {"figure_id": text(figure_id), "says": text(says), "claimant": claimant, "card": figure_id in by_id}

    return {
        "tolls": _tolls(results.get("incident_tolls"), who, link),
        "conflicts": _conflicts(results.get("pairwise"), who, link),
        "relays": _relays(results.get("relay_check"), who, outlet, link),
        "shown": SHOWN,
    }


def _tolls(frame, who, link) -> list[dict]:
    """One item per incident with two or more tolls: lowest to highest, and how far apart they are."""
    incidents: dict[str, dict] = {}
    for row in _records(frame) if frame is not None else []:
        incident = incidents.setdefault(row["incident_id"], {
            "incident_id": row["incident_id"], "place": text(row.get("place")), "date": text(row.get("incident_date")),
            "spread": "" if _missing(row.get("spread_ratio")) else number(row["spread_ratio"]), "tolls": []})
        incident["tolls"].append(link(row["figure_id"], row.get("says"), who(row["figure_id"], row.get("claimant"))))
    return [i for i in incidents.values() if len(i["tolls"]) > 1]


# pairwise's verdicts for two figures that cannot both hold as read; the last two say why that need not be a
# contradiction of fact (different counting definitions; an earlier, lower count)
DIFFERING_VERDICTS = ("conflicting", "definitions_differ", "earlier_count_lower")


def _conflicts(frame, who, link) -> list[dict]:
    """The pairs pairwise finds differing (DIFFERING_VERDICTS), with the verdict and its explanation."""
    if frame is None or "verdict" not in frame.columns:
        return []
    return [{"a": link(r["a_figure_id"], r.get("a_says"), who(r["a_figure_id"], r.get("a_claimant"))),
             "b": link(r["b_figure_id"], r.get("b_says"), who(r["b_figure_id"], r.get("b_claimant"))),
             "a_period": text(r.get("a_period")), "b_period": text(r.get("b_period")),
             "verdict": text(r.get("verdict")), "explanation": text(r.get("explanation"))}
            for r in _records(frame) if text(r.get("verdict")) in DIFFERING_VERDICTS]


def _relays(frame, who, outlet, link) -> list[dict]:
    """Relays whose figure is not what the claimant published (rounded, rescoped, differs)."""
    if frame is None or "relation" not in frame.columns:
        return []
    return [{"relayed": link(r["relayed_figure_id"], r.get("relayed_says"), outlet(r.get("relayed_in"))),
             "primary": link(r["primary_figure_id"], r.get("primary_says"),
                              who(r["primary_figure_id"], r.get("claimant"))),
             "relation": text(r.get("relation")), "changed": text(r.get("changed")), "notes": text(r.get("notes"))}
            for r in _records(frame) if text(r.get("relation")) not in UNCHANGED_RELATIONS
            and not _missing(r.get("primary_figure_id"))]
