"""v3.6 chats: threads have `customer_visit`; v3.6 events (with system and deleted events) and users."""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.v3_2.users import Visit
from playground.spec.v3_4 import chats as previous
from playground.spec.v3_4.chats import Queue, ThreadSummary  # noqa: F401
from playground.spec.v3_6.events import EventResponse, LastEventResponse
from playground.spec.v3_6.users import User


class Thread(previous.Thread):
    events: list[EventResponse] | None = spec("Doesn't exists if restricted_access is present.", default=None)
    customer_visit: Visit | None = spec("Contains details about customer visit (IP, User agent and geolocation).",
                                        default=None)


class Chat(previous.Chat):
    threads: list[Thread] | None = spec("The chat's threads.", default=None)
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)


class LastEvent(previous.LastEvent):
    event: LastEventResponse = spec("The event (events here carry no visibility).")


class ChatSummary(previous.ChatSummary):
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)
    last_event_per_type: dict[str, LastEvent] | None = spec("The last event of each type in the chat.", default=None)


class ListChatsResponse(previous.ListChatsResponse):
    chats_summary: list[ChatSummary] = spec("A page of chat summaries.")


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
