"""Readings that issue 21 decided, pinned on the real data (relay relations: test_reconcile.py): counts of places
never read as attacks, victim groups that keep their side, narration claimed by the narrator."""
from __future__ import annotations

import pytest

from conftest import REPO
from syriacw.build import build

PLACE_NOUNS = ("بلدت", "مدينت", "قريت")  # town, city, village, as their duals begin


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    return out, build(REPO, out)


def test_a_count_of_places_is_measure_places_never_attacks(tables):
    figures = tables[1]["figures"]
    places = figures[figures["value_text"].astype(str).str.startswith(PLACE_NOUNS)]
    assert sorted(places["figure_id"]) == ["fig-000-01", "fig-001-07"]
    assert set(places["measure"]) == {"places"}


def test_victim_groups_keep_their_side_and_narration_is_the_narrators(tables):
    figures, assertions = tables[1]["figures"].set_index("figure_id"), tables[1]["assertions"].set_index("assertion_id")
    assert figures.at["fig-snhr-2021-fighters", "victim_group"] == "opposition_fighters"
    assert figures.at["fig-snhr-2021-prisoners", "victim_group"] == "government_prisoners"
    assert not figures["victim_group"].isin(["fighters", "prisoners"]).any()
    assert assertions.loc["asr-000-06", ["claimant_id", "subject_id"]].tolist() == ["cvdcs", "opcw-un-jim"]
    denied = assertions[assertions["assertion"] == "denied"]
    assert denied["source_id"].tolist() == ["src-003", "src-003"]
