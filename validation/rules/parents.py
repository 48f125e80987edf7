"""Parents: a part or share and the total it belongs to (same measure and source, a count, no cycle, room)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from syriacw.errors import Problem

from .bulk import _large_strings
from .common import _differ, _is, _problem


def _parent_cycle(figure_id, parents: dict) -> list[str] | None:
    """The IDs from figure_id back to itself, if following the parent links returns to it; else None."""
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


def check_organization_parents(organizations) -> list[Problem]:
    """Following parent_id never leads back to the organization (as figures' parent_figure_id may not)."""
    ids, parent_ids = _large_strings(organizations["org_id"]), _large_strings(organizations["parent_id"])
    suspects = _may_be_in_parent_cycle(organizations, ids, parent_ids, "org_id")
    if not len(suspects):
        return []
    org_ids = organizations["org_id"].to_numpy(dtype=object)
    parents = dict(zip(org_ids, organizations["parent_id"].to_numpy(dtype=object)))
    problems = []
    for line, org_id in zip(organizations.index.to_numpy()[suspects], org_ids[suspects]):
        cycle = _parent_cycle(org_id, parents)
        if cycle:
            problems.append(_problem("organizations", organizations, line, "parent_id", "parent-cycle",
                                     f"following parent_id leads back to this organization ({' → '.join(cycle)}); "
                                     "an organization cannot be a part of itself"))
    return problems


def _may_be_in_parent_cycle(figures, ids, parent_ids, id_column="figure_id") -> np.ndarray:
    """Positions of the rows whose ID may be on a cycle of parent links (_parent_cycle follows
    each ID to the parent of the last row with that ID): those whose chain has not ended after as many steps as
    there are rows. Usually none; _parent_cycle decides for these."""
    import pyarrow.compute as pc

    n = len(figures)
    last = n - 1 - np.flatnonzero(~figures[id_column].iloc[::-1].duplicated().to_numpy(dtype=bool))[::-1]
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
