"""What the report of a large release shows: a slice a browser can open, saying what it leaves out.

The page holds every source's text with its figures' cards and every row of every query's answer: at 10^6 figures
that would be gigabytes of HTML (at 10^4 figures it is already 100 MB and a minute to make). Above the limits below
the page shows the first SOURCES_SHOWN sources (their texts, figures and assertions), the first ROWS_SHOWN rows of
each query's answer (read from the release's answers/QUERY.parquet: running the queries again would load every
table into DuckDB) and the incidents those refer to, and says where every row is: csv/ and answers/ of the release. The real data (66 sources, 90 figures,
pairwise's 285 rows) is far below both limits, so its page shows everything, as it always did.
"""
from __future__ import annotations

from pathlib import Path

SOURCES_SHOWN = 300
ROWS_SHOWN = 1000


def slice_sources(tables: dict) -> tuple[dict, dict]:
    """The tables cut to the first SOURCES_SHOWN sources, their figures and assertions and the relay links among
    those figures, and what was cut ({table: (rows shown, rows in the release)}; empty when every source is shown)."""
    sources = tables["sources"]
    if len(sources) <= SOURCES_SHOWN:
        return tables, {}
    kept = dict(tables, sources=sources.head(SOURCES_SHOWN).reset_index(drop=True))
    ids = set(kept["sources"]["source_id"])
    for name in ("figures", "assertions"):
        kept[name] = _rows_where(tables[name], tables[name]["source_id"].isin(ids))
    if "relay_links" in tables:
        figure_ids = set(kept["figures"]["figure_id"])
        links = tables["relay_links"]
        kept["relay_links"] = _rows_where(links, links["relayed_figure_id"].isin(figure_ids)  # cards link both ways
                                          & links["primary_figure_id"].isin(figure_ids))
    return kept, _cut(tables, kept, ("sources", "figures", "assertions"))


def slice_incidents(tables: dict, results: dict, cut: dict) -> dict:
    """Once sources were cut: the incidents the shown rows (figures, assertions, query answers) refer to or link."""
    if not cut:
        return tables
    from .findings import parse_links

    wanted = set()
    for frame in (tables["figures"], tables["assertions"], *results.values()):
        if "incident_id" in frame.columns:
            wanted.update(frame["incident_id"].dropna())
        if "linked_incidents" in frame.columns:  # the findings matrix and timeline link to these
            wanted.update(link["other"] for value in frame["linked_incidents"] for link in parse_links(value))
    incidents = tables["incidents"]
    kept = dict(tables, incidents=_rows_where(incidents, incidents["incident_id"].isin(wanted)))
    if "incident_links" in tables:
        links = tables["incident_links"]
        kept["incident_links"] = _rows_where(links, links["incident_id"].isin(wanted)
                                             & links["other_incident_id"].isin(wanted))
    cut.update(_cut(tables, kept, ("incidents",)))
    return kept


def answer_rows(folder: Path, name: str) -> int:
    """How many rows the release's answers/NAME.parquet holds (0 when the release has no such file)."""
    import pyarrow.parquet as pq

    path = folder / "answers" / f"{name}.parquet"
    return pq.ParquetFile(path).metadata.num_rows if path.is_file() else 0


def answer_head(folder: Path, name: str):
    """The first ROWS_SHOWN rows of the release's answers/NAME.parquet, as syriacw.reconcile gives an answer; None
    when the release has no such file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..db import arrow_frame

    path = folder / "answers" / f"{name}.parquet"
    if not path.is_file():
        return None
    answer = pq.ParquetFile(path)
    head = next(answer.iter_batches(batch_size=ROWS_SHOWN), None)
    return arrow_frame(pa.Table.from_batches([head] if head else [], schema=answer.schema_arrow))


def _rows_where(frame, mask):
    return frame[mask].reset_index(drop=True)


def _cut(before: dict, after: dict, names) -> dict:
    return {name: (len(after[name]), len(before[name])) for name in names}
