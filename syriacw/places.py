"""Governorates: the English names the sources give, as ISO 3166-2 codes through pycountry's subdivision names."""
from __future__ import annotations

from functools import lru_cache

# English name as the pages and seeds write it -> pycountry's (ISO 3166-2) subdivision name for Syria
ENGLISH_TO_ISO_NAME = {
    "Aleppo": "Ḩalab", "Damascus": "Dimashq", "Rif Dimashq": "Rīf Dimashq", "Damascus countryside": "Rīf Dimashq",
    "Daraa": "Dar'ā", "Deir ez-Zor": "Dayr az Zawr", "Hama": "Ḩamāh", "Hasakah": "Al Ḩasakah", "Homs": "Ḩimş",
    "Idlib": "Idlib", "Latakia": "Al Lādhiqīyah", "Quneitra": "Al Qunayţirah", "Raqqa": "Ar Raqqah",
    "Suwayda": "As Suwaydā'", "Tartus": "Ţarţūs",
}


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    import pycountry  # only the build needs it

    return {sub.name: sub.code for sub in pycountry.subdivisions.get(country_code="SY")}


def governorate_iso(name_en: str | None) -> str | None:
    """'Idlib' -> 'SY-ID'; None for an empty or unknown name."""
    if not isinstance(name_en, str):
        return None
    iso_name = ENGLISH_TO_ISO_NAME.get(name_en.strip())
    return _codes_by_name().get(iso_name) if iso_name else None
