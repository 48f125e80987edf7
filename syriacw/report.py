"""`syriacw report`: a static, self-contained HTML page that shows every figure beside the words it came from.

One file, index.html, with its CSS and its charts (hand-made SVG) inline and no script: it opens from disk (a USB
stick) and makes no network request. It shows, for a release:

- the version, the checksums (SHA256SUMS and its fingerprint) and the citation, at the top;
- every source's metadata and its full Arabic text (right to left) with every quote span highlighted — figures,
  assertions, and the numbers the audit excluded (seeds/audit_exclusions.csv), marked differently; overlapping
  spans are split so the marks nest; focusing or hovering a highlight shows what it records;
- a card for every figure and assertion, linking back to its highlight; publications cited without an archived
  text (provenance citation) with their figures' cards;
- every reconciliation query (syriacw.reconciliations()) with its own description; attack totals and incident
  death tolls also as interval charts (one line per figure, low to high, open ends drawn as arrows, primary /
  relayed / relay-only evidence drawn differently).

The document texts are read from the repository's raw/ folder (--root) and must match sources.sha256.
Templates live in syriacw/templates/ (Jinja2, autoescaped). See docs/report.md.
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

REPORT_FILE = "index.html"
CORE_TABLES = ("sources", "organizations", "figures", "incidents", "assertions")
OPTIONAL_TABLES = ("relay_links",)
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
TEMPLATES = Path(__file__).parent / "templates"
EXCLUSIONS_FILE = "seeds/audit_exclusions.csv"

# Queries drawn as interval charts, with the figures they are about when the query is not (yet) in the release.
CHART_QUERIES = {
    "attack_totals": "Attack totals",
    "incident_tolls": "Incident death tolls",
}
QUERY_TITLES = {
    **CHART_QUERIES,
    "casualty_totals": "Casualty totals: deaths, injuries, hospitalizations",
    "relay_check": "Relays beside what their claimants published",
    "series": "Each organization's totals over time",
    "pairwise": "Pairwise verdicts",
    "incident_matrix": "Incident matrix",
    "consistency": "Consistency within each source",
}
# Columns that split a query's rows into separate charts: different things are never drawn on one axis.
GROUP_COLUMNS = ("incident_id", "measure", "unit", "event_scope")
# The columns a reader needs first, per query; the full result is one click away (details).
KEY_COLUMNS = {
    "attack_totals": ("figure_id", "claimant", "relayer", "stated", "low", "high", "unit", "event_scope", "period",
                      "perpetrator", "place", "claim_type"),
    "casualty_totals": ("figure_id", "claimant", "relayer", "measure", "victim_group", "stated", "low", "high",
                        "unit", "event_scope", "period", "place", "incident_id", "claim_type"),
    "pairwise": ("measure", "unit", "a_figure_id", "a_claimant", "a_says", "b_figure_id", "b_claimant", "b_says",
                 "verdict", "reason", "explanation"),
    "incident_matrix": ("incident_id", "place_en", "date", "incident_kind", "claimants", "assertions", "findings",
                        "flags"),
    "incident_tolls": ("incident_id", "place", "incident_date", "rank_low_to_high", "claimant", "says",
                       "victim_group", "evidence", "figure_id", "spread_ratio"),
    "relay_check": ("relayed_figure_id", "relayed_in", "claimant", "relayed_by", "relayed_says", "primary_figure_id",
                    "primary_says", "primary_publication", "relation", "changed"),
    "series": ("claimant", "measure", "perpetrator", "victim_group", "as_of", "says", "figure_id", "previous_says",
               "change", "smaller_than_before"),
}
# Columns whose values are verdicts: shown as tags so they stand out.
VERDICT_COLUMNS = ("verdict", "result", "evidence", "relation")

EVIDENCE_WORDS = {
    "primary": "primary: the claimant's own publication",
    "relayed": "relayed: another's document relays the claimant",
    "relay_only": "relay only: the claimant's publication was not read, only a report of it",
}
QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least ", "more_than": "more than ", "approximately": "about ",
    "at_most": "at most ", "less_than": "less than ", "vague": "", "range": "",
}


class ReportError(Exception):
    """The report cannot be made truthfully (a document differs from its checksum, a quote from its text, …)."""


def write_report(out_dir: Path, *, root: Path, version: str | None = None, warn=None) -> Path:
    """Render the report for `version` and write it to out_dir/index.html (atomically). Returns the path.
    `warn(message)` is called for what the page shows as a warning (e.g. a query that cannot run on the release)."""
    context = collect(root, version)
    for message in context["warnings"]:
        if warn is not None:
            warn(message)
    html = render(context)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REPORT_FILE
    tmp = out_dir / f".{REPORT_FILE}.tmp"
    tmp.write_text(html, encoding="utf-8", newline="\n")
    os.replace(tmp, path)
    return path


# --- gathering -------------------------------------------------------------------------------------------------

def collect(root: Path, version: str | None = None) -> dict:
    """Everything the templates need, read from the release (or build) and the repository's raw/ and seeds/."""
    import syriacw

    from . import reading

    release = release_info(version)
    folder = reading.table_dir(version)
    tables = {name: syriacw.load(name, version) for name in CORE_TABLES}
    for name in OPTIONAL_TABLES:  # tables added after the first releases: shown when the version has them
        if name in syriacw.tables() and (folder / f"{name}.parquet").exists():
            tables[name] = syriacw.load(name, version)
    documents = read_documents(Path(root), tables["sources"])  # first: refuse a changed document before anything
    queries = syriacw.reconciliations()
    results, errors = {}, {}
    for name in queries["name"]:
        try:
            results[name] = syriacw.reconcile(name, version)
        except Exception as exc:  # a query newer than the release's tables: shown as such, not fatal
            errors[name] = f"{type(exc).__name__}: {exc}".strip()
    descriptions = dict(zip(queries["name"], queries["description"]))
    exclusions = read_exclusions(Path(root))
    context = build_context(tables, documents, results, descriptions, release, exclusions, errors)
    return context


def release_info(version: str | None) -> dict:
    """Version, checksums and citation of the folder syriacw.load(…, version) reads; a release is verified whole."""
    from . import reading
    from .releases import SUMS, check_files, fingerprint, read_datapackage, read_sums

    folder = reading.table_dir(version)
    if folder.parent.name == "releases":
        problems = check_files(folder)
        if problems:
            raise ReportError(f"release {folder.name} does not match its checksums: " + "; ".join(problems))
        sums = read_sums(folder)
        cff_path = folder / "CITATION.cff"
        cff = cff_path.read_text(encoding="utf-8") if cff_path.is_file() else ""
        package, _ = read_datapackage(folder)
        citation, bibtex = release_citation(package or {}, fingerprint(folder))
        return {
            "released": True,
            "version": folder.name,
            "checksums": sorted(sums.items()),
            "fingerprint": fingerprint(folder),
            "sums_file": SUMS,
            "cff": cff,
            "citation": citation or citation_text(cff, folder.name),
            "bibtex": bibtex,
            "package_title": (package or {}).get("title", ""),
        }
    checksums = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                       for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return {"released": False, "version": "dev", "checksums": checksums, "fingerprint": "", "sums_file": "",
            "cff": "", "citation": "", "bibtex": "", "package_title": ""}


def release_citation(package: dict, digest: str) -> tuple[str, str]:
    """The citation `syriacw cite` prints (APA, BibTeX) from the release's datapackage.json; ('', '') if it cannot
    be made (then the report falls back to CITATION.cff)."""
    try:
        from .release import apa, bibtex

        return apa(package, digest), bibtex(package, digest)
    except (ImportError, AttributeError, KeyError, TypeError, ValueError):
        return "", ""


def archived(source: dict) -> bool:
    """Whether a source is an archived document in raw/ that rows quote (not a publication cited by address)."""
    provenance = text(source.get("provenance"))
    return provenance == "archived_quote" if provenance else not _missing(source.get("file"))


def read_documents(root: Path, sources) -> dict[str, str]:
    """source_id → decoded text of raw/FILE for every archived source, after checking its bytes against
    sources.sha256. Cited publications (no file) have no text."""
    texts = {}
    for row in sources.itertuples(index=False):
        if not archived(row._asdict()):
            continue
        path = root / str(row.file)
        if not path.is_file():
            raise ReportError(f"{row.source_id}: {row.file} is missing under {root}")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != str(row.sha256):
            raise ReportError(f"{row.source_id}: {row.file} has sha256 {digest}, the release says {row.sha256}; "
                              "the report shows only the documents the figures were quoted from")
        try:
            texts[str(row.source_id)] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReportError(f"{row.source_id}: {row.file} is not UTF-8 ({exc})") from None
    return texts


@dataclass(frozen=True)
class Exclusion:
    source_id: str
    text: str
    start: int
    reason_code: str
    reason: str


def read_exclusions(root: Path) -> list[Exclusion]:
    """Rows of seeds/audit_exclusions.csv (the numbers the audit leaves out, with reasons); none if absent."""
    path = root / EXCLUSIONS_FILE
    if not path.is_file():
        return []
    rows = []
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
        try:
            start = int((row.get("start") or "").strip())
        except ValueError:
            continue  # the audit reports malformed rows; the report shows what it can place
        rows.append(Exclusion((row.get("source_id") or "").strip(), row.get("text") or "", start,
                              (row.get("reason_code") or "").strip(), (row.get("reason") or "").strip()))
    return rows


# --- formatting ------------------------------------------------------------------------------------------------

def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def text(value) -> str:
    return "" if _missing(value) else str(value)


def number(value) -> str:
    """1510.0 → '1,510'; 2.5 → '2.5'; missing → ''."""
    if _missing(value):
        return ""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def date(value, precision: str | None = "day") -> str:
    """A date shown to its precision: 2021-03-05, 2021-03, 2021; 'unknown' when there is none."""
    if _missing(value) or precision == "unknown":
        return "unknown"
    iso = value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)[:10]
    return {"year": iso[:4], "month": iso[:7]}.get(str(precision), iso)


def interval(low, high, unit: str = "count") -> str:
    """[low, high] with open ends written as such: '1,510 – open', 'open – 99'."""
    sign = "%" if unit == "percent" else ""
    lo = f"{number(low)}{sign}" if not _missing(low) else "open"
    hi = f"{number(high)}{sign}" if not _missing(high) else "open"
    return lo if lo == hi else f"{lo} – {hi}"


def figure_value(fig) -> str:
    """In English: 'at least 1,510', 'about 12,000', '300 – 999 (a vague plural)', '98%'. (The Arabic as written is
    value_text; it is shown apart, so the two scripts are never mixed in one line.)"""
    unit = text(fig.get("unit"))
    sign = "%" if unit == "percent" else ""
    qualifier = text(fig.get("qualifier"))
    if qualifier == "vague":
        return f"{interval(fig.get('low'), fig.get('high'), unit)} (a vague plural)"
    if qualifier == "range" or _missing(fig.get("value")):
        return interval(fig.get("low"), fig.get("high"), unit)
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{number(fig.get('value'))}{sign}"


def _cff_scalar(cff: str, key: str) -> str:
    m = re.search(rf"^{re.escape(key)}:[ \t]*(.+?)[ \t]*$", cff, re.M)
    return m.group(1).strip().strip("'\"") if m else ""


def _cff_authors(cff: str) -> list[str]:
    """Author names from CITATION.cff's `authors:` list (name, or given-names family-names)."""
    m = re.search(r"^authors:[ \t]*\n((?:[ \t]+.*\n?|-.*\n?)*)", cff, re.M)
    if not m:
        return []
    people, current = [], {}
    for line in m.group(1).splitlines():
        item = re.match(r"^\s*(-\s+)?([a-z-]+):\s*(.*)$", line)
        if not item:
            continue
        if item.group(1) and current:
            people.append(current)
            current = {}
        current[item.group(2)] = item.group(3).strip().strip("'\"")
    if current:
        people.append(current)
    names = []
    for person in people:
        name = person.get("name") or " ".join(p for p in (person.get("given-names"), person.get("family-names")) if p)
        if name:
            names.append(name)
    return names


def citation_text(cff: str, version: str) -> str:
    """A one-line citation from CITATION.cff: Authors (year). Title (Version v) [Data set]. DOI or URL."""
    if not cff.strip():
        return ""
    authors = ", ".join(_cff_authors(cff)) or "syriacw contributors"
    year = _cff_scalar(cff, "date-released")[:4]
    title = _cff_scalar(cff, "title") or "syriacw"
    where = _cff_scalar(cff, "doi")
    where = f"https://doi.org/{where}" if where else _cff_scalar(cff, "url") or _cff_scalar(cff, "repository-code")
    parts = [f"{authors} ({year})." if year else f"{authors}.",
             f"{title} (Version {_cff_scalar(cff, 'version') or version}) [Data set]."]
    if where:
        parts.append(where)
    return " ".join(parts)


# --- highlights: spans that nest -------------------------------------------------------------------------------

KIND_RANK = {"assertion": 0, "figure": 1, "excluded": 2}  # for identical spans: the most specific innermost


@dataclass(eq=False)
class Span:
    kind: str          # figure | assertion | excluded
    row_id: str
    start: int
    end: int
    info: dict = field(default_factory=dict)
    overlaps: list = field(default_factory=list)  # other spans sharing text with this one: [(kind, row_id)]

    @property
    def anchor(self) -> str:
        return f"q-{self.row_id}"


@dataclass
class Token:
    kind: str                 # open | text | close
    span: Span | None = None
    first: bool = False       # the first fragment of its span carries the anchor id and the tab stop
    text: str = ""


def nest(document: str, spans: list[Span]) -> list[Token]:
    """The document as open/text/close tokens in which every span is marked and marks nest properly.

    Between two consecutive span boundaries the set of covering spans is constant. At each boundary the marks
    that end (and every mark opened inside them) are closed; marks still covering the text are reopened as new
    fragments of their span. Spans that last longer are opened outside, so partial overlaps split the shorter one.
    """
    spans = [s for s in spans if 0 <= s.start < s.end <= len(document)]
    bounds = sorted({0, len(document), *(s.start for s in spans), *(s.end for s in spans)})
    order = {id(s): (-s.end, s.start, KIND_RANK.get(s.kind, 9), s.row_id) for s in spans}
    tokens: list[Token] = []
    stack: list[Span] = []
    opened: set[int] = set()
    for a, b in zip(bounds, bounds[1:]):
        active = {id(s) for s in spans if s.start <= a and b <= s.end}
        keep = 0
        while keep < len(stack) and id(stack[keep]) in active:
            keep += 1
        for s in reversed(stack[keep:]):
            tokens.append(Token("close", s))
        del stack[keep:]
        on_stack = {id(s) for s in stack}
        for s in sorted((s for s in spans if id(s) in active and id(s) not in on_stack), key=lambda s: order[id(s)]):
            tokens.append(Token("open", s, first=id(s) not in opened))
            opened.add(id(s))
            stack.append(s)
        tokens.append(Token("text", text=document[a:b]))
    for s in reversed(stack):
        tokens.append(Token("close", s))
    return tokens


def _link_overlaps(spans: list[Span]) -> None:
    for s in spans:
        s.overlaps = [(o.kind, o.row_id) for o in sorted(spans, key=lambda o: (o.start, o.row_id))
                      if o is not s and o.kind != "excluded" and o.start < s.end and s.start < o.end]


# --- the context -----------------------------------------------------------------------------------------------

def _records(frame) -> list[dict]:
    return [dict(zip(frame.columns, row)) for row in frame.itertuples(index=False, name=None)]


def build_context(tables: dict, documents: dict[str, str], results: dict, descriptions: dict, release: dict,
                  exclusions: list[Exclusion], errors: dict | None = None) -> dict:
    errors = errors or {}
    orgs = {r["org_id"]: r for r in _records(tables["organizations"])}
    incidents = {r["incident_id"]: r for r in _records(tables["incidents"])}
    figures = _records(tables["figures"])
    assertions = _records(tables["assertions"])
    figure_ids = {f["figure_id"] for f in figures}
    assertion_ids = {a["assertion_id"] for a in assertions}
    source_rows = {r["source_id"]: r for r in _records(tables["sources"])}
    for row in source_rows.values():  # columns that older releases lack
        for column in ("seen", "provenance", "document_symbol", "no_address_reason"):
            row.setdefault(column, "")
    links = _records(tables["relay_links"]) if "relay_links" in tables else []
    relays_of = {}   # relayed figure → links to the primary figures it relays
    relayed_as = {}  # primary figure → links to the figures that relay it
    for link in links:
        relays_of.setdefault(link["relayed_figure_id"], []).append(link)
        relayed_as.setdefault(link["primary_figure_id"], []).append(link)

    def org(org_id) -> str:
        if _missing(org_id):
            return ""
        row = orgs.get(org_id)
        if row is None:
            return str(org_id)
        abbr = text(row.get("abbreviation"))
        name = text(row.get("name_en"))
        return f"{name} ({abbr})" if abbr and abbr not in name else name

    def short(org_id) -> str:
        """The abbreviation if there is one (SNHR), else the English name."""
        row = orgs.get(org_id) if not _missing(org_id) else None
        if row is None:
            return "" if _missing(org_id) else str(org_id)
        return text(row.get("abbreviation")) or text(row.get("name_en"))

    def incident(incident_id) -> str:
        if _missing(incident_id):
            return ""
        row = incidents.get(incident_id)
        if row is None:
            return str(incident_id)
        return f"{text(row['place_en'])}, {date(row.get('date_start'), text(row.get('date_precision')))}"

    for f in figures:
        src = source_rows.get(f["source_id"], {})
        f.update(relays=relays_of.get(f["figure_id"], []), relayed_as=relayed_as.get(f["figure_id"], []),
                 evidence=evidence(f, src), quoted=not _missing(f.get("quote_start")))
        f.update(claimant=org(f["claimant_id"]), relayer=org(f.get("relayed_by_id")),
                 perpetrator=org(f.get("perpetrator_id")), incident=incident(f.get("incident_id")),
                 shown_value=figure_value(f), shown_interval=interval(f["low"], f["high"], text(f["unit"])),
                 period=_period(f), shown_as_of=date(f.get("as_of"), text(f.get("as_of_precision")))
                 if not _missing(f.get("as_of")) else "")
    for a in assertions:
        a.update(quoted=not _missing(a.get("quote_start")))
        a.update(claimant=org(a["claimant_id"]), relayer=org(a.get("relayed_by_id")),
                 attributed_to=org(a.get("attributed_to_id")), subject=org(a.get("subject_id")),
                 incident=incident(a["incident_id"]))

    sources, cited = [], []
    for src in source_rows.values():
        sid = src["source_id"]
        common = {
            **src,
            "anchor": sid,
            "publisher": org(src.get("publisher_id")),
            "publisher_ar": "" if _missing(src.get("publisher_id"))
            else text(orgs.get(src["publisher_id"], {}).get("name_ar")),
            "shown_date": date(src.get("published_on"), text(src.get("published_precision"))),
            "figures": [f for f in figures if f["source_id"] == sid],
            "assertions": [a for a in assertions if a["source_id"] == sid],
        }
        if sid not in documents:  # a publication cited by address or symbol: no text to show
            cited.append(common)
            continue
        document = documents[sid]
        language = text(src.get("language"))
        spans = []
        for f in (f for f in figures if f["source_id"] == sid and f["quoted"]):
            spans.append(_quote_span("figure", f["figure_id"], f, document))
        for a in (a for a in assertions if a["source_id"] == sid and a["quoted"]):
            spans.append(_quote_span("assertion", a["assertion_id"], a, document))
        excluded = []
        for ex in sorted((e for e in exclusions if e.source_id == sid), key=lambda e: e.start):
            placed = document[ex.start:ex.start + len(ex.text)] == ex.text and ex.text != ""
            row_id = f"x-{sid}-{ex.start}"
            info = {"text": ex.text, "start": ex.start, "reason_code": ex.reason_code, "reason": ex.reason,
                    "placed": placed, "anchor": f"q-{row_id}"}
            excluded.append(info)
            if placed:
                spans.append(Span("excluded", row_id, ex.start, ex.start + len(ex.text), info))
        _link_overlaps(spans)
        sources.append({
            **common,
            "tokens": nest(document, spans),
            "excluded": excluded,
            "chars": len(document),
            "lang": language or "ar",
            "dir": "rtl" if (language or "ar") in RTL_LANGUAGES else "ltr",
        })

    ids = {**{i: i for i in figure_ids}, **{i: i for i in assertion_ids}, **{i: i for i in incidents},
           **{s: s for s in source_rows}}
    reconciliations = []
    for name in [*results, *errors] if errors else results:
        frame = results.get(name)
        reconciliations.append({
            "name": name,
            "missing": False,
            "error": errors.get(name, ""),
            "description": descriptions.get(name, ""),
            "table": _tables(name, frame, ids, orgs) if frame is not None else None,
            "charts": _charts(name, frame, figures, org, incident, short) if name in CHART_QUERIES else [],
        })
    for name in CHART_QUERIES:  # a chart query not in this package: draw it from the figures
        if name not in results and name not in errors:
            reconciliations.append({"name": name, "description": "", "table": None, "missing": True, "error": "",
                                    "charts": _charts(name, None, figures, org, incident, short)})
    reconciliations.sort(key=lambda q: (list(QUERY_TITLES).index(q["name"]) if q["name"] in QUERY_TITLES
                                        else len(QUERY_TITLES), q["name"]))
    by_message: dict[str, list[str]] = {}
    for name, message in sorted(errors.items()):
        by_message.setdefault(" ".join(message.split()), []).append(name)
    warnings = [f"{'queries' if len(names) > 1 else 'query'} {', '.join(names)} cannot run on version "
                f"{release['version']}; the page says so ({message[:300]})" for message, names in by_message.items()]

    return {
        "release": release,
        "sources": sources,
        "cited": cited,
        "figures": figures,
        "assertions": assertions,
        "incidents": [{**i, "shown_date": date(i.get("date_start"), text(i.get("date_precision")))}
                      for i in incidents.values()],
        "reconciliations": reconciliations,
        "chart_titles": CHART_QUERIES,
        "query_titles": QUERY_TITLES,
        "counts": {"sources": len(sources), "cited": len(cited), "figures": len(figures),
                   "quoted_figures": sum(f["quoted"] for f in figures), "assertions": len(assertions),
                   "quoted_assertions": sum(a["quoted"] for a in assertions),
                   "excluded": sum(len(s["excluded"]) for s in sources)},
        "has_exclusions": bool(exclusions),
        "warnings": warnings,
    }


def evidence(figure: dict, source: dict) -> str:
    """How the figure reaches the dataset, as the incident_tolls query says it: primary (the claimant's own
    publication), relayed (an archived document of someone else that relays the claimant), relay_only (a cited
    publication known only through a report of it)."""
    provenance = text(source.get("provenance")) or ("archived_quote" if not _missing(source.get("file")) else "")
    if provenance == "citation":
        return "primary" if text(source.get("seen")) == "primary" else "relay_only"
    if not _missing(figure.get("relayed_by_id")):
        return "relayed"
    return "primary" if text(figure.get("claimant_id")) == text(source.get("publisher_id")) else "relayed"


def _period(f) -> str:
    start = date(f.get("period_start"), text(f.get("period_start_precision")))
    end = date(f.get("period_end"), text(f.get("period_end_precision")))
    if start == end == "unknown":
        return "unknown"
    return start if start == end else f"{start} to {end}"


def _quote_span(kind: str, row_id: str, row: dict, document: str) -> Span:
    start, end = int(row["quote_start"]), int(row["quote_end"])
    if document[start:end] != row["quote"]:
        raise ReportError(f"{row_id}: the quote is not the text at [{start}, {end}) of {row['source_id']}'s "
                          "document")
    return Span(kind, row_id, start, end, row)


_ID_LIST = re.compile(r"^[\w-]+(?:\s*[,;]\s*[\w-]+)+$")


def _cell(value, ids: dict, orgs: dict, column: str = "") -> dict:
    cell = {"text": "", "numeric": False, "links": [], "title": "", "tag": "", "long": False}
    if _missing(value):
        return cell
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return {**cell, "text": "yes" if value else "no"}
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return {**cell, "text": number(value), "numeric": True}
    if isinstance(value, int) or type(value).__name__.startswith("int"):
        return {**cell, "text": str(value), "numeric": True}
    if hasattr(value, "strftime"):
        return {**cell, "text": value.strftime("%Y-%m-%d")}
    shown = str(value)
    if column in VERDICT_COLUMNS:
        return {**cell, "text": shown, "tag": re.sub(r"[^a-z0-9_-]", "", shown.lower())}
    if shown in ids:
        return {**cell, "text": shown, "links": [(shown, f"#{ids[shown]}")]}
    if _ID_LIST.match(shown):
        parts = re.split(r"\s*[,;]\s*", shown)
        if all(p in ids for p in parts):
            return {**cell, "text": shown, "links": [(p, f"#{ids[p]}") for p in parts]}
    if shown in orgs:
        return {**cell, "text": shown, "title": text(orgs[shown].get("name_en"))}
    return {**cell, "text": shown, "long": len(shown) > 80}


def _table(frame, ids: dict, orgs: dict, columns=None) -> dict:
    columns = [str(c) for c in frame.columns] if columns is None else list(columns)
    return {"columns": columns,
            "rows": [[_cell(row[c], ids, orgs, c) for c in columns] for row in _records(frame)]}


def _tables(name: str, frame, ids: dict, orgs: dict) -> dict:
    """The query's result: its key columns (if it has them) and every column."""
    full = _table(frame, ids, orgs)
    key = [c for c in KEY_COLUMNS.get(name, ()) if c in frame.columns]
    if len(key) < 3 or len(key) == len(frame.columns):
        return {"key": full, "full": None}
    return {"key": _table(frame, ids, orgs, key), "full": full}


# --- interval charts (hand-made SVG) ---------------------------------------------------------------------------

CHART_WIDTH = 900
PLOT_LEFT = 310
PLOT_RIGHT = 880
ROW_HEIGHT = 36
TOP = 14
AXIS_HEIGHT = 40


def _rows_for_chart(name: str, frame, figures: list[dict]):
    """The rows to draw: the query's own (joined to figures by figure_id for what it lacks), else the figures."""
    by_id = {f["figure_id"]: f for f in figures}
    if frame is not None and len(frame) and ({"low", "high"} <= set(frame.columns) or "figure_id" in frame.columns):
        rows = []
        for rec in _records(frame):
            fig = by_id.get(rec.get("figure_id"), {})
            merged = {**fig, **{k: v for k, v in rec.items()}}
            if "low" not in rec and "high" not in rec and not fig:
                continue
            rows.append(merged)
        return rows, False
    if frame is not None:  # the query ran but has nothing to draw
        return [], False
    if name == "attack_totals":
        chosen = [f for f in figures if f["measure"] == "attacks" and _missing(f.get("incident_id"))]
    else:
        chosen = [f for f in figures if f["measure"] == "deaths" and not _missing(f.get("incident_id"))]
    return sorted(chosen, key=lambda f: f["figure_id"]), True


def _evidence(row: dict) -> str:
    """primary, relayed or relay_only: the query's own evidence column if it has one, else the figure's."""
    found = text(row.get("evidence"))
    if found:
        return found if found in ("primary", "relayed", "relay_only") else "relayed"
    return "relayed" if _relayed(row) else "primary"


def _relayed(row: dict) -> bool:
    """For rows that cannot be tied to a figure: an intermediary named in the row."""
    for key in ("relayed_by_id", "relayed_by", "relayer_id"):
        if key in row and not _missing(row[key]) and str(row[key]) != "":
            return True
    for key in ("relayed", "is_relayed"):
        if key in row and not _missing(row[key]):
            return bool(row[key])
    if "primary" in row and not _missing(row["primary"]):
        return not bool(row["primary"])
    return False


def _num(value) -> float | None:
    if _missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _nice_linear_ticks(top: float) -> list[float]:
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(top / step)
    return [i * step for i in range(count + 1)]


class Scale:
    """Value → x. Linear from 0, or log10(1 + v) when the values span more than two orders of magnitude."""

    def __init__(self, values: list[float], percent: bool = False):
        positive = [v for v in values if v > 0]
        top = max(values) if values else 1.0
        if percent and top <= 100:
            self.log, self.top = False, 100.0
            self.ticks = [0.0, 25.0, 50.0, 75.0, 100.0]
            return
        self.log = bool(positive) and max(positive) / min(positive) > 100
        if self.log:
            exponent = max(1, math.ceil(math.log10(max(top, 1) * 1.15)))
            self.ticks = [0.0] + [10.0 ** k for k in range(exponent + 1)]
            self.top = 10.0 ** exponent
        else:
            self.ticks = _nice_linear_ticks(top * 1.15 if top > 0 else 1)
            self.top = self.ticks[-1]

    def _t(self, v: float) -> float:
        return math.log10(1 + max(v, 0)) if self.log else v

    def x(self, v: float) -> float:
        span = self._t(self.top) - self._t(0) or 1
        return round(PLOT_LEFT + (PLOT_RIGHT - 12 - PLOT_LEFT) * (self._t(v) - self._t(0)) / span, 1)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _charts(name: str, frame, figures: list[dict], org, incident, short=None) -> list[dict]:
    rows, from_figures = _rows_for_chart(name, frame, figures)
    if not rows:
        return []
    columns = [c for c in GROUP_COLUMNS if any(c in r for r in rows)]
    varying = [c for c in columns if len({text(r.get(c)) for r in rows}) > 1 or c == "incident_id"]
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault(tuple(text(r.get(c)) for c in varying), []).append(r)
    charts = []
    for number_, (key, members) in enumerate(groups.items(), 1):
        parts = []
        for column, value in zip(varying, key):
            if not value:
                continue
            parts.append(incident(value) if column == "incident_id" else f"{column.replace('_', ' ')}: {value}")
        unit = text(members[0].get("unit")) or "count"
        charts.append(_chart(f"{name}-{number_}", CHART_QUERIES[name], "; ".join(parts), members, unit, org,
                             short))
    for chart in charts:
        chart["from_figures"] = from_figures
    return charts


def _chart(chart_id: str, title: str, subtitle: str, rows: list[dict], unit: str, org, short=None) -> dict:
    finite = [v for r in rows for v in (_num(r.get("low")), _num(r.get("high"))) if v is not None]
    scale = Scale(finite or [1.0], percent=unit == "percent")
    sign = "%" if unit == "percent" else ""
    lines, described = [], []
    for i, r in enumerate(rows):
        y = TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2
        low, high = _num(r.get("low")), _num(r.get("high"))
        kind = _evidence(r)
        relayed = kind != "primary"
        claimant = text(r.get("claimant")) or org(r.get("claimant_id")) or text(r.get("claimant_id")) or "?"
        relayer = text(r.get("relayer")) or org(r.get("relayed_by_id"))
        brief = (short(r.get("claimant_id")) if short and not _missing(r.get("claimant_id")) else "") or claimant
        brief_relayer = (short(r.get("relayed_by_id")) if short and not _missing(r.get("relayed_by_id")) else "") \
            or relayer
        where = text(r.get("source_id")) or "a document"
        if relayer:
            who, how = f"{claimant}, relayed by {relayer}", f"via {brief_relayer}"
        elif kind == "relay_only":
            who, how = f"{claimant} (known only through a relay)", "relay only"
        elif relayed:
            who, how = f"{claimant}, as relayed in {where}", f"in {where}"
        else:
            who, how = claimant, ""
        x1 = scale.x(low) if low is not None else PLOT_LEFT
        x2 = scale.x(high) if high is not None else PLOT_RIGHT
        figure_id = text(r.get("figure_id"))
        shown = interval(low, high, unit)
        says = text(r.get("stated")) or text(r.get("says")) or text(r.get("shown_value")) or shown
        group = text(r.get("victim_group"))
        detail = " · ".join(p for p in (figure_id, says, f"interval {shown}" if shown != says else "",
                                        group if group and group != "all" else "") if p)
        lines.append({
            "y": y, "x1": x1, "x2": x2, "point": low is not None and high is not None and low == high,
            "open_low": low is None, "open_high": high is None, "relayed": relayed, "evidence": kind,
            "label": _short(f"{brief} — {how}" if how else brief), "full_label": who, "detail": _short(detail, 60),
            "figure_id": figure_id,
        })
        open_words = " (open-ended)" if low is None or high is None else ""
        described.append(f"{who}: {shown}{open_words}{' — ' + figure_id if figure_id else ''}"
                         f" ({EVIDENCE_WORDS.get(kind, kind)})")
    height = TOP + ROW_HEIGHT * len(rows) + AXIS_HEIGHT
    ticks = [{"x": scale.x(t), "label": f"{number(t)}{sign}"} for t in scale.ticks]
    return {
        "id": chart_id, "title": title, "subtitle": subtitle, "width": CHART_WIDTH, "height": height,
        "plot_left": PLOT_LEFT, "plot_right": PLOT_RIGHT, "label_x": 8, "axis_y": TOP + ROW_HEIGHT * len(rows) + 4,
        "ticks": ticks, "lines": lines, "log": scale.log, "unit": unit, "alt_items": described,
        "description": f"{title}{': ' + subtitle if subtitle else ''}. One line per figure, from its low to its "
                       f"high end; open ends reach the edge with an arrow"
                       f"{'; logarithmic axis' if scale.log else ''}. " + "; ".join(described) + ".",
    }


# --- rendering -------------------------------------------------------------------------------------------------

def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: all data is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number=number, text=text)
    return env


def render(context: dict) -> str:
    from . import __version__

    return environment().get_template("report.html.j2").render(**context, tool_version=__version__)
