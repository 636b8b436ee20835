"""Detection of the structure from the fields a payload has."""
from __future__ import annotations

from typing import Any


from playground.spec import catalog
from playground.spec.catalog import DEFAULT_VERSION, EVENT_NAMES
from playground.validation.messages import _json_type


_DETECT_TRIED = ("events by \"type\" (" + ", ".join(EVENT_NAMES) + "), users by \"type\" (agent, customer), "
                 "chat_summaries (a list, or \"chats_summary\"), chat_summary (\"last_thread_summary\" / "
                 "\"last_event_per_type\"), chat (\"threads\"), thread (\"active\" with \"events\", "
                 "\"restricted_access\" or \"created_at\"), filled_form_fields (\"fields\"), access "
                 "(\"group_ids\" or \"access\"), properties (\"properties\")")


def detect(data: Any, version: str = DEFAULT_VERSION) -> tuple[str | None, str]:
    """(structure name or None, how it was detected — or, when None, what was tried), reading
    the fields of API `version` (UnknownVersion, a ValueError, when it is not known)."""
    audience = catalog.audience_field(version)   # v3.2: recipients
    if isinstance(data, list):
        if all(isinstance(x, dict) for x in data):
            return "chat_summaries", "a JSON array: a list of chat summaries"
        return None, ("The top level is an array of other values; only chat_summaries is a list (of "
                      "objects). Every other structure is a JSON object {...}.")
    if not isinstance(data, dict):
        kind = _json_type(data)
        return None, (f"The top level is {kind}; every Agent Chat API structure is a JSON object {{...}} "
                      "(or, for chat_summaries, a list of them).")
    t = data.get("type")
    if isinstance(t, str):
        if t in EVENT_NAMES:
            return t, f'by "type": "{t}"'
        if t == "agent":
            if "permission" in data:
                return "my_profile", 'by "type": "agent" with "permission"'
            return "agent", 'by "type": "agent"'
        if t == "customer":
            return "customer", 'by "type": "customer"'
    if "chats_summary" in data:
        return "chat_summaries", 'by "chats_summary" (a list_chats response)'
    if "last_thread_summary" in data or "last_event_per_type" in data:
        return "chat_summary", 'by "last_thread_summary" / "last_event_per_type"'
    if "threads" in data:
        return "chat", 'by "threads"'
    if "active" in data and ("events" in data or "restricted_access" in data or "created_at" in data):
        return "thread", 'by "active" with "events" / "created_at"'
    if isinstance(t, str) and ("id" in data or audience in data or "custom_id" in data):
        return "event", f'by "type": "{t}" (not a known event type)'
    if "fields" in data:
        return "filled_form_fields", 'by "fields"'
    if "group_ids" in data or set(data) == {"access"}:
        return "access", 'by "group_ids"' if "group_ids" in data else 'by "access"'
    if set(data) == {"properties"}:
        return "properties", 'by "properties"'
    keys = ", ".join(list(map(repr, data))[:6]) or "no keys"
    return None, (f"Could not tell which structure this is (it has {keys}). Tried: {_DETECT_TRIED}. "
                  "Pick the structure yourself (the structure picker, or --as NAME).")
