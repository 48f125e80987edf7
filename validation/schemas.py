"""pandera schemas of the built tables. They are also the codebook: every column says what it holds, its unit,
its vocabulary, what it refers to, and whether curators type it in seeds/ or the build derives it.

`docs/codebook.md`, the `dtypes.json` that `syriacw.load` uses, and the Table Schemas of a release's
datapackage.json are all generated from these objects.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandera.pandas as pa
from pandera.engines import pandas_engine

from . import vocabularies as v
from .kinds import KIND_DTYPES

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclasses.dataclass(frozen=True)
class _String(pandas_engine.STRING):
    """pandas' string dtype, checked once per column. pandera's own answers with one boolean per row, and a passing
    column then still goes through its failure-case formatting: most of the build's schema validation time on the
    real data (240 → 70 ms). The answer is the same: True only when every row passes."""

    def check(self, pandera_dtype, data_container=None):
        return bool(np.all(super().check(pandera_dtype, data_container)))


def _col(kind, description, *, nullable=True, unique=False, checks=(), unit=None, vocabulary=None,
         references=None, derived=False):
    metadata = {"kind": kind, "derived": derived}
    if unit:
        metadata["unit"] = unit
    if vocabulary is not None:
        metadata["vocabulary"] = vocabulary
        metadata["kind"] = "category"
        checks = (*checks, pa.Check.isin(list(vocabulary)))
    if references:
        metadata["references"] = references
    dtype = KIND_DTYPES[metadata["kind"]]
    return pa.Column(_String() if dtype == "string" else dtype, checks=list(checks), nullable=nullable,
                     unique=unique, description=description, metadata=metadata)


def ident(description):
    return _col("string", description, nullable=False, unique=True, checks=(pa.Check.str_matches(ID_PATTERN),))


def ref(references, description, *, nullable=True):
    return _col("string", description, nullable=nullable, references=references)


def text(description, *, nullable=True, derived=False):
    return _col("string", description, nullable=nullable, derived=derived)


def vocab(vocabulary, description, *, nullable=False, derived=False):
    return _col("string", description, nullable=nullable, vocabulary=vocabulary, derived=derived)


def date(description, *, derived=False):
    return _col("date", description, derived=derived)


def integer(description, unit, *, nullable=True, derived=False):
    return _col("integer", description, nullable=nullable, unit=unit, derived=derived, checks=(pa.Check.ge(0),))


def number(description, unit, *, derived=False):
    return _col("number", description, unit=unit, derived=derived, checks=(pa.Check.ge(0),))


def _schema(name, description, columns):
    return pa.DataFrameSchema(columns, name=name, description=description, strict=True, coerce=True, ordered=True)


ORG = "organizations.org_id"

SOURCES = _schema("sources", "One row per source: an archived raw document.", {
    "source_id": ident("Stable ID of the source."),
    "file": text("Path of the archived document under raw/, byte for byte as received; empty for a citation."),
    "sha256": _col("string", "SHA-256 of the raw file's bytes (hex); the build refuses a file that differs.",
                   checks=(pa.Check.str_matches(r"^[0-9a-f]{64}$"),)),
    "language": vocab(v.LANGUAGE, "Language of the document (ISO 639-1); empty where unknown (citations).",
                      nullable=True),
    "title": text("Title as written in the document; empty when the text has none."),
    "publisher_id": ref(ORG, "The outlet or organization that published the document; empty when unknown."),
    "publisher_basis": vocab(v.BASIS, "Whether the publisher is stated in the text or inferred (reasoning in notes)."),
    "author": text("Author as written in the document; empty when none is named."),
    "published_on": date("Publication date: the first day of what is known (see published_precision)."),
    "published_precision": vocab(v.PRECISION, "How much of the publication date is known."),
    "published_basis": vocab(v.BASIS, "Whether the date is stated in the text or inferred (reasoning in notes)."),
    "source_type": vocab(v.SOURCE_TYPE, "Kind of document."),
    "url": text("Address of the document, where known."),
    "notes": text("What the text states and what was inferred, and from what."),
    "provenance": vocab(v.PROVENANCE, "archived_quote: a document in raw/ that rows quote verbatim; citation: a "
                                      "publication cited by address or symbol, whose rows carry no quote."),
    "seen": vocab(v.SEEN, "primary: the publication itself (or a verbatim copy) was read; relay: only a report of "
                          "it by someone else (weaker evidence)."),
    "document_symbol": text("Document symbol of a citation, e.g. a UN symbol such as S/2016/738."),
    "no_address_reason": text("For a citation with neither url nor document_symbol: why, e.g. the reference gives "
                              "none."),
})

ORGANIZATIONS = _schema("organizations", "Every organization, body, government, armed group, outlet, person or "
                        "unnamed source that a row cites as claimant, relayer, perpetrator, publisher or subject.", {
    "org_id": ident("Stable ID of the organization."),
    "name_en": text("Name in English (neutral wording).", nullable=False),
    "name_ar": text("Name as written in the sources (variants in notes)."),
    "abbreviation": text("Usual abbreviation."),
    "org_type": vocab(v.ORG_TYPE, "Kind of organization."),
    "parent_id": ref(ORG, "The organization this one belongs to (e.g. the FFM under the OPCW)."),
    "notes": text("Spelling variants, scope, and how the sources describe it."),
})

FIGURES = _schema("figures", "One row per figure a source states: who says how many of what, with the words it "
                  "came from. A row records a claim, not a fact.", {
    "figure_id": ident("Stable ID of the figure."),
    "source_id": ref("sources.source_id", "The document the figure is quoted from.", nullable=False),
    "claimant_id": ref(ORG, "Who produced the number, as the source says.", nullable=False),
    "relayed_by_id": ref(ORG, "An intermediary the source cites as passing the number on (e.g. a news agency); "
                              "empty when the source cites the claimant directly."),
    "measure": vocab(v.MEASURE, "What is counted."),
    "unit": vocab(v.UNIT, "count, or percent for a share of parent_figure_id."),
    "value_text": text("The numeral or number words exactly as written in the quote (e.g. `12 ألف`).", nullable=False),
    "value": number("The number value_text says; empty for a vague figure.", "the figure's unit"),
    "low": number("Lower end of the interval the qualifier implies (rule in the codebook); empty = open.",
                  "the figure's unit", derived=True),
    "high": number("Upper end of the interval the qualifier implies; empty = open (e.g. at least).",
                   "the figure's unit", derived=True),
    "qualifier": vocab(v.QUALIFIER, "The qualifying words around the number, as written."),
    "perpetrator_id": ref(ORG, "Whose attacks are counted, as the source states it; empty when not stated."),
    "victim_group": vocab(v.VICTIM_GROUP, "Who is counted, for deaths, injuries and the like.", nullable=True),
    "parent_figure_id": ref("figures.figure_id", "The total this figure is a part or a share of."),
    "incident_id": ref("incidents.incident_id", "The incident the figure is about, when it is about one."),
    "event_scope": vocab(v.EVENT_SCOPE, "Whether the figure counts chemical attacks or a whole campaign."),
    "period_start": date("Start of the period counted: the first day of what the source states."),
    "period_start_precision": vocab(v.PRECISION, "Precision of period_start.", derived=True),
    "period_end": date("End of the period counted: the last day of what the source states."),
    "period_end_precision": vocab(v.PRECISION, "Precision of period_end.", derived=True),
    "period_basis": vocab(v.BASIS, "Whether the period is stated or inferred (reasoning in notes)."),
    "as_of": date("When the claimant's figure was current (e.g. its publication), where known."),
    "as_of_precision": vocab(v.PRECISION, "Precision of as_of.", derived=True),
    "place": text("Place the figure covers, as the source states it (in English); empty when the source names "
                  "none. Queries read empty and 'Syria' alike, as the whole country."),
    "claim_type": vocab(v.CLAIM_TYPE, "What kind of claim the figure is."),
    "quote": text("The shortest verbatim span of the document containing the figure, its qualifier and subject; "
                  "empty for a row from a citation (no text archived)."),
    "quote_start": integer("Start of the quote in the UTF-8-decoded document.", "Unicode code points"),
    "quote_end": integer("End of the quote (exclusive).", "Unicode code points"),
    "translation_en": text("English translation of the quote (a translation, not the source's words)."),
    "notes": text("Judgement calls, scope details and discrepancies."),
    "ref_id": text("For a row from a citation: the row of raw/reference/primary_publications.csv or "
                   "raw/reference/international_findings.csv it was read from; the build checks that they agree."),
})

INCIDENTS = _schema("incidents", "One row per distinct incident the sources mention, whoever mentions it. "
                    "An alleged_plan is an attack a party says is being prepared or staged, never one that occurred.", {
    "incident_id": ident("Stable ID of the incident."),
    "place_ar": text("Place as written in the source."),
    "place_en": text("Standard transliteration of the place (variants in notes).", nullable=False),
    "admin1_en": text("Governorate."),
    "admin1_iso": text("The governorate's ISO 3166-2 code (e.g. SY-ID), from admin1_en through pycountry.",
                       derived=True),
    "date_start": date("First day of the incident's date as the sources state it."),
    "date_end": date("Last day of the incident's date as the sources state it."),
    "date_precision": vocab(v.PRECISION, "How much of the date the sources state."),
    "agent": vocab(v.AGENT, "Chemical agent as the sources name it."),
    "incident_kind": vocab(v.INCIDENT_KIND, "attack or alleged_plan."),
    "notes": text("Spelling variants, discrepancies between sources, judgement calls."),
})

ASSERTIONS = _schema("assertions", "One row per thing a source says an organization asserts about an incident, "
                     "or about chemical weapons in Syria at large (incident_id empty).", {
    "assertion_id": ident("Stable ID of the assertion."),
    "incident_id": ref("incidents.incident_id", "The incident; empty when the assertion is about no one incident "
                                                "(e.g. a denial of hundreds of attacks)."),
    "source_id": ref("sources.source_id", "The document the assertion is quoted from.", nullable=False),
    "claimant_id": ref(ORG, "Who asserts it.", nullable=False),
    "relayed_by_id": ref(ORG, "An intermediary the source cites (e.g. a news agency)."),
    "assertion": vocab(v.ASSERTION, "What is asserted."),
    "attributed_to_id": ref(ORG, "For attributed, staged_alleged and planned_alleged: the party held or alleged to be "
                                 "responsible."),
    "subject_id": ref(ORG, "Another party the assertion is about, not as perpetrator (e.g. the body a report went to)."),
    "agent": vocab(v.AGENT, "Agent named in the assertion.", nullable=True),
    "claim_type": vocab(v.CLAIM_TYPE, "What kind of claim the assertion is; an allegation is never a finding."),
    "quote": text("The shortest verbatim span of the document that makes the assertion; empty for a citation."),
    "quote_start": integer("Start of the quote in the UTF-8-decoded document.", "Unicode code points"),
    "quote_end": integer("End of the quote (exclusive).", "Unicode code points"),
    "translation_en": text("English translation of the quote."),
    "notes": text("Judgement calls and discrepancies."),
    "ref_id": text("For a row from a citation: the row of raw/reference/primary_publications.csv or "
                   "raw/reference/international_findings.csv it was read from; the build checks that they agree."),
    "confidence_text": text("For a finding: the body's own wording of its certainty, verbatim from the reference "
                            "row's conclusion_text."),
    "confidence_grade": integer("The confidence_text on one ordinal scale across bodies (seeds/confidence_grades.csv): "
                                "5 confirmed, 4 very likely, 3 likely, 2 not established, 1 not used / no grounds; "
                                "empty when the body's wording is not known.", "grade (1-5)", derived=True),
})

RELAY_LINKS = _schema("relay_links", "Links a figure that an archived news document relays to the figure the "
                      "organization itself published (a cited publication), with how the relay changed it.", {
    "link_id": ident("Stable ID of the link."),
    "relayed_figure_id": ref("figures.figure_id", "The figure as relayed in an archived document.", nullable=False),
    "primary_figure_id": ref("figures.figure_id", "The figure as its claimant published it (a citation row).",
                             nullable=False),
    "relation": vocab(v.RELAY_RELATION, "How the relay stands to the primary figure."),
    "notes": text("What changed, in words."),
})

CONFIDENCE_GRADES = _schema("confidence_grades", "One row per wording of certainty a body used in a finding: "
                             "the grade it maps to on one scale across bodies, and why (docs/confidence.md).", {
    "wording": _col("string", "The wording, exactly as in assertions.confidence_text.", nullable=False, unique=True),
    "grade": integer("5 confirmed, 4 very likely, 3 likely, 2 not established, 1 not used / no grounds.",
                     "grade (1-5)", nullable=False),
    "reason": text("Why this wording has this grade.", nullable=False),
})

INCIDENT_LINKS = _schema("incident_links", "Links between incident rows that may be one attack named or dated "
                         "differently, instead of merging or duplicating them.", {
    "link_id": ident("Stable ID of the link."),
    "incident_id": ref("incidents.incident_id", "One incident.", nullable=False),
    "other_incident_id": ref("incidents.incident_id", "The other incident.", nullable=False),
    "relation": vocab(v.INCIDENT_LINK_RELATION, "same, possibly_same or different."),
    "reason": text("Why: the names, dates and findings that say so.", nullable=False),
    "said_by": text("Who says so: an organization ID, or syriacw for the dataset's curators.", nullable=False),
    "notes": text("Anything else."),
})

TABLES: dict[str, pa.DataFrameSchema] = {
    "sources": SOURCES,
    "organizations": ORGANIZATIONS,
    "figures": FIGURES,
    "incidents": INCIDENTS,
    "assertions": ASSERTIONS,
    "relay_links": RELAY_LINKS,
    "confidence_grades": CONFIDENCE_GRADES,
    "incident_links": INCIDENT_LINKS,
}
PRIMARY_KEYS = {name: next(iter(schema.columns)) for name, schema in TABLES.items()}

# A seed that is not a table of the dataset: the release command reads it (syriacw/releases/corrections.py) and
# writes the CHANGELOG's corrections section of each release from it.
CORRECTIONS = _schema("corrections", "seeds/corrections.csv: why a released row changed. One row per corrected row "
                      "and release. The release command refuses a release in which a row of the previous release "
                      "changes or goes without a row here for that version naming every typed column that changed, "
                      "and generates the CHANGELOG's corrections section from these rows. A column added to a table "
                      "is a change of schema (see the semantic version), not a correction of its rows.", {
    "correction_id": ident("Stable ID of the correction."),
    "table": vocab({name: schema.description for name, schema in TABLES.items()}, "The table of the corrected row."),
    "row_id": text("The primary key of the corrected row in that table.", nullable=False),
    "fields": text("The columns corrected, separated by `;`, or `*` for a row removed.", nullable=False),
    "reason": text("Why, in one sentence: what the source says and what was read wrongly.", nullable=False),
    "corrected_in": text("The version whose release ships the correction (MAJOR.MINOR.PATCH).", nullable=False),
    "notes": text("Anything else, e.g. that the row was recorded after the release."),
})
SEED_ONLY = {"corrections": CORRECTIONS}


def seed_columns(table: str) -> list[str]:
    """Columns curators type in seeds/<table>.csv, in order."""
    return [c for c, col in TABLES[table].columns.items() if not col.metadata["derived"]]
