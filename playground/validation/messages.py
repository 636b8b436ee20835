"""One Issue built with its rule and the spec's words; the wording of JSON types in messages."""
from __future__ import annotations

from typing import Any


from playground.validation.jsontext import type_name
from playground.validation.report import Issue, visible
from playground.spec.rules import RULES


_JSON_TYPE_OF_ERROR = {
    "string_type": "a string", "int_type": "an integer number", "int_parsing": "an integer number",
    "int_from_float": "an integer number (no fraction)", "float_type": "a number", "bool_type": "true or false",
    "list_type": "an array [...]", "dict_type": "an object {...}", "model_type": "an object {...}",
    "model_attributes_type": "an object {...}", "none_required": "null", "tuple_type": "an array [...]",
}


def _json_type(v: Any) -> str:
    """The value as the validator's messages name it: "the number 5", "an array of 2 items"."""
    return type_name(v, "value")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _issue(rule: str, pointer: str, line: int, column: int, message: str, *, spec: str | None = None,
           suggestion: str | None = None) -> Issue:
    r = RULES[rule]
    return Issue(r.severity, pointer, line, column, rule, visible(message), spec if spec is not None else r.spec,
                 suggestion)


# ---------------------------------------------------------------------------------------------
# 6: positions
