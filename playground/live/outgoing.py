"""What is sent with send_event: the payload validated as a request under the target version,
the keys only the server writes (id, created_at, author_id) taken out first, and after the API
answered, our verdict beside the API's.

    ready = prepare_event(text, "3.6")
    ready.event        # the dict to send (None when the text is no event)
    ready.stripped     # ["id", "author_id"]: removed, since a request carries none of them
    ready.report       # playground.validation Report of what is sent (request mode, v3.6)
    ready.sendable     # an event with no error
    comparison(ready.report, answer=..., error=...)   # one sentence: both agree, or who disagrees
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.spec import catalog
from playground.validation import validate
from playground.validation.report import Report

SERVER_KEYS = ("id", "created_at", "author_id")


@dataclass
class Outgoing:
    event: dict | None
    report: Report
    stripped: list[str] = field(default_factory=list)
    problem: str | None = None      # why this cannot be sent at all (not JSON, not an event)

    @property
    def sendable(self) -> bool:
        return self.problem is None and self.report.ok

    @property
    def forceable(self) -> bool:
        """Can be sent against our verdict (the user's explicit choice): an object, at least."""
        return self.event is not None

    def notes(self) -> list[str]:
        out = []
        if self.stripped:
            keys = ", ".join(f"`{k}`" for k in self.stripped)
            out.append(f"Removed {keys}: the server writes {'them' if len(self.stripped) > 1 else 'it'}, "
                       "a request carries none (send_event answers with the new event's id).")
        return out


def is_event(structure: str | None, version: str) -> bool:
    s = catalog.structures(version).get(structure or "")
    return s is not None and s.section == "Events" and structure != "event"


def prepare_event(text: str | bytes, version: str, structure: str | None = None) -> Outgoing:
    """Validate `text` as a send_event request under `version` (structure None: detected)."""
    first = validate(text, structure=structure, mode="request", version=version)
    data = first.data
    if not isinstance(data, dict):
        why = ("the text is not JSON yet: fix the first error" if data is None and not first.ok
               else "send_event sends one event, a JSON object")
        return Outgoing(None, first, problem=why)
    stripped = [k for k in SERVER_KEYS if k in data]
    event = {k: v for k, v in data.items() if k not in stripped}
    report = first
    if stripped:
        report = validate(json.dumps(event, indent=2, ensure_ascii=False), structure=structure,
                          mode="request", version=version)
    if not is_event(report.structure, version):
        what = catalog.structures(version).get(report.structure or "")
        named = f"a {what.title.lower()}" if what is not None else "not an event the spec knows"
        return Outgoing(event, report, stripped,
                        problem=f"send_event sends events (message, rich_message, file, ...); this is {named}.")
    return Outgoing(event, report, stripped)


def verdict_words(report: Report) -> str:
    e, w = len(report.errors), len(report.warnings)
    if not e:
        return "valid" + (f", {w} warning{'s' * (w != 1)}" if w else "")
    first = report.errors[0]
    where = f" at {first.path}" if first.path else ""
    return f"{e} error{'s' * (e != 1)} (first{where}: {first.message})"


def comparison(report: Report, answer: Any = None, error: Any = None) -> str:
    """Our validator's verdict beside the API's answer, in one sentence."""
    ours = verdict_words(report)
    version = f"v{report.version}"
    if error is not None:
        theirs = f'refused it ({getattr(error, "type", "error")}: "{getattr(error, "message", error)}")'
        api_refused = getattr(error, "type", "") in ("validation", "entity_too_large")
        if not report.ok and api_refused:
            head = "Both refuse it"
        elif report.ok and api_refused:
            head = "The API refused what our validator accepts"
        else:
            head = "The API did not take it, for a reason that is not the payload"
        return f"{head}: our validator ({version}, request): {ours}; the API {theirs}."
    event_id = answer.get("event_id") if isinstance(answer, dict) else None
    theirs = f"accepted it (event_id {event_id})" if event_id else "accepted it"
    head = "Both accept it" if report.ok else "The API accepted what our validator flags"
    return f"{head}: our validator ({version}, request): {ours}; the API {theirs}."
