"""Claims: findings only from investigative bodies, attributions with a party, no alleged plan that occurred."""
from __future__ import annotations

import pandas as pd

from syriacw.errors import Problem

from .. import vocabularies as v
from .bulk import _rows
from .common import _problem


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
