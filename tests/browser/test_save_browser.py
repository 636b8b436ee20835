"""Save a 1 MB payload and open its short link in a fresh browser (a new context: no session)."""
from __future__ import annotations

import pytest
from harness import ace_frame, editor_text, open_app, screenshot, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _popover(page, label: str):
    page.locator('[data-testid="stPopover"] button', has_text=label).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').last
    body.wait_for()
    return body


def _one_mb_payload() -> str:
    lines = [f'    "line {n:05d}: Привет 👋🏽 <b>not bold</b> \\"quoted\\" {"x" * 30}"' for n in range(12_500)]
    text = '{\n  "type": "custom",\n  "content": {\n   "lines": [\n' + ",\n".join(lines) + "\n   ]\n  }\n}\n"
    assert len(text.encode("utf-8")) > 1024 * 1024
    return text


def test_save_a_1_mb_payload_and_open_its_short_link_in_a_fresh_browser(app_url, page, new_page, tmp_path):
    text = _one_mb_payload()
    upload = tmp_path / "big.json"
    upload.write_bytes(text.encode("utf-8"))
    open_app(page, app_url)
    body = _popover(page, "Upload")                   # 1 MB arrives faster as a file than as keystrokes
    body.locator('input[type="file"]').set_input_files(str(upload))
    expect(page.get_by_text("Loaded big.json")).to_be_visible(timeout=60_000)
    wait_for_app(page)
    page.keyboard.press("Escape")

    body = _popover(page, "Save")
    body.get_by_label("Title (optional)").fill("one megabyte <i>test</i>")
    body.get_by_label("Title (optional)").press("Enter")
    wait_for_app(page)
    body.get_by_role("button", name="Save", exact=True).click()
    wait_for_app(page)
    expect(body.get_by_text("This short link opens it")).to_be_visible(timeout=30_000)
    url = body.locator('[data-testid="stCode"] code').inner_text().strip()
    assert url.startswith(app_url) and "?s=" in url and "p=" not in url and len(url) < 80
    expect(body.get_by_text("Saved “one megabyte <i>test</i>”")).to_be_visible()   # escaped, not italic
    screenshot(page, "save-popover", full_page=False)
    page.keyboard.press("Escape")

    other = new_page()                                  # another browser: nothing of page's session
    other.goto(url)
    wait_for_app(other)
    ace_frame(other)
    expect(other.get_by_text("Opened the saved payload “one megabyte <i>test</i>”")).to_be_visible(timeout=60_000)
    assert editor_text(other) == text
    assert "?s=" in other.url                           # the link stays in the address bar
    expect(other.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(other, "save-opened-short-link", full_page=False)
    other.reload()                                      # a reload opens it again
    wait_for_app(other)
    ace_frame(other)
    expect(other.get_by_text("Opened the saved payload")).to_be_visible(timeout=60_000)
    assert editor_text(other) == text

    missing = new_page()
    missing.goto(app_url + "/?s=AAAAAAAAAAAAAAAA")
    wait_for_app(missing)
    expect(missing.get_by_text("This saved payload could not be opened")).to_be_visible()
    expect(missing.locator('[data-testid="stException"]')).to_have_count(0)
    ace_frame(missing)
    screenshot(missing, "save-unknown-id", full_page=False)
