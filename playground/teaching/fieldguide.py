"""The field guide: every field present in a payload, explained from the models' own metadata.

    rows = field_guide(data, MessageRequest, issues)          # any model or typing form
    rows = guide_for_report(report)                           # the structure a Report found

Each row says what the spec says about a field (its description), its type in JSON terms, whether
the model requires it, and its status in this payload:

- ``ok``       present, and no issue at or under it
- ``error``    an error at the field or inside it
- ``warning``  a warning at the field or inside it (and no error)
- ``unknown``  not a field of its object in the spec (kept, but check the spelling)
- ``missing``  required by the model and absent (listed after the fields that are present)

No Streamlit here; the editor page shows the rows, the tests check them.
"""
from __future__ import annotations

import json
import types
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from playground.validation.report import Issue, make_pointer, pointer_to_path, readable_key
from playground.spec.typeinfo import is_model as _is_model, strip_type as _strip

Status = Literal["ok", "error", "warning", "unknown", "missing"]
MAX_ROWS = 400
MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class FieldRow:
    pointer: str            # RFC 6901 pointer of the field in the payload
    name: str               # the key (or "[i]" for an array item)
    depth: int              # nesting level, 0 for the top level
    type: str               # JSON terms: "string", "array of Button", '"all" | "agents"'
    required: bool | None   # None where it does not apply (array items, map entries, unknown keys)
    note: str               # the spec's note for this field ("" when it has none)
    status: Status
    messages: tuple[str, ...] = ()   # messages of the issues at this very field

    @property
    def path(self) -> str:
        return pointer_to_path(self.pointer)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "pointer": self.pointer, "name": self.name, "depth": self.depth,
                "type": self.type, "required": self.required, "note": self.note,
                "status": self.status, "messages": list(self.messages)}


# -- types ----------------------------------------------------------------------------------

def _members(tp: Any) -> list[Any]:
    tp = _strip(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return [_strip(a) for a in get_args(tp) if a is not type(None)]
    return [tp]


def _model_label(cls: type[BaseModel]) -> str:
    for attr in ("kind_name", "label"):
        fn = getattr(cls, attr, None)
        if callable(fn):
            try:
                return str(fn())
            except Exception:  # noqa: BLE001 - a label is cosmetic
                pass
    return cls.__name__


_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null",
            bytes: "string"}


def type_name(tp: Any) -> str:
    """A type in the words of the spec's "Data type" column."""
    tp_stripped = _strip(tp)
    origin = get_origin(tp_stripped)
    if tp_stripped is Any or tp_stripped is object:
        return "any JSON value"
    if tp_stripped in _SCALARS:
        return _SCALARS[tp_stripped]
    if origin is Literal:
        return " | ".join(json.dumps(a, ensure_ascii=False) for a in get_args(tp_stripped))
    if origin in (Union, types.UnionType):
        members = _members(tp_stripped)
        if all(_is_model(m) for m in members):
            return "object (one of " + ", ".join(_model_label(m) for m in members) + ")"
        names: list[str] = []
        for m in members:
            n = type_name(m)
            if n not in names:
                names.append(n)
        return " | ".join(names)
    if origin in (list, tuple, set, frozenset) or tp_stripped in (list, tuple):
        args = get_args(tp_stripped)
        if not args or args[0] is Any:
            return "array"
        item = _members(args[0])
        if len(item) > 1 and all(_is_model(m) for m in item):
            return "array of objects (" + ", ".join(_model_label(m) for m in item) + ")"
        return "array of " + type_name(args[0])
    if origin is dict or tp_stripped is dict:
        args = get_args(tp_stripped)
        if len(args) == 2 and args[1] is not Any:
            return "object (each value: " + type_name(args[1]) + ")"
        return "object"
    if _is_model(tp_stripped):
        return f"object ({_model_label(tp_stripped)})"
    return getattr(tp_stripped, "__name__", str(tp_stripped))


def _pick_member(tp: Any, value: Any) -> Any:
    """The union member that fits `value` (by its Literal fields, e.g. "type"), or None."""
    members = _members(tp)
    if len(members) == 1:
        return members[0]
    if isinstance(value, dict):
        models = [m for m in members if _is_model(m)]
        best, best_score = None, -1
        for m in models:
            score, clash = 0, False
            for name, f in m.model_fields.items():
                ann = _strip(f.annotation)
                key = f.alias or name
                if get_origin(ann) is Literal:
                    if key in value:
                        if value[key] in get_args(ann):
                            score += 10
                        else:
                            clash = True
                elif key in value:
                    score += 1
            if not clash and score > best_score:
                best, best_score = m, score
        if best is not None:
            return best
        for m in members:
            if get_origin(m) is dict or m is dict:
                return m
        return None
    if isinstance(value, list):
        return next((m for m in members if get_origin(m) in (list, tuple) or m in (list, tuple)), None)
    return None


def _keys(cls: type[BaseModel]) -> dict[str, FieldInfo]:
    out: dict[str, FieldInfo] = {}
    for name, f in cls.model_fields.items():
        out[f.alias or name] = f
    return out


def model_at(model: Any, data: Any, parts: Iterable) -> Any:
    """The model class (or type) that describes the value at `parts` inside `data`, or None."""
    tp, cur = model, data
    for tok in parts:
        member = _pick_member(tp, cur)
        if member is None:
            return None
        origin = get_origin(member)
        if _is_model(member) and isinstance(cur, dict):
            f = _keys(member).get(tok)
            if f is None:
                return None
            tp, cur = f.annotation, cur.get(tok)
        elif (origin in (list, tuple) or member in (list, tuple)) and isinstance(cur, list):
            i = int(tok) if isinstance(tok, int) or str(tok).isdigit() else -1
            if not 0 <= i < len(cur):
                return None
            args = get_args(member)
            tp, cur = (args[0] if args else Any), cur[i]
        elif (origin is dict or member is dict) and isinstance(cur, dict):
            args = get_args(member)
            tp, cur = (args[1] if len(args) == 2 else Any), cur.get(tok)
        else:
            return None
    return _pick_member(tp, cur)


def field_info(model: Any, key: str) -> FieldInfo | None:
    """The FieldInfo of `key` (alias or name) in a model class, or None."""
    return _keys(model).get(key) if _is_model(model) else None


# -- the guide ------------------------------------------------------------------------------

class _Statuses:
    def __init__(self, issues: Iterable[Issue]):
        self.own: dict[str, list[Issue]] = {}
        self.errors_under: set[str] = set()
        self.warnings_under: set[str] = set()
        for i in issues:
            self.own.setdefault(i.pointer, []).append(i)
            p = i.pointer
            target = self.errors_under if i.severity == "error" else self.warnings_under
            while p:
                target.add(p)
                p = p.rsplit("/", 1)[0]

    def of(self, pointer: str, known: bool) -> tuple[Status, tuple[str, ...]]:
        own = self.own.get(pointer, [])
        messages = tuple(i.message for i in own)
        if pointer in self.errors_under:
            return "error", messages
        if not known:
            return "unknown", messages
        if pointer in self.warnings_under:
            return "warning", messages
        return "ok", messages


class _Builder:
    def __init__(self, issues: Iterable[Issue], max_rows: int, include_missing: bool):
        self.rows: list[FieldRow] = []
        self.status = _Statuses(issues)
        self.max_rows = max_rows
        self.include_missing = include_missing
        self.truncated = False

    def add(self, pointer: str, name: str, depth: int, type_: str, required: bool | None,
            note: str, known: bool = True, missing: bool = False) -> bool:
        if len(self.rows) >= self.max_rows:
            self.truncated = True
            return False
        status, messages = self.status.of(pointer, known)
        if missing:
            status = "missing"
        self.rows.append(FieldRow(pointer, readable_key(name), depth, type_, required, note or "", status, messages))
        return True

    def walk(self, value: Any, tp: Any, parts: tuple, depth: int) -> None:
        if depth > MAX_DEPTH or self.truncated:
            return
        member = _pick_member(tp, value)
        if member is None:
            # a value whose shape the model cannot place (e.g. an unknown event type): list its keys
            if isinstance(value, dict):
                for key in value:
                    if not self.add(make_pointer(parts + (key,)), key, depth, "unknown", None,
                                    "", known=False):
                        return
            return
        origin = get_origin(member)
        if _is_model(member):
            if not isinstance(value, dict):
                return
            fields = _keys(member)
            for key, v in value.items():
                f = fields.get(key)
                ptr = make_pointer(parts + (key,))
                if f is None:
                    if not self.add(ptr, key, depth, _json_kind(v), None, "", known=False):
                        return
                    continue
                if not self.add(ptr, key, depth, type_name(f.annotation), f.is_required(),
                                f.description or ""):
                    return
                if isinstance(v, (dict, list)):
                    self.walk(v, _field_type(f), parts + (key,), depth + 1)
            if self.include_missing:
                for key, f in fields.items():
                    if key not in value and f.is_required():
                        if not self.add(make_pointer(parts + (key,)), key, depth,
                                        type_name(f.annotation), True, f.description or "",
                                        missing=True):
                            return
            return
        if (origin in (list, tuple) or member in (list, tuple)) and isinstance(value, list):
            args = get_args(member)
            item_tp = args[0] if args else Any
            for i, item in enumerate(value):
                if isinstance(item, dict) and (_is_model(_pick_member(item_tp, item))):
                    label = type_name(_pick_member(item_tp, item))
                    if not self.add(make_pointer(parts + (i,)), f"[{i}]", depth, label, None, ""):
                        return
                    self.walk(item, item_tp, parts + (i,), depth + 1)
                elif isinstance(item, (dict, list)) and item_tp is not Any:
                    self.walk(item, item_tp, parts + (i,), depth)
            return
        if (origin is dict or member is dict) and isinstance(value, dict):
            args = get_args(member)
            val_tp = args[1] if len(args) == 2 else Any
            for key, v in value.items():
                ptr = make_pointer(parts + (key,))
                if not self.add(ptr, key, depth, type_name(val_tp) if val_tp is not Any else _json_kind(v),
                                None, ""):
                    return
                if val_tp is not Any and isinstance(v, (dict, list)):
                    self.walk(v, val_tp, parts + (key,), depth + 1)


def _field_type(f: FieldInfo) -> Any:
    return f.annotation


def _json_kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def field_guide(data: Any, model: Any, issues: Iterable[Issue] = (), *, prefix: tuple = (),
                include_missing: bool = True, max_rows: int = MAX_ROWS) -> list[FieldRow]:
    """Rows for every field present in `data` (depth first, in the payload's key order).

    `model` is a pydantic model class or a typing form made of them (a union, a list, a dict).
    `prefix` places `data` inside a larger document (its pointers then start with it). When
    there are more than `max_rows` fields the list stops there (see `truncated`).
    """
    b = _Builder(issues, max_rows, include_missing)
    b.walk(data, model, tuple(prefix), 0)
    return b.rows


def truncated(rows: list[FieldRow], max_rows: int = MAX_ROWS) -> bool:
    return len(rows) >= max_rows


def guide_for_report(report: Any, max_rows: int = MAX_ROWS) -> list[FieldRow]:
    """The field guide of a Report (empty when the text did not parse or no structure fits)."""
    if report is None or report.data is None or not report.structure:
        return []
    from playground.spec.catalog import STRUCTURES  # the catalog imports the models: only when needed
    st = STRUCTURES.get(report.structure)
    if st is None:
        return []
    data, prefix = report.data, ()
    rows: list[FieldRow] = []
    wrapper = getattr(st, "wrapper", None)
    if wrapper and isinstance(data, dict) and set(data) == {wrapper}:
        b = _Builder(report.issues, max_rows, True)
        b.add(make_pointer((wrapper,)), wrapper, 0, type_name(st.model(report.mode)), True,
              f"The spec's sample wraps the {st.title} structure under this key.")
        rows = b.rows
        data, prefix = data[wrapper], (wrapper,)
    rows += field_guide(data, st.model(report.mode), report.issues, prefix=prefix,
                        max_rows=max_rows - len(rows))
    for i, row in enumerate(rows):
        if prefix and row.pointer != make_pointer(prefix):
            rows[i] = FieldRow(row.pointer, row.name, row.depth + 1, row.type, row.required,
                               row.note, row.status, row.messages)
    return rows
