"""Documents and quotes: raw files as pinned, and every quote equal to its span of the document."""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from syriacw.arabic import locate
from syriacw.errors import Problem

from .bulk import _code_points, _joined, _large_strings, _offsets, _rows
from .common import _problem


def check_documents(sources, documents: dict[str, bytes]) -> tuple[dict[str, str], list[Problem]]:
    """Each listed raw file exists, has the pinned sha256 and is UTF-8; returns the text of each source."""
    texts, problems = {}, []
    if sources is None:
        return texts, problems
    listed = set()
    for line, row in _rows(sources):
        file = row["file"]
        if pd.isna(file):
            continue
        listed.add(file)
        data = documents.get(file)
        if data is None:
            problems.append(_problem("sources", sources, line, "file", "raw-file-missing",
                                     f"{file} does not exist under the repository"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if not pd.isna(row["sha256"]) and digest != row["sha256"]:
            problems.append(_problem("sources", sources, line, "sha256", "sha256-mismatch",
                                     f"{file} has sha256 {digest}, not the pinned {row['sha256']}: "
                                     "raw documents are never edited"))
            continue
        try:
            texts[row["source_id"]] = data.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(_problem("sources", sources, line, "file", "file-not-utf8", f"{file} is not UTF-8"))
    for file in sorted(set(documents) - listed):
        problems.append(Problem(file, None, None, None, "raw-file-unlisted",
                                f"{file} is in raw/ but no row of seeds/sources.csv names it"))
    return texts, problems


def check_quotes(table, frame, sources, texts: dict[str, str]) -> list[Problem]:
    """document[quote_start:quote_end] == quote, for every row, compared in bulk: NumPy over the code points
    (UTF-32) of the documents and of the quotes, a batch of documents at a time."""
    if frame.empty or not texts:
        return []
    import pyarrow as pa
    import pyarrow.compute as pc

    doc_ids = [k for k in texts if isinstance(k, str)]  # a row with an empty source_id has no document
    doc = pc.index_in(_large_strings(frame["source_id"]), value_set=pa.array(doc_ids, pa.large_string()))
    doc = pc.fill_null(doc, -1).to_numpy(zero_copy_only=False).astype(np.int64)  # -1: not a document in `texts`
    positions = np.flatnonzero(frame["quote"].notna().to_numpy(dtype=bool) & (doc >= 0))
    if len(positions) == 0:
        return []
    doc = doc[positions]
    doc_lengths = np.array([len(texts[s]) for s in doc_ids], dtype=np.int64)  # code points, once per document
    starts, ends = (frame[c].iloc[positions] for c in ("quote_start", "quote_end"))
    missing = (starts.isna() | ends.isna()).to_numpy(dtype=bool)
    starts, ends = _offsets(starts), _offsets(ends)
    out_of_range = missing | (starts < 0) | (ends > doc_lengths[doc]) | (starts >= ends)
    quotes = _large_strings(frame["quote"]).take(positions)
    quote_lengths = pc.utf8_length(quotes).to_numpy(zero_copy_only=False).astype(np.int64)
    # a span of another length than the quote differs from it; the others are compared code point by code point
    compare = np.flatnonzero(~out_of_range & (ends - starts == quote_lengths))
    differs = ~out_of_range & (ends - starts != quote_lengths)
    order = compare[np.argsort(doc[compare], kind="stable")]
    batch_limit = 1 << 24  # code points of documents per batch: 32 MB as UTF-16, 64 MB as UTF-32
    first = 0
    while first < len(order):
        batch_docs_start = doc[order[first]]
        budget, last_doc = 0, batch_docs_start
        while last_doc < len(doc_ids) and (budget == 0 or budget + doc_lengths[last_doc] <= batch_limit):
            budget += doc_lengths[last_doc]
            last_doc += 1
        last = first + np.searchsorted(doc[order[first:]], last_doc)  # rows of documents batch_docs_start..last_doc-1
        rows = order[first:last]
        first = last
        text, quoted = _code_points("".join(texts[s] for s in doc_ids[batch_docs_start:last_doc]),
                                    _joined(quotes.take(rows)))
        base = np.concatenate(([0], np.cumsum(doc_lengths[batch_docs_start:last_doc])))
        lengths = quote_lengths[rows]
        quote_offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        at = np.repeat(base[doc[rows] - batch_docs_start] + starts[rows] - quote_offsets, lengths) + \
            np.arange(len(quoted))
        unequal = text[at] != quoted
        differs[rows] = np.logical_or.reduceat(unequal, quote_offsets)
        del text, quoted, at, unequal
    bad = np.flatnonzero(out_of_range | differs)
    lines = frame.index.to_numpy()[positions[bad]]
    found = sorted(zip(lines.tolist(), out_of_range[bad].tolist()))
    problems = []
    for line, out_of_range in found:
        document = texts[frame.at[line, "source_id"]]
        quote = frame.at[line, "quote"]
        spans = [s for s in locate(document, quote) if document[s[0]:s[1]] == quote] or locate(document, quote)
        hint = ("; the quote occurs at " + ", ".join(f"{a}-{b}" for a, b in spans)) if spans else \
            "; the quote does not occur in the document (run: syriacw locate SOURCE_ID \"…\")"
        if out_of_range:
            problems.append(_problem(table, frame, line, "quote_start", "offsets-out-of-range",
                                     f"offsets {frame.at[line, 'quote_start']}-{frame.at[line, 'quote_end']} are not a "
                                     f"span of the document ({len(document)} code points){hint}"))
        else:
            start, end = frame.at[line, "quote_start"], frame.at[line, "quote_end"]
            problems.append(_problem(table, frame, line, "quote", "quote-mismatch",
                                     f"document[{start}:{end}] is {document[start:end]!r}, not the quote{hint}"))
    return problems
