"""v3.7 chats: Chat summary is renamed to Chat info, `last_thread_summary` to `last_thread_info`,
and list_chats' `chats_summary` to `chats_info`.

The changelog also says `last_event_per_type` "moved inside last_thread_info", while the page's
Chat info sample keeps it at the top: both places are accepted, the top one with a warning.
"""
from __future__ import annotations

from typing import Union

from playground.spec.common import spec
from playground.spec.versioning import Revision
from playground.spec.v3_6 import chats as previous
from playground.spec.v3_6.chats import LastEvent, Queue, Thread  # noqa: F401
from playground.spec.v3_7.users import User


class ThreadInfo(previous.ThreadSummary):
    __label__ = "Last thread info"
    last_event_per_type: dict[str, LastEvent] | None = spec(
        "The last event of each type in the thread (changelog: moved inside last_thread_info).", default=None)


class Chat(previous.Chat):
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)


class ChatInfo(Revision, previous.ChatSummary):
    """Chat info is similar to the Chat data structure. The difference is that Chat contains a thread
    object, while Chat info includes last_thread_info."""
    __label__ = "Chat info"
    __renamed__ = {"last_thread_summary": "last_thread_info"}
    last_thread_info: ThreadInfo | None = spec("Information on the chat's last thread.", default=None)
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        yield from super().spec_findings(data, mode, ctx)
        if "last_event_per_type" in data:
            yield (("last_event_per_type",), "chat-info-last-event-place",
                   "`last_event_per_type` is at the top of this chat info; the v3.7 changelog says it moved "
                   "inside last_thread_info, but the page's own Chat info sample keeps it here. Both are accepted.")


class ListChatsResponse(Revision, previous.ListChatsResponse):
    __renamed__ = {"chats_summary": "chats_info"}
    chats_info: list[ChatInfo] = spec("A page of chat infos (renamed from chats_summary).")


ChatsInfo = Union[list[ChatInfo], ListChatsResponse]
