"""The editor page's logic through AppTest: validation, share links, quick fixes, samples, bad input.

AppTest cannot type into the ace editor (a custom component); text is fed through session state:
``state.editor_key_for(0)`` is the editor widget (as if typed), ``state.TEXT_KEY`` the canonical
payload (as if set by another page).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.authoring import sharelink
from playground.app import state

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "playground" / "app" / "views" / "editor.py"
SAMPLES = ROOT / "samples"


def _run(text: str | None = None, *, typed: str | None = None, mode: str | None = None,
         structure: str | None = None, params: dict | None = None, version: str = "3.2") -> AppTest:
    """These tests were written for v3.2: the session starts there (the app's own default is
    Detect, see test_editor_versions.py)."""
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    at.session_state[state.VERSION_KEY] = version
    if text is not None:
        at.session_state[state.TEXT_KEY] = text
    if typed is not None:
        at.session_state[state.editor_key_for(0)] = typed
    if mode is not None:
        at.session_state[state.MODE_KEY] = mode
    if structure is not None:
        at.session_state[state.STRUCTURE_KEY] = structure
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "unexpected problem" in e.value]
    return at


def _texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def _button(at: AppTest, label_start: str):
    hits = [b for b in at.button if b.label.startswith(label_start)]
    assert hits, f"no button {label_start!r}; have {[b.label for b in at.button]}"
    return hits[0]


def test_valid_sample_says_valid_and_lists_its_fields():
    at = _run((SAMPLES / "events" / "message.json").read_text())
    assert "Valid" in _texts(at.success) and "Message (response)" in _texts(at.success).replace("\\", "")
    assert not at.error
    guide = at.dataframe[0].value
    assert list(guide["Path"])[:3] == ["id", "custom_id", "type"]
    assert set(guide["Status"]) == {"ok"}
    assert guide.loc[guide["Path"] == "text", "Spec note"].item().startswith("Max. raw text size is 16 KB")


def test_typed_invalid_json_shows_the_error_with_line_and_column():
    broken = '{\n  "type": "message",\n  "text": "hi"\n  "recipients": "all"\n}'
    at = _run(typed=broken, mode="request")
    assert at.session_state[state.TEXT_KEY] == broken       # what was typed became the payload
    errors = _texts(at.error)
    assert "1 error" in errors and "line 4:3" in errors
    listed = _texts(at.markdown)
    assert "line 4:3" in listed and "comma is missing" in listed
    assert not at.dataframe                                   # no field guide without JSON


def test_request_mode_and_structure_choice_change_the_verdict():
    text = '{"type": "message", "text": "hi", "recipients": "all"}'
    at = _run(text)                                           # Detect: no server fields, a request
    assert at.session_state[state.MODE_KEY] == state.DETECT
    assert "Valid" in _texts(at.success) and "Message (request)" in _texts(at.success).replace("\\", "")
    assert "Request**, detected: has none of the fields the server adds" in _texts(at.success)
    at.segmented_control(key=state.MODE_WIDGET_KEY).set_value("response").run()
    assert "3 errors" in _texts(at.error)                     # forced: id etc. are missing
    assert "Response**, as chosen" in _texts(at.error)
    at.segmented_control(key=state.MODE_WIDGET_KEY).set_value("request").run()
    assert at.session_state[state.MODE_KEY] == "request"
    assert "Valid" in _texts(at.success)
    at.selectbox(key=state.STRUCTURE_WIDGET_KEY).set_value("rich_message").run()
    assert at.session_state[state.STRUCTURE_KEY] == "rich_message"
    assert "error" in _texts(at.error)                        # a message is not a rich message
    assert at.session_state[state.TEXT_KEY] == text


def test_share_link_restores_text_structure_and_mode_exactly():
    text = '{\n\t"type": "message",\n  "text": "Привет, мир 👋🏽",\n  "recipients": "agents"\n}\n'
    at = _run(params=sharelink.encode(text, "message", "request"))
    assert at.session_state[state.TEXT_KEY] == text
    assert at.session_state[state.STRUCTURE_KEY] == "message"
    assert at.session_state[state.MODE_KEY] == "request"
    assert "share link" in _texts(at.success)
    assert "Valid" in _texts(at.success)
    assert sharelink.PARAM_PAYLOAD in at.query_params         # kept: a reload of the tab opens it again
    at.session_state[state.editor_key_for(1)] = text + " "     # typed after opening it
    at.run()                                                  # the same session does not load it twice
    assert at.session_state[state.TEXT_KEY] == text + " "


@pytest.mark.parametrize("token, words", [
    ("1.this is not base64!", "base64url"),
    ("9.eJyrVkrLz1eyUkpKLFKqBQA", "version"),
    ("1." + "A" * 40, "decompressed"),
])
def test_bad_share_link_gives_a_clear_message_and_keeps_the_payload(token, words):
    at = _run('{"keep": "me"}', params={"p": token})
    assert "could not be opened" in _texts(at.error) and words in _texts(at.error)
    assert at.session_state[state.TEXT_KEY] == '{"keep": "me"}'


def test_quick_fix_renames_the_key_and_keeps_everything_else():
    text = (SAMPLES / "chats" / "chat.json").read_text()
    at = _run(text)
    _button(at, "Rename `properites` to `properties`").click().run()
    assert at.session_state[state.TEXT_KEY] == text.replace('"properites"', '"properties"')
    assert at.session_state[state.REVISION_KEY] == 1         # the editor remounts with the new text
    assert "Applied" in _texts(at.success)
    assert not [b for b in at.button if b.label.startswith("Rename `properites`")]


def test_quick_fix_adds_the_documented_default():
    text = '{\n  "type": "message",\n  "text": "hi"\n}'
    at = _run(text, mode="request")
    _button(at, 'Add `"recipients": "all"`').click().run()
    assert at.session_state[state.TEXT_KEY] == '{\n  "recipients": "all",\n  "type": "message",\n  "text": "hi"\n}'
    assert "Valid" in _texts(at.success) and "No warnings" in _texts(at.success)


def test_sample_gallery_format_and_minify():
    at = _run('{"a": 1}')
    _button(at, "Rich message").click().run()
    rich = (SAMPLES / "events" / "rich_message.json").read_text()
    assert at.session_state[state.TEXT_KEY] == rich
    assert at.session_state[state.STRUCTURE_KEY] == state.DETECT
    _button(at, "Minify").click().run()
    minified = at.session_state[state.TEXT_KEY]
    assert "\n" not in minified and len(minified) < len(rich)
    _button(at, "Format").click().run()
    assert at.session_state[state.TEXT_KEY] == rich.rstrip("\n") + "\n"   # the sample is 2-space JSON


def test_format_of_invalid_json_is_disabled():
    at = _run("{nope")
    assert _button(at, "Format").disabled and _button(at, "Minify").disabled


@pytest.mark.parametrize("text, words", [
    ("x" * (6 * 1024 * 1024), "bytes"),                       # past the validator's bound
    ("\x00\x01\x02 binary", "binary"),
    ("[" * 100_000, "deeper"),
    ("", "empty"),
    ('{"type": "message", "text": "half \ud83d of an emoji"}', "surrogate"),   # e.g. Ace deleting half
    ('{"\udc00": 1}', "surrogate"),
    ('{"type": "message", "<img src=x onerror=alert(1)>": "<script>alert(1)</script>"}', "not a field"),
])
def test_bad_input_gives_a_message_not_an_exception(text, words):
    at = _run(text)
    shown = _texts(at.error) + _texts(at.markdown) + _texts(at.warning)
    assert words in shown
    assert "<script>" not in _texts(at.markdown).replace("\\<script\\>", "")


def test_schema_download_and_share_link_are_offered():
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    at.session_state[state.TEXT_KEY] = (SAMPLES / "events" / "message.json").read_text()
    at.run()
    assert not [c for c in at.code if "?p=1." in c.value]     # the link is made only when Share opens
    at.session_state["share-popover"] = True
    at.run()
    codes = [c.value for c in at.code]
    assert any(c.startswith("http://") and "?p=1." in c for c in codes)
    big = '{"type": "message", "text": "' + "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(9000)) + '"}'
    at.session_state[state.TEXT_KEY] = big
    at.run()
    assert "Download it as a .json file" in _texts(at.warning).replace("\\", "")


def test_field_guide_says_required_in_the_same_words_as_the_reference():
    """One truth for "required" (spec.fields.Requirement): the editor's field guide shows the
    decision the reference shows, not its own yes/no."""
    text = ('{"type": "rich_message", "template_id": "cards", "elements": [{"title": "Hi", '
            '"buttons": [{"type": "url", "text": "Open", "value": "https://example.com"}]}]}')
    at = _run(text, mode="request")
    guide = at.dataframe[0].value
    words = dict(zip(guide["Path"], guide["Required"]))
    assert words["elements[0].title"] == "table says yes, samples omit it — warning"
    assert words["elements[0].buttons[0].type"] == "table says yes, samples omit it — warning"
    assert words["type"] == "yes"
