-- GENERATED from sql/macros/*.sql, in name order: edit those files, then run
-- `python tests/test_reconcile.py --write-macros` (tests/test_reconcile.py checks this file is their concatenation).
-- syriacw.db.connect() runs this file once, after loading the tables and before creating one view per query.
-- Every rule the queries apply to a number, an interval, a period or a scope is written in sql/macros/ once;
-- docs/reconciliation.md explains them.

-- Intervals: numbers in words, and the rules on the [low, high] intervals of figures.
--
-- Intervals. The build already turns each figure's qualifier into [low, high] (rule in syriacw/numbers.py and
-- the codebook: exact [v, v] · at_least [v, open) · more_than [v+1, open) for counts · approximately
-- [0.9v, 1.1v] · at_most [0, v] · less_than [0, v-1] · vague e.g. مئات = [300, 999] · range [a, b]).
-- These macros reuse figures.low / figures.high and never re-derive them. A NULL high is an open end (no upper
-- limit); a NULL low (no readable number) is read as 0.


-- 1234 → '1,234'; 6.72 → '6.72'; 88.2 → '88.2' (at most two decimals).
CREATE OR REPLACE MACRO num_label(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN x = round(x) THEN format('{:,}', x::BIGINT)
         ELSE rtrim(rtrim(format('{:,.2f}', x::DOUBLE), '0'), '.') END;

-- An interval in words: 'at least 222', '336', '10,800 to 13,200', 'at most 19', '98%'.
CREATE OR REPLACE MACRO interval_label(low, high, unit) AS
    CASE WHEN low IS NULL AND high IS NULL THEN 'an unknown number'
         WHEN high IS NULL THEN 'at least ' || num_label(low)
         WHEN low = high THEN num_label(low)
         WHEN coalesce(low, 0) = 0 THEN 'at most ' || num_label(high)
         ELSE num_label(low) || ' to ' || num_label(high) END
    || CASE WHEN unit = 'percent' THEN '%' ELSE '' END;

-- Do [alow, ahigh] and [blow, bhigh] share at least one value? (open ends never stop an overlap)
CREATE OR REPLACE MACRO intervals_overlap(alow, ahigh, blow, bhigh) AS
    coalesce(alow, 0) <= coalesce(bhigh, 'infinity'::DOUBLE)
    AND coalesce(blow, 0) <= coalesce(ahigh, 'infinity'::DOUBLE);

-- Distance between two intervals: 0 when they overlap, otherwise how far the nearer ends are apart.
CREATE OR REPLACE MACRO interval_gap(alow, ahigh, blow, bhigh) AS
    greatest(0, coalesce(alow, 0) - coalesce(bhigh, 'infinity'::DOUBLE),
                coalesce(blow, 0) - coalesce(ahigh, 'infinity'::DOUBLE));

-- Can the figure with the narrower scope be at most the figure with the wider scope? (part ≤ whole: its
-- lowest possible value must not exceed the whole's highest possible value)
CREATE OR REPLACE MACRO fits_within(part_low, whole_high) AS
    coalesce(part_low, 0) <= coalesce(whole_high, 'infinity'::DOUBLE);

-- The count a share implies: share% × parent / 100, as an interval carrying both qualifiers:
--   [low_share × low_parent / 100, high_share × high_parent / 100], open when either high is open.
-- A count of attacks or people is a whole number and a stated share is itself rounded (98% of 336 = 329.28
-- is not a count), so the interval is widened outward to whole numbers: floor(low), ceil(high) → [329, 330].
CREATE OR REPLACE MACRO implied_low(share_low, parent_low) AS
    floor(round(coalesce(share_low, 0) * coalesce(parent_low, 0) / 100, 6));
CREATE OR REPLACE MACRO implied_high(share_high, parent_high) AS
    ceil(round(share_high * parent_high / 100, 6));

-- A vague plural in English, from the lower bound the build gives it (syriacw/numbers.py: 3 × its unit).
CREATE OR REPLACE MACRO vague_words(low) AS
    CASE low WHEN 30 THEN 'tens' WHEN 300 THEN 'hundreds' WHEN 3000 THEN 'thousands' WHEN 3000000 THEN 'millions'
             ELSE 'an unstated number' END;

-- What a figure says, in the source's terms, and — where the interval is a reading, not the words — the interval
-- it is read as: 'about 98% (read as 88.2 to 100%)', 'hundreds (read as 300 to 999)', 'more than 20 (read as at
-- least 21)', 'at least 222', '336'. A reading is never worded as what an organization says.
CREATE OR REPLACE MACRO says_label(qualifier, value, low, high, unit) AS
    CASE qualifier
         WHEN 'approximately' THEN 'about ' || num_label(value) || CASE WHEN unit = 'percent' THEN '%' ELSE '' END
         WHEN 'more_than' THEN 'more than ' || num_label(value) || CASE WHEN unit = 'percent' THEN '%' ELSE '' END
         WHEN 'less_than' THEN 'less than ' || num_label(value) || CASE WHEN unit = 'percent' THEN '%' ELSE '' END
         WHEN 'vague' THEN vague_words(low)
         ELSE interval_label(low, high, unit) END
    || CASE WHEN qualifier IN ('approximately', 'more_than', 'less_than', 'vague')
            THEN ' (read as ' || interval_label(low, high, unit) || ')' ELSE '' END;

-- A share's implied count as derived, not as said: '98% of 336 implies 329 to 330'.
CREATE OR REPLACE MACRO implied_label(share_says, parent_says, implied_low, implied_high) AS
    share_says || ' of ' || parent_says || ' implies ' || interval_label(implied_low, implied_high, 'count');

-- Is `relayed` the number `original` rounded? The rule: a rounded number ends in zeros, and its last non-zero digit
-- is the unit it was rounded to (12,000 → thousands, 1,000,000 → millions, 220 → tens); it keeps at most 3
-- significant digits; and `original` rounded half up to that unit gives it. 966,140 → about a million: rounded.
-- 11,212 → 12,000: not (11,212 to the thousand is 11,000). 217 → 222: not (222 ends in no zero). Whole numbers only.
CREATE OR REPLACE MACRO trailing_zeros(v) AS
    length(v::BIGINT::VARCHAR) - length(rtrim(v::BIGINT::VARCHAR, '0'));
CREATE OR REPLACE MACRO is_rounding_of(relayed, original) AS
    relayed <> original AND relayed > 0 AND relayed = round(relayed) AND original > 0
    AND trailing_zeros(relayed) >= 1
    AND length(rtrim(relayed::BIGINT::VARCHAR, '0')) <= 3
    AND floor(original / 10 ** trailing_zeros(relayed) + 0.5) * 10 ** trailing_zeros(relayed) = relayed;

-- Sets of relations, as bits of one integer: what periods, scopes and verdicts (the files after this one) are
-- worked out in.

-- Sets of relations, as bits of one integer. Where a figure leaves something unstated (a period end, the
-- perpetrator, the victim group) a dimension can stand in several relations at once. pairwise works these sets out
-- for every pair, about 1.4 million at 10^6 figures, and a list per pair cost more than everything else it does;
-- bits cost next to nothing. A set is the OR of its relations' bits (relation_bit).
--   one dimension   same 1 · a_within_b 2 · b_within_a 4 · partial 8 · disjoint 16 · different 32
--   the whole scope crossed 64 · incomparable 128 (scope_relations)
CREATE OR REPLACE MACRO relation_bit(name) AS
    CASE name WHEN 'same' THEN 1 WHEN 'a_within_b' THEN 2 WHEN 'b_within_a' THEN 4 WHEN 'partial' THEN 8
              WHEN 'disjoint' THEN 16 WHEN 'different' THEN 32 WHEN 'crossed' THEN 64 WHEN 'incomparable' THEN 128
              END;

-- The one relation in a set of one; NULL for an empty set or a set of several.
CREATE OR REPLACE MACRO relation_name(relations) AS
    CASE relations WHEN 1 THEN 'same' WHEN 2 THEN 'a_within_b' WHEN 4 THEN 'b_within_a' WHEN 8 THEN 'partial'
                   WHEN 16 THEN 'disjoint' WHEN 32 THEN 'different' WHEN 64 THEN 'crossed' WHEN 128 THEN 'incomparable'
                   END;

-- Could a set of relations be `name`?
CREATE OR REPLACE MACRO can_be(relations, name) AS
    (relations & relation_bit(name)) <> 0;

-- Dates and periods: labels at a date's precision, and how two periods stand to each other.

-- A stored date shown at its precision: '2012', '2019-02', '2015-03-16'.
CREATE OR REPLACE MACRO date_label(d, precision) AS
    CASE WHEN d IS NULL THEN NULL
         WHEN precision = 'year' THEN strftime(d::DATE, '%Y')
         WHEN precision = 'month' THEN strftime(d::DATE, '%Y-%m')
         ELSE strftime(d::DATE, '%Y-%m-%d') END;

-- The last day of a partial date stored as its first day (as_of, published_on): 2019-02 → 2019-02-28.
CREATE OR REPLACE MACRO last_day_of(d, precision) AS
    CASE WHEN d IS NULL THEN NULL
         WHEN precision = 'year' THEN make_date(year(d::DATE), 12, 31)
         WHEN precision = 'month' THEN last_day(d::DATE)
         ELSE d::DATE END;

-- '2012 to 2021', '2019-03', 'since 2019-02', 'period not stated'.
CREATE OR REPLACE MACRO period_label(s, sp, e, ep) AS
    CASE WHEN s IS NULL AND e IS NULL THEN 'period not stated'
         WHEN s IS NULL THEN 'until ' || date_label(e, ep)
         WHEN e IS NULL THEN 'since ' || date_label(s, sp)
         WHEN date_label(s, sp) = date_label(e, ep) THEN date_label(s, sp)
         ELSE date_label(s, sp) || ' to ' || date_label(e, ep) END;

-- How period A stands to period B when all four ends are known (a period runs from the first day of its stated
-- start to the last day of its stated end, as the build stores it): same | a_within_b | b_within_a | partial |
-- disjoint. NULL when an end is unknown.
CREATE OR REPLACE MACRO period_relation(a_start, a_end, b_start, b_end) AS
    CASE WHEN a_start IS NULL OR a_end IS NULL OR b_start IS NULL OR b_end IS NULL THEN NULL
         WHEN a_start = b_start AND a_end = b_end THEN 'same'
         WHEN a_start >= b_start AND a_end <= b_end THEN 'a_within_b'
         WHEN b_start >= a_start AND b_end <= a_end THEN 'b_within_a'
         WHEN a_start <= b_end AND b_start <= a_end THEN 'partial'
         ELSE 'disjoint' END;

-- Every relation the two periods could have, given what is known (a set, as above). Each period is given as
-- bounds on its start and end (figure_readings() computes them): a known end is a point; an unknown start can be
-- anything up to the end; an unknown end can be anything from the start up to the figure's as-of date (a count
-- cannot include what happened after it was made). With all ends known the set holds one relation; otherwise
-- 'partial' is always possible, so a pair with an unknown period is never given a verdict (see
-- verdict_under_readings).
CREATE OR REPLACE MACRO period_relations(a_smin, a_smax, a_emin, a_emax, b_smin, b_smax, b_emin, b_emax) AS
    CASE WHEN a_smin = a_smax AND a_emin = a_emax AND b_smin = b_smax AND b_emin = b_emax
         THEN relation_bit(period_relation(a_smin, a_emax, b_smin, b_emax))
         ELSE CASE WHEN a_smin <= b_smax AND b_smin <= a_smax AND a_emin <= b_emax AND b_emin <= a_emax
                   THEN relation_bit('same') ELSE 0 END
              | CASE WHEN a_smax >= b_smin AND a_emin <= b_emax THEN relation_bit('a_within_b') ELSE 0 END
              | CASE WHEN b_smax >= a_smin AND b_emin <= a_emax THEN relation_bit('b_within_a') ELSE 0 END
              | relation_bit('partial') END;

-- Scopes: perpetrator, victim group, place, and the scope relation of a pair from its four dimensions.

-- Place as a scope: empty (the codebook's "Syria as a whole") and 'Syria' mean the whole country (NULL).
CREATE OR REPLACE MACRO place_scope(place) AS
    CASE WHEN place IS NULL OR lower(trim(place)) IN ('syria', 'all of syria', 'syria as a whole') THEN NULL
         ELSE trim(place) END;

-- An organization's lineage (org_lineages()) as text, '|syrian-armed-forces|syrian-government|', and whether an
-- organization is in it. pairwise carries lineages through its hash join, where a list cost it more than text
-- (organization IDs are kebab-case, so '|' never occurs in one).
CREATE OR REPLACE MACRO lineage_text(lineage) AS
    '|' || array_to_string(lineage, '|') || '|';
CREATE OR REPLACE MACRO in_lineage(org, lineage_text) AS
    contains(lineage_text, '|' || org || '|');

-- Every relation two perpetrator scopes could have. a_lineage / b_lineage (lineage_text) name the perpetrator and
-- the organizations above it (organizations.parent_id), so attacks by syrian-armed-forces lie within attacks by
-- syrian-government. The organization 'all-perpetrators' (vocabulary: "a claimant's total over every party it
-- counts") contains every other perpetrator. Any other coalition row (e.g. syrian-government-russia) is its own
-- scope: its members are not structured data, so it neither contains nor lies within its members' scopes.
--   equal (or both unstated)     → same (two totals that name no perpetrator are read alike)
--   all-perpetrators vs unstated → same (whichever way the unstated one is read, it is everyone's)
--   all-perpetrators vs X        → X within it
--   one unstated, the other X    → same OR the X count lies within the unstated one: the unstated figure may
--                                  count only X's attacks or everyone's; a verdict must hold under both readings
--   ancestor / other             → within / different
CREATE OR REPLACE MACRO perpetrator_relations(a, a_lineage, b, b_lineage) AS
    CASE WHEN a IS NOT DISTINCT FROM b THEN relation_bit('same')
         WHEN (a = 'all-perpetrators' AND b IS NULL) OR (b = 'all-perpetrators' AND a IS NULL)
         THEN relation_bit('same')
         WHEN a = 'all-perpetrators' THEN relation_bit('b_within_a')
         WHEN b = 'all-perpetrators' THEN relation_bit('a_within_b')
         WHEN a IS NULL THEN relation_bit('same') | relation_bit('b_within_a')
         WHEN b IS NULL THEN relation_bit('same') | relation_bit('a_within_b')
         WHEN in_lineage(b, a_lineage) THEN relation_bit('a_within_b')
         WHEN in_lineage(a, b_lineage) THEN relation_bit('b_within_a')
         ELSE relation_bit('different') END;

-- Does a part's perpetrator lie within its total's? (the same, one below it, or the total is everyone's)
CREATE OR REPLACE MACRO perpetrator_within(part, part_lineage, total) AS
    total = 'all-perpetrators' OR part = total OR list_contains(part_lineage, total);

-- Victim groups: 'all' contains every group; any two other groups are different (children and women are not
-- assumed to be civilians; women are adults, so children and women are disjoint). An empty group on a
-- casualty figure could be anything.
CREATE OR REPLACE MACRO victim_relations(a, b) AS
    CASE WHEN a IS NOT DISTINCT FROM b THEN relation_bit('same')
         WHEN a = 'all' THEN relation_bit('b_within_a')
         WHEN b = 'all' THEN relation_bit('a_within_b')
         WHEN a IS NULL OR b IS NULL THEN relation_bit('same') | relation_bit('a_within_b') | relation_bit('b_within_a')
                                          | relation_bit('different')
         ELSE relation_bit('different') END;

-- Places (after place_scope): the whole country contains any named place; two named places are compared as
-- text, so different wording is read as a different place.
CREATE OR REPLACE MACRO place_relations(a, b) AS
    CASE WHEN a IS NOT DISTINCT FROM b THEN relation_bit('same')
         WHEN a IS NULL THEN relation_bit('b_within_a')
         WHEN b IS NULL THEN relation_bit('a_within_b')
         ELSE relation_bit('different') END;

-- Could a dimension be the same, or nested the way `within` says? Could it be the same or nested either way?
CREATE OR REPLACE MACRO can_be_within(relations, within) AS
    can_be(relations, 'same') OR can_be(relations, within);
CREATE OR REPLACE MACRO can_nest(relations) AS
    can_be(relations, 'same') OR can_be(relations, 'a_within_b') OR can_be(relations, 'b_within_a');

-- The scope relation under one reading of every dimension, given as the OR of the four relations' bits (one bit
-- each): any dimension different (32), partial (8) or disjoint (16) → incomparable (128); A narrower in one
-- dimension (a_within_b, 2) and B in another (b_within_a, 4) → crossed (64); otherwise a_within_b, b_within_a or
-- same (1). The bits are written as numbers because pairwise runs this inside a lambda, where DuckDB does not fold
-- relation_bit('…') into a constant but compares the strings for every combination.
CREATE OR REPLACE MACRO scope_relation(one_reading_each) AS
    CASE WHEN (one_reading_each & (32 | 8 | 16)) <> 0 THEN 128
         WHEN (one_reading_each & (2 | 4)) = (2 | 4) THEN 64
         WHEN (one_reading_each & 2) <> 0 THEN 2
         WHEN (one_reading_each & 4) <> 0 THEN 4
         ELSE 1 END;

-- Every combination of one reading per dimension that could make a pair conflict: period, perpetrator and victim
-- each same, a_within_b or b_within_a (27 in all; a reading different, partial or disjoint makes the scopes
-- incomparable, and incomparable scopes never conflict). pairwise keeps those its pair's sets allow.
CREATE OR REPLACE MACRO nested_readings() AS
    list_transform(range(27), lambda k: {period: 1 << (k % 3), perpetrator: 1 << (k // 3 % 3),
                                         victim: 1 << (k // 9)});

-- The scope relations a pair could have, from the sets of its four dimensions: scope_relation over every
-- combination of one reading from each set, worked out without listing the combinations (tests/test_reconcile.py
-- checks the two against each other for every set a dimension can have):
--   incomparable  some dimension could be different, partial or disjoint
--   same          every dimension could be the same
--   a_within_b    every dimension could be the same or a_within_b, and one could be a_within_b (b_within_a alike)
--   crossed       every dimension could be the same or nested, one could be a_within_b and another b_within_a
CREATE OR REPLACE MACRO scope_relations(pe, pp, vi, pl) AS
    CASE WHEN can_be(pe | pp | vi | pl, 'different') OR can_be(pe | pp | vi | pl, 'partial')
              OR can_be(pe | pp | vi | pl, 'disjoint') THEN relation_bit('incomparable') ELSE 0 END
    | CASE WHEN can_be(pe & pp & vi & pl, 'same') THEN relation_bit('same') ELSE 0 END
    | CASE WHEN can_be_within(pe, 'a_within_b') AND can_be_within(pp, 'a_within_b')
                AND can_be_within(vi, 'a_within_b') AND can_be_within(pl, 'a_within_b')
                AND can_be(pe | pp | vi | pl, 'a_within_b') THEN relation_bit('a_within_b') ELSE 0 END
    | CASE WHEN can_be_within(pe, 'b_within_a') AND can_be_within(pp, 'b_within_a')
                AND can_be_within(vi, 'b_within_a') AND can_be_within(pl, 'b_within_a')
                AND can_be(pe | pp | vi | pl, 'b_within_a') THEN relation_bit('b_within_a') ELSE 0 END
    | CASE WHEN can_nest(pe) AND can_nest(pp) AND can_nest(vi) AND can_nest(pl)
                AND ((can_be(pe, 'a_within_b') AND can_be(pp | vi | pl, 'b_within_a'))
                     OR (can_be(pp, 'a_within_b') AND can_be(pe | vi | pl, 'b_within_a'))
                     OR (can_be(vi, 'a_within_b') AND can_be(pe | pp | pl, 'b_within_a'))
                     OR (can_be(pl, 'a_within_b') AND can_be(pe | pp | vi, 'b_within_a')))
           THEN relation_bit('crossed') ELSE 0 END;

-- Verdicts: what a pair's scope relation and intervals say, for one reading and under every reading.

-- The verdict for one reading:
--   same scope                    → consistent if the intervals overlap, else conflicting
--   nested scope, counts          → the narrower count must fit within the wider one (a count over a shorter
--                                   period, of one perpetrator, of one victim group or of one place cannot
--                                   exceed the count over the scope that contains it): consistent if it can,
--                                   conflicting if even its lowest value exceeds the wider count's highest
--   nested scope, percentages     → not_comparable (a share of a part may be larger than the share of the whole)
--   incomparable or crossed scope → not_comparable
CREATE OR REPLACE MACRO verdict_for(relation, unit, alow, ahigh, blow, bhigh) AS
    CASE WHEN relation = 'same'
              THEN CASE WHEN intervals_overlap(alow, ahigh, blow, bhigh) THEN 'consistent' ELSE 'conflicting' END
         WHEN relation = 'a_within_b' AND unit = 'count'
              THEN CASE WHEN fits_within(alow, bhigh) THEN 'consistent' ELSE 'conflicting' END
         WHEN relation = 'b_within_a' AND unit = 'count'
              THEN CASE WHEN fits_within(blow, ahigh) THEN 'consistent' ELSE 'conflicting' END
         ELSE 'not_comparable' END;

-- Verdicts as a set too: consistent 1 · conflicting 2 · not_comparable 4.
CREATE OR REPLACE MACRO verdict_bit(verdict) AS
    CASE verdict WHEN 'consistent' THEN 1 WHEN 'conflicting' THEN 2 WHEN 'not_comparable' THEN 4 END;

-- Every verdict a pair could get: verdict_for under each scope relation its readings allow (the verdict depends
-- on a reading only through its scope relation).
CREATE OR REPLACE MACRO verdicts_for(relations, unit, alow, ahigh, blow, bhigh) AS
    CASE WHEN can_be(relations, 'same')
         THEN verdict_bit(verdict_for('same', unit, alow, ahigh, blow, bhigh)) ELSE 0 END
    | CASE WHEN can_be(relations, 'a_within_b')
           THEN verdict_bit(verdict_for('a_within_b', unit, alow, ahigh, blow, bhigh)) ELSE 0 END
    | CASE WHEN can_be(relations, 'b_within_a')
           THEN verdict_bit(verdict_for('b_within_a', unit, alow, ahigh, blow, bhigh)) ELSE 0 END
    | CASE WHEN can_be(relations, 'crossed')
           THEN verdict_bit(verdict_for('crossed', unit, alow, ahigh, blow, bhigh)) ELSE 0 END
    | CASE WHEN can_be(relations, 'incomparable')
           THEN verdict_bit(verdict_for('incomparable', unit, alow, ahigh, blow, bhigh)) ELSE 0 END;

-- The scope relations under which a pair would get `verdict` (a set of relations): conflicts_if in pairwise tests
-- each combination of readings against it, so that no verdict is worked out inside a list.
CREATE OR REPLACE MACRO relations_giving(verdict, unit, alow, ahigh, blow, bhigh) AS
    CASE WHEN verdict_for('same', unit, alow, ahigh, blow, bhigh) = verdict THEN relation_bit('same') ELSE 0 END
    | CASE WHEN verdict_for('a_within_b', unit, alow, ahigh, blow, bhigh) = verdict
           THEN relation_bit('a_within_b') ELSE 0 END
    | CASE WHEN verdict_for('b_within_a', unit, alow, ahigh, blow, bhigh) = verdict
           THEN relation_bit('b_within_a') ELSE 0 END
    | CASE WHEN verdict_for('crossed', unit, alow, ahigh, blow, bhigh) = verdict THEN relation_bit('crossed') ELSE 0 END
    | CASE WHEN verdict_for('incomparable', unit, alow, ahigh, blow, bhigh) = verdict
           THEN relation_bit('incomparable') ELSE 0 END;

-- The verdict of a pair given every verdict its readings could get: a verdict is given only when every reading
-- gives it; otherwise not_comparable.
CREATE OR REPLACE MACRO verdict_under_readings(verdicts) AS
    CASE verdicts WHEN verdict_bit('consistent') THEN 'consistent' WHEN verdict_bit('conflicting') THEN 'conflicting'
                  ELSE 'not_comparable' END;

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

-- Counting rules: what an organization counts as one unit of a measure, where the data records it. The seeds have no
-- column for a counting definition, so the few that the figures' own notes state are written here, as data: one
-- row per claimant and measure, with the figures whose notes say so (`basis`). pairwise reads it: two figures whose
-- claimants count by different rules are said to differ in definition, not to contradict each other in fact.
-- Add a row only from what a source states; a claimant without a row has no recorded rule.
CREATE OR REPLACE MACRO counting_rules() AS TABLE
SELECT * FROM (VALUES
    ('gppi', 'attacks',
     'attacks it graded as credibly substantiated or better (349 of 519 reported, 2020)',
     'fig-gppi-2019-att (''confirmed'' attacks), fig-gppi-2020-att (349 classified of 519 reported; grades)'),
    ('snhr', 'attacks',
     'every attack it documented in its own database',
     'fig-001-05 (''وفق قاعدة بيانات الشبكة''), fig-snhr-2022-att-total (total documented)')
) AS rules(claimant_id, measure, counts, basis);

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
