"""Schemas and types: the pandera schemas' failure cases as Problems with stable codes."""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from syriacw.errors import Problem

from ..schemas import PRIMARY_KEYS, TABLES
from .common import SEED, _problem


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
        code = _CHECK_CODES.get(name, "type-error" if "dtype" in check else "schema-check")
        if code == "duplicate-value" and case.column == PRIMARY_KEYS[table]:
            code = "duplicate-id"
        column = case.column if isinstance(case.column, str) else None
        message = _pandera_message(table, column, code, case.failure_case, check)
        if pd.isna(case.index):
            problems.append(Problem(SEED.format(table), None, None, column, code, message))
        else:
            problems.append(_problem(table, frame, case.index, column, code, message))
    return problems


def _pandera_message(table, column, code, value, check):
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
    if code == "schema-check":
        return f"{value!r} fails the check {check}"
    return f"{value!r} fails {code}"
