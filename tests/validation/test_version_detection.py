"""Version detection (validate(version="detect"), detect_version) and the matrix of verdicts."""
import json

import pytest

from playground.spec import catalog
from playground.spec.catalog import SAMPLES_DIR, STATUS, VERSIONS
from playground.validation.core import validate
from playground.validation.detect import detect, detect_version, preferred
from playground.validation.versions import Verdict, matrix


def _text(rel: str) -> str:
    return (SAMPLES_DIR / rel).read_text(encoding="utf-8")


def test_status_of_every_version():
    assert STATUS == {"3.2": "decommissioned", "3.3": "decommissioned", "3.4": "legacy", "3.5": "legacy",
                      "3.6": "stable", "3.7": "preview"}
    assert set(STATUS) == set(VERSIONS)


def test_preference_among_the_versions_a_payload_fits():
    assert preferred(VERSIONS) == "3.6"                      # the stable one
    assert preferred(("3.3", "3.4", "3.5")) == "3.5"         # legacy, newest first
    assert preferred(("3.4", "3.5", "3.7")) == "3.5"         # legacy before the preview
    assert preferred(("3.7",)) == "3.7"
    assert preferred(("3.2", "3.3")) == "3.2"                # decommissioned: the oldest


def test_visibility_says_v3_4_and_later():
    rep = validate(_text("v3_6/events/message.json"), version="detect")
    assert rep.version == "3.6" and rep.version_detected
    assert rep.version_fits == ("3.4", "3.5", "3.6", "3.7")
    assert "has `visibility`, introduced in v3.4" in rep.version_reason
    assert rep.ok and rep.issues == []


def test_recipients_says_v3_2_and_names_the_rename():
    rep = validate(_text("events/message.json"), version="detect")
    assert rep.version == "3.2" and rep.version_fits == ("3.2", "3.3")
    assert "has `recipients`, which v3.4 renamed to `visibility`" in rep.version_reason


def test_a_given_version_is_not_detected():
    rep = validate(_text("events/message.json"), version="3.6")
    assert rep.version == "3.6" and not rep.version_detected and rep.version_fits == ()
    assert not rep.ok


def test_python_default_stays_v3_2():
    rep = validate(_text("v3_6/events/message.json"))
    assert rep.version == "3.2" and not rep.version_detected


@pytest.mark.parametrize("rel, version, structure", [
    ("v3_3/events/form.json", "3.3", "form"),
    ("v3_3/events/rich_message.json", "3.3", "rich_message"),
    ("v3_3/chats/thread.json", "3.3", "thread"),
    ("v3_6/events/system.json", "3.6", "system"),
    ("v3_6/events/deleted_event.json", "3.6", "deleted_event"),
    ("v3_6/users/cart.json", "3.6", "cart"),
    ("v3_6/users/cart_item.json", "3.6", "cart_item"),
    ("v3_6/users/customer.json", "3.6", "customer"),
    ("v3_6/chats/chat_summary.json", "3.6", "chat_summary"),
    ("v3_7/chats/chat_info.json", "3.7", "chat_info"),
    ("v3_5/chats/chat.json", "3.5", "chat"),
])
def test_new_structures_and_versions_are_detected(rel, version, structure):
    rep = validate(_text(rel), version="detect")
    assert (rep.version, rep.structure) == (version, structure), rep.version_reason
    assert rep.ok, [i.message for i in rep.errors]


def test_form_fields_and_filled_form_fields_told_apart_by_their_fields():
    assert detect(json.loads(_text("v3_3/common/form_fields.json")), "3.3")[0] == "form_fields"
    assert detect(json.loads(_text("v3_3/common/filled_form_fields.json")), "3.3")[0] == "filled_form_fields"
    assert detect(json.loads(_text("v3_3/common/form_fields.json")), "3.2")[0] == "filled_form_fields"


def test_list_chats_in_v3_7_is_chats_info():
    data = json.loads(_text("v3_7/chats/chat_info.json"))
    assert detect([data], "3.7")[0] == "chats_info"
    assert detect({"chats_info": [data]}, "3.7")[0] == "chats_info"
    assert detect([data], "3.6")[0] == "chat_summaries"


def test_value_only_a_later_version_allows_is_a_signal():
    rm = json.loads(_text("v3_6/events/rich_message.json"))
    rm["template_id"] = "ecommerce"
    guess = detect_version(rm)
    assert guess.fits == ("3.6", "3.7") and '`template_id` "ecommerce", introduced in v3.6' in guess.reason


def test_a_payload_without_distinguishing_fields_fits_every_version():
    guess = detect_version(json.loads(_text("common/properties.json")))
    assert guess.fits == VERSIONS and guess.version == "3.6"
    assert "nothing in it tells the versions apart" in guess.reason


def test_unreadable_text_under_detect():
    rep = validate("{", version="detect")
    assert rep.version_detected and rep.version == "3.6" and "could not be read" in rep.version_reason
    assert [i.rule for i in rep.issues] == ["json-syntax"]


def test_a_structure_no_version_has():
    rep = validate("{}", "nope", version="detect")
    assert [i.rule for i in rep.issues] == ["structure-name"]


def test_a_given_structure_limits_the_versions():
    rep = validate(_text("v3_6/users/cart.json"), "cart", version="detect")
    assert rep.version == "3.6" and rep.version_fits == ("3.6", "3.7")


# -- the matrix ------------------------------------------------------------------------------

def test_matrix_has_one_verdict_per_version_oldest_first():
    rows = matrix(_text("v3_6/events/message.json"))
    assert [r.version for r in rows] == list(VERSIONS)
    assert all(isinstance(r, Verdict) and r.status == STATUS[r.version] for r in rows)
    by = {r.version: r for r in rows}
    assert not by["3.2"].ok and by["3.6"].ok and by["3.6"].words == "valid"
    assert by["3.2"].report.version == "3.2" and by["3.2"].errors == len(by["3.2"].report.errors)
    assert rows[0].report.version_fits == ("3.4", "3.5", "3.6", "3.7")


def test_matrix_agrees_with_validate_for_each_version():
    text = _text("v3_4/chats/thread.json")
    for row in matrix(text):
        single = validate(text, version=row.version)
        assert [i.as_dict() for i in row.report.issues] == [i.as_dict() for i in single.issues]


def test_matrix_with_a_structure_some_versions_lack():
    rows = {r.version: r for r in matrix(_text("v3_6/users/cart.json"), "cart")}
    assert [i.rule for i in rows["3.2"].report.issues] == ["structure-name"]
    assert rows["3.6"].ok and rows["3.7"].ok


def test_matrix_of_unreadable_text():
    rows = matrix(b"\x00\x01")
    assert all([i.rule for i in r.report.issues] == ["json-binary"] for r in rows)
    assert rows[0].words == "1 error"


# -- messages that name another version ------------------------------------------------------

def test_v3_2_chosen_for_a_v3_4_event_says_which_version_it_fits():
    rep = validate(_text("v3_6/events/message.json"), version="3.2")
    by_rule = {i.rule: i for i in rep.issues}
    missing = by_rule["recipients-missing-response"]
    assert missing.severity == "error"
    assert "This payload has `visibility`, which replaced `recipients` in v3.4." in missing.message
    assert "It fits v3.4, v3.5, v3.6 and v3.7" in missing.message
    unknown = by_rule["unknown-field"]
    assert unknown.message.startswith("`visibility` is not a field of Message in v3.2; it replaced `recipients` in v3.4.")
    assert unknown.suggestion == "recipients"


def test_v3_6_chosen_for_a_v3_2_event_names_the_rename():
    rep = validate(_text("events/message.json"), version="3.6")
    by_rule = {i.rule: i for i in rep.issues}
    assert "This payload has `recipients`, which v3.4 renamed to `visibility`." in by_rule["required-field"].message
    assert by_rule["unknown-field"].message.startswith(
        "`recipients` is not a field of Message in v3.6; v3.4 renamed it to `visibility`.")
    assert by_rule["unknown-field"].suggestion == "visibility"


def test_a_key_a_later_version_added_says_when():
    thread = json.loads(_text("v3_3/chats/thread.json"))
    rep = validate(json.dumps(thread), version="3.2")
    tags = next(i for i in rep.issues if i.pointer == "/tags")
    assert "`tags` is not a field of Thread in v3.2; it was introduced in v3.3." in tags.message


def test_an_unknown_key_no_version_has_keeps_its_message():
    rep = validate('{"type": "message", "text": "x", "recipients": "all", "txet": 1}', mode="request")
    [issue] = rep.issues
    assert "did you mean `text`?" in issue.message and "v3." not in issue.message


# -- a returned event without its audience field -----------------------------------------------

SERVER = '"id": "QA37PVJ75B_1", "author_id": "a@b.c", "created_at": "2020-05-12T11:42:47.383000Z", '


@pytest.mark.parametrize("version", VERSIONS)
def test_a_returned_event_without_its_audience_field_is_an_error(version):
    rep = validate('{%s"type": "message", "text": "x"}' % SERVER, version=version)
    assert not rep.ok and len(rep.errors) == 1, [i.rule for i in rep.issues]
    field = catalog.audience_field(version)
    assert f"`{field}`" in rep.errors[0].message


@pytest.mark.parametrize("version", VERSIONS)
def test_a_request_may_omit_the_audience_field(version):
    rep = validate('{"type": "message", "text": "x"}', mode="request", version=version)
    assert rep.ok


@pytest.mark.parametrize("version", ["3.2", "3.3", "3.4", "3.5", "3.6"])
def test_events_inside_last_event_per_type_may_omit_it(version):
    summary = json.loads(_text("chats/chat_summary.json" if version < "3.4" else f"v3_{version[-1]}/chats/chat_summary.json"))
    for entry in summary["last_event_per_type"].values():
        assert catalog.audience_field(version) not in entry["event"]
    assert validate(json.dumps(summary), "chat_summary", version=version).ok
