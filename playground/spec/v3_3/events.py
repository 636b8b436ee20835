"""v3.3 events: the new Form event, `alternative_text` on files and images, button `target`,
the `subject` field type in filled forms. Message, custom and system message are unchanged.

A response model is (this version's request, the previous version's response): pydantic takes an
inherited field from the first base that has it, so the request's changed fields win and the
previous response keeps its server-side fields and findings.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from playground.spec import common, limits
from playground.spec.common import Recipients, spec
from playground.spec.versioning import Revision
from playground.spec.v3_2 import events as previous
from playground.spec.v3_2.events import (CustomRequest, CustomResponse, MessageRequest, MessageResponse,  # noqa: F401
                                         Postback, PropertiesEventBase, ResponseMixin, SystemMessageRequest,
                                         SystemMessageResponse)
from playground.spec.v3_3.forms import FilledFormField, FormField

ALT_NOTE = "Only applicable to images"


class Image(common.Image):
    alternative_text: str | None = spec("Optional; the image's alternative text.", default=None)


class Button(previous.Button):
    target: Literal["new", "current"] | None = spec(
        "Should be used for the url button type. Specifies if the URL should open in the current or a new "
        "tab. Possible values: new, current.", default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        kind = data.get("type")
        if "target" in data and kind != "url":
            yield (("target",), "button-target-not-url",
                   f"`target` should be used for url buttons; this is a {kind!r} button, so the widget "
                   "ignores it.")


class Element(previous.Element):
    image: Image | None = spec("Displays images on RMs. Required param: url; Optional params: name, "
                               "content_type, size, width, height, alternative_text.", default=None)
    buttons: list[Button] | None = spec("Displays buttons. Can contain up to 13 button objects.",
                                        default=None, max_length=limits.MAX_BUTTONS, rule="rich-buttons-max")


class RichMessageRequest(previous.RichMessageRequest):
    elements: list[Element] | None = spec("Can contain up to 10 element objects.", default=None,
                                          max_length=limits.MAX_ELEMENTS, rule="rich-elements-max")


class RichMessageResponse(RichMessageRequest, previous.RichMessageResponse):
    pass


class FileRequest(previous.FileRequest):
    alternative_text: str | None = spec(ALT_NOTE, default=None)


class FileResponse(FileRequest, previous.FileResponse):
    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        kind = data.get("content_type")
        if "alternative_text" in data and isinstance(kind, str) and not kind.startswith("image/"):
            yield (("alternative_text",), "file-image-fields",
                   f"alternative_text is returned only for images, but content_type is {kind!r}.")


class FilledFormRequest(previous.FilledFormRequest):
    fields: list[FilledFormField] = spec("The fields a form contains. See filled form fields for details.")


class FilledFormResponse(FilledFormRequest, previous.FilledFormResponse):
    pass


# -- form (new) -------------------------------------------------------------------------------

class FormRequest(Revision, PropertiesEventBase):
    """An empty form for the customer to fill. Its request table has no `recipients`."""
    __label__ = "Form"
    __removed__ = ("recipients",)
    type: Literal["form"] = spec("form")
    form_id: str = spec("The form's id.")
    fields: list[FormField] = spec("The fields a form contains. See form fields for details.")


class FormResponse(ResponseMixin, FormRequest):
    # The Form response table says recipients is "always" returned; the page's own Form sample
    # has none: a warning quoting both places rather than recipients-missing-response's error.
    __recipients_always_returned__ = False
    __rules__ = ("form-recipients-missing",)
    recipients: Recipients | None = spec("Returned: always.", default=None, rule="recipients")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        if mode == "response" and "recipients" not in data and "recipients" in cls.model_fields \
                and not ctx.get("in_last_event_per_type"):
            yield ((), "form-recipients-missing",
                   "This returned form has no `recipients`; the Form response table says it is always "
                   "returned, but the page's own Form sample has none.")


REQUEST_EVENTS = (MessageRequest, RichMessageRequest, FileRequest, FormRequest, FilledFormRequest,
                  CustomRequest, SystemMessageRequest)
RESPONSE_EVENTS = (MessageResponse, RichMessageResponse, FileResponse, FormResponse, FilledFormResponse,
                   CustomResponse, SystemMessageResponse)

EventRequest = Annotated[Union[REQUEST_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
EventResponse = Annotated[Union[RESPONSE_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
