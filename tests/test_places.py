from syriacw.places import ENGLISH_TO_ISO_NAME, governorate_iso


def test_the_governorates_the_pages_name_have_their_iso_codes():
    assert [governorate_iso(n) for n in ("Idlib", "Hama", "Rif Dimashq", "Damascus countryside", "Aleppo",
                                         "Damascus")] == ["SY-ID", "SY-HM", "SY-RD", "SY-RD", "SY-HL", "SY-DI"]


def test_every_mapped_name_is_a_pycountry_subdivision_of_syria():
    assert all(governorate_iso(name) is not None for name in ENGLISH_TO_ISO_NAME)


def test_an_empty_or_unknown_name_has_no_code():
    assert [governorate_iso(n) for n in (None, "", "Maarat Hurma")] == [None, None, None]
