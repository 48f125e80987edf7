"""Reading what the report shows: a release's tables, its documents (checked against their checksums), its
version, checksums and citation, and the numbers the audit excludes."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..audit.exclusions import exclusions_to_show

from .context import build_context
from .errors import ReportError
from .formatting import _missing, text
from . import sample
from .sample import answer_head, answer_rows, slice_incidents, slice_sources

CORE_TABLES = ("sources", "organizations", "figures", "incidents", "assertions")
OPTIONAL_TABLES = ("relay_links", "incident_links")


def collect(root: Path, version: str | None = None) -> dict:
    """Everything the templates need, read from the release (or build) and the repository's raw/ and seeds/."""
    import syriacw

    from ..releases import find

    release = release_info(version)
    folder = find.table_dir(version)
    tables = {name: syriacw.load(name, version) for name in CORE_TABLES}
    for name in OPTIONAL_TABLES:  # tables added after the first releases: shown when the version has them
        if name in syriacw.tables() and (folder / f"{name}.parquet").exists():
            tables[name] = syriacw.load(name, version)
    tables, cut = slice_sources(tables)  # a large release: the first sources only (report/sample.py)
    documents = read_documents(Path(root), tables["sources"])  # first: refuse a changed document before anything
    queries = syriacw.reconciliations()
    totals = {name: answer_rows(folder, name) for name in queries["name"]}
    in_part = bool(cut) or max(totals.values(), default=0) > sample.ROWS_SHOWN
    results, errors = _answers(list(queries["name"]), version, folder, totals, in_part)
    tables = slice_incidents(tables, results, cut)
    descriptions = dict(zip(queries["name"], queries["description"]))
    exclusions = exclusions_to_show(Path(root))
    context = build_context(tables, documents, results, descriptions, release, exclusions, errors)
    return shown_in_part(context, cut, totals, in_part)


def _answers(names: list[str], version: str | None, folder: Path, totals: dict, in_part: bool) -> tuple[dict, dict]:
    """Each query's answer, or why it could not run. A page shown in part reads the first rows of the release's
    answers/ and runs only a query the release has no answer of (a build's), cutting it the same way and
    counting its rows into `totals`."""
    import syriacw

    results, errors = {}, {}
    for name in names:
        try:
            head = answer_head(folder, name) if in_part else None
            results[name] = head if head is not None else syriacw.reconcile(name, version)
        except Exception as exc:  # a query newer than the release's tables: shown as such, not fatal
            errors[name] = f"{type(exc).__name__}: {exc}".strip()
            continue
        if in_part:
            totals[name] = max(totals[name], len(results[name]))
            results[name] = results[name].head(sample.ROWS_SHOWN)
    return results, errors


def shown_in_part(context: dict, cut: dict, totals: dict, in_part: bool) -> dict:
    """The context with what a large release's page leaves out: `cut` ({table: (shown, in the release)}) and
    each query's row count where only its first rows are shown (None where every row is)."""
    for query in context["reconciliations"]:
        total = totals.get(query["name"], 0)
        query["rows_total"] = total if in_part and total > sample.ROWS_SHOWN else None
    return {**context, "cut": cut, "rows_shown": sample.ROWS_SHOWN, "in_part": in_part}


def release_info(version: str | None) -> dict:
    """Version, checksums and citation of the folder syriacw.load(…, version) reads; a release is verified whole."""
    from ..releases import SUMS, check_files, find, fingerprint, read_datapackage, read_sums
    from ..releases.anchor import anchor_problems

    folder = find.table_dir(version)
    if folder.parent.name == "releases":
        problems = anchor_problems(folder)
        problems += [p for p in check_files(folder) if p not in problems]
        if problems:
            raise ReportError(f"release {folder.name} does not match its checksums: " + "; ".join(problems))
        sums = read_sums(folder)
        cff_path = folder / "CITATION.cff"
        cff = cff_path.read_text(encoding="utf-8") if cff_path.is_file() else ""
        package, _ = read_datapackage(folder)
        citation, bibtex = release_citation(package or {}, fingerprint(folder))
        return {
            "released": True,
            "version": folder.name,
            "checksums": sorted(sums.items()),
            "fingerprint": fingerprint(folder),
            "sums_file": SUMS,
            "cff": cff,
            "citation": citation or citation_text(cff, folder.name),
            "bibtex": bibtex,
            "package_title": (package or {}).get("title", ""),
        }
    checksums = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                       for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    return {"released": False, "version": "dev", "checksums": checksums, "fingerprint": "", "sums_file": "",
            "cff": "", "citation": "", "bibtex": "", "package_title": ""}


def release_citation(package: dict, digest: str) -> tuple[str, str]:
    """The citation `syriacw cite` prints (APA, BibTeX) from the release's datapackage.json; ('', '') if it cannot
    be made (then the report falls back to CITATION.cff)."""
    try:
        from ..releases.citation import apa, bibtex

        return apa(package, digest), bibtex(package, digest)
    except (ImportError, AttributeError, KeyError, TypeError, ValueError):
        return "", ""


def archived(source: dict) -> bool:
    """Whether a source is an archived document in raw/ that rows quote (not a publication cited by address)."""
    provenance = text(source.get("provenance"))
    return provenance == "archived_quote" if provenance else not _missing(source.get("file"))


def read_documents(root: Path, sources) -> dict[str, str]:
    """source_id → decoded text of raw/FILE for every archived source, after checking its bytes against
    sources.sha256. Cited publications (no file) have no text."""
    texts = {}
    for row in sources.itertuples(index=False):
        if not archived(row._asdict()):
            continue
        path = root / str(row.file)
        if not path.is_file():
            raise ReportError(f"{row.source_id}: {row.file} is missing under {root}")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != str(row.sha256):
            raise ReportError(f"{row.source_id}: {row.file} has sha256 {digest}, the release says {row.sha256}; "
                              "the report shows only the documents the figures were quoted from")
        try:
            texts[str(row.source_id)] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ReportError(f"{row.source_id}: {row.file} is not UTF-8 ({exc})") from None
    return texts


def _cff_scalar(cff: str, key: str) -> str:
    m = re.search(rf"^{re.escape(key)}:[ \t]*(.+?)[ \t]*$", cff, re.M)
    return m.group(1).strip().strip("'\"") if m else ""


def _cff_authors(cff: str) -> list[str]:
    """Author names from CITATION.cff's `authors:` list (name, or given-names family-names)."""
    m = re.search(r"^authors:[ \t]*\n((?:[ \t]+.*\n?|-.*\n?)*)", cff, re.M)
    if not m:
        return []
    people, current = [], {}
    for line in m.group(1).splitlines():
        item = re.match(r"^\s*(-\s+)?([a-z-]+):\s*(.*)$", line)
        if not item:
            continue
        if item.group(1) and current:
            people.append(current)
            current = {}
        current[item.group(2)] = item.group(3).strip().strip("'\"")
    if current:
        people.append(current)
    names = []
    for person in people:
        name = person.get("name") or " ".join(p for p in (person.get("given-names"), person.get("family-names")) if p)
        if name:
            names.append(name)
    return names


def citation_text(cff: str, version: str) -> str:
    """A one-line citation from CITATION.cff: Authors (year). Title (Version v) [Data set]. DOI or URL."""
    if not cff.strip():
        return ""
    authors = ", ".join(_cff_authors(cff)) or "syriacw contributors"
    year = _cff_scalar(cff, "date-released")[:4]
    title = _cff_scalar(cff, "title") or "syriacw"
    where = _cff_scalar(cff, "doi")
    where = f"https://doi.org/{where}" if where else _cff_scalar(cff, "url") or _cff_scalar(cff, "repository-code")
    parts = [f"{authors} ({year})." if year else f"{authors}.",
             f"{title} (Version {_cff_scalar(cff, 'version') or version}) [Data set]."]
    if where:
        parts.append(where)
    return " ".join(parts)
