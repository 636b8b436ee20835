"""The field tree: what each model's fields declare, compiled once (playground.spec.fields)."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, Field

from playground.spec import limits as L
from playground.spec.common import Properties
from playground.spec.fields import field_spec, model_spec, spec_at, type_spec, type_words
from playground.spec.v3_2 import chats as ch
from playground.spec.v3_2 import events as ev
from playground.spec.v3_2 import forms as fm
from playground.spec.v3_2 import users as us


def test_json_types_of_fields():
    assert model_spec(ev.MessageRequest).fields["text"].type.json == "string"
    assert model_spec(ev.RichMessageRequest).fields["elements"].type.json == "array"
    assert model_spec(ch.Thread).fields["active"].type.json == "boolean"
    assert model_spec(ch.Queue).fields["position"].type.json == "integer"
    assert model_spec(ch.Thread).fields["properties"].type.json == "object"
    assert model_spec(ev.Button).fields["type"].type.json == "string"   # a Literal of strings


def test_type_words_in_both_styles():
    assert type_words(list[ev.Button]) == "array of object (Rich message button)"
    assert type_words(Literal["all", "agents"]) == '"all" | "agents"'
    assert type_words(Literal["all", "agents"], "reference") == "one of: all | agents"
    assert type_words(Properties, "reference") == "object (namespace → name → value)"
    assert type_words(Properties) == "object (each value: object)"
    created = model_spec(ch.Thread).fields["created_at"]
    assert type_words(created, "reference") == "string (date-time)"   # a FieldSpec brings its metadata
    assert type_words(created.type, "reference") == "string" and type_words(created) == "string"
    assert type_words(us.User) == "object (one of Agent, Customer)"


def test_required_in_request_and_in_response():
    request, response = model_spec(ev.MessageRequest), model_spec(ev.MessageResponse)
    assert request.fields["text"].required and response.fields["text"].required
    assert "id" not in request.fields and response.fields["id"].required
    assert not request.fields["recipients"].required
    assert request.role == "request" and response.role == "response"
    assert model_spec(ev.SystemMessageResponse).role == "response"
    assert model_spec(ch.Thread).role is None
    assert set(response.required) - set(request.required) == {"id", "created_at", "author_id"}


def test_limits_from_constraints_and_the_limits_module():
    buttons = model_spec(ev.Element).fields["buttons"]
    assert buttons.max_items == L.MAX_BUTTONS and buttons.constraints == (("max_length", L.MAX_BUTTONS),)
    assert buttons.limit_note == "Can contain up to 13 button objects."
    assert buttons.note == "Displays buttons. Can contain up to 13 button objects."
    elements = model_spec(ev.RichMessageRequest).fields["elements"]
    assert elements.max_items == L.MAX_ELEMENTS and elements.limit_note == elements.note
    text = model_spec(ev.MessageRequest).fields["text"]
    assert text.max_bytes == L.MAX_TEXT_BYTES and text.max_items is None
    assert model_spec(ch.Queue).fields["position"].constraints == (("ge", 0),)
    assert model_spec(ev.MessageRequest).fields["recipients"].documented_default == "all"


def test_enumerations_are_the_literal_choices():
    assert model_spec(ev.Button).fields["type"].type.choices == L.BUTTON_TYPES
    assert model_spec(ev.RichMessageRequest).fields["template_id"].type.choices == L.TEMPLATE_IDS
    assert model_spec(us.Agent).fields["routing_status"].type.choices == L.ROUTING_STATUSES
    assert model_spec(ev.Button).fields["text"].type.choices == ()


def test_alias_and_name():
    f = field_spec(us.Customer, "__priv_lc2_customer_id")
    assert f is not None and f.name == "priv_lc2_customer_id" and f.key == "__priv_lc2_customer_id"
    assert model_spec(us.Customer).by_name["priv_lc2_customer_id"] is f
    assert field_spec(us.Customer, "priv_lc2_customer_id") is None   # the JSON key is the alias


def test_union_members_discriminator_and_member_for():
    events = type_spec(ev.EventRequest)
    assert events.kind == "union" and events.discriminator == "type"
    assert [m.base for m in events.members] == list(ev.REQUEST_EVENTS)
    assert tuple(events.tags) == L.EVENT_TYPES
    assert events.member_for({"type": "file"}).base is ev.FileRequest
    assert events.member_for({"type": "nope"}) is None and events.member_for({"type": []}) is None
    fields = model_spec(fm.FilledFormFields).fields["fields"].type.item
    assert fields.discriminator == "type" and tuple(fields.tags) == (
        "name", "question", "textarea", "email", "radio", "select", "checkbox", "group_chooser")
    assert fields.member_for({"type": "radio"}).base is fm.OptionField
    summaries = type_spec(ch.ChatSummaries)                 # untagged: by the value's JSON kind
    assert summaries.discriminator is None
    assert summaries.member_for([]).kind == "array"
    assert summaries.member_for({}).base is ch.ListChatsResponse
    assert summaries.member_for("x") is None


def test_likely_member_reads_a_payload_whose_tag_is_missing():
    events = type_spec(ev.EventRequest)
    assert events.member_for({"template_id": "cards"}) is None
    assert events.likely_member({"template_id": "cards", "elements": []}).base is ev.RichMessageRequest
    assert events.likely_member({"type": "file", "text": "x"}).base is ev.FileRequest


def test_rule_ids_of_fields_and_models():
    assert model_spec(ev.Element).fields["buttons"].rules == ("rich-buttons-max",)
    assert model_spec(ev.MessageRequest).fields["text"].rules == ("message-text-size",)
    assert model_spec(ch.Thread).fields["created_at"].rules == ("timestamp-utc-micro",)
    assert model_spec(us.Agent).fields["events_seen_up_to"].rules == ("timestamp-rfc3339",)
    assert model_spec(ev.Button).fields["text"].rules == ()
    assert model_spec(ev.Button).rules == (
        "button-type", "webview-height", "button-type-value-pair", "webview-height-required",
        "button-type-value-missing", "webview-height-not-webview", "button-unsafe-url")
    assert model_spec(ev.FileResponse).rules[-2:] == ("file-cdn", "file-image-fields")
    assert model_spec(ch.LastEvent).walk_context == {"in_last_event_per_type": True}


def test_spec_at_follows_the_data():
    data = {"type": "rich_message", "elements": [{"buttons": [{"text": "a"}]}]}
    assert spec_at(ev.RichMessageRequest, data, ["elements", 0, "buttons", "0"]).base is ev.Button
    assert spec_at(ev.RichMessageRequest, data, ["elements", 3]) is None
    assert spec_at(ev.RichMessageRequest, data, ["nope"]) is None


class Node(BaseModel):
    name: str
    kids: list["Node"] | None = None


class Cat(BaseModel):
    kind: Literal["cat"]


class Dog(BaseModel):
    kind: Literal["dog"]


class Home(BaseModel):
    pet: Annotated[Union[Cat, Dog], Field(discriminator="kind")]


def test_any_pydantic_model_and_a_model_that_refers_to_itself():
    kids = model_spec(Node).fields["kids"].type
    assert kids.item.model is model_spec(Node)
    assert type_words(Node) == "object (Node)"
    pet = model_spec(Home).fields["pet"].type      # the discriminator pydantic moved to the field
    assert pet.discriminator == "kind" and pet.member_for({"kind": "dog"}).base is Dog
    assert type_spec(Node) is type_spec(Node)      # compiled once
