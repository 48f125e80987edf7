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
--   a_place, a_as_of                              figure A: 'stated' or 'implied count' (from a share), what it
--                                                 says (the interval it is read as in brackets where that is a
--                                                 reading: "about 221 (read as 199 to 243)"; an implied count as
--                                                 derived: "98% of 336 attacks … (implies 329 to 330)"), its
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
--   verdict             consistent | conflicting | not_comparable, or — for a pair the rules above find
--                       conflicting — what the data says instead of a contradiction:
--                       earlier_count_lower  the lower of two counts is dated earlier: its as-of date, at its
--                                 precision, begins before the other's (SOHR's 502 of 2013-08 against SNHR's at least
--                                 1,127 of 2014-08-18). Counts grow as cases are identified; not a contradiction.
--                       definitions_differ   both claimants' counting rules for the measure are recorded
--                                 (counting_rules(), sql/macros/7_counting_rules.sql) and differ (GPPi's graded
--                                 attacks against SNHR's documented ones): a difference of definition, not of fact.
--                       could_conflict stays true for both; earlier_count_lower is checked first.
--   reason              the rule(s) the verdict rests on: same_scope, nested_scope, same_or_nested_scope (the
--                       verdict holds whether an unstated perpetrator is read as the same or as everyone),
--                       perpetrator_unstated,
--                       period_unknown, periods_partly_overlap, periods_disjoint, different_perpetrator,
--                       different_victim_group, victim_group_unknown, different_place, scopes_cross,
--                       shares_of_different_scopes, earlier_count_lower, definitions_differ
--   could_conflict      would some reading of what the figures leave unstated make them contradict each other?
--   conflicts_if        for a not_comparable pair: the readings under which they would
--   caveats             what the verdict must be read with, in the same row ('; ' between them, empty if none):
--                       "the two organizations define an attack differently (…)" where counting_rules() records
--                       both; "earlier count, lower: …" (with a note when the dates overlap at their precision);
--                       "X's figure was seen only in a relay (source)" (sources.seen = relay: its publication was
--                       not read itself); "X's figure is read in another's document (source)" (an archived document
--                       of another publisher); "derived: 98% of 336 implies 329 to 330" for an implied count.
--   explanation         the verdict in plain English, quotable, ending with the same caveats
--
-- Layers (sql/macros/8_pairs.sql): pair_scopes() → pair_verdicts() → this file, which sorts the pairs and puts
-- each in words. Each layer can be queried on its own: SELECT * FROM pair_verdicts() WHERE verdict = '…'.
-- sorted before the explanation is written: the sort then carries only what the answer and its explanation are
-- made from, not the explanation itself (about 40% of the answer's bytes). The SELECT below keeps this order: it
-- reads one CTE and only projects (DuckDB guarantees row order through SELECT from a single table or CTE; see
-- "Order Preservation" in its documentation), and tests/test_reconcile.py checks the plan is still shaped so.
WITH ordered AS (
    SELECT a_measure, a_unit, a_event_scope, a_incident_id,
           a_figure_id, a_reading, a_who, a_what, a_low, a_high, a_value, a_period, a_period_start, a_period_end,
           a_perpetrator, a_victim_group, a_place, a_as_of, a_narrower_in,
           b_figure_id, b_reading, b_who, b_what, b_low, b_high, b_value, b_period, b_period_start, b_period_end,
           b_perpetrator, b_victim_group, b_place, b_as_of, b_narrower_in,
           unit, relations, period_relation, perpetrator_relation, victim_relation, place_relation,
           verdict, reason, could_conflict, could_agree, conflicts_if, scopes_cross, shares_of_different_scopes,
           narrow_who, wide_who, unstated_who, narrower_in,
           reported_verdict, earlier_lower, definitions_differ, lower_who, lower_as_of, higher_who, higher_as_of, as_of_dates_overlap,
           a_counts_as, b_counts_as, a_evidence, a_source_id, a_derived, b_evidence, b_source_id, b_derived
    FROM pair_verdicts()
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
    r.reported_verdict AS verdict,
    r.reason,
    r.could_conflict,
    CASE WHEN r.verdict = 'not_comparable' THEN nullif(r.conflicts_if, '') END AS conflicts_if,
    r.caveats,
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
                     ' apart)', r.conflict_words)
         WHEN r.verdict IN ('consistent', 'conflicting') AND r.unstated_who IS NOT NULL THEN
              concat('Whether ', possessive(r.unstated_who), ' figure covers only ',
                     coalesce(r.a_perpetrator, r.b_perpetrator), ' or every party, ',
                     CASE WHEN r.verdict = 'consistent' THEN 'the two fit together: no contradiction.'
                          ELSE concat('one is larger than the other allows', r.conflict_words) END)
         WHEN r.verdict = 'consistent' THEN
              concat(possessive(r.narrow_who), ' figure has a narrower scope (', r.narrower_in,
                     ') and is not larger than ', possessive(r.wide_who),
                     ' figure for the wider scope, which contains it: no contradiction.')
         WHEN r.verdict = 'conflicting' THEN
              concat(possessive(r.narrow_who), ' figure has a narrower scope (', r.narrower_in,
                     ') yet is larger than ', possessive(r.wide_who),
                     ' figure for the wider scope, which should contain it', r.conflict_words)
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
                         ' figure is a minimum with no upper limit, so a larger count does not contradict it.') END,
        ' Caveats: ' || r.caveats || '.')
    AS explanation
FROM (
    SELECT o.*,
           -- how a conflict ends in words: a contradiction, or why it is none
           CASE WHEN o.earlier_lower
                THEN concat(': ', possessive(o.lower_who), ' lower count is dated earlier (', o.lower_as_of, ') than ',
                            possessive(o.higher_who), ' (', o.higher_as_of, '); counts grow as cases are identified, ',
                            'so an earlier, lower count does not contradict a later, higher one.')
                WHEN o.definitions_differ
                THEN concat(': the two count by different definitions, so the difference is one of definition, ',
                            'not a contradiction of fact.')
                ELSE ': they contradict each other.' END AS conflict_words,
           -- what the verdict must be read with (also in the explanation): definitions, timing, relays, derivations
           nullif(concat_ws('; ',
               CASE WHEN o.definitions_differ
                    THEN concat('the two organizations define ',
                                CASE WHEN o.a_measure = 'attacks' THEN 'an attack'
                                     ELSE 'a unit of ' || measure_words(o.a_measure) END,
                                ' differently (', o.a_who, ': ', o.a_counts_as, '; ', o.b_who, ': ', o.b_counts_as,
                                ')') END,
               CASE WHEN o.earlier_lower
                    THEN concat('earlier count, lower: ', possessive(o.lower_who), ' as of ', o.lower_as_of, ', ',
                                possessive(o.higher_who), ' as of ', o.higher_as_of,
                                CASE WHEN o.as_of_dates_overlap
                                     THEN ' (the dates overlap at their precision: the lower count may be no earlier)'
                                     END) END,
               o.a_derived, relay_caveat(o.a_who, o.a_evidence, o.a_source_id),
               o.b_derived, relay_caveat(o.b_who, o.b_evidence, o.b_source_id)), '') AS caveats
    FROM ordered o
) r;
