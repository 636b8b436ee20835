"""v3.6 chats: threads have `customer_visit`; v3.6 events (with system and deleted events) and users."""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.versioning import chat_containers, retyped
from playground.spec.v3_2.users import Visit
from playground.spec.v3_4 import chats as previous
from playground.spec.v3_4.chats import Queue, ThreadSummary  # noqa: F401
from playground.spec.v3_6.events import EventResponse, LastEventResponse
from playground.spec.v3_6.users import User


class Thread(retyped(previous.Thread, __name__, events=list[EventResponse] | None)):
    customer_visit: Visit | None = spec("Contains details about customer visit (IP, User agent and geolocation).",
                                        default=None)


Chat, LastEvent, ChatSummary, ListChatsResponse = chat_containers(previous, __name__, Thread, LastEventResponse, User)


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
