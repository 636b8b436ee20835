"""Pydantic v2 models of every Agent Chat API v3.2 data structure (see DESIGN.md)."""
from .common import Access, AccessDoc, Image, Model, Properties, PropertiesDoc  # noqa: F401
from .events import (Button, CustomRequest, CustomResponse, Element, EventRequest, EventResponse,  # noqa: F401
                     FileRequest, FileResponse, FilledFormRequest, FilledFormResponse, MessageRequest,
                     MessageResponse, Postback, RichMessageRequest, RichMessageResponse,
                     SystemMessageRequest, SystemMessageResponse, REQUEST_EVENTS, RESPONSE_EVENTS)
from .forms import FilledFormFields, FormField  # noqa: F401
from .users import Agent, Customer, MyProfile, User  # noqa: F401
from .chats import Chat, ChatSummaries, ChatSummary, ListChatsResponse, Queue, Thread  # noqa: F401
