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
