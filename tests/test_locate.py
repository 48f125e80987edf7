from syriacw.arabic import locate, markers_in

DOC = "قُتِلَ مَا لا يَقِلُّ عَنْ ١٥١٠ أشخاص، وأُصيبَ نحــو 12 ألف آخرين في إدلب وفي إدلب."


def test_locate_ignores_diacritics_tatweel_and_digit_forms():
    [(start, end)] = locate(DOC, "ما لا يقل عن 1510")
    assert DOC[start:end] == "مَا لا يَقِلُّ عَنْ ١٥١٠"


def test_locate_folds_alef_and_keeps_trailing_diacritics():
    [(start, end)] = locate(DOC, "واصيب نحو 12")
    assert DOC[start:end] == "وأُصيبَ نحــو 12"


def test_locate_reports_every_match_when_ambiguous():
    assert len(locate(DOC, "في إدلب")) == 2


def test_qualifier_markers():
    assert markers_in("مقتل ما لا يقل عن 1510") == {"at_least"}
    assert markers_in("وإصابة نحو 12 ألف") == {"approximately"}
    assert markers_in("أكثر من 20 جنديا") == {"more_than"}
    assert markers_in("بينهم 205 أطفال") == set()
