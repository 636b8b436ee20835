"""The editor and the API version in a real browser: a v3.6 payload is detected as v3.6, the
verdict under every version, a click on v3.2 shows why it fails there (in the list and the
gutter), and "Migrate to another version" turns it into a v3.2 payload."""
from __future__ import annotations

import pytest
from pathlib import Path

from harness import ace_frame, editor_text, open_app, screenshot, set_editor_text, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
V36_MESSAGE = (ROOT / "samples" / "v3_6" / "events" / "message.json").read_text()   # has `visibility`


def _verdict(page):
    return page.locator('.st-key-verdict [data-testid="stAlert"]').first


def test_a_v36_payload_is_detected_compared_and_migrated_to_v32(app_url, page):
    open_app(page, app_url)
    set_editor_text(page, V36_MESSAGE)          # a returned event, as v3.6's page shows it
    wait_for_app(page)
    verdict = _verdict(page)
    expect(verdict).to_contain_text("Valid")
    expect(verdict).to_contain_text("API v3.6 · stable, detected")
    expect(verdict).to_contain_text("visibility")
    row = page.locator(".st-key-version-matrix")
    expect(row.get_by_role("button")).to_have_count(6)
    expect(row).to_contain_text("v3.6 · valid")
    screenshot(page, "editor-versions-detected-v36")

    # the v3.2 verdict: one keyboard-reachable button; pressing Enter on it switches
    v32 = row.get_by_role("button", name="v3.2", exact=False).first
    expect(v32).to_contain_text("error")
    v32.focus()
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(verdict).to_contain_text("1 error")
    expect(verdict).to_contain_text("API v3.2 · decommissioned, as chosen")
    expect(verdict).to_contain_text("By its fields this payload fits v3.4–v3.7")
    issue = page.locator('[data-testid="stMarkdownContainer"]', has_text="has no recipients").first
    expect(issue).to_contain_text("always returned")
    expect(issue).to_contain_text("which replaced recipients in v3.4")
    expect(row.get_by_role("button", name="v3.2 · 1 error")).to_have_attribute("data-testid", "stBaseButton-primary")
    gutter = ace_frame(page).locator(".ace_gutter-cell.ace_error")
    expect(gutter).to_have_count(1)
    screenshot(page, "editor-versions-v32-chosen")

    # migrate it to v3.2: a diff first, then Apply replaces the text
    page.get_by_text("Migrate to another version").click()
    wait_for_app(page)
    panel = page.locator(".st-key-migrate-panel")
    panel.locator('[data-testid="stSelectbox"]').click()
    page.get_by_role("option", name="v3.2 · decommissioned").click()
    wait_for_app(page)
    diff = panel.locator('[data-testid="stCode"]').first
    expect(diff).to_contain_text('-  "visibility": "all",')
    expect(diff).to_contain_text('+  "recipients": "all",')
    screenshot(page, "editor-versions-migrate-diff")
    panel.get_by_role("button", name="Apply").click()
    wait_for_app(page)
    assert editor_text(page) == V36_MESSAGE.replace('"visibility"', '"recipients"')
    expect(verdict).to_contain_text("Valid")
    expect(verdict).to_contain_text("v3.2")
    expect(page.get_by_text("Migrated from v3.6 to v3.2")).to_be_visible()
    expect(ace_frame(page).locator(".ace_gutter-cell.ace_error")).to_have_count(0)
    screenshot(page, "editor-versions-migrated")


def test_samples_of_a_version_and_a_share_link_with_the_version(app_url, page, new_page):
    open_app(page, app_url)
    page.locator('[data-testid="stPopover"] button', has_text="Samples").first.click()
    body = page.locator('[data-testid="stPopoverBody"]').last
    body.get_by_role("radio", name="v3.6").click()
    wait_for_app(page)
    expect(body).to_contain_text("v3.6 · stable spec page")
    screenshot(page, "editor-versions-samples-v36", full_page=False)
    body.get_by_role("button", name="System", exact=True).click()
    wait_for_app(page)
    page.keyboard.press("Escape")
    system = (ROOT / "samples" / "v3_6" / "events" / "system.json").read_text()
    assert editor_text(page) == system
    expect(_verdict(page)).to_contain_text("Valid")
    expect(page.get_by_role("combobox", name="API version")).to_have_value("v3.6 · stable")

    page.locator('[data-testid="stPopover"] button', has_text="Share").first.click()
    url = page.locator('[data-testid="stPopoverBody"]').last.locator('[data-testid="stCode"] code').inner_text().strip()
    assert "&v=3.6" in url
    page.keyboard.press("Escape")
    other = new_page()
    other.goto(url)
    wait_for_app(other)
    ace_frame(other)
    assert editor_text(other) == system
    expect(other.get_by_text("checked against v3.6")).to_be_visible()
    expect(_verdict(other)).to_contain_text("API v3.6 · stable, as chosen")

    other.goto(url.replace("v=3.6", "v=%3Cscript%3E9.9"))
    wait_for_app(other)
    expect(other.get_by_text("does not know")).to_be_visible()
    expect(_verdict(other)).to_contain_text("detected")
    screenshot(other, "editor-versions-foreign-version-link")
