"""A JSON array of events (issue 14, item 5): detected as the pseudo-structure "events", each item
checked as the event its "type" names under the version, with pointers /0/..., /1/...."""
from __future__ import annotations

import json

from playground import validate, validate_data
from playground.spec import catalog
from playground.validation.versions import matrix
from tests._payloads import MESSAGE, MESSAGE_RESPONSE, SERVER, sample, unmark


def test_an_array_of_events_is_a_list_of_events_not_of_chat_summaries():
    text = json.dumps([MESSAGE_RESPONSE, {**MESSAGE_RESPONSE, "text": "again"}])
    report = validate(text)
    assert report.structure == "events" and "list of events" in report.detected_by
    assert report.ok, [i.message for i in report.issues]
    assert not any("Chat summary" in i.message for i in report.issues)


def test_each_item_is_checked_as_its_own_event_with_its_place():
    file_ = {**sample("events/file.json")}
    text, line, col = unmark('[\n' + json.dumps(MESSAGE_RESPONSE) + ',\n {"type": "message", "recipients": "all", '
                             '"id": "x", "created_at": "2020-05-12T11:42:47.383001Z", "author_id": "a",\n  §"txet": "hi"},\n'
                             + json.dumps(file_) + '\n]')
    report = validate(text)
    assert report.structure == "events"
    missing = [i for i in report.errors if i.pointer == "/1/text"]
    assert missing and "in Message" in missing[0].message
    unknown = [i for i in report.warnings if i.pointer == "/1/txet"]
    assert unknown and (unknown[0].line, unknown[0].column) == (line, col)
    assert "did you mean `text`" in unknown[0].message
    assert any(i.pointer == "/2/url" and i.rule == "file-cdn" for i in report.warnings)


def test_the_version_is_read_from_the_events():
    old = json.dumps([MESSAGE_RESPONSE])                               # recipients: v3.2 / v3.3
    new = json.dumps([{**{k: v for k, v in MESSAGE_RESPONSE.items() if k != "recipients"}, "visibility": "all"}])
    assert validate(old, version="detect").version == "3.2"
    got = validate(new, version="detect")
    assert got.structure == "events" and got.version == "3.6" and got.ok
    under_old = validate(new, version="3.2")
    assert any(i.pointer == "/0/visibility" and "replaced `recipients` in v3.4" in i.message for i in under_old.issues)
    rows = matrix(new)
    assert [r.report.structure for r in rows] == ["events"] * len(catalog.VERSIONS)
    assert [r.ok for r in rows] == [False, False, True, True, True, True]


def test_a_mixed_array_says_what_it_mixes():
    summary = sample("chats/chat_summary.json")
    report = validate(json.dumps([MESSAGE_RESPONSE, summary, MESSAGE_RESPONSE]))
    assert report.structure is None
    [issue] = report.errors
    assert issue.rule == "structure-unknown" and (issue.line, issue.column) == (1, 1)
    assert "mixes events (items 0, 2" in issue.message and "other objects (item 1)" in issue.message
    assert "pick the structure yourself" in issue.message


def test_arrays_of_summaries_and_the_empty_array_stay_chat_summaries():
    assert validate("[]").structure == "chat_summaries"
    assert validate(json.dumps([sample("chats/chat_summary.json")])).structure == "chat_summaries"
    assert validate("[1, 2]").structure is None


def test_events_can_be_chosen_and_checked_as_data_and_is_a_pseudo_structure():
    for version in catalog.VERSIONS:
        assert "events" not in catalog.structures(version)       # not in the reference, schemas, picker
        assert "events" in catalog.checkable(version)
    report = validate(json.dumps([MESSAGE]), "events", "request")
    assert report.structure == "events" and report.detected_by == "chosen" and report.ok
    bad = validate(json.dumps({"type": "message"}), "events")
    assert [i.rule for i in bad.errors] == ["json-not-object"] and "must be a list of objects" in bad.errors[0].message
    issues = validate_data([{**MESSAGE, **SERVER, "text": 5}], "events")
    assert [(i.pointer, i.rule) for i in issues if i.severity == "error"] == [("/0/text", "wrong-type")]
