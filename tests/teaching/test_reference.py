"""The reference tables are generated from the models: every field, its type, limits and note."""
from __future__ import annotations

import json
from typing import Any, Literal

import jsonschema
import pandas as pd
import pytest

from playground.spec import catalog
from playground.spec import limits as L
from playground.spec import v3_2 as m
from playground.spec.catalog import STRUCTURES, VERSIONS
from playground.spec.rules import RULES
from playground.teaching import reference as r


def row(key: str, field: str, mode: str | None = None) -> dict:
    df = r.table(key, mode)
    hit = df[df["field"] == field]
    assert len(hit) == 1, f"{key}.{field} in {list(df['field'])}"
    return hit.iloc[0].to_dict()


def test_every_catalog_structure_is_an_entry_with_its_tables():
    es = r.entries()
    for name, s in STRUCTURES.items():
        e = es[name]
        assert e.structure == name and e.title == s.title and e.section == s.section
        if s.request_model is s.response_model:
            assert e.modes == ("both",)
        else:
            assert e.modes == ("request", "response")
        for mode in e.modes:
            df = r.table(name, mode)
            assert list(df.columns) == r.COLUMNS


def test_tables_have_one_row_per_model_field_with_alias_and_required():
    for key, e in r.entries().items():
        for mode, tp in e.models.items():
            if isinstance(tp, type) and issubclass(tp, m.Model):
                df = r.table(key, mode)
                declared = getattr(tp, "__table_required__", {})
                expected = [(f.alias or n, "yes" if f.is_required() else
                             ("only for webview buttons — error" if (f.alias or n) == "webview_height"
                              else "table says yes, samples omit it — warning")
                             if (f.alias or n) in declared else "no") for n, f in tp.model_fields.items()]
                assert list(zip(df["field"], df["required"])) == expected, key
    # the alias, not the python name
    assert "__priv_lc2_customer_id" in set(r.table("customer")["field"])


def test_notes_are_the_models_descriptions():
    assert row("message", "text", "request")["note"] == m.MessageRequest.model_fields["text"].description
    assert row("button", "webview_height")["note"].startswith("Required only for the webview")


def test_limits_come_from_the_limits_module():
    assert f"at most {L.MAX_TEXT_BYTES:,} bytes in UTF-8" in row("message", "text", "request")["limits"]
    assert "rule message-text-size" in row("message", "text", "request")["limits"]
    assert f"at most {L.MAX_ELEMENTS} items" in row("rich_message", "elements", "request")["limits"]
    assert "rule rich-elements-max" in row("rich_message", "elements", "request")["limits"]
    assert f"at most {L.MAX_BUTTONS} items" in row("element", "buttons")["limits"]
    assert "≥ 0" in row("queue", "position")["limits"]
    assert f"default: {L.DEFAULT_RECIPIENTS}" in row("message", "recipients", "request")["limits"]
    # timestamps: the validator's rule, found in the annotated type's own validator
    assert "rule timestamp-utc-micro" in row("thread", "created_at")["limits"]
    assert "rule timestamp-rfc3339" in row("agent", "events_seen_up_to")["limits"]


def test_types_in_json_words():
    assert row("rich_message", "template_id", "request")["type"] == "one of: " + " | ".join(L.TEMPLATE_IDS)
    assert row("button", "type")["type"] == "one of: " + " | ".join(L.BUTTON_TYPES)
    assert row("message", "properties", "request")["type"] == "object (namespace → name → value)"
    assert row("element", "buttons")["type"] == "array of Rich message button"
    assert row("message", "text", "request")["type"] == "string"
    assert row("message", "type", "request")["type"] == '"message"'
    assert row("thread", "created_at")["type"] == "string (date-time)"
    assert row("thread", "active")["type"] == "boolean"
    assert row("thread", "queues_duration")["type"] == "integer"
    assert row("thread", "user_ids")["type"] == "array of string"
    assert row("custom", "content", "request")["type"] == "object (any keys and values)"
    assert row("system_message", "text_vars", "request")["type"] == "object (key → string)"
    assert row("group_option", "id")["type"] == "string or integer"
    assert row("thread", "events")["type"].startswith("array of Any event (by type: message | rich_message")
    assert row("chat", "users")["type"] == "array of one of, by type: Agent | Customer"


def test_type_label_of_plain_types():
    assert r.type_label(list[int]) == "array of integer"
    assert r.type_label(dict[str, str]) == "object (key → string)"
    assert r.type_label(Literal["a"]) == '"a"'
    assert r.type_label(Literal["a", "b"]) == "one of: a | b"
    assert r.type_label(Any) == "any JSON value"
    assert r.type_label(float | None) == "number"
    assert r.type_label(m.Properties) == "object (namespace → name → value)"


def test_nested_models_are_their_own_entries_and_fields_link_to_them():
    es = r.entries()
    for part in ("image", "button", "element", "postback", "queue", "thread_summary", "last_event",
                 "geolocation", "visit", "option", "group_option"):
        assert part in es and es[part].is_part and es[part].section == r.PARTS_SECTION
    assert row("element", "image")["links"] == ("image",)
    assert row("rich_message", "elements", "request")["links"] == ("element",)
    assert row("element", "buttons")["links"] == ("button",)
    assert row("thread", "queue")["links"] == ("queue",)
    assert row("thread", "access")["links"] == ("access",)
    assert row("thread", "events")["links"] == ("event",)
    assert row("last_event", "event")["links"] == ("event",)
    assert row("chat", "threads")["links"] == ("thread",)
    assert row("chat", "users")["links"] == ("agent", "customer")
    assert row("message", "properties", "request")["links"] == ("properties",)
    # every link points at an entry
    for key, e in es.items():
        for mode in e.modes:
            for links in r.table(key, mode)["links"]:
                assert set(links) <= set(es), (key, links)
        for _, target in e.variants:
            assert target in es


def test_unions_list_their_variants():
    ev = r.entry("event")
    assert [t for _, t in ev.variants] == list(("message", "rich_message", "file", "filled_form", "custom",
                                                "system_message"))
    assert ev.variants[0][0] == 'Message ("type": "message")'
    cs = r.entry("chat_summaries")
    assert [t for _, t in cs.variants] == ["chat_summary", "list_chats_response"]


def test_properties_entry_describes_its_keys():
    df = r.table("properties")
    assert list(df["field"]) == ["<namespace>", "<namespace>.<name>"]
    assert list(df["type"]) == ["object (name → value)", "any JSON value"]


def test_server_added_is_response_minus_request():
    assert r.server_added("message") == ["id", "created_at", "author_id"]
    assert r.server_added("system_message") == ["id", "created_at"]
    assert set(r.server_added("file")) >= {"id", "created_at", "author_id", "name", "content_type"}
    assert r.server_added("agent") == []


def test_rules_of_objects_are_real_rule_ids():
    for key, e in r.entries().items():
        assert set(e.rules) <= set(RULES), key
    assert {"webview-height-required", "button-type-value-pair"} <= set(r.object_rules("button"))
    assert "sticker-image" in r.object_rules("rich_message")
    assert "rich-elements-max" not in r.object_rules("rich_message")   # shown on its field already


def test_find_field_where_does_queue_appear():
    df = r.find_field("queue")
    assert list(df.columns) == r.FIND_COLUMNS
    exact = df[df["field"] == "queue"]
    assert set(exact["entry"]) == {"thread", "thread_summary"}
    assert df.iloc[0]["field"] == "queue"                      # exact names first
    paths = {p for ps in exact["paths"] for p in ps}
    assert {"thread.queue", "chat.threads[].queue", "chat_summary.last_thread_summary.queue"} <= paths
    assert "queues_duration" in set(df["field"])              # prefix matches too


def test_find_field_by_path_case_and_notes():
    assert set(r.find_field("elements[0].title")["entry"]) == {"element"}
    assert set(r.find_field("elements.title")["entry"]) == {"element"}
    assert "template_id" in set(r.find_field("TEMPLATE")["field"])
    by_note = r.find_field("upload_file")            # only in the file url's note
    assert ("url", "file") in set(zip(by_note["field"], by_note["entry"]))
    assert r.find_field("upload_file", in_notes=False).empty


def test_find_field_modes_merge_when_request_and_response_agree():
    df = r.find_field("author_id")
    msg = df[df["entry"] == "message"]
    assert list(msg["mode"]) == ["response"]
    text = r.find_field("text")
    assert list(text[(text["entry"] == "message") & (text["field"] == "text")]["mode"]) == ["both"]


@pytest.mark.parametrize("q", ["", "   ", "(", "[", "*", ".*", "\\", "x" * 10_000, "\x00", "<script>", "😁"])
def test_find_field_never_fails(q):
    df = r.find_field(q)
    assert isinstance(df, pd.DataFrame) and list(df.columns) == r.FIND_COLUMNS
    if not q.strip():
        assert df.empty


def test_paths_to():
    assert "rich_message.elements[].image" in r.paths_to("image")
    assert "thread.events[].elements[].image" in r.paths_to("image")
    assert {"thread", "chat.threads[]"} <= set(r.paths_to("thread"))
    with pytest.raises(KeyError):
        r.paths_to("nope")


def test_every_entry_but_the_event_union_has_an_example_from_the_samples():
    for key in r.entries():
        ex = r.example(key)
        if key == "event":
            assert ex is None
            continue
        assert ex is not None, key
        value, where = ex
        assert isinstance(value, (dict, list)) and where
    assert r.example("image")[1] == "Rich message sample, elements[0].image"
    assert r.example("option_field")[0]["type"] in ("radio", "select")   # by its type, not the first field


def test_json_schemas_are_valid_and_accept_the_samples():
    for key, e in r.entries().items():
        for mode in e.modes:
            schema = r.json_schema(key, mode)
            jsonschema.Draft202012Validator.check_schema(schema)
            assert schema["$schema"].startswith("https://json-schema.org/")
        ex = r.example(key)
        if ex is None:
            continue
        value = ex[0]
        wrapper = e.catalog.wrapper if e.catalog else None
        if wrapper and isinstance(value, dict) and set(value) == {wrapper}:
            value = value[wrapper]
        errors = list(jsonschema.Draft202012Validator(r.json_schema(key, "response")).iter_errors(value))
        assert not errors, (key, [x.message for x in errors[:3]])
    # a schema that fails the sample when something required is gone: it is not vacuous
    bad = dict(r.example("message")[0])
    del bad["text"]
    assert list(jsonschema.Draft202012Validator(r.json_schema("message", "response")).iter_errors(bad))


def test_tables_are_copies():
    df = r.table("message", "request")
    df.loc[0, "field"] = "changed"
    assert r.table("message", "request").loc[0, "field"] != "changed"


def test_sections_cover_every_entry_once():
    secs = r.sections()
    keys = [e.key for es in secs.values() for e in es]
    assert sorted(keys) == sorted(r.entries())
    assert list(secs)[:3] == ["Events", "Users", "Other common structures"]
    assert json.dumps(list(secs))  # plain strings


# ---------------------------------------------------------------------------------------------
# every version: entries, tables, samples, schemas and search of the chosen version

def changes_row(df: pd.DataFrame, field: str, change: str) -> dict:
    hit = df[(df["field"] == field) & (df["change"] == change)]
    assert len(hit) == 1, f"{field} {change} in {df[['field', 'change']].values.tolist()}"
    return hit.iloc[0].to_dict()


@pytest.mark.parametrize("version", VERSIONS)
def test_every_structure_of_every_version_has_an_entry_with_a_non_empty_table(version):
    es = r.entries(version)
    for name, s in catalog.structures(version).items():
        e = es[name]
        assert e.version == version and e.title == s.title and e.catalog is s
        if e.variants:
            assert all(target in es for _, target in e.variants), name
            continue
        for mode in e.modes:
            df = r.table(name, mode, version=version)
            assert not df.empty and list(df.columns) == r.COLUMNS, (version, name, mode)
            assert df["versions"].map(bool).all(), (version, name)
            for field in df["field"]:
                assert version in r.field_versions(name, field, version), (version, name, field)


def test_new_structures_have_entries_in_the_versions_that_have_them_only():
    for name in ("form", "form_fields", "system", "deleted_event", "cart", "cart_item", "chat_info", "chats_info"):
        having = [v for v in VERSIONS if name in catalog.structures(v)]
        assert having, name
        for v in VERSIONS:
            assert (name in r.entries(v)) == (v in having), (name, v)
    assert "chat_summary" in r.entries("3.6") and "chat_summary" not in r.entries("3.7")


def test_a_version_tables_read_its_own_models():
    v32 = set(r.table("message", "response", version="3.2")["field"])
    v36 = set(r.table("message", "response", version="3.6")["field"])
    assert catalog.audience_field("3.2") in v32 and catalog.audience_field("3.2") not in v36
    assert catalog.audience_field("3.6") in v36 and "deleted" in v36
    assert "ecommerce" in r.table("rich_message", "request", version="3.6")["type"][
        r.table("rich_message", "request", version="3.6")["field"] == "template_id"].iloc[0]
    assert "ecommerce" not in row("rich_message", "template_id", "request")["type"]   # v3.2 by default


def test_the_versions_column_marks_the_versions_that_have_each_field():
    def cell(key, field, mode, version):
        df = r.table(key, mode, version=version)
        return df[df["field"] == field].iloc[0]["versions"]
    assert cell("message", "text", "request", "3.6") == "all"
    assert cell("message", "visibility", "request", "3.6") == "3.4–3.7; as recipients: 3.2–3.3"
    assert cell("message", "recipients", "request", "3.2") == "3.2–3.3; as visibility: 3.4–3.7"
    assert cell("image", "alternative_text", None, "3.6") == "3.3–3.7"
    assert cell("customer", "carts", None, "3.7") == "3.6–3.7"
    assert cell("customer", "visit", None, "3.6") == "3.6–3.7; as last_visit: 3.2–3.5"
    assert cell("chat_info", "last_thread_info", None, "3.7") == "3.7; as last_thread_summary: 3.2–3.6"
    assert cell("chat_info", "users", None, "3.7") == "all"       # the structure's own rename followed
    assert r.field_versions("message", "visibility", "3.6") == ("3.4", "3.5", "3.6", "3.7")
    assert r.field_versions("message", "visibility", "3.6", renamed=True) == VERSIONS


def test_versions_text_is_runs_of_neighbours():
    assert r.versions_text(VERSIONS) == "all"
    assert r.versions_text(("3.4", "3.5", "3.6", "3.7")) == "3.4–3.7"
    assert r.versions_text(("3.2", "3.3", "3.6")) == "3.2–3.3, 3.6"
    assert r.versions_text(("3.7",)) == "3.7"
    assert r.versions_text(()) == ""


def test_find_field_searches_the_chosen_version():
    assert r.find_field("ecommerce", version="3.2").empty
    hits = r.find_field("ecommerce", version="3.6")
    assert {"element", "postback"} <= set(hits[hits["field"] == "ecommerce"]["entry"])
    audience_36 = catalog.audience_field("3.6")
    assert "message" in set(r.find_field(audience_36, version="3.6")["entry"])
    assert "message" not in set(r.find_field(audience_36, version="3.2", in_notes=False)["entry"])
    assert "chat_info.last_thread_info.queue" in {p for ps in r.find_field("queue", version="3.7")["paths"] for p in ps}


def test_examples_and_schemas_come_from_the_chosen_version():
    value, where = r.example("message", "3.6")
    assert catalog.audience_field("3.6") in value and where == "Message sample"
    assert r.example("cart_item", "3.6") is not None and r.example("system", "3.6") is not None
    for version in ("3.4", "3.7"):
        for key, e in r.entries(version).items():
            ex = r.example(key, version)
            if ex is None or not e.catalog:
                continue
            schema = r.json_schema(key, "response", version=version)
            assert f"v{version}" in schema["description"]
            value = ex[0]
            if e.catalog.wrapper and isinstance(value, dict) and set(value) == {e.catalog.wrapper}:
                value = value[e.catalog.wrapper]
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(value))
            assert not errors, (version, key, [x.message for x in errors[:3]])


def test_rules_shown_are_those_of_the_version():
    for version in VERSIONS:
        for key, e in r.entries(version).items():
            for rid in e.rules:
                assert RULES[rid].versions is None or version in RULES[rid].versions, (version, key, rid)
    only_new = {rid for rid, x in RULES.items() if x.versions and "3.2" not in x.versions}
    assert only_new and not only_new & {rid for e in r.entries("3.2").values() for rid in e.rules}


def test_counterpart_is_the_same_entry_in_another_version():
    assert r.counterpart("message", "3.2", "3.7") == "message"
    assert r.counterpart("chat_summary", "3.6", "3.7") == "chat_info"
    assert r.counterpart("chat_info", "3.7", "3.2") == "chat_summary"
    assert r.counterpart("thread_summary", "3.6", "3.7") == "thread_info"
    assert r.counterpart("image", "3.2", "3.6") == "image"
    assert r.counterpart("form", "3.6", "3.2") is None


def test_version_labels_say_each_status():
    assert r.version_label("3.6") == "v3.6 · stable"
    assert r.version_label("3.2") == "v3.2 · decommissioned"
    assert r.version_label("3.4") == "v3.4 · legacy"
    assert r.version_label("3.7") == "v3.7 · preview"


# ---------------------------------------------------------------------------------------------
# changes between any two versions, from the models, with the changelog's words

def test_changes_of_message_from_3_2_to_3_4_name_the_rename_with_the_changelogs_words():
    df = r.changes("message", "3.2", "3.4")
    assert list(df.columns) == r.CHANGE_COLUMNS
    rename = changes_row(df, "visibility", "renamed")
    assert (rename["before"], rename["after"], rename["in"], rename["mode"]) == ("recipients", "visibility", "3.4", "both")
    assert rename["changelog"] == "All Events had the recipients field renamed to visibility."


def test_changes_read_backwards_say_the_reverse():
    df = r.changes("message", "3.6", "3.2")
    rename = changes_row(df, "recipients", "renamed")
    assert (rename["before"], rename["after"], rename["in"]) == ("visibility", "recipients", "3.4")
    gone = changes_row(df, "postback.ecommerce", "removed")
    assert gone["in"] == "3.6" and "postback.ecommerce" in gone["changelog"]


def test_changes_of_rich_message_from_3_5_to_3_6_add_the_ecommerce_element():
    df = r.changes("rich_message", "3.5", "3.6")
    added = changes_row(df, "elements[].ecommerce", "added")
    assert added["in"] == "3.6" and added["changelog"] == "The Rich Message data structure has a new field, ecommerce."
    template = changes_row(df, "template_id", "type changed")
    assert "ecommerce" in template["after"] and "ecommerce" not in template["before"]
    assert not (df["field"].str.startswith("elements[].ecommerce.")).any()   # one row for the new object


@pytest.mark.parametrize("name", ["chat_summary", "chat_info"])
def test_changes_from_3_6_to_3_7_rename_chat_summary_to_chat_info(name):
    df = r.changes(name, "3.6", "3.7")
    structure = changes_row(df, r.STRUCTURE_ROW, "renamed")
    assert (structure["before"], structure["after"], structure["in"]) == ("chat_summary", "chat_info", "3.7")
    assert "renamed to Chat info" in structure["changelog"]
    field = changes_row(df, "last_thread_info", "renamed")
    assert field["before"] == "last_thread_summary" and "last_thread_info" in field["changelog"]


def test_changes_over_several_versions_say_which_version_each_came_with():
    df = r.changes("customer", "3.2", "3.7")
    assert changes_row(df, "email_verified", "added")["in"] == "3.3"
    assert changes_row(df, "visibility", "added")["in"] == "3.4"
    visit = changes_row(df, "visit", "renamed")
    assert (visit["before"], visit["in"]) == ("last_visit", "3.6")
    # what the changelog says but the models keep (v3.7's table drops phone_number; kept with a warning)
    assert changes_row(df, "phone_number", "removed (changelog only)")["in"] == "3.7"
    chained = r.changes("chat_summaries", "3.2", "3.7")
    assert changes_row(chained, "chats_info[].last_thread_info", "renamed")["before"] == \
        "chats_summary[].last_thread_summary"


def test_changes_are_generated_even_where_the_changelog_is_silent():
    df = r.changes("thread", "3.3", "3.4")
    form_type = changes_row(df, "events[].form_type", "added")
    assert form_type["in"] == "3.4" and form_type["changelog"] == ""
    assert changes_row(df, "events[].visibility", "renamed")["changelog"]


def test_a_new_structure_is_one_row_and_the_same_version_none():
    df = r.changes("form", "3.2", "3.3")
    assert df[["field", "change", "after", "in"]].values.tolist() == [[r.STRUCTURE_ROW, "added", "form", "3.3"]]
    assert "new event type, Form" in df.iloc[0]["changelog"]
    assert r.changes("message", "3.6", "3.6").empty
    assert r.changes("message", "3.4", "3.5").empty


def test_changes_refuse_what_no_version_has():
    with pytest.raises(KeyError):
        r.changes("nope", "3.2", "3.7")
    with pytest.raises(KeyError):
        r.changes("form", "3.2", "3.2")
    # a structure under any of its names: chat_info is chat_summary before v3.7
    assert r.changes("chat_info", "3.2", "3.6").equals(r.changes("chat_summary", "3.2", "3.6"))
    with pytest.raises(catalog.UnknownVersion):
        r.changes("message", "3.2", "9.9")


@pytest.mark.parametrize("version", VERSIONS[1:])
def test_every_structure_compares_with_the_version_before_and_v3_2(version):
    for name in catalog.structures(version):
        for other in (VERSIONS[VERSIONS.index(version) - 1], "3.2"):
            if not any(r._name_in(name, v) for v in (version, other)):
                continue
            df = r.changes(name, other, version)
            assert list(df.columns) == r.CHANGE_COLUMNS
            assert set(df["mode"]) <= {"request", "response", "both", ""}
            assert all(df["in"].map(lambda s: all(v in VERSIONS for v in s.split(", ")) if s else True))


def test_entry_changes_of_a_nested_object_are_relative_to_where_it_appears():
    df = r.entry_changes("image", "3.6", "3.2")
    # v3.6's table says "Required: no" for elements.image, where v3.2's said yes (accepted missing, warned)
    assert df[["field", "change", "in"]].values.tolist() == [[r.STRUCTURE_ROW, "required changed", "3.6"],
                                                             ["alternative_text", "added", "3.3"]]
    row = changes_row(df, r.STRUCTURE_ROW, "required changed")
    assert (row["before"], row["after"]) == ("table says yes, samples omit it — warning", "no")
    new_part = r.entry_changes("ecommerce", "3.6", "3.2")
    assert new_part[["field", "change", "in"]].values.tolist() == [[r.STRUCTURE_ROW, "added", "3.6"]]
    renamed = r.entry_changes("thread_info", "3.7", "3.6")
    assert changes_row(renamed, r.STRUCTURE_ROW, "renamed")["before"] == "last_thread_summary"
    assert r.entry_changes("message", "3.4", "3.2").equals(r.changes("message", "3.2", "3.4"))
    assert r.home("image", "3.6") == ("rich_message", "elements[].image")


# -- search by words (issue 14: "webview height" found nothing) ---------------------------------

@pytest.mark.parametrize("q", ["webview height", "webview_height", "Height Webview", "WEBVIEW.HEIGHT",
                               "buttons webview", "elements[3].buttons[0].webview_height", "webview hei",
                               "webveiw hieght"])
def test_search_is_by_words_in_any_order_and_forgiving(q):
    for version in ("3.2", "3.6"):
        df = r.find_field(q, version=version)
        assert (df.iloc[0]["field"], df.iloc[0]["entry"]) == ("webview_height", "button"), (q, version)


def test_search_ranks_exact_names_then_names_then_paths_then_notes_then_close_spellings():
    assert r.search_tokens("elements[0].Buttons_webview-height") == ("elements", "buttons", "webview", "height")
    df = r.find_field("image height", version="3.6")
    assert list(zip(df["field"], df["entry"]))[0] == ("height", "image")          # words in name and path
    notes = r.find_field("upload file")                                         # a phrase of a note only
    assert ("url", "file") in set(zip(notes["field"], notes["entry"]))
    assert r.find_field("file upload").empty                                    # notes: in order
    assert r.find_field("webveiw").iloc[0]["field"] == "webview_height"         # close spelling, last resort
    assert r.find_field("zzzzqqq").empty
    assert r.find_field("webview height").iloc[0]["field"] == "webview_height"
    exact_first = r.find_field("queue")
    assert list(exact_first["field"][:2]) == ["queue", "queue"]
