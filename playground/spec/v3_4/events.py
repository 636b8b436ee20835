"""v3.4 events: `recipients` renamed to `visibility` in every event (request: optional, default
`all`; response: always returned), and `form_type` on returned forms and filled forms.

A response model is (the audience of a response, this version's request, the previous version's
response): pydantic takes an inherited field from the first base that has it.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from playground.spec.common import Model, spec
from playground.spec.versioning import Revision, relaxed
from playground.spec.v3_3 import events as previous

Visibility = Literal["all", "agents"]
VISIBILITY_NOTE = "Possible values: all (default), agents"
RETURNED_NOTE = "Returned: always. Possible values: all, agents."
FORM_TYPE_NOTE = ("The most popular form types include: prechat, postchat, ask_for_email, but those aren't the "
                  "only possible options. If you don't see this field in a chat, it means that chat had been "
                  "started before we introduced this field.")


class VisibleRequest(Revision, Model):
    """What an event request has in place of `recipients`."""
    __renamed__ = {"recipients": "visibility"}
    visibility: Visibility | None = spec(VISIBILITY_NOTE, default=None, json_schema_extra={"default": "all"})


class VisibleResponse(Revision, Model):
    """What a returned event has in place of `recipients`: always returned."""
    __renamed__ = {"recipients": "visibility"}
    visibility: Visibility = spec(RETURNED_NOTE)


class MessageRequest(VisibleRequest, previous.MessageRequest):
    pass


class MessageResponse(VisibleResponse, MessageRequest, previous.MessageResponse):
    pass


class RichMessageRequest(VisibleRequest, previous.RichMessageRequest):
    pass


class RichMessageResponse(VisibleResponse, RichMessageRequest, previous.RichMessageResponse):
    pass


class FileRequest(VisibleRequest, previous.FileRequest):
    pass


class FileResponse(VisibleResponse, FileRequest, previous.FileResponse):
    pass


class FormRequest(VisibleRequest, previous.FormRequest):
    pass


class FormResponse(VisibleResponse, FormRequest, previous.FormResponse):
    form_type: str | None = spec(FORM_TYPE_NOTE, default=None)


class FilledFormRequest(VisibleRequest, previous.FilledFormRequest):
    pass


class FilledFormResponse(VisibleResponse, FilledFormRequest, previous.FilledFormResponse):
    form_type: str | None = spec(FORM_TYPE_NOTE, default=None)


class CustomRequest(VisibleRequest, previous.CustomRequest):
    pass


class CustomResponse(VisibleResponse, CustomRequest, previous.CustomResponse):
    pass


class SystemMessageRequest(VisibleRequest, previous.SystemMessageRequest):
    visibility: Visibility | None = spec("It can be specified when sending system messages via the Send Event "
                                         "method. Possible values: all, agents.", default=None)


class SystemMessageResponse(VisibleResponse, SystemMessageRequest, previous.SystemMessageResponse):
    pass


REQUEST_EVENTS = (MessageRequest, RichMessageRequest, FileRequest, FormRequest, FilledFormRequest,
                  CustomRequest, SystemMessageRequest)
RESPONSE_EVENTS = (MessageResponse, RichMessageResponse, FileResponse, FormResponse, FilledFormResponse,
                   CustomResponse, SystemMessageResponse)

EventRequest = Annotated[Union[REQUEST_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
EventResponse = Annotated[Union[RESPONSE_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]

# Events inside a chat summary's last_event_per_type carry no visibility (every page's sample).
LAST_EVENTS = tuple(relaxed(event, "visibility") for event in RESPONSE_EVENTS)
LastEventResponse = Annotated[Union[LAST_EVENTS], Field(discriminator="type")]  # type: ignore[valid-type]
