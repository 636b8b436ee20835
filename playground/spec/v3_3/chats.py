"""v3.3 chats: threads have `tags`; chats, threads and summaries hold v3.3 events and users."""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.v3_2 import chats as previous
from playground.spec.v3_2.chats import Queue, ThreadSummary  # noqa: F401
from playground.spec.v3_3.events import EventResponse
from playground.spec.v3_3.users import User


class Thread(previous.Thread):
    events: list[EventResponse] | None = spec("Doesn't exists if restricted_access is present.", default=None)
    tags: list[str] | None = spec("An array of tags. Returned only if a thread was tagged.", default=None)


class Chat(previous.Chat):
    threads: list[Thread] | None = spec("The chat's threads.", default=None)
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)


class LastEvent(previous.LastEvent):
    event: EventResponse = spec("The event (events here carry no recipients).")


class ChatSummary(previous.ChatSummary):
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)
    last_event_per_type: dict[str, LastEvent] | None = spec("The last event of each type in the chat.", default=None)


class ListChatsResponse(previous.ListChatsResponse):
    chats_summary: list[ChatSummary] = spec("A page of chat summaries.")


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
