"""The international record (issue 18): confidence grades, incident links, and the rows read from
raw/reference/international_findings.csv."""
from __future__ import annotations

import pandas as pd

from syriacw.errors import Problem

from .. import vocabularies as v
from .common import _problem


def derive_confidence_grade(assertions: pd.DataFrame, grades: pd.DataFrame | None) -> pd.DataFrame:
    """confidence_grade from confidence_text through seeds/confidence_grades.csv (empty where unmapped)."""
    mapping = {} if grades is None else dict(zip(grades["wording"], grades["grade"]))
    out = assertions.copy()
    out["confidence_grade"] = pd.array(out["confidence_text"].map(mapping), dtype="Int64")
    return out


def derive_admin1_iso(incidents: pd.DataFrame) -> pd.DataFrame:
    from syriacw.places import governorate_iso

    out = incidents.copy()
    out["admin1_iso"] = pd.array([governorate_iso(None if pd.isna(n) else n) for n in out["admin1_en"]],
                                 dtype="string")
    return out


def check_international(frames) -> list[Problem]:
    return _check_confidence(frames) + _check_no_perpetrator(frames) + _check_incident_links(frames)


def _check_confidence(frames) -> list[Problem]:
    assertions, grades = frames.get("assertions"), frames.get("confidence_grades")
    if assertions is None:
        return []
    known = set() if grades is None else set(grades["wording"].dropna())
    unmapped = assertions["confidence_text"].notna() & ~assertions["confidence_text"].isin(list(known))
    return [_problem("assertions", assertions, line, "confidence_text", "confidence-unmapped",
                     f"{assertions.at[line, 'confidence_text']!r} has no grade in seeds/confidence_grades.csv")
            for line in assertions.index[unmapped]]


def _check_no_perpetrator(frames) -> list[Problem]:
    assertions = frames.get("assertions")
    if assertions is None:
        return []
    names = assertions["claimant_id"].isin(list(v.NO_PERPETRATOR_BODIES)) & assertions["attributed_to_id"].notna()
    return [_problem("assertions", assertions, line, "attributed_to_id", "ffm-names-perpetrator",
                     f"{assertions.at[line, 'claimant_id']} never names a perpetrator: attributed_to_id must be empty")
            for line in assertions.index[names]]


def _check_incident_links(frames) -> list[Problem]:
    links, orgs = frames.get("incident_links"), frames.get("organizations")
    if links is None:
        return []
    problems, pairs = [], set()
    org_ids = set() if orgs is None else set(orgs["org_id"].dropna())
    for line in links.index:
        one, other, said_by = links.at[line, "incident_id"], links.at[line, "other_incident_id"], links.at[line, "said_by"]
        if pd.isna(one) or pd.isna(other):
            continue
        if one == other:
            problems.append(_problem("incident_links", links, line, "other_incident_id", "incident-self-link",
                                     f"{one} is linked to itself"))
        pair = frozenset((one, other))
        if pair in pairs:
            problems.append(_problem("incident_links", links, line, "other_incident_id", "duplicate-incident-link",
                                     f"{one} and {other} are already linked"))
        pairs.add(pair)
        if not pd.isna(said_by) and said_by != v.CURATORS and said_by not in org_ids:
            problems.append(_problem("incident_links", links, line, "said_by", "unknown-reference",
                                     f"{said_by!r} is neither an org_id nor {v.CURATORS!r}"))
    return problems


def international_differences(table: str, row: dict, ref: dict, source) -> list[str]:
    """What a row (and its source) says that its international_findings.csv row does not."""
    differences = []
    if row["claimant_id"] != v.INTERNATIONAL_BODIES.get(ref["body"]):
        differences.append(f"body {ref['body']!r}")
    if table == "assertions":
        if (row["confidence_text"] if not pd.isna(row["confidence_text"]) else "") != ref["conclusion_text"]:
            differences.append(f"conclusion_text {ref['conclusion_text']!r}")
        if ref["agent"] and row["agent"] != v.REFERENCE_AGENTS.get(ref["agent"], "unknown"):
            differences.append(f"agent {ref['agent']!r}")
    else:
        stated = _stated(row["measure"], ref)
        if stated is None:
            differences.append(f"no {row['measure']} figure")
        elif stated[1] != row["qualifier"] or pd.isna(row["value"]) or float(row["value"]) != float(stated[0]):
            differences.append(f"{row['measure']} {stated[0]} ({stated[1]})")
    if source is not None:
        differences += _source_differences(ref, source)
    return differences


def _stated(measure: str, ref: dict):
    column = {"deaths": "deaths", "injuries": "affected"}.get(measure) if ref["kind"] == "finding" else "count"
    if column == "count":
        return (ref["count_value"], ref["count_qualifier"]) if ref["count_value"] else None
    if column is None or not ref[column]:
        return None
    return ref[column], ref[f"{column}_qualifier"]


def _source_differences(ref: dict, source) -> list[str]:
    published, precision = source["published_on"], source["published_precision"]
    shown = "" if pd.isna(published) else published.strftime(
        {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(precision, "%Y-%m-%d"))
    differences = []
    if shown != ref["report_date"]:
        differences.append(f"report_date {ref['report_date']!r} (source has {shown!r})")
    addresses = [a.strip() for a in ref["addresses"].split(" | ")]
    symbols = [] if pd.isna(source["document_symbol"]) else [s.strip() for s in source["document_symbol"].split(";")]
    by_address = not pd.isna(source["url"]) and source["url"] in addresses
    by_symbol = bool(ref["document_symbol"]) and ref["document_symbol"] in symbols
    if not (by_address or by_symbol):
        differences.append("neither the source's url among its addresses nor its document_symbol "
                           f"{ref['document_symbol']!r}")
    return differences
