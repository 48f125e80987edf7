"""Issue 17, "smaller holes" in what the build and `locate` accept: huge integers, dates pandas cannot hold,
organization parent cycles, control and bidi characters, dates after the source's publication, symlinks and
escaping paths, and raw/reference/ edits. Each xfail is a hole still open; remove the mark when the fix lands."""
from __future__ import annotations

import os
import shutil

import pytest

from conftest import run_cli
from trust_support import add_row, append_to_document, clean_refusal, problems, read_seed, set_cells

FIGURES, INCIDENTS, ORGS = "seeds/figures.csv", "seeds/incidents.csv", "seeds/organizations.csv"


# --- integers of 2^63 or more, dates outside 1677–2262 ----------------------------------------------------------

@pytest.mark.parametrize("cell, code", [("9223372036854775807", "offsets-out-of-range"),
                                        ("9223372036854775808", "integer-too-large"),
                                        ("1e19", "integer-too-large")])
def test_a_huge_quote_start_is_a_listed_problem(mini_repo, cell, code):
    line = set_cells(mini_repo, "figures", "fig-000-01", quote_start=cell)
    assert (FIGURES, line, "fig-000-01", "quote_start", code) in problems(mini_repo)


def test_validate_lists_a_huge_quote_start_without_a_traceback(mini_repo):
    set_cells(mini_repo, "figures", "fig-000-01", quote_start="9223372036854775808")
    result = run_cli("validate", "--root", str(mini_repo))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and "integer-too-large" in result.stderr


@pytest.mark.parametrize("table, row_id, column, cell", [
    ("figures", "fig-000-01", "as_of", "1600-01"),
    ("figures", "fig-000-01", "period_start", "1600"),
    ("incidents", "inc-talmenes-2014", "date_start", "2263-04-21"),
])
def test_a_date_outside_what_pandas_holds_is_a_listed_problem(mini_repo, table, row_id, column, cell):
    line = set_cells(mini_repo, table, row_id, **{column: cell})
    found = problems(mini_repo)
    assert (f"seeds/{table}.csv", line, row_id, column, "date-out-of-range") in found
    assert not [p for p in found if p[1] is None], found  # no whole-file problem for one bad cell


# --- organizations.parent_id cycles ----------------------------------------------------------------------------

def test_an_organization_parent_cycle_is_refused(mini_repo):
    net = set_cells(mini_repo, "organizations", "net", parent_id="gov")
    gov = set_cells(mini_repo, "organizations", "gov", parent_id="net")
    found = problems(mini_repo)
    assert {(ORGS, net, "net", "parent_id", "parent-cycle"), (ORGS, gov, "gov", "parent_id", "parent-cycle")} & set(found)


def test_an_organization_that_is_its_own_parent_is_refused(mini_repo):
    line = set_cells(mini_repo, "organizations", "net", parent_id="net")
    assert (ORGS, line, "net", "parent_id", "parent-cycle") in problems(mini_repo)


# --- NUL, C0 controls and bidi overrides in text cells ---------------------------------------------------------

@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"], ids=["NUL", "BEL", "ESC"])
def test_a_control_character_in_a_text_cell_is_refused(mini_repo, char):
    line = set_cells(mini_repo, "figures", "fig-000-01", notes=f"a{char}b")
    assert (FIGURES, line, "fig-000-01", "notes", "control-character") in problems(mini_repo)


@pytest.mark.parametrize("char", ["\u202a", "\u202e", "\u2066", "\u2069"], ids=["LRE", "RLO", "LRI", "PDI"])
def test_a_bidi_control_in_a_text_cell_is_refused(mini_repo, char):
    line = set_cells(mini_repo, "organizations", "net", name_en=f"Fixture {char}network")
    assert (ORGS, line, "net", "name_en", "bidi-control") in problems(mini_repo)


def test_a_quote_keeps_a_bidi_mark_its_document_really_has(mini_repo):
    """Not a hole today; guards the fix: a quote is verbatim, so a bidi mark the raw document holds stays valid."""
    sentence = "قالت الشبكة \u202bإن 7 هجمات\u202c وقعت."
    start = append_to_document(mini_repo, "src-000", "\n" + sentence + "\n") + 1
    header, rows = read_seed(mini_repo, "figures")
    row = dict(zip(header, rows[0]))
    quote = "\u202bإن 7 هجمات\u202c"
    offset = start + sentence.index(quote)
    row.update(figure_id="fig-000-09", measure="attacks", value_text="7", value="7", qualifier="exact",
               quote=quote, quote_start=str(offset), quote_end=str(offset + len(quote)))
    add_row(mini_repo, "figures", **row)
    assert problems(mini_repo) == []


def test_messages_print_an_id_with_a_bidi_control_escaped(mini_repo):
    """Not a hole today (problem messages use repr()); guards the fix's wording of other messages."""
    set_cells(mini_repo, "figures", "fig-000-02", parent_figure_id="fig-\u202e10-000-gif")
    result = run_cli("validate", "--root", str(mini_repo))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "\u202e" not in result.stderr + result.stdout
    assert "202e" in (result.stderr + result.stdout).lower()  # escaped, e.g. \u202e


# --- a date after the publication of the source that states it --------------------------------------------------

def test_a_period_after_the_source_s_publication_is_a_problem(mini_repo):
    line = set_cells(mini_repo, "figures", "fig-000-01", period_end="2022")  # src-000 is published 2021-11
    assert (FIGURES, line, "fig-000-01", "period_end", "date-after-publication") in problems(mini_repo)


def test_an_incident_after_the_publication_of_its_source_is_a_problem(mini_repo):
    set_cells(mini_repo, "incidents", "inc-talmenes-2014", date_start="2022-04-21")  # asr-000-01 cites src-000
    found = [p for p in problems(mini_repo) if p[4] == "date-after-publication"]
    assert found and {p[2] for p in found} <= {"inc-talmenes-2014", "asr-000-01"}, found


def test_a_forecast_may_reach_past_its_publication(mini_repo):
    """Not a hole today; guards the fix: an estimate (plan or forecast) may name a later period."""
    set_cells(mini_repo, "figures", "fig-000-01", period_end="2022", claim_type="estimate")
    assert [p for p in problems(mini_repo) if p[4] == "date-after-publication"] == []


# --- symlinks under raw/, raw/reference/ pinned -----------------------------------------------------------------

def test_a_symlink_under_raw_is_refused(mini_repo, tmp_path):
    outside = tmp_path / "outside.txt"
    shutil.move(mini_repo / "raw" / "doc.txt", outside)
    (mini_repo / "raw" / "doc.txt").symlink_to(outside)
    assert [p for p in problems(mini_repo) if p[0] == "raw/doc.txt" and p[4] == "raw-symlink"]


def test_an_edited_reference_file_is_a_problem(real_repo):
    """A published count changed in the reference list and in the row citing it, consistently."""
    reference = real_repo / "raw" / "reference" / "primary_publications.csv"
    lines = reference.read_text("utf-8").splitlines(keepends=True)
    row = next(k for k, line in enumerate(lines) if line.startswith("snhr-2022-att-total,"))
    assert ",attacks,222,exact," in lines[row]
    lines[row] = lines[row].replace(",attacks,222,exact,", ",attacks,999,exact,")
    reference.write_text("".join(lines), encoding="utf-8")
    set_cells(real_repo, "figures", "fig-snhr-2022-att-total", value_text="999", value="999")
    found = problems(real_repo)
    assert [p for p in found if p[0] == "raw/reference/primary_publications.csv" and p[4] == "sha256-mismatch"], found


# --- locate: the build's path check, and messages instead of tracebacks -----------------------------------------

def _locate(root, file, quote):
    set_cells(root, "sources", "src-000", file=file)
    return run_cli("locate", "--root", str(root), "src-000", quote)


def test_locate_refuses_a_path_outside_raw(mini_repo):
    result = _locate(mini_repo, os.path.relpath("/etc/passwd", mini_repo), "root:x:0:0:")
    assert "root:x" not in result.stdout
    clean_refusal(result, 2, "src-000")


def test_locate_on_a_citation_source_says_it_has_no_document(mini_repo):
    clean_refusal(_locate(mini_repo, "", "1510"), 2, "src-000")


def test_locate_on_a_missing_file_says_so(mini_repo):
    clean_refusal(_locate(mini_repo, "raw/absent.txt", "1510"), 2, "raw/absent.txt")


def test_locate_on_a_file_that_is_not_utf8_says_so(mini_repo):
    document = mini_repo / "raw" / "doc.txt"
    document.write_bytes(document.read_text("utf-8").encode("cp1256"))
    clean_refusal(_locate(mini_repo, "raw/doc.txt", "1510"), 2, "raw/doc.txt")


def test_a_row_id_with_a_bidi_control_is_printed_escaped(mini_repo):
    """The row ID itself (not only a message's repr) is escaped where validate prints where a problem is."""
    set_cells(mini_repo, "figures", "fig-000-03", figure_id="fig-\u202e000-03")
    result = run_cli("validate", "--root", str(mini_repo))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "\u202e" not in result.stderr + result.stdout
    assert "[fig-\\u202e000-03]" in result.stderr + result.stdout


def test_a_reference_file_no_pin_names_is_a_problem(real_repo):
    (real_repo / "raw" / "reference" / "extra.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert ("raw/reference/extra.csv", None, None, None, "raw-file-unlisted") in problems(real_repo)


def test_a_pin_naming_no_reference_file_is_a_problem(real_repo):
    (real_repo / "raw" / "reference" / "international_findings.csv").unlink()
    assert ("seeds/reference_files.csv", 2, "raw/reference/international_findings.csv", "file",
            "raw-file-missing") in problems(real_repo)
