"""The field guide: every field present in a payload, explained from the models' own metadata.

    rows = field_guide(data, MessageRequest, issues)          # any model or typing form
    rows = guide_for_report(report)                           # the structure a Report found

Each row says what the spec says about a field (its description), its type in JSON terms, whether
it is required (``required``: the model's yes/no; ``required_words``: the one decision every page
shows, fields.Requirement, e.g. "table says yes, samples omit it — warning"), and its status in
this payload:

- ``ok``       present, and no issue at or under it
- ``error``    an error at the field or inside it
- ``warning``  a warning at the field or inside it (and no error)
- ``unknown``  not a field of its object in the spec (kept, but check the spelling)
- ``missing``  required by the model and absent (listed after the fields that are present)

No Streamlit here; the editor page shows the rows, the tests check them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal

from pydantic.fields import FieldInfo

from playground.spec.fields import (OPTIONAL, REQUIRED, ModelSpec, Requirement, TypeSpec, field_spec, spec_at,
                                    type_spec, type_words)
from playground.spec import catalog
from playground.validation import jsontext
from playground.validation.report import Issue, make_pointer, pointer_to_path, readable_key

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
    # The "Required" column, in the words every page uses (fields.Requirement.words: "yes",
    # "no", "table says yes, samples omit it — warning", "only for webview buttons — error");
    # "" where `required` is None. `required` stays the model's yes/no.
    required_words: str = ""
    required_help: str = ""          # Requirement.explained: why, in one sentence

    @property
    def path(self) -> str:
        return pointer_to_path(self.pointer)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "pointer": self.pointer, "name": self.name, "depth": self.depth,
                "type": self.type, "required": self.required, "required_words": self.required_words,
                "note": self.note,
                "status": self.status, "messages": list(self.messages)}


# -- types (from the field tree) -------------------------------------------------------------

def type_name(tp: Any) -> str:
    """A type in the words of the spec's "Data type" column (the field tree's guide style)."""
    return type_words(tp, "guide")


def model_at(model: Any, data: Any, parts: Iterable) -> Any:
    """The model class (or type) that describes the value at `parts` inside `data`, or None."""
    node = spec_at(model, data, parts)
    return node.base if node is not None else None


def field_info(model: Any, key: str) -> FieldInfo | None:
    """The FieldInfo of `key` (alias or name) in a model class, or None."""
    f = field_spec(model, key)
    return f.info if f is not None else None


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

    def add(self, pointer: str, name: str, depth: int, type_: str, required: "bool | Requirement | None",
            note: str, known: bool = True, missing: bool = False) -> bool:
        if len(self.rows) >= self.max_rows:
            self.truncated = True
            return False
        status, messages = self.status.of(pointer, known)
        if missing:
            status = "missing"
        req = required if isinstance(required, Requirement) else (
            None if required is None else REQUIRED if required else OPTIONAL)
        self.rows.append(FieldRow(pointer, readable_key(name), depth, type_,
                                  None if req is None else req.required, note or "", status, messages,
                                  "" if req is None else req.words, "" if req is None else req.explained))
        return True

    def walk(self, value: Any, tp: Any, parts: tuple, depth: int) -> None:
        if depth > MAX_DEPTH or self.truncated:
            return
        node = tp if isinstance(tp, TypeSpec) else type_spec(tp)
        member = node.likely_member(value)
        if member is None:
            # a value whose shape the model cannot place (e.g. an unknown event type): list its keys
            if isinstance(value, dict):
                for key in value:
                    if not self.add(make_pointer(parts + (key,)), key, depth, "unknown", None,
                                    "", known=False):
                        return
            return
        if member.kind == "model":
            if isinstance(value, dict):
                self.walk_model(value, member.model, parts, depth)
        elif member.kind == "array" and isinstance(value, list):
            self.walk_array(value, member.item, parts, depth)
        elif member.kind == "map" and isinstance(value, dict):
            self.walk_map(value, member.value, parts, depth)

    def walk_model(self, value: dict, ms: ModelSpec, parts: tuple, depth: int) -> None:
        fields = ms.fields
        for key, v in value.items():
            f = fields.get(key)
            ptr = make_pointer(parts + (key,))
            if f is None:
                if not self.add(ptr, key, depth, jsontext.type_name(v, "schema"), None, "", known=False):
                    return
                continue
            if not self.add(ptr, key, depth, type_name(f.type), f.requirement, f.note):
                return
            if isinstance(v, (dict, list)):
                self.walk(v, f.type, parts + (key,), depth + 1)
        if self.include_missing:
            for key, f in fields.items():
                if key not in value and f.required:
                    if not self.add(make_pointer(parts + (key,)), key, depth, type_name(f.type), f.requirement,
                                    f.note, missing=True):
                        return

    def walk_array(self, value: list, item: TypeSpec | None, parts: tuple, depth: int) -> None:
        for i, x in enumerate(value):
            member = item.likely_member(x) if item is not None else None
            if isinstance(x, dict) and member is not None and member.kind == "model":
                if not self.add(make_pointer(parts + (i,)), f"[{i}]", depth, type_name(member), None, ""):
                    return
                self.walk(x, item, parts + (i,), depth + 1)
            elif isinstance(x, (dict, list)) and item is not None and item.tp is not Any:
                self.walk(x, item, parts + (i,), depth)

    def walk_map(self, value: dict, item: TypeSpec | None, parts: tuple, depth: int) -> None:
        typed = item is not None and item.tp is not Any
        for key, v in value.items():
            ptr = make_pointer(parts + (key,))
            if not self.add(ptr, key, depth, type_name(item) if typed else jsontext.type_name(v, "schema"), None, ""):
                return
            if typed and isinstance(v, (dict, list)):
                self.walk(v, item, parts + (key,), depth + 1)


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
    st = catalog.checkable(report.version).get(report.structure)   # "events" too
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
                               row.note, row.status, row.messages, row.required_words, row.required_help)
    return rows
