"""The spec's own samples, and real payloads from LiveChat's docs and SDKs (spec/NOTES.md).

Every sample validates as its structure with no error. Where a sample breaks the spec's own
table, the report carries a warning whose spec words quote both places, never an error.
"""
from __future__ import annotations

import json

import pytest

from playground import validate
from playground.spec.catalog import SAMPLES_DIR, STRUCTURES, all_samples
from playground.spec.rules import RULES

from _payloads import SAMPLES, dumps, sample

# The warnings each sample is expected to carry, as (rule, pointer); nothing else.
EXPECTED_WARNINGS = {
    "events/message.json": [],
    "events/rich_message.json": [("button-type-value-missing", "/elements/0/buttons/0"),
                                 ("button-type-value-missing", "/elements/0/buttons/1"),
                                 ("webview-height-not-webview", "/elements/0/buttons/2/webview_height")],
    "events/file.json": [("file-cdn", "/url")],              # https://example.com/image25.png
    "events/filled_form.json": [],
    "events/custom.json": [],
    "events/system_message.json": [("system-message-type-unknown", "/system_message_type")],  # routing.assigned
    "users/agent.json": [],
    "users/my_profile.json": [],
    "users/customer.json": [],
    "common/access.json": [],
    "common/properties.json": [],
    "common/filled_form_fields.json": [("answer-id-type", "/fields/4/answer/id")],
    "chats/chat.json": [("spec-sample-typo", "/properites")],
    "chats/chat_summary.json": [("spec-sample-typo", "/properites")],
    # a list of two summaries: the first as in the spec, the second spelled right
    "chats/chat_summaries.json": [("spec-sample-typo", "/0/properites")],
    "chats/list_chats_response.json": [("spec-sample-typo", "/chats_summary/0/properites")],
    "chats/thread.json": [("thread-restricted-events", "/events")],
}

SAMPLE_IDS = [str(p.relative_to(SAMPLES_DIR)) for _, p in all_samples()]


def test_the_catalog_lists_every_sample_file():
    # v3.2's samples sit at the top of samples/; each later version's under samples/v3_X/
    # (tests/spec/test_versions.py checks those)
    on_disk = sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.json")
                     if not p.relative_to(SAMPLES).parts[0].startswith("v3_"))
    assert sorted(SAMPLE_IDS) == on_disk
    assert sorted(EXPECTED_WARNINGS) == on_disk


@pytest.mark.parametrize("name,path", all_samples(), ids=SAMPLE_IDS)
def test_sample_validates_as_its_structure_with_no_error(name, path):
    rel = str(path.relative_to(SAMPLES_DIR))
    for structure in (name, None):      # chosen, and detected
        rep = validate(path.read_bytes(), structure, "response")
        assert rep.structure == name
        assert rep.ok, [(i.rule, i.pointer, i.message) for i in rep.errors]
        assert sorted((i.rule, i.pointer) for i in rep.issues) == sorted(EXPECTED_WARNINGS[rel])


@pytest.mark.parametrize("name,path", all_samples(), ids=SAMPLE_IDS)
def test_sample_in_request_mode_has_no_error(name, path):
    rep = validate(path.read_bytes(), name, "request")
    assert rep.ok, [(i.rule, i.pointer, i.message) for i in rep.errors]


def _issue(rel: str, rule: str):
    name = next(n for n, p in all_samples() if str(p.relative_to(SAMPLES_DIR)) == rel)
    rep = validate((SAMPLES / rel).read_text(), name)
    return next(i for i in rep.issues if i.rule == rule)


def test_buttons_without_type_and_value_warn_quoting_table_and_sample():
    i = _issue("events/rich_message.json", "button-type-value-missing")
    assert i.severity == "warning" and (i.line, i.column) == (27, 9)
    assert "Required: yes" in i.spec and "sample" in i.spec and '"yes"' in i.spec


def test_webview_height_on_a_phone_button_warns_quoting_both_places():
    i = _issue("events/rich_message.json", "webview-height-not-webview")
    assert i.severity == "warning" and (i.line, i.column) == (43, 29)
    assert "Required only for the webview buttontype" in i.spec and "phone button" in i.spec


@pytest.mark.parametrize("rel", ["chats/chat.json", "chats/chat_summary.json"])
def test_properites_gets_did_you_mean_properties(rel):
    i = _issue(rel, "spec-sample-typo")
    assert i.severity == "warning" and i.suggestion == "properties"
    assert "did you mean `properties`" in i.message
    assert '"properites"' in i.spec and '"properties"' in i.spec
    line = (SAMPLES / rel).read_text().splitlines()[i.line - 1]
    assert line[i.column - 1:].startswith('"properites"')


def test_properites_is_kept_in_the_data():
    rep = validate((SAMPLES / "chats/chat.json").read_text())
    assert rep.data["properites"] == {"property_namespace": {"property_name": "property_value"}}


def test_group_chooser_answer_id_string_in_one_sample_number_in_another():
    assert sample("events/filled_form.json")["fields"][4]["answer"]["id"] == "2"
    assert sample("common/filled_form_fields.json")["fields"][4]["answer"]["id"] == 2
    i = _issue("common/filled_form_fields.json", "answer-id-type")
    assert i.severity == "warning"
    assert '"id": "2"' in i.spec and '"id": 2' in i.spec and "Data type: string" in i.spec
    assert '"id": "2"' in i.message and '"id": 2' in i.message
    rep = validate((SAMPLES / "events/filled_form.json").read_text())
    assert "answer-id-type" not in [x.rule for x in rep.issues]


def test_thread_sample_with_restricted_access_and_events_warns_quoting_both():
    i = _issue("chats/thread.json", "thread-restricted-events")
    assert "Doesn't exists if restricted_access is present" in i.spec and "sample" in i.spec


def test_system_message_sample_type_is_undocumented_but_only_a_warning():
    i = _issue("events/system_message.json", "system-message-type-unknown")
    assert "'routing.assigned'" in i.message and i.severity == "warning"


# -- real payloads (spec/NOTES.md: what LiveChat's docs and SDKs send) --------------------------

def _ok(payload, structure=None, mode="response"):
    rep = validate(dumps(payload) if not isinstance(payload, str) else payload, structure, mode)
    assert rep.ok, [(i.rule, i.pointer, i.message) for i in rep.errors]
    return rep


def test_customer_timestamps_with_offsets_and_milliseconds():
    c = sample("users/customer.json")
    c["created_at"] = "2017-10-11T17:19:21+02:00"
    c["events_seen_up_to"] = "2017-10-12T15:19:21.010Z"
    c["last_visit"]["started_at"] = "2017-10-12T16:19:21.123+01:00"
    c["last_visit"]["last_pages"][0]["opened_at"] = "2017-10-12T15:19:21Z"
    c["agent_last_event_created_at"] = "2017-10-12T15:19:21.010200-05:30"
    assert _ok(c).issues == []


def test_agent_events_seen_up_to_with_offset():
    assert _ok({**sample("users/agent.json"), "events_seen_up_to": "2017-10-12T17:19:21+02:00"}).issues == []


def test_empty_custom_id_and_lc2_properties():
    msg = {"type": "message", "text": "Hi!", "recipients": "all", "custom_id": "",
           "properties": {"lc2": {"welcome_message": True}, "routing": {"score": 1.5, "tags": ["a"]}}}
    assert _ok(msg, mode="request").issues == []


def test_scheme_less_avatar_urls():
    for avatar in ("cdn.livechatinc.com/avatars/1.png", "example.com/avatars/1.png", "//cdn.livechatinc.com/a.png"):
        assert _ok({**sample("users/agent.json"), "avatar": avatar}).issues == []
        assert _ok({**sample("users/customer.json"), "avatar": avatar}).issues == []


@pytest.mark.parametrize("smt", ["routing.assigned", "my_integration.order_placed", "bot.handover"])
def test_unknown_system_message_types_are_warnings(smt):
    rep = _ok({**sample("events/system_message.json"), "system_message_type": smt})
    assert [i.rule for i in rep.issues] == ["system-message-type-unknown"]


def test_events_without_recipients_inside_last_event_per_type():
    s = sample("chats/chat_summary.json")
    s["properties"] = s.pop("properites")
    for entry in s["last_event_per_type"].values():
        assert "recipients" not in entry["event"]
    assert _ok(s).issues == []
    # the same event elsewhere (a thread) is expected to carry recipients
    t = sample("chats/thread.json")
    del t["restricted_access"]
    del t["events"][0]["recipients"]
    rep = validate(dumps(t))
    assert [(i.rule, i.pointer) for i in rep.issues] == [("recipients-missing-response", "/events/0")]


def test_ids_as_docs_and_sdks_write_them():
    t = sample("chats/thread.json")
    del t["restricted_access"]
    t["events"][0]["id"] = "K600PKZON8_1"                       # <THREAD_ID>_<n>
    t["events"][0]["author_id"] = "smith@example.com"           # agents are e-mail addresses
    t["events"][1]["author_id"] = "b7eff798f8df43648059649c35c9ed0c"   # 32-hex customer id
    assert _ok(t).issues == []


def test_file_on_the_livechat_cdn_has_no_warning():
    f = sample("events/file.json")
    for url in ("https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/image25.png",
                "https://cdn.livechatinc.com/uploads/image25.png", "cdn.livechat-files.com/api/file/x.png"):
        assert _ok({**f, "url": url}).issues == []


def test_docs_thread_and_chat_with_tags_pass():
    """The docs' v3.2 chat and thread payloads carry `tags` on threads (not in the spec's table):
    a warning that the key is unknown, never an error."""
    t = {**sample("chats/thread.json"), "tags": ["sales"]}
    rep = _ok(t)
    assert sorted(i.rule for i in rep.issues) == ["thread-restricted-events", "unknown-field"]
    c = sample("chats/chat.json")
    c["threads"][0]["tags"] = ["support", "positive feedback"]
    c["users"][1]["avatar"] = "https://cdn.livechat-files.com/api/file/avatar.png"
    rep = _ok(c)
    assert sorted(i.rule for i in rep.issues) == ["spec-sample-typo", "unknown-field"]


def test_cards_with_only_an_image():
    rm = {"type": "rich_message", "recipients": "all", "template_id": "cards",
          "elements": [{"image": {"url": "https://cdn.livechat-files.com/api/file/lc/img/a.png"}}]}
    rep = _ok(rm, mode="request")
    assert [i.rule for i in rep.issues] == ["rich-element-field-missing"]


def test_request_without_recipients_uses_the_default():
    rep = _ok({"type": "message", "text": "Hi"}, mode="request")
    [i] = rep.issues
    assert i.rule == "recipients-default" and i.suggestion == '"all"'   # the JSON text of the default


def test_every_warning_rule_that_cites_a_sample_quotes_two_places():
    """Rules for the spec's self-contradictions say what the table says AND what the sample does."""
    for rid in ("button-type-value-missing", "webview-height-not-webview", "answer-id-type",
                "thread-restricted-events", "spec-sample-typo"):
        r = RULES[rid]
        assert r.severity == "warning"
        assert "sample" in r.spec.lower() and (" but " in r.spec or "—" in r.spec), rid


@pytest.mark.parametrize("name", [n for n in STRUCTURES if STRUCTURES[n].samples])
def test_samples_are_valid_against_the_json_schema_too(name):
    """The JSON Schema the catalog publishes accepts the spec's own samples."""
    from jsonschema import Draft202012Validator
    st = STRUCTURES[name]
    v = Draft202012Validator(st.json_schema("response"))
    for path in st.samples:
        data = json.loads(path.read_text())
        if st.wrapper and set(data) == {st.wrapper}:
            data = data[st.wrapper]
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(data)]
        assert not errors, errors


# -- the version of every sample, detected ---------------------------------------------------

from playground.spec.catalog import VERSIONS  # noqa: E402

_EVERY_SAMPLE = [(v, name, path) for v in VERSIONS for name, path in all_samples(v)]


@pytest.mark.parametrize("version, name, path", _EVERY_SAMPLE,
                         ids=[f"{v}-{p.relative_to(SAMPLES_DIR)}" for v, _, p in _EVERY_SAMPLE])
def test_every_sample_fits_its_own_version_and_detection_gives_no_error(version, name, path):
    """Each sample fits the version it comes from (its fields are that version's); detection may
    pick a later version among those it fits (samples the pages share word for word), and the
    sample is valid there too."""
    rep = validate(path.read_text(encoding="utf-8"), version="detect")
    assert version in rep.version_fits, (rep.version_fits, rep.version_reason)
    assert rep.version in rep.version_fits and rep.structure == name
    assert rep.errors == [], [i.message for i in rep.errors]


@pytest.mark.parametrize("rel", ["events/message.json", "events/rich_message.json", "events/file.json",
                                 "events/filled_form.json", "events/custom.json", "events/system_message.json",
                                 "chats/chat.json", "chats/thread.json"])
def test_seed_samples_with_v3_2_fields_are_detected_as_v3_2(rel):
    rep = validate((SAMPLES_DIR / rel).read_text(encoding="utf-8"), version="detect")
    assert rep.version == "3.2" and rep.version_fits == ("3.2", "3.3"), rep.version_reason


@pytest.mark.parametrize("rel, version", [
    ("v3_3/events/rich_message.json", "3.3"), ("v3_3/events/file.json", "3.3"), ("v3_3/events/form.json", "3.3"),
    ("v3_3/chats/chat.json", "3.3"), ("v3_3/chats/thread.json", "3.3"),
    ("v3_5/chats/chat.json", "3.5"), ("v3_5/chats/chat_summary.json", "3.5"), ("v3_5/users/customer.json", "3.5"),
    ("v3_6/events/message.json", "3.6"), ("v3_6/events/system.json", "3.6"), ("v3_6/users/customer.json", "3.6"),
    ("v3_6/chats/chat_summary.json", "3.6"), ("v3_6/events/deleted_event.json", "3.6"),
    ("v3_7/chats/chat_info.json", "3.7"),
])
def test_version_samples_are_detected_as_their_version(rel, version):
    rep = validate((SAMPLES_DIR / rel).read_text(encoding="utf-8"), version="detect")
    assert rep.version == version, rep.version_reason


def test_v3_4_and_v3_5_samples_are_one_payload_checked_as_the_newer_supported_version():
    """v3.5's page is v3.4's word for word (same models, same samples): a v3.4 sample fits both,
    so it is checked as v3.5 (legacy, newest first), or as v3.6 when v3.6 takes it too."""
    chat = validate((SAMPLES_DIR / "v3_4/chats/chat.json").read_text(encoding="utf-8"), version="detect")
    assert chat.version == "3.5" and chat.version_fits == ("3.4", "3.5")
    message = validate((SAMPLES_DIR / "v3_4/events/message.json").read_text(encoding="utf-8"), version="detect")
    assert message.version == "3.6" and message.version_fits == ("3.4", "3.5", "3.6", "3.7")
