"""What changed between two versions of the tables (`syriacw diff`): rows added, removed and changed per table,
cell by cell. Rows are matched by primary key, cells compared in the columns both versions have; a column that
only one version has is a change of schema, listed apart, not a change of any row.

A side is a release folder, dataset/tables/ or the current build (frames built from raw/ + seeds/). The release
command checks the same row changes against seeds/corrections.csv (corrections.py)."""
from __future__ import annotations

import math
from pathlib import Path

from ..paths import TABLE_NAMES


def table_frames(folder: Path) -> dict:
    """{table: DataFrame} of a release folder or dataset/tables/ (tables the folder does not hold are left out)."""
    from .read import read_frame

    return {name: read_frame(Path(folder), name) for name in TABLE_NAMES if (Path(folder) / f"{name}.parquet").exists()}


def cell(value):
    """A cell as plain, comparable Python: None for every kind of missing, dates as YYYY-MM-DD, whole floats as
    int (a value read as Float64 in one version and Int64 in another is the same value)."""
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def _rows(frame, pk: str, columns: list[str]) -> dict:
    values = {c: frame[c].tolist() for c in columns}
    return {key: {c: cell(values[c][i]) for c in columns} for i, key in enumerate(frame[pk].tolist())}


def table_diff(old, new, pk: str) -> dict:
    """{"added": [ids], "removed": [ids], "changed": {id: {column: [old, new]}}, "columns_added": [...],
    "columns_removed": [...]} for one table."""
    common = [c for c in new.columns if c in old.columns and c != pk]
    a, b = _rows(old, pk, common), _rows(new, pk, common)
    changed = {}
    for key in sorted(a.keys() & b.keys()):
        cells = {c: [a[key][c], b[key][c]] for c in common if a[key][c] != b[key][c]}
        if cells:
            changed[key] = cells
    return {"added": sorted(b.keys() - a.keys()), "removed": sorted(a.keys() - b.keys()), "changed": changed,
            "columns_added": [c for c in new.columns if c not in old.columns],
            "columns_removed": [c for c in old.columns if c not in new.columns]}


def diff_frames(old: dict, new: dict) -> dict:
    """{table: table_diff} for every table either side has; a table only one side has is all added or removed."""
    import pandas as pd

    from ..validation.schemas import PRIMARY_KEYS

    out = {}
    for name in (n for n in TABLE_NAMES if n in old or n in new):
        pk = PRIMARY_KEYS[name]
        empty = pd.DataFrame({pk: pd.Series([], dtype="string")})
        out[name] = table_diff(old.get(name, empty), new.get(name, empty), pk)
        out[name]["table"] = "added" if name not in old else "removed" if name not in new else "kept"
        if out[name]["table"] != "kept":
            out[name]["columns_added"] = out[name]["columns_removed"] = []
    return out


def is_empty(diff: dict) -> bool:
    return not any(d["added"] or d["removed"] or d["changed"] or d["columns_added"] or d["columns_removed"]
                   for d in diff.values())


def _short(value, width: int = 60) -> str:
    text = "(empty)" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"


def _pair(old, new) -> str:
    """old → new; two long texts are shown from a little before their first difference."""
    if isinstance(old, str) and isinstance(new, str):
        same = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
        if same > 20:
            return f"…{_short(old[same - 15:])} → …{_short(new[same - 15:])}"
    return f"{_short(old)} → {_short(new)}"


def diff_lines(diff: dict, a: str, b: str, *, markdown: bool = False) -> list[str]:
    """The diff as text lines (markdown: headings and bullets)."""
    head, item = ("### ", "- ") if markdown else ("", "  ")
    lines = [f"{'## ' if markdown else ''}Changes from {a} to {b}", ""]
    if is_empty(diff):
        return lines + ["no table, column or row changed"]
    for name, d in diff.items():
        counts = f"{len(d['added'])} added, {len(d['removed'])} removed, {len(d['changed'])} changed"
        table = "" if d.get("table", "kept") == "kept" else f" (table {d['table']})"
        lines.append(f"{head}{name}{table}: {counts}")
        if markdown:
            lines.append("")
        lines += [f"{item}column added: {c}" for c in d["columns_added"]]
        lines += [f"{item}column removed: {c}" for c in d["columns_removed"]]
        lines += [f"{item}added: {key}" for key in d["added"]]
        lines += [f"{item}removed: {key}" for key in d["removed"]]
        for key, cells in d["changed"].items():
            lines.append(f"{item}changed: {key}")
            lines += [f"{'  - ' if markdown else '    '}{column}: {_pair(old, new)}" for column, (old, new) in cells.items()]
        lines.append("")
    return lines


def diff_side(side: str | None, release_root, repo_root: Path | None, *, current: bool):
    """A release folder (a version, looked up as `verify` does), dataset/tables/ (`tables`), or None for the
    current build of raw/ + seeds/ (with current; the caller builds it)."""
    from . import resolve

    if side is None:
        if not current:
            raise LookupError("give B, or --current for the current build")
        return None
    if side == "tables":
        folder = repo_root / "dataset" / "tables"
        if not (folder / "dtypes.json").exists():
            raise LookupError(f"{folder} holds no built tables (run syriacw build)")
        return folder
    return resolve(side, release_root)
