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
