"""Cross-table rules. Each rule returns Problems with a stable kebab-case code; none stops at the first.

Codes (documented in docs/codebook.md and docs/failure-modes.md):
schema checks: required, duplicate-id, duplicate-value, not-in-vocabulary, bad-format, out-of-range, type-error
references:    unknown-reference
documents:     raw-file-missing, sha256-mismatch, file-not-utf8, raw-file-unlisted
quotes:        offsets-out-of-range, quote-mismatch
values:        value-text-not-in-quote, value-text-unreadable, value-mismatch, vague-mismatch, unit-mismatch,
               qualifier-not-in-quote, qualifier-conflict, share-above-100
structure:     parent-measure-mismatch, parent-other-source, parent-is-share, subset-exceeds-parent, shares-exceed-100
dates:         date-inverted
claims:        attribution-without-party, allegation-typed-as-finding, alleged-plan-occurred
"""
from __future__ import annotations

import hashlib

import pandas as pd
import pandera.pandas as pa

from syriacw.arabic import QUALIFIER_MARKERS, fold_text, locate, markers_in
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
    lows, highs = [], []
    for qualifier, value, value_text, unit in zip(out["qualifier"], out["value"], out["value_text"], out["unit"]):
        parsed = _parse(value_text)
        try:
            low, high = interval(str(qualifier), None if pd.isna(value) else float(value), str(unit), parsed)
        except ValueError:
            low, high = None, None
        lows.append(low)
        highs.append(high)
    out["low"] = pd.array(lows, dtype="Float64")
    out["high"] = pd.array(highs, dtype="Float64")
    return out, []


def derive_incident_end(incidents: pd.DataFrame) -> pd.DataFrame:
    """An incident with a start and no end ends with its start's period (a day, a month or a year)."""
    from syriacw.dates import parse_partial

    out = incidents.copy()
    missing = out["date_end"].isna() & out["date_start"].notna()
    for line in out.index[missing]:
        start, precision = out.at[line, "date_start"], out.at[line, "date_precision"]
        text = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}.get(precision)
        if text:
            out.at[line, "date_end"] = pd.Timestamp(parse_partial(start.strftime(text), end=True)[0])
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

def check_all(frames: dict[str, pd.DataFrame], documents: dict[str, bytes]) -> list[Problem]:
    problems = check_references(frames)
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
            known = set(frames[target_table][target_column].dropna())
            bad = frame[column].notna() & ~frame[column].isin(known)
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
    for line, row in sources.iterrows():
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
    """document[quote_start:quote_end] == quote, for every row, compared in bulk in DuckDB."""
    import duckdb

    rows = frame[["source_id", "quote", "quote_start", "quote_end"]].reset_index()
    rows = rows[rows["quote"].notna() & rows["source_id"].isin(list(texts))]
    if rows.empty:
        return []
    docs = pd.DataFrame({"source_id": list(texts), "text": list(texts.values())}, dtype="string")
    con = duckdb.connect()
    con.register("q", rows)
    con.register("d", docs)
    found = con.execute("""
        SELECT q.line, q.quote_start IS NULL OR q.quote_end IS NULL
               OR q.quote_start < 0 OR q.quote_end > length(d.text) OR q.quote_start >= q.quote_end AS out_of_range
        FROM q JOIN d USING (source_id)
        WHERE q.quote_start IS NULL OR q.quote_end IS NULL OR q.quote_start < 0 OR q.quote_end > length(d.text)
              OR q.quote_start >= q.quote_end
              OR substring(d.text, q.quote_start + 1, q.quote_end - q.quote_start) IS DISTINCT FROM q.quote
        ORDER BY q.line""").fetchall()
    con.close()
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
    for line, row in figures.iterrows():
        value_text, quote = row["value_text"], row["quote"]
        if pd.isna(value_text):
            continue
        if not pd.isna(quote) and fold_text(value_text) not in fold_text(quote):
            problems.append(_problem("figures", figures, line, "value_text", "value-text-not-in-quote",
                                     f"{value_text!r} does not occur in the quote"))
        try:
            parsed = parse_value_text(value_text)
        except NotANumber as exc:
            problems.append(_problem("figures", figures, line, "value_text", "value-text-unreadable", str(exc)))
            continue
        problems += _value_problems(figures, line, row, parsed)
    return problems


def _value_problems(figures, line, row, parsed) -> list[Problem]:
    out = []
    value, qualifier, unit = row["value"], row["qualifier"], row["unit"]
    if parsed.is_vague != (qualifier == "vague"):
        out.append(_problem("figures", figures, line, "qualifier", "vague-mismatch",
                            f"{row['value_text']!r} is {'a vague plural' if parsed.is_vague else 'a number'}, "
                            f"so the qualifier {'must' if parsed.is_vague else 'cannot'} be 'vague'"))
    if parsed.is_vague and not pd.isna(value):
        out.append(_problem("figures", figures, line, "value", "value-mismatch",
                            f"{row['value_text']!r} states no exact number, so value must be empty"))
    elif not parsed.is_vague and (pd.isna(value) or float(value) != parsed.value):
        out.append(_problem("figures", figures, line, "value", "value-mismatch",
                            f"{row['value_text']!r} says {parsed.value:g}, but value is "
                            f"{'empty' if pd.isna(value) else format(float(value), 'g')}"))
    if parsed.percent != (unit == "percent") and not pd.isna(unit):
        out.append(_problem("figures", figures, line, "unit", "unit-mismatch",
                            f"value_text {'has' if parsed.percent else 'has no'} percent sign but unit is {unit!r}"))
    if unit == "percent" and not pd.isna(value) and float(value) > 100:
        out.append(_problem("figures", figures, line, "value", "share-above-100", f"a share of {value:g}% is impossible"))
    if not pd.isna(row["quote"]) and not pd.isna(qualifier):
        out += _qualifier_problems(figures, line, row)
    return out


def _qualifier_problems(figures, line, row) -> list[Problem]:
    """The qualifier must be the one the quote's words give the number."""
    qualifier, quote, value_text = row["qualifier"], row["quote"], row["value_text"]
    if qualifier in QUALIFIER_MARKERS and qualifier not in markers_in(quote):
        words = " / ".join(QUALIFIER_MARKERS[qualifier][:3])
        return [_problem("figures", figures, line, "qualifier", "qualifier-not-in-quote",
                         f"qualifier is {qualifier!r} but the quote has no word for it (e.g. {words})")]
    if qualifier == "exact":
        before = _words_before(quote, value_text)
        found = markers_in(before)
        if found:
            return [_problem("figures", figures, line, "qualifier", "qualifier-conflict",
                             f"qualifier is 'exact' but the words before the number say {sorted(found)[0]!r}")]
    return []


def _words_before(quote: str, value_text: str) -> str:
    """The words between the previous number in the quote (or its start) and the number itself."""
    import re

    folded_quote, folded_value = fold_text(quote), fold_text(value_text)
    at = folded_quote.find(folded_value)
    before = folded_quote[:at] if at >= 0 else ""
    numbers = list(re.finditer(r"\d", before))
    return before[numbers[-1].end():] if numbers else before


def check_parents(figures) -> list[Problem]:
    problems = []
    by_id = figures.reset_index().set_index("figure_id", drop=False)
    shares: dict[str, list] = {}
    for line, row in figures.iterrows():
        parent_id = row["parent_figure_id"]
        if pd.isna(parent_id) or parent_id not in by_id.index:
            continue
        parent = by_id.loc[parent_id]
        if isinstance(parent, pd.DataFrame):
            continue  # duplicate IDs are reported elsewhere
        if parent["measure"] != row["measure"]:
            problems.append(_problem("figures", figures, line, "parent_figure_id", "parent-measure-mismatch",
                                     f"the parent {parent_id} counts {parent['measure']}, this row {row['measure']}"))
        if parent["source_id"] != row["source_id"]:
            problems.append(_problem("figures", figures, line, "parent_figure_id", "parent-other-source",
                                     f"the parent {parent_id} is quoted from {parent['source_id']}, a different source"))
        if parent["unit"] == "percent":
            problems.append(_problem("figures", figures, line, "parent_figure_id", "parent-is-share",
                                     f"the parent {parent_id} is a share; a total must be a count"))
            continue
        if row["unit"] == "percent":
            shares.setdefault(parent_id, []).append((line, row))
        elif not pd.isna(row["low"]) and not pd.isna(parent["high"]) and row["low"] > parent["high"]:
            problems.append(_problem("figures", figures, line, "value", "subset-exceeds-parent",
                                     f"at least {row['low']:g} is more than its parent {parent_id} allows "
                                     f"(at most {parent['high']:g})"))
    for parent_id, rows in shares.items():
        total = sum(float(r["low"]) for _, r in rows if not pd.isna(r["low"]))
        if total > 100:
            for line, _ in rows:
                problems.append(_problem("figures", figures, line, "value", "shares-exceed-100",
                                         f"the shares of {parent_id} add up to at least {total:g}%"))
    return problems


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
        for line, row in findings.iterrows():
            if org_type[row["claimant_id"]] not in v.FINDING_ORG_TYPES:
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
