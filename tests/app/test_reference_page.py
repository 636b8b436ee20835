"""The reference page (AppTest): every entry renders, links and ?structure= move between entries,
the search finds fields, events show request -> response, nothing a user types breaks it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import state, ui
from playground.spec import catalog
from playground.teaching import reference as R

PAGE = Path(__file__).resolve().parents[2] / "playground" / "app" / "views" / "reference.py"
GUARD_WORDS = "hit an unexpected problem"


def run(structure: str | None = None, api: str | None = None, compare: str | None = None, **session) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    if structure is not None:
        at.query_params[state.QP_REF_STRUCTURE] = structure
    if api is not None:
        at.query_params[state.QP_REF_API] = api
    if compare is not None:
        at.query_params[state.QP_REF_COMPARE] = compare
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


# ---------------------------------------------------------------------------------------------
# every version: the version picker, ?api=, "Compare with"

def table_of(at: AppTest, field: str):
    """The first table of the page that has a row `field`."""
    hits = [t.value for t in at.table if field in t.value.index]
    assert hits, f"no table has {field!r}"
    return hits[0]


def changes_frame(at: AppTest):
    """The table of changes (a table when short, a grid when long), with the core's column names."""
    frames = [t.value.reset_index() for t in at.table if "Change" in t.value.columns]
    frames += [d.value for d in at.dataframe if "Change" in d.value.columns]
    assert frames, "no table of changes"
    df = frames[0]
    return df.rename(columns={c: c.lower() for c in ("Field", "Change", "Mode", "In", "Changelog")}
                     | {c: ("before" if i == 0 else "after") for i, c in
                        enumerate(c for c in df.columns if c.startswith("In v"))})


def test_the_version_picker_defaults_to_the_sessions_version_and_lists_each_status():
    at = run("message", **{state.VERSION_KEY: "3.5"})
    picker = at.selectbox(key=state.REF_VERSION_KEY)
    assert picker.value == "3.5" and at.query_params[state.QP_REF_API] == "3.5"
    assert list(picker.options) == [R.version_label(v) for v in reversed(catalog.VERSIONS)]
    assert "v3.6 · stable" in picker.options and "v3.2 · decommissioned" in picker.options
    assert "v3.7 · preview" in picker.options and "v3.4 · legacy" in picker.options


def test_switching_version_shows_that_versions_tables_and_keeps_the_url():
    at = run("message")
    audience_32, audience_36 = catalog.audience_field("3.2"), catalog.audience_field("3.6")
    assert audience_32 in table_of(at, audience_32).index
    validated_with = at.session_state[state.VERSION_KEY]
    at.selectbox(key=state.REF_VERSION_KEY).select("3.6").run()
    assert_clean(at)
    assert at.query_params[state.QP_REF_API] == "3.6" and at.query_params[state.QP_REF_STRUCTURE] == "message"
    shown = table_of(at, audience_36)
    assert audience_32 not in shown.index
    assert shown.loc[audience_36, "Versions"] == f"3.4–3.7; as {audience_32}: 3.2–3.3"
    assert list(shown.index) == list(R.table("message", "request", version="3.6")["field"])
    assert "v3.6" in " ".join(c.value for c in at.caption)
    assert at.session_state[state.VERSION_KEY] == validated_with   # browsing does not change what is validated


def test_api_in_the_url_opens_a_structure_only_newer_versions_have():
    at = run("cart", api="3.6")
    assert headers(at)[0] == "Cart"
    assert at.selectbox(key=state.REF_VERSION_KEY).value == "3.6"
    at = run("cart", api="3.2")
    warning = " ".join(w.value for w in at.warning)
    assert "There is no structure" in warning and "v3.2" in warning
    assert headers(at)[0] == "Message"


def test_a_version_switch_finds_the_entry_under_its_name_there():
    at = run("chat_summary", api="3.6")
    assert headers(at)[0] == "Chat summary"
    at.selectbox(key=state.REF_VERSION_KEY).select("3.7").run()
    assert_clean(at)
    assert headers(at)[0] == "Chat info" and at.query_params[state.QP_REF_STRUCTURE] == "chat_info"
    at = run("form", api="3.6")
    at.selectbox(key=state.REF_VERSION_KEY).select("3.2").run()
    assert_clean(at)
    assert "v3.2 has no Form" in " ".join(i.value for i in at.info)
    assert headers(at)[0] == "Message"


def test_comparing_two_versions_shows_the_rename_row_with_the_changelogs_words():
    at = run("message", api="3.6")
    at.selectbox(key=state.REF_COMPARE_KEY).select("3.2").run()
    assert_clean(at)
    assert at.query_params[state.QP_REF_COMPARE] == "3.2"
    assert "What changed from v3.2 to v3.6" in [h.value for h in at.subheader]
    df = changes_frame(at)
    rename = df[df["change"] == "renamed"].iloc[0]
    assert (rename["field"], rename["before"], rename["after"], rename["in"]) == \
        (catalog.audience_field("3.6"), catalog.audience_field("3.2"), catalog.audience_field("3.6"), "3.4")
    assert "renamed to" in rename["changelog"]
    assert df.values.tolist() == R.changes("message", "3.2", "3.6").values.tolist()
    at.selectbox(key=state.REF_COMPARE_KEY).select("").run()        # "—": no comparison
    assert not [t for t in list(at.table) + list(at.dataframe) if "Change" in t.value.columns]
    assert state.QP_REF_COMPARE not in at.query_params


def test_comparing_a_nested_object_and_an_unchanged_entry():
    at = run("image", api="3.6", compare="3.2")
    df = changes_frame(at)
    # elements.image: "Required: yes" in v3.2's table (accepted missing, warned), "no" in v3.6's
    assert list(df["field"]) == [R.STRUCTURE_ROW, "alternative_text"]
    assert list(df["change"]) == ["required changed", "added"]
    at = run("access", api="3.6", compare="3.5")
    assert "Nothing:" in " ".join(c.value for c in at.caption)


def test_many_changes_go_into_a_scrolling_grid():
    at = run("chats_info", api="3.7", compare="3.2")
    grids = [d.value for d in at.dataframe if "Change" in d.value.columns]
    assert grids and len(grids[0]) == len(R.changes("chats_info", "3.2", "3.7")) > 40
    assert {"In v3.2", "In v3.7"} <= set(grids[0].columns)


def test_search_follows_the_version():
    at = run("message", api="3.2")
    at.text_input(key=state.REF_SEARCH_KEY).input("ecommerce").run()
    assert "No field matches" in " ".join(i.value for i in at.info)
    at.selectbox(key=state.REF_VERSION_KEY).select("3.6").run()
    assert_clean(at)
    df = at.dataframe[0].value
    assert "ecommerce" in set(df["field"])


def test_loading_a_sample_of_another_version_switches_the_sessions_version():
    at = run("rich_message", api="3.6")
    button(at, "Load this sample into the editor").click().run()
    assert_clean(at)
    assert at.session_state[state.VERSION_KEY] == "3.6"
    assert catalog.audience_field("3.6") in json.loads(at.session_state[state.TEXT_KEY])


def _new_entries() -> list[tuple[str, str]]:
    """Every entry of the stable version, and each entry a version brings that the one before lacks."""
    out = [(R.stable_version(), k) for k in R.entries(R.stable_version())]
    for before, version in zip(catalog.VERSIONS, catalog.VERSIONS[1:]):
        out += [(version, k) for k in R.entries(version) if k not in R.entries(before)]
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("version,key", _new_entries())
def test_every_entry_of_each_version_renders(version, key):
    at = run(key, api=version, compare="3.2")
    e = R.entry(key, version)
    assert headers(at)[0] == e.title
    assert len(at.get("download_button")) == len(e.modes)
    assert at.get("download_button")[0].proto.label.startswith(f"v{version} ")
    if not e.variants:
        assert at.table and all("Versions" in t.value.columns for t in at.table if "Type" in t.value.columns)


def test_search_by_words_opens_the_best_hit_and_marks_its_row():
    at = run("message", api="3.6")
    at.text_input(key=state.REF_SEARCH_KEY).input("webview height").run()
    assert_clean(at)
    assert headers(at) == ["Rich message button"]                     # opened at once
    assert at.query_params[state.QP_REF_STRUCTURE] == "button"
    assert "Best match" in " ".join(c.value for c in at.caption)
    table = next(t for t in at.table if "Search" in t.value.columns)
    marked = table.value[table.value["Search"] == "◀ match"]
    assert list(marked.index) == ["webview_height"]
    # another entry picked by hand stays picked while the query stays
    at.selectbox(key=state.REF_ENTRY_KEY).select("message").run()
    assert headers(at) == ["Message"]
    # a misspelt new query opens its hit too
    at.text_input(key=state.REF_SEARCH_KEY).input("postbak id").run()
    assert_clean(at)
    assert headers(at)[0] in {R.entry(k, "3.6").title for k in R.find_field("postbak id", version="3.6")["entry"][:1]}


def test_required_reads_the_same_in_the_reference_as_in_the_field_guide_and_the_validator():
    at = run("button", api="3.2")
    table = at.table[0].value
    assert table.loc["type", "Required"] == "table says yes, samples omit it — warning"
    assert table.loc["webview_height", "Required"] == "only for webview buttons — error"
    assert table.loc["text", "Required"] == "yes"
    assert any("table says yes, samples omit it" in c.value for c in at.caption)     # explained once
    at6 = run("element", api="3.6")
    assert set(at6.table[0].value["Required"]) == {"no"}                # v3.6's table: "Required: no"
