"""The editor's Save button and opening /?s=<id>, through AppTest, on a real SQLite file in tmp_path."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import save_view, state
from playground.authoring import sharelink
from playground.storage import links, open_store, settings

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "playground" / "app" / "views" / "editor.py"
TEXT = '{\n  "type": "message",\n  "text": "Привет 👋🏽",\n  "visibility": "all"\n}\n'


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "saved.sqlite3"
    for name in (settings.ENV_DB_URL, settings.ENV_MAX_BYTES, settings.ENV_PER_MINUTE, settings.ENV_MAX_COUNT,
                 settings.ENV_MAX_TOTAL_BYTES, settings.ENV_EXPIRE_DAYS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(settings.ENV_DB_PATH, str(path))
    return path


def _app(params: dict | None = None, **session) -> AppTest:
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    for k, v in session.items():
        at.session_state[k] = v
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "unexpected problem" in e.value]


def _texts(elements) -> str:
    """The elements' Markdown with its escapes removed (messages escape what a user typed)."""
    return "\n".join(str(e.value) for e in elements).replace("\\", "")


def _save(at: AppTest, title: str | None = None) -> AppTest:
    if title is not None:
        at.text_input(key=save_view.TITLE_WIDGET_KEY).input(title)
    at.button(key=save_view.SAVE_BUTTON_KEY).click().run()
    _ok(at)
    return at


def _saved_id(at: AppTest) -> str:
    urls = [c.value for c in at.code if "?s=" in str(c.value)]
    assert urls, _texts(at.error)
    return urls[-1].rsplit("?s=", 1)[1]


def test_save_then_open_the_short_link_in_a_new_session(db):
    at = _app(**{state.TEXT_KEY: TEXT, state.STRUCTURE_KEY: "message", state.MODE_KEY: "request",
                 state.VERSION_KEY: "3.6"})
    _save(at, "greeting <b>bold</b>")
    assert "Saved “greeting <b>bold</b>”" in _texts(at.success)
    url = [c.value for c in at.code if "?s=" in str(c.value)][-1]
    assert url.startswith("http") and "p=" not in url
    pid = _saved_id(at)
    assert links.check_id(pid) == pid

    other = _app({"s": pid})                            # another browser: a new session
    assert other.session_state[state.TEXT_KEY] == TEXT
    assert other.session_state[state.STRUCTURE_KEY] == "message"
    assert other.session_state[state.MODE_KEY] == "request"
    assert other.session_state[state.VERSION_KEY] == "3.6"
    assert "Opened the saved payload “greeting <b>bold</b>”" in _texts(other.success)
    assert "Valid" in _texts(other.success)
    assert other.query_params["s"] == pid            # the link stays: a reload opens it again

    # edits in this session are not overwritten by the link on the next run
    other.session_state[state.editor_key_for(other.session_state[state.REVISION_KEY])] = TEXT.replace("Привет", "Hello")
    other.run()
    _ok(other)
    assert "Hello" in other.session_state[state.TEXT_KEY]
    reload = _app({"s": pid})                           # the page reloaded: the saved payload again
    assert reload.session_state[state.TEXT_KEY] == TEXT


def test_saving_again_makes_a_new_link_and_says_when_the_text_changed(db):
    at = _app(**{state.TEXT_KEY: '{"a": 1}'})
    first = _saved_id(_save(at))
    at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = '{"a": 2}'
    at.run()
    assert "changed since it was saved" in _texts(at.caption)
    second = _saved_id(_save(at))
    assert first != second
    store = open_store(settings.load())
    assert (store.load(first).text, store.load(second).text) == ('{"a": 1}', '{"a": 2}')
    assert (store.load(first).structure, store.load(first).version) == (None, None)   # Detect, as chosen


def test_refusals_are_messages_on_the_page(db, monkeypatch):
    monkeypatch.setenv(settings.ENV_PER_MINUTE, "1")
    at = _app(**{state.TEXT_KEY: '{"a": 1}'})
    _save(at)
    _save(at)
    assert "at most 1 saves a minute from one session" in _texts(at.error)
    monkeypatch.setenv(settings.ENV_MAX_BYTES, "5")
    monkeypatch.setenv(settings.ENV_PER_MINUTE, "0")
    _save(at)
    assert "8 bytes; saved payloads are limited to 5 bytes" in _texts(at.error)
    monkeypatch.setenv(settings.ENV_MAX_BYTES, "lots")
    _save(at)
    assert "not set up right" in _texts(at.error) and "PLAYGROUND_SAVE_MAX_BYTES" in _texts(at.error)
    assert at.session_state[state.TEXT_KEY] == '{"a": 1}'


@pytest.mark.parametrize("pid, words", [
    ("AAAAAAAAAAAAAAAA", "nothing has been saved"),          # no database yet
    ("message", "is a structure name"),
    ("<script>alert(1)</script>", "not the id of a saved payload"),
    ("x" * 10_000, "not the id of a saved payload"),
])
def test_an_unknown_or_bad_id_gives_a_message_and_keeps_the_payload(db, pid, words):
    at = _app({"s": pid}, **{state.TEXT_KEY: '{"keep": "me"}'})
    assert "This saved payload could not be opened" in _texts(at.error)
    assert words in _texts(at.error)
    assert at.session_state[state.TEXT_KEY] == '{"keep": "me"}'
    assert "s" not in at.query_params                     # the bad link does not stay


def test_a_damaged_database_gives_a_message(db):
    db.write_bytes(b"not a database " * 1000)
    at = _app({"s": "AAAAAAAAAAAAAAAA"}, **{state.TEXT_KEY: '{"keep": "me"}'})
    assert "unavailable right now: its database file is damaged" in _texts(at.error)
    _save(at)
    assert "database file is damaged. Nothing was saved" in _texts(at.error)
    assert str(db) not in _texts(at.error)


def test_an_old_share_link_with_s_still_opens_as_a_share_link(db):
    text = '{"type": "message", "text": "hi", "recipients": "all"}'
    at = _app(sharelink.encode(text, "message", "request"))
    assert at.session_state[state.TEXT_KEY] == text
    assert at.session_state[state.STRUCTURE_KEY] == "message"
    assert "share link" in _texts(at.success) and not at.error
    assert not db.exists()                                  # no lookup of `message` as an id
