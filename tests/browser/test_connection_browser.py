"""A new user connects a LiveChat account, in Chromium, against the local stand-in API.

A second app server (this module's own) runs with LIVECHAT_API_URL pointing at the stand-in
(tests/live/standin.py, a thread of this process). One journey: connect (the token in a
password field, emptied at once; the account shown), compose a rich message and send it to a
chat, open that chat in the editor, load the account's chats into the tables, open a chat from
the bar; a failed send says why and the composition stays. The token never reaches the page,
the URL, the server's log, nor a second browser. Screenshots: screenshots/connection-*.png.
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import SERVER_START_TIMEOUT, free_port, start_server, stop_server, wait_healthy
from harness import SCREENSHOTS, editor_text, open_app, screenshot, wait_for_app
from tests.live.standin import StandIn


@pytest.fixture(scope="module")
def live_app():
    SCREENSHOTS.mkdir(exist_ok=True)
    with StandIn() as api:
        port = free_port()
        log_path = SCREENSHOTS / "streamlit-live-server.log"
        proc = start_server(port, log_path, {"LIVECHAT_API_URL": api.url})
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc, log_path, SERVER_START_TIMEOUT)
            yield api, url, log_path
        finally:
            stop_server(proc)


def secrets(api) -> list[str]:
    return [api.pat, api.basic, "s3cr3t"]


def assert_page_has_no_token(page, api) -> None:
    html = page.content() + page.url
    values = page.evaluate("() => Array.from(document.querySelectorAll('input, textarea')).map(e => e.value).join('\\n')")
    for s in secrets(api):
        assert s not in html and s not in values, "the token is in the page"


def open_bar(page):
    if page.locator(".st-key-live_disconnect, .st-key-live_connect").first.is_visible():
        return                      # already open
    page.locator('[data-testid="stPopover"]').filter(has_text="LiveChat").first.locator("button").first.click()
    wait_for_app(page)


def close_popovers(page):
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)


def test_connect_send_open_and_load(live_app, new_page):
    api, url, log_path = live_app
    page = new_page()
    open_app(page, url)
    # 1. connect
    open_bar(page)
    field = page.get_by_label("Personal Access Token", exact=True).and_(page.locator("input"))
    expect(field).to_have_attribute("type", "password")
    expect(page.get_by_text("The token stays in this browser session's memory only")).to_be_visible()
    screenshot(page, "connection-0-panel", full_page=False)
    field.fill(api.token)
    field.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Connect", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(f"Connected with a Personal Access Token of account {api.account_id}")).to_be_visible()
    screenshot(page, "connection-1-connected", full_page=False)
    assert_page_has_no_token(page, api)
    close_popovers(page)

    # 2. compose a rich message and send it
    page.get_by_role("link", name="Rich message composer").click()
    wait_for_app(page)
    page.get_by_role("button", name="Start from the spec's sample").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Send to chat").click()
    wait_for_app(page)
    expect(page.get_by_text("Ready to send")).to_be_visible()
    page.get_by_role("button", name="Send", exact=True).click()
    wait_for_app(page)
    sent = api.calls("send_event")
    assert len(sent) == 1 and sent[0]["body"]["chat_id"] == "CHAT0000"
    assert sent[0]["body"]["event"]["type"] == "rich_message" and "id" not in sent[0]["body"]["event"]
    event_id = api.sent and api.chats["CHAT0000"]["thread"]["events"][-1]["id"]
    expect(page.get_by_text(f"event_id {event_id}").first).to_be_visible()
    screenshot(page, "connection-2-sent", full_page=False)

    # 3. a refused send: the words, and the composition stays
    api.fail("authorization", method="send_event")
    page.get_by_role("button", name="Send", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("is not allowed with this token")).to_be_visible()
    expect(page.get_by_text("Your payload is unchanged")).to_be_visible()
    screenshot(page, "connection-3-refused", full_page=False)

    # 4. open that chat in the editor
    api.reset()
    page.get_by_role("button", name="Send", exact=True).click()
    wait_for_app(page)
    page.get_by_role("button", name="Open chat CHAT0000 in the editor").click()
    wait_for_app(page)
    expect(page.get_by_text("Opened chat CHAT0000 from your account")).to_be_visible()
    chat = json.loads(editor_text(page))
    assert chat["id"] == "CHAT0000" and chat["threads"][0]["events"][-1]["type"] == "rich_message"
    screenshot(page, "connection-4-chat-in-editor")

    # 5. load the account's chats into the tables
    page.get_by_role("link", name="Chat summaries").click()
    wait_for_app(page)
    page.get_by_role("radio", name="My LiveChat account").click()
    wait_for_app(page)
    page.get_by_role("button", name="Load from my account").click()
    wait_for_app(page)
    expect(page.get_by_text("Loaded list_chats")).to_be_visible()
    screenshot(page, "connection-5-tables")
    expect(page.get_by_text("25 chat summaries", exact=False).first).to_be_visible()

    # 6. open a chat from the bar
    open_bar(page)
    page.get_by_label("Chat", exact=True).first.click()
    page.get_by_role("option", name="Type a chat id…").click()
    wait_for_app(page)
    page.get_by_label("Chat id").first.fill("CHAT0004")
    page.get_by_label("Chat id").first.press("Enter")
    wait_for_app(page)
    page.locator(".st-key-live_open_chat button").click()
    wait_for_app(page)
    assert json.loads(editor_text(page))["id"] == "CHAT0004"
    close_popovers(page)
    screenshot(page, "connection-6-opened-from-bar", full_page=False)
    assert_page_has_no_token(page, api)

    # the token is nowhere but this session: not in a second browser, the URL or the server's log
    other = new_page()
    open_app(other, url)
    open_bar(other)
    expect(other.get_by_text("Connect to your LiveChat account")).to_be_visible()
    assert_page_has_no_token(other, api)
    log = log_path.read_text()
    for s in secrets(api):
        assert s not in log

    # 7. disconnect
    open_bar(page)
    page.get_by_role("button", name="Disconnect").click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Connect to LiveChat")).to_be_visible()
