-- incident_matrix: one row per incident — every claimant's assertions side by side, with flags where claimants blame different parties or a body's finding and an allegation disagree
-- columns: incident_id, place_en, date, assertions, flags
--
-- Answers: for each incident, who says what about it, and where do they disagree? One row per incident in
-- incidents (alleged plans included: incident_kind says which). Read `assertions` left to right: one entry per
-- claimant, "claimant: assertion → party (about subject) [claim_type]; …", claimants in alphabetical order.
--
-- Rules (the flags)
--   A claim "names a party" when its attributed_to_id is set: attributed, staged_alleged, planned_alleged, and
--   any other assertion a source ties to a party (e.g. a government reporting an attack by a group to a body).
--   Parties are compared up the organization tree (organizations.parent_id): the Syrian armed forces are part
--   of the Syrian government, Jamil Saleh of Jaysh al-Izza, so naming one and then the other is no disagreement.
--   claimants_blame_different_parties
--       two claimants each name parties for the incident and no party named by one is the same as, part of or
--       above a party named by the other (they blame entirely different parties).
--   body_vs_allegation
--       a finding or report of an investigative or intergovernmental body (organizations.org_type
--       intergovernmental_investigation or intergovernmental_body) says not_attributed, insufficient_evidence
--       or no_investigation_opened, while an allegation (claim_type allegation) names a party that no finding
--       about the incident names (nor a party related to it). Example: the FFM found "insufficient evidence"
--       where the Syrian government blames armed fighters. Not flagged: the FFM's not_attributed at Talmenes,
--       because the JIM's finding names the Syrian armed forces, part of the Syrian government that CVDCS's
--       allegation names. (not_attributed is a body not naming anyone, often by mandate; it denies nothing.)
--   denied_vs_attributed
--       one claimant denies the incident or its responsibility while another names a party.
--   attributed_by_finding
--       a finding (claim_type finding) names a party — the strongest form of attribution in the data.
-- Columns
--   incident_id, place_en, admin1_en, date (at its precision), agent, incident_kind
--   claimants           number of distinct claimants
--   assertions          every claimant's assertions, side by side, claimants by full name (organizations.name_en,
--                       e.g. "Russian Ministry of Defence"); "via" = the relayer the source cites
--   findings            findings only (claim_type finding), "claimant: assertion → party"
--   parties_named       every party named as responsible (or as staging/planning), with the claimants naming it
--   linked_incidents    incidents that incident_links ties to this one, either way round, with the relation and
--                       who says so: "inc-ltamenah-2017-03-24 (possibly_same, said by syriacw)"; empty when none
--   claimant_basis      claimants that rest on an inferred publisher: the claimant is the publisher of its source
--                       and sources.publisher_basis = inferred ("…: outlet not named in src-000, worked out by the curators");
--                       empty when every claimant is stated
--   flags               the flags that are true, comma separated (empty: no disagreement found)
--   claimants_blame_different_parties, body_vs_allegation, denied_vs_attributed, attributed_by_finding  booleans
WITH a AS (
    SELECT s.*, c.name_en AS claimant, c.org_type AS claimant_type,
           r.name_en AS relayer,
           -- the claimant is the source's publisher, and the curators inferred who published it
           s.claimant_id = src.publisher_id AND src.publisher_basis = 'inferred' AS claimant_inferred,
           p.name_en AS party, coalesce(lin.lineage, []) AS party_lineage, subj.name_en AS subject
    FROM assertions s
    LEFT JOIN organizations c ON c.org_id = s.claimant_id
    LEFT JOIN sources src ON src.source_id = s.source_id
    LEFT JOIN organizations r ON r.org_id = s.relayed_by_id
    LEFT JOIN organizations p ON p.org_id = s.attributed_to_id
    LEFT JOIN org_lineages() lin ON lin.org_id = s.attributed_to_id
    LEFT JOIN organizations subj ON subj.org_id = s.subject_id
),
-- a claimant's entry: all its assertions about the incident (a repeated assertion is shown once)
per_claimant AS (
    SELECT incident_id, claimant_id, claimant,
           claimant || ': ' || string_agg(DISTINCT item, '; ' ORDER BY item) AS entry
    FROM (SELECT *, assertion || coalesce(' → ' || party, '') || coalesce(' (about ' || subject || ')', '')
                    || ' [' || claim_type || coalesce(', via ' || relayer, '') || ']' AS item FROM a)
    GROUP BY incident_id, claimant_id, claimant
),
-- per pair of claimants naming parties for one incident: does any party of one relate to any party of the other?
claimant_pairs AS (
    SELECT x.incident_id, x.claimant_id, y.claimant_id,
           bool_or(parties_related(x.attributed_to_id, x.party_lineage, y.attributed_to_id, y.party_lineage))
               AS share_a_party
    FROM a x JOIN a y
      ON x.incident_id = y.incident_id AND x.claimant_id < y.claimant_id
     AND x.attributed_to_id IS NOT NULL AND y.attributed_to_id IS NOT NULL
    GROUP BY ALL
),
blame AS (
    SELECT incident_id, bool_or(NOT share_a_party) AS claimants_blame_different_parties
    FROM claimant_pairs GROUP BY incident_id
),
-- allegations naming a party that no finding about the same incident names (nor a related party)
unbacked AS (
    SELECT DISTINCT x.incident_id
    FROM a x
    WHERE x.claim_type = 'allegation' AND x.attributed_to_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM a y
                      WHERE y.incident_id = x.incident_id AND y.claim_type = 'finding'
                        AND y.attributed_to_id IS NOT NULL
                        AND parties_related(x.attributed_to_id, x.party_lineage, y.attributed_to_id, y.party_lineage))
),
flags AS (
    SELECT incident_id,
           bool_or(claim_type IN ('finding', 'report')
                   AND claimant_type IN ('intergovernmental_investigation', 'intergovernmental_body')
                   AND assertion IN ('not_attributed', 'insufficient_evidence', 'no_investigation_opened'))
               AS body_did_not_attribute,
           bool_or(assertion = 'denied') AND bool_or(attributed_to_id IS NOT NULL AND assertion <> 'denied')
               AS denied_vs_attributed,
           bool_or(claim_type = 'finding' AND attributed_to_id IS NOT NULL) AS attributed_by_finding,
           string_agg(DISTINCT CASE WHEN claim_type = 'finding'
                                    THEN claimant || ': ' || assertion || coalesce(' → ' || party, '') END, '; '
                      ORDER BY CASE WHEN claim_type = 'finding'
                                    THEN claimant || ': ' || assertion || coalesce(' → ' || party, '') END)
               AS findings,
           count(DISTINCT claimant_id) AS claimants,
           string_agg(DISTINCT CASE WHEN claimant_inferred
                                    THEN claimant || ': outlet not named in ' || source_id || ', worked out by the curators' END, '; '
                      ORDER BY CASE WHEN claimant_inferred
                                    THEN claimant || ': outlet not named in ' || source_id || ', worked out by the curators' END)
               AS claimant_basis
    FROM a GROUP BY incident_id
),
parties AS (
    SELECT incident_id, string_agg(party || ' (' || claimants || ')', '; ' ORDER BY party) AS parties_named
    FROM (SELECT incident_id, party, string_agg(DISTINCT claimant, ', ' ORDER BY claimant) AS claimants
          FROM a WHERE attributed_to_id IS NOT NULL GROUP BY incident_id, party)
    GROUP BY incident_id
),
flagged AS (
    SELECT i.*, f.claimants, f.findings, p.parties_named, l.linked_incidents, f.claimant_basis,
           coalesce(b.claimants_blame_different_parties, false) AS claimants_blame_different_parties,
           coalesce(f.body_did_not_attribute AND u.incident_id IS NOT NULL, false) AS body_vs_allegation,
           coalesce(f.denied_vs_attributed, false) AS denied_vs_attributed,
           coalesce(f.attributed_by_finding, false) AS attributed_by_finding
    FROM incidents i
    LEFT JOIN flags f USING (incident_id)
    LEFT JOIN blame b USING (incident_id)
    LEFT JOIN unbacked u USING (incident_id)
    LEFT JOIN parties p USING (incident_id)
    LEFT JOIN incident_link_list() l USING (incident_id)
)
SELECT
    incident_id, place_en, admin1_en,
    CASE WHEN date_start IS NULL THEN 'undated'
         WHEN date_end IS NULL OR date_label(date_start, date_precision) = date_label(date_end, date_precision)
              THEN date_label(date_start, date_precision)
         ELSE date_label(date_start, date_precision) || ' to ' || date_label(date_end, date_precision) END AS date,
    agent, incident_kind,
    coalesce(claimants, 0) AS claimants,
    (SELECT string_agg(entry, ' | ' ORDER BY claimant, claimant_id) FROM per_claimant pc
      WHERE pc.incident_id = flagged.incident_id) AS assertions,
    findings, parties_named, linked_incidents, claimant_basis,
    concat_ws(', ',
        CASE WHEN claimants_blame_different_parties THEN 'claimants_blame_different_parties' END,
        CASE WHEN body_vs_allegation THEN 'body_vs_allegation' END,
        CASE WHEN denied_vs_attributed THEN 'denied_vs_attributed' END,
        CASE WHEN attributed_by_finding THEN 'attributed_by_finding' END) AS flags,
    claimants_blame_different_parties, body_vs_allegation, denied_vs_attributed, attributed_by_finding
FROM flagged
ORDER BY incident_kind, date_start NULLS LAST, incident_id;
