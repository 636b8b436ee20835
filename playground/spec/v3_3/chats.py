"""v3.3 chats: threads have `tags`; chats, threads and summaries hold v3.3 events and users."""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.versioning import chat_containers, retyped
from playground.spec.v3_2 import chats as previous
from playground.spec.v3_2.chats import Queue, ThreadSummary  # noqa: F401
from playground.spec.v3_3.events import EventResponse
from playground.spec.v3_3.users import User


class Thread(retyped(previous.Thread, __name__, events=list[EventResponse] | None)):
    tags: list[str] | None = spec("An array of tags. Returned only if a thread was tagged.", default=None)


Chat, LastEvent, ChatSummary, ListChatsResponse = chat_containers(previous, __name__, Thread, EventResponse, User)


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
