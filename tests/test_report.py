"""`syriacw report`: the static HTML report (docs/report.md).

The browser test opens the report from disk in headless Chromium, driven through the DevTools protocol over a
pipe (--remote-debugging-pipe: no websocket client needed), and checks that the page makes no network request,
logs no console error, and shows a known figure's highlight inside a right-to-left block with its explanation
and its card. Without Chromium the browser test is skipped locally and fails in CI (CI set).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import syriacw
from syriacw.report.headlines import DIFFERING_VERDICTS
from conftest import REPO, run_cli
from syriacw import report
from syriacw.releases import find

KNOWN_FIGURE = "fig-001-01"  # SNHR: at least 1,510 deaths (src-001)


def _figure(figure_id: str = KNOWN_FIGURE, version: str | None = "dev") -> dict:
    figures = syriacw.load("figures", version)
    rows = figures[figures["figure_id"] == figure_id]
    if rows.empty:  # the seeds changed: any figure will do
        rows = figures.head(1)
    return {k: v for k, v in rows.iloc[0].items()}


def _archived(version: str | None = "dev"):
    """The sources that are archived documents in raw/ (older releases have no provenance column)."""
    sources = syriacw.load("sources", version)
    if "provenance" in sources.columns:
        return sources[sources["provenance"] == "archived_quote"]
    return sources[sources["file"].notna()]


def _quoted(table: str, version: str | None = "dev"):
    frame = syriacw.load(table, version)
    return frame[frame["quote_start"].notna()]


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = run_cli("report", "--root", str(REPO), "--version", "dev", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    return out / "index.html"


# --- nesting of overlapping spans ------------------------------------------------------------------------------

def _check_tokens(document: str, spans: list, tokens: list) -> None:
    """Marks are balanced and properly nested; text is the document; each span's fragments are exactly its text."""
    stack, pieces, fragments = [], [], {id(s): [] for s in spans}
    firsts = {id(s): 0 for s in spans}
    position = 0
    for t in tokens:
        if t.kind == "open":
            stack.append(t.span)
            fragments[id(t.span)].append([position, position])
            firsts[id(t.span)] += t.first
        elif t.kind == "close":
            assert stack and stack[-1] is t.span, "a mark closes before the marks opened inside it"
            stack.pop()
        else:
            assert t.text, "empty text token"
            pieces.append(t.text)
            position += len(t.text)
            for s in stack:
                fragments[id(s)][-1][1] = position
    assert not stack
    assert "".join(pieces) == document
    for s in spans:
        if s.start >= s.end:
            continue
        parts = fragments[id(s)]
        assert firsts[id(s)] == 1, "exactly one fragment carries the anchor"
        assert parts[0][0] == s.start and parts[-1][1] == s.end
        for (a, b), (c, d) in zip(parts, parts[1:]):
            assert b == c, "fragments of a span are contiguous"


def test_nest_splits_partial_overlaps():
    document = "abcdefghij"
    spans = [report.Span("assertion", "a", 0, 6), report.Span("assertion", "b", 3, 9),
             report.Span("figure", "f", 4, 5), report.Span("assertion", "c", 0, 6)]
    tokens = report.nest(document, spans)
    _check_tokens(document, spans, tokens)
    # b starts inside a and ends after it: b is opened inside a, closed at 6 and reopened outside
    opens = [(t.span.row_id, t.first) for t in tokens if t.kind == "open"]
    assert opens.count(("b", True)) == 1 and opens.count(("b", False)) == 1
    # identical spans nest rather than split; a figure sits inside the assertions that contain it
    assert [t.span.row_id for t in tokens if t.kind == "open"][:2] == ["a", "c"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab ٣", min_size=1, max_size=30).flatmap(
    lambda doc: st.tuples(st.just(doc), st.lists(
        st.tuples(st.integers(0, len(doc)), st.integers(0, len(doc)), st.sampled_from(sorted(report.KIND_RANK))),
        max_size=8))))
def test_nest_any_spans(case):
    document, raw = case
    spans = [report.Span(kind, f"s{i}", min(a, b), max(a, b)) for i, (a, b, kind) in enumerate(raw)]
    _check_tokens(document, spans, report.nest(document, spans))


# --- formatting ------------------------------------------------------------------------------------------------

def test_intervals_and_dates_are_written_out():
    assert report.interval(1510.0, None) == "at least 1,510"
    assert report.interval(None, 99.0, "percent") == "at most 99%"
    assert report.interval(10800.0, 13200.0) == "10,800 to 13,200"
    assert report.interval(2.0, 2.0) == "2"
    import pandas as pd

    assert report.date(pd.Timestamp("2021-01-01"), "year") == "2021"
    assert report.date(pd.Timestamp("2019-03-01"), "month") == "2019-03"
    assert report.date(pd.NaT, "unknown") == "unknown"


@pytest.mark.parametrize("version", [None, "dev"], ids=["newest-release", "dev-build"])
def test_interval_words_are_the_sql_macros(version):
    """One rule for an interval in words: report.interval mirrors sql/macros.sql's interval_label on every figure
    (and on the edge cases no figure has yet)."""
    con = syriacw.connect(version)
    try:
        rows = con.execute("SELECT figure_id, low, high, unit, interval_label(low, high, unit) FROM figures").fetchall()
        edges = [(low, high, unit) for low in (None, 0.0, 2.5, 1510.0) for high in (None, 0.0, 2.5, 1510.0, 99.0)
                 for unit in ("count", "percent")]
        said = [con.execute("SELECT interval_label(?::DOUBLE, ?::DOUBLE, ?)", list(edge)).fetchone()[0]
                for edge in edges]
    finally:
        con.close()
    assert len(rows) > 20
    for figure_id, low, high, unit, sql in rows:
        assert report.interval(low, high, unit) == sql, figure_id
    for (low, high, unit), sql in zip(edges, said):
        assert report.interval(low, high, unit) == sql, (low, high, unit)


def test_citation_from_cff():
    cff = ("cff-version: 1.2.0\ntitle: \"syriacw\"\nversion: 1.2.3\ndate-released: 2025-01-31\n"
           "authors:\n  - name: syriacw contributors\n  - given-names: Ada\n    family-names: Lovelace\n"
           "doi: 10.5281/zenodo.1\n")
    assert report.citation_text(cff, "1.2.3") == ("syriacw contributors, Ada Lovelace (2025). syriacw (Version 1.2.3) "
                                                  "[Data set]. https://doi.org/10.5281/zenodo.1")


# --- the page, read as HTML ------------------------------------------------------------------------------------

class _Page(HTMLParser):
    """Every start tag with its attributes, the ids, and the text of <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_report_is_self_contained(dev_report):
    page = _parse(dev_report)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "source", "audio", "video", "base"}
    for tag, attrs in page.tags:
        for attr in ("src", "srcset", "data", "poster", "xlink:href"):
            assert attr not in attrs, f"<{tag} {attr}=…> would load something"
        if tag == "a" and "href" in attrs:
            assert attrs["href"].startswith("#") or re.match(r"https?://", attrs["href"]), attrs["href"]
    assert "url(" not in page.style and "@import" not in page.style
    csp = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    internal = {a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")}
    assert internal <= set(page.ids), f"links to nothing: {sorted(internal - set(page.ids))[:5]}"


def test_source_addresses_are_links_that_send_no_referrer(dev_report):
    page = _parse(dev_report)
    external = {a["href"]: a for t, a in page.tags if t == "a" and not a.get("href", "#").startswith("#")}
    assert external and all(a.get("rel") == "noreferrer" for a in external.values())
    sources = syriacw.load("sources", "dev")
    web = [u for u in sources["url"].dropna() if u.startswith(("http://", "https://"))]
    assert web and set(web) <= set(external)
    assert report.formatting.web_address("https://snhr.org/a?b=1") == "https://snhr.org/a?b=1"
    for unsafe in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//example.org", "http://",
                   "https://a.org/x y", None):
        assert report.formatting.web_address(unsafe) == "", unsafe


def test_every_figure_and_assertion_has_a_highlight_and_a_card(dev_report):
    page = _parse(dev_report)
    ids = set(page.ids)
    marks = {a["id"]: a for t, a in page.tags if t == "mark" and "id" in a}
    for table, key in (("figures", "figure_id"), ("assertions", "assertion_id")):
        for row_id in syriacw.load(table, "dev")[key]:
            assert row_id in ids, f"no card for {row_id}"
        for row_id in _quoted(table)[key]:
            mark = marks.get(f"q-{row_id}")
            assert mark is not None, f"no highlight for {row_id}"
            assert mark.get("tabindex") == "0" and mark.get("aria-describedby") == f"tip-{row_id}"
            assert f"tip-{row_id}" in ids
    docs = [a for t, a in page.tags if t == "div" and "doc" in a.get("class", "").split()]
    assert len(docs) == len(_archived())
    assert all(a.get("dir") == "rtl" and a.get("lang") == "ar" for a in docs)
    charts = [a for t, a in page.tags if t == "svg" and "chart" in a.get("class", "").split()]
    assert charts and all(a.get("role") == "img" and a.get("aria-labelledby") for a in charts)
    assert "<title id=" in dev_report.read_text(encoding="utf-8")


def test_reconciliations_are_shown_with_their_descriptions(dev_report):
    import html

    text = html.unescape(dev_report.read_text(encoding="utf-8"))
    for row in syriacw.reconciliations().itertuples(index=False):
        assert f'id="query-{row.name}"' in text
        assert row.description in text


def _section(html_text: str, section_id: str) -> str:
    """The HTML of <section id=section_id> (sections nest, so count them)."""
    start = html_text.index(f'<section id="{section_id}"')
    depth, at = 0, start
    for match in re.finditer(r"<section\b|</section>", html_text[start:]):
        depth += 1 if match.group() != "</section>" else -1
        if depth == 0:
            at = start + match.end()
            break
    return html_text[start:at]


def test_the_page_opens_with_the_disagreements_each_linked_to_its_figures(dev_report):
    page = dev_report.read_text(encoding="utf-8")
    first_source = page.index('class="source"')
    assert page.index('id="headlines"') < page.index('id="toc-h"') < page.index('id="reconciliation"') < first_source
    section = _section(page, "headlines")
    links = set(re.findall(r'href="#([^"]+)"', section))
    tolls = syriacw.reconcile("incident_tolls", "dev")
    for incident, rows in tolls.groupby("incident_id"):
        if len(rows) > 1:
            assert incident in links and set(rows["figure_id"]) <= links, incident
    pairs = syriacw.reconcile("pairwise", "dev").query(f"verdict in {list(DIFFERING_VERDICTS)}")
    assert len(pairs) and f"Figures that differ ({len(pairs)} pairs)" in section
    for pair in pairs.itertuples():
        assert {pair.a_figure_id, pair.b_figure_id} <= links
    relays = syriacw.reconcile("relay_check", "dev")
    changed = relays[~relays["relation"].isin(["same", "no primary figure"])]
    assert len(changed)
    for relay in changed.itertuples():
        assert {relay.relayed_figure_id, relay.primary_figure_id} <= links
    assert 'id="release"' not in section and "sha256" not in section


BODY_COLUMNS = ("unsg", "ffm", "jim", "iit", "coi")  # the findings query's bodies, in its (and the matrix's) order


def _matrix_rows(section: str) -> dict[str, list[str]]:
    """incident → the matrix's body cells (HTML), from <tr id="findings-…">."""
    rows = {}
    for incident, body in re.findall(r'<tr id="findings-([^"]+)">(.*?)</tr>', section, re.S):
        rows[incident] = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)[:len(BODY_COLUMNS)]
    return rows


def test_findings_matrix_has_each_incident_and_each_bodys_finding(dev_report):
    page = dev_report.read_text(encoding="utf-8")
    assert page.index('id="headlines"') < page.index('id="query-findings"') < page.index('id="query-attack_totals"')
    section = _section(page, "query-findings")
    findings = syriacw.reconcile("findings", "dev")
    rows = _matrix_rows(section)
    assert list(rows) == list(findings["incident_id"])
    for r in findings.itertuples():
        for col, cell in zip(BODY_COLUMNS, rows[r.incident_id]):
            conclusion = getattr(r, f"{col}_conclusion")
            if conclusion is None or conclusion != conclusion:
                assert "—" in cell and "grade" not in cell, (r.incident_id, col)
                continue
            assert conclusion.replace(">", "&gt;") in cell, (r.incident_id, col)
            grade = getattr(r, f"{col}_grade")
            assert (f"grade {int(grade)} (" in cell) if grade == grade else "grade not known" in cell
            if col == "ffm":
                assert "names:" not in cell, f"an FFM cell names a party: {r.incident_id}"
            party = getattr(r, f"{col}_party", None)
            assert ("names:" in cell) == isinstance(party, str), (r.incident_id, col)
            for source_id in getattr(r, f"{col}_sources").split("; "):
                hrefs = re.findall(r'<a href="([^"]+)"( rel="noreferrer")?>', cell)
                assert hrefs and all(h.startswith("#") or (h.startswith("https://") or h.startswith("http://"))
                                     and rel for h, rel in hrefs), hrefs
    assert "inc-ltamenah-2020" in section and "possibly same, said by syriacw" in section


def test_timeline_has_one_mark_per_finding_with_its_grade(dev_report):
    import html

    section = _section(dev_report.read_text(encoding="utf-8"), "query-findings")
    svg = section[section.index('<svg class="timeline"'):section.index("</svg>", section.index('<svg class="timeline"'))]
    assert "<script" not in svg and "http" not in svg.replace('xmlns="http', "")
    marks = re.findall(r'<g class="mark grade-([\w]+)[^"]*"><title>(.*?)</title>', svg, re.S)
    findings = syriacw.reconcile("findings", "dev")
    expected = []
    for r in findings.itertuples():
        for col in BODY_COLUMNS:
            if isinstance(getattr(r, f"{col}_conclusion"), str):
                grade = getattr(r, f"{col}_grade")
                expected.append(f"grade {int(grade)} (" if grade == grade else "grade not known")
    found = [(grade, html.unescape(title)) for grade, title in marks if grade != "linked"]
    assert len(found) == len(expected) and len(found) > 30
    assert sorted(e for e in expected) == sorted(next(e for e in set(expected) if e in t) for _, t in found)
    for grade, title in found:
        assert (f"grade {grade} (" in title) if grade != "none" else "grade not known" in title
    # every same / possibly_same link of the answer is a line between the two incidents, drawn once
    pairs = {tuple(sorted((r.incident_id, other)))
             for r in findings.itertuples() if isinstance(r.linked_incidents, str)
             for other, relation in re.findall(r"([\w-]+) \((\w+), said by", r.linked_incidents)
             if relation in ("same", "possibly_same")}
    joins = re.findall(r'<line class="join (?:same|possibly_same)"[^>]*><title>([^<]+)</title>', svg)
    assert pairs and len(joins) == len(pairs)
    assert all(any(a in j and b in j for j in joins) for a, b in pairs)
    assert '<rect' in svg and "inc-ltamenah-2020" in svg  # linked to the IIT's incidents, no finding of its own
    legend = section[section.index('aria-label="How to read the timeline"'):section.index('<svg class="timeline"')]
    assert all(words in legend for words in ("confirmed", "very likely", "likely", "not established",
                                             "not used / no grounds", "possibly the same"))


def test_incidents_show_their_links(dev_report):
    section = _section(dev_report.read_text(encoding="utf-8"), "incidents")
    row = re.search(r'<tr id="inc-ltamenah-2020">(.*?)</tr>', section, re.S).group(1)
    for day in ("24", "25", "30"):
        assert f'<a href="#inc-ltamenah-2017-03-{day}">' in row
    assert "possibly same, said by syriacw" in row
    back = re.search(r'<tr id="inc-ltamenah-2017-03-24">(.*?)</tr>', section, re.S).group(1)
    assert '<a href="#inc-ltamenah-2020">' in back


def test_pairwise_tables_open_with_the_explanation(dev_report):
    section = _section(dev_report.read_text(encoding="utf-8"), "query-pairwise")
    heads = re.findall(r"<thead><tr>(.*?)</tr></thead>", section)
    assert len(heads) == 2  # the key columns, and every column behind a toggle
    for head in heads:
        assert re.findall(r'<th scope="col">([^<]+)</th>', head)[0] == "explanation"


def test_curators_notes_stay_behind_a_toggle(dev_report):
    import html

    page = dev_report.read_text(encoding="utf-8")
    toggles = re.findall(r'<details class="curator"><summary>[^<]*</summary><p>(.*?)</p></details>', page, re.S)
    outside = html.unescape(re.sub(r'<details class="curator">.*?</details>', "", page, flags=re.S))
    inside = {html.unescape(t) for t in toggles}
    notes = [n for table in ("sources", "figures", "assertions", "incidents")
             for n in syriacw.load(table, "dev")["notes"].dropna() if len(n) > 40]
    assert notes
    for note in notes:
        assert note in inside and note not in outside, note[:60]
    assert "publisher inferred" not in outside and "(publisher stated)" not in outside


def test_report_escapes_everything(tmp_path):
    context = report.collect(REPO, "dev")
    context["figures"][0]["notes"] = "<script>alert(1)</script>"
    context["sources"][0]["notes"] = '"><img src=x onerror=alert(2)>'
    html = report.render(context)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html


def test_report_is_deterministic(tmp_path):
    a = report.write_report(tmp_path / "a", root=REPO, version="dev").read_bytes()
    b = report.write_report(tmp_path / "b", root=REPO, version="dev").read_bytes()
    assert a == b


def test_chart_draws_open_ends_short_and_relayed_lines():
    rows = [{"figure_id": "f1", "claimant": "A", "low": 10.0, "high": None, "unit": "count"},
            {"figure_id": "f2", "claimant": "B", "relayer": "Agency", "relayed_by_id": "agency", "low": 5.0,
             "high": 5.0, "unit": "count"},
            {"figure_id": "f3", "claimant": "C", "low": None, "high": 8.0, "unit": "count"},
            {"figure_id": "f4", "claimant": "D", "low": 1.0, "high": 2000.0, "unit": "count"}]
    chart = report._chart("t-1", "Test", "", rows, "count", lambda org_id: "")
    open_high, relayed, open_low, wide = chart["lines"]
    scale = report.Scale([10.0, 5.0, 5.0, 8.0, 1.0, 2000.0])
    # "at least 10" is a dot at 10 with a short extension, not a bar to the axis end beside 2,000
    assert open_high["open_high"] and open_high["x1"] == open_high["x2"] == scale.x(10.0)
    assert open_high["ext_high"] - open_high["x2"] == pytest.approx(report.charts.OPEN_END_LENGTH)
    assert open_high["ext_high"] < wide["x2"]
    assert relayed["relayed"] and relayed["point"] and "relayed by Agency" in relayed["full_label"]
    assert open_low["open_low"] and open_low["x1"] == open_low["x2"] == scale.x(8.0)
    assert "open-ended" in chart["description"]
    svg = report.environment().get_template("chart.svg.j2").module.interval_chart(chart)
    assert svg.count('class="open-arrow"') == 2 and 'class="relayed"' in svg and "<title id=" in svg
    drawn = re.findall(r'<line class="(?:bar|open-end)" x1="[^"]+" x2="([^"]+)"', svg)
    assert drawn and max(map(float, drawn)) == wide["x2"] and "<desc id=" in svg  # only 2,000 reaches that far
    ticks = re.findall(r'<text class="tick"[^>]*>([^<]*)</text>', svg)
    assert chart["log"] and ticks[0] == "1" and "0" not in ticks  # a log axis has no zero


def test_chart_rows_name_perpetrator_and_period(dev_report):
    figures = syriacw.load("figures", "dev").set_index("figure_id")
    page = dev_report.read_text(encoding="utf-8")
    charts = _section(page, "query-attack_totals")
    rows = re.findall(r'<text class="label"[^>]*>([^<]*)<title>([^<]*)</title></text>\s*<text class="detail"[^>]*>'
                      r'([^<]*)</text>', charts)
    labels = {full: f"{label} {detail}" for label, full, detail in rows}
    isis = [full for full in labels if "fig-snhr-2022-att-isis" in full]
    total = [full for full in labels if "fig-snhr-2022-att-total" in full]
    assert isis and total
    assert "ISIS" in labels[isis[0]] and "2022-11-30" in labels[isis[0]]
    assert "All perpetrators" in labels[total[0]] and labels[isis[0]] != labels[total[0]]
    assert figures.loc["fig-snhr-2022-att-isis", "value"] == 5


def test_a_changed_document_is_refused(real_repo, tmp_path):
    path = real_repo / _archived().iloc[1]["file"]
    path.write_bytes(path.read_bytes() + b" ")
    out = tmp_path / "out"
    result = run_cli("report", "--root", str(real_repo), "--version", "dev", "--out", str(out))
    assert result.returncode == 1
    assert "sha256" in result.stderr and path.name in result.stderr
    assert not (out / "index.html").exists()


def test_excluded_numbers_are_marked_differently(real_repo, tmp_path):
    sources = _archived()
    source_id, file = sources.iloc[1]["source_id"], sources.iloc[1]["file"]
    document = (real_repo / file).read_text(encoding="utf-8")
    spans = [(int(r.quote_start), int(r.quote_end)) for t in ("figures", "assertions")
             for r in _quoted(t).itertuples() if r.source_id == source_id]
    start = next(m.start() for m in re.finditer(r"\d{4}", document)
                 if not any(a <= m.start() < b for a, b in spans))
    number = document[start:start + 4]
    (real_repo / "seeds" / "audit_exclusions.csv").write_text(
        "source_id,text,start,reason_code,reason,context\n"
        f"{source_id},{number},{start},year,a year <b>not</b> a figure,\n", encoding="utf-8")
    html = report.write_report(tmp_path, root=real_repo, version="dev").read_text(encoding="utf-8")
    mark = f'<mark class="hl hl-excluded" data-row="x-{source_id}-{start}" id="q-x-{source_id}-{start}"'
    assert mark in html
    assert "a year &lt;b&gt;not&lt;/b&gt; a figure" in html


def test_a_query_that_cannot_run_is_shown_not_fatal(tmp_path, monkeypatch):
    real = syriacw.reconcile

    def reconcile(name, version=None):
        if name == "pairwise":
            raise RuntimeError("Binder Error: no such column <b>")
        return real(name, version)

    monkeypatch.setattr(syriacw, "reconcile", reconcile)
    warnings = []
    html = report.write_report(tmp_path, root=REPO, version="dev", warn=warnings.append).read_text(encoding="utf-8")
    assert len(warnings) == 1 and "pairwise" in warnings[0]
    section = html[html.index('id="query-pairwise"'):]
    assert "This query cannot run on version dev" in section[:2000]
    assert "no such column &lt;b&gt;" in section[:2000]


def test_cli_reports_an_unknown_release(tmp_path):
    result = run_cli("report", "--root", str(REPO), "--version", "99.0.0", "--out", str(tmp_path))
    assert result.returncode == 1 and "no release 99.0.0" in result.stderr


# --- a release: version, checksums, citation -------------------------------------------------------------------

def _fake_release(folder: Path, version: str) -> Path:
    from syriacw.releases import hash_list_lines, sums_text

    target = folder / "releases" / version
    target.mkdir(parents=True)
    source = find.table_dir("dev")
    files = {p.name: p.read_bytes() for p in source.iterdir() if p.is_file()}
    files["CITATION.cff"] = (f"cff-version: 1.2.0\ntitle: syriacw\nversion: {version}\ndate-released: 2030-01-02\n"
                             "authors:\n  - name: syriacw contributors\n").encode()
    files["datapackage.json"] = json.dumps({
        "name": "syriacw", "title": "syriacw test release", "version": version, "created": "2030-01-02T00:00:00Z",
        "resources": [
        {"name": n[:-8], "path": n, "hash": f"sha256:{hashlib.sha256(d).hexdigest()}", "byteSize": len(d)}
        for n, d in sorted(files.items()) if n.endswith(".parquet")]}).encode()
    files["SHA256SUMS"] = sums_text(files).encode()
    for name, data in files.items():
        (target / name).write_bytes(data)
    (folder / "RELEASES.sha256").write_text("".join(f"{line}\n" for line in hash_list_lines(version, files)))
    return target


def test_release_version_checksums_and_citation_at_the_end(tmp_path, monkeypatch):
    release = _fake_release(tmp_path, "9.9.9")
    real = find.table_dir
    monkeypatch.setattr(find, "table_dir", lambda v=None: release if v == "9.9.9" else real(v))
    html = report.write_report(tmp_path / "out", root=REPO, version="9.9.9").read_text(encoding="utf-8")
    assert "syriacw 9.9.9" in html[: html.index('id="toc-h"')]
    from syriacw.releases import fingerprint, read_sums

    end = html[html.index('id="release"'):]  # after the findings, the texts and the incidents: for the record
    assert html.index('id="headlines"') < html.index('id="incidents"') < html.index('id="release"')
    assert fingerprint(release) in end and fingerprint(release) not in html[: html.index('id="release"')]
    for name, digest in read_sums(release).items():
        assert digest in end and name in end
    assert "(2030)" in end and "(Version 9.9.9) [Data set]." in end  # the citation `syriacw cite` prints

    (release / "figures.parquet").write_bytes((release / "figures.parquet").read_bytes() + b"x")
    with pytest.raises(Exception, match="figures.parquet"):
        report.collect(REPO, "9.9.9")


# --- in a real browser -----------------------------------------------------------------------------------------

def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    message = "Chromium is not installed (apt-get install chromium); the browser test cannot run"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Browser:
    """Headless Chromium driven by the DevTools protocol over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary: str, profile: Path, timeout: float = 60):
        self.timeout = timeout
        self.events: list[dict] = []
        self._id = 0
        self._buffer = b""
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds():
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--mute-audio", "--hide-scrollbars", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=child_fds, close_fds=False, start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_chrome], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._receive(deadline))

    def drain(self, seconds: float) -> None:
        """Collect the events that arrive within `seconds` (late requests, late console messages)."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self._receive(deadline))
        except TimeoutError:
            pass

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the session this test started, by its id
            self.process.wait(10)
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass


JS_CHECK = """
(() => {
  const id = %(id)s, mark = document.getElementById('q-' + id), tip = document.getElementById('tip-' + id);
  if (!mark || !tip) return {found: false};
  const textOf = (el) => { const c = el.cloneNode(true); c.querySelectorAll('.tip').forEach(t => t.remove());
                           return c.textContent; };
  const hiddenBefore = getComputedStyle(tip).display;
  mark.scrollIntoView({block: 'center'});
  mark.focus();
  const rtl = mark.closest('[dir]');
  const spans = {};
  document.querySelectorAll('mark[data-row]').forEach(m => {
    spans[m.dataset.row] = (spans[m.dataset.row] || '') + textOf(m); });
  const card = document.getElementById(id);
  return {
    found: true, dir: rtl && rtl.getAttribute('dir'), lang: rtl && rtl.getAttribute('lang'),
    focused: document.activeElement === mark, tabIndex: mark.tabIndex,
    hiddenBefore: hiddenBefore, shownAfter: getComputedStyle(tip).display, tipText: tip.innerText,
    tipHasCardLink: !!tip.querySelector('a[href="#' + id + '"]'),
    card: !!card, cardLinksBack: !!(card && card.querySelector('a[href="#q-' + id + '"]')),
    cardText: card ? card.innerText : '', spans: spans,
    marksInRtl: document.querySelectorAll('[dir=rtl][lang=ar] mark.hl-figure[id]').length,
  };
})()
"""

JS_FOLLOW_CARD_LINK = """
(() => {
  const id = %(id)s;
  document.getElementById('tip-' + id).querySelector('a[href="#' + id + '"]').click();
  const card = document.getElementById(id), box = card.getBoundingClientRect();
  return {hash: location.hash, target: card.matches(':target'), top: box.top, height: innerHeight};
})()
"""


@pytest.mark.parametrize("version", [None, "dev"], ids=["newest-release", "dev-build"])
def test_report_in_a_real_browser(tmp_path, version):
    binary = _chromium()
    out = tmp_path / "report"
    chosen = ("--version", version) if version else ()  # default: the newest release (or the build if none)
    result = run_cli("report", "--root", str(REPO), *chosen, "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "index.html").resolve()
    url = page.as_uri()
    figure = _figure(version=version)
    figure_id = str(figure["figure_id"])

    browser = Browser(binary, tmp_path / "profile")
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Network.enable", "Page.enable"):
            browser.call(domain, session=session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 2000, "deviceScaleFactor": 1, "mobile": False}, session)
        browser.events.clear()
        browser.call("Page.navigate", {"url": url}, session)
        browser.wait_for("Page.loadEventFired")
        browser.drain(1.0)
        top = browser.call("Page.captureScreenshot", {"format": "png"}, session)

        check = browser.call("Runtime.evaluate", {"expression": JS_CHECK % {"id": json.dumps(figure_id)},
                                                  "returnByValue": True}, session)["result"]["value"]
        browser.drain(0.3)
        shot = browser.call("Page.captureScreenshot", {"format": "png"}, session)
        follow = browser.call("Runtime.evaluate", {"expression": JS_FOLLOW_CARD_LINK % {"id": json.dumps(figure_id)},
                                                   "returnByValue": True}, session)["result"]["value"]
        browser.drain(0.3)
        events = [e for e in browser.events if e.get("sessionId") == session]
    finally:
        browser.close()

    (tmp_path / "report-top.png").write_bytes(base64.b64decode(top["data"]))
    (tmp_path / "report-figure-focused.png").write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshots: {tmp_path / 'report-top.png'}, {tmp_path / 'report-figure-focused.png'}")

    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    assert requests == [url], f"the page made network requests: {requests}"
    errors = [e["params"] for e in events
              if e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert"))
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")]
    assert not errors, f"console errors: {errors}"

    assert check["found"], f"no highlight q-{figure_id}"
    assert (check["dir"], check["lang"]) == ("rtl", "ar")
    assert check["tabIndex"] == 0 and check["focused"]
    assert check["hiddenBefore"] == "none" and check["shownAfter"] == "block"
    tip = check["tipText"]
    assert figure_id in tip and str(figure["translation_en"]) in tip
    claimant = syriacw.load("organizations", version).set_index("org_id").loc[figure["claimant_id"], "name_en"]
    assert claimant in tip
    assert check["tipHasCardLink"] and check["card"] and check["cardLinksBack"]
    assert figure_id in check["cardText"]
    quoted = _quoted("figures", version)
    rtl = set(_archived(version).query("language == 'ar'")["source_id"])
    assert check["marksInRtl"] == quoted["source_id"].isin(rtl).sum()
    # every quote, however it overlaps others, reads exactly as in the document once its fragments are joined
    for table, key in (("figures", "figure_id"), ("assertions", "assertion_id")):
        for row in _quoted(table, version).itertuples():
            assert check["spans"].get(getattr(row, key)) == row.quote, getattr(row, key)
    assert follow["hash"] == f"#{figure_id}" and follow["target"]
    assert -2 <= follow["top"] < follow["height"], "the card is scrolled into view"

    for name in ("report-top.png", "report-figure-focused.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000


JS_FIRST_SCREEN = """
(() => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {top: r.top, bottom: r.bottom, height: r.height}; };
  const section = document.getElementById('headlines');
  return {
    scrollY: scrollY, viewport: innerHeight, headlines: section ? box(section) : null,
    lists: section ? [...section.querySelectorAll(':scope section')].map(s => ({
      title: s.querySelector('h3').innerText, box: box(s),
      figureLinks: s.querySelectorAll('li a[href^="#fig"]').length})) : [],
    release: box(document.getElementById('release')),
    arabicFamily: getComputedStyle(document.querySelector('.doc[lang=ar]')).fontFamily,
  };
})()
"""


def _naskh_installed() -> bool:
    """Whether fontconfig has the family the page names first for Arabic (Debian: fonts-noto-core)."""
    found = subprocess.run(["fc-list", ":family=Noto Naskh Arabic", "family"], capture_output=True, text=True) \
        if shutil.which("fc-list") else None
    return bool(found and found.stdout.strip())


def test_first_screen_shows_the_headlines_in_the_font_it_names(tmp_path):
    """The page as a reader first sees it (1280×900, Debian's Chromium): the disagreements fill the first screen,
    each list with links to its figures; the release's checksums are not there; the Arabic text is drawn in the
    font the style sheet names first, as installed by fonts-noto-core."""
    binary = _chromium()
    if not _naskh_installed():
        message = "Noto Naskh Arabic is not installed (apt-get install fonts-noto-core)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path / "report"
    result = run_cli("report", "--root", str(REPO), "--out", str(out))  # the newest release, as a reader gets it
    assert result.returncode == 0, result.stderr
    browser = Browser(binary, tmp_path / "profile")
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "DOM.enable", "CSS.enable"):
            browser.call(domain, session=session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
        browser.call("Page.navigate", {"url": (out / "index.html").resolve().as_uri()}, session)
        browser.wait_for("Page.loadEventFired")
        shot = browser.call("Page.captureScreenshot", {"format": "png"}, session)
        screen = browser.call("Runtime.evaluate", {"expression": JS_FIRST_SCREEN, "returnByValue": True},
                              session)["result"]["value"]
        root = browser.call("DOM.getDocument", {"depth": -1}, session)["root"]["nodeId"]
        arabic = browser.call("DOM.querySelector", {"nodeId": root, "selector": ".doc[lang=ar]"}, session)["nodeId"]
        fonts = browser.call("CSS.getPlatformFontsForNode", {"nodeId": arabic}, session)["fonts"]
    finally:
        browser.close()
    png = tmp_path / "report-first-screen.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot: {png}")
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 20_000

    assert screen["scrollY"] == 0 and screen["viewport"] == 900
    headlines = screen["headlines"]
    assert headlines, "no headline section"
    assert 0 <= headlines["top"] and headlines["bottom"] <= 900, f"the headlines overflow the first screen: {headlines}"
    assert [s["title"].split(" (")[0] for s in screen["lists"]] == [
        "Incident death tolls", "Figures that differ", "Relays that changed a figure"]
    assert all(s["figureLinks"] >= 2 and s["box"]["bottom"] <= 900 for s in screen["lists"]), screen["lists"]
    assert screen["release"]["top"] > 900 * 10, "checksums and release metadata come last"

    named = screen["arabicFamily"].split(",")[0].strip().strip('"')
    drawn = max(fonts, key=lambda f: f["glyphCount"])
    assert named == "Noto Naskh Arabic" and drawn["familyName"] == named, fonts


# --- a large release: the page shows a slice and says so ---------------------------------------------------------

def test_a_large_release_shows_its_first_sources_and_rows_and_says_where_the_rest_is(tmp_path, monkeypatch):
    from markupsafe import escape

    from syriacw.report import sample

    monkeypatch.setattr(sample, "SOURCES_SHOWN", 5)
    monkeypatch.setattr(sample, "ROWS_SHOWN", 10)
    version = find.versions(REPO / "dataset" / "releases")[-1]  # the newest release holds answers/
    folder = find.table_dir(version)
    path = report.write_report(tmp_path, root=REPO, version=version)
    html_text = path.read_text(encoding="utf-8")
    sources = syriacw.load("sources", version)
    figures = syriacw.load("figures", version)
    shown = set(sources["source_id"].head(5))
    assert f"the first 5 of its {len(sources)} sources" in html_text
    page = _parse(path)
    sections = [a["id"] for t, a in page.tags if t == "section" and "source" in a.get("class", "").split()]
    assert set(sections) == shown
    cards = set(page.ids) & set(figures["figure_id"])
    assert cards == set(figures[figures["source_id"].isin(shown)]["figure_id"])
    pairwise = pd.read_parquet(folder / "answers" / "pairwise.parquet")
    section = _section(html_text, "query-pairwise")
    assert f"The first 10 of {len(pairwise):,} rows" in section and "answers/pairwise.csv" in section
    first, eleventh = pairwise["explanation"].iloc[0], pairwise["explanation"].iloc[10]
    assert str(escape(first)) in section and str(escape(eleventh)) not in section
    internal = {a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")}
    assert internal <= set(page.ids), f"links to nothing: {sorted(internal - set(page.ids))[:5]}"
    assert len(page.ids) == len(set(page.ids))


def test_the_real_data_is_shown_whole(dev_report):
    assert "larger than one page can show" not in dev_report.read_text(encoding="utf-8")
