"""Issue 17, "a wrong figure passes every check": the number a row states must be a whole number phrase of its
quote, with its unit. Golden cases in tests/fixtures/trust/wrong_figures.json."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from trust_support import append_to_document, problems, read_seed, set_cells, write_seed

GOLDEN = json.loads((FIXTURES / "trust" / "wrong_figures.json").read_text("utf-8"))


def _with_setup(root):
    """The mini repository plus the golden file's sentence and the figures quoting it (offsets computed here)."""
    setup = GOLDEN["setup"]
    start = append_to_document(root, "src-000", setup["document"])
    header, rows = read_seed(root, "figures")
    template = dict(zip(header, rows[0]))
    for cells in setup["figures"]:
        row = {**template, "parent_figure_id": "", "event_scope": "chemical_attacks", **cells}
        offset = start + setup["document"].index(cells["quote"])
        row["quote_start"], row["quote_end"] = str(offset), str(offset + len(cells["quote"]))
        rows.append([row[column] for column in header])
    write_seed(root, "figures", header, rows)
    return root


def test_the_golden_setup_is_valid_as_written(mini_repo):
    """The control: with the right figures, the setup passes, so each case's problem comes from its edit alone."""
    assert problems(_with_setup(mini_repo)) == []


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["case"] for c in GOLDEN["cases"]])
def test_a_wrong_figure_is_a_listed_problem(mini_repo, case):
    root = _with_setup(mini_repo)
    for row_id, cells in case["edit"].items():
        set_cells(root, "figures", row_id, **cells)
    assert tuple(case["expected"]) in problems(root)


@pytest.mark.parametrize("text, value", [("2 في المئة", 2.0), ("ثلاثة بالمئة", 3.0), ("٢٠٪", 20.0)])
def test_percent_words_make_a_value_text_a_percent(text, value):
    """`في المئة` / `بالمئة` make a percent as `%` does, so such a share entered as a count is a unit-mismatch."""
    from syriacw.numbers import parse_value_text

    parsed = parse_value_text(text)
    assert (parsed.value, parsed.percent) == (value, True)
