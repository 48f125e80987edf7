-- Counting rules: what an organization counts as one unit of a measure, where the data records it. The seeds have no
-- column for a counting definition, so the few that the figures' own notes state are written here, as data: one
-- row per claimant and measure, with the figures whose notes say so (`basis`). pairwise reads it: two figures whose
-- claimants count by different rules are said to differ in definition, not to contradict each other in fact.
-- Add a row only from what a source states; a claimant without a row has no recorded rule.
CREATE OR REPLACE MACRO counting_rules() AS TABLE
SELECT * FROM (VALUES
    ('gppi', 'attacks',
     'attacks it graded as credibly substantiated or better (349 of 519 reported, 2020)',
     'fig-gppi-2019-att (''confirmed'' attacks), fig-gppi-2020-att (349 classified of 519 reported; grades)'),
    ('snhr', 'attacks',
     'every attack it documented in its own database',
     'fig-001-05 (''وفق قاعدة بيانات الشبكة''), fig-snhr-2022-att-total (total documented)')
) AS rules(claimant_id, measure, counts, basis);
