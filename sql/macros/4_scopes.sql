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
