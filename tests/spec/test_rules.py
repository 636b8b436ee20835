"""Every rule id in playground.spec.rules.RULES: a payload that triggers it, and a minimal fix that does not.

Each case marks the expected place of the issue with `§` (see tests/_payloads.py); the test checks
the rule id, its severity, the JSON pointer, the 1-based line and column, and that the spec's
words come with it. The fix is the same payload changed as little as possible.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

from playground import validate
from playground.spec import limits as L
from playground.validation import core as validation
from playground.spec.rules import RULES

from _payloads import unmark

EL = '{"title":"t","subtitle":"s","image":{"url":"https://example.com/a.png"}}'
BTN = '{"text":"b","type":"message","value":"yes","postback_id":"p","user_ids":[]}'
TS = "2017-10-12T15:19:21.010200Z"
SERVER = f'"id":"QA37PVJ75B_1","author_id":"smith@example.com","created_at":"{TS}",'


def rich(elements: str, template: str = "cards") -> str:
    return '{"type":"rich_message","recipients":"all","template_id":"%s","elements":%s}' % (template, elements)


def button(btn: str) -> str:
    return rich('[{"title":"t","subtitle":"s","image":{"url":"https://example.com/a.png"},"buttons":[%s]}]' % btn)


def form(field: str) -> str:
    return '{"type":"filled_form","recipients":"all","form_id":"1","fields":[%s]}' % field


def group_answer(answer: str) -> str:
    return form('{"type":"group_chooser","id":"1","label":"Department","answer":%s}' % answer)


def padded_message(total_bytes: int) -> str:
    body = '{"type":"message","text":"hi","recipients":"all"}'
    return body + " " * (total_bytes - len(body))


def too_deep(extra: int) -> str:
    # root object (1) + content object (2) + 254 arrays = 256 levels; `extra` more opens level 257
    return ('{"type":"custom","recipients":"all","content":{"a":' + "[" * 254
            + ("§[" + "]" if extra else "") + "]" * 254 + "}}")


def _boom(*a, **k):
    raise ZeroDivisionError("planted bug")


@dataclass
class Case:
    rule: str
    bad: str | bytes
    fix: str | bytes
    pointer: str
    structure: str | None = None
    mode: str = "request"
    position: tuple[int, int] | None = None      # when the payload cannot carry a mark
    message_has: tuple[str, ...] = ()
    fix_ok: bool = True                          # the fix is a payload without any error
    fix_structure: str | None = "same"
    patch: Callable | None = None                # monkeypatch applied to the bad case only
    version: str = "3.2"                         # the API version the case is validated under


CASES = [
    # -- input ------------------------------------------------------------------------------
    Case("json-empty", " \n\t ", '{"type":"message","text":"x","recipients":"all"}', "", position=(1, 1)),
    Case("json-syntax", '{"type": "message",\n "text": "hi"\n §"recipients": "all"}',
         '{"type": "message",\n "text": "hi",\n "recipients": "all"}', "",
         message_has=("line 3, column 2", "comma")),
    Case("json-bom", '\ufeff{"type":"message","text":"x","recipients":"all"}',
         '{"type":"message","text":"x","recipients":"all"}', "", position=(1, 1), message_has=("byte order mark",)),
    Case("json-binary", b'{"type":"message","text":"caf' + "§".encode() + b'\xe9","recipients":"all"}',
         '{"type":"message","text":"café","recipients":"all"}'.encode(), "", message_has=("0xe9", "UTF-8")),
    Case("json-too-large", padded_message(L.MAX_INPUT_BYTES + 1), padded_message(L.MAX_INPUT_BYTES), "",
         position=(1, 1), message_has=("5,242,881 bytes", "5 MB")),
    Case("json-too-deep", too_deep(1), too_deep(0), "", message_has=("256 levels",)),
    Case("json-nan", '{"type":"custom","recipients":"all","content":{"x":§NaN}}',
         '{"type":"custom","recipients":"all","content":{"x":0}}', "/content/x"),
    Case("json-number-too-long", '{"type":"custom","recipients":"all",\n "content":{"n":§%s}}' % ("7" * 4301),
         '{"type":"custom","recipients":"all",\n "content":{"n":"%s"}}' % ("7" * 4301), "",
         message_has=("4,301 digits", "string")),
    Case("json-duplicate-key", '{"type":"message","text":"a",\n §"text":"b","recipients":"all"}',
         '{"type":"message","text":"b","recipients":"all"}', "/text", message_has=("'text'", "last")),
    Case("json-lone-surrogate", '{"type":"message","recipients":"all","text":§"caf\\ud800"}',
         '{"type":"message","recipients":"all","text":"caf\\u00e9 \\ud83d\\ude00"}', "/text",
         message_has=("`text`", "\\ud800", "U+FFFD")),
    Case("json-not-object", "§[1, 2]", "[]", "", mode="response", message_has=("array",)),
    Case("structure-unknown", '§{"foo": 1}', '{"properties": {}}', "", message_has=("Tried:", "'foo'")),
    Case("internal", '§{"properties": {}}', '{"properties": {}}', "",
         patch=lambda mp: mp.setattr(validation, "detect", _boom), message_has=("bug",)),
    Case("structure-name", '§{"properties": {}}', '{"properties": {}}', "", structure="nope", fix_structure="properties",
         message_has=("'nope'", "rich_message")),
    # -- generic ----------------------------------------------------------------------------
    Case("required-field", '{"type":"message","recipients":"all","text":"x",\n "postback":§{"id":"a","thread_id":"b"}}',
         '{"type":"message","recipients":"all","text":"x",\n "postback":{"id":"a","thread_id":"b","event_id":"c"}}',
         "/postback/event_id", message_has=("`event_id`", "missing")),
    Case("wrong-type", '{"type":"message","recipients":"all","text":§5}',
         '{"type":"message","recipients":"all","text":"5"}', "/text", message_has=("string", "the number 5")),
    Case("enum-value", '{"type":§"file","text":"x","recipients":"all"}', '{"type":"message","text":"x","recipients":"all"}',
         "/type", structure="message", message_has=("'message'", '"file"')),
    Case("unknown-field", '{"type":"message","recipients":"all","text":"x",§"txet":"y"}',
         '{"type":"message","recipients":"all","text":"x"}', "/txet", message_has=("did you mean `text`",)),
    Case("event-type", '{"type":§"form","recipients":"all","text":"x"}', '{"type":"message","recipients":"all","text":"x"}',
         "/type", structure="event", message_has=('"form"', "rich_message")),
    Case("user-type", '{"id":"PJ","threads":[],"users":[{"id":"x","type":§"bot"}]}', '{"id":"PJ","threads":[],"users":[{"id":"x","type":"agent"}]}',
         "/users/0/type", mode="response", message_has=('"bot"', "customer")),
    Case("form-field-type", form('{"type":§"rating","id":"1","label":"l","answer":"x"}'),
         form('{"type":"name","id":"1","label":"l","answer":"x"}'), "/fields/0/type", message_has=("group_chooser",)),
    # -- timestamps -------------------------------------------------------------------------
    Case("timestamp-utc-micro",
         '{"id":"1","author_id":"a","created_at":§"2017-10-12T15:19:21Z","type":"message","text":"x","recipients":"all"}',
         '{"id":"1","author_id":"a","created_at":"%s","type":"message","text":"x","recipients":"all"}' % TS,
         "/created_at", mode="response", message_has=("2017-10-12T15:19:21Z", "microseconds")),
    Case("timestamp-rfc3339", '{"id":"a@b.c","type":"agent","events_seen_up_to":§"yesterday"}',
         '{"id":"a@b.c","type":"agent","events_seen_up_to":"2017-10-12T17:19:21+02:00"}',
         "/events_seen_up_to", mode="response", message_has=('"yesterday"', "RFC 3339")),
    # -- recipients -------------------------------------------------------------------------
    Case("recipients", '{"type":"message","text":"x","recipients":§"everyone"}',
         '{"type":"message","text":"x","recipients":"agents"}', "/recipients", message_has=('"everyone"',)),
    Case("recipients-default", '§{"type":"message","text":"x"}', '{"type":"message","text":"x","recipients":"all"}', "",
         message_has=('"all"',)),
    Case("recipients-missing-response", '§{%s"type":"message","text":"x"}' % SERVER,
         '{%s"type":"message","text":"x","recipients":"all"}' % SERVER, "", mode="response"),
    # -- message ----------------------------------------------------------------------------
    Case("message-text-size", '{"type":"message","recipients":"all","text":§"%s"}' % ("😁" * 4097),
         '{"type":"message","recipients":"all","text":"%s"}' % ("😁" * 4096), "/text",
         message_has=("16388 bytes", "16384")),
    Case("postback-type-value",
         '{"type":"message","recipients":"all","text":"x","postback":§{"id":"a","thread_id":"b","event_id":"c","type":"phone"}}',
         '{"type":"message","recipients":"all","text":"x","postback":{"id":"a","thread_id":"b","event_id":"c","type":"phone","value":"1"}}',
         "/postback/value", message_has=("postback.value",)),
    # -- rich message -----------------------------------------------------------------------
    Case("rich-template", '{"type":"rich_message","recipients":"all","template_id":§"list"}',
         '{"type":"rich_message","recipients":"all","template_id":"cards"}', "/template_id", message_has=('"list"',)),
    Case("rich-elements-max", rich("§[" + ",".join([EL] * 11) + "]"), rich("[" + ",".join([EL] * 10) + "]"),
         "/elements", message_has=("11", "10")),
    Case("rich-buttons-max",
         rich('[{"title":"t","subtitle":"s","image":{"url":"https://e.com/a.png"},"buttons":§[%s]}]' % ",".join([BTN] * 14)),
         rich('[{"title":"t","subtitle":"s","image":{"url":"https://e.com/a.png"},"buttons":[%s]}]' % ",".join([BTN] * 13)),
         "/elements/0/buttons", message_has=("14", "13")),
    Case("rich-element-field-missing", rich('[§{"image":{"url":"https://e.com/a.png"}}]'), rich("[" + EL + "]"),
         "/elements/0", message_has=("`title`", "`subtitle`")),
    Case("button-type", button('{"text":"b","type":§"cancel","value":"v","postback_id":"p","user_ids":[]}'),
         button(BTN), "/elements/0/buttons/0/type", message_has=('"cancel"', "'webview'")),
    Case("button-type-value-missing", button('§{"text":"b","postback_id":"p","user_ids":[]}'), button(BTN),
         "/elements/0/buttons/0"),
    Case("button-type-value-pair", button('§{"text":"b","type":"url","postback_id":"p","user_ids":[]}'),
         button('{"text":"b","type":"url","value":"https://e.com","postback_id":"p","user_ids":[]}'),
         "/elements/0/buttons/0/value", message_has=("`type`", "`value`")),
    Case("webview-height", button('{"text":"b","type":"webview","value":"https://e.com","webview_height":§"huge","postback_id":"p","user_ids":[]}'),
         button('{"text":"b","type":"webview","value":"https://e.com","webview_height":"tall","postback_id":"p","user_ids":[]}'),
         "/elements/0/buttons/0/webview_height", message_has=('"huge"', "'compact'")),
    Case("webview-height-required", button('§{"text":"b","type":"webview","value":"https://e.com","postback_id":"p","user_ids":[]}'),
         button('{"text":"b","type":"webview","value":"https://e.com","webview_height":"compact","postback_id":"p","user_ids":[]}'),
         "/elements/0/buttons/0/webview_height", message_has=("webview_height",)),
    Case("webview-height-not-webview",
         button('{"text":"b","type":"phone","value":"790034890","webview_height":§"tall","postback_id":"p","user_ids":[]}'),
         button('{"text":"b","type":"phone","value":"790034890","postback_id":"p","user_ids":[]}'),
         "/elements/0/buttons/0/webview_height", message_has=("'phone'",)),
    Case("button-unsafe-url", button('{"text":"b","type":"url","value":§"java\\tscript:alert(1)","postback_id":"p","user_ids":[]}'),
         button('{"text":"b","type":"url","value":"https://e.com","postback_id":"p","user_ids":[]}'),
         "/elements/0/buttons/0/value", message_has=("javascript:",)),
    Case("sticker-image", rich('[§{"title":"x"}]', "sticker"), rich('[{"image":{"url":"https://e.com/s.png"}}]', "sticker"),
         "/elements/0/image", message_has=("elements[0].image",)),
    Case("sticker-ignored", rich('[§{"title":"t","image":{"url":"https://e.com/s.png"}}]', "sticker"),
         rich('[{"image":{"url":"https://e.com/s.png"}}]', "sticker"), "/elements/0", message_has=("`title`",)),
    Case("quick-replies-ignored", rich("[" + EL + ",§" + EL + "]", "quick_replies"), rich("[" + EL + "]", "quick_replies"),
         "/elements/1", message_has=("other 1",)),
    # -- file -------------------------------------------------------------------------------
    Case("file-cdn", '{"type":"file","recipients":"all","url":§"https://example.com/a.png"}',
         '{"type":"file","recipients":"all","url":"https://cdn.livechat-files.com/api/file/lc/att/1/a.png"}', "/url",
         message_has=("'example.com'", "cdn.livechat-files.com")),
    Case("file-image-fields",
         '{%s"type":"file","recipients":"all","url":"https://cdn.livechatinc.com/a.pdf","name":"a.pdf","content_type":"application/pdf","width":§640}' % SERVER,
         '{%s"type":"file","recipients":"all","url":"https://cdn.livechatinc.com/a.pdf","name":"a.pdf","content_type":"application/pdf"}' % SERVER,
         "/width", mode="response", message_has=("width", "'application/pdf'")),
    # -- forms ------------------------------------------------------------------------------
    Case("group-id-number", group_answer('{"id":"2","group_id":§"1","label":"Marketing"}'),
         group_answer('{"id":"2","group_id":1,"label":"Marketing"}'), "/fields/0/answer/group_id",
         message_has=('the string "1"',)),
    Case("answer-id-type", group_answer('{"id":§2,"group_id":1,"label":"Marketing"}'),
         group_answer('{"id":"2","group_id":1,"label":"Marketing"}'), "/fields/0/answer/id",
         message_has=('"id": "2"', '"id": 2')),
    Case("email-answer", form('{"type":"email","id":"1","label":"E-mail","answer":§"nope"}'),
         form('{"type":"email","id":"1","label":"E-mail","answer":"t.anderson@example.com"}'), "/fields/0/answer",
         message_has=("'nope'",)),
    # -- system message ---------------------------------------------------------------------
    Case("system-message-type-unknown", '{"type":"system_message","system_message_type":§"my_app.hello"}',
         '{"type":"system_message","system_message_type":"routing.idle"}', "/system_message_type",
         message_has=("'my_app.hello'",)),
    Case("text-vars-unused", '{"type":"system_message","system_message_type":"agent_joined","text":§"%agent% joined"}',
         '{"type":"system_message","system_message_type":"agent_joined","text":"%agent% joined","text_vars":{"agent":"A"}}',
         "/text", message_has=("%agent%",)),
    # -- users ------------------------------------------------------------------------------
    Case("routing-status", '{"id":"a@b.c","type":"agent","routing_status":§"busy"}',
         '{"id":"a@b.c","type":"agent","routing_status":"offline"}', "/routing_status", mode="response",
         message_has=('"busy"', "'accepting_chats'")),
    Case("session-fields-pair", '{"id":"c1","type":"customer","session_fields":[{"a":"1"},§{"a":"1","b":"2"}]}',
         '{"id":"c1","type":"customer","session_fields":[{"a":"1"},{"a":"1"},{"b":"2"}]}', "/session_fields/1",
         mode="response", message_has=("2 keys",)),
    # -- chats ------------------------------------------------------------------------------
    Case("properties-shape", '{"type":"message","recipients":"all","text":"x","properties":{"ns":§"flat"}}',
         '{"type":"message","recipients":"all","text":"x","properties":{"ns":{"k":"flat"}}}', "/properties/ns",
         message_has=("`properties.ns`", "namespace")),
    Case("thread-restricted-events",
         '{"id":"K6","active":true,"created_at":"%s","restricted_access":"60 days","events":§[]}' % TS,
         '{"id":"K6","active":true,"created_at":"%s","restricted_access":"60 days"}' % TS, "/events", mode="response"),
    Case("last-event-type-key",
         '{"id":"PJ","last_event_per_type":{"message":{"thread_id":"t","thread_created_at":"%s","event":'
         '{"id":"1","created_at":"%s","author_id":"a","type":§"custom"}}}}' % (TS, TS),
         '{"id":"PJ","last_event_per_type":{"custom":{"thread_id":"t","thread_created_at":"%s","event":'
         '{"id":"1","created_at":"%s","author_id":"a","type":"custom"}}}}' % (TS, TS),
         "/last_event_per_type/message/event/type", mode="response", message_has=("'message'", "'custom'")),
    Case("spec-sample-typo", '{"id":"PJ","threads":[],§"properites":{}}', '{"id":"PJ","threads":[],"properties":{}}', "/properites",
         mode="response", message_has=("did you mean `properties`",)),
    # -- what the versions after v3.2 add ---------------------------------------------------
    Case('button-target-not-url', '{"type":"rich_message","recipients":"all","template_id":"cards","elements":[{"title":"t","buttons":[{"text":"b","type":"phone","value":"+1","postback_id":"p","user_ids":[],"target":§"new"}]}]}',
         '{"type":"rich_message","recipients":"all","template_id":"cards","elements":[{"title":"t","buttons":[{"text":"b","type":"url","value":"https://x.io","postback_id":"p","user_ids":[],"target":"new"}]}]}',
         '/elements/0/buttons/0/target', structure='rich_message', mode='request', version='3.3'),
    Case('form-recipients-missing', '§{%s"type":"form","form_id":"f","fields":[]}' % SERVER,
         '{%s"type":"form","form_id":"f","fields":[],"recipients":"all"}' % SERVER, '', structure='form',
         mode='response', version='3.3'),
    Case('form-field-options', '{"type":"form","form_id":"f","fields":[{"type":"name","id":"1","label":"Name","options":§[]}]}',
         '{"type":"form","form_id":"f","fields":[{"type":"radio","id":"1","label":"Pick","options":[{"id":"a","label":"A"}]}]}',
         '/fields/0/options', structure='form', mode='request', version='3.3'),
    Case('user-visibility-missing', '§{"id":"a@b.c","type":"agent","name":"A","email":"a@b.c","present":true,"events_seen_up_to":"2020-05-12T11:42:47.383000Z","avatar":"https://x/a.png","routing_status":"accepting_chats"}',
         '{"id":"a@b.c","type":"agent","name":"A","email":"a@b.c","present":true,"events_seen_up_to":"2020-05-12T11:42:47.383000Z","avatar":"https://x/a.png","routing_status":"accepting_chats","visibility":"all"}',
         '', structure='agent', mode='response', version='3.4'),
    Case('system-details-json', '{"id":"e1","created_at":"2020-05-12T11:42:47.383000Z","type":"system","visibility":"all","source":"s","subtype":"x","version":1,"details":§"{nope"}',
         '{"id":"e1","created_at":"2020-05-12T11:42:47.383000Z","type":"system","visibility":"all","source":"s","subtype":"x","version":1,"details":"{\\"a\\":1}"}',
         '/details', structure='system', mode='response', version='3.6'),
    Case('system-event-request', '§{"type":"system"}',
         '{"type":"message","text":"hi"}',
         '', structure='event', mode='request', version='3.6'),
    Case('deleted-event-visibility-missing', '§{"id":"e1","created_at":"2020-05-12T11:42:47.383000Z","type":"message","deleted":true}',
         '{"id":"e1","created_at":"2020-05-12T11:42:47.383000Z","type":"message","deleted":true,"visibility":"all"}',
         '', structure='deleted_event', mode='response', version='3.6'),
    Case('ecommerce-template', '{"type":"rich_message","template_id":"cards","elements":[{"title":"t","ecommerce":§{"view_type":"tags","product_id":"p"}}]}',
         '{"type":"rich_message","template_id":"ecommerce","elements":[{"ecommerce":{"view_type":"tags","product_id":"p"}}]}',
         '/elements/0/ecommerce', structure='rich_message', mode='request', version='3.6'),
    Case('chat-info-last-event-place', '{"id":"PJ","last_thread_info":{"id":"T","created_at":"2020-05-12T11:42:47.383000Z","active":true},"last_event_per_type":§{}}',
         '{"id":"PJ","last_thread_info":{"id":"T","created_at":"2020-05-12T11:42:47.383000Z","active":true,"last_event_per_type":{}}}',
         '/last_event_per_type', structure='chat_info', mode='response', version='3.7'),
    Case('customer-field-untabled', '{"id":"c1","type":"customer","phone_number":§"+1"}',
         '{"id":"c1","type":"customer"}',
         '/phone_number', structure='customer', mode='response', version='3.7'),
]


def test_every_rule_has_a_case():
    ids = [c.rule for c in CASES]
    assert len(ids) == len(set(ids)), "one case per rule"
    missing = set(RULES) - set(ids)
    assert not missing, f"rules without a triggering case in tests/test_rules.py: {sorted(missing)}"
    assert not set(ids) - set(RULES), "cases for rules that no longer exist"


def test_every_rule_is_well_formed():
    for r in RULES.values():
        assert r.severity in ("error", "warning"), r
        assert r.title, r
        if r.spec:
            assert len(r.spec) > 15, r


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_triggers(case: Case, monkeypatch):
    text, line, col = unmark(case.bad)
    if case.position:
        line, col = case.position
    assert line is not None, "mark the expected place with §, or give position="
    if case.patch:
        case.patch(monkeypatch)
    rep = validate(text, case.structure, case.mode, case.version)
    hits = [i for i in rep.issues if i.rule == case.rule]
    assert hits, f"{case.rule} not reported; got {[(i.rule, i.pointer) for i in rep.issues]}"
    issue = hits[0]
    assert issue.severity == RULES[case.rule].severity
    assert (issue.pointer, issue.line, issue.column) == (case.pointer, line, col)
    assert len(issue.message) > 20, issue.message
    for part in case.message_has:
        assert part in issue.message, (part, issue.message)
    if RULES[case.rule].spec:
        assert issue.spec, f"{case.rule}: the spec's words are missing"
    if issue.severity == "error":
        assert not rep.ok
    elif case.rule not in ("json-duplicate-key",):
        assert not [i for i in rep.errors if i.rule == case.rule]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_minimal_fix_does_not_trigger(case: Case):
    text, _, _ = unmark(case.fix)
    structure = case.structure if case.fix_structure == "same" else case.fix_structure
    rep = validate(text, structure, case.mode, case.version)
    assert case.rule not in [i.rule for i in rep.issues], [(i.rule, i.pointer, i.message) for i in rep.issues]
    if case.fix_ok:
        assert rep.ok, [(i.rule, i.pointer, i.message) for i in rep.errors]


def _all_models():
    from playground.spec.common import Model
    todo, seen = [Model], []
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def test_fields_with_limits_name_their_rule():
    """A max_length constraint without a rule id would surface as a generic issue: every limit
    in the models names the rule (and so the spec quote) its errors carry."""
    seen = set()
    for cls in _all_models():
        for name, f in cls.model_fields.items():
            if any(getattr(c, "max_length", None) is not None for c in f.metadata):
                seen.add(name)
                assert (f.json_schema_extra or {}).get("x-rule") in RULES, (cls.__name__, name)
    assert seen >= {"elements", "buttons"}


def test_rule_ids_named_by_fields_exist():
    for cls in _all_models():
        for name, f in cls.model_fields.items():
            rule = (f.json_schema_extra or {}).get("x-rule") if isinstance(f.json_schema_extra, dict) else None
            assert rule is None or rule in RULES, (cls.__name__, name, rule)
