"""Shared fixtures: copies of small repositories, so tests never touch the real seeds or tables."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini_repo(tmp_path) -> Path:
    """A writable copy of tests/fixtures/mini: one document, a few valid rows of every table."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def real_repo(tmp_path) -> Path:
    """A writable copy of the repository's raw/ and seeds/ (and audit exclusions), without built tables."""
    target = tmp_path / "real"
    for folder in ("raw", "seeds"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m syriacw ARGS` in a separate process, as a user would."""
    return subprocess.run([sys.executable, "-m", "syriacw", *args], cwd=cwd, capture_output=True, text=True)


def release_mini(tmp_path_factory, date: str = "2026-01-01") -> Path:
    """A copy of tests/fixtures/mini released as 0.1.0 by the command a maintainer types; returns the repository
    (for module-scoped fixtures: one release shared by a module's tests)."""
    root = tmp_path_factory.mktemp("released") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    result = run_cli("release", "0.1.0", "--root", str(root), "--date", date)
    assert result.returncode == 0, result.stderr
    return root
