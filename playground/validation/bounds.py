"""Input bounds and the parse: size, binary bytes, depth, long numbers, NaN/Infinity, lone surrogates, syntax errors in words."""
from __future__ import annotations

import json
import json.decoder
import re
import sys
import threading
from itertools import islice
from typing import Any


from playground.spec import limits
from playground.validation.jsontext import STRING, lone_surrogates
from playground.validation.report import Issue, make_pointer, pointer_to_path, visible
from playground.validation.messages import _issue


_NONFINITE = {"NaN", "Infinity", "-Infinity"}
_INF = float("inf")


MAX_SURROGATE_ISSUES = 20


def _lone_surrogates(data: Any) -> list[Issue]:
    """A json-lone-surrogate warning for each string or key that holds half of a UTF-16 pair
    (written as an escape such as "\\ud800"), at most MAX_SURROGATE_ISSUES."""
    return [_surrogate_issue(make_pointer(parts), half, key)
            for parts, half, key in islice(lone_surrogates(data), MAX_SURROGATE_ISSUES)]


def _surrogate_issue(pointer: str, half: str | None, key: str | None) -> Issue:
    what = (f"The key `{visible(key)}`" if key is not None else
            f"`{pointer_to_path(pointer)}`" if pointer else "A key or string here")
    code = f"\\u{ord(half):04x}" if half else "a \\uXXXX escape"
    return _issue("json-lone-surrogate", pointer, 0, 0,
                  f"{what} holds {code}, one half of a UTF-16 surrogate pair without its other half: not a "
                  "character. The API's JSON decoder replaces it with U+FFFD (\ufffd), so the text arrives "
                  "changed. Write the whole pair (\\ud83d\\ude00 is 😀) or remove it.")


def _overflows(token: str) -> bool:
    """A number token (valid JSON) that json.loads reads as an infinite float."""
    return ("e" in token or "E" in token or "." in token) and float(token) in (_INF, -_INF)


_THREAD = threading.local()


def _decoder() -> tuple[json.JSONDecoder, dict]:
    """This thread's decoder and the flags its hooks set: duplicate keys seen, NaN/Infinity seen,
    a number too large for a double (json.loads reads 1e400 as inf, silently).

    Built once per thread rather than per call as json.loads(text, object_pairs_hook=...) does
    (that rebuilds the C scanner every time: a third of the parse time of a small payload)."""
    got = getattr(_THREAD, "decoder", None)
    if got is None:
        flags = {"dup": False, "const": False, "huge": False}

        def pairs_hook(pairs, dict=dict, len=len):   # called for every object: locals are faster
            d = dict(pairs)
            if len(d) != len(pairs):
                flags["dup"] = True
            return d

        def const_hook(name):
            flags["const"] = True
            return None

        def float_hook(token):   # called for number literals with a fraction or exponent only
            f = float(token)
            if f == _INF or f == -_INF:
                flags["huge"] = True
            return f

        got = _THREAD.decoder = (json.JSONDecoder(object_pairs_hook=pairs_hook, parse_constant=const_hook,
                                                  parse_float=float_hook), flags)
    return got


def _too_large(n: int | None) -> Issue:
    """n: the size in bytes, or None when only the first MAX_INPUT_BYTES + 1 were read (a stream)."""
    size = f"{n:,} bytes" if n is not None else f"more than {limits.MAX_INPUT_BYTES:,} bytes"
    return _issue("json-too-large", "", 1, 1,
                  f"The text is {size}; the playground validates payloads up to "
                  f"{limits.MAX_INPUT_BYTES:,} bytes ({limits.MAX_INPUT_BYTES // (1024 * 1024)} MB). No single Agent Chat API "
                  "structure comes near that (a message is at most 16 KB); split the data.")


_SYNTAX_HINTS = [
    ("Expecting property name enclosed in double quotes",
     "a key in double quotes was expected here"),
    ("Expecting value", "a value was expected here (a string in double quotes, a number, an object, an "
                        "array, true, false or null)"),
    ("Expecting ',' delimiter", "a comma is missing between two items (or a string is not closed)"),
    ("Expecting ':' delimiter", "a colon is missing between a key and its value"),
    ("Unterminated string", "this string is never closed with a double quote"),
    ("Invalid control character", "a raw line break, tab or control character is inside a string; write it "
                                  "as an escape such as \\n or \\t"),
    ("Invalid \\escape", "this backslash escape is not valid JSON (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
    ("Invalid \\uXXXX escape", "a \\u escape needs exactly four hex digits"),
    ("Extra data", "the JSON value ended before this point; there is more text after it (one payload per "
                   "document)"),
]


def _syntax_issue(text: str, e: json.JSONDecodeError) -> Issue:
    hint = next((h for k, h in _SYNTAX_HINTS if e.msg.startswith(k)), e.msg)
    ch = text[e.pos] if e.pos < len(text) else ""
    prev = text[: e.pos].rstrip()[-1:] if e.pos else ""
    if ch in "}]" and prev == "," and e.msg.startswith(("Expecting value", "Expecting property name")):
        hint = "a trailing comma before the closing bracket is not allowed in JSON; remove it"
    elif ch == "'":
        hint = "JSON strings and keys use double quotes (\"), not single quotes"
    elif not ch:
        hint = "the text ends too early: " + hint + " (is a closing bracket or quote missing?)"
    elif e.msg.startswith("Expecting") and re.match(r"[A-Za-z_]", ch) and not text.startswith(("true", "false", "null"), e.pos):
        word = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text[e.pos:]).group()
        hint = (f"{word!r} is not a JSON value or quoted key" +
                ("; JSON writes true, false and null in lower case" if word.lower() in ("true", "false", "null", "none") else
                 "; put keys and strings in double quotes"))
    shown = repr(ch) if ch else "the end of the text"
    return _issue("json-syntax", "", e.lineno, e.colno,
                  f"Invalid JSON at line {e.lineno}, column {e.colno} (at {shown}): {hint}.")


def _long_number(text: str):
    """The first integer token (outside strings) longer than Python's int conversion limit, or None."""
    limit = sys.get_int_max_str_digits()
    if not limit:
        return None
    pattern = re.compile(STRING + r'|-?\d{%d,}' % (limit + 1))
    return next((m for m in pattern.finditer(text) if m.group()[0] != '"'), None)


def _may_be_deep(utf8: bytes) -> bool:
    # MAX_DEPTH + 1 levels open as many brackets and close them: a shorter text cannot
    return len(utf8) > 2 * limits.MAX_DEPTH + 1 and utf8.count(b"[") + utf8.count(b"{") > limits.MAX_DEPTH


_BRACKETS = re.compile(STRING + r'|[\[\]{}]')


def _too_deep_offset(text: str) -> int:
    """Offset of the first bracket that opens level MAX_DEPTH + 1, or -1."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        c = m.group()[0]
        if c in "[{":
            depth += 1
            if depth > limits.MAX_DEPTH:
                return m.start()
        elif c in "]}":
            depth -= 1
    return -1 if depth <= limits.MAX_DEPTH else 0


# ---------------------------------------------------------------------------------------------
# 3: detection
