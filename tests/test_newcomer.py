"""Issue 19: what a newcomer meets in the first hour — errors that say what is wrong, help where argparse used to
complain, and tables a person can read."""
from __future__ import annotations

import pytest

import syriacw
from conftest import REPO, run_cli
from syriacw.releases import TableNotInRelease


def test_a_table_added_later_is_named_as_not_in_the_older_release():
    with pytest.raises(TableNotInRelease, match=r"^relay_links is not in release 1\.0\.0 \(first in 1\.1\.0\)$"):
        syriacw.load("relay_links", version="1.0.0")
    assert issubclass(TableNotInRelease, LookupError)


def test_every_query_declares_a_short_default_column_set_it_returns():
    from syriacw.db import default_columns, query_files

    for name, path in query_files().items():
        assert path.read_text(encoding="utf-8").splitlines()[1].startswith("-- columns: "), name
        columns = default_columns(path)
        assert 2 <= len(columns) <= 6, name
        assert set(columns) <= set(syriacw.reconcile(name).columns), name


def test_incident_matrix_names_a_claimant_in_full():
    matrix = syriacw.reconcile("incident_matrix").set_index("incident_id")
    assertions = matrix.loc["inc-idlib-staged-plan-2019-11", "assertions"]
    assert assertions.startswith("Russian Ministry of Defence: ") and "MoD:" not in assertions
