"""The bulk number scanner (syriacw.audit.scanner.scan_texts) finds exactly what the word-by-word scanner it
replaced finds (tests/audit_reference.py), and the audit's array arithmetic agrees with the per-number detail it
reports."""
from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO

import audit_reference as reference
from syriacw.arabic import DIACRITICS, code_point_property, fold, fold_text
from syriacw.audit import scanner
from syriacw.build import audit_repository

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py)


def mentions_by_text(texts: list[str]) -> list[list[tuple[int, int, str, str]]]:
    found = scanner.scan_texts(texts)
    out: list[list] = [[] for _ in texts]
    for k, s, e, kind in zip(found.text.tolist(), found.start.tolist(), found.end.tolist(), found.kind):
        out[k].append((s, e, texts[k][s:e], kind))
    return out


def reference_mentions(text: str) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.text, m.kind) for m in reference.scan(text)]


# Pieces that exercise every rule: number words with و/ف, ب/ل/ك, ال and لل, duals, ordinals after month names,
# teens, fractions with pronouns, percent words and signs, digit groups with separators, ranges and dates,
# diacritics and tatweel inside words, white-space runs, and characters that are neither letters nor digits.
PIECES = [
    "ثلاث", "ثلاثة", "وثلاثة", "بثلاثة", "للثلاثة", "والثلاثة", "خمسة وعشرون", "عشرين ونيف", "أحد عشر", "إحدى",
    "أحد", "الحادي عشر", "الحادي والعشرين", "مئات", "المئات", "عشرات الآلاف", "آلاف", "ألف وخمسمئة", "مليون",
    "نصف", "نصفهم", "ثلثا", "الثمانينيات", "بلدتين", "لأسبوعين", "هجومين", "الثاني", "تشرين", "تشرين الثاني",
    "كانون الأول", "وكانون", "الأول", "الدفعة الثالثة", "بالمئة", "بالمائة", "في المئة", "في", "المئة", "%", "٪",
    "12", "١٢", "1,510", "١١٬٢١٢", "2.5", "1/10/2024", "2012-2021", "12 ألف", "3 آلاف", "5ألف", "لست", "الاثنين",
    "منتصف", "ثلاثية", "المدنيين", "عدة", "شخصا", "قتل", "نحو", "ما لا يقل عن", "ـ", "\u064e", "\u0651", "\u0670",
    " ", "  ", "\n", "\t", "\u00a0", "\u3000", "،", ".", "-", "/", ",", "abc", "\x00", "\U0001F600",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=25).map("".join), min_size=1, max_size=6))
def test_bulk_scanner_finds_what_the_word_by_word_scanner_finds(texts):
    assert mentions_by_text(texts) == [reference_mentions(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set("".join(PIECES))) + sorted(DIACRITICS)), max_size=80))
def test_bulk_scanner_agrees_character_by_character(text):
    assert mentions_by_text([text]) == [reference_mentions(text)]


def test_bulk_scanner_on_the_real_documents():
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob("*.txt"))]
    found = mentions_by_text(texts)
    assert found == [reference_mentions(t) for t in texts]
    assert sum(map(len, found)) == 72   # docs/audit.md: 72 numbers in the five documents


def test_bulk_scanner_on_generated_documents(tmp_path):
    generate.generate(tmp_path, figures=300, seed=5)
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "raw").glob("*.txt"))]
    assert len(texts) > 5
    assert mentions_by_text(texts) == [reference_mentions(t) for t in texts]


def test_batches_do_not_change_what_is_found(monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "raw").glob("*.txt"))] + ["", "12", ""]
    whole = mentions_by_text(texts)
    monkeypatch.setattr(scanner, "_BATCH_CHARS", 1)  # a batch per document
    assert mentions_by_text(texts) == whole
    monkeypatch.setattr(scanner, "_BATCH_CHARS", 9000)
    assert mentions_by_text(texts) == whole
    assert scanner.scan_texts([]).start.tolist() == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(set("".join(PIECES))) + sorted(DIACRITICS) + ["\x1c", "\x85"]),
               max_size=60))
def test_the_bulk_fold_is_the_character_by_character_fold(text):
    folded, expected = fold(text), reference.fold(text)
    assert folded.text == expected.text == fold_text(text)
    assert folded.origin.tolist() == expected.origin


@pytest.mark.parametrize("name", ["isspace", "isdecimal"])
def test_code_point_properties_are_what_str_says(name):
    expected = np.array([getattr(chr(c), name)() for c in range(0x110000)], dtype=bool)
    assert (code_point_property(name) == expected).all()


def test_captured_in_bulk_is_captured_by_some_quote(mini_repo):
    """The status the audit computes with arrays is the one its per-number detail (captured_by) implies."""
    result, problems = audit_repository(mini_repo)
    assert problems == [] and result.valid
    for doc in result.documents:
        for n in doc.numbers:
            assert (n.status == "captured") == bool(n.captured_by), n
    assert result.totals() == {"found": 5, "captured": 5, "excluded": 0, "unaccounted": 0}


def test_captured_in_bulk_on_a_generated_repository(tmp_path):
    generate.generate(tmp_path, figures=300, seed=7)
    result, problems = audit_repository(tmp_path)
    assert problems == []
    statuses = [(n.status == "captured", bool(n.captured_by)) for d in result.documents for n in d.numbers]
    assert statuses and all(a == b for a, b in statuses)
    assert result.totals()["found"] == len(statuses)


def test_a_document_that_is_not_utf8_is_left_out_and_the_others_still_counted(mini_repo):
    """The build reports the bad bytes (sha256-mismatch / file-not-utf8); the audit audits what it can read."""
    import shutil

    second = mini_repo / "raw" / "doc2.txt"
    shutil.copy(mini_repo / "raw" / "doc.txt", second)
    (mini_repo / "raw" / "doc.txt").write_bytes((mini_repo / "raw" / "doc.txt").read_bytes() + b"\xff 12")
    sources = mini_repo / "seeds" / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1].replace("src-000", "src-001").replace("raw/doc.txt", "raw/doc2.txt"))
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result, problems = audit_repository(mini_repo)
    [doc] = result.documents
    assert doc.source_id == "src-001" and doc.counts()["found"] == 5 and doc.numbers[0].text == "1510"
    assert result.totals()["found"] == 5 and problems
