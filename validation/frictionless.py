"""Frictionless Table Schemas generated from the pandera schemas (and pandera schemas read back from them).

A release's datapackage.json carries one Table Schema per table (https://specs.frictionlessdata.io/table-schema/):
field types, descriptions, `required`, `unique`, `enum` for closed vocabularies, `pattern` and `minimum` from the
pandera checks, the primary key, and foreign keys from the columns' "references" metadata. Nothing here imports
the frictionless library: the output is plain JSON, and `frictionless validate` checks it in the tests.

`pandera_schema(table_schema)` goes the other way, so `syriacw verify` can check an old release against the
schema it was released with when the current schemas have moved on.
"""
from __future__ import annotations

from .kinds import KIND_DTYPES
from .schemas import PRIMARY_KEYS, TABLES

# schema metadata kind → Table Schema field type: the same names, but a closed vocabulary is a string with an enum
FIELD_TYPES = {kind: "string" if kind == "category" else kind for kind in KIND_DTYPES}
# Table Schema field type → the pandas dtype the built tables use
PANDAS_TYPES = {FIELD_TYPES[kind]: dtype for kind, dtype in KIND_DTYPES.items()}


def table_schema(table: str) -> dict:
    """The Table Schema descriptor of one table."""
    schema = TABLES[table]
    fields, foreign_keys = [], []
    for column, spec in schema.columns.items():
        fields.append(field_descriptor(column, spec))
        references = spec.metadata.get("references")
        if references:
            resource, ref_field = references.split(".", 1)
            # a reference to the same table is written with resource "" (Table Schema: self-reference)
            foreign_keys.append({"fields": column,
                                 "reference": {"resource": "" if resource == table else resource,
                                               "fields": ref_field}})
    out = {"fields": fields, "primaryKey": PRIMARY_KEYS[table]}
    if foreign_keys:
        out["foreignKeys"] = foreign_keys
    return out


def table_schemas() -> dict[str, dict]:
    return {table: table_schema(table) for table in TABLES}


def field_descriptor(column: str, spec) -> dict:
    meta = spec.metadata
    out = {"name": column, "type": FIELD_TYPES[meta["kind"]], "description": spec.description or ""}
    if "unit" in meta:
        out["unit"] = meta["unit"]  # not a Table Schema property; allowed as an extra, read by people
    if meta.get("derived"):
        out["derived"] = True  # computed by the build, never typed in seeds/
    if out["type"] in ("number", "integer"):
        # Parquet stores a real null; frictionless-py reads Parquet through pandas, where a null number becomes
        # NaN, which it would then check against "minimum" (and fail). Declaring "nan" missing (a Data Package
        # v2 field property) makes it read a null as a null. No Parquet number column can hold the text "nan".
        out["missingValues"] = ["", "nan"]
    constraints = {}
    if not spec.nullable:
        constraints["required"] = True
    if spec.unique:
        constraints["unique"] = True
    for check in spec.checks:
        constraints.update(_constraint(column, check))
    if constraints:
        out["constraints"] = constraints
    return out


def _constraint(column: str, check) -> dict:
    stats = check.statistics or {}
    if check.name == "isin":
        return {"enum": list(stats["allowed_values"])}
    if check.name == "str_matches":
        return {"pattern": _table_schema_pattern(stats["pattern"])}
    if check.name == "greater_than_or_equal_to":
        return {"minimum": stats["min_value"]}
    if check.name == "less_than_or_equal_to":
        return {"maximum": stats["max_value"]}
    if check.name == "str_length":
        out = {}
        if stats.get("min_value") is not None:
            out["minLength"] = stats["min_value"]
        if stats.get("max_value") is not None:
            out["maxLength"] = stats["max_value"]
        return out
    # A check that cannot be said in a Table Schema would silently vanish from datapackage.json: refuse instead.
    raise ValueError(f"column {column!r}: pandera check {check.name!r} has no Table Schema constraint; "
                     "add a translation in validation/frictionless.py")


def _table_schema_pattern(pattern: str) -> str:
    """A Table Schema pattern is implicitly anchored (XML Schema regex): drop ^…$ and non-capturing groups."""
    if pattern.startswith("^") and pattern.endswith("$"):
        pattern = pattern[1:-1]
    return pattern.replace("(?:", "(")


def pandera_schema(descriptor: dict, name: str = ""):
    """A pandera DataFrameSchema checking what a Table Schema descriptor says (types, required, unique, enum,
    pattern, minimum, maximum, lengths). Foreign keys are checked across tables by the caller."""
    import pandera.pandas as pa

    columns = {}
    for f in descriptor["fields"]:
        c = f.get("constraints", {})
        checks = []
        if "enum" in c:
            checks.append(pa.Check.isin(list(c["enum"])))
        if "pattern" in c:
            checks.append(pa.Check.str_matches(f"^(?:{c['pattern']})$"))
        if "minimum" in c:
            checks.append(pa.Check.ge(c["minimum"]))
        if "maximum" in c:
            checks.append(pa.Check.le(c["maximum"]))
        if "minLength" in c or "maxLength" in c:
            checks.append(pa.Check.str_length(c.get("minLength"), c.get("maxLength")))
        columns[f["name"]] = pa.Column(PANDAS_TYPES[f["type"]], checks=checks, nullable=not c.get("required", False),
                                       unique=bool(c.get("unique", False)), description=f.get("description"))
    return pa.DataFrameSchema(columns, name=name, strict=True, coerce=True, ordered=True)
