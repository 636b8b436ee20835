"""Migration between API versions: renames in place, what the target lacks listed, the text's
formatting kept, every bundled sample up to the newest version and back byte for byte."""
from __future__ import annotations

import json
import time

import pytest

from playground import validate
from playground.authoring.migrate import Migration, migrate, name_in
from playground.spec import catalog
from playground.spec.catalog import VERSIONS, UnknownVersion
from playground.validation.jsontext import format as format_json, minify

from _hostile import BIG_HITTER_IDS, BIG_HITTERS, TIME_BUDGET

NEWEST = VERSIONS[-1]
OLD, NEW = catalog.audience_field("3.2"), catalog.audience_field("3.4")   # recipients, visibility
SAMPLES = [(v, name, path) for v in VERSIONS for name, path in catalog.all_samples(v)]
SAMPLE_IDS = [f"v{v}-{path.parent.name}-{path.stem}" for v, _, path in SAMPLES]
# The samples whose page shows a returned event without the audience field, where a later
# version returns it always: migrated up, the event has no audience field to rename, and the
# migration does not invent one (the notes say which error the target version gives).
NO_AUDIENCE = {("3.2", "system_message"), ("3.3", "system_message"), ("3.3", "form")}


def _sample(rel: str) -> str:
    return (catalog.SAMPLES_DIR / rel).read_text(encoding="utf-8")


# -- the guarantees, over every bundled sample ---------------------------------------------

@pytest.mark.parametrize("version,name,path", SAMPLES, ids=SAMPLE_IDS)
def test_every_sample_up_to_the_newest_version_and_back_is_byte_for_byte_the_original(version, name, path):
    text = path.read_text(encoding="utf-8")
    up = migrate(text, NEWEST, source=version, structure=name)
    back = migrate(up.text, version, source=NEWEST, structure=up.structure)
    assert back.text == text
    assert back.structure == name
    assert up.one_way == () and back.one_way == ()


@pytest.mark.parametrize("version,name,path", SAMPLES, ids=SAMPLE_IDS)
def test_every_sample_to_every_version_validates_there_unless_something_is_listed(version, name, path):
    text = path.read_text(encoding="utf-8")
    source_ok = validate(text, name, "response", version).ok
    for target in VERSIONS:
        m = migrate(text, target, source=version, structure=name)
        assert migrate(m.text, version, source=target, structure=m.structure).text == text, target
        report = validate(m.text, m.structure if m.structure in catalog.structures(target) else None,
                          "response", target)
        assert [i.message for i in report.errors] == [i.message for i in m.report.errors]
        if not source_ok or m.lacking:
            continue
        if (version, name) in NO_AUDIENCE and VERSIONS.index(target) >= VERSIONS.index("3.4"):
            assert [(i.pointer, i.rule) for i in report.errors] == [(f"/{NEW}", "required-field")], target
            assert any(n.startswith(f"Under v{target} the migrated payload has 1 error(s)") and f"`{NEW}`" in n
                       for n in m.notes), m.notes
            continue
        assert report.errors == [], (target, [i.message for i in report.errors])


def test_the_samples_without_an_audience_field_are_exactly_the_ones_named():
    found = set()
    for version, name, path in SAMPLES:
        m = migrate(path.read_text(encoding="utf-8"), NEWEST, source=version, structure=name)
        if validate(path.read_text(encoding="utf-8"), name, "response", version).ok and not m.lacking \
                and m.report.errors:
            found.add((version, name))
    assert found == NO_AUDIENCE


# -- renames in place ----------------------------------------------------------------------

def test_a_v32_message_gets_the_v34_audience_field_in_the_same_place_and_back():
    text = _sample("events/message.json")
    m = migrate(text, "3.6", source="3.2")
    assert isinstance(m, Migration) and (m.source, m.target, m.structure, m.changed) == ("3.2", "3.6", "message", True)
    assert m.text == text.replace(f'"{OLD}"', f'"{NEW}"')
    assert list(json.loads(m.text)) == [NEW if k == OLD else k for k in json.loads(text)]
    assert any("All Events had the recipients field renamed to visibility." in n for n in m.notes)
    assert migrate(m.text, "3.2", source="3.6").text == text


def test_a_chat_renames_inside_its_threads_events_and_its_users_over_several_steps():
    text = _sample("chats/chat.json")
    m = migrate(text, "3.7", source="3.2", structure="chat")
    data, before = json.loads(m.text), json.loads(text)
    events = [(b, a) for bt, at in zip(before["threads"], data["threads"])
              for b, a in zip(bt.get("events", []), at.get("events", []))]
    assert events and all(OLD in b for b, _ in events)
    assert all(NEW in a and OLD not in a and list(a).index(NEW) == list(b).index(OLD) for b, a in events)
    customers = [u for u in data["users"] if u.get("type") == "customer"]
    assert customers and all("visit" in u and "last_visit" not in u for u in customers)
    assert m.text.count('"visit"') == text.count('"last_visit"')
    assert migrate(m.text, "3.2", source="3.7", structure="chat").text == text


def test_a_request_without_the_audience_field_needs_nothing():
    text = '{"type": "message", "text": "hi"}'
    m = migrate(text, "3.6", source="3.2", mode="request")
    assert (m.text, m.changed, m.lacking) == (text, False, ())
    assert m.report.ok


def test_an_object_with_both_names_is_not_renamed_and_the_note_says_why():
    text = f'{{"type": "message", "text": "hi", "{OLD}": "all", "{NEW}": "all"}}'
    m = migrate(text, "3.4", source="3.2", mode="request")
    assert m.text == text
    assert any("already has" in n and "duplicate key" in n for n in m.notes)


# -- structures renamed between versions ---------------------------------------------------

def test_a_chat_summary_becomes_a_chat_info_in_v37_and_back():
    text = _sample("v3_6/chats/chat_summary.json")
    m = migrate(text, "3.7", source="3.6", structure="chat_summary")
    assert (m.structure, m.source_structure) == ("chat_info", "chat_summary")
    assert m.text == text.replace('"last_thread_summary"', '"last_thread_info"')
    assert any("The structure `chat_summary` is called `chat_info` in v3.7" in n for n in m.notes)
    assert validate(m.text, "chat_info", "response", "3.7").ok
    back = migrate(m.text, "3.6", source="3.7")   # structure detected
    assert (back.text, back.structure) == (text, "chat_summary")


def test_list_chats_becomes_chats_info_with_last_thread_info_inside():
    text = _sample("chats/list_chats_response.json")
    m = migrate(text, "3.7", source="3.2", structure="chat_summaries")
    assert m.structure == "chats_info"
    data = json.loads(m.text)
    assert list(data)[0] == "chats_info" and "chats_summary" not in data
    assert all("last_thread_info" in c and "visit" in c["users"][0] for c in data["chats_info"])
    assert any(n.startswith("`last_thread_summary` -> `last_thread_info`") and "chats_info[0].last_thread_info" in n
               for n in m.notes)


def test_a_structure_name_of_another_version_is_translated():
    assert name_in("3.7", "chat_summary") == "chat_info"
    assert name_in("3.2", "chats_info") == "chat_summaries"
    assert name_in("3.6", "message") == "message"
    text = _sample("v3_7/chats/chat_info.json")
    m = migrate(text, "3.4", source="3.7", structure="chat_summary")
    assert (m.structure, m.source_structure) == ("chat_summary", "chat_info")
    assert '"last_thread_summary"' in m.text


# -- what the target lacks is listed, never dropped ----------------------------------------

def _ecommerce_message() -> str:
    data = json.loads(_sample("v3_6/events/rich_message.json"))
    data["template_id"] = "ecommerce"
    data["elements"][0]["ecommerce"] = {"view_type": "tags", "product_id": "p1"}
    return json.dumps(data, indent=2)


def test_a_v36_ecommerce_rich_message_down_to_v34_lists_what_v34_lacks_with_the_changelog_words():
    text = _ecommerce_message()
    assert validate(text, "rich_message", "response", "3.6").ok
    m = migrate(text, "3.4", source="3.6")
    assert m.text == text                    # nothing to rename between v3.6 and v3.4; nothing dropped
    assert set(m.lacking) == {"template_id", "elements[0].ecommerce"}
    assert ("elements[0].ecommerce has no place in v3.4 (added in v3.6: The Rich Message data structure has a "
            "new field, ecommerce.); it is kept, and v3.4 will report it as an unknown field.") in m.notes
    assert any(n.startswith("template_id: the value `ecommerce` has no place in v3.4") for n in m.notes)
    assert json.loads(m.text)["elements"][0]["ecommerce"] == {"view_type": "tags", "product_id": "p1"}


def test_going_down_to_v32_lists_fields_of_v33_too_and_renames_the_audience_field():
    text = _ecommerce_message()
    m = migrate(text, "3.2", source="3.6")
    assert {"elements[0].image.alternative_text", "elements[0].buttons[2].target", "elements[0].ecommerce"} <= set(m.lacking)
    assert f'"{OLD}"' in m.text and f'"{NEW}"' not in m.text
    assert migrate(m.text, "3.6", source="3.2").text == text


def test_a_structure_the_target_lacks_is_listed_where_it_stands():
    thread = json.loads(_sample("v3_6/chats/thread.json"))
    thread["events"].append(json.loads(_sample("v3_6/events/system.json")))
    text = json.dumps(thread, indent=2)
    m = migrate(text, "3.5", source="3.6", structure="thread")
    where = f"events[{len(thread['events']) - 1}]"
    assert where in m.lacking
    assert any(n.startswith(f"{where}: `system` has no place in v3.5") for n in m.notes)
    assert m.text == text


def test_a_whole_payload_the_target_lacks_is_kept_and_listed():
    text = _sample("v3_4/events/form.json")
    m = migrate(text, "3.2", source="3.4", structure="form")
    assert "(root)" in m.lacking and m.structure == "form"
    assert m.text == text.replace(f'"{NEW}"', f'"{OLD}"')
    assert migrate(m.text, "3.4", source="3.2", structure="form").text == text


def test_a_field_the_target_removed_is_listed_going_up():
    text = _sample("v3_6/users/customer.json")
    m = migrate(text, "3.7", source="3.6")
    assert set(m.lacking) == {"phone_number", "omnichannel"}
    assert any("removed in v3.7" in n for n in m.notes)
    assert m.text == text


def test_a_lacking_place_is_named_as_it_is_in_the_migrated_text():
    data = json.loads(_sample("v3_7/chats/chat_info.json"))
    data["last_thread_info"]["last_event_per_type"] = data.pop("last_event_per_type", {})
    text = json.dumps(data, indent=2)
    m = migrate(text, "3.6", source="3.7", structure="chat_info")
    assert "last_thread_summary.last_event_per_type" in m.lacking


def test_a_nested_structure_inside_a_lacking_field_is_listed_with_it():
    m = migrate(_sample("v3_6/users/customer.json"), "3.5", source="3.6")
    assert "carts" in m.lacking and not any(p.startswith("carts[") for p in m.lacking)


# -- unknown keys, properties and formatting survive ---------------------------------------

def test_unknown_keys_and_properties_survive_both_ways():
    data = json.loads(_sample("events/message.json"))
    data["x_unknown"] = {"nested": [1, 2.50, "é"]}
    data["properties"] = {"ns": {"p": {"deep": True}}}
    text = json.dumps(data, indent=2, ensure_ascii=False)
    up = migrate(text, "3.7", source="3.2")
    got = json.loads(up.text)
    assert got["x_unknown"] == data["x_unknown"] and got["properties"] == data["properties"]
    assert migrate(up.text, "3.2", source="3.7").text == text


FORMATS = {
    "tabs": lambda t: format_json(t, "\t"),
    "four-spaces": lambda t: format_json(t, 4),
    "compact": minify,
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "odd-numbers-and-escapes": lambda t: t.replace('"all"', '"\\u0061ll"').replace("123444", "1.23444e5"),
}


@pytest.mark.parametrize("how", FORMATS)
@pytest.mark.parametrize("rel,version", [("chats/chat.json", "3.2"), ("v3_6/events/rich_message.json", "3.6"),
                                         ("chats/list_chats_response.json", "3.2")])
def test_formatting_survives(how, rel, version):
    text = FORMATS[how](_sample(rel))
    up = migrate(text, NEWEST, source=version)
    assert up.text == FORMATS[how](migrate(_sample(rel), NEWEST, source=version).text)
    assert migrate(up.text, version, source=NEWEST, structure=up.structure).text == text
    if how == "crlf":
        assert up.text.count("\r\n") == text.count("\r\n") and "\n" not in up.text.replace("\r\n", "")


def test_a_bom_stays_in_front():
    text = "\ufeff" + _sample("events/message.json")
    m = migrate(text, "3.4", source="3.2")
    assert m.text.startswith("\ufeff" + "{") and f'"{NEW}"' in m.text


def test_bytes_are_read_as_utf8():
    text = _sample("events/message.json")
    assert migrate(text.encode("utf-8"), "3.6", source="3.2").text == migrate(text, "3.6", source="3.2").text


# -- where the versions do not allow a byte-for-byte round trip ----------------------------

def test_a_key_written_with_escapes_comes_back_written_plainly():
    text = '{"type": "message", "text": "hi", "recipi\\u0065nts": "all"}'
    up = migrate(text, "3.4", source="3.2", mode="request")
    assert up.text == f'{{"type": "message", "text": "hi", "{NEW}": "all"}}'
    assert up.one_way == (NEW,)
    assert any("written with escapes" in n for n in up.notes)
    back = migrate(up.text, "3.2", source="3.4", mode="request").text
    assert back == f'{{"type": "message", "text": "hi", "{OLD}": "all"}}' != text


def test_the_newer_name_in_an_older_payload_is_kept_but_would_be_renamed_back():
    """A v3.2 event holding `visibility` (unknown in v3.2) and no `recipients`: going up it is
    already right; going back down it becomes `recipients`, since v3.4 cannot tell the two apart."""
    text = f'{{"type": "message", "text": "hi", "{NEW}": "all"}}'
    up = migrate(text, "3.6", source="3.2", mode="request")
    assert up.text == text and up.one_way == (NEW,)
    assert any(f"migrating back to v3.3 or older would rename it to `{OLD}`" in n for n in up.notes)
    assert migrate(up.text, "3.2", source="3.6", mode="request").text == text.replace(NEW, OLD)


# -- detection, versions, hostile input ----------------------------------------------------

def test_the_source_is_detected_when_not_given():
    m = migrate(_sample("events/message.json"), "3.6")
    assert m.source in ("3.2", "3.3") and f'"{NEW}"' in m.text
    assert m.notes[0].startswith(f"Source version detected: v{m.source}")
    m = migrate(_sample("v3_6/events/system.json"), "3.6")
    assert m.source == "3.6" and not m.changed


def test_the_same_version_changes_nothing():
    text = _sample("v3_4/events/message.json")
    m = migrate(text, "3.4", source="3.4")
    assert (m.text, m.changed) == (text, False) and "nothing to change" in m.notes[0]


def test_an_unknown_version_raises_like_validate():
    with pytest.raises(UnknownVersion):
        migrate("{}", "9.9")
    with pytest.raises(UnknownVersion):
        migrate("{}", "3.6", source="2.0")


def test_an_undetectable_structure_is_said_and_nothing_changes():
    m = migrate('{"hello": 1}', "3.6", source="3.2")
    assert (m.text, m.changed, m.problem) == ('{"hello": 1}', False, None)
    assert "could not be detected" in m.notes[0]


@pytest.mark.parametrize("text", ['{"type": "message", "text": ', "", "nope", b"\xff\xfe\x00binary"])
def test_malformed_input_gives_a_clear_note(text):
    m = migrate(text, "3.6")
    assert m.problem and m.notes == [m.problem] and m.problem.startswith("Not migrated")
    assert not m.changed


@pytest.mark.parametrize("hitter", BIG_HITTERS, ids=BIG_HITTER_IDS)
def test_hostile_input_gives_a_note_never_an_exception(hitter):
    for raw in hitter.inputs():
        start = time.perf_counter()
        m = migrate(raw, "3.6")
        spent = time.perf_counter() - start
        assert isinstance(m, Migration) and m.notes and all(isinstance(n, str) and n for n in m.notes)
        assert m.problem is None or m.text in ("", raw if isinstance(raw, str) else m.text)
        assert spent < 6 * TIME_BUDGET, (hitter.name, spent)   # detection validates under six versions
