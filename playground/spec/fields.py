"""The field tree: every type the models use, compiled once into specs that every layer reads.

    node = type_spec(MessageRequest)          # a TypeSpec: kind "model", .model is its ModelSpec
    f = model_spec(Button).fields["type"]     # a FieldSpec: key, JSON type, required, limits, ...
    f.type.choices                            # ('webview', 'message', 'url', 'phone')
    type_spec(EventRequest).member_for({"type": "file"})   # the TypeSpec of FileRequest
    type_words(list[Button])                  # "array of object (Rich message button)"

A TypeSpec is one type without its Annotated and Optional wrappers: its kind ("any", "scalar",
"literal", "union", "array", "map", "model", "other"), the metadata the wrappers carried, and
its parts (union members with their discriminator and tag table, the array item, the map
value, the model's fields). A ModelSpec holds a model's fields by JSON key, what the model
declares about itself (label, rule ids, request or response, what the walk passes below it)
and its overridden spec findings. A FieldSpec holds what one field declares: the spec's note,
required or not, the constraints in their order, the byte limit, the documented default, the
sentence of the note that states the limit, the rule ids its errors use.

Specs are built on first use and cached for the life of the process (nodes by the id of the
type object, which the cache keeps alive; models by class). Children are compiled lazily, so
a model that refers to itself compiles. Any pydantic model works, not only the playground's.
"""
from __future__ import annotations

import json
import threading
import types
import typing
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel, Discriminator, Field, Tag
from pydantic.fields import FieldInfo

from playground.spec.common import PROPERTIES_KEYS, Declared, Model, Properties, TableRequired, TimestampFormat
from playground.spec.rules import RULES
from playground.spec.typeinfo import is_model, strip

# JSON words of the scalar types, as the spec's "Data type" column says them.
SCALAR_WORDS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null",
                bytes: "string"}
_ARRAYS = (list, tuple, set, frozenset)
# Constraint classes -> their names in FieldSpec.constraints.
_CONSTRAINTS = ((at.MaxLen, "max_length"), (at.MinLen, "min_length"), (at.Ge, "ge"), (at.Gt, "gt"),
                (at.Le, "le"), (at.Lt, "lt"))
# Map types whose keys have names of their own (a Properties key is a namespace, then a name).
KEY_WORDS = {repr(Properties): PROPERTIES_KEYS}


# ---------------------------------------------------------------------------------------------
# types

@dataclass(eq=False)
class TypeSpec:
    """One type, stripped of Annotated/Optional; its parts are compiled on first use."""
    tp: Any                       # the type as written (the cache keeps it alive)
    base: Any                     # without Annotated and Optional wrappers
    meta: tuple                   # the metadata those wrappers carried (validators, formats, ...)
    discriminator: str | None     # a union's discriminator (from Field(discriminator=...))
    kind: str                     # any | scalar | literal | union | array | map | model | other
    choices: tuple = ()           # literal: the allowed values, in order
    tag_of: Callable[[Any], Any] | None = None   # a union chosen by a function (pydantic's
    #   Discriminator(callable), members marked with Tag): value -> tag; `discriminator` then
    #   names the key the function mostly reads, for messages

    @property
    def json(self) -> str:
        """The JSON type in one word ("object", "array", "string", ...; "" for any/other)."""
        if self.kind in ("model", "map"):
            return "object"
        if self.kind == "array":
            return "array"
        if self.kind == "scalar":
            return SCALAR_WORDS[self.base]
        if self.kind == "literal":
            return _literal_json(self.choices)
        return ""

    @cached_property
    def model(self) -> "ModelSpec | None":
        return model_spec(self.base) if self.kind == "model" else None

    @cached_property
    def members(self) -> tuple["TypeSpec", ...]:
        """A union's members (None left out), in order; () for any other kind."""
        if self.kind != "union":
            return ()
        return tuple(type_spec(a) for a in get_args(self.base) if a is not type(None))

    @cached_property
    def tags(self) -> dict:
        """tag value -> member, for a union discriminated by `discriminator` ({} otherwise)."""
        table: dict = {}
        if self.kind == "union" and self.tag_of is not None:
            for member in self.members:
                for tag in (m.tag for m in member.meta if isinstance(m, Tag)):
                    table[tag] = member
        elif self.kind == "union" and self.discriminator:
            for member in self.members:
                if member.kind == "model":
                    f = member.model.by_name.get(self.discriminator)
                    for tag in (f.type.choices if f is not None else ()):
                        table[tag] = member
        return table

    @cached_property
    def item(self) -> "TypeSpec | None":
        """An array's item type (None for a bare list)."""
        args = get_args(self.base)
        return type_spec(args[0]) if self.kind == "array" and args else None

    @cached_property
    def value(self) -> "TypeSpec | None":
        """A map's value type (None for a bare dict)."""
        args = get_args(self.base)
        return type_spec(args[1]) if self.kind == "map" and len(args) == 2 else None

    @property
    def key_words(self) -> tuple[str, ...]:
        """Names of a nested map's keys (Properties: namespace, name); () when it has none."""
        return KEY_WORDS.get(repr(self.base), ()) if self.kind == "map" else ()

    @property
    def format(self) -> str | None:
        """A string format the metadata declares ("date-time" for timestamps), or None."""
        return _format_of(self.meta)

    # -- which member a value is --------------------------------------------------------------
    def member_for(self, data: Any) -> "TypeSpec | None":
        """The member the validator takes for `data`: by the tag of a discriminated union (None
        when the tag is missing, unknown or not a string), else the first member of data's JSON
        kind (a model or a map for an object, an array for a list)."""
        if self.discriminator:
            tag = self.tag(data)
            return self.tags.get(tag) if isinstance(tag, str) else None
        for member in self.members:
            if _of_kind(member, data):
                return member
        return None

    def tag(self, data: Any) -> Any:
        """The tag of `data` in a discriminated union (None when data is not an object)."""
        if not isinstance(data, dict):
            return None
        return self.tag_of(data) if self.tag_of is not None else data.get(self.discriminator)

    def likely_member(self, value: Any) -> "TypeSpec | None":
        """The member that fits `value` best, for explaining a payload whose tag may be wrong:
        the model whose Literal fields all agree with the value and that shares the most keys
        with it, else the first map (for an object) or array (for a list). A non-union: itself."""
        if self.kind != "union":
            return self
        if len(self.members) == 1:
            return self.members[0]
        if isinstance(value, dict):
            best, best_score = None, -1
            for member in self.members:
                if member.kind == "model":
                    score = member.model.fit(value)
                    if score is not None and score > best_score:
                        best, best_score = member, score
            if best is not None:
                return best
            return next((x for x in self.members if x.kind == "map"), None)
        if isinstance(value, list):
            return next((x for x in self.members if x.kind == "array"), None)
        return None

    def models(self) -> Iterator["ModelSpec"]:
        """Every model this type mentions at its top (through unions, arrays, maps), in order."""
        if self.kind == "model":
            yield self.model
        for part in self.members + tuple(x for x in (self.item, self.value) if x is not None):
            yield from part.models()


def _of_kind(node: TypeSpec, data: Any) -> bool:
    if node.kind in ("model", "map"):
        return isinstance(data, dict) and (node.kind == "model" or get_origin(node.base) is dict)
    return node.kind == "array" and get_origin(node.base) is list and isinstance(data, list)


def _literal_json(values: tuple) -> str:
    kinds = {SCALAR_WORDS.get(type(v), "") for v in values}
    return kinds.pop() if len(kinds) == 1 else ""


def _kind_of(base: Any) -> str:
    origin = get_origin(base)
    if base is Any or base is object:
        return "any"
    if base in SCALAR_WORDS:
        return "scalar"
    if origin is Literal:
        return "literal"
    if origin in (Union, types.UnionType):
        return "union"
    if origin in _ARRAYS or base in (list, tuple):
        return "array"
    if origin is dict or base is dict:
        return "map"
    if is_model(base):
        return "model"
    return "other"


_NODES: dict = {}
_LOCK = threading.RLock()   # sessions are threads: one compiles a type, the others wait for it


def type_spec(tp: Any, discriminator: str | None = None) -> TypeSpec:
    """The TypeSpec of a type (a model class, a typing form, an Annotated alias), cached.
    `discriminator`: the one pydantic moved from a field's Annotated onto its FieldInfo."""
    key = (id(tp), discriminator)
    hit = _NODES.get(key)
    if hit is None:
        with _LOCK:
            hit = _NODES.get(key)
            if hit is None:
                base, meta = strip(tp)
                disc = discriminator or next((m.discriminator for m in meta if isinstance(m, FieldInfo)
                                              and m.discriminator), None)
                tag_of = next((m.discriminator for m in (*meta, disc) if isinstance(m, Discriminator)
                               and callable(m.discriminator)), None)
                kind = _kind_of(base)
                node = TypeSpec(tp, base, tuple(meta), "type" if tag_of else disc, kind,
                                get_args(base) if kind == "literal" else (), tag_of)
                hit = _NODES[key] = (node, tp)
    return hit[0]


# ---------------------------------------------------------------------------------------------
# required: one decision per field, shown the same everywhere

# How each state reads in a "Required" column (the reference, the field guide, the composer).
REQUIRED_WORDS = {"yes": "yes", "no": "no", "table": "table says yes, samples omit it — warning",
                  "conditional": "only {only} — error"}
REQUIRED_EXPLAINED = (
    "Required: **yes** — the validator reports an error when the field is missing; **no** — it may be "
    "left out; **table says yes, samples omit it — warning** — the spec's table marks it required, but "
    "the spec's own samples (and the Rich Messages guide, the chat widget) leave it out, so a payload "
    "without it is accepted with a warning; **only … — error** — the table's \"yes\" holds in one case "
    "(a webview button's webview_height), which is an error there and optional otherwise.")


@dataclass(frozen=True)
class Requirement:
    """Whether a field is required, as every page and the validator say it.

    state: "yes" (the model requires it: an error when missing), "no", "table" (the table says
    yes, the samples omit it: a warning, `rule`), "conditional" (required `only` in one case:
    an error there, `rule`)."""
    state: str
    rule: str | None = None
    why: str = ""
    only: str = ""

    @property
    def words(self) -> str:
        return REQUIRED_WORDS[self.state].format(only=self.only)

    @property
    def required(self) -> bool:
        """Required by the model (a missing field is an error everywhere)."""
        return self.state == "yes"

    @property
    def explained(self) -> str:
        """One sentence for a tooltip or a help text."""
        if self.state == "yes":
            return "Required: the validator reports an error when it is missing."
        if self.state == "table":
            return (f"The spec's table marks it required, but {self.why}; it may be left out, and the "
                    f"validator warns ({self.rule}).")
        if self.state == "conditional":
            return (f"Required only {self.only} (the validator reports an error there, {self.rule}); "
                    f"optional otherwise. {self.why}".strip())
        return "Optional: it may be left out."


REQUIRED = Requirement("yes")
OPTIONAL = Requirement("no")


def requirement_of(owner: Any, key: str, required: bool) -> Requirement:
    """The Requirement of `key` in model class `owner`: the model's own (required or not),
    refined by what the model declares the spec's table says (its __table_required__)."""
    if required:
        return REQUIRED
    declared = (getattr(owner, "__table_required__", None) or {}).get(key)
    if isinstance(declared, TableRequired):
        return Requirement("conditional" if declared.only else "table", declared.rule, declared.why,
                           declared.only)
    return OPTIONAL


# ---------------------------------------------------------------------------------------------
# models and fields

@dataclass(eq=False)
class FieldSpec:
    """One field of a model, as the model declares it."""
    owner: type                   # the model class
    name: str                     # the attribute name
    key: str                      # the JSON key (the alias, else the name)
    info: FieldInfo
    required: bool                # required in its model (the request or the response model)
    note: str                     # the spec's note (the description), "" when it has none
    meta: tuple                   # the field's metadata, then the metadata of its type's wrappers
    rule: str | None              # the rule id its errors use (json_schema_extra "x-rule")
    extra: dict                   # json_schema_extra (a dict, {} when it has none)

    @cached_property
    def type(self) -> TypeSpec:
        return type_spec(self.info.annotation, self.info.discriminator or _moved_discriminator(self.info))

    @cached_property
    def requirement(self) -> Requirement:
        """Required or not, as every page shows it (yes / no / table says yes, samples omit it /
        only in one case): the one decision, from the model and its __table_required__."""
        return requirement_of(self.owner, self.key, self.required)

    @property
    def constraints(self) -> tuple[tuple[str, Any], ...]:
        """(name, value) of each constraint, in the field's order: ("max_length", 13), ("ge", 0)."""
        out = []
        for m in self.meta:
            for cls, name in _CONSTRAINTS:
                if isinstance(m, cls):
                    out.append((name, getattr(m, name)))
        return tuple(out)

    @property
    def max_items(self) -> int | None:
        """The max_length constraint (elements: 10, buttons: 13), or None."""
        return next((n for name, n in self.constraints if name == "max_length"), None)

    @property
    def max_bytes(self) -> int | None:
        """The limit in UTF-8 bytes (message text: 16 KB), or None."""
        return self.extra.get("maxBytes")

    @property
    def documented_default(self) -> Any:
        """The default the spec documents and the server applies ("all"), or None."""
        return self.extra.get("default")

    @property
    def limit_note(self) -> str:
        """The sentence of the note that states the field's limit; the whole note when the field
        declares no such sentence."""
        declared = next((m.limit for m in self.meta if isinstance(m, Declared) and m.limit), None)
        return declared or self.note.strip()

    @property
    def timestamp(self) -> TimestampFormat | None:
        return next((m for m in self.meta if isinstance(m, TimestampFormat)), None)

    @property
    def rules(self) -> tuple[str, ...]:
        """Rule ids this field's errors use: its x-rule, then its timestamp format's."""
        out = [self.rule] if self.rule in RULES else []
        if self.timestamp is not None:
            out.append(self.timestamp.rule)
        return tuple(dict.fromkeys(out))


@dataclass(eq=False)
class ModelSpec:
    cls: type
    label: str                              # the title messages use ("Rich message button")
    fields: dict[str, FieldSpec]            # by JSON key, in the model's order
    by_name: dict[str, FieldSpec]           # by attribute name
    role: str | None                        # "request", "response", or None (both, or not an event)
    walk_context: dict                      # what the walk passes down below this model
    findings: Callable | None               # the overridden spec_findings, or None
    rules: tuple[str, ...]                  # rule ids of its fields and its own code, bases first

    @cached_property
    def literals(self) -> tuple[tuple[str, tuple], ...]:
        """(key, allowed values) of each Literal field: what tells the members of a union apart."""
        return tuple((k, f.type.choices) for k, f in self.fields.items() if f.type.kind == "literal")

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k for k, f in self.fields.items() if f.required)

    def fit(self, value: dict) -> int | None:
        """How well an object fits this model: 10 a Literal key it agrees with, 1 a key it has;
        None when a Literal key disagrees."""
        score = 0
        lits = dict(self.literals)
        for key in self.fields:
            if key in value:
                if key in lits:
                    if value[key] not in lits[key]:
                        return None
                    score += 10
                else:
                    score += 1
        return score


_MODELS: dict = {}


def model_spec(cls: type[BaseModel]) -> ModelSpec:
    """The ModelSpec of a model class, cached."""
    hit = _MODELS.get(cls)
    if hit is None:
        with _LOCK:
            hit = _MODELS.get(cls)
            if hit is None:
                hit = _MODELS[cls] = _compile_model(cls)
    return hit


def _compile_model(cls: type[BaseModel]) -> ModelSpec:
    specs = [_field_spec(cls, name, f) for name, f in cls.model_fields.items()]
    findings = getattr(cls, "spec_findings", None)
    if findings is not None and getattr(findings, "__func__", None) is Model.spec_findings.__func__:
        findings = None   # not overridden: yields nothing
    kind_name = getattr(cls, "kind_name", None)
    label = str(kind_name()) if callable(kind_name) else cls.__name__
    return ModelSpec(cls, label, {f.key: f for f in specs}, {f.name: f for f in specs},
                     getattr(cls, "__role__", None), dict(getattr(cls, "__walk_context__", None) or {}),
                     findings, _model_rules(cls, {f.name: f for f in specs}))


def _field_spec(cls: type, name: str, f: FieldInfo) -> FieldSpec:
    extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
    _, inner = strip(f.annotation)
    return FieldSpec(cls, name, f.alias or name, f, f.is_required(), f.description or "",
                     tuple(f.metadata) + tuple(inner), extra.get("x-rule"), extra)


def _model_rules(cls: type, by_name: dict[str, FieldSpec]) -> tuple[str, ...]:
    """Each playground model class up the MRO (bases first): the rule ids of the fields it
    declares, then those its own code raises (its `__rules__`)."""
    out: list[str] = []
    for base in reversed(cls.__mro__):
        if not (is_model(base) and issubclass(base, Model)) or base is Model:
            continue
        own = base.__dict__.get("__annotations__", {})
        for name in own:
            if name in by_name and by_name[name].rule in RULES:
                out.append(by_name[name].rule)
        out.extend(base.__dict__.get("__rules__", ()))
    return tuple(dict.fromkeys(out))


def field_spec(cls: Any, key: str) -> FieldSpec | None:
    """The FieldSpec of `key` (the JSON key) in a model class; None for another key or type."""
    return model_spec(cls).fields.get(key) if is_model(cls) else None


def _moved_discriminator(f: FieldInfo) -> Discriminator | None:
    """A Discriminator(callable) that pydantic moved from the annotation into the field's metadata."""
    return next((m for m in f.metadata if isinstance(m, Discriminator)), None)


def field_type(f: FieldInfo) -> Any:
    """A field's type with the discriminator pydantic moved from Annotated onto the FieldInfo."""
    if not f.discriminator:
        return f.annotation
    return typing.Annotated[f.annotation, Field(discriminator=f.discriminator)]


# ---------------------------------------------------------------------------------------------
# following a place in the data

def spec_at(tp: Any, data: Any, parts: typing.Iterable) -> TypeSpec | None:
    """The TypeSpec (a union resolved to the member that fits best) that describes the value at
    `parts` inside `data`, read as `tp`; None where the data leaves the types."""
    node: TypeSpec | None = type_spec(tp)
    cur = data
    for tok in parts:
        member = node.likely_member(cur) if node is not None else None
        if member is None:
            return None
        if member.kind == "model" and isinstance(cur, dict):
            f = member.model.fields.get(tok)
            if f is None:
                return None
            node, cur = type_spec(f.info.annotation), cur.get(tok)
        elif member.kind == "array" and isinstance(cur, list):
            i = int(tok) if isinstance(tok, int) or (str(tok).isascii() and str(tok).isdigit()) else -1
            if not 0 <= i < len(cur):
                return None
            node, cur = member.item or type_spec(Any), cur[i]
        elif member.kind == "map" and isinstance(cur, dict):
            node, cur = member.value or type_spec(Any), cur.get(tok)
        else:
            return None
    return node.likely_member(cur) if node is not None else None


# ---------------------------------------------------------------------------------------------
# types in words

def type_words(tp: Any, style: str = "guide", *, title: Callable[[TypeSpec], str | None] | None = None,
               key_words: tuple[str, ...] | None = None, meta: tuple = ()) -> str:
    """A type in JSON words, in one of two documented styles.

    style="guide" (the field guide: short, close to the spec's "Data type" column):
        "string", '"all" | "agents"', "array of objects (Knob, Lever)", "object (Image)",
        "object (each value: string)", "integer | string", "object (one of Agent, Customer)".
    style="reference" (the reference tables: formats, enumerations and named map keys):
        "string (date-time)", '"message"', "one of: all | agents", "array of Image",
        "Any event (by type: message | ...)", "object (namespace → name → value)", "integer or string".
    `title`: the reference's name for a model or a union (the catalog's title), or None to
    use the model's label. `key_words`: names of a map's keys (default: the type's own).
    `meta`: a field's own metadata (where a format may be declared); a FieldSpec brings its own.
    """
    if isinstance(tp, FieldSpec):
        tp, meta = tp.type, tp.info.metadata + list(meta)
    node = tp if isinstance(tp, TypeSpec) else type_spec(tp)
    if style == "reference":
        return _reference_words(node, title or (lambda n: None), key_words, tuple(meta))
    return _guide_words(node)


def _label(node: TypeSpec) -> str:
    return node.model.label


def _guide_words(node: TypeSpec) -> str:
    kind = node.kind
    if kind == "any":
        return "any JSON value"
    if kind == "scalar":
        return SCALAR_WORDS[node.base]
    if kind == "literal":
        return " | ".join(json.dumps(a, ensure_ascii=False) for a in node.choices)
    if kind == "union":
        if all(m.kind == "model" for m in node.members):
            return "object (one of " + ", ".join(_label(m) for m in node.members) + ")"
        return " | ".join(dict.fromkeys(_guide_words(m) for m in node.members))
    if kind == "array":
        item = node.item
        if item is None or item.tp is Any:
            return "array"
        if len(item.members) > 1 and all(m.kind == "model" for m in item.members):
            return "array of objects (" + ", ".join(_label(m) for m in item.members) + ")"
        return "array of " + _guide_words(item)
    if kind == "map":
        value = node.value
        if value is not None and value.tp is not Any:
            return "object (each value: " + _guide_words(value) + ")"
        return "object"
    if kind == "model":
        return f"object ({_label(node)})"
    return getattr(node.base, "__name__", str(node.base))


def _reference_words(node: TypeSpec, title: Callable, words: tuple | None, meta: tuple) -> str:
    kind = node.kind
    fmt = _format_of(meta + node.meta)
    if kind == "any":
        return "any JSON value"
    if kind == "scalar" and node.base is not bytes:
        return SCALAR_WORDS[node.base] + (f" ({fmt})" if fmt else "")
    if kind == "literal":
        if len(node.choices) == 1:
            return json.dumps(node.choices[0], ensure_ascii=False)
        return "one of: " + " | ".join(str(v) for v in node.choices)
    if kind == "union":
        members = node.members
        if all(m.kind == "model" for m in members):
            named = title(node)
            if named:
                tags = [_single_tag(m) for m in members]
                return f"{named} (by type: " + " | ".join(t for t in tags if t) + ")"
            return "one of, by type: " + " | ".join(title(m) or _label(m) for m in members)
        return " or ".join(dict.fromkeys(_reference_words(m, title, None, ()) for m in members))
    if kind == "array":
        item = node.item
        if item is None or item.tp is Any:
            return "array"
        return "array of " + _reference_words(item, title, None, ())
    if kind == "map":
        return _map_words(node, title, words)
    if kind == "model":
        return title(node) or _label(node)
    return getattr(node.base, "__name__", str(node.base))


def _map_words(node: TypeSpec, title: Callable, words: tuple | None) -> str:
    words = tuple(words) if words is not None else node.key_words
    head = words[0] if words else "key"
    value = node.value
    if value is None:
        return "object"
    if value.kind == "any":
        return f"object ({head} → value)" if words else "object (any keys and values)"
    if value.kind == "map" and get_origin(value.base) is dict:
        inner = _reference_words(value, title, words[1:] or None, ())
        inner = inner[len("object ("):-1] if inner.startswith("object (") else inner
        return f"object ({head} → {inner})"
    return f"object ({head} → {_reference_words(value, title, None, ())})"


def _single_tag(node: TypeSpec) -> str | None:
    """The one value a model's Literal "type" field allows, or None."""
    f = node.model.fields.get("type") if node.model is not None else None
    if f is not None and f.type.kind == "literal" and len(f.type.choices) == 1:
        return str(f.type.choices[0])
    return None


def _format_of(meta: tuple) -> str | None:
    for x in meta:
        if isinstance(x, FieldInfo) and isinstance(x.json_schema_extra, dict) and x.json_schema_extra.get("format"):
            return str(x.json_schema_extra["format"])
        if isinstance(x, TimestampFormat):
            return "date-time"
    return None
