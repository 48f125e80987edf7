-- attack_totals: every count and share of attacks, one row per figure, as an interval with its scope, period and as-of date
-- columns: claimant, relayer, stated, period, as_of
--
-- Answers: who says how many attacks (or what share of them) happened, by whom, over which period, as of when?
-- One row per figure of measure 'attacks' (chemical attacks, and attacks of a military campaign where a source
-- cites them: see event_scope). Read each row as "claimant (relayed by relayer) says: stated".
--
-- Columns
--   figure_id, source_id          the figure and the archived document it is quoted from
--   claimant, relayer             who produced the number; who passed it on (e.g. a news agency), if anyone
--   perpetrator_id, perpetrator   whose attacks are counted, as the source states it (empty: not stated)
--   event_scope, place, incident_id, claim_type   what kind of count it is and where; place empty = Syria
--   period, period_start, period_end, period_basis the period counted (stated, inferred or unknown)
--   as_of, as_of_from             when the figure was current: figures.as_of, else the source's published_on
--                                 (as_of_from says which)
--   unit, value_text, value, qualifier   count or percent; the words of the source; the number they say
--                                 (empty for a vague figure); the qualifying words, as coded
--   low, high, stated             the interval the qualifier implies (build rule; high empty = open), in words
--   says                          what the figure says, and where its interval is a reading, the interval
--                                 it is read as: 'about 98% (read as 88.2 to 100%)', 'hundreds (read as 300
--                                 to 999)'. `stated` is that interval alone: a reading, not a quotation.
--   parent_figure_id, parent_value_text, parent_qualifier, parent_low, parent_high
--                                 for a share (or a subset): the total it is part of
--   implied_low, implied_high, implied
--                                 for a share with a parent: the count it implies, share × parent / 100, taken
--                                 end by end so it carries both qualifiers ([low×low/100, high×high/100], open
--                                 when either high is open) and widened to whole numbers (macros.sql); `implied`
--                                 words it as derived: '98% of 336 implies 329 to 330'. Empty for a share whose
--                                 total the source does not give: no count can be implied.
SELECT
    figure_id, source_id, claimant_id, claimant, relayed_by_id, relayer,
    perpetrator_id, perpetrator, event_scope, place, incident_id, claim_type,
    period, period_start, period_end, period_basis,
    as_of_label AS as_of, as_of_from,
    unit, value_text, value, qualifier, low, high, stated, says,
    parent_figure_id, parent_value_text, parent_qualifier, parent_low, parent_high,
    implied_low, implied_high,
    CASE WHEN implied_low IS NOT NULL THEN implied_words || ' ' || measure_words(measure)
         WHEN unit = 'percent' THEN 'no count: the share''s total is not given'
    END AS implied
FROM figure_readings()
WHERE measure = 'attacks'
ORDER BY event_scope, figure_id;
