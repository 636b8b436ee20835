"""The editor's history in session state: undo / redo of every replacement of its text, and the
list of recent payloads. Pure (no Streamlit): the functions take the session-state mapping.

A step is the editor's whole state before a replacement: text, structure choice, mode choice,
version choice (what undo puts back), the source of the replacement that replaced it, the time,
and the structure and version it was last checked as (for the Recent list). Ctrl+Z in the ace
editor undoes typing; it cannot cross a replacement (the editor mounts afresh with the new
text), which is what these steps are for.

Bounds, so that a session holding many 5 MB texts stays small: at most MAX_STEPS steps of undo
and as many of redo, at most MAX_HISTORY_CHARS characters in all of them together (the oldest
go first; the newest step is always kept); at most MAX_RECENT recent payloads and
MAX_RECENT_CHARS characters. A step holds the very string the session held (no copy).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, MutableMapping

HISTORY_KEY = "payload_history"
RECENT_KEY = "payload_recent"
MAX_STEPS = 50
MAX_HISTORY_CHARS = 12_000_000
MAX_RECENT = 10
MAX_RECENT_CHARS = 6_000_000


@dataclass(frozen=True)
class Step:
    text: str
    structure: str
    mode: str
    version: str
    source: str = ""                 # what replaced it ("sample", "upload", "fix", "undo", ...)
    found: tuple | None = None       # (structure, version) it was checked as, when known
    at: float = field(default_factory=time.time)


def _book(ss: MutableMapping) -> dict:
    book = ss.get(HISTORY_KEY)
    if not isinstance(book, dict) or not isinstance(book.get("undo"), list) or not isinstance(book.get("redo"), list):
        book = ss[HISTORY_KEY] = {"undo": [], "redo": []}
    return book


def _trim(steps: list, max_steps: int, max_chars: int) -> None:
    """Drop the oldest (the front) until both bounds hold; the newest is always kept."""
    del steps[:max(0, len(steps) - max_steps)]
    total = sum(len(s.text) for s in steps)
    while len(steps) > 1 and total > max_chars:
        total -= len(steps.pop(0).text)


def record(ss: MutableMapping, before: Step) -> None:
    """A replacement is about to happen: `before` is what it replaces. Clears redo."""
    book = _book(ss)
    book["undo"].append(before)
    book["redo"].clear()
    _trim(book["undo"], MAX_STEPS, MAX_HISTORY_CHARS)
    remember(ss, before)


def can(ss: MutableMapping, way: str) -> bool:
    return bool(_book(ss)[way])


def move(ss: MutableMapping, way: str, now: Step) -> Step | None:
    """Undo (way="undo") or redo: the step to go to, `now` kept on the other side; None if none."""
    book = _book(ss)
    steps = book[way]
    if not steps:
        return None
    step = steps.pop()
    other = book["redo" if way == "undo" else "undo"]
    other.append(now)
    _trim(other, MAX_STEPS, MAX_HISTORY_CHARS)
    remember(ss, now)
    return step


def remember(ss: MutableMapping, step: Step) -> None:
    """Put `step` first in the recent payloads (an equal text earlier in the list goes)."""
    if not step.text.strip():
        return
    items = ss.get(RECENT_KEY)
    items = [s for s in items if s.text != step.text] if isinstance(items, list) else []
    items.insert(0, step)
    del items[MAX_RECENT + 1:]           # one more than shown: the current text is left out
    total = 0
    for n, s in enumerate(items):
        total += len(s.text)
        if n and total > MAX_RECENT_CHARS:
            del items[n:]
            break
    ss[RECENT_KEY] = items


def recent(ss: MutableMapping, current: str) -> list[Step]:
    items = ss.get(RECENT_KEY)
    return [s for s in items if s.text != current][:MAX_RECENT] if isinstance(items, list) else []


def sizes(ss: MutableMapping) -> dict[str, Any]:
    """What the history holds (for tests and the bounds): steps and characters."""
    book = _book(ss)
    items = ss.get(RECENT_KEY) or []
    return {"undo": len(book["undo"]), "redo": len(book["redo"]), "recent": len(items),
            "chars": sum(len(s.text) for s in book["undo"] + book["redo"]),
            "recent_chars": sum(len(s.text) for s in items)}
