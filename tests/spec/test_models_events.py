"""playground/models/events.py: the six events, request and response, their limits and rules."""
from __future__ import annotations

import json
from typing import get_args

import pytest
from pydantic import TypeAdapter, ValidationError

from playground.spec import limits as L
from playground.spec.v3_2 import events as ev

from _payloads import BUTTON, ELEMENT, FILE, MESSAGE, RICH, SERVER, sample

EVENT_SAMPLES = {"message": ev.MessageResponse, "rich_message": ev.RichMessageResponse, "file": ev.FileResponse,
                 "filled_form": ev.FilledFormResponse, "custom": ev.CustomResponse,
                 "system_message": ev.SystemMessageResponse}


def dump(obj) -> dict:
    return obj.model_dump(mode="json", by_alias=True, exclude_unset=True)


def error_types(exc: ValidationError) -> list[tuple]:
    return [(e["type"], e["loc"]) for e in exc.errors()]


@pytest.mark.parametrize("name,cls", EVENT_SAMPLES.items())
def test_every_event_sample_round_trips(name, cls):
    data = sample(f"events/{name}.json")
    obj = cls.model_validate(data)
    assert dump(obj) == data
    again = cls.model_validate_json(obj.model_dump_json(by_alias=True, exclude_unset=True))
    assert dump(again) == data


@pytest.mark.parametrize("name,cls", EVENT_SAMPLES.items())
def test_the_event_union_picks_the_model_by_type(name, cls):
    obj = TypeAdapter(ev.EventResponse).validate_python(sample(f"events/{name}.json"))
    assert type(obj) is cls


def test_unknown_fields_are_kept_and_dumped():
    data = {**MESSAGE, "x_tracking": {"a": [1, None, "é"]}, "zzz": 0}
    obj = ev.MessageRequest.model_validate(data)
    assert obj.model_extra == {"x_tracking": {"a": [1, None, "é"]}, "zzz": 0}
    assert dump(obj) == data
    assert json.loads(obj.model_dump_json(by_alias=True, exclude_unset=True)) == data


def test_event_type_literals_match_the_limits():
    tags = [get_args(c.model_fields["type"].annotation)[0] for c in ev.REQUEST_EVENTS]
    assert tuple(tags) == L.EVENT_TYPES
    assert [get_args(c.model_fields["type"].annotation)[0] for c in ev.RESPONSE_EVENTS] == tags


def test_enumerations_match_the_limits():
    def values(cls, name):
        ann = cls.model_fields[name].annotation
        return tuple(a for lit in get_args(ann) for a in (get_args(lit) or (lit,)) if a is not type(None))
    assert values(ev.RichMessageRequest, "template_id") == L.TEMPLATE_IDS
    assert values(ev.Button, "type") == L.BUTTON_TYPES
    assert values(ev.Button, "webview_height") == L.WEBVIEW_HEIGHTS
    for cls in ev.REQUEST_EVENTS:
        assert values(cls, "recipients") == L.RECIPIENTS


# -- message text: 16 KB counted in UTF-8 bytes ---------------------------------------------

@pytest.mark.parametrize("text,ok", [
    ("a" * L.MAX_TEXT_BYTES, True),
    ("a" * (L.MAX_TEXT_BYTES + 1), False),
    ("😁" * (L.MAX_TEXT_BYTES // 4), True),                 # an emoji is 4 bytes
    ("😁" * (L.MAX_TEXT_BYTES // 4) + "a", False),
    ("é" * (L.MAX_TEXT_BYTES // 2), True),                  # 2 bytes each
    ("a" * (L.MAX_TEXT_BYTES - 1) + "é", False),            # 16384 characters, 16385 bytes
    ("", True),
])
def test_message_text_limit_in_bytes(text, ok):
    data = {**MESSAGE, "text": text}
    if ok:
        assert ev.MessageRequest.model_validate(data).text == text
        return
    with pytest.raises(ValidationError) as e:
        ev.MessageRequest.model_validate(data)
    [err] = e.value.errors()
    assert err["type"] == "message-text-size" and err["loc"] == ("text",)
    n = len(text.encode())
    assert f"{n} bytes" in err["msg"] and f"by {n - L.MAX_TEXT_BYTES}" in err["msg"]


def test_message_response_has_the_same_limit():
    with pytest.raises(ValidationError):
        ev.MessageResponse.model_validate({**MESSAGE, **SERVER, "text": "😁" * 4097})


@pytest.mark.parametrize("postback,ok", [
    ({"id": "a", "thread_id": "t", "event_id": "e"}, True),
    ({"id": "a", "thread_id": "t", "event_id": "e", "type": "phone", "value": "1"}, True),
    ({"id": "a", "thread_id": "t", "event_id": "e", "type": "phone"}, False),
    ({"id": "a", "thread_id": "t", "event_id": "e", "value": "1"}, False),
])
def test_postback_type_and_value_together(postback, ok):
    data = {**MESSAGE, "postback": postback}
    if ok:
        ev.MessageRequest.model_validate(data)
    else:
        with pytest.raises(ValidationError) as e:
            ev.MessageRequest.model_validate(data)
        assert error_types(e.value) == [("postback-type-value", ("postback",))]


def test_postback_ids_are_required():
    with pytest.raises(ValidationError) as e:
        ev.MessageRequest.model_validate({**MESSAGE, "postback": {"id": "a"}})
    assert sorted(error_types(e.value)) == [("missing", ("postback", "event_id")), ("missing", ("postback", "thread_id"))]


# -- rich messages --------------------------------------------------------------------------

def rich(elements=None, template="cards", **kw):
    return {**RICH, "template_id": template, "elements": [ELEMENT] if elements is None else elements, **kw}


@pytest.mark.parametrize("n,ok", [(0, True), (L.MAX_ELEMENTS, True), (L.MAX_ELEMENTS + 1, False)])
def test_at_most_10_elements(n, ok):
    data = rich([ELEMENT] * n)
    if ok:
        assert len(ev.RichMessageRequest.model_validate(data).elements) == n
    else:
        with pytest.raises(ValidationError) as e:
            ev.RichMessageRequest.model_validate(data)
        assert error_types(e.value) == [("too_long", ("elements",))]


@pytest.mark.parametrize("n,ok", [(0, True), (L.MAX_BUTTONS, True), (L.MAX_BUTTONS + 1, False)])
def test_at_most_13_buttons(n, ok):
    data = rich([{**ELEMENT, "buttons": [BUTTON] * n}])
    if ok:
        ev.RichMessageRequest.model_validate(data)
    else:
        with pytest.raises(ValidationError) as e:
            ev.RichMessageRequest.model_validate(data)
        assert error_types(e.value) == [("too_long", ("elements", 0, "buttons"))]


@pytest.mark.parametrize("template", L.TEMPLATE_IDS)
def test_each_template_is_accepted(template):
    ev.RichMessageRequest.model_validate(rich(template=template))


@pytest.mark.parametrize("template", ["list", "Cards", "ecommerce", "", None, 1])
def test_other_templates_are_rejected(template):
    with pytest.raises(ValidationError) as e:
        ev.RichMessageRequest.model_validate(rich(template=template))
    assert e.value.errors()[0]["loc"] == ("template_id",)


def button(**kw):
    b = {**BUTTON, **kw}
    return rich([{**ELEMENT, "buttons": [{k: v for k, v in b.items() if v is not None}]}])


@pytest.mark.parametrize("kind,value,height", [("webview", "https://e.com", "compact"), ("webview", "https://e.com", "full"),
                                               ("webview", "https://e.com", "tall"), ("message", "yes", None),
                                               ("url", "https://e.com", None), ("phone", "+48790034890", None)])
def test_each_button_type(kind, value, height):
    ev.RichMessageRequest.model_validate(button(type=kind, value=value, webview_height=height))


@pytest.mark.parametrize("kw,etype", [
    ({"type": "cancel"}, "literal_error"),
    ({"type": "webview", "webview_height": None}, "webview-height-required"),
    ({"type": "webview", "webview_height": "half"}, "literal_error"),
    ({"value": None}, "button-type-value-pair"),
    ({"type": None}, "button-type-value-pair"),
    ({"text": None}, "missing"),
    ({"postback_id": None}, "missing"),
    ({"user_ids": None}, "missing"),
    ({"user_ids": "a"}, "list_type"),
])
def test_button_errors(kw, etype):
    with pytest.raises(ValidationError) as e:
        ev.RichMessageRequest.model_validate(button(**kw))
    assert e.value.errors()[0]["type"] == etype


def test_a_button_without_type_and_value_is_accepted():
    ev.RichMessageRequest.model_validate(button(type=None, value=None))


def test_webview_height_is_not_required_for_other_buttons():
    ev.RichMessageRequest.model_validate(button(type="url", webview_height=None))


def test_element_title_subtitle_image_are_optional():
    ev.RichMessageRequest.model_validate(rich([{}]))
    ev.RichMessageRequest.model_validate(rich([{"image": {"url": "https://e.com/a.png"}}]))


def test_element_image_needs_a_url():
    with pytest.raises(ValidationError) as e:
        ev.RichMessageRequest.model_validate(rich([{"image": {"name": "a.png"}}]))
    assert error_types(e.value) == [("missing", ("elements", 0, "image", "url"))]


@pytest.mark.parametrize("elements,ok", [([{"image": {"url": "https://e.com/s.png"}}], True), ([{"title": "x"}], False),
                                         ([], False), (None, False)])
def test_a_sticker_needs_the_first_image(elements, ok):
    data = {**RICH, "template_id": "sticker", "elements": elements}
    if elements is None:
        del data["elements"]
    if ok:
        ev.RichMessageRequest.model_validate(data)
    else:
        with pytest.raises(ValidationError) as e:
            ev.RichMessageRequest.model_validate(data)
        assert e.value.errors()[0]["type"] == "sticker-image"


@pytest.mark.parametrize("url,unsafe", [
    ("javascript:alert(1)", True), ("  JaVaScRiPt:alert(1)", True), ("java\tscript:alert(1)", True),
    ("java\x00script:x", True), ("jav\nascript:x", True), ("data:text/html,<script>", True), ("vbscript:msgbox", True),
    ("\x01javascript:x", True),
    ("https://example.com", False), ("http://example.com/javascript:x", False), ("javascript", False),
    ("/relative/path", False), ("mailto:a@b.c", False), ("tel:+48790034890", False),
])
def test_unsafe_url(url, unsafe):
    assert ev.unsafe_url(url) is unsafe


# -- file -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url,on", [
    ("https://cdn.livechat-files.com/api/file/lc/att/1/a.png", True),
    ("https://cdn.livechatinc.com/uploads/a.png", True),
    ("cdn.livechatinc.com/uploads/a.png", True),
    ("HTTPS://CDN.LIVECHATINC.COM/a.png", True),
    ("https://eu.cdn.livechat-files.com/a.png", True),
    ("https://cdn.livechatinc.com.evil.com/a.png", False),
    ("https://cdn.livechatinc.com@evil.com/a.png", False),
    ("https://evilcdn.livechatinc.com.example/a.png", False),
    ("https://notcdn.livechatinc.co/a.png", False),
    ("https://example.com/image25.png", False),
    ("", False),
])
def test_file_url_on_the_livechat_cdn(url, on):
    assert ev.on_livechat_cdn(url) is on


def test_file_request_needs_a_url_and_response_adds_server_fields():
    with pytest.raises(ValidationError) as e:
        ev.FileRequest.model_validate({"type": "file", "recipients": "all"})
    assert error_types(e.value) == [("missing", ("url",))]
    with pytest.raises(ValidationError) as e:
        ev.FileResponse.model_validate(FILE)
    missing = {loc[0] for t, loc in error_types(e.value) if t == "missing"}
    assert missing == {"id", "created_at", "author_id", "name", "content_type"}


# -- request vs response --------------------------------------------------------------------

@pytest.mark.parametrize("req,resp", zip(ev.REQUEST_EVENTS, ev.RESPONSE_EVENTS))
def test_responses_add_what_the_server_generates(req, resp):
    added = set(resp.model_fields) - set(req.model_fields)
    required = {n for n in added if resp.model_fields[n].is_required()}
    if req is ev.SystemMessageRequest:
        assert required == {"id", "created_at"}      # the system message table has no author_id
    else:
        assert {"id", "created_at", "author_id"} <= required


def test_response_created_at_is_utc_with_microseconds():
    ok = {**MESSAGE, **SERVER}
    ev.MessageResponse.model_validate(ok)
    for bad in ("2017-10-12T15:19:21Z", "2017-10-12T15:19:21.0102Z", "2017-10-12T15:19:21.010200+00:00",
                "2017-10-12 15:19:21.010200", "2017-13-12T15:19:21.010200Z"):
        with pytest.raises(ValidationError) as e:
            ev.MessageResponse.model_validate({**ok, "created_at": bad})
        assert error_types(e.value) == [("timestamp-utc-micro", ("created_at",))]


def test_recipients_may_be_left_out_of_a_request():
    assert ev.MessageRequest.model_validate({"type": "message", "text": "x"}).recipients is None
    with pytest.raises(ValidationError):
        ev.MessageRequest.model_validate({**MESSAGE, "recipients": "everyone"})


def test_system_message_text_vars_are_strings():
    ev.SystemMessageRequest.model_validate({"type": "system_message", "system_message_type": "x", "text_vars": {"a": "b"}})
    with pytest.raises(ValidationError):
        ev.SystemMessageRequest.model_validate({"type": "system_message", "system_message_type": "x", "text_vars": {"a": 1}})


def test_custom_content_is_any_object():
    ev.CustomRequest.model_validate({"type": "custom", "content": {"a": [1, {"b": None}], "c": 1.5}})
    with pytest.raises(ValidationError):
        ev.CustomRequest.model_validate({"type": "custom", "content": [1]})


def test_field_descriptions_are_the_spec_notes():
    assert "16 KB" in ev.MessageRequest.model_fields["text"].description
    assert "LiveChat CDN" in ev.FileRequest.model_fields["url"].description
    assert "up to 10" in ev.RichMessageRequest.model_fields["elements"].description
    assert "up to 13" in ev.Element.model_fields["buttons"].description
    assert "Required only for the webview" in ev.Button.model_fields["webview_height"].description


def test_strict_types_no_coercion():
    for bad in ({"text": 5}, {"text": None}, {"custom_id": 1}, {"recipients": ["all"]}, {"properties": []}):
        with pytest.raises(ValidationError):
            ev.MessageRequest.model_validate({**MESSAGE, **bad})
