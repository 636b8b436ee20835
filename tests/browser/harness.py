"""Helpers for the browser tests (the fixtures are in conftest.py; see its docstring).

    from harness import open_app, wait_for_app, set_editor_text, editor_text, screenshot
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
ACE_IFRAME = 'iframe[title*="streamlit_ace"]'   # the patched copy's title ends in it too


def wait_for_app(page, timeout: int = 30_000, settle_ms: int = 250) -> None:
    """Wait until Streamlit is connected and idle (no "Running..."), then settle."""
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]',
                           timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !/Running/.test(document.querySelector('[data-testid=\"stStatusWidget\"]').innerText)",
        timeout=timeout)
    if settle_ms:
        page.wait_for_timeout(settle_ms // 2)


def open_app(page, url: str, path: str = "/") -> None:
    page.goto(url.rstrip("/") + path)
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stMainBlockContainer"]')


def ace_frame(page):
    """The streamlit-ace iframe (waits until its editor is there)."""
    page.wait_for_selector(ACE_IFRAME, state="attached")
    frame = page.frame_locator(ACE_IFRAME).first
    frame.locator(".ace_content").wait_for()
    return frame


def _ace_js(page, script: str, arg=None):
    handle = page.locator(ACE_IFRAME).first.element_handle()
    frame = handle.content_frame()
    return frame.evaluate(
        "([script, arg]) => { const ed = document.querySelector('.ace_editor').env.editor;"
        " return (new Function('ed', 'arg', script))(ed, arg); }", [script, arg])


def editor_text(page) -> str:
    ace_frame(page)
    return _ace_js(page, "return ed.getValue();")


def set_editor_text(page, text: str) -> None:
    """Replace the editor's text with `text` exactly (one input event, like a paste)."""
    frame = ace_frame(page)
    frame.locator(".ace_content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.insert_text(text)


def goto_editor_line(page, line: int, column: int | None = None) -> None:
    """Focus the editor and put the cursor on 1-based `line` at 0-based `column` (None: end)."""
    ace_frame(page)
    _ace_js(page, "ed.focus(); ed.gotoLine(arg[0], arg[1] === null ? 0 : arg[1], false);"
                  " if (arg[1] === null) ed.navigateLineEnd();", [line, column])


def type_in_editor(page, keys: str, delay: float = 0) -> None:
    """Type keystrokes at the editor's cursor (Ace's auto-pairing and indent apply)."""
    ace_frame(page).locator(".ace_text-input").focus()
    page.keyboard.type(keys, delay=delay)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """A PNG of the page in screenshots/<name>.png. Streamlit scrolls inside its own main
    container, so for a full page the viewport is stretched to the content's height first."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if full_page and size:
        height = page.evaluate(
            "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
            " return m ? m.scrollHeight : document.body.scrollHeight; }")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 80, 8000))})
        page.wait_for_timeout(300)
    try:
        page.screenshot(path=str(path), full_page=full_page)
    finally:
        if full_page and size:
            page.set_viewport_size(size)
    return path
