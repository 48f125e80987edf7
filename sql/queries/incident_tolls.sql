-- incident_tolls: for each incident, every organization's death toll as an interval, from the lowest to the highest, with the spread and the strength of each figure's evidence
-- columns: place, incident_date, claimant, says, evidence
--
-- Answers: how many people died in Ghouta in August 2013, according to whom? One row per death figure about an
-- incident (figures.incident_id set, measure deaths), ordered within the incident from the lowest to the highest
-- lower bound. The dataset does not pick a toll.
--
-- Columns
--   claimant, says       who gives the toll, and what it says, with the interval it is read as where that is a
--                        reading ("at least 350" is open above, "at most 75" is [0, 75], "about 500 (read as 450 to
--                        550)"); low / high are the numbers (NULL high = open).
--   victim_group         all, civilians, …: a toll of civilians is not a toll of everyone.
--   evidence             (figure_readings(), sql/macros/6_readings.sql)
--                        primary    — read in the claimant's own publication;
--                        relayed    — read in an archived news document that relays the claimant;
--                        relay_only — the claimant's publication was not read, only a report of it.
--   incident_min_low     the lowest lower bound among the incident's tolls;
--   incident_max_value   the highest number any toll states (its high, or its low when open above);
--   spread_ratio         incident_max_value / incident_min_low: how many times the highest stated toll is the
--                        lowest (NULL when the lowest is 0 or unknown).
--   rank_low_to_high     1 = the lowest toll of the incident.
WITH r AS (SELECT * FROM figure_readings()),
tolls AS (
    SELECT r.*, i.place_en, i.date_start, i.date_precision, coalesce(r.high, r.low) AS stated_max
    FROM r
    JOIN incidents i USING (incident_id)
    WHERE r.measure = 'deaths' AND r.unit = 'count'
)
SELECT
    incident_id, place_en AS place, date_label(date_start, date_precision) AS incident_date,
    row_number() OVER (PARTITION BY incident_id ORDER BY coalesce(low, 0), stated_max NULLS LAST, figure_id)
        AS rank_low_to_high,
    claimant, says, low, high, qualifier, victim_group, evidence, source_id, figure_id,
    min(low) OVER (PARTITION BY incident_id) AS incident_min_low,
    max(stated_max) OVER (PARTITION BY incident_id) AS incident_max_value,
    round(max(stated_max) OVER (PARTITION BY incident_id) / nullif(min(low) OVER (PARTITION BY incident_id), 0), 2)
        AS spread_ratio,
    count(*) OVER (PARTITION BY incident_id) AS tolls_for_incident
FROM tolls
ORDER BY date_start, incident_id, rank_low_to_high;
