"""The composers in a real browser: compose a carousel, see its preview, open it in the editor;
a rich message typed in the editor round-trips through the composer; bad input is explained."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from harness import editor_text, open_app, screenshot, set_editor_text, wait_for_app
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
RM_TEXT = (ROOT / "samples" / "events" / "rich_message.json").read_text(encoding="utf-8")
pytestmark = pytest.mark.browser


def widget(page, prefix: str, pointer: str, suffix: str = ""):
    """A composer widget by its key <prefix>:<rev>:<pointer>:<suffix> (Streamlit turns the key into
    the class st-key-<prefix>-<rev>-<pointer>-<suffix>, with / and : as -)."""
    tail = (pointer + ":" + suffix).replace("/", "-").replace(":", "-")
    return page.locator(f'[class*="st-key-{prefix}-"][class*="-{tail} "], '
                        f'[class*="st-key-{prefix}-"][class$="-{tail}"]').first


def editor_shows(page, text: str, words: str) -> None:
    """Put text in the editor and wait until its verdict has seen it (the editor sends edits
    after a debounce; navigating before they arrive would open the old text)."""
    set_editor_text(page, text)
    wait_for_app(page)
    expect(page.locator(".st-key-verdict").first).to_contain_text(words, timeout=30_000)


def go(page, title: str) -> None:
    page.get_by_role("link", name=title).first.click()
    wait_for_app(page)


def type_into(page, prefix: str, pointer: str, text: str) -> None:
    box = widget(page, prefix, pointer).locator("input, textarea").first
    box.fill(text)
    box.press("Enter")                                   # commits the text input
    box.evaluate("el => el.blur()")
    wait_for_app(page, settle_ms=600)


def shot(page, name: str, full_page: bool = True) -> None:
    page.mouse.move(1, 1)                                # no tooltip in the picture
    page.wait_for_timeout(300)
    screenshot(page, name, full_page=full_page)


def test_compose_a_carousel_see_it_and_open_it_in_the_editor(app_url, page):
    open_app(page, app_url)
    go(page, "Rich message composer")
    # the editor holds a message: the composer says so and offers a start
    expect(page.get_by_text("not a rich message")).to_be_visible()
    page.get_by_role("button", name="Start a blank rich message").click()
    wait_for_app(page)
    type_into(page, "rmc", "/elements/0/title", "Summer sale")
    type_into(page, "rmc", "/elements/0/subtitle", "Two days only")
    widget(page, "rmc", "/elements", "add").get_by_role("button").click()
    wait_for_app(page)
    type_into(page, "rmc", "/elements/1/title", "New arrivals")
    widget(page, "rmc", "/elements/1/buttons", "add").get_by_role("button").click()
    wait_for_app(page)
    type_into(page, "rmc", "/elements/1/buttons/0/text", "Shop now")
    carousel = page.locator(".lcp-carousel")
    expect(carousel).to_be_visible()
    expect(carousel.locator(".lcp-card")).to_have_count(2)
    expect(carousel).to_contain_text("Summer sale")
    expect(carousel).to_contain_text("New arrivals")
    expect(carousel).to_contain_text("Shop now")
    code = page.locator('[data-testid="stCode"]').first
    expect(code).to_contain_text('"title": "New arrivals"')
    expect(page.get_by_text("Valid Rich message (request)")).to_be_visible()
    shot(page, "composer-carousel")

    page.get_by_role("button", name="Open in editor").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="JSON editor")).to_be_visible()
    sent = json.loads(editor_text(page))
    assert [e["title"] for e in sent["elements"]] == ["Summer sale", "New arrivals"]
    assert sent["elements"][1]["buttons"][0]["text"] == "Shop now"
    shot(page, "composer-in-editor")


def test_the_fourteenth_button_is_refused_in_the_browser(app_url, page):
    data = json.loads(RM_TEXT)
    data["elements"][0]["buttons"] = [
        {"text": f"Option {i}", "type": "message", "value": f"o{i}", "postback_id": f"p{i}", "user_ids": []}
        for i in range(13)]
    open_app(page, app_url)
    editor_shows(page, json.dumps(data, indent=2), "Rich message")
    go(page, "Rich message composer")
    expect(page.get_by_text("buttons (13 of 13)")).to_be_visible()
    widget(page, "rmc", "/elements/0/buttons", "add").get_by_role("button").click()
    wait_for_app(page)
    refusal = page.locator('[data-testid="stAlert"]', has_text="Can contain up to 13 button objects.")
    expect(refusal).to_be_visible()
    refusal.scroll_into_view_if_needed()
    shot(page, "composer-button-limit", full_page=False)


def test_a_payload_typed_in_the_editor_round_trips_and_shows_issues_at_fields(app_url, page):
    data = json.loads(RM_TEXT)
    data = {"x-trace": {"hop": 1}, **data}
    data["elements"][0]["buttons"][1].update({"type": "url", "value": "javascript:alert(1)"})
    text = json.dumps(data, indent=4, ensure_ascii=False)
    open_app(page, app_url)
    editor_shows(page, text, "Rich message")
    go(page, "Rich message composer")
    expect(page.get_by_text("Opened the rich message from the editor")).to_be_visible()
    value_box = widget(page, "rmc", "/elements/0/buttons/1/value")
    expect(value_box.locator("input")).to_have_value("javascript:alert(1)")
    expect(page.locator('[data-testid="stAlert"]', has_text="drops url buttons")).to_be_visible()
    expect(page.get_by_text("x-trace").first).to_be_visible()
    page.locator('[data-testid="stAlert"]', has_text="drops url buttons").scroll_into_view_if_needed()
    shot(page, "composer-issue-at-field", full_page=False)
    page.get_by_role("button", name="Open in editor").click()
    wait_for_app(page)
    assert editor_text(page) == text            # nothing edited: the very same text


def test_invalid_json_in_the_editor_is_explained_and_the_form_composer_works(app_url, page):
    open_app(page, app_url)
    editor_shows(page, '{"type": "filled_form", "fields": [', "error")
    go(page, "Filled form composer")
    expect(page.get_by_text("Invalid JSON at line 1")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    shot(page, "composer-invalid-json", full_page=False)
    page.get_by_role("button", name="Start from the spec's sample").click()
    wait_for_app(page)
    type_into(page, "ffc", "/fields/1/answer", "not-an-email")
    expect(page.locator('[data-testid="stAlert"]', has_text="does not look like an e-mail")).to_be_visible()
    expect(page.locator(".lcp-root")).to_contain_text("Company industry")
    shot(page, "composer-filled-form")
