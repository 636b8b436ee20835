"""playground.presentation.tables: inputs -> flagged rows -> filters, CSV, chart data, drill-down frames."""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.spec import limits as L
from playground.presentation import tables as T
from playground.presentation.generate import generate
from playground.validation.report import Issue

ROOT = Path(__file__).resolve().parents[2]
CHATS = ROOT / "samples" / "chats"


def load(name: str) -> T.ChatData:
    return T.load_texts([(name, (CHATS / name).read_text(encoding="utf-8"))])


def table(name: str) -> T.Table:
    return T.build_table(load(name))


def strip_ids(loaded: T.ChatData) -> list:
    return [x.get("id") for x in loaded.items]


# -- the table from every bundled sample ------------------------------------------------------

def test_every_chat_sample_is_read_without_problems():
    names = sorted(p.name for p in CHATS.glob("*.json"))
    assert names == ["chat.json", "chat_summaries.json", "chat_summary.json", "list_chats_response.json",
                     "thread.json"]
    for name in names:
        t = table(name)
        assert t.loaded.problems == [], name
        assert len(t.df) + len(t.loaded.threads) >= 1, name


@pytest.mark.parametrize("name", ["list_chats_response.json", "chat_summaries.json"])
def test_two_summaries_columns_and_values(name):
    df = table(name).df
    props = ["property_namespace.property_name", "routing.priority", "thread:property_namespace.property_name"]
    assert list(df.columns) == [*T.BASE_COLUMNS, *props, *T.COUNT_COLUMNS]
    assert df.attrs["property_columns"] == props
    assert df["chat_id"].tolist() == ["PJ0MRSHTDG", "PJ0MRSHTDH"]
    assert df["thread_id"].tolist() == ["QA37PVJ75B", "QA37PVJ76C"]
    assert df["thread_created_at"].tolist() == [pd.Timestamp("2020-05-12T11:42:47.383Z"),
                                                pd.Timestamp("2020-05-12T13:05:10.120Z")]
    assert str(df["thread_created_at"].dtype) == "datetime64[us, UTC]"
    assert df["active"].tolist() == [False, True]
    assert df["queue_position"].tolist() == [42, 3]
    assert df["queue_wait_time"].tolist() == [1337, 95]
    assert df["customer_name"].tolist() == ["Thomas Anderson", "Anna Kowalska"]
    assert df["customer_email"].isna().tolist() == [True, False]
    assert df.loc[1, "customer_email"] == "anna.k@example.com"
    assert df["customer_country"].tolist() == ["Poland", "Germany"]
    assert df["agents"].tolist() == [["Agent Smith"], ["Agent Smith"]]
    assert df["last_message_text"].tolist() == ["Hello", "Is the blue one in stock?"]
    assert df["last_message_author"].tolist() == ["Agent Smith", "Anna Kowalska"]
    assert df["last_message_at"].tolist() == [pd.Timestamp("2020-05-12T11:42:47.383Z"),
                                              pd.Timestamp("2020-05-12T13:06:01Z")]
    # The system message (12:31:46.563) is the newest event of the first chat.
    assert df.loc[0, "last_event_at"] == pd.Timestamp("2020-05-12T12:31:46.563Z")
    assert df["event_types"].tolist() == [["message", "system_message"], ["message"]]
    assert df["group_ids"].tolist() == [[0], [1]]
    assert df["is_followed"].tolist() == [False, True]
    # The spec's sample spells `properites`; its values still reach the table.
    assert df.loc[0, "property_namespace.property_name"] == "property_value"
    assert pd.isna(df.loc[1, "property_namespace.property_name"])
    assert df["routing.priority"].isna().tolist() == [True, False]
    assert df.loc[1, "routing.priority"] == "high"
    assert df.loc[0, "thread:property_namespace.property_name"] == "property_value"
    assert df["errors"].tolist() == [0, 0]
    # ...and the validator warns about that spelling, so the row is flagged with a warning.
    assert df.loc[0, "warnings"] >= 1 and any("properites" in line for line in df.loc[0, "issues"])
    assert df["structure"].tolist() == ["chat_summary", "chat_summary"]
    assert df["source"].isna().all()           # one input: no source column needed


def test_single_chat_summary_sample_is_one_row():
    df = table("chat_summary.json").df
    assert len(df) == 1 and df.loc[0, "chat_id"] == "PJ0MRSHTDG" and df.loc[0, "queue_wait_time"] == 1337


def test_chat_sample_becomes_a_row_through_its_last_thread():
    t = table("chat.json")
    df = t.df
    assert df["structure"].tolist() == ["chat"]
    row = df.loc[0]
    assert (row["chat_id"], row["thread_id"], row["active"]) == ("PJ0MRSHTDG", "QA37PVJ75B", False)
    assert row["group_ids"] == [1, 2]          # the chat's access, not the thread's [0]
    assert row["event_types"] == ["filled_form"]
    assert row["last_message_author"] == "Thomas Anderson"
    assert row["last_message_text"] == "form 1002 — Name and Surname: Thomas Anderson; E-mail: —"
    assert pd.isna(row["queue_position"])
    assert row["errors"] == 0


def test_thread_sample_is_a_timeline_not_a_row():
    t = table("thread.json")
    assert len(t.df) == 0 and len(t.loaded.threads) == 1
    assert t.thread_issues[0] == [] or all(isinstance(i, Issue) for i in t.thread_issues[0])
    name, thread = t.loaded.threads[0]
    ev = T.events_frame(thread["events"])
    assert ev["summary"].tolist() == ["Hello there", "Thank you"]
    assert ev["author"].tolist() == ["b7eff798-f8df-4364-8059-649c35c9ed0c"] * 2   # no users: ids
    assert ev["recipients"].tolist() == ["all", "all"]


# -- flagged rows -----------------------------------------------------------------------------

def test_invalid_items_are_flagged_rows_and_never_stop_the_table():
    good = json.loads((CHATS / "chat_summary.json").read_text())
    bad = [5, "text", None, {"id": 3, "users": "bob", "last_thread_summary": [], "last_event_per_type": "x"},
           {"id": "X", "last_thread_summary": {"id": "T", "created_at": "yesterday", "active": "yes",
                                               "queue": {"position": "first", "wait_time": -1}}},
           good]
    t = T.build_table(T.load_documents([("mixed", bad)]))
    df = t.df
    assert len(df) == 6
    assert (df["errors"].iloc[:5] > 0).all()
    assert df["errors"].iloc[5] == 0
    assert df.loc[4, "chat_id"] == "X" and pd.isna(df.loc[4, "active"]) and pd.isna(df.loc[4, "thread_created_at"])
    assert pd.isna(df.loc[4, "queue_position"])      # "first" is not a number: empty cell, flagged row
    assert any("last_thread_summary.active" in line for line in df.loc[4, "issues"])
    assert df.loc[3, "chat_id"] == "3"                # a numeric id is shown as text (and flagged)
    assert df.loc[3, "agents"] == [] and df.loc[3, "event_types"] == []


def test_numbers_shown_as_text_where_text_is_expected():
    df = T.summaries_frame([{"id": "C", "users": [{"type": "customer", "name": 42}]}])
    assert df.loc[0, "customer_name"] == "42"


def test_generated_defects_are_exactly_the_flagged_rows():
    g = generate(600, seed=11, invalid_share=0.05)
    t = T.build_table(T.load_documents([("demo", g.items)]))
    flagged = set(t.df.index[t.df["errors"] > 0])
    assert flagged == set(g.defects)
    assert len(flagged) == 30


def test_injected_validator_is_used():
    calls = []

    def fake(data, structure, mode):
        calls.append((structure, mode))
        return [Issue("error", "/id", 0, 0, "wrong-type", "nope")]
    t = T.build_table(load("list_chats_response.json"), validate=fake)
    assert calls == [("chat_summary", "response")] * 2
    assert t.df["errors"].tolist() == [1, 1]
    assert t.df.loc[0, "issues"] == ["error: id: nope"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "users", "type", "name", "last_thread_summary", "queue", "position", "active",
                         "created_at", "last_event_per_type", "event", "text", "properties", "access",
                         "group_ids", "last_visit", "geolocation", "country", "threads", "events", "x"]),
        kids, max_size=6),
    max_leaves=30)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 80)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(json_values, max_size=5))
def test_any_json_items_give_one_row_each_and_never_raise(items):
    df = T.summaries_frame(items, structures=[T.CHAT if isinstance(x, dict) and "threads" in x else T.SUMMARY
                                              for x in items])
    assert len(df) == len(items)
    for x in items:
        T.event_summary(x)
        T.users_frame(x)
        T.last_events_frame(x)
        T.events_frame(x, x)
        T.threads_frame(x)
        T.chat_events_frame(x)
    T.filter_frame(df, T.Filters(active=True, groups=(1,), agents=("a",), countries=("b",), text="a",
                                 flagged_only=True, sort_by="chat_id"))
    T.to_csv(df)


# -- inputs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, words", [
    ('{"chats_summary": [{"id": "A",}]}', ["line 1, column 31", "trailing comma"]),
    ("{'id': 1}", ["line 1, column 2", "double quotes"]),
    ("", ["empty"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00", ["binary"]),
    (b'{"a": "\xe9t\xe9"}', ["not valid UTF-8"]),
    ("[" * 100_000 + "]" * 100_000, [f"deeper than {L.MAX_DEPTH}"]),
    ("[" * (L.MAX_DEPTH + 5) + "]" * (L.MAX_DEPTH + 5), [f"deeper than {L.MAX_DEPTH}"]),
    ('{"x": NaN}', ["NaN"]),
    ("x" * (L.MAX_INPUT_BYTES + 1), ["5 MB"]),
])
def test_unusable_text_gets_a_clear_message(raw, words):
    data, problem = T.parse_document(raw, "my.json")
    assert data is None
    assert problem.startswith("my.json: ")
    for w in words:
        assert w in problem, problem


def test_utf8_bom_from_windows_tools_is_tolerated():
    data, problem = T.parse_document(b"\xef\xbb\xbf" + (CHATS / "chat_summary.json").read_bytes(), "bom.json")
    assert problem is None and data["id"] == "PJ0MRSHTDG"


@pytest.mark.parametrize("doc, words", [
    ([1, 2, 3], ["a list of numbers", "Expected a list_chats response"]),
    ([None, True], ["a list of booleans and nulls"]),
    ([], ["an empty list"]),
    ("hello", ["a string."]),
    ({}, ["an empty object"]),
    ({"foo": 1}, ["keys 'foo'"]),
    ({"chats_summary": 5}, ["chats_summary is a number"]),
    ({"type": "message", "text": "hi", "recipients": "all"}, ["this is a Message", "not chat data"]),
])
def test_documents_that_are_not_chat_data_are_problems(doc, words):
    loaded = T.load_documents([("in", doc)])
    assert loaded.items == [] and len(loaded.problems) == 1
    for w in words:
        assert w in loaded.problems[0], loaded.problems[0]


def test_several_pages_are_one_table_with_sources_and_paging_notes():
    g = generate(5, seed=3, invalid_share=0).items
    page1 = {"chats_summary": g[:3], "found_chats": 7, "next_page_id": "PAGE2", "previous_page_id": None}
    page2 = {"chats_summary": g[3:] + [g[0]], "found_chats": 7, "next_page_id": "PAGE3", "previous_page_id": "PAGE1"}
    t = T.build_table(T.load_texts([("p1.json", json.dumps(page1)), ("p2.json", json.dumps(page2).encode())]))
    assert len(t.df) == 6
    assert t.df["source"].tolist() == ["p1.json"] * 3 + ["p2.json"] * 3
    assert t.df["chat_id"].tolist() == [x["id"] for x in g] + [g[0]["id"]]
    notes = " ".join(t.loaded.notes)
    assert "2 list_chats pages, 6 chat summaries" in notes
    assert "found_chats says 7, so 1 more are on pages not loaded here" in notes
    assert "every page has a next_page_id, so the API has a page after them ('PAGE3' in p2.json)" in notes
    assert "1 chat id appears more than once" in notes
    assert [p.next_page_id for p in t.loaded.pages] == ["PAGE2", "PAGE3"]


def test_one_bad_file_among_good_ones_is_named_and_the_rest_load():
    good = (CHATS / "list_chats_response.json").read_text()
    loaded = T.load_texts([("good.json", good), ("bad.json", b"\x00\x01"), ("nums.json", "[1, 2]")])
    assert len(loaded.items) == 2
    assert [p.split(":")[0] for p in loaded.problems] == ["bad.json", "nums.json"]


def test_list_archives_and_list_threads_shapes():
    chat = json.loads((CHATS / "chat.json").read_text())
    thread = json.loads((CHATS / "thread.json").read_text())
    loaded = T.load_documents([("archives", {"chats": [chat, chat], "found_chats": 2}),
                               ("threads", {"threads": [thread], "found_threads": 1})])
    assert loaded.structures == ["chat", "chat"]
    assert [name for name, _ in loaded.threads] == ["threads [0]"]


# -- filters ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo():
    g = generate(1500, seed=5)
    return g, T.build_table(T.load_documents([("demo", g.items)]))


def _raw_agents(s):
    users = s.get("users") if isinstance(s.get("users"), list) else []
    return {u["name"] for u in users if u.get("type") == "agent"}


def test_filters_match_a_direct_reading_of_the_raw_summaries(demo):
    g, t = demo
    df = t.df
    f = T.Filters(active=True, groups=(1, 2))
    got = T.filter_frame(df, f)
    want = [i for i, s in enumerate(g.items)
            if s["last_thread_summary"]["active"] is True
            and set(s["access"]["group_ids"]) & {1, 2}]
    assert got.index.tolist() == want and len(want) > 50

    agent = "Maria Garcia"
    got = T.filter_frame(df, T.Filters(agents=(agent,), countries=("Germany", "Poland")))
    want = [i for i, s in enumerate(g.items) if agent in _raw_agents(s)
            and isinstance(s["users"], list)
            and s["users"][0]["last_visit"]["geolocation"]["country"] in ("Germany", "Poland")]
    assert got.index.tolist() == want and want

    got = T.filter_frame(df, T.Filters(active=False))
    assert got.index.tolist() == [i for i, s in enumerate(g.items) if s["last_thread_summary"]["active"] is False]


def test_text_search_is_case_insensitive_and_literal(demo):
    _, t = demo
    df = t.df
    cid = df.loc[17, "chat_id"]
    assert T.filter_frame(df, T.Filters(text=cid.lower())).index.tolist() == [17]
    hits = T.filter_frame(df, T.Filters(text="DISCOUNT CODE"))
    assert len(hits) and hits["last_message_text"].str.contains("discount code", case=False).all()
    assert len(T.filter_frame(df, T.Filters(text=".*"))) == 0            # not a regex
    name = df.loc[3, "agents"][0] if df.loc[3, "agents"] else df.loc[4, "agents"][0]
    assert len(T.filter_frame(df, T.Filters(text=name.upper()))) >= 1


def test_flagged_only_and_sorting(demo):
    g, t = demo
    df = t.df
    flagged = T.filter_frame(df, T.Filters(flagged_only=True))
    assert set(flagged.index) >= set(g.defects)
    assert ((flagged["errors"] + flagged["warnings"]) > 0).all()
    by_wait = T.filter_frame(df, T.Filters(sort_by="queue_wait_time", descending=True))
    waits = by_wait["queue_wait_time"].dropna().tolist()
    assert waits == sorted(waits, reverse=True) and len(waits) > 10
    assert by_wait["queue_wait_time"].iloc[len(waits):].isna().all()    # missing values last
    assert T.filter_frame(df, T.Filters(sort_by="agents")).index.tolist() == df.index.tolist()  # lists: no sort


def test_filter_options(demo):
    _, t = demo
    opts = t.options
    assert opts["groups"] == [0, 1, 2, 3, 4, 5]
    assert len(opts["agents"]) == 12 and "Agent Smith" in opts["agents"]
    assert "Poland" in opts["countries"] and opts["countries"] == sorted(opts["countries"], key=str.casefold)


# -- CSV --------------------------------------------------------------------------------------

def test_csv_is_what_is_shown(demo):
    _, t = demo
    view = T.filter_frame(t.df, T.Filters(active=True, sort_by="thread_created_at"))
    rows = list(csv.reader(io.StringIO(T.to_csv(view).decode("utf-8"))))
    assert rows[0] == list(view.columns)
    assert len(rows) - 1 == len(view)
    first = dict(zip(rows[0], rows[1]))
    r = view.iloc[0]
    assert first["chat_id"] == r["chat_id"]
    assert first["active"] == "True"
    assert first["thread_created_at"] == r["thread_created_at"].isoformat()
    assert first["agents"] == "; ".join(r["agents"])
    assert first["group_ids"] == "; ".join(map(str, r["group_ids"]))


def test_csv_neutralises_spreadsheet_formulas_in_text_only():
    items = [{"id": "=HYPERLINK(\"http://evil\")", "users": [{"type": "customer", "name": "+cmd", "email": "@x"}],
              "last_thread_summary": {"id": "-T", "created_at": "2020-05-12T11:42:47.383000Z", "active": True,
                                      "queue": {"position": 3, "wait_time": 5, "queued_at": "2020-05-12T11:42:47.383000Z"}}}]
    rows = list(csv.DictReader(io.StringIO(T.to_csv(T.summaries_frame(items)).decode())))
    assert rows[0]["chat_id"] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0]["customer_name"] == "'+cmd" and rows[0]["customer_email"] == "'@x"
    assert rows[0]["thread_id"] == "'-T"
    assert rows[0]["queue_position"] == "3"


# -- chart data -------------------------------------------------------------------------------

def test_chats_by_hour(demo):
    _, t = demo
    df = t.df
    h = T.chats_by_hour(df)
    assert h.index.tolist() == list(range(24))
    assert int(h.to_numpy().sum()) == int(df["thread_created_at"].notna().sum())
    assert int(h["active"].sum()) == int((df["active"].eq(True).fillna(False) & df["thread_created_at"].notna()).sum())
    assert h.loc[14].sum() > h.loc[3].sum()          # the generator's busy afternoon, quiet night


def test_queue_wait_bands_edges():
    waits = [0, 29, 30, 59, 60, 119, 120, 299, 300, 599, 600, 1799, 1800, 50_000]
    df = pd.DataFrame({"queue_wait_time": pd.array(waits + [None], dtype="Int64")})
    q = T.queue_wait_distribution(df)
    assert q["wait"].tolist() == list(T.WAIT_LABELS) == q["wait"].cat.categories.tolist()
    assert q["chats"].tolist() == [2, 2, 2, 2, 2, 2, 2]


def test_events_by_type_and_countries(demo):
    _, t = demo
    ev = T.events_by_type(t.df)
    assert ev["type"].iloc[0] == "message" and ev["chats"].iloc[0] == len(t.df)
    assert set(ev["type"]) >= {"message", "rich_message", "file", "system_message", "filled_form"}
    assert ev["chats"].is_monotonic_decreasing
    c = T.customers_by_country(t.df, top=5)
    assert c["country"].tolist()[:5] == t.df["customer_country"].value_counts().index[:5].tolist()
    assert c["country"].iloc[5] == "other"
    assert c["chats"].sum() == len(t.df)
    df = pd.DataFrame({"customer_country": pd.array(["A", None, "A", "B"], dtype="str")})
    by_country = T.customers_by_country(df)
    assert by_country["country"].tolist() == ["A", "B", "(unknown)"] and by_country["chats"].tolist() == [2, 1, 1]


# -- drill-down frames ------------------------------------------------------------------------

def test_users_and_last_events_frames_of_a_summary():
    s = json.loads((CHATS / "chat_summary.json").read_text())
    u = T.users_frame(s["users"])
    assert u["id"].tolist() == ["b7eff798-f8df-4364-8059-649c35c9ed0c", "smith@example.com"]
    assert u["type"].tolist() == ["customer", "agent"]
    assert u.loc[0, "country"] == "Poland" and u.loc[0, "city"] == "Wroclaw" and u.loc[0, "chats_count"] == 1
    assert u["present"].tolist() == [True, False]
    e = T.last_events_frame(s)
    assert e["filed_under"].tolist() == ["system_message", "message"]       # newest first
    assert e.loc[0, "summary"] == "The chat was closed because Agent Smith had lost internet connection"
    assert e.loc[1, "author"] == "Agent Smith"
    assert [ev["id"] for ev in T.last_events(s)] == ["QA37PVJ75B_1", "QA37PVJ75B_3"]   # oldest first


def test_chat_threads_and_timeline_resolve_names():
    chat = json.loads((CHATS / "chat.json").read_text())
    th = T.threads_frame(chat)
    assert th.loc[0, "thread_id"] == "QA37PVJ75B" and th.loc[0, "events"] == 1
    assert th.loc[0, "users"] == ["Agent Smith", "Thomas Anderson"]
    assert th.loc[0, "previous_thread_id"] == "QA078URPJL"
    ev = T.chat_events_frame(chat)
    assert ev.columns.tolist() == ["thread_id", "time", "author", "type", "summary", "recipients", "event_id"]
    assert ev.loc[0, "author"] == "Thomas Anderson" and ev.loc[0, "type"] == "filled_form"


@pytest.mark.parametrize("sample, expected", [
    ("message", "hello there (postback action_call)"),
    ("rich_message", "cards: 1 element, 3 buttons — Lorem ipsum dolor."),
    ("file", "image25.png (image/png, 120.6 KB)"),
    ("filled_form", "form 1473433500211 — Your name: Thomas Anderson; Your email: t.anderson@example.com; "
                    "Chat purpose: Support; Company industry: automotive, it; Choose department: Marketing"),
    ("custom", 'custom: {"custom":{"nested":"json"}}'),
    ("system_message", "Hello there!"),
])
def test_event_summary_of_each_sample(sample, expected):
    event = json.loads((ROOT / "samples" / "events" / f"{sample}.json").read_text())
    assert T.event_summary(event) == expected


def test_event_summary_fills_system_placeholders_and_clips():
    assert T.event_summary({"type": "system_message", "text": "%agent% joined", "text_vars": {"agent": "Ann"}}) == "Ann joined"
    assert T.event_summary({"type": "system_message", "system_message_type": "routing.idle"}) == "[routing.idle]"
    long = T.event_summary({"type": "message", "text": "a  b\n" * 500})
    assert len(long) == T.SUMMARY_CHARS and long.endswith("…") and "\n" not in long
    assert T.event_summary({"type": "form"}).startswith("[form]")


# -- every API version (issue 12) -------------------------------------------------------------

from playground.presentation import generate as G  # noqa: E402
from playground.spec.catalog import VERSIONS  # noqa: E402

SAMPLES = ROOT / "samples"


def pages_of(n: int, version: str, page: int = 100, seed: int = 11) -> list[tuple[str, str]]:
    stream = G.Stream(n, seed, version=version, page_size=page)
    return [(f"page_{k}.json", json.dumps(G.as_list_chats(items, f"next{k}", version=version)))
            for k, items in enumerate(stream.pages())]


@pytest.mark.parametrize("version", VERSIONS)
def test_each_versions_pages_are_read_as_that_version_with_its_columns(version):
    t = T.build_from_texts(pages_of(300, version), "detect")
    # v3.2-v3.4 data fit v3.2-v3.5 by their fields (v3.5 is v3.4 again; nothing in generated v3.2 or
    # v3.3 data tells them from v3.4): the core prefers the newest legacy one, v3.5
    expected = {"3.2": "3.5", "3.3": "3.5", "3.4": "3.5"}.get(version, version)
    assert t.version == expected and t.version_reason.startswith("detected: ")
    assert list(t.df.columns[:len(T.columns_for(expected))]) == list(T.columns_for(expected))
    assert len(t.df) == 300 and t.loaded.problems == []
    assert "3 list_chats pages, 300 chat summaries" in t.loaded.notes[0]
    flagged = set(t.df.index[t.df["errors"] > 0])
    assert flagged == set(G.Stream(300, 11, version=version).defects)          # each defect, nothing else
    assert t.df["customer_country"].notna().sum() > 250                        # last_visit or visit
    assert t.df["thread_id"].notna().all() and t.df["last_message_text"].notna().sum() > 250
    if VERSIONS.index(expected) >= VERSIONS.index("3.4"):
        assert set(t.df["last_message_visibility"].dropna()) == ({"all"} if version not in ("3.2", "3.3") else set())
    if VERSIONS.index(expected) >= VERSIONS.index("3.6"):
        assert t.df["customer_tickets"].dropna().sum() > 0
    else:
        assert "customer_tickets" not in t.df.columns


def test_v3_7_chats_info_page_reads_last_thread_info_and_events_inside_it():
    items = G.generate_chat_summaries(5, 2, 0, version="3.7")
    assert "last_thread_info" in items[0] and "last_event_per_type" in items[0]["last_thread_info"]
    page = json.dumps(G.as_list_chats(items, version="3.7"))
    assert json.loads(page).keys() >= {"chats_info", "found_chats"}
    t = T.build_from_texts([("info.json", page)], "detect")
    assert t.version == "3.7" and set(t.df["structure"]) == {"chat_info"}
    assert t.df["thread_id"].tolist() == [s["last_thread_info"]["id"] for s in items]
    assert all(t.df["event_types"].map(len) > 0)
    assert t.df["errors"].sum() == 0
    # the page's own sample keeps last_event_per_type beside last_thread_info: read too
    sample = T.build_from_texts([("s", (SAMPLES / "v3_7/chats/chat_info.json").read_text())], "detect")
    assert sample.version == "3.7" and sample.df["event_types"][0] == ["message", "system_message"]
    assert T.last_events_frame(sample.loaded.items[0])["filed_under"].tolist() == ["system_message", "message"]


def test_the_same_data_checked_as_another_version_says_what_differs():
    page = [("p", json.dumps(G.as_list_chats(G.generate_chat_summaries(20, 3, 0, version="3.7"), version="3.7")))]
    as_36 = T.build_from_texts(page, "3.6")
    assert as_36.version == "3.6" and as_36.version_reason == "as chosen"
    assert len(as_36.df) == 20 and as_36.df["thread_id"].notna().all()      # still read, never dropped
    assert {(i.rule, i.path) for found in as_36.issues for i in found} == {("unknown-field", "last_thread_info")}
    assert set(as_36.df["structure"]) == {"chat_summary"}
    assert T.build_from_texts(page, "3.7").df["warnings"].sum() == 0


@pytest.mark.parametrize("name", ["v3_4/chats/chat_summary.json", "v3_6/chats/chat_summary.json",
                                  "v3_7/chats/chat_info.json", "v3_7/chats/chat.json", "v3_6/chats/thread.json"])
def test_every_versions_samples_load(name):
    t = T.build_from_texts([(name, (SAMPLES / name).read_text())], "detect")
    assert t.loaded.problems == []
    assert len(t.df) + len(t.loaded.threads) == 1
    if "thread" not in name:
        assert t.df["errors"].tolist() == [0] and t.df["customer_country"].tolist() == ["Poland"]


def test_streamed_and_whole_builds_give_the_same_table():
    texts = pages_of(450, "3.6", page=100)
    streamed = T.build_from_texts(texts, "3.6")
    whole = T.build_table(T.load_texts(texts), version="3.6")
    pd.testing.assert_frame_equal(streamed.df, whole.df)
    assert [len(i) for i in streamed.issues] == [len(i) for i in whole.issues]
    # the streamed table keeps how to get each item back, not the items
    assert isinstance(streamed.loaded.items, T.LazyItems) and len(streamed.loaded.items) == 450
    for k in (0, 99, 100, 449, -1):
        assert streamed.loaded.items[k] == whole.loaded.items[k]
    with pytest.raises(IndexError):
        streamed.loaded.items[450]


def test_chunks_with_differently_typed_properties_join_as_one_typed_column():
    a = [{"id": f"a{i}", "properties": {"x": {"n": i, "b": True, "m": "s"}}} for i in range(3)]
    b = [{"id": f"b{i}", "properties": {"x": {"n": 0.5, "m": 7}}} for i in range(2)]
    cols = T.Columns("3.2")
    cols.add(a, [T.SUMMARY] * 3, None, None)
    cols.add(b, [T.SUMMARY] * 2, None, None)
    df = cols.frame()
    one = T.summaries_frame(a + b)
    assert df["x.n"].tolist() == [0, 1, 2, 0.5, 0.5] and str(df["x.n"].dtype) == "Float64"
    assert df["x.b"].tolist()[:3] == [True] * 3 and df["x.b"].isna().tolist()[3:] == [True, True]
    assert df["x.m"].tolist() == ["s", "s", "s", "7", "7"] == one["x.m"].tolist()


def test_demo_data_streams_pages_and_reports_progress():
    calls = []
    t = G.build_demo(2500, 5, version="3.7", progress=lambda f, w: calls.append((f, w)))
    assert len(t.df) == 2500 and t.version == "3.7"
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 3
    assert "2,500 of 2,500 chats validated" in calls[-1][1]
    again = G.generate(2500, 5, version="3.7")
    assert t.loaded.items[1234] == again.items[1234] and t.loaded.items[2499] == again.items[2499]


def test_fast_parser_reads_as_json_loads_and_refuses_what_needs_the_long_way():
    for text in ('{"a": [1, 2.5, -0, 1e400, "é\\u00e9", null, true]}', "[]", '{"a":1,"a":2}', "  [1] "):
        assert T.fast_loads(text) == json.loads(text)
    for text in ("[NaN]", '["\\ud800"]', "[" * 202 + "]" * 202, "[1,]", "\ufeff[1]"):
        assert T.fast_loads(text) is T._UNREAD
    assert T.FAST_PARSER_DEPTH < L.MAX_DEPTH
    assert T.fast_loads("[" * T.FAST_PARSER_DEPTH + "]" * T.FAST_PARSER_DEPTH) is not T._UNREAD
    # 257 deep still gets the validator's depth message, through the long way
    loaded = T.load_texts([("deep", "[" * 257 + "]" * 257)])
    assert loaded.problems and "deep" in loaded.problems[0].lower()


# -- chart filters (issue 14) -----------------------------------------------------------------

def test_chart_filters_keep_the_clicked_bars_rows():
    df = T.build_table(T.load_documents([("d", G.generate_chat_summaries(600, 8))])).df
    hour = int(df["thread_created_at"].dt.hour.mode()[0])
    by_hour = T.filter_frame(df, T.Filters(hours=(hour,)))
    assert 0 < len(by_hour) < len(df) and by_hour["thread_created_at"].dt.hour.eq(hour).all()
    assert len(by_hour) == T.chats_by_hour(df).loc[hour].sum()           # the bar's count
    files = T.filter_frame(df, T.Filters(event_types=("file",)))
    assert len(files) == T.events_by_type(df).set_index("type").loc["file", "chats"]
    assert files["event_types"].map(lambda ts: "file" in ts).all()
    band = "1–2 min"
    waits = T.filter_frame(df, T.Filters(waits=(band,)))
    assert len(waits) == T.queue_wait_distribution(df).set_index("wait").loc[band, "chats"]
    assert waits["queue_wait_time"].between(60, 119).all()
    both = T.filter_frame(df, T.Filters(hours=(hour,), event_types=("file",)))
    assert set(both.index) == set(by_hour.index) & set(files.index)


def test_users_frame_reads_v3_6_visit_and_tickets():
    s = json.loads((SAMPLES / "v3_6/chats/chat_summary.json").read_text())
    u = T.users_frame(s["users"])
    assert u["country"].tolist()[0] == "Poland" and u["city"].tolist()[0] == "Wroclaw"
    assert u["tickets"].tolist()[0] == 1 and pd.isna(u["tickets"].tolist()[1])


@pytest.mark.parametrize("version", ["3.3", "3.4", "3.5"])
def test_last_event_per_type_events_are_read_as_their_own_type(version):
    # Found by the per-version tables: v3.3-v3.5 containers lost the events' discriminator, so
    # every filled_form / system_message in last_event_per_type was walked as a Message
    # ("`form_id` is not a field of Message") and validated as a smart union.
    items = G.generate_chat_summaries(150, 5, 0, version=version)
    t = T.build_table(T.load_documents([("d", items)]), version=version)
    rules = {i.rule for found in t.issues for i in found}
    assert "unknown-field" not in rules and t.df["errors"].sum() == 0
    broken = json.loads(json.dumps(items[0]))
    broken["last_event_per_type"]["message"]["event"]["type"] = "filled_form"   # a message's fields
    found = T.validate_items([broken], [T.SUMMARY], version=version)[0]
    paths = {i.path for i in found if i.severity == "error"}
    assert "last_event_per_type.message.event.form_id" in paths, [(i.path, i.message) for i in found]
    assert not any("MessageResponse" in i.message for i in found)      # one member's words, not the union's
