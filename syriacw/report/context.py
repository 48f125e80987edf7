"""The context the templates render: sources with their highlighted texts, cards, reconciliations, charts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .charts import CHART_QUERIES, _charts
from .findings import matrix, timeline
from .formatting import _missing, _period, _records, date, evidence, figure_value, interval, text, web_address
from .headlines import headlines
from .spans import Span, _link_overlaps, _quote_span, nest
from .tables import _tables

if TYPE_CHECKING:
    from ..audit.exclusions import Exclusion

RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
QUERY_TITLES = {
    "findings": "The international record: each body's finding, side by side",
    **CHART_QUERIES,
    "casualty_totals": "Casualty totals: deaths, injuries, hospitalizations",
    "relay_check": "Relays beside what their claimants published",
    "series": "Each organization's totals over time",
    "pairwise": "Pairwise verdicts",
    "incident_matrix": "Incident matrix",
    "consistency": "Consistency within each source",
}


@dataclass(frozen=True)
class Names:
    """Readable names for the organizations and incidents that rows refer to by ID."""
    orgs: dict
    incidents: dict

    def org(self, org_id) -> str:
        """The English name with its abbreviation: 'Syrian Network for Human Rights (SNHR)'."""
        return _named(self.orgs, org_id, _org_name)

    def short(self, org_id) -> str:
        """The abbreviation if there is one (SNHR), else the English name."""
        return _named(self.orgs, org_id, lambda row: text(row.get("abbreviation")) or text(row.get("name_en")))

    def org_arabic(self, org_id) -> str:
        return "" if _missing(org_id) else text(self.orgs.get(org_id, {}).get("name_ar"))

    def incident(self, incident_id) -> str:
        """Place and date: 'Khan Shaykhun, 2017-04-04'."""
        return _named(self.incidents, incident_id, _incident_label)


def _named(rows: dict, row_id, describe) -> str:
    """describe(row) for a known ID, the ID itself for an unknown one, '' for none."""
    if _missing(row_id):
        return ""
    row = rows.get(row_id)
    return str(row_id) if row is None else describe(row)


def _org_name(row: dict) -> str:
    abbr = text(row.get("abbreviation"))
    name = text(row.get("name_en"))
    return f"{name} ({abbr})" if abbr and abbr not in name else name


def _incident_label(row: dict) -> str:
    return f"{text(row['place_en'])}, {date(row.get('date_start'), text(row.get('date_precision')))}"


def build_context(tables: dict, documents: dict[str, str], results: dict, descriptions: dict, release: dict,
                  exclusions: list[Exclusion], errors: dict | None = None) -> dict:
    errors = errors or {}
    names = Names(_by_id(tables["organizations"], "org_id"), _by_id(tables["incidents"], "incident_id"))
    source_rows = _source_rows(tables["sources"])
    figures = _figures(_records(tables["figures"]), source_rows, _relay_links(tables), names)
    assertions = _assertions(_records(tables["assertions"]), names)
    sources, cited = [], []
    figures_of, assertions_of = _by_source(figures), _by_source(assertions)
    for src in source_rows.values():
        sid = src["source_id"]
        shown = _source(src, figures_of.get(sid, []), assertions_of.get(sid, []), names)
        if sid not in documents:  # a publication cited by address or symbol: no text to show
            cited.append(shown)
        else:
            sources.append(_source_with_text(shown, documents[sid], exclusions))
    ids = _link_targets(figures, assertions, names.incidents, source_rows)
    international = _international(results.get("findings"), source_rows, names)
    return {
        "release": release,
        "sources": sources,
        "cited": cited,
        "figures": figures,
        "assertions": assertions,
        "incidents": _incidents(names, tables),
        "headlines": headlines(results, figures, names.short, lambda sid: _outlet(source_rows, sid, names)),
        "reconciliations": _reconciliations(results, errors, descriptions, figures, ids, names, international),
        "chart_titles": CHART_QUERIES,
        "query_titles": QUERY_TITLES,
        "counts": {"sources": len(sources), "cited": len(cited), "figures": len(figures),
                   "quoted_figures": sum(f["quoted"] for f in figures), "assertions": len(assertions),
                   "quoted_assertions": sum(a["quoted"] for a in assertions),
                   "excluded": sum(len(s["excluded"]) for s in sources)},
        "has_exclusions": bool(exclusions),
        "warnings": _warnings(errors, release["version"]),
    }


def _international(frame, source_rows: dict, names: Names) -> dict:
    """The findings matrix and timeline, drawn from the findings query's answer (none when it could not run)."""
    if frame is None:
        return {}
    return {"findings": {"matrix": matrix(frame, source_rows, names.short),
                         "timeline": timeline(frame, names.incidents)}}


def _incidents(names: Names, tables: dict) -> list[dict]:
    """The incidents with their date in words and their links to other incidents (either way round)."""
    links: dict[str, list[dict]] = {}
    for link in _records(tables["incident_links"]) if "incident_links" in tables else []:
        for one, other in ((link["incident_id"], link["other_incident_id"]),
                           (link["other_incident_id"], link["incident_id"])):
            links.setdefault(one, []).append({**link, "other": other, "said_by_name": names.short(link["said_by"])})
    return [{**i, "shown_date": date(i.get("date_start"), text(i.get("date_precision"))),
             "links": sorted(links.get(i["incident_id"], []), key=lambda link: link["other"])}
            for i in names.incidents.values()]


def _outlet(source_rows: dict, source_id: str, names: Names) -> str:
    """Who published a document: its outlet's short name, or the document itself when the outlet is unknown."""
    return names.short(source_rows.get(source_id, {}).get("publisher_id")) or f"document {source_id}"


def _by_id(frame, id_column: str) -> dict:
    return {r[id_column]: r for r in _records(frame)}


def _source_rows(frame) -> dict:
    rows = _by_id(frame, "source_id")
    for row in rows.values():  # columns that older releases lack
        for column in ("seen", "provenance", "document_symbol", "no_address_reason"):
            row.setdefault(column, "")
    return rows


def _relay_links(tables: dict) -> tuple[dict, dict]:
    """relayed figure → links to the primary figures it relays; primary figure → links to the figures that
    relay it. Empty for releases without the relay_links table."""
    relays_of, relayed_as = {}, {}
    for link in _records(tables["relay_links"]) if "relay_links" in tables else []:
        relays_of.setdefault(link["relayed_figure_id"], []).append(link)
        relayed_as.setdefault(link["primary_figure_id"], []).append(link)
    return relays_of, relayed_as


def _figures(figures: list[dict], source_rows: dict, links: tuple[dict, dict], names: Names) -> list[dict]:
    """The figure rows with what their cards show: names, value and interval in words, evidence, relays."""
    relays_of, relayed_as = links
    for f in figures:
        src = source_rows.get(f["source_id"], {})
        f.update(relays=relays_of.get(f["figure_id"], []), relayed_as=relayed_as.get(f["figure_id"], []),
                 evidence=evidence(f, src), quoted=not _missing(f.get("quote_start")))
        f.update(claimant=names.org(f["claimant_id"]), relayer=names.org(f.get("relayed_by_id")),
                 perpetrator=names.org(f.get("perpetrator_id")), incident=names.incident(f.get("incident_id")),
                 shown_value=figure_value(f), shown_interval=interval(f["low"], f["high"], text(f["unit"])),
                 period=_period(f), shown_as_of=date(f.get("as_of"), text(f.get("as_of_precision")))
                 if not _missing(f.get("as_of")) else "")
    return figures


def _assertions(assertions: list[dict], names: Names) -> list[dict]:
    for a in assertions:
        a.update(quoted=not _missing(a.get("quote_start")))
        a.update(claimant=names.org(a["claimant_id"]), relayer=names.org(a.get("relayed_by_id")),
                 attributed_to=names.org(a.get("attributed_to_id")), subject=names.org(a.get("subject_id")),
                 incident=names.incident(a["incident_id"]))
    return assertions


def _by_source(rows: list[dict]) -> dict[str, list[dict]]:
    """source_id → its rows, in their order (one pass: a search per source grew with sources × rows)."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["source_id"], []).append(row)
    return grouped


def _source(src: dict, figures: list[dict], assertions: list[dict], names: Names) -> dict:
    """A source's metadata with its figures and assertions (the source's own): all a cited publication shows."""
    sid = src["source_id"]
    return {
        **src,
        "anchor": sid,
        "publisher": names.org(src.get("publisher_id")),
        "link": web_address(src.get("url")),
        "publisher_ar": names.org_arabic(src.get("publisher_id")),
        "shown_date": date(src.get("published_on"), text(src.get("published_precision"))),
        "figures": figures,
        "assertions": assertions,
    }


def _source_with_text(source: dict, document: str, exclusions: list[Exclusion]) -> dict:
    """An archived source: its text as tokens in which every quote and excluded number is marked."""
    spans = [_quote_span("figure", f["figure_id"], f, document) for f in source["figures"] if f["quoted"]]
    spans += [_quote_span("assertion", a["assertion_id"], a, document) for a in source["assertions"] if a["quoted"]]
    sid = source["source_id"]
    excluded = _excluded(sid, document, exclusions)
    spans += [Span("excluded", _excluded_id(sid, x["start"]), x["start"], x["start"] + len(x["text"]), x)
              for x in excluded if x["placed"]]
    _link_overlaps(spans)
    language = text(source.get("language")) or "ar"
    return {
        **source,
        "tokens": nest(document, spans),
        "excluded": excluded,
        "chars": len(document),
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
    }


def _excluded(sid: str, document: str, exclusions: list[Exclusion]) -> list[dict]:
    """The numbers the audit excludes in this document, in text order; `placed` if the text is where it says."""
    excluded = []
    for ex in sorted((e for e in exclusions if e.source_id == sid), key=lambda e: e.start):
        excluded.append({"text": ex.text, "start": ex.start, "reason_code": ex.reason_code, "reason": ex.reason,
                         "placed": document[ex.start:ex.start + len(ex.text)] == ex.text and ex.text != "",
                         "anchor": f"q-{_excluded_id(sid, ex.start)}"})
    return excluded


def _excluded_id(sid: str, start: int) -> str:
    return f"x-{sid}-{start}"


def _link_targets(figures: list[dict], assertions: list[dict], incidents: dict, source_rows: dict) -> dict:
    """Every ID the page has an anchor for, to link table cells that name one."""
    return {**{f["figure_id"]: f["figure_id"] for f in figures},
            **{a["assertion_id"]: a["assertion_id"] for a in assertions},
            **{i: i for i in incidents}, **{s: s for s in source_rows}}


def _reconciliations(results: dict, errors: dict, descriptions: dict, figures: list[dict], ids: dict,
                     names: Names, international: dict) -> list[dict]:
    """Each query's result (or why it could not run) with its charts, in QUERY_TITLES order; a chart query the
    package lacks is drawn from the figures."""
    reconciliations = []
    for name in [*results, *errors] if errors else results:
        frame = results.get(name)
        reconciliations.append({
            "name": name,
            "missing": False,
            "error": errors.get(name, ""),
            "description": descriptions.get(name, ""),
            "table": _tables(name, frame, ids, names.orgs) if frame is not None else None,
            "charts": _charts(name, frame, figures, names.org, names.incident, names.short)
            if name in CHART_QUERIES else [],
            **international.get(name, {"matrix": None, "timeline": None}),
        })
    for name in CHART_QUERIES:
        if name not in results and name not in errors:
            reconciliations.append({"name": name, "description": "", "table": None, "missing": True, "error": "",
                                    "matrix": None, "timeline": None,
                                    "charts": _charts(name, None, figures, names.org, names.incident, names.short)})
    reconciliations.sort(key=lambda q: (list(QUERY_TITLES).index(q["name"]) if q["name"] in QUERY_TITLES
                                        else len(QUERY_TITLES), q["name"]))
    return reconciliations


def _warnings(errors: dict, version: str) -> list[str]:
    """One warning per distinct error, naming every query that failed with it."""
    by_message: dict[str, list[str]] = {}
    for name, message in sorted(errors.items()):
        by_message.setdefault(" ".join(message.split()), []).append(name)
    return [f"{'queries' if len(queries) > 1 else 'query'} {', '.join(queries)} cannot run on version "
            f"{version}; the page says so ({message[:300]})" for message, queries in by_message.items()]
