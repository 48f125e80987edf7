-- attributions: per international body and grade threshold — how many incidents it concluded on, found use in, and attributed to each party
-- columns: body, party, min_grade, incidents_attributed, grades
--
-- Answers: how many incidents did the IIT attribute to the Syrian Arab Air Force, and at what certainty? One row
-- per body (UN SG mission, OPCW FFM, OPCW-UN JIM, OPCW IIT, UN CoI), party (NULL: the body's totals, whoever is
-- blamed) and grade threshold (min_grade 1..5: only findings with confidence_grade >= min_grade count; findings
-- whose wording has no grade count at no threshold). Filter, e.g.
-- `WHERE body = 'opcw-iit' AND party = 'syrian-air-force'`.
-- Columns
--   incidents_concluded  distinct incidents with a finding of the body at that grade or above.
--   incidents_use_found  of those, incidents where it found use (chemical_use_confirmed, chemical_use_likely or
--                        attributed).
--   incidents_attributed incidents it attributed (to `party` on a party row; to anyone on a totals row).
--   grades               the grades of the counted attributions ("grade: n incidents"), on a party row.
WITH body(body) AS (VALUES ('un-sg-mission'), ('opcw-ffm'), ('opcw-un-jim'), ('opcw-iit'), ('un-coi')),
t(min_grade) AS (VALUES (1), (2), (3), (4), (5)),
f AS (
    SELECT a.claimant_id AS body, a.incident_id, a.assertion, a.attributed_to_id, a.confidence_grade
    FROM assertions a JOIN body ON a.claimant_id = body.body
    WHERE a.claim_type = 'finding' AND a.confidence_grade IS NOT NULL
),
totals AS (
    SELECT f.body, CAST(NULL AS VARCHAR) AS party, t.min_grade,
           count(DISTINCT incident_id) AS incidents_concluded,
           count(DISTINCT incident_id) FILTER (WHERE assertion IN ('chemical_use_confirmed', 'chemical_use_likely',
                                                                   'attributed')) AS incidents_use_found,
           count(DISTINCT incident_id) FILTER (WHERE assertion = 'attributed') AS incidents_attributed,
           CAST(NULL AS VARCHAR) AS grades
    FROM f JOIN t ON f.confidence_grade >= t.min_grade
    GROUP BY f.body, t.min_grade
),
by_grade AS (
    SELECT f.body, f.attributed_to_id AS party, t.min_grade, f.confidence_grade,
           count(DISTINCT f.incident_id) AS n
    FROM f JOIN t ON f.confidence_grade >= t.min_grade
    WHERE f.assertion = 'attributed'
    GROUP BY ALL
),
parties AS (
    SELECT f.body, f.attributed_to_id AS party, t.min_grade,
           count(DISTINCT f.incident_id) AS incidents_concluded,
           count(DISTINCT f.incident_id) AS incidents_use_found,
           count(DISTINCT f.incident_id) AS incidents_attributed,
           (SELECT string_agg(g.confidence_grade || ': ' || g.n, '; ' ORDER BY g.confidence_grade DESC)
            FROM by_grade g WHERE g.body = f.body AND g.party = f.attributed_to_id AND g.min_grade = t.min_grade)
               AS grades
    FROM f JOIN t ON f.confidence_grade >= t.min_grade
    WHERE f.assertion = 'attributed'
    GROUP BY f.body, f.attributed_to_id, t.min_grade
)
SELECT * FROM (SELECT * FROM totals UNION ALL SELECT * FROM parties)
ORDER BY body, party NULLS FIRST, min_grade
;
