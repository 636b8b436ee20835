"""The learn page (AppTest): request -> response for the current payload, send-it code, exercises
checked, reset, loaded into the editor, and progress kept in the session."""
from __future__ import annotations

import copy
import json
import shlex
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.teaching import exercises as X
from playground.app import state
from playground.spec.catalog import STRUCTURES

PAGE = Path(__file__).resolve().parents[2] / "playground" / "app" / "views" / "learn.py"
GUARD_WORDS = "hit an unexpected problem"


def run(**session) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    for k, v in session.items():
        at.session_state[k] = v
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error if GUARD_WORDS in str(e.value)]
    assert not problems, problems


def codes(at: AppTest, language: str) -> list[str]:
    return [c.value for c in at.code if c.language == language]


def button(at: AppTest, label: str):
    hits = [b for b in at.button if b.label == label]
    assert hits, f"no button {label!r} in {[b.label for b in at.button]}"
    return hits[0]


def sample_text(name: str) -> str:
    return STRUCTURES[name].samples[0].read_text(encoding="utf-8")


def text_of(at: AppTest) -> str:
    return " ".join(str(m.value) for m in list(at.markdown) + list(at.caption) + list(at.info)
                    + list(at.error) + list(at.success) + list(at.warning))


# -- request -> response ------------------------------------------------------------------------

def test_a_returned_event_is_turned_back_into_its_request():
    at = run()                                            # the default payload: the message sample
    assert [s.value for s in at.subheader] == ["Request → response", "Send it", "Exercises"]
    request = json.loads(codes(at, "json")[0])
    sample = json.loads(sample_text("message"))
    assert request == {k: v for k, v in sample.items() if k not in ("id", "created_at", "author_id")}
    diff = codes(at, "diff")[0]
    assert '+   "author_id": "smith@example.com",' in diff
    assert "returned event" in text_of(at)


def test_a_request_in_the_editor_is_used_as_it_is():
    req = {"type": "rich_message", "template_id": "quick_replies", "elements": [
        {"title": "Pick one", "buttons": [{"text": "A", "type": "message", "value": "A",
                                           "postback_id": "a", "user_ids": []}]}]}
    at = run(**{state.TEXT_KEY: json.dumps(req), state.MODE_KEY: "request"})
    assert json.loads(codes(at, "json")[0]) == req
    diff = codes(at, "diff")[0]
    # the documented default, marked, under the version in use: detected, no audience field -> v3.6
    assert '+   "visibility": "all",' in diff and "recipients" not in diff
    assert "The current payload is the request you send." in text_of(at)


def test_a_system_message_has_no_author():
    at = run(**{state.TEXT_KEY: sample_text("system_message")})
    assert "author_id" not in codes(at, "diff")[0]
    assert "has no author" in text_of(at)


def test_an_invalid_event_has_no_response_and_says_why():
    at = run(**{state.TEXT_KEY: '{"type": "message", "text": 42}', state.MODE_KEY: "request"})
    assert not codes(at, "diff")
    assert "would refuse this request" in text_of(at)
    assert "Code to send the current payload appears here" in text_of(at)


@pytest.mark.parametrize("text", ["", "{", "[]", "null", "\x00\x01", "{\"type\": \"nope\", \"id\": \"x\"}",
                                  "[" * 20_000, '{"a": ' * 300 + "1" + "}" * 300])
def test_anything_in_the_editor_leaves_the_page_working(text):
    at = run(**{state.TEXT_KEY: text})
    assert at.title[0].value == "Learn the data model"
    assert not codes(at, "diff")


def test_a_non_event_offers_event_samples():
    at = run(**{state.TEXT_KEY: sample_text("agent")})
    assert "about events" in text_of(at)
    button(at, "File").click().run()
    assert_clean(at)
    assert json.loads(at.session_state[state.TEXT_KEY])["type"] == "file"
    assert codes(at, "diff")


def test_load_the_response_into_the_editor():
    at = run()
    button(at, "Load the response into the editor").click().run()
    assert_clean(at)
    data = json.loads(at.session_state[state.TEXT_KEY])
    assert data["author_id"] == "smith@example.com" and data["created_at"].endswith("Z")
    assert at.session_state[state.MODE_KEY] == "response"


# -- send it ------------------------------------------------------------------------------------

def test_send_it_code_uses_the_settings_and_quotes_hostile_values():
    at = run()
    chat = "C'1 $(id) `x`"
    at.text_input(key=state.LEARN_CHAT_ID_KEY).input(chat).run()
    at.text_input(key=state.LEARN_VERSION_KEY).input("3.6").run()
    assert_clean(at)
    curl = codes(at, "bash")[0]
    args = shlex.split(curl.replace("\\\n", " "))
    body = json.loads(args[args.index("--data-raw") + 1])
    assert body["chat_id"] == chat
    assert body["event"] == json.loads(codes(at, "json")[0])       # exactly the request shown above
    assert "https://api.livechatinc.com/v3.6/agent/action/send_event" in args
    for code in codes(at, "python"):
        compile(code, "<snippet>", "exec")
    rtm = json.loads(codes(at, "json")[-1])
    assert rtm["action"] == "send_event" and rtm["payload"]["chat_id"] == chat


def test_a_bad_version_is_refused_with_a_message():
    at = run()
    at.text_input(key=state.LEARN_VERSION_KEY).input("3.2;rm").run()
    assert_clean(at)
    assert not codes(at, "bash")
    assert "is not an API version" in text_of(at)


# -- exercises -----------------------------------------------------------------------------------

def editor_key(ex_id: str, rev: int = 0) -> str:
    return f"{state.LEARN_EDITOR_PREFIX}{ex_id}_{rev}"


def choose(at: AppTest, ex_id: str) -> AppTest:
    at.selectbox(key=state.LEARN_EXERCISE_KEY).select(ex_id).run()
    assert_clean(at)
    return at


def carousel_fixed() -> str:
    d = copy.deepcopy(X.EXERCISES["cards-carousel"].payload)
    d["template_id"] = "cards"
    d["elements"][0]["buttons"][0]["webview_height"] = "tall"
    d["elements"][1]["buttons"][0]["value"] = "https://example.com/winter"
    return json.dumps(d, indent=2)


def test_every_exercise_shows_its_goal_and_requirements():
    at = run()
    for ex_id, ex in X.EXERCISES.items():
        choose(at, ex_id)
        text = text_of(at).replace("\\", "")          # Markdown escapes removed
        assert ex.goal.split(".")[0] in text
        for req in ex.requirements:
            assert req.text.split("`")[-1].strip()[:20] in text


def test_check_fails_the_original_then_passes_a_repair_and_counts_it():
    at = choose(run(), "cards-carousel")
    button(at, "Check").click().run()
    assert_clean(at)
    assert "Not yet: the validator finds 3 errors." in text_of(at)
    assert "template_id" in text_of(at)
    assert at.session_state[state.LEARN_PROGRESS_KEY]["solved"] == set()

    at.session_state[editor_key("cards-carousel")] = carousel_fixed()     # as if typed in its editor
    at.run()
    button(at, "Check").click().run()
    assert_clean(at)
    assert "Solved: the payload is valid and still does what was asked." in text_of(at)
    assert X.EXERCISES["cards-carousel"].teaches.split(";")[0] in text_of(at)
    progress = at.session_state[state.LEARN_PROGRESS_KEY]
    assert progress["solved"] == {"cards-carousel"} and progress["attempts"]["cards-carousel"] == 2
    assert abs(at.get("progress")[0].value - 100 / len(X.EXERCISES)) < 1      # a percentage

    # progress survives choosing another exercise and coming back
    choose(at, "sticker-image")
    choose(at, "cards-carousel")
    assert "Solved" in text_of(at)


def test_a_valid_but_lazy_answer_is_not_accepted():
    lazy = {"type": "rich_message", "recipients": "all", "template_id": "cards"}
    at = choose(run(), "cards-carousel")
    at.session_state[editor_key("cards-carousel")] = json.dumps(lazy)
    at.run()
    button(at, "Check").click().run()
    assert "Valid, but not what was asked" in text_of(at)
    assert at.session_state[state.LEARN_PROGRESS_KEY]["solved"] == set()


def test_hints_come_from_the_validator():
    at = choose(run(), "file-url")
    hint = X.hints(X.EXERCISES["file-url"])[0][0]
    assert hint.split(":")[0] in text_of(at).replace("\\", "")     # "At url (line 1, column 1)"


def test_reset_restores_the_broken_payload():
    at = choose(run(), "access-all-agents")
    at.session_state[editor_key("access-all-agents")] = '{"access": {"group_ids": [0]}}'
    at.run()
    assert at.session_state[state.LEARN_ATTEMPT_PREFIX + "access-all-agents"] == '{"access": {"group_ids": [0]}}'
    button(at, "Reset").click().run()
    assert_clean(at)
    assert at.session_state[state.LEARN_ATTEMPT_PREFIX + "access-all-agents"] == X.EXERCISES["access-all-agents"].text


def test_load_into_editor_hands_the_attempt_to_the_main_editor():
    at = choose(run(), "agent-routing")
    button(at, "Load into editor").click().run()
    assert_clean(at)
    assert at.session_state[state.TEXT_KEY] == X.EXERCISES["agent-routing"].text
    assert at.session_state[state.STRUCTURE_KEY] == "agent"
    assert at.session_state[state.MODE_KEY] == "response"


@pytest.mark.parametrize("typed", ["", "{", "\x00", "[" * 20_000, "9" * 50_000, '{"type": "rich_message"}'])
def test_any_text_in_an_exercise_editor_is_checked_without_breaking(typed):
    at = choose(run(), "quick-replies")
    at.session_state[editor_key("quick-replies")] = typed
    at.run()
    assert_clean(at)
    button(at, "Check").click().run()
    assert_clean(at)
    assert "Not yet" in text_of(at)


def test_a_huge_event_is_cut_on_screen_and_offered_whole():
    from playground.app.exchange_view import MAX_CODE_CHARS
    big = {"type": "custom", "recipients": "all", "content": {"rows": ["x" * 100] * 3000}}   # ~320 KB
    at = run(**{state.TEXT_KEY: json.dumps(big), state.MODE_KEY: "request"})
    for c in at.code:
        assert len(c.value) <= MAX_CODE_CHARS + 100
    assert any("cut here" in c.value for c in at.code)
    labels = [d.label for d in at.get("download_button")]
    assert any(label.startswith("Download all of it") for label in labels)
