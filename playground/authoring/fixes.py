"""Quick fixes: edits whose result is certain, computed from a Report and applied to the TEXT.

    fixes = fixes_for(report)              # [Fix, ...] for the issues that have a certain fix
    text = apply_fix(report.text, fixes[0])
    text = apply_all(report.text, fixes)

Two kinds, both from the Report's issues (rule ids, pointers, and the `suggestion` the validator
puts on an issue):

- ``rename-key``: an unknown key with a did-you-mean (rules ``unknown-field`` and
  ``spec-sample-typo``): ``"properites"`` -> ``"properties"``. Only when the object does not
  already hold the suggested key (a rename must never create a duplicate).
- ``add-field``: a missing field that has a documented default (rule ``recipients-default``, or
  ``required-field`` for a field whose model carries a default): ``"recipients": "all"`` is
  inserted right after the opening brace of its object, indented like its first member.

Edits touch only the key token or the inserted member: every other byte the user wrote (order,
spacing, escapes, comments of style) stays as it was. Positions are found by scanning the text
for the issue's JSON pointer, so they are exact even when the text has changed since the issue's
line:column was computed. No Streamlit here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from playground.spec import catalog
from playground.spec.catalog import audience_field
from playground.spec.fields import field_spec, spec_at
from playground.validation.jsontext import STRING, pointer_tokens, resolve, split_pointer
from playground.validation.positions import member_span
from playground.validation.report import Issue, pointer_to_path

RENAME_RULES = ("unknown-field", "spec-sample-typo")
# rule id -> the field it is about, for rules whose pointer is the object rather than the field
ADD_FIELD_RULES = {"recipients-default": audience_field()}

class FixError(ValueError):
    """The fix no longer applies to this text (it was edited since); message for a person."""


@dataclass(frozen=True, slots=True)
class Fix:
    kind: Literal["rename-key", "add-field"]
    pointer: str          # rename: the key's pointer; add: the object's pointer
    rule: str             # the rule of the issue it fixes
    key: str              # rename: the key as written; add: the field to add
    new: str              # rename: the new key; add: the value as JSON text ('"all"')

    @property
    def title(self) -> str:
        if self.kind == "rename-key":
            return f"Rename `{_short(self.key)}` to `{self.new}`"
        where = pointer_to_path(self.pointer)
        return f"Add `\"{self.key}\": {self.new}`" + ("" if not self.pointer else f" to {where}")


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# -- computing fixes ------------------------------------------------------------------------

def suggestion_of(issue: Issue) -> str | None:
    """The issue's suggestion (the validator fills it wherever its message says "did you mean")."""
    return issue.suggestion or None


def _documented_default(report: Any, object_pointer: str, field: str) -> str | None:
    """The JSON text of `field`'s documented default in the model of the object at the pointer
    (``json_schema_extra["default"]``, else a non-None pydantic default), or None."""
    st = catalog.structures(report.version).get(report.structure or "")
    if st is None:
        return None
    data = report.data
    parts = pointer_tokens(object_pointer)
    wrapper = getattr(st, "wrapper", None)
    if wrapper and parts[:1] == [wrapper] and isinstance(data, dict) and set(data) == {wrapper}:
        parts, data = parts[1:], data[wrapper]
    node = spec_at(st.model(report.mode), data, parts)
    f = field_spec(node.base, field) if node is not None else None
    if f is None:
        return None
    if "default" in f.extra:
        return json.dumps(f.documented_default, ensure_ascii=False)
    if not f.required:
        default = f.info.get_default(call_default_factory=False)
        if default is not None and isinstance(default, (str, int, float, bool)):
            return json.dumps(default, ensure_ascii=False)
    return None


def fixes_for(report: Any) -> list[Fix]:
    """The certain fixes for a Report's issues (none when the text is not valid JSON)."""
    if report is None or report.data is None:
        return []
    out: list[Fix] = []
    seen: set[tuple] = set()
    for issue in report.issues:
        fix = _fix_for(report, issue)
        if fix is not None and (fix.kind, fix.pointer, fix.key) not in seen:
            seen.add((fix.kind, fix.pointer, fix.key))
            out.append(fix)
    return out


def _fix_for(report: Any, issue: Issue) -> Fix | None:
    data = report.data
    if issue.rule in RENAME_RULES:
        new = suggestion_of(issue)
        if not new or not issue.pointer:
            return None
        parent_ptr, key = split_pointer(issue.pointer)
        ok, parent = resolve(data, parent_ptr)
        if not ok or not isinstance(parent, dict) or key not in parent or new in parent or new == key:
            return None
        return Fix("rename-key", issue.pointer, issue.rule, key, new)
    if issue.rule in ADD_FIELD_RULES:
        obj_ptr, field = issue.pointer, ADD_FIELD_RULES[issue.rule]
    elif issue.rule == "required-field" and issue.pointer:
        obj_ptr, field = split_pointer(issue.pointer)
    else:
        return None
    ok, obj = resolve(data, obj_ptr)
    if not ok or not isinstance(obj, dict) or field in obj:
        return None
    value = None
    if issue.rule in ADD_FIELD_RULES and getattr(issue, "suggestion", None):
        value = issue.suggestion
    if value is None:
        value = _documented_default(report, obj_ptr, field)
    if value is None:
        return None
    try:
        json.loads(value)
    except (TypeError, ValueError):
        return None
    return Fix("add-field", obj_ptr, issue.rule, field, value)


# -- applying fixes to the text --------------------------------------------------------------

def apply_fix(text: str, fix: Fix) -> str:
    """The text with one fix applied; raises FixError when the text no longer fits the fix."""
    if fix.kind == "rename-key":
        span = member_span(text, fix.pointer)
        if span is None or span.key_start < 0:
            raise FixError(f"The key `{_short(fix.key)}` is no longer at {pointer_to_path(fix.pointer)}; "
                           "the text changed. Nothing was modified.")
        return text[: span.key_start] + json.dumps(fix.new, ensure_ascii=False) + text[span.key_end:]
    if fix.kind == "add-field":
        span = member_span(text, fix.pointer)
        if span is None or not text.startswith("{", span.value_start):
            raise FixError(f"There is no object at {pointer_to_path(fix.pointer)} any more; the text "
                           "changed. Nothing was modified.")
        brace = span.value_start
        j = brace + 1
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        ws = text[brace + 1: j]
        member = json.dumps(fix.key, ensure_ascii=False) + _key_sep(text, j) + fix.new
        if j < len(text) and text[j] == "}":           # empty object: no comma
            return text[: brace + 1] + member + text[brace + 1:]
        if not ws:
            return text[: brace + 1] + member + ", " + text[brace + 1:]
        return text[: brace + 1] + ws + member + "," + text[brace + 1:]
    raise FixError(f"Unknown fix kind {fix.kind!r}.")


_KEY_SEP = re.compile(STRING + r"(\s*:\s*)")   # a key and the separator after it


def _key_sep(text: str, first_member: int) -> str:
    """The separator between a key and its value, as the object's first member writes it."""
    m = _KEY_SEP.match(text, first_member)
    return m.group(1) if m and "\n" not in m.group(1) else ": "


def apply_all(text: str, fixes: Iterable[Fix]) -> str:
    """Apply several fixes; the deepest first, so that a rename never moves a later target."""
    ordered = sorted(fixes, key=lambda f: -f.pointer.count("/"))
    for fix in ordered:
        text = apply_fix(text, fix)
    return text
