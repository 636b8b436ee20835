"""The chat summaries page through Streamlit's AppTest: every source, filters, drill-down, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.spec import limits as L
from playground.app import state

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "playground" / "app" / "views" / "chat_summaries.py")
CHATS = ROOT / "samples" / "chats"
F = state.TABLES_FILTER_KEY_PREFIX


def run(**session) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for k, v in session.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def plain(elements) -> list[str]:
    """Texts with the page's Markdown escaping removed."""
    return [e.value.replace("\\", "") for e in elements]


def main_table(at: AppTest):
    return at.dataframe[0].value


def choose(at: AppTest, source: str) -> AppTest:
    at.segmented_control(key=state.TABLES_SOURCE_KEY).set_value(source).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def paste(at: AppTest, text: str) -> AppTest:
    choose(at, "Paste JSON")
    at.text_area(key=state.TABLES_PASTE_KEY).input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_default_is_the_list_chats_sample_with_the_first_row_drilled_into():
    at = run()
    df = main_table(at)
    assert df["chat_id"].tolist() == ["PJ0MRSHTDG", "PJ0MRSHTDH"]
    assert [m.value for m in at.metric] == ["2", "1", "2", "0", "1"]
    assert any("the page has a next_page_id, so the API has a page after it ('MTU5MTEwMTUxNTU5NQ=='" in i
               for i in plain(at.info))
    assert at.get("download_button")[0].label == "Download these 2 rows as CSV"
    heads = texts(at.subheader)
    assert "Charts of the rows shown" in heads
    assert "Chat summary `PJ0MRSHTDG`" in heads
    # Drill-down: issues (the spec's own `properites` spelling), last events, users.
    tables = [d.value for d in at.dataframe]
    issues = next(t for t in tables if "rule" in t.columns)
    assert "spec-sample-typo" in issues["rule"].tolist()
    last = next(t for t in tables if "filed_under" in t.columns)
    assert last["filed_under"].tolist() == ["system_message", "message"]
    users = next(t for t in tables if "routing_status" in t.columns)
    assert users["name"].tolist() == ["Thomas Anderson", "Agent Smith"]
    assert [e.label for e in at.expander] == ["Raw JSON"]


@pytest.mark.parametrize("sample, heading", [
    ("chat_summary.json", "Chat summary `PJ0MRSHTDG`"),
    ("chat_summaries.json", "Chat summary `PJ0MRSHTDG`"),
    ("chat.json", "Chat `PJ0MRSHTDG`"),
    ("thread.json", "Thread `K600PKZON8`"),
])
def test_every_sample(sample, heading):
    at = run(**{state.TABLES_SAMPLE_KEY: sample})
    assert heading in texts(at.subheader)
    assert not at.error


def test_chat_drilldown_has_threads_and_a_timeline_with_names():
    at = run(**{state.TABLES_SAMPLE_KEY: "chat.json"})
    tables = [d.value for d in at.dataframe]
    threads = next(t for t in tables if "previous_thread_id" in t.columns)
    assert threads["thread_id"].tolist() == ["QA37PVJ75B"]
    timeline = next(t for t in tables if "summary" in t.columns and "time" in t.columns)
    assert timeline["author"].tolist() == ["Thomas Anderson"]
    thread = next(s for s in at.selectbox if s.label == "Thread")
    assert thread.key.startswith(state.TABLES_THREAD_KEY_PREFIX)
    assert thread.options == ["All threads", "1: QA37PVJ75B"] and thread.value == "1: QA37PVJ75B"
    thread.set_value("All threads").run()
    timeline = next(d.value for d in at.dataframe if "thread_id" in d.value.columns and "summary" in d.value.columns)
    assert timeline["thread_id"].tolist() == ["QA37PVJ75B"]


def test_demo_data_and_filters():
    at = run(**{state.TABLES_SOURCE_KEY: "Demo data", state.TABLES_DEMO_N_KEY: 400,
                state.TABLES_DEMO_SEED_KEY: 3})
    df = main_table(at)
    assert len(df) == 400
    assert at.metric[3].value == "8"                     # 2 % broken on purpose -> 8 rows with errors
    assert any("--n 400 --seed 3" in c for c in texts(at.caption))

    at.segmented_control(key=F + "active").set_value("Active").run()
    active = main_table(at)
    assert 0 < len(active) < 400 and active["active"].eq(True).all()

    at.segmented_control(key=F + "active").set_value("Any").run()
    at.toggle(key=F + "flagged").set_value(True).run()
    flagged = main_table(at)
    assert ((flagged["errors"] + flagged["warnings"]) > 0).all() and (flagged["errors"] > 0).sum() == 8

    at.toggle(key=F + "flagged").set_value(False).run()
    cid = df["chat_id"].iloc[123]
    at.text_input(key=F + "text").input(cid.lower()).run()
    assert main_table(at)["chat_id"].tolist() == [cid]
    assert f"Chat summary `{cid}`" in texts(at.subheader)     # the only row is selected
    assert at.get("download_button")[0].label == "Download this row as CSV"

    at.text_input(key=F + "text").input("").run()
    country = df["customer_country"].dropna().iloc[0]
    at.multiselect(key=F + "countries").set_value([country]).run()
    assert main_table(at)["customer_country"].eq(country).all()

    at.selectbox(key=F + "sort").set_value("queue_wait_time").run()
    at.toggle(key=F + "descending").set_value(True).run()
    waits = main_table(at)["queue_wait_time"].dropna().tolist()
    assert waits == sorted(waits, reverse=True)


def test_no_row_matches():
    at = run()
    at.text_input(key=F + "text").input("no such chat anywhere").run()
    assert len(main_table(at)) == 0
    assert "No row matches these filters." in texts(at.info)


def test_editor_payload_is_used():
    text = (CHATS / "list_chats_response.json").read_text()
    at = run(**{state.TABLES_SOURCE_KEY: "Editor's payload", state.TEXT_KEY: text})
    assert main_table(at)["chat_id"].tolist() == ["PJ0MRSHTDG", "PJ0MRSHTDH"]
    message = (ROOT / "samples" / "events" / "message.json").read_text()
    at = run(**{state.TABLES_SOURCE_KEY: "Editor's payload", state.TEXT_KEY: message})
    assert "Message" in at.error[0].value and "not chat data" in at.error[0].value
    assert not at.dataframe


def test_pasted_pages_with_a_bad_summary_still_build():
    page = json.loads((CHATS / "list_chats_response.json").read_text())
    page["chats_summary"].append({"id": "BROKEN", "last_thread_summary": {"active": "yes"}})
    at = paste(run(), json.dumps(page))
    df = main_table(at)
    assert df["chat_id"].tolist() == ["PJ0MRSHTDG", "PJ0MRSHTDH", "BROKEN"]
    assert df["errors"].tolist()[2] > 0 and df["errors"].tolist()[:2] == [0, 0]


@pytest.mark.parametrize("text, words", [
    ('{"chats_summary": [{"id": "A",}]}', "line 1, column 31"),
    ("[1, 2, 3]", "a list of numbers"),
    ("x" * (L.MAX_INPUT_BYTES + 10), "5 MB"),
    ("[" * 100_000, "deeper than"),
    ("<script>alert(1)</script>", "line 1, column 1"),
    ('"just a string"', "a string"),
])
def test_bad_paste_gives_one_clear_message(text, words):
    at = paste(run(), text)
    assert len(at.error) == 1
    assert words in plain(at.error)[0], at.error[0].value
    assert not at.dataframe


def test_hostile_strings_are_shown_as_text():
    evil = '<img src=x onerror=alert(1)>`**[x](javascript:alert(1))**'
    page = {"chats_summary": [{"id": evil, "users": [{"id": "c", "type": "customer", "name": evil}],
                               "last_thread_summary": {"id": "T", "created_at": "2020-05-12T11:42:47.383000Z",
                                                       "active": True}}]}
    at = paste(run(), json.dumps(page))
    assert main_table(at)["chat_id"].tolist() == [evil]       # the grid shows text as text
    heading = next(h for h in texts(at.subheader) if h.startswith("Chat summary"))
    assert evil in heading and heading.startswith("Chat summary ``")   # an inline code span, not Markdown
    for block in [*texts(at.markdown), *texts(at.caption), *texts(at.info)]:
        assert "<img" not in block and "](javascript:" not in block


def test_empty_paste_and_upload_prompts():
    at = choose(run(), "Paste JSON")
    assert any("Paste JSON above" in i for i in texts(at.info))
    at = choose(at, "Upload files")
    assert any("Upload JSON files" in i for i in texts(at.info))


def test_open_in_the_editor_makes_the_chat_the_current_payload():
    at = run(**{state.TABLES_SAMPLE_KEY: "chat.json"})
    at.button(key="tables_open_item_0").click().run()
    assert not at.exception
    chat = json.loads((CHATS / "chat.json").read_text())
    assert json.loads(at.session_state[state.TEXT_KEY]) == chat
    assert list(json.loads(at.session_state[state.TEXT_KEY])) == list(chat)          # key order kept
    assert at.session_state[state.STRUCTURE_KEY] == "chat" and at.session_state[state.MODE_KEY] == "response"
    assert "Sent to the editor" in at.success[0].value                                # no navigation here


# -- API versions (issue 12) and the charts' filter (issue 14) ----------------------------------

def caption_with(at: AppTest, words: str) -> str:
    return next(c for c in plain(at.caption) if c.startswith(words))


@pytest.mark.parametrize("version", ["3.2", "3.6", "3.7"])
def test_the_page_follows_the_apps_version(version):
    at = run(**{state.VERSION_KEY: version})
    assert caption_with(at, "API v").startswith(f"API v{version} · ")
    sample = at.selectbox(key=state.TABLES_SAMPLE_KEY)
    assert sample.value.startswith("chats/" if version == "3.2" else f"v{version.replace('.', '_')}/")
    df = main_table(at)
    assert ("customer_tickets" in df.columns) == (version != "3.2")
    assert ("Chat info" if version == "3.7" else "Chat summary") in " ".join(texts(at.subheader))


def test_every_versions_samples_are_offered_and_load():
    at = run()
    names = at.selectbox(key=state.TABLES_SAMPLE_KEY).options
    assert {n.split(" · ")[0] for n in names} == {"v3.2", "v3.3", "v3.4", "v3.5", "v3.6", "v3.7"}
    for name in ("v3_6/chats/chat_summary.json", "v3_7/chats/chat_info.json", "v3_4/chats/chat.json"):
        at = run(**{state.TABLES_SAMPLE_KEY: name})
        assert not at.error
        version = name[1:4].replace("_", ".")
        assert caption_with(at, "API v").startswith(f"API v{version} · ")     # Detect: the sample's own
        assert main_table(at)["errors"].tolist() == [0]


def test_demo_data_of_v3_7_under_detect_is_chat_info():
    at = run(**{state.TABLES_SOURCE_KEY: "Demo data", state.TABLES_DEMO_N_KEY: 300,
                state.TABLES_DEMO_VERSION_KEY: "3.7"})
    assert caption_with(at, "API v").startswith("API v3.7 · preview, detected")
    assert any("--version 3.7" in c for c in texts(at.caption))
    df = main_table(at)
    assert len(df) == 300 and at.metric[3].value == "6"          # 2 % broken: 6 rows with errors
    assert "customer_tickets" in df.columns and df["thread_id"].notna().all()
    assert any(h.startswith("Chat info `") for h in texts(at.subheader))
    # the same data checked as v3.2 (the editor's picker): read, flagged, never dropped
    at = run(**{state.TABLES_SOURCE_KEY: "Demo data", state.TABLES_DEMO_N_KEY: 300,
                state.TABLES_DEMO_VERSION_KEY: "3.7", state.VERSION_KEY: "3.2"})
    df = main_table(at)
    assert len(df) == 300 and (df["warnings"] > 0).all() and "customer_tickets" not in df.columns


def test_a_clicked_bar_filters_the_table_and_clear_shows_every_row():
    at = run(**{state.TABLES_SOURCE_KEY: "Demo data", state.TABLES_DEMO_N_KEY: 500})
    everything = main_table(at)
    hour = int(everything["thread_created_at"].dt.hour.mode()[0])
    # what the hour chart's on_select callback stores for a click on that bar
    at.session_state[F + "hours"] = [hour]
    at.session_state[F + "event_types"] = ["message"]
    at.run()
    shown = main_table(at)
    assert 0 < len(shown) < len(everything)
    assert shown["thread_created_at"].dt.hour.eq(hour).all()
    line = next(i for i in plain(at.info) if i.startswith("Filtered by the charts"))
    assert f"hour (UTC): `{hour}`" in line and "event type present: `message`" in line
    assert at.metric[0].value == f"{len(shown):,}"
    at.button(key=F + "clear_charts").click().run()
    assert len(main_table(at)) == len(everything)
    assert not any(i.startswith("Filtered by the charts") for i in plain(at.info))
