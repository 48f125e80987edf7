"""Closed vocabularies: every term with what it means. The codebook prints these."""

MEASURE = {
    "attacks": "Chemical attacks (or, for event_scope military_campaign, attacks of the campaign).",
    "deaths": "People killed.",
    "injuries": "People injured or affected, as the source counts them.",
    "hospitalized": "People taken to hospital.",
    "displaced": "People displaced.",
    "munitions": "Munitions (shells, rockets, cylinders) said to be prepared or used.",
    "shipments": "Batches or consignments in which material was said to be moved.",
    "vehicles": "Vehicles said to carry material.",
    "incidents_reviewed": "Reported incidents an organization reviewed before classifying some as attacks.",
    "places": "Places (towns, cities, villages) a source counts, e.g. بلدتين (two towns). A count of places is never "
              "read as a count of attacks: each attack on a place is an incident, and what is said of it an assertion.",
}
UNIT = {
    "count": "A number of things or people.",
    "percent": "A share in percent of the figure named in parent_figure_id (or of an unstated total).",
}
QUALIFIER = {
    "exact": "The number as stated, with no qualifying word. Interval [v, v].",
    "at_least": "ما لا يقل عن / على الأقل: at least. Interval [v, open).",
    "more_than": "أكثر من / ما يزيد عن: more than. Interval [v+1, open) for counts, [v, open) for percentages.",
    "approximately": "نحو / قرابة / ما يقارب / حوالي: about. Interval [0.9·v, 1.1·v], counts rounded inward, shares capped at 100.",
    "at_most": "على الأكثر / لا يزيد عن / up to: at most. Interval [0, v].",
    "less_than": "أقل من: less than. Interval [0, v-1] for counts, [0, v] for percentages.",
    "vague": "A vague plural such as مئات (hundreds): no value; interval [3·10^k, 10^(k+1)-1], e.g. hundreds = [300, 999], because Arabic's dual means a plural is three or more.",
    "range": "Two numbers stated as a range. Interval [first, second].",
}
CLAIM_TYPE = {
    "count": "A tally by a documentation group or research body from its own records.",
    "estimate": "A figure its claimant presents as an estimate or projection.",
    "finding": "A determination of an investigative body (e.g. OPCW FFM, JIM, IIT) in an investigation.",
    "allegation": "A statement of a government, armed group, official, journalist, outlet or unnamed source that is not an investigative finding.",
    "report": "An account that a body took (or did not take) a procedural step, e.g. opened no investigation.",
}
FINDING_ORG_TYPES = ("intergovernmental_investigation", "intergovernmental_body")
EVENT_SCOPE = {
    "chemical_attacks": "The figure counts chemical-weapons attacks or their victims.",
    "military_campaign": "The figure counts a military campaign's toll (all weapons), cited in a source about chemical weapons; not comparable with chemical_attacks figures.",
}
VICTIM_GROUP = {
    "all": "Everyone counted, as the source states.",
    "civilians": "Civilians.",
    "children": "Children.",
    "women": "Women (adults, as the source counts them).",
    "soldiers": "Soldiers of government forces.",
    "fighters": "Fighters of armed opposition groups (releases up to 1.1.0; rows since use opposition_fighters, "
                "which names the side).",
    "prisoners": "Prisoners or captives (releases up to 1.1.0; rows since use government_prisoners where the source "
                 "names the side).",
    "opposition_fighters": "Fighters of armed opposition groups, as the source says (SNHR: 'opposition fighters').",
    "government_prisoners": "Prisoners the source names by their tie to the government (SNHR: 'regime prisoners'); "
                            "who held them is as the source says, in notes.",
}
BASIS = {
    "stated": "The source states it.",
    "inferred": "Inferred by the curators; the reasoning is in notes.",
    "unknown": "Neither stated nor inferable.",
}
PRECISION = {
    "day": "A day is known.",
    "month": "Only a month is known; a start is stored as the month's first day, an end as its last.",
    "year": "Only a year is known; a start is stored as 1 January, an end as 31 December.",
    "unknown": "No date is known.",
}
LANGUAGE = {"ar": "Arabic.", "en": "English."}
SOURCE_TYPE = {
    "news_report": "A news article.",
    "statement": "A statement or press release of the organization itself.",
    "investigative_report": "A report of an investigative body.",
    "opinion": "An opinion or advocacy piece.",
    "background_article": "A background or explanatory article.",
}
ORG_TYPE = {
    "documentation_ngo": "A non-governmental group that documents violations.",
    "research_institute": "A research institute or think tank.",
    "intergovernmental_investigation": "An investigative mission or mechanism of an intergovernmental body.",
    "intergovernmental_body": "An intergovernmental organization or one of its organs.",
    "government": "A national government.",
    "government_agency": "A ministry, agency or centre of a government.",
    "armed_forces": "A state's armed forces or one of their units.",
    "armed_group": "A non-state armed group.",
    "humanitarian_ngo": "A humanitarian or civil-defence organization.",
    "media_outlet": "A newspaper, site or broadcaster that publishes a source.",
    "news_agency": "A news agency that a source cites as relaying a statement.",
    "individual": "A named person.",
    "anonymous_source": "An unnamed source or group of sources, as the text describes it.",
    "coalition": "Several parties named together as one perpetrator or claimant; notes lists them. The row "
                 "all-perpetrators stands for a claimant's total over every party it counts.",
    "political_organization": "A political body, e.g. an opposition coalition whose site relays a report.",
}
INCIDENT_KIND = {
    "attack": "An attack that the sources say happened (whoever says it).",
    "alleged_plan": "An attack that a party says is being prepared or staged; never an attack that occurred.",
}
AGENT = {
    "chlorine": "Chlorine.",
    "sarin": "Sarin.",
    "sulfur_mustard": "Sulfur mustard.",
    "unknown": "Not stated, or stated only as chemical weapons or toxic gas.",
}
ASSERTION = {
    "occurred": "Says that an attack happened, without naming a perpetrator.",
    "chemical_use_confirmed": "An investigative body concluded that chemicals were used as a weapon.",
    "chemical_use_likely": "An investigative body concluded that chemicals were likely (probably) used as a weapon.",
    "no_chemical_use": "An investigative body concluded that chemicals were not used as a weapon.",
    "investigation_continuing": "A body said its investigation continued: no conclusion yet.",
    "attributed": "Holds a party responsible (attributed_to_id).",
    "not_attributed": "A body concluded on use but did not name who was responsible.",
    "insufficient_evidence": "A body found the information insufficient to conclude.",
    "investigation_opened": "A body opened an investigation.",
    "no_investigation_opened": "A body did not open an investigation, or said there was no basis to.",
    "reported_to_body": "A party reported the incident to a body (subject_id).",
    "denied": "A party denies the incident or its responsibility.",
    "staged_alleged": "Says an attack is being, or was, staged or fabricated by a party (attributed_to_id).",
    "planned_alleged": "Says a party is preparing a chemical attack (attributed_to_id).",
    "munition_origin_alleged": "Says where the munitions came from (subject_id: the country named).",
}
ATTRIBUTING_ASSERTIONS = ("attributed", "staged_alleged", "planned_alleged")
PROVENANCE = {
    "archived_quote": "An archived document in raw/, pinned by sha256; every row quotes it verbatim.",
    "citation": "A publication cited by address or symbol; no text of it is archived, so its rows carry no quote.",
}
RELAY_RELATION = {
    "same": "The relay states the primary figure's value, qualifier and scope.",
    "rounded": "The relay rounds the primary figure to the unit of its own last non-zero digit (e.g. 966,140 "
               "becomes about a million; 11,212 → about 12,000 is not a rounding: differs).",
    "rescoped": "The relay changes what is counted: a different perpetrator, period or victim group.",
    "differs": "The relay's value or qualifier differs in another way (e.g. at least 336 becomes 336).",
}
INCIDENT_LINK_RELATION = {
    "same": "The two rows are one attack, named or dated differently by different sources.",
    "possibly_same": "The two rows may be one attack; what is known does not settle it.",
    "different": "The two rows are different attacks, though their names or dates are alike.",
}
CURATORS = "syriacw"  # said_by of an incident link the dataset's curators make (not an organization row)
SEEN = {
    "primary": "The publication itself (or a verbatim copy) was read.",
    "relay": "Only a report of it by someone else was read; weaker evidence.",
}
# the reference's `body` (raw/reference/international_findings.csv) -> the organization that claims its findings
INTERNATIONAL_BODIES = {"UN SG Mission": "un-sg-mission", "OPCW FFM": "opcw-ffm", "OPCW-UN JIM": "opcw-un-jim",
                        "OPCW IIT": "opcw-iit", "UN CoI": "un-coi"}
# the reference's agent wording -> AGENT (any other wording, e.g. "vesicant", is `unknown`)
REFERENCE_AGENTS = {"sarin": "sarin", "chlorine": "chlorine", "sulfur mustard": "sulfur_mustard"}
# the FFM never names a perpetrator: an assertion it claims has no attributed_to_id
NO_PERPETRATOR_BODIES = ("opcw-ffm",)
