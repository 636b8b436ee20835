"""The reference page (AppTest): every entry renders, links and ?structure= move between entries,
the search finds fields, events show request -> response, nothing a user types breaks it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.teaching import reference as R
from playground.app import state, ui

PAGE = Path(__file__).resolve().parents[2] / "playground" / "app" / "views" / "reference.py"
GUARD_WORDS = "hit an unexpected problem"


def run(structure: str | None = None, **session) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    if structure is not None:
        at.query_params[state.QP_REF_STRUCTURE] = structure
    for k, v in session.items():
        at.session_state[k] = v
    at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error if GUARD_WORDS in str(e.value)]
    assert not problems, problems


def headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def button(at: AppTest, label: str):
    hits = [b for b in at.button if b.label == label]
    assert hits, f"no button {label!r} in {[b.label for b in at.button]}"
    return hits[0]


def test_opens_on_the_current_payloads_structure():
    at = run()
    assert at.title[0].value == "Reference"
    assert headers(at) == ["Message"]                  # the default payload is the message sample
    assert at.query_params[state.QP_REF_STRUCTURE] == "message"
    assert at.selectbox(key=state.REF_ENTRY_KEY).value == "message"


def test_a_query_param_opens_an_entry_and_tables_come_from_the_reference_core():
    at = run("rich_message")
    assert headers(at) == ["Rich message"]
    assert len(at.table) >= 2                           # request and response tables
    shown = at.table[0].value
    assert list(shown.index) == list(R.table("rich_message", "request")["field"])
    assert list(shown["Type"]) == list(R.table("rich_message", "request")["type"])
    assert "Limits and allowed values" in shown.columns and "Spec note" in shown.columns
    resp = at.table[1].value
    assert list(resp[resp["Added by the server"] == "yes"].index) == R.server_added("rich_message")


@pytest.mark.parametrize("key", list(R.entries()))
def test_every_entry_renders(key):
    at = run(key)
    assert headers(at)[0] == R.entry(key).title
    texts = " ".join(m.value for m in at.markdown)
    if R.entry(key).variants:
        assert "One of:" in texts
    downloads = at.get("download_button")
    assert len(downloads) == len(R.entry(key).modes)


def test_an_unknown_structure_falls_back_and_is_shown_escaped():
    at = run("<script>alert(1)</script>")
    warning = " ".join(w.value for w in at.warning)
    assert "There is no structure" in warning and "<script>alert(1)</script>" in warning
    assert "`<script>alert(1)</script>`" in warning        # as a code span, not markup
    assert headers(at) == ["Message"]


def test_link_buttons_open_nested_entries_and_update_the_url():
    at = run("rich_message")
    button(at, "Rich message element").click().run()
    assert_clean(at)
    assert headers(at) == ["Rich message element"]
    assert at.query_params[state.QP_REF_STRUCTURE] == "element"
    button(at, "Image").click().run()
    assert headers(at) == ["Image"]
    assert at.query_params[state.QP_REF_STRUCTURE] == "image"
    button(at, "Rich message element").click().run()          # "Used in" goes back up
    assert headers(at) == ["Rich message element"]


def test_the_picker_changes_the_entry_and_the_url():
    at = run("message")
    at.selectbox(key=state.REF_ENTRY_KEY).select("thread").run()
    assert_clean(at)
    assert headers(at) == ["Thread"]
    assert at.query_params[state.QP_REF_STRUCTURE] == "thread"


def test_search_finds_where_queue_appears_and_opens_an_entry():
    at = run("message")
    at.text_input(key=state.REF_SEARCH_KEY).input("queue").run()
    assert_clean(at)
    df = at.dataframe[0].value
    assert {"Thread", "Last thread summary"} <= set(df["in"])
    assert any("chat.threads[].queue" in w for w in df["where it appears"])
    button(at, "Last thread summary").click().run()
    assert headers(at) == ["Last thread summary"]


@pytest.mark.parametrize("q", ["<img src=x onerror=alert(1)>", "**bold** [link](javascript:alert(1))", "$$x$$",
                               "(", "\\", "x" * R.MAX_QUERY, "😁"])
def test_hostile_searches_are_answered_plainly(q):
    at = run("message")
    at.text_input(key=state.REF_SEARCH_KEY).input(q).run()
    assert_clean(at)
    if not at.dataframe:
        info = " ".join(i.value for i in at.info)
        assert "No field matches" in info
        assert ui.code(q, 80) in info          # what was typed is shown as a code span, not Markdown


def test_events_show_request_to_response_with_the_server_fields_marked():
    at = run("message")
    diffs = [c.value for c in at.code if c.language == "diff"]
    assert len(diffs) == 1
    plus = [line for line in diffs[0].splitlines() if line.startswith("+")]
    assert [json.loads("{" + p[1:].strip().rstrip(",") + "}").popitem()[0] for p in plus] == \
        ["id", "author_id", "created_at"]
    # the chosen author is the one written into author_id
    at.selectbox(key="ref_x_message_author").select("b7eff798-f8df-4364-8059-649c35c9ed0c").run()
    diff = [c.value for c in at.code if c.language == "diff"][0]
    assert '+   "author_id": "b7eff798-f8df-4364-8059-649c35c9ed0c",' in diff


def test_loading_the_response_puts_it_in_the_shared_payload():
    at = run("file")
    button(at, "Load the response into the editor").click().run()
    assert_clean(at)
    data = json.loads(at.session_state[state.TEXT_KEY])
    assert data["type"] == "file" and {"id", "created_at", "author_id", "name", "content_type"} <= set(data)
    assert at.session_state[state.MODE_KEY] == "response"
    assert at.session_state[state.STRUCTURE_KEY] == "file"


def test_loading_a_sample_puts_it_in_the_shared_payload():
    at = run("thread")
    button(at, "Load this sample into the editor").click().run()
    assert_clean(at)
    assert json.loads(at.session_state[state.TEXT_KEY])["id"] == "K600PKZON8"
    assert at.session_state[state.STRUCTURE_KEY] == "thread"


def test_a_broken_current_payload_does_not_break_the_page():
    at = run(None, **{state.TEXT_KEY: "{not json" + "[" * 10_000})
    assert headers(at) == ["Message"]
