"""The number audit: every number in every archived document is captured by a quote or excluded with a reason.

A *number mention* is a span of a raw document that states a number: digits (Western or Arabic-Indic, with
separators, decimals, a percent sign, a scale word or a slash date), cardinal number words and phrases, vague
plurals (عشرات، مئات، آلاف…), ordinal words (الثاني، الخامس، التاسع…), fractions (نصف، ثلث، ربع) and decades
(الثمانينيات). The lexicon and its limits are documented in docs/audit.md.

Each mention must be
  captured  — inside [quote_start, quote_end) of a figure or an assertion of the same source, or
  excluded  — listed in seeds/audit_exclusions.csv (source_id, text, start) with a reason_code and a reason;
anything else is *unaccounted* and fails the audit (code `number-unaccounted`), and so the build.

The parts, one purpose each: lexicon (the number words), scanner (the bulk scanner), exclusions (the one reader of
seeds/audit_exclusions.csv and its reason codes), core (the audit and its result), formats (text, JSON, template)
and command (`syriacw audit`). The names below are re-exported so that `from syriacw.audit import …` keeps working.
"""
from __future__ import annotations

from ..arabic import fold_text
from .core import (CONTEXT_CHARS, AuditResult, DocumentAudit, Number, audit, audit_for_build, context_of)
from .exclusions import (EXCLUSION_COLUMNS, EXCLUSIONS_FILE, REASON_CODES, REQUIRED_COLUMNS, Exclusion,
                         exclusions_to_show, load_exclusions, match_exclusions, plain_context)
from .formats import as_json, as_markdown, as_text, print_template
from .lexicon import (_KIND_OF, _MULTIPLIERS, _PERCENT_HUNDRED, _PERCENT_IN, _PERCENT_WORDS, _SCALE_AFTER_DIGITS,
                      _TEENS, _analyse, _is_month_first, dual_forms)
from .scanner import Mention, Mentions, scan, scan_texts

__all__ = [
    "CONTEXT_CHARS", "EXCLUSIONS_FILE", "EXCLUSION_COLUMNS", "REASON_CODES", "REQUIRED_COLUMNS", "AuditResult",
    "DocumentAudit", "Exclusion", "Mention", "Mentions", "Number", "as_json", "as_markdown", "as_text", "audit", "audit_for_build",
    "context_of", "dual_forms", "exclusions_to_show", "fold_text", "load_exclusions", "match_exclusions",
    "plain_context", "print_template", "scan", "scan_texts",
    # private names tests/audit_reference.py imported from here before the split
    "_KIND_OF", "_MULTIPLIERS", "_PERCENT_HUNDRED", "_PERCENT_IN", "_PERCENT_WORDS", "_SCALE_AFTER_DIGITS", "_TEENS",
    "_analyse", "_is_month_first",
]
