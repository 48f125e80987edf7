-- Pairs of figures, in two layers an analyst can read top-down and query on their own; sql/queries/pairwise.sql
-- puts the second into words (its header explains every rule and column):
--   SELECT * FROM pair_scopes()     every pair of readings by different claimants within a pairing key group,
--                                   with the set of relations each scope dimension could have and the scope
--                                   relations they allow (sets as bits: 2_relations.sql)
--   SELECT * FROM pair_verdicts()   the same pairs with the verdicts those allow, the pair's verdict by the scope
--                                   and interval rules (`verdict`) and as reported (`reported_verdict`: with
--                                   earlier_count_lower and definitions_differ), the readings under which it would
--                                   conflict, the rules it rests on, and who is narrower, wider, earlier or later
-- Both are table macros, not views: DuckDB inlines them into pairwise, which then runs as one query.

-- What a reader must know about where a figure was read (figure_readings().evidence), as a caveat. pairwise words
-- it after sorting, from the evidence and the source: carrying the words through the join and the sort of 10^6
-- figures' pairs cost memory.
CREATE OR REPLACE MACRO relay_caveat(who, evidence, source_id) AS
    CASE evidence
         WHEN 'relay_only' THEN concat(possessive(who), ' figure was seen only in a relay (', source_id, ')')
         WHEN 'relayed' THEN concat(possessive(who), ' figure is read in another''s document (', source_id, ')') END;

CREATE OR REPLACE MACRO pair_scopes() AS TABLE
WITH figures_read AS (
    SELECT r.*, rule.counts AS counts_as
    FROM figure_readings() r
    LEFT JOIN counting_rules() rule ON rule.claimant_id = r.claimant_id AND rule.measure = r.measure
),
readings AS (
    -- every figure as stated …
    SELECT figure_id AS reading_key, 'stated' AS reading, figure_id, claimant_id, claimant_short AS who,
           measure, unit, event_scope, incident_id, value, low, high,
           concat(says, CASE WHEN unit = 'percent' THEN ' of ' END,
                  CASE WHEN unit = 'percent' THEN parent_says || ' ' END,
                  CASE WHEN unit <> 'percent' THEN ' ' END, measure_words(measure),
                  ' (' || victim_group || ')', ' by ', perpetrator_words) AS what,
           perpetrator_id, perpetrator, perpetrator_words, lineage_text(perpetrator_lineage) AS perpetrator_lineage,
           victim_group, place_scope AS place,
           period, start_min, start_max, end_min, end_max, period_start, period_end, as_of_label AS as_of,
           as_of AS as_of_first, as_of_last_day AS as_of_last, counts_as, evidence, source_id,
           NULL AS derived
    FROM figures_read
    UNION ALL
    -- … and every share with a parent total also as the count it implies, worded as derived
    SELECT figure_id || ' (implied count)', 'implied count', figure_id, claimant_id, claimant_short,
           measure, 'count', event_scope, incident_id, implied_value, implied_low, implied_high,
           concat(says, ' of ', parent_says, ' ', measure_words(measure),
                  ' (' || victim_group || ')', ' by ', perpetrator_words,
                  ' (implies ', interval_label(implied_low, implied_high, 'count'), ')'),
           perpetrator_id, perpetrator, perpetrator_words, lineage_text(perpetrator_lineage), victim_group, place_scope,
           period, start_min, start_max, end_min, end_max, period_start, period_end, as_of_label,
           as_of, as_of_last_day, counts_as, evidence, source_id, 'derived: ' || implied_words
    FROM figures_read
    WHERE implied_low IS NOT NULL
),
-- the two sides of a pair as plain columns (a_measure, …, b_measure, …): packing each side into one struct and
-- taking it apart again cost more than everything the query works out from them
a_side AS (SELECT COLUMNS(*) AS 'a_\0' FROM readings),
b_side AS (SELECT COLUMNS(*) AS 'b_\0' FROM readings),
pairs AS (
    SELECT *
    FROM a_side
    JOIN b_side
      ON a_measure = b_measure AND a_unit = b_unit AND a_event_scope = b_event_scope
     AND a_incident_id IS NOT DISTINCT FROM b_incident_id
     AND a_claimant_id <> b_claimant_id
     AND a_reading_key < b_reading_key
),
-- the relations each dimension could have (sets as bits, macros.sql), then the scope relations and the verdicts
-- those allow: plain integers in the pair's own row, never a row per combination of readings (only the pairs that
-- would conflict under some readings but not all try combinations, in a list: conflicts, below)
scoped AS (
    SELECT p.*,
           period_relations(p.a_start_min, p.a_start_max, p.a_end_min, p.a_end_max,
                            p.b_start_min, p.b_start_max, p.b_end_min, p.b_end_max) AS period_readings,
           perpetrator_relations(p.a_perpetrator_id, p.a_perpetrator_lineage,
                                 p.b_perpetrator_id, p.b_perpetrator_lineage) AS perpetrator_readings,
           victim_relations(p.a_victim_group, p.b_victim_group) AS victim_readings,
           place_relations(p.a_place, p.b_place) AS place_readings,
           p.a_unit AS unit
    FROM pairs p
),
related AS (
    SELECT s.*,
           scope_relations(s.period_readings, s.perpetrator_readings, s.victim_readings, s.place_readings)
               AS relations
    FROM scoped s
)
SELECT * FROM related;

CREATE OR REPLACE MACRO pair_verdicts() AS TABLE
WITH verdicts AS (
    SELECT r.*, verdicts_for(r.relations, r.unit, r.a_low, r.a_high, r.b_low, r.b_high) AS verdicts
    FROM pair_scopes() r
),
judged AS (
    SELECT v.*,
           verdict_under_readings(v.verdicts) AS verdict,
           (v.verdicts & verdict_bit('conflicting')) <> 0 AS could_conflict,
           (v.verdicts & verdict_bit('consistent')) <> 0 AS could_agree,
           -- a pair that would conflict under some readings but not under all: the scope relations under which it
           -- would, to say when (conflicts_if, below)
           CASE WHEN v.verdicts <> verdict_bit('conflicting') AND (v.verdicts & verdict_bit('conflicting')) <> 0
                THEN relations_giving('conflicting', v.unit, v.a_low, v.a_high, v.b_low, v.b_high)
                END AS conflicting_relations
    FROM verdicts v
),
-- for those pairs, the combinations of readings to try and the words for them. They are made here, once per
-- pair: DuckDB runs a lambda (below) a pair at a time and copies into it every column it reads, so what a lambda
-- works out or reads is paid for again at every combination.
listed AS (
    SELECT j.*,
           CASE WHEN j.conflicting_relations IS NOT NULL THEN nested_readings() END AS candidates,
           -- a dimension is put in words only when it is not known for certain
           CASE WHEN j.conflicting_relations IS NOT NULL AND bit_count(j.period_readings) > 1 THEN
               {same: 'both counted the same period',
                a_within_b: possessive(j.a_who) || ' period lay within ' || possessive(j.b_who),
                b_within_a: possessive(j.b_who) || ' period lay within ' || possessive(j.a_who)} END AS period_words,
           CASE WHEN j.conflicting_relations IS NOT NULL AND bit_count(j.perpetrator_readings) > 1 THEN
               {same: 'both covered only '
                      || CASE WHEN j.a_perpetrator_id IS NULL THEN j.b_perpetrator_words ELSE j.a_perpetrator_words END,
                nested: CASE WHEN j.a_perpetrator_id IS NULL THEN j.a_who ELSE j.b_who END || ' covered every party'}
               END AS perpetrator_words,
           j.conflicting_relations IS NOT NULL AND bit_count(j.victim_readings) > 1 AS victim_unknown
    FROM judged j
),
-- the combinations of readings that would make such a pair conflict (those its sets allow whose scope relation is
-- one it would conflict under), each in words (only the dimensions that are not known for certain). NULL for
-- every other pair, whose candidates are NULL; there is no CASE around it because a CASE copies every column the
-- lambdas read into a slice first, which cost more than the lambdas. Inside the lambdas relations are numbers
-- (1 same, 2 a_within_b, 4 b_within_a), for the reason scope_relation gives in macros.sql.
conflicts AS (
    SELECT j.*,
           array_to_string(list_sort(list_distinct(list_transform(
               list_filter(j.candidates, lambda c:
                   (c.period & j.period_readings) <> 0 AND (c.perpetrator & j.perpetrator_readings) <> 0
                   AND (c.victim & j.victim_readings) <> 0
                   AND (scope_relation(c.period | c.perpetrator | c.victim | j.place_readings)
                        & j.conflicting_relations) <> 0),
               lambda c: concat_ws(' and ',
                   CASE c.period WHEN 1 THEN j.period_words.same WHEN 2 THEN j.period_words.a_within_b
                                 ELSE j.period_words.b_within_a END,
                   CASE c.perpetrator WHEN 1 THEN j.perpetrator_words.same ELSE j.perpetrator_words.nested END,
                   CASE WHEN j.victim_unknown THEN CASE c.victim WHEN 1 THEN 'the victim groups were same'
                                                                 WHEN 2 THEN 'the victim groups were a within b'
                                                                 ELSE 'the victim groups were b within a' END
                        END)))),
               '; or if ') AS conflicts_if
    FROM listed j
),
described AS (
    SELECT j.*,
           CASE WHEN bit_count(period_readings) > 1 THEN 'unknown' ELSE relation_name(period_readings) END
               AS period_relation,
           CASE WHEN a_perpetrator_id IS NULL AND b_perpetrator_id IS NULL THEN 'both_unstated'
                WHEN a_perpetrator_id IS NULL AND b_perpetrator_id IS NOT NULL THEN 'a_unstated'
                WHEN b_perpetrator_id IS NULL AND a_perpetrator_id IS NOT NULL THEN 'b_unstated'
                ELSE relation_name(perpetrator_readings) END AS perpetrator_relation,
           CASE WHEN bit_count(victim_readings) > 1 THEN 'unknown' ELSE relation_name(victim_readings) END
               AS victim_relation,
           relation_name(place_readings) AS place_relation
    FROM conflicts j
),
timed AS (
    SELECT d.*,
           -- a conflict in which the lower count is dated earlier (its as-of date begins before the other's):
           -- counts grow as cases are identified, so this is no contradiction (verdict earlier_count_lower)
           coalesce(d.verdict = 'conflicting' AND d.unit = 'count'
                    AND ((d.a_high < d.b_low AND d.a_as_of_first < d.b_as_of_first)
                         OR (d.b_high < d.a_low AND d.b_as_of_first < d.a_as_of_first)), false) AS earlier_lower,
           -- both claimants' counting rules are recorded (counting_rules()) and they differ
           coalesce(d.a_counts_as <> d.b_counts_as, false) AS definitions_differ
    FROM described d
),
reasoned AS (
    SELECT d.*,
           -- the verdict as pairwise reports it: `verdict` is what the scope and interval rules alone give
           CASE WHEN d.earlier_lower THEN 'earlier_count_lower'
                WHEN d.verdict = 'conflicting' AND d.definitions_differ THEN 'definitions_differ'
                ELSE d.verdict END AS reported_verdict,
           -- the two rules the explanation words separately
           d.verdict = 'not_comparable' AND d.relations = relation_bit('crossed') AS scopes_cross,
           d.verdict = 'not_comparable' AND d.a_unit = 'percent'
               AND (can_be(d.relations, 'a_within_b') OR can_be(d.relations, 'b_within_a'))
               AS shares_of_different_scopes,
           -- the rules the verdict rests on (concat_ws leaves out the rules that do not apply)
           concat_ws(', ',
               CASE WHEN d.verdict <> 'not_comparable' AND d.relations = relation_bit('same') THEN 'same_scope' END,
               CASE WHEN d.verdict <> 'not_comparable' AND NOT can_be(d.relations, 'same')
                    THEN 'nested_scope' END,
               CASE WHEN d.verdict <> 'not_comparable' AND can_be(d.relations, 'same')
                    AND d.relations <> relation_bit('same') THEN 'same_or_nested_scope' END,
               CASE WHEN d.perpetrator_relation IN ('a_unstated', 'b_unstated') THEN 'perpetrator_unstated' END,
               CASE WHEN d.period_relation = 'unknown' THEN 'period_unknown' END,
               CASE WHEN d.period_relation = 'partial' THEN 'periods_partly_overlap' END,
               CASE WHEN d.period_relation = 'disjoint' THEN 'periods_disjoint' END,
               CASE WHEN d.perpetrator_relation = 'different' THEN 'different_perpetrator' END,
               CASE WHEN d.victim_relation = 'different' THEN 'different_victim_group' END,
               CASE WHEN d.victim_relation = 'unknown' THEN 'victim_group_unknown' END,
               CASE WHEN d.place_relation = 'different' THEN 'different_place' END,
               CASE WHEN scopes_cross THEN 'scopes_cross' END,
               CASE WHEN shares_of_different_scopes THEN 'shares_of_different_scopes' END,
               CASE WHEN d.earlier_lower THEN 'earlier_count_lower' END,
               CASE WHEN d.verdict = 'conflicting' AND NOT d.earlier_lower AND d.definitions_differ
                    THEN 'definitions_differ' END) AS reason,
           -- who is narrower and who wider (when the scopes nest), and who leaves the perpetrator unstated
           CASE WHEN d.relations = relation_bit('a_within_b') THEN d.a_who
                WHEN d.relations = relation_bit('b_within_a') THEN d.b_who END
               AS narrow_who,
           CASE WHEN d.relations = relation_bit('a_within_b') THEN d.b_who
                WHEN d.relations = relation_bit('b_within_a') THEN d.a_who END
               AS wide_who,
           CASE WHEN d.perpetrator_relation = 'a_unstated' THEN d.a_who
                WHEN d.perpetrator_relation = 'b_unstated' THEN d.b_who END AS unstated_who,
           -- what makes the narrower figure narrower, in words (dimensions known for certain); only where the
           -- explanation says it: a verdict given on nested scopes
           CASE WHEN d.verdict <> 'not_comparable' THEN concat_ws(', ',
               CASE WHEN d.period_relation IN ('a_within_b', 'b_within_a') THEN 'a shorter period' END,
               CASE WHEN d.perpetrator_relation IN ('a_within_b', 'b_within_a')
                    THEN 'one perpetrator within the other (' || d.a_perpetrator_words || ' / '
                         || d.b_perpetrator_words || ')' END,
               CASE WHEN d.victim_relation IN ('a_within_b', 'b_within_a') THEN 'one victim group' END,
               CASE WHEN d.place_relation IN ('a_within_b', 'b_within_a') THEN 'one place' END) END AS narrower_in,
           -- for crossed scopes: where each one is the narrower
           CASE WHEN scopes_cross THEN concat_ws(', ',
               CASE WHEN d.period_relation = 'a_within_b' THEN 'a shorter period' END,
               CASE WHEN d.perpetrator_relation = 'a_within_b' THEN 'only ' || d.a_perpetrator_words END,
               CASE WHEN d.victim_relation = 'a_within_b' THEN 'only ' || d.a_victim_group END,
               CASE WHEN d.place_relation = 'a_within_b' THEN 'only ' || d.a_place END) END AS a_narrower_in,
           CASE WHEN scopes_cross THEN concat_ws(', ',
               CASE WHEN d.period_relation = 'b_within_a' THEN 'a shorter period' END,
               CASE WHEN d.perpetrator_relation = 'b_within_a' THEN 'only ' || d.b_perpetrator_words END,
               CASE WHEN d.victim_relation = 'b_within_a' THEN 'only ' || d.b_victim_group END,
               CASE WHEN d.place_relation = 'b_within_a' THEN 'only ' || d.b_place END) END AS b_narrower_in,
           -- the lower and the higher side of an earlier, lower count
           CASE WHEN d.earlier_lower AND d.a_high < d.b_low THEN d.a_who WHEN d.earlier_lower THEN d.b_who END
               AS lower_who,
           CASE WHEN d.earlier_lower AND d.a_high < d.b_low THEN d.a_as_of WHEN d.earlier_lower THEN d.b_as_of END
               AS lower_as_of,
           CASE WHEN d.earlier_lower AND d.a_high < d.b_low THEN d.b_who WHEN d.earlier_lower THEN d.a_who END
               AS higher_who,
           CASE WHEN d.earlier_lower AND d.a_high < d.b_low THEN d.b_as_of WHEN d.earlier_lower THEN d.a_as_of END
               AS higher_as_of,
           -- the lower count's as-of date, read at its precision, may reach the higher one's
           d.earlier_lower AND CASE WHEN d.a_high < d.b_low THEN d.a_as_of_last >= d.b_as_of_first
                                    ELSE d.b_as_of_last >= d.a_as_of_first END AS as_of_dates_overlap
    FROM timed d
)
SELECT * FROM reasoned;
