"""Chat summaries, chats and threads as pandas DataFrames (no Streamlit here).

Flow: text or bytes (paste, upload, editor, sample file) or already-parsed data
  -> `load_documents()` -> `ChatData` (chat summaries and chats as table items, or one thread)
  -> `validate_items()` (the core's `validate_data`, one list of Issues per item)
  -> `summaries_frame()` (one row per chat, built column-wise)
  -> `filter_frame()` / chart data / drill-down frames for one chat or thread.

Items that fail validation still get a row, flagged with their issues; nothing in a payload
(wrong types, missing keys, hostile strings) may raise here. Every extractor below looks at a
value's type before using it.
"""
from __future__ import annotations

import bisect
import functools
import gc
import json
import math
from collections import Counter
from collections.abc import Sequence as SequenceABC
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

import pandas as pd
from pydantic_core import from_json

from playground.spec import catalog, limits
from playground.spec.catalog import DEFAULT_VERSION, STRUCTURES, VERSIONS, audience_field
from playground.validation import detect, validate, validate_data
from playground.validation.detect import DETECT, detect_version, preferred
from playground.authoring.compose import value_type_name
from playground.presentation.preview import fill_placeholders
from playground.validation.jsontext import (LONE_SURROGATE, SURROGATE_ESCAPE, SURROGATE_ESCAPE_BYTES, deeper_than,
                                           replace_lone_surrogates)
from playground.validation.report import Issue


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while building many acyclic objects.

    json.loads, the validation and the frame create millions of small objects without cycles;
    the collector's passes over them cost about half of json.loads' time (0.55 s -> 0.27 s of
    CPU for 28 MB). Collection resumes, as it was, when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _with_paused_gc(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with paused_gc():
            return fn(*args, **kwargs)
    return wrapper


# --------------------------------------------------------------------------------------------
# Input: documents -> table items
# --------------------------------------------------------------------------------------------

Validator = Callable[[Any, str, str], "list[Issue]"]

SUMMARY = "chat_summary"      # structure names of the core's catalog
CHAT_INFO = "chat_info"       # v3.7's name for a chat summary
CHAT = "chat"
THREAD = "thread"
SUMMARY_STRUCTURES = (SUMMARY, CHAT_INFO)
PAGE_KEYS = catalog.names_of("chats_summary")   # the list_chats page's array: chats_summary, v3.7 chats_info
LAST_THREAD_KEYS = catalog.names_of("last_thread_summary")   # v3.7 renamed it last_thread_info


def summary_structure(version: str) -> str:
    """The catalog's name of a chat summary in `version`: chat_summary, or chat_info from v3.7."""
    return SUMMARY if SUMMARY in catalog.structures(version) else CHAT_INFO


def structure_in(version: str, structure: str) -> str:
    """`structure` under its name in `version` (chat_summary <-> chat_info; the rest as they are)."""
    return summary_structure(version) if structure in SUMMARY_STRUCTURES else structure


# Columns only some versions have (the others' tables leave them out): name -> first version.
# v3.4 renamed an event's `recipients` to `visibility`; v3.6 gave the customer `tickets` (and
# renamed `last_visit` to `visit`: the country column reads either).
VERSION_COLUMNS = {"last_message_visibility": "3.4", "customer_tickets": "3.6"}


def columns_for(version: str) -> tuple[str, ...]:
    """The base columns of a table of `version` (property and issue columns follow them)."""
    at = VERSIONS.index(catalog.check_version(version))
    extra = [c for c, since in VERSION_COLUMNS.items() if at >= VERSIONS.index(since)]
    return (*BASE_COLUMNS[:BASE_COLUMNS.index("event_types")], *extra, *BASE_COLUMNS[BASE_COLUMNS.index("event_types"):])


SAMPLE_FOR_VERSION = 3      # items read to tell a data set's version


def data_version(items: Sequence[Any], structures: Sequence[str]) -> tuple[str, str]:
    """(the version the first items fit, why), by the core's detect_version on each of the first
    SAMPLE_FOR_VERSION items: the preferred version among those all of them fit."""
    fits: set | None = None
    reasons = []
    for item, structure in zip(list(items[:SAMPLE_FOR_VERSION]), structures[:SAMPLE_FOR_VERSION]):
        guess = detect_version(item, None if structure in SUMMARY_STRUCTURES else structure)
        fits = set(guess.fits) if fits is None else fits & set(guess.fits)
        reasons.append(guess.reason)
    if not fits:
        if reasons:
            guess = detect_version(items[0])
            return guess.version, guess.reason
        return DEFAULT_VERSION, "no chat to read a version from"
    return preferred(fits), reasons[0]


class LazyItems(SequenceABC):
    """The table's items without keeping them as Python objects where that can be avoided.

    A big input's parsed objects take 3-4 times its text; a table of a million chats cannot keep
    them. Each run of items is kept as the way to get one back: objects as they are (small
    inputs, data handed in parsed), the text and each item's span in it (parsed again when a row
    is opened), or a function (generated data, made again from its seed).
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._runs: list[tuple[int, Callable[[int], Any]]] = []
        self._n = 0

    def _add(self, count: int, get: Callable[[int], Any]) -> None:
        if count:
            self._starts.append(self._n)
            self._runs.append((count, get))
            self._n += count

    def add_objects(self, objs: Sequence[Any]) -> None:
        self._add(len(objs), objs.__getitem__)

    def add_function(self, count: int, get: Callable[[int], Any]) -> None:
        self._add(count, get)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(i)
        run = bisect.bisect_right(self._starts, i) - 1
        return self._runs[run][1](i - self._starts[run])


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What a list_chats-style page says about the pages around it."""
    source: str
    chats: int
    found_chats: Any
    next_page_id: Any
    previous_page_id: Any


@dataclass(slots=True)
class ChatData:
    """Everything the inputs held, ready for the tables.

    `items` are chat summaries and chats (each `structures[i]` says which; `sources[i]` names the
    file or page it came from). `threads` are standalone threads (shown as timelines, not rows).
    `problems` are inputs that could not be used at all, each a sentence for a person;
    `notes` are facts worth knowing (paging, duplicates).
    """
    items: list[Any] = field(default_factory=list)
    structures: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    threads: list[tuple[str, Any]] = field(default_factory=list)
    pages: list[PageInfo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


@_with_paused_gc
def loads(text: str) -> Any:
    """json.loads for big inputs: NaN/Infinity refused (not JSON), garbage collector paused."""
    return json.loads(text, parse_constant=_reject_constant)


_UNREAD = object()
FAST_PARSER_DEPTH = 201     # pydantic-core's JSON parser refuses deeper nesting (measured: 201 ok, 202 not)


@_with_paused_gc
def fast_loads(text: str) -> Any:
    """The text's JSON by pydantic-core's parser (jiter), or _UNREAD when it refuses it.

    Where it reads a text it reads it as json.loads does (its refusals are a superset of
    json.loads': NaN and Infinity, lone surrogates, nesting deeper than FAST_PARSER_DEPTH), and
    FAST_PARSER_DEPTH < limits.MAX_DEPTH, so what it reads needs no depth check: that check
    (a pass over every container) cost as much as the parse itself. Anything it refuses goes
    the long way: json.loads, the depth check, and the validator's message.
    """
    try:
        return from_json(text, allow_inf_nan=False, cache_strings="keys")
    except (ValueError, TypeError, RecursionError):
        return _UNREAD


def parse_document(raw: str | bytes, name: str) -> tuple[Any, str | None]:
    """JSON text or bytes -> (data, None), or (None, a sentence saying what is wrong and where).

    The input bounds are the validator's (`limits.MAX_INPUT_BYTES`, `limits.MAX_DEPTH`). When
    the text does not parse, the core's `validate()` explains why (line:column and a hint),
    so the table and the editor word input problems the same way. A UTF-8 byte order mark,
    which Windows tools write, is tolerated here: these are responses, not requests.
    """
    if isinstance(raw, bytes):
        fits = len(raw) <= limits.MAX_INPUT_BYTES
    else:   # at most 4 UTF-8 bytes a character: encode only when that could exceed the bound
        fits = len(raw) * 4 <= limits.MAX_INPUT_BYTES or len(raw.encode("utf-8", "surrogatepass")) <= limits.MAX_INPUT_BYTES
    if fits:
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            text = text.removeprefix("\ufeff")
            data = fast_loads(text)
            if data is not _UNREAD:
                return data, None
            data = loads(text)
            if not deeper_than(data, limits.MAX_DEPTH):
                return data, None
        except (ValueError, RecursionError):   # JSONDecodeError and UnicodeDecodeError are ValueErrors
            pass
    report = validate(raw.removeprefix(b"\xef\xbb\xbf") if isinstance(raw, bytes) else raw.removeprefix("\ufeff"))
    first = next((i for i in report.issues if i.severity == "error" and i.rule.startswith("json-")), None)
    return None, f"{name}: " + (first.message if first else "this is not JSON text the playground can read.")


def kind_of(obj: Any) -> tuple[str | None, str]:
    """What a parsed document is, by the core's `detect`: ("page" | structure name | None, how)."""
    if isinstance(obj, list):
        return "list", "a JSON array"
    if isinstance(obj, dict):
        if isinstance(obj.get("chats"), list):          # list_archives: {"chats": [chat, ...], ...}
            return "chats", 'by "chats" (a list of chats)'
        if isinstance(obj.get("threads"), list) and "found_threads" in obj:   # list_threads
            return "threads", 'by "threads" with "found_threads" (a list of threads)'
        key = next((k for k in PAGE_KEYS if k in obj), None)
        if key is not None:               # v3.2 reads only chats_summary, v3.7 only chats_info
            return "page", f'by "{key}" (a list_chats response)'
        renamed = next((k for k in LAST_THREAD_KEYS[1:] if k in obj), None)
        if renamed is not None:           # v3.7's chat info
            return SUMMARY, f'by "{renamed}" (a chat info)'
    name, how = detect(obj)
    if name == "chat_summaries":
        return "page", how
    return name, how


_EXPECTED = ("Expected a list_chats response ({\"chats_summary\": [...], \"found_chats\", "
             "\"next_page_id\", \"previous_page_id\"}), a list of chat summaries, one chat summary, "
             "a chat (with \"threads\") or a thread (with \"active\" and \"events\").")


def load_documents(docs: Iterable[tuple[str, Any]], page_notes: bool = True) -> ChatData:
    """Sort parsed documents (name, data) into table items, threads and problems (and, unless
    page_notes is False, the notes on paging and repeated ids)."""
    out = ChatData()

    def add_item(obj: Any, structure: str, source: str) -> None:
        out.items.append(obj)
        out.structures.append(structure)
        out.sources.append(source)

    def add_items(objs: list, source: str) -> None:
        # In a list, an object with "threads" is a chat; anything else is (meant as) a chat summary.
        for obj in objs:
            add_item(obj, CHAT if isinstance(obj, dict) and "threads" in obj else SUMMARY, source)

    for name, data in docs:
        kind, how = kind_of(data)
        if kind == "page":
            key = next((k for k in PAGE_KEYS if k in data), PAGE_KEYS[0])
            page = data[key]
            if not isinstance(page, list):
                out.problems.append(f"{name}: {key} is {_a(value_type_name(page))}; the API returns an "
                                    "array of chat summaries there.")
                continue
            add_items(page, name)
            out.pages.append(PageInfo(name, len(page), data.get("found_chats"),
                                      data.get("next_page_id"), data.get("previous_page_id")))
        elif kind == "list":
            if not data:
                out.problems.append(f"{name}: an empty list.")
            elif not any(isinstance(x, dict) for x in data):
                kinds = sorted({value_type_name(x) for x in data})
                out.problems.append(f"{name}: a list of {' and '.join(_plural(k) for k in kinds)}, "
                                    "not of chat summaries. " + _EXPECTED)
            else:
                add_items(data, name)
        elif kind == "chats":
            add_items(data["chats"], name)
        elif kind in (SUMMARY, CHAT):
            add_item(data, kind, name)
        elif kind == THREAD:
            out.threads.append((name, data))
        elif kind == "threads":
            out.threads.extend((f"{name} [{i}]", t) for i, t in enumerate(data["threads"]))
        elif kind is not None:
            title = STRUCTURES[kind].title if kind in STRUCTURES else kind
            out.problems.append(f"{name}: this is {_a(title)} (detected {how}), not chat data. " + _EXPECTED)
        elif isinstance(data, dict):
            keys = ", ".join(map(repr, list(data)[:6]))
            out.problems.append(f"{name}: " + (f"an object with keys {keys}. " if data else "an empty object. ")
                                + _EXPECTED)
        else:
            out.problems.append(f"{name}: {_a(value_type_name(data))}. " + _EXPECTED)
    if page_notes:
        _page_notes(out)
    return out


def _a(noun: str) -> str:
    if noun == "null":
        return noun
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _plural(noun: str) -> str:
    return {"null": "nulls", "boolean": "booleans", "array": "arrays"}.get(noun, noun + "s")


def _may_hold_halves(raw: str | bytes) -> bool:
    if isinstance(raw, bytes):
        return SURROGATE_ESCAPE_BYTES.search(raw) is not None
    return SURROGATE_ESCAPE.search(raw) is not None or (not raw.isascii() and LONE_SURROGATE.search(raw) is not None)


def load_texts(sources: Iterable[tuple[str, str | bytes]], page_notes: bool = True) -> ChatData:
    """Parse each (name, text-or-bytes) and load what parsed; parse failures become problems."""
    docs, problems, notes = [], [], []
    for name, raw in sources:
        data, problem = parse_document(raw, name)
        if problem:
            problems.append(problem)
            continue
        if _may_hold_halves(raw):
            count = [0]
            data = replace_lone_surrogates(data, count)   # pandas, Arrow and Streamlit cannot carry a half
            if count[0]:
                notes.append(f"{name}: {count[0]:,} string{'s' * (count[0] != 1)} or key{'s' * (count[0] != 1)} "
                             "held half of a UTF-16 surrogate pair (a \\uXXXX escape without its other half), "
                             "which is not a character; shown as U+FFFD (\ufffd), as the API stores it.")
        docs.append((name, data))
    loaded = load_documents(docs, page_notes)
    loaded.problems[:0] = problems
    loaded.notes.extend(notes)
    return loaded


def _page_notes(out: ChatData, ids: Iterable[Any] | None = None) -> None:
    """Facts about paging: how many chats the pages hold against found_chats; whether the last
    page is among them (a page has no id of its own, only next_page_id / previous_page_id).
    `ids`: the items' chat ids when the items are not kept as objects (else read from them)."""
    if out.pages:
        loaded = sum(p.chats for p in out.pages)
        text = f"{len(out.pages)} list_chats page{'s' if len(out.pages) > 1 else ''}, {loaded:,} chat summaries"
        found = [p.found_chats for p in out.pages if isinstance(p.found_chats, int) and not isinstance(p.found_chats, bool)]
        if found:
            text += f"; found_chats says {max(found):,}"
            if loaded < max(found):
                text += f", so {max(found) - loaded:,} more are on pages not loaded here"
        if all(p.next_page_id for p in out.pages):
            last = out.pages[-1]
            text += (f"; {'every page has' if len(out.pages) > 1 else 'the page has'} a next_page_id, so the "
                     f"API has a page after {'them' if len(out.pages) > 1 else 'it'} "
                     f"({str(last.next_page_id)[:60]!r} in {last.source})")
        out.notes.append(text + ".")
    if ids is None:
        ids = (x.get("id") for x in out.items if isinstance(x, dict))
    ids = Counter(i for i in ids if isinstance(i, str))
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        out.notes.append(f"{len(dup)} chat id{'s appear' if len(dup) > 1 else ' appears'} more than once "
                         f"(overlapping pages?), e.g. {dup[0][:40]!r}; every copy keeps its own row.")


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

def default_validator(version: str = DEFAULT_VERSION) -> Validator:
    """The core's validate_data for API `version`."""
    catalog.check_version(version)
    return functools.partial(validate_data, version=version)


_NO_ISSUES: list = []       # one shared empty list for the (many) valid items; never mutated


@_with_paused_gc
def validate_items(items: Sequence[Any], structures: Sequence[str],
                   validate: Validator | None = None, mode: str = "response",
                   version: str = DEFAULT_VERSION) -> list[list[Issue]]:
    """One list of Issues per item, from the core's `validate_data` for `version` (or the
    injected `validate`); a chat summary is checked as that version names it (chat_info in v3.7)."""
    validate = validate or default_validator(version)
    names = {s: structure_in(version, s) for s in set(structures)}
    return [validate(item, names[structure], mode) or _NO_ISSUES for item, structure in zip(items, structures)]


# --------------------------------------------------------------------------------------------
# Small, type-checking accessors (payloads may hold anything anywhere)
# --------------------------------------------------------------------------------------------

_EMPTY: dict = {}


def _object(value: Any) -> dict:
    return value if isinstance(value, dict) else _EMPTY


def _array(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A string for a text cell; numbers become text, containers and null become None."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


_INT64 = 2 ** 63


def _int(value: Any) -> int | None:
    """An integer a column can hold (Int64): None for anything else, huge numbers included
    (the row's validation issues still name them)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value < _INT64:
        return value
    return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def to_datetimes(values: Sequence[str | None]) -> pd.Series:
    """ISO 8601 strings -> timezone-aware UTC datetimes (NaT where a value is missing or bad)."""
    out = pd.to_datetime(pd.Series(values, dtype="object"), format="ISO8601", utc=True, errors="coerce")
    return out.dt.as_unit("us")


SUMMARY_CHARS = 200     # longest content summary in a table cell


def _clip(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def event_summary(event: Any) -> str:
    """One line saying what an event holds, for a table cell (plain text, clipped)."""
    ev = _object(event)
    kind = ev.get("type")
    if kind == "message":
        text = _text(ev.get("text")) or ""
        postback = _object(ev.get("postback"))
        if postback:
            text += f" (postback {_text(postback.get('id')) or '?'})"
        return _clip(text)
    if kind == "rich_message":
        elements = _array(ev.get("elements"))
        titles = [t for t in (_text(_object(e).get("title")) for e in elements) if t]
        buttons = sum(len(_array(_object(e).get("buttons"))) for e in elements)
        head = f"{_text(ev.get('template_id')) or 'rich message'}: {len(elements)} element{'s' * (len(elements) != 1)}"
        if buttons:
            head += f", {buttons} button{'s' * (buttons != 1)}"
        return _clip(head + (" — " + " | ".join(titles) if titles else ""))
    if kind == "file":
        bits = [b for b in (_text(ev.get("content_type")), _human_size(ev.get("size"))) if b]
        return _clip((_text(ev.get("name")) or _text(ev.get("url")) or "file") + (f" ({', '.join(bits)})" if bits else ""))
    if kind == "filled_form":
        parts = []
        for f in _array(ev.get("fields")):
            f = _object(f)
            answer = f.get("answer")
            if "answers" in f:
                answer = ", ".join(_text(_object(a).get("label")) or "?" for a in _array(f.get("answers")))
            elif isinstance(answer, dict):
                answer = _text(answer.get("label"))
            label = (_text(f.get("label")) or _text(f.get("id")) or "?").rstrip(": ")
            parts.append(f"{label}: {_text(answer) or '—'}")
        return _clip(f"form {_text(ev.get('form_id')) or '?'}" + (" — " + "; ".join(parts) if parts else ""))
    if kind == "system_message":
        text = _text(ev.get("text"))
        if text:
            return _clip(fill_placeholders(text, ev.get("text_vars")))   # as the preview fills them
        return _clip(f"[{_text(ev.get('system_message_type')) or 'system message'}]")
    if kind == "custom":
        return _clip("custom: " + _compact(ev.get("content")))
    return _clip(f"[{_text(kind) or 'no type'}] " + _compact(ev))


def _compact(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)[: SUMMARY_CHARS * 2]
    except (ValueError, RecursionError):
        return "…"


def _human_size(value: Any) -> str | None:
    n = _int(value)
    if n is None or n < 0:
        return None
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return None  # pragma: no cover


def _user_index(users: Any) -> dict[str, dict]:
    return {u["id"]: u for u in _array(users) if isinstance(u, dict) and isinstance(u.get("id"), str)}


def user_label(user_id: Any, users: dict[str, dict]) -> str | None:
    """A user's name from the chat's users; the id when the name is unknown."""
    if not isinstance(user_id, str):
        return None
    return _text(_object(users.get(user_id)).get("name")) or user_id


# --------------------------------------------------------------------------------------------
# Chats -> summary-shaped items (so chats and summaries share one table)
# --------------------------------------------------------------------------------------------

_THREAD_SUMMARY_KEYS = ("id", "created_at", "user_ids", "properties", "active", "access", "queue")


def chat_as_summary(chat: Any) -> dict:
    """A Chat seen as a Chat summary: its last thread summarised, the last event of each type.

    Used for table rows only; validation and the drill-down use the chat itself.
    """
    chat = _object(chat)
    threads = [t for t in _array(chat.get("threads")) if isinstance(t, dict)]
    out = {k: chat[k] for k in ("id", "users", "properties", "properites", "access", "is_followed") if k in chat}
    if threads:
        last = threads[-1]
        out["last_thread_summary"] = {k: last[k] for k in _THREAD_SUMMARY_KEYS if k in last}
    per_type: dict[str, dict] = {}
    for t in threads:
        for ev in _array(t.get("events")):
            if isinstance(ev, dict) and isinstance(ev.get("type"), str):
                per_type[ev["type"]] = {"thread_id": t.get("id"), "thread_created_at": t.get("created_at"), "event": ev}
    out["last_event_per_type"] = per_type
    return out


# --------------------------------------------------------------------------------------------
# The chat summaries table
# --------------------------------------------------------------------------------------------

# Columns of the table, in order; property columns follow ("namespace.name" for the chat's
# properties, "thread:namespace.name" for the last thread's), then the issue counts.
BASE_COLUMNS = (
    "chat_id", "thread_id", "thread_created_at", "active", "queue_position", "queue_wait_time",
    "queued_at", "customer_name", "customer_email", "customer_country", "agents",
    "last_message_text", "last_message_author", "last_message_at", "last_event_at",
    "event_types", "group_ids", "is_followed", "structure", "source",
)
ALL_BASE_COLUMNS = (*BASE_COLUMNS, "last_message_visibility", "customer_tickets")
COUNT_COLUMNS = ("errors", "warnings", "issues")
DATETIME_COLUMNS = ("thread_created_at", "queued_at", "last_message_at", "last_event_at")
LIST_COLUMNS = ("agents", "event_types", "group_ids", "issues")
THREAD_PROPERTY_PREFIX = "thread:"
MAX_PROPERTY_COLUMNS = 40
# The event types shown as "last message": what a person reads in the chat list.
MESSAGE_TYPES = ("message", "rich_message", "file", "filled_form")


CHUNK = 2_000       # items validated and turned into columns at a time (bounds the objects alive)


def _issue_line(issue: Issue) -> str:
    return f"{issue.severity}: {issue.path}: {issue.message}"


@_with_paused_gc
def summaries_frame(items: Sequence[Any], issues: Sequence[Sequence[Issue]] | None = None,
                    structures: Sequence[str] | None = None,
                    sources: Sequence[str] | None = None, version: str = DEFAULT_VERSION) -> pd.DataFrame:
    """One row per chat summary (or chat), built column-wise. Never raises on bad items.

    The index is the item's position in `items`, so a row maps back to its raw payload.
    `df.attrs["property_columns"]` lists the property columns (at most MAX_PROPERTY_COLUMNS).
    The base columns are `columns_for(version)`.
    """
    n = len(items)
    cols = Columns(version)
    for a in range(0, n, CHUNK) or [0]:
        b = min(n, a + CHUNK)
        cols.add(items[a:b], (structures or [SUMMARY] * n)[a:b], sources[a:b] if sources else None,
                 issues[a:b] if issues is not None else None)
    return cols.frame()


class Columns:
    """The table's columns, built chunk by chunk: each chunk's cells become typed arrays at once
    (Arrow strings, numpy numbers), so a million rows never exist as a million dicts; the
    frame() joins the chunks. Equal list cells (agents, event types, groups) share one list."""

    def __init__(self, version: str = DEFAULT_VERSION) -> None:
        self.version = catalog.check_version(version)
        self.names = columns_for(version)
        self.parts: dict[str, list] = {c: [] for c in (*self.names, *COUNT_COLUMNS)}
        self.props: dict[str, dict[int, Any]] = {}       # property -> {chunk number: typed array}
        self.prop_rows: Counter = Counter()              # property -> rows that have it
        self.lengths: list[int] = []
        self._lists: dict[tuple, list] = {}

    def __len__(self) -> int:
        return sum(self.lengths)

    def _shared(self, values: list) -> list:
        key = tuple(values)
        try:
            return self._lists.setdefault(key, values) if len(self._lists) < 100_000 else values
        except TypeError:       # pragma: no cover - cells are strings and ints
            return values

    def add(self, items: Sequence[Any], structures: Sequence[str], sources: Sequence[str] | None,
            issues: Sequence[Sequence[Issue]] | None) -> None:
        """Append one chunk of items (with their issues) as rows."""
        n = len(items)
        cols: dict[str, list] = {c: [] for c in ALL_BASE_COLUMNS}
        appenders = {c: cols[c].append for c in ALL_BASE_COLUMNS}
        props: dict[str, dict[int, Any]] = {}
        names = {s: structure_in(self.version, s) for s in set(structures)}
        for i, (raw, structure) in enumerate(zip(items, structures)):
            summary = chat_as_summary(raw) if structure == CHAT and isinstance(raw, dict) else _object(raw)
            _append_row(appenders, summary, names.get(structure) or structure_in(self.version, structure),
                        sources[i] if sources else None, self._shared)
            _collect_properties(props, i, summary)
        chunk = len(self.lengths)
        self.lengths.append(n)
        for c, v in _typed_columns(cols, self.names).items():
            self.parts[c].append(v)
        for c, v in _issue_columns(issues if issues is not None else [()] * n).items():
            self.parts[c].append(v)
        for name, values in props.items():
            self.props.setdefault(name, {})[chunk] = _property_column(values, n)
            self.prop_rows[name] += len(values)

    def frame(self) -> pd.DataFrame:
        """The rows as one DataFrame; the chunks' arrays are let go as their column is joined
        (so the columns do not exist twice at the peak). Call it once."""
        n = len(self)
        frame = {c: _joined(self.parts.pop(c)) for c in list(self.parts) if c not in COUNT_COLUMNS}
        # At most MAX_PROPERTY_COLUMNS property columns: the ones most rows have (a payload can name
        # thousands of properties; a grid of thousands of columns helps nobody). The rest stay in
        # each item's raw JSON; df.attrs["hidden_properties"] says how many were left out.
        kept = sorted(self.props, key=lambda k: (-self.prop_rows[k], k))[:MAX_PROPERTY_COLUMNS]
        property_columns = sorted(kept, key=lambda k: (k.startswith(THREAD_PROPERTY_PREFIX), k))
        for name in property_columns:
            frame[name] = _joined_property(self.props.pop(name), self.lengths)
        for c in COUNT_COLUMNS:
            frame[c] = _joined(self.parts.pop(c))
        hidden = len(self.props)
        self.props.clear()
        df = pd.DataFrame({k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else v) for k, v in frame.items()})
        if len(df) != n:    # pragma: no cover - every part has one cell a row
            raise AssertionError("columns of different lengths")
        df.attrs["property_columns"] = property_columns
        df.attrs["hidden_properties"] = hidden
        return df


def _joined(parts: list) -> Any:
    """One column from its chunks' arrays (the array itself when there is one chunk)."""
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return pd.array([], dtype="str")
    return pd.concat([p if isinstance(p, pd.Series) else pd.Series(p, copy=False) for p in parts], ignore_index=True)


def _joined_property(chunks: dict[int, Any], lengths: list[int]) -> Any:
    """One property column from the arrays of the chunks that have it (NA in the others); chunks
    typed differently (numbers here, text there) give a text column, as one chunk would."""
    dtypes = {str(a.dtype) for a in chunks.values()}
    if len(dtypes) > 1:
        numeric = dtypes <= {"Int64", "Float64"} and all(
            str(a.dtype) != "Int64" or not len(a.dropna()) or int(abs(a.dropna()).max()) < 2 ** 53
            for a in chunks.values())
        if numeric:
            chunks = {k: a.astype("Float64") for k, a in chunks.items()}
        else:
            chunks = {k: _as_text(a) for k, a in chunks.items()}
    dtype = next(iter(chunks.values())).dtype
    parts = [chunks[k] if k in chunks else pd.array([None] * n, dtype=dtype) for k, n in enumerate(lengths)]
    return _joined(parts)


def _as_text(column: Any) -> Any:
    """A typed property column as JSON text (a string stays itself), missing values kept missing."""
    if pd.api.types.is_string_dtype(column.dtype):
        return column
    return pd.array([None if v is pd.NA or v is None else _compact(v) for v in column.tolist()], dtype="str")


def _last_events(last_event_per_type: dict) -> tuple[dict, str | None]:
    """(the newest message-like event, the time of the newest event of any type)."""
    last_msg, last_at = None, None
    for key, entry in last_event_per_type.items():
        event = _object(_object(entry).get("event"))
        at = _string(event.get("created_at"))
        if at and (last_at is None or at > last_at):
            last_at = at
        if key in MESSAGE_TYPES and (last_msg is None or (at or "") > (_string(last_msg.get("created_at")) or "")):
            last_msg = event
    return last_msg or _EMPTY, last_at


def last_thread(summary: dict) -> dict:
    """A chat summary's last thread: last_thread_summary (v3.2-v3.6) or last_thread_info (v3.7)."""
    for key in LAST_THREAD_KEYS:
        thread = summary.get(key)
        if thread is not None:
            return _object(thread)
    return _object(None)


def last_event_per_type(summary: dict) -> dict:
    """last_event_per_type: at the top (up to v3.6, and v3.7's own sample) or, as v3.7's changelog
    says, inside last_thread_info."""
    found = summary.get("last_event_per_type")
    if found is None:
        for key in LAST_THREAD_KEYS[1:]:        # the names it has had since it holds them
            found = _object(summary.get(key)).get("last_event_per_type")
            if found is not None:
                break
    return _object(found)


def _visit(user: dict) -> dict:
    """A customer's visit: `last_visit` up to v3.5, `visit` from v3.6."""
    visit = user.get("visit")
    return _object(visit if visit is not None else user.get("last_visit"))


def _append_row(append: dict[str, Callable[[Any], None]], summary: dict, structure: str,
                source: str | None, shared: Callable[[list], list] = lambda v: v) -> None:
    """Append one chat summary's cells to the base columns (every version's: the version's
    table keeps its own)."""
    thread = last_thread(summary)
    queue = _object(thread.get("queue"))
    users = _array(summary.get("users"))
    by_id = _user_index(users)
    customer = next((u for u in users if isinstance(u, dict) and u.get("type") == "customer"), _EMPTY)
    agents = [(_text(u.get("name")) or _text(u.get("id")) or "?") for u in users
              if isinstance(u, dict) and u.get("type") == "agent"]
    geo = _object(_visit(customer).get("geolocation"))
    per_type = last_event_per_type(summary)
    last_msg, last_at = _last_events(per_type)
    access = _object(summary.get("access")) or _object(thread.get("access"))
    tickets = customer.get("tickets")

    append["chat_id"](_text(summary.get("id")))
    append["thread_id"](_text(thread.get("id")))
    append["thread_created_at"](_string(thread.get("created_at")))
    append["active"](_bool(thread.get("active")))
    append["queue_position"](_int(queue.get("position")))
    append["queue_wait_time"](_int(queue.get("wait_time")))
    append["queued_at"](_string(queue.get("queued_at")))
    append["customer_name"](_text(customer.get("name")))
    append["customer_email"](_text(customer.get("email")))
    append["customer_country"](_text(geo.get("country")))
    append["agents"](shared(agents))
    append["last_message_text"](event_summary(last_msg) if last_msg else None)
    append["last_message_author"](user_label(last_msg.get("author_id"), by_id))
    append["last_message_at"](_string(last_msg.get("created_at")))
    append["last_event_at"](last_at)
    append["last_message_visibility"](_text(last_msg.get("visibility")))
    append["customer_tickets"](len(tickets) if isinstance(tickets, list) else None)
    append["event_types"](shared([str(k) for k in per_type]))
    append["group_ids"](shared([g for g in map(_int, _array(access.get("group_ids"))) if g is not None]))
    append["is_followed"](_bool(summary.get("is_followed")))
    append["structure"](structure)
    append["source"](source)


def _collect_properties(props: dict[str, dict[int, Any]], row: int, summary: dict) -> None:
    """Record the chat's and the last thread's property values of one row."""
    thread = last_thread(summary)
    chat_props = _object(summary.get("properties")) or _object(summary.get("properites"))
    for prefix, bag in (("", chat_props), (THREAD_PROPERTY_PREFIX, _object(thread.get("properties")))):
        for namespace, values in bag.items():
            for name, value in _object(values).items():
                props.setdefault(f"{prefix}{namespace}.{name}", {})[row] = value


def _typed_columns(cols: dict[str, list], names: Sequence[str] = ()) -> dict[str, Any]:
    """The base columns `names` with their pandas types."""
    frame: dict[str, Any] = {}
    for c in names or BASE_COLUMNS:
        values = cols[c]
        if c in DATETIME_COLUMNS:
            frame[c] = to_datetimes(values)
        elif c in ("queue_position", "queue_wait_time", "customer_tickets"):
            frame[c] = pd.array(values, dtype="Int64")
        elif c in ("active", "is_followed"):
            frame[c] = pd.array(values, dtype="boolean")
        elif c in LIST_COLUMNS:
            frame[c] = pd.Series(values, dtype="object")
        else:
            frame[c] = pd.array(values, dtype="str")
    return frame


def _issue_columns(issues: Iterable[Sequence[Issue]]) -> dict[str, Any]:
    """errors, warnings and issues (one line each) per row."""
    errors, warnings, lines = [], [], []
    for found in issues:
        if not found:
            errors.append(0)
            warnings.append(0)
            lines.append(_NO_ISSUES)
            continue
        e = sum(1 for x in found if x.severity == "error")
        errors.append(e)
        warnings.append(len(found) - e)
        lines.append([_issue_line(x) for x in found])
    return {"errors": pd.array(errors, dtype="int64"), "warnings": pd.array(warnings, dtype="int64"),
            "issues": pd.Series(lines, dtype="object")}


def _property_column(values: dict[int, Any], n: int) -> Any:
    """One typed column from the values a property has in some rows (mixed types -> JSON text)."""
    kinds = {type(v) for v in values.values()}
    column = [None] * n
    for i, v in values.items():
        column[i] = v
    if kinds == {bool}:
        return pd.array(column, dtype="boolean")
    if kinds == {int} and all(-_INT64 <= v < _INT64 for v in values.values()):
        return pd.array(column, dtype="Int64")
    if kinds <= {int, float} and all(abs(v) < 2 ** 53 if isinstance(v, int) else math.isfinite(v)
                                     for v in values.values()):
        return pd.array(column, dtype="Float64")
    if kinds == {str}:
        return pd.array(column, dtype="str")
    return pd.array([None if i not in values else (v if isinstance(v, str) else _compact(v))
                     for i, v in enumerate(column)], dtype="str")


@dataclass(slots=True)
class Table:
    """A built table: what was loaded, each item's issues, the rows, and the filters' choices;
    the API version its items were checked as, and why that one."""
    loaded: ChatData
    issues: list[list[Issue]]            # per item of loaded.items
    thread_issues: list[list[Issue]]     # per standalone thread of loaded.threads
    df: pd.DataFrame
    options: dict[str, list]
    version: str = DEFAULT_VERSION
    version_reason: str = "as chosen"


Progress = Callable[[float, str], None]   # (fraction done 0..1, what is being done)


def _choose_version(version: str, items: Sequence[Any], structures: Sequence[str],
                    threads: Sequence[tuple[str, Any]] = ()) -> tuple[str, str]:
    if version == DETECT:
        if not len(items) and threads:     # only threads: read the version from them
            items, structures = [t for _, t in threads[:SAMPLE_FOR_VERSION]], [THREAD] * len(threads)
        found, why = data_version(items, structures)
        return found, f"detected: {why}"
    return catalog.check_version(version), "as chosen"


@_with_paused_gc
def build_table(loaded: ChatData, validate: Validator | None = None, version: str = DEFAULT_VERSION,
                progress: Progress | None = None, mode: str = "response") -> Table:
    """Validate every item (and standalone thread) and build the chat summaries table, as API
    `version` ("detect": the version the first items fit). `progress(fraction, words)` is
    called after each chunk of CHUNK items. The collector stays paused for the whole build: it
    only makes acyclic objects, and a collection after each chunk (when the collector, resumed,
    meets the chunk's thousands of new objects) cost a third of the build."""
    version, why = _choose_version(version, loaded.items, loaded.structures, loaded.threads)
    validate = validate or default_validator(version)
    cols = Columns(version)
    issues: list[list[Issue]] = []
    n = len(loaded.items)
    sources = loaded.sources if len(set(loaded.sources)) > 1 else None
    for a in range(0, n, CHUNK) or [0]:
        b = min(n, a + CHUNK)
        chunk, structures = loaded.items[a:b], loaded.structures[a:b]
        found = validate_items(chunk, structures, validate, mode, version)
        with paused_gc():
            cols.add(chunk, structures, sources[a:b] if sources else None, found)
        issues.extend(found)
        if progress is not None:
            progress(b / n if n else 1.0, f"{b:,} of {n:,} chats validated")
    thread_issues = validate_items([t for _, t in loaded.threads], [THREAD] * len(loaded.threads), validate,
                                   mode, version)
    with paused_gc():
        df = cols.frame()
    return Table(loaded, issues, thread_issues, df, filter_options(df), version, why)


@dataclass(slots=True)
class Part:
    """One piece of a streamed input: what it loaded, and how to get its item j back later
    (None: keep the objects). Its items are let go once they are rows."""
    loaded: ChatData
    get: Callable[[int], Any] | None = None


@_with_paused_gc
def build_stream(parts: Iterable[Part], version: str = DETECT, validate: Validator | None = None,
                 progress: Progress | None = None, total: int | None = None,
                 count: int | None = None, mode: str = "response") -> Table:
    """The table of many pieces (list_chats pages, files, generated pages), one piece at a time:
    each is validated and turned into columns, then its objects are let go (LazyItems keeps how
    to get each back). `total` (items, when known) makes `progress` a fraction of the whole;
    else `count` (pieces) does, each piece counting alike. ("detect": the version the first piece's items fit.)"""
    out = ChatData(items=LazyItems())
    cols: Columns | None = None
    issues: list[list[Issue]] = []
    thread_issues: list[list[Issue]] = []
    why = "as chosen"
    done = 0
    for k, part in enumerate(parts):
        got = part.loaded
        if cols is None and (got.items or got.threads):
            version, why = _choose_version(version, got.items, got.structures, got.threads)
            validate = validate or default_validator(version)
            cols = Columns(version)
        out.problems.extend(got.problems)
        out.notes.extend(got.notes)
        out.pages.extend(got.pages)
        out.structures.extend(got.structures)
        out.sources.extend(got.sources)
        if got.threads:
            out.threads.extend(got.threads)
            thread_issues.extend(validate_items([t for _, t in got.threads], [THREAD] * len(got.threads), validate,
                                                mode, version))
        n = len(got.items)
        for a in range(0, n, CHUNK):
            b = min(n, a + CHUNK)
            chunk, structures = got.items[a:b], got.structures[a:b]
            found = validate_items(chunk, structures, validate, mode, version)
            with paused_gc():
                cols.add(chunk, structures, got.sources[a:b], found)
            issues.extend(found)
            done += b - a
            if progress is not None and total:
                progress(min(1.0, done / total), f"{done:,} of {total:,} chats validated")
        if part.get is None:
            out.items.add_objects(got.items)
        else:
            out.items.add_function(n, part.get)
        if progress is not None and not total:
            progress(min(1.0, (k + 1) / count) if count else 1.0,
                     f"{k + 1:,} of {count or k + 1:,} inputs read, {done:,} chats")
    if cols is None:
        version = DEFAULT_VERSION if version == DETECT else version
        cols = Columns(version)
    if len(set(out.sources)) <= 1:
        cols.parts["source"] = [pd.array([None] * len(cols), dtype="str")]
    with paused_gc():
        df = cols.frame()
    ids = df["chat_id"]
    _page_notes(out, ids[ids.duplicated(keep=False)].tolist())    # only the repeated ones: the notes count them
    return Table(out, issues, thread_issues, df, filter_options(df), version, why)


def text_parts(sources: Iterable[tuple[str, str | bytes]]) -> Iterator[Part]:
    """Each (name, text or bytes) as one Part; its items are read again from the text when a row
    is opened (one input is at most limits.MAX_INPUT_BYTES, so that is quick), not kept."""
    for name, raw in sources:
        got = load_texts([(name, raw)], page_notes=False)   # build_stream says them once, for all inputs
        yield Part(got, _reader(name, raw) if len(got.items) > 1 else None)


def _reader(name: str, raw: str | bytes) -> Callable[[int], Any]:
    kept: list = []         # the input's items while a row of it is being looked at

    def get(j: int) -> Any:
        if not kept:
            kept.append(load_texts([(name, raw)], page_notes=False).items)
        return kept[0][j]
    return get


def build_from_texts(sources: Iterable[tuple[str, str | bytes]], version: str = DETECT,
                     progress: Progress | None = None) -> Table:
    """The page's path for pasted, uploaded and sample texts: `build_stream(text_parts(...))`."""
    sources = list(sources)
    return build_stream(text_parts(sources), version, progress=progress, count=len(sources))


# --------------------------------------------------------------------------------------------
# Filters (pure) and CSV
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Filters:
    active: bool | None = None          # None: any
    groups: tuple[int, ...] = ()        # rows in any of these groups
    agents: tuple[str, ...] = ()        # rows with any of these agents
    countries: tuple[str, ...] = ()     # rows whose customer is in any of these countries
    text: str = ""                      # case-insensitive, in ids, names, e-mail, last message
    flagged_only: bool = False          # rows with at least one error or warning
    hours: tuple[int, ...] = ()         # rows whose last thread started in any of these hours (UTC)
    event_types: tuple[str, ...] = ()   # rows with any of these types in last_event_per_type
    waits: tuple[str, ...] = ()         # queued rows whose wait is in any of these WAIT_LABELS bands
    sort_by: str | None = None
    descending: bool = False


SEARCH_COLUMNS = ("chat_id", "thread_id", "customer_name", "customer_email", "last_message_text",
                  "last_message_author")


def _any_in(series: pd.Series, wanted: Iterable) -> pd.Series:
    wanted = set(wanted)
    return pd.Series([not wanted.isdisjoint(v) for v in series], index=series.index, dtype=bool)


def filter_frame(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The rows `f` keeps, sorted as `f` says; index values still point at the raw items."""
    mask = pd.Series(True, index=df.index)
    if f.active is not None:
        mask &= df["active"].eq(f.active).fillna(False).astype(bool)
    if f.groups:
        mask &= _any_in(df["group_ids"], f.groups)
    if f.agents:
        mask &= _any_in(df["agents"], f.agents)
    if f.countries:
        mask &= df["customer_country"].isin(f.countries)
    if f.flagged_only:
        mask &= (df["errors"] + df["warnings"]) > 0
    if f.hours:
        mask &= df["thread_created_at"].dt.hour.isin(f.hours).fillna(False).astype(bool)
    if f.event_types:
        mask &= _any_in(df["event_types"], f.event_types)
    if f.waits:
        mask &= wait_bands(df["queue_wait_time"]).isin(f.waits).fillna(False).astype(bool)
    text = f.text.strip()
    if text:
        hit = pd.Series(False, index=df.index)
        for c in SEARCH_COLUMNS:
            hit |= df[c].str.contains(text, case=False, regex=False, na=False)
        hit |= df["agents"].map(lambda names: any(text.casefold() in a.casefold() for a in names)).astype(bool)
        mask &= hit
    out = df[mask]
    if f.sort_by and f.sort_by in out.columns and f.sort_by not in LIST_COLUMNS:
        out = out.sort_values(f.sort_by, ascending=not f.descending, na_position="last", kind="stable")
    return out


def filter_options(df: pd.DataFrame) -> dict[str, list]:
    """The values each filter can choose from, sorted."""
    return {
        "groups": sorted({g for v in df["group_ids"] for g in v}),
        "agents": sorted({a for v in df["agents"] for a in v}, key=str.casefold),
        "countries": sorted(df["customer_country"].dropna().unique().tolist(), key=str.casefold),
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_csv(df: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV: lists joined with "; ", datetimes in ISO 8601 (UTC).

    Text cells starting with = + - @ get a leading apostrophe, so a spreadsheet shows them
    instead of running them as formulas (OWASP's advice on CSV injection).
    """
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if c in LIST_COLUMNS or s.dtype == object:
            s = s.map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            s = s.map(lambda v: v.isoformat() if not pd.isna(v) else None)
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            s = s.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
        out[c] = s
    return out.to_csv(index=False).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Chart data (pure): small frames Streamlit's built-in charts draw as they are
# --------------------------------------------------------------------------------------------

def chats_by_hour(df: pd.DataFrame) -> pd.DataFrame:
    """Chats per hour of day (UTC) when their last thread started, active and inactive stacked."""
    hours = df["thread_created_at"].dt.hour
    state = df["active"].map({True: "active", False: "inactive"}).fillna("unknown")
    table = pd.crosstab(hours, state).reindex(range(24), fill_value=0)
    table.index.name = "hour (UTC)"
    return table.rename_axis(columns=None)


WAIT_BINS = (0, 30, 60, 120, 300, 600, 1800, float("inf"))
WAIT_LABELS = ("< 30 s", "30 s – 1 min", "1–2 min", "2–5 min", "5–10 min", "10–30 min", "≥ 30 min")


def wait_bands(waits: pd.Series) -> pd.Series:
    """Each wait (seconds; NA when not queued) as its WAIT_LABELS band (NA stays NA)."""
    values = waits.astype("Float64").to_numpy(dtype="float64", na_value=float("nan"))
    return pd.Series(pd.cut(values, bins=list(WAIT_BINS), labels=list(WAIT_LABELS), right=False), index=waits.index)


def queue_wait_distribution(df: pd.DataFrame) -> pd.DataFrame:
    """Queued chats per wait-time band (the queue's approximated wait, in seconds).

    `wait` is an ordered categorical: a chart keeps the bands in order, not alphabetical."""
    bands = wait_bands(df["queue_wait_time"]).dropna()
    counts = bands.value_counts().reindex(list(WAIT_LABELS), fill_value=0)
    return pd.DataFrame({"wait": pd.Categorical(list(WAIT_LABELS), categories=list(WAIT_LABELS), ordered=True),
                         "chats": counts.to_numpy()})


def events_by_type(df: pd.DataFrame) -> pd.DataFrame:
    """In how many chats each event type is present in last_event_per_type."""
    counts = Counter(t for types in df["event_types"] for t in types)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame({"type": [k for k, _ in rows], "chats": [v for _, v in rows]})


def customers_by_country(df: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """Chats per customer country, most first: the `top` countries, then "other", then "(unknown)"."""
    counts = df["customer_country"].value_counts()
    rows = list(counts.iloc[:top].items())
    if len(counts) > top:
        rows.append(("other", int(counts.iloc[top:].sum())))
    unknown = int(df["customer_country"].isna().sum())
    if unknown:
        rows.append(("(unknown)", unknown))
    return pd.DataFrame({"country": pd.array([k for k, _ in rows], dtype="str"),
                         "chats": pd.array([int(v) for _, v in rows], dtype="int64")})


# --------------------------------------------------------------------------------------------
# Drill-down frames: users, last_event_per_type, threads, events timeline
# --------------------------------------------------------------------------------------------

def users_frame(users: Any) -> pd.DataFrame:
    """A chat's users, one row each."""
    cols: dict[str, list] = {c: [] for c in (
        "id", "type", "name", "email", "present", "country", "city", "timezone", "visit_started_at",
        "events_seen_up_to", "created_at", "chats_count", "tickets", "routing_status", "avatar")}
    for u in _array(users):
        u = _object(u)
        visit = _visit(u)           # last_visit up to v3.5, visit from v3.6
        tickets = u.get("tickets")
        geo = _object(visit.get("geolocation"))
        cols["id"].append(_text(u.get("id")))
        cols["type"].append(_text(u.get("type")))
        cols["name"].append(_text(u.get("name")))
        cols["email"].append(_text(u.get("email")))
        cols["present"].append(_bool(u.get("present")))
        cols["country"].append(_text(geo.get("country")))
        cols["city"].append(_text(geo.get("city")))
        cols["timezone"].append(_text(geo.get("timezone")))
        cols["visit_started_at"].append(_string(visit.get("started_at")))
        cols["events_seen_up_to"].append(_string(u.get("events_seen_up_to")))
        cols["created_at"].append(_string(u.get("created_at")))
        cols["chats_count"].append(_int(_object(u.get("statistics")).get("chats_count")))
        cols["tickets"].append(len(tickets) if isinstance(tickets, list) else None)
        cols["routing_status"].append(_text(u.get("routing_status")))
        cols["avatar"].append(_text(u.get("avatar")))
    return pd.DataFrame({
        c: (to_datetimes(v) if c in ("visit_started_at", "events_seen_up_to", "created_at")
            else pd.array(v, dtype="boolean") if c == "present"
            else pd.array(v, dtype="Int64") if c in ("chats_count", "tickets")
            else pd.array(v, dtype="str"))
        for c, v in cols.items()})


def last_events_frame(summary: Any) -> pd.DataFrame:
    """A chat summary's last_event_per_type, newest first."""
    s = _object(summary)
    users = _user_index(s.get("users"))
    rows = []
    for key, entry in last_event_per_type(s).items():
        entry = _object(entry)
        ev = _object(entry.get("event"))
        rows.append((str(key), _text(ev.get("type")), _string(ev.get("created_at")), user_label(ev.get("author_id"), users),
                     event_summary(ev), _text(ev.get("id")), _text(entry.get("thread_id")), _string(entry.get("thread_created_at"))))
    names = ("filed_under", "type", "created_at", "author", "summary", "event_id", "thread_id", "thread_created_at")
    df = pd.DataFrame({n: [r[i] for r in rows] for i, n in enumerate(names)})
    for c in names:
        df[c] = to_datetimes(df[c].tolist()) if c.endswith("created_at") else pd.array(df[c].tolist(), dtype="str")
    return df.sort_values("created_at", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def last_events(summary: Any) -> list[dict]:
    """The events of last_event_per_type, oldest first (for a transcript preview)."""
    events = [e["event"] for e in last_event_per_type(_object(summary)).values()
              if isinstance(e, dict) and isinstance(e.get("event"), dict)]
    return sorted(events, key=lambda e: _string(e.get("created_at")) or "")


def events_frame(events: Any, users: Any = None, thread_id: str | None = None) -> pd.DataFrame:
    """A thread's events as a timeline: time, author (name from the users), type, summary, recipients."""
    by_id = _user_index(users)
    audience = audience_field()
    cols: dict[str, list] = {c: [] for c in ("time", "author", "type", "summary", audience, "event_id")}
    for ev in _array(events):
        ev = _object(ev)
        author = user_label(ev.get("author_id"), by_id)
        if author is None and ev.get("type") == "system_message":
            author = "(system)"
        cols["time"].append(_string(ev.get("created_at")))
        cols["author"].append(author)
        cols["type"].append(_text(ev.get("type")))
        cols["summary"].append(event_summary(ev))
        cols[audience].append(_text(ev.get(audience)))
        cols["event_id"].append(_text(ev.get("id")))
    df = pd.DataFrame({c: to_datetimes(v) if c == "time" else pd.array(v, dtype="str") for c, v in cols.items()})
    if thread_id is not None:
        df.insert(0, "thread_id", pd.array([thread_id] * len(df), dtype="str"))
    return df


def chat_events_frame(chat: Any) -> pd.DataFrame:
    """Every thread's events of a chat, one timeline, with a thread_id column."""
    chat = _object(chat)
    frames = [events_frame(t.get("events"), chat.get("users"), _text(t.get("id")) or "?")
              for t in _array(chat.get("threads")) if isinstance(t, dict)]
    return pd.concat(frames, ignore_index=True) if frames else events_frame([], None, "")


def threads_frame(chat: Any) -> pd.DataFrame:
    """A chat's threads, one row each."""
    chat = _object(chat)
    users = _user_index(chat.get("users"))
    cols: dict[str, list] = {c: [] for c in (
        "thread_id", "created_at", "active", "events", "users", "queue_position", "queue_wait_time",
        "group_ids", "previous_thread_id", "next_thread_id", "restricted_access")}
    for t in _array(chat.get("threads")):
        t = _object(t)
        q = _object(t.get("queue"))
        cols["thread_id"].append(_text(t.get("id")))
        cols["created_at"].append(_string(t.get("created_at")))
        cols["active"].append(_bool(t.get("active")))
        cols["events"].append(len(_array(t.get("events"))) if "events" in t else None)
        cols["users"].append([user_label(u, users) for u in _array(t.get("user_ids")) if isinstance(u, str)])
        cols["queue_position"].append(_int(q.get("position")))
        cols["queue_wait_time"].append(_int(q.get("wait_time")))
        cols["group_ids"].append([g for g in map(_int, _array(_object(t.get("access")).get("group_ids"))) if g is not None])
        cols["previous_thread_id"].append(_text(t.get("previous_thread_id")))
        cols["next_thread_id"].append(_text(t.get("next_thread_id")))
        cols["restricted_access"].append(_text(t.get("restricted_access")))
    typed = {}
    for c, v in cols.items():
        if c == "created_at":
            typed[c] = to_datetimes(v)
        elif c == "active":
            typed[c] = pd.array(v, dtype="boolean")
        elif c in ("events", "queue_position", "queue_wait_time"):
            typed[c] = pd.array(v, dtype="Int64")
        elif c in ("users", "group_ids"):
            typed[c] = pd.Series(v, dtype="object")
        else:
            typed[c] = pd.array(v, dtype="str")
    return pd.DataFrame(typed)


def issues_frame(issues: Sequence[Issue]) -> pd.DataFrame:
    """Issues of one item as a table."""
    return pd.DataFrame({
        "severity": pd.array([i.severity for i in issues], dtype="str"),
        "path": pd.array([i.path for i in issues], dtype="str"),
        "message": pd.array([i.message for i in issues], dtype="str"),
        "rule": pd.array([i.rule for i in issues], dtype="str"),
        "spec": pd.array([i.spec for i in issues], dtype="str"),
    })

