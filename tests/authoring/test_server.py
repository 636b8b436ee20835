"""simulate_response: the event the API returns for a request, checked against the response model."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from playground.authoring import server
from playground.spec.catalog import EVENT_NAMES, STRUCTURES
from playground.validation import validate_data

NOW = datetime(2024, 3, 9, 17, 5, 42, 123456, tzinfo=timezone.utc)
UTC_MICRO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


def sample(name: str) -> dict:
    return json.loads(STRUCTURES[name].samples[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", EVENT_NAMES)
def test_every_event_sample_as_a_request_gives_a_valid_response(name):
    request = server.request_from_response(sample(name), name)
    assert not [i for i in validate_data(request, name, "request") if i.severity == "error"]
    for key in server.server_fields(name):
        assert key not in request

    response, added = server.simulate_response(request, name, "smith@example.com", now=NOW,
                                               id_factory=lambda: "EVT-1")

    # the response model accepts it, and so does the validator (no errors)
    STRUCTURES[name].response_model.model_validate(response)
    assert not [i for i in validate_data(response, name, "response") if i.severity == "error"]
    # everything the request had is there, unchanged; the server's fields are marked
    for k, v in request.items():
        assert response[k] == v
    assert set(added) == set(response) - set(request)
    assert set(added) <= set(server.server_fields(name)) | {"recipients"}
    assert response["id"] == "EVT-1"
    assert response["created_at"] == "2024-03-09T17:05:42.123456Z"
    if name == "system_message":
        assert "author_id" not in response            # the spec's system message has no author
    else:
        assert response["author_id"] == "smith@example.com"
    assert list(response)[0] == "id"


@pytest.mark.parametrize("version", ["3.3", "3.4", "3.6", "3.7"])
@pytest.mark.parametrize("name", EVENT_NAMES)
def test_every_versions_event_sample_gives_that_versions_response(name, version):
    from playground.spec import catalog
    st = catalog.get(version, name)
    request = server.request_from_response(json.loads(st.samples[0].read_text(encoding="utf-8")), name, version)
    response, added = server.simulate_response(request, name, "smith@example.com", now=NOW, version=version)
    st.response_model.model_validate(response)
    assert not [i for i in validate_data(response, name, "response", version) if i.severity == "error"]
    audience = catalog.audience_field(version)
    resp, added = server.simulate_response({"type": "message", "text": "hi"}, "message", "a", now=NOW,
                                           version=version)
    assert resp[audience] == "all" and audience in added
    other = "recipients" if audience == "visibility" else "visibility"
    assert other not in resp
    assert any(audience in n for n in server.notes({"type": "message", "text": "hi"}, "message", added, version))


def test_any_event_structure_resolves_by_type():
    req = {"type": "message", "text": "hi", "recipients": "agents"}
    resp, added = server.simulate_response(req, "event", "a@example.com", now=NOW, id_factory=lambda: "X")
    assert resp == {"id": "X", "type": "message", "author_id": "a@example.com",
                    "created_at": "2024-03-09T17:05:42.123456Z", "text": "hi", "recipients": "agents"}
    assert added == ["id", "author_id", "created_at"]


def test_recipients_default_comes_from_the_model():
    resp, added = server.simulate_response({"type": "message", "text": "hi"}, "message", "a", now=NOW)
    assert resp["recipients"] == "all" and "recipients" in added
    assert list(resp)[:5] == ["id", "type", "author_id", "created_at", "recipients"]
    # the system message table documents no default: nothing is invented
    resp, added = server.simulate_response({"type": "system_message", "system_message_type": "agent_joined"},
                                           "system_message", "a", now=NOW)
    assert "recipients" not in resp and "recipients" not in added


def test_a_file_gets_name_and_content_type_from_its_url():
    url = "https://cdn.livechat-files.com/api/file/lc/att/1/45a3/summer%20menu.pdf"
    resp, added = server.simulate_response({"type": "file", "url": url, "recipients": "all"}, "file", "a", now=NOW)
    assert resp["name"] == "summer menu.pdf"
    assert resp["content_type"] == "application/pdf"
    assert list(resp).index("name") < list(resp).index("url") < list(resp).index("content_type")
    assert {"name", "content_type"} <= set(added)
    resp, _ = server.simulate_response({"type": "file", "url": "cdn.livechatinc.com/x/noext"}, "file", "a")
    assert resp["name"] == "noext" and resp["content_type"] == server.DEFAULT_CONTENT_TYPE


def test_server_values_replace_what_the_request_sent():
    req = {"id": "mine", "created_at": "yesterday", "type": "message", "text": "hi", "recipients": "all"}
    resp, added = server.simulate_response(req, "message", "a", now=NOW, id_factory=lambda: "theirs")
    assert resp["id"] == "theirs" and resp["created_at"] == "2024-03-09T17:05:42.123456Z"
    assert "replaced" in " ".join(server.notes(req, "message", added))


def test_unknown_keys_and_properties_are_kept_in_order():
    req = {"type": "custom", "zeta": 1, "content": {"b": 1, "a": [1, {"x": None}]},
           "properties": {"ns": {"p": True}}, "alpha": "kept"}
    resp, _ = server.simulate_response(req, "custom", "a", now=NOW)
    assert [k for k in resp if k in req] == list(req)
    assert resp["content"] == req["content"] and resp["alpha"] == "kept"
    resp["content"]["a"][1]["x"] = 5
    assert req["content"]["a"][1]["x"] is None            # a copy, not the caller's objects


def test_timestamps_are_utc_with_microseconds():
    assert server.timestamp(datetime(2024, 1, 2, 3, 4, 5)) == "2024-01-02T03:04:05.000000Z"   # naive = UTC
    plus2 = timezone(timedelta(hours=2))
    assert server.timestamp(datetime(2024, 1, 2, 3, 4, 5, 7, tzinfo=plus2)) == "2024-01-02T01:04:05.000007Z"
    assert UTC_MICRO.match(server.timestamp())


def test_default_ids_are_fresh_uuids():
    a, _ = server.simulate_response({"type": "message", "text": "x"}, "message", "u")
    b, _ = server.simulate_response({"type": "message", "text": "x"}, "message", "u")
    assert a["id"] != b["id"] and re.match(r"^[0-9a-f-]{36}$", a["id"])


def test_an_invalid_request_has_no_response():
    with pytest.raises(server.InvalidRequest) as exc:
        server.simulate_response({"type": "message", "text": 5}, "message", "a")
    assert exc.value.issues and exc.value.issues[0].path == "text"
    with pytest.raises(server.InvalidRequest):
        server.simulate_response({"type": "rich_message", "template_id": "list"}, "rich_message", "a")


@pytest.mark.parametrize("req, structure, author", [
    ({"type": "message", "text": "x"}, "agent", "a"),          # not an event
    ({"text": "x"}, "event", "a"),                             # no type
    ([], "message", "a"),                                      # not an object
    ({"type": "message", "text": "x"}, "message", ""),         # no author
    ({"type": "message", "text": "x"}, "message", None),
])
def test_wrong_calls_raise_value_error(req, structure, author):
    with pytest.raises(ValueError):
        server.simulate_response(req, structure, author)


def test_notes_explain_the_generated_fields():
    req = {"type": "file", "url": "https://cdn.livechat-files.com/a.png"}
    _, added = server.simulate_response(req, "file", "a")
    text = " ".join(server.notes(req, "file", added))
    assert "id, author_id, created_at" in text and "default, 'all'" in text
    assert "thumbnail_url" in text                 # optional response fields, not simulated
    sm = {"type": "system_message", "system_message_type": "agent_joined"}
    _, added = server.simulate_response(sm, "system_message", "a")
    assert "has no author_id" in " ".join(server.notes(sm, "system_message", added))


def test_sample_authors_come_from_the_user_samples():
    ids = [i for i, _ in server.sample_authors()]
    agent = json.loads(STRUCTURES["agent"].samples[0].read_text())["id"]
    customer = json.loads(STRUCTURES["customer"].samples[0].read_text())["id"]
    assert agent in ids and customer in ids and len(ids) == len(set(ids))


def test_marked_json_marks_exactly_the_added_keys_and_stays_json():
    req = {"type": "message", "text": "hi \"there\"\n", "properties": {"ns": {"p": [1, 2]}}}
    resp, added = server.simulate_response(req, "message", "smith@example.com", now=NOW, id_factory=lambda: "E")
    text = server.marked_json(resp, added)
    lines = text.splitlines()
    assert json.loads("\n".join(line[2:] for line in lines)) == resp
    plus = [line for line in lines if line.startswith("+ ")]
    assert [json.loads("{" + line[2:].strip().rstrip(",") + "}").popitem()[0] for line in plus] == added
    assert all(line.startswith(("+ ", "  ")) for line in lines)


# -- per API version (issue 12 item 6) ----------------------------------------------------------

from playground.spec import catalog  # noqa: E402

VERSION_EVENTS = [(v, n) for v in catalog.VERSIONS for n in server.event_names(v) if n != "system"]


@pytest.mark.parametrize("version, name", VERSION_EVENTS, ids=[f"v{v}-{n}" for v, n in VERSION_EVENTS])
def test_each_version_s_events_give_that_version_s_response(version, name):
    event = json.loads(catalog.get(version, name).samples[0].read_text(encoding="utf-8"))
    request = server.request_from_response(event, name, version)
    audience = catalog.audience_field(version)
    request.pop(audience, None)                       # left out: the server fills it in
    response, added = server.simulate_response(request, name, "a@example.com", now=NOW, version=version)
    assert not [i for i in validate_data(response, name, "response", version) if i.severity == "error"]
    other = {"recipients": "visibility", "visibility": "recipients"}[audience]
    assert other not in response                      # never the other version's name
    if catalog.get(version, name).response_model.model_fields.get(audience) is not None and \
            catalog.get(version, name).response_model.model_fields[audience].is_required():
        assert response[audience] == "all" and audience in added     # v3.4 on: always returned
    if name in ("form", "filled_form") and version >= "3.4":
        assert "form_type" in server.server_fields(name, version)    # returned, not generated
        assert "form_type" not in added
        assert any("form_type" in n for n in server.notes(request, name, added, version))


def test_the_form_event_exists_from_v3_3():
    req = {"type": "form", "form_id": "f", "fields": [{"type": "name", "id": "1", "label": "Name"}]}
    with pytest.raises(ValueError, match="v3.2"):
        server.simulate_response(req, "form", "a", version="3.2")
    resp, added = server.simulate_response(req, "form", "a", now=NOW, version="3.6")
    assert resp["visibility"] == "all" and "visibility" in added
    assert "recipients" not in resp
