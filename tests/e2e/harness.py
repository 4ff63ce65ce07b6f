"""Start the real app with `streamlit run` and drive it in Debian's headless Chromium (Playwright).

Used by the end-to-end tests and by bench/cold_start.py. Chromium comes from the Debian package `chromium`
(`.ci/run` installs it); Playwright's own browser download is not used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> None:
    """At the top of a browser test module: skip it where Debian's chromium is missing, but never on CI."""
    import pytest

    if chromium_path() is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's chromium for the browser tests (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(timeout: float = 120, script: Path = ROOT / "app.py"):
    """Yield the base URL of `streamlit run <script>` on a free local port; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    log = tempfile.TemporaryFile()  # a file, not a pipe: a pipe nobody reads would block a chatty server
    server = subprocess.Popen(command, cwd=Path(script).parent, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            if server.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited: {log.read().decode()[-2000:]}")
            time.sleep(0.2)
        else:
            raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@contextlib.contextmanager
def browser_page(width: int = 1600, height: int = 1000):
    """A Playwright page in Debian's headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def preset_button(page, key: str = "sentiment_lstm_en"):
    """The Train button of the preset `key` (rnnviz.presets.PRESETS), found by its widget key.

    Never by its place among the "Train" buttons: the start page's preset cards are drawn column by column, not
    always from the left (measured: the third and fourth cards' buttons were in the page 20 ms before the first
    two), so "the first Train button" was, for a moment, the memory task's (issue 15).
    """
    return page.locator(f".st-key-preset_{key} button")


def open_page(page, title: str, url, timeout_ms: float = 120_000) -> None:
    """Click `title` in the sidebar's navigation and wait until that page's own run has drawn it and ended.

    url: what the new address must match (a regex or glob, as Page.wait_for_url takes it). The new page's run
    is known to have begun once the main area's heading differs from the one before the click (every page
    starts with its own st.title); only then is "not running" the end of that run, not the state before it.
    """
    heading = page.locator("[data-testid=stMain] h1")
    before = heading.first.inner_text() if heading.count() else None
    page.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()
    page.wait_for_url(url, timeout=timeout_ms)
    page.wait_for_function("before => { const h = document.querySelector('[data-testid=stMain] h1');"
                           " return h !== null && h.innerText !== before; }", arg=before, timeout=timeout_ms)
    wait_until_idle(page, timeout_ms)


def wait_until_idle(page, timeout_ms: float = 120_000) -> None:
    """Wait for the script run to finish and every placeholder skeleton to be replaced."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
    page.wait_for_function("!document.querySelector('[data-testid=stSkeleton]')", timeout=timeout_ms)
