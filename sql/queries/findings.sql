-- findings: one row per incident an international body concluded on — each body's conclusion, certainty grade, agent, party and report symbol side by side, with flags where bodies differ on use or on perpetrator
-- columns: place_en, date_start, ffm_conclusion, jim_party, iit_party, bodies_differ_on_perpetrator
--
-- Answers: which attacks did the UN and OPCW investigations (UN Secretary-General's mission, OPCW FFM, OPCW-UN JIM,
-- OPCW IIT, UN Commission of Inquiry) conclude on, how sure were they, and whom did they blame? One row per incident
-- with at least one finding (claim_type finding) of these five bodies. Per body: every conclusion of it, oldest
-- report first, as "assertion [grade] symbol" ("; " between reports), its highest confidence_grade, the agents
-- and the parties it names; its wordings of certainty (assertions.confidence_text, " | " between them) and the
-- sources of its conclusions (source IDs: each report's symbol and address are in sources). linked_incidents
-- lists incident_links ("other incident (relation, said by who)").
--
-- Grades (assertions.confidence_grade, seeds/confidence_grades.csv, docs/confidence.md): 5 confirmed, 4 very
-- likely, 3 likely, 2 not established, 1 not used / no grounds; NULL where the body's wording is not known.
-- Flags
--   bodies_differ_on_use   one body found use (chemical_use_confirmed, chemical_use_likely or attributed) and
--                          another concluded insufficient_evidence or no_chemical_use about the same incident.
--   bodies_differ_on_perpetrator  two bodies name parties with different top organizations (organizations.parent_id
--                          followed up: the Syrian Arab Air Force and the Syrian armed forces are both the Syrian
--                          government's, so they do not differ).
WITH RECURSIVE up(org_id, top_id) AS (
    SELECT org_id, org_id FROM organizations WHERE parent_id IS NULL
    UNION ALL
    SELECT o.org_id, up.top_id FROM organizations o JOIN up ON o.parent_id = up.org_id
),
body(claimant_id, col) AS (
    VALUES ('un-sg-mission', 'unsg'), ('opcw-ffm', 'ffm'), ('opcw-un-jim', 'jim'), ('opcw-iit', 'iit'), ('un-coi', 'coi')
),
f AS (
    SELECT a.*, b.col, s.document_symbol, s.published_on, up.top_id AS party_top
    FROM assertions a JOIN body b USING (claimant_id) JOIN sources s USING (source_id)
    LEFT JOIN up ON up.org_id = a.attributed_to_id
    WHERE a.claim_type = 'finding'
),
per_body AS (
    SELECT incident_id, col,
           string_agg(assertion || ' [' || coalesce(CAST(confidence_grade AS VARCHAR), '-') || '] '
                      || coalesce(document_symbol, '(no symbol)'), '; '
                      ORDER BY published_on, assertion_id) AS conclusion,
           max(confidence_grade) AS grade,
           string_agg(DISTINCT agent, ', ' ORDER BY agent) FILTER (WHERE agent <> 'unknown') AS agent,
           string_agg(DISTINCT attributed_to_id, ', ' ORDER BY attributed_to_id) AS party,
           string_agg(DISTINCT confidence_text, ' | ' ORDER BY confidence_text) AS wording,
           string_agg(DISTINCT source_id, '; ' ORDER BY source_id) AS sources
    FROM f GROUP BY incident_id, col
),
flags AS (
    SELECT incident_id,
           count(DISTINCT claimant_id) FILTER (WHERE assertion IN ('chemical_use_confirmed', 'chemical_use_likely',
                                                                   'attributed')) > 0
           AND count(DISTINCT claimant_id) FILTER (WHERE assertion IN ('insufficient_evidence', 'no_chemical_use')) > 0
           AND count(DISTINCT claimant_id) > 1 AS bodies_differ_on_use,
           count(DISTINCT party_top) > 1 AND count(DISTINCT claimant_id) FILTER (WHERE party_top IS NOT NULL) > 1
               AS bodies_differ_on_perpetrator
    FROM f GROUP BY incident_id
),
links AS (SELECT * FROM incident_link_list())
SELECT i.incident_id, i.place_en, i.admin1_iso, i.date_start, i.date_precision,
       unsg.conclusion AS unsg_conclusion, unsg.grade AS unsg_grade, unsg.agent AS unsg_agent,
       unsg.wording AS unsg_wording, unsg.sources AS unsg_sources,
       ffm.conclusion AS ffm_conclusion, ffm.grade AS ffm_grade, ffm.agent AS ffm_agent,
       ffm.wording AS ffm_wording, ffm.sources AS ffm_sources,
       jim.conclusion AS jim_conclusion, jim.grade AS jim_grade, jim.agent AS jim_agent, jim.party AS jim_party,
       jim.wording AS jim_wording, jim.sources AS jim_sources,
       iit.conclusion AS iit_conclusion, iit.grade AS iit_grade, iit.agent AS iit_agent, iit.party AS iit_party,
       iit.wording AS iit_wording, iit.sources AS iit_sources,
       coi.conclusion AS coi_conclusion, coi.grade AS coi_grade, coi.agent AS coi_agent, coi.party AS coi_party,
       coi.wording AS coi_wording, coi.sources AS coi_sources,
       flags.bodies_differ_on_use, flags.bodies_differ_on_perpetrator, links.linked_incidents
FROM flags JOIN incidents i USING (incident_id)
LEFT JOIN per_body unsg ON unsg.incident_id = i.incident_id AND unsg.col = 'unsg'
LEFT JOIN per_body ffm ON ffm.incident_id = i.incident_id AND ffm.col = 'ffm'
LEFT JOIN per_body jim ON jim.incident_id = i.incident_id AND jim.col = 'jim'
LEFT JOIN per_body iit ON iit.incident_id = i.incident_id AND iit.col = 'iit'
LEFT JOIN per_body coi ON coi.incident_id = i.incident_id AND coi.col = 'coi'
LEFT JOIN links ON links.incident_id = i.incident_id
ORDER BY i.date_start NULLS LAST, i.incident_id
;
