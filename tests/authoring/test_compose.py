"""The composers' core (playground/compose.py): round trips, edits that keep unknown keys, limits."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.authoring import compose as c
from playground.spec import catalog
from playground.spec import limits as L
from playground.spec.catalog import VERSIONS, all_samples
from playground.spec.v3_2 import events as ev
from playground.spec.v3_2 import forms as fm
from playground.validation import validate

ROOT = Path(__file__).resolve().parents[2]
EVENT_SAMPLES = sorted((ROOT / "samples" / "events").glob("*.json"))
RM_TEXT = (ROOT / "samples" / "events" / "rich_message.json").read_text(encoding="utf-8")
FF_TEXT = (ROOT / "samples" / "events" / "filled_form.json").read_text(encoding="utf-8")


def rm(text: str = RM_TEXT) -> c.Document:
    loaded = c.load(text, "rich_message")
    assert loaded.doc is not None, loaded.message
    return loaded.doc


def ff(text: str = FF_TEXT) -> c.Document:
    loaded = c.load(text, "filled_form")
    assert loaded.doc is not None, loaded.message
    return loaded.doc


def subsequence(small: list, big: list) -> bool:
    it = iter(big)
    return all(x in it for x in small)


# -- choices come from the models ------------------------------------------------------------

def test_choices_are_the_models_literals():
    assert c.choices(ev.RichMessageRequest, "template_id") == L.TEMPLATE_IDS
    assert c.choices(ev.RichMessageRequest, "recipients") == L.RECIPIENTS
    assert c.choices(ev.Button, "type") == L.BUTTON_TYPES
    assert c.choices(ev.Button, "webview_height") == L.WEBVIEW_HEIGHTS
    assert sorted(c.form_field_types()) == sorted(L.FORM_FIELD_TYPES)
    assert c.max_items(ev.RichMessageRequest, "elements") == L.MAX_ELEMENTS
    assert c.max_items(ev.Element, "buttons") == L.MAX_BUTTONS
    assert c.limit_sentence(ev.Element, "buttons") == "Can contain up to 13 button objects."
    with pytest.raises(TypeError):
        c.choices(ev.Button, "text")


def test_answer_shapes_follow_the_form_models():
    assert c.answer_shape("name") == ("text", "answer")
    assert c.answer_shape("email") == ("text", "answer")
    assert c.answer_shape("radio") == ("option", "answer")
    assert c.answer_shape("select") == ("option", "answer")
    assert c.answer_shape("checkbox") == ("options", "answers")
    assert c.answer_shape("group_chooser") == ("group", "answer")
    assert c.answer_shape("rating") is None
    assert c.server_fields("rich_message") == ("id", "created_at", "author_id")


# -- round trips ----------------------------------------------------------------------------

VERSION_EVENT_SAMPLES = [(v, name, p) for v in VERSIONS for name, p in all_samples(v)
                         if catalog.get(v, name).section == "Events"]


@pytest.mark.parametrize("version, name, path", VERSION_EVENT_SAMPLES,
                         ids=[f"v{v}-{p.stem}" for v, _, p in VERSION_EVENT_SAMPLES])
@pytest.mark.parametrize("kind", c.KINDS)
def test_every_event_sample_of_every_version_round_trips_or_is_refused_clearly(version, name, path, kind):
    text = path.read_text(encoding="utf-8")
    sample_type = json.loads(text)["type"]
    for asked in (version, "detect"):
        loaded = c.load(text, kind, version=asked)
        if not c.has_kind(kind, version) and asked == version:
            assert loaded.doc is None and f"from v{c.first_version_of(kind)}" in loaded.message
        elif sample_type == kind:
            assert loaded.doc is not None, loaded.message
            assert loaded.doc.dump() == text               # byte-identical, nothing edited
            assert loaded.doc.mode == "response"
            assert not loaded.doc.edited
            assert loaded.doc.validate().ok, [i.message for i in loaded.doc.validate().errors]
            if asked == version:
                assert loaded.doc.version == version
        else:
            assert loaded.doc is None
            assert f'"type": "{sample_type}"' in loaded.message
            assert kind.replace("_", " ") in loaded.message.lower()


@pytest.mark.parametrize("variant", ["compact", "tabs", "crlf", "four", "no_final_newline", "ascii"])
def test_edit_then_revert_gives_the_original_bytes_and_edits_keep_the_style(variant):
    data = json.loads(RM_TEXT)
    data["elements"][0]["subtitle"] = "Zürich ✓"
    text = {
        "compact": json.dumps(data, separators=(",", ":"), ensure_ascii=False),
        "tabs": json.dumps(data, indent="\t", ensure_ascii=False) + "\n",
        "crlf": json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\r\n") + "\r\n",
        "four": json.dumps(data, indent=4, ensure_ascii=False) + "\n",
        "no_final_newline": json.dumps(data, indent=2, ensure_ascii=False),
        "ascii": json.dumps(data, indent=2) + "\n",
    }[variant]
    doc = rm(text)
    assert doc.dump() == text
    doc.edit(("elements", 0, "title"), "changed")
    out = doc.dump()
    assert out != text
    expected = json.loads(text)
    expected["elements"][0]["title"] = "changed"
    assert json.loads(out) == expected
    # the style survives: same indentation unit, line ending, final newline, separators
    if variant == "compact":
        assert "\n" not in out and '":' in out and '": ' not in out
    if variant == "tabs":
        assert "\n\t\"" in out
    if variant == "crlf":
        assert out.count("\r\n") == out.count("\n")
    if variant == "four":
        assert '\n    "id"' in out
    assert out.endswith("\n") == text.endswith("\n")
    if variant == "ascii":
        assert "\\u00fc" in out
    else:
        assert "Zürich ✓" in out
    doc.edit(("elements", 0, "title"), "Lorem ipsum dolor.")
    assert doc.dump() == text                        # back to the original bytes


def test_duplicate_keys_are_noted_and_the_text_still_comes_back():
    text = '{"type": "rich_message", "template_id": "cards", "template_id": "sticker", "elements": []}'
    loaded = c.load(text, "rich_message")
    assert loaded.doc is not None and loaded.doc.dump() == text
    assert any("template_id" in n for n in loaded.notes)


# -- refusals when the editor holds something else ----------------------------------------------

@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("   \n", "empty"),
    ('{"type": "rich_message",', "line 1"),
    ("{'type': 'rich_message'}", "double quotes"),
    ("[1, 2]", "an array"),
    ('"rich_message"', "a string"),
    ('{"type": "message", "text": "hi"}', "message event"),
    ('{"type": "list"}', '"list"'),
    ('{"fields": []}', "filled form fields"),
    ('{"type": "rich_message", "template_id": "cards", "elements": [{"image": {"url": "u", "size": 1e400}}]}',
     "/elements/0/image/size"),
    ("[" * 300 + "]" * 300, "deeper"),
])
def test_load_refuses_with_a_message_naming_the_problem(text, words):
    loaded = c.load(text, "rich_message")
    assert loaded.doc is None
    assert words in loaded.message


def test_load_refuses_huge_text_without_hanging():
    text = '{"type": "rich_message", "x": "' + "a" * (11 * 1024 * 1024) + '"}'
    loaded = c.load(text, "rich_message")
    assert loaded.doc is None and "bytes" in loaded.message


def test_no_type_is_accepted_when_the_editor_says_rich_message():
    text = '{"template_id": "cards"}'
    assert c.load(text, "rich_message").doc is None
    doc = c.load(text, "rich_message", structure_hint="rich_message").doc
    assert doc is not None and doc.dump() == text
    assert any(i.pointer == "/type" for i in doc.validate().errors)


# -- rich message edits ---------------------------------------------------------------------

def test_limits_refuse_the_eleventh_element_and_the_fourteenth_button():
    doc = c.blank("rich_message")
    while len(doc.data["elements"]) < L.MAX_ELEMENTS:
        doc.add_element()
    with pytest.raises(c.ComposeError) as e:
        doc.add_element()
    assert "“Can contain up to 10 element objects.”" in str(e.value)
    assert len(doc.data["elements"]) == 10
    for _ in range(L.MAX_BUTTONS):
        doc.add_button(3)
    with pytest.raises(c.ComposeError) as e:
        doc.add_button(3)
    assert "Can contain up to 13 button objects." in str(e.value)
    assert "13 buttons" in str(e.value)
    assert len(doc.data["elements"][3]["buttons"]) == 13
    assert doc.validate().ok
    # new buttons got distinct postback ids
    ids = [b["postback_id"] for b in doc.data["elements"][3]["buttons"]]
    assert len(set(ids)) == len(ids)


def test_a_loaded_payload_over_the_limit_opens_and_the_validator_flags_it():
    data = json.loads(RM_TEXT)
    data["elements"] = data["elements"] * 12
    doc = rm(json.dumps(data))
    assert [i.rule for i in doc.validate().errors] == ["rich-elements-max"]
    with pytest.raises(c.ComposeError):
        doc.add_element()
    doc.remove_element(11)
    doc.remove_element(10)
    assert doc.validate().ok


def test_switching_template_keeps_elements_and_the_validator_explains():
    doc = rm()
    before = json.dumps(doc.data["elements"])
    doc.set_template("quick_replies")
    assert doc.data["template_id"] == "quick_replies"
    assert json.dumps(doc.data["elements"]) == before
    doc.set_template("sticker")
    rules = {i.rule for i in doc.validate().issues}
    assert "sticker-ignored" in rules
    doc.set_template("cards")
    assert doc.dump() == RM_TEXT


def test_add_remove_move_elements_and_buttons():
    doc = c.blank("rich_message")
    doc.add_element()
    doc.data["elements"][1]["title"] = "second"
    doc.move_element(1, -1)
    assert doc.data["elements"][0]["title"] == "second"
    with pytest.raises(c.ComposeError):
        doc.move_element(0, -1)
    doc.add_button(0)
    doc.add_button(0)
    doc.move_button(0, 1, -1)
    assert [b["postback_id"] for b in doc.data["elements"][0]["buttons"]] == ["button_2", "button_1"]
    doc.remove_button(0, 0)
    assert [b["postback_id"] for b in doc.data["elements"][0]["buttons"]] == ["button_1"]
    doc.remove_element(0)
    assert len(doc.data["elements"]) == 1
    assert doc.validate().ok


def test_request_response_conversion_puts_server_keys_back_in_place():
    doc = rm()
    doc.set_mode("request")
    assert not set(c.server_fields("rich_message")) & set(doc.data)
    assert doc.validate().ok and doc.validate().mode == "request"
    doc.set_mode("response")
    assert doc.dump() == RM_TEXT
    fresh = c.blank("rich_message", mode="response")
    assert list(fresh.data)[:1] == ["id"]
    assert list(fresh.data).index("author_id") == list(fresh.data).index("type") + 1
    assert fresh.validate().ok, [i.message for i in fresh.validate().issues]
    assert c.from_sample("rich_message", "request").mode == "request"


def test_field_edits_by_kind():
    doc = rm()
    img = ("elements", 0, "image")
    doc.edit(img + ("width",), "800")
    assert doc.get(img + ("width",)) == 800
    doc.edit(img + ("width",), "wide")
    assert doc.get(img + ("width",)) == "wide"
    issues = c.assign_issues(doc.validate().issues, doc.layout())
    assert [i.rule for i in issues["/elements/0/image/width"]] == ["wrong-type"]
    doc.edit(img + ("width",), "")
    assert "width" not in doc.get(img)
    doc.edit(("elements", 0, "subtitle"), "")                   # optional: cleared = left out
    assert "subtitle" not in doc.get(("elements", 0))
    doc.edit(("elements", 0, "buttons", 0, "text"), "")         # required: kept as ""
    assert doc.get(("elements", 0, "buttons", 0, "text")) == ""
    doc.edit(("elements", 0, "buttons", 1, "user_ids"), "a, b,\n c,")
    assert doc.get(("elements", 0, "buttons", 1, "user_ids")) == ["a", "b", "c"]
    doc.edit(("recipients",), None)
    assert "recipients" not in doc.data
    doc.edit(("recipients",), "agents")
    assert list(doc.data).index("recipients") == list(doc.data).index("created_at") + 1
    doc.edit(("elements", 0, "subtitle"), "back")               # re-inserted where it belongs
    assert list(doc.get(("elements", 0)))[:3] == ["title", "subtitle", "image"]
    with pytest.raises(c.ComposeError):
        doc.edit(("elements", 0, "buttons"), "x")                # a list is not one value


def test_webview_height_is_offered_only_for_webview_buttons():
    doc = rm()
    b = ("elements", 0, "buttons", 0)
    assert doc.layout().find(b + ("webview_height",)) is None
    doc.edit(b + ("type",), "webview")
    # issue 14: a webview button gets the first height its model allows, not an error at once
    assert doc.get(b + ("webview_height",)) == L.WEBVIEW_HEIGHTS[0]
    assert doc.get(b + ("value",)) == ""                      # "yes" is no Moment URL: cleared
    assert doc.layout().find(b + ("value",)).hint.startswith("https://")
    doc.edit(b + ("value",), "https://example.com/moment")
    node = doc.layout().find(b + ("webview_height",))
    assert node is not None and node.choices == L.WEBVIEW_HEIGHTS
    assert "webview-height-required" not in {i.rule for i in doc.validate().issues}
    doc.edit(b + ("webview_height",), None)                  # cleared by hand: the error is back
    where = c.assign_issues(doc.validate().issues, doc.layout())
    assert [i.rule for i in where["/elements/0/buttons/0/webview_height"]] == ["webview-height-required"]
    doc.edit(b + ("webview_height",), "tall")
    assert "webview-height-required" not in {i.rule for i in doc.validate().issues}
    doc.edit(b + ("type",), "message")                        # the height goes with the webview type
    assert "webview_height" not in doc.get(b)
    assert doc.get(b + ("value",)) == "https://example.com/moment"   # any text suits a message
    # the sample's phone button carries webview_height: not drawn, its warning goes to the button
    where = c.assign_issues(doc.validate().issues, doc.layout())
    assert "webview-height-not-webview" in [i.rule for i in where["/elements/0/buttons/2"]]


def test_issue_mapping_to_fields_and_nearest_group():
    data = json.loads(RM_TEXT)
    data["elements"][0]["colour"] = "red"
    del data["elements"][0]["buttons"][0]["postback_id"]
    data["elements"][0]["buttons"][1].update({"type": "url", "value": "javascript:alert(1)"})
    data["template_id"] = "list"
    doc = rm(json.dumps(data, indent=2))
    where = c.assign_issues(doc.validate().issues, doc.layout())
    assert {i.rule for i in where["/elements/0"]} == {"unknown-field"}
    assert [i.rule for i in where["/elements/0/buttons/0/postback_id"]] == ["required-field"]
    assert [i.rule for i in where["/elements/0/buttons/1/value"]] == ["button-unsafe-url"]
    assert [i.rule for i in where["/template_id"]] == ["rich-template"]
    tnode = doc.layout().find(("template_id",))
    assert '"list"' in tnode.mismatch
    assert c.owner_pointer("/a/b/c", {"/a"}) == "/a"
    assert c.owner_pointer("/z", {"/a"}) == ""


def test_wrong_shapes_are_shown_as_json_and_edited_as_json():
    text = json.dumps({"type": "rich_message", "template_id": "cards",
                       "elements": [{"image": "not an object", "buttons": {"a": 1}}, 7]})
    doc = rm(text)
    root = doc.layout()
    assert root.find(("elements", 0, "image")).kind == "json"
    assert root.find(("elements", 0, "buttons")).kind == "json"
    assert root.find(("elements", 1)).kind == "json"
    with pytest.raises(c.ComposeError) as e:
        doc.edit(("elements", 0, "image"), '{"url": ')
    assert "not valid JSON" in str(e.value) and doc.dump() == text
    for deep in ("[" * 5000 + "]" * 5000, "[" * 100_000 + "]" * 100_000):
        with pytest.raises(c.ComposeError) as e:
            doc.edit(("elements", 0, "image"), deep)
        assert "deep" in str(e.value) and doc.dump() == text
    doc.edit(("elements", 0, "image"), '{"url": "https://example.com/a.png"}')
    assert doc.layout().find(("elements", 0, "image", "url")).text == "https://example.com/a.png"
    with pytest.raises(c.ComposeError):
        doc.add_button(1)


def test_add_image_creates_its_required_url():
    doc = c.blank("rich_message")
    doc.add_object(("elements", 0, "image"))
    assert doc.data["elements"][0]["image"] == {"url": ""}
    assert list(doc.data["elements"][0]) == ["title", "subtitle", "image"]


# -- properties -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("true", True), ("3", 3), ("2.5", 2.5), ('"x"', "x"), ("null", None), ('"3"', "3"),
    ("hello world", "hello world"), ("[1, 2", "[1, 2"), ('{"a": [1]}', {"a": [1]}), ("", ""),
    ("NaN", "NaN"), ("1e400", "1e400"), ("[" * 300 + "]" * 300, "[" * 300 + "]" * 300),
    ("[" * 100_000 + "]" * 100_000, "[" * 100_000 + "]" * 100_000),
])
def test_property_values_keep_their_json_type(text, value):
    assert c.parse_value_text(text) == value
    assert type(c.parse_value_text(text)) is type(value)


def test_property_rows_edit_rename_move_remove():
    doc = rm()
    assert doc.property_rows() == [("property_namespace", "property_name", "property_value")]
    doc.add_property()
    doc.set_property_value("property_namespace", "property_1", "true")
    doc.set_property_value("property_namespace", "property_name", "42")
    assert doc.data["properties"]["property_namespace"] == {"property_name": 42, "property_1": True}
    doc.rename_property("property_namespace", "property_name", "property_namespace", "answer")
    assert list(doc.data["properties"]["property_namespace"]) == ["answer", "property_1"]
    with pytest.raises(c.ComposeError):
        doc.rename_property("property_namespace", "answer", "property_namespace", "property_1")
    doc.rename_property("property_namespace", "answer", "lc2", "welcome_message")
    assert doc.data["properties"] == {"property_namespace": {"property_1": True}, "lc2": {"welcome_message": 42}}
    doc.remove_property("property_namespace", "property_1")
    doc.remove_property("lc2", "welcome_message")
    assert "properties" not in doc.data
    doc.add_property()
    assert doc.property_rows() == [("namespace", "property_1", "")]
    assert list(doc.data).index("properties") == list(doc.data).index("recipients") + 1


def test_properties_of_another_shape_are_json():
    doc = rm('{"type": "rich_message", "template_id": "cards", "properties": {"ns": 5}}')
    assert doc.layout().find(("properties",)).kind == "json"
    with pytest.raises(c.ComposeError):
        doc.add_property()


# -- filled form ----------------------------------------------------------------------------

def test_field_type_change_reshapes_the_answer_in_place():
    doc = ff()
    doc.set_field_type(0, "radio")
    assert doc.get(("fields", 0, "answer")) == {"id": "0", "label": "Thomas Anderson"}
    doc.set_field_type(0, "checkbox")
    f = doc.get(("fields", 0))
    assert list(f) == ["type", "id", "label", "answers"]
    assert f["answers"] == [{"id": "0", "label": "Thomas Anderson"}]
    doc.set_field_type(0, "group_chooser")
    assert doc.get(("fields", 0, "answer")) == {"id": "0", "group_id": 0, "label": "Thomas Anderson"}
    doc.set_field_type(0, "textarea")
    assert doc.get(("fields", 0, "answer")) == "Thomas Anderson"
    assert doc.layout().find(("fields", 0, "answer")).kind == "textarea"
    doc.set_field_type(0, "name")
    assert doc.dump() == FF_TEXT
    for t in c.form_field_types():
        doc.set_field_type(3, t)
        assert doc.validate().ok, (t, [i.message for i in doc.validate().errors])


def test_form_fields_add_remove_move_and_options():
    doc = c.blank("filled_form")
    for t in c.form_field_types():
        doc.add_field(t)
    assert [f["type"] for f in doc.data["fields"]][1:] == list(c.form_field_types())
    assert len({f["id"] for f in doc.data["fields"]}) == len(doc.data["fields"])
    assert doc.validate().ok, [i.message for i in doc.validate().issues]
    i = [f["type"] for f in doc.data["fields"]].index("checkbox")
    doc.add_option(i)
    doc.add_option(i)
    assert [o["id"] for o in doc.data["fields"][i]["answers"]] == ["0", "1"]
    doc.move_option(i, 1, -1)
    doc.remove_option(i, 1)
    assert [o["id"] for o in doc.data["fields"][i]["answers"]] == ["1"]
    doc.move_field(i, -1)
    assert doc.data["fields"][i - 1]["type"] == "checkbox"
    with pytest.raises(c.ComposeError):
        doc.add_field("rating")
    with pytest.raises(c.ComposeError):
        doc.add_element()


def test_form_widgets_and_checks_at_fields():
    doc = ff()
    doc.edit(("fields", 1, "answer"), "not an email")
    where = c.assign_issues(doc.validate().issues, doc.layout())
    assert [i.rule for i in where["/fields/1/answer"]] == ["email-answer"]
    g = ("fields", 4, "answer")
    assert doc.layout().find(g + ("id",)).kind == "id"
    doc.edit(g + ("group_id",), "x")
    where = c.assign_issues(doc.validate().issues, doc.layout())
    assert [i.rule for i in where["/fields/4/answer/group_id"]] == ["group-id-number"]
    doc.edit(g + ("group_id",), "7")
    assert doc.get(g + ("group_id",)) == 7
    num = ff(FF_TEXT.replace('"id": "2"', '"id": 2'))
    num.edit(g + ("id",), "3")
    assert num.get(g + ("id",)) == 3                             # a number stays a number
    doc.edit(g + ("id",), "3")
    assert doc.get(g + ("id",)) == "3"                           # a string stays a string


def test_unknown_field_type_keeps_its_answer_as_json():
    text = json.dumps({"type": "filled_form", "form_id": "f", "fields": [
        {"type": "rating", "id": "1", "label": "Rate us", "answer": {"stars": 5}, "extra": 1}]})
    doc = ff(text)
    node = doc.layout().find(("fields", 0))
    assert node.find(("fields", 0, "answer")).kind == "json"
    assert "extra" in node.extra_keys
    assert '"rating"' in node.find(("fields", 0, "type")).mismatch
    assert doc.dump() == text
    doc.set_field_type(0, "radio")
    assert doc.get(("fields", 0)) == {"type": "radio", "id": "1", "label": "Rate us",
                                      "answer": {"stars": 5}, "extra": 1}


# -- hypothesis: generated payloads with unknown keys --------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**60, 2**60),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)), max_leaves=6)
texts = st.text(max_size=20)


def unknown_keys(known):
    return st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in known),
                           json_values, max_size=2)


@st.composite
def obj(draw, known: dict, required: tuple = ()):
    """An object with some known keys (values from strategies) and unknown keys, in any order."""
    items = {}
    for k, strat in known.items():
        if k in required or draw(st.booleans()):
            items[k] = draw(strat)
    items.update(draw(unknown_keys(set(known))))
    keys = draw(st.permutations(list(items)))
    return {k: items[k] for k in keys}


buttons = obj({"text": texts, "type": st.sampled_from(L.BUTTON_TYPES), "value": texts,
               "webview_height": st.sampled_from(L.WEBVIEW_HEIGHTS), "postback_id": texts,
               "user_ids": st.lists(texts, max_size=2)}, required=("text",))
images = obj({"url": texts, "name": texts, "size": st.integers(0, 10**9), "width": st.integers(0, 5000)},
             required=("url",))
elements = obj({"title": texts, "subtitle": texts, "image": images,
                "buttons": st.lists(buttons, max_size=4)})
properties = st.dictionaries(st.text(max_size=8), st.dictionaries(st.text(max_size=8), json_values, max_size=3),
                             max_size=2)
rich_messages = obj({"type": st.just("rich_message"), "template_id": st.sampled_from(L.TEMPLATE_IDS),
                     "recipients": st.sampled_from(L.RECIPIENTS), "custom_id": texts, "properties": properties,
                     "elements": st.lists(elements, min_size=1, max_size=4), "id": texts},
                    required=("type", "elements"))
options = obj({"id": texts, "label": texts}, required=("id", "label"))


@st.composite
def form_fields(draw):
    t = draw(st.sampled_from(c.form_field_types()))
    shape, key = c.answer_shape(t)
    answer = {"text": texts, "option": options, "options": st.lists(options, max_size=3),
              "group": obj({"id": texts, "group_id": st.integers(0, 99), "label": texts},
                           required=("id", "group_id", "label"))}[shape]
    return draw(obj({"type": st.just(t), "id": texts, "label": texts, key: answer},
                    required=("type", "id", "label", key)))


forms = obj({"type": st.just("filled_form"), "form_id": texts, "recipients": st.sampled_from(L.RECIPIENTS),
             "properties": properties, "fields": st.lists(form_fields(), min_size=1, max_size=4)},
            required=("type", "fields"))
styles = st.sampled_from([dict(indent=2), dict(indent="\t"), dict(), dict(separators=(",", ":")),
                          dict(indent=4, ensure_ascii=True)])


def unknown_key_paths(value, known_of, parts=()):
    """(path, key, value) of every key in objects that the models do not define."""
    out = []
    if isinstance(value, dict):
        known = known_of(parts)
        for k, v in value.items():
            if known is not None and k not in known:
                out.append((parts, k, json.dumps(v)))
            out += unknown_key_paths(v, known_of, parts + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += unknown_key_paths(v, known_of, parts + (i,))
    return out


def rm_known(parts):
    tail = [p for p in parts if not isinstance(p, int)]
    table = {(): ev.RichMessageResponse, ("elements",): ev.Element, ("elements", "image"): ev.Image,
             ("elements", "buttons"): ev.Button}
    m = table.get(tuple(tail))
    return set(m.model_fields) if m else None


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rich_messages, styles)
def test_generated_rich_messages_round_trip_and_keep_unknown_keys(data, style):
    text = json.dumps(data, **style)
    doc = rm(text)
    assert doc.dump() == text
    unknown = unknown_key_paths(data, rm_known)
    order = {p: list(v) for p, v in _objects(data)}
    # a batch of edits that do not reorder anything
    doc.edit(("elements", 0, "title"), "edited title")
    doc.set_template("quick_replies" if data.get("template_id") != "quick_replies" else "cards")
    if isinstance(doc.data["elements"][0].get("buttons"), list) and len(doc.data["elements"][0]["buttons"]) < 13:
        doc.add_button(0)
    doc.add_property("added_ns")
    doc.set_mode("request" if doc.mode == "response" else "response")
    doc.set_mode("response" if doc.mode == "request" else "request")
    out = json.loads(doc.dump())
    assert set(unknown) <= set(unknown_key_paths(out, rm_known))
    for p, keys in order.items():
        now = _get(out, p)
        if isinstance(now, dict):
            assert subsequence(keys, list(now)), (p, keys, list(now))
    for layout_node in doc.layout().walk():   # the form can draw whatever came in
        _ = layout_node.text


@SETTINGS
@given(forms, styles)
def test_generated_forms_round_trip_and_keep_unknown_keys(data, style):
    text = json.dumps(data, **style)
    doc = ff(text)
    assert doc.dump() == text
    before = {p: list(v) for p, v in _objects(data)}
    doc.edit(("fields", 0, "label"), "edited")
    doc.add_field("checkbox")
    doc.move_field(len(doc.data["fields"]) - 1, -1)
    doc.move_field(len(doc.data["fields"]) - 2, 1)
    doc.remove_field(len(doc.data["fields"]) - 1)
    out = json.loads(doc.dump())
    for p, keys in before.items():
        now = _get(out, p)
        if isinstance(now, dict):
            assert subsequence(keys, list(now))
    assert out["fields"][1:] == data["fields"][1:]
    assert {k: v for k, v in out["fields"][0].items() if k != "label"} == \
           {k: v for k, v in data["fields"][0].items() if k != "label"}


def _objects(value, parts=()):
    if isinstance(value, dict):
        yield parts, value
        for k, v in value.items():
            yield from _objects(v, parts + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _objects(v, parts + (i,))


def _get(value, parts):
    for p in parts:
        try:
            value = value[p]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def test_validate_matches_the_editor_engine():
    doc = rm()
    doc.edit(("elements", 0, "buttons", 0, "type"), "url")
    doc.edit(("elements", 0, "buttons", 0, "value"), "")      # cleared: left out, so type has no value
    mine = doc.validate()
    theirs = validate(doc.dump(), structure="rich_message", mode="response")
    assert [i.as_dict() for i in mine.issues] == [i.as_dict() for i in theirs.issues]
    assert any(i.rule == "button-type-value-pair" for i in mine.issues)
    assert isinstance(fm.FORM_FIELD_MODELS, tuple)


# -- per API version (issue 12 items 1, 2, 6; issue 14) -------------------------------------------

def test_choices_and_fields_follow_the_version():
    for version in VERSIONS:
        req = catalog.get(version, "rich_message").request_model
        doc = c.blank("rich_message", version=version)
        audience = catalog.audience_field(version)
        assert audience in doc.data and {"recipients", "visibility"} - {audience} & set(doc.data) == set()
        node = doc.layout().find(("template_id",))
        assert node.choices == c.choices(req, "template_id")
        assert ("ecommerce" in node.choices) == (version >= "3.6")
        doc.add_object(("elements", 0, "image"))
        image = doc.layout().find(("elements", 0, "image"))
        assert (image.child("alternative_text") is not None) == (version >= "3.3")
        assert ("subject" in c.form_field_types(version)) == (version >= "3.3")
        ff = c.blank("filled_form", "response", version=version)
        assert (ff.layout().find(("form_type",)) is not None) == (version >= "3.4")
        assert c.has_kind("form", version) == (version >= "3.3")


def test_url_target_is_offered_for_url_buttons_from_v3_3():
    for version in ("3.2", "3.3", "3.6"):
        doc = c.blank("rich_message", version=version)
        doc.add_button(0)
        b = ("elements", 0, "buttons", 0)
        assert doc.layout().find(b + ("target",)) is None               # a message button: not offered
        doc.edit(b + ("type",), "url")
        target = doc.layout().find(b + ("target",))
        if version == "3.2":
            assert target is None
            continue
        assert target.choices == ("new", "current")
        doc.edit(b + ("value",), "https://example.com/page")
        doc.edit(b + ("target",), "current")
        assert doc.validate().ok and not [w for w in doc.validate().warnings if "/buttons" in w.pointer]
        doc.edit(b + ("type",), "phone")                                # target goes with the url type
        assert "target" not in doc.get(b) and doc.get(b + ("value",)) == ""
        assert doc.layout().find(b + ("value",)).hint == "+1 555 0100"


def test_switching_a_button_to_url_clears_the_message_text_and_hints_a_url():
    doc = c.blank("rich_message", version="3.6")
    doc.add_button(0)
    b = ("elements", 0, "buttons", 0)
    assert doc.get(b + ("value",)) == "Button 1"
    assert doc.layout().find(b + ("value",)).hint == "the text the button sends back"
    assert doc.edit(b + ("type",), "url") is True                      # other fields changed: redraw
    assert doc.get(b + ("value",)) == ""
    assert doc.layout().find(b + ("value",)).hint == "https://example.com/page"
    doc.edit(b + ("value",), "https://example.com/a")
    assert doc.edit(b + ("type",), "webview") is True                  # a URL stays; a height is added
    assert doc.get(b) == {"text": "Button 1", "type": "webview", "value": "https://example.com/a",
                          "webview_height": "compact", "postback_id": "button_1", "user_ids": []}
    assert doc.validate().ok and not doc.validate().warnings
    assert doc.edit(b + ("text",), "Open") is False


def test_an_ecommerce_product_with_three_options_and_an_addon_is_valid_v3_6():
    doc = c.blank("rich_message", version="3.6")
    assert doc.layout().find(("elements", 0, "ecommerce")) is None    # not offered for cards
    doc.set_template("ecommerce")
    E = ("elements", 0, "ecommerce")
    node = doc.layout().find(E)
    assert node is not None and not node.present and node.note.startswith("Should be used for the ecommerce")
    doc.add_object(E)
    assert doc.get(E) == {"view_type": "tags", "product_id": ""}
    assert doc.layout().find(E + ("view_type",)).choices == ("tags", "swatch", "images", "select")
    doc.edit(E + ("product_id",), "sku-42")
    for k in range(3):
        assert doc.add_item(E + ("options",)) == k
    assert [o["option_id"] for o in doc.get(E + ("options",))] == ["option_1", "option_2", "option_3"]
    doc.edit(E + ("options", 1, "available"), False)
    doc.edit(E + ("options", 1, "price"), "9.99")
    assert doc.layout().find(E + ("options", 1, "available")).kind == "bool"
    assert doc.add_item(E + ("addons",)) == 0
    doc.edit(E + ("addons", 0, "addon_type"), "quantity")
    doc.move_item(E + ("options",), 2, -1)
    assert [o["label"] for o in doc.get(E + ("options",))] == ["Option 1", "Option 3", "Option 2"]
    report = doc.validate()
    assert report.ok and not report.warnings, [i.message for i in report.issues]
    assert validate(doc.dump(), version="detect").version == "3.6"      # the editor finds it v3.6
    doc.edit(E + ("options", 1, "available"), None)                     # optional: left out
    assert "available" not in doc.get(E + ("options", 1))
    with pytest.raises(c.ComposeError):
        doc.add_item(("elements", 0, "title"))
    doc.set_template("cards")                                           # kept, and the validator says why
    assert "ecommerce-template" in {i.rule for i in doc.validate().issues}
    assert doc.layout().find(E) is not None                             # still drawn: it is there


def test_the_form_event_from_v3_3():
    with pytest.raises(c.ComposeError, match="v3.3"):
        c.blank("form", version="3.2")
    assert "from v3.3" in c.load((ROOT / "samples" / "v3_6" / "events" / "form.json").read_text(), "form",
                                 version="3.2").message
    doc = c.blank("form", version="3.6")
    assert doc.data == {"type": "form", "visibility": "all", "form_id": "form_1",
                        "fields": [{"type": "name", "id": "1", "label": "Your name", "required": True}]}
    assert "subject" in doc.field_types() and doc.field_types() == c.form_field_types("3.6", "form")
    assert doc.layout().find(("fields", 0, "options")) is None          # a name field has no options
    doc.add_field("radio")
    doc.add_option(1)
    assert doc.get(("fields", 1, "options")) == [{"id": "0", "label": "Option 1"}, {"id": "1", "label": "Option 2"}]
    doc.add_field("group_chooser")
    assert doc.get(("fields", 2, "options")) == [{"id": "0", "group_id": 0, "label": "Group 1"}]
    assert doc.layout().find(("fields", 2, "options", 0, "group_id")).kind == "int"
    assert doc.layout().find(("fields", 1, "options", 0, "group_id")) is None   # radio: no group
    doc.edit(("fields", 0, "required"), False)
    assert doc.get(("fields", 0, "required")) is False
    doc.set_field_type(1, "checkbox")                                   # options kept
    assert len(doc.get(("fields", 1, "options"))) == 2
    doc.set_field_type(1, "group_chooser")                              # each option gets a group
    assert all("group_id" in o for o in doc.get(("fields", 1, "options")))
    doc.set_field_type(0, "subject")
    assert "options" not in doc.get(("fields", 0))
    report = doc.validate()
    assert report.ok and not report.warnings, [i.message for i in report.issues]
    with pytest.raises(c.ComposeError):
        doc.add_field("rating")
    doc.set_mode("response")
    assert doc.data["visibility"] == "all" and "form_type" not in doc.data
    assert doc.validate().ok


def test_response_mode_follows_the_version():
    for version, audience in (("3.2", "recipients"), ("3.6", "visibility")):
        doc = c.blank("filled_form", version=version)
        del doc.data[audience]                                          # a request may leave it out
        doc.set_mode("response")
        assert doc.data[audience] == "all"                              # always returned
        assert list(doc.data)[:4] == ["id", "type", "author_id", "created_at"]
        assert doc.validate().ok, [i.message for i in doc.validate().errors]
        doc.set_mode("request")
        assert audience not in doc.data                                 # the default goes again
    text = (ROOT / "samples" / "v3_6" / "events" / "filled_form.json").read_text(encoding="utf-8")
    doc = c.load(text, "filled_form", version="detect").doc
    assert doc.version == "3.6" and doc.data["form_type"] == "prechat"
    doc.set_mode("request")
    assert "form_type" not in doc.data and doc.validate().ok           # returned, never sent
    doc.set_mode("response")
    assert doc.dump() == text


def test_set_version_migrates_and_comes_back():
    data = json.loads(RM_TEXT)
    data["x-trace"] = {"keep": [1, 2]}
    text = json.dumps(data, indent=4)
    doc = rm(text)
    assert doc.version == "3.2"
    notes = doc.set_version("3.6")
    assert any("recipients" in n and "visibility" in n for n in notes)
    assert doc.data["visibility"] == "all" and "recipients" not in doc.data
    assert doc.data["x-trace"] == {"keep": [1, 2]}
    assert '\n    "visibility"' in doc.dump()                                # the text keeps its style
    assert doc.layout().find(("elements", 0, "buttons", 2, "target")) is None   # a phone button
    doc.set_version("3.2")
    assert doc.dump() == text
    form = c.blank("form", version="3.6")
    with pytest.raises(c.ComposeError, match="v3.3"):
        form.set_version("3.2")
    assert form.version == "3.6"


def test_load_detects_the_version_as_the_editor_does():
    for version in VERSIONS:
        for kind in c.KINDS:
            if not c.has_kind(kind, version):
                continue
            path = catalog.get(version, kind).samples[0]
            text = path.read_text(encoding="utf-8")
            doc = c.load(text, kind, version="detect").doc
            assert doc.version == validate(text, version="detect").version
