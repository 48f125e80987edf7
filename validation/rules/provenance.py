"""Provenance: archived rows quote a raw file; citation rows carry an address and agree with their reference row."""
from __future__ import annotations

import pandas as pd

from syriacw.errors import Problem

from .bulk import _rows
from .common import _problem
from .international import international_differences

INTERNATIONAL = "raw/reference/international_findings.csv"


def check_provenance(frames, reference: dict[str, dict] | None) -> list[Problem]:
    """Archived rows quote a raw document; citation rows carry no quote but an address and a reference row."""
    sources = frames.get("sources")
    if sources is None:
        return []
    problems = []
    archived = sources["provenance"] == "archived_quote"
    cited = sources["provenance"] == "citation"
    for line in sources.index[archived & (sources["file"].isna() | sources["sha256"].isna())]:
        problems.append(_problem("sources", sources, line, "file", "archived-without-file",
                                 "an archived_quote source needs its raw file and sha256"))
    for line in sources.index[cited & sources["file"].notna()]:
        problems.append(_problem("sources", sources, line, "file", "citation-with-file",
                                 "a citation source has no archived file; use provenance archived_quote"))
    no_address = cited & sources["url"].isna() & sources["document_symbol"].isna() & sources["no_address_reason"].isna()
    for line in sources.index[no_address]:
        problems.append(_problem("sources", sources, line, "url", "citation-without-address",
                                 "a citation needs a url or a document_symbol (or, where the reference gives "
                                 "neither, the reason in no_address_reason)"))
    kind = dict(zip(sources["source_id"], sources["provenance"]))
    for table in ("figures", "assertions"):
        frame = frames.get(table)
        if frame is None:
            continue
        provenance = frame["source_id"].map(kind)
        for line in frame.index[(provenance == "archived_quote") & frame["quote"].isna()]:
            problems.append(_problem(table, frame, line, "quote", "required",
                                     "quote must not be empty for a row from an archived document"))
        quoted = frame[["quote", "quote_start", "quote_end"]].notna().any(axis=1)
        for line in frame.index[(provenance == "citation") & quoted]:
            problems.append(_problem(table, frame, line, "quote", "quote-on-citation",
                                     f"{frame.at[line, 'source_id']} is a citation: no text of it is archived, "
                                     "so its rows carry no quote or offsets"))
        for line in frame.index[(provenance == "citation") & frame["ref_id"].isna()]:
            problems.append(_problem(table, frame, line, "ref_id", "citation-without-ref",
                                     "a row from a citation names the reference row it was read from (ref_id)"))
        if reference is not None:
            problems += _check_reference_rows(table, frame, sources, reference)
    return problems


def _check_reference_rows(table, frame, sources, reference) -> list[Problem]:
    """A row's ref_id exists in a reference file (primary_publications.csv or international_findings.csv) and says
    what the row says; a row read from a relayed reference row comes from a relay source."""
    problems = []
    by_source = sources.set_index("source_id")
    # a source's columns by ID, for IDs that one row has (what by_source.loc gives then, without a lookup per row)
    once = ~sources["source_id"].duplicated(keep=False).to_numpy(dtype=bool)
    source_rows = {sid: {"published_on": published, "published_precision": precision, "url": url}
                   for sid, published, precision, url, single in zip(
                       sources["source_id"].to_numpy(dtype=object), list(sources["published_on"]),
                       sources["published_precision"].to_numpy(dtype=object), sources["url"].to_numpy(dtype=object),
                       once) if single and isinstance(sid, str)}
    columns = ["ref_id", "source_id", "claimant_id"] + (["measure", "qualifier", "value", "low", "high"]
                                                        if table == "figures" else ["confidence_text", "agent"])
    for line, row in _rows(frame[frame["ref_id"].notna()], columns):
        ref_id = row["ref_id"]
        ref = reference.get(ref_id)
        if ref is None:
            problems.append(_problem(table, frame, line, "ref_id", "unknown-ref-id",
                                     f"{ref_id!r} is not a ref_id of raw/reference/primary_publications.csv or "
                                     "raw/reference/international_findings.csv"))
            continue
        if ref.get("_file") == INTERNATIONAL:
            problems += _check_international_row(table, frame, line, row, ref, by_source)
            continue
        expected_kind = "figure" if table == "figures" else "finding"
        if ref["kind"] != expected_kind:
            problems.append(_problem(table, frame, line, "ref_id", "reference-mismatch",
                                     f"{ref_id} is a {ref['kind']}, not a {expected_kind}"))
            continue
        differences = []
        if table == "figures":
            if ref["qualifier"] != row["qualifier"]:
                differences.append(f"qualifier {ref['qualifier']!r}")
            for column, ref_column in (("value", "value"), ("low", "low"), ("high", "high")):
                ref_value = ref[ref_column]
                if column != "value" and ref["qualifier"] != "range":
                    continue
                ours = row[column]
                if ref_value and (pd.isna(ours) or float(ours) != float(ref_value)):
                    differences.append(f"{column} {ref_value}")
        source_id = row["source_id"]
        src = source_rows.get(source_id) if isinstance(source_id, str) else None
        if src is None and source_id in by_source.index:
            src = by_source.loc[source_id]
        if src is not None:
            published = src["published_on"]
            shown = "" if pd.isna(published) else (published.strftime("%Y-%m-%d") if src["published_precision"] == "day"
                                                  else published.strftime("%Y-%m"))
            if ref["published_on"] != shown:
                differences.append(f"published_on {ref['published_on']!r} (source has {shown!r})")
            if (ref["address"] or None) != (None if pd.isna(src["url"]) else src["url"]):
                differences.append(f"address {ref['address']!r}")
        if differences:
            problems.append(_problem(table, frame, line, "ref_id", "reference-mismatch",
                                     f"the reference row {ref_id} says " + "; ".join(differences)))
    return problems


def _check_international_row(table, frame, line, row, ref, by_source) -> list[Problem]:
    source_id = row["source_id"]
    source = by_source.loc[source_id] if isinstance(source_id, str) and source_id in by_source.index else None
    if isinstance(source, pd.DataFrame):  # a duplicated source_id is reported elsewhere
        source = None
    problems = []
    if table == "assertions" and ref["kind"] != "finding":
        problems.append(_problem(table, frame, line, "ref_id", "reference-mismatch",
                                 f"{row['ref_id']} is a {ref['kind']}, not a finding"))
        return problems
    differences = international_differences(table, row, ref, source)
    if differences:
        problems.append(_problem(table, frame, line, "ref_id", "reference-mismatch",
                                 f"the reference row {row['ref_id']} says " + "; ".join(differences)))
    if source is not None and ref["seen"] == "relay" and source["seen"] != "relay":
        problems.append(_problem(table, frame, line, "source_id", "relay-read-as-primary",
                                 f"the reference row {row['ref_id']} was read only in relays, but "
                                 f"{source_id} says seen={source['seen']}"))
    return problems
