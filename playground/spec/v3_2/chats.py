"""Threads, chats, chat summaries and list_chats pages."""
from __future__ import annotations

from typing import Union

from playground.spec.common import Access, Model, Properties, PROPERTIES_NOTE, UtcMicroTimestamp, spec
from playground.spec.v3_2.events import EventResponse
from playground.spec.v3_2.users import User


class Queue(Model):
    __label__ = "Queue"
    position: int = spec("Position in the queue.", ge=0)
    wait_time: int = spec("The wait time for an available agent is approximated in seconds.", ge=0)
    queued_at: UtcMicroTimestamp = spec("When the chat was queued.")


class Thread(Model):
    __label__ = "Thread"
    __rules__ = ("thread-restricted-events",)
    id: str = spec("Thread id.")
    active: bool = spec("Possible values: true (thread is still active) or false(thread no longer active)")
    user_ids: list[str] | None = spec("Ids of the thread's users.", default=None)
    restricted_access: str | None = spec("Contains the reason for access restriction.", default=None)
    events: list[EventResponse] | None = spec("Doesn't exists if restricted_access is present.", default=None)
    properties: Properties | None = spec(PROPERTIES_NOTE, default=None, rule="properties-shape")
    access: Access | None = spec("Access data structure.", default=None)
    queue: Queue | None = spec("Present only if the chat is in the queue. The wait time for an available agent is approximated in seconds.", default=None)
    queues_duration: int | None = spec("Seconds spent in queues.", default=None, ge=0)
    previous_thread_id: str | None = spec("Present only if there is a preceding thread.", default=None)
    next_thread_id: str | None = spec("Present only if there is a following thread.", default=None)
    created_at: UtcMicroTimestamp = spec("Date & time format with a resolution of microseconds, UTC string. Generated server-side.")

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        if "restricted_access" in data and "events" in data:
            yield (("events",), "thread-restricted-events",
                   "This thread has restricted_access and events; the table says events "
                   "\"Doesn't exists if restricted_access is present\" (the spec's Thread sample has both).")


class Chat(Model):
    __label__ = "Chat"
    id: str = spec("Chat id.")
    threads: list[Thread] | None = spec("The chat's threads.", default=None)
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)
    properties: Properties | None = spec(PROPERTIES_NOTE, default=None, rule="properties-shape")
    access: Access | None = spec("Access data structure.", default=None)
    is_followed: bool | None = spec("Whether the agent follows the chat.", default=None)

class ThreadSummary(Model):
    __label__ = "Last thread summary"
    id: str = spec("Thread id.")
    created_at: UtcMicroTimestamp = spec("Date & time format with a resolution of microseconds, UTC string.")
    user_ids: list[str] | None = spec("Ids of the thread's users.", default=None)
    properties: Properties | None = spec(PROPERTIES_NOTE, default=None, rule="properties-shape")
    active: bool | None = spec("true (thread is still active) or false (thread no longer active)", default=None)
    access: Access | None = spec("Access data structure.", default=None)
    queue: Queue | None = spec("Present only if the chat is in the queue.", default=None)


class LastEvent(Model):
    __label__ = "Last event of a type"
    # Events inside a chat summary's last_event_per_type carry no recipients.
    __walk_context__ = {"in_last_event_per_type": True}
    thread_id: str = spec("The thread holding the event.")
    thread_created_at: UtcMicroTimestamp = spec("When that thread was created.")
    event: EventResponse = spec("The event (events here carry no recipients).")


class ChatSummary(Model):
    __label__ = "Chat summary"
    __rules__ = ("last-event-type-key",)
    id: str = spec("Chat id.")
    last_thread_summary: ThreadSummary | None = spec("Summary of the chat's last thread.", default=None)
    users: list[User] | None = spec("Agents and customers of the chat.", default=None)
    last_event_per_type: dict[str, LastEvent] | None = spec("The last event of each type in the chat.", default=None)
    properties: Properties | None = spec(PROPERTIES_NOTE, default=None, rule="properties-shape")
    access: Access | None = spec("Access data structure.", default=None)
    is_followed: bool | None = spec("Whether the agent follows the chat.", default=None)

    @classmethod
    def spec_findings(cls, data, mode, ctx):
        lept = data.get("last_event_per_type")
        if isinstance(lept, dict):
            for key, v in lept.items():
                ev = v.get("event") if isinstance(v, dict) else None
                if isinstance(ev, dict) and isinstance(ev.get("type"), str) and ev["type"] != key:
                    yield (("last_event_per_type", key, "event", "type"), "last-event-type-key",
                           f"This event is filed under {key!r} but its type is {ev['type']!r}.")


class ListChatsResponse(Model):
    __label__ = "list_chats response"
    __role__ = "response"
    chats_summary: list[ChatSummary] = spec("A page of chat summaries.")
    found_chats: int | None = spec("How many chats match in all.", default=None, ge=0)
    next_page_id: str | None = spec("Pass as page_id to get the next page.", default=None)
    previous_page_id: str | None = spec("Pass as page_id to get the previous page.", default=None)


ChatSummaries = Union[list[ChatSummary], ListChatsResponse]
