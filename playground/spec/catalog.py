"""STRUCTURES: stable name -> request model, response model, title, spec section, samples.

The names are stable: the CLI, share links, URLs and tests use them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from playground.spec import v3_2 as m
from playground.spec.limits import API_VERSION

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"


@dataclass(frozen=True)
class Structure:
    name: str
    title: str
    section: str                   # "Events", "Users", "Other common structures"
    request_model: Any             # a model class or a typing form (union, list, dict)
    response_model: Any
    samples: tuple[Path, ...] = ()
    note: str = ""
    wrapper: str | None = None     # the spec's sample wraps this structure under one key
    version: str = API_VERSION
    _adapters: dict = field(default_factory=dict, compare=False, repr=False)

    def model(self, mode: str = "response") -> Any:
        return self.request_model if mode == "request" else self.response_model

    def adapter(self, mode: str = "response") -> TypeAdapter:
        key = "request" if mode == "request" else "response"
        if key not in self._adapters:
            self._adapters[key] = TypeAdapter(self.model(mode))
        return self._adapters[key]

    def json_schema(self, mode: str = "response") -> dict:
        schema = self.adapter(mode).json_schema(by_alias=True)
        if self.wrapper:  # the spec's sample wraps the structure under one key: accept both forms
            defs = schema.pop("$defs", None)
            inner = dict(schema)
            schema = {"anyOf": [inner, {"type": "object", "properties": {self.wrapper: inner},
                                        "required": [self.wrapper], "additionalProperties": False}]}
            if defs:
                schema["$defs"] = defs
        schema.setdefault("title", self.title)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["description"] = (f"LiveChat Agent Chat API v{self.version}: {self.title} ({mode}). "
                                 + (self.note or ""))
        return schema


def _s(*names: str) -> tuple[Path, ...]:
    return tuple(SAMPLES_DIR / f"{n}.json" for n in names)


_LIST = [
    Structure("message", "Message", "Events", m.MessageRequest, m.MessageResponse, _s("events/message"),
              "The Message event contains text message to other chat users."),
    Structure("rich_message", "Rich message", "Events", m.RichMessageRequest, m.RichMessageResponse,
              _s("events/rich_message"), "Rich message (RM) event contains a rich message data structure."),
    Structure("file", "File", "Events", m.FileRequest, m.FileResponse, _s("events/file"),
              "The File event informs about an uploaded file."),
    Structure("filled_form", "Filled form", "Events", m.FilledFormRequest, m.FilledFormResponse,
              _s("events/filled_form"), "The Filled form event contains data from a form (prechat or postchat survey)."),
    Structure("custom", "Custom", "Events", m.CustomRequest, m.CustomResponse, _s("events/custom"),
              "Custom event is an event with customizable payload."),
    Structure("system_message", "System message", "Events", m.SystemMessageRequest, m.SystemMessageResponse,
              _s("events/system_message"), "System message event is native system event sent in specific situations."),
    Structure("event", "Any event", "Events", m.EventRequest, m.EventResponse, (),
              "Any of the six events, chosen by its `type`."),
    Structure("agent", "Agent", "Users", m.Agent, m.Agent, _s("users/agent")),
    Structure("my_profile", "My profile", "Users", m.MyProfile, m.MyProfile, _s("users/my_profile")),
    Structure("customer", "Customer", "Users", m.Customer, m.Customer, _s("users/customer")),
    Structure("access", "Access", "Other common structures", m.Access, m.Access, _s("common/access"),
              "Which groups can see a chat or thread.", wrapper="access"),
    Structure("chat", "Chat", "Other common structures", m.Chat, m.Chat, _s("chats/chat")),
    Structure("chat_summary", "Chat summary", "Other common structures", m.ChatSummary, m.ChatSummary,
              _s("chats/chat_summary"),
              "Chat summary is similar to the Chat data structure. The difference is that Chat contains a thread "
              "object, while Chat summary includes last_thread_summary and last_event_per_type."),
    Structure("chat_summaries", "Chat summaries", "Other common structures", m.ChatSummaries, m.ChatSummaries,
              _s("chats/chat_summaries", "chats/list_chats_response"),
              "A list of chat summaries, or a list_chats response holding one under `chats_summary`."),
    Structure("thread", "Thread", "Other common structures", m.Thread, m.Thread, _s("chats/thread")),
    Structure("filled_form_fields", "Filled form fields", "Other common structures", m.FilledFormFields,
              m.FilledFormFields, _s("common/filled_form_fields"), "A component of the Filled form event."),
    Structure("properties", "Properties", "Other common structures", m.Properties, m.Properties,
              _s("common/properties"),
              "Properties are key-value storages. They can be set within a chat, a thread, or an event.",
              wrapper="properties"),
]

STRUCTURES: dict[str, Structure] = {s.name: s for s in _LIST}
EVENT_NAMES = ("message", "rich_message", "file", "filled_form", "custom", "system_message")
SECTIONS = ("Events", "Users", "Other common structures")


def get(name: str) -> Structure:
    return STRUCTURES[name]


def all_samples() -> list[tuple[str, Path]]:
    """(structure name, path) for every bundled sample, in spec order."""
    return [(s.name, p) for s in _LIST for p in s.samples]
