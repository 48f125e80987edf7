"""The `syriacw audit` command."""
from __future__ import annotations

import sys

from .core import run_for_root
from .exclusions import EXCLUSIONS_FILE
from .formats import as_json, as_text, print_template


def cmd_audit(args) -> int:
    """Check that every number in every raw document is captured by a quote or excluded with a reason.

    A number is captured when it lies inside [quote_start, quote_end) of a figure or assertion of the same source,
    and excluded when seeds/audit_exclusions.csv lists it (source_id, text, start) with a reason_code and a reason.
    Prints found / captured / excluded / unaccounted per document; exits 1 naming every unaccounted number with
    its surrounding text. The build runs the same audit. --template prints exclusion rows to fill in.
    """
    from ..cli import _root

    root = _root(args)
    result, seed_problems = run_for_root(root)
    if seed_problems:
        print(f"warning: the seeds have {len(seed_problems)} validation problem(s) (run: syriacw validate); "
              "quote spans may be wrong, and so may this audit", file=sys.stderr)
    if args.template:  # rows to fill in, not a check: exit 0 so it can feed a pipe
        print_template(result, root)
        return 0
    if args.format == "json":
        print(as_json(result))
    else:
        print(as_text(result, every_number=args.list))
    return 0 if result.valid else 1


def register(command) -> None:
    from ..cli import _add_root

    c = command("audit", cmd_audit)
    _add_root(c)
    c.add_argument("--format", choices=("text", "json"), default="text", help="how to print the result (default text)")
    c.add_argument("--list", action="store_true", help="also print every number with its status and context")
    c.add_argument("--template", action="store_true",
                   help=f"print CSV rows for {EXCLUSIONS_FILE}, one per unaccounted number (reason left empty)")
