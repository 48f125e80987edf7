"""The number audit: the scanner finds every number of a document, and every number is captured or excluded."""
from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest

from syriacw.build import audit_repository
from syriacw.audit.exclusions import EXCLUSIONS_FILE, REASON_CODES, exclusions_to_show, load_exclusions
from syriacw.audit.scanner import scan
from syriacw.build import build
from syriacw.errors import ValidationFailed

from conftest import run_cli


def texts(document: str) -> list[str]:
    return [m.text for m in scan(document)]


# --- the scanner ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("document, expected", [
    ("قتل 1510 شخصا و٢٠٥ أطفال", ["1510", "٢٠٥"]),
    ("بلغ العدد 11,212 أو ١١٬٢١٢ أو 2.5", ["11,212", "١١٬٢١٢", "2.5"]),
    ("نحو 12 ألف جريح و1.5 مليون نازح", ["12 ألف", "1.5 مليون"]),
    ("مسؤولية النظام عن 98% منها وبـ 2٪ من الهجمات و3 بالمئة و4 في المئة", ["98%", "2٪", "3 بالمئة", "4 في المئة"]),
    ("في 1/10/2024 وبين 2012-2021", ["1/10/2024", "2012-2021"]),
    ("وصول ثلاث شاحنات ونزوح نحو مليون شخص", ["ثلاث", "مليون"]),
    ("مقتل المئات وعشرات الآلاف من الجرحى ومئات الهجمات وآلاف", ["المئات", "عشرات الآلاف", "مئات", "آلاف"]),
    ("قتل خمسة وعشرون شخصا وثلاثة آلاف جريح", ["خمسة وعشرون", "ثلاثة آلاف"]),
    ("في اللواء الثاني من الفيلق الخامس", ["الثاني", "الخامس"]),
    ("في التاسع من آذار 2014 وفي الرابع من أبريل", ["التاسع", "2014", "الرابع"]),
    ("وستة كيلومترات على مدى عام ونصف وبعد بضعة أيام", ["ستة", "نصف", "بضعة"]),
    ("في منتصف الثمانينيات", ["الثمانينيات"]),
    ("ألقت الكلور على بلدتين في معارك استمرت لأسبوعين", ["بلدتين", "أسبوعين"]),
    ("الدفعة الثانية والدفعة الثالثة والصف الأول", ["الثانية", "الثالثة", "الأول"]),
    ("في الحادي عشر من أيلول قتل أحد عشر", ["الحادي عشر", "أحد عشر"]),
    ("ألف وخمسمئة شخص وعشرين ونيف ومئات الآلاف", ["ألف وخمسمئة", "عشرين ونيف", "مئات الآلاف"]),
    ("قتل نصفهم وثلاثة في المئة من السكان", ["نصفهم", "ثلاثة في المئة"]),
])
def test_scanner_finds_every_number(document, expected):
    assert texts(document) == expected


@pytest.mark.parametrize("document, expected", [
    ("اليوم الثلاثاء، وثيقة ثلاثية الأبعاد", []),           # ثلاث inside other words
    ("في منتصف الليل", []),                                 # نصف inside منتصف
    ("في 26 من تشرين الثاني وكانون الأول", ["26"]),          # month names: only 26 is a number
    ("في أحد أيام شهر مارس سلمت إحداها", []),               # أحد / إحدى alone mean "one of"
    ("لست أدري، يوم الاثنين", []),                          # لست = I am not; الاثنين = Monday
    ("قتل المدنيين والمصابين والمسلحين", []),               # sound plurals in ين are not duals
    ("نفذت 222 هجومًا كيميائيًا بعدة أسلحة", ["222"]),       # هجومًا is accusative, not a dual; عدة: no numeral
])
def test_scanner_ignores_words_that_only_look_like_numbers(document, expected):
    assert texts(document) == expected


def test_mentions_are_code_point_spans_of_the_verbatim_text():
    document = "وأُصيبَ نحــو ١٢ ألفَ شخصٍ، وقُتِلَ ثلاثُ نساءٍ والمئاتُ"
    for mention in scan(document):
        assert document[mention.start:mention.end] == mention.text
    assert [m.text for m in scan(document)] == ["١٢ ألفَ", "ثلاثُ", "المئاتُ"]
    assert [m.kind for m in scan(document)] == ["digits", "words", "vague"]


# --- a synthetic document ---------------------------------------------------------------------------------------

EXTRA = "\nوأفادت مصادر طبية بإسعاف 37 مصابا إلى المستشفى.\n"


def add_uncaptured_number(repo):
    """Append a sentence with a number nobody captured to the mini document and re-pin its sha256."""
    doc = repo / "raw" / "doc.txt"
    doc.write_text(doc.read_text(encoding="utf-8").rstrip("\n") + EXTRA, encoding="utf-8")
    sources = repo / "seeds" / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines()
    old = lines[1].split(",")[2]
    sources.write_text("\n".join([lines[0], lines[1].replace(old, hashlib.sha256(doc.read_bytes()).hexdigest())])
                       + "\n", encoding="utf-8")
    text = doc.read_text(encoding="utf-8")
    return text, text.index("37")


def test_mini_fixture_numbers_are_all_captured(mini_repo):
    result, seed_problems = audit_repository(mini_repo)
    assert seed_problems == [] and result.valid
    [doc] = result.documents
    assert doc.counts() == {"found": 5, "captured": 5, "excluded": 0, "unaccounted": 0}
    assert {n.text: n.captured_by for n in doc.numbers}["205"] == ["fig-000-02"]


def test_a_number_nobody_captured_fails_the_audit_with_its_context(mini_repo):
    _, start = add_uncaptured_number(mini_repo)
    result = run_cli("audit", "--root", str(mini_repo))
    assert result.returncode == 1
    assert "number-unaccounted: '37'" in result.stdout
    assert f"offsets {start}-{start + 2}" in result.stdout
    assert "بإسعاف ⟦37⟧ مصابا" in result.stdout
    row = [line for line in result.stdout.splitlines() if line.startswith("src-000")][0].split()
    assert row[-4:] == ["6", "5", "0", "1"]


def test_the_build_refuses_an_unaccounted_number_and_writes_nothing(mini_repo):
    add_uncaptured_number(mini_repo)
    with pytest.raises(ValidationFailed) as failed:
        build(mini_repo, write=False)
    [problem] = failed.value.problems
    assert (problem.code, problem.file, problem.line, problem.row_id) == ("number-unaccounted", "raw/doc.txt", 3,
                                                                          "src-000")
    result = run_cli("build", "--root", str(mini_repo))
    assert result.returncode == 1
    assert "number-unaccounted" in result.stderr
    assert not (mini_repo / "dataset" / "tables").exists()


def test_the_audit_waits_for_the_other_checks(mini_repo):
    """A wrong seed makes quote spans meaningless, so the build reports it first and audits once it is fixed."""
    add_uncaptured_number(mini_repo)
    figures = mini_repo / "seeds" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",1510,at_least", ",1511,at_least"),
                       encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        build(mini_repo, write=False)
    assert {p.code for p in failed.value.problems} == {"value-mismatch"}


def test_an_exclusion_from_the_template_accounts_for_the_number(mini_repo):
    _, start = add_uncaptured_number(mini_repo)
    template = run_cli("audit", "--template", "--root", str(mini_repo))
    rows = list(csv.DictReader(io.StringIO(template.stdout)))
    assert [(r["source_id"], r["text"], r["start"]) for r in rows] == [("src-000", "37", str(start))]
    assert "بإسعاف 37 مصابا" in rows[0]["context"]
    rows[0].update(reason_code="count_not_a_figure", reason="test: patients taken to hospital, not curated here")
    with open(mini_repo / EXCLUSIONS_FILE, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    result = run_cli("audit", "--root", str(mini_repo), "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["valid"] and report["totals"] == {"found": 6, "captured": 5, "excluded": 1, "unaccounted": 0}
    [number] = [n for n in report["documents"][0]["numbers"] if n["status"] == "excluded"]
    assert (number["text"], number["start"], number["reason_code"]) == ("37", start, "count_not_a_figure")
    built = run_cli("build", "--root", str(mini_repo))  # the build passes too, and reports the audit
    assert built.returncode == 0, built.stderr
    assert "number audit: 6 numbers in 1 document: 5 captured, 1 excluded, 0 unaccounted" in built.stdout


def write_exclusions(repo, rows):
    lines = ["source_id,text,start,reason_code,reason,context"] + rows
    (repo / EXCLUSIONS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_exclusions_are_validated(mini_repo):
    _, start = add_uncaptured_number(mini_repo)
    write_exclusions(mini_repo, [
        f"src-000,37,{start},count_not_a_figure,fine,بإسعاف 37 مصابا",        # line 2: valid
        f"src-009,37,{start},count_not_a_figure,no such source,",             # line 3
        f"src-000,37,{start + 1},count_not_a_figure,offset off by one,",      # line 4
        f"src-000,37,{start},count_not_a_figure,listed twice,",               # line 5
        "src-000,1510,30,typo,not a reason code,",                            # line 6
        "src-000,205,53,count_not_a_figure,,",                                # line 7: empty reason
        "src-000,2014,155,year,wrong context,في 21 أبريل 2015",               # line 8
        "src-000,الف,0,other,not a number at all,",                           # line 9
    ])
    result, _ = audit_repository(mini_repo)
    found = {(p.line, p.code) for p in result.problems}
    assert found == {(3, "unknown-reference"), (4, "exclusion-not-a-number"), (5, "duplicate-id"),
                     (6, "not-in-vocabulary"), (7, "required"), (8, "exclusion-context-mismatch"),
                     (9, "exclusion-not-a-number")}
    assert not any(p.code == "number-unaccounted" for p in result.problems)  # line 2 excluded it
    offset_hint = [p.message for p in result.problems if p.line == 4][0]
    assert f"the scanner finds '37' at {start}" in offset_hint


def test_exclusions_need_their_columns(mini_repo):
    (mini_repo / EXCLUSIONS_FILE).write_text("source_id,text,offset,reason_code,reason\n", encoding="utf-8")
    rows, problems = load_exclusions(mini_repo)
    assert rows == []
    assert {(p.column, p.code) for p in problems} == {("start", "missing-column"), ("offset", "unknown-column")}


def test_the_report_is_shown_every_row_it_can_place(mini_repo):
    """syriacw report marks an excluded number even while its row lacks a cell (the audit reports that); a row
    without a whole-number start names no place, so it is left out."""
    write_exclusions(mini_repo, [
        "src-000,1510,30,date,fine,",             # line 2
        "src-000,205,53,count_not_a_figure,,",    # line 3: empty reason
        "src-000,2014,x,year,no offset,",         # line 4
    ])
    shown = exclusions_to_show(mini_repo)
    assert [(e.line, e.text, e.start, e.reason) for e in shown] == [(2, "1510", 30, "fine"), (3, "205", 53, "")]
    assert [e.line for e in load_exclusions(mini_repo)[0]] == [2]
    (mini_repo / EXCLUSIONS_FILE).unlink()
    assert exclusions_to_show(mini_repo) == []


# --- the real documents -----------------------------------------------------------------------------------------

def test_every_number_of_the_real_documents_is_accounted_for(real_repo):
    result, seed_problems = audit_repository(real_repo)
    assert seed_problems == []
    assert [p.as_text() for p in result.problems] == []
    assert len(result.documents) == 5
    for doc in result.documents:
        assert doc.count() > 0 and doc.count("unaccounted") == 0, doc.source_id
    rows, problems = load_exclusions(real_repo)
    assert problems == [] and rows
    assert all(r.reason_code in REASON_CODES and r.reason for r in rows)


def test_real_exclusions_do_not_hide_figures(real_repo):
    """Excluded numbers are dates, units, distances … — never the value of a figure of the same source."""
    import pandas as pd

    figures = pd.read_csv(real_repo / "seeds" / "figures.csv", dtype=str)
    rows, _ = load_exclusions(real_repo)
    values = set(zip(figures["source_id"], figures["value_text"]))
    assert [(r.source_id, r.text) for r in rows if (r.source_id, r.text) in values] == []
