"""Pydantic v2 models of every Agent Chat API v3.2 data structure (see DESIGN.md)."""
from playground.spec.common import Access, AccessDoc, Image, Model, Properties, PropertiesDoc  # noqa: F401
from playground.spec.v3_2.events import (Button, CustomRequest, CustomResponse, Element, EventRequest, EventResponse,  # noqa: F401
                     FileRequest, FileResponse, FilledFormRequest, FilledFormResponse, MessageRequest,
                     MessageResponse, Postback, RichMessageRequest, RichMessageResponse,
                     SystemMessageRequest, SystemMessageResponse, REQUEST_EVENTS, RESPONSE_EVENTS)
from playground.spec.v3_2.forms import FilledFormFields, FormField  # noqa: F401
from playground.spec.v3_2.users import Agent, Customer, MyProfile, User  # noqa: F401
from playground.spec.v3_2.chats import Chat, ChatSummaries, ChatSummary, ListChatsResponse, Queue, Thread  # noqa: F401
