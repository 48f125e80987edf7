-- Readings: one row per figure, read — the table macro every query starts from — and the words for it.

-- 'GPPi' → "GPPi's"; 'Fixture accusers' → "Fixture accusers'".
CREATE OR REPLACE MACRO possessive(name) AS
    name || CASE WHEN name LIKE '%s' THEN '''' ELSE '''s' END;

-- Words for scopes.
CREATE OR REPLACE MACRO measure_words(measure) AS
    CASE measure WHEN 'injuries' THEN 'injured' WHEN 'incidents_reviewed' THEN 'incidents reviewed'
                 ELSE measure END;


-- org_lineages(): each organization with the list of itself and every organization above it
-- (organizations.parent_id, nearest first): syrian-armed-forces → [syrian-armed-forces, syrian-government].
CREATE OR REPLACE MACRO org_lineages() AS TABLE
WITH RECURSIVE lineage(org_id, ancestor_id, depth) AS (
    SELECT org_id, org_id, 0 FROM organizations
    UNION ALL
    SELECT l.org_id, o.parent_id, l.depth + 1
    FROM lineage l JOIN organizations o ON o.org_id = l.ancestor_id
    WHERE o.parent_id IS NOT NULL AND l.depth < 20
)
SELECT org_id, list(ancestor_id ORDER BY depth) AS lineage FROM lineage GROUP BY org_id;

-- Are two parties the same, or one part of the other? (lineages from org_lineages())
CREATE OR REPLACE MACRO parties_related(x, x_lineage, y, y_lineage) AS
    x = y OR list_contains(x_lineage, y) OR list_contains(y_lineage, x);

-- source_evidence(): how each source was read. Columns a release before 1.1.0 lacks (provenance, seen) are read
-- through the row as JSON, so every query built on it still runs on 1.0.0 (they are NULL there).
--   evidence   primary    — the claimant's own publication, read (a citation seen as primary, or an archived
--                           document the claimant published);
--              relayed    — an archived document of someone else that relays the claimant;
--              relay_only — the claimant's publication was not read, only a report of it (sources.seen = relay).
CREATE OR REPLACE MACRO source_evidence() AS TABLE
SELECT source_id, publisher_id, publisher_basis,
       json_extract_string(to_json(s), '$.provenance') AS provenance,
       json_extract_string(to_json(s), '$.seen') AS seen
FROM sources s;

-- figure_readings(): every figure with its claimant's and perpetrator's names, its stated interval, what it says
-- (says_label) and the count it implies when it is a share of a parent total (implied_label), its period (with
-- bounds for unknown ends), its as-of date (figures.as_of, else the source's published_on) with the first and last
-- day it can stand for, how its source was read (evidence, as in source_evidence()) and plain-English labels.
CREATE OR REPLACE MACRO figure_readings() AS TABLE
WITH f AS (
    SELECT fig.*,
           fig.period_start::DATE AS p_start, fig.period_end::DATE AS p_end,
           coalesce(fig.as_of, src.published_on)::DATE AS as_of_date,
           CASE WHEN fig.as_of IS NOT NULL THEN fig.as_of_precision ELSE src.published_precision END AS as_of_prec,
           CASE WHEN fig.as_of IS NOT NULL THEN 'figure'
                WHEN src.published_on IS NOT NULL THEN 'source published_on' END AS as_of_from
    FROM figures fig JOIN sources src USING (source_id)
),
bounded AS (
    SELECT f.*,
           last_day_of(as_of_date, as_of_prec) AS as_of_last_day,
           coalesce(p_end, last_day_of(as_of_date, as_of_prec), DATE '9999-12-31') AS end_max
    FROM f
)
SELECT
    f.figure_id, f.source_id,
    f.claimant_id, claimant.name_en AS claimant, coalesce(claimant.abbreviation, claimant.name_en) AS claimant_short,
    f.relayed_by_id, relayer.name_en AS relayer,
    f.measure, f.unit, f.event_scope, f.incident_id, f.claim_type,
    f.value_text, f.value, f.qualifier, f.low, f.high,
    interval_label(f.low, f.high, f.unit) AS stated,
    says_label(f.qualifier, f.value, f.low, f.high, f.unit) AS says,
    f.parent_figure_id, parent.value_text AS parent_value_text, parent.qualifier AS parent_qualifier,
    parent.low AS parent_low, parent.high AS parent_high, parent.victim_group AS parent_victim_group,
    says_label(parent.qualifier, parent.value, parent.low, parent.high, parent.unit) AS parent_says,
    -- the count a share implies (NULL unless the figure is a share with a parent total)
    CASE WHEN f.unit = 'percent' AND parent.figure_id IS NOT NULL THEN f.value * parent.value / 100 END
        AS implied_value,
    CASE WHEN f.unit = 'percent' AND parent.figure_id IS NOT NULL THEN implied_low(f.low, parent.low) END
        AS implied_low,
    CASE WHEN f.unit = 'percent' AND parent.figure_id IS NOT NULL THEN implied_high(f.high, parent.high) END
        AS implied_high,
    CASE WHEN f.unit = 'percent' AND parent.figure_id IS NOT NULL
         THEN implied_label(says_label(f.qualifier, f.value, f.low, f.high, f.unit),
                            says_label(parent.qualifier, parent.value, parent.low, parent.high, parent.unit),
                            implied_low(f.low, parent.low), implied_high(f.high, parent.high)) END AS implied_words,
    f.perpetrator_id, perpetrator.name_en AS perpetrator, coalesce(lin.lineage, []) AS perpetrator_lineage,
    CASE WHEN f.perpetrator_id = 'all-perpetrators' THEN 'all parties'
         ELSE coalesce(perpetrator.name_en, 'an unstated perpetrator') END AS perpetrator_words,
    f.victim_group, f.place, place_scope(f.place) AS place_scope,
    f.p_start AS period_start, f.period_start_precision, f.p_end AS period_end, f.period_end_precision,
    f.period_basis,
    period_label(f.p_start, f.period_start_precision, f.p_end, f.period_end_precision) AS period,
    -- bounds of the period for comparisons (see period_relations)
    coalesce(f.p_start, DATE '0001-01-01') AS start_min,
    coalesce(f.p_start, f.end_max) AS start_max,
    coalesce(f.p_end, f.p_start, DATE '0001-01-01') AS end_min,
    f.end_max,
    f.as_of_date AS as_of, f.as_of_prec AS as_of_precision, f.as_of_from,
    date_label(f.as_of_date, f.as_of_prec) AS as_of_label, f.as_of_last_day,
    ev.seen, ev.provenance, ev.publisher_basis,
    CASE WHEN ev.provenance = 'citation' AND ev.seen = 'primary' THEN 'primary'
         WHEN ev.provenance = 'citation' THEN 'relay_only'
         WHEN f.claimant_id = ev.publisher_id THEN 'primary'
         ELSE 'relayed' END AS evidence
FROM bounded f
LEFT JOIN source_evidence() ev ON ev.source_id = f.source_id
LEFT JOIN figures parent ON parent.figure_id = f.parent_figure_id
LEFT JOIN organizations claimant ON claimant.org_id = f.claimant_id
LEFT JOIN organizations relayer ON relayer.org_id = f.relayed_by_id
LEFT JOIN organizations perpetrator ON perpetrator.org_id = f.perpetrator_id
LEFT JOIN org_lineages() lin ON lin.org_id = f.perpetrator_id;

-- incident_link_list(): per incident, every incident linked to it (incident_links, read in both directions) with
-- the relation and who says so: "inc-ltamenah-2017-03-24 (possibly_same, said by syriacw); …". A release that
-- predates incident_links reads an empty one (db.connect), so the queries built on this still run there.
CREATE OR REPLACE MACRO incident_link_list() AS TABLE
SELECT incident_id,
       string_agg(other || ' (' || relation || ', said by ' || said_by || ')', '; ' ORDER BY other) AS linked_incidents
FROM (SELECT incident_id, other_incident_id AS other, relation, said_by FROM incident_links
      UNION ALL SELECT other_incident_id, incident_id, relation, said_by FROM incident_links)
GROUP BY incident_id;
