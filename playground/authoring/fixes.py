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

- ``edit-text``: a JSON syntax error with one certain repair (rule ``json-syntax``, the text does
  not parse): a trailing comma removed, a single-quoted string's two quotes made double, a
  missing comma inserted after the item before, an unquoted key put in double quotes, a
  ``// ...`` or ``/* ... */`` comment removed. Only the offending characters change, and only
  when the parse then gets past the place of the error (see ``syntax_fix``).

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

from playground.spec import catalog, limits
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
    kind: Literal["rename-key", "add-field", "edit-text"]
    pointer: str          # rename: the key's pointer; add: the object's pointer; edit-text: ""
    rule: str             # the rule of the issue it fixes
    key: str              # rename: the key as written; add: the field to add; edit-text: the
                          # characters replaced, as written (text[start:end])
    new: str              # rename: the new key; add: the value as JSON text ('"all"'); edit-text:
                          # what replaces them
    start: int = -1       # edit-text: the offsets (in characters) of the replaced characters
    end: int = -1
    label: str = ""       # edit-text: the title, for a person

    @property
    def title(self) -> str:
        if self.kind == "edit-text":
            return self.label
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
    """The certain fixes for a Report's issues (for a text that is not valid JSON, the repair of
    its syntax error when there is a certain one)."""
    if report is None:
        return []
    if report.data is None:
        if not any(i.rule == "json-syntax" for i in report.issues) or not isinstance(report.text, str):
            return []
        fix = syntax_fix(report.text)
        return [fix] if fix is not None else []
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
    if fix.kind == "edit-text":
        if not (0 <= fix.start <= fix.end <= len(text)) or text[fix.start:fix.end] != fix.key:
            raise FixError("The text changed where this fix applies. Nothing was modified.")
        return text[:fix.start] + fix.new + text[fix.end:]
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


# -- syntax errors ----------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$-]*(?=[ \t\r\n]*:)")
_VALUE_START = set('"{[-0123456789tfn')
# what the previous item of an array or object can end with: a string, a bracket, a digit, true/false/null
_VALUE_END = set('"}]0123456789el')


def _error_at(text: str) -> int | None:
    """Where json.loads stops on the text (the offset of its error), or None when it parses."""
    try:
        json.loads(" " + text[1:] if text.startswith("\ufeff") else text)
    except json.JSONDecodeError as e:
        return e.pos
    except (ValueError, RecursionError):   # a number too long, nesting too deep: not a syntax fix
        return -1
    return None


def _line_col(text: str, off: int) -> str:
    line = text.count("\n", 0, off) + 1
    return f"line {line}, column {off - (text.rfind(chr(10), 0, off) + 1) + 1}"


def syntax_fix(text: str) -> Fix | None:
    """The certain repair of the first syntax error of a text that is not JSON, or None. Each
    candidate changes only the characters at fault, and is offered only when the parse of the
    repaired text gets past the place of the error (or succeeds): what the error really was."""
    if len(text) > limits.MAX_INPUT_BYTES:
        return None
    pos = _error_at(text)
    if pos is None or pos < 0 or pos > len(text):
        return None
    for start, end, new, label in _candidates(text, pos):
        fixed = text[:start] + new + text[end:]
        after = _error_at(fixed)
        if after is None or after > pos + len(new) - (end - start):   # past the error's place
            return Fix("edit-text", "", "json-syntax", text[start:end], new, start, end,
                       f"{label} at {_line_col(text, start)}")
    return None


def _candidates(text: str, pos: int):
    """(start, end, replacement, label) of the repairs that fit the error at `pos`, likeliest first."""
    ch = text[pos:pos + 1]
    before = len(text[:pos].rstrip(" \t\r\n"))   # just past the last character before the error
    prev = text[before - 1:before] if before else ""
    if text.startswith("//", pos):
        end = pos
        while end < len(text) and text[end] not in "\r\n":
            end += 1
        yield pos, end, "", "Remove the comment (JSON has none)"
    elif text.startswith("/*", pos):
        close = text.find("*/", pos + 2)
        if close >= 0:
            yield pos, close + 2, "", "Remove the comment (JSON has none)"
    if ch in "}]" and prev == ",":
        yield before - 1, before, "", "Remove the trailing comma"
    if ch == "'":
        close = text.find("'", pos + 1)
        inner = text[pos + 1:close] if close > 0 else ""
        follows = text[close + 1:].lstrip(" \t\r\n")[:1] if close > 0 else "x"
        # the quote that closes it is not an apostrophe inside a word ('it's'): no letter follows
        if close > 0 and not any(c in inner for c in "\"\\\n\r") and not (follows and (follows.isalnum() or follows in "_'")):
            yield pos, close + 1, '"' + inner + '"', f"Use double quotes for '{_short(inner, 30)}'"
    m = _BARE_KEY.match(text, pos)
    if m is not None and prev in ("{", ",") and m.group() not in ("true", "false", "null"):
        yield pos, m.end(), '"' + m.group() + '"', f"Put the key `{_short(m.group(), 30)}` in double quotes"
    if ch in _VALUE_START and prev in _VALUE_END:
        yield before, before, ",", "Add the missing comma"
