"""The field guide: rows from the models' metadata, statuses from the Report's issues."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, Union

import pytest
from pydantic import BaseModel, ConfigDict, Field

from playground.spec.catalog import all_samples
from playground.teaching.fieldguide import field_guide, guide_for_report, model_at, type_name
from playground.validation.report import Issue

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


class Knob(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["knob"] = Field(description="Always knob.")
    turns: int = Field(description="How far it turns.")


class Lever(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["lever"] = Field(description="Always lever.")
    up: bool | None = Field(default=None, description="Is it up?")


Part = Annotated[Union[Knob, Lever], Field(discriminator="type")]


class Machine(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str = Field(description="The machine's name.")
    mode: Literal["on", "off"] = Field("off", description="Possible values: on, off (default).")
    parts: list[Part] | None = Field(None, description="Up to 3 parts.")
    labels: dict[str, str] | None = Field(None, description="Free labels.")


def _err(pointer: str, msg: str = "bad") -> Issue:
    return Issue("error", pointer, 1, 1, "wrong-type", msg)


def _warn(pointer: str, rule: str = "unknown-field") -> Issue:
    return Issue("warning", pointer, 1, 1, rule, "check it")


def test_rows_follow_the_payload_with_notes_types_and_required():
    data = {"name": "m1", "parts": [{"type": "knob", "turns": 3}, {"type": "lever"}],
            "labels": {"colour": "red"}}
    rows = field_guide(data, Machine)
    by = {r.path: r for r in rows}
    assert [r.path for r in rows] == ["name", "parts", "parts[0]", "parts[0].type", "parts[0].turns",
                                      "parts[1]", "parts[1].type", "labels", "labels.colour"]
    assert by["name"].note == "The machine's name." and by["name"].required is True
    assert by["name"].type == "string"
    assert by["parts"].type == "array of objects (Knob, Lever)" and by["parts"].required is False
    assert by["parts[0]"].type == "object (Knob)" and by["parts[1]"].type == "object (Lever)"
    assert by["parts[0].turns"].note == "How far it turns." and by["parts[0].turns"].type == "integer"
    assert by["parts[0].type"].type == '"knob"'
    assert by["labels"].type == "object (each value: string)"
    assert by["parts[1].type"].depth == 2 and by["name"].depth == 0
    assert all(r.status == "ok" for r in rows)


def test_statuses_come_from_issues_and_unknown_keys():
    data = {"name": 5, "parts": [{"type": "knob", "turns": 1, "colr": "x"}], "extra": 1}
    issues = [_err("/name", "name must be a string"), _warn("/parts/0/colr"), _warn("/extra")]
    by = {r.path: r for r in field_guide(data, Machine, issues)}
    assert by["name"].status == "error" and by["name"].messages == ("name must be a string",)
    assert by["parts[0].colr"].status == "unknown" and by["parts[0].colr"].required is None
    assert by["extra"].status == "unknown" and by["extra"].type == "integer"
    assert by["parts"].status == "warning"          # a warning inside it
    assert by["parts[0].turns"].status == "ok"


def test_error_inside_marks_its_ancestors():
    data = {"name": "m", "parts": [{"type": "knob", "turns": "x"}]}
    by = {r.path: r for r in field_guide(data, Machine, [_err("/parts/0/turns")])}
    assert by["parts"].status == by["parts[0]"].status == by["parts[0].turns"].status == "error"
    assert by["name"].status == "ok"


def test_missing_required_fields_are_listed_last():
    rows = field_guide({"parts": [{"type": "knob"}]}, Machine, [_err("/name"), _err("/parts/0/turns")])
    missing = [(r.path, r.status) for r in rows if r.status == "missing"]
    assert missing == [("parts[0].turns", "missing"), ("name", "missing")]
    assert rows[-1].path == "name" and rows[-1].required is True
    assert not field_guide({"parts": []}, Machine, include_missing=False)[-1].status == "missing"


def test_unknown_union_member_lists_keys_as_unknown():
    rows = field_guide({"name": "m", "parts": [{"type": "wheel", "size": 2}]}, Machine)
    assert {r.path: r.status for r in rows}["parts[0].type"] == "unknown"


def test_type_names():
    assert type_name(Literal["all", "agents"]) == '"all" | "agents"'
    assert type_name(str | None) == "string"
    assert type_name(list[int]) == "array of integer"
    assert type_name(dict[str, dict[str, int]]) == "object (each value: object (each value: integer))"
    assert type_name(int | str) == "integer | string"


def test_row_cap_and_hostile_keys():
    data = {"name": "m", "labels": {f"<script>{i}": "x" for i in range(1000)}}
    rows = field_guide(data, Machine, max_rows=50)
    assert len(rows) == 50
    assert rows[5].name == "<script>3" and rows[5].pointer == "/labels/<script>3"


def test_model_at():
    data = {"name": "m", "parts": [{"type": "knob", "turns": 1}, {"type": "lever"}]}
    assert model_at(Machine, data, ["parts", "1"]) is Lever
    assert model_at(Machine, data, ["parts", 0]) is Knob
    assert model_at(Machine, data, []) is Machine
    assert model_at(Machine, data, ["nope"]) is None


# -- on the real models, through a Report ----------------------------------------------------

playground = pytest.importorskip("playground.validation.core")


def test_rich_message_sample_guide():
    from playground import validate
    text = (SAMPLES / "events" / "rich_message.json").read_text()
    rows = guide_for_report(validate(text, mode="request"))
    by = {r.path: r for r in rows}
    assert by["template_id"].required is True and "cards" in by["template_id"].type
    assert by["template_id"].note.startswith("Defines how every Rich Message")
    assert by["elements[0].buttons[0].text"].note == "Text displayed on a button."
    assert by["id"].status == "unknown"                  # a response field in a request
    assert by["elements[0].buttons[2].webview_height"].status == "warning"
    assert len(rows) == len({r.pointer for r in rows})   # every field once


def test_guide_of_wrapped_sample_and_of_broken_json():
    from playground import validate
    rows = guide_for_report(validate((SAMPLES / "common" / "access.json").read_text()))
    assert [(r.path, r.depth) for r in rows] == [("access", 0), ("access.group_ids", 1)]
    assert guide_for_report(validate("{nope")) == []


def test_guide_of_every_sample_is_all_present_fields():
    from playground import validate
    for path in sorted(SAMPLES.rglob("*.json")):
        text = path.read_text()
        folder = path.relative_to(SAMPLES).parts[0]
        version = folder[1:].replace("_", ".") if folder.startswith("v3_") else "3.2"
        named = {p: n for n, p in all_samples(version)}   # a later version's sample: its structure
        report = validate(text, named.get(path) if version != "3.2" else None, version=version)
        rows = guide_for_report(report)
        assert rows, path
        top = json.loads(text)
        if isinstance(top, dict) and report.structure not in ("access", "properties"):
            assert [r.name for r in rows if r.depth == 0 and r.status != "missing"] == list(top)


# -- one truth for "required" (issue 14 item 6) --------------------------------------------------

import json as _json

import pytest as _pytest

from playground.authoring import compose as _compose
from playground.spec import catalog as _catalog
from playground.spec.fields import REQUIRED_WORDS, model_spec as _model_spec
from playground.teaching import reference as _reference
from playground.teaching.fieldguide import guide_for_report as _guide
from playground.validation import validate as _validate

_CARD = {"type": "rich_message", "template_id": "cards", "elements": [
    {"title": "t", "subtitle": "s", "image": {"url": "https://cdn.livechatinc.com/a.png"},
     "buttons": [{"text": "Open", "type": "webview", "value": "https://example.com", "webview_height": "tall",
                  "postback_id": "p", "user_ids": []}]}]}


@_pytest.mark.parametrize("version", _catalog.VERSIONS)
def test_reference_field_guide_composer_and_validator_say_the_same_required(version):
    request = _catalog.get(version, "rich_message").model("request")
    element = _model_spec(request).fields["elements"].type.item.model
    button = element.fields["buttons"].type.item.model
    report = _validate(_json.dumps(_CARD), "rich_message", "request", version=version)
    rows = {r.path: r for r in _guide(report)}
    for entry, spec, at in (("element", element, "elements[0]"), ("button", button, "elements[0].buttons[0]")):
        table = _reference.table(entry, version=version).set_index("field")["required"]
        for key, f in spec.fields.items():
            words = f.requirement.words
            assert table[key] == words, (version, entry, key)              # the reference
            if f"{at}.{key}" in rows:
                assert rows[f"{at}.{key}"].required_words == words          # the field guide
    # the validator: "table" fields missing warn with the declared rule; "yes" fields missing are errors
    assert element.fields["title"].requirement.state == ("no" if version >= "3.6" else "table")
    bare = {"type": "rich_message", "template_id": "cards", "elements": [
        {"buttons": [{"text": "Yes", "postback_id": "p", "user_ids": []},
                     {"text": "W", "type": "webview", "value": "https://example.com", "postback_id": "q",
                      "user_ids": []}]}]}
    issues = _validate(_json.dumps(bare), "rich_message", "request", version=version).issues
    by_rule = {i.rule: i for i in issues}
    assert by_rule["button-type-value-missing"].severity == "warning"
    assert button.fields["type"].requirement.rule == "button-type-value-missing"
    assert by_rule["webview-height-required"].severity == "error"
    assert button.fields["webview_height"].requirement.words == REQUIRED_WORDS["conditional"].format(
        only="for webview buttons")
    assert ("rich-element-field-missing" in by_rule) == (element.fields["title"].requirement.state == "table")
    if "rich-element-field-missing" in by_rule:
        assert element.fields["title"].requirement.why in by_rule["rich-element-field-missing"].message


def test_the_composer_shows_the_same_words():
    doc = _compose.from_sample("rich_message")
    nodes = {n.pointer: n for n in doc.layout().walk()}
    for pointer, key, spec_of in (("/elements/0/title", "title", "element"),
                                  ("/elements/0/buttons/0/type", "type", "button"),
                                  ("/elements/0/buttons/0/text", "text", "button")):
        words = _reference.table(spec_of, version="3.2").set_index("field")["required"][key]
        assert nodes[pointer].need.startswith(f"Required: {words}.")
