"""Pydantic v2 models of every Agent Chat API v3.2 data structure (see DESIGN.md).

As every version package, it tells the catalog (playground.spec.catalog) what it holds:
  VERSION   the API version, "3.2"
  CATALOG   stable structure name -> (request model, response model), in spec order
  SAMPLES   structure name -> its sample files, relative to samples/
  AUDIENCE  the event field saying who sees an event (optional in a version package: a version
            without it keeps the one of the version before)
"""
from playground.spec import limits
from playground.spec.common import Access, AccessDoc, Image, Model, Properties, PropertiesDoc  # noqa: F401
from playground.spec.v3_2.events import (Button, CustomRequest, CustomResponse, Element, EventRequest, EventResponse,  # noqa: F401
                     FileRequest, FileResponse, FilledFormRequest, FilledFormResponse, MessageRequest,
                     MessageResponse, Postback, RichMessageRequest, RichMessageResponse,
                     SystemMessageRequest, SystemMessageResponse, REQUEST_EVENTS, RESPONSE_EVENTS)
from playground.spec.v3_2.forms import FilledFormFields, FormField  # noqa: F401
from playground.spec.v3_2.users import Agent, Customer, MyProfile, User  # noqa: F401
from playground.spec.v3_2.chats import Chat, ChatSummaries, ChatSummary, ListChatsResponse, Queue, Thread  # noqa: F401

VERSION = "3.2"

CATALOG: dict[str, tuple] = {
    "message": (MessageRequest, MessageResponse),
    "rich_message": (RichMessageRequest, RichMessageResponse),
    "file": (FileRequest, FileResponse),
    "filled_form": (FilledFormRequest, FilledFormResponse),
    "custom": (CustomRequest, CustomResponse),
    "system_message": (SystemMessageRequest, SystemMessageResponse),
    "event": (EventRequest, EventResponse),
    "agent": (Agent, Agent),
    "my_profile": (MyProfile, MyProfile),
    "customer": (Customer, Customer),
    "access": (Access, Access),
    "chat": (Chat, Chat),
    "chat_summary": (ChatSummary, ChatSummary),
    "chat_summaries": (ChatSummaries, ChatSummaries),
    "thread": (Thread, Thread),
    "filled_form_fields": (FilledFormFields, FilledFormFields),
    "properties": (Properties, Properties),
}

SAMPLES: dict[str, tuple[str, ...]] = {
    "message": ("events/message.json",),
    "rich_message": ("events/rich_message.json",),
    "file": ("events/file.json",),
    "filled_form": ("events/filled_form.json",),
    "custom": ("events/custom.json",),
    "system_message": ("events/system_message.json",),
    "agent": ("users/agent.json",),
    "my_profile": ("users/my_profile.json",),
    "customer": ("users/customer.json",),
    "access": ("common/access.json",),
    "chat": ("chats/chat.json",),
    "chat_summary": ("chats/chat_summary.json",),
    "chat_summaries": ("chats/chat_summaries.json", "chats/list_chats_response.json"),
    "thread": ("chats/thread.json",),
    "filled_form_fields": ("common/filled_form_fields.json",),
    "properties": ("common/properties.json",),
}

AUDIENCE = limits.Audience(field="recipients", choices=limits.RECIPIENTS, default=limits.DEFAULT_RECIPIENTS)
