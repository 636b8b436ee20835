"""The reference, generated from the models: one entry per structure and per nested object.

Nothing here restates the spec. Every row of every table is read from the field tree
(playground.spec.fields), which reads the pydantic models: the key (``alias`` or name),
required or not, the type in JSON words (its reference style), the constraints (``MaxLen``,
``Ge``, ...), the byte limit and documented default, the rule ids the field declares
(``x-rule``, a timestamp's format), a model's own rule ids (``__rules__``), and the
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
from dataclasses import dataclass
from typing import Any, get_origin

import pandas as pd
from pydantic import TypeAdapter

from playground.spec.catalog import STRUCTURES, Structure
from playground.spec.fields import FieldSpec, TypeSpec, model_spec, type_spec, type_words
from playground.spec.rules import RULES, Rule
from playground.spec.typeinfo import is_model

COLUMNS = ["field", "required", "type", "limits", "note", "links"]
FIND_COLUMNS = ["field", "entry", "title", "mode", "type", "required", "note", "paths"]
PARTS_SECTION = "Parts of structures"
MODES = ("request", "response", "both")
MAX_QUERY = 200
_INDEXES = re.compile(r"\[\d*\]")   # "elements[0].title" and "elements[].title" -> "elements.title"


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


def _node(tp: Any) -> TypeSpec:
    return tp if isinstance(tp, TypeSpec) else type_spec(tp)


def _map_key(node: TypeSpec) -> Any:
    """What the entry index is keyed by: a model class, a union's members, or the type itself."""
    if node.kind == "model":
        return node.base
    if node.kind == "union":
        return ("union", frozenset(x.tp for x in node.members))
    return _hashable(node.base)


@functools.lru_cache(maxsize=1)
def _model_map() -> dict[Any, str]:
    """Model class (or catalog union / map) -> entry key; nested models get a snake_case key."""
    by_model: dict[Any, str] = {}
    for s in STRUCTURES.values():
        for tp in (s.request_model, s.response_model):
            by_model.setdefault(_map_key(type_spec(tp)), s.name)
    taken = set(STRUCTURES)
    seen: set = set()
    queue: list[TypeSpec] = [type_spec(tp) for s in STRUCTURES.values() for tp in (s.request_model, s.response_model)]
    while queue:
        node = queue.pop(0)
        for ms in node.models():
            if ms.cls in seen:
                continue
            seen.add(ms.cls)
            if ms.cls not in by_model:
                key = _snake(ms.cls.__name__)
                while key in taken:
                    key += "_part"
                taken.add(key)
                by_model[ms.cls] = key
            queue.extend(f.type for f in ms.fields.values())
    return by_model


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Entry], dict[Any, str]]:
    """Every entry once: (entries by key, model class or union -> entry key)."""
    by_model = _model_map()
    entries: dict[str, Entry] = {}
    for s in STRUCTURES.values():
        models = ({"both": s.response_model} if s.request_model is s.response_model
                  else {"request": s.request_model, "response": s.response_model})
        node = type_spec(s.response_model)
        variants: tuple = ()
        rules: tuple = ()
        if node.kind == "union":
            variants = tuple((_variant_label(v, by_model), (refs(v) or (None,))[0]) for v in node.members)
        if node.kind == "model":
            rules = node.model.rules
            req = type_spec(s.request_model)
            if req.base is not node.base and req.kind == "model":
                rules = tuple(dict.fromkeys(req.model.rules + rules))
        entries[s.name] = Entry(s.name, s.title, s.section, s.note or _doc(node.base), s.name, models,
                                variants, rules)
    for cls, key in by_model.items():
        if key not in entries and is_model(cls):
            ms = model_spec(cls)
            entries[key] = Entry(key, ms.label, PARTS_SECTION, _doc(cls), None, {"both": cls}, (), ms.rules)
    return entries, by_model


def _hashable(tp: Any) -> Any:
    try:
        hash(tp)
        return tp
    except TypeError:
        return repr(tp)


def _doc(tp: Any) -> str:
    if is_model(tp):
        doc = tp.__dict__.get("__doc__")
        return inspect.cleandoc(doc) if isinstance(doc, str) else ""
    return ""


def entries() -> dict[str, Entry]:
    """Every entry by key: the catalog's structures (in spec order), then the nested parts."""
    return dict(_index()[0])


def entry(key: str) -> Entry:
    return _index()[0][key]


def key_of(tp: Any) -> str | None:
    """The entry key of a model class (or of the catalog's unions / Properties), if any."""
    return _model_map().get(_map_key(_node(tp)))


def _variant_label(node: TypeSpec, by_model: dict) -> str:
    if node.kind == "model":
        disc = _tag_of(node)
        key = by_model.get(node.base)
        title = STRUCTURES[key].title if key in STRUCTURES else node.model.label
        return f'{title} ("type": "{disc}")' if disc else title
    return type_label(node)


def _tags_of(node: TypeSpec) -> tuple:
    """The values a model's literal "type" field allows (empty when it has none)."""
    f = node.model.by_name.get("type")
    return f.type.choices if f is not None and f.type.kind == "literal" else ()


def _tag_of(node: TypeSpec) -> str | None:
    tags = _tags_of(node)
    return str(tags[0]) if len(tags) == 1 else None


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


# ---------------------------------------------------------------------------------------------
# types in JSON words (the field tree's reference style; titles from the catalog)

def _title(node: TypeSpec) -> str | None:
    """The catalog's title of a model or union that is a catalog structure, else None."""
    key = key_of(node)
    return STRUCTURES[key].title if key in STRUCTURES else None


def type_label(tp: Any, _keys: list[str] | None = None, meta: Any = None) -> str:
    """A type in JSON words: "string", "array of Button", "one of: cards | sticker | quick_replies",
    "object (namespace → name → value)". `meta`: a field's own metadata (validators, ...)."""
    return type_words(tp, "reference", title=_title, key_words=tuple(_keys) if _keys is not None else None,
                      meta=tuple(meta or ()))


def refs(tp: Any) -> tuple[str, ...]:
    """Entry keys a field's type links to (the union of events links to "event", not to each)."""
    out: list[str] = []
    stack = [_node(tp)]
    while stack:
        node = stack.pop()
        k = key_of(node)
        if k is not None and (node.kind in ("model", "union") or get_origin(node.base) is dict):
            out.append(k)
            continue
        stack.extend(reversed(node.members + tuple(x for x in (node.item, node.value) if x is not None)))
    return tuple(dict.fromkeys(out))


# ---------------------------------------------------------------------------------------------
# limits

def _num(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)


_CONSTRAINT_WORDS = {"max_length": "at most {n} {item}", "min_length": "at least {n} {item}",
                     "ge": "≥ {n}", "gt": "> {n}", "le": "≤ {n}", "lt": "< {n}"}


def limits_of(f: FieldSpec) -> str:
    """Constraints, defaults and the validator's rules of one field, in words."""
    item = "items" if get_origin(f.type.base) in (list, tuple, set) else "characters"
    parts = [_CONSTRAINT_WORDS[name].format(n=_num(n), item=item) for name, n in f.constraints]
    if f.max_bytes is not None:
        parts.append(f"at most {_num(f.max_bytes)} bytes in UTF-8")
    default = f.info.default
    if "default" in f.extra:
        parts.append(f"default: {f.documented_default}")
    elif default not in (None, ...) and not f.required and not callable(default):
        parts.append(f"default: {json.dumps(default, ensure_ascii=False, default=str)}")
    if f.timestamp is not None:
        parts.append(f"like {f.timestamp.example}")
    for r in f.rules:
        parts.append(f"rule {r}")
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------------
# tables

def _rows_of_model(cls: Any) -> list[dict]:
    rows = []
    for f in model_spec(cls).fields.values():
        rows.append({
            "field": f.key,
            "required": "yes" if f.required else "no",
            "type": type_label(f),
            "limits": limits_of(f),
            "note": f.note,
            "links": refs(f.type),
        })
    return rows


def _rows_of_type(tp: Any) -> list[dict]:
    """A structure that is not an object model: a map (Properties) or a union (by variants)."""
    node = _node(tp)
    rows: list[dict] = []
    words = node.key_words or ("key",)
    path = ""
    depth = 0
    while node.kind == "map" and get_origin(node.base) is dict and depth < 8:
        word = words[depth] if depth < len(words) else "key"
        path = f"{path}.<{word}>" if path else f"<{word}>"
        value = node.value or type_spec(Any)
        rows.append({"field": path, "required": "no",
                     "type": type_label(value, list(words[depth + 1:]) or None),
                     "limits": "", "note": f"Any number of {word}s, each a key of this object."
                     if depth == 0 else f"Any number of {word}s inside each {words[depth - 1]}.",
                     "links": refs(value)})
        node = value
        depth += 1
    return rows


@functools.lru_cache(maxsize=None)
def _table(key: str, mode: str) -> pd.DataFrame:
    node = type_spec(entry(key).models[mode])
    rows = _rows_of_model(node.base) if node.kind == "model" else _rows_of_type(node)
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
    node = _node(tp)
    origin = get_origin(node.base)
    if node.kind == "model":
        if node.base in trail:
            return
        k = key_of(node)
        if k is not None:
            out.setdefault(k, []).append(path)
        for f in node.model.fields.values():
            _walk_paths(f.type, f"{path}.{f.key}", out, depth + 1, trail + (node.base,))
        return
    if node.kind == "union":
        k = key_of(node)
        if k is not None:
            out.setdefault(k, []).append(path)
        for x in node.members:
            _walk_paths(x, path, out, depth + 1, trail)
        return
    if origin in (list, tuple):
        if node.item is not None:
            _walk_paths(node.item, path + "[]", out, depth + 1, trail)
        return
    if origin is dict:
        k = key_of(node)
        if k is not None:
            out.setdefault(k, []).append(path)
        if node.value is not None:
            words = node.key_words or ("key",)
            _walk_paths(node.value, f"{path}.<{words[0]}>", out, depth + 1, trail)


def paths_to(key: str) -> list[str]:
    """Where an entry appears: "thread.queue", "chat.threads[].queue", ... (its own name first)."""
    entry(key)
    return list(_paths().get(key, []))


def object_rules(key: str) -> list[str]:
    """Rules the validator applies to the object as a whole (those not named by one field)."""
    e = entry(key)
    nodes = [type_spec(tp) for tp in e.models.values()]
    on_fields = {r for node in nodes if node.kind == "model" for f in node.model.fields.values() for r in f.rules}
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
    node = _node(tp)
    origin = get_origin(node.base)
    if node.base is target and isinstance(data, dict):
        return data, path
    if node.kind == "model" and isinstance(data, dict):
        for f in node.model.fields.values():
            if f.key in data:
                hit = _find(data[f.key], f.type, target, f"{path}.{f.key}" if path else f.key, depth + 1)
                if hit is not None:
                    return hit
        return None
    if node.kind == "union":
        for x in node.members:
            if x.kind == "model" and isinstance(data, dict):
                tags = _tags_of(x)
                if tags and data.get("type") not in tags:
                    continue
            hit = _find(data, x, target, path, depth + 1)
            if hit is not None:
                return hit
        return None
    if origin in (list, tuple) and isinstance(data, list):
        for i, x in enumerate(data):
            hit = _find(x, node.item or type_spec(Any), target, f"{path}[{i}]", depth + 1)
            if hit is not None:
                return hit
        return None
    if origin is dict and isinstance(data, dict) and node.value is not None:
        for k, v in data.items():
            hit = _find(v, node.value, target, f"{path}.{k}" if path else str(k), depth + 1)
            if hit is not None:
                return hit
    return None


def sections() -> dict[str, list[Entry]]:
    """Entries grouped for a menu: the catalog's sections in order, then the parts."""
    out: dict[str, list[Entry]] = {}
    for e in _index()[0].values():
        out.setdefault(e.section, []).append(e)
    return out
