"""Cited publications (issue 8): rows without quotes, checked against the archived reference list, and links from
relayed figures to the figures their claimants published."""
from __future__ import annotations

import pandas as pd
import pytest

import syriacw
from syriacw.build import build
from syriacw.errors import ValidationFailed

REFERENCE = (
    "ref_id,organization,publication,published_on,address,kind,subject,measure,value,qualifier,low,high,"
    "perpetrator_scope,victim_group,period_start,period_end,seen,note\n"
    "net-2021-deaths,Fixture network,Annual report,2021-11-30,https://example.org/report,figure,Syria,deaths,1510,"
    "at_least,1510,,Fixture government,all,2012-12-23,2021-11-30,primary,\n"
)
CITED_SOURCE = ("cit-net-2021,,,,Annual report,net,stated,,2021-11-30,day,stated,statement,https://example.org/report,"
                "cited,citation,primary,,\n")
CITED_FIGURE = ("fig-net-2021-deaths,cit-net-2021,net,,deaths,count,1510,1510,at_least,gov,all,,,chemical_attacks,"
                "2012-12-23,2021-11-30,stated,2021-11-30,,count,,,,,,net-2021-deaths\n")
LINK = "rel-000-01,fig-000-01,fig-net-2021-deaths,same,\n"


def _add_citation(repo, figure=CITED_FIGURE, source=CITED_SOURCE, link=LINK):
    (repo / "raw" / "reference").mkdir()
    (repo / "raw" / "reference" / "primary_publications.csv").write_text(REFERENCE, encoding="utf-8")
    for name, row in (("sources", source), ("figures", figure), ("relay_links", link)):
        with open(repo / "seeds" / f"{name}.csv", "a", encoding="utf-8") as fh:
            fh.write(row)


def _problems(repo):
    with pytest.raises(ValidationFailed) as info:
        build(repo, write=False)
    return [[p.file, p.line, p.column, p.code] for p in info.value.problems]


def test_a_citation_row_builds_without_a_quote_and_links_to_its_relay(mini_repo):
    _add_citation(mini_repo)
    tables = build(mini_repo, write=False)
    figure = tables["figures"].set_index("figure_id").loc["fig-net-2021-deaths"]
    assert pd.isna(figure["quote"]) and pd.isna(figure["quote_start"])
    assert (figure["low"], figure["ref_id"]) == (1510, "net-2021-deaths")
    assert tables["relay_links"]["relation"].tolist() == ["same"]


@pytest.mark.parametrize("mutate, expected", [
    # the cited row says "exact" where the reference says "at least"
    (lambda f, s, l: (f.replace(",at_least,gov", ",exact,gov"), s, l),
     [["seeds/figures.csv", 5, "ref_id", "reference-mismatch"]]),
    # a ref_id the reference list does not have
    (lambda f, s, l: (f.replace(",net-2021-deaths\n", ",net-2099\n"), s, l),
     [["seeds/figures.csv", 5, "ref_id", "unknown-ref-id"]]),
    # a cited row with a quote: no text of a citation is archived
    (lambda f, s, l: (f.replace(",count,,,,,,net", ",count,ما لا يقل عن 1510,0,17,,,net"), s, l),
     [["seeds/figures.csv", 5, "quote", "quote-on-citation"]]),
    # a citation with neither address nor symbol nor a reason
    (lambda f, s, l: (f, s.replace("https://example.org/report", ""), l),
     [["seeds/figures.csv", 5, "ref_id", "reference-mismatch"], ["seeds/sources.csv", 3, "url", "citation-without-address"]]),
    # a link the wrong way round
    (lambda f, s, l: (f, s, "rel-000-01,fig-net-2021-deaths,fig-000-01,same,\n"),
     [["seeds/relay_links.csv", 2, "primary_figure_id", "link-direction"],
      ["seeds/relay_links.csv", 2, "relayed_figure_id", "link-direction"]]),
    # a relation outside the vocabulary
    (lambda f, s, l: (f, s, l.replace(",same,", ",similar,")),
     [["seeds/relay_links.csv", 2, "relation", "not-in-vocabulary"]]),
])
def test_citation_rules(mini_repo, mutate, expected):
    _add_citation(mini_repo, *mutate(CITED_FIGURE, CITED_SOURCE, LINK))
    assert sorted(_problems(mini_repo)) == sorted(expected)


def test_an_archived_row_still_needs_its_quote(mini_repo):
    path = mini_repo / "seeds" / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    quote_at = lines[0].split(",").index("quote")
    cells[quote_at:quote_at + 3] = ["", "", ""]
    path.write_text(lines[0] + ",".join(cells) + "".join(lines[2:]), encoding="utf-8")
    assert ["seeds/figures.csv", 2, "quote", "required"] in _problems(mini_repo)


# --- the real data --------------------------------------------------------------------------------------------

def test_every_reference_row_is_in_the_dataset():
    import csv

    from conftest import REPO

    reference = list(csv.DictReader(open(REPO / "raw" / "reference" / "primary_publications.csv", encoding="utf-8")))
    figures = syriacw.load("figures", version="dev")
    assertions = syriacw.load("assertions", version="dev")
    used = set(figures["ref_id"].dropna()) | set(assertions["ref_id"].dropna())
    assert {r["ref_id"] for r in reference} == used
    sources = syriacw.load("sources", version="dev").set_index("source_id")
    cited = figures[figures["ref_id"].notna()]
    assert set(sources.loc[cited["source_id"], "provenance"]) == {"citation"}
    relay_only = {r["ref_id"] for r in reference if r["seen"] == "relay"}
    seen = dict(zip(cited["ref_id"], sources.loc[cited["source_id"], "seen"]))
    assert {ref for ref, s in seen.items() if s == "relay"} == relay_only & set(seen)


def test_relay_check_shows_the_222_beside_snhrs_own_breakdown():
    rows = syriacw.reconcile("relay_check", version="dev")
    rows = rows[rows["relayed_figure_id"] == "fig-001-05"].set_index("primary_figure_id")
    assert rows.loc["fig-snhr-2021-att-total", "relayed_says"] == "at least 222"
    assert rows.loc["fig-snhr-2021-att-total", "primary_says"] == "222"
    assert rows.loc["fig-snhr-2021-att-total", "primary_perpetrator"] == "All perpetrators counted"
    assert rows.loc["fig-snhr-2021-att-total", "relation"] == "rescoped"
    assert "perpetrator" in rows.loc["fig-snhr-2021-att-total", "changed"]
    assert rows.loc["fig-snhr-2021-att-regime", "primary_says"] == "at least 217"
    assert rows.loc["fig-snhr-2021-att-regime", "relation"] == "differs"


def test_incident_tolls_orders_ghouta_from_lowest_to_highest():
    tolls = syriacw.reconcile("incident_tolls", version="dev")
    ghouta = tolls[tolls["incident_id"] == "inc-eastern-ghouta-2013"]
    assert ghouta["claimant"].tolist() == ["French government", "UK Joint Intelligence Committee",
                                           "Syrian Observatory for Human Rights", "Syrian Network for Human Rights",
                                           "United States"]
    assert ghouta["says"].tolist() == ["at least 281", "at least 350", "502", "at least 1,127", "1,429"]
    assert ghouta["evidence"].tolist() == ["relay_only", "primary", "relay_only", "primary", "relay_only"]
    assert ghouta["spread_ratio"].iloc[0] == pytest.approx(round(1429 / 281, 2))


def test_series_holds_snhrs_own_publications_and_leaves_the_relayed_222_to_relay_check():
    """Issue 21: the relayed "at least 222 by the government" (dated only 2021) is not SNHR's earlier figure."""
    series = syriacw.reconcile("series", version="dev")
    regime = series[(series["claimant_id"] == "snhr") & (series["measure"] == "attacks")
                    & (series["perpetrator"] == "Syrian government")]
    assert regime["says"].tolist() == ["at least 207", "214", "at least 216", "at least 217", "217"]
    assert "fig-001-05" not in set(series["figure_id"])
    assert not regime["smaller_than_before"].any()
