-- casualty_totals: every count and share of deaths, injuries and hospitalizations, one row per figure, with victim group and parent total
-- columns: claimant, measure, victim_group, stated, period, as_of
--
-- Answers: who says how many people were killed, injured or taken to hospital, which group of victims, by whose
-- attacks, over which period, as of when — and which total each subgroup belongs to.
-- One row per figure of measure deaths, injuries or hospitalized. Read each row as "claimant says: stated
-- <measure> (<victim_group>)". A row with a parent is part of that total (e.g. children among all deaths).
--
-- Columns: as in attack_totals, plus
--   measure                       deaths | injuries | hospitalized
--   victim_group                  all | civilians | children | women | soldiers | fighters | prisoners
--   parent_figure_id, parent_victim_group, parent_value_text, parent_qualifier, parent_low, parent_high
--                                 the total this figure is part (or a share) of, and its victim group
--   implied_low, implied_high, implied   for a share with a parent: the count it implies (same rule as
--                                 attack_totals: share × parent / 100, end by end, widened to whole numbers)
-- event_scope tells a toll of chemical attacks (chemical_attacks) from the toll of a whole military campaign
-- (military_campaign): they are never the same thing.
SELECT
    figure_id, source_id, claimant_id, claimant, relayed_by_id, relayer,
    measure, victim_group, perpetrator_id, perpetrator, event_scope, place, incident_id, claim_type,
    period, period_start, period_end, period_basis,
    as_of_label AS as_of, as_of_from,
    unit, value_text, value, qualifier, low, high, stated, says,
    parent_figure_id, parent_victim_group, parent_value_text, parent_qualifier, parent_low, parent_high,
    implied_low, implied_high,
    CASE WHEN implied_low IS NOT NULL THEN implied_words || ' ' || measure_words(measure)
         WHEN unit = 'percent' THEN 'no count: the share''s total is not given'
    END AS implied
FROM figure_readings()
WHERE measure IN ('deaths', 'injuries', 'hospitalized')
ORDER BY measure, event_scope, figure_id;
