"""The catalog: (API version, stable structure name) -> Structure (models, title, section, samples).

Each version package (playground/spec/v3_X/__init__.py) says what it holds: VERSION, CATALOG
(name -> (request model, response model)), SAMPLES (name -> sample paths relative to samples/)
and, optionally, AUDIENCE (the event field saying who sees an event; a version without one keeps
the one before). What a structure is called, its spec section and note are the same in every
version: they live once here, in ABOUT, keyed by name.

Adding a version = one import and one entry in _PACKAGES (VERSIONS follows). The names are
stable: the CLI, share links, URLs and tests use them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from playground.spec import v3_2, v3_3, v3_4, v3_5, v3_6, v3_7
from playground.spec.limits import Audience

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"

# Every registered version package, oldest first.
_PACKAGES = (v3_2, v3_3, v3_4, v3_5, v3_6, v3_7)
VERSIONS: tuple[str, ...] = tuple(package.VERSION for package in _PACKAGES)
DEFAULT_VERSION = "3.2"     # what validate() and the catalog's helpers use unless told otherwise

# Where each version stands in LiveChat's docs today: v3.2 was decommissioned at the end of March
# 2023 and v3.3 with it; the docs list v3.6 as stable, v3.5 and v3.4 as legacy, v3.7 as a preview.
STATUS: dict[str, str] = {"3.2": "decommissioned", "3.3": "decommissioned", "3.4": "legacy", "3.5": "legacy",
                          "3.6": "stable", "3.7": "preview"}
STATUSES = ("stable", "legacy", "preview", "decommissioned")
if set(STATUS) != set(VERSIONS) or not set(STATUS.values()) <= set(STATUSES):
    raise LookupError("catalog.STATUS must give every version in VERSIONS one of " + ", ".join(STATUSES))


class UnknownVersion(ValueError):
    """An API version no registered version package describes."""

    def __init__(self, version: Any):
        self.version = version
        self.known = VERSIONS
        super().__init__(f"{str(version)[:20]!r} is not an Agent Chat API version the playground knows; "
                         "known versions: " + ", ".join(VERSIONS) + ".")


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
    version: str = DEFAULT_VERSION
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


@dataclass(frozen=True)
class About:
    """What every version says of one structure name."""
    title: str
    section: str
    note: str = ""
    wrapper: str | None = None     # the spec's sample wraps the structure under this one key


# name -> title, section, note: every name any version's CATALOG uses (a version that brings a
# new structure adds its entry here; its section goes into SECTIONS).
ABOUT: dict[str, About] = {
    "message": About("Message", "Events", "The Message event contains text message to other chat users."),
    "rich_message": About("Rich message", "Events",
                          "Rich message (RM) event contains a rich message data structure."),
    "file": About("File", "Events", "The File event informs about an uploaded file."),
    "filled_form": About("Filled form", "Events",
                         "The Filled form event contains data from a form (prechat or postchat survey)."),
    "custom": About("Custom", "Events", "Custom event is an event with customizable payload."),
    "system_message": About("System message", "Events",
                            "System message event is native system event sent in specific situations."),
    "event": About("Any event", "Events", "Any of the six events, chosen by its `type`."),
    "agent": About("Agent", "Users"),
    "my_profile": About("My profile", "Users"),
    "customer": About("Customer", "Users"),
    "access": About("Access", "Other common structures", "Which groups can see a chat or thread.",
                    wrapper="access"),
    "chat": About("Chat", "Other common structures"),
    "chat_summary": About("Chat summary", "Other common structures",
                          "Chat summary is similar to the Chat data structure. The difference is that Chat "
                          "contains a thread object, while Chat summary includes last_thread_summary and "
                          "last_event_per_type."),
    "chat_summaries": About("Chat summaries", "Other common structures",
                            "A list of chat summaries, or a list_chats response holding one under "
                            "`chats_summary`."),
    "thread": About("Thread", "Other common structures"),
    "filled_form_fields": About("Filled form fields", "Other common structures",
                                "A component of the Filled form event."),
    "properties": About("Properties", "Other common structures",
                        "Properties are key-value storages. They can be set within a chat, a thread, or an "
                        "event.", wrapper="properties"),
}
EVENT_NAMES = ("message", "rich_message", "file", "filled_form", "custom", "system_message")
SECTIONS = ("Events", "Users", "Other common structures")


def _build(package: Any) -> dict[str, Structure]:
    """One version package's CATALOG and SAMPLES as Structures, in the package's order."""
    out: dict[str, Structure] = {}
    for name, (request_model, response_model) in package.CATALOG.items():
        about = ABOUT.get(name)
        if about is None and name in getattr(package, "TITLES", {}):
            about = ABOUT[name] = About(*package.TITLES[name])
        if about is None:
            raise LookupError(f"v{package.VERSION} catalogs the structure {name!r}, which "
                              "playground.spec.catalog.ABOUT does not describe: add its title and section.")
        samples = tuple(SAMPLES_DIR / rel for rel in package.SAMPLES.get(name, ()))
        out[name] = Structure(name, about.title, about.section, request_model, response_model, samples,
                              about.note, about.wrapper, package.VERSION)
    return out


def _audiences() -> dict[str, Audience]:
    """version -> its Audience; a package without AUDIENCE keeps the previous version's."""
    out: dict[str, Audience] = {}
    current = None
    for package in _PACKAGES:
        current = getattr(package, "AUDIENCE", current)
        if current is None:
            raise LookupError(f"v{package.VERSION} is the oldest version and declares no AUDIENCE.")
        out[package.VERSION] = current
    return out


_CATALOGS: dict[str, dict[str, Structure]] = {package.VERSION: _build(package) for package in _PACKAGES}
_AUDIENCES = _audiences()
_CHANGES: dict[str, tuple] = {package.VERSION: tuple(getattr(package, "CHANGES", ())) for package in _PACKAGES}
# The names the audience field has had, oldest first: for code that reads an event of any version.
AUDIENCE_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(a.field for a in _AUDIENCES.values()))


def check_version(version: Any) -> str:
    """The version itself when the playground knows it; else UnknownVersion (a ValueError)."""
    if isinstance(version, str) and version in _CATALOGS:
        return version
    raise UnknownVersion(version)


def structures(version: str = DEFAULT_VERSION) -> dict[str, Structure]:
    """name -> Structure of one version, in spec order."""
    return _CATALOGS[check_version(version)]


# Pseudo-structures: what validate() checks and detection finds, built from a version's own
# structures, but not one of the spec's data structures, so structures(version) (the reference,
# the structure picker, the schemas, the samples) does not list them. "events": a JSON array of
# events (what list_threads / a thread's `events` hold), each item the version's Any event.
PSEUDO: dict[str, About] = {
    "events": About("List of events", "Events",
                    "A JSON array of events, each checked as the event its `type` names (a thread's "
                    "`events`, for instance)."),
}
_CHECKABLE: dict = {}   # id(a version's structures) -> (them with the pseudo-structures, them)
_LISTS: dict = {}       # id(model) -> (list[model], model): versions sharing a model share its list


def _list_of(model: Any) -> Any:
    hit = _LISTS.get(id(model))
    if hit is None or hit[1] is not model:
        hit = _LISTS[id(model)] = (list[model], model)
    return hit[0]


def checkable(version: str = DEFAULT_VERSION) -> dict[str, Structure]:
    """structures(version) and the PSEUDO structures that version can build (every name
    validate() takes under it): "events" where the version has the Any-event union."""
    own = structures(version)
    hit = _CHECKABLE.get(id(own))
    if hit is None or hit[1] is not own:
        out = dict(own)
        event = own.get("event")
        if event is not None:
            about = PSEUDO["events"]
            out["events"] = Structure("events", about.title, about.section, _list_of(event.request_model),
                                      _list_of(event.response_model), (), about.note, None, version)
        hit = _CHECKABLE[id(own)] = (out, own)
    return hit[0]


def get(version: str, name: str) -> Structure:
    """The Structure `name` of `version`: UnknownVersion, or KeyError naming the known structures."""
    found = structures(version).get(name)
    if found is None:
        raise KeyError(f"{name!r} is not a structure of v{version}; known: " + ", ".join(structures(version)))
    return found


def names() -> tuple[str, ...]:
    """Every structure name that some version has, first seen first (the oldest version's order)."""
    return tuple(dict.fromkeys(name for version in VERSIONS for name in _CATALOGS[version]))


def checkable_names() -> tuple[str, ...]:
    """names() and the PSEUDO structures' names: every name validate() takes under some version."""
    return names() + tuple(n for n in PSEUDO if n not in names())


def all_samples(version: str = DEFAULT_VERSION) -> list[tuple[str, Path]]:
    """(structure name, path) for every bundled sample of a version, in spec order."""
    return [(s.name, p) for s in structures(version).values() for p in s.samples]


def audience(version: str = DEFAULT_VERSION) -> Audience:
    """The event field saying who sees an event in `version`, its choices and its default."""
    return _AUDIENCES[check_version(version)]


def changes(version: str) -> tuple:
    """What `version` changed from the version before (its package's CHANGES; () for the oldest)."""
    return _CHANGES.get(check_version(version), ())


def names_of(key: str) -> tuple[str, ...]:
    """Every name a field has had, oldest first, from the versions' renames (their CHANGES):
    names_of("last_thread_summary") -> ("last_thread_summary", "last_thread_info")."""
    names = [key]
    for version in VERSIONS:
        for change in changes(version):
            if change.kind == "renamed" and change.old in names and change.new not in names:
                names.append(change.new)
    return tuple(names)


def audience_field(version: str = DEFAULT_VERSION) -> str:
    """The name of that field in `version` ("recipients" in v3.2)."""
    return audience(version).field


# The default version's structures, for the callers that do not choose a version yet; new code
# asks structures(version) / get(version, name).
STRUCTURES: dict[str, Structure] = structures(DEFAULT_VERSION)
