"""Shared browser harness: one Streamlit server per test session, Debian's Chromium, helpers.

Use it from any test in tests/browser/ (mark the test ``@pytest.mark.browser``):

    def test_something(app_url, page):
        open_app(page, app_url)                      # goto + wait_for_app
        set_editor_text(page, '{"type": "message"}') # replace the ace editor's text
        wait_for_app(page)                           # Streamlit idle again
        expect(page.get_by_text("Valid")).to_be_visible()
        screenshot(page, "my-page")                  # -> screenshots/my-page.png

Fixtures
- ``app_server`` (session): starts ``streamlit run playground/app/main.py`` on a free port with
  ``--server.headless true`` (never 8501), polls ``/_stcore/health`` until "ok", yields the base
  URL ("http://127.0.0.1:<port>") and stops the server (its whole process group) at the end. Its
  log is in ``screenshots/streamlit-server.log``. ``app_url`` is the same URL.
- ``browser`` (session): Debian's Chromium (/usr/bin/chromium, or $PLAYGROUND_CHROMIUM) driven by
  Playwright's sync API with the flags of the team brief. Skips the test when Chromium is absent.
- ``page``: a fresh browser context (no cookies, no session) and page, 1440x1000; closed after.
  ``new_page`` is a factory for more isolated pages in one test (e.g. open a share link "in a new
  browser").

Helpers (plain functions in tests/browser/harness.py: ``from harness import wait_for_app, ...``)
- ``wait_for_app(page, timeout=30_000, settle_ms=250)``: waits until Streamlit is idle: connected,
  no script running ("Running..." gone), then lets ``settle_ms`` pass. Call it after every action
  that re-runs the app. It first waits ``settle_ms`` so that a just-typed keystroke (streamlit-ace
  sends edits after a 200 ms debounce) has started its run.
- ``ace_frame(page)``: the FrameLocator of the streamlit-ace iframe (there are other iframes, e.g.
  components of other pages; this finds the one titled ``streamlit_ace...``).
- ``set_editor_text(page, text)``: focuses the editor, selects all and inserts `text` in one input
  event (no auto-closing brackets, no auto-indent: the text arrives exactly as given).
- ``goto_editor_line(page, line, column=None)``: focuses the editor and moves the cursor (1-based
  line; column None = end of the line), so the next keystrokes land there.
- ``type_in_editor(page, keys, delay=0)``: types keystrokes at the cursor (as a person would;
  Ace's auto-pairing applies).
- ``editor_text(page)``: the text the editor currently shows (read from Ace itself).
- ``screenshot(page, name)``: full-page PNG in ``screenshots/`` (gitignored).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness import SCREENSHOTS  # noqa: F401 - helpers live in harness.py

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "playground" / "app" / "main.py"
CHROMIUM = os.environ.get("PLAYGROUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1440, "height": 1000}
SERVER_START_TIMEOUT = 90


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# -- the server ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log_path: Path, extra_env: dict | None = None) -> subprocess.Popen:
    """`extra_env` is added to the server's environment (e.g. LIVECHAT_API_URL for a second
    server pointed at a stand-in API)."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP),
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # saved payloads (playground/storage) go to a throwaway SQLite file, never the repo or ~/.local
    env.pop("PLAYGROUND_DB_URL", None)
    env["PLAYGROUND_DB_PATH"] = str(Path(tempfile.mkdtemp(prefix="playground-test-db-")) / "saved.sqlite3")
    env.update(extra_env or {})
    log = open(log_path, "w")
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def wait_healthy(url: str, proc: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not become healthy in {timeout}s:\n{log_path.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)     # the group started for this server only
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server():
    SCREENSHOTS.mkdir(exist_ok=True)
    port = free_port()
    log_path = SCREENSHOTS / "streamlit-server.log"
    proc = start_server(port, log_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log_path, SERVER_START_TIMEOUT)
        yield url
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server


# -- the browser -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright
    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()
        pw.stop()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(**kw):
        ctx = browser.new_context(viewport=VIEWPORT, **kw)
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()
