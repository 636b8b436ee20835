"""Mode detection (validation/modes.py): a payload with the server's fields is a response, one
without them a request; validate(mode="detect") and the matrix say which and why."""
import json

import pytest

from playground import validate
from playground.spec import catalog
from playground.validation import modes
from playground.validation.versions import matrix

REQUEST = {"type": "message", "text": "hello", "visibility": "all"}
RESPONSE = {"id": "K600PKZON8_1", "created_at": "2019-12-17T07:57:41.512000Z",
            "author_id": "smith@example.com", **REQUEST}


def test_server_fields_come_from_the_models():
    fields = modes.server_fields()
    assert set(fields) == {"id", "created_at", "author_id"}
    # every one of them is a response-only field of the stable message
    st = catalog.get(catalog.DEFAULT_VERSION, "message")
    assert all(f in st.model("response").model_fields for f in fields)
    assert not any(f in st.model("request").model_fields for f in fields)


@pytest.mark.parametrize("data, want", [
    (REQUEST, "request"), (RESPONSE, "response"),
    ({**REQUEST, "id": "x"}, "response"),                 # one server field is enough
    ([REQUEST, REQUEST, RESPONSE], "request"),             # arrays go by the majority of objects
    ([RESPONSE, REQUEST], "response"),
    ([1, 2], "response"), ("text", "response"),
])
def test_detect_mode(data, want):
    mode, reason = modes.detect_mode(data)
    assert mode == want
    assert reason and ("request" in reason or "response" in reason)


def test_validate_detect_request_is_valid_and_says_why():
    report = validate(json.dumps(REQUEST), mode="detect", version="detect")
    assert report.ok, report.issues
    assert (report.mode, report.mode_detected) == ("request", True)
    assert "none of the fields the server adds" in report.mode_reason
    # the same payload forced as a response misses the server's fields
    forced = validate(json.dumps(REQUEST), mode="response", version="detect")
    assert not forced.ok and not forced.mode_detected and forced.mode_reason == ""


def test_validate_detect_response_and_the_sample():
    report = validate(json.dumps(RESPONSE), mode="detect", version="detect")
    assert report.ok and report.mode == "response" and "`id`" in report.mode_reason
    # the spec's samples are responses: every event sample is detected as one
    for version in catalog.VERSIONS:
        for name, path in catalog.all_samples(version):
            if name in catalog.EVENT_NAMES:
                r = validate(path.read_text(encoding="utf-8"), mode="detect", version=version)
                assert r.mode == "response", (path, r.mode_reason)


def test_one_shape_structures_say_the_mode_changes_nothing():
    report = validate('{"id": "PJ0MRSHTDG", "threads": []}', mode="detect", version="detect")
    assert report.structure == "chat" and report.mode == "response"
    assert "changes nothing" in report.mode_reason


def test_unreadable_text_is_checked_as_a_response():
    report = validate("{not json", mode="detect")
    assert report.mode == "response" and report.mode_detected and "could not be read" in report.mode_reason
    assert report.as_dict()["mode_detected"] is True


def test_matrix_detects_once_for_every_row():
    rows = matrix(json.dumps(REQUEST), None, "detect")
    assert {r.report.mode for r in rows} == {"request"}
    assert all(r.report.mode_detected for r in rows)
    assert any(r.ok for r in rows)
