"""Rendering: the Jinja2 templates (syriacw/templates/) filled with the context, written atomically."""
from __future__ import annotations

import os
from pathlib import Path

from .collect import collect
from .errors import ReportError
from .formatting import number, text

REPORT_FILE = "index.html"
TEMPLATES = Path(__file__).parent.parent / "templates"


def write_report(out_dir: Path, *, root: Path, version: str | None = None, warn=None) -> Path:
    """Render the report for `version` and write it to out_dir/index.html (atomically). Returns the path.
    `warn(message)` is called for what the page shows as a warning (e.g. a query that cannot run on the release)."""
    out_dir = Path(out_dir)
    check_out_dir(out_dir, Path(root))
    context = collect(root, version)
    for message in context["warnings"]:
        if warn is not None:
            warn(message)
    html = render(context)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REPORT_FILE
    tmp = out_dir / f".{REPORT_FILE}.tmp"
    try:
        tmp.write_text(html, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


OWN_MARK = b'<meta name="generator" content="syriacw '  # in every page the report writes (report.html.j2)


def check_out_dir(out_dir: Path, root: Path) -> None:
    """ReportError unless `out_dir` is a folder (or not there yet) outside every dataset/ folder (the repository's
    and the installed package's: tables and immutable releases), whose index.html, if any, the report wrote."""
    from .. import paths

    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir}: a file, not a folder; name a folder to write {REPORT_FILE} into")
    for dataset in (root / "dataset", paths.package_dataset()):
        if out_dir.resolve().is_relative_to(dataset.resolve()):
            raise ReportError(f"--out {out_dir}: inside {dataset}, which holds the tables and the immutable "
                              "releases; write the report elsewhere")
    page = out_dir / REPORT_FILE
    if page.is_symlink() or (page.exists() and not (page.is_file() and _written_by_report(page))):
        raise ReportError(f"{page}: exists and was not written by syriacw report; move it away or choose another "
                          "--out")


def _written_by_report(page: Path) -> bool:
    with open(page, "rb") as handle:
        return OWN_MARK in handle.read(4096)


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
