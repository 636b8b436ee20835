"""The API's answers in the shapes the playground's structures describe.

get_chat and list_archives answer a chat with one `thread`; the spec's Chat data structure (the
one the validator, the editor and the tables know) holds `threads`, an array. `as_spec_chat`
turns the first into the second, in place of the key and with nothing else changed, and says so.
"""
from __future__ import annotations

from typing import Any

NOTE = ("get_chat and list_archives answer a chat with one `thread`; the spec's Chat structure holds "
        "`threads` (an array), so that thread is shown as `threads` with one item. Nothing else is changed.")


def as_spec_chat(chat: Any) -> tuple[Any, bool]:
    """(the chat with `thread` as a one-item `threads`, whether it changed). Anything else is
    returned as it is: a chat that already has `threads`, or that is not an object."""
    if not isinstance(chat, dict) or "thread" not in chat or "threads" in chat:
        return chat, False
    return {("threads" if k == "thread" else k): ([v] if k == "thread" else v) for k, v in chat.items()}, True


def archives_as_chats(doc: Any) -> tuple[Any, bool]:
    """A list_archives answer ({"chats": [...]}) with each chat in the spec's shape."""
    if not isinstance(doc, dict) or not isinstance(doc.get("chats"), list):
        return doc, False
    chats, changed = [], False
    for c in doc["chats"]:
        c2, ch = as_spec_chat(c)
        chats.append(c2)
        changed = changed or ch
    return {**doc, "chats": chats}, changed
