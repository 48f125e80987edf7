"""`syriacw serve`: a real Datasette server on the loopback address, opened in Debian's Chromium driven by
Playwright (no browser download): the figures table, a facet on claimant, a canned query, and Arabic cells shown
right to left. Skipped locally without Chromium or Playwright; under CI=true their absence fails the test."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import REPO
from syriacw.exports.datasette import database_for

RELEASE = REPO / "dataset" / "releases" / "1.1.0"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _missing(message: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must install it")
    pytest.skip(message)


def _chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not found:
        _missing("Chromium is not installed (apt-get install chromium)")
    return found


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 120) -> float:
    """Seconds until `url` answers 200; fails with the server's output if it exits or never answers."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the server exited with {process.returncode}:\n{out}\n{err}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout} s")


@contextmanager
def running(command: list[str], url: str, **popen):
    """A server process started from `command`, up at `url`, stopped (by its own handle) on exit."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)
    try:
        wait_until_up(url, process)
        yield process
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """An XDG cache folder holding 1.1.0's database, built once (serve reuses it, as on a second run)."""
    home = tmp_path_factory.mktemp("xdg")
    database_for(RELEASE, cache=home / "syriacw")
    return home


def test_serve_in_a_real_browser(cache, tmp_path):
    chromium, sync_playwright = _chromium(), _playwright()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, "-m", "syriacw", "serve", "--version", "1.1.0", "--port", str(port)]
    with running(command, f"{base}/-/versions.json", env=env, cwd=REPO), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{base}/syriacw/figures")
            assert "60 rows" in page.locator("h3").first.inner_text()
            ids = page.locator("td.col-figure_id").all_inner_texts()
            assert "fig-000-01" in ids

            # an Arabic quote runs right to left, an English one left to right
            directions = page.evaluate("""() => [...document.querySelectorAll('td.col-quote')].map(td => [
                /[\\u0600-\\u06FF]/.test(td.innerText), getComputedStyle(td).direction,
                getComputedStyle(td).unicodeBidi])""")
            arabic = [d for d in directions if d[0]]
            english = [d for d in directions if not d[0]]
            assert arabic and english
            assert all(d[1:] == ["rtl", "plaintext"] for d in arabic), arabic[:3]
            assert all(d[1] == "ltr" for d in english), english[:3]

            # the claimant facet (from the metadata), then one of its values
            facet = page.locator('.facet-info[data-column="claimant_id"]')
            assert facet.count() == 1
            link = facet.locator('a[href$="claimant_id=snhr"]')
            assert link.inner_text() == "Syrian Network for Human Rights"  # the organization's label column
            link.click()
            page.wait_for_url("**claimant_id=snhr")
            assert "36 rows" in page.locator("h3").first.inner_text()
            shown = set(page.locator("td.col-claimant_id").all_inner_texts())
            assert shown and all("snhr" in s for s in shown), shown

            # a canned query: the README's Eastern Ghouta question
            page.goto(f"{base}/syriacw/eastern_ghouta_tolls")
            claimants = page.locator("td.col-claimant").all_inner_texts()
            assert claimants == ["French government", "UK Joint Intelligence Committee",
                                 "Syrian Observatory for Human Rights", "Syrian Network for Human Rights",
                                 "United States"]
            page.screenshot(path=str(tmp_path / "canned.png"))
        finally:
            browser.close()


def test_serve_listens_on_loopback_only_by_default(cache):
    port = free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [sys.executable, "-m", "syriacw", "serve", "--version", "1.1.0", "--port", str(port)]
    with running(command, f"http://127.0.0.1:{port}/syriacw.json", env=env, cwd=REPO) as process:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/syriacw/figures.json?_shape=array&_size=1") as r:
            assert json.load(r)[0]["figure_id"]
        listening = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True).stdout if shutil.which("ss") \
            else ""
        for line in listening.splitlines():
            if f":{port} " in line:
                assert "127.0.0.1:" in line, line
        assert process.poll() is None


def test_serve_names_an_unknown_release():
    result = subprocess.run([sys.executable, "-m", "syriacw", "serve", "--version", "9.9.9"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("error: no release 9.9.9") and "Traceback" not in result.stderr
