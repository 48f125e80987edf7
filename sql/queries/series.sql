-- series: each organization's totals over its successive publications, with the change from the previous one and a flag where a later total is smaller
-- columns: claimant, measure, as_of, says, change, smaller_than_before
--
-- Answers: how did SNHR's count of attacks grow from 2017 to 2022, and did a total ever go down? One row per
-- running total an organization published itself, grouped into series of figures that count the same thing: the
-- same claimant, measure, unit, event scope, perpetrator, victim group and incident (NULL = Syria as a whole).
-- Filter with `WHERE claimant_id = 'snhr'` for one organization.
-- An organization's series is its own publications: a figure someone else relays (figures.relayed_by_id set, or a
-- figure in an archived document of another publisher) is not the organization's earlier or later figure; it is
-- compared with the organization's own in relay_check. A publication seen only through a report of it is still
-- the organization's own (evidence = relay_only).
-- A running total is a count that is not a part of another figure (no parent_figure_id) and whose period runs
-- up to its as-of date or is not stated (its period_end is no more than a year before the as-of date): SNHR's
-- "33 attacks before resolution 2118" counts a closed past period and its "184 after ratification" is a part of
-- 222, so neither is in a series.
-- Order within a series: by as-of date (the figure's as_of, else its source's publication date), a partial date
-- at the LAST day it can stand for — a figure dated only "2021" was current by 31 December 2021, not on 1 January
-- — and, at the same last day, the more precise date first (then figure_id).
--
-- Columns
--   as_of          when the figure was current, at its precision.
--   says           what the figure says, with the interval it is read as where that is a reading ("about 221
--                  (read as 199 to 243)"); low / high as numbers.
--   previous_says  the previous figure of the same series; change = this stated number − the previous one
--                  (the value as stated; for a vague figure its lower bound).
--   smaller_than_before  true when this total states a smaller number than the previous total, and the previous
--                  one is dated earlier whatever the dates' precision (its last possible day is before this one's
--                  first): a running count that shrinks (a correction, or a scope not visible in the words).
--   evidence       primary when the publication itself was read; relay_only when only a report of it was.
WITH s AS (
    SELECT r.*, coalesce(r.value, r.low) AS stated_number
    FROM figure_readings() r
    WHERE r.unit = 'count' AND r.low IS NOT NULL AND r.parent_figure_id IS NULL
      AND r.relayed_by_id IS NULL AND r.evidence IN ('primary', 'relay_only')
      AND (r.period_end IS NULL OR r.as_of IS NULL OR r.period_end >= r.as_of - INTERVAL 366 DAY)
),
ordered AS (
    SELECT s.*,
           lag(says) OVER w AS previous_says, lag(stated_number) OVER w AS previous_number,
           lag(figure_id) OVER w AS previous_figure_id, lag(as_of_last_day) OVER w AS previous_as_of_last,
           count(*) OVER (PARTITION BY claimant_id, measure, event_scope, perpetrator_id, victim_group, incident_id)
               AS series_length
    FROM s
    WINDOW w AS (PARTITION BY claimant_id, measure, event_scope, perpetrator_id, victim_group, incident_id
                 ORDER BY as_of_last_day NULLS FIRST, as_of NULLS FIRST, figure_id)
)
SELECT claimant_id, claimant, measure, event_scope, perpetrator, victim_group, incident_id,
       as_of_label AS as_of, says, low, high, qualifier, source_id, figure_id, evidence,
       previous_says, previous_figure_id, stated_number - previous_number AS change,
       coalesce(stated_number < previous_number AND previous_as_of_last < as_of, false) AS smaller_than_before,
       series_length
FROM ordered
ORDER BY claimant_id, measure, event_scope, perpetrator_id NULLS FIRST, victim_group NULLS FIRST, incident_id NULLS FIRST,
         as_of_last_day NULLS FIRST, as_of NULLS FIRST, figure_id;
