"""Corrections as data: seeds/corrections.csv, `syriacw diff`, and the release command's refusal of a changed row
without a correction (issue 21)."""
from __future__ import annotations

import json

from conftest import REPO
from test_release import base, release, repo, run  # noqa: F401  (fixtures)

CORRECTIONS = "seeds/corrections.csv"
HEADER = "correction_id,table,row_id,fields,reason,corrected_in,notes\n"
FIVE_DATED_BY_CITATIONS = {"inc-eastern-ghouta-2013": "2013-08-21", "inc-khan-shaykhun-2017": "2017-04-04",
                           "inc-douma-2018-04": "2018-04-07", "inc-qalib-al-thawr-2017-08": "2017-08-09",
                           "inc-al-bulayl-2017-11": "2017-11-08"}


def rename_network(root):
    orgs = root / "seeds" / "organizations.csv"
    orgs.write_text(orgs.read_text("utf-8").replace("Fixture network", "Fixture Network"), "utf-8")


def test_diff_lists_the_five_incidents_whose_dates_the_citations_gave():
    result = run("diff", "1.0.0", "1.1.0", "--format", "json", "--root", str(REPO))
    assert result.returncode == 0, result.stderr
    incidents = json.loads(result.stdout)["tables"]["incidents"]
    for incident, day in FIVE_DATED_BY_CITATIONS.items():
        assert incidents["changed"][incident]["date_start"][1] == day
        assert incidents["changed"][incident]["date_precision"][1] == "day"
    assert incidents["removed"] == [] and len(incidents["added"]) == 6
    table = run("diff", "1.0.0", "1.1.0", "--root", str(REPO)).stdout
    assert "  changed: inc-douma-2018-04\n    date_start: 2018-04-01 → 2018-04-07" in table
    assert "relay_links (table added): 10 added, 0 removed, 0 changed" in table


def test_diff_of_two_shipped_releases_needs_no_repository(tmp_path):
    from conftest import run_cli

    result = run_cli("diff", "1.0.0", "1.1.0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "  changed: inc-douma-2018-04\n    date_start: 2018-04-01 → 2018-04-07" in result.stdout


def test_every_row_changed_in_a_release_has_a_correction_in_the_seed():
    """The released history is covered: the seed explains every change from 1.0.0 to 1.1.0."""
    from syriacw.releases.corrections import read_corrections, uncorrected
    from syriacw.releases.diff import diff_frames, table_frames

    releases = REPO / "dataset" / "releases"
    corrections, problems = read_corrections(REPO)
    assert problems == []
    diff = diff_frames(table_frames(releases / "1.0.0"), table_frames(releases / "1.1.0"))
    assert uncorrected(diff, corrections, "1.1.0") == []


def test_diff_against_the_current_build_and_dataset_tables(repo):
    rename_network(repo)
    current = run("diff", "0.1.0", "--current", "--format", "markdown", "--root", str(repo))
    assert current.returncode == 0, current.stderr
    assert "- changed: net\n  - name_en: Fixture network → Fixture Network" in current.stdout
    assert run("diff", "0.1.0", "9.9.9", "--root", str(repo)).returncode == 2


def test_a_release_that_changes_a_row_without_a_correction_fails(repo):
    rename_network(repo)
    refused = release(repo, "0.1.1")
    assert refused.returncode == 1
    assert "organizations net: name_en changed, and no correction of 0.1.1 names it" in refused.stderr
    assert not (repo / "dataset" / "releases" / "0.1.1").exists()
    (repo / CORRECTIONS).write_text(HEADER + "cor-1,organizations,net,notes,typo,0.1.1,\n", "utf-8")
    assert "does not name name_en" in release(repo, "0.1.1").stderr
    (repo / CORRECTIONS).write_text(HEADER + "cor-1,organizations,net,name_en,capital N as the group writes it,"
                                    "0.1.1,\n", "utf-8")
    (repo / "CHANGELOG.md").write_text("# Changelog\n\n## [0.1.1] - Unreleased\n\nThe network's name.\n", "utf-8")
    accepted = release(repo, "0.1.1")
    assert accepted.returncode == 0, accepted.stderr
    changelog = (repo / "CHANGELOG.md").read_text("utf-8")
    assert changelog.endswith("### Corrections\n\nGenerated from `seeds/corrections.csv` by the release command.\n\n"
                              "- organizations `net` (`name_en`): capital N as the group writes it\n")
    assert "- organizations `net`" in (repo / "dataset" / "releases" / "0.1.1" / "CHANGELOG.md").read_text("utf-8")


def test_a_removed_row_needs_a_correction_with_every_field(repo):
    orgs = repo / "seeds" / "organizations.csv"
    orgs.write_text(orgs.read_text("utf-8") + "newgroup,New group,,,armed_group,,\n", "utf-8")
    assert release(repo, "0.2.0").returncode == 0
    orgs.write_text(orgs.read_text("utf-8").replace("newgroup,New group,,,armed_group,,\n", ""), "utf-8")
    refused = release(repo, "1.0.0")
    assert "organizations newgroup: removed (add a correction with fields *)" in refused.stderr
    (repo / CORRECTIONS).write_text(HEADER + "cor-1,organizations,newgroup,*,added by mistake,1.0.0,\n", "utf-8")
    assert release(repo, "1.0.0").returncode == 0


def problems(root) -> set:
    result = run("validate", "--format", "json", "--root", str(root))
    return {(p["line"], p["column"], p["code"]) for p in json.loads(result.stdout)["problems"]}


def test_the_corrections_seed_is_validated(mini_repo):
    (mini_repo / CORRECTIONS).write_text(
        HEADER + "cor-1,organisations,net,name_en,r,0.1.1,\n"
                 "cor-2,organizations,net,name,r,0.1.1,\n"
                 "cor-3,organizations,nobody,name_en,r,0.1.1,\n"
                 "cor-4,organizations,net,name_en,,v1,\n"
                 "cor-4,organizations,gone,*,removed,0.1.1,\n", "utf-8")
    found = problems(mini_repo)
    assert found == {(2, "table", "not-in-vocabulary"), (3, "fields", "unknown-column"),
                     (5, "reason", "required"), (5, "corrected_in", "bad-format"),
                     (6, "correction_id", "duplicate-id"), (4, "row_id", "unknown-reference")}


def test_the_codebook_describes_the_columns_the_release_command_reads():
    from syriacw.releases.corrections import COLUMNS
    from syriacw.validation.codebook import codebook_markdown
    from syriacw.validation.schemas import CORRECTIONS

    assert tuple(CORRECTIONS.columns) == COLUMNS
    assert "## seeds/corrections.csv (a seed, not a table)" in codebook_markdown()


def test_every_row_changed_since_the_newest_release_has_its_correction():
    """What the next release will ship is covered now, not at release time: each row of the newest release that the
    current build changes or drops has its correction, for a version not yet released."""
    from syriacw import releases as shipped
    from syriacw.build import build
    from syriacw.paths import version_key
    from syriacw.releases.corrections import read_corrections, uncorrected
    from syriacw.releases.diff import diff_frames, table_frames

    folder = REPO / "dataset" / "releases"
    newest = shipped.versions(folder)[-1]
    corrections, _ = read_corrections(REPO)
    pending = {c.corrected_in for c in corrections if version_key(c.corrected_in) > version_key(newest)}
    assert len(pending) <= 1, f"corrections name more than one unreleased version: {sorted(pending)}"
    diff = diff_frames(table_frames(folder / newest), build(REPO, write=False))
    assert uncorrected(diff, corrections, next(iter(pending), "the next version")) == []


def test_the_corrections_section_is_replaced_not_repeated():
    from syriacw.releases.corrections import with_section

    log = ("# Changelog\n\n## [1.2.0] - Unreleased\n\nText.\n\n### Corrections\n\n- old line\n\n### Why\n\n- because\n\n"
           "## [1.1.0] - 2026-11-23\n\nOlder.\n")
    section = "### Corrections\n\n- new line\n"
    once = with_section(log, "1.2.0", section)
    assert once == log.replace("- old line\n", "- new line\n")
    assert with_section(once, "1.2.0", section) == once
    assert with_section(log, "1.1.0", section).endswith("Older.\n\n### Corrections\n\n- new line\n")


def test_a_corrections_section_written_again_keeps_the_blank_line_before_the_next_entry():
    """Making a release again (an interrupted one, or a rebuild that checks reproducibility) finds its corrections
    section already in the changelog; writing it again must give the same changelog, byte for byte, also when the
    section ends the entry (1.2.0's rebuild lost the blank line before "## [1.1.0]", and its SHA256SUMS changed)."""
    from syriacw.releases.corrections import with_section

    log = "# Changelog\n\n## [1.2.0] - 2026-12-06\n\nText.\n\n## [1.1.0] - 2026-11-23\n\nOlder.\n"
    section = "### Corrections\n\n- a line\n"
    once = with_section(log, "1.2.0", section)
    assert once == log.replace("Text.\n\n", "Text.\n\n### Corrections\n\n- a line\n\n")
    assert with_section(once, "1.2.0", section) == once
