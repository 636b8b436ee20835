"""The editor in a real browser: typing, gutter marks, samples, share links, upload, every page."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from harness import (ace_frame, editor_text, goto_editor_line, open_app, screenshot, set_editor_text,
                     type_in_editor, wait_for_app)
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
pytestmark = pytest.mark.browser

PAGES = [("Editor", "editor"), ("Rich message composer", "rich-message-composer"),
         ("Filled form composer", "filled-form-composer"), ("Form composer", "form-composer"),
         ("Chat summaries", "chat-summaries"),
         ("Reference", "reference")]


def _popover(page, label: str):
    page.locator('[data-testid="stPopover"] button', has_text=label).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').last
    body.wait_for()
    return body


def _close_popover(page):
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)


def _mode(page, label: str):
    return page.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name=label)


def _verdict(page):
    return page.locator('.st-key-verdict [data-testid="stAlert"]').first


def _choose_version(page, label: str):
    page.locator('[data-testid="stSelectbox"]', has_text="API version").click()
    page.get_by_role("option", name=label).click()
    wait_for_app(page)


def test_typing_broken_json_marks_the_line_in_the_list_and_the_gutter(app_url, page):
    open_app(page, app_url)
    set_editor_text(page, '{\n  "type": "message",\n  "text": "hi",\n  "recipients": "all"\n}')
    wait_for_app(page)
    _mode(page, "Request").click()
    wait_for_app(page)
    expect(_verdict(page)).to_contain_text("Valid")
    # now break it the way a person does: delete the comma at the end of line 3
    frame = ace_frame(page)
    goto_editor_line(page, 3)
    page.keyboard.press("Backspace")
    wait_for_app(page)
    expect(_verdict(page)).to_contain_text("1 error")
    expect(_verdict(page)).to_contain_text("line 4:3")
    item = page.locator('[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stVerticalBlock"]',
                        has_text="line 4:3").last
    expect(item).to_contain_text("comma is missing")
    gutter = frame.locator(".ace_gutter-cell.ace_error")
    expect(gutter).to_have_count(1)
    expect(gutter).to_have_text("4")
    screenshot(page, "editor-broken-json")
    # typing the comma back makes it valid again
    type_in_editor(page, ",")
    wait_for_app(page)
    expect(_verdict(page)).to_contain_text("Valid")
    expect(frame.locator(".ace_gutter-cell.ace_error")).to_have_count(0)


def test_loading_a_sample_says_valid_and_fills_the_editor(app_url, page):
    open_app(page, app_url)
    set_editor_text(page, "{broken")
    wait_for_app(page)
    expect(_verdict(page)).to_contain_text("error")
    body = _popover(page, "Samples")
    body.get_by_role("radio", name="v3.2").click()     # the seed's samples (the gallery opens at v3.6 here)
    wait_for_app(page)
    expect(body).to_contain_text("Events")
    expect(body).to_contain_text("Users")
    expect(body).to_contain_text("Other common structures")
    body.get_by_role("button", name="Rich message", exact=True).click()
    wait_for_app(page)
    _close_popover(page)
    expect(_verdict(page)).to_contain_text("Valid")
    expect(_verdict(page)).to_contain_text("Rich message (response)")
    expect(page.get_by_text("Loaded the spec's Rich message sample")).to_be_visible()
    assert editor_text(page) == (SAMPLES / "events" / "rich_message.json").read_text()
    # the field guide lists the sample's fields
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    screenshot(page, "editor-sample-valid")


def test_share_link_opens_the_same_text_in_a_fresh_browser(app_url, page, new_page):
    text = ('{\n  "type": "message",\n  "text": "Привет, мир! Ünïcödé 👋🏽🎉 \\u00e9",\n'
            '  "recipients": "agents"\n}')
    open_app(page, app_url)
    set_editor_text(page, text)
    wait_for_app(page)
    body = _popover(page, "Share")
    url = body.locator('[data-testid="stCode"] code').inner_text().strip()
    assert "?p=1." in url and url.startswith(app_url)
    screenshot(page, "editor-share-popover", full_page=False)
    _close_popover(page)

    other = new_page()                       # a new context: no session, no cookies
    other.goto(url)
    wait_for_app(other)
    ace_frame(other)
    assert editor_text(other) == text
    expect(other.get_by_text("Loaded the payload from a share link")).to_be_visible()
    assert "p=1." in other.url               # the link stays: a reload of the tab opens it again
    screenshot(other, "editor-opened-share-link")


def test_a_damaged_share_link_gives_a_clear_message(app_url, page):
    page.goto(app_url + "/?p=1.eJzLSM3JyVcozy_KSQEAGgQEXQ-cut-here!!")
    wait_for_app(page)
    expect(page.get_by_text("This share link could not be opened")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    ace_frame(page)


def test_upload_a_file_and_refuse_a_huge_or_binary_one(app_url, page, tmp_path):
    open_app(page, app_url)
    good = tmp_path / "customer.json"
    good.write_bytes((SAMPLES / "users" / "customer.json").read_bytes())
    body = _popover(page, "Upload")
    body.locator('input[type="file"]').set_input_files(str(good))
    expect(page.get_by_text("Loaded customer.json")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    _close_popover(page)
    assert editor_text(page) == good.read_text()
    expect(_verdict(page)).to_contain_text("Customer")

    huge = tmp_path / "huge.json"
    huge.write_bytes(b'{"a": "' + b"x" * (10 * 1024 * 1024) + b'"}')
    body = _popover(page, "Upload")
    body.locator('input[type="file"]').set_input_files(str(huge))
    # the widget itself refuses it (server.maxUploadSize = 5, the validator's bound); a file that
    # gets past it is refused by the page (tests/app: huge.json is ... bytes)
    expect(body.get_by_text("File must be 5.0MB or smaller")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    _close_popover(page)
    assert editor_text(page) == good.read_text()          # the editor keeps what it had

    binary = tmp_path / "photo.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    body = _popover(page, "Upload")
    body.locator('input[type="file"]').set_input_files(str(binary))
    expect(page.get_by_text("photo.json was not loaded")).to_be_visible(timeout=30_000)
    wait_for_app(page)
    _close_popover(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "editor-upload-refused")


def test_quick_fix_updates_the_editor_and_switching_pages_keeps_the_text(app_url, page):
    open_app(page, app_url)
    text = '{\n  "type": "message",\n  "text": "Zażółć 👋",\n  "properites": {}\n}'
    set_editor_text(page, text)
    wait_for_app(page)
    _mode(page, "Request").click()
    wait_for_app(page)
    _choose_version(page, "v3.2 · decommissioned")   # written for v3.2 (`recipients` has a default to add)
    page.get_by_role("button", name="Apply all 2").click()
    wait_for_app(page)
    fixed = '{\n  "recipients": "all",\n  "type": "message",\n  "text": "Zażółć 👋",\n  "properties": {}\n}'
    expect(_verdict(page)).to_contain_text("Valid")
    assert editor_text(page) == fixed
    for title, _ in PAGES[1:]:
        page.get_by_role("link", name=title).first.click()
        wait_for_app(page)
    page.get_by_role("link", name="Editor").first.click()
    wait_for_app(page)
    assert editor_text(page) == fixed
    expect(_mode(page, "Request")).to_have_attribute("aria-checked", "true")


def test_gutter_tooltips_never_run_payload_html(app_url, page):
    open_app(page, app_url)
    hostile = ('{"type": "message", "text": "x",\n "<img src=x onerror=\\"parent.__pwned=1;window.__pwned=1\\">": 1,\n'
               ' "<b onmouseover=alert(1)>": 2}')
    set_editor_text(page, hostile)
    wait_for_app(page)
    frame = ace_frame(page)
    cells = frame.locator(".ace_gutter-cell.ace_warning, .ace_gutter-cell.ace_error")
    expect(cells.first).to_be_visible()
    for i in range(cells.count()):
        page.mouse.move(0, 0)        # leave the gutter first: ace hides its tooltip when the
        page.wait_for_timeout(150)   # mouse goes straight from one mark to the next
        cells.nth(i).hover()
        page.wait_for_timeout(300)
    tooltip = frame.locator(".ace_tooltip")
    expect(tooltip.first).to_contain_text("<b onmouseover=alert(1)>")   # shown as text, escaped once
    assert "&lt;" not in tooltip.first.inner_text()
    assert page.evaluate("() => window.__pwned") is None
    handle = page.locator('iframe[title*="streamlit_ace"]').first.element_handle()
    assert handle.content_frame().evaluate("() => window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0
    # the issue list shows the keys literally
    expect(page.get_by_text("<b onmouseover=alert(1)>").first).to_be_visible()
    screenshot(page, "editor-hostile-keys")


def test_screenshot_every_page(app_url, page):
    open_app(page, app_url)
    body = _popover(page, "Samples")
    body.get_by_role("button", name="Rich message", exact=True).click()
    wait_for_app(page)
    _close_popover(page)
    titles = page.locator('[data-testid="stTopNavLink"]').all_inner_texts()
    titles = [t.strip().splitlines()[-1].strip() for t in titles if t.strip()]   # drop the icon
    assert [t for t, _ in PAGES] == titles[: len(PAGES)]          # every page of the issue, in order
    for title in titles:
        slug = title.lower().replace(" ", "-")
        page.get_by_role("link", name=title).first.click()
        wait_for_app(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.get_by_text("hit an unexpected problem")).to_have_count(0)
        expect(page.locator("h1").first).to_be_visible()
        screenshot(page, f"page-{slug}")
    page.get_by_role("link", name="Editor").first.click()
    wait_for_app(page)
    page.get_by_role("tab", name="Preview").click()
    page.wait_for_timeout(500)
    screenshot(page, "editor-preview-tab")
    assert json.loads(editor_text(page))["type"] == "rich_message"
