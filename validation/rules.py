"""Cross-table rules. Each rule returns Problems with a stable kebab-case code; none stops at the first.

Codes (documented in docs/codebook.md and docs/failure-modes.md):
schema checks: required, duplicate-id, duplicate-value, not-in-vocabulary, bad-format, out-of-range, type-error
references:    unknown-reference
documents:     raw-file-missing, sha256-mismatch, file-not-utf8, raw-file-unlisted
quotes:        offsets-out-of-range, quote-mismatch
values:        value-text-not-in-quote, value-text-unreadable, value-mismatch, vague-mismatch, unit-mismatch,
               qualifier-not-in-quote, qualifier-conflict, share-above-100
structure:     parent-measure-mismatch, parent-other-source, parent-is-share, parent-cycle, subset-exceeds-parent,
               shares-exceed-100
dates:         date-inverted
claims:        attribution-without-party, allegation-typed-as-finding, alleged-plan-occurred
provenance:    archived-without-file, citation-with-file, citation-without-address, quote-on-citation,
               citation-without-ref, unknown-ref-id, reference-mismatch
relay links:   link-direction, duplicate-link
"""
from __future__ import annotations

import hashlib
import math
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from syriacw.arabic import QUALIFIER_MARKERS, fold_many, fold_text, locate, markers_in
from syriacw.errors import Problem
from syriacw.numbers import NotANumber, interval, parse_value_text

from . import vocabularies as v
from .schemas import PRIMARY_KEYS, TABLES

SEED = "seeds/{}.csv"


def _problem(table, frame, line, column, code, message):
    pk = PRIMARY_KEYS[table]
    row_id = frame.at[line, pk] if line in frame.index else None
    return Problem(SEED.format(table), int(line), None if pd.isna(row_id) else str(row_id), column, code, message)


# --- derived columns ---------------------------------------------------------------------------------------------

def derive_intervals(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """low and high from qualifier and value (rules in syriacw.numbers); never typed by hand."""
    out = figures.copy()
    # interval() once per distinct (qualifier, value, value_text, unit), not once per row
    first, codes = _distinct_rows(out, ["qualifier", "value", "value_text", "unit"])
    lows, highs = [], []
    for qualifier, value, value_text, unit in zip(*(out[c].iloc[first].to_numpy(dtype=object)
                                                    for c in ("qualifier", "value", "value_text", "unit"))):
        parsed = _parse(value_text)
        try:
            low, high = interval(str(qualifier), None if pd.isna(value) else float(value), str(unit), parsed)
        except ValueError:
            low, high = None, None
        lows.append(low)
        highs.append(high)
    out["low"] = pd.array(_floats(lows)[codes], dtype="Float64")  # NaN for None: NA, as from a list
    out["high"] = pd.array(_floats(highs)[codes], dtype="Float64")
    return out, []


def derive_incident_end(incidents: pd.DataFrame) -> pd.DataFrame:
    """An incident with a start and no end ends with its start's period (a day, a month or a year)."""
    from syriacw.dates import parse_partial

    out = incidents.copy()
    missing = out["date_end"].isna() & out["date_start"].notna()
    ends = out["date_end"].to_numpy(copy=True)
    computed: dict = {}  # (start, precision) → end: parse once per distinct pair, then set the column at once
    for position, start, precision in zip(np.flatnonzero(missing.to_numpy()), out["date_start"][missing],
                                          out["date_precision"][missing]):
        if (start, precision) not in computed:
            text = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(precision)
            computed[start, precision] = \
                pd.Timestamp(parse_partial(start.strftime(text), end=True)[0]) if text else None
        if computed[start, precision] is not None:
            ends[position] = computed[start, precision]
    out["date_end"] = pd.Series(ends, index=out.index, name="date_end")
    return out


_parse_cache: dict[str, object] = {}


def _parse(value_text):
    if pd.isna(value_text):
        return None
    if value_text not in _parse_cache:
        try:
            _parse_cache[value_text] = parse_value_text(str(value_text))
        except NotANumber as exc:
            _parse_cache[value_text] = exc
    result = _parse_cache[value_text]
    return None if isinstance(result, NotANumber) else result


# --- pandera ---------------------------------------------------------------------------------------------------

_CHECK_CODES = {"not_nullable": "required", "field_uniqueness": "duplicate-value", "isin": "not-in-vocabulary",
                "str_matches": "bad-format", "greater_than_or_equal_to": "out-of-range"}


def check_schemas(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    problems = []
    for table, frame in frames.items():
        try:
            TABLES[table].validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            problems += _from_pandera(table, frame, exc.failure_cases)
    return problems


def _from_pandera(table, frame, cases: pd.DataFrame) -> list[Problem]:
    problems = []
    for case in cases.itertuples(index=False):
        check = str(case.check)
        name = check.split("(")[0]
        code = _CHECK_CODES.get(name, "type-error" if "dtype" in check else "schema-" + name.replace("_", "-"))
        if code == "duplicate-value" and case.column == PRIMARY_KEYS[table]:
            code = "duplicate-id"
        column = case.column if isinstance(case.column, str) else None
        message = _pandera_message(table, column, code, case.failure_case)
        if pd.isna(case.index):
            problems.append(Problem(SEED.format(table), None, None, column, code, message))
        else:
            problems.append(_problem(table, frame, case.index, column, code, message))
    return problems


def _pandera_message(table, column, code, value):
    spec = TABLES[table].columns.get(column)
    value = value.item() if hasattr(value, "item") else value  # a NumPy scalar prints as np.int64(-1) otherwise
    if code == "required":
        return f"{column} must not be empty"
    if code == "not-in-vocabulary":
        allowed = ", ".join(spec.metadata["vocabulary"])
        return f"{value!r} is not one of: {allowed}"
    if code == "duplicate-id":
        return f"the ID {value!r} is used by more than one row"
    if code == "bad-format":
        return f"{value!r} does not have the required form (lower-case kebab-case ID, or 64 hex digits for sha256)"
    if code == "out-of-range":
        return f"{value!r} must not be negative"
    return f"{value!r} fails {code}"


# --- cross-table rules -----------------------------------------------------------------------------------------

def check_all(frames: dict[str, pd.DataFrame], documents: dict[str, bytes],
              reference: dict[str, dict] | None = None) -> list[Problem]:
    problems = check_references(frames)
    problems += check_provenance(frames, reference)
    problems += check_relay_links(frames)
    texts, found = check_documents(frames.get("sources"), documents)
    problems += found
    for table in ("figures", "assertions"):
        if table in frames and "sources" in frames:
            problems += check_quotes(table, frames[table], frames["sources"], texts)
    if "figures" in frames:
        problems += check_values(frames["figures"])
        problems += check_parents(frames["figures"])
        problems += check_order(frames["figures"], "figures", "period_start", "period_end")
    if "incidents" in frames:
        problems += check_order(frames["incidents"], "incidents", "date_start", "date_end")
    problems += check_claims(frames)
    return problems


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


def check_values(figures) -> list[Problem]:
    problems = []
    for line, row in _rows(figures[_may_have_value_problems(figures)], _VALUE_COLUMNS):
        value_text, quote = row["value_text"], row["quote"]
        if pd.isna(value_text):
            continue
        if not pd.isna(quote) and _fold(value_text) not in _fold(quote):
            problems.append(_problem("figures", figures, line, "value_text", "value-text-not-in-quote",
                                     f"{value_text!r} does not occur in the quote"))
        try:
            parsed = _parse_value_text(value_text)
        except NotANumber as exc:
            problems.append(_problem("figures", figures, line, "value_text", "value-text-unreadable", str(exc)))
            continue
        problems += _value_problems(figures, line, row, parsed)
    return problems


def _value_problems(figures, line, row, parsed) -> list[Problem]:
    out = []
    value, qualifier, unit = row["value"], row["qualifier"], row["unit"]
    if not pd.isna(qualifier) and parsed.is_vague != (qualifier == "vague"):
        out.append(_problem("figures", figures, line, "qualifier", "vague-mismatch",
                            f"{row['value_text']!r} is {'a vague plural' if parsed.is_vague else 'a number'}, "
                            f"so the qualifier {'must' if parsed.is_vague else 'cannot'} be 'vague'"))
    if parsed.is_vague and not pd.isna(value):
        out.append(_problem("figures", figures, line, "value", "value-mismatch",
                            f"{row['value_text']!r} states no exact number, so value must be empty"))
    # isclose: '4.1 مليون' is 4.1 × 10^6 in binary floating point, 4099999.9999999995, and means 4100000
    elif not parsed.is_vague and (pd.isna(value) or not math.isclose(float(value), parsed.value, rel_tol=1e-9)):
        out.append(_problem("figures", figures, line, "value", "value-mismatch",
                            f"{row['value_text']!r} says {parsed.value:g}, but value is "
                            f"{'empty' if pd.isna(value) else format(float(value), 'g')}"))
    if not pd.isna(unit) and parsed.percent != (unit == "percent"):
        out.append(_problem("figures", figures, line, "unit", "unit-mismatch",
                            f"value_text {'has' if parsed.percent else 'has no'} percent sign but unit is {unit!r}"))
    if _is(unit, "percent") and not pd.isna(value) and float(value) > 100:
        out.append(_problem("figures", figures, line, "value", "share-above-100", f"a share of {value:g}% is impossible"))
    if not pd.isna(row["quote"]) and not pd.isna(qualifier):
        out += _qualifier_problems(figures, line, row)
    return out


def _qualifier_problems(figures, line, row) -> list[Problem]:
    """The qualifier must be the one the quote's words give the number."""
    qualifier, quote, value_text = row["qualifier"], row["quote"], row["value_text"]
    if qualifier in QUALIFIER_MARKERS and not _has_marker(quote, qualifier):
        words = " / ".join(QUALIFIER_MARKERS[qualifier][:3])
        return [_problem("figures", figures, line, "qualifier", "qualifier-not-in-quote",
                         f"qualifier is {qualifier!r} but the quote has no word for it (e.g. {words})")]
    if qualifier == "exact":
        before = _words_before(quote, value_text)
        found = _markers_in(before)
        if found:
            return [_problem("figures", figures, line, "qualifier", "qualifier-conflict",
                             f"qualifier is 'exact' but the words before the number say {sorted(found)[0]!r}")]
    return []


def _words_before(quote: str, value_text: str) -> str:
    """The words between the previous number in the quote (or its start) and the number itself."""
    return _words_before_folded(_fold(quote), _fold(value_text))


def _words_before_folded(folded_quote: str, folded_value: str) -> str:
    at = folded_quote.find(folded_value)
    before = folded_quote[:at] if at >= 0 else ""
    numbers = list(re.finditer(r"\d", before))
    return before[numbers[-1].end():] if numbers else before


def _is(value, text) -> bool:
    """value == text, where an empty (NA) value is never equal: empty cells are reported as `required` instead."""
    return not pd.isna(value) and value == text


def _differ(a, b) -> bool:
    """Both values are known and differ."""
    return not pd.isna(a) and not pd.isna(b) and a != b


def _parent_cycle(figure_id, parents: dict) -> list[str] | None:
    """The IDs from figure_id back to itself, if following parent_figure_id returns to it; else None."""
    if not isinstance(figure_id, str):
        return None  # an empty ID is reported as required
    chain, current = [figure_id], parents.get(figure_id)
    while isinstance(current, str) and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain + [figure_id] if isinstance(current, str) and current == figure_id else None


def check_parents(figures) -> list[Problem]:
    """A part or share names a parent that counts the same measure in the same source, is a count, and allows the
    part; the shares of one parent add up to at most 100%. Rows are compared with their parents in bulk; only rows
    that have (or may have) a problem are looked at one by one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    problems = []
    columns = ["figure_id", "parent_figure_id", "measure", "source_id", "unit", "low", "high"]
    n = len(figures)
    ids, parent_ids = _large_strings(figures["figure_id"]), _large_strings(figures["parent_figure_id"])
    # the row of each row's parent: its ID names exactly one row (an ID several rows share is reported elsewhere)
    single = ~figures["figure_id"].duplicated(keep=False).to_numpy(dtype=bool) & pc.is_valid(ids).to_numpy(
        zero_copy_only=False)
    single_rows = np.flatnonzero(single)
    found = pc.index_in(parent_ids, value_set=ids.take(single_rows))
    parent_at = np.full(n, -1, dtype=np.int64)
    has = pc.is_valid(found).to_numpy(zero_copy_only=False)
    parent_at[has] = single_rows[found.drop_null().to_numpy()]
    valid = np.flatnonzero(has)  # rows with a parent to compare with, in row order
    if len(valid) == 0:
        return problems
    parent_rows = pa.array(parent_at[valid])

    def both(column):
        values = _large_strings(figures[column])
        return values.take(pa.array(valid)), values.take(parent_rows)

    def differ(column):  # _differ: both known and different
        mine, theirs = both(column)
        return pc.fill_null(pc.not_equal(mine, theirs), False).to_numpy(zero_copy_only=False)

    units = _large_strings(figures["unit"])
    row_share = pc.fill_null(pc.equal(units.take(pa.array(valid)), "percent"), False).to_numpy(zero_copy_only=False)
    parent_share = pc.fill_null(pc.equal(units.take(parent_rows), "percent"), False).to_numpy(zero_copy_only=False)
    low = figures["low"].to_numpy(dtype=np.float64, na_value=np.nan)
    high = figures["high"].to_numpy(dtype=np.float64, na_value=np.nan)
    exceeds = low[valid] > high[parent_at[valid]]  # False where either is empty
    cycle = np.isin(valid, _may_be_in_parent_cycle(figures, ids, parent_ids))
    suspect = cycle | differ("measure") | differ("source_id") | parent_share | (~row_share & exceeds)
    parents = None
    in_cycle = np.zeros(len(valid), dtype=bool)
    if suspect.any():
        arrays = {c: figures[c].to_numpy(dtype=object) for c in columns}
        lines = figures.index.to_numpy()
        if cycle.any():
            parents = dict(zip(arrays["figure_id"], arrays["parent_figure_id"]))
        for k in np.flatnonzero(suspect):
            i, j = valid[k], parent_at[valid[k]]
            row = {c: arrays[c][i] for c in columns}
            parent = {c: arrays[c][j] for c in columns}
            row_problems, in_cycle[k] = _parent_problems(figures, lines[i], row, parent,
                                                         parents if cycle[k] else None)
            problems += row_problems
    # shares: rows that are a percent of a count parent (and not in a cycle), summed per parent in row order
    share = np.flatnonzero(row_share & ~parent_share & ~in_cycle)
    if len(share):
        parent_of = parent_at[valid[share]]
        groups, first, group = np.unique(parent_of, return_index=True, return_inverse=True)
        lows = low[valid[share]]
        totals = np.zeros(len(groups))
        np.add.at(totals, group[~np.isnan(lows)], lows[~np.isnan(lows)])  # in row order, as sum() adds
        lines, ids_of = figures.index.to_numpy(), figures["figure_id"].to_numpy(dtype=object)
        low_values = figures["low"].to_numpy(dtype=object)
        for g in np.argsort(first, kind="stable"):  # parents in the order their first share comes
            if not totals[g] > 100 - 1e-6:
                continue
            members = valid[share[group == g]]
            total = sum(float(low_values[i]) for i in members if not pd.isna(low_values[i]))
            if total > 100:
                parent_id = ids_of[parent_at[members[0]]]
                for i in members:
                    problems.append(_problem("figures", figures, lines[i], "value", "shares-exceed-100",
                                             f"the shares of {parent_id} add up to at least {total:g}%"))
    return problems


def _parent_problems(figures, line, row, parent, parents) -> tuple[list[Problem], bool]:
    """The problems of one row with a parent (check_parents), and whether it is in a cycle; `parents` (ID → parent
    ID) is given only when the row may be in one."""
    problems = []
    parent_id = row["parent_figure_id"]
    cycle = _parent_cycle(row["figure_id"], parents) if parents is not None else None
    if cycle:
        return [_problem("figures", figures, line, "parent_figure_id", "parent-cycle",
                         f"following parent_figure_id leads back to this figure ({' → '.join(cycle)}); "
                         "a figure cannot be a part of itself")], True
    if _differ(parent["measure"], row["measure"]):
        problems.append(_problem("figures", figures, line, "parent_figure_id", "parent-measure-mismatch",
                                 f"the parent {parent_id} counts {parent['measure']}, this row {row['measure']}"))
    if _differ(parent["source_id"], row["source_id"]):
        problems.append(_problem("figures", figures, line, "parent_figure_id", "parent-other-source",
                                 f"the parent {parent_id} is quoted from {parent['source_id']}, a different source"))
    if _is(parent["unit"], "percent"):
        problems.append(_problem("figures", figures, line, "parent_figure_id", "parent-is-share",
                                 f"the parent {parent_id} is a share; a total must be a count"))
        return problems, False
    if not _is(row["unit"], "percent") and not pd.isna(row["low"]) and not pd.isna(parent["high"]) \
            and row["low"] > parent["high"]:
        problems.append(_problem("figures", figures, line, "value", "subset-exceeds-parent",
                                 f"at least {row['low']:g} is more than its parent {parent_id} allows "
                                 f"(at most {parent['high']:g})"))
    return problems, False


def _may_be_in_parent_cycle(figures, ids, parent_ids) -> np.ndarray:
    """Positions of the rows whose figure_id may be on a cycle of parent_figure_id links (_parent_cycle follows
    each ID to the parent of the last row with that ID): those whose chain has not ended after as many steps as
    there are rows. Usually none; _parent_cycle decides for these."""
    import pyarrow.compute as pc

    n = len(figures)
    last = n - 1 - np.flatnonzero(~figures["figure_id"].iloc[::-1].duplicated().to_numpy(dtype=bool))[::-1]
    last = last[pc.is_valid(ids.take(last)).to_numpy(zero_copy_only=False)]  # the row the dict keeps for each ID
    nxt = pc.fill_null(pc.index_in(parent_ids.take(last), value_set=ids.take(last)), -1).to_numpy(
        zero_copy_only=False).astype(np.int64)  # the node of the parent's ID, -1 where the chain ends
    jump, steps = nxt, 1
    while steps < len(nxt) and (jump >= 0).any():
        jump = np.where(jump >= 0, jump[np.maximum(jump, 0)], -1)
        steps *= 2
    on = np.flatnonzero(jump >= 0)
    return np.flatnonzero(np.isin(ids.to_numpy(zero_copy_only=False), ids.take(last[on]).to_numpy(
        zero_copy_only=False))) if len(on) else np.zeros(0, dtype=np.int64)


def check_order(frame, table, start, end) -> list[Problem]:
    bad = frame[start].notna() & frame[end].notna() & (frame[start] > frame[end])
    return [_problem(table, frame, line, end, "date-inverted",
                     f"{end} {frame.at[line, end].date()} is before {start} {frame.at[line, start].date()}")
            for line in frame.index[bad]]


def check_claims(frames) -> list[Problem]:
    problems = []
    orgs = frames.get("organizations")
    org_type = dict(zip(orgs["org_id"], orgs["org_type"])) if orgs is not None else {}
    for table in ("figures", "assertions"):
        frame = frames.get(table)
        if frame is None:
            continue
        findings = frame[(frame["claim_type"] == "finding") & frame["claimant_id"].isin(list(org_type))]
        for line, row in _rows(findings, ["claimant_id"]):
            kind = org_type[row["claimant_id"]]
            if not pd.isna(kind) and kind not in v.FINDING_ORG_TYPES:
                problems.append(_problem(table, frame, line, "claim_type", "allegation-typed-as-finding",
                                         f"{row['claimant_id']} is a {org_type[row['claimant_id']]}, not an "
                                         "investigative body: its claims are allegations, not findings"))
    assertions, incidents = frames.get("assertions"), frames.get("incidents")
    if assertions is not None:
        needs_party = assertions["assertion"].isin(v.ATTRIBUTING_ASSERTIONS) & assertions["attributed_to_id"].isna()
        for line in assertions.index[needs_party]:
            problems.append(_problem("assertions", assertions, line, "attributed_to_id", "attribution-without-party",
                                     f"{assertions.at[line, 'assertion']!r} names a responsible party: "
                                     "attributed_to_id must not be empty"))
    if assertions is not None and incidents is not None:
        kinds = dict(zip(incidents["incident_id"], incidents["incident_kind"]))
        occurred = assertions["assertion"].isin(["occurred", "chemical_use_confirmed"]) & \
            (assertions["incident_id"].map(kinds) == "alleged_plan")
        for line in assertions.index[occurred]:
            problems.append(_problem("assertions", assertions, line, "assertion", "alleged-plan-occurred",
                                     f"{assertions.at[line, 'incident_id']} is an alleged plan; an assertion about it "
                                     "cannot say that an attack occurred"))
    return problems


# --- speed: bulk equivalents of per-row helpers --------------------------------------------------------------------
# Same results as the functions they stand in for (tests/test_benchmark_generator.py compares them); they exist
# because the per-row versions dominate the build at 10^5-10^6 rows (benchmarks/README.md, BENCHMARKS.md).

def _rows(frame: pd.DataFrame, columns: list[str] | None = None):
    """(line, row) like DataFrame.iterrows, each row a dict with the same values (of `columns`, default all),
    without a Series per row."""
    columns = list(frame.columns) if columns is None else columns
    arrays = [frame[column].to_numpy(dtype=object) for column in columns]
    for line, values in zip(frame.index, zip(*arrays)):
        yield line, dict(zip(columns, values))


def _by_key(frame: pd.DataFrame, key: str, columns: list[str] | None = None) -> dict:
    """{key value: row dict} over `frame`'s rows; None for a key value that several rows share."""
    out: dict = {}
    for _, row in _rows(frame, columns):
        k = row[key]
        out[k] = None if k in out else row
    return out


_fold = fold_text   # short texts: str.translate and one regex
_fold_many = fold_many   # many texts at once: NumPy over their code points


def _marker_pattern(words) -> re.Pattern:
    # one alternation tries every word at every position, so it matches iff one of markers_in's searches would
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(fold_text(w)) for w in words) + r")(?![\w])")


_MARKER_PATTERNS = {q: _marker_pattern(words) for q, words in QUALIFIER_MARKERS.items()}
_ANY_MARKER = _marker_pattern([w for words in QUALIFIER_MARKERS.values() for w in words])


def _has_marker(text: str, qualifier: str) -> bool:
    """qualifier in markers_in(text), searching for that qualifier's words only."""
    return _MARKER_PATTERNS[qualifier].search(" " + _fold(text) + " ") is not None


def _markers_in(text: str) -> set[str]:
    """markers_in(text) with one precompiled pattern per qualifier (and one for all, to skip most texts)."""
    folded = " " + _fold(text) + " "
    if not _ANY_MARKER.search(folded):
        return set()
    return {q for q, pattern in _MARKER_PATTERNS.items() if pattern.search(folded)}


def _parse_value_text(value_text: str):
    """parse_value_text, memoized on the text; raises a fresh NotANumber with the same message when unreadable."""
    if value_text not in _parse_cache:
        _parse(value_text)
    result = _parse_cache[value_text]
    if isinstance(result, NotANumber):
        raise NotANumber(str(result))
    return result


_VALUE_COLUMNS = ["value_text", "quote", "value", "qualifier", "unit"]  # what check_values reads of a row


def _may_have_value_problems(figures: pd.DataFrame) -> np.ndarray:
    """The rows check_values looks at one by one: all but those shown here, in bulk, to have no problem. A row
    has none if its value_text is empty; or if _value_problems finds nothing for it with the quote left out
    (asked once per distinct value_text, value, qualifier and unit), the folded value_text is in the folded quote
    (texts folded once each, at once) and the quote has what _qualifier_problems asks of it: a word of the
    qualifier, or for 'exact' none in the words before the number (_markers_in(_words_before(…)) is not empty iff
    _ANY_MARKER matches; the texts are folded already, and folding twice changes nothing)."""
    text_codes, texts = pd.factorize(figures["value_text"])
    quote_codes, quotes = pd.factorize(figures["quote"])
    folded_texts = np.array(_fold_many(texts.tolist()) + [None], dtype=object)  # code -1 (empty) takes the None
    folded_quotes = np.array(_fold_many(quotes.tolist()) + [None], dtype=object)
    clean = text_codes < 0
    first, codes = _distinct_rows(figures, ["value_text", "value", "qualifier", "unit"])
    lines = figures.index.to_numpy()
    columns = {c: figures[c].iloc[first].to_numpy(dtype=object) for c in ("value_text", "value", "qualifier", "unit")}
    combo_clean = np.zeros(len(first), dtype=bool)
    for k, i in enumerate(first):
        row = {c: columns[c][k] for c in columns}
        row["quote"] = pd.NA
        if pd.isna(row["value_text"]):
            continue
        try:
            parsed = _parse_value_text(row["value_text"])
        except NotANumber:
            continue
        combo_clean[k] = not _value_problems(figures, lines[i], row, parsed)
    rows = np.flatnonzero(~clean & combo_clean[codes])
    qualifiers = columns["qualifier"][codes[rows]]  # the row's combination has its qualifier
    no_quote = (quote_codes[rows] < 0) | figures["qualifier"].isna().to_numpy(dtype=bool)[rows]
    clean[rows[no_quote]] = True  # no quote, or no qualifier: _value_problems reads no more
    rows, qualifiers = rows[~no_quote], qualifiers[~no_quote]
    inside = np.array([t in q for t, q in zip(folded_texts[text_codes[rows]], folded_quotes[quote_codes[rows]])],
                      dtype=bool)
    rows, qualifiers = rows[inside], qualifiers[inside]  # the others have value-text-not-in-quote
    folded_arrow = None
    for qualifier in pd.unique(qualifiers):
        these = rows[qualifiers == qualifier]
        if qualifier not in _MARKER_PATTERNS and qualifier != "exact":
            clean[these] = True
            continue
        if folded_arrow is None:
            import pyarrow as pa

            folded_arrow = pa.array(folded_quotes[:-1].tolist(), pa.large_string())
        quotes = folded_arrow.take(quote_codes[these])
        if qualifier in _MARKER_PATTERNS:
            # a word of the qualifier between two characters that are not \w (so the per-row pattern matches too)
            sure = _re2_search(quotes, _RE2_BOUNDED[qualifier])
            clean[these[sure]] = True
            for i in these[~sure]:
                clean[i] = _MARKER_PATTERNS[qualifier].search(" " + folded_quotes[quote_codes[i]] + " ") is not None
        else:  # exact: no marker word anywhere in the quote means none in the words before the number
            maybe = _re2_search(quotes, _RE2_ANY)
            clean[these[~maybe]] = True
            for i in these[maybe]:
                before = _words_before_folded(folded_quotes[quote_codes[i]], folded_texts[text_codes[i]])
                clean[i] = not _ANY_MARKER.search(" " + before + " ")
    return ~clean


def _re2_literal(text: str) -> str:
    """`text` as an RE2 pattern that matches it literally (every character that is not a letter or digit in hex)."""
    return "".join(c if c.isalnum() else "\\x{%x}" % ord(c) for c in text)


# Characters that are not \w for Python's re: a marker word between two of them (or the ends) is a marker for
# _MARKER_PATTERNS. A subset is enough: a quote where RE2 finds no such match is searched with the Python pattern.
_NOT_WORD = "".join(sorted({c for c in " \t\n\r\f\v\u00a0\u2000\u2009\u200a\u202f\u3000!\"#$%&'()*+,-./:;<=>?@[]^`{|}~"
                            "\u060c\u061b\u061f\u066a\u066b\u066c\u06d4\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d"
                            if not re.match(r"\w", c)}))
_RE2_NOT_WORD = "[" + _re2_literal(_NOT_WORD) + "]"
_RE2_BOUNDED = {q: "(?:^|" + _RE2_NOT_WORD + ")(?:" + "|".join(_re2_literal(fold_text(w)) for w in words) + ")(?:"
                + _RE2_NOT_WORD + "|$)" for q, words in QUALIFIER_MARKERS.items()}
_RE2_ANY = "|".join(_re2_literal(fold_text(w)) for words in QUALIFIER_MARKERS.values() for w in words)


def _re2_search(strings, pattern: str) -> np.ndarray:
    """For each string of an Arrow string array (no nulls), whether RE2 finds `pattern` in it."""
    import pyarrow.compute as pc

    return pc.match_substring_regex(strings, pattern).to_numpy(zero_copy_only=False).astype(bool)


def _distinct_rows(frame: pd.DataFrame, columns: list[str]):
    """(first, codes): the position of the first row of each distinct combination of `columns` (NA is a value;
    0.0 and -0.0 differ), and for every row the number of its combination, so that row i is like row
    first[codes[i]]."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        series = frame[column]
        if pd.api.types.is_float_dtype(series.dtype):  # by bits: -0.0 is not 0.0 here, all NA alike
            keys = series.to_numpy(dtype="float64", na_value=np.nan).view(np.int64)
        else:
            keys = series
        column_codes, uniques = pd.factorize(keys, use_na_sentinel=False)
        combined, _ = pd.factorize(combined * len(uniques) + column_codes)  # stays below rows × uniques
    codes = combined
    _, first = np.unique(codes, return_index=True)
    return first, codes


def _arrow_strings(series: pd.Series):
    """The Arrow array under an Arrow-backed string Series, or None."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        import pyarrow as pa

        return pa.chunked_array(series.array.__arrow_array__())
    return None


def _large_strings(series: pd.Series):
    """A string Series as one Arrow large_string array (nulls for NA)."""
    import pyarrow as pa

    array = _arrow_strings(series)
    if array is None:
        array = pa.array(series.to_numpy(dtype=object), pa.large_string(), from_pandas=True)
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return array.cast(pa.large_string())


def _offsets(series: pd.Series) -> np.ndarray:
    """Quote offsets as int64 (0 where empty: the caller marks those rows), from Int64 or float columns."""
    if series.dtype.kind == "f":
        return series.to_numpy(dtype=np.float64, na_value=0).astype(np.int64)
    return series.to_numpy(dtype=np.int64, na_value=0)


def _joined(array) -> str:
    """The strings of an Arrow large_string array without nulls, concatenated, as one Python string."""
    if len(array) == 0:
        return ""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset:array.offset + len(array) + 1]
    return bytes(memoryview(array.buffers()[2])[offsets[0]:offsets[-1]]).decode("utf-8")


def _code_points(*texts: str) -> list[np.ndarray]:
    """The code points of each text, one array element per code point: UTF-16 code units when no text has a
    character beyond U+FFFF (the usual case: half the memory, and quicker to encode), else UTF-32."""
    encoded = [t.encode("utf-16-le", "surrogatepass") for t in texts]
    if all(len(e) == 2 * len(t) for e, t in zip(encoded, texts)):
        return [np.frombuffer(e, dtype=np.uint16) for e in encoded]
    return [np.frombuffer(t.encode("utf-32-le", "surrogatepass"), dtype=np.uint32) for t in texts]


def _known(series: pd.Series):
    """The distinct values of a referenced column: set(series.dropna()), or for Arrow-backed strings the same
    values as an Arrow array (no Python string per value)."""
    array = _arrow_strings(series)
    if array is None:
        return set(series.dropna())
    import pyarrow.compute as pc

    return pc.unique(array.drop_null())


def _isin(series: pd.Series, known) -> pd.Series:
    """series.isin(known) for `known` from _known. For Arrow-backed strings it is what pandas does then,
    pyarrow.compute.is_in, without pandas first converting every known value to an Arrow scalar."""
    array = _arrow_strings(series)
    if not isinstance(known, (set, frozenset)):  # an Arrow array of strings
        if array is None:
            return series.isin(set(known.to_pylist()))
        if len(known) == 0:
            return pd.Series(np.zeros(len(series), dtype=bool), index=series.index, name=series.name)
        import pyarrow.compute as pc

        found = pc.is_in(array, value_set=known.cast(array.type))
        return pd.Series(np.array(found, dtype=np.bool_), index=series.index, name=series.name)
    return series.isin(known)


def _floats(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)




# --- provenance: archived quotes and citations ------------------------------------------------------------------

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
    """A row's ref_id exists in raw/reference/primary_publications.csv and says what the row says."""
    problems = []
    by_source = sources.set_index("source_id")
    # a source's columns by ID, for IDs that one row has (what by_source.loc gives then, without a lookup per row)
    once = ~sources["source_id"].duplicated(keep=False).to_numpy(dtype=bool)
    source_rows = {sid: {"published_on": published, "published_precision": precision, "url": url}
                   for sid, published, precision, url, single in zip(
                       sources["source_id"].to_numpy(dtype=object), list(sources["published_on"]),
                       sources["published_precision"].to_numpy(dtype=object), sources["url"].to_numpy(dtype=object),
                       once) if single and isinstance(sid, str)}
    columns = ["ref_id", "source_id"] + (["qualifier", "value", "low", "high"] if table == "figures" else [])
    for line, row in _rows(frame[frame["ref_id"].notna()], columns):
        ref_id = row["ref_id"]
        ref = reference.get(ref_id)
        if ref is None:
            problems.append(_problem(table, frame, line, "ref_id", "unknown-ref-id",
                                     f"{ref_id!r} is not a ref_id of raw/reference/primary_publications.csv"))
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
