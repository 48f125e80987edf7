"""Datasette over a release: the metadata (datasette.json) generated from the release's datapackage.json, and
`syriacw serve`, which runs Datasette on the release's syriacw.sqlite (built into a cache folder for a release
that does not hold one)."""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from .sqlite import DATABASE, UNAVAILABLE, table_resources, write_database

METADATA = "datasette.json"
DATABASE_NAME = Path(DATABASE).stem  # Datasette names a database after its file

# Cells take the direction of their own text: Arabic right to left, English left to right. The CSS works without
# scripts; the script sets dir="auto", which also gives an Arabic cell the computed direction rtl.
CELL_CSS = "td { unicode-bidi: plaintext; text-align: start; }"
CELL_JS = ("document.addEventListener('DOMContentLoaded', function () {"
           " document.querySelectorAll('td').forEach(function (td) { td.dir = 'auto'; }); });")

FACETS = {
    "figures": ["claimant_id", "measure", "event_scope"],
    "assertions": ["claimant_id", "claim_type"],
    "incidents": ["incident_kind", "agent"],
    "sources": ["language", "source_type", "provenance"],
    "organizations": ["org_type"],
    "relay_links": ["relation"],
    "pairwise": ["measure", "verdict"],
    "incident_tolls": ["incident_id"],
    "relay_check": ["relation"],
}
LABELS = {"organizations": "name_en", "incidents": "place_en", "sources": "title"}

# The questions the README answers, as SQLite queries over the answer tables: (name, title, table it reads, SQL).
CANNED = [
    ("eastern_ghouta_tolls", "How many died in Eastern Ghouta on 21 August 2013, according to whom?",
     "incident_tolls",
     "SELECT rank_low_to_high AS rank, claimant, says, evidence, source_id, figure_id\nFROM incident_tolls\n"
     "WHERE incident_id = 'inc-eastern-ghouta-2013'\nORDER BY rank_low_to_high"),
    ("relay_check_fig_001_05",
     "What did SNHR itself publish behind the relayed \"at least 222 attacks by the regime\" (fig-001-05)?",
     "relay_check",
     "SELECT relayed_says, relayed_perpetrator, primary_says, primary_perpetrator, primary_seen, relation, changed\n"
     "FROM relay_check\nWHERE relayed_figure_id = 'fig-001-05'"),
    ("pairwise_222_vs_336", "Do SNHR's 222 and GPPi's 336 attacks contradict each other?",
     "pairwise",
     "SELECT a_figure_id, a_claimant, a_says, b_figure_id, b_claimant, b_says, verdict, explanation\n"
     "FROM pairwise\nWHERE measure = 'attacks'\n"
     "  AND ((a_says LIKE '%222 %' AND b_says LIKE '%336 %') OR (a_says LIKE '%336 %' AND b_says LIKE '%222 %'))"),
]


def write_release_database(staged) -> None:
    """The release maker's hook: syriacw.sqlite and datasette.json written into `staged` (a parquet.StagedFolder
    that holds the release's tables, answers/ and datapackage.json already)."""
    database = write_database(staged.path, staged.path / DATABASE)
    staged.add(DATABASE)
    staged.write(METADATA, metadata_json(staged.path, database).encode("utf-8"))


def metadata(folder: Path, database: Path) -> dict:
    """Datasette metadata for the release in `folder` and its database: title, licence, source, every table's and
    column's description (units said in the description), facets, label columns and the canned queries."""
    from .. import db

    package = json.loads((Path(folder) / "datapackage.json").read_text(encoding="utf-8"))
    present = _tables(database)
    tables = {}
    for resource in table_resources(package):
        tables[resource["name"]] = _table_metadata(resource["name"], resource.get("description", ""),
                                                   {f["name"]: _column_text(f) for f in resource["schema"]["fields"]})
    for name, path in db.query_files().items():
        if name in present:
            tables[name] = _table_metadata(name, f"Reconciliation answer ({name}.sql): {db.describe(path)}", {})
    if UNAVAILABLE in present:
        tables[UNAVAILABLE] = {"description": "Reconciliation queries this release lacks the tables or columns for."}
    licence = (package.get("licenses") or [{}])[0]
    meta = {"title": f"{package.get('title', 'syriacw')} — release {package.get('version', '')}".strip(),
            "description": package.get("description", ""),
            "license": licence.get("name", ""), "license_url": licence.get("path", ""),
            "source": f"syriacw release {package.get('version', '')}",
            "extra_css_urls": ["data:text/css," + quote(CELL_CSS)],
            "extra_js_urls": ["data:text/javascript," + quote(CELL_JS)],
            "databases": {DATABASE_NAME: {
                "description": "Every table of the release and the answer of every reconciliation query.",
                "tables": tables,
                "queries": {name: {"title": title, "sql": sql} for name, title, table, sql in CANNED
                            if table in present}}}}
    if package.get("homepage"):
        meta["source_url"] = package["homepage"]
    return meta


def metadata_json(folder: Path, database: Path) -> str:
    return json.dumps(metadata(folder, database), ensure_ascii=False, indent=2) + "\n"


def _tables(database: Path) -> set[str]:
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def _column_text(field: dict) -> str:
    text = field.get("description", "")
    return f"{text} Unit: {field['unit']}." if field.get("unit") else text


def _table_metadata(name: str, description: str, columns: dict) -> dict:
    out = {"description": description}
    if columns:
        out["columns"] = columns
    if name in FACETS:
        out["facets"] = FACETS[name]
    if name in LABELS:
        out["label_column"] = LABELS[name]
    return out


# --- serve -----------------------------------------------------------------------------------------------------

def database_for(folder: Path, cache: Path | None = None) -> tuple[Path, Path]:
    """(syriacw.sqlite, datasette.json) of the release in `folder`: its own, checksum-verified, or, for a release
    made before they existed, built once into a cache folder named after the release's fingerprint."""
    from ..releases import fingerprint, verify_file

    folder = Path(folder)
    if (folder / DATABASE).exists():
        verify_file(folder, DATABASE)
        verify_file(folder, METADATA)
        return folder / DATABASE, folder / METADATA
    verify_file(folder, "datapackage.json")
    place = (cache or cache_dir()) / f"{folder.name}-{fingerprint(folder)[:16]}"
    database, meta = place / DATABASE, place / METADATA
    if not (database.exists() and meta.exists()):
        try:
            place.mkdir(parents=True, exist_ok=True)
        except OSError:  # no writable cache (a read-only home): a new temporary folder, not reused
            place = Path(tempfile.mkdtemp(prefix="syriacw-serve-"))
            database, meta = place / DATABASE, place / METADATA
        write_database(folder, database)
        staging = meta.with_name(f".{METADATA}.new-{os.getpid()}")
        staging.write_text(metadata_json(folder, database), encoding="utf-8")
        staging.replace(meta)
    return database, meta


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "syriacw"


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run Datasette on the release in `folder` until interrupted (read-only: the database is opened immutable)."""
    from datasette.cli import cli

    database, meta = database_for(folder)
    args = ["serve", "--immutable", str(database), "--metadata", str(meta), "--host", host, "--port", str(port),
            # suggested facets try every column of a page: 5 s for the figures page at 10^6 figures, 0.4 s without
            "--setting", "facet_time_limit_ms", "1000", "--setting", "suggest_facets", "off"]
    try:
        cli.main(args, prog_name="syriacw serve", standalone_mode=False)
    except KeyboardInterrupt:
        pass
    return 0
