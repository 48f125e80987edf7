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
