"""The reference in every version, in a real browser: pick v3.6 (LiveChat's stable version),
compare it with v3.2 and read what changed. Screenshots in screenshots/reference-versions-*.png."""
from __future__ import annotations

import pytest
from harness import open_app, screenshot, wait_for_app
from playwright.sync_api import expect

from playground.spec import catalog
from playground.teaching import reference as R

pytestmark = pytest.mark.browser


def _main(page):
    return page.locator('[data-testid="stMain"]')


def choose(page, select_label: str, option: str) -> None:
    """Pick an option of a selectbox by typing to filter it, then clicking it."""
    _main(page).get_by_label(select_label, exact=True).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_reference_at_v3_6_compared_with_v3_2(app_url, page):
    open_app(page, app_url, "/")
    page.get_by_role("link", name="Reference", exact=True).click()
    wait_for_app(page)
    main = _main(page)
    choose(page, "API version", R.version_label("3.6"))
    assert "api=3.6" in page.url
    choose(page, "Structure", "Events · Message")
    expect(main.get_by_role("heading", name="Message")).to_be_visible()
    old, new = catalog.audience_field("3.2"), catalog.audience_field("3.6")
    # the versions column: the audience field since v3.4, under its old name before
    expect(main.get_by_text(f"3.4–3.7; as {old}: 3.2–3.3").first).to_be_visible()
    screenshot(page, "reference-versions-message-v3.6")

    choose(page, "Compare with", R.version_label("3.2"))
    assert "compare=3.2" in page.url
    expect(main.get_by_role("heading", name="What changed from v3.2 to v3.6")).to_be_visible()
    changes = main.locator('[data-testid="stTable"]').last
    expect(changes).to_be_visible()
    rename = changes.locator("tr", has_text="renamed").first
    expect(rename).to_contain_text(old)
    expect(rename).to_contain_text(new)
    expect(rename).to_contain_text("All Events had the recipients field renamed to visibility.")
    rename.scroll_into_view_if_needed()
    screenshot(page, "reference-versions-compare-v3.2")

    # v3.7 renames Chat summary: the entry follows, the comparison with v3.6 says so
    choose(page, "Structure", "Other common structures · Chat summary")
    choose(page, "API version", R.version_label("3.7"))
    expect(main.get_by_role("heading", name="Chat info", exact=True)).to_be_visible()
    assert "structure=chat_info" in page.url
    choose(page, "Compare with", R.version_label("3.6"))
    expect(main.get_by_role("heading", name="What changed from v3.6 to v3.7")).to_be_visible()
    expect(main.locator('[data-testid="stTable"]').last.locator("tr", has_text="chat_summary")).to_contain_text("chat_info")
    screenshot(page, "reference-versions-chat-info")
