"""Releases: `syriacw release / verify / cite`, syriacw.load(version=...), and the repository's own release files
(CITATION.cff, .zenodo.json, CHANGELOG.md, dataset/RELEASES.sha256) kept in step with dataset/releases/."""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import REPO, run_cli
from syriacw import releases
from syriacw.build import build
from syriacw.exports.release_files import table_files
from syriacw.parquet import dump_json, parquet_bytes
from syriacw.paths import TABLE_NAMES
from syriacw.releases.changelog import without_fingerprint
from syriacw.releases.citation import apa, bibtex
from syriacw.releases.errors import ReleaseRefused
from syriacw.releases.make import _schema_changes, bump_level
from syriacw.releases.verify import _distinct, _not_among, verify
from syriacw.validation import vocabularies
from syriacw.validation.codebook import codebook_markdown, dtypes_json

DATE = "2026-01-01"
NEW_ORG = "newgroup,New group,,,armed_group,,\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`syriacw ARGS` in this process (fast: pandera is imported once); run_cli runs it as a separate process."""
    from syriacw.cli import main

    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def release(root: Path, version: str, *extra: str, date: str | None = DATE) -> subprocess.CompletedProcess:
    args = ["release", version, "--root", str(root), *extra]
    if date is not None:
        args += ["--date", date]
    return run(*args)


def released(root: Path, version: str = "0.1.0") -> Path:
    result = release(root, version)
    assert result.returncode == 0, result.stderr
    return root / "dataset" / "releases" / version


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The mini fixture released once as 0.1.0, by the command a maintainer types, in its own process."""
    root = tmp_path_factory.mktemp("base") / "mini"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", root)
    result = run_cli("release", "0.1.0", "--root", str(root), "--date", DATE)
    assert result.returncode == 0, result.stderr
    assert "released 0.1.0 (2026-01-01)" in result.stdout
    return root


@pytest.fixture
def repo(base, tmp_path) -> Path:
    """A writable copy of `base`: the mini repository with release 0.1.0."""
    target = tmp_path / "repo"
    shutil.copytree(base, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rewrite(folder: Path, name: str, data: bytes, *, sums=True, package=True) -> None:
    """Replace a released file and (optionally) bring SHA256SUMS and datapackage.json in step: a careful forger."""
    (folder / name).write_bytes(data)
    if package and name.endswith(".parquet"):
        pkg = json.loads((folder / "datapackage.json").read_text("utf-8"))
        for resource in pkg["resources"]:
            if resource["path"] == name:
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
                resource["byteSize"] = len(data)
        (folder / "datapackage.json").write_text(dump_json(pkg), encoding="utf-8")
    if sums:
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                 if p.is_file() and p.name != "SHA256SUMS"}
        (folder / "SHA256SUMS").write_text(releases.sums_text(files), encoding="utf-8")


def _tool(*command: str) -> list[str]:
    """A command-line tool the checks rely on: fail in CI when it is missing, skip (saying why) elsewhere."""
    exe = shutil.which(command[0])
    if exe is None:
        message = f"{command[0]} is not installed (pip install {command[0]})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must install it")
        pytest.skip(f"{message}; CI runs this check")
    return [exe, *command[1:]]


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_tool("cffconvert", "--validate", "-i", str(path)), capture_output=True, text=True)


def frictionless_validate(datapackage: Path) -> dict:
    try:
        import frictionless  # noqa: F401
    except ImportError:
        _tool("frictionless")
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(datapackage)],
                            capture_output=True, text=True)
    return json.loads(result.stdout)


# --- release ---------------------------------------------------------------------------------------------------

def test_release_writes_every_file_with_matching_checksums(repo):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    queries = sorted(p.stem for p in (REPO / "sql" / "queries").glob("*.sql"))
    assert names == ({f"{t}.parquet" for t in TABLE_NAMES} | {f"csv/{t}.csv" for t in TABLE_NAMES}
                     | {f"answers/{q}.{ext}" for q in queries for ext in ("parquet", "csv")}
                     | {"dtypes.json", "datapackage.json", "codebook.md", "CITATION.cff", "SHA256SUMS", "syriacw.sqlite",
                        "datasette.json"})
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert [line.split("  ")[1] for line in lines] == sorted(names - {"SHA256SUMS"})
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum"):  # the coreutils tool accepts the file as it is
        check = subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    assert (folder / "dtypes.json").read_text("utf-8") == dtypes_json()
    assert (folder / "codebook.md").read_text("utf-8") == codebook_markdown()
    tables = build(mini_repo, write=False)
    for name, data in table_files(tables).items():  # the same rows, described (syriacw.exports)
        assert (folder / name).read_bytes() == data
    assert not (mini_repo / "dataset" / "tables").exists(), "a release never writes the working tables"


def test_datapackage_describes_the_tables(repo):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"
    pkg = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert pkg["version"] == "0.1.0"
    assert pkg["created"] == f"{DATE}T00:00:00Z"
    assert [lic["name"] for lic in pkg["licenses"]] == ["CC-BY-4.0"]
    assert pkg["sources"] == [{"title": "src-000 (untitled document)", "path": "raw/doc.txt"}]
    resources = {r["name"]: r for r in pkg["resources"]}
    queries = sorted(p.stem for p in (REPO / "sql" / "queries").glob("*.sql"))
    assert list(resources) == [*TABLE_NAMES, *(f"{q}-answer{kind}" for q in queries for kind in ("-csv", "")),
                               *(f"{t}-csv" for t in sorted(TABLE_NAMES))]  # tables, then the rest by path
    for name, r in resources.items():
        data = (folder / r["path"]).read_bytes()
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert r["byteSize"] == len(data)
        assert r["format"] == ("csv" if r["path"].endswith(".csv") else "parquet")
    assert resources["figures-csv"]["schema"] == resources["figures"]["schema"]
    figures = resources["figures"]["schema"]
    fields = {f["name"]: f for f in figures["fields"]}
    assert figures["primaryKey"] == "figure_id"
    assert fields["figure_id"]["constraints"] == {"required": True, "unique": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"}
    assert fields["measure"]["constraints"]["enum"] == list(vocabularies.MEASURE)
    assert "required" not in fields["victim_group"].get("constraints", {})
    assert fields["value"]["type"] == "number" and fields["quote_start"]["type"] == "integer"
    assert fields["period_start"]["type"] == "date"
    assert fields["low"]["derived"] is True
    assert {"fields": "parent_figure_id", "reference": {"resource": "", "fields": "figure_id"}} \
        in figures["foreignKeys"]
    assert {"fields": "claimant_id", "reference": {"resource": "organizations", "fields": "org_id"}} \
        in figures["foreignKeys"]


def test_frictionless_reports_the_release_valid_and_catches_a_broken_one(repo, tmp_path):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"
    report = frictionless_validate(folder / "datapackage.json")
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    assert sorted(task["name"] for task in report["tasks"]) == sorted(r["name"] for r in json.loads(
        (folder / "datapackage.json").read_text("utf-8"))["resources"])
    # the same check fails when the data break the Table Schema: it has teeth
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    pkg = json.loads((broken / "datapackage.json").read_text("utf-8"))
    for resource in pkg["resources"]:
        for field in resource.get("schema", {}).get("fields", []):
            if resource["name"] == "figures" and field["name"] == "measure":
                field["constraints"]["enum"].remove("injuries")
    (broken / "datapackage.json").write_text(dump_json(pkg), encoding="utf-8")
    report = frictionless_validate(broken / "datapackage.json")
    assert not report["valid"]
    errors = [e["type"] for task in report["tasks"] for e in task["errors"]]
    assert "constraint-error" in errors


def test_release_refuses_to_overwrite_or_go_back(repo):
    folder = repo / "dataset" / "releases" / "0.1.0"
    with open(repo / "seeds" / "organizations.csv", "a", encoding="utf-8") as fh:
        fh.write(NEW_ORG)  # even with new data, a released version is never made again
    before = snapshot(repo)
    again = release(repo, "0.1.0")
    assert again.returncode == 1 and "never overwritten" in again.stderr
    older = release(repo, "0.0.9")
    assert older.returncode == 1 and "not greater than the last release, 0.1.0" in older.stderr
    skip = release(repo, "0.3.0")
    assert skip.returncode == 1 and "skips versions" in skip.stderr
    assert snapshot(repo) == before
    assert releases.versions(repo / "dataset" / "releases") == ["0.1.0"]
    shutil.rmtree(folder)  # a released version stays released even when its folder is lost
    lost = release(repo, "0.1.0")
    assert lost.returncode == 1 and "already lists files of 0.1.0" in lost.stderr
    assert not folder.exists()


def test_bump_level():
    assert bump_level("1.2.3", "2.0.0") == "major"
    assert bump_level("1.2.3", "1.3.0") == "minor"
    assert bump_level("1.2.3", "1.2.4") == "patch"
    for bad in ("1.2.3", "1.2.2", "1.4.0", "1.3.1"):
        with pytest.raises(ReleaseRefused):
            bump_level("1.2.3", bad)


def test_release_refuses_invalid_input_and_writes_nothing(mini_repo):
    path = mini_repo / "seeds" / "figures.csv"
    path.write_text(path.read_text("utf-8").replace(",deaths,count,205,", ",bogus,count,205,"), encoding="utf-8")
    result = release(mini_repo, "0.1.0")
    assert result.returncode == 1
    assert "not-in-vocabulary" in result.stderr and "seeds/figures.csv" in result.stderr
    assert not (mini_repo / "dataset").exists()
    assert not (mini_repo / "CITATION.cff").exists() and not (mini_repo / "dataset" / "RELEASES.sha256").exists()


def test_release_date_comes_from_the_option_or_the_changelog_never_the_clock(mini_repo):
    missing = release(mini_repo, "0.1.0", date=None)
    assert missing.returncode == 1 and "--date" in missing.stderr
    for bad in ("2026-13-01", "1/1/2026", "2026-1-1"):
        result = release(mini_repo, "0.1.0", date=bad)
        assert result.returncode == 1 and "date" in result.stderr
    (mini_repo / "CHANGELOG.md").write_text("# Changelog\n\n## [0.1.0] - 2025-12-24\n\n- First rows.\n", "utf-8")
    conflict = release(mini_repo, "0.1.0", date="2026-01-01")
    assert conflict.returncode == 1 and "differs from CHANGELOG.md" in conflict.stderr
    ok = release(mini_repo, "0.1.0", date=None)
    assert ok.returncode == 0, ok.stderr
    pkg = json.loads((mini_repo / "dataset/releases/0.1.0/datapackage.json").read_text("utf-8"))
    assert pkg["created"] == "2025-12-24T00:00:00Z"


def test_release_dates_the_unreleased_changelog_entry_and_ships_it(mini_repo):
    log = mini_repo / "CHANGELOG.md"
    log.write_text("# Changelog\n\nPreamble.\n\n## [Unreleased]\n\n- First rows: one source.\n", "utf-8")
    folder = released(mini_repo)
    text = log.read_text("utf-8")
    fingerprint = releases.fingerprint(folder)  # the repository's entry has it; the shipped one cannot (it is hashed)
    assert ("## [Unreleased]\n\n## [0.1.0] - 2026-01-01\n\n"
            f"Fingerprint of 0.1.0 (sha256 of its SHA256SUMS): `{fingerprint}`\n\n- First rows: one source.\n") in text
    shipped = (folder / "CHANGELOG.md").read_text("utf-8")
    assert shipped == "# Changelog\n\nPreamble.\n\n## [0.1.0] - 2026-01-01\n\n- First rows: one source.\n"
    # the next release needs its own entry; an empty [Unreleased] is not one
    with open(mini_repo / "seeds" / "organizations.csv", "a", encoding="utf-8") as fh:
        fh.write(NEW_ORG)
    refused = release(mini_repo, "0.2.0", date="2026-02-01")
    assert refused.returncode == 1 and "no entry for 0.2.0" in refused.stderr
    log.write_text(log.read_text("utf-8").replace("## [Unreleased]\n", "## [Unreleased]\n\n## [0.2.0] - Unreleased"
                                                  "\n\n- TODO\n"), "utf-8")
    todo = release(mini_repo, "0.2.0", date="2026-02-01")
    assert todo.returncode == 1 and "TODO" in todo.stderr
    log.write_text(log.read_text("utf-8").replace("- TODO", "- Added the organization newgroup."), "utf-8")
    ok = release(mini_repo, "0.2.0", date="2026-02-01")
    assert ok.returncode == 0, ok.stderr
    assert "## [0.2.0] - 2026-02-01\n\n- Added the organization newgroup." in without_fingerprint(
        log.read_text("utf-8"), "0.2.0")
    assert "## [Unreleased]" in log.read_text("utf-8")


def test_release_requires_the_version_bump_the_changes_need(repo):
    mini_repo = repo
    orgs = mini_repo / "seeds" / "organizations.csv"
    orgs.write_text(orgs.read_text("utf-8") + NEW_ORG, "utf-8")
    patch = release(mini_repo, "0.1.1")
    assert patch.returncode == 1
    assert "needs at least a minor release" in patch.stderr or "need at least a minor release" in patch.stderr
    assert "1 row(s) added to organizations" in patch.stderr
    assert sorted(p.name for p in (mini_repo / "dataset" / "releases").iterdir()) == ["0.1.0"]  # nothing staged left
    minor = release(mini_repo, "0.2.0")
    assert minor.returncode == 0, minor.stderr
    orgs.write_text(orgs.read_text("utf-8").replace(NEW_ORG, "").replace("Fixture network", "Fixture Network"), "utf-8")
    (mini_repo / "seeds" / "corrections.csv").write_text(  # a changed or removed row needs its correction
        "correction_id,table,row_id,fields,reason,corrected_in,notes\n"
        + "".join(f"c-{v}-{k},organizations,{key},{fields},r,{v},\n" for v in ("0.3.0", "1.0.0", "1.0.1")
                  for k, (key, fields) in enumerate((("newgroup", "*"), ("net", "name_en")))), "utf-8")
    not_major = release(mini_repo, "0.3.0")
    assert not_major.returncode == 1 and "removed from organizations, e.g. newgroup" in not_major.stderr
    major = release(mini_repo, "1.0.0")
    assert major.returncode == 0, major.stderr
    assert "1 row(s) of organizations corrected, e.g. net" in major.stdout
    orgs.write_text(orgs.read_text("utf-8").replace("Fixture Network", "Fixture network (SNHR)"), "utf-8")
    fix = release(mini_repo, "1.0.1")
    assert fix.returncode == 0, fix.stderr
    assert releases.versions(mini_repo / "dataset" / "releases") == ["0.1.0", "0.2.0", "1.0.0", "1.0.1"]


def test_a_release_being_written_is_not_read_as_one(tmp_path):
    from syriacw.releases.anchor import is_release

    assert is_release(tmp_path / "releases" / "1.0.0")
    assert not is_release(tmp_path / "releases" / ".1.0.0.new-7")  # its queries read it before it is released
    assert not is_release(tmp_path / "tables")


def test_schema_changes_are_classified():
    def schema(**constraints):
        return {"fields": [{"name": "a_id", "type": "string"},
                           {"name": "kind", "type": "string", "description": "Kind.", "constraints": constraints}],
                "primaryKey": "a_id"}
    levels = lambda old, new: sorted({level for level, _ in _schema_changes("t", old, new)})  # noqa: E731
    assert levels(schema(enum=["x", "y"]), schema(enum=["x", "y", "z"])) == ["minor"]
    assert levels(schema(enum=["x", "y"]), schema(enum=["x"])) == ["major"]
    assert levels(schema(), schema(required=True)) == ["major"]
    assert levels(schema(required=True), schema()) == ["minor"]
    wider = schema()
    wider["fields"].append({"name": "extra", "type": "number"})
    assert levels(schema(), wider) == ["minor"]
    assert levels(wider, schema()) == ["major"]
    retyped = schema()
    retyped["fields"][1]["type"] = "integer"
    assert levels(schema(), retyped) == ["major"]
    reworded = schema()
    reworded["fields"][1]["description"] = "Kind of thing."
    assert levels(schema(), reworded) == ["patch"]
    assert _schema_changes("t", schema(), schema()) == []


# --- verify ----------------------------------------------------------------------------------------------------

def test_verify_accepts_an_intact_release_by_version_path_or_default(repo):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"
    for args, cwd in ((["0.1.0", "--root", str(mini_repo)], None), ([str(folder)], None), ([], mini_repo),
                      (["v0.1.0"], mini_repo / "seeds")):
        result = run("verify", *args, cwd=cwd)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("OK ") and str(folder) in result.stdout
    fingerprint = hashlib.sha256((folder / "SHA256SUMS").read_bytes()).hexdigest()
    assert fingerprint in result.stdout
    as_process = run_cli("verify", str(folder))  # the exit status a shell or CI sees
    assert as_process.returncode == 0 and as_process.stdout.startswith("OK ")
    unknown = run("verify", "9.9.9", "--root", str(mini_repo))
    assert unknown.returncode == 2 and "no release 9.9.9" in unknown.stderr


def _failed_files(result) -> set[str]:
    return {line.split()[1].rstrip(":") for line in result.stdout.splitlines() if line.startswith("FAILED ")}


def test_verify_names_each_file_that_differs(repo, tmp_path):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"

    def copy(name):
        target = tmp_path / name
        shutil.copytree(folder, target)
        return target

    flipped = copy("flipped")
    data = bytearray((flipped / "figures.parquet").read_bytes())
    data[100] ^= 0xFF
    (flipped / "figures.parquet").write_bytes(bytes(data))
    gone = copy("gone")
    (gone / "codebook.md").unlink()
    extra = copy("extra")
    (extra / "notes.txt").write_text("added later\n")
    two = copy("two")
    (two / "dtypes.json").write_text((two / "dtypes.json").read_text() + " ")
    (two / "CITATION.cff").write_text((two / "CITATION.cff").read_text().replace("0.1.0", "0.1.1"))
    expected = {flipped: {"figures.parquet"}, gone: {"codebook.md"}, extra: {"notes.txt"},
                two: {"dtypes.json", "CITATION.cff"}}
    for target, files in expected.items():
        result = run("verify", str(target))
        assert result.returncode == 1, result.stdout
        assert _failed_files(result) == files, result.stdout
    as_process = run_cli("verify", str(flipped))
    assert as_process.returncode == 1 and _failed_files(as_process) == {"figures.parquet"}
    assert "listed in SHA256SUMS but missing" in run("verify", str(gone)).stdout
    assert "not listed in SHA256SUMS" in run("verify", str(extra)).stdout


def test_verify_catches_a_forged_file_with_forged_checksums(repo, tmp_path):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"
    tables = build(mini_repo, write=False)
    # 1. new bytes and a new SHA256SUMS, but datapackage.json still records the released hash
    forged = tmp_path / "forged"
    shutil.copytree(folder, forged)
    orgs = tables["organizations"].copy()
    orgs.loc[orgs["org_id"] == "gov", "name_en"] = "Someone else"
    rewrite(forged, "organizations.parquet", parquet_bytes(orgs), package=False)
    result = run("verify", str(forged))
    assert result.returncode == 1 and _failed_files(result) == {"organizations.parquet"}
    assert "differs from datapackage.json" in result.stdout
    # 2. every checksum forged too: only the schema check can tell, and it names the table
    cases = {
        "organizations.parquet": ("organizations", "org_type", "gov", "spaceship", "org_type"),
        "figures.parquet": ("figures", "victim_group", "fig-000-02", "aliens", "victim_group"),  # nullable vocab
    }
    for file, (table, column, row, value, reported) in cases.items():
        target = tmp_path / f"schema-{table}"
        shutil.copytree(folder, target)
        frame = tables[table].copy()
        frame.loc[frame.iloc[:, 0] == row, column] = value
        rewrite(target, file, parquet_bytes(frame))
        assert releases.check_files(target) == []  # the checksums agree with the forged bytes
        result = run("verify", str(target))
        assert result.returncode == 1
        assert _failed_files(result) == {file}, result.stdout
        assert f"column {reported}" in result.stdout
    # 3. a dangling reference
    target = tmp_path / "dangling"
    shutil.copytree(folder, target)
    figures = tables["figures"].copy()
    figures.loc[figures["figure_id"] == "fig-000-03", "claimant_id"] = "ghost"
    rewrite(target, "figures.parquet", parquet_bytes(figures))
    result = run("verify", str(target))
    assert result.returncode == 1 and "not in organizations.org_id, e.g. 'ghost'" in result.stdout


# --- load ------------------------------------------------------------------------------------------------------

@pytest.fixture
def shipped(repo, monkeypatch):
    """The dataset/ of `repo` (releases 0.1.0 and 0.2.0) standing in for the installed package's dataset/ (where
    load() reads releases)."""
    mini_repo = repo
    orgs = mini_repo / "seeds" / "organizations.csv"
    orgs.write_text(orgs.read_text("utf-8") + NEW_ORG, "utf-8")
    released(mini_repo, "0.2.0")
    dataset = mini_repo / "dataset"
    monkeypatch.setattr("syriacw.paths.package_dataset", lambda: dataset)
    return dataset


def test_load_reads_an_exact_release_or_the_newest(shipped):
    import syriacw

    old = syriacw.load("organizations", version="0.1.0")
    new = syriacw.load("organizations")
    assert "newgroup" not in set(old["org_id"]) and "newgroup" in set(new["org_id"])
    assert len(new) == len(old) + 1
    assert isinstance(new["org_type"].dtype, pd.CategoricalDtype)
    figures = syriacw.load("figures", version="v0.1.0")
    assert str(figures["quote_start"].dtype) == "Int64"
    assert figures["period_start"].dtype.kind == "M"
    with pytest.raises(LookupError, match="no release 0.3.0"):
        syriacw.load("figures", version="0.3.0")


def test_load_refuses_a_tampered_release(shipped):
    import syriacw

    path = shipped / "releases" / "0.1.0" / "incidents.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(releases.TamperedRelease, match="incidents.parquet"):
        syriacw.load("incidents", version="0.1.0")
    syriacw.load("incidents")  # the newest release is intact


def test_dates_have_one_unit_in_the_schemas_load_and_reconcile():
    """Microseconds everywhere: what the schemas declare, what load() returns, what reconcile() returns."""
    import syriacw
    from syriacw.validation.frictionless import PANDAS_TYPES

    def date_types(frame):
        return {str(dtype) for dtype in frame.dtypes if dtype.kind == "M"}

    # the tables the newest release has (1.1.0 predates confidence_grades and incident_links, added for 1.2.0)
    from syriacw import paths
    from syriacw.releases.find import newest
    folder = newest(paths.package_dataset() / "releases")
    present = [t for t in syriacw.tables() if (folder / f"{t}.parquet").exists()]
    loaded = set().union(*(date_types(syriacw.load(table)) for table in present))
    runnable = [n for n in syriacw.reconciliations()["name"] if n not in ("findings", "attributions")]  # need 1.2.0
    reconciled = set().union(*(date_types(syriacw.reconcile(name)) for name in runnable))
    assert loaded == reconciled == {PANDAS_TYPES["date"]} == {"datetime64[us]"}


# --- cite ------------------------------------------------------------------------------------------------------

def test_cite_prints_the_exact_version(repo):
    mini_repo = repo
    first = repo / "dataset" / "releases" / "0.1.0"
    orgs = mini_repo / "seeds" / "organizations.csv"
    orgs.write_text(orgs.read_text("utf-8") + NEW_ORG, "utf-8")
    result = release(mini_repo, "0.2.0", date="2026-03-05")
    assert result.returncode == 0, result.stderr
    bib = run("cite", "0.1.0", "--root", str(mini_repo))
    assert bib.returncode == 0, bib.stderr
    fingerprint = hashlib.sha256((first / "SHA256SUMS").read_bytes()).hexdigest()
    assert bib.stdout.startswith("@misc{syriacw_0_1_0,")
    assert "version = {0.1.0}" in bib.stdout and "year = {2026}" in bib.stdout and fingerprint in bib.stdout
    assert "author = {{syriacw contributors}}" in bib.stdout
    newest = run("cite", "--format", "apa", cwd=mini_repo)
    title = yaml.safe_load((mini_repo / "CITATION.cff").read_text("utf-8"))["title"]
    assert newest.stdout == f"syriacw contributors. (2026). {title} (Version 0.2.0) [Data set].\n"
    cff = run("cite", "0.1.0", "--format", "cff", "--root", str(mini_repo))
    assert cff.stdout == (first / "CITATION.cff").read_text("utf-8")
    meta = yaml.safe_load(cff.stdout)
    assert meta["version"] == meta["preferred-citation"]["version"] == "0.1.0"
    assert str(meta["date-released"]) == DATE
    # a citation is only printed from an intact release
    (first / "datapackage.json").write_text((first / "datapackage.json").read_text().replace("0.1.0", "0.1.5"))
    tampered = run("cite", "0.1.0", "--root", str(mini_repo))
    assert tampered.returncode == 1 and "datapackage.json" in tampered.stderr and not tampered.stdout


def test_citation_files_follow_the_release(mini_repo):
    (mini_repo / "CITATION.cff").write_text(
        "cff-version: 1.2.0\nmessage: Cite this.\ntype: dataset\ntitle: 'Mini: a test & fixture'\n"
        "authors:\n- given-names: Jane Q.\n  family-names: Doe\n  orcid: https://orcid.org/0000-0002-1825-0097\n"
        "  affiliation: Somewhere\n- name: The Fixture Collective\n"
        "license: CC-BY-4.0\ndoi: 10.5281/zenodo.1234567\nrepository-code: https://example.org/mini\n"
        "version: 0.0.1\n", "utf-8")
    (mini_repo / ".zenodo.json").write_text(json.dumps({"communities": [{"identifier": "mini"}], "version": "old"}))
    folder = released(mini_repo)
    cff = yaml.safe_load((mini_repo / "CITATION.cff").read_text("utf-8"))
    assert cff["version"] == "0.1.0" and str(cff["date-released"]) == DATE
    assert cff["authors"][0]["family-names"] == "Doe" and cff["doi"] == "10.5281/zenodo.1234567"
    assert cff["preferred-citation"]["type"] == "data" and cff["preferred-citation"]["version"] == "0.1.0"
    shipped = yaml.safe_load((folder / "CITATION.cff").read_text("utf-8"))
    fingerprint = {"type": "other", "value": f"sha256:{releases.fingerprint(folder)}",
                   "description": "Fingerprint of release 0.1.0: the sha256 of its SHA256SUMS (`syriacw verify` "
                                  "prints it)"}
    assert cff.pop("identifiers") == [*shipped.pop("identifiers", []), fingerprint]  # only the repository's has it
    assert cff == shipped
    assert cffconvert_validate(mini_repo / "CITATION.cff").returncode == 0
    zenodo = json.loads((mini_repo / ".zenodo.json").read_text("utf-8"))
    assert zenodo["communities"] == [{"identifier": "mini"}]  # kept
    assert zenodo["version"] == "0.1.0" and zenodo["publication_date"] == DATE and zenodo["upload_type"] == "dataset"
    assert zenodo["creators"] == [{"name": "Doe, Jane Q.", "affiliation": "Somewhere", "orcid": "0000-0002-1825-0097"},
                                  {"name": "The Fixture Collective"}]
    pkg = json.loads((folder / "datapackage.json").read_text("utf-8"))
    fingerprint = hashlib.sha256((folder / "SHA256SUMS").read_bytes()).hexdigest()
    assert apa(pkg) == ("Doe, J. Q., & The Fixture Collective. (2026). Mini: a test & fixture (Version 0.1.0) "
                        "[Data set]. https://doi.org/10.5281/zenodo.1234567")
    bib = bibtex(pkg, fingerprint)
    assert "author = {Doe, Jane Q. and {The Fixture Collective}}" in bib
    assert "title = {{Mini: a test \\& fixture}}" in bib and "doi = {10.5281/zenodo.1234567}" in bib
    assert "url = {https://example.org/mini}" in bib


# --- the repository's release files ----------------------------------------------------------------------------

RELEASES = REPO / "dataset" / "releases"


def _newest():
    found = releases.versions(RELEASES)
    if not found:
        return None, None
    return found[-1], json.loads((RELEASES / found[-1] / "datapackage.json").read_text("utf-8"))


def test_repository_citation_cff_is_valid():
    result = cffconvert_validate(REPO / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_repository_citation_matches_the_newest_release():
    version, package = _newest()
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text("utf-8"))
    zenodo = json.loads((REPO / ".zenodo.json").read_text("utf-8"))
    assert cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0" and cff["authors"]
    assert cff["preferred-citation"]["title"] == cff["title"]
    assert zenodo["upload_type"] == "dataset" and zenodo["title"] == cff["title"]
    assert zenodo["license"] == cff["license"].lower() and zenodo["creators"]
    if version is None:  # nothing released yet: nothing may claim a version
        assert "version" not in cff and "date-released" not in cff and "version" not in cff["preferred-citation"]
        assert "version" not in zenodo and "publication_date" not in zenodo
    else:
        day = package["created"][:10]
        assert cff["version"] == cff["preferred-citation"]["version"] == version
        assert str(cff["date-released"]) == day
        assert zenodo["version"] == version and zenodo["publication_date"] == day
        shipped = yaml.safe_load((RELEASES / version / "CITATION.cff").read_text("utf-8"))
        assert shipped["version"] == version and shipped["title"] == cff["title"]


def test_changelog_has_one_dated_entry_per_release():
    from syriacw.releases.changelog import changelog_entries, dated_entries

    text = (REPO / "CHANGELOG.md").read_text("utf-8")
    assert changelog_entries(text), "CHANGELOG.md has no entries"
    dated = dated_entries(text)
    shipped = {v: json.loads((RELEASES / v / "datapackage.json").read_text("utf-8"))["created"][:10]
               for v in releases.versions(RELEASES)}
    assert dated == shipped


def test_released_files_never_change():
    """Every file of every release folder is in dataset/RELEASES.sha256 with its hash, and every listed file
    exists: a commit that edits, adds or removes a released file fails here."""
    assert (REPO / "dataset" / "RELEASES.sha256").is_file()
    assert releases.check_hash_list(RELEASES, REPO / "dataset" / "RELEASES.sha256") == []
    for version in releases.versions(RELEASES):
        assert verify(RELEASES / version) == [], version


def test_the_hash_list_catches_changes(repo):
    mini_repo = repo
    folder = repo / "dataset" / "releases" / "0.1.0"
    hash_list = mini_repo / "dataset" / "RELEASES.sha256"
    releases_dir = mini_repo / "dataset" / "releases"
    assert releases.check_hash_list(releases_dir, hash_list) == []
    assert len(hash_list.read_text().splitlines()) == len([p for p in folder.rglob("*") if p.is_file()])
    # a careful forger rewrites SHA256SUMS and datapackage.json too; the list in the repository still differs
    rewrite(folder, "incidents.parquet", (folder / "incidents.parquet").read_bytes() + b" ")
    problems = releases.check_hash_list(releases_dir, hash_list)
    assert {p.split(":")[0] for p in problems} == {"0.1.0/incidents.parquet", "0.1.0/datapackage.json",
                                                   "0.1.0/SHA256SUMS"}
    (folder / "extra.txt").write_text("x")
    assert "0.1.0/extra.txt: released file not listed in RELEASES.sha256" \
        in releases.check_hash_list(releases_dir, hash_list)
    shutil.rmtree(folder)
    problems = releases.check_hash_list(releases_dir, hash_list)
    assert problems and all("listed in RELEASES.sha256 but not in" in p for p in problems)


@pytest.mark.parametrize("values, allowed, expected", [
    (["a", "b", None, "b", "c"], ["a"], ["b", "c"]),
    (["a", None], ["a", "x"], []),
    ([None, None], [], []),
    (["z", "y"], [None], ["y", "z"]),
])
def test_values_not_among_the_allowed_ones_are_found_in_bulk(values, allowed, expected):
    import pandas as pd

    series, known = pd.Series(values, dtype="string"), pd.Series(allowed, dtype="string")
    assert _not_among(series, known) == expected
    assert sorted(_distinct(series)) == sorted({v for v in values if v is not None})
