"""The editor's history (Undo / Redo / Recent), drafts and mode detection through AppTest.

AppTest cannot type into the ace editor or run the draft keeper's JavaScript: typed text goes
through the editor widget's key, and the browser's stored draft through the keeper's widget
value (what its JavaScript reports on mount), as tests/app/test_editor_page.py does.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground.app import drafts, history, state
from playground.authoring import sharelink
from playground.spec import limits

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "playground" / "app" / "views" / "editor.py"
REQUEST = '{\n  "type": "message",\n  "text": "typed by me",\n  "visibility": "all"\n}'


def _app(text: str | None = REQUEST, **seed) -> AppTest:
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    if text is not None:
        at.session_state[state.TEXT_KEY] = text
    for k, v in seed.items():
        at.session_state[k] = v
    return at


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "unexpected problem" in e.value]
    return at


def _button(at: AppTest, label_start: str):
    hits = [b for b in at.button if b.label.startswith(label_start)]
    assert hits, f"no button {label_start!r}; have {[b.label for b in at.button]}"
    return hits[0]


def _texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_undo_and_redo_walk_every_replacement():
    at = _ok(_app().run())
    assert _button(at, "Undo").disabled and _button(at, "Redo").disabled
    assert "Request**, detected" in _texts(at.success)          # Detect is the default mode
    at.session_state[state.editor_key_for(0)] = REQUEST.replace("typed by me", "typed again")
    _ok(at.run())
    typed = at.session_state[state.TEXT_KEY]
    _ok(_button(at, "Rich message").click().run())               # a sample: text, version change
    sample = at.session_state[state.TEXT_KEY]
    assert sample != typed and at.session_state[state.VERSION_KEY] == "3.6"
    _ok(_button(at, "Minify").click().run())                     # Minify: another step
    minified = at.session_state[state.TEXT_KEY]
    assert "\n" not in minified.strip()
    _ok(_button(at, "Undo").click().run())
    assert at.session_state[state.TEXT_KEY] == sample
    _ok(_button(at, "Undo").click().run())
    assert at.session_state[state.TEXT_KEY] == typed              # what was typed comes back, exactly
    assert at.session_state[state.VERSION_KEY] == state.DETECT    # and the choices it had
    assert at.session_state[state.MODE_KEY] == state.DETECT
    assert _button(at, "Undo").disabled and not _button(at, "Redo").disabled
    _ok(_button(at, "Redo").click().run())
    assert at.session_state[state.TEXT_KEY] == sample
    rev = at.session_state[state.REVISION_KEY]
    _ok(_button(at, "Redo").click().run())
    assert at.session_state[state.TEXT_KEY] == minified
    assert at.session_state[state.REVISION_KEY] == rev + 1       # the editor remounts with it
    # a new replacement after an undo clears what could be redone
    _ok(_button(at, "Undo").click().run())
    assert not _button(at, "Redo").disabled
    at.session_state[state.TEXT_KEY] = sample.replace("\n", "\n ")    # not as Format writes it
    _ok(_button(at, "Format").click().run())
    assert _button(at, "Redo").disabled


def test_a_quick_fix_and_a_share_link_are_undoable():
    text = '{\n  "type": "message",\n  "text": "hi"\n}'
    at = _ok(_app(text, **{state.MODE_KEY: "request", state.VERSION_KEY: "3.2"}).run())
    _ok(_button(at, 'Add `"recipients": "all"`').click().run())
    assert '"recipients": "all"' in at.session_state[state.TEXT_KEY]
    _ok(_button(at, "Undo").click().run())
    assert at.session_state[state.TEXT_KEY] == text

    linked = '{"type": "message", "text": "from a link", "visibility": "all"}'
    at = _app()
    for k, v in sharelink.encode(linked, None, "detect").items():
        at.query_params[k] = v
    _ok(at.run())
    assert at.session_state[state.TEXT_KEY] == linked and at.session_state[state.MODE_KEY] == "detect"
    assert "Valid" in _texts(at.success) and "Request**, detected" in _texts(at.success)
    _ok(_button(at, "Undo").click().run())
    assert at.session_state[state.TEXT_KEY] == REQUEST


def test_recent_lists_the_last_payloads_and_restores_one():
    at = _ok(_app().run())
    _ok(_button(at, "Rich message").click().run())
    _ok(_button(at, "Message").click().run())
    assert not [b for b in at.button if b.key and b.key.startswith("recent-")]   # drawn only when open
    at.session_state["recent-popover"] = True
    _ok(at.run())
    rows = [b for b in at.button if b.key and b.key.startswith("recent-")]
    labels = [b.label for b in rows]
    assert labels and labels[0].startswith("Rich message · v3.6 ·") and "chars" in labels[0]
    assert any(label.startswith("Message · v3.6") for label in labels)          # what was typed
    mine = next(b for b in rows if b.label.startswith("Message · v3.6") and "just now" in b.label)
    _ok(mine.click().run())
    assert at.session_state[state.TEXT_KEY] == REQUEST
    _ok(_button(at, "Undo").click().run())                       # restoring is a step too
    assert at.session_state[state.TEXT_KEY] != REQUEST


def test_history_is_bounded_in_steps_and_characters():
    ss: dict = {}
    for n in range(history.MAX_STEPS + 30):
        history.record(ss, history.Step(text=f"text {n}", structure="detect", mode="detect", version="detect"))
    sizes = history.sizes(ss)
    assert sizes["undo"] == history.MAX_STEPS and sizes["recent"] <= history.MAX_RECENT + 1
    big = "x" * (history.MAX_HISTORY_CHARS // 3 + 1)
    for n in range(5):
        history.record(ss, history.Step(text=big + str(n), structure="detect", mode="detect", version="detect"))
    sizes = history.sizes(ss)
    assert sizes["chars"] <= history.MAX_HISTORY_CHARS and sizes["undo"] >= 1
    assert sizes["recent_chars"] <= history.MAX_RECENT_CHARS
    assert ss[history.HISTORY_KEY]["undo"][-1].text == big + "4"          # the newest is kept
    oversized = "y" * (history.MAX_HISTORY_CHARS + 10)
    history.record(ss, history.Step(text=oversized, structure="detect", mode="detect", version="detect"))
    assert history.sizes(ss)["undo"] == 1                                 # alone, but kept


def _draft_of(at: AppTest) -> str:
    saved = at.session_state[drafts.SAVED_KEY]
    return saved[1]


def test_a_draft_is_saved_and_restored_in_a_new_session():
    at = _app(None, **{drafts.WIDGET_KEY: {"stored": None}})       # the browser has no draft yet
    _ok(at.run())
    at.session_state[state.editor_key_for(0)] = REQUEST
    at.session_state[state.MODE_KEY] = "request"
    _ok(at.run())
    stored = _draft_of(at)
    assert json.loads(stored)["text"] == REQUEST and json.loads(stored)["mode"] == "request"

    again = _app(None, **{drafts.WIDGET_KEY: {"stored": stored}})  # the tab reopened
    _ok(again.run())
    assert again.session_state[state.TEXT_KEY] == REQUEST
    assert again.session_state[state.MODE_KEY] == "request"
    assert "Restored your draft from this browser" in _texts(again.info)
    _ok(_button(again, "Undo").click().run())                       # back to the default sample
    assert again.session_state[state.TEXT_KEY] != REQUEST


def test_a_share_link_wins_over_another_draft_and_keeps_its_own():
    linked = '{"type": "message", "text": "shared", "visibility": "all"}'
    params = sharelink.encode(linked, None, "detect")
    other = json.dumps({"format": 1, "text": "not this", "structure": "detect", "mode": "detect",
                        "version": "detect", "link": None, "at": 0})
    at = _app(None, **{drafts.WIDGET_KEY: {"stored": other}})
    for k, v in params.items():
        at.query_params[k] = v
    _ok(at.run())
    assert at.session_state[state.TEXT_KEY] == linked
    # edited after opening the link: the draft remembers the link, a reload of the tab keeps the edit
    at.session_state[state.editor_key_for(1)] = linked.replace("shared", "shared, then edited")
    _ok(at.run())
    stored = _draft_of(at)
    assert json.loads(stored)["link"] == params[sharelink.PARAM_PAYLOAD]
    reload = _app(None, **{drafts.WIDGET_KEY: {"stored": stored}})
    for k, v in params.items():
        reload.query_params[k] = v
    _ok(reload.run())
    assert reload.session_state[state.TEXT_KEY] == linked.replace("shared", "shared, then edited")


def test_a_damaged_or_hostile_draft_is_ignored():
    for stored in ("{nope", json.dumps({"format": 99, "text": "x"}), json.dumps([1, 2]),
                   json.dumps({"format": 1, "text": 5}), "[" * 50_000):
        at = _ok(_app(None, **{drafts.WIDGET_KEY: {"stored": stored}}).run())
        assert at.session_state[state.SOURCE_KEY] == "default"
    too_big = json.dumps({"format": 1, "chars": 2_000_000, "at": 0, "mode": "detect"})
    at = _ok(_app(None, **{drafts.WIDGET_KEY: {"stored": too_big}}).run())
    assert "too large to keep as a draft" in _texts(at.info)


def test_an_array_of_events_does_not_break_the_page():
    events = json.dumps([{"type": "message", "text": "one", "visibility": "all"},
                         {"type": "message", "text": "two", "visibility": "all"}], indent=2)
    at = _ok(_app(events).run())
    assert at.session_state[state.TEXT_KEY] == events
    assert at.success or at.error or at.warning                   # a verdict, whatever it is


def test_the_upload_limit_is_the_validators():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == limits.MAX_INPUT_BYTES
