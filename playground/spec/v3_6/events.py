"""v3.6 events: the `ecommerce` template (`elements.ecommerce`, `postback.ecommerce`), optional
element title/subtitle/image, the `deleted` flag, the new System event and the Deleted event.

A response whose request changed is (this version's request, the previous response) and declares
`visibility` again: pydantic takes an inherited field from the first base that has it.

A Deleted event stands "in place of the original event" and keeps its `type`, so the event union
is chosen by `event_tag`: "deleted_event" for an object that has `deleted: true` and only the
Deleted event's fields, else its `type`.
"""
from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from playground.spec import limits
from playground.spec.common import Model, UtcMicroTimestamp, spec
from playground.spec.versioning import relaxed
from playground.spec.v3_3.events import Element as PreviousElement, Postback as PreviousPostback
from playground.spec.v3_4 import events as previous
from playground.spec.v3_4.events import (CustomRequest, FileRequest, FilledFormRequest, FormRequest,  # noqa: F401
                                         SystemMessageRequest, SystemMessageResponse, RETURNED_NOTE,
                                         Visibility)

DELETED_NOTE = "Appears for deleted events, visible only to users with the administrator or viceowner role."
TEMPLATE_IDS = ("cards", "sticker", "quick_replies", "ecommerce")


class Deletable(Model):
    deleted: bool | None = spec(DELETED_NOTE, default=None)


# -- ecommerce --------------------------------------------------------------------------------

class EcommerceOption(Model):
    __label__ = "Ecommerce option"
    option_id: str = spec("Required string param of elements.ecommerce.options.")
    label: str = spec("Required string param of elements.ecommerce.options.")
    price: str | None = spec("Optional string param.", default=None)
    regular_price: str | None = spec("Optional string param.", default=None)
    currency: str | None = spec("Optional string param.", default=None)
    color: str | None = spec("Optional string param.", default=None)
    image_url: str | None = spec("Optional string param.", default=None)
    image_thumbnail_url: str | None = spec("Optional string param.", default=None)
    available: bool | None = spec("Optional boolean param.", default=None)
    selected: bool | None = spec("Optional boolean param.", default=None)


class EcommerceAddon(Model):
    __label__ = "Ecommerce addon"
    addon_type: str = spec("Required string param of elements.ecommerce.addons.")
    range_from: str | None = spec("Optional string param.", default=None)
    range_to: str | None = spec("Optional string param.", default=None)
    currency: str | None = spec("Optional string param.", default=None)


class Ecommerce(Model):
    __label__ = "Ecommerce product"
    view_type: Literal["tags", "swatch", "images", "select"] = spec(
        "Defines how the product and its options are displayed. Possible values: tags, swatch, images, select. "
        "Required when sending elements.ecommerce.")
    product_id: str = spec("Required when sending elements.ecommerce.")
    label: str | None = spec(None, default=None)
    options: list[EcommerceOption] | None = spec(
        "An array of options for product. Required string params: option_id, label. Optional string params: "
        "price, regular_price, currency, color, image_url, image_thumbnail_url. Optional boolean params: "
        "available, selected.", default=None)
    addons: list[EcommerceAddon] | None = spec(
        "An array of addons for product. Required string param: addon_type. Optional string params: range_from, "
        "range_to, currency.", default=None)


class Element(PreviousElement):
    """title, subtitle and image are optional from v3.6 on ("Required: no")."""
    __table_required__ = {}    # v3.6's table says "no" for them
    ecommerce: Ecommerce | None = spec("Should be used for the ecommerce template. Contains information about "
                                       "displayed product and its variants.", default=None)


class RichMessageRequest(previous.RichMessageRequest):
    template_id: Literal[TEMPLATE_IDS] = spec(  # type: ignore[valid-type]
        "Defines how every Rich Message will be presented. Values: cards, sticker, quick_replies or ecommerce.",
        rule="rich-template")
    elements: list[Element] | None = spec("Can contain up to 10 element objects.", default=None,
                                          max_length=limits.MAX_ELEMENTS, rule="rich-elements-max")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        elements = data.get("elements")
        if data.get("template_id") != "ecommerce" and isinstance(elements, list):
            for i, element in enumerate(elements):
                if isinstance(element, dict) and "ecommerce" in element:
                    yield (("elements", i, "ecommerce"), "ecommerce-template",
                           "elements.ecommerce is only present for rich messages with template_id set to "
                           f"ecommerce; this one is {data.get('template_id')!r}.")


class RichMessageResponse(RichMessageRequest, previous.RichMessageResponse):
    visibility: Visibility = spec(RETURNED_NOTE)   # the request's optional one would win


class PostbackEcommerce(Model):
    __label__ = "Postback ecommerce"
    product_id: str = spec("The ID of the product displayed by the rich message. Required when sending "
                           "postback.ecommerce.")
    option_id: str | None = spec("The ID of the selected option for the product.", default=None)
    quantity: int | float | None = spec("Quantity of the product.", default=None)


class Postback(PreviousPostback):
    ecommerce: PostbackEcommerce | None = spec("Object containing data specific to rich messages with ecommerce "
                                               "template, like product_id.", default=None)


class MessageRequest(previous.MessageRequest):
    postback: Postback | None = spec("Indicates that the message event was generated in response to a rich "
                                     "message event.", default=None)


class MessageResponse(Deletable, MessageRequest, previous.MessageResponse):
    visibility: Visibility = spec(RETURNED_NOTE)   # the request's optional one would win


class FileResponse(Deletable, previous.FileResponse):
    pass


class FormResponse(Deletable, previous.FormResponse):
    pass


class FilledFormResponse(Deletable, previous.FilledFormResponse):
    pass


class CustomResponse(Deletable, previous.CustomResponse):
    pass


# -- system (new) -----------------------------------------------------------------------------

class SystemRequest(Model):
    __label__ = "System event"
    type: Literal["system"] = spec("system")

    @model_validator(mode="after")
    def _not_sendable(self):
        raise PydanticCustomError("system-event-request", "It is not possible to send a System event (API "
                                  "v3.6 and later); the API only returns it", {})


class SystemResponse(Model):
    """System event: "an extension and a future replacement for System message"."""
    __label__ = "System event"
    id: str = spec("Generated server-side")
    custom_id: str | None = spec(None, default=None)
    source: str = spec("System event source")
    type: Literal["system"] = spec("system")
    subtype: str = spec("System event subtype")
    version: int = spec("Returned: always.")
    details: str = spec("Returned: always; a serialized JSON string (the page's sample).")
    created_at: UtcMicroTimestamp = spec("Date & time format with a resolution of microseconds, UTC string; "
                                         "generated server-side")
    visibility: Visibility = spec(RETURNED_NOTE)

    @field_validator("details")
    @classmethod
    def _details_json(cls, value: str) -> str:
        try:
            json.loads(value)
        except ValueError as error:
            raise PydanticCustomError("system-details-json", "details is not a serialized JSON value ({error}); "
                                      "the API returns it as a JSON text in a string", {"error": str(error)})
        return value


# -- deleted event (new) ----------------------------------------------------------------------

class DeletedEvent(Model):
    """Returned to agents with the normal role in place of the original event."""
    __label__ = "Deleted event"
    id: str = spec("Returned: always.")
    created_at: UtcMicroTimestamp = spec("Date & time format with a resolution of microseconds, UTC string.")
    type: str = spec("The original event type.")
    visibility: Visibility | None = spec("Returned: always (the page's sample has none).", default=None)
    deleted: Literal[True] = spec("Returned: always.")
    author_id: str | None = spec(None, default=None)
    custom_id: str | None = spec(None, default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        if "visibility" not in data and not ctx.get("in_last_event_per_type"):
            yield ((), "deleted-event-visibility-missing",
                   "This deleted event has no `visibility`; the Deleted event table says it is always "
                   "returned, but the page's own sample has none.")


DELETED_EVENT_KEYS = frozenset(DeletedEvent.model_fields)


def event_tag(value: Any) -> str | None:
    """The union member of an event: "deleted_event" for a Deleted event, else its `type`."""
    if isinstance(value, dict):
        if value.get("deleted") is True and DELETED_EVENT_KEYS.issuperset(value):
            return "deleted_event"
        kind = value.get("type")
        return kind if isinstance(kind, str) else None
    return "deleted_event" if isinstance(value, DeletedEvent) else getattr(value, "type", None)


def _tag(model: type) -> str:
    (tag,) = model.model_fields["type"].annotation.__args__
    return tag


def tagged_union(models: tuple, deleted: type) -> Any:
    members = tuple(Annotated[m, Tag(_tag(m))] for m in models) + (Annotated[deleted, Tag("deleted_event")],)
    return Annotated[Union[members], Discriminator(event_tag)]  # type: ignore[valid-type]


REQUEST_EVENTS = (MessageRequest, RichMessageRequest, FileRequest, FormRequest, FilledFormRequest,
                  CustomRequest, SystemMessageRequest, SystemRequest)
RESPONSE_EVENTS = (MessageResponse, RichMessageResponse, FileResponse, FormResponse, FilledFormResponse,
                   CustomResponse, SystemMessageResponse, SystemResponse)

EventRequest = Annotated[Union[REQUEST_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
EventResponse = tagged_union(RESPONSE_EVENTS, DeletedEvent)

# Events inside a chat summary's last_event_per_type carry no visibility (every page's sample).
LAST_EVENTS = tuple(relaxed(event, "visibility") for event in RESPONSE_EVENTS)
LastEventResponse = tagged_union(LAST_EVENTS, DeletedEvent)
