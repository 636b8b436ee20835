"""The result of validating one payload: a Report holding Issues.

Kept apart from the engine so that every layer (CLI, pages, previews, tables) can depend on
these two small types without importing the models.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

# The pointer helpers are jsontext's; the layers above import them from here, with Issue.
from playground.validation.jsontext import (LONE_SURROGATE, escape_token, make_pointer,  # noqa: F401
                                           pointer_tokens, unescape_token)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Issue:
    severity: Severity
    pointer: str            # RFC 6901 JSON pointer, "" for the whole document
    line: int               # 1-based line of the offending key or value in the text
    column: int             # 1-based column (in characters)
    rule: str               # stable rule id, see `python -m playground rules`
    message: str            # for a person: what is wrong, where, what to do
    spec: str | None = None  # the spec's own words, when the rule comes from the spec
    # A certain fix, when there is one: for unknown-field / spec-sample-typo the key to rename
    # to; for recipients-default the JSON text of the default value to add ("\"all\"").
    suggestion: str | None = None

    @property
    def path(self) -> str:
        """The pointer as a readable path: `elements[0].buttons[2].type` ("(root)" for "")."""
        return pointer_to_path(self.pointer)

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "pointer": self.pointer, "path": self.path,
                "line": self.line, "column": self.column, "rule": self.rule,
                "message": self.message, "spec": self.spec,
                "suggestion": self.suggestion}


@dataclass(slots=True)
class Report:
    structure: str | None       # stable structure name, or None when nothing fits
    detected_by: str            # how the structure was chosen, for a person
    mode: str                   # "request" or "response"
    data: Any                   # the parsed JSON (None when it could not be parsed)
    issues: list[Issue] = field(default_factory=list)
    version: str = "3.2"
    text: str = ""              # the text that was validated (decoded)
    # How the version was chosen: detected from the payload's fields (validate(version="detect"))
    # or given; why, for a person ('has `visibility`, introduced in v3.4'); every version the
    # payload's fields fit, oldest first (() when the version was given, not detected).
    version_detected: bool = False
    version_reason: str = ""
    version_fits: tuple[str, ...] = ()
    # How the mode was chosen: detected from the server's fields (validate(mode="detect"),
    # validation/modes.py) or given; why, for a person.
    mode_detected: bool = False
    mode_reason: str = ""

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def as_dict(self) -> dict[str, Any]:
        return {"structure": self.structure, "detected_by": self.detected_by, "mode": self.mode,
                "version": self.version, "version_detected": self.version_detected,
                "version_reason": self.version_reason, "version_fits": list(self.version_fits),
                "mode_detected": self.mode_detected, "mode_reason": self.mode_reason, "ok": self.ok,
                "issues": [i.as_dict() for i in self.issues]}


def visible(text: str) -> str:
    """Text for a person: a lone UTF-16 surrogate (half a character, from a JSON escape such as
    "\\ud800"; UTF-8, and so Streamlit and a terminal, cannot carry it) is written as that
    escape; everything else is unchanged."""
    if text.isascii():
        return text
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def readable_key(key: str) -> str:
    """A key as a message shows it: as written, but a key with nothing to see (empty, spaces,
    zero-width or control characters only) in JSON quotes with escapes (`" "`, `"\\u200b"`),
    and half a surrogate pair as its escape (see `visible`)."""
    if not key or all(unicodedata.category(c)[0] in "ZC" for c in key):
        return json.dumps(key)
    return visible(key)


def pointer_to_path(pointer: str) -> str:
    """The pointer as a path for a person: `elements[0].buttons[2].type`; a key with nothing
    to see is quoted (see `readable_key`)."""
    if not pointer:
        return "(root)"
    out = ""
    for tok in pointer_tokens(pointer):
        if tok.isascii() and tok.isdigit():
            out += f"[{tok}]"
        else:
            out += ("." if out else "") + readable_key(tok)
    return out

