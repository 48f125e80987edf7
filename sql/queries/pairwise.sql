-- pairwise: every pair of figures from different claimants about the same measure, unit and scope kind, with a verdict (consistent, conflicting, not_comparable) and why
-- columns: explanation, verdict, a_claimant, b_claimant
--
-- Answers: do two organizations' numbers contradict each other, or do they count different things over
-- different periods? One row per pair of figures by different claimants. Read `explanation` first: it says in
-- plain English what each figure says and why the verdict follows.
--
-- Which figures are paired (the pairing keys, so the query never compares everything with everything)
--   same measure, same unit, same event_scope (a chemical-attacks count is never compared with a campaign
--   toll), and the same incident_id (NULL = not about one incident: totals are paired with totals, an
--   incident's figures with the same incident's figures). Different claimant_id. Each pair appears once.
--   Pairs are formed by a hash join on equality of these keys, so no pair across key groups is ever formed, and
--   each pair's readings (below) are judged within the pair's own row, never multiplied into a row per reading
--   and grouped back. Every pair within a key group is part of the answer, not_comparable ones included (they
--   say why two figures cannot be compared), so the rows and the work grow with the sum over key groups of the
--   square of their size. An incident's group holds its few claimants' figures, so incident pairs grow with the
--   number of incidents; the groups of totals (figures about no one incident) grow with the number of totals
--   stated by different claimants, which does not grow with incidents (BENCHMARKS.md shows the growth). Restating
--   the same total in many documents does multiply its pairs: each restatement is its own figure.
--   To ask for less, filter on a pairing key: WHERE incident_id = '…' reaches the join; a filter on one figure's
--   ID (a_figure_id = … OR b_figure_id = …) does not, so it costs as much as the whole answer.
--   A share with a parent total takes part twice: as stated (unit percent, compared with other shares) and as
--   the count it implies (a_reading / b_reading = 'implied count', compared with counts): GPPi's "98% of 336"
--   is compared with SNHR's "at least 222" as 329 to 330 attacks by the Syrian government.
--
-- Scope, dimension by dimension (macros.sql: period_relations, perpetrator_relations, victim_relations,
-- place_relations). Each gives the set of relations A's scope could have to B's (same, a_within_b, b_within_a,
-- or different/partial/disjoint), as bits of one integer; one relation when the dimension is known for certain.
--   period        both ends known: compared day by day (a year runs 1 Jan to 31 Dec). An end not stated could
--                 be anything, except that a count cannot run past its as-of date; so an unknown period allows
--                 several relations, among them partial overlap.
--   perpetrator   same organization = same; an organization within another (organizations.parent_id, e.g. the
--                 Syrian armed forces within the Syrian government) = within; 'all-perpetrators' (a claimant's
--                 total over every party) contains every perpetrator; both unstated = same. One unstated = two
--                 readings: the unstated figure counts only the other's perpetrator (same), or everyone's (the
--                 stated one lies within it).
--   victim group  'all' contains every group; other groups differ from each other; a casualty figure without a
--                 group could stand in any relation.
--   place         empty or 'Syria' = the whole country, which contains every named place; named places are
--                 the same only when written the same.
-- Verdict for one reading (macros.sql: scope_relation, verdict_for)
--   same scope in every dimension             → consistent if the intervals overlap, else conflicting
--   A within B (narrower in some dimension,   → a part cannot exceed its whole: a count over a shorter period,
--     never wider), counts only                 of one perpetrator, one victim group or one place must fit
--                                               within the count of the scope that contains it. consistent if
--                                               A's low ≤ B's high, conflicting if not ("a count over a shorter
--                                               period exceeding a count over a longer period that contains it")
--   nested scope for percentages              → not_comparable (a share of a part may exceed the share of the whole)
--   different perpetrator / victim group / place, periods overlapping in part or disjoint, or A narrower in one
--   dimension and B in another                → not_comparable
-- Verdict of the pair (macros.sql: scope_relations, verdicts_for, verdict_under_readings): the verdict every
-- possible reading gives (e.g. GPPi's total names no perpetrator, but if every reading of it conflicts with a
-- figure, the pair is conflicting); when readings disagree (an unstated period or perpetrator), not_comparable —
-- and could_conflict says whether some reading would make them conflict (conflicts_if says which). When a figure
-- is a minimum ("at least", open above) and the other is larger, the explanation adds that a larger count does
-- not contradict a minimum.
--
-- Columns
--   measure, unit, event_scope, incident_id       the pairing keys
--   a_figure_id, a_reading, a_claimant, a_says, a_low, a_high, a_period, a_perpetrator, a_victim_group,
--   a_place, a_as_of                              figure A: 'stated' or 'implied count' (from a share), its
--                                                 interval (high empty = open) and scope (place empty = Syria
--                                                 as a whole); the same for B (b_…)
--   intervals_overlap   do the two intervals share a value?
--   interval_gap        0 when they overlap, else the distance between them
--   difference, ratio   b_value - a_value and b_value / a_value, on the stated numbers (value; for an implied
--                       count share × parent / 100); empty for a vague figure
--   period_relation, period_overlap   same | a_within_b | b_within_a | partial | disjoint | unknown; the days
--                       both periods cover, when both are known
--   perpetrator_relation  same | a_within_b | b_within_a | different | a_unstated | b_unstated | both_unstated
--   victim_relation, place_relation   same | a_within_b | b_within_a | different | unknown
--   verdict             consistent | conflicting | not_comparable
--   reason              the rule(s) the verdict rests on: same_scope, nested_scope, same_or_nested_scope (the
--                       verdict holds whether an unstated perpetrator is read as the same or as everyone),
--                       perpetrator_unstated,
--                       period_unknown, periods_partly_overlap, periods_disjoint, different_perpetrator,
--                       different_victim_group, victim_group_unknown, different_place, scopes_cross,
--                       shares_of_different_scopes
--   could_conflict      would some reading of what the figures leave unstated make them contradict each other?
--   conflicts_if        for a not_comparable pair: the readings under which they would
--   explanation         the verdict in plain English, quotable
WITH readings AS (
    -- every figure as stated …
    SELECT figure_id AS reading_key, 'stated' AS reading, figure_id, claimant_id, claimant_short AS who,
           measure, unit, event_scope, incident_id, value, low, high,
           concat(stated, CASE WHEN unit = 'percent' THEN ' of ' END,
                  CASE WHEN unit = 'percent' THEN interval_label(parent_low, parent_high, 'count') || ' ' END,
                  CASE WHEN unit <> 'percent' THEN ' ' END, measure_words(measure),
                  ' (' || victim_group || ')', ' by ', perpetrator_words) AS what,
           perpetrator_id, perpetrator, perpetrator_words, lineage_text(perpetrator_lineage) AS perpetrator_lineage,
           victim_group, place_scope AS place,
           period, start_min, start_max, end_min, end_max, period_start, period_end, as_of_label AS as_of
    FROM figure_readings()
    UNION ALL
    -- … and every share with a parent total also as the count it implies
    SELECT figure_id || ' (implied count)', 'implied count', figure_id, claimant_id, claimant_short,
           measure, 'count', event_scope, incident_id, implied_value, implied_low, implied_high,
           concat(interval_label(implied_low, implied_high, 'count'), ' ', measure_words(measure),
                  ' (' || victim_group || ')', ' by ', perpetrator_words,
                  ' (', stated, ' of ', interval_label(parent_low, parent_high, 'count'), ')'),
           perpetrator_id, perpetrator, perpetrator_words, lineage_text(perpetrator_lineage), victim_group, place_scope,
           period, start_min, start_max, end_min, end_max, period_start, period_end, as_of_label
    FROM figure_readings()
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
),
verdicts AS (
    SELECT r.*, verdicts_for(r.relations, r.unit, r.a_low, r.a_high, r.b_low, r.b_high) AS verdicts
    FROM related r
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
reasoned AS (
    SELECT d.*,
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
               CASE WHEN shares_of_different_scopes THEN 'shares_of_different_scopes' END) AS reason,
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
               CASE WHEN d.place_relation = 'b_within_a' THEN 'only ' || d.b_place END) END AS b_narrower_in
    FROM described d
),
-- sorted before the explanation is written: the sort then carries only what the answer and its explanation are
-- made from, not the explanation itself (about 40% of the answer's bytes). The SELECT below keeps this order: it
-- reads one CTE and only projects (DuckDB guarantees row order through SELECT from a single table or CTE; see
-- "Order Preservation" in its documentation), and tests/test_reconcile.py checks the plan is still shaped so.
ordered AS (
    SELECT a_measure, a_unit, a_event_scope, a_incident_id,
           a_figure_id, a_reading, a_who, a_what, a_low, a_high, a_value, a_period, a_period_start, a_period_end,
           a_perpetrator, a_victim_group, a_place, a_as_of, a_narrower_in,
           b_figure_id, b_reading, b_who, b_what, b_low, b_high, b_value, b_period, b_period_start, b_period_end,
           b_perpetrator, b_victim_group, b_place, b_as_of, b_narrower_in,
           unit, relations, period_relation, perpetrator_relation, victim_relation, place_relation,
           verdict, reason, could_conflict, could_agree, conflicts_if, scopes_cross, shares_of_different_scopes,
           narrow_who, wide_who, unstated_who, narrower_in
    FROM reasoned
    ORDER BY a_measure, a_unit, a_event_scope, a_incident_id NULLS FIRST, a_figure_id, a_reading, b_figure_id,
             b_reading
)
SELECT
    r.a_measure AS measure, r.a_unit AS unit, r.a_event_scope AS event_scope, r.a_incident_id AS incident_id,
    r.a_figure_id AS a_figure_id, r.a_reading AS a_reading, r.a_who AS a_claimant, r.a_what AS a_says,
    r.a_low AS a_low, r.a_high AS a_high, r.a_period AS a_period, r.a_perpetrator AS a_perpetrator,
    r.a_victim_group AS a_victim_group, r.a_place AS a_place, r.a_as_of AS a_as_of,
    r.b_figure_id AS b_figure_id, r.b_reading AS b_reading, r.b_who AS b_claimant, r.b_what AS b_says,
    r.b_low AS b_low, r.b_high AS b_high, r.b_period AS b_period, r.b_perpetrator AS b_perpetrator,
    r.b_victim_group AS b_victim_group, r.b_place AS b_place, r.b_as_of AS b_as_of,
    intervals_overlap(r.a_low, r.a_high, r.b_low, r.b_high) AS intervals_overlap,
    interval_gap(r.a_low, r.a_high, r.b_low, r.b_high) AS interval_gap,
    round(r.b_value - r.a_value, 2) AS difference,
    round(r.b_value / nullif(r.a_value, 0), 3) AS ratio,
    r.period_relation,
    CASE WHEN r.period_relation IN ('same', 'a_within_b', 'b_within_a', 'partial')
         THEN strftime(greatest(r.a_period_start, r.b_period_start), '%Y-%m-%d') || ' to '
              || strftime(least(r.a_period_end, r.b_period_end), '%Y-%m-%d') END AS period_overlap,
    r.perpetrator_relation, r.victim_relation, r.place_relation,
    r.verdict,
    r.reason,
    r.could_conflict,
    CASE WHEN r.verdict = 'not_comparable' THEN nullif(r.conflicts_if, '') END AS conflicts_if,
    -- the explanation: what each says, then why the verdict follows (concat, not ||: DuckDB makes a new string at
    -- every ||, and at 10^6 figures a chain of them took several times as long as one concat; no part is NULL)
    concat(
        r.a_who, ' says ', r.a_what, ', ', r.a_period, ', in ' || r.a_place,
        CASE WHEN r.a_period_end IS NULL AND r.a_as_of IS NOT NULL THEN concat(' (figure as of ', r.a_as_of, ')') END,
        '; ', r.b_who, ' says ', r.b_what, ', ', r.b_period, ', in ' || r.b_place,
        CASE WHEN r.b_period_end IS NULL AND r.b_as_of IS NOT NULL THEN concat(' (figure as of ', r.b_as_of, ')') END,
        '. ',
        CASE
         WHEN r.verdict = 'consistent' AND r.relations = relation_bit('same') THEN
              'Same scope, and the ranges overlap: the figures agree.'
         WHEN r.verdict = 'conflicting' AND r.relations = relation_bit('same') THEN
              concat('Same scope, but the ranges do not overlap (',
                     num_label(interval_gap(r.a_low, r.a_high, r.b_low, r.b_high)),
                     ' apart): they contradict each other.')
         WHEN r.verdict IN ('consistent', 'conflicting') AND r.unstated_who IS NOT NULL THEN
              concat('Whether ', possessive(r.unstated_who), ' figure covers only ',
                     coalesce(r.a_perpetrator, r.b_perpetrator), ' or every party, ',
                     CASE WHEN r.verdict = 'consistent' THEN 'the two fit together: no contradiction.'
                          ELSE 'one is larger than the other allows: they contradict each other.' END)
         WHEN r.verdict = 'consistent' THEN
              concat(possessive(r.narrow_who), ' figure has a narrower scope (', r.narrower_in,
                     ') and is not larger than ', possessive(r.wide_who),
                     ' figure for the wider scope allows: no contradiction.')
         WHEN r.verdict = 'conflicting' THEN
              concat(possessive(r.narrow_who), ' figure has a narrower scope (', r.narrower_in,
                     ') yet is larger than ', possessive(r.wide_who),
                     ' figure for the wider scope allows: they contradict each other.')
         ELSE concat('Not comparable: ', concat_ws('; ',
              CASE WHEN r.period_relation = 'unknown' THEN
                   CASE WHEN (r.a_period_start IS NULL OR r.a_period_end IS NULL)
                             AND (r.b_period_start IS NULL OR r.b_period_end IS NULL)
                        THEN concat('neither ', r.a_who, ' nor ', r.b_who, ' states the full period counted')
                        WHEN r.a_period_start IS NULL OR r.a_period_end IS NULL
                        THEN concat(r.a_who, ' does not state the full period counted')
                        ELSE concat(r.b_who, ' does not state the full period counted') END END,
              CASE WHEN r.period_relation = 'partial' THEN 'the periods overlap only in part' END,
              CASE WHEN r.period_relation = 'disjoint' THEN 'the periods do not overlap' END,
              CASE WHEN r.perpetrator_relation = 'different' THEN 'they count different perpetrators' END,
              CASE WHEN r.unstated_who IS NOT NULL THEN concat(r.unstated_who, ' does not say whose attacks it counts')
                   END,
              CASE WHEN r.victim_relation = 'different' THEN 'they count different victim groups' END,
              CASE WHEN r.victim_relation = 'unknown' THEN 'a victim group is not stated' END,
              CASE WHEN r.place_relation = 'different' THEN 'they cover different places' END,
              CASE WHEN r.scopes_cross
                   THEN concat('neither scope contains the other (', r.a_who, ': ', r.a_narrower_in, '; ',
                               r.b_who, ': ', r.b_narrower_in, ')') END,
              CASE WHEN r.shares_of_different_scopes
                   THEN 'shares of differently scoped totals cannot be compared' END),
              '.',
              CASE WHEN r.could_conflict THEN concat(' They would contradict each other if ', r.conflicts_if, '.')
                   WHEN r.could_agree
                   THEN ' No reading of what they leave unstated would make them contradict each other.' END)
        END,
        -- a minimum ("at least") is never contradicted by a larger figure: say so when that is what keeps them apart
        CASE WHEN r.verdict <> 'conflicting' AND r.could_agree AND NOT r.could_conflict AND r.a_high IS NULL
                  AND r.b_high IS NOT NULL AND r.a_low <= r.b_low AND r.a_unit = 'count'
             THEN concat(' ', possessive(r.a_who),
                         ' figure is a minimum with no upper limit, so a larger count does not contradict it.')
             WHEN r.verdict <> 'conflicting' AND r.could_agree AND NOT r.could_conflict AND r.b_high IS NULL
                  AND r.a_high IS NOT NULL AND r.b_low <= r.a_low AND r.a_unit = 'count'
             THEN concat(' ', possessive(r.b_who),
                         ' figure is a minimum with no upper limit, so a larger count does not contradict it.') END)
    AS explanation
FROM ordered r
