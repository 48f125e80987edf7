"""Numbers in docs/audit.md come from the tool, not from typing (issue 21: the doc said 38 captured and 1
unaccounted where `syriacw audit` said 39 and 0)."""
from __future__ import annotations

import re

from conftest import REPO
from syriacw.audit import as_markdown
from syriacw.build import audit_repository

DOC = (REPO / "docs" / "audit.md").read_text(encoding="utf-8")


def test_the_counts_table_in_docs_audit_md_is_the_tools_output():
    result, problems = audit_repository(REPO)
    assert problems == []
    assert as_markdown(result) in DOC, "paste `syriacw audit --format markdown` into docs/audit.md"


def test_the_build_line_quoted_in_docs_audit_md_has_the_tools_totals():
    result, _ = audit_repository(REPO)
    totals = result.totals()
    quoted = re.search(r"number audit: (\d+) numbers in (\d+) documents: (\d+) captured, (\d+) excluded, "
                       r"(\d+) unaccounted", DOC)
    assert quoted, "docs/audit.md no longer quotes the build's audit line"
    assert tuple(map(int, quoted.groups())) == (totals["found"], len(result.documents), totals["captured"],
                                                totals["excluded"], totals["unaccounted"])
