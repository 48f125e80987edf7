"""Rendering: the Jinja2 templates (syriacw/templates/) filled with the context, written atomically."""
from __future__ import annotations

import os
from pathlib import Path

from .collect import collect
from .formatting import number, text

REPORT_FILE = "index.html"
TEMPLATES = Path(__file__).parent.parent / "templates"


def write_report(out_dir: Path, *, root: Path, version: str | None = None, warn=None) -> Path:
    """Render the report for `version` and write it to out_dir/index.html (atomically). Returns the path.
    `warn(message)` is called for what the page shows as a warning (e.g. a query that cannot run on the release)."""
    context = collect(root, version)
    for message in context["warnings"]:
        if warn is not None:
            warn(message)
    html = render(context)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REPORT_FILE
    tmp = out_dir / f".{REPORT_FILE}.tmp"
    tmp.write_text(html, encoding="utf-8", newline="\n")
    os.replace(tmp, path)
    return path


def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: all data is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number=number, text=text)
    return env


def render(context: dict) -> str:
    from .. import __version__

    return environment().get_template("report.html.j2").render(**context, tool_version=__version__)
