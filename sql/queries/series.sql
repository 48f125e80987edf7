-- series: each organization's totals over its successive publications, with the change from the previous one and a flag where a later total is smaller
-- columns: claimant, measure, as_of, says, change, smaller_than_before
--
-- Answers: how did SNHR's count of attacks grow from 2017 to 2022, and did a total ever go down? One row per
-- running total, grouped into series of figures that count the same thing: the same claimant, measure, unit,
-- event scope, perpetrator, victim group and incident (NULL = Syria as a whole). Within a series the rows are in
-- the order of their as-of date (the figure's as_of, else its source's publication date); filter with
-- `WHERE claimant_id = 'snhr'` for one organization.
-- A running total is a count that is not a part of another figure (no parent_figure_id) and whose period runs
-- up to its as-of date or is not stated (its period_end is no more than a year before the as-of date): SNHR's
-- "33 attacks before resolution 2118" counts a closed past period and its "184 after ratification" is a part of
-- 222, so neither is in a series.
--
-- Columns
--   as_of          when the figure was current, at its precision.
--   says           the interval in words; low / high as numbers.
--   previous_says  the previous figure of the same series; change = this stated number − the previous one
--                  (the value as stated; for a vague figure its lower bound).
--   smaller_than_before  true when this total states a smaller number than the previous total of an earlier
--                  as-of date (a running count that shrinks: a correction, a scope not visible in the words, or
--                  a relay that changed the number). Figures of the same date are never flagged.
--   from_relay     true when the figure is read in a relay (an archived news document, or a citation seen only
--                  through a report of it), not in the claimant's own publication.
WITH r AS (SELECT * FROM figure_readings()),
s AS (
    SELECT r.*, src.provenance, src.seen,
           NOT (src.provenance = 'citation' AND src.seen = 'primary'
                OR r.claimant_id IS NOT DISTINCT FROM src.publisher_id) AS from_relay,
           coalesce(r.value, r.low) AS stated_number
    FROM r JOIN sources src USING (source_id)
    WHERE r.unit = 'count' AND r.low IS NOT NULL AND r.parent_figure_id IS NULL
      AND (r.period_end IS NULL OR r.as_of IS NULL OR r.period_end >= r.as_of - INTERVAL 366 DAY)
),
ordered AS (
    SELECT s.*,
           lag(stated) OVER w AS previous_says, lag(stated_number) OVER w AS previous_number,
           lag(figure_id) OVER w AS previous_figure_id, lag(as_of) OVER w AS previous_as_of,
           count(*) OVER (PARTITION BY claimant_id, measure, event_scope, perpetrator_id, victim_group, incident_id)
               AS series_length
    FROM s
    WINDOW w AS (PARTITION BY claimant_id, measure, event_scope, perpetrator_id, victim_group, incident_id
                 ORDER BY as_of NULLS FIRST, figure_id)
)
SELECT claimant_id, claimant, measure, event_scope, perpetrator, victim_group, incident_id,
       as_of_label AS as_of, stated AS says, low, high, qualifier, source_id, figure_id, from_relay,
       previous_says, previous_figure_id, stated_number - previous_number AS change,
       coalesce(stated_number < previous_number AND previous_as_of < as_of, false) AS smaller_than_before,
       series_length
FROM ordered
ORDER BY claimant_id, measure, event_scope, perpetrator_id NULLS FIRST, victim_group NULLS FIRST, incident_id NULLS FIRST,
         as_of NULLS FIRST, figure_id
