"""The reference tables are generated from the models: every field, its type, limits and note."""
from __future__ import annotations

import json
from typing import Any, Literal

import jsonschema
import pandas as pd
import pytest

from playground.spec import limits as L
from playground.spec import v3_2 as m
from playground.teaching import reference as r
from playground.spec.catalog import STRUCTURES
from playground.spec.rules import RULES


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
                expected = [(f.alias or n, "yes" if f.is_required() else "no") for n, f in tp.model_fields.items()]
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
