"""The learn page (AppTest): request -> response for the current payload, send-it code in the app's
API version, exercises of that version checked, reset, loaded into the editor, "Next exercise",
and progress kept in the session per version."""
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
    v = at.session_state[state.REPORT_CACHE_KEY][1].version      # detect: the version the payload fits
    assert [s.value for s in at.subheader] == ["Request → response", "Send it", f"Exercises · v{v}"]
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
    at32 = run(**{state.TEXT_KEY: json.dumps(req), state.MODE_KEY: "request", state.VERSION_KEY: "3.2"})
    assert '+   "recipients": "all",' in codes(at32, "diff")[0]


def test_a_v3_2_event_under_v3_6_is_shown_and_sent_in_v3_6_field_names():
    old = {"type": "message", "text": "note", "recipients": "agents"}
    at = run(**{state.TEXT_KEY: json.dumps(old), state.MODE_KEY: "request", state.VERSION_KEY: "3.6"})
    assert json.loads(codes(at, "json")[0]) == {"type": "message", "text": "note", "visibility": "agents"}
    assert '"visibility": "agents"' in codes(at, "diff")[0] and "recipients" not in codes(at, "diff")[0]
    assert "Written in v3.6" in text_of(at).replace("\\", "")
    button(at, "Load the request into the editor").click().run()
    assert json.loads(at.session_state[state.TEXT_KEY])["visibility"] == "agents"


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


def test_next_exercise_moves_on_and_skips_what_is_solved():
    at = run32()
    ids = list(X.EXERCISES)
    assert at.selectbox(key=state.LEARN_EXERCISE_KEY).value == ids[0]
    assert f"Exercise 1 of {len(ids)}" in text_of(at)
    button(at, "Next exercise").click().run()
    assert_clean(at)
    assert at.selectbox(key=state.LEARN_EXERCISE_KEY).value == ids[1]
    assert f"Exercise 2 of {len(ids)}" in text_of(at)
    # solve the third, go back to the second: Next skips the solved third
    choose(at, ids[2])
    at.session_state[state.LEARN_PROGRESS_KEY]["solved"].add(uid(ids[2]))
    choose(at, ids[1])
    button(at, "Next exercise").click().run()
    assert at.selectbox(key=state.LEARN_EXERCISE_KEY).value == ids[3]
    assert f"1 of {len(ids)} solved in v3.2" in " ".join(p.proto.text for p in at.get("progress"))


def test_a_v3_6_exercise_is_checked_as_v3_6_and_solved_on_the_page():
    at = run(**{state.VERSION_KEY: "3.6"})
    choose(at, "ecommerce-product")
    d = copy.deepcopy(X.for_version("3.6")["ecommerce-product"].payload)
    d["elements"][0]["ecommerce"].update(product_id="tshirt-classic", view_type="select")
    d["elements"][0]["ecommerce"]["options"][1]["label"] = "Size M"
    at.session_state[editor_key("ecommerce-product", version="3.6")] = json.dumps(d, indent=2)
    at.run()
    button(at, "Check").click().run()
    assert_clean(at)
    assert "Solved" in text_of(at)
    assert at.session_state[state.LEARN_PROGRESS_KEY]["solved"] == {uid("ecommerce-product", "3.6")}
    # the same text is not a v3.2 rich message: the exercise's version decides, not the text
    assert not X.check(X.for_version("3.2")["cards-carousel"], json.dumps(d)).passed
    button(at, "Next exercise").click().run()              # the one shown with the verdict
    assert at.selectbox(key=state.LEARN_EXERCISE_KEY).value == X.next_exercise(
        "ecommerce-product", {uid("ecommerce-product", "3.6")}, "3.6")


# -- send it ------------------------------------------------------------------------------------

def test_send_it_code_uses_the_settings_and_quotes_hostile_values():
    at = run()
    chat = "C'1 $(id) `x`"
    at.text_input(key=state.LEARN_CHAT_ID_KEY).input(chat).run()
    at.selectbox(key=state.LEARN_VERSION_KEY).select("3.6").run()
    assert_clean(at)
    assert at.session_state[state.VERSION_KEY] == "3.6"            # the app's version, for every page
    curl = codes(at, "bash")[0]
    args = shlex.split(curl.replace("\\\n", " "), comments=True)
    body = json.loads(args[args.index("--data-raw") + 1])
    assert body["chat_id"] == chat
    shown = json.loads(codes(at, "json")[0])                         # the request shown above
    renamed = {("visibility" if k == "recipients" else k): v for k, v in shown.items()}
    assert body["event"] == renamed                                  # in v3.6's field names
    assert "https://api.livechatinc.com/v3.6/agent/action/send_event" in args
    assert "unsupported_version" not in curl
    for code in codes(at, "python"):
        compile(code, "<snippet>", "exec")
    rtm = json.loads(codes(at, "json")[-1])
    assert rtm["action"] == "send_event" and rtm["payload"]["chat_id"] == chat
    assert rtm["payload"]["event"] == renamed


def test_the_page_follows_the_apps_version_and_warns_about_decommissioned_ones():
    at = run(**{state.VERSION_KEY: "3.2"})
    assert at.selectbox(key=state.LEARN_VERSION_KEY).value == "3.2"
    assert "unsupported_version" in text_of(at).replace("\\", "") and "unsupported_version" in codes(at, "bash")[0]
    assert "/v3.2/agent/action/send_event" in codes(at, "bash")[0]
    button(at, "Use v3.6 · stable").click().run()
    assert_clean(at)
    assert at.session_state[state.VERSION_KEY] == "3.6"
    assert at.selectbox(key=state.LEARN_VERSION_KEY).value == "3.6"
    assert "unsupported_version" not in codes(at, "bash")[0]
    assert "Exercises · v3.6" in [s.value for s in at.subheader]
    at.session_state[state.VERSION_KEY] = state.DETECT                 # chosen on another page
    at.run()
    assert at.selectbox(key=state.LEARN_VERSION_KEY).value == state.DETECT


# -- exercises -----------------------------------------------------------------------------------

def uid(ex_id: str, version: str = "3.2") -> str:
    return X.for_version(version)[ex_id].uid


def editor_key(ex_id: str, rev: int = 0, version: str = "3.2") -> str:
    return f"{state.LEARN_EDITOR_PREFIX}{uid(ex_id, version)}_{rev}"


def run32(**session) -> AppTest:
    return run(**{state.VERSION_KEY: "3.2"}, **session)


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
    at = run32()
    for ex_id, ex in X.EXERCISES.items():
        choose(at, ex_id)
        text = text_of(at).replace("\\", "")          # Markdown escapes removed
        assert ex.goal.split(".")[0] in text
        for req in ex.requirements:
            assert req.text.split("`")[-1].strip()[:20] in text


def test_check_fails_the_original_then_passes_a_repair_and_counts_it():
    at = choose(run32(), "cards-carousel")
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
    assert progress["solved"] == {uid("cards-carousel")} and progress["attempts"][uid("cards-carousel")] == 2
    assert abs(at.get("progress")[0].value - 100 / len(X.EXERCISES)) < 1      # a percentage

    # progress survives choosing another exercise and coming back
    choose(at, "sticker-image")
    choose(at, "cards-carousel")
    assert "Solved" in text_of(at)


def test_a_valid_but_lazy_answer_is_not_accepted():
    lazy = {"type": "rich_message", "recipients": "all", "template_id": "cards"}
    at = choose(run32(), "cards-carousel")
    at.session_state[editor_key("cards-carousel")] = json.dumps(lazy)
    at.run()
    button(at, "Check").click().run()
    assert "Valid, but not what was asked" in text_of(at)
    assert at.session_state[state.LEARN_PROGRESS_KEY]["solved"] == set()


def test_hints_come_from_the_validator():
    at = choose(run32(), "file-url")
    hint = X.hints(X.EXERCISES["file-url"])[0][0]
    assert hint.split(":")[0] in text_of(at).replace("\\", "")     # "At url (line 1, column 1)"


def test_reset_restores_the_broken_payload():
    at = choose(run32(), "access-all-agents")
    at.session_state[editor_key("access-all-agents")] = '{"access": {"group_ids": [0]}}'
    at.run()
    assert at.session_state[state.LEARN_ATTEMPT_PREFIX + uid("access-all-agents")] == '{"access": {"group_ids": [0]}}'
    button(at, "Reset").click().run()
    assert_clean(at)
    assert at.session_state[state.LEARN_ATTEMPT_PREFIX + uid("access-all-agents")] == X.EXERCISES["access-all-agents"].text


def test_load_into_editor_hands_the_attempt_to_the_main_editor():
    at = choose(run32(), "agent-routing")
    button(at, "Load into editor").click().run()
    assert_clean(at)
    assert at.session_state[state.TEXT_KEY] == X.EXERCISES["agent-routing"].text
    assert at.session_state[state.STRUCTURE_KEY] == "agent"
    assert at.session_state[state.MODE_KEY] == "response"
    assert at.session_state[state.VERSION_KEY] == "3.2"               # the exercise's version


@pytest.mark.parametrize("typed", ["", "{", "\x00", "[" * 20_000, "9" * 50_000, '{"type": "rich_message"}'])
def test_any_text_in_an_exercise_editor_is_checked_without_breaking(typed):
    at = choose(run32(), "quick-replies")
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
