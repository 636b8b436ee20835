"""validate(text) -> Report: parse with positions, detect the structure, validate, explain.

Steps (DESIGN.md):
  1. bound and decode the input (size, binary, BOM, empty);
  2. json.loads (C speed); duplicate keys and NaN/Infinity are noticed during the parse;
  3. detect the structure (events by "type", others by their distinctive keys) unless given;
  4. validate with the structure's pydantic model (request or response);
  5. walk the raw data with the model's types: unknown keys (with "did you mean") and the spec's
     warnings that a type cannot hold (Model.spec_findings);
  6. only when there is something to report, scan the text once to map each JSON pointer to the
     1-based line:column of its key or value.
validate() never raises: anything unexpected becomes an "internal" issue.
"""
from __future__ import annotations

import bisect
import difflib
import json
import json.decoder
import re
import sys
import threading
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from playground.spec import limits as L
from playground.spec.catalog import EVENT_NAMES, STRUCTURES, Structure
from playground.validation.report import Issue, Report, escape_token, make_pointer, pointer_to_path, readable_key, unescape_token, visible
from playground.spec.rules import RULES
from playground.spec.typeinfo import is_model as _is_model, unwrap as _unwrap

Mode = Literal["request", "response"]
MODES = ("request", "response")

# Keys the spec's own samples misspell: rule "spec-sample-typo" instead of a plain unknown-field.
SPEC_SAMPLE_TYPOS = {"properites": "properties"}
# What the server adds to an event (the response tables' "Generated server-side").
SERVER_KEYS = frozenset({"id", "created_at", "author_id"})
# The certain fix a spec finding carries (Issue.suggestion): the JSON text of the value to add.
_FINDING_SUGGESTIONS = {"recipients-default": json.dumps(L.DEFAULT_RECIPIENTS)}


# ---------------------------------------------------------------------------------------------
# public API

def validate(text: str | bytes, structure: str | None = None, mode: str = "response",
             version: str = L.API_VERSION) -> Report:
    """Validate one payload. Never raises."""
    mode = mode if mode in MODES else "response"
    report = Report(structure=structure, detected_by="", mode=mode, data=None, version=version)
    try:
        _validate(text, structure, mode, report)
    except Exception as exc:  # the last guard: a bug must still give a clear message
        report.issues.append(_issue("internal", "", 1, 1,
                                    f"The validator failed on this input ({type(exc).__name__}); "
                                    "this is a bug in the playground, not in your payload."))
    return report


def validate_data(data: Any, structure: str, mode: str = "response") -> list[Issue]:
    """Validate already-parsed data as `structure`; issues carry pointers, line and column 0."""
    st = STRUCTURES.get(structure)
    if st is None:
        return [_issue("structure-name", "", 0, 0,
                       f"{structure!r} is not a structure the playground knows; use one of: "
                       + ", ".join(STRUCTURES) + ".")]
    issues: list[Issue] = []
    try:
        _check(data, st, mode, issues, positions=None)
    except Exception as exc:  # the same last guard as validate()
        issues.append(_issue("internal", "", 0, 0,
                             f"The validator failed on this data ({type(exc).__name__}); this is a bug in "
                             "the playground, not in your payload."))
    return issues


def validate_many(items: list, structure: str, mode: str = "response") -> list[list[Issue]]:
    """validate_data for each item of a list (e.g. the rows of a chat summaries table)."""
    return [validate_data(x, structure, mode) for x in items]


# ---------------------------------------------------------------------------------------------
# 1-2: input and parsing

_NONFINITE = {"NaN", "Infinity", "-Infinity"}
_INF = float("inf")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")      # json.loads joins whole pairs: one left is alone
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")   # searched in the UTF-8 bytes
MAX_SURROGATE_ISSUES = 20


def _lone_surrogates(data: Any) -> list[Issue]:
    """A json-lone-surrogate warning for each string or key that holds half of a UTF-16 pair
    (written as an escape such as "\\ud800"), at most MAX_SURROGATE_ISSUES."""
    out: list[Issue] = []
    todo = [((), data)]
    while todo and len(out) < MAX_SURROGATE_ISSUES:
        parts, v = todo.pop()
        if isinstance(v, str):
            m = _LONE_SURROGATE.search(v)
            if m is not None:
                out.append(_surrogate_issue(make_pointer(parts), m.group(), None))
        elif isinstance(v, dict):
            for k, x in v.items():
                m = _LONE_SURROGATE.search(k)
                if m is not None:
                    out.append(_surrogate_issue(make_pointer(parts + (k,)), m.group(), k))
                todo.append((parts + (k,), x))
        elif isinstance(v, list):
            todo.extend((parts + (i,), x) for i, x in enumerate(v))
    return out[:MAX_SURROGATE_ISSUES]


def _replace_lone_surrogates(data: Any) -> Any:
    """A copy of data with each half surrogate in its keys and strings replaced by U+FFFD."""
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, dict):
        return {_LONE_SURROGATE.sub("\ufffd", k): _replace_lone_surrogates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace_lone_surrogates(v) for v in data]
    return data


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


def _validate(raw: str | bytes, structure: str | None, mode: str, report: Report) -> None:
    add = report.issues.append
    if structure is not None and structure not in STRUCTURES:
        add(_issue("structure-name", "", 1, 1,
                   f"{structure!r} is not a structure the playground knows; use one of: "
                   + ", ".join(STRUCTURES) + "."))
        return

    # -- bytes: size, binary, UTF-8
    utf8: bytes | None = None   # the text as UTF-8: byte scans are fast whatever the characters
    if isinstance(raw, (bytes, bytearray, memoryview)):
        raw = utf8 = bytes(raw)
        if len(raw) > L.MAX_INPUT_BYTES:
            add(_too_large(len(raw)))
            return
        if b"\x00" in raw[:8192] or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            add(_issue("json-binary", "", 1, 1,
                       "This looks like a binary file, not JSON text (it contains NUL bytes or is UTF-16). "
                       "Save the payload as UTF-8 JSON text."))
            return
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            head = raw[: e.start].decode("utf-8", "replace")
            line = head.count("\n") + 1
            col = len(head) - (head.rfind("\n") + 1) + 1
            add(_issue("json-binary", "", line, col,
                       f"Byte {e.start} (0x{raw[e.start]:02x}) is not valid UTF-8. JSON payloads must be "
                       "UTF-8 text; re-save the file as UTF-8."))
            return
    else:
        text = str(raw)
        if len(text) > L.MAX_INPUT_BYTES or (len(text) * 4 > L.MAX_INPUT_BYTES
                                              and len(text.encode("utf-8", "surrogatepass")) > L.MAX_INPUT_BYTES):
            add(_too_large(len(text.encode("utf-8", "surrogatepass"))))
            return
    report.text = text

    if text.startswith("\ufeff"):
        add(_issue("json-bom", "", 1, 1,
                   "The text starts with a byte order mark (U+FEFF). JSON sent to the API must not; "
                   "remove it (save as UTF-8 without BOM). The rest was checked as if it were not there."))
        text = " " + text[1:]  # keep every later position where it is
    if not text or text.isspace():
        add(_issue("json-empty", "", 1, 1,
                   "The text is empty. Paste a payload, or load a sample to start from."))
        return
    half = -1   # offset of a lone surrogate (half a UTF-16 pair: no UTF-8 form), or -1
    if utf8 is None:
        try:
            utf8 = text.encode("utf-8")
        except UnicodeEncodeError as e:
            half = e.start
    if b"\x00" in utf8 if utf8 is not None else "\x00" in text:
        off = text.index("\x00")
        line, col = _line_col(_line_starts(text), off)
        add(_issue("json-binary", "", line, col,
                   "The text contains a NUL character, so it is binary data rather than JSON text."))
        return
    if half >= 0:
        m = _LONE_SURROGATE.match(text, half)
        line, col = _line_col(_line_starts(text), half)
        add(_issue("json-binary", "", line, col,
                   f"Line {line}, column {col} holds U+{ord(m.group()):04X}, one half of a UTF-16 surrogate pair "
                   "without its other half: not a character, so the text cannot be written as UTF-8, which JSON "
                   "sent to the API must be. Delete it, or type the whole character again."))
        return

    decoder, flags = _decoder()
    flags["dup"] = flags["const"] = flags["huge"] = False
    try:
        data = decoder.decode(text)   # json.loads(text, object_pairs_hook=..., parse_constant=...)
    except json.JSONDecodeError as e:
        add(_syntax_issue(text, e))
        return
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        long = _long_number(text)
        if long is None:
            raise
        line, col = _line_col(_line_starts(text), long.start())
        add(_issue("json-number-too-long", "", line, col,
                   f"This number has {len(long.group().lstrip('-')):,} digits; the playground reads integers of "
                   f"up to {sys.get_int_max_str_digits():,} digits, and no Agent Chat API field holds one "
                   "anywhere near that long. If it is an id, write it as a string in double quotes."))
        return
    except RecursionError:
        off = _too_deep_offset(text)
        line, col = _line_col(_line_starts(text), off)
        add(_issue("json-too-deep", "", line, col,
                   f"The JSON nests deeper than {L.MAX_DEPTH} levels here; no Agent Chat API structure is "
                   "nested more than a few levels deep, so this cannot be a valid payload."))
        return

    if _may_be_deep(utf8) and _deeper_than(data, L.MAX_DEPTH):
        off = _too_deep_offset(text)   # the text scan only to place it
        if off >= 0:
            line, col = _line_col(_line_starts(text), off)
            add(_issue("json-too-deep", "", line, col,
                       f"The JSON nests deeper than {L.MAX_DEPTH} levels here; no Agent Chat API structure is "
                       "nested more than a few levels deep, so this cannot be a valid payload."))
            return

    report.data = data
    issues: list[Issue] = []
    huge = flags["huge"]
    if b"\\" in utf8 and _SURROGATE_ESCAPE.search(utf8):   # one byte: memchr; two would be 100x slower
        issues.extend(_lone_surrogates(data))

    # -- 3: detection
    if structure is None:
        structure, how = detect(data)
        report.detected_by = how
        if structure is None:
            issues.append(_issue("structure-unknown" if isinstance(data, dict) else "json-not-object",
                                 "", 1, 1, how))
    else:
        report.detected_by = "chosen"
    report.structure = structure

    # -- 4-5
    if structure is not None:
        _check(data, STRUCTURES[structure], mode, issues, positions=True)

    # -- JSON-level findings
    index = None
    if issues and not (flags["dup"] or flags["const"] or huge):
        index = _Locator(text)   # finds only the places the issues name
    elif issues or flags["dup"] or flags["const"] or huge:
        index = _PositionIndex(text, track_dups=flags["dup"], track_huge=huge)
        for ptr, off in index.duplicates:
            line, col = index.line_col(off)
            key = ptr.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            issues.append(_issue("json-duplicate-key", ptr, line, col,
                                 f"The key {key!r} appears more than once in this object; JSON parsers keep "
                                 "the last one, so the earlier value is silently lost. Keep one."))
        for ptr, off in index.constants:
            line, col = index.line_col(off)
            issues.append(_issue("json-nan", ptr, line, col,
                                 "NaN, Infinity and -Infinity are not valid JSON numbers; the API rejects them. "
                                 "Use a number or null."))
        for ptr, off in index.huge:
            line, col = index.line_col(off)
            issues.append(_issue("json-nan", ptr, line, col,
                                 "This number is beyond what a JSON number holds (about ±1.8e308, the largest "
                                 "double), so it reads as Infinity, which the API rejects. Use a smaller number, "
                                 "or write it as a string in double quotes."))
    if index is not None:
        issues = [index.place(i) for i in issues]
    issues.sort(key=lambda i: (i.line, i.column, i.severity != "error"))
    report.issues.extend(issues)


_THREAD = threading.local()


def _decoder() -> tuple[json.JSONDecoder, dict]:
    """This thread's decoder and the flags its hooks set: duplicate keys seen, NaN/Infinity seen,
    a number too large for a double (json.loads reads 1e400 as inf, silently).

    Built once per thread rather than per call as json.loads(text, object_pairs_hook=...) does
    (that rebuilds the C scanner every time: a third of the parse time of a small payload)."""
    got = getattr(_THREAD, "decoder", None)
    if got is None:
        flags = {"dup": False, "const": False, "huge": False}

        def pairs_hook(pairs):
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
    size = f"{n:,} bytes" if n is not None else f"more than {L.MAX_INPUT_BYTES:,} bytes"
    return _issue("json-too-large", "", 1, 1,
                  f"The text is {size}; the playground validates payloads up to "
                  f"{L.MAX_INPUT_BYTES:,} bytes ({L.MAX_INPUT_BYTES // (1024 * 1024)} MB). No single Agent Chat API "
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
    pattern = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d{%d,}' % (limit + 1))
    return next((m for m in pattern.finditer(text) if m.group()[0] != '"'), None)


def _may_be_deep(utf8: bytes) -> bool:
    return utf8.count(b"[") + utf8.count(b"{") > L.MAX_DEPTH


def _deeper_than(data: Any, limit: int) -> bool:
    """True when containers nest more than `limit` levels (the root is level 1); one level at a
    time, so it costs a pass over the containers, far less than scanning the text."""
    level, todo = 1, [data] if isinstance(data, (dict, list)) else []
    while todo:
        if level > limit:
            return True
        todo = [v for c in todo for v in (c.values() if isinstance(c, dict) else c)
                if isinstance(v, (dict, list))]
        level += 1
    return False


_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_offset(text: str) -> int:
    """Offset of the first bracket that opens level MAX_DEPTH + 1, or -1."""
    depth = 0
    for m in _BRACKETS.finditer(text):
        c = m.group()[0]
        if c in "[{":
            depth += 1
            if depth > L.MAX_DEPTH:
                return m.start()
        elif c in "]}":
            depth -= 1
    return -1 if depth <= L.MAX_DEPTH else 0


# ---------------------------------------------------------------------------------------------
# 3: detection

_DETECT_TRIED = ("events by \"type\" (" + ", ".join(EVENT_NAMES) + "), users by \"type\" (agent, customer), "
                 "chat_summaries (a list, or \"chats_summary\"), chat_summary (\"last_thread_summary\" / "
                 "\"last_event_per_type\"), chat (\"threads\"), thread (\"active\" with \"events\", "
                 "\"restricted_access\" or \"created_at\"), filled_form_fields (\"fields\"), access "
                 "(\"group_ids\" or \"access\"), properties (\"properties\")")


def detect(data: Any) -> tuple[str | None, str]:
    """(structure name or None, how it was detected — or, when None, what was tried)."""
    if isinstance(data, list):
        if all(isinstance(x, dict) for x in data):
            return "chat_summaries", "a JSON array: a list of chat summaries"
        return None, ("The top level is an array of other values; only chat_summaries is a list (of "
                      "objects). Every other structure is a JSON object {...}.")
    if not isinstance(data, dict):
        kind = _json_type(data)
        return None, (f"The top level is {kind}; every Agent Chat API structure is a JSON object {{...}} "
                      "(or, for chat_summaries, a list of them).")
    t = data.get("type")
    if isinstance(t, str):
        if t in EVENT_NAMES:
            return t, f'by "type": "{t}"'
        if t == "agent":
            if "permission" in data:
                return "my_profile", 'by "type": "agent" with "permission"'
            return "agent", 'by "type": "agent"'
        if t == "customer":
            return "customer", 'by "type": "customer"'
    if "chats_summary" in data:
        return "chat_summaries", 'by "chats_summary" (a list_chats response)'
    if "last_thread_summary" in data or "last_event_per_type" in data:
        return "chat_summary", 'by "last_thread_summary" / "last_event_per_type"'
    if "threads" in data:
        return "chat", 'by "threads"'
    if "active" in data and ("events" in data or "restricted_access" in data or "created_at" in data):
        return "thread", 'by "active" with "events" / "created_at"'
    if isinstance(t, str) and ("id" in data or "recipients" in data or "custom_id" in data):
        return "event", f'by "type": "{t}" (not a known event type)'
    if "fields" in data:
        return "filled_form_fields", 'by "fields"'
    if "group_ids" in data or set(data) == {"access"}:
        return "access", 'by "group_ids"' if "group_ids" in data else 'by "access"'
    if set(data) == {"properties"}:
        return "properties", 'by "properties"'
    keys = ", ".join(list(map(repr, data))[:6]) or "no keys"
    return None, (f"Could not tell which structure this is (it has {keys}). Tried: {_DETECT_TRIED}. "
                  "Pick the structure yourself (the structure picker, or --as NAME).")


# ---------------------------------------------------------------------------------------------
# 4-5: model validation and the walk

# (id(structure), mode, data is a list) -> (type, is it a list type, structure); typing's
# get_origin costs ~2 us on a model class, too much to ask on every call.
_RESOLVED: dict = {}


def _resolve(st: Structure, data: Any, mode: str) -> tuple[Any, bool]:
    key = (id(st), mode, isinstance(data, list))
    hit = _RESOLVED.get(key)
    if hit is None:
        tp = st.model(mode)
        if get_origin(tp) in (Union, types.UnionType):  # chat_summaries: list or list_chats object
            tp = next((m for m in get_args(tp) if (get_origin(m) is list) == key[2]), tp)
        hit = _RESOLVED[key] = (tp, get_origin(tp) is list, st)
    return hit[0], hit[1]


def _resolve_model(st: Structure, data: Any, mode: str) -> Any:
    return _resolve(st, data, mode)[0]


_ADAPTERS: dict = {}


def _adapter(tp: Any):
    key = id(tp)
    a = _ADAPTERS.get(key)
    if a is None:
        a = _ADAPTERS[key] = (TypeAdapter(tp), tp)
    return a[0]


def _check(data: Any, st: Structure, mode: str, issues: list[Issue], positions) -> None:
    prefix: tuple = ()
    target = data
    if st.wrapper and isinstance(data, dict) and set(data) == {st.wrapper}:
        prefix, target = (st.wrapper,), data[st.wrapper]
    tp, is_list = _resolve(st, target, mode)
    if is_list and not isinstance(target, list) or (not is_list and not isinstance(target, dict)):
        want = ("a list of objects or an object {...}" if get_origin(st.model(mode)) in (Union, types.UnionType)
                else "a list of objects" if is_list else "an object {...}")
        issues.append(_issue("json-not-object", make_pointer(prefix), 0, 0,
                             f"`{st.name}` ({st.title}) must be {want}, but this is {_json_type(target)}."))
        return
    try:
        _adapter(tp).validate_python(target)
    except ValidationError as exc:
        seen: set = set()
        errors = exc.errors(include_url=False)
        if any(e["type"] == "string_unicode" for e in errors):
            # A key holding half a surrogate pair stops pydantic before any other check: check
            # what the API reads instead (its decoder stores U+FFFD there).
            try:
                _adapter(tp).validate_python(_replace_lone_surrogates(target))
                rest = []
            except ValidationError as again:
                rest = again.errors(include_url=False)
            errors = [e for e in errors if e["type"] == "string_unicode"] + rest
        for err in errors:
            if err["type"] == "string_unicode" and positions:
                continue   # validate() reports each lone surrogate at its place (_lone_surrogates)
            iss = _from_error(err, target, tp, prefix, st, mode)
            if iss is not None and (iss.pointer, iss.rule) not in seen:
                seen.add((iss.pointer, iss.rule))
                issues.append(iss)
    except RecursionError:
        issues.append(_issue("json-too-deep", make_pointer(prefix), 0, 0,
                             "This payload nests too deeply to validate."))
        return
    _walk(target, tp, prefix, mode, {"suggest": [MAX_SUGGESTIONS]}, issues)


_TAGS: dict = {}


def _tag_table(tp: Any, disc: str) -> dict:
    """tag value -> member model of a union discriminated by `disc`."""
    hit = _TAGS.get(id(tp))
    if hit is None:
        table = {}
        for mcls in get_args(tp):
            if _is_model(mcls):
                for tag in get_args(mcls.model_fields[disc].annotation):
                    table[tag] = mcls
        hit = _TAGS[id(tp)] = (table, tp)   # keep tp alive: its id is the key
    return hit[0]


def _expected_tags(tp: Any) -> str:
    """"'a', 'b' or 'c'" for the discriminated union `tp` (pydantic leaves it out when the tag is missing)."""
    base, disc = _unwrap(tp)
    if not disc or get_origin(base) not in (Union, types.UnionType):
        return "the documented types"
    tags = [repr(t) for t in _tag_table(base, disc)]
    return ", ".join(tags[:-1]) + " or " + tags[-1] if len(tags) > 1 else "".join(tags)


def _union_member(tp: Any, disc: str | None, data: Any) -> Any:
    members = [a for a in get_args(tp) if a is not type(None)]
    if disc:
        tag = data.get(disc) if isinstance(data, dict) else None
        return _tag_table(tp, disc).get(tag) if isinstance(tag, str) else None   # a tag may be [] or {}
    for mtp in members:
        base, _ = _unwrap(mtp)
        if _is_model(base) and isinstance(data, dict):
            return mtp
        if get_origin(base) is list and isinstance(data, list):
            return mtp
        if get_origin(base) is dict and isinstance(data, dict):
            return mtp
    return None


_KNOWN: dict = {}
_FIELD_TYPES: dict = {}


def _field_type(f: FieldInfo) -> Any:
    """A field's type, with the discriminator pydantic moved from Annotated onto the FieldInfo."""
    if not f.discriminator:
        return f.annotation
    t = _FIELD_TYPES.get(id(f))
    if t is None:
        from pydantic import Field
        t = _FIELD_TYPES[id(f)] = typing.Annotated[f.annotation, Field(discriminator=f.discriminator)]
    return t


def _known_keys(cls: type[BaseModel]) -> dict[str, tuple[str, FieldInfo]]:
    k = _KNOWN.get(cls)
    if k is None:
        k = _KNOWN[cls] = {(f.alias or n): (n, f) for n, f in cls.model_fields.items()}
    return k


def _walk(data: Any, tp: Any, parts: tuple, mode: str, ctx: dict, out: list[Issue]) -> None:
    """Walk raw data along type `tp`: unknown keys and Model.spec_findings, appended to `out`."""
    w = _walker(tp)
    if w is not None:
        w(data, parts, mode, ctx, out)


# The walk runs on every validation, over every node the models describe, so each type is
# turned once into a small closure (its unknown-key set, its children's walkers, its union
# table): no typing introspection per node. None means "nothing to check below this type".
_WALKERS: dict = {}
_COMPILING = threading.RLock()   # sessions are threads: one compiles, the others wait for it


def _walker(tp: Any):
    hit = _WALKERS.get(id(tp))
    if hit is None:
        with _COMPILING:
            hit = _WALKERS.get(id(tp))
            if hit is None:
                def pending(*args):   # a type that refers to itself: resolved once compiled
                    w = _WALKERS[id(tp)][0]
                    if w is not None and w is not pending:
                        w(*args)
                _WALKERS[id(tp)] = (pending, tp)
                hit = _WALKERS[id(tp)] = (_compile_walker(tp), tp)   # keep tp alive: its id is the key
    return hit[0]


def _compile_walker(tp: Any):
    base, disc = _unwrap(tp)
    origin = get_origin(base)
    if origin in (Union, types.UnionType):
        if disc:
            table = {tag: _walker(m) for tag, m in _tag_table(base, disc).items()}

            def walk_tagged(data, parts, mode, ctx, out):
                if isinstance(data, dict):
                    tag = data.get(disc)
                    w = table.get(tag) if isinstance(tag, str) else None
                    if w is not None:
                        w(data, parts, mode, ctx, out)
            return walk_tagged
        # untagged: the first member of the data's JSON kind, as _union_member chooses
        choices = []
        for m in get_args(base):
            b, _ = _unwrap(m)
            kind = dict if _is_model(b) or get_origin(b) is dict else list if get_origin(b) is list else None
            if kind is not None and all(k is not kind for k, _ in choices):
                choices.append((kind, _walker(m)))
        if all(w is None for _, w in choices):
            return None

        def walk_union(data, parts, mode, ctx, out):
            for kind, w in choices:
                if isinstance(data, kind):
                    if w is not None:
                        w(data, parts, mode, ctx, out)
                    return
        return walk_union
    if _is_model(base):
        return _model_walker(base)
    if origin is list:
        (item,) = get_args(base) or (Any,)
        w_item = _walker(item) if item is not Any else None
        if w_item is None:
            return None

        def walk_list(data, parts, mode, ctx, out):
            if isinstance(data, list):
                for i, x in enumerate(data):
                    w_item(x, parts + (i,), mode, ctx, out)
        return walk_list
    if origin is dict:
        args = get_args(base)
        if len(args) == 2 and args[1] is not Any:
            vt, _ = _unwrap(args[1])
            if _is_model(vt) or get_origin(vt) in (list, dict, Union, types.UnionType):
                w_value = _walker(args[1])
                if w_value is not None:
                    def walk_dict(data, parts, mode, ctx, out):
                        if isinstance(data, dict):
                            for k, v in data.items():
                                w_value(v, parts + (k,), mode, ctx, out)
                    return walk_dict
    return None


def _model_walker(cls: type[BaseModel]):
    from playground.spec.common import Model
    known = _known_keys(cls)
    known_set = frozenset(known)
    findings = getattr(cls, "spec_findings", None)
    if findings is not None and getattr(findings, "__func__", None) is Model.spec_findings.__func__:
        findings = None   # not overridden: yields nothing
    children = [(key, w) for key, (_, f) in known.items() if (w := _walker(_field_type(f))) is not None]
    last_event = cls.__name__ == "LastEvent"

    def walk_model(data, parts, mode, ctx, out):
        if not isinstance(data, dict):
            return
        if not known_set.issuperset(data):
            for key in data:
                if key not in known:
                    out.append(_unknown_key(key, cls, known, parts, ctx.get("suggest")))
        if findings is not None:
            for rel, rule, msg in findings(data, mode, ctx):
                out.append(_issue(rule, make_pointer(parts + rel), 0, 0, msg, spec=RULES[rule].spec,
                                  suggestion=_FINDING_SUGGESTIONS.get(rule)))
        if last_event:
            ctx = {**ctx, "in_last_event_per_type": True}
        for key, w in children:
            v = data.get(key)
            if v is not None:
                w(v, parts + (key,), mode, ctx, out)
    return walk_model


# "Did you mean" costs ~20 us a key (difflib). A payload may hold 200 000 unknown keys; past
# this many new ones in one validation the message lists the fields instead of guessing.
MAX_SUGGESTIONS = 1000
_CLOSE: dict = {}   # (model, key) -> the close field name or None; bounded, see _close_match
_NO = object()


def _close_match(key: str, cls: type[BaseModel], known: dict, budget: list | None) -> str | None:
    if len(key) >= 200:
        return None
    if budget is not None:     # charged for cached keys too: the message must not depend on
        if budget[0] <= 0:     # what this process (another user's session) validated before
            return None
        budget[0] -= 1
    hit = _CLOSE.get((cls, key), _NO)
    if hit is not _NO:
        return hit
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
    if len(_CLOSE) >= 4096:
        _CLOSE.clear()
    hit = _CLOSE[(cls, key)] = close[0] if close else None
    return hit


def _unknown_key(key: str, cls: type[BaseModel], known: dict, parts: tuple, budget: list | None = None) -> Issue:
    ptr = make_pointer(parts + (key,))
    where = cls.kind_name()
    if key in SPEC_SAMPLE_TYPOS and SPEC_SAMPLE_TYPOS[key] in known:
        fix = SPEC_SAMPLE_TYPOS[key]
        return _issue("spec-sample-typo", ptr, 0, 0,
                      f"`{key}` is not a field of {where}: did you mean `{fix}`? The spec's own Chat and Chat "
                      f"summary samples spell it `{key}`, but its field table names it `{fix}`; the API reads "
                      f"`{fix}`.", spec=RULES["spec-sample-typo"].spec, suggestion=fix)
    if key in SERVER_KEYS and cls.__name__.endswith("Request"):
        return _issue("unknown-field", ptr, 0, 0,
                      f"`{key}` is generated by the server: it belongs to the {where} the API returns, not to "
                      "the request you send. Remove it from the request, or switch the mode to response if this "
                      "is an event you read back.")
    close = _close_match(key, cls, known, budget)
    shown = readable_key(key if len(key) <= 60 else key[:57] + "...")
    if close:
        msg = (f"`{shown}` is not a field of {where}: did you mean `{close}`? The key is kept, but the API "
               "does not know it.")
    else:
        msg = (f"`{shown}` is not a field of {where}; it is kept, but the API does not know it. Its fields are: "
               + ", ".join(f"`{k}`" for k in known) + ".")
    return _issue("unknown-field", ptr, 0, 0, msg, suggestion=close)


# -- pydantic errors -> issues ----------------------------------------------------------------

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


def _resolve_loc(loc: tuple, data: Any, tp: Any):
    """Follow a pydantic error loc through types and data: (pointer parts, field, owner model, type there)."""
    parts: list = []
    field = owner = None
    cur = data
    for item in loc:
        base, disc = _unwrap(tp)
        origin = get_origin(base)
        if origin in (Union, types.UnionType):
            member = _union_member(base, disc, cur)
            if disc and member is not None:
                tp = member  # item is the tag: not a key in the data
                continue
            if member is None or isinstance(item, str) and not (isinstance(cur, dict) and item in cur):
                tp = member if member is not None else Any
                continue  # item names a union member ("str", "int", ...)
            base, _ = _unwrap(member)
            origin = get_origin(base)
        if _is_model(base) and isinstance(item, str):
            known = _known_keys(base)
            hit = known.get(item) or next(((k, f) for k, (n, f) in known.items() if n == item), None)
            if hit is not None:
                key = item if item in known else hit[0]
                field, owner = (hit[1] if item in known else hit[1]), base
                if item not in known:
                    field = hit[1]
                tp = _field_type(field)
                parts.append(key)
                cur = cur.get(key) if isinstance(cur, dict) else None
                continue
            parts.append(item)
            cur = cur.get(item) if isinstance(cur, dict) else None
            tp = Any
            continue
        if origin is list and isinstance(item, int):
            parts.append(item)
            cur = cur[item] if isinstance(cur, list) and 0 <= item < len(cur) else None
            (tp,) = get_args(base) or (Any,)
            continue
        if origin is dict:
            parts.append(item)
            cur = cur.get(item) if isinstance(cur, dict) else None
            args = get_args(base)
            tp = args[1] if len(args) == 2 else Any
            continue
        if isinstance(cur, dict) and item in cur:
            parts.append(item)
            cur = cur[item]
            tp = Any
        elif isinstance(cur, list) and isinstance(item, int):
            parts.append(item)
            cur = cur[item] if 0 <= item < len(cur) else None
            tp = Any
        # anything else ("[key]", "function-after[...]") is not a place in the data
    return tuple(parts), field, owner, tp


def _from_error(err: dict, data: Any, tp: Any, prefix: tuple, st: Structure, mode: str) -> Issue | None:
    etype = err["type"]
    parts, field, owner, tp_here = _resolve_loc(tuple(err["loc"]), data, tp)
    ptr = make_pointer(prefix + parts)
    ctx = err.get("ctx") or {}
    rule_of_field = ((field.json_schema_extra or {}).get("x-rule") if field is not None
                     and isinstance(field.json_schema_extra, dict) else None)
    if rule_of_field is None and field is None and st.name == "properties":
        rule_of_field = "properties-shape"   # the bare Properties structure has no field to carry it
    # `name` is how the message names the place; a list item is `key[i]`, never a bare index.
    key = next((p for p in reversed(parts) if isinstance(p, str)), st.name)
    name = key + "".join(f"[{p}]" for p in parts[parts.index(key) + 1:]) if key in parts else key
    where = f" in {owner.kind_name()}" if owner is not None else ""
    note = field.description if field is not None else None
    spec_words = f"{key}: {note}" if note else None
    value = err.get("input")

    if etype == "string_unicode":   # a key holding half a surrogate pair; pydantic gives no place
        return _surrogate_issue(ptr, None, None)
    if etype in RULES:  # PydanticCustomError raised by a model: its type is the rule id
        target = _RULE_TARGET.get(etype)
        if target is not None:  # a model-level rule: point at the member it is about
            ptr = make_pointer(prefix + parts + target(ctx))
        msg = err["msg"]
        if etype in ("timestamp-utc-micro", "timestamp-rfc3339"):
            msg = f"`{name}` is {_json_type(value)}: {msg}"
        return _issue(etype, ptr, 0, 0, msg + ".", spec=RULES[etype].spec or spec_words)
    if etype == "missing":
        server = (" The server generates it in a response; if you are writing a request to send, switch "
                  "the mode to request.") if mode == "response" and name in ("id", "created_at", "author_id") \
            and owner is not None and owner.__name__.endswith("Response") else ""
        return _issue("required-field", ptr, 0, 0,
                      f"`{name}` is required{where} but is missing.{server}",
                      spec=f"{name}: Required: yes." + (f" {note}" if note else ""))
    if etype in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags") or _expected_tags(tp_here)
        rule = ("event-type" if "rich_message" in tags else "form-field-type" if "group_chooser" in tags
                else "user-type" if "customer" in tags else "enum-value")
        disc = str(ctx.get("discriminator", "type")).strip("'")
        tptr = make_pointer(prefix + parts + (disc,))
        if etype == "union_tag_not_found":
            return _issue("required-field", tptr, 0, 0,
                          f"`{disc}` is required here to tell what this is; expected one of {tags}.",
                          spec=RULES[rule].spec)
        tag = value.get(disc) if isinstance(value, dict) else ctx.get("tag")   # ctx holds str(tag)
        return _issue(rule, tptr, 0, 0, f"`{disc}` is {_json_type(tag)}, which is not one of {tags}.",
                      spec=RULES[rule].spec)
    if etype == "literal_error":
        rule = rule_of_field or "enum-value"
        return _issue(rule, ptr, 0, 0,
                      f"`{name}` must be one of {ctx.get('expected')}; got {_json_type(value)}.",
                      spec=RULES[rule].spec if RULES[rule].spec else spec_words)
    if etype == "too_long":
        rule = rule_of_field or "wrong-type"  # every limit in the models names its rule (tests check)
        n = len(value) if isinstance(value, (list, str)) else ctx.get("actual_length")
        return _issue(rule, ptr, 0, 0,
                      f"`{name}` has {n} items; the spec allows at most {ctx.get('max_length')}.",
                      spec=RULES[rule].spec or spec_words)
    if etype in ("greater_than_equal", "greater_than"):
        return _issue("wrong-type", ptr, 0, 0,
                      f"`{name}` must be {'at least' if etype.endswith('equal') else 'more than'} "
                      f"{ctx.get('ge', ctx.get('gt'))}; got {_json_type(value)}.", spec=spec_words)
    if etype in _JSON_TYPE_OF_ERROR:
        if rule_of_field == "properties-shape":
            return _issue("properties-shape", ptr, 0, 0,
                          f"`{pointer_to_path(ptr)}`{where} must be {_JSON_TYPE_OF_ERROR[etype]}; got {_json_type(value)}. "
                          "Properties map each namespace to an object of property names and values: "
                          "{\"namespace\": {\"name\": value}}.")
        if rule_of_field == "group-id-number":
            return _issue("group-id-number", ptr, 0, 0,
                          f"`{name}`{where} must be {_JSON_TYPE_OF_ERROR[etype]}; got {_json_type(value)}.")
        return _issue("wrong-type", ptr, 0, 0,
                      f"`{name}`{where} must be {_JSON_TYPE_OF_ERROR[etype]}; got {_json_type(value)}.",
                      spec=spec_words)
    return _issue("wrong-type", ptr, 0, 0, f"`{name}`{where}: {_cap(err['msg'])}.", spec=spec_words)


# Rules raised by a model validator concern one member of the object: the pointer names it
# (a missing member is placed at its parent object's position).
_RULE_TARGET = {
    "button-type-value-pair": lambda ctx: (ctx.get("lack", "value"),),
    "postback-type-value": lambda ctx: (ctx.get("lack", "value"),),
    "webview-height-required": lambda ctx: ("webview_height",),
    "sticker-image": lambda ctx: ("elements", 0, "image"),
}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _issue(rule: str, pointer: str, line: int, column: int, message: str, *, spec: str | None = None,
           suggestion: str | None = None) -> Issue:
    r = RULES[rule]
    return Issue(r.severity, pointer, line, column, rule, visible(message), spec if spec is not None else r.spec,
                 suggestion)


# ---------------------------------------------------------------------------------------------
# 6: positions

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_col(starts: list[int], off: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, off) - 1
    return i + 1, off - starts[i] + 1


class _PositionIndex:
    """One pass over valid JSON text: pointer -> offsets of its key and of its value."""

    def __init__(self, text: str, track_dups: bool = False, track_huge: bool = False) -> None:
        self.text = text
        self.pos: dict[str, tuple[int, int]] = {}
        self.duplicates: list[tuple[str, int]] = []
        self.constants: list[tuple[str, int]] = []
        self.huge: list[tuple[str, int]] = []     # numbers that overflow to Infinity (track_huge)
        self._starts: list[int] | None = None
        pos = self.pos
        stack: list[list] = []   # [kind, pointer, index, keys, expecting_key]
        cur, key_off = "", -1
        for m in _TOKEN.finditer(text):
            tok = m.group()
            c = tok[0]
            off = m.start()
            top = stack[-1] if stack else None
            if top is not None and top[0] == "o" and top[4]:
                if c == '"':
                    key = tok[1:-1] if "\\" not in tok else json.loads(tok)
                    if track_dups:
                        if key in top[3]:
                            self.duplicates.append((top[1] + "/" + escape_token(key), off))
                        top[3].add(key)
                    top[4] = False
                    cur, key_off = top[1] + "/" + escape_token(key), off
                    continue
                if c == "}":
                    stack.pop()
                    continue
            if c == ":":
                continue
            if c == ",":
                if top is not None:
                    if top[0] == "a":
                        top[2] += 1
                        cur = top[1] + "/" + str(top[2])
                    else:
                        top[4] = True
                continue
            if c in "]}":
                if stack:
                    stack.pop()
                continue
            pos[cur] = (key_off, off)
            key_off = -1
            if c == "{":
                stack.append(["o", cur, 0, set(), True])
            elif c == "[":
                stack.append(["a", cur, 0, None, False])
                cur = cur + "/0"
            elif tok in _NONFINITE:
                self.constants.append((cur, off))
            elif track_huge and c in "-0123456789" and _overflows(tok):
                self.huge.append((cur, off))

    def line_col(self, off: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = _line_starts(self.text)
        return _line_col(self._starts, off)

    def offset(self, pointer: str, prefer_key: bool) -> int:
        p = pointer
        while True:
            hit = self.pos.get(p)
            if hit is not None:
                key_off, val_off = hit
                if p != pointer:          # a missing member: point at its parent object
                    return val_off
                return key_off if prefer_key and key_off >= 0 else val_off
            if not p:
                return 0
            p = p.rsplit("/", 1)[0]

    def place(self, issue: Issue) -> Issue:
        if issue.line:
            return issue
        prefer_key = issue.rule in ("unknown-field", "spec-sample-typo", "json-duplicate-key")
        line, col = self.line_col(self.offset(issue.pointer, prefer_key))
        return Issue(issue.severity, issue.pointer, line, col, issue.rule, issue.message, issue.spec,
                     issue.suggestion)


_WS = re.compile(r"[ \t\n\r]*")
_scanstring = json.decoder.scanstring   # the C string scanner json.loads uses
_KEY = re.compile(r'"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*')
_SEP = re.compile(r"[ \t\n\r]*(,)?[ \t\n\r]*")
# The C value scanner of a hook-less decoder: it never calls back into Python, so it runs under
# the GIL from start to end and one instance can serve every thread.
_SCAN_ONCE = json.JSONDecoder().scan_once


class _Locator:
    """Pointer -> offset in valid JSON text, reading only the containers on the way.

    _PositionIndex tokenizes the whole text in Python; a report with a few issues in a large
    payload needs a handful of places. This walks down each pointer: an object or array on the
    path is read once (member offsets, each value skipped by the C scanner) and remembered.
    Same answers as _PositionIndex for valid JSON without duplicate keys or NaN (for those the
    full index is used, since it lists them)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._asked = 0
        self._containers: dict[int, Any] = {}
        self._root = _WS.match(text).end()
        self._skip = _SCAN_ONCE

    def line_col(self, off: int) -> tuple[int, int]:
        if self._starts is None:
            self._asked += 1
            if self._asked <= 8:   # a few places: count in C rather than index every line
                text = self.text
                return text.count("\n", 0, off) + 1, off - text.rfind("\n", 0, off)
            self._starts = _line_starts(self.text)
        return _line_col(self._starts, off)

    def _members(self, off: int):
        """{key: (key offset, value offset)} of the object at off, or [value offsets] of the array."""
        got = self._containers.get(off)
        if got is not None:
            return got
        text, ws, skip, key_re, sep = self.text, _WS.match, self._skip, _KEY.match, _SEP.match
        i = ws(text, off + 1).end()
        if text[off] == "{":
            got = {}
            while text[i] == '"':
                m = key_re(text, i)            # "key" : (a key without escapes, in one step)
                if m is not None:
                    key, j = m.group(1), m.end()
                else:
                    key, j = _scanstring(text, i + 1)
                    j = ws(text, ws(text, j).end() + 1).end()    # past the colon
                got[key] = (i, j)                               # the last of duplicate keys wins
                m = sep(text, skip(text, j)[1])
                if m.group(1) is None:
                    break
                i = m.end()
        else:
            got = []
            while text[i] != "]":
                got.append(i)
                m = sep(text, skip(text, i)[1])
                if m.group(1) is None:
                    break
                i = m.end()
        self._containers[off] = got
        return got

    def offset(self, pointer: str, prefer_key: bool) -> int:
        off, key_off = self._root, -1
        if pointer:
            for tok in pointer[1:].split("/"):
                c = self.text[off]
                if c == "{":
                    hit = self._members(off).get(unescape_token(tok))
                elif c == "[" and tok.isdigit() and (tok == "0" or tok[0] != "0"):
                    arr = self._members(off)
                    n = int(tok)
                    hit = (-1, arr[n]) if n < len(arr) else None
                else:
                    hit = None
                if hit is None:        # a missing member: point at its parent
                    return off
                key_off, off = hit
        return key_off if prefer_key and key_off >= 0 else off

    place = _PositionIndex.place


def positions_of(text: str) -> dict[str, tuple[int, int]]:
    """pointer -> (line, column) of each value in valid JSON text (for the field guide)."""
    idx = _PositionIndex(text)
    return {p: idx.line_col(v) for p, (k, v) in idx.pos.items()}
