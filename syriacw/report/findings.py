"""The international record on the page: the findings matrix and the timeline of findings, both drawn from the
`findings` query's answer (one row per incident, one set of columns per body); nothing is re-derived here."""
from __future__ import annotations

import re

from .formatting import _missing, _records, date, text, web_address

# The five bodies in the order of the findings query's columns: (column prefix, name on the page).
BODIES = (("unsg", "UN SG mission"), ("ffm", "OPCW FFM"), ("jim", "OPCW-UN JIM"), ("iit", "OPCW IIT"),
          ("coi", "UN CoI"))
# A grade's words and the mark that draws it: shape, and whether it is filled (docs/confidence.md's scale).
GRADES = {5: ("confirmed", "circle", True), 4: ("very likely", "diamond", True), 3: ("likely", "triangle", True),
          2: ("not established", "circle", False), 1: ("not used / no grounds", "cross", False),
          None: ("grade not known", "square", False)}
JOINED = ("same", "possibly_same")  # relations the timeline draws as a line between the incidents
_LINK = re.compile(r"([\w-]+) \((\w+), said by ([^)]+)\)")

WIDTH, LEFT, RIGHT, TOP, ROW, LANE = 960, 150, 900, 16, 46, 11


def grade_of(value) -> int | None:
    return None if _missing(value) else int(value)


def grade_words(grade: int | None) -> str:
    words = GRADES[grade][0]
    return words if grade is None else f"grade {grade} ({words})"


def parse_links(value) -> list[dict]:
    """'inc-a (possibly_same, said by syriacw); …' (the queries' linked_incidents) → [{other, relation, said_by}]."""
    return [{"other": m.group(1), "relation": m.group(2), "said_by": m.group(3)} for m in _LINK.finditer(text(value))]


def report_links(sources_value, source_rows: dict) -> list[dict]:
    """The reports a body's conclusions come from: each named by its symbol (else its source ID), linked to its
    address when it is a web address, else to its card on this page (none when the page leaves the source out)."""
    links = []
    for source_id in [s.strip() for s in text(sources_value).split(";") if s.strip()]:
        source = source_rows.get(source_id, {})
        address = web_address(source.get("url"))
        links.append({"text": text(source.get("document_symbol")) or source_id,
                      "href": address or (f"#{source_id}" if source else ""), "external": bool(address),
                      "source_id": source_id})
    return links


def matrix(frame, source_rows: dict, org_name) -> dict:
    """One row per incident of the findings answer, one cell per body (None where the body did not conclude)."""
    rows = []
    for r in _records(frame):
        cells = []
        for col, body in BODIES:
            if _missing(r.get(f"{col}_conclusion")):
                cells.append(None)
                continue
            grade = grade_of(r.get(f"{col}_grade"))
            cells.append({
                "body": body, "conclusion": text(r[f"{col}_conclusion"]), "grade": grade,
                "grade_words": grade_words(grade),
                "wording": [w for w in text(r.get(f"{col}_wording")).split(" | ") if w],
                "agent": text(r.get(f"{col}_agent")),
                "party": ", ".join(org_name(p.strip()) for p in text(r.get(f"{col}_party")).split(",") if p.strip()),
                "reports": report_links(r.get(f"{col}_sources"), source_rows),
            })
        flags = [name.replace("_", " ") for name in ("bodies_differ_on_use", "bodies_differ_on_perpetrator")
                 if r.get(name) is True or str(r.get(name)) == "True"]
        rows.append({"incident_id": r["incident_id"], "anchor": f"findings-{r['incident_id']}",
                     "place": text(r["place_en"]), "date": date(r.get("date_start"), text(r.get("date_precision"))),
                     "cells": cells, "flags": flags, "links": parse_links(r.get("linked_incidents"))})
    return {"bodies": [body for _, body in BODIES], "rows": rows}


def timeline(frame, incidents: dict) -> dict:
    """The timeline's coordinates: one mark per (incident, body) finding of the answer, its shape by grade; each
    same / possibly_same link a line between the two incidents (an incident no body concluded on is drawn on a
    row of its own, so the link shows)."""
    records = _records(frame)
    dated = [r["date_start"] for r in records if not _missing(r.get("date_start"))]
    linked = {link["other"] for r in records for link in parse_links(r.get("linked_incidents"))
              if link["relation"] in JOINED} - {r["incident_id"] for r in records}
    dated += [incidents[i]["date_start"] for i in linked if i in incidents
              and not _missing(incidents[i].get("date_start"))]
    if not records:
        return {}
    first, last = (min(dated).year, max(dated).year + 1) if dated else (2013, 2014)
    span = (last - first) * 365.25

    def x_of(value) -> float:
        if _missing(value):
            return RIGHT + 30
        days = (value - value.replace(year=first, month=1, day=1)).days
        return round(LEFT + (RIGHT - LEFT) * days / span, 1)

    rows = [body for _, body in BODIES] + (["linked, no finding here"] if linked else [])
    marks, anchor, lanes = [], {}, {}
    for r in records:
        for index, (col, body) in enumerate(BODIES):
            if _missing(r.get(f"{col}_conclusion")):
                continue
            grade = grade_of(r.get(f"{col}_grade"))
            label = f"{r['place_en']}, {date(r.get('date_start'), text(r.get('date_precision')))}"
            mark = _mark(x_of(r.get("date_start")), index, lanes, grade)
            mark.update(incident_id=r["incident_id"], href=f"#findings-{r['incident_id']}",
                        title=f"{label} — {body}: {r[f'{col}_conclusion']}; {grade_words(grade)}")
            marks.append(mark)
            anchor.setdefault(r["incident_id"], mark)
    for incident_id in sorted(linked):
        row = incidents.get(incident_id, {})
        mark = _mark(x_of(row.get("date_start")), len(BODIES), lanes, "linked")
        mark.update(incident_id=incident_id, href=f"#{incident_id}",
                    title=f"{text(row.get('place_en'))}, {date(row.get('date_start'), text(row.get('date_precision')))}"
                          f" ({incident_id}): no finding of these five bodies; linked to an incident above")
        marks.append(mark)
        anchor[incident_id] = mark
    joins = _joins(records, anchor)
    height = TOP + ROW * len(rows) + 30
    ticks = [{"x": x_of(dated[0].replace(year=y, month=1, day=1)), "label": str(y)} for y in range(first, last + 1)]
    return {"width": WIDTH, "height": height, "rows": [{"label": b, "y": TOP + ROW * i + ROW // 2}
                                                       for i, b in enumerate(rows)],
            "axis_y": TOP + ROW * len(rows), "left": LEFT, "right": RIGHT, "ticks": ticks, "marks": marks,
            "joins": joins, "legend": [_legend(g) for g in GRADES], "findings": sum(m["grade"] != "linked"
                                                                                 for m in marks)}


def _mark(x: float, row: int, lanes: dict, grade) -> dict:
    """A mark at x on its row, moved to a free lane when another mark on the row sits within a few pixels."""
    taken = lanes.setdefault(row, [])
    lane = next((i for i in range(3) if all(abs(x - other) > 10 for other, at in taken if at == i)), len(taken) % 3)
    taken.append((x, lane))
    y = TOP + ROW * row + ROW // 2 + (0, -LANE, LANE)[lane]
    return {"x": x, "y": y, "grade": grade, **_shape(x, y, grade)}


def _shape(x: float, y: float, grade) -> dict:
    if grade == "linked":
        return {"shape": "bar", "filled": False, "points": ""}
    _, shape, filled = GRADES[grade]
    points = {"diamond": f"{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}",
              "triangle": f"{x},{y - 6} {x + 6},{y + 5} {x - 6},{y + 5}",
              "cross": f"M{x - 5} {y - 5}L{x + 5} {y + 5}M{x + 5} {y - 5}L{x - 5} {y + 5}"}.get(shape, "")
    return {"shape": shape, "filled": filled, "points": points}


def _legend(grade) -> dict:
    return {"words": grade_words(grade), "grade": grade, **_shape(9, 9, grade)}


def _joins(records: list[dict], anchor: dict) -> list[dict]:
    """One line per linked pair (drawn once), from the first mark of one incident to the first of the other."""
    joins, seen = [], set()
    for r in records:
        for link in parse_links(r.get("linked_incidents")):
            pair = tuple(sorted((r["incident_id"], link["other"])))
            if link["relation"] not in JOINED or pair in seen or link["other"] not in anchor:
                continue
            seen.add(pair)
            a, b = anchor[pair[0]], anchor[pair[1]]
            joins.append({"x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"], "relation": link["relation"],
                          "title": f"{pair[0]} and {pair[1]}: {link['relation'].replace('_', ' ')} "
                                   f"(said by {link['said_by']})"})
    return joins
