"""Every problem code a check can report, as data: its group, title, the shape of its message and what it means.

`syriacw.errors.Problem` refuses a code that is not here, so a new check cannot invent a code without documenting
it; the "Problem codes" table of docs/failure-modes.md is generated from this list (`codes_markdown`, checked by
tests/test_problem_codes.py). A message shape is the documented form of the message: `{name}` stands for what
varies, `{name!r}` for a quoted value, and a code whose checks word it differently has one shape each. The checks
write their own messages (f-strings next to the rule); the test checks real messages against these shapes.
Light on purpose: plain data, imported whenever a Problem is made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemCode:
    code: str
    group: str
    title: str
    messages: tuple[str, ...]
    description: str


# groups, in the order of the table in docs/failure-modes.md
SEEDS = "seed files"
SCHEMA = "schemas and types"
REFERENCES = "references"
DOCUMENTS = "documents and quotes"
VALUES = "values and qualifiers"
PARENTS = "parents"
DATES = "dates and periods"
CLAIMS = "claims"
PROVENANCE = "provenance and relay links"
AUDIT = "number audit"

_ALL = [
    # --- seed files (syriacw/csvio.py, syriacw/build.py) ---
    ProblemCode("file-missing", SEEDS, "Seed file missing", ("the seed file {file} does not exist",),
                "A seed the build reads (seeds/TABLE.csv) is not there."),
    ProblemCode("file-not-utf8", SEEDS, "Not UTF-8",
                ("byte {offset} is not valid UTF-8 ({reason}); save the file as UTF-8", "{file} is not UTF-8"),
                "A seed, or a raw document a source names, is not UTF-8 (e.g. saved as Windows-1256 or UTF-16)."),
    ProblemCode("csv-malformed", SEEDS, "Malformed CSV", ("{reason} in the row that starts on line {line}{where}",),
                "The CSV cannot be read from the named row on (an unclosed quote, text after a closing quote)."),
    ProblemCode("csv-empty", SEEDS, "Empty CSV", ("the file has no header row",),
                "The file has no header row."),
    ProblemCode("wrong-cell-count", SEEDS, "Wrong number of cells",
                ("the row has {cells} cells but the header has {header}",),
                "A row has more or fewer cells than the header (a stray comma, a deleted header cell)."),
    ProblemCode("missing-column", SEEDS, "Column missing", ("the header has no column {column!r}",),
                "The header lacks a column of the table; its cells are read as empty."),
    ProblemCode("unknown-column", SEEDS, "Unknown column",
                ("{column!r} is not a column of this table; expected: {columns}",
                 "{column!r} is not a column of this file; expected: {columns}"),
                "The header names a column the table does not have (a typo, a trailing empty column)."),
    ProblemCode("duplicate-column", SEEDS, "Column named twice",
                ("the header names {column!r} {count} times; only the first is read",),
                "The header names a column more than once; only the first is read."),
    # --- schemas and types (syriacw/build.py, validation/rules/column_types.py) ---
    ProblemCode("required", SCHEMA, "Required cell empty",
                ("{column} must not be empty", "{column} must not be empty for a row from an archived document"),
                "A cell that must hold a value is empty."),
    ProblemCode("type-error", SCHEMA, "Wrong type",
                ("{text!r} is not a number", "{text!r} is not a whole number",
                 "{text!r} is not a whole number (a code-point offset)", "{value!r} fails type-error"),
                "A cell cannot be read as its column's type (a number, a whole number)."),
    ProblemCode("invalid-date", SCHEMA, "Invalid date",
                ("{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD", "{text!r} is not a real date ({reason})"),
                "A date is not YYYY, YYYY-MM or YYYY-MM-DD, or is no real day (30 February, month 13)."),
    ProblemCode("date-precision-mismatch", SCHEMA, "Precision differs from the date",
                ("{precision_column} is {typed!r} but {column} is {text}, which is {derived!r} precision",),
                "A typed precision column says another precision than the form of its date."),
    ProblemCode("not-in-vocabulary", SCHEMA, "Not in the vocabulary", ("{value!r} is not one of: {allowed}",),
                "A value of a closed vocabulary is not one of its terms."),
    ProblemCode("bad-format", SCHEMA, "Bad format",
                ("{value!r} does not have the required form (lower-case kebab-case ID, or 64 hex digits for sha256)",),
                "An ID is not lower-case kebab-case, or a sha256 is not 64 lower-case hex digits."),
    ProblemCode("out-of-range", SCHEMA, "Out of range", ("{value!r} must not be negative",),
                "A number that cannot be negative is negative."),
    ProblemCode("duplicate-id", SCHEMA, "Duplicate ID",
                ("the ID {value!r} is used by more than one row",
                 "{text!r} at {start} of {source_id} is already excluded on line {line}"),
                "Two rows share a primary key (or two exclusions name the same number mention)."),
    ProblemCode("duplicate-value", SCHEMA, "Duplicate value", ("{value!r} fails duplicate-value",),
                "Two rows share a value of a unique column that is not the primary key."),
    ProblemCode("schema-check", SCHEMA, "Other schema check", ("{value!r} fails the check {check}",),
                "A pandera check without a code of its own failed; the message names the check."),
    # --- references ---
    ProblemCode("unknown-reference", REFERENCES, "Unknown reference",
                ("{value!r} is not a {column} in {table}",
                 "{source_id!r} is not a source_id in sources (with a readable document)",
                 "{said_by!r} is neither an org_id nor 'syriacw'"),
                "An ID refers to a row that does not exist in the table it names."),
    # --- documents and quotes ---
    ProblemCode("raw-file-missing", DOCUMENTS, "Raw file missing", ("{file} does not exist under the repository",),
                "A source names a raw file that is not in raw/."),
    ProblemCode("sha256-mismatch", DOCUMENTS, "Raw file changed",
                ("{file} has sha256 {digest}, not the pinned {sha256}: raw documents are never edited",),
                "A raw document's bytes differ from the sha256 pinned in seeds/sources.csv."),
    ProblemCode("raw-file-unlisted", DOCUMENTS, "Raw file unlisted",
                ("{file} is in raw/ but no row of seeds/sources.csv names it",),
                "A file in raw/ is named by no source."),
    ProblemCode("offsets-out-of-range", DOCUMENTS, "Offsets outside the document",
                ("offsets {start}-{end} are not a span of the document ({length} code points){hint}",),
                "quote_start/quote_end are empty, negative, reversed or beyond the document; the message says where "
                "the quote occurs."),
    ProblemCode("quote-mismatch", DOCUMENTS, "Quote differs from the document",
                ("document[{start}:{end}] is {span!r}, not the quote{hint}",),
                "document[quote_start:quote_end] is not the quote; the message says where the quote occurs."),
    # --- values and qualifiers ---
    ProblemCode("value-text-not-in-quote", VALUES, "value_text not in the quote",
                ("{value_text!r} does not occur in the quote",),
                "value_text does not occur in the quote (compared with diacritics and digit forms folded)."),
    ProblemCode("value-text-unreadable", VALUES, "value_text unreadable",
                ("cannot read {value_text!r}: {reason}", "{text!r} is not a number pyarabic can read",
                 "value_text is empty"),
                "value_text is no number the number rules can read."),
    ProblemCode("value-mismatch", VALUES, "value differs from value_text",
                ("{value_text!r} says {number}, but value is {value}",
                 "{value_text!r} states no exact number, so value must be empty"),
                "value is not the number value_text says (or is given for a vague figure)."),
    ProblemCode("vague-mismatch", VALUES, "Vague or not",
                ("{value_text!r} is {what}, so the qualifier {must_or_cannot} be 'vague'",),
                "The qualifier is vague for a stated number, or not vague for a vague plural."),
    ProblemCode("unit-mismatch", VALUES, "Unit differs from value_text",
                ("value_text {has_or_has_no} percent sign but unit is {unit!r}",),
                "A percent sign in value_text and a percent unit go together."),
    ProblemCode("share-above-100", VALUES, "Share above 100%", ("a share of {value}% is impossible",),
                "A share (unit percent) is more than 100."),
    ProblemCode("qualifier-not-in-quote", VALUES, "Qualifier not in the quote",
                ("qualifier is {qualifier!r} but the quote has no word for it (e.g. {words})",),
                "The quote has no word for the qualifier (e.g. more_than without اكثر من)."),
    ProblemCode("qualifier-conflict", VALUES, "Qualifier contradicts the quote",
                ("qualifier is 'exact' but the words before the number say {marker!r}",),
                "The qualifier is exact but the words before the number qualify it."),
    # --- parents ---
    ProblemCode("parent-measure-mismatch", PARENTS, "Parent counts another measure",
                ("the parent {parent_id} counts {parent_measure}, this row {measure}",),
                "A part or share counts another measure than its parent."),
    ProblemCode("parent-other-source", PARENTS, "Parent from another source",
                ("the parent {parent_id} is quoted from {source_id}, a different source",),
                "A part or share and its parent are quoted from different sources."),
    ProblemCode("parent-is-share", PARENTS, "Parent is a share",
                ("the parent {parent_id} is a share; a total must be a count",),
                "The parent of a figure is itself a share; a total must be a count."),
    ProblemCode("parent-cycle", PARENTS, "Cycle of parents",
                ("following parent_figure_id leads back to this figure ({chain}); "
                 "a figure cannot be a part of itself",),
                "Following parent_figure_id leads back to the figure."),
    ProblemCode("subset-exceeds-parent", PARENTS, "Part larger than its parent",
                ("at least {low} is more than its parent {parent_id} allows (at most {high})",),
                "The least a part can be is more than the most its parent can be."),
    ProblemCode("shares-exceed-100", PARENTS, "Shares above 100%",
                ("the shares of {parent_id} add up to at least {total}%",),
                "The shares of one parent add up to more than 100%."),
    # --- dates and periods ---
    ProblemCode("date-inverted", DATES, "End before start", ("{end} {end_date} is before {start} {start_date}",),
                "A period or an incident ends before it starts."),
    # --- claims ---
    ProblemCode("allegation-typed-as-finding", CLAIMS, "Allegation typed as a finding",
                ("{claimant_id} is a {org_type}, not an investigative body: its claims are allegations, not findings",),
                "claim_type is finding for a claimant that is no investigative body."),
    ProblemCode("attribution-without-party", CLAIMS, "Attribution without a party",
                ("{assertion!r} names a responsible party: attributed_to_id must not be empty",),
                "An attributing assertion names no party in attributed_to_id."),
    ProblemCode("alleged-plan-occurred", CLAIMS, "Alleged plan said to have occurred",
                ("{incident_id} is an alleged plan; an assertion about it cannot say that an attack occurred",),
                "An assertion says an alleged plan occurred."),
    # --- provenance and relay links ---
    ProblemCode("archived-without-file", PROVENANCE, "Archived source without file",
                ("an archived_quote source needs its raw file and sha256",),
                "An archived_quote source lacks its raw file or sha256."),
    ProblemCode("citation-with-file", PROVENANCE, "Citation with a file",
                ("a citation source has no archived file; use provenance archived_quote",),
                "A citation source names an archived file."),
    ProblemCode("citation-without-address", PROVENANCE, "Citation without an address",
                ("a citation needs a url or a document_symbol (or, where the reference gives neither, the reason in "
                 "no_address_reason)",),
                "A citation has neither url nor document_symbol, and no reason why."),
    ProblemCode("quote-on-citation", PROVENANCE, "Quote on a citation row",
                ("{source_id} is a citation: no text of it is archived, so its rows carry no quote or offsets",),
                "A row from a citation carries a quote or offsets."),
    ProblemCode("citation-without-ref", PROVENANCE, "Citation row without ref_id",
                ("a row from a citation names the reference row it was read from (ref_id)",),
                "A row from a citation does not name its row of raw/reference/primary_publications.csv."),
    ProblemCode("unknown-ref-id", PROVENANCE, "Unknown ref_id",
                ("{ref_id!r} is not a ref_id of raw/reference/primary_publications.csv or "
                 "raw/reference/international_findings.csv",),
                "ref_id names no row of the reference files (primary_publications.csv, international_findings.csv)."),
    ProblemCode("reference-mismatch", PROVENANCE, "Differs from the reference row",
                ("{ref_id} is a {kind}, not a {expected_kind}", "the reference row {ref_id} says {differences}"),
                "The row says something else than its reference row (kind, qualifier, value, date, address)."),
    ProblemCode("link-direction", PROVENANCE, "Relay link the wrong way round",
                ("{figure_id} is itself from a citation; the relayed side is a figure quoted from an archived document",
                 "{figure_id} is quoted from an archived news document; the primary side is a cited publication"),
                "A relay link's relayed side is a citation, or its primary side an archived document."),
    ProblemCode("duplicate-link", PROVENANCE, "Link twice", ("this pair of figures is already linked",),
                "Two relay links join the same pair of figures."),
    ProblemCode("relay-read-as-primary", PROVENANCE, "Relayed reference row from a primary source",
                ("the reference row {ref_id} was read only in relays, but {source_id} says seen={seen}",),
                "A row's reference row in international_findings.csv is seen=relay (read only in a news or NGO "
                "account), but the row's source says it was read itself (seen=primary)."),
    # --- the international record (validation/rules/international.py) ---
    ProblemCode("confidence-unmapped", CLAIMS, "Certainty wording without a grade",
                ("{confidence_text!r} has no grade in seeds/confidence_grades.csv",),
                "An assertion's confidence_text is not a wording of seeds/confidence_grades.csv, so it has no "
                "confidence_grade; add the wording with its grade and reason (docs/confidence.md)."),
    ProblemCode("ffm-names-perpetrator", CLAIMS, "FFM assertion names a perpetrator",
                ("{claimant_id} never names a perpetrator: attributed_to_id must be empty",),
                "The OPCW Fact-Finding Mission's mandate excludes attribution: an assertion it claims names no party."),
    ProblemCode("incident-self-link", REFERENCES, "Incident linked to itself", ("{incident_id} is linked to itself",),
                "An incident link joins an incident to itself."),
    ProblemCode("duplicate-incident-link", REFERENCES, "Incidents linked twice",
                ("{incident_id} and {other_incident_id} are already linked",),
                "Two incident links join the same pair of incidents (in either order)."),
    # --- number audit (syriacw/audit/) ---
    ProblemCode("number-unaccounted", AUDIT, "Number unaccounted for",
                ("{number!r} (offsets {start}-{end}, {kind}) is in no quote of a figure or assertion of {source_id} "
                 "and not in seeds/audit_exclusions.csv: {context}",),
                "A number in an archived document is in no row's quote and not excluded (docs/audit.md)."),
    ProblemCode("exclusion-not-a-number", AUDIT, "Exclusion names no number",
                ("no number mention {text!r} starts at {start} in {file}{hint} (run: syriacw audit --template)",),
                "A row of seeds/audit_exclusions.csv names no number mention the scanner finds."),
    ProblemCode("exclusion-context-mismatch", AUDIT, "Exclusion context differs",
                ("the context is not the text around {text!r} at {start}; there it reads {context!r}",),
                "An exclusion's context is not the text around the number it names."),
]

CODES: dict[str, ProblemCode] = {entry.code: entry for entry in _ALL}


def check_code(code: str) -> None:
    if code not in CODES:
        raise ValueError(f"unregistered problem code {code!r}: add it to syriacw/problem_codes.py")


def message_pattern(shape: str) -> re.Pattern:
    """A message shape as a regular expression: each {placeholder} matches any text."""
    parts = re.split(r"\{[a-z0-9_]+(?:!r)?\}", shape)
    return re.compile("(?s)" + ".*".join(re.escape(part) for part in parts))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def codes_markdown() -> str:
    """The table of problem codes in docs/failure-modes.md, one section per group."""
    lines = []
    for group in dict.fromkeys(entry.group for entry in _ALL):
        lines += [f"### {group[0].upper()}{group[1:]}", "", "| code | title | message | meaning |", "|---|---|---|---|"]
        for entry in (e for e in _ALL if e.group == group):
            shapes = "<br>".join(f"`{_cell(shape)}`" for shape in entry.messages)
            lines.append(f"| `{entry.code}` | {entry.title} | {shapes} | {_cell(entry.description)} |")
        lines.append("")
    return "\n".join(lines)
