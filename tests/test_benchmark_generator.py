"""The benchmark generator writes a repository that validates; the build's bulk paths give what the per-row code
gives (the benchmarks in benchmarks/ rely on both)."""
from __future__ import annotations

import csv
import io
import random
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py)

from syriacw import csvio, parquet  # noqa: E402
from syriacw.arabic import DIACRITICS, QUALIFIER_MARKERS, fold_text, markers_in  # noqa: E402
from syriacw.build import build, seed_frame  # noqa: E402
from syriacw.validation import rules  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    counts = generate.generate(root, figures=600, seed=3)
    return root, counts


def test_generated_repository_validates_and_has_the_shapes_that_matter(synthetic):
    root, counts = synthetic
    tables = build(root, write=False)  # raises ValidationFailed, listing every problem, if anything is wrong
    figures = tables["figures"]
    assert len(figures) == counts["figures"] == 600
    assert counts["incidents"] == 60 and len(tables["assertions"]) > 100
    per_incident = figures.dropna(subset=["incident_id"]).groupby("incident_id")["claimant_id"].nunique()
    assert (per_incident >= 2).mean() > 0.9  # several claimants per incident
    assert figures["parent_figure_id"].notna().sum() > 50
    assert (figures["unit"] == "percent").sum() > 10
    assert set(figures["qualifier"]) >= {"exact", "at_least", "more_than", "approximately", "vague", "range"}
    assert len(tables["relay_links"]) > 0 and (tables["sources"]["provenance"] == "citation").any()


def test_the_generator_is_deterministic(tmp_path):
    generate.generate(tmp_path / "a", figures=120, seed=1)
    generate.generate(tmp_path / "b", figures=120, seed=1)
    for name in ("figures", "assertions", "sources"):
        assert (tmp_path / "a" / "seeds" / f"{name}.csv").read_bytes() == \
            (tmp_path / "b" / "seeds" / f"{name}.csv").read_bytes()


# --- bulk paths against the per-row code -------------------------------------------------------------------------

def _random_texts(n, seed=0):
    rng = random.Random(seed)
    alphabet = list("ابتثجحخدذرسشصضطظعغفقكلمنهويىةأإآٱئؤ0123456789٠١٢٣٤٥٦٧٨٩٪٫٬“”«»„‘’–—%.,-_ \t\n\r\x0b\x0c"
                    "\x1c\x85\xa0\u2003\u3000\u200babcXYZ") + sorted(DIACRITICS) + ["\U0001F600", "\x00"]
    words = [w for ws in QUALIFIER_MARKERS.values() for w in ws]
    texts = []
    for _ in range(n):
        parts = [rng.choice(words) if rng.random() < 0.3 else
                 "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 10))]
        texts.append(rng.choice(["", " ", "\u0640"]).join(parts))
    return texts


def test_bulk_folding_and_marker_search_equal_the_arabic_module():
    texts = _random_texts(3000)
    assert rules._fold_many(texts) == [fold_text(t) for t in texts]
    assert rules._fold_many([t for t in texts if "\x00" not in t]) == [fold_text(t) for t in texts if "\x00" not in t]
    for t in texts:
        assert rules._fold(t) == fold_text(t)
        assert rules._markers_in(t) == markers_in(t)
        for q in QUALIFIER_MARKERS:
            assert rules._has_marker(t, q) == (q in markers_in(t))


def _random_csv(rng) -> bytes:
    pieces = ["a", "ب", "قتل", "12", "2,317", " ", "\t", "\u00a0", "\u2003", "\x85", "\x1c", '"', ",", "\n", "x y",
              "\u200b", "\ufeff", "\r", "\r\n"]
    head = ["figure_id", "source_id", "value", "quote", "notes", "extra", "figure_id"]

    def cell():
        return "" if rng.random() < 0.3 else "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))

    def encode(c):
        if rng.random() < 0.05:
            return c  # as it comes, perhaps malformed
        return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n\r') or rng.random() < 0.1 else c

    width = rng.randint(1, 5)
    lines = [",".join(encode(rng.choice(head)) for _ in range(width))]
    for _ in range(rng.randint(0, 8)):
        r = rng.random()
        lines.append("" if r < 0.03 else "," * (width - 1) if r < 0.08 else
                     ",".join(encode(cell()) for _ in range(width if rng.random() < 0.95 else width + 1)))
    return ("\n".join(lines) + ("\n" if rng.random() < 0.9 else "")).encode("utf-8")


def test_the_columnar_csv_reader_gives_what_csv_reader_gives(monkeypatch):
    rng = random.Random(7)
    expected = ["figure_id", "source_id", "value", "quote", "notes"]
    columnar = 0
    for _ in range(600):
        data = _random_csv(rng)
        if rng.random() < 0.05:  # a byte that breaks UTF-8
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice([b"\xff", b"\xd8"]) + data[at:]
        monkeypatch.setattr(csvio, "COLUMNAR_MIN_CHARS", 10 ** 12)
        slow, slow_problems = csvio.parse_csv(data, "f.csv", "t")
        monkeypatch.setattr(csvio, "COLUMNAR_MIN_CHARS", 0)
        fast, fast_problems = csvio.parse_csv(data, "f.csv", "t")
        assert fast_problems == slow_problems, data
        if slow is None:
            assert fast is None
            continue
        columnar += isinstance(fast, csvio.ColumnarSeedTable)
        assert (fast.header, fast.rows, fast.lines) == (slow.header, slow.rows, slow.lines), data
        frame_fast, problems_fast = seed_frame(fast, expected, "f.csv")
        frame_slow, problems_slow = seed_frame(slow, expected, "f.csv")
        assert problems_fast == problems_slow
        pd.testing.assert_frame_equal(frame_fast, frame_slow, check_exact=True)
    assert columnar > 100  # the columnar reader was tried, not only the fallback


def test_arrow_conversion_equals_the_per_value_conversion():
    import pyarrow as pa

    frame = pd.DataFrame({
        "s": pd.array(["", None, "ب", "x"], dtype="string"),
        "i": pd.array([0, None, -5, 2 ** 62], dtype="Int64"),
        "f": pd.array([-0.0, None, float("inf"), 1e-300], dtype="Float64"),
        "d": pd.Series(pd.to_datetime(["1500-01-01", None, "1969-12-31", "9999-12-31"],
                                      format="ISO8601")).astype("datetime64[us]"),
        "none": pd.array([None] * 4, dtype="string"),
    })
    for part in (frame, frame.iloc[:0]):
        fast = parquet.arrow_table(part)
        for column in part.columns:
            series = part[column]
            if str(series.dtype).startswith("datetime64"):
                values = [None if v is None or v != v else v.date() for v in series.astype(object)]
            else:
                values = series.astype(object).where(series.notna(), None).tolist()
            assert fast.column(column).combine_chunks().equals(pa.array(values, type=fast.schema.field(column).type))


def test_the_bulk_value_check_skips_only_rows_without_problems(synthetic, monkeypatch):
    """check_values with its bulk pre-check equals check_values looking at every row, on broken figures."""
    root, _ = synthetic
    figures = build(root, write=False)["figures"].copy()
    rng = np.random.default_rng(5)
    n = len(figures)
    for column, values in (("value_text", ["12", "مئات", "ثلاث", "50%", "نحو 5", "abc", "", "1,510", "١٢"]),
                           ("value", [12.0, 0.0, -0.0, 150.0, None, 3.0]),
                           ("qualifier", ["exact", "at_least", "vague", "range", "approximately", None]),
                           ("unit", ["count", "percent", None]),
                           ("quote", ["نحو 12 شخصا", "ما لا يقل عن 50% منهم", "قتل 12", None, "بينهم ثلاث"])):
        rows = rng.choice(n, size=n // 8, replace=False)
        picked = [values[k] for k in rng.integers(0, len(values), size=len(rows))]
        figures.loc[figures.index[rows], column] = pd.array(
            [None if v in (None, "") else v for v in picked], dtype=figures[column].dtype)
    bulk = rules.check_values(figures)
    monkeypatch.setattr(rules.values, "_may_have_value_problems", lambda frame: np.ones(len(frame), dtype=bool))
    assert bulk == rules.check_values(figures)
    assert len(bulk) > 50


def test_load_reads_the_same_frame_as_before(synthetic, tmp_path):
    """read_frame reads vocabulary columns dictionary-encoded and dates as datetime64: the same frame."""
    import json
    import warnings

    import pyarrow.parquet as pq

    from syriacw.releases.read import read_frame

    root, _ = synthetic
    build(root, tmp_path / "tables")
    types = json.loads((tmp_path / "tables" / "dtypes.json").read_text(encoding="utf-8"))
    for table, spec in types.items():
        old = pq.read_table(tmp_path / "tables" / f"{table}.parquet").to_pandas()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for column, s in spec.items():
                kind = s["kind"]
                old[column] = (pd.Categorical(old[column], categories=s["categories"]) if kind == "category" else
                               old[column].astype("Int64") if kind == "integer" else
                               old[column].astype("Float64") if kind == "number" else
                               pd.to_datetime(old[column]).astype("datetime64[us]") if kind == "date" else
                               old[column].astype("string"))
        new = read_frame(tmp_path / "tables", table)
        pd.testing.assert_frame_equal(new, old, check_exact=True)
        assert list(new.dtypes) == list(old.dtypes)
