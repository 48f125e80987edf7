"""`syriacw report`: a static, self-contained HTML page that shows every figure beside the words it came from.

One file, index.html, with its CSS and its charts (hand-made SVG) inline and no script: it opens from disk (a USB
stick) and makes no network request. It shows, for a release:

- first, what a reader came for: the disagreements (each incident's death tolls and how far apart they are, the
  pairs pairwise finds differing, the relays that changed a figure), each linking to its figures' cards;
- every reconciliation query (syriacw.reconciliations()) with its own description; attack totals and incident
  death tolls also as interval charts (one line per figure naming its perpetrator and period, low to high, an
  open end a short fading arrow past its bound, primary / relayed / relay-only evidence drawn differently);
- every source's metadata and its full Arabic text (right to left) with every quote span highlighted — figures,
  assertions, and the numbers the audit excluded (seeds/audit_exclusions.csv), marked differently; overlapping
  spans are split so the marks nest; focusing or hovering a highlight shows what it records;
- a card for every figure and assertion, linking back to its highlight; publications cited without an archived
  text (provenance citation) with their figures' cards;
- last, the version, the checksums (SHA256SUMS and its fingerprint) and the citation.

The document texts are read from the repository's raw/ folder (--root) and must match sources.sha256.
Templates live in syriacw/templates/ (Jinja2, autoescaped). See docs/report.md.

The package, one purpose a module: collect (reading the release, its documents and citation), context (what the
templates need), headlines (the disagreements shown first), formatting, spans (highlights that nest), tables
(query results), charts (interval charts), render (templates to index.html), sample (the part of a large release
the page shows); the command `syriacw report` is in syriacw/cli.py.
"""
from .charts import (AXIS_HEIGHT, CHART_QUERIES, CHART_WIDTH, EVIDENCE_WORDS, GROUP_COLUMNS, PLOT_LEFT, PLOT_RIGHT,
                     ROW_HEIGHT, TOP, Scale, _chart, _charts)
from .collect import (CORE_TABLES, OPTIONAL_TABLES, archived, citation_text, collect,
                      read_documents, release_citation, release_info)
from .context import QUERY_TITLES, RTL_LANGUAGES, build_context
from .errors import ReportError
from .formatting import QUALIFIER_WORDS, date, evidence, figure_value, interval, number, text, web_address
from .headlines import headlines
from .render import REPORT_FILE, TEMPLATES, environment, render, write_report
from .spans import KIND_RANK, Span, Token, nest
from .tables import KEY_COLUMNS, VERDICT_COLUMNS

__all__ = [
    "AXIS_HEIGHT", "CHART_QUERIES", "CHART_WIDTH", "CORE_TABLES", "EVIDENCE_WORDS", "GROUP_COLUMNS",
    "KEY_COLUMNS", "KIND_RANK", "OPTIONAL_TABLES", "PLOT_LEFT", "PLOT_RIGHT", "QUALIFIER_WORDS", "QUERY_TITLES",
    "REPORT_FILE", "ROW_HEIGHT", "RTL_LANGUAGES", "TEMPLATES", "TOP", "VERDICT_COLUMNS", "ReportError",
    "Scale", "Span", "Token", "archived", "build_context", "citation_text", "collect", "date",
    "environment", "evidence", "figure_value", "headlines", "interval", "nest", "number", "read_documents",
    "release_citation", "release_info", "render", "text", "web_address", "write_report", "_chart", "_charts",
]
