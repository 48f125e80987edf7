"""The audit's result as text, as JSON, and as exclusion rows to fill in."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from .core import AuditResult
from .exclusions import EXCLUSION_COLUMNS, EXCLUSIONS_FILE, plain_context


def as_text(result: AuditResult, *, every_number: bool = False) -> str:
    out = [f"{'source':<10}{'file':<32}{'found':>7}{'captured':>10}{'excluded':>10}{'unaccounted':>13}"]
    for doc in result.documents:
        c = doc.counts()
        out.append(f"{doc.source_id:<10}{doc.file:<32}{c['found']:>7}{c['captured']:>10}{c['excluded']:>10}"
                   f"{c['unaccounted']:>13}")
        if every_number:
            for n in doc.numbers:
                why = ", ".join(n.captured_by) if n.status == "captured" else n.reason_code or ""
                out.append(f"  {n.start:>6}  {n.status:<12}{n.kind:<9}{n.context}  [{why}]")
    t = result.totals()
    out.append(f"{'total':<42}{t['found']:>7}{t['captured']:>10}{t['excluded']:>10}{t['unaccounted']:>13}")
    if result.problems:
        out.append("")
        out.append("problems:")
        for p in result.problems:  # exclusion problems first, then unaccounted numbers in document order
            out.append("  " + p.as_text())
        out.append(f"{len(result.problems)} problem(s): capture each unaccounted number in a figure or assertion "
                   f"quote, or list it in {EXCLUSIONS_FILE} with a reason (syriacw audit --template).")
    else:
        out.append("every number is accounted for.")
    return "\n".join(out)


def as_markdown(result: AuditResult) -> str:
    """The counts per document as a markdown table: docs/audit.md shows this output (a test compares them)."""
    rows = ["| source | found | captured | excluded | unaccounted |", "|---|---:|---:|---:|---:|"]
    for doc in result.documents:
        c = doc.counts()
        rows.append(f"| {doc.source_id} | {c['found']} | {c['captured']} | {c['excluded']} | {c['unaccounted']} |")
    t = result.totals()
    rows.append(f"| total | {t['found']} | {t['captured']} | {t['excluded']} | {t['unaccounted']} |")
    return "\n".join(rows)


def as_json(result: AuditResult) -> str:
    return json.dumps({
        "valid": result.valid,
        "totals": result.totals(),
        "documents": [{"source_id": d.source_id, "file": d.file, **d.counts(),
                       "numbers": [asdict(n) for n in d.numbers]} for d in result.documents],
        "problems": [asdict(p) for p in sorted(result.problems)],
    }, ensure_ascii=False, indent=1)


def print_template(result: AuditResult, root: Path) -> None:
    """CSV rows for seeds/audit_exclusions.csv, one per unaccounted number; reason_code and reason left to fill."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(EXCLUSION_COLUMNS)
    for doc in result.documents:
        document = (root / doc.file).read_text(encoding="utf-8")
        for n in doc.numbers:
            if n.status == "unaccounted":
                writer.writerow([doc.source_id, n.text, n.start, "", "", plain_context(document, n.start, n.end)])
