"""The reference, generated from the models: one entry per structure and per nested object.

Nothing here restates the spec. Every row of every table is read from the pydantic models:
the key (``alias`` or name), ``is_required()``, the annotation rendered as a JSON type,
the constraints in ``metadata`` (``MaxLen``, ``Ge``, ...), ``json_schema_extra`` (``x-rule``,
``maxBytes``, ``default``), validators of annotated types (their rule ids), and the
``description`` (the spec's note)::

    entries()                     # {key: Entry}, catalog structures first, then nested parts
    table("rich_message", "request")   # DataFrame: field, required, type, limits, note, links
    find_field("queue")           # DataFrame: every place a field named like "queue" appears
    paths_to("image")             # ["rich_message.elements[].image", ...]
    example("image")              # (value, "Rich message sample, elements[0].image") or None

Keys are stable and URL-safe (``?structure=<key>``): a catalog name (``rich_message``,
``thread``, ...) or, for a nested object, its model's name in snake case (``button``,
``image``, ``queue``, ``thread_summary``, ...).

No Streamlit here; ``playground/app/views/reference.py`` shows it.
"""
from __future__ import annotations

import functools
import inspect
import json
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types as at
import pandas as pd
from pydantic import TypeAdapter
from pydantic.fields import FieldInfo

from playground.spec import common
from playground.spec import v3_2 as m
from playground.spec.v3_2 import chats, events, forms, users
from playground.spec.catalog import STRUCTURES, Structure
from playground.spec.rules import RULES, Rule
from playground.spec.typeinfo import is_model as _is_model, strip as _strip

COLUMNS = ["field", "required", "type", "limits", "note", "links"]
FIND_COLUMNS = ["field", "entry", "title", "mode", "type", "required", "note", "paths"]
PARTS_SECTION = "Parts of structures"
MODES = ("request", "response", "both")
MAX_QUERY = 200
_INDEXES = re.compile(r"\[\d*\]")   # "elements[0].title" and "elements[].title" -> "elements.title"
_RULE_ID = re.compile(r"""["']([a-z0-9]+(?:-[a-z0-9]+)+)["']""")


# ---------------------------------------------------------------------------------------------
# entries

@dataclass(frozen=True)
class Entry:
    key: str                       # stable, URL-safe
    title: str
    section: str                   # a catalog section, or PARTS_SECTION
    note: str
    structure: str | None          # the catalog name, when this entry is a catalog structure
    models: dict[str, Any]         # {"request": tp, "response": tp} or {"both": tp}
    variants: tuple[tuple[str, str | None], ...] = ()   # a union: (label, entry key) per member
    rules: tuple[str, ...] = ()    # rule ids the validator applies to this object itself

    @property
    def modes(self) -> tuple[str, ...]:
        return tuple(self.models)

    @property
    def is_part(self) -> bool:
        return self.structure is None

    @property
    def catalog(self) -> Structure | None:
        return STRUCTURES.get(self.structure) if self.structure else None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _members(tp: Any) -> list[Any]:
    return [a for a in get_args(tp) if a is not type(None)]


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


@functools.lru_cache(maxsize=1)
def _model_map() -> dict[Any, str]:
    """Model class (or catalog union / map) -> entry key; nested models get a snake_case key."""
    by_model: dict[Any, str] = {}
    for s in STRUCTURES.values():
        for tp in (s.request_model, s.response_model):
            base, _ = _strip(tp)
            if _is_model(base):
                by_model.setdefault(base, s.name)
            elif _is_union(base):
                by_model.setdefault(("union", frozenset(_members(base))), s.name)
            else:
                by_model.setdefault(_hashable(base), s.name)
    taken = set(STRUCTURES)
    seen: set = set()
    queue: list[Any] = [tp for s in STRUCTURES.values() for tp in (s.request_model, s.response_model)]
    while queue:
        tp = queue.pop(0)
        for cls in _models_in(tp):
            if cls in seen:
                continue
            seen.add(cls)
            if cls not in by_model:
                key = _snake(cls.__name__)
                while key in taken:
                    key += "_part"
                taken.add(key)
                by_model[cls] = key
            queue.extend(f.annotation for f in cls.model_fields.values())
    return by_model


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Entry], dict[Any, str]]:
    """Every entry once: (entries by key, model class or union -> entry key)."""
    by_model = _model_map()
    entries: dict[str, Entry] = {}
    for s in STRUCTURES.values():
        models = ({"both": s.response_model} if s.request_model is s.response_model
                  else {"request": s.request_model, "response": s.response_model})
        base, _ = _strip(s.response_model)
        variants: tuple = ()
        rules: tuple = ()
        if _is_union(base):
            variants = tuple((_variant_label(v, by_model), (refs(v) or (None,))[0]) for v in _members(base))
        if _is_model(base):
            rules = _model_rules(base)
            req, _ = _strip(s.request_model)
            if req is not base and _is_model(req):
                rules = tuple(dict.fromkeys(_model_rules(req) + rules))
        entries[s.name] = Entry(s.name, s.title, s.section, s.note or _doc(base), s.name, models,
                                variants, rules)
    for cls, key in by_model.items():
        if key not in entries and _is_model(cls):
            entries[key] = Entry(key, _label(cls), PARTS_SECTION, _doc(cls), None, {"both": cls},
                                 (), _model_rules(cls))
    return entries, by_model


def _hashable(tp: Any) -> Any:
    try:
        hash(tp)
        return tp
    except TypeError:
        return repr(tp)


def _doc(tp: Any) -> str:
    if _is_model(tp):
        doc = tp.__dict__.get("__doc__")
        return inspect.cleandoc(doc) if isinstance(doc, str) else ""
    return ""


def _label(cls: Any) -> str:
    fn = getattr(cls, "kind_name", None)
    return str(fn()) if callable(fn) else cls.__name__


def _models_in(tp: Any) -> list[Any]:
    """Every model class a type mentions (through Annotated, Optional, unions, lists, dicts)."""
    out: list = []
    stack = [tp]
    while stack:
        t, _ = _strip(stack.pop())
        if _is_model(t):
            out.append(t)
        elif get_origin(t) is Literal:
            continue
        else:
            stack.extend(reversed([a for a in get_args(t) if not isinstance(a, (str, int, float))]))
    return out


def entries() -> dict[str, Entry]:
    """Every entry by key: the catalog's structures (in spec order), then the nested parts."""
    return dict(_index()[0])


def entry(key: str) -> Entry:
    return _index()[0][key]


def key_of(tp: Any) -> str | None:
    """The entry key of a model class (or of the catalog's unions / Properties), if any."""
    return _ref_of(tp, _model_map())


def _ref_of(tp: Any, by_model: dict) -> str | None:
    base, _ = _strip(tp)
    if _is_model(base):
        return by_model.get(base)
    if _is_union(base):
        return by_model.get(("union", frozenset(_members(base))))
    return by_model.get(_hashable(base))


def _variant_label(tp: Any, by_model: dict) -> str:
    base, _ = _strip(tp)
    if _is_model(base):
        disc = _tag_of(base)
        key = by_model.get(base)
        title = STRUCTURES[key].title if key in STRUCTURES else _label(base)
        return f'{title} ("type": "{disc}")' if disc else title
    return type_label(tp)


def _tags_of(cls: Any) -> tuple:
    """The values a model's literal "type" field allows (empty when it has none)."""
    f = cls.model_fields.get("type")
    if f is not None:
        base, _ = _strip(f.annotation)
        if get_origin(base) is Literal:
            return get_args(base)
    return ()


def _tag_of(cls: Any) -> str | None:
    f = cls.model_fields.get("type")
    if f is not None:
        base, _ = _strip(f.annotation)
        if get_origin(base) is Literal and len(get_args(base)) == 1:
            return str(get_args(base)[0])
    return None


# ---------------------------------------------------------------------------------------------
# rules the validator applies: from x-rule, from annotated validators, from a model's own code

@functools.lru_cache(maxsize=None)
def _rules_in_source(obj: Any) -> tuple[str, ...]:
    try:
        src = inspect.getsource(obj)
    except (OSError, TypeError):
        return ()
    return tuple(dict.fromkeys(r for r in _RULE_ID.findall(src) if r in RULES))


def _model_rules(cls: Any) -> tuple[str, ...]:
    """Rule ids a model's own validators and spec findings raise (its code, up its bases)."""
    out: list[str] = []
    for base in reversed(cls.__mro__):
        if _is_model(base) and base.__module__.startswith("playground.spec.v3_2") and base is not m.Model:
            out.extend(_rules_in_source(base))
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=1)
def _annotated_aliases() -> dict[Any, dict]:
    """Validator function -> the JSON Schema extras of the Annotated alias that carries it."""
    out: dict[Any, dict] = {}
    for mod in (common, events, forms, users, chats):
        for name, obj in vars(mod).items():
            if get_origin(obj) is not typing.Annotated:
                continue
            extra: dict = {}
            funcs = []
            for meta in get_args(obj)[1:]:
                if isinstance(meta, FieldInfo) and isinstance(meta.json_schema_extra, dict):
                    extra.update(meta.json_schema_extra)
                func = getattr(meta, "func", None)
                if callable(func):
                    funcs.append(func)
            for func in funcs:
                out[func] = {"alias": name, **extra}
    return out


def _validators(meta: list) -> list[Any]:
    return [getattr(x, "func") for x in meta if callable(getattr(x, "func", None))]


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


# ---------------------------------------------------------------------------------------------
# types in JSON words

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _dict_words(tp: Any) -> list[str]:
    """Names for the keys of nested maps: Properties is namespace -> name -> value."""
    if _hashable(tp) == _hashable(m.Properties):
        return ["namespace", "name"]
    return []


def type_label(tp: Any, _keys: list[str] | None = None, meta: list | None = None) -> str:
    """A type in JSON words: "string", "array of Button", "one of: cards | sticker | quick_replies",
    "object (namespace → name → value)". `meta`: a field's own metadata (validators, ...)."""
    base, inner = _strip(tp)
    fmt = _format_of(list(meta or ()) + inner)
    if base is Any or base is object:
        return "any JSON value"
    if base in _SCALARS:
        return _SCALARS[base] + (f" ({fmt})" if fmt else "")
    origin = get_origin(base)
    if origin is Literal:
        values = get_args(base)
        if len(values) == 1:
            return json.dumps(values[0], ensure_ascii=False)
        return "one of: " + " | ".join(str(v) for v in values)
    if _is_union(base):
        members = _members(base)
        key = key_of(base)
        if key in STRUCTURES and all(_is_model(_strip(x)[0]) for x in members):
            tags = [_tag_of(_strip(x)[0]) for x in members]
            return f"{STRUCTURES[key].title} (by type: " + " | ".join(t for t in tags if t) + ")"
        if all(_is_model(_strip(x)[0]) for x in members):
            return "one of, by type: " + " | ".join(_title_of(_strip(x)[0]) for x in members)
        names = list(dict.fromkeys(type_label(x) for x in members))
        return " or ".join(names)
    if origin in (list, tuple, set, frozenset) or base in (list, tuple):
        args = get_args(base)
        if not args or args[0] is Any:
            return "array"
        return "array of " + type_label(args[0])
    if origin is dict or base is dict:
        words = _keys if _keys is not None else _dict_words(base)
        args = get_args(base)
        head = words[0] if words else "key"
        if len(args) == 2:
            vbase, _ = _strip(args[1])
            if vbase is Any:
                return f"object ({head} → value)" if words else "object (any keys and values)"
            if get_origin(vbase) is dict:
                inner = type_label(args[1], words[1:] or None)
                inner = inner[len("object ("):-1] if inner.startswith("object (") else inner
                return f"object ({head} → {inner})"
            return f"object ({head} → {type_label(args[1])})"
        return "object"
    if _is_model(base):
        return _title_of(base)
    return getattr(base, "__name__", str(base))


def _title_of(cls: Any) -> str:
    key = key_of(cls)
    if key in STRUCTURES:
        return STRUCTURES[key].title
    return _label(cls)


def _format_of(meta: list) -> str | None:
    aliases = _annotated_aliases()
    for func in _validators(meta):
        info = aliases.get(func)
        if info and info.get("format"):
            return str(info["format"])
    for x in meta:
        if isinstance(x, FieldInfo) and isinstance(x.json_schema_extra, dict) and x.json_schema_extra.get("format"):
            return str(x.json_schema_extra["format"])
        if isinstance(x, common.TimestampFormat):
            return "date-time"
    return None


def refs(tp: Any) -> tuple[str, ...]:
    """Entry keys a field's type links to (the union of events links to "event", not to each)."""
    out: list[str] = []
    stack = [tp]
    while stack:
        t, _ = _strip(stack.pop())
        k = key_of(t)
        if k is not None and (_is_model(t) or _is_union(t) or get_origin(t) is dict):
            out.append(k)
            continue
        if get_origin(t) is Literal:
            continue
        stack.extend(reversed([a for a in get_args(t) if not isinstance(a, (str, int, float))]))
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------------------------------------
# limits

def _num(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


def limits_of(f: FieldInfo) -> str:
    """Constraints, defaults and the validator's rules of one field, in words."""
    base, meta = _strip(f.annotation)
    meta = list(f.metadata) + meta
    parts: list[str] = []
    item = "items" if get_origin(base) in (list, tuple, set) else "characters"
    for c in meta:
        if isinstance(c, at.MaxLen):
            parts.append(f"at most {_num(c.max_length)} {item}")
        elif isinstance(c, at.MinLen):
            parts.append(f"at least {_num(c.min_length)} {item}")
        elif isinstance(c, at.Ge):
            parts.append(f"≥ {_num(c.ge)}")
        elif isinstance(c, at.Gt):
            parts.append(f"> {_num(c.gt)}")
        elif isinstance(c, at.Le):
            parts.append(f"≤ {_num(c.le)}")
        elif isinstance(c, at.Lt):
            parts.append(f"< {_num(c.lt)}")
    extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
    if "maxBytes" in extra:
        parts.append(f"at most {_num(extra['maxBytes'])} bytes in UTF-8")
    if "default" in extra:
        parts.append(f"default: {extra['default']}")
    elif f.default not in (None, ...) and not f.is_required() and not callable(f.default):
        parts.append(f"default: {json.dumps(f.default, ensure_ascii=False, default=str)}")
    aliases = _annotated_aliases()
    rule_ids: list[str] = []
    if extra.get("x-rule") in RULES:
        rule_ids.append(extra["x-rule"])
    for func in _validators(meta):
        info = aliases.get(func)
        if info and info.get("pattern"):
            parts.append(f"pattern {info['pattern']}")
        rule_ids.extend(_rules_in_source(func))
    for x in meta:
        if isinstance(x, common.TimestampFormat):
            parts.append(f"like {x.example}")
            rule_ids.append(x.rule)
    for r in dict.fromkeys(rule_ids):
        parts.append(f"rule {r}")
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------------
# tables

def _rows_of_model(cls: Any) -> list[dict]:
    rows = []
    for name, f in cls.model_fields.items():
        rows.append({
            "field": f.alias or name,
            "required": "yes" if f.is_required() else "no",
            "type": type_label(f.annotation, meta=list(f.metadata)),
            "limits": limits_of(f),
            "note": f.description or "",
            "links": refs(f.annotation),
        })
    return rows


def _rows_of_type(tp: Any) -> list[dict]:
    """A structure that is not an object model: a map (Properties) or a union (by variants)."""
    base, _ = _strip(tp)
    rows: list[dict] = []
    words = _dict_words(base) or ["key"]
    path = ""
    depth = 0
    while get_origin(base) is dict and depth < 8:
        args = get_args(base)
        word = words[depth] if depth < len(words) else "key"
        path = f"{path}.<{word}>" if path else f"<{word}>"
        value = args[1] if len(args) == 2 else Any
        rows.append({"field": path, "required": "no",
                     "type": type_label(value, words[depth + 1:] or None),
                     "limits": "", "note": f"Any number of {word}s, each a key of this object."
                     if depth == 0 else f"Any number of {word}s inside each {words[depth - 1]}.",
                     "links": refs(value)})
        base, _ = _strip(value)
        depth += 1
    return rows


@functools.lru_cache(maxsize=None)
def _table(key: str, mode: str) -> pd.DataFrame:
    e = entry(key)
    tp = e.models[mode]
    base, _ = _strip(tp)
    rows = _rows_of_model(base) if _is_model(base) else _rows_of_type(base)
    return pd.DataFrame(rows, columns=COLUMNS)


def table(key: str, mode: str | None = None) -> pd.DataFrame:
    """The field table of an entry in one mode ("request", "response"; "both" for single-table
    entries; None: the entry's last mode, i.e. the response). A copy: callers may change it."""
    e = entry(key)
    if mode not in e.models:
        if mode in ("request", "response") and "both" in e.models:
            mode = "both"
        elif mode is None:
            mode = e.modes[-1]
        else:
            raise KeyError(f"{key} has no {mode} table; it has: {', '.join(e.modes)}")
    return _table(key, mode).copy()


def server_added(key: str) -> list[str]:
    """Fields the response table has and the request table lacks (what the server generates)."""
    e = entry(key)
    if "request" not in e.models:
        return []
    req = set(_table(key, "request")["field"])
    return [f for f in _table(key, "response")["field"] if f not in req]


def json_schema(key: str, mode: str | None = None) -> dict:
    """The JSON Schema of an entry (catalog structures through Structure.json_schema)."""
    e = entry(key)
    m_ = mode if mode in e.models else ("response" if "response" in e.models else "both")
    if e.catalog is not None:
        return e.catalog.json_schema("request" if m_ == "request" else "response")
    schema = TypeAdapter(e.models[m_]).json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", e.title)
    return schema


# ---------------------------------------------------------------------------------------------
# where each entry appears: paths from the catalog's structures

@functools.lru_cache(maxsize=1)
def _paths() -> dict[str, list[str]]:
    """entry key -> every path (from a catalog structure, its name first) that holds it."""
    out: dict[str, list[str]] = {}
    for s in STRUCTURES.values():
        if s.name == "event":
            continue          # each event is its own structure; "event" only names the union
        for mode_tp in dict.fromkeys([s.request_model, s.response_model]):
            _walk_paths(mode_tp, s.name, out, depth=0, trail=())
    for k in out:
        out[k] = list(dict.fromkeys(out[k]))
    return out


def _walk_paths(tp: Any, path: str, out: dict, depth: int, trail: tuple) -> None:
    if depth > 12:
        return
    base, _ = _strip(tp)
    origin = get_origin(base)
    if _is_model(base):
        if base in trail:
            return
        k = key_of(base)
        if k is not None:
            out.setdefault(k, []).append(path)
        for name, f in base.model_fields.items():
            _walk_paths(f.annotation, f"{path}.{f.alias or name}", out, depth + 1, trail + (base,))
        return
    if _is_union(base):
        k = key_of(base)
        if k is not None:
            out.setdefault(k, []).append(path)
        for x in _members(base):
            _walk_paths(x, path, out, depth + 1, trail)
        return
    if origin in (list, tuple):
        args = get_args(base)
        if args:
            _walk_paths(args[0], path + "[]", out, depth + 1, trail)
        return
    if origin is dict:
        k = key_of(base)
        if k is not None:
            out.setdefault(k, []).append(path)
        args = get_args(base)
        if len(args) == 2:
            words = _dict_words(base) or ["key"]
            _walk_paths(args[1], f"{path}.<{words[0]}>", out, depth + 1, trail)


def paths_to(key: str) -> list[str]:
    """Where an entry appears: "thread.queue", "chat.threads[].queue", ... (its own name first)."""
    entry(key)
    return list(_paths().get(key, []))


def object_rules(key: str) -> list[str]:
    """Rules the validator applies to the object as a whole (those not named by one field)."""
    e = entry(key)
    on_fields = {r for mode in e.modes for lim in _table(key, mode)["limits"]
                 for r in re.findall(r"rule ([a-z0-9-]+)", lim)}
    return [r for r in e.rules if r not in on_fields]


def used_in(key: str) -> list[tuple[str, str]]:
    """(entry key, field) of every field whose type links to this entry."""
    out = []
    for k, e in _index()[0].items():
        for mode in e.modes:
            for _, row in _table(k, mode).iterrows():
                if key in row["links"] and (k, row["field"]) not in out:
                    out.append((k, row["field"]))
    return out


# ---------------------------------------------------------------------------------------------
# search

@functools.lru_cache(maxsize=1)
def _all_fields() -> pd.DataFrame:
    rows = []
    paths = _paths()
    for k, e in _index()[0].items():
        tables = {mode: _table(k, mode) for mode in e.modes}
        merged: dict[str, dict] = {}
        for mode, df in tables.items():
            for rec in df.to_dict("records"):
                prev = merged.get(rec["field"])
                same = prev is not None and all(prev[c] == rec[c] for c in ("type", "required", "note"))
                if same:
                    prev["mode"] = "both"
                    continue
                row = {"field": rec["field"], "entry": k, "title": e.title, "mode": mode,
                       "type": rec["type"], "required": rec["required"], "note": rec["note"],
                       "paths": tuple(f"{p}.{rec['field']}" for p in paths.get(k, ())),
                       "links": rec["links"]}
                if prev is None:
                    merged[rec["field"]] = row
                else:
                    merged[rec["field"] + "\x00" + mode] = row
        rows.extend(merged.values())
    df = pd.DataFrame(rows, columns=FIND_COLUMNS + ["links"])
    # what the search compares, computed once: lower-case names, notes and index-free paths
    df["_name"] = df["field"].str.lower()
    df["_note"] = df["note"].str.lower()
    df["_paths"] = df["paths"].map(lambda ps: "\n".join(_INDEXES.sub("", p.lower()) for p in ps))
    return df


def find_field(query: str, *, in_notes: bool = True) -> pd.DataFrame:
    """Every field, in every entry and mode, whose name (or full path, or note) matches `query`.

    Case-insensitive substring match; best first: exact name, name prefix, name or path
    substring, then (with in_notes) a match in the spec's note. Columns: FIND_COLUMNS, with
    ``paths`` the full paths from the catalog's structures ("chat.threads[].queue", ...).
    """
    q = (query or "").strip().lower()[:MAX_QUERY]
    df = _all_fields()
    if not q:
        return df.iloc[0:0][FIND_COLUMNS].reset_index(drop=True)
    names = df["_name"]
    rank = pd.Series(99, index=df.index)
    note_hit = df["_note"].str.contains(q, regex=False) if in_notes else pd.Series(False, index=df.index)
    qp = _INDEXES.sub("", q)
    path_hit = df["_paths"].str.contains(qp, regex=False) if qp and "\n" not in qp else pd.Series(False, index=df.index)
    rank = rank.mask(note_hit, 3)
    rank = rank.mask(path_hit | names.str.contains(q, regex=False), 2)
    rank = rank.mask(names.str.startswith(q), 1)
    rank = rank.mask(names == q, 0)
    hits = df.assign(_rank=rank)[rank < 99]
    order = {k: i for i, k in enumerate(_index()[0])}
    hits = hits.assign(_order=hits["entry"].map(order)).sort_values(["_rank", "_order"], kind="stable")
    return hits[FIND_COLUMNS].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# examples from the catalog's samples

def _load(path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@functools.lru_cache(maxsize=None)
def example(key: str) -> tuple[Any, str] | None:
    """A sample value for an entry: its own sample, or the first instance inside another
    structure's sample (e.g. Image from the Rich message sample). (value, where) or None."""
    e = entry(key)
    if e.catalog is not None and e.catalog.samples:
        data = _load(e.catalog.samples[0])
        if data is not None:
            return data, f"{e.title} sample"
    if e.is_part:
        target = e.models["both"]
        for s in STRUCTURES.values():
            for p in s.samples:
                data = _load(p)
                if data is None:
                    continue
                if s.wrapper and isinstance(data, dict) and set(data) == {s.wrapper}:
                    data = data[s.wrapper]
                found = _find(data, s.response_model, target, "", 0)
                if found is not None:
                    value, where = found
                    title = f"{s.title} sample" + (f" ({p.name})" if len(s.samples) > 1 else "")
                    return value, f"{title}, {where}" if where else title
    return None


def _find(data: Any, tp: Any, target: Any, path: str, depth: int) -> tuple[Any, str] | None:
    if depth > 16:
        return None
    base, _ = _strip(tp)
    if base is target and isinstance(data, dict):
        return data, path
    if _is_model(base) and isinstance(data, dict):
        for name, f in base.model_fields.items():
            k = f.alias or name
            if k in data:
                hit = _find(data[k], f.annotation, target, f"{path}.{k}" if path else k, depth + 1)
                if hit is not None:
                    return hit
        return None
    if _is_union(base):
        for x in _members(base):
            xb, _ = _strip(x)
            if _is_model(xb) and isinstance(data, dict):
                tags = _tags_of(xb)
                if tags and data.get("type") not in tags:
                    continue
            hit = _find(data, x, target, path, depth + 1)
            if hit is not None:
                return hit
        return None
    if get_origin(base) in (list, tuple) and isinstance(data, list):
        args = get_args(base)
        for i, x in enumerate(data):
            hit = _find(x, args[0] if args else Any, target, f"{path}[{i}]", depth + 1)
            if hit is not None:
                return hit
        return None
    if get_origin(base) is dict and isinstance(data, dict):
        args = get_args(base)
        if len(args) == 2:
            for k, v in data.items():
                hit = _find(v, args[1], target, f"{path}.{k}" if path else str(k), depth + 1)
                if hit is not None:
                    return hit
    return None


def sections() -> dict[str, list[Entry]]:
    """Entries grouped for a menu: the catalog's sections in order, then the parts."""
    out: dict[str, list[Entry]] = {}
    for e in _index()[0].values():
        out.setdefault(e.section, []).append(e)
    return out
