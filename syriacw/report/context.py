"""The context the templates render: sources with their highlighted texts, cards, reconciliations, charts."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .charts import CHART_QUERIES, _charts
from .formatting import _missing, _period, _records, date, evidence, figure_value, interval, text
from .spans import Span, _link_overlaps, _quote_span, nest
from .tables import _tables

if TYPE_CHECKING:
    from .collect import Exclusion

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
QUERY_TITLES = {
    **CHART_QUERIES,
    "casualty_totals": "Casualty totals: deaths, injuries, hospitalizations",
    "relay_check": "Relays beside what their claimants published",
    "series": "Each organization's totals over time",
    "pairwise": "Pairwise verdicts",
    "incident_matrix": "Incident matrix",
    "consistency": "Consistency within each source",
}


def build_context(tables: dict, documents: dict[str, str], results: dict, descriptions: dict, release: dict,
                  exclusions: list[Exclusion], errors: dict | None = None) -> dict:
    errors = errors or {}
    orgs = {r["org_id"]: r for r in _records(tables["organizations"])}
    incidents = {r["incident_id"]: r for r in _records(tables["incidents"])}
    figures = _records(tables["figures"])
    assertions = _records(tables["assertions"])
    figure_ids = {f["figure_id"] for f in figures}
    assertion_ids = {a["assertion_id"] for a in assertions}
    source_rows = {r["source_id"]: r for r in _records(tables["sources"])}
    for row in source_rows.values():  # columns that older releases lack
        for column in ("seen", "provenance", "document_symbol", "no_address_reason"):
            row.setdefault(column, "")
    links = _records(tables["relay_links"]) if "relay_links" in tables else []
    relays_of = {}   # relayed figure → links to the primary figures it relays
    relayed_as = {}  # primary figure → links to the figures that relay it
    for link in links:
        relays_of.setdefault(link["relayed_figure_id"], []).append(link)
        relayed_as.setdefault(link["primary_figure_id"], []).append(link)

    def org(org_id) -> str:
        if _missing(org_id):
            return ""
        row = orgs.get(org_id)
        if row is None:
            return str(org_id)
        abbr = text(row.get("abbreviation"))
        name = text(row.get("name_en"))
        return f"{name} ({abbr})" if abbr and abbr not in name else name

    def short(org_id) -> str:
        """The abbreviation if there is one (SNHR), else the English name."""
        row = orgs.get(org_id) if not _missing(org_id) else None
        if row is None:
            return "" if _missing(org_id) else str(org_id)
        return text(row.get("abbreviation")) or text(row.get("name_en"))

    def incident(incident_id) -> str:
        if _missing(incident_id):
            return ""
        row = incidents.get(incident_id)
        if row is None:
            return str(incident_id)
        return f"{text(row['place_en'])}, {date(row.get('date_start'), text(row.get('date_precision')))}"

    for f in figures:
        src = source_rows.get(f["source_id"], {})
        f.update(relays=relays_of.get(f["figure_id"], []), relayed_as=relayed_as.get(f["figure_id"], []),
                 evidence=evidence(f, src), quoted=not _missing(f.get("quote_start")))
        f.update(claimant=org(f["claimant_id"]), relayer=org(f.get("relayed_by_id")),
                 perpetrator=org(f.get("perpetrator_id")), incident=incident(f.get("incident_id")),
                 shown_value=figure_value(f), shown_interval=interval(f["low"], f["high"], text(f["unit"])),
                 period=_period(f), shown_as_of=date(f.get("as_of"), text(f.get("as_of_precision")))
                 if not _missing(f.get("as_of")) else "")
    for a in assertions:
        a.update(quoted=not _missing(a.get("quote_start")))
        a.update(claimant=org(a["claimant_id"]), relayer=org(a.get("relayed_by_id")),
                 attributed_to=org(a.get("attributed_to_id")), subject=org(a.get("subject_id")),
                 incident=incident(a["incident_id"]))

    sources, cited = [], []
    for src in source_rows.values():
        sid = src["source_id"]
        common = {
            **src,
            "anchor": sid,
            "publisher": org(src.get("publisher_id")),
            "publisher_ar": "" if _missing(src.get("publisher_id"))
            else text(orgs.get(src["publisher_id"], {}).get("name_ar")),
            "shown_date": date(src.get("published_on"), text(src.get("published_precision"))),
            "figures": [f for f in figures if f["source_id"] == sid],
            "assertions": [a for a in assertions if a["source_id"] == sid],
        }
        if sid not in documents:  # a publication cited by address or symbol: no text to show
            cited.append(common)
            continue
        document = documents[sid]
        language = text(src.get("language"))
        spans = []
        for f in (f for f in figures if f["source_id"] == sid and f["quoted"]):
            spans.append(_quote_span("figure", f["figure_id"], f, document))
        for a in (a for a in assertions if a["source_id"] == sid and a["quoted"]):
            spans.append(_quote_span("assertion", a["assertion_id"], a, document))
        excluded = []
        for ex in sorted((e for e in exclusions if e.source_id == sid), key=lambda e: e.start):
            placed = document[ex.start:ex.start + len(ex.text)] == ex.text and ex.text != ""
            row_id = f"x-{sid}-{ex.start}"
            info = {"text": ex.text, "start": ex.start, "reason_code": ex.reason_code, "reason": ex.reason,
                    "placed": placed, "anchor": f"q-{row_id}"}
            excluded.append(info)
            if placed:
                spans.append(Span("excluded", row_id, ex.start, ex.start + len(ex.text), info))
        _link_overlaps(spans)
        sources.append({
            **common,
            "tokens": nest(document, spans),
            "excluded": excluded,
            "chars": len(document),
            "lang": language or "ar",
            "dir": "rtl" if (language or "ar") in RTL_LANGUAGES else "ltr",
        })

    ids = {**{i: i for i in figure_ids}, **{i: i for i in assertion_ids}, **{i: i for i in incidents},
           **{s: s for s in source_rows}}
    reconciliations = []
    for name in [*results, *errors] if errors else results:
        frame = results.get(name)
        reconciliations.append({
            "name": name,
            "missing": False,
            "error": errors.get(name, ""),
            "description": descriptions.get(name, ""),
            "table": _tables(name, frame, ids, orgs) if frame is not None else None,
            "charts": _charts(name, frame, figures, org, incident, short) if name in CHART_QUERIES else [],
        })
    for name in CHART_QUERIES:  # a chart query not in this package: draw it from the figures
        if name not in results and name not in errors:
            reconciliations.append({"name": name, "description": "", "table": None, "missing": True, "error": "",
                                    "charts": _charts(name, None, figures, org, incident, short)})
    reconciliations.sort(key=lambda q: (list(QUERY_TITLES).index(q["name"]) if q["name"] in QUERY_TITLES
                                        else len(QUERY_TITLES), q["name"]))
    by_message: dict[str, list[str]] = {}
    for name, message in sorted(errors.items()):
        by_message.setdefault(" ".join(message.split()), []).append(name)
    warnings = [f"{'queries' if len(names) > 1 else 'query'} {', '.join(names)} cannot run on version "
                f"{release['version']}; the page says so ({message[:300]})" for message, names in by_message.items()]

    return {
        "release": release,
        "sources": sources,
        "cited": cited,
        "figures": figures,
        "assertions": assertions,
        "incidents": [{**i, "shown_date": date(i.get("date_start"), text(i.get("date_precision")))}
                      for i in incidents.values()],
        "reconciliations": reconciliations,
        "chart_titles": CHART_QUERIES,
        "query_titles": QUERY_TITLES,
        "counts": {"sources": len(sources), "cited": len(cited), "figures": len(figures),
                   "quoted_figures": sum(f["quoted"] for f in figures), "assertions": len(assertions),
                   "quoted_assertions": sum(a["quoted"] for a in assertions),
                   "excluded": sum(len(s["excluded"]) for s in sources)},
        "has_exclusions": bool(exclusions),
        "warnings": warnings,
    }

