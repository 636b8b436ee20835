"""Events sent with send_event: message, rich_message, file, filled_form, custom, system_message.

Each has a request model (what you send) and a response model (what the API returns: it adds
`id`, `created_at` and, except for system messages, `author_id`).
"""
from __future__ import annotations

from typing import Annotated, Any, ClassVar, Iterator, Literal, Union
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from playground.spec import limits
from playground.spec.common import (Finding, Image, Model, Properties, Recipients, TableRequired,
                     UtcMicroTimestamp, PROPERTIES_NOTE, spec)
from playground.spec.urls import dropped_scheme
from playground.spec.v3_2.forms import FormField

RECIPIENTS_NOTE = "Possible values: all (default), agents"


class EventBase(Model):
    """What every event has. (The system message's table lists no properties, so they come
    with PropertiesEventBase, the base of the other five.)"""
    __role__ = "request"
    __rules__ = ("recipients-default", "recipients-missing-response")
    # The spec: a returned event always has recipients (a system message's table says otherwise).
    __recipients_always_returned__: ClassVar[bool] = True
    custom_id: str | None = spec("You can give the event a custom ID.", default=None)
    recipients: Recipients | None = spec(RECIPIENTS_NOTE, default=None, rule="recipients",
                                         json_schema_extra={"default": "all"})

    @classmethod
    def spec_findings(cls, data: dict, mode: str, ctx: dict) -> Iterator[Finding]:
        if "recipients" not in data and "recipients" in cls.model_fields:   # later versions drop it
            documented_default = (cls.model_fields["recipients"].json_schema_extra or {}).get("default")
            if mode == "request" and documented_default == "all":
                yield ((), "recipients-default",
                       "`recipients` is missing; the spec marks it required but also says "
                       "\"all (default)\", so the server will use \"all\". Add \"recipients\": \"all\" "
                       "to be explicit.")
            elif mode == "response" and not ctx.get("in_last_event_per_type") and cls.__recipients_always_returned__:
                yield ((), "recipients-missing-response",
                       "This returned event has no `recipients`; the spec says it is always returned "
                       "(only events inside a chat summary's last_event_per_type omit it).")


class PropertiesEventBase(EventBase):
    properties: Properties | None = spec(PROPERTIES_NOTE, default=None, rule="properties-shape")


class ResponseMixin(Model):
    __role__ = "response"
    id: str = spec("Generated server-side.")
    created_at: UtcMicroTimestamp = spec("Date & time format with a resolution of microseconds, UTC string. Generated server-side.")
    author_id: str = spec("Generated server-side.")


# -- message ----------------------------------------------------------------------------------

class Postback(Model):
    __label__ = "Postback"
    __rules__ = ("postback-type-value",)
    id: str = spec("ID of the postback from the rich message event.")
    thread_id: str = spec("ID of the thread with the rich message event.")
    event_id: str = spec("ID of the rich message event.")
    type: str | None = spec("Should be used together with postback.value (when one of them is present, the other is required).", default=None)
    value: str | None = spec("Should be used together with postback.type (when one of them is present, the other is required).", default=None)

    @model_validator(mode="after")
    def _type_value_together(self):
        if (self.type is None) != (self.value is None):
            have, lack = ("type", "value") if self.value is None else ("value", "type")
            raise PydanticCustomError(
                "postback-type-value",
                "postback.{have} is present but postback.{lack} is not; when one of them is present, the other is required",
                {"have": have, "lack": lack})
        return self


def _check_text_size(v: str) -> str:
    n = len(v.encode("utf-8", "surrogatepass"))
    if n > limits.MAX_TEXT_BYTES:
        raise PydanticCustomError(
            "message-text-size",
            "text is {n} bytes in UTF-8, over the limit of {limit} bytes (16 KB) by {over}; "
            "split it into several messages",
            {"n": n, "limit": limits.MAX_TEXT_BYTES, "over": n - limits.MAX_TEXT_BYTES})
    return v


class MessageRequest(PropertiesEventBase):
    __label__ = "Message"
    __rules__ = ("message-text-size",)
    type: Literal["message"] = spec("message")
    text: str = spec("Max. raw text size is 16 KB (one UTF-8 char like emoji 😁 can use up to 4 B); "
                     "to send more, split text into several messages.", rule="message-text-size",
                     json_schema_extra={"maxBytes": limits.MAX_TEXT_BYTES})
    postback: Postback | None = spec("Indicates that the message event was generated in response to a rich message event.", default=None)

    _text_size = field_validator("text")(classmethod(lambda cls, v: _check_text_size(v)))


class MessageResponse(ResponseMixin, MessageRequest):
    pass


# -- rich message -----------------------------------------------------------------------------

def unsafe_url(value: str) -> bool:
    """True for a URL the chat widget drops (javascript:, data:, ... however disguised)."""
    return dropped_scheme(value) is not None


BUTTON_TYPE_VALUE_WHY = ("the spec's own Rich message sample has buttons (\"yes\", \"no\") with neither type nor "
                         "value, and the widget treats such a button as a message button")
WEBVIEW_HEIGHT_WHY = "The table marks it \"yes\" with the note \"Required only for the webview button type\"."
ELEMENT_FIELDS_WHY = ("the Rich Messages guide, the spec's later versions (\"Required: no\" from v3.6) and real "
                      "integrations leave it out (a card may be only an image), and the widget shows what is there")


class Button(Model):
    __label__ = "Rich message button"
    __rules__ = ("button-type-value-pair", "webview-height-required", "button-type-value-missing", "webview-height-not-webview", "button-unsafe-url")
    __table_required__ = {
        "type": TableRequired("button-type-value-missing", BUTTON_TYPE_VALUE_WHY),
        "value": TableRequired("button-type-value-missing", BUTTON_TYPE_VALUE_WHY),
        "webview_height": TableRequired("webview-height-required", WEBVIEW_HEIGHT_WHY, only="for webview buttons"),
    }
    text: str = spec("Text displayed on a button.")
    type: Literal["webview", "message", "url", "phone"] | None = spec(
        "Defines the behavior after a user clicks the button. Should be used together with "
        "elements.buttons.value. Possible values: webview, message, url, phone.", default=None, rule="button-type")
    value: str | None = spec("Should be used together with elements.buttons.type. You can use this field to give "
                             "the rich message of a webview type (a Moment) a custom title.", default=None)
    webview_height: Literal["compact", "full", "tall"] | None = spec(
        "Required only for the webview buttontype. Possible values: compact, full, tall.", default=None,
        rule="webview-height")
    postback_id: str = spec("A description of the sent action. Describes the action sent via send_rich_message_postback.")
    user_ids: list[str] = spec("Describes users that sent the postback with \"toggled\": true.")

    @model_validator(mode="after")
    def _together(self):
        if (self.type is None) != (self.value is None):
            have, lack = ("type", "value") if self.value is None else ("value", "type")
            raise PydanticCustomError(
                "button-type-value-pair",
                "the button has `{have}` but no `{lack}`; type and value should be used together",
                {"have": have, "lack": lack})
        if self.type == "webview" and self.webview_height is None:
            raise PydanticCustomError(
                "webview-height-required",
                "a webview button needs `webview_height` (compact, full or tall)", {})
        return self

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        pair = [k for k, d in cls.__table_required__.items() if d.rule == "button-type-value-missing"]
        if pair and not any(k in data for k in pair):
            yield ((), "button-type-value-missing",
                   "This button has neither " + " nor ".join(f"`{k}`" for k in pair) + ". The table says yes, "
                   f"but {cls.__table_required__[pair[0]].why}.")
        t = data.get("type")
        if "webview_height" in data and t != "webview" and t is not None:
            yield (("webview_height",), "webview-height-not-webview",
                   f"`webview_height` only applies to webview buttons; this is a {t!r} button, so the "
                   "widget ignores it.")
        v = data.get("value")
        if t in ("url", "webview") and isinstance(v, str) and unsafe_url(v):
            yield (("value",), "button-unsafe-url",
                   f"The chat widget drops {t} buttons whose value is a javascript: or data: URL; this "
                   "button will not be shown.")


class Element(Model):
    __label__ = "Rich message element"
    __rules__ = ("rich-element-field-missing",)
    __table_required__ = {k: TableRequired("rich-element-field-missing", ELEMENT_FIELDS_WHY)
                          for k in ("title", "subtitle", "image")}
    title: str | None = spec("Displays formatted text on RMs.", default=None)
    subtitle: str | None = spec("Displays formatted text on RMs.", default=None)
    image: Image | None = spec("Displays images on RMs. Required param: url; Optional params: name, "
                               "content_type, size, width, height.", default=None)
    buttons: list[Button] | None = spec("Displays buttons.", limit="Can contain up to 13 button objects.",
                                        default=None, max_length=limits.MAX_BUTTONS, rule="rich-buttons-max")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        declared = {k: d for k, d in cls.__table_required__.items() if d.rule == "rich-element-field-missing"}
        missing = [k for k in declared if k not in data]
        if missing:
            yield ((), "rich-element-field-missing",
                   "This element has no " + ", ".join(f"`{k}`" for k in missing) + ". The table says yes for "
                   + ", ".join(declared) + f", but {declared[missing[0]].why}.")


class RichMessageRequest(PropertiesEventBase):
    __label__ = "Rich message"
    __rules__ = ("sticker-image", "quick-replies-ignored", "sticker-ignored")
    type: Literal["rich_message"] = spec("Event type: rich_message")
    recipients: Recipients | None = spec("Those who can display the rich message: all (default) or agents",
                                         default=None, rule="recipients", json_schema_extra={"default": "all"})
    custom_id: str | None = spec("You can give your RM a custom ID.", default=None)
    template_id: Literal["cards", "sticker", "quick_replies"] = spec(
        "Defines how every Rich Message will be presented. Values: cards, sticker, or quick_replies.",
        rule="rich-template")
    elements: list[Element] | None = spec(limit="Can contain up to 10 element objects.", default=None,
                                          max_length=limits.MAX_ELEMENTS, rule="rich-elements-max")

    @model_validator(mode="after")
    def _sticker_image(self):
        if self.template_id == "sticker":
            first = (self.elements or [None])[0]
            if first is None or first.image is None:
                raise PydanticCustomError(
                    "sticker-image", "a sticker shows only elements[0].image, so it needs elements[0].image.url", {})
        return self

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        els = data.get("elements")
        t = data.get("template_id")
        if not isinstance(els, list):
            return
        if t == "quick_replies" and len(els) > 1:
            yield (("elements", 1), "quick-replies-ignored",
                   f"quick_replies uses only its first element; the other {len(els) - 1} will not be shown.")
        if t == "sticker" and els and isinstance(els[0], dict):
            dropped = [k for k in ("title", "subtitle", "buttons") if k in els[0]]
            if dropped or len(els) > 1:
                yield (("elements", 0), "sticker-ignored",
                       "A sticker shows only elements[0].image; " +
                       (", ".join(f"`{k}`" for k in dropped) + " " if dropped else "") +
                       (f"and {len(els) - 1} more element(s) " if len(els) > 1 else "") + "will not be shown.")


class RichMessageResponse(ResponseMixin, RichMessageRequest):
    pass


# -- file -------------------------------------------------------------------------------------

def on_livechat_cdn(url: str) -> bool:
    host = (urlsplit(url if "//" in url else "https://" + url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in limits.LIVECHAT_CDN_HOSTS)


class FileRequest(PropertiesEventBase):
    __label__ = "File"
    __rules__ = ("file-cdn",)
    type: Literal["file"] = spec("file")
    url: str = spec("Has to point to the LiveChat CDN. It's recommended to use the URL returned by upload_file.",
                    rule="file-cdn")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        url = data.get("url")
        if isinstance(url, str) and not on_livechat_cdn(url):
            yield (("url",), "file-cdn",
                   f"The file url points to {urlsplit(url).hostname or url[:40]!r}, not the LiveChat CDN "
                   f"({', '.join(limits.LIVECHAT_CDN_HOSTS)}); upload the file with upload_file and use the URL it returns.")


class FileResponse(ResponseMixin, FileRequest):
    __rules__ = ("file-image-fields",)
    name: str = spec("File name.")
    content_type: str = spec("MIME type, e.g. image/png.")
    thumbnail_url: str | None = spec("Only for images.", default=None)
    thumbnail2x_url: str | None = spec("Only for images.", default=None)
    size: int | None = spec("Only for images (in bytes).", default=None, ge=0)
    width: int | None = spec("Only for images.", default=None, ge=0)
    height: int | None = spec("Only for images.", default=None, ge=0)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        ct = data.get("content_type")
        if isinstance(ct, str) and not ct.startswith("image/"):
            present = [k for k in ("thumbnail_url", "thumbnail2x_url", "width", "height") if k in data]
            if present:
                yield ((present[0],), "file-image-fields",
                       f"{', '.join(present)} come only with images, but content_type is {ct!r}.")


# -- filled form ------------------------------------------------------------------------------

class FilledFormRequest(PropertiesEventBase):
    __label__ = "Filled form"
    type: Literal["filled_form"] = spec("filled_form")
    form_id: str = spec("The form's id.")
    fields: list[FormField] = spec("The fields a form contains. See filled form fields for details.")


class FilledFormResponse(ResponseMixin, FilledFormRequest):
    pass


# -- custom -----------------------------------------------------------------------------------

class CustomRequest(PropertiesEventBase):
    __label__ = "Custom"
    type: Literal["custom"] = spec("Event type: custom")
    custom_id: str | None = spec("You can give the event a custom ID.", default=None)
    recipients: Recipients | None = spec("Those who can receive the custom event: all (default) or agents",
                                         default=None, rule="recipients", json_schema_extra={"default": "all"})
    content: dict[str, Any] | None = spec("The content you define", default=None)


class CustomResponse(ResponseMixin, CustomRequest):
    pass


# -- system message ---------------------------------------------------------------------------

class SystemMessageRequest(EventBase):
    __label__ = "System message"
    __rules__ = ("system-message-type-unknown", "text-vars-unused")
    type: Literal["system_message"] = spec("system_message")
    custom_id: str | None = spec("You can give the system message a custom ID.", default=None)
    text: str | None = spec("Text displayed to recipients", default=None)
    system_message_type: str = spec("System message type", rule="system-message-type-unknown")
    recipients: Recipients | None = spec("It can be specified when sending system messages via the Send Event "
                                         "method. Possible values: all, agents.", default=None, rule="recipients")
    text_vars: dict[str, str] | None = spec("Variables used in the text", default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        smt = data.get("system_message_type")
        if isinstance(smt, str) and smt not in limits.SYSTEM_MESSAGE_TYPES:
            yield (("system_message_type",), "system-message-type-unknown",
                   f"{smt!r} is not one of the {len(limits.SYSTEM_MESSAGE_TYPES)} documented system message types; "
                   "that is fine if your application defines it.")
        text, tv = data.get("text"), data.get("text_vars")
        if isinstance(text, str):
            names = set(limits.TEXT_VAR_PLACEHOLDER.findall(text))
            missing = sorted(n for n in names if not (isinstance(tv, dict) and n in tv))
            if missing:
                yield (("text",), "text-vars-unused",
                       "text uses " + ", ".join(f"%{n}%" for n in missing) + " but text_vars gives no value for it.")


class SystemMessageResponse(SystemMessageRequest):
    __role__ = "response"
    __recipients_always_returned__ = False   # "recipients: It can be specified when sending"
    id: str = spec("Generated server-side.")
    created_at: UtcMicroTimestamp = spec("Date & time format with a resolution of microseconds, UTC string; generated server-side")


REQUEST_EVENTS = (MessageRequest, RichMessageRequest, FileRequest, FilledFormRequest, CustomRequest, SystemMessageRequest)
RESPONSE_EVENTS = (MessageResponse, RichMessageResponse, FileResponse, FilledFormResponse, CustomResponse, SystemMessageResponse)

EventRequest = Annotated[Union[REQUEST_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
EventResponse = Annotated[Union[RESPONSE_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
