import pytest

from syriacw.numbers import NotANumber, interval, parse_value_text


@pytest.mark.parametrize("text, value", [
    ("1510", 1510), ("١٥١٠", 1510), ("11,212", 11212), ("١١٬٢١٢", 11212), ("12 ألف", 12000), ("12 الف", 12000),
    ("3 آلاف", 3000), ("1.5 مليون", 1_500_000), ("مليون", 1_000_000), ("ثلاث", 3), ("120", 120), ("98%", 98),
    ("٢٪", 2), ("ثلاثة", 3), ("ثلاث عشرة", 13), ("أحد عشر", 11), ("12 ألفا", 12000), ("بلدتين", 2),
])
def test_value_text_says(text, value):
    assert parse_value_text(text).value == value


@pytest.mark.parametrize("text, low, high", [("مئات", 300, 999), ("المئات", 300, 999), ("عشرات", 30, 99),
                                             ("آلاف", 3000, 9999)])
def test_vague_plurals_mean_three_or_more(text, low, high):
    parsed = parse_value_text(text)
    assert parsed.is_vague and (parsed.vague_low, parsed.vague_high) == (low, high)


@pytest.mark.parametrize("text", ["", "شاحنات", "12 ألف شخص", "1 2 3"])
def test_unreadable_value_text_is_refused(text):
    with pytest.raises(NotANumber):
        parse_value_text(text)


@pytest.mark.parametrize("qualifier, value, unit, expected", [
    ("exact", 205, "count", (205, 205)),
    ("at_least", 1510, "count", (1510, None)),
    ("more_than", 20, "count", (21, None)),
    ("more_than", 98, "percent", (98, None)),
    ("approximately", 12000, "count", (10800, 13200)),
    ("approximately", 98, "percent", (88.2, 100)),
    ("at_most", 75, "count", (0, 75)),
    ("less_than", 10, "count", (0, 9)),
])
def test_qualifier_intervals(qualifier, value, unit, expected):
    assert interval(qualifier, value, unit) == expected


def test_vague_and_range_intervals_come_from_the_text():
    assert interval("vague", None, "count", parse_value_text("مئات")) == (300, 999)
    assert interval("range", 50, "count", parse_value_text("50-100")) == (50, 100)
