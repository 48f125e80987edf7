"""The `syriacw report` command (moves into cli.py with the other commands)."""
from __future__ import annotations

import sys
from pathlib import Path

from .errors import ReportError
from .render import REPORT_FILE, write_report


def register(command) -> None:
    from ..cli import _add_root

    c = command("report", cmd_report)
    _add_root(c)
    c.add_argument("--version", help="a release (default: the newest; 'dev' for the current build)")
    c.add_argument("--out", required=True, metavar="DIR", help=f"folder to write {REPORT_FILE} into (created)")


def cmd_report(args) -> int:
    """Write a static, self-contained HTML report of a release: every figure beside the words it came from.

    The page (DIR/index.html) shows each source's Arabic text with every figure and assertion highlighted, a card
    per figure, the reconciliation queries with interval charts, and the release's checksums and citation. It
    needs no server and makes no network request. The documents are read from raw/ under --root and checked
    against sources.sha256 first.
    """
    from ..paths import find_root
    from ..releases import TamperedRelease

    root = find_root(args.root)
    try:
        path = write_report(Path(args.out), root=root, version=args.version,
                            warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    except (ReportError, LookupError, TamperedRelease, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0
