"""Issue 17, "readers that skip the checksums" and "a consistent tamper passes verify": every reader of a release
checks it, against an anchor outside the release folder. Each test works on a copy of the shipped dataset/
(releases 1.0.0 and 1.1.0) standing in for the installed package's; fig-001-01's 1510 becomes 9999."""
from __future__ import annotations

import io
import os
import shutil

import pytest

import syriacw
from trust_support import (FORGED, RIGHT, TAMPERED_ID, clean_refusal, copy_dataset, run_cli_shipped, ship,
                           tamper_figures)

SELECT = f"SELECT value FROM figures WHERE figure_id = '{TAMPERED_ID}'"
VERSIONS = {"exact": ["--version", "1.1.0"], "newest": []}


READERS = {
    "load": lambda version: syriacw.load("figures", version=version),
    "connect": syriacw.connect,
    "reconcile": lambda version: syriacw.reconcile("casualty_totals", version=version),
}
KINDS = ("tampered", "forged")


def newest(dataset) -> str:
    from syriacw.releases.find import versions

    return versions(dataset / "releases")[-1]


@pytest.fixture
def tampered(tmp_path):
    dataset = copy_dataset(tmp_path / "dataset")
    for version in ("1.1.0", newest(dataset)):  # the one named, and the one read by default
        tamper_figures(dataset / "releases" / version)
    return dataset


@pytest.fixture
def forged(tmp_path):
    """figures.parquet rewritten together with its hash in datapackage.json and SHA256SUMS."""
    dataset = copy_dataset(tmp_path / "dataset")
    for version in ("1.1.0", newest(dataset)):
        tamper_figures(dataset / "releases" / version, consistently=True)
    return dataset


def _refused(exc_info, *words):
    assert "Tampered" in type(exc_info.value).__name__, repr(exc_info.value)
    for word in words:
        assert word in str(exc_info.value)


# --- load, connect, reconcile in Python; sql and reconcile on the command line --------------------------------

@pytest.mark.parametrize("kind, reader", [
    pytest.param(kind, reader, id=f"{kind}-{reader}") for kind in KINDS for reader in READERS])
def test_every_reader_refuses_an_altered_release(request, monkeypatch, kind, reader):
    """`tampered`: figures.parquet altered; `forged`: also its hash in datapackage.json and SHA256SUMS."""
    ship(monkeypatch, request.getfixturevalue(kind))
    with pytest.raises(Exception) as exc_info:
        READERS[reader]("1.1.0")
    _refused(exc_info, "figures.parquet")


@pytest.mark.parametrize("which", VERSIONS)
def test_sql_refuses_a_tampered_release(tampered, which):
    result = run_cli_shipped(tampered, "sql", SELECT, "--format", "csv", *VERSIONS[which], cwd=tampered.parent)
    assert str(FORGED) not in result.stdout
    clean_refusal(result, 2, "figures.parquet")


@pytest.mark.parametrize("which", VERSIONS)
def test_reconcile_refuses_a_tampered_release(tampered, which):
    result = run_cli_shipped(tampered, "reconcile", "casualty_totals", "--format", "csv", *VERSIONS[which],
                             cwd=tampered.parent)
    clean_refusal(result, 2, "figures.parquet")


# --- load() parses the bytes it hashed -------------------------------------------------------------------------

def test_load_parses_the_bytes_it_hashed(tmp_path, monkeypatch):
    """figures.parquet is swapped for a forged one right after load() first reads it (to hash it): load() must
    return the hashed (intact) values or refuse, never the swapped file's."""
    dataset = copy_dataset(tmp_path / "dataset")
    release = dataset / "releases" / "1.1.0"
    spare = copy_dataset(tmp_path / "spare") / "releases" / "1.1.0"
    tamper_figures(spare)
    target, swapped = str(release / "figures.parquet"), []
    real_open = io.open

    def open_then_swap(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if not swapped and "r" in mode and isinstance(file, (str, os.PathLike)) and os.fspath(file) == target:
            data = handle.read()
            handle.close()
            shutil.copyfile(spare / "figures.parquet", target)
            swapped.append(True)
            return io.BytesIO(data)
        return handle

    ship(monkeypatch, dataset)
    monkeypatch.setattr(io, "open", open_then_swap)
    monkeypatch.setattr("builtins.open", open_then_swap)
    try:
        figures = syriacw.load("figures", version="1.1.0")
    except Exception as exc:  # refusing the swapped file is as good as parsing the hashed bytes
        assert "Tampered" in type(exc).__name__, repr(exc)
        return
    finally:
        monkeypatch.undo()
    assert swapped, "load() never read figures.parquet through Python's open"
    assert figures.loc[figures["figure_id"] == TAMPERED_ID, "value"].tolist() == [RIGHT]


# --- a consistent tamper, a renamed or symlinked release --------------------------------------------------------

def test_verify_catches_a_consistent_tamper(forged):
    result = run_cli_shipped(forged, "verify", str(forged / "releases" / "1.1.0"), cwd=forged.parent)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and "figures.parquet" in result.stdout + result.stderr


def test_sql_refuses_a_consistent_tamper(forged):
    result = run_cli_shipped(forged, "sql", SELECT, "--version", "1.1.0", cwd=forged.parent)
    assert str(FORGED) not in result.stdout
    clean_refusal(result, 2, "figures.parquet")


def _named_unlike_its_version(dataset, tmp_path):
    """Release 1.1.0, intact, copied into a folder named 1.9.0."""
    shutil.copytree(dataset / "releases" / "1.1.0", dataset / "releases" / "1.9.0")
    return "1.9.0", "1.9.0"


def _symlinked(dataset, tmp_path):
    """releases/1.1.0 is a symlink to an intact copy elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(dataset / "releases" / "1.1.0", elsewhere)
    (dataset / "releases" / "1.1.0").symlink_to(elsewhere, target_is_directory=True)
    return "1.1.0", "symlink"


ODD_FOLDERS = {"named-unlike-its-version": _named_unlike_its_version, "symlinked": _symlinked}


@pytest.fixture(params=ODD_FOLDERS)
def odd_release(request, tmp_path):
    """(dataset, version, word the refusal names): an intact release in a folder that must not be served."""
    dataset = copy_dataset(tmp_path / "dataset")
    return (dataset, *ODD_FOLDERS[request.param](dataset, tmp_path))


def test_load_refuses_a_renamed_or_symlinked_release_folder(odd_release, monkeypatch):
    dataset, version, word = odd_release
    ship(monkeypatch, dataset)
    with pytest.raises(Exception, match=word):
        syriacw.load("figures", version=version)


def test_verify_refuses_a_renamed_or_symlinked_release_folder(odd_release):
    dataset, version, word = odd_release
    result = run_cli_shipped(dataset, "verify", version, cwd=dataset.parent)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1 and word in result.stdout + result.stderr


def test_verify_hashes_each_file_of_a_release_once(monkeypatch):
    """verify compares every file with the anchor and with SHA256SUMS: two passes over the release (7 GB at 10^6
    figures), which share one per-process record of each file's hash while the file is unchanged."""
    import hashlib

    from syriacw.releases import checksums, find
    from syriacw.releases.verify import verify

    folder = find.table_dir(None)
    hashed: list[str] = []
    real = hashlib.file_digest

    def counting(fh, name):
        hashed.append(fh.name)
        return real(fh, name)

    monkeypatch.setattr(hashlib, "file_digest", counting)
    monkeypatch.setattr(checksums, "_digests", {})
    assert verify(folder) == []
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert sorted(hashed) == sorted(str(p) for p in files if p.name not in ("SHA256SUMS", "datapackage.json"))
