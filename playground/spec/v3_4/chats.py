"""v3.4 chats: threads have the accessible thread ids of list_archives; v3.4 events and users."""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.versioning import chat_containers, retyped
from playground.spec.v3_3 import chats as previous
from playground.spec.v3_3.chats import Queue, ThreadSummary  # noqa: F401
from playground.spec.v3_4.events import EventResponse, LastEventResponse
from playground.spec.v3_4.users import User


class Thread(retyped(previous.Thread, __name__, events=list[EventResponse] | None)):
    previous_accessible_thread_id: str | None = spec(
        "Present only if there is a preceding thread accessible for the requester. Field present only in "
        "list_archives.", default=None)
    next_accessible_thread_id: str | None = spec(
        "Present only if there is a following thread accessible for the requester. Field present only in "
        "list_archives.", default=None)


Chat, LastEvent, ChatSummary, ListChatsResponse = chat_containers(previous, __name__, Thread, LastEventResponse, User)


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
