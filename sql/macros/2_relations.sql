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
