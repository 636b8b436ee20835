"""JSON as text and as data, the pieces every layer shares: tokens, pointers, half characters,
nesting depth and type names. Only the standard library here (no Streamlit, no models), so
that every module of every layer can use it.

- Tokens: ``TOKEN`` splits valid JSON text into its tokens (strings with their escapes, the six
  punctuation characters, and runs of anything else: numbers, true/false/null). ``STRING`` is
  the text of the string-token pattern, for patterns that must skip strings. ``format`` and
  ``minify`` re-emit the tokens exactly as written: numbers keep their spelling (``1.0``,
  ``1e5``, 30-digit integers), strings keep their escapes (``"\\u00e9"``), key order is
  unchanged and duplicate keys are kept (the validator warns about them; formatting must not
  silently drop one). Only the whitespace between tokens changes. Both expect valid JSON (the
  editor offers them only when the text parses) and work iteratively, so deep nesting cannot
  overflow the stack. (Where a pointer is written in the text: validation/positions.py, built
  on ``TOKEN``.)
- Pointers (RFC 6901): ``escape_token``, ``unescape_token``, ``make_pointer``,
  ``pointer_tokens``, ``split_pointer``, ``resolve``.
- Half characters: ``LONE_SURROGATE`` (half of a UTF-16 surrogate pair in decoded text; JSON
  allows the escape "\\ud800" alone and json.loads keeps it), ``SURROGATE_ESCAPE`` /
  ``SURROGATE_ESCAPE_BYTES`` (such an escape in the text or its UTF-8 bytes),
  ``lone_surrogates`` and ``replace_lone_surrogates`` over parsed data.
- Depth: ``deeper_than(data, limit)``.
- Type names: ``type_name(value, style)``, in the wordings the pages and messages use.

(The %name% placeholder of system messages is spec/limits.TEXT_VAR_PLACEHOLDER: the check that
reads it is in spec/, which is below this layer.)
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator, Literal

# -- tokens ------------------------------------------------------------------------------------

STRING = r'"(?:[^"\\]|\\.)*"'   # a string token, escapes included; the text, to build patterns with
TOKEN = re.compile(STRING + r'|[{}\[\],:]|[^\s{}\[\],:"]+')


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def minify(text: str) -> str:
    """All insignificant whitespace removed."""
    return "".join(tokens(text))


def format(text: str, indent: int | str = 2) -> str:  # noqa: A001 - the natural name
    """Pretty-printed: one member per line, `indent` spaces (or the given string) per level,
    empty objects and arrays kept as ``{}`` / ``[]``, a final newline."""
    pad = " " * indent if isinstance(indent, int) else indent
    toks = tokens(text)
    out: list[str] = []
    level = 0
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        c = tok[0]
        if c in "{[":
            close = "}" if c == "{" else "]"
            if i + 1 < n and toks[i + 1] == close:
                out.append(tok + close)
                i += 2
                continue
            level += 1
            out.append(tok + "\n" + pad * level)
        elif c in "}]" and len(tok) == 1:
            level = max(level - 1, 0)
            out.append("\n" + pad * level + tok)
        elif tok == ",":
            out.append(",\n" + pad * level)
        elif tok == ":":
            out.append(": ")
        else:
            out.append(tok)
        i += 1
    return "".join(out) + "\n"


# -- pointers (RFC 6901) -----------------------------------------------------------------------

def unescape_token(tok: str) -> str:
    return tok.replace("~1", "/").replace("~0", "~")


def escape_token(tok: str) -> str:
    return tok.replace("~", "~0").replace("/", "~1")


def make_pointer(parts) -> str:
    """Keys and indexes -> a pointer: ("a/b", 0) -> "/a~1b/0"; () -> "" (the whole document)."""
    if not parts:
        return ""
    joined = "/".join(map(str, parts))   # most keys hold neither "~" nor "/": nothing to escape
    if "~" not in joined and joined.count("/") == len(parts) - 1:
        return "/" + joined
    return "".join("/" + escape_token(str(p)) for p in parts)


def pointer_tokens(pointer: str) -> list[str]:
    """A pointer -> its reference tokens, unescaped: "/a~1b/0" -> ["a/b", "0"]; "" -> []."""
    if "~" not in pointer:
        return pointer.split("/")[1:]
    return [unescape_token(tok) for tok in pointer.split("/")[1:]]


def split_pointer(pointer: str) -> tuple[str, str]:
    """A pointer -> (its parent's pointer, its last token unescaped): "/a/b~1c" -> ("/a", "b/c")."""
    head, _, last = pointer.rpartition("/")
    return head, unescape_token(last)


def resolve(data: Any, pointer: str) -> tuple[bool, Any]:
    """(True, the value at `pointer` in parsed data) or (False, None) when nothing is there.
    An array index is a token of digits (a leading zero is read as decimal: "01" is item 1)."""
    cur = data
    for tok in pointer_tokens(pointer):
        if isinstance(cur, dict) and tok in cur:
            cur = cur[tok]
        elif isinstance(cur, list) and tok.isascii() and tok.isdigit() and int(tok) < len(cur):
            cur = cur[int(tok)]
        else:
            return False, None
    return True, cur


# -- half characters (lone UTF-16 surrogates) --------------------------------------------------

LONE_SURROGATE = re.compile("[\ud800-\udfff]")   # json.loads joins whole pairs: one left is alone
_SURROGATE_ESCAPE = r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}"   # \ud800-\udfff written as an escape
SURROGATE_ESCAPE = re.compile(_SURROGATE_ESCAPE)
SURROGATE_ESCAPE_BYTES = re.compile(_SURROGATE_ESCAPE.encode())   # searched in UTF-8 bytes


def lone_surrogates(data: Any) -> Iterator[tuple[tuple, str, str | None]]:
    """(pointer parts, the half character, the key or None) for each key or string of parsed
    data that holds half of a surrogate pair; a key's parts end with the key. Depth first, each
    object's keys before its values, iteratively (any depth is safe)."""
    todo = [((), data)]
    while todo:
        parts, value = todo.pop()
        if isinstance(value, str):
            m = LONE_SURROGATE.search(value)
            if m is not None:
                yield parts, m.group(), None
        elif isinstance(value, dict):
            for key, item in value.items():
                m = LONE_SURROGATE.search(key)
                if m is not None:
                    yield parts + (key,), m.group(), key
                todo.append((parts + (key,), item))
        elif isinstance(value, list):
            todo.extend((parts + (i,), item) for i, item in enumerate(value))


def replace_lone_surrogates(data: Any, count: list[int] | None = None) -> Any:
    """A copy of parsed data with each half surrogate in its keys and strings replaced by U+FFFD
    (as the API's JSON decoder stores it); count[0], when given, counts the keys and strings
    changed. Recursive: for data whose depth is bounded (see deeper_than)."""
    if isinstance(data, str):
        if LONE_SURROGATE.search(data) is None:
            return data
        if count is not None:
            count[0] += 1
        return LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, dict):
        return {replace_lone_surrogates(k, count): replace_lone_surrogates(v, count) for k, v in data.items()}
    if isinstance(data, list):
        return [replace_lone_surrogates(v, count) for v in data]
    return data


# -- depth -------------------------------------------------------------------------------------

def deeper_than(data: Any, limit: int) -> bool:
    """True when containers nest more than `limit` levels (the root is level 1; a string or a
    number at the root is level 0). One level at a time, so it costs a pass over the containers,
    far less than scanning the text, and any depth is safe."""
    level, todo = 1, [data] if isinstance(data, (dict, list)) else []
    while todo:
        if level > limit:
            return True
        todo = [v for c in todo for v in (c.values() if isinstance(c, dict) else c)
                if isinstance(v, (dict, list))]
        level += 1
    return False


# -- type names --------------------------------------------------------------------------------

TypeStyle = Literal["bare", "article", "noun", "schema", "value"]

# style -> kind -> words. The kinds: null boolean integer number string array object, and tuple
# (not JSON; Python data handed to the preview may hold one).
_WORDS: dict[str, dict[str, str]] = {
    "bare": {"null": "null", "boolean": "boolean", "integer": "number", "number": "number",
             "string": "string", "array": "array", "object": "object"},
    "article": {"null": "a null", "boolean": "a boolean", "integer": "a number", "number": "a number",
                "string": "a string", "array": "an array", "object": "an object"},
    "noun": {"null": "null", "boolean": "a boolean", "integer": "a number", "number": "a number",
             "string": "a string", "array": "an array", "tuple": "an array", "object": "an object"},
    "schema": {"null": "null", "boolean": "boolean", "integer": "integer", "number": "number",
               "string": "string", "array": "array", "object": "object"},
}
# what a style calls a value of no kind it lists; a style not here names its Python type
_OTHER = {"bare": "object", "article": "an object"}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "tuple" if isinstance(value, tuple) else ""


def type_name(value: Any, style: TypeStyle = "bare") -> str:
    """The JSON type of `value` in words. The style is the wording of the sentence it goes in:

    ========  ======  ============  ============  ==============  ===================  =========  ============
    style     None    True          5 / 1.5       "hi"            [1, 2]               {}         other values
    ========  ======  ============  ============  ==============  ===================  =========  ============
    bare      null    boolean       number        string          array                object     object
    article   a null  a boolean     a number      a string        an array             an object  an object
    noun      null    a boolean     a number      a string        an array             an object  type name [1]
    schema    null    boolean       integer /     string          array                object     type name
                                    number
    value     null    the boolean   the number 5  the string "hi" an array of 2 items  an object  type name
                      true
    ========  ======  ============  ============  ==============  ===================  =========  ============

    bare: the composer's type captions and the tables' problems ("chats_summary is an array");
    article: the composer's notes ("holds a number"); noun: the preview's notes ("text is null,
    not a string") [1] a tuple there reads "an array"; schema: the field guide's type column
    (JSON Schema's names); value: the validator's messages ("got the number 5"), the value itself,
    a number or string clipped to about 30 / 40 characters. "type name" is the Python type's
    name (``bytes``)."""
    kind = _kind(value)
    if style == "value":
        return _described(value, kind)
    words = _WORDS[style].get(kind)
    if words is not None:
        return words
    return _OTHER.get(style) or type(value).__name__


def _described(value: Any, kind: str) -> str:
    if kind == "null":
        return "null"
    if kind == "boolean":
        return f"the boolean {str(value).lower()}"
    if kind in ("integer", "number"):
        s = repr(value)
        return f"the number {s if len(s) < 30 else s[:27] + '...'}"
    if kind == "string":
        return "the string " + json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if kind == "array":
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    if kind == "object":
        return "an object"
    return type(value).__name__
