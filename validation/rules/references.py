"""References and keys: every ID a column refers to exists; relay links join the right kinds of figure once."""
from __future__ import annotations

from syriacw.errors import Problem

from ..schemas import TABLES
from .bulk import _isin, _known, _rows
from .common import _problem


def check_references(frames) -> list[Problem]:
    problems = []
    for table, frame in frames.items():
        for column, spec in TABLES[table].columns.items():
            target = spec.metadata.get("references")
            if not target:
                continue
            target_table, target_column = target.split(".")
            if target_table not in frames:
                continue
            known = _known(frames[target_table][target_column])
            bad = frame[column].notna() & ~_isin(frame[column], known)
            for line in frame.index[bad]:
                problems.append(_problem(table, frame, line, column, "unknown-reference",
                                         f"{frame.at[line, column]!r} is not a {target_column} in {target_table}"))
    return problems


def check_relay_links(frames) -> list[Problem]:
    """A link joins a figure relayed in an archived document to the cited figure it relays."""
    links, figures, sources = frames.get("relay_links"), frames.get("figures"), frames.get("sources")
    if links is None or figures is None or sources is None:
        return []
    provenance = figures["source_id"].map(dict(zip(sources["source_id"], sources["provenance"])))
    linked = figures["figure_id"].isin(set(links["relayed_figure_id"].dropna().tolist())
                                       | set(links["primary_figure_id"].dropna().tolist()))  # only these are looked up
    kind = dict(zip(figures["figure_id"][linked].to_numpy(dtype=object), provenance[linked].to_numpy(dtype=object)))
    problems = []
    for line, row in _rows(links):
        if kind.get(row["relayed_figure_id"]) == "citation":
            problems.append(_problem("relay_links", links, line, "relayed_figure_id", "link-direction",
                                     f"{row['relayed_figure_id']} is itself from a citation; the relayed side is "
                                     "a figure quoted from an archived document"))
        if kind.get(row["primary_figure_id"]) == "archived_quote":
            problems.append(_problem("relay_links", links, line, "primary_figure_id", "link-direction",
                                     f"{row['primary_figure_id']} is quoted from an archived news document; the "
                                     "primary side is a cited publication"))
    duplicated = links.duplicated(["relayed_figure_id", "primary_figure_id"], keep="first")
    for line in links.index[duplicated]:
        problems.append(_problem("relay_links", links, line, "primary_figure_id", "duplicate-link",
                                 "this pair of figures is already linked"))
    return problems
