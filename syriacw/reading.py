"""Transitional: db.py and report.py (changed by other helpers this round) still read `reading.table_dir`. The
load path lives in syriacw.releases (find.py, read.py); point them there and delete this file."""
from __future__ import annotations

from .releases import find as _find
from .releases.read import apply_types, read_frame, tables

__all__ = ["apply_types", "read_frame", "table_dir", "tables"]


def table_dir(version=None):
    """find.table_dir, looked up at each call (so a test's monkeypatch of it holds here too)."""
    return _find.table_dir(version)
