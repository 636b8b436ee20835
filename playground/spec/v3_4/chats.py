"""v3.4 chats: threads have the accessible thread ids of list_archives; v3.4 events and users."""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.versioning import retyped
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


Chat = retyped(previous.Chat, __name__, threads=list[Thread] | None, users=list[User] | None)
LastEvent = retyped(previous.LastEvent, __name__, event=LastEventResponse)
ChatSummary = retyped(previous.ChatSummary, __name__, users=list[User] | None,
                      last_event_per_type=dict[str, LastEvent] | None)
ListChatsResponse = retyped(previous.ListChatsResponse, __name__, chats_summary=list[ChatSummary])


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
