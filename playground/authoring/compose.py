"""The composers' core: an editable rich_message / filled_form document (no Streamlit here).

The Streamlit pages (playground/app/views/*_composer.py) are thin: they draw the `layout()` of a
`Document` and turn each widget change into one call here. Everything else lives in this module:

* choices, limits and notes are read from the models (`choices`, `max_items`, `limit_sentence`);
  nothing here restates a rule the models hold;
* a `Document` wraps the parsed payload and edits it in place, so unknown keys and the order of
  keys survive every edit; with no edit, `dump()` returns the original text byte for byte;
* `layout()` describes what the form shows (one `Node` per widget or group, each with its JSON
  pointer), and `assign_issues` pins each validation Issue to the nearest node that is shown;
* request <-> response conversion (`set_mode`), template switching, add/remove/move of elements,
  buttons, fields and checkbox options with the spec's limits, properties as rows whose values
  keep their JSON type.

Every refusal raises `ComposeError` with a message for a person (quoting the spec where the
rule comes from it).
"""
from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Literal, get_args, get_origin

from pydantic import BaseModel

from playground.spec import catalog, limits
from playground.spec.catalog import AUDIENCE_FIELDS, DEFAULT_VERSION
from playground.validation.jsontext import STRING, deeper_than, lone_surrogates, type_name
from playground.validation import validate   # the same parser, bounds and messages as the editor
from playground.authoring import migrate as migration
from playground.validation.report import Issue, make_pointer, pointer_to_path
from playground.spec.fields import OPTIONAL, REQUIRED, FieldSpec, Requirement, TypeSpec, model_spec
from playground.spec.typeinfo import is_model as _is_model, strip_type as _strip

KINDS = ("rich_message", "filled_form", "form")
MODES = ("request", "response")
DETECT = "detect"
# The version a composition starts in when none is chosen (state's "detect" with no payload to
# detect it from): the one LiveChat's docs call stable.
STABLE_VERSION = next(v for v in reversed(catalog.VERSIONS) if catalog.STATUS[v] == "stable")

__all__ = [
    "KINDS", "MODES", "ComposeError", "Document", "Loaded", "Node", "load", "blank", "from_sample",
    "choices", "max_items", "limit_sentence", "note", "form_field_types", "answer_shape",
    "server_fields", "generated_fields", "infer_mode", "has_kind", "first_version_of", "STABLE_VERSION", "parse_value_text", "value_text", "value_type_name",
    "assign_issues", "owner_pointer",
]


class ComposeError(ValueError):
    """An edit the composer refuses; `str(e)` is the message for the person."""


# =============================================================================================
# what the models say
# =============================================================================================

def _field(model: type[BaseModel], name: str) -> FieldSpec:
    f = model_spec(model).by_name.get(name)
    if f is None:
        raise KeyError(f"{model.__name__} has no field {name!r}")
    return f


def choices(model: type[BaseModel], name: str) -> tuple:
    """The values a Literal field allows, in the model's order: choices(Button, "type")."""
    node = _field(model, name).type
    if node.kind == "literal":
        return node.choices
    raise TypeError(f"{model.__name__}.{name} is not a list of fixed values")


def note(model: type[BaseModel], name: str) -> str:
    """The spec's note for a field (its description), or ""."""
    return _field(model, name).note


def max_items(model: type[BaseModel], name: str) -> int | None:
    """The max_length constraint of a list field (elements: 10, buttons: 13), or None."""
    return _field(model, name).max_items


def limit_sentence(model: type[BaseModel], name: str) -> str:
    """The sentence of the spec's note that states the field's limit ("Can contain up to 13 ..."),
    as the field declares it; the whole note for a field that declares none."""
    return _field(model, name).limit_note


def has_kind(kind: str, version: str) -> bool:
    """Whether `version` has the event `kind` (the Form event exists from v3.3 on)."""
    return kind in catalog.structures(version)


def first_version_of(kind: str) -> str:
    """The oldest version that has the event `kind`."""
    return next(v for v in catalog.VERSIONS if has_kind(kind, v))


def _filled_field_union(version: str) -> TypeSpec:
    """The filled form fields union of a version (its members are the field models, by type)."""
    item = model_spec(_models("filled_form", "request", version)).fields["fields"].type.item
    return item


def _form_field_model(version: str) -> type[BaseModel]:
    """The model of one field of an empty form (the Form event, v3.3 on)."""
    return model_spec(_models("form", "request", version)).fields["fields"].type.item.base


def form_field_types(version: str = DEFAULT_VERSION, kind: str = "filled_form") -> tuple[str, ...]:
    """Every form field type of a version: a filled form's from its union's tags (name, question,
    ..., group_chooser), an empty form's from its field model's `type` values."""
    if kind == "form":
        return choices(_form_field_model(version), "type")
    return tuple(_filled_field_union(version).tags)


def field_model(field_type: Any, version: str = DEFAULT_VERSION) -> type[BaseModel] | None:
    """The filled form field model for a type name, or None for a type the spec does not know."""
    member = _filled_field_union(version).tags.get(field_type) if isinstance(field_type, str) else None
    return member.base if member is not None else None


def _field_base(version: str) -> type[BaseModel]:
    """What every filled form field model has (id, label): their common base."""
    members = [m.base for m in _filled_field_union(version).members]
    common = [c for c in members[0].__mro__ if all(issubclass(m, c) for m in members)]
    return next(c for c in common if "id" in getattr(c, "model_fields", {}))


def chooses_options(field_type: Any, version: str = DEFAULT_VERSION) -> bool:
    """Whether a form field of this type offers options to choose from: the types whose filled
    answer is an option, several options or a group (radio, select, checkbox, group_chooser)."""
    shape = answer_shape(field_type, version)
    return shape is not None and shape[0] != "text"


def answer_shape(field_type: Any, version: str = DEFAULT_VERSION) -> tuple[str, str] | None:
    """(shape, key) of a field type's answer, read from its model:
    ("text", "answer"), ("option", "answer"), ("options", "answers") or ("group", "answer")."""
    m = field_model(field_type, version)
    if m is None:
        return None
    fields = model_spec(m).by_name
    for key in ("answer", "answers"):
        if key in fields:
            node = fields[key].type
            if node.base is str:
                return "text", key
            if node.kind == "array" and get_origin(node.base) is list:
                return "options", key
            if node.kind == "model" and "group_id" in node.model.by_name:
                return "group", key
            if node.kind == "model":
                return "option", key
    return None


def _models(kind: str, mode: str, version: str = DEFAULT_VERSION) -> type[BaseModel]:
    return catalog.get(version, kind).model(mode)


def server_fields(kind: str, version: str = DEFAULT_VERSION) -> tuple[str, ...]:
    """The keys only a response has (id, created_at, author_id; from v3.4 a form's form_type,
    from v3.6 `deleted`), from the two models."""
    req, resp = model_spec(_models(kind, "request", version)), model_spec(_models(kind, "response", version))
    return tuple(k for k in resp.fields if k not in req.fields)


def generated_fields(kind: str, version: str = DEFAULT_VERSION) -> tuple[str, ...]:
    """Of server_fields, those every response carries (required in the response model): what
    switching to a response adds."""
    resp = model_spec(_models(kind, "response", version)).fields
    return tuple(k for k in server_fields(kind, version) if resp[k].required)


def infer_mode(kind: str, data: Any, version: str = DEFAULT_VERSION) -> str:
    """"response" when the payload holds any server-generated key, else "request"."""
    if isinstance(data, dict) and any(k in data for k in generated_fields(kind, version)):
        return "response"
    return "request"


# The spec samples' key order for events (id, custom_id, type, author_id, created_at, ...):
# where a key the document lacks is inserted. The models' own field order follows.
_EVENT_ORDER = ("id", "custom_id", "type", "author_id", "created_at", *AUDIENCE_FIELDS, "properties")


def _key_order(model: type[BaseModel] | None) -> tuple[str, ...]:
    if model is None:
        return ()
    keys = list(model_spec(model).fields)
    if "type" in keys and "properties" in keys:  # an event
        head = [k for k in _EVENT_ORDER if k in keys]
        return tuple(head + [k for k in keys if k not in head])
    if "type" in keys:  # a form field: the samples put type first
        return tuple(["type"] + [k for k in keys if k != "type"])
    return tuple(keys)


# =============================================================================================
# values as text (property values, raw JSON)
# =============================================================================================

def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def parse_value_text(text: str) -> Any:
    """A property value typed as JSON text keeps its JSON type: "true" -> True, "3" -> 3,
    "\\"x\\"" -> "x", "[1]" -> [1]; text that is not JSON (hello, [1, 2) is the string itself."""
    stripped = text.strip()
    if not stripped:
        return text
    try:
        value = json.loads(stripped, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return text
    if _nonfinite_path(value) is not None or deeper_than(value, limits.MAX_DEPTH) or _half_character_path(value) is not None:
        return text
    return value


def value_text(value: Any) -> str:
    """How a value is shown in a JSON-text widget (the inverse of parse_value_text)."""
    return json.dumps(value, ensure_ascii=False)


def value_type_name(value: Any) -> str:
    """null, boolean, number, string, array or object (jsontext.type_name's bare style)."""
    return type_name(value, "bare")


def _parse_json_strict(text: str, where: str) -> Any:
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise ComposeError(f"{where}: this is not valid JSON (line {e.lineno}, column {e.colno}: "
                           f"{e.msg}). Nothing was changed.") from None
    except RecursionError:
        raise ComposeError(f"{where}: this JSON nests far too deep to read. Nothing was changed.") from None
    except ValueError as e:
        raise ComposeError(f"{where}: {e}. Nothing was changed.") from None
    bad = _nonfinite_path(value)
    if bad is not None:
        raise ComposeError(f"{where}: a number is too large for JSON (it would become Infinity). "
                           "Nothing was changed.")
    if deeper_than(value, limits.MAX_DEPTH):
        raise ComposeError(f"{where}: this JSON nests deeper than {limits.MAX_DEPTH} levels; no Agent Chat API "
                           "structure comes close. Nothing was changed.")
    if _half_character_path(value) is not None:
        raise ComposeError(f"{where}: a \\uXXXX escape here is half of a UTF-16 surrogate pair without its other "
                           "half, which is not a character. Write the whole pair. Nothing was changed.")
    return value


def _half_character_path(value: Any) -> tuple | None:
    """Pointer parts of the first key or string holding half of a UTF-16 surrogate pair (from an
    escape such as "\\ud800"): no widget or page can carry it (Streamlit's protobuf refuses it)."""
    return next((parts for parts, _half, _key in lone_surrogates(value)), None)


# The form draws widgets for every element, button, field, option and property: a payload far
# past the spec's limits (10 elements of 13 buttons) would take minutes to draw. Past this many
# the composer says so and leaves the payload to the editor.
MAX_FORM_ITEMS = 1_000


def form_items(data: Any) -> int:
    """How many elements, buttons, fields, options and property rows the form would draw."""
    n = 0
    if not isinstance(data, dict):
        return n
    for key, subs in (("elements", ("buttons",)), ("fields", ("answers", "options"))):
        items = data.get(key)
        if isinstance(items, list):
            n += len(items)
            for x in items:
                if not isinstance(x, dict):
                    continue
                n += sum(len(x[sub]) for sub in subs if isinstance(x.get(sub), list))
                shop = x.get("ecommerce")
                if isinstance(shop, dict):
                    n += sum(len(shop[sub]) for sub in ("options", "addons") if isinstance(shop.get(sub), list))
    props = data.get("properties")
    if isinstance(props, dict):
        n += sum(len(v) if isinstance(v, dict) else 1 for v in props.values())
    return n


def _nonfinite_path(value: Any, parts: tuple = ()) -> tuple | None:
    """Pointer parts of the first NaN/Infinity float in value (json.loads turns 1e400 into inf)."""
    stack = [(value, parts)]
    while stack:
        v, p = stack.pop()
        if isinstance(v, float) and not math.isfinite(v):
            return p
        if isinstance(v, dict):
            stack.extend((x, p + (k,)) for k, x in reversed(list(v.items())))
        elif isinstance(v, list):
            stack.extend((x, p + (i,)) for i, x in reversed(list(enumerate(v))))
    return None


# =============================================================================================
# text style: how an edited document is written back
# =============================================================================================

_STRING = re.compile(STRING)


@dataclass(frozen=True)
class Style:
    indent: str | None = "  "
    colon: str = ": "
    comma: str = ", "             # item separator when indent is None
    newline: str = "\n"
    final_newline: bool = True
    ensure_ascii: bool = False

    @classmethod
    def of(cls, text: str) -> "Style":
        """The style of the original text: indentation unit, separators, line ending, final newline."""
        m = re.search(r'\n([ \t]+)["\]\}\[\{]', text)
        indent = m.group(1) if m else None
        if indent is not None and "\t" in indent:
            indent = "\t"
        bare = _STRING.sub('""', text)           # separators are judged outside strings
        colon = ":" if re.search(r'":\S', bare) and not re.search(r'":\s', bare) else ": "
        comma = "," if re.search(r',\S', bare) and not re.search(r',\s', bare) else ", "
        newline = "\r\n" if "\r\n" in text else "\n"
        ascii_only = text.isascii()
        return cls(indent=indent, colon=colon, comma=comma, newline=newline,
                   final_newline=text.endswith(("\n", "\r")),
                   ensure_ascii=ascii_only and "\\u" in text)

    def dumps(self, data: Any) -> str:
        if self.indent is None:
            out = json.dumps(data, ensure_ascii=self.ensure_ascii, separators=(self.comma, self.colon))
        else:
            out = json.dumps(data, ensure_ascii=self.ensure_ascii, indent=self.indent,
                             separators=(",", self.colon))
            if self.newline != "\n":
                out = out.replace("\n", self.newline)
        return out + (self.newline if self.final_newline else "")


def _canon(data: Any) -> str:
    """Key order and JSON types matter: {"a":1,"b":2} != {"b":2,"a":1}; 1 != 1.0 != true."""
    return json.dumps(data, ensure_ascii=False, allow_nan=True)


# =============================================================================================
# layout: what the form shows
# =============================================================================================

@dataclass
class Node:
    """One widget (or one group of widgets) of the form, at a JSON pointer.

    kind: "object" (a group of fields: the event, an element, an image, a button, a field,
    an answer, an ecommerce product), "list" (elements, buttons, fields, checkbox answers, a
    form field's options, a product's options and addons), "text", "textarea",
    "int" (a number typed as text), "id" (string, or number when it already is one), "enum"
    (a picker of `choices`), "bool" (true / false, or not set when optional), "strlist" (comma-separated strings: user_ids), "properties"
    (namespace / name / value rows), "json" (raw JSON, for a value whose shape the form cannot
    show: a wrong type, an unknown field type's answer).
    """
    parts: tuple
    kind: str
    label: str
    value: Any = None
    present: bool = True
    required: bool = False
    note: str = ""
    requirement: Requirement | None = None   # the field's Required, as every page says it (None: not a field)
    choices: tuple = ()
    default: Any = None           # the value the server assumes when the key is left out
    model: Any = None             # object: its model; list: the item model (None when it varies)
    item_label: str = ""          # list: "element", "button", ...
    max_items: int | None = None  # list: the spec's limit
    limit_note: str = ""          # list: the spec's sentence stating the limit
    order: tuple = ()             # keys of the owner object, for inserting a missing key
    children: list["Node"] = field(default_factory=list)
    extra_keys: tuple = ()        # object: keys the spec does not define (kept as they are)
    mismatch: str = ""            # why the value is shown as JSON / differs from the spec's type
    hint: str = ""                # what an empty text field expects (a button's url, a phone number)

    @property
    def pointer(self) -> str:
        return make_pointer(self.parts)

    @property
    def need(self) -> str:
        """Whether the field is required, in the words of the reference and the field guide (one
        decision: fields.Requirement), with what leaving it empty does."""
        req = self.requirement or (REQUIRED if self.required else OPTIONAL)
        if req.required:
            return "Required: yes."
        if req.state == "no":
            return "Required: no. Leave it empty to leave the key out."
        tail = "" if req.state == "conditional" else " Leave it empty to leave the key out."
        return f"Required: {req.words}. {req.explained}{tail}"

    @property
    def key(self) -> Any:
        return self.parts[-1] if self.parts else ""

    def child(self, key: Any) -> "Node | None":
        return next((c for c in self.children if c.key == key), None)

    def walk(self) -> Iterable["Node"]:
        yield self
        for c in self.children:
            yield from c.walk()

    def find(self, parts: tuple) -> "Node | None":
        parts = tuple(parts)
        return next((n for n in self.walk() if n.parts == parts), None)

    @property
    def text(self) -> str:
        """The value as a text widget shows it."""
        v = self.value
        if not self.present or v is None and self.kind != "json":
            return ""
        if self.kind in ("text", "textarea") and isinstance(v, str):
            return v
        if self.kind == "strlist" and isinstance(v, list) and all(isinstance(x, str) for x in v):
            return ", ".join(v)
        if self.kind in ("int", "id") and isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        if self.kind == "bool" and isinstance(v, bool):
            return "true" if v else "false"
        if self.kind == "id" and isinstance(v, str):
            return v
        return value_text(v)


_KIND_LABELS = {"elements": "element", "buttons": "button", "fields": "field", "answers": "option",
                "options": "option", "addons": "addon"}


def _scalar_kind(node: TypeSpec) -> str:
    """How the form edits a value of this type (see Node.kind)."""
    if node.kind == "literal":
        return "enum"
    if node.base is bool:
        return "bool"
    if node.base is str:
        return "text"
    if node.base is int:
        return "int"
    if node.kind == "union" and set(get_args(node.base)) == {str, int}:
        return "id"
    if node.kind == "array" and get_origin(node.base) is list and node.item is not None and node.item.base is str:
        return "strlist"
    return "json"


def _fits(kind: str, value: Any) -> bool:
    if value is None:
        return True
    if kind in ("text", "textarea"):
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "id":
        return isinstance(value, str) or isinstance(value, int) and not isinstance(value, bool)
    if kind == "strlist":
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    if kind == "enum":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    return True


def _json_kind(value: Any) -> str:
    """a null, a boolean, a number, a string, an array or an object (type_name's article style)."""
    return type_name(value, "article")


class _Builder:
    def __init__(self, doc: "Document") -> None:
        self.doc = doc

    def root(self) -> Node:
        doc = self.doc
        model = doc.model
        node = Node((), "object", doc.title, doc.data, model=model, order=_key_order(model))
        self.ecommerce = doc.data.get("template_id") == "ecommerce"
        self.field_type: Any = None
        node.children = self.fields(model, (), doc.data, skip=("type",))
        node.extra_keys = tuple(k for k in doc.data if k not in _known(model))
        return node

    def fields(self, model: type[BaseModel], parts: tuple, obj: dict, skip: tuple = ()) -> list[Node]:
        out = []
        order = _key_order(model)
        for key, f in model_spec(model).fields.items():
            if key in skip:
                continue
            if self.hidden(model, key, obj):
                continue
            out.append(self.field(model, key, f, parts + (key,), obj, order))
        return out

    def field(self, owner: type[BaseModel], key: str, f: FieldSpec, parts: tuple, obj: dict,
              order: tuple) -> Node:
        present = key in obj
        value = obj.get(key)
        tp = f.type
        base = dict(parts=parts, label=key, value=value, present=present, required=f.required,
                    requirement=f.requirement, note=f.note, order=order, default=f.documented_default)
        if key == "properties":
            ok = value is None or isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())
            if ok:
                return Node(kind="properties", **base)
            return Node(kind="json", mismatch="properties maps namespace -> property name -> value; this one "
                        "has another shape, so it is shown as JSON.", **base)
        if tp.kind == "array" and get_origin(tp.base) is list and tp.item is not None \
                and not _scalar_kind(tp) == "strlist":
            item_tp = tp.item
            if value is not None and not isinstance(value, list):
                return Node(kind="json", mismatch=f"`{key}` should be an array but holds "
                            f"{_json_kind(value)}; edit it as JSON.", **base)
            item_model = item_tp.base if item_tp.kind == "model" else None
            node = Node(kind="list", model=item_model, item_label=_KIND_LABELS.get(key, "item"),
                        max_items=f.max_items, limit_note=f.limit_note if f.max_items else "", **base)
            for i, item in enumerate(value or []):
                node.children.append(self.item(item_model, parts + (i,), item, node.item_label, i))
            return node
        if tp.kind == "model":
            if value is not None and not isinstance(value, dict):
                return Node(kind="json", mismatch=f"`{key}` should be an object but holds "
                            f"{_json_kind(value)}; edit it as JSON.", **base)
            node = Node(kind="object", model=tp.base, **base)
            if isinstance(value, dict):
                node.children = self.fields(tp.base, parts, value)
                node.extra_keys = tuple(k for k in value if k not in _known(tp.base))
            return node
        kind = _scalar_kind(tp)
        node = Node(kind=kind, **base)
        if kind == "enum":
            node.choices = tp.choices
        if present and not _fits(kind, value):
            node.mismatch = (f"holds {_json_kind(value)} ({_clip(value_text(value))}); the spec expects "
                             f"{_expected(kind)}. Typing here replaces it.")
        if kind == "enum" and isinstance(value, str) and value not in node.choices:
            node.mismatch = (f"{_clip(value_text(value))} is not one of the spec's values "
                             f"({', '.join(node.choices)}); pick one.")
        if key == "value" and _is_button(owner):
            shape = _VALUE_SHAPES.get(obj.get("type"))
            node.hint = shape[1] if shape else _MESSAGE_VALUE_HINT
        return node

    def hidden(self, model: type[BaseModel], key: str, obj: dict) -> bool:
        """A field the form leaves out while it does not apply (its issue, if any, goes to the
        group): a button's webview_height unless it is a webview button, its target unless it
        is a url button (v3.3 on), an element's ecommerce product unless the template is
        ecommerce (v3.6 on), an empty form field's options unless its type has options."""
        if _is_button(model) and key in _BUTTON_ONLY_FOR:
            return obj.get("type") != _BUTTON_ONLY_FOR[key]
        if key in obj:
            return False
        if key == "ecommerce" and "buttons" in model_spec(model).fields:
            return not self.ecommerce
        if key == "options" and self.doc.kind == "form" and "required" in model_spec(model).fields:
            return not chooses_options(obj.get("type"), self.doc.version)
        if key == "group_id" and self.doc.kind == "form":    # an option's group: group_chooser only
            return answer_shape(self.field_type, self.doc.version) != ("group", "answer")
        return False

    def item(self, model: Any, parts: tuple, value: Any, label: str, i: int) -> Node:
        title = f"{label.capitalize()} {i + 1}"
        if not isinstance(value, dict):
            return Node(parts, "json", title, value, mismatch=f"This {label} should be an object but is "
                        f"{_json_kind(value)}; edit it as JSON.")
        if model is None and parts[-2:-1] == ("fields",):     # a form field: its model by type
            return self.form_field(parts, value, title)
        node = Node(parts, "object", title, value, model=model, order=_key_order(model))
        if parts[-2:-1] == ("fields",):
            self.field_type = value.get("type")          # what the field's options are for
        if model is not None:
            node.children = self.fields(model, parts, value)
            node.extra_keys = tuple(k for k in value if k not in _known(model))
        return node

    def form_field(self, parts: tuple, value: dict, title: str) -> Node:
        version = self.doc.version
        t = value.get("type")
        model = field_model(t, version)
        text_model = field_model("name", version)
        base_model = model or _field_base(version)
        node = Node(parts, "object", title, value, model=model, order=_key_order(model or text_model))
        type_choices = form_field_types(version)
        tnode = Node(parts + ("type",), "enum", "type", t, present="type" in value, required=True,
                     note=note(text_model, "type"), choices=type_choices, order=node.order)
        if "type" in value and t not in type_choices:
            tnode.mismatch = (f"{_clip(value_text(t))} is not a filled form field type the spec knows "
                              f"({', '.join(type_choices)}); its answer is shown as JSON.")
        node.children.append(tnode)
        if model is None:
            node.children += self.fields(base_model, parts, value)
            for key in ("answer", "answers"):
                if key in value:
                    node.children.append(Node(parts + (key,), "json", key, value[key], order=node.order,
                                              mismatch="The answer of an unknown field type is shown as JSON."))
            node.extra_keys = tuple(k for k in value if k not in _known(base_model) and
                                    k not in ("type", "answer", "answers"))
            return node
        node.children += self.fields(model, parts, value, skip=("type",))
        if t == "textarea":
            a = node.child("answer")
            if a is not None and a.kind == "text":
                a.kind = "textarea"
        node.extra_keys = tuple(k for k in value if k not in _known(model))
        return node


def _known(model: type[BaseModel]) -> set[str]:
    return set(model_spec(model).fields)


# A button field that applies to one button type only (its model's note says so).
_BUTTON_ONLY_FOR = {"webview_height": "webview", "target": "url"}
# What a button's value holds for a type (NOTES.md: url opens `value`, webview opens a Moment at
# `value`, phone becomes a tel: link): how a value that fits looks, and the hint shown when empty.
_VALUE_SHAPES = {
    "url": (re.compile(r"^\s*https?://", re.I), "https://example.com/page"),
    "webview": (re.compile(r"^\s*https?://", re.I), "https://example.com/moment"),
    "phone": (re.compile(r"^\s*\+?[\d\s().-]{3,}$"), "+1 555 0100"),
}
_MESSAGE_VALUE_HINT = "the text the button sends back"


def _is_button(model: Any) -> bool:
    """A rich message button model (of any version): it has type, value and postback_id."""
    fields = model_spec(model).fields if model is not None else {}
    return {"type", "value", "postback_id"} <= set(fields)


def _expected(kind: str) -> str:
    return {"text": "a string", "textarea": "a string", "int": "an integer number",
            "id": "a string (or a number)", "strlist": "an array of strings",
            "enum": "one of its listed values", "bool": "true or false"}.get(kind, "another type")


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# =============================================================================================
# issues -> form nodes
# =============================================================================================

def _tokens(pointer: str) -> list[str]:
    return pointer.split("/")[1:] if pointer else []


def owner_pointer(pointer: str, shown: set[str]) -> str:
    """The nearest pointer in `shown` that is `pointer` or one of its ancestors ("" at worst)."""
    toks = _tokens(pointer)
    while toks:
        p = "/" + "/".join(toks)
        if p in shown:
            return p
        toks.pop()
    return ""


def assign_issues(issues: Iterable[Issue], root: Node) -> dict[str, list[Issue]]:
    """Pin each issue to the form node that shows its place: {node pointer: [issues]}.

    An issue about a field the form shows goes to that field's widget; one about a key the form
    does not draw (an unknown key, webview_height on a phone button, a whole element) goes to
    the nearest group that is drawn: the button, the element, or the top of the form."""
    shown = {n.pointer for n in root.walk()}
    out: dict[str, list[Issue]] = {}
    for issue in issues:
        out.setdefault(owner_pointer(issue.pointer, shown), []).append(issue)
    return out


# =============================================================================================
# the document
# =============================================================================================

@dataclass
class Loaded:
    """What `load` found: a document, or why there is none (for a person)."""
    doc: "Document | None"
    message: str = ""
    notes: list[str] = field(default_factory=list)
    found: str | None = None       # the structure the text holds, when it is not the kind asked


def _title(kind: str) -> str:
    return catalog.ABOUT[kind].title


def _article(title: str) -> str:
    return "an" if title[:1].lower() in "aeiou" else "a"


def load(text: str, kind: str, structure_hint: str | None = None, version: str = DEFAULT_VERSION) -> Loaded:
    """Open text (the editor's payload) as a `kind` document of API `version` ("detect": the
    version its fields fit, as the editor detects it). Never raises.

    The text must be a JSON object with "type": kind (or no "type" when the editor's structure
    picker says `kind`). Anything else gives a `Loaded` with no document and a message."""
    title = _title(kind)
    what = f"{_article(title)} {title.lower()}"
    if version != DETECT and not has_kind(kind, version):
        return Loaded(None, f"The {title} event exists from v{first_version_of(kind)} on; the composer "
                      f"follows v{version}, which has none. Choose v{first_version_of(kind)} or later.")
    if not isinstance(text, str):
        return Loaded(None, f"The editor holds no text, so there is no {title.lower()} to open.")
    if not text.strip():
        return Loaded(None, f"The editor is empty, so there is no {title.lower()} to open.")
    report = validate(text, structure=None, version=version)
    data = report.data
    if data is None:
        first = report.errors[0] if report.errors else None
        why = first.message if first else "it could not be read"
        return Loaded(None, f"The editor's text cannot be opened here: {why}", found=None)
    if not isinstance(data, dict):
        return Loaded(None, f"The editor holds {_json_kind(data)} (a JSON {value_type_name(data)}), "
                      f"not {what}: the composer opens a JSON object with \"type\": \"{kind}\".",
                      found=report.structure)
    t = data.get("type")
    if t != kind and not ("type" not in data and structure_hint == kind):
        if isinstance(t, str) and catalog.ABOUT.get(t) is not None and catalog.ABOUT[t].section == "Events":
            other = _title(t)
            msg = (f"The editor holds {_article(other)} {other.lower()} event (\"type\": \"{t}\"), "
                   f"not {what}.")
        elif "type" in data:
            msg = (f"The editor's payload has \"type\": {_clip(value_text(t))}, not \"{kind}\", so it is "
                   f"not {what}.")
        elif report.structure in catalog.ABOUT:
            other = catalog.ABOUT[report.structure].title
            msg = f"The editor holds {_article(other)} {other.lower()} (no \"type\"), not {what}."
        else:
            msg = f"The editor's payload has no \"type\", so it is not {what}."
        return Loaded(None, msg, found=report.structure or (t if isinstance(t, str) else None))
    bad = _nonfinite_path(data)
    if bad is not None:
        return Loaded(None, f"The number at {make_pointer(bad) or '(root)'} is too large for JSON (or is "
                      "NaN/Infinity); fix it in the editor first, so that nothing is silently changed.")
    half = _half_character_path(data)
    if half is not None:
        return Loaded(None, f"`{pointer_to_path(make_pointer(half))}` holds half of a UTF-16 surrogate pair (a "
                      "\\uXXXX escape without its other half), which is not a character and which no form "
                      "field can show; fix it in the editor first (its warning there says where), so that "
                      "nothing is silently changed.")
    n = form_items(data)
    if n > MAX_FORM_ITEMS:
        return Loaded(None, f"This {title.lower()} holds {n:,} elements, buttons, fields, options and properties; "
                      f"the composer draws forms of up to {MAX_FORM_ITEMS:,} (the spec allows {limits.MAX_ELEMENTS} "
                      f"elements of {limits.MAX_BUTTONS} buttons each). Edit it in the editor, which validates it "
                      "whatever its size.")
    notes = [i.message for i in report.issues if i.rule == "json-duplicate-key"]
    if notes:
        notes.append("The composer keeps the last value of a repeated key, as JSON parsers do; until you "
                     "edit something, the editor gets its text back unchanged.")
    used = report.version
    if not has_kind(kind, used):      # detected as a version without this event: its first one
        used = first_version_of(kind)
    return Loaded(Document(kind, data, text=text, version=used), notes=notes)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _server_value(key: str) -> str:
    if key == "created_at":
        return _now()
    return str(uuid.uuid4())


def _check_kind(kind: str, version: str) -> None:
    if kind not in KINDS:
        raise KeyError(f"the composer builds {', '.join(KINDS)}, not {kind!r}")
    if not has_kind(kind, version):
        raise ComposeError(f"The {_title(kind)} event exists from v{first_version_of(kind)} on; v{version} has none.")


def blank(kind: str, mode: str = "request", version: str = DEFAULT_VERSION) -> "Document":
    """A small valid start in `version`: a cards rich message with one card, a filled form with
    one name field, an empty form with one required name field."""
    _check_kind(kind, version)
    request = model_spec(_models(kind, "request", version)).fields
    audience = catalog.audience(version)
    data: dict = {"type": kind}
    if audience.field in request:
        data[audience.field] = audience.default
    if kind == "rich_message":
        data["template_id"] = choices(_models(kind, "request", version), "template_id")[0]
        data["elements"] = [_new_element(0)]
    else:
        data["form_id"] = "form_1"
        data["fields"] = [_new_field("name", [], version, kind)]
    doc = Document(kind, data, mode="request", version=version)
    if mode == "response":
        doc.set_mode("response")
    doc.mark_clean()
    return doc


def from_sample(kind: str, mode: str | None = None, version: str = DEFAULT_VERSION) -> "Document":
    """The spec's own sample of `version` (a response); in request mode without the server's keys."""
    _check_kind(kind, version)
    path = Path(catalog.get(version, kind).samples[0])
    text = path.read_text(encoding="utf-8")
    doc = Document(kind, json.loads(text), text=text, version=version)
    if mode is not None and mode != doc.mode:
        doc.set_mode(mode)
    return doc


def _new_element(i: int) -> dict:
    return {"title": f"Card {i + 1}", "subtitle": "Subtitle"}


def _new_button(existing: Iterable[str]) -> dict:
    used = set(existing)
    n = 1
    while f"button_{n}" in used:
        n += 1
    return {"text": f"Button {n}", "type": "message", "value": f"Button {n}",
            "postback_id": f"button_{n}", "user_ids": []}


_FIELD_LABELS = {"name": "Your name", "email": "Your email", "question": "Your question",
                 "textarea": "Your message", "radio": "Chat purpose", "select": "Department",
                 "checkbox": "Interests", "group_chooser": "Choose department", "subject": "Subject"}


def _next_number(ids: Iterable[Any], default: int = 0) -> int:
    nums = [int(x) for x in ids if isinstance(x, str) and x.isascii() and x.isdigit() and len(x) < 30]
    return max(nums) + 1 if nums else default


def _new_field(field_type: str, existing_ids: Iterable[Any], version: str = DEFAULT_VERSION,
               kind: str = "filled_form") -> dict:
    new_id = str(_next_number(existing_ids, 1))
    f: dict = {"type": field_type, "id": new_id, "label": _FIELD_LABELS.get(field_type, field_type.capitalize())}
    if kind == "form":    # an empty form: whether it must be filled, and the options to choose from
        f["required"] = field_type == "name"
        if chooses_options(field_type, version):
            f["options"] = [_new_form_option(field_type, [], version)]
        return f
    shape = answer_shape(field_type, version)
    if shape is None:
        return f
    f[shape[1]] = _empty_answer(shape[0])
    return f


def _new_form_option(field_type: Any, existing: list, version: str) -> dict:
    """An option of an empty form's field: {id, label}, and a group_chooser's `group_id` (the
    group the customer is routed to, as its filled answer has it)."""
    ids = [o.get("id") for o in existing if isinstance(o, dict)]
    n = _next_number(ids, len(ids))
    option: dict = {"id": str(n), "label": f"Option {n + 1}"}
    if answer_shape(field_type, version) == ("group", "answer"):
        option = {"id": str(n), "group_id": 0, "label": f"Group {n + 1}"}
    return option


def _new_item(model: type[BaseModel], existing: list, label: str) -> dict:
    """A new list item of `model` with its required keys: the first choice of a fixed list, a
    fresh "<name>_<n>" for an id, "<Label> <n>" for a label, "" for other text."""
    taken = {v for x in existing if isinstance(x, dict) for v in x.values() if isinstance(v, str)}
    n = len(existing) + 1
    while any(f"_{n}" in v and v.endswith(f"_{n}") for v in taken):
        n += 1
    out: dict = {}
    for key, f in model_spec(model).fields.items():
        if not f.required:
            continue
        if f.type.kind == "literal":
            out[key] = f.type.choices[0]
        elif key.endswith("id") and f.type.base is str:
            out[key] = f"{key[:-3] or label}_{n}"
        elif key == "label":
            out[key] = f"{label.capitalize()} {n}"
        elif f.type.base is str:
            out[key] = ""
        elif f.type.kind == "array":
            out[key] = []
    return out


def _empty_answer(shape: str) -> Any:
    if shape == "text":
        return ""
    if shape == "option":
        return {"id": "0", "label": ""}
    if shape == "group":
        return {"id": "0", "group_id": 0, "label": ""}
    return []


def _insert(obj: dict, key: str, value: Any, order: tuple, after: str | None = None) -> None:
    """Add a missing key at the place the order gives (after `after` when that key is there),
    keeping every other key where it is (the dict is changed in place)."""
    items = list(obj.items())
    pos = len(items)
    if after is not None and after in obj:
        pos = [k for k, _ in items].index(after) + 1
    elif key in order:
        rank = order.index(key)
        before = {k for k in order[:rank]}
        after_keys = {k for k in order[rank + 1:]}
        idx = [i for i, (k, _) in enumerate(items) if k in before]
        if idx:
            pos = idx[-1] + 1
        else:
            nxt = [i for i, (k, _) in enumerate(items) if k in after_keys]
            pos = nxt[0] if nxt else len(items)
    items.insert(pos, (key, value))
    obj.clear()
    obj.update(items)


def _rename(obj: dict, old: str, new: str, value: Any) -> None:
    """Replace key `old` by `new` (with value) at the same place."""
    items = [((new, value) if k == old else (k, v)) for k, v in obj.items()]
    obj.clear()
    obj.update(items)


class Document:
    """An editable rich_message, filled_form or form payload of one API version.

    `data` is the parsed payload, edited in place: keys keep their order, unknown keys stay where
    they were, values the form does not touch are never rewritten. `dump()` gives the original
    text back, byte for byte, as long as the data equals what was loaded. `version` picks the
    models (choices, limits, fields) and the validator; `set_version` migrates the payload."""

    def __init__(self, kind: str, data: dict, text: str | None = None, mode: str | None = None,
                 version: str = DEFAULT_VERSION) -> None:
        if kind not in KINDS:
            raise KeyError(f"the composer builds {', '.join(KINDS)}, not {kind!r}")
        if not isinstance(data, dict):
            raise TypeError("a document is a JSON object")
        if not has_kind(kind, catalog.check_version(version)):
            raise ComposeError(f"The {_title(kind)} event exists from v{first_version_of(kind)} on; "
                               f"v{version} has none.")
        self.kind = kind
        self.version = version
        self.data = data
        self.original_text = text
        self._orig = _canon(data) if text is not None else None
        self.style = Style.of(text) if text else Style()
        self.mode = mode if mode in MODES else infer_mode(kind, data, version)
        self._stash: dict[str, tuple[Any, tuple]] = {}   # server keys removed by set_mode: value, keys before it
        self._defaulted: dict[str, Any] = {}   # keys set_mode("response") filled with the server's default

    # -- reading --------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return _title(self.kind)

    @property
    def model(self) -> type[BaseModel]:
        return _models(self.kind, self.mode, self.version)

    def request_model(self) -> type[BaseModel]:
        return _models(self.kind, "request", self.version)

    def set_version(self, version: str) -> list[str]:
        """Move the payload to another API version, as the editor's migration does (a renamed
        field renamed where it stands, what the target lacks kept and listed, unknown keys and
        properties untouched); returns the migration's notes. Refused (ComposeError) when the
        target has no such event or the text cannot be migrated."""
        version = catalog.check_version(version)
        if version == self.version:
            return []
        if not has_kind(self.kind, version):
            raise ComposeError(f"The {self.title} event exists from v{first_version_of(self.kind)} on; "
                               f"v{version} has none, so the composition stays in v{self.version}.")
        moved = migration.migrate(self.dump(), version, source=self.version, structure=self.kind, mode=self.mode)
        if moved.problem:
            raise ComposeError(f"This {self.title.lower()} cannot be moved to v{version}: {moved.problem}")
        self.data = json.loads(moved.text)
        self.original_text = moved.text          # unedited, dump() gives the migrated text itself
        self._orig = _canon(self.data)
        self.version = version
        return list(moved.notes)

    def dump(self) -> str:
        """The payload as text: the original text when nothing changed, else in its style."""
        if self._orig is not None and _canon(self.data) == self._orig:
            return self.original_text  # type: ignore[return-value]
        return self.style.dumps(self.data)

    @property
    def edited(self) -> bool:
        return self._orig is None or _canon(self.data) != self._orig

    def mark_clean(self) -> None:
        """Take the current data as the new original (e.g. after sending it to the editor)."""
        text = self.dump()
        self.original_text = text
        self._orig = _canon(self.data)

    def validate(self):
        """The editor's engine on the composed text: a Report with pointers and line:column."""
        return validate(self.dump(), structure=self.kind, mode=self.mode, version=self.version)

    def layout(self) -> Node:
        return _Builder(self).root()

    def get(self, parts: Iterable) -> Any:
        cur: Any = self.data
        for p in parts:
            if isinstance(cur, dict) and p in cur:
                cur = cur[p]
            elif isinstance(cur, list) and isinstance(p, int) and 0 <= p < len(cur):
                cur = cur[p]
            else:
                return None
        return cur

    def _parent(self, parts: tuple) -> Any:
        parent = self.get(parts[:-1])
        if not isinstance(parent, (dict, list)):
            raise ComposeError(f"{make_pointer(parts[:-1]) or '(root)'} is not an object or array any more; "
                               "nothing was changed.")
        return parent

    # -- field edits ------------------------------------------------------------------------
    def set(self, parts: Iterable, value: Any, order: tuple = (), after: str | None = None) -> None:
        parts = tuple(parts)
        if not parts:
            raise ComposeError("The whole payload cannot be replaced from a field.")
        parent = self._parent(parts)
        key = parts[-1]
        if isinstance(parent, list):
            parent[key] = value
        elif key in parent:
            parent[key] = value
        else:
            _insert(parent, key, value, order, after)

    def delete(self, parts: Iterable) -> None:
        parts = tuple(parts)
        parent = self.get(parts[:-1])
        if isinstance(parent, dict):
            parent.pop(parts[-1], None)

    def edit(self, parts: Iterable, raw: Any) -> bool:
        """Apply what a widget holds (`raw`: its text, or the picked choice; None = not set) to the
        field at `parts`, the way that field's kind reads it (see Node). True when the edit also
        changed other fields (a button's new type: its value, webview_height, target), so that
        their widgets must show the new values."""
        parts = tuple(parts)
        node = self.layout().find(parts)
        if node is None:
            raise ComposeError(f"{make_pointer(parts)} is no longer in the form; nothing was changed.")
        kind = node.kind
        if kind == "enum":
            old = self.get(parts) if node.present else None
            if raw is None:
                self.delete(parts)
            else:
                self.set(parts, raw, node.order)
            owner = self.layout().find(parts[:-1])
            if parts[-1] == "type" and owner is not None and _is_button(owner.model) and raw != old:
                others = lambda: _canon({k: v for k, v in self.get(parts[:-1]).items() if k != "type"})  # noqa: E731
                before = others()
                self._retype_button(parts[:-1], owner.model, old, raw)
                return others() != before
            return False
        if kind == "bool":
            if raw is None or raw == "":
                if node.required:
                    raise ComposeError(f"`{node.label}` is required: true or false. Nothing was changed.")
                self.delete(parts)
            else:
                self.set(parts, raw if isinstance(raw, bool) else str(raw).strip().lower() == "true", node.order)
            return False
        text = "" if raw is None else str(raw)
        if kind in ("text", "textarea"):
            if text == "" and not node.required:
                self.delete(parts)
            else:
                self.set(parts, text, node.order)
        elif kind == "int":
            if not text.strip():
                self.delete(parts)
            else:
                self.set(parts, parse_value_text(text.strip()), node.order)
        elif kind == "id":
            s = text.strip() if isinstance(node.value, int) else text
            if isinstance(node.value, int) and not isinstance(node.value, bool) and re.fullmatch(r"-?\d{1,18}", s):
                self.set(parts, int(s), node.order)
            else:
                self.set(parts, text, node.order)
        elif kind == "strlist":
            self.set(parts, [x.strip() for x in re.split(r"[,\n]", text) if x.strip()], node.order)
        elif kind == "json":
            if not text.strip():
                if node.required:
                    raise ComposeError(f"`{node.label}` is required; write a JSON value. Nothing was changed.")
                self.delete(parts)
            else:
                self.set(parts, _parse_json_strict(text, f"`{node.label}`"), node.order)
        else:
            raise ComposeError(f"`{node.label}` is edited with its own controls, not as one value.")
        return False

    def _retype_button(self, parts: tuple, model: type[BaseModel], old: Any, new: Any) -> None:
        """What a button's new type needs: a webview gets the first webview_height its model
        allows (without one it is an error at once); a url, webview or phone button drops a value
        that cannot be its URL or number (the widget then shows what is expected); a field that
        applied only to the old type (webview_height, target) goes with it."""
        b = self.get(parts)
        if not isinstance(b, dict):
            return
        order = _key_order(model)
        fields = model_spec(model).fields
        for key, only in _BUTTON_ONLY_FOR.items():
            if old == only and new != only and key in b:
                del b[key]
        if new == "webview" and "webview_height" in fields and "webview_height" not in b:
            _insert(b, "webview_height", fields["webview_height"].type.choices[0], order)
        value = b.get("value")
        expects = _VALUE_SHAPES.get(new) if isinstance(new, str) else None
        if expects is not None and not (isinstance(value, str) and expects[0].match(value)):
            self.set(parts + ("value",), "", order)
        elif new is not None and "value" not in b:
            self.set(parts + ("value",), "", order)

    # -- sub-objects (an element's image) -------------------------------------------------------
    def add_object(self, parts: Iterable) -> None:
        parts = tuple(parts)
        node = self.layout().find(parts)
        if node is None or node.kind != "object" or node.model is None:
            raise ComposeError("There is no object to add here.")
        if node.present and node.value is not None:
            return
        self.set(parts, _required_skeleton(node.model), node.order)

    # -- lists ------------------------------------------------------------------------------------
    def _list(self, parts: tuple) -> list:
        value = self.get(parts)
        if not isinstance(value, list):
            raise ComposeError(f"{make_pointer(parts)} is not an array; fix it as JSON first.")
        return value

    def _check_room(self, parts: tuple, owner: type[BaseModel], key: str, what: str, where: str) -> None:
        current = self.get(parts)
        n = len(current) if isinstance(current, list) else 0
        limit = max_items(owner, key)
        if limit is not None and n >= limit:
            raise ComposeError(f"{where} already has {n} {what}s, the most the spec allows, so another one "
                               f"was not added. The spec says: “{limit_sentence(owner, key)}”")

    def _append(self, parts: tuple, item: Any, order: tuple) -> int:
        current = self.get(parts)
        if current is None:
            self.set(parts, [item], order)
            return 0
        lst = self._list(parts)
        lst.append(item)
        return len(lst) - 1

    def remove_item(self, parts: Iterable, index: int) -> None:
        lst = self._list(tuple(parts))
        if not 0 <= index < len(lst):
            raise ComposeError(f"There is no item {index + 1} to remove.")
        del lst[index]

    def move_item(self, parts: Iterable, index: int, delta: int) -> None:
        lst = self._list(tuple(parts))
        j = index + delta
        if not (0 <= index < len(lst) and 0 <= j < len(lst)):
            raise ComposeError("It cannot move further that way.")
        lst[index], lst[j] = lst[j], lst[index]

    # -- rich message -----------------------------------------------------------------------------
    def _need(self, kind: str) -> None:
        if self.kind != kind:
            raise ComposeError(f"This is {_article(self.title)} {self.title.lower()}, not {_article(_title(kind))} "
                               f"{_title(kind).lower()}.")

    def _item_model(self, owner: type[BaseModel], key: str) -> type[BaseModel]:
        return model_spec(owner).fields[key].type.item.base

    def add_element(self) -> int:
        self._need("rich_message")
        req = self.request_model()
        self._check_room(("elements",), req, "elements", "element", "This rich message")
        current = self.get(("elements",))
        n = len(current) if isinstance(current, list) else 0
        return self._append(("elements",), _new_element(n), _key_order(self.model))

    def remove_element(self, i: int) -> None:
        self.remove_item(("elements",), i)

    def move_element(self, i: int, delta: int) -> None:
        self.move_item(("elements",), i, delta)

    def add_button(self, i: int) -> int:
        self._need("rich_message")
        el = self.get(("elements", i))
        if not isinstance(el, dict):
            raise ComposeError(f"Element {i + 1} is not an object; fix it as JSON first.")
        element = self._item_model(self.request_model(), "elements")
        self._check_room(("elements", i, "buttons"), element, "buttons", "button", f"Element {i + 1}")
        used = [b.get("postback_id") for e in (self.get(("elements",)) or []) if isinstance(e, dict)
                for b in (e.get("buttons") or []) if isinstance(b, dict) and isinstance(e.get("buttons"), list)]
        return self._append(("elements", i, "buttons"), _new_button(x for x in used if isinstance(x, str)),
                            _key_order(element))

    def remove_button(self, i: int, j: int) -> None:
        self.remove_item(("elements", i, "buttons"), j)

    def move_button(self, i: int, j: int, delta: int) -> None:
        self.move_item(("elements", i, "buttons"), j, delta)

    def set_template(self, template_id: str) -> None:
        """Switch the template; the elements stay as they are (the validator says what the new
        template ignores)."""
        self._need("rich_message")
        self.edit(("template_id",), template_id)

    def add_item(self, parts: Iterable) -> int:
        """Add an item to a list the form draws (an ecommerce product's options or addons, ...):
        its model's required keys, fresh ids; refused past the list's limit."""
        parts = tuple(parts)
        node = self.layout().find(parts)
        if node is None or node.kind != "list" or node.model is None:
            raise ComposeError(f"{make_pointer(parts) or '(root)'} is not a list the form can add to.")
        current = self.get(parts)
        n = len(current) if isinstance(current, list) else 0
        if node.max_items is not None and n >= node.max_items:
            raise ComposeError(f"This list already has {n} {node.item_label}s, the most the spec allows, so another "
                               f"one was not added. The spec says: “{node.limit_note}”")
        existing = current if isinstance(current, list) else []
        return self._append(parts, _new_item(node.model, existing, node.item_label), node.order)

    # -- filled form and form ---------------------------------------------------------------------
    def _need_form(self) -> None:
        if self.kind not in ("filled_form", "form"):
            self._need("filled_form")

    @property
    def _what_field(self) -> str:
        return "form field" if self.kind == "form" else "filled form field"

    def field_types(self) -> tuple[str, ...]:
        return form_field_types(self.version, self.kind)

    def add_field(self, field_type: str) -> int:
        self._need_form()
        if field_type not in self.field_types():
            raise ComposeError(f"{field_type!r} is not a {self._what_field} type in v{self.version}; the spec "
                               "lists: " + ", ".join(self.field_types()) + ".")
        fields = self.get(("fields",))
        ids = [f.get("id") for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []
        return self._append(("fields",), _new_field(field_type, ids, self.version, self.kind),
                            _key_order(self.model))

    def remove_field(self, i: int) -> None:
        self.remove_item(("fields",), i)

    def move_field(self, i: int, delta: int) -> None:
        self.move_item(("fields",), i, delta)

    def set_field_type(self, i: int, new_type: str) -> None:
        """Change a field's type; a filled form's answer takes the new type's shape, keeping what
        fits (the text becomes an option's label and back, a checkbox keeps its options); an
        empty form's field gets options when its new type offers them."""
        self._need_form()
        f = self.get(("fields", i))
        if not isinstance(f, dict):
            raise ComposeError(f"Field {i + 1} is not an object; fix it as JSON first.")
        if new_type not in self.field_types():
            raise ComposeError(f"{new_type!r} is not a {self._what_field} type in v{self.version}.")
        if self.kind == "form":
            self._retype_form_field(f, new_type)
            return
        old_shape = answer_shape(f.get("type"), self.version)
        new_shape = answer_shape(new_type, self.version)
        if "type" in f:
            f["type"] = new_type
        else:
            _insert(f, "type", new_type, _key_order(field_model("name", self.version)))
        if new_shape is None or old_shape == new_shape:
            return
        old_key = old_shape[1] if old_shape else ("answers" if "answers" in f else "answer")
        old = f.get(old_key)
        new_value = _convert_answer(old, new_shape[0])
        if old_key in f:
            _rename(f, old_key, new_shape[1], new_value)
        else:
            _insert(f, new_shape[1], new_value, _key_order(field_model(new_type, self.version)))

    def _retype_form_field(self, f: dict, new_type: str) -> None:
        model = _form_field_model(self.version)
        order = _key_order(model)
        if "type" in f:
            f["type"] = new_type
        else:
            _insert(f, "type", new_type, order)
        options = f.get("options")
        if chooses_options(new_type, self.version):
            if options is None:
                _insert(f, "options", [_new_form_option(new_type, [], self.version)], order)
            elif isinstance(options, list) and answer_shape(new_type, self.version) == ("group", "answer"):
                for o in options:
                    if isinstance(o, dict) and "group_id" not in o:
                        _insert(o, "group_id", 0, ("id", "group_id", "label"))
        elif options == []:
            del f["options"]         # an empty list the new type has no use for

    def _options_key(self) -> str:
        return "options" if self.kind == "form" else "answers"

    def add_option(self, i: int) -> int:
        self._need_form()
        parts = ("fields", i, self._options_key())
        lst = self.get(parts)
        existing = [o for o in lst if isinstance(o, dict)] if isinstance(lst, list) else []
        if self.kind == "form":
            field = self.get(("fields", i))
            t = field.get("type") if isinstance(field, dict) else None
            return self._append(parts, _new_form_option(t, existing, self.version),
                                _key_order(_form_field_model(self.version)))
        ids = [o.get("id") for o in existing]
        return self._append(parts, {"id": str(_next_number(ids, len(ids))), "label": ""},
                            _key_order(field_model("checkbox", self.version)))

    def remove_option(self, i: int, k: int) -> None:
        self.remove_item(("fields", i, self._options_key()), k)

    def move_option(self, i: int, k: int, delta: int) -> None:
        self.move_item(("fields", i, self._options_key()), k, delta)

    # -- properties -------------------------------------------------------------------------------
    def property_rows(self) -> list[tuple[str, str, Any]]:
        """(namespace, name, value) for every property, in order."""
        props = self.data.get("properties")
        if not isinstance(props, dict):
            return []
        return [(ns, name, v) for ns, d in props.items() if isinstance(d, dict) for name, v in d.items()]

    def empty_namespaces(self) -> list[str]:
        props = self.data.get("properties")
        return [ns for ns, d in props.items() if d == {}] if isinstance(props, dict) else []

    def _props(self, create: bool = False) -> dict:
        props = self.data.get("properties")
        if props is None and create:
            props = {}
            _insert(self.data, "properties", props, _key_order(self.model))
        if not isinstance(props, dict) or not all(isinstance(v, dict) for v in props.values()):
            raise ComposeError("properties has a shape the rows cannot show (it maps namespace -> property "
                               "name -> value); edit it as JSON.")
        return props

    def add_property(self, namespace: str | None = None) -> tuple[str, str]:
        props = self._props(create=True)
        ns = namespace if namespace is not None else (next(reversed(props)) if props else "namespace")
        d = props.setdefault(ns, {})
        n = 1
        while f"property_{n}" in d:
            n += 1
        d[f"property_{n}"] = ""
        return ns, f"property_{n}"

    def set_property_value(self, namespace: str, name: str, text: str) -> None:
        props = self._props()
        if namespace not in props or name not in props[namespace]:
            raise ComposeError(f"There is no property {namespace}.{name} any more; nothing was changed.")
        props[namespace][name] = parse_value_text(text)

    def rename_property(self, namespace: str, name: str, new_namespace: str, new_name: str) -> None:
        """Rename a property or move it to another namespace (created at the end when new)."""
        props = self._props()
        if namespace not in props or name not in props[namespace]:
            raise ComposeError(f"There is no property {namespace}.{name} any more; nothing was changed.")
        if (namespace, name) == (new_namespace, new_name):
            return
        target = props.get(new_namespace)
        if target is not None and new_name in target:
            raise ComposeError(f"Namespace {new_namespace!r} already has a property {new_name!r}; a name appears "
                               "once per namespace. Nothing was changed.")
        value = props[namespace][name]
        if new_namespace == namespace:
            _rename(props[namespace], name, new_name, value)
            return
        del props[namespace][name]
        props.setdefault(new_namespace, {})[new_name] = value
        if not props[namespace]:
            del props[namespace]

    def remove_property(self, namespace: str, name: str) -> None:
        props = self._props()
        if namespace in props and name in props[namespace]:
            del props[namespace][name]
            if not props[namespace]:
                del props[namespace]
            if not props:
                del self.data["properties"]

    # -- request <-> response ---------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Request drops the keys only a response has (kept aside, with their places); response
        puts them back where they were, or adds the ones every response carries (a random id and
        author_id, created_at now) where the spec's samples have them, and the audience field
        (`recipients`, from v3.4 `visibility`: "always" returned) with the server's documented
        default when the request left it out; back to request, that default goes again."""
        if mode not in MODES:
            raise ComposeError(f"The mode is request or response, not {mode!r}.")
        if mode == self.mode:
            return
        keys = server_fields(self.kind, self.version)
        made = generated_fields(self.kind, self.version)
        if mode == "request":
            before = list(self.data)
            for k in keys:
                if k in self.data:
                    self._stash[k] = (self.data.pop(k), tuple(before[:before.index(k)]))
            for k, value in list(self._defaulted.items()):
                if k in self.data and _canon(self.data[k]) == _canon(value):
                    del self.data[k]
            self._defaulted.clear()
        else:
            order = _key_order(_models(self.kind, "response", self.version))
            for k in order:
                if k not in keys or k in self.data:
                    continue
                if k in self._stash:
                    # back after the nearest key that preceded it and is still there (keys removed
                    # side by side, id then author_id, come back in their own order)
                    value, preceding = self._stash.pop(k)
                    after = next((x for x in reversed(preceding) if x in self.data), None)
                    if after is None:
                        _insert_first(self.data, k, value)
                    else:
                        _insert(self.data, k, value, order, after)
                elif k in made:
                    _insert(self.data, k, _server_value(k), order)
            response = model_spec(_models(self.kind, "response", self.version)).fields
            for k, f in model_spec(self.request_model()).fields.items():
                if f.documented_default is not None and k in response and k not in self.data:
                    _insert(self.data, k, f.documented_default, order)
                    self._defaulted[k] = f.documented_default
        self.mode = mode


def _insert_first(obj: dict, key: str, value: Any) -> None:
    items = [(key, value)] + list(obj.items())
    obj.clear()
    obj.update(items)


def _required_skeleton(model: type[BaseModel]) -> dict:
    out: dict = {}
    for name, f in model.model_fields.items():
        if not f.is_required():
            continue
        tp = _strip(f.annotation)
        key = f.alias or name
        if get_origin(tp) is Literal:
            out[key] = get_args(tp)[0]
        elif tp is str:
            out[key] = ""
        elif tp is int:
            out[key] = 0
        elif get_origin(tp) is list:
            out[key] = []
        elif _is_model(tp):
            out[key] = _required_skeleton(tp)
    return out


def _convert_answer(old: Any, shape: str) -> Any:
    """An answer in another field type's shape, keeping the text or the options it had."""
    opts = [o for o in (old if isinstance(old, list) else [old]) if isinstance(o, dict)]
    text = old if isinstance(old, str) else next((o.get("label") for o in opts if isinstance(o.get("label"), str)), "")
    if shape == "text":
        return text
    if shape == "options":
        if opts:
            return [{k: v for k, v in o.items() if k != "group_id"} for o in opts]
        return [{"id": "0", "label": text}] if text else []
    first = dict(opts[0]) if opts else {"id": "0", "label": text}
    if shape == "option":
        first.pop("group_id", None)
        return first
    if "group_id" not in first:
        items = list(first.items())
        idx = next((i + 1 for i, (k, _) in enumerate(items) if k == "id"), 0)
        items.insert(idx, ("group_id", 0))
        first = dict(items)
    return first
