"""One Issue built with its rule and the spec's words; JSON type names and short quotes for messages."""
from __future__ import annotations

import json
import json.decoder
from typing import Any


from playground.validation.report import Issue, visible
from playground.spec.rules import RULES


_JSON_TYPE_OF_ERROR = {
    "string_type": "a string", "int_type": "an integer number", "int_parsing": "an integer number",
    "int_from_float": "an integer number (no fraction)", "float_type": "a number", "bool_type": "true or false",
    "list_type": "an array [...]", "dict_type": "an object {...}", "model_type": "an object {...}",
    "model_attributes_type": "an object {...}", "none_required": "null", "tuple_type": "an array [...]",
}


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, (int, float)):
        s = repr(v)
        return f"the number {s if len(s) < 30 else s[:27] + '...'}"
    if isinstance(v, str):
        return f"the string {_preview(v)}"
    if isinstance(v, list):
        return f"an array of {len(v)} item{'s' if len(v) != 1 else ''}"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


def _preview(s: str) -> str:
    return json.dumps(s if len(s) <= 40 else s[:37] + "...", ensure_ascii=False)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _issue(rule: str, pointer: str, line: int, column: int, message: str, *, spec: str | None = None,
           suggestion: str | None = None) -> Issue:
    r = RULES[rule]
    return Issue(r.severity, pointer, line, column, rule, visible(message), spec if spec is not None else r.spec,
                 suggestion)


# ---------------------------------------------------------------------------------------------
# 6: positions
