-- pairwise, the plain way: kept only as the reference tests/test_reconcile.py compares sql/queries/pairwise.sql with.
--
-- One row per reading: every pair of figures is multiplied into a row for each combination of one reading per
-- scope dimension that what the figures leave unstated allows, each row gets the verdict its scope relation gives,
-- and GROUP BY folds the rows back into the pair's verdict (the one every reading gives, else not_comparable). No
-- sets as bits, no lambdas: easy to read and slow (the rows grow with the readings), which is why pairwise works
-- the same out within each pair's own row. Readings and the as-of / definition rules follow pairwise.sql's header.
WITH readings AS (
    SELECT figure_id, 'stated' AS reading, claimant_id, measure, unit, event_scope, incident_id, low, high,
           perpetrator_id, perpetrator_lineage, victim_group, place_scope AS place,
           start_min, start_max, end_min, end_max, as_of
    FROM figure_readings()
    UNION ALL
    SELECT figure_id, 'implied count', claimant_id, measure, 'count', event_scope, incident_id,
           implied_low, implied_high, perpetrator_id, perpetrator_lineage, victim_group, place_scope,
           start_min, start_max, end_min, end_max, as_of
    FROM figure_readings()
    WHERE implied_low IS NOT NULL
),
pairs AS (
    SELECT a.figure_id AS a_figure_id, a.reading AS a_reading, b.figure_id AS b_figure_id, b.reading AS b_reading,
           a.claimant_id AS a_claimant_id, b.claimant_id AS b_claimant_id, a.measure, a.unit,
           a.low AS a_low, a.high AS a_high, b.low AS b_low, b.high AS b_high, a.as_of AS a_as_of, b.as_of AS b_as_of,
           -- period: one relation when every end is known, else each relation the bounds allow, partial included
           CASE WHEN a.start_min = a.start_max AND a.end_min = a.end_max
                     AND b.start_min = b.start_max AND b.end_min = b.end_max
                THEN [period_relation(a.start_min, a.end_max, b.start_min, b.end_max)]
                ELSE list_filter(['same', 'a_within_b', 'b_within_a', 'partial'], lambda r:
                         (r = 'same' AND a.start_min <= b.start_max AND b.start_min <= a.start_max
                                     AND a.end_min <= b.end_max AND b.end_min <= a.end_max)
                         OR (r = 'a_within_b' AND a.start_max >= b.start_min AND a.end_min <= b.end_max)
                         OR (r = 'b_within_a' AND b.start_max >= a.start_min AND b.end_min <= a.end_max)
                         OR r = 'partial') END AS period_readings,
           -- perpetrator: all-perpetrators holds every party; an unstated one is only the other's, or everyone's
           CASE WHEN a.perpetrator_id IS NOT DISTINCT FROM b.perpetrator_id THEN ['same']
                WHEN (a.perpetrator_id = 'all-perpetrators' AND b.perpetrator_id IS NULL)
                     OR (b.perpetrator_id = 'all-perpetrators' AND a.perpetrator_id IS NULL) THEN ['same']
                WHEN a.perpetrator_id = 'all-perpetrators' THEN ['b_within_a']
                WHEN b.perpetrator_id = 'all-perpetrators' THEN ['a_within_b']
                WHEN a.perpetrator_id IS NULL THEN ['same', 'b_within_a']
                WHEN b.perpetrator_id IS NULL THEN ['same', 'a_within_b']
                WHEN list_contains(a.perpetrator_lineage, b.perpetrator_id) THEN ['a_within_b']
                WHEN list_contains(b.perpetrator_lineage, a.perpetrator_id) THEN ['b_within_a']
                ELSE ['different'] END AS perpetrator_readings,
           CASE WHEN a.victim_group IS NOT DISTINCT FROM b.victim_group THEN ['same']
                WHEN a.victim_group = 'all' THEN ['b_within_a']
                WHEN b.victim_group = 'all' THEN ['a_within_b']
                WHEN a.victim_group IS NULL OR b.victim_group IS NULL
                     THEN ['same', 'a_within_b', 'b_within_a', 'different']
                ELSE ['different'] END AS victim_readings,
           CASE WHEN a.place IS NOT DISTINCT FROM b.place THEN 'same'
                WHEN a.place IS NULL THEN 'b_within_a'
                WHEN b.place IS NULL THEN 'a_within_b'
                ELSE 'different' END AS place_reading,
           ra.counts AS a_counts_as, rb.counts AS b_counts_as
    FROM readings a
    JOIN readings b
      ON a.measure = b.measure AND a.unit = b.unit AND a.event_scope = b.event_scope
     AND a.incident_id IS NOT DISTINCT FROM b.incident_id AND a.claimant_id <> b.claimant_id
     AND a.figure_id || CASE WHEN a.reading = 'stated' THEN '' ELSE ' (implied count)' END
         < b.figure_id || CASE WHEN b.reading = 'stated' THEN '' ELSE ' (implied count)' END
    LEFT JOIN counting_rules() ra ON ra.claimant_id = a.claimant_id AND ra.measure = a.measure
    LEFT JOIN counting_rules() rb ON rb.claimant_id = b.claimant_id AND rb.measure = b.measure
),
-- one row per combination of readings
one_reading AS (
    SELECT p.*, pe AS period, pp AS perpetrator, vi AS victim
    FROM pairs p, unnest(p.period_readings) AS t1(pe), unnest(p.perpetrator_readings) AS t2(pp),
         unnest(p.victim_readings) AS t3(vi)
),
scoped AS (
    SELECT o.*,
           CASE WHEN 'different' IN (period, perpetrator, victim, place_reading)
                     OR period IN ('partial', 'disjoint') THEN 'incomparable'
                WHEN 'a_within_b' IN (period, perpetrator, victim, place_reading)
                     AND 'b_within_a' IN (period, perpetrator, victim, place_reading) THEN 'crossed'
                WHEN 'a_within_b' IN (period, perpetrator, victim, place_reading) THEN 'a_within_b'
                WHEN 'b_within_a' IN (period, perpetrator, victim, place_reading) THEN 'b_within_a'
                ELSE 'same' END AS scope
    FROM one_reading o
),
judged AS (
    SELECT s.*,
           CASE WHEN scope = 'same' THEN
                     CASE WHEN coalesce(a_low, 0) <= coalesce(b_high, 'infinity'::DOUBLE)
                               AND coalesce(b_low, 0) <= coalesce(a_high, 'infinity'::DOUBLE)
                          THEN 'consistent' ELSE 'conflicting' END
                WHEN scope = 'a_within_b' AND unit = 'count' THEN
                     CASE WHEN coalesce(a_low, 0) <= coalesce(b_high, 'infinity'::DOUBLE)
                          THEN 'consistent' ELSE 'conflicting' END
                WHEN scope = 'b_within_a' AND unit = 'count' THEN
                     CASE WHEN coalesce(b_low, 0) <= coalesce(a_high, 'infinity'::DOUBLE)
                          THEN 'consistent' ELSE 'conflicting' END
                ELSE 'not_comparable' END AS reading_verdict
    FROM scoped s
),
per_pair AS (
    SELECT a_figure_id, a_reading, b_figure_id, b_reading,
           CASE WHEN count(DISTINCT reading_verdict) = 1 THEN any_value(reading_verdict) ELSE 'not_comparable' END
               AS verdict,
           bool_or(reading_verdict = 'conflicting') AS could_conflict,
           any_value(unit) AS unit, any_value(a_low) AS a_low, any_value(a_high) AS a_high,
           any_value(b_low) AS b_low, any_value(b_high) AS b_high,
           any_value(a_as_of) AS a_as_of, any_value(b_as_of) AS b_as_of,
           any_value(a_counts_as) AS a_counts_as, any_value(b_counts_as) AS b_counts_as
    FROM judged
    GROUP BY a_figure_id, a_reading, b_figure_id, b_reading
)
SELECT a_figure_id, a_reading, b_figure_id, b_reading,
       CASE WHEN verdict = 'conflicting' AND unit = 'count'
                 AND ((a_high < b_low AND a_as_of < b_as_of) OR (b_high < a_low AND b_as_of < a_as_of))
            THEN 'earlier_count_lower'
            WHEN verdict = 'conflicting' AND a_counts_as <> b_counts_as THEN 'definitions_differ'
            ELSE verdict END AS verdict,
       could_conflict
FROM per_pair
