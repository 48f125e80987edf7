"""Citing a release: the repository's CITATION.cff, the release's CFF and .zenodo.json derived from it, and the
BibTeX and APA references `syriacw cite` prints from a release's datapackage.json."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .errors import ReleaseRefused

CITATION = "CITATION.cff"
ZENODO = ".zenodo.json"

# Used when the repository has no CITATION.cff yet (the release then writes one); edit CITATION.cff, not this.
DEFAULT_CITATION = {
    "cff-version": "1.2.0",
    "message": "If you use this dataset, please cite the exact version you used; `syriacw cite VERSION` prints it.",
    "type": "dataset",
    "title": "syriacw: published figures and findings on chemical-weapons attacks in Syria, each traced to its "
             "source's words",
    "abstract": "A validated dataset of figures and findings about chemical-weapons attacks in Syria as published "
                "sources state them: who says how many of what, which incidents they describe, and what each "
                "organization asserts about them, every row quoting an archived document verbatim. Every row "
                "records a claim, not a fact.",
    "authors": [{"name": "syriacw contributors"}],
    "license": "CC-BY-4.0",
    "keywords": ["Syria", "chemical weapons", "casualty figures", "Arabic", "claims", "provenance"],
}
CFF_ORDER = ("cff-version", "message", "type", "title", "abstract", "authors", "version", "date-released", "doi",
             "identifiers", "license", "repository-code", "url", "keywords", "preferred-citation")



def citation_metadata(root: Path) -> dict:
    """The repository's CITATION.cff as a dict (DEFAULT_CITATION if there is none)."""
    path = Path(root) / CITATION
    if not path.exists():
        return json.loads(json.dumps(DEFAULT_CITATION))
    try:
        import yaml
    except ImportError:
        raise ReleaseRefused("reading CITATION.cff needs PyYAML: pip install pyyaml") from None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not data.get("title") or not data.get("authors"):
        raise ReleaseRefused(f"{path}: needs at least a title and authors")
    return data


FINGERPRINT_NOTE = "Fingerprint of release "


def render_cff(meta: dict, version: str, day: str, fingerprint: str | None = None) -> str:
    """CITATION.cff for one release: the repository's metadata with this version and date, and a preferred
    citation of the dataset at this version (a preferred citation of another work, e.g. a paper, is kept).
    `fingerprint`: the release's, as an identifier (the repository's CITATION.cff has it; the release's own copy
    cannot, since the fingerprint hashes it)."""
    import yaml

    _CffDumper = _cff_dumper()
    cff = {k: v for k, v in meta.items() if k not in ("version", "date-released")}
    identifiers = [i for i in cff.get("identifiers") or []
                   if not (isinstance(i, dict) and str(i.get("description", "")).startswith(FINGERPRINT_NOTE))]
    if fingerprint is not None:
        identifiers.append({"type": "other", "value": f"sha256:{fingerprint}",
                            "description": f"{FINGERPRINT_NOTE}{version}: the sha256 of its SHA256SUMS "
                                           "(`syriacw verify` prints it)"})
    cff.pop("identifiers", None)
    if identifiers:
        cff["identifiers"] = identifiers
    cff["version"] = version
    cff["date-released"] = dt.date.fromisoformat(day)
    preferred = meta.get("preferred-citation")
    if not isinstance(preferred, dict) or preferred.get("type") in (None, "data", "database"):
        preferred = {"type": "data", "title": cff["title"], "authors": cff["authors"], "version": version,
                     "date-released": cff["date-released"]}
        for key in ("doi", "url", "repository-code", "license"):
            if key in cff:
                preferred[key] = cff[key]
    cff["preferred-citation"] = preferred
    ordered = {k: cff[k] for k in CFF_ORDER if k in cff}
    ordered.update({k: v for k, v in cff.items() if k not in ordered})
    header = ("# Citation metadata of the newest release. `syriacw release VERSION` rewrites version, date-released\n"
              "# and preferred-citation; edit the other fields (authors, title, abstract, doi, ...) by hand.\n")
    body = yaml.dump(ordered, Dumper=_CffDumper, sort_keys=False, allow_unicode=True, width=110,
                     default_flow_style=False)
    return header + body


def _cff_dumper():
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data):  # write shared values (authors) out in full, not as &id001 anchors
            return True

    return Dumper


def _persons(authors: list[dict]) -> list[dict]:
    """CFF authors as {name, given, family, entity, orcid, affiliation, email}."""
    out = []
    for a in authors or []:
        given = " ".join(str(a[k]) for k in ("given-names",) if a.get(k))
        family = " ".join(str(a[k]) for k in ("name-particle", "family-names") if a.get(k))
        suffix = a.get("name-suffix")
        if family:
            name = " ".join(x for x in (given, family) if x) + (f", {suffix}" if suffix else "")
            out.append({"name": name, "given": given or None, "family": family + (f", {suffix}" if suffix else ""),
                        "entity": False})
        else:
            out.append({"name": str(a.get("name") or given or "anonymous"), "given": None, "family": None,
                        "entity": True})
        for k_out, k_in in (("orcid", "orcid"), ("affiliation", "affiliation"), ("email", "email")):
            if a.get(k_in):
                out[-1][k_out] = str(a[k_in])
    return out


def _doi(meta: dict) -> str | None:
    if meta.get("doi"):
        return str(meta["doi"])
    for ident in meta.get("identifiers") or []:
        if isinstance(ident, dict) and ident.get("type") == "doi":
            return str(ident["value"])
    return None


def zenodo_metadata(meta: dict, version: str, day: str, existing: dict) -> dict:
    """.zenodo.json for the release: the fields derived from CITATION.cff are rewritten, any other kept."""
    creators = []
    for p in _persons(meta.get("authors")):
        c = {"name": p["name"] if p["entity"] else f"{p['family']}, {p['given']}" if p["given"] else p["family"]}
        if p.get("affiliation"):
            c["affiliation"] = p["affiliation"]
        if p.get("orcid"):
            c["orcid"] = p["orcid"].rsplit("/", 1)[-1]
        creators.append(c)
    derived = {"upload_type": "dataset", "title": str(meta["title"]),
               "description": str(meta.get("abstract") or meta["title"]), "creators": creators,
               "license": str(meta.get("license") or "CC-BY-4.0").lower(), "access_right": "open",
               "keywords": [str(k) for k in meta.get("keywords") or []], "version": version,
               "publication_date": day}
    out = {k: derived.get(k, v) for k, v in existing.items()}
    out.update({k: v for k, v in derived.items() if k not in out})
    return out


# --- citation formats ------------------------------------------------------------------------------------------

def _contributor_parts(package: dict) -> list[dict]:
    authors = [c for c in package.get("contributors", []) if "author" in c.get("roles", ["author"])]
    return authors or [{"title": "syriacw contributors"}]


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", str(text))


def bibtex(package: dict, fingerprint: str) -> str:
    version, day = package["version"], package["created"][:10]
    names = []
    for c in _contributor_parts(package):
        if c.get("familyName"):
            names.append(_bib_escape(f"{c['familyName']}, {c.get('givenName', '')}".rstrip(", ")))
        else:
            names.append("{" + _bib_escape(c["title"]) + "}")  # an organization: braces keep it one name
    fields = [("author", " and ".join(names)), ("title", "{" + _bib_escape(package["title"]) + "}"),
              ("year", day[:4]), ("month", str(int(day[5:7]))), ("version", version)]
    if package.get("id", "").startswith("https://doi.org/"):
        fields.append(("doi", package["id"][len("https://doi.org/"):]))
    if package.get("homepage"):
        fields.append(("url", package["homepage"]))
    fields.append(("note", f"Dataset, version {version}, released {day}. "
                           f"SHA-256 of the release's SHA256SUMS: {fingerprint}"))
    key = f"syriacw_{version.replace('.', '_')}"
    return "@misc{" + key + ",\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"


def _apa_name(c: dict) -> str:
    if not c.get("familyName"):
        return c["title"]
    initials = " ".join(f"{part[0]}." for part in re.split(r"[\s]+", c.get("givenName") or "") if part)
    return f"{c['familyName']}, {initials}".rstrip(", ")


def apa(package: dict, fingerprint: str | None = None) -> str:
    """APA 7 reference of a data set: Author. (Year). Title (Version X) [Data set]. DOI or URL."""
    names = [_apa_name(c) for c in _contributor_parts(package)]
    if len(names) == 1:
        who = names[0]
    elif len(names) <= 20:
        who = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        who = ", ".join(names[:19]) + ", . . . " + names[-1]
    who = who if who.endswith(".") else who + "."
    text = f"{who} ({package['created'][:4]}). {package['title']} (Version {package['version']}) [Data set]."
    link = package.get("id") if str(package.get("id", "")).startswith("https://doi.org/") else package.get("homepage")
    return f"{text} {link}" if link else text
