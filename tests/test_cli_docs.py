"""The command reference is the parser's own help, and every command has some."""
import pytest

from conftest import REPO, run_cli
from syriacw.cli import cli_reference

COMMANDS = ["build", "validate", "locate", "codebook", "sql", "reconcile", "release", "verify", "cite", "audit",
            "report", "completion"]


def test_docs_cli_md_is_the_generated_reference():
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), \
        "regenerate docs/cli.md (command in its first lines)"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert f"usage: syriacw {command}" in result.stdout
    description = result.stdout.split("\n\n")[1]
    assert len(description.strip()) > 20
    assert f"## syriacw {command}\n" in cli_reference()


def test_locate_prints_offsets_that_verify():
    result = run_cli("locate", "src-001", "ما لا يقل عن ١٥١٠", "--root", str(REPO))
    assert result.returncode == 0, result.stderr
    start, end, text = result.stdout.splitlines()[1].split("\t")
    document = (REPO / "raw" / "001_3ea559522e77e0ca.txt").read_text(encoding="utf-8")
    assert document[int(start):int(end)] == text == "ما لا يقل عن 1510"


def test_locate_reports_every_match_when_ambiguous():
    result = run_cli("locate", "src-001", "الشبكة السورية لحقوق الإنسان", "--root", str(REPO))
    assert result.returncode == 3
    assert "ambiguous" in result.stderr and len(result.stdout.splitlines()) == 3
