-- Intervals: numbers in words, and the rules on the [low, high] intervals of figures.
--
-- Intervals. The build already turns each figure's qualifier into [low, high] (rule in syriacw/numbers.py and
-- the codebook: exact [v, v] · at_least [v, open) · more_than [v+1, open) for counts · approximately
-- [0.9v, 1.1v] · at_most [0, v] · less_than [0, v-1] · vague e.g. مئات = [300, 999] · range [a, b]).
-- These macros reuse figures.low / figures.high and never re-derive them. A NULL high is an open end (no upper
-- limit); a NULL low (no readable number) is read as 0.


-- 1234 → '1,234'; 6.72 → '6.72'; 88.2 → '88.2' (at most two decimals).
CREATE OR REPLACE MACRO num_label(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN x = round(x) THEN format('{:,}', x::BIGINT)
         ELSE rtrim(rtrim(format('{:,.2f}', x::DOUBLE), '0'), '.') END;

-- An interval in words: 'at least 222', '336', '10,800 to 13,200', 'at most 19', '98%'.
CREATE OR REPLACE MACRO interval_label(low, high, unit) AS
    CASE WHEN low IS NULL AND high IS NULL THEN 'an unknown number'
         WHEN high IS NULL THEN 'at least ' || num_label(low)
         WHEN low = high THEN num_label(low)
         WHEN coalesce(low, 0) = 0 THEN 'at most ' || num_label(high)
         ELSE num_label(low) || ' to ' || num_label(high) END
    || CASE WHEN unit = 'percent' THEN '%' ELSE '' END;

-- Do [alow, ahigh] and [blow, bhigh] share at least one value? (open ends never stop an overlap)
CREATE OR REPLACE MACRO intervals_overlap(alow, ahigh, blow, bhigh) AS
    coalesce(alow, 0) <= coalesce(bhigh, 'infinity'::DOUBLE)
    AND coalesce(blow, 0) <= coalesce(ahigh, 'infinity'::DOUBLE);

-- Distance between two intervals: 0 when they overlap, otherwise how far the nearer ends are apart.
CREATE OR REPLACE MACRO interval_gap(alow, ahigh, blow, bhigh) AS
    greatest(0, coalesce(alow, 0) - coalesce(bhigh, 'infinity'::DOUBLE),
                coalesce(blow, 0) - coalesce(ahigh, 'infinity'::DOUBLE));

-- Can the figure with the narrower scope be at most the figure with the wider scope? (part ≤ whole: its
-- lowest possible value must not exceed the whole's highest possible value)
CREATE OR REPLACE MACRO fits_within(part_low, whole_high) AS
    coalesce(part_low, 0) <= coalesce(whole_high, 'infinity'::DOUBLE);

-- The count a share implies: share% × parent / 100, as an interval carrying both qualifiers:
--   [low_share × low_parent / 100, high_share × high_parent / 100], open when either high is open.
-- A count of attacks or people is a whole number and a stated share is itself rounded (98% of 336 = 329.28
-- is not a count), so the interval is widened outward to whole numbers: floor(low), ceil(high) → [329, 330].
CREATE OR REPLACE MACRO implied_low(share_low, parent_low) AS
    floor(round(coalesce(share_low, 0) * coalesce(parent_low, 0) / 100, 6));
CREATE OR REPLACE MACRO implied_high(share_high, parent_high) AS
    ceil(round(share_high * parent_high / 100, 6));

-- A vague plural in English, from the lower bound the build gives it (syriacw/numbers.py: 3 × its unit).
CREATE OR REPLACE MACRO vague_words(low) AS
    CASE low WHEN 30 THEN 'tens' WHEN 300 THEN 'hundreds' WHEN 3000 THEN 'thousands' WHEN 3000000 THEN 'millions'
             ELSE 'an unstated number' END;

-- What a figure says, in the source's terms, and — where the interval is a reading, not the words — the interval
-- it is read as: 'about 98% (read as 88.2 to 100%)', 'hundreds (read as 300 to 999)', 'more than 20 (read as at
-- least 21)', 'at least 222', '336'. A reading is never worded as what an organization says.
CREATE OR REPLACE MACRO says_label(qualifier, value, low, high, unit) AS
    CASE qualifier
         WHEN 'approximately' THEN 'about ' || num_label(value) || CASE WHEN unit = 'percent' THEN '%' ELSE '' END
         WHEN 'more_than' THEN 'more than ' || num_label(value) || CASE WHEN unit = 'percent' THEN '%' ELSE '' END
         WHEN 'less_than' THEN 'less than ' || num_label(value) || CASE WHEN unit = 'percent' THEN '%' ELSE '' END
         WHEN 'vague' THEN vague_words(low)
         ELSE interval_label(low, high, unit) END
    || CASE WHEN qualifier IN ('approximately', 'more_than', 'less_than', 'vague')
            THEN ' (read as ' || interval_label(low, high, unit) || ')' ELSE '' END;

-- A share's implied count as derived, not as said: '98% of 336 implies 329 to 330'.
CREATE OR REPLACE MACRO implied_label(share_says, parent_says, implied_low, implied_high) AS
    share_says || ' of ' || parent_says || ' implies ' || interval_label(implied_low, implied_high, 'count');

-- Is `relayed` the number `original` rounded? The rule: a rounded number ends in zeros, and its last non-zero digit
-- is the unit it was rounded to (12,000 → thousands, 1,000,000 → millions, 220 → tens); it keeps at most 3
-- significant digits; and `original` rounded half up to that unit gives it. 966,140 → about a million: rounded.
-- 11,212 → 12,000: not (11,212 to the thousand is 11,000). 217 → 222: not (222 ends in no zero). Whole numbers only.
CREATE OR REPLACE MACRO trailing_zeros(v) AS
    length(v::BIGINT::VARCHAR) - length(rtrim(v::BIGINT::VARCHAR, '0'));
CREATE OR REPLACE MACRO is_rounding_of(relayed, original) AS
    relayed <> original AND relayed > 0 AND relayed = round(relayed) AND original > 0
    AND trailing_zeros(relayed) >= 1
    AND length(rtrim(relayed::BIGINT::VARCHAR, '0')) <= 3
    AND floor(original / 10 ** trailing_zeros(relayed) + 0.5) * 10 ** trailing_zeros(relayed) = relayed;
