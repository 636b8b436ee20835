"""The LiveChat connection in the app (playground/app/connection_view.py), with AppTest against
the local stand-in API: connect (the field emptied, the account shown), every failure in words
with nothing lost, Send to chat from the editor and a composer, Open a chat, Load from my account
into the tables, Disconnect."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import connection_view as cv
from playground.app import state
from playground.live import client as live

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "playground" / "app" / "main.py"
RICH = (ROOT / "samples" / "v3_6" / "events" / "rich_message.json").read_text(encoding="utf-8")


@pytest.fixture
def env(standin, monkeypatch):
    standin.reset()
    monkeypatch.setenv(live.BASE_URL_ENV, standin.url)
    yield standin
    standin.reset()


def _nodes(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def shown(at: AppTest) -> str:
    return "\n".join(str(n.proto) for n in _nodes(at._tree) if getattr(n, "proto", None) is not None)


def no_secret(text: str, standin) -> None:
    for s in (standin.pat, standin.basic, standin.bearer, "s3cr3t", "t0p53cr3t"):
        assert s not in text, "the token is on the page"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def session() -> AppTest:
    return run(AppTest.from_file(str(MAIN), default_timeout=60))


def connect(at: AppTest, token: str) -> AppTest:
    at.text_input(key=cv.TOKEN_WIDGET_KEY).input(token)
    at.button(key="live_connect").click()
    return run(at)


def errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def test_connect_shows_the_account_and_forgets_the_field(env):
    at = session()
    assert any(cv.SECRET_SENTENCE == c.value for c in at.caption)
    connect(at, env.token)
    assert isinstance(at.session_state[cv.CREDENTIALS_KEY], live.Credentials)
    assert at.session_state[cv.TOKEN_WIDGET_KEY] == ""
    text = shown(at)
    ok = " ".join(s.value for s in at.success).replace("\\", "")
    assert f"Connected with a Personal Access Token of account {env.account_id}" in ok and "12 active chats" in ok
    no_secret(text, env)
    (verify,) = env.calls("list_chats")
    assert verify["body"] == {"filters": {"active": True}, "limit": cv.ACTIVE_LIMIT}
    at.button(key="live_disconnect").click()
    run(at)
    assert cv.CREDENTIALS_KEY not in at.session_state and "Connect to your LiveChat account" in shown(at)


@pytest.mark.parametrize("failure, words", [
    ("authentication", "token is invalid or expired"),
    ("misdirected", "region `fra`"),
    ("too_many_requests", "rate limit"),
    ("drop", "dropped"),
])
def test_a_failed_connect_says_why_and_keeps_the_payload(env, failure, words):
    at = session()
    before = at.session_state[state.TEXT_KEY]
    env.fail(failure, times=10)
    connect(at, env.token)
    assert words.replace("`", "\\`") in errors(at) or words in errors(at)
    assert cv.CREDENTIALS_KEY not in at.session_state
    assert at.session_state[state.TEXT_KEY] == before
    no_secret(shown(at), env)


def test_a_bad_token_is_refused_without_a_call(env):
    at = session()
    connect(at, "not-a-token")
    assert "not a token the playground can read" in errors(at) and not env.calls()
    assert "not\\-a\\-token" not in shown(at) and "not-a-token" not in errors(at)


def test_send_from_the_editor_then_open_the_chat(env, caplog):
    caplog.set_level(logging.DEBUG)
    at = session()
    connect(at, env.token)
    at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = RICH
    run(at)
    assert any("Ready to send" in s.value for s in at.success)
    assert at.selectbox(key=cv.CHAT_PICK_PREFIX + "editor").value == "CHAT0000"
    at.button(key="live_send_editor").click()
    run(at)
    (sent,) = env.calls("send_event")
    assert sent["body"]["chat_id"] == "CHAT0000" and "id" not in sent["body"]["event"]
    assert sent["body"]["event"]["elements"] == json.loads(RICH)["elements"]
    result = at.session_state[cv.SENT_KEY_PREFIX + "editor"]
    assert result["event_id"] and any(result["event_id"] in s.value for s in at.success)
    assert at.session_state[state.TEXT_KEY] == RICH                         # nothing the user wrote changed
    at.button(key="live_open_sent_editor").click()
    run(at)
    opened = json.loads(at.session_state[state.TEXT_KEY])
    assert opened["id"] == "CHAT0000" and opened["threads"][0]["events"][-1]["id"] == result["event_id"]
    assert at.session_state[state.MODE_KEY] == "response"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    no_secret(logged + shown(at), env)


def test_an_event_with_errors_is_sent_only_when_chosen(env):
    at = session()
    connect(at, env.token)
    bad = '{"type": "message", "text": "hi", "visibility": "everyone", "id": "X", "author_id": "me"}'
    at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = bad
    run(at)
    assert "It is not sent unless you choose to" in errors(at)
    assert any("Removed" in c.value for c in at.caption)
    assert at.button(key="live_send_editor").disabled
    at.checkbox(key=cv.FORCE_KEY_PREFIX + "editor").check()
    run(at)
    at.button(key="live_send_editor").click()
    run(at)
    (sent,) = env.calls("send_event")
    assert sent["body"]["event"] == {"type": "message", "text": "hi", "visibility": "everyone"}
    assert any("The API accepted what our validator flags" in c.value for c in at.caption)


def test_a_refused_send_keeps_the_payload_and_says_why(env):
    at = session()
    connect(at, env.token)
    at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = RICH
    run(at)
    env.fail("authorization", method="send_event")
    at.button(key="live_send_editor").click()
    run(at)
    assert "chats--all:rw" in errors(at) and "Your payload is unchanged" in errors(at)
    assert at.session_state[state.TEXT_KEY] == RICH
    # a typed chat id that does not exist
    at.selectbox(key=cv.CHAT_PICK_PREFIX + "editor").select(cv.TYPE_ID)
    run(at)
    at.text_input(key=cv.CHAT_TYPED_PREFIX + "editor").input("NOSUCHCHAT")
    run(at)
    at.button(key="live_send_editor").click()
    run(at)
    assert "check the chat id" in errors(at)


def test_send_from_the_rich_message_composer(env):
    at = session()
    connect(at, env.token)
    at.switch_page("views/rich_message_composer.py")
    run(at)
    start = [b for b in at.button if "sample" in str(b.label).lower()]
    start[0].click()
    run(at)
    at.button(key=f"live_send_{state.RICH_COMPOSER_PREFIX}").click()
    run(at)
    (sent,) = env.calls("send_event")
    assert sent["body"]["event"]["type"] == "rich_message"
    assert at.session_state[cv.SENT_KEY_PREFIX + state.RICH_COMPOSER_PREFIX]["event_id"]


def test_open_a_chat_from_the_bar(env):
    at = session()
    connect(at, env.token)
    at.selectbox(key=cv.CHAT_PICK_PREFIX + "open").select(cv.TYPE_ID)
    run(at)
    at.text_input(key=cv.CHAT_TYPED_PREFIX + "open").input("CHAT0003")
    run(at)
    at.button(key="live_open_chat").click()
    run(at)
    assert json.loads(at.session_state[state.TEXT_KEY])["id"] == "CHAT0003"
    report = state.validate(at.session_state[state.TEXT_KEY], None, "response", "3.6")
    assert report.structure == "chat"


def test_load_from_my_account_feeds_the_tables(env):
    at = session()
    at.switch_page("views/chat_summaries.py")
    run(at)
    at.segmented_control(key=state.TABLES_SOURCE_KEY).set_value("My LiveChat account")
    run(at)
    assert any("Connect to your LiveChat account first" in i.value for i in at.info)
    connect(at, env.token)
    at.number_input(key="live_load_limit").set_value(10)
    run(at)
    at.button(key="live_load").click()
    run(at)
    df = at.session_state[cv.TABLE_KEY][1].df
    assert len(df) == 25 and list(df["chat_id"])[:2] == ["CHAT0000", "CHAT0001"]
    assert df.loc[df["chat_id"] == "CHAT0002", "errors"].iloc[0] > 0          # flagged, not dropped
    assert (df.loc[df["chat_id"] != "CHAT0002", "errors"] == 0).all()
    pages = [r["body"] for r in env.calls("list_chats")][1:]                   # after the connect's call
    assert pages[0] == {"limit": 10} and all(set(p) == {"page_id"} for p in pages[1:]) and len(pages) == 3
    # a failure keeps the table that was loaded
    env.fail("service_unavailable", times=10)
    at.button(key="live_load").click()
    run(at)
    assert "unavailable" in errors(at) and len(at.session_state[cv.TABLE_KEY][1].df) == 25
    # archives, with the cap
    env.reset()
    at.segmented_control(key="live_load_method").set_value("list_archives")
    run(at)
    at.number_input(key="live_load_cap").set_value(5)
    run(at)
    at.button(key="live_load").click()
    run(at)
    df = at.session_state[cv.TABLE_KEY][1].df
    assert len(df) == 5 and "more chats remain" in shown(at)


def test_send_from_the_filled_form_composer_and_a_timeout(env, monkeypatch):
    monkeypatch.setitem(live.Client.__init__.__kwdefaults__, "timeout", (2.0, 0.3))   # the stand-in is slow for 1 s
    at = session()
    connect(at, env.token)
    at.switch_page("views/filled_form_composer.py")
    run(at)
    [b for b in at.button if "sample" in str(b.label).lower()][0].click()
    run(at)
    key = f"live_send_{state.FORM_COMPOSER_PREFIX}"
    at.button(key=key).click()
    run(at)
    (sent,) = env.calls("send_event")
    assert sent["body"]["event"]["type"] == "filled_form"
    assert at.session_state[cv.SENT_KEY_PREFIX + state.FORM_COMPOSER_PREFIX]["event_id"]
    composed = at.session_state[f"{state.FORM_COMPOSER_PREFIX}_doc"].dump()
    env.fail("timeout", method="send_event")
    at.button(key=key).click()
    run(at)
    assert "no answer from" in errors(at) and "in time" in errors(at)
    assert len(env.calls("send_event")) == 2                       # not repeated: it may have arrived
    assert at.session_state[f"{state.FORM_COMPOSER_PREFIX}_doc"].dump() == composed


def test_the_chosen_version_stays_and_a_typed_id_is_sent_in_the_same_click(env):
    at = session()
    at.selectbox(key=cv.VERSION_WIDGET_KEY).select("3.4")
    run(at)
    connect(at, env.token)
    at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = (
        '{"type": "message", "text": "hello", "visibility": "all"}')
    run(at)
    at.selectbox(key=cv.CHAT_PICK_PREFIX + "editor").select(cv.TYPE_ID)
    run(at)
    at.text_input(key=cv.CHAT_TYPED_PREFIX + "editor").input("CHAT0004")
    at.button(key="live_send_editor").click()                 # typed and clicked in one go
    run(at)
    (sent,) = env.calls("send_event")
    assert sent["version"] == "3.4" and sent["body"]["chat_id"] == "CHAT0004"
    assert "v3.4 · legacy" in " ".join(m.value for m in at.markdown).replace("\\", "")
