"""The editor in Chromium: Detect mode, the ace options (no autocompletion popup, `{` over a
selection, wrap, one-click Copy, the gutter tooltip inside the frame), drafts across a reload,
Undo / Redo of a sample and of Open in editor, a share link's tab after a reload.

Two journeys over the shared server (conftest.py); screenshots editor-history-*.png.
"""
from __future__ import annotations

import pytest
from harness import _ace_js, ace_frame, editor_text, open_app, screenshot, set_editor_text, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
REQUEST = '{\n  "type": "message",\n  "text": "typed in the browser",\n  "visibility": "all"\n}'


def _verdict(page):
    return page.locator('.st-key-verdict [data-testid="stAlert"]').first


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def _popover(page, label: str):
    page.locator('[data-testid="stPopover"] button', has_text=label).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').last
    body.wait_for()
    return body


def test_detect_ace_options_draft_and_undo(app_url, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    open_app(page, app_url)
    set_editor_text(page, REQUEST)
    wait_for_app(page)
    # Detect (the default) takes a payload without the server's fields as a request
    expect(_verdict(page)).to_contain_text("Valid")
    expect(_verdict(page)).to_contain_text("Request, detected: has none of the fields the server adds")
    frame = ace_frame(page)

    # the patched ace: no autocompletion, no bracket behaviours, lines wrapped
    assert _ace_js(page, "return [ed.getOption('enableLiveAutocompletion'), ed.getOption('enableBasicAutocompletion'),"
                         " ed.getOption('behavioursEnabled'), ed.session.getUseWrapMode()];") == [False, False, False, True]
    _ace_js(page, "ed.focus(); ed.gotoLine(3, 10, false);")
    page.keyboard.type("typ", delay=60)              # a word of the text: no popup offers "typed"
    page.wait_for_timeout(500)
    assert frame.locator(".ace_autocomplete").count() == 0 or not frame.locator(".ace_autocomplete").first.is_visible()
    page.keyboard.press("Enter")                     # Enter breaks the line, accepts nothing
    page.wait_for_timeout(200)
    assert "typ\n" in editor_text(page) and "typtyped" not in editor_text(page)
    # `{` over a selection replaces it (ace would wrap it: {browser})
    set_editor_text(page, '{"type": "message", "text": "browser"}')
    wait_for_app(page)
    _ace_js(page, "const r = ed.find('browser'); ed.selection.setRange(r);")
    page.keyboard.type("{")
    page.wait_for_timeout(200)
    assert editor_text(page) == '{"type": "message", "text": "{"}'
    # a long line wraps: more screen rows than lines
    long_text = '{"type": "message", "text": "' + "wrap me " * 80 + '", "visibility": "all"}'
    set_editor_text(page, long_text)
    wait_for_app(page)
    assert _ace_js(page, "return ed.session.getScreenLength();") > 3
    # the gutter tooltip stays inside the editor's frame, wrapped
    set_editor_text(page, '{"type": "message", "text": "x", "visibility": "all", "' + "k" * 300 + '": 1}')
    wait_for_app(page)
    cell = frame.locator(".ace_gutter-cell.ace_warning, .ace_gutter-cell.ace_error").first
    expect(cell).to_be_visible()
    cell.hover()
    tip = frame.locator(".ace_tooltip").first
    expect(tip).to_be_visible()
    page.wait_for_timeout(300)
    box = tip.evaluate("t => { const r = t.getBoundingClientRect(); return [r.left, r.right, window.innerWidth]; }")
    assert box[0] >= 0 and box[1] <= box[2], box
    screenshot(page, "editor-history-tooltip", full_page=False)
    page.mouse.move(5, 5)

    # Copy: one click copies the whole text
    set_editor_text(page, REQUEST)
    wait_for_app(page)
    frame.locator("#pg-copy").click()
    expect(frame.locator("#pg-copy")).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == REQUEST

    # a reload finds the draft
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Restored your draft from this browser")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    assert editor_text(page) == REQUEST
    screenshot(page, "editor-history-draft")

    # a sample replaces the text; Undo brings the draft back, Redo the sample
    body = _popover(page, "Samples")
    body.get_by_role("button", name="Rich message", exact=True).first.click()
    wait_for_app(page)
    page.keyboard.press("Escape")
    sample = editor_text(page)
    assert '"rich_message"' in sample
    expect(_verdict(page)).to_contain_text("Response, detected")
    _button(page, "Undo").click()
    wait_for_app(page)
    assert editor_text(page) == REQUEST
    _button(page, "Redo").click()
    wait_for_app(page)
    assert editor_text(page) == sample
    body = _popover(page, "Recent")
    expect(body.get_by_role("button").first).to_contain_text("Message · v3.6")
    screenshot(page, "editor-history-recent", full_page=False)


def test_undo_open_in_editor_and_a_share_links_tab_after_reload(app_url, new_page):
    page = new_page()
    open_app(page, app_url)
    set_editor_text(page, REQUEST)
    wait_for_app(page)
    page.get_by_role("link", name="Rich message composer").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Start from the spec's sample").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Open in editor").first.click()
    wait_for_app(page)
    ace_frame(page)
    composed = editor_text(page)
    assert '"rich_message"' in composed
    _button(page, "Undo").click()
    wait_for_app(page)
    assert editor_text(page) == REQUEST
    _button(page, "Redo").click()
    wait_for_app(page)
    assert editor_text(page) == composed

    body = _popover(page, "Share")
    url = body.locator('[data-testid="stCode"] code').inner_text().strip()
    page.keyboard.press("Escape")
    other = new_page()
    other.goto(url)
    wait_for_app(other)
    ace_frame(other)
    assert editor_text(other) == composed and "p=1." in other.url
    other.reload()                                    # the tab keeps working
    wait_for_app(other)
    ace_frame(other)
    other.wait_for_timeout(800)
    wait_for_app(other)
    assert editor_text(other) == composed and "p=1." in other.url
    screenshot(other, "editor-history-share-reload")
