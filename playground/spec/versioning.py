"""How a later API version is written: as what changed from the version before.

A version's model subclasses the previous version's model, so it keeps every field, validator
and spec finding, and its class body holds only what changed:
- a new or changed field is declared in the body, as in any pydantic subclass;
- a field the version no longer has is named in `__removed__`;
- a renamed field is named in `__renamed__` (old name -> new name): the new field takes the old
  one's place, with the old one's type and note unless the version declares it anew.
pydantic cannot delete an inherited field by subclassing, so `Revision` does it once, when the
class is made: it takes the names out of the model's fields and rebuilds its schema (`model_rebuild`).
Subclasses inherit the removal (names they declare themselves are kept).

`retyped(model, module, field=type, ...)` derives a model whose fields hold this version's
types (its events, users, threads). `relaxed(model, ...)` derives a model whose listed fields are optional (events inside a chat
summary's `last_event_per_type` carry no `visibility`). `Change` is one line of a version's
CHANGES: what the migration and the reference read.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from pydantic import Discriminator, create_model
from pydantic.fields import FieldInfo

from playground.spec.common import Access, Properties


def retyped(parent: type, module: str, **types: Any) -> type:
    """A subclass of `parent` whose named fields hold other types (this version's events, users,
    threads), each keeping its note, default and metadata: how a version's containers (threads,
    chats, summaries) come to hold the version's own events and users."""
    fields = {name: (tp, _with_type_details(_without_type_details(parent.model_fields[name]), tp))
              for name, tp in types.items()}
    return create_model(parent.__name__, __base__=parent, __module__=module, **fields)


def _with_type_details(info: FieldInfo, tp: Any) -> FieldInfo:
    """`info` with the discriminator of the new type's own Annotated[Union, Field(discriminator=...)]
    (given with an explicit FieldInfo, pydantic keeps that one's and the union lost its tag:
    v3.3-v3.5 last_event_per_type events were read as a smart union, walked as Messages)."""
    for meta in getattr(tp, "__metadata__", ()):
        if isinstance(meta, FieldInfo) and meta.discriminator is not None:
            info.discriminator = meta.discriminator
    return info



def chat_containers(previous: Any, module: str, thread: type, last_event_response: Any, user: Any) -> tuple:
    """(Chat, LastEvent, ChatSummary, ListChatsResponse) of a version: the previous version's,
    holding this version's threads, events (as last_event_per_type has them) and users."""
    chat = retyped(previous.Chat, module, threads=list[thread] | None, users=list[user] | None)
    last_event = retyped(previous.LastEvent, module, event=last_event_response)
    summary = retyped(previous.ChatSummary, module, users=list[user] | None,
                      last_event_per_type=dict[str, last_event] | None)
    page = retyped(previous.ListChatsResponse, module, chats_summary=list[summary])
    return chat, last_event, summary, page

def _without_type_details(info: FieldInfo) -> FieldInfo:
    """A copy of a field's info without what belonged to its old type (a union's discriminator)."""
    fresh = copy.copy(info)
    fresh.discriminator = None
    fresh.metadata = [m for m in info.metadata if not isinstance(m, Discriminator)]
    return fresh


class Revision:
    """Mixin (first among the bases) for a model that removes or renames inherited fields."""

    __removed__: ClassVar[tuple[str, ...]] = ()
    __renamed__: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        own = set(cls.__dict__.get("__annotations__", {}))
        removed: set[str] = set()
        renamed: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            removed.update(getattr(klass, "__removed__", ()))
            renamed.update(getattr(klass, "__renamed__", {}))
        fields = cls.__pydantic_fields__
        if not (removed | set(renamed)) & set(fields):
            return
        _check_validators(cls, removed | set(renamed))
        rebuilt: dict[str, FieldInfo] = {}
        for name, info in fields.items():
            if name in renamed and name not in own:
                new = renamed[name]   # in the old one's place; declared anew by the version, or a copy
                rebuilt[new] = fields[new] if new in fields else copy.copy(info)
            elif name in removed and name not in own:
                continue
            elif name not in rebuilt:
                rebuilt[name] = info
        cls.__pydantic_fields__ = rebuilt
        cls.model_rebuild(force=True)


def _check_validators(cls: type, names: set[str]) -> None:
    """A field validator bound to a removed field would make pydantic refuse the class: say which."""
    for dec in cls.__pydantic_decorators__.field_validators.values():
        lost = names.intersection(dec.info.fields)
        if lost:
            raise TypeError(f"{cls.__name__}: validator {dec.cls_var_name} checks {sorted(lost)}, "
                            "which this version removes; override the validator too")


def relaxed(model: type, *names: str, doc: str | None = None) -> type:
    """`model` with the fields `names` optional (default None), same class name and behaviour."""
    overrides: dict[str, Any] = {}
    for name in names:
        info = copy.copy(model.model_fields[name])
        info.default = None
        overrides[name] = (Optional[info.annotation], info)
    derived = create_model(model.__name__, __base__=model, __module__=model.__module__, **overrides)
    derived.__doc__ = doc or model.__doc__
    derived.__qualname__ = model.__qualname__
    return derived


@dataclass(frozen=True)
class Change:
    """What changed in one structure from the version before (CHANGES of a version package).

    kind: "renamed", "added" or "removed"; structure: the stable structure name; path: the JSON
    path of the field in this version ("elements[].ecommerce"), or "" for the structure itself;
    old/new: the names before and after (None where there is none); words: the changelog's or the
    page's words."""
    kind: str
    structure: str
    path: str
    old: str | None
    new: str | None
    words: str


def sample_paths(folder: str, stems: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """name -> sample paths relative to samples/, e.g. "v3_3/events/form.json"."""
    return {name: tuple(f"{folder}/{stem}.json" for stem in group) for name, group in stems.items()}


# The samples every version page from v3.3 on carries, by structure name (paths under samples/v3_X/).
PAGE_SAMPLES: dict[str, tuple[str, ...]] = {
    "message": ("events/message",), "rich_message": ("events/rich_message",), "file": ("events/file",),
    "form": ("events/form",), "filled_form": ("events/filled_form",), "custom": ("events/custom",),
    "system_message": ("events/system_message",), "event": (),
    "agent": ("users/agent",), "my_profile": ("users/my_profile",), "customer": ("users/customer",),
    "access": ("common/access",), "chat": ("chats/chat",), "chat_summary": ("chats/chat_summary",),
    "chat_summaries": (), "thread": ("chats/thread",), "form_fields": ("common/form_fields",),
    "filled_form_fields": ("common/filled_form_fields",), "properties": ("common/properties",),
}


def event_catalog(events: Any) -> dict[str, tuple[Any, Any]]:
    """The events of a version module: name -> (request, response), from its REQUEST/RESPONSE_EVENTS."""
    out: dict[str, tuple[Any, Any]] = {}
    for request, response in zip(events.REQUEST_EVENTS, events.RESPONSE_EVENTS):
        tag = _tag(response)
        assert _tag(request) == tag, (request, response)
        out[tag] = (request, response)
    out["event"] = (events.EventRequest, events.EventResponse)
    return out


def _tag(model: type) -> str:
    (tag,) = model.model_fields["type"].annotation.__args__
    return tag


def standard_catalog(events: Any, users: Any, chats: Any, forms: Any) -> dict[str, tuple[Any, Any]]:
    """The structures every page from v3.3 to v3.6 has, from a version's four modules."""
    return {
        **event_catalog(events),
        "agent": (users.Agent, users.Agent),
        "my_profile": (users.MyProfile, users.MyProfile),
        "customer": (users.Customer, users.Customer),
        "access": (Access, Access),
        "chat": (chats.Chat, chats.Chat),
        "chat_summary": (chats.ChatSummary, chats.ChatSummary),
        "chat_summaries": (chats.ChatSummaries, chats.ChatSummaries),
        "thread": (chats.Thread, chats.Thread),
        "form_fields": (forms.FormFields, forms.FormFields),
        "filled_form_fields": (forms.FilledFormFields, forms.FilledFormFields),
        "properties": (Properties, Properties),
    }
