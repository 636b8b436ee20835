"""The reference, generated from the models: one entry per structure and per nested object, in
every API version the catalog knows.

Nothing here restates the spec. Every row of every table is read from the field tree
(playground.spec.fields), which reads the pydantic models of the chosen version: the key
(``alias`` or name), required or not, the type in JSON words (its reference style), the
constraints (``MaxLen``, ``Ge``, ...), the byte limit and documented default, the rule ids the
field declares (``x-rule``, a timestamp's format), a model's own rule ids (``__rules__``), the
``description`` (the spec's note) and the versions that have the field::

    entries(version="3.6")             # {key: Entry}, catalog structures first, then nested parts
    table("rich_message", "request", version="3.6")   # DataFrame: field, required, type, limits,
                                       #   note, versions, links
    find_field("queue", version="3.6") # DataFrame: every place a field named like "queue" appears
    paths_to("image")                  # ["rich_message.elements[].image", ...]
    example("image", version="3.6")    # (value, "Rich message sample, elements[0].image") or None
    changes("message", "3.2", "3.4")   # DataFrame: what changed, from the two versions' field trees,
                                       #   with the changelog's words where a CHANGES record matches
    field_versions("message", "text")  # ("3.2", ..., "3.7"); versions_text(...) -> "all"

Every function takes ``version`` (default catalog.DEFAULT_VERSION). Keys are stable and URL-safe
(``?structure=<key>&api=<version>``): a catalog name (``rich_message``, ``thread``, ...) or, for a
nested object, its model's name in snake case (``button``, ``image``, ``queue``, ...).
``counterpart(key, version, other)`` is the same entry in another version (``chat_summary`` in
v3.6 is ``chat_info`` in v3.7).

No Streamlit here; ``playground/app/views/reference.py`` shows it.
"""
from __future__ import annotations

import difflib
import functools
import inspect
import json
import re
from dataclasses import dataclass
from typing import Any, get_origin

import pandas as pd
from pydantic import TypeAdapter

from playground.spec import catalog
from playground.spec.catalog import DEFAULT_VERSION, VERSIONS, Structure
from playground.spec.fields import (
    OPTIONAL,
    REQUIRED_EXPLAINED,
    FieldSpec,
    TypeSpec,
    model_spec,
    type_spec,
    type_words,
)
from playground.spec.rules import RULES, Rule
from playground.spec.typeinfo import is_model
from playground.spec.versioning import Change

COLUMNS = ["field", "required", "type", "limits", "note", "versions", "links"]
FIND_COLUMNS = ["field", "entry", "title", "mode", "type", "required", "note", "paths"]
CHANGE_COLUMNS = ["field", "change", "before", "after", "mode", "in", "changelog"]
PARTS_SECTION = "Parts of structures"
MODES = ("request", "response", "both")
MAX_QUERY = 200
STRUCTURE_ROW = "(the structure)"   # the `field` of a change to the structure itself
_INDEXES = re.compile(r"\[\d*\]")   # "elements[0].title" and "elements[].title" -> "elements.title"
_STRUCTURE_NAME = re.compile(r"[A-Za-z0-9_]+")


def stable_version() -> str:
    """The version LiveChat's docs call stable (the newest one when none is)."""
    return next((v for v in VERSIONS if status(v) == "stable"), VERSIONS[-1])


def status(version: str) -> str:
    """What LiveChat's docs call a version today ("stable", "legacy", ...; "" when unknown)."""
    return catalog.STATUS.get(version, "")


def version_label(version: str) -> str:
    """"v3.6 · stable": a version with its status, for pickers and captions."""
    word = status(version)
    return f"v{version} · {word}" if word else f"v{version}"


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
    version: str = DEFAULT_VERSION

    @property
    def modes(self) -> tuple[str, ...]:
        return tuple(self.models)

    @property
    def is_part(self) -> bool:
        return self.structure is None

    @property
    def catalog(self) -> Structure | None:
        return catalog.structures(self.version).get(self.structure) if self.structure else None


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


def _structures(version: str) -> dict[str, Structure]:
    return catalog.structures(version)


@functools.cache
def _model_map(version: str) -> dict[Any, str]:
    """Model class (or catalog union / map) -> entry key; nested models get a snake_case key."""
    structures = _structures(version)
    by_model: dict[Any, str] = {}
    for s in structures.values():
        for tp in (s.request_model, s.response_model):
            by_model.setdefault(_map_key(type_spec(tp)), s.name)
    taken = set(structures)
    seen: set = set()
    queue: list[TypeSpec] = [type_spec(tp) for s in structures.values() for tp in (s.request_model, s.response_model)]
    while queue:
        node = queue.pop(0)
        for ms in node.models():
            if ms.cls in seen:
                continue
            seen.add(ms.cls)
            if ms.cls not in by_model and _relaxed_base(ms.cls) in by_model:
                by_model[ms.cls] = by_model[_relaxed_base(ms.cls)]     # the same event, fields optional
            if ms.cls not in by_model:
                key = _snake(ms.cls.__name__)
                while key in taken:
                    key += "_part"
                taken.add(key)
                by_model[ms.cls] = key
            queue.extend(f.type for f in ms.fields.values())
    return by_model


def _relaxed_base(cls: type) -> type | None:
    """The model a versioning.relaxed() model derives from (same name, one base), else None."""
    bases = cls.__bases__
    return bases[0] if len(bases) == 1 and bases[0].__name__ == cls.__name__ else None


def _own_rules(node: TypeSpec, request: Any, version: str) -> tuple[str, ...]:
    """The rule ids a structure's models declare that apply in `version`."""
    rules: tuple = node.model.rules
    req = type_spec(request)
    if req.base is not node.base and req.kind == "model":
        rules = tuple(dict.fromkeys(req.model.rules + rules))
    return tuple(r for r in rules if rule_applies(r, version))


def rule_applies(rule_id: str, version: str) -> bool:
    """Whether the validator applies the rule `rule_id` in `version` (Rule.versions)."""
    found = RULES.get(rule_id)
    return found is not None and (found.versions is None or version in found.versions)


@functools.cache
def _index(version: str) -> tuple[dict[str, Entry], dict[Any, str]]:
    """Every entry of a version once: (entries by key, model class or union -> entry key)."""
    by_model = _model_map(version)
    entries: dict[str, Entry] = {}
    for s in _structures(version).values():
        models = ({"both": s.response_model} if s.request_model is s.response_model
                  else {"request": s.request_model, "response": s.response_model})
        node = type_spec(s.response_model)
        variants: tuple = ()
        rules: tuple = ()
        if node.kind == "union":
            variants = tuple((_variant_label(v, by_model, version), (refs(v, version=version) or (None,))[0])
                             for v in node.members)
        if node.kind == "model":
            rules = _own_rules(node, s.request_model, version)
        entries[s.name] = Entry(s.name, s.title, s.section, s.note or _doc(node.base), s.name, models,
                                variants, rules, version)
    for cls, key in by_model.items():
        if key not in entries and is_model(cls):
            ms = model_spec(cls)
            entries[key] = Entry(key, ms.label, PARTS_SECTION, _doc(cls), None, {"both": cls}, (),
                                 tuple(r for r in ms.rules if rule_applies(r, version)), version)
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


def entries(version: str = DEFAULT_VERSION) -> dict[str, Entry]:
    """Every entry of a version by key: the catalog's structures (in spec order), then the parts."""
    return dict(_index(catalog.check_version(version))[0])


def entry(key: str, version: str = DEFAULT_VERSION) -> Entry:
    return _index(catalog.check_version(version))[0][key]


def key_of(tp: Any, version: str = DEFAULT_VERSION) -> str | None:
    """The entry key of a model class (or of the catalog's unions / Properties), if any."""
    return _model_map(version).get(_map_key(_node(tp)))


def _variant_label(node: TypeSpec, by_model: dict, version: str) -> str:
    if node.kind == "model":
        disc = _tag_of(node)
        key = by_model.get(node.base)
        structures = _structures(version)
        title = structures[key].title if key in structures else node.model.label
        return f'{title} ("type": "{disc}")' if disc else title
    return type_label(node, version=version)


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

def _titler(version: str):
    structures = _structures(version)

    def title(node: TypeSpec) -> str | None:
        """The catalog's title of a model or union that is a catalog structure, else None."""
        key = key_of(node, version)
        return structures[key].title if key in structures else None
    return title


def type_label(tp: Any, _keys: list[str] | None = None, meta: Any = None, *, version: str = DEFAULT_VERSION) -> str:
    """A type in JSON words: "string", "array of Button", "one of: cards | sticker | quick_replies",
    "object (namespace → name → value)". `meta`: a field's own metadata (validators, ...)."""
    return type_words(tp, "reference", title=_titler(version), key_words=tuple(_keys) if _keys is not None else None,
                      meta=tuple(meta or ()))


def refs(tp: Any, version: str = DEFAULT_VERSION) -> tuple[str, ...]:
    """Entry keys a field's type links to (the union of events links to "event", not to each)."""
    out: list[str] = []
    stack = [_node(tp)]
    while stack:
        node = stack.pop()
        k = key_of(node, version)
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

def _rows_of_model(cls: Any, version: str) -> list[dict]:
    rows = []
    for f in model_spec(cls).fields.values():
        rows.append({
            "field": f.key,
            "required": f.requirement.words,
            "type": type_label(f, version=version),
            "limits": limits_of(f),
            "note": f.note,
            "links": refs(f.type, version),
        })
    return rows


def _rows_of_type(tp: Any, version: str) -> list[dict]:
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
                     "type": type_label(value, list(words[depth + 1:]) or None, version=version),
                     "limits": "", "note": f"Any number of {word}s, each a key of this object."
                     if depth == 0 else f"Any number of {word}s inside each {words[depth - 1]}.",
                     "links": refs(value, version)})
        node = value
        depth += 1
    return rows


@functools.cache
def _table(key: str, mode: str, version: str) -> pd.DataFrame:
    node = type_spec(entry(key, version).models[mode])
    rows = _rows_of_model(node.base, version) if node.kind == "model" else _rows_of_type(node, version)
    where = home(key, version)
    for row in rows:
        row["versions"] = versions_cell(where[0], _join(where[1], row["field"]), version)
    return pd.DataFrame(rows, columns=COLUMNS)


def _mode_of(e: Entry, mode: str | None) -> str:
    if mode in e.models:
        return mode
    if mode in ("request", "response") and "both" in e.models:
        return "both"
    if mode is None:
        return e.modes[-1]
    raise KeyError(f"{e.key} has no {mode} table; it has: {', '.join(e.modes)}")


def table(key: str, mode: str | None = None, version: str = DEFAULT_VERSION) -> pd.DataFrame:
    """The field table of an entry in one mode ("request", "response"; "both" for single-table
    entries; None: the entry's last mode, i.e. the response). A copy: callers may change it.
    Its ``versions`` column says which versions have the field ("all", "3.4–3.7", ...)."""
    e = entry(key, version)
    return _table(key, _mode_of(e, mode), e.version).copy()


def server_added(key: str, version: str = DEFAULT_VERSION) -> list[str]:
    """Fields the response table has and the request table lacks (what the server generates)."""
    e = entry(key, version)
    if "request" not in e.models:
        return []
    req = set(_table(key, "request", e.version)["field"])
    return [f for f in _table(key, "response", e.version)["field"] if f not in req]


def json_schema(key: str, mode: str | None = None, version: str = DEFAULT_VERSION) -> dict:
    """The JSON Schema of an entry (catalog structures through Structure.json_schema)."""
    e = entry(key, version)
    m_ = mode if mode in e.models else ("response" if "response" in e.models else "both")
    if e.catalog is not None:
        return e.catalog.json_schema("request" if m_ == "request" else "response")
    schema = TypeAdapter(e.models[m_]).json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", e.title)
    schema.setdefault("description", f"LiveChat Agent Chat API v{e.version}: {e.title}.")
    return schema


# ---------------------------------------------------------------------------------------------
# where each entry appears: paths from the catalog's structures

@functools.cache
def _paths(version: str) -> dict[str, list[str]]:
    """entry key -> every path (from a catalog structure, its name first) that holds it."""
    out: dict[str, list[str]] = {}
    for s in _structures(version).values():
        if s.name == "event":
            continue          # each event is its own structure; "event" only names the union
        for mode_tp in dict.fromkeys([s.request_model, s.response_model]):
            _walk_paths(mode_tp, s.name, out, depth=0, trail=(), version=version)
    for k in out:
        out[k] = list(dict.fromkeys(out[k]))
    return out


def _walk_paths(tp: Any, path: str, out: dict, depth: int, trail: tuple, version: str) -> None:
    if depth > 12:
        return
    node = _node(tp)
    origin = get_origin(node.base)
    k = key_of(node, version)
    if node.kind == "model":
        if node.base in trail:
            return
        if k is not None:
            out.setdefault(k, []).append(path)
        for f in node.model.fields.values():
            _walk_paths(f.type, f"{path}.{f.key}", out, depth + 1, trail + (node.base,), version)
    elif node.kind == "union":
        if k is not None:
            out.setdefault(k, []).append(path)
        for x in node.members:
            _walk_paths(x, path, out, depth + 1, trail, version)
    elif origin in (list, tuple):
        if node.item is not None:
            _walk_paths(node.item, path + "[]", out, depth + 1, trail, version)
    elif origin is dict:
        if k is not None:
            out.setdefault(k, []).append(path)
        if node.value is not None:
            words = node.key_words or ("key",)
            _walk_paths(node.value, f"{path}.<{words[0]}>", out, depth + 1, trail, version)


def paths_to(key: str, version: str = DEFAULT_VERSION) -> list[str]:
    """Where an entry appears: "thread.queue", "chat.threads[].queue", ... (its own name first)."""
    entry(key, version)
    return list(_paths(version).get(key, []))


def home(key: str, version: str = DEFAULT_VERSION) -> tuple[str, str]:
    """(structure name, path inside it) of the first place an entry appears: ("message", "") for
    a structure, ("rich_message", "elements[].image") for the Image part."""
    e = entry(key, version)
    if e.structure is not None:
        return e.structure, ""
    first = paths_to(key, version)[0]
    name = _STRUCTURE_NAME.match(first).group(0)
    return name, first[len(name):].lstrip(".")


def object_rules(key: str, version: str = DEFAULT_VERSION) -> list[str]:
    """Rules the validator applies to the object as a whole (those not named by one field)."""
    e = entry(key, version)
    nodes = [type_spec(tp) for tp in e.models.values()]
    on_fields = {r for node in nodes if node.kind == "model" for f in node.model.fields.values() for r in f.rules}
    return [r for r in e.rules if r not in on_fields]


def used_in(key: str, version: str = DEFAULT_VERSION) -> list[tuple[str, str]]:
    """(entry key, field) of every field whose type links to this entry."""
    out = []
    for k, e in _index(version)[0].items():
        for mode in e.modes:
            for field, links in zip(_table(k, mode, version)["field"], _table(k, mode, version)["links"]):
                if key in links and (k, field) not in out:
                    out.append((k, field))
    return out


def counterpart(key: str, version: str, other: str) -> str | None:
    """The key of the same entry in another version: the key itself when `other` has it, the
    structure under its other name (chat_summary <-> chat_info), or the entry found at the same
    place (renames followed); None when `other` has nothing there."""
    if key in _index(other)[0] and entry(key, other).is_part == entry(key, version).is_part:
        return key
    name, path = home(key, version)
    there = _name_in(name, other)
    if there is None:
        return None
    if not path:
        return there
    moved = translate(name, path, version, other)
    wanted = f"{there}.{moved}" if moved and moved[0] != "[" else f"{there}{moved}"
    return next((k for k, ps in _paths(other).items() if wanted in ps and entry(k, other).is_part), None)


# ---------------------------------------------------------------------------------------------
# versions: each structure's field tree as paths, compared between any two versions
#
# A structure's tree in one version and mode is {path: Place}, paths like "elements[].image.url"
# (arrays "[]", map keys "<namespace>"). Between two neighbouring versions, a path the newer
# one lacks is removed, one the older lacks is added, and a removed/added pair is a rename
# where a model of the newer version declares it (Revision's __renamed__) or a CHANGES record
# says so. Between any two versions, renames are those of the steps, followed one after the other.

_MAX_TREE_DEPTH = 14
_CUTS = re.compile(r"[.\[]")


@dataclass
class _Place:
    """One path of a structure's tree in one mode: what its models say there."""
    types: set
    required: set
    limits: set
    owners: list                   # the model classes that hold the field


def _join(path: str, key: str) -> str:
    if not key:
        return path
    return f"{path}.{key}" if path and not key.startswith("[") else f"{path}{key}"


def _plain_title(node: TypeSpec) -> str | None:
    """Types compared between versions: a model is an "object" (its fields are compared on
    their own); a union of tagged models keeps its tags."""
    if node.kind == "model":
        return "object"
    if node.kind == "union" and any(_tag_of(m) for m in node.members if m.kind == "model"):
        return "object"
    return None


def _bounds(f: FieldSpec) -> str:
    """A field's limits and default without the validator's rule ids (those name checks, not the API)."""
    return " · ".join(part for part in limits_of(f).split(" · ") if not part.startswith("rule "))


def _plain_words(tp: Any, keys: tuple = ()) -> str:
    return type_words(tp, "reference", title=_plain_title, key_words=keys or None)


def _place(places: dict, path: str) -> _Place:
    return places.setdefault(path, _Place(set(), set(), set(), []))


def _flatten(node: TypeSpec, path: str, places: dict, trail: tuple, depth: int, keys: tuple = ()) -> None:
    if depth > _MAX_TREE_DEPTH:
        return
    if node.kind == "model":
        if node.base in trail:
            return
        for f in node.model.fields.values():
            p = _join(path, f.key)
            place = _place(places, p)
            place.types.add(_plain_words(f))
            place.required.add(f.requirement.words)
            place.limits.add(_bounds(f))
            if node.base not in place.owners:
                place.owners.append(node.base)
            _flatten(f.type, p, places, trail + (node.base,), depth + 1)
    elif node.kind == "union":
        for member in node.members:
            _flatten(member, path, places, trail, depth + 1)
    elif node.kind == "array" and node.item is not None:
        _flatten(node.item, path + "[]", places, trail, depth + 1)
    elif node.kind == "map" and node.value is not None and get_origin(node.base) is dict:
        words = keys or node.key_words or ("key",)
        p = _join(path, f"<{words[0]}>")
        place = _place(places, p)
        place.types.add(_plain_words(node.value, words[1:]))
        place.required.add(OPTIONAL.words)
        place.limits.add("")
        _flatten(node.value, p, places, trail, depth + 1, words[1:])


@functools.cache
def _tree(version: str, name: str) -> dict[str, dict[str, _Place]]:
    """mode ("request", "response") -> path -> Place, for one structure of one version."""
    s = catalog.get(version, name)
    out: dict[str, dict[str, _Place]] = {}
    for mode in ("request", "response"):
        places: dict[str, _Place] = {}
        _flatten(type_spec(s.model(mode)), "", places, (), 0)
        out[mode] = places
    return out


# -- what each version package's CHANGES says, and the names a structure has had ---------------

def _changes_of(version: str) -> tuple[Change, ...]:
    """What a version package's CHANGES say changed from the version before."""
    return tuple(catalog.changes(version))


@functools.cache
def _lineage(name: str) -> tuple[str, ...]:
    """Every name a structure has had (CHANGES records renaming the structure itself)."""
    names = {name}
    grew = True
    while grew:
        grew = False
        for version in VERSIONS:
            for c in _changes_of(version):
                if c.kind == "renamed" and not c.path and {c.old, c.new} & names and not {c.old, c.new} <= names:
                    names |= {c.old, c.new}
                    grew = True
    return tuple(sorted(names, key=lambda n: (n != name, n)))


def _name_in(name: str, version: str) -> str | None:
    """What the structure `name` (under any of its names) is called in `version`; None: absent."""
    return next((n for n in _lineage(name) if n in _structures(version)), None)


def _records(name: str, version: str) -> list[Change]:
    """The CHANGES records of `version` about the structure `name` (under any of its names)."""
    names = set(_lineage(name))
    return [c for c in _changes_of(version) if c.structure in names]


# -- renames between neighbouring versions, and paths followed across versions -----------------

def _declared_renames(cls: type) -> dict[str, str]:
    out: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        out.update(klass.__dict__.get("__renamed__", {}) or {})
    return out


def _parent_and_key(path: str) -> tuple[str, str]:
    parent, _, key = path.rpartition(".")
    return parent, key


@functools.cache
def _step_renames(name: str, older: str, newer: str) -> tuple[tuple[str, str], ...]:
    """(old path, new path) of each field renamed from `older` to the next version `newer`."""
    a, b = _name_in(name, older), _name_in(name, newer)
    if a is None or b is None:
        return ()
    pairs: list[tuple[str, str]] = []
    for mode in ("request", "response"):
        old, new = _tree(older, a)[mode], _tree(newer, b)[mode]
        for p in sorted((p for p in new if p not in old), key=lambda p: len(_CUTS.findall(p))):
            parent, key = _parent_and_key(p)
            olds = [o for cls in new[p].owners for o, n in _declared_renames(cls).items() if n == key]
            olds += [c.old for c in _records(name, newer) if c.kind == "renamed" and c.path == p and c.old]
            parent = _moved(parent, [(n, o) for o, n in pairs])    # under a parent renamed too
            for o in olds:
                q = _join(parent, o)
                if q in old and q not in new and (q, p) not in pairs:
                    pairs.append((q, p))
    return tuple(pairs)


def _under(path: str, top: str) -> bool:
    return path == top or (path.startswith(top) and path[len(top)] in ".[")


def _moved(path: str, pairs) -> str:
    """`path` with the first pair whose old path holds it applied (pairs: (old, new))."""
    for old, new in sorted(pairs, key=lambda p: -len(p[0])):
        if _under(path, old):
            return new + path[len(old):]
    return path


def translate(name: str, path: str, version: str, other: str) -> str:
    """The path a field of `name` at `path` in `version` has in `other`, renames followed."""
    i, j = VERSIONS.index(version), VERSIONS.index(other)
    step = 1 if j > i else -1
    for k in range(i, j, step):
        older, newer = (VERSIONS[k], VERSIONS[k + 1]) if step > 0 else (VERSIONS[k - 1], VERSIONS[k])
        pairs = _step_renames(name, older, newer)
        path = _moved(path, pairs if step > 0 else [(n, o) for o, n in pairs])
    return path


def _has(name: str, version: str, path: str) -> bool:
    there = _name_in(name, version)
    return there is not None and (not path or any(path in places for places in _tree(version, there).values()))


@functools.cache
def field_versions(name: str, path: str, version: str = DEFAULT_VERSION, *, renamed: bool = False) -> tuple[str, ...]:
    """The versions whose `name` structure has the field at `path` of `version` under the same
    name (the objects holding it followed through their renames); with renamed=True, also those
    where the field itself has another name (the audience field of v3.6 is v3.2's under its old name).
    path "": the versions having the structure."""
    parent, key = _parent_and_key(path)
    out = []
    for other in VERSIONS:
        same = _join(translate(name, parent, version, other), key) if parent else key
        if _has(name, other, same) or (renamed and _has(name, other, translate(name, path, version, other))):
            out.append(other)
    return tuple(out)


def versions_cell(name: str, path: str, version: str = DEFAULT_VERSION) -> str:
    """The "versions" of a field: "3.4–3.7", plus where it had another name ("3.6–3.7; as
    last_visit: 3.2–3.5")."""
    own = field_versions(name, path, version)
    others: dict[str, list[str]] = {}
    for other in field_versions(name, path, version, renamed=True):
        if other not in own:
            others.setdefault(_parent_and_key(translate(name, path, version, other))[1], []).append(other)
    return "; ".join([versions_text(own)] + [f"as {n}: {versions_text(vs)}" for n, vs in others.items()])


def versions_text(versions) -> str:
    """"all", "3.4–3.7", "3.2–3.3, 3.6", "3.6": versions in runs of neighbours ("" for none)."""
    have = [v in set(versions) for v in VERSIONS]
    if all(have):
        return "all"
    runs, start = [], None
    for i, present in enumerate(have + [False]):
        if present and start is None:
            start = i
        elif not present and start is not None:
            first, last = VERSIONS[start], VERSIONS[i - 1]
            runs.append(first if first == last else f"{first}–{last}")
            start = None
    return ", ".join(runs)


# -- what changed: rows from the trees, the changelog's words beside them ----------------------

def _words(values: set) -> str:
    return " / ".join(sorted(v for v in values if v)) if values else ""


def _required_words(values: set) -> str:
    return next(iter(values)) if len(values) == 1 else "in some variants"


def _row(field: str, change: str, before: str, after: str, old: str | None = None) -> dict:
    return {"field": field, "change": change, "before": before, "after": after, "old": old or field}


def _is_top(path: str, paths: set) -> bool:
    """No ancestor of `path` is in `paths` (an added object is one row, not one per field)."""
    return not any(path[:m.start()] in paths for m in _CUTS.finditer(path) if m.start())


def _compared(field: str, old: _Place, new: _Place, q: str) -> list[dict]:
    rows = []
    if old.types != new.types:
        rows.append(_row(field, "type changed", _words(old.types), _words(new.types), q))
    if old.required != new.required:
        rows.append(_row(field, "required changed", _required_words(old.required),
                         _required_words(new.required), q))
    if old.limits != new.limits:
        rows.append(_row(field, "limits changed", _words(old.limits) or "none", _words(new.limits) or "none", q))
    return rows


def _tree_diff(old: dict[str, _Place], new: dict[str, _Place], pairs) -> list[dict]:
    """Rows of one mode from the older tree to the newer, `pairs` the renames (old, new path)."""
    moved: dict[str, str] = {}
    rows: list[dict] = []
    for q, p in sorted(pairs, key=lambda x: len(x[0])):
        if q in old and p in new and q not in moved and p not in old:
            moved[q] = p
            rows.append(_row(p, "renamed", q, p, q))
            for r in old:
                t = p + r[len(q):]
                if _under(r, q) and r != q and t in new and r not in new:
                    moved[r] = t
    removed = {q for q in old if q not in new and q not in moved}
    added = {p for p in new if p not in old and p not in moved.values()}
    for q, place in old.items():
        p = moved.get(q, q)
        if p in new and q not in removed:
            rows.extend(_compared(p, place, new[p], q))
    rows.extend(_row(p, "added", "", _words(new[p].types)) for p in new if p in added and _is_top(p, added))
    rows.extend(_row(q, "removed", _words(old[q].types), "") for q in old if q in removed and _is_top(q, removed))
    return rows


def _merged_modes(by_mode: dict[str, list[dict]]) -> list[dict]:
    """One row per change: mode "both" where request and response say the same."""
    out: dict[tuple, dict] = {}
    for mode, rows in by_mode.items():
        for row in rows:
            key = (row["field"], row["change"], row["before"], row["after"])
            if key in out:
                out[key]["mode"] = "both"
            else:
                out[key] = {**row, "mode": mode}
    return list(out.values())


@functools.cache
def _span_rows(name: str, older: str, newer: str) -> tuple[dict, ...]:
    """Field rows from `older` to `newer` (older first in VERSIONS), both having the structure."""
    a, b = _name_in(name, older), _name_in(name, newer)
    i, j = VERSIONS.index(older), VERSIONS.index(newer)
    by_mode = {}
    for mode in ("request", "response"):
        old, new = _tree(older, a)[mode], _tree(newer, b)[mode]
        if j == i + 1:
            pairs = _step_renames(name, older, newer)
        else:
            pairs = [(q, translate(name, q, older, newer)) for q in old if q not in new]
        by_mode[mode] = _tree_diff(old, new, [(q, p) for q, p in pairs if q != p])
    return tuple(_merged_modes(by_mode))


def _step_of(row: dict, name: str, older: str, newer: str, step: tuple[str, str]) -> list[dict]:
    """The rows of one step (two neighbouring versions) that are the same change as `row`."""
    a, b = step
    if _name_in(name, a) is None or _name_in(name, b) is None:
        return []
    q = translate(name, row["old"], older, a)
    p = translate(name, row["field"], newer, b)
    return [s for s in _span_rows(name, a, b) if s["field"] in (p, translate(name, q, a, b)) or s["old"] == q]


def _matching_words(name: str, version: str, rows: list[dict], used: set) -> list[str]:
    out = []
    for c in _records(name, version):
        if any(c.path in (r["field"], r["old"]) for r in rows) and c.path:
            used.add(c)
            out.append(c.words)
    return out


def _annotated(rows, name: str, older: str, newer: str, used: set) -> list[dict]:
    """Each row with the version(s) it happened in and the changelog's words of those versions."""
    i, j = VERSIONS.index(older), VERSIONS.index(newer)
    steps = [(VERSIONS[k], VERSIONS[k + 1]) for k in range(i, j)]
    out = []
    for row in rows:
        ins, words = [], []
        for step in steps:
            hits = _step_of(row, name, older, newer, step)
            if hits:
                ins.append(step[1])
                words += _matching_words(name, step[1], hits, used)
        out.append({**row, "in": ", ".join(ins), "changelog": " ".join(dict.fromkeys(words))})
    return out


def _structure_rows(name: str, older: str, newer: str, used: set) -> list[dict]:
    """Rows about the structure itself: added, removed or renamed between the two versions."""
    i, j = VERSIONS.index(older), VERSIONS.index(newer)
    rows = []
    for k in range(i + 1, j + 1):
        before, after = _name_in(name, VERSIONS[k - 1]), _name_in(name, VERSIONS[k])
        if before == after:
            continue
        change = "added" if before is None else "removed" if after is None else "renamed"
        words = [c for c in _records(name, VERSIONS[k]) if not c.path]
        used.update(words)
        rows.append({**_row(STRUCTURE_ROW, change, before or "", after or ""), "mode": "both",
                     "in": VERSIONS[k], "changelog": " ".join(dict.fromkeys(c.words for c in words))})
    return rows


def _changelog_only(name: str, older: str, newer: str, used: set) -> list[dict]:
    """CHANGES records of the span that no row from the models matched, said as such."""
    i, j = VERSIONS.index(older), VERSIONS.index(newer)
    rows = []
    for version in VERSIONS[i + 1:j + 1]:
        for c in _records(name, version):
            if c not in used:
                rows.append({**_row(c.path or STRUCTURE_ROW, f"{c.kind} (changelog only)", c.old or "", c.new or ""),
                             "mode": "", "in": version, "changelog": c.words})
    return rows


def _reversed(row: dict) -> dict:
    """A row from older to newer, said from newer to older."""
    change = {"added": "removed", "removed": "added"}.get(row["change"], row["change"])
    field = row["old"] if row["field"] != STRUCTURE_ROW else row["field"]
    return {**row, "field": field, "old": row["field"], "change": change,
            "before": row["after"], "after": row["before"]}


def changes(name: str, from_version: str, to_version: str) -> pd.DataFrame:
    """What changed in the structure `name` (any of its names: chat_summary or chat_info) from
    `from_version` to `to_version` (either older), generated from the two versions' field trees.

    Columns CHANGE_COLUMNS: field (its path in `to_version`; STRUCTURE_ROW for the structure
    itself), change ("added", "removed", "renamed", "type changed", "required changed", "limits
    changed"; "... (changelog only)" for a CHANGES record the models do not show), before and
    after (names, types, yes/no), mode ("request", "response", "both"), in (the version(s) the
    change came with), changelog (the words of the CHANGES records that match). KeyError when no
    version between the two has the structure."""
    older, newer = sorted((catalog.check_version(from_version), catalog.check_version(to_version)),
                          key=VERSIONS.index)
    if not any(_name_in(name, v) for v in VERSIONS[VERSIONS.index(older):VERSIONS.index(newer) + 1]):
        raise KeyError(f"no version from v{older} to v{newer} has a structure {name!r}")
    used: set = set()
    rows = _structure_rows(name, older, newer, used)
    if _name_in(name, older) is not None and _name_in(name, newer) is not None:
        rows += _annotated(_span_rows(name, older, newer), name, older, newer, used)
    rows += _changelog_only(name, older, newer, used)
    if VERSIONS.index(from_version) > VERSIONS.index(to_version):
        rows = [_reversed(r) for r in rows]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS + ["old"])[CHANGE_COLUMNS].reset_index(drop=True)
def entry_changes(key: str, version: str, other: str) -> pd.DataFrame:
    """changes() of an entry from `other` to `version`: a catalog structure's own, or for a
    nested object the rows of its structure under the place it appears first, paths made
    relative to it (STRUCTURE_ROW: the object itself)."""
    name, place = home(key, version)
    df = changes(name, other, version)
    if not place:
        return df
    before = translate(name, place, version, other)
    keep = [i for i, (field, change) in enumerate(zip(df["field"], df["change"]))
            if _under(field, place) or (change.startswith("removed") and _under(field, before))]
    out = df.iloc[keep].copy()
    out["field"] = [_relative(field, place, before) for field in out["field"]]
    return out.reset_index(drop=True)


def _relative(path: str, *tops: str) -> str:
    for top in tops:
        if path == top:
            return STRUCTURE_ROW
        if _under(path, top):
            return path[len(top):].lstrip(".")
    return path


# ---------------------------------------------------------------------------------------------
# search

# Search is by tokens: "webview height", "Webview_Height", "height webview" and "buttons.webview"
# all find elements.buttons.webview_height. Words split on spaces, `_`, `.`, `[]` and other
# punctuation; case does not matter; array indexes ("elements[0]") are left out.
_TOKEN_SPLIT = re.compile(r"[^0-9a-z]+")
_FUZZY_CUTOFF = 0.8          # difflib's ratio for a misspelt word ("webveiw" -> "webview")
_FUZZY_MIN = 4               # words shorter than this are never guessed at
RANKS = {0: "exact name", 1: "name", 2: "name or path", 3: "note", 4: "close spelling"}


def search_tokens(text: str) -> tuple[str, ...]:
    """The words of a query or a name: lower case, split on anything but letters and digits,
    numbers alone (array indexes) left out."""
    return tuple(t for t in _TOKEN_SPLIT.split(str(text).lower()) if t and not t.isdigit())


def _words_match(word: str, words: frozenset) -> bool:
    """`word` is one of `words`, or begins one, or (3 letters or more) is inside one."""
    if word in words:
        return True
    return any(w.startswith(word) or (len(word) >= 3 and word in w) for w in words)


@functools.cache
def _all_fields(version: str) -> pd.DataFrame:
    rows = []
    paths = _paths(version)
    for k, e in _index(version)[0].items():
        merged: dict[str, dict] = {}
        for mode in e.modes:
            for rec in _table(k, mode, version).to_dict("records"):
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
    # what the search compares, computed once: lower-case names, and the words of names, paths, notes
    df["_name"] = df["field"].str.lower()
    df["_ntok"] = df["field"].map(search_tokens)
    df["_ptok"] = df.apply(lambda r: frozenset(r["_ntok"]).union(*(search_tokens(p) for p in r["paths"])), axis=1)
    df["_wtok"] = df["note"].map(lambda n: " " + " ".join(search_tokens(n)) + " ")   # the note's words, in order
    return df


@functools.cache
def _vocabulary(version: str) -> tuple[str, ...]:
    """Every word of a field name or path (what a misspelt word is compared with)."""
    words: set[str] = set()
    for ps in _all_fields(version)["_ptok"]:
        words |= ps
    return tuple(sorted(w for w in words if len(w) >= 3))


def _rank(q: str, qt: tuple, name: str, ntok: tuple, ptok: frozenset, wtext: str, in_notes: bool) -> int:
    if name == q or (qt and ntok == qt):
        return 0
    if name.startswith(q) or (qt and set(qt) <= set(ntok)):
        return 1
    if not qt:
        return 99
    if all(_words_match(t, ptok) for t in qt):
        return 2
    if in_notes and " " + " ".join(qt) in wtext:      # a note: the words as a phrase ("upload_file")
        return 3
    return 99


def find_field(query: str, *, in_notes: bool = True, version: str = DEFAULT_VERSION) -> pd.DataFrame:
    """Every field of one version, in every entry and mode, whose name, full path or note matches
    `query`, forgivingly: by words in any order (``webview height``, ``height_webview``,
    ``Buttons.Webview``: spaces, ``_``, ``.`` and ``[]`` alike, case ignored), each word a whole
    word, the start of one or (3 letters or more) inside one; when nothing matches, words within
    difflib's reach of a known one (``webveiw``).

    Best first: the exact name, every word in the name, every word in the name or the path,
    (with in_notes) the words as a phrase in the spec's note, then the close spellings; ties in
    the reference's order.
    Columns: FIND_COLUMNS, with ``paths`` the full paths from the catalog's structures
    ("chat.threads[].queue", ...).
    """
    version = catalog.check_version(version)
    q = (query or "").strip().lower()[:MAX_QUERY]
    df = _all_fields(version)
    if not q:
        return df.iloc[0:0][FIND_COLUMNS].reset_index(drop=True)
    qt = search_tokens(q)
    ranks = [_rank(q, qt, n, nt, pt, wt, in_notes)
             for n, nt, pt, wt in zip(df["_name"], df["_ntok"], df["_ptok"], df["_wtok"])]
    rank = pd.Series(ranks, index=df.index)
    if not (rank < 99).any() and qt:
        rank = _fuzzy(df, qt, version)
    hits = df.assign(_rank=rank)[rank < 99]
    order = {k: i for i, k in enumerate(_index(version)[0])}
    hits = hits.assign(_order=hits["entry"].map(order)).sort_values(["_rank", "_order"], kind="stable")
    return hits[FIND_COLUMNS].reset_index(drop=True)


def _fuzzy(df: pd.DataFrame, qt: tuple, version: str) -> pd.Series:
    """Rank 4 for the rows whose name and path words hold, for every query word, itself or a
    close spelling of it."""
    vocab = _vocabulary(version)
    options = []
    for t in qt:
        near = {t}
        if len(t) >= _FUZZY_MIN:
            near |= set(difflib.get_close_matches(t, vocab, n=6, cutoff=_FUZZY_CUTOFF))
        options.append(near)
    out = []
    for words in df["_ptok"]:
        ok = all(any(_words_match(w, words) if w == t else w in words for w in near)
                 for t, near in zip(qt, options))
        out.append(4 if ok else 99)
    return pd.Series(out, index=df.index)


# ---------------------------------------------------------------------------------------------
# examples from the catalog's samples

def _load(path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@functools.cache
def example(key: str, version: str = DEFAULT_VERSION) -> tuple[Any, str] | None:
    """A sample value for an entry from its version's samples: its own sample, or the first
    instance inside another structure's sample (e.g. Image from the Rich message sample).
    (value, where) or None."""
    e = entry(key, version)
    if e.catalog is not None and e.catalog.samples:
        data = _load(e.catalog.samples[0])
        if data is not None:
            return data, f"{e.title} sample"
    if e.is_part:
        target = e.models["both"]
        for s in _structures(version).values():
            for p in s.samples:
                found = _found_in_sample(s, p, target)
                if found is not None:
                    return found
    return None


def _found_in_sample(s: Structure, path: Any, target: Any) -> tuple[Any, str] | None:
    data = _load(path)
    if data is None:
        return None
    if s.wrapper and isinstance(data, dict) and set(data) == {s.wrapper}:
        data = data[s.wrapper]
    found = _find(data, s.response_model, target, "", 0)
    if found is None:
        return None
    value, where = found
    title = f"{s.title} sample" + (f" ({path.name})" if len(s.samples) > 1 else "")
    return value, f"{title}, {where}" if where else title


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


def sections(version: str = DEFAULT_VERSION) -> dict[str, list[Entry]]:
    """Entries grouped for a menu: the catalog's sections in order, then the parts."""
    out: dict[str, list[Entry]] = {}
    for e in _index(catalog.check_version(version))[0].values():
        out.setdefault(e.section, []).append(e)
    return out


