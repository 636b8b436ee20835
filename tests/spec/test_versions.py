"""The models of v3.3 to v3.7, each written as what changed from the version before.

Every sample of every version's page validates under its version's model with no error and no
unknown key (beyond the misspellings the pages' own samples carry); the new rules fail where
they should; CHANGES agrees with the models.
"""
from __future__ import annotations

import importlib
import json
import re
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from playground.spec import v3_2
from playground.spec.catalog import SAMPLES_DIR
from playground.spec.rules import RULES
from playground.spec.v3_3 import events as events_33, forms as forms_33
from playground.spec.v3_4 import users as users_34
from playground.spec.v3_6 import events as events_36
from playground.spec.v3_7 import chats as chats_37, users as users_37
from playground.spec.versioning import Change

VERSIONS = ["3.3", "3.4", "3.5", "3.6", "3.7"]
PACKAGES = {v: importlib.import_module(f"playground.spec.v3_{v[2:]}") for v in VERSIONS}
# The spec's samples wrap these two structures under one key (catalog.Structure.wrapper).
WRAPPERS = {"access": "access", "properties": "properties"}
# Unknown keys the pages' own samples carry: (sample, JSON path of the object, key).
SAMPLE_TYPOS = {("chats/chat", "", "properites"), ("chats/chat_summary", "", "properites"),
                ("chats/chat_info", "", "properites")}

_ADAPTERS: dict = {}


def adapter(tp: Any) -> TypeAdapter:
    if id(tp) not in _ADAPTERS:
        _ADAPTERS[id(tp)] = (TypeAdapter(tp), tp)
    return _ADAPTERS[id(tp)][0]


def extras(value: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, key) of every unknown key kept in a validated value, recursively."""
    found: list[tuple[str, str]] = []
    if isinstance(value, BaseModel):
        found += [(path, key) for key in (value.__pydantic_extra__ or {})]
        for name in type(value).model_fields:
            found += extras(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for item in value:
            found += extras(item, path + "[]")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += extras(item, f"{path}.{key}" if path else key)
    return found


def validate(version: str, name: str, text: str | bytes, mode: str = "response") -> Any:
    request, response = PACKAGES[version].CATALOG[name]
    data = json.loads(text)
    if name in WRAPPERS and isinstance(data, dict) and set(data) == {WRAPPERS[name]}:
        text = json.dumps(data[WRAPPERS[name]])
    return adapter(response if mode == "response" else request).validate_json(text)


def _samples():
    for version, package in PACKAGES.items():
        for name, paths in package.SAMPLES.items():
            for rel in paths:
                yield pytest.param(version, name, rel, id=rel)


@pytest.mark.parametrize("version,name,rel", list(_samples()))
def test_every_sample_validates_under_its_version_with_no_unknown_key(version, name, rel):
    value = validate(version, name, (SAMPLES_DIR / rel).read_bytes())
    stem = rel.split("/", 1)[1].removesuffix(".json")
    assert [x for x in extras(value) if (stem, *x) not in SAMPLE_TYPOS] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_every_sample_file_of_a_version_is_listed(version):
    package = PACKAGES[version]
    folder = "v3_" + version[2:]
    on_disk = sorted(str(p.relative_to(SAMPLES_DIR)) for p in (SAMPLES_DIR / folder).rglob("*.json"))
    listed = sorted(p for paths in package.SAMPLES.values() for p in paths)
    assert listed == on_disk


@pytest.mark.parametrize("version", VERSIONS)
def test_the_interface_of_a_version_package(version):
    package = PACKAGES[version]
    assert package.VERSION == version
    assert set(package.SAMPLES) <= set(package.CATALOG)
    for name, (request, response) in package.CATALOG.items():
        adapter(request), adapter(response)
    for name, (title, section, note) in package.TITLES.items():
        assert name in package.CATALOG and section in ("Events", "Users", "Other common structures")
    assert all(isinstance(c, Change) and c.kind in ("renamed", "added", "removed") for c in package.CHANGES)


def fails(version: str, name: str, payload: dict, mode: str = "response") -> list[str]:
    """The error types of a payload that must not validate."""
    with pytest.raises(ValidationError) as caught:
        validate(version, name, json.dumps(payload), mode)
    return [e["type"] for e in caught.value.errors()]


def sample(rel: str) -> dict:
    return json.loads((SAMPLES_DIR / rel).read_text(encoding="utf-8"))


# -- v3.3 -------------------------------------------------------------------------------------

def test_v33_form_fields_have_the_subject_type_and_required_options():
    form = sample("v3_3/events/form.json")
    form["fields"].append({"type": "subject", "id": "1", "label": "Subject", "required": True})
    validate("3.3", "form", json.dumps(form))
    form["fields"][0]["required"] = "yes"
    assert fails("3.3", "form", form) == ["bool_type"]
    form["fields"][0] = {"type": "slider", "id": "1", "label": "x"}
    assert fails("3.3", "form", form) == ["literal_error"]
    form["fields"][0] = {"type": "radio", "id": "1", "label": "x", "options": [{"id": "0"}]}
    assert fails("3.3", "form", form) == ["missing"]


def test_v33_filled_form_accepts_subject_which_v32_does_not():
    event = sample("v3_3/events/filled_form.json")
    event["fields"].append({"type": "subject", "id": "9", "label": "Subject", "answer": "Refund"})
    validate("3.3", "filled_form", json.dumps(event))
    with pytest.raises(ValidationError):
        TypeAdapter(v3_2.FilledFormResponse).validate_python(event)


def test_v33_button_target_and_alternative_text():
    rich = sample("v3_3/events/rich_message.json")
    rich["elements"][0]["buttons"][2]["target"] = "popup"
    assert fails("3.3", "rich_message", rich) == ["literal_error"]
    file = sample("v3_3/events/file.json")
    file["alternative_text"] = 5
    assert fails("3.3", "file", file) == ["string_type"]


def test_v33_form_request_has_no_recipients_and_its_response_does():
    request, response = PACKAGES["3.3"].CATALOG["form"]
    assert "recipients" not in request.model_fields and "recipients" in response.model_fields
    value = validate("3.3", "form", json.dumps({"type": "form", "form_id": "1", "fields": [],
                                                 "recipients": "all"}), "request")
    assert extras(value) == [("", "recipients")]


def test_v33_customer_new_fields():
    customer = sample("v3_3/users/customer.json")
    customer["group_ids"] = ["0"]
    assert fails("3.3", "customer", customer) == ["int_type"]


def test_v33_findings_quote_the_page_where_its_sample_contradicts_its_table():
    button = sample("v3_3/events/rich_message.json")["elements"][0]["buttons"][2]
    rules = [rule for _, rule, _ in events_33.Button.spec_findings(button, "response", {})]
    assert rules == ["webview-height-not-webview", "button-target-not-url"]
    assert "button-target-not-url" in RULES and RULES["button-target-not-url"].versions[0] == "3.3"
    text_field = {"type": "name", "id": "1", "label": "x", "options": []}
    assert [rule for _, rule, _ in forms_33.FormField.spec_findings(text_field, "request", {})] == ["form-field-options"]


# -- v3.4 / v3.5 ------------------------------------------------------------------------------

EVENT_SAMPLES = ("message", "rich_message", "file", "form", "filled_form", "custom", "system_message")


@pytest.mark.parametrize("version", ["3.4", "3.5"])
@pytest.mark.parametrize("name", EVENT_SAMPLES)
def test_v34_a_returned_event_without_visibility_fails_and_a_request_may_omit_it(version, name):
    event = sample(f"v3_{version[2:]}/events/{name}.json")
    del event["visibility"]
    assert fails(version, name, event) == ["missing"]
    request = {k: v for k, v in event.items() if k not in ("id", "created_at", "author_id", "form_type")}
    if name == "file":
        request = {k: request[k] for k in ("type", "url", "custom_id", "properties")}
    validate(version, name, json.dumps(request), "request")


def test_v34_visibility_replaces_recipients_in_its_place():
    request, response = PACKAGES["3.4"].CATALOG["message"]
    assert "recipients" not in request.model_fields and "recipients" not in response.model_fields
    assert list(response.model_fields).index("visibility") == 1   # where v3.2 has recipients
    assert request.model_fields["visibility"].json_schema_extra == {"default": "all"}
    event = sample("v3_4/events/message.json")
    event["visibility"] = "everyone"
    assert fails("3.4", "message", event) == ["literal_error"]
    event["visibility"], event["recipients"] = "all", "all"
    assert extras(validate("3.4", "message", json.dumps(event))) == [("", "recipients")]


def test_v34_form_type_is_an_open_set_returned_only():
    form = sample("v3_4/events/form.json")
    form["form_type"] = "ticket_form"
    validate("3.4", "form", json.dumps(form))
    form["form_type"] = 1
    assert fails("3.4", "form", form) == ["string_type"]
    request = {"type": "filled_form", "form_id": "1", "fields": [], "form_type": "prechat"}
    assert extras(validate("3.4", "filled_form", json.dumps(request), "request")) == [("", "form_type")]


def test_v34_last_event_per_type_events_may_omit_visibility_and_others_may_not():
    summary = sample("v3_4/chats/chat_summary.json")
    assert "visibility" not in summary["last_event_per_type"]["message"]["event"]
    validate("3.4", "chat_summary", json.dumps(summary))
    thread = sample("v3_4/chats/thread.json")
    del thread["events"][0]["visibility"]
    assert fails("3.4", "thread", thread) == ["missing"]


def test_v34_users_visibility_and_the_agent_the_chat_summary_sample_leaves_without_it():
    agent = sample("v3_4/users/agent.json")
    assert list(users_34.Agent.spec_findings(agent, "response", {})) == []
    summary_agent = sample("v3_4/chats/chat_summary.json")["users"][1]
    assert [rule for _, rule, _ in users_34.Agent.spec_findings(summary_agent, "response", {})] == [
        "user-visibility-missing"]
    agent["visibility"] = "customers"
    assert fails("3.4", "agent", agent) == ["literal_error"]


def test_v35_is_v34s_models_with_its_own_samples():
    assert PACKAGES["3.5"].CATALOG is PACKAGES["3.4"].CATALOG
    assert all(p.startswith("v3_5/") for paths in PACKAGES["3.5"].SAMPLES.values() for p in paths)


# -- v3.6 -------------------------------------------------------------------------------------

def test_v36_a_system_event_whose_details_is_not_json_fails():
    event = sample("v3_6/events/system.json")
    json.loads(event["details"])
    event["details"] = "{store: my-store}"
    assert fails("3.6", "system", event) == ["system-details-json"]
    event["details"] = {"store": "my-store"}
    assert fails("3.6", "system", event) == ["string_type"]


def test_v36_a_system_event_cannot_be_sent():
    assert fails("3.6", "system", {"type": "system"}, "request") == ["system-event-request"]
    assert fails("3.6", "event", {"type": "system"}, "request") == ["system-event-request"]


def test_v36_a_deleted_event_stands_in_a_thread_in_place_of_the_original():
    thread = sample("v3_6/chats/thread.json")
    deleted = sample("v3_6/events/deleted_event.json")
    thread["events"].append({**deleted, "visibility": "all"})
    value = validate("3.6", "thread", json.dumps(thread))
    assert type(value.events[-1]).__name__ == "DeletedEvent" and extras(value) == []
    administrator_view = {**thread["events"][0], "deleted": True}     # the whole event, flagged
    thread["events"] = [administrator_view]
    assert type(validate("3.6", "thread", json.dumps(thread)).events[0]).__name__ == "MessageResponse"
    thread["events"] = [{**deleted, "visibility": "all", "deleted": False}]   # not deleted: a message lacking text
    assert fails("3.6", "thread", thread) == ["missing"]


def test_v36_ecommerce_template_elements_and_postback():
    rich = sample("v3_6/events/rich_message.json")
    rich["template_id"] = "ecommerce"
    rich["elements"] = [{"ecommerce": {"view_type": "swatch", "product_id": "p1",
                                       "options": [{"option_id": "o1", "label": "Red", "available": True}],
                                       "addons": [{"addon_type": "gift_wrap"}]}}]
    assert extras(validate("3.6", "rich_message", json.dumps(rich))) == []
    assert list(events_36.Element.spec_findings(rich["elements"][0], "request", {})) == []   # no title: fine now
    rich["elements"][0]["ecommerce"]["view_type"] = "carousel"
    assert fails("3.6", "rich_message", rich) == ["literal_error"]
    with pytest.raises(ValidationError):
        TypeAdapter(PACKAGES["3.4"].CATALOG["rich_message"][1]).validate_python({**rich, "elements": []})
    message = sample("v3_6/events/message.json")
    message["postback"]["ecommerce"] = {"option_id": "o1", "quantity": 2}
    assert fails("3.6", "message", message) == ["missing"]
    rules = [rule for _, rule, _ in events_36.RichMessageRequest.spec_findings(
        {"template_id": "cards", "elements": [{"ecommerce": {}}]}, "request", {})]
    assert rules == ["ecommerce-template"]


def test_v36_customer_visit_replaces_last_visit_in_its_place():
    customer_model = PACKAGES["3.6"].CATALOG["customer"][0]
    fields = list(customer_model.model_fields)
    assert "last_visit" not in fields and fields.index("visit") == list(
        PACKAGES["3.4"].CATALOG["customer"][0].model_fields).index("last_visit")
    customer = sample("v3_6/users/customer.json")
    customer["last_visit"] = customer.pop("visit")
    assert extras(validate("3.6", "customer", json.dumps(customer))) == [("", "last_visit")]


def test_v36_carts_tickets_and_the_deleted_flag():
    cart = sample("v3_6/users/cart.json")
    cart["items"][0]["quantity"] = "2"
    assert fails("3.6", "cart", cart) == ["int_type"]
    customer = sample("v3_6/users/customer.json")
    customer["tickets"][0]["created_at"] = "yesterday"
    assert fails("3.6", "customer", customer) == ["timestamp-rfc3339"]
    message = sample("v3_6/events/message.json")
    message["deleted"] = "yes"
    assert fails("3.6", "message", message) == ["bool_type"]
    rich = {**sample("v3_6/events/rich_message.json"), "deleted": True}   # its table has no deleted
    assert extras(validate("3.6", "rich_message", json.dumps(rich))) == [("", "deleted")]


def test_v36_the_deleted_event_sample_lacks_the_visibility_its_table_says_always():
    deleted = sample("v3_6/events/deleted_event.json")
    assert [rule for _, rule, _ in events_36.DeletedEvent.spec_findings(deleted, "response", {})] == [
        "deleted-event-visibility-missing"]


# -- v3.7 -------------------------------------------------------------------------------------

def test_v37_chat_info_takes_the_place_of_chat_summary():
    catalog = PACKAGES["3.7"].CATALOG
    assert "chat_summary" not in catalog and "chat_summaries" not in catalog
    info = sample("v3_7/chats/chat_info.json")
    info["last_thread_summary"] = info.pop("last_thread_info")
    assert ("", "last_thread_summary") in extras(validate("3.7", "chat_info", json.dumps(info)))
    fields = list(catalog["chat_info"][0].model_fields)
    assert fields.index("last_thread_info") == 1 and "last_thread_summary" not in fields


def test_v37_last_event_per_type_is_accepted_in_both_places_the_sources_give():
    info = sample("v3_7/chats/chat_info.json")
    assert [rule for _, rule, _ in chats_37.ChatInfo.spec_findings(info, "response", {})] == [
        "chat-info-last-event-place"]
    info["last_thread_info"]["last_event_per_type"] = info.pop("last_event_per_type")
    assert extras(validate("3.7", "chat_info", json.dumps(info))) == [("", "properites")]
    assert list(chats_37.ChatInfo.spec_findings(info, "response", {})) == []


def test_v37_chats_info_is_a_list_or_a_list_chats_page():
    info = sample("v3_7/chats/chat_info.json")
    validate("3.7", "chats_info", json.dumps([info]))
    page = validate("3.7", "chats_info", json.dumps({"chats_info": [info], "found_chats": 1}))
    assert len(page.chats_info) == 1
    assert "missing" in fails("3.7", "chats_info", {"chats_summary": [info]})


def test_v37_customer_fields_its_table_dropped_are_kept_with_a_warning():
    customer = sample("v3_7/users/customer.json")
    assert [rule for _, rule, _ in users_37.Customer.spec_findings(customer, "response", {})] == [
        "customer-field-untabled", "customer-field-untabled"]


# -- CHANGES and rules ------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
def test_changes_agree_with_the_models(version):
    catalog = PACKAGES[version].CATALOG
    for change in PACKAGES[version].CHANGES:
        assert change.structure in catalog, change
        model = catalog[change.structure][1]
        if change.path and "." not in change.path and "[" not in change.path and isinstance(model, type):
            fields = {(f.alias or n) for n, f in model.model_fields.items()}
            if change.kind == "renamed":
                assert change.new in fields and change.old not in fields, change
            elif change.kind == "added" and change.new == change.path:
                assert change.new in fields, change


def test_every_rule_the_version_models_name_is_in_a_rules_table():
    spec_dir = SAMPLES_DIR.parent / "playground" / "spec"
    named = set()
    for path in spec_dir.glob("v3_[3-7]/*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r'(?:PydanticCustomError\(|rule=)"([a-z0-9-]+)"', text))
        named |= set(re.findall(r'yield \(\([^\n]*?\),\s*"([a-z0-9-]+)"', text))
    assert len(named) > 10 and named <= set(RULES), named - set(RULES)
