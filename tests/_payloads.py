"""Helpers shared by the core's tests: payloads with a marked place, and minimal valid payloads.

A test writes the place it expects an issue at as a `§` in the payload text; `unmark` removes
the mark and returns the text with the 1-based line and column where it stood. The expected
position is thus written by hand next to the payload, independently of the validator's scanner.
"""
from __future__ import annotations

import json
from pathlib import Path

MARK = "§"
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def unmark(text: str | bytes) -> tuple[str | bytes, int | None, int | None]:
    """(text without the mark, line, column) - line/column None when there is no mark."""
    if isinstance(text, bytes):
        mark = MARK.encode()
        i = text.find(mark)
        if i < 0:
            return text, None, None
        head = text[:i].decode("utf-8")
        return text[:i] + text[i + len(mark):], head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1
    i = text.find(MARK)
    if i < 0:
        return text, None, None
    assert text.count(MARK) == 1, "one mark per payload"
    head = text[:i]
    return text[:i] + text[i + 1:], head.count("\n") + 1, i - (head.rfind("\n") + 1) + 1


def sample(rel: str) -> dict | list:
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


def sample_text(rel: str) -> str:
    return (SAMPLES / rel).read_text(encoding="utf-8")


# Minimal valid payloads (requests unless named *_RESPONSE), for tests to vary.
MESSAGE = {"type": "message", "text": "Hello", "recipients": "all"}
BUTTON = {"text": "Open", "type": "url", "value": "https://example.com", "postback_id": "open", "user_ids": []}
ELEMENT = {"title": "Card", "subtitle": "Sub", "image": {"url": "https://example.com/a.png"}, "buttons": [BUTTON]}
RICH = {"type": "rich_message", "recipients": "all", "template_id": "cards", "elements": [ELEMENT]}
CDN_URL = "https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/image.png"
FILE = {"type": "file", "recipients": "all", "url": CDN_URL}
FILLED_FORM = {"type": "filled_form", "recipients": "all", "form_id": "1002", "fields": [
    {"type": "name", "id": "1", "label": "Name", "answer": "Thomas"}]}
CUSTOM = {"type": "custom", "recipients": "all", "content": {"any": ["json", 1, None]}}
SYSTEM = {"type": "system_message", "system_message_type": "routing.idle", "text": "Hi %agent%",
          "text_vars": {"agent": "Agent Smith"}}
SERVER = {"id": "QA37PVJ75B_1", "created_at": "2020-05-12T11:42:47.383001Z", "author_id": "smith@example.com"}
MESSAGE_RESPONSE = {**MESSAGE, **SERVER}
AGENT = {"id": "smith@example.com", "type": "agent", "name": "Agent Smith"}
CUSTOMER = {"id": "b7eff798-f8df-4364-8059-649c35c9ed0c", "type": "customer", "name": "Thomas Anderson"}
THREAD = {"id": "K600PKZON8", "active": True, "created_at": "2020-05-07T07:11:28.288340Z", "events": []}
CHAT = {"id": "PJ0MRSHTDG", "threads": [THREAD], "users": [AGENT, CUSTOMER]}
CHAT_SUMMARY = {"id": "PJ0MRSHTDG", "last_event_per_type": {}}


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)
