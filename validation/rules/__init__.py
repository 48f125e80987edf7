"""Cross-table rules. Each rule returns Problems with a stable kebab-case code; none stops at the first.

Codes (documented in docs/codebook.md and docs/failure-modes.md):
schema checks: required, duplicate-id, duplicate-value, not-in-vocabulary, bad-format, out-of-range, type-error
references:    unknown-reference
documents:     raw-file-missing, sha256-mismatch, file-not-utf8, raw-file-unlisted
quotes:        offsets-out-of-range, quote-mismatch
values:        value-text-not-in-quote, value-text-unreadable, value-mismatch, vague-mismatch, unit-mismatch,
               qualifier-not-in-quote, qualifier-conflict, share-above-100
structure:     parent-measure-mismatch, parent-other-source, parent-is-share, parent-cycle, subset-exceeds-parent,
               shares-exceed-100
dates:         date-inverted
claims:        attribution-without-party, allegation-typed-as-finding, alleged-plan-occurred
provenance:    archived-without-file, citation-with-file, citation-without-address, quote-on-citation,
               citation-without-ref, unknown-ref-id, reference-mismatch, relay-read-as-primary
international: confidence-unmapped, ffm-names-perpetrator, incident-self-link, duplicate-incident-link
relay links:   link-direction, duplicate-link
"""
from __future__ import annotations

import pandas as pd

from syriacw.errors import Problem

from .claims import check_claims
from .column_types import check_schemas
from .documents import check_documents, check_quotes
from .international import check_international, derive_admin1_iso, derive_confidence_grade
from .markers import _fold, _fold_many, _has_marker, _markers_in
from .parents import check_parents
from .periods import check_order, derive_incident_end
from .provenance import check_provenance
from .references import check_references, check_relay_links
from .values import check_values, derive_intervals

# what the build and the tests use; the private helpers are the ones tests/test_benchmark_generator.py compares
# with syriacw.arabic
__all__ = ["check_all", "check_claims", "check_international", "derive_admin1_iso", "derive_confidence_grade", "check_documents", "check_order", "check_parents", "check_provenance",
           "check_quotes", "check_references", "check_relay_links", "check_schemas", "check_values",
           "derive_incident_end", "derive_intervals", "_fold", "_fold_many", "_has_marker", "_markers_in"]


def check_all(frames: dict[str, pd.DataFrame], documents: dict[str, bytes],
              reference: dict[str, dict] | None = None) -> list[Problem]:
    problems = check_references(frames)
    problems += check_provenance(frames, reference)
    problems += check_relay_links(frames)
    texts, found = check_documents(frames.get("sources"), documents)
    problems += found
    for table in ("figures", "assertions"):
        if table in frames and "sources" in frames:
            problems += check_quotes(table, frames[table], frames["sources"], texts)
    if "figures" in frames:
        problems += check_values(frames["figures"])
        problems += check_parents(frames["figures"])
        problems += check_order(frames["figures"], "figures", "period_start", "period_end")
    if "incidents" in frames:
        problems += check_order(frames["incidents"], "incidents", "date_start", "date_end")
    problems += check_claims(frames)
    problems += check_international(frames)
    return problems
