-- relay_check: each figure an archived news document relays, beside the figure its claimant published, with the relation and what changed
-- columns: claimant, relayed_says, primary_says, relation, changed
--
-- Answers: when a news article says "SNHR counts at least 222 attacks by the regime", what did SNHR itself
-- publish? Relays drift: a total of all parties becomes "attacks by the government", a rounded headline replaces
-- the exact number, "at least" is dropped. One row per link in the relay_links table (a relayed figure may link
-- to several primary figures), plus one row for each relayed figure with no primary figure in the dataset.
--
-- Columns
--   relayed_*      the figure as the archived document (relayed_in) states it: who, what, the interval
--                  (`relayed_says`, from its qualifier), whose attacks, which victims, which period.
--   primary_*      the figure as the claimant's own publication states it (a cited publication, never archived
--                  here): `primary_seen` = primary when the publication itself was read, relay when only a
--                  report of it was (weaker evidence).
--   relayed_says, primary_says  what each figure says, with the interval it is read as where that is a reading
--                  ("about 12 thousand" → "about 12,000 (read as 10,800 to 13,200)").
--   relation       the curators' reading (relay_links.relation): same, rounded, rescoped, differs; or
--                  'no primary figure' when the dataset has none to compare with.
--   computed_relation  the same reading decided by rule, from the two figures alone (empty when a value is vague):
--                  rounded   the values differ and the relayed one is the primary one rounded (is_rounding_of in
--                            sql/macros/1_intervals.sql: to the unit of the relayed number's last non-zero digit,
--                            at most 3 significant digits: 966,140 → a million; not 11,212 → 12,000)
--                  differs   the values differ otherwise, or they are equal and only the qualifier differs
--                            ("at least 336" relayed as "336")
--                  rescoped  equal values, but the perpetrator or the victim group differs (an unstated perpetrator
--                            read against all perpetrators is the same scope, as in pairwise)
--                  same      equal values, qualifier, perpetrator and victim group (a different period is listed
--                            in `changed`, not counted here)
--   relation_disagrees  true where the hand-entered relation is not the computed one: the seed is to be checked.
--   changed        what differs between the two rows, computed here: value, qualifier, perpetrator, victim
--                  group, period (as stated, at its precision). Empty when nothing does.
--   same_publication  every figure of the same measure in the primary publication, so a reader sees the
--                  relayed number beside the publication's whole breakdown (e.g. 222 by all parties, 217 by the
--                  government).
WITH r AS (SELECT * FROM figure_readings()),
src AS (SELECT source_id, provenance, seen, title, published_on, published_precision, url, publisher_id FROM sources),
relayed AS (
    -- figures in archived documents whose claimant is not the document's own publisher
    SELECT r.* FROM r JOIN src USING (source_id)
    WHERE src.provenance = 'archived_quote' AND r.claimant_id IS DISTINCT FROM src.publisher_id
),
pub AS (
    SELECT r.source_id, r.measure, r.unit,
           string_agg(r.says || ' (' || coalesce(r.perpetrator, 'perpetrator not stated')
                      || coalesce(', ' || r.victim_group, '') || ')', '; ' ORDER BY r.figure_id) AS same_publication
    FROM r GROUP BY ALL
),
linked AS (
    SELECT l.link_id, l.relation, l.notes AS link_notes, a.figure_id AS relayed_id, b.figure_id AS primary_id
    FROM relay_links l
    JOIN r a ON a.figure_id = l.relayed_figure_id
    JOIN r b ON b.figure_id = l.primary_figure_id
    UNION ALL
    SELECT NULL, 'no primary figure', NULL, relayed.figure_id, NULL
    FROM relayed WHERE relayed.figure_id NOT IN (SELECT relayed_figure_id FROM relay_links)
)
SELECT
    linked.link_id,
    a.source_id AS relayed_in, a.figure_id AS relayed_figure_id, a.claimant, a.relayer AS relayed_by,
    a.measure, a.unit,
    a.says AS relayed_says, a.qualifier AS relayed_qualifier, a.perpetrator AS relayed_perpetrator,
    a.victim_group AS relayed_victim_group, a.period AS relayed_period,
    b.figure_id AS primary_figure_id, b.says AS primary_says, b.qualifier AS primary_qualifier,
    b.perpetrator AS primary_perpetrator, b.victim_group AS primary_victim_group, b.period AS primary_period,
    ps.title AS primary_publication, date_label(ps.published_on, ps.published_precision) AS primary_published,
    ps.seen AS primary_seen, ps.url AS primary_url,
    linked.relation,
    CASE WHEN b.figure_id IS NULL OR a.value IS NULL OR b.value IS NULL THEN NULL
         WHEN a.value <> b.value THEN CASE WHEN is_rounding_of(a.value, b.value) THEN 'rounded' ELSE 'differs' END
         WHEN perpetrator_relations(a.perpetrator_id, lineage_text(a.perpetrator_lineage),
                                    b.perpetrator_id, lineage_text(b.perpetrator_lineage)) <> relation_bit('same')
              OR a.victim_group IS DISTINCT FROM b.victim_group THEN 'rescoped'
         WHEN a.qualifier IS DISTINCT FROM b.qualifier THEN 'differs'
         ELSE 'same' END AS computed_relation,
    CASE WHEN b.figure_id IS NULL THEN NULL ELSE concat_ws(', ',
        CASE WHEN a.value IS DISTINCT FROM b.value THEN 'value' END,
        CASE WHEN a.qualifier IS DISTINCT FROM b.qualifier THEN 'qualifier' END,
        CASE WHEN a.perpetrator_id IS DISTINCT FROM b.perpetrator_id THEN 'perpetrator' END,
        CASE WHEN a.victim_group IS DISTINCT FROM b.victim_group THEN 'victim group' END,
        CASE WHEN a.period IS DISTINCT FROM b.period THEN 'period' END) END AS changed,
    pub.same_publication,
    linked.relation IS DISTINCT FROM computed_relation AND computed_relation IS NOT NULL AS relation_disagrees,
    linked.link_notes AS notes
FROM linked
JOIN r a ON a.figure_id = linked.relayed_id
LEFT JOIN r b ON b.figure_id = linked.primary_id
LEFT JOIN src ps ON ps.source_id = b.source_id
LEFT JOIN pub ON pub.source_id = b.source_id AND pub.measure = b.measure AND pub.unit = b.unit
ORDER BY a.figure_id, linked.link_id NULLS LAST;
