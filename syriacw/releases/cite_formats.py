"""More ways to cite a release, from its CITATION.cff: RIS by cffconvert's converter (optional: it pins
jsonschema<4, so it is installed on its own, as .ci/run does), and CSL-JSON by a small mapping of the CFF fields,
since no maintained library converts CFF to CSL-JSON."""
from __future__ import annotations

import json

import yaml

CFFCONVERT_INSTALL = ("pip install --no-deps 'cffconvert==2.0.0' 'click>=8' 'requests>=2' 'docopt==0.6.2' "
                      "'pykwalify>=1.8' 'ruamel.yaml>=0.17' 'python-dateutil>=2.8'")


class ConverterMissing(RuntimeError):
    """The optional converter a format needs is not installed."""


def ris(cff_text: str) -> str:
    """RIS by cffconvert, as a data set (TY  - DATA) with its version (ET: edition), which cffconvert leaves out."""
    try:
        from cffconvert import Citation
    except ImportError:
        raise ConverterMissing(f"--format ris needs cffconvert, installed on its own: {CFFCONVERT_INSTALL}") from None
    lines = Citation(cff_text).as_ris().strip().splitlines()
    version = yaml.safe_load(cff_text).get("version")
    lines = ["TY  - DATA" if line.startswith("TY  - ") else line for line in lines]
    if version and not any(line.startswith("ET  - ") for line in lines):
        lines.insert(-1, f"ET  - {version}")
    return "\n".join(lines)


def _csl_name(author: dict) -> dict:
    if author.get("name"):
        return {"literal": author["name"]}
    return {k: v for k, v in (("family", author.get("family-names")), ("given", author.get("given-names"))) if v}


def csl_json(cff_text: str, fingerprint: str) -> str:
    """CSL-JSON (one item of type dataset), the format Zotero, Pandoc and citeproc read."""
    cff = yaml.safe_load(cff_text)
    released = str(cff.get("date-released", ""))
    item = {"id": f"syriacw-{cff['version']}", "type": "dataset", "title": cff["title"],
            "author": [_csl_name(a) for a in cff.get("authors", [])], "version": str(cff["version"]),
            "issued": {"date-parts": [[int(p) for p in released.split("-")]]} if released else None,
            "DOI": cff.get("doi"), "URL": cff.get("url") or cff.get("repository-code"),
            "abstract": cff.get("abstract"), "keyword": ", ".join(cff.get("keywords", [])) or None,
            "note": f"SHA-256 of the release's SHA256SUMS: {fingerprint}"}
    return json.dumps([{k: v for k, v in item.items() if v}], ensure_ascii=False, indent=1)
