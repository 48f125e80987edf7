-- consistency: internal checks within each source — parts within their totals, shares of one total summing to at most 100, restated figures agreeing — with pass/fail
-- columns: claimant, check_name, result, explanation
--
-- Answers: does each source agree with itself? One row per check. A failure means the source's own numbers
-- cannot all be true as coded (or a coding error): read the figures it names against the quotes.
--
-- Parts and totals. A figure is a part of a total when
--   (a) its parent_figure_id names the total (a subset, or a share when its unit is percent), or
--   (b) without a parent link, the same source and claimant give both for the same measure, event scope,
--       place, incident and period, and the part narrows the total in one respect only: a victim group within
--       the total's 'all' (same perpetrator), or one party within the total's 'all-perpetrators' (same victim
--       group). E.g. SNHR's 217 attacks by the government and 5 by ISIS beside its 222 by all parties.
-- Checks, by check_name (rules use the intervals [low, high] the build derives; high empty = open; macros.sql)
--   part_within_total            a counted part (e.g. 205 children among at least 1,510 deaths): the part's low
--                                must not exceed the total's high (fits_within)
--   part_period_within_total     (a) only: the part's period lies within (or equals) its total's period;
--                                cannot_check when either period is not fully stated
--   part_perpetrator_within_total  (a) only: the part counts the total's perpetrator, one within it
--                                (organizations.parent_id), or the total is everyone's (all-perpetrators) or
--                                names none; fail when the part names another party
--   shares_within_100            the shares (percent) of one total: the sum of their lows is at most 100
--   disjoint_parts_within_total  counted parts of one total that cannot overlap, summed: victim groups children
--                                and women (women are adults in the codebook), or civilians, soldiers and
--                                fighters; or parts with the same victim group and period but different
--                                perpetrators (neither within the other). The sum of their lows must fit within
--                                the total (SNHR: 217 by the government + 5 by ISIS = 222 by all parties).
--   restatement_agrees           two figures of one source and claimant with the same measure, unit and scope
--                                (perpetrator, victim group, place, incident, period), neither the parent of the
--                                other: their intervals must overlap
--   share_has_total              a share whose total the source does not give: no count can be implied from
--                                it (result cannot_check; not an error)
-- Columns
--   source_id, claimant, check_name, figure_ids (parts first, total last), test (the comparison in numbers),
--   result (pass | fail | cannot_check), explanation (plain English)
WITH r AS (SELECT * FROM figure_readings()),
parts AS (
    -- (a) linked by parent_figure_id
    SELECT p.*, 'parent' AS link, t.figure_id AS total_id, t.low AS total_low, t.high AS total_high,
           t.stated AS total_stated, t.measure AS total_measure, t.victim_group AS total_victim_group,
           t.perpetrator_id AS total_perpetrator_id, t.perpetrator AS total_perpetrator, t.period AS total_period,
           t.period_start AS total_start, t.period_end AS total_end, t.says AS total_says
    FROM r p JOIN r t ON t.figure_id = p.parent_figure_id
    UNION ALL
    -- (b) the same source and scope, narrower in victim group or in perpetrator only
    SELECT p.*, 'scope', t.figure_id, t.low, t.high, t.stated, t.measure, t.victim_group, t.perpetrator_id,
           t.perpetrator, t.period, t.period_start, t.period_end, t.says
    FROM r p JOIN r t
      ON p.source_id = t.source_id AND p.claimant_id = t.claimant_id AND p.figure_id <> t.figure_id
     AND p.measure = t.measure AND p.unit = 'count' AND t.unit = 'count' AND p.event_scope = t.event_scope
     AND p.place_scope IS NOT DISTINCT FROM t.place_scope AND p.incident_id IS NOT DISTINCT FROM t.incident_id
     AND p.period_start IS NOT DISTINCT FROM t.period_start AND p.period_end IS NOT DISTINCT FROM t.period_end
    WHERE p.parent_figure_id IS NULL
      AND ((t.victim_group = 'all' AND p.victim_group <> 'all'
            AND p.perpetrator_id IS NOT DISTINCT FROM t.perpetrator_id)
        OR (t.perpetrator_id = 'all-perpetrators' AND p.perpetrator_id <> 'all-perpetrators'
            AND p.victim_group IS NOT DISTINCT FROM t.victim_group))
),
checks AS (
    -- a part within its total
    SELECT source_id, claimant, 'part_within_total' AS check_name, [figure_id, total_id] AS figure_ids,
           stated || ' ≤ ' || coalesce(num_label(total_high), 'open') AS test,
           CASE WHEN fits_within(low, total_high) THEN 'pass' ELSE 'fail' END AS result,
           says || ' ' || measure_words(measure) || coalesce(' (' || victim_group || ')', '')
           || coalesce(' by ' || perpetrator, '')
           || CASE WHEN fits_within(low, total_high) THEN ' fits within ' ELSE ' is more than ' END
           || total_says || ' ' || measure_words(total_measure) || coalesce(' (' || total_victim_group || ')', '')
           || coalesce(' by ' || total_perpetrator, '')
           || CASE WHEN link = 'parent' THEN ', the total it is part of.'
                   ELSE ', the total the source gives for the same scope.' END AS explanation
    FROM parts WHERE unit = 'count'

    UNION ALL
    -- the part's period within its total's
    SELECT source_id, claimant, 'part_period_within_total', [figure_id, total_id],
           period || ' within ' || total_period,
           CASE WHEN period_relation(period_start, period_end, total_start, total_end) IS NULL THEN 'cannot_check'
                WHEN period_relation(period_start, period_end, total_start, total_end) IN ('same', 'a_within_b')
                THEN 'pass' ELSE 'fail' END,
           CASE WHEN period_relation(period_start, period_end, total_start, total_end) IS NULL
                THEN 'The period of ' || figure_id || ' or of its total ' || total_id || ' is not fully stated.'
                ELSE 'The part covers ' || period || ', its total ' || total_period
                     || CASE WHEN period_relation(period_start, period_end, total_start, total_end)
                                  IN ('same', 'a_within_b')
                             THEN ': the part''s period lies within the total''s.'
                             ELSE ': the part''s period runs outside the total''s.' END END
    FROM parts WHERE link = 'parent'

    UNION ALL
    -- the part's perpetrator within its total's
    SELECT source_id, claimant, 'part_perpetrator_within_total', [figure_id, total_id],
           coalesce(perpetrator, 'unstated') || ' within ' || coalesce(total_perpetrator, 'unstated'),
           CASE WHEN total_perpetrator_id IS NULL OR perpetrator_id IS NULL
                     OR perpetrator_within(perpetrator_id, perpetrator_lineage, total_perpetrator_id) THEN 'pass'
                ELSE 'fail' END,
           CASE WHEN total_perpetrator_id IS NULL THEN 'The total names no perpetrator; the part counts '
                     || coalesce(perpetrator, 'no named perpetrator either') || '.'
                WHEN perpetrator_id IS NULL THEN 'The part names no perpetrator of its own; read as the total''s ('
                     || total_perpetrator || ').'
                WHEN perpetrator_within(perpetrator_id, perpetrator_lineage, total_perpetrator_id)
                THEN 'The part counts ' || perpetrator || ', within the total''s ' || total_perpetrator || '.'
                ELSE 'The part counts ' || perpetrator || ', but its total counts ' || total_perpetrator || '.' END
    FROM parts WHERE link = 'parent'

    UNION ALL
    -- the shares of one total
    SELECT any_value(source_id), any_value(claimant), 'shares_within_100',
           list(figure_id ORDER BY figure_id) || [total_id],
           string_agg(stated, ' + ' ORDER BY figure_id) || ' = ' || num_label(sum(coalesce(low, 0))) || '% ≤ 100%',
           CASE WHEN sum(coalesce(low, 0)) <= 100 THEN 'pass' ELSE 'fail' END,
           'The shares of ' || total_id || ' (' || any_value(total_says) || ') add up to at least '
           || num_label(sum(coalesce(low, 0))) || '%'
           || CASE WHEN sum(coalesce(low, 0)) <= 100 THEN ', which is possible.' ELSE ', more than the whole.' END
    FROM parts WHERE unit = 'percent'
    GROUP BY total_id

    UNION ALL
    -- parts of one total in victim groups that cannot overlap, summed
    SELECT any_value(source_id), any_value(claimant), 'disjoint_parts_within_total',
           list(figure_id ORDER BY figure_id) || [total_id],
           string_agg(stated, ' + ' ORDER BY figure_id) || ' = ' || num_label(sum(coalesce(low, 0)))
           || ' ≤ ' || coalesce(num_label(any_value(total_high)), 'open'),
           CASE WHEN fits_within(sum(coalesce(low, 0)), any_value(total_high)) THEN 'pass' ELSE 'fail' END,
           'Together, ' || string_agg(says || ' ' || victim_group, ' and ' ORDER BY figure_id)
           || ' make at least ' || num_label(sum(coalesce(low, 0)))
           || CASE WHEN fits_within(sum(coalesce(low, 0)), any_value(total_high)) THEN ', which fits within '
                   ELSE ', more than ' END
           || any_value(total_says) || ' ' || measure_words(any_value(total_measure)) || '.'
    FROM (
        SELECT *, CASE WHEN victim_group IN ('children', 'women') THEN 'children+women'
                       WHEN victim_group IN ('civilians', 'soldiers', 'fighters') THEN 'civilians+soldiers+fighters'
                  END AS family
        FROM parts WHERE unit = 'count'
    ) grouped
    WHERE family IS NOT NULL
    GROUP BY total_id, family
    HAVING count(DISTINCT victim_group) >= 2 AND count(*) = count(DISTINCT victim_group)

    UNION ALL
    -- parts of one total by parties that cannot overlap, summed
    SELECT any_value(source_id), any_value(claimant), 'disjoint_parts_within_total',
           list(figure_id ORDER BY figure_id) || [total_id],
           string_agg(stated, ' + ' ORDER BY figure_id) || ' = ' || num_label(sum(coalesce(low, 0)))
           || ' ≤ ' || coalesce(num_label(any_value(total_high)), 'open'),
           CASE WHEN fits_within(sum(coalesce(low, 0)), any_value(total_high)) THEN 'pass' ELSE 'fail' END,
           'Together, ' || string_agg(says || ' by ' || perpetrator, ' and ' ORDER BY figure_id)
           || ' make at least ' || num_label(sum(coalesce(low, 0)))
           || CASE WHEN fits_within(sum(coalesce(low, 0)), any_value(total_high)) THEN ', which fits within '
                   ELSE ', more than ' END
           || any_value(total_says) || ' ' || measure_words(any_value(total_measure))
           || coalesce(' by ' || any_value(total_perpetrator), '') || '.'
    FROM parts p
    WHERE unit = 'count' AND perpetrator_id IS NOT NULL
      -- no other part of the same total, group and period names the same perpetrator or one related to it
      AND NOT EXISTS (
          SELECT 1 FROM parts q
          WHERE q.total_id = p.total_id AND q.figure_id <> p.figure_id AND q.unit = 'count'
            AND q.victim_group IS NOT DISTINCT FROM p.victim_group AND q.period = p.period
            AND (list_contains(q.perpetrator_lineage, p.perpetrator_id)
                 OR list_contains(p.perpetrator_lineage, q.perpetrator_id)))
    GROUP BY total_id, victim_group, period
    HAVING count(DISTINCT perpetrator_id) >= 2

    UNION ALL
    -- the same figure stated twice by one source
    SELECT a.source_id, a.claimant, 'restatement_agrees', [a.figure_id, b.figure_id],
           a.stated || ' overlaps ' || b.stated,
           CASE WHEN intervals_overlap(a.low, a.high, b.low, b.high) THEN 'pass' ELSE 'fail' END,
           'The source gives ' || a.says || ' and ' || b.says || ' for the same ' || measure_words(a.measure)
           || CASE WHEN intervals_overlap(a.low, a.high, b.low, b.high) THEN '; the two agree.'
                   ELSE '; the two cannot both be true.' END
    FROM r a JOIN r b
      ON a.source_id = b.source_id AND a.claimant_id = b.claimant_id AND a.figure_id < b.figure_id
     AND a.measure = b.measure AND a.unit = b.unit AND a.event_scope = b.event_scope
     AND a.perpetrator_id IS NOT DISTINCT FROM b.perpetrator_id
     AND a.victim_group IS NOT DISTINCT FROM b.victim_group
     AND a.place_scope IS NOT DISTINCT FROM b.place_scope
     AND a.incident_id IS NOT DISTINCT FROM b.incident_id
     AND a.period_start IS NOT DISTINCT FROM b.period_start AND a.period_end IS NOT DISTINCT FROM b.period_end
     AND a.parent_figure_id IS NOT DISTINCT FROM b.parent_figure_id
    WHERE b.parent_figure_id IS DISTINCT FROM a.figure_id AND a.parent_figure_id IS DISTINCT FROM b.figure_id

    UNION ALL
    -- a share without a total
    SELECT source_id, claimant, 'share_has_total', [figure_id], stated || ' of an unstated total', 'cannot_check',
           'The source gives ' || says || ' of ' || measure_words(measure)
           || coalesce(' by ' || perpetrator, '') || ' without the total it is a share of: no count can be implied.'
    FROM r WHERE unit = 'percent' AND parent_figure_id IS NULL
)
SELECT source_id, claimant, check_name, array_to_string(figure_ids, ', ') AS figure_ids, test, result, explanation
FROM checks
ORDER BY source_id, figure_ids[1],
         list_position(['part_within_total', 'part_period_within_total', 'part_perpetrator_within_total',
                        'shares_within_100', 'disjoint_parts_within_total', 'restatement_agrees', 'share_has_total'],
                       check_name),
         figure_ids;
