"""Where a JSON pointer is written in valid JSON text: the offsets of its key and of its value,
and their 1-based line:column.

Two finders give the same answers (a property test holds them to it): _PositionIndex tokenizes
the whole text once (jsontext.TOKEN) and also lists duplicate keys, NaN/Infinity and numbers too
large for a double; _Locator reads only the containers on the way to each pointer. member_span
gives the key's whole span, for edits of the text (authoring/fixes.py).
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import re
from dataclasses import dataclass
from typing import Any


from playground.validation.jsontext import STRING, TOKEN, escape_token, pointer_tokens
from playground.validation.report import Issue
from playground.validation.bounds import _NONFINITE, _overflows


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_col(starts: list[int], off: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, off) - 1
    return i + 1, off - starts[i] + 1


class _PositionIndex:
    """One pass over valid JSON text: pointer -> offsets of its key and of its value.

    pos holds the last place of a pointer that occurs more than once (a duplicate key, as
    json.loads keeps the last); with stop_at the pass ends at the first value whose pointer is
    stop_at, so that pos[stop_at] is its first place. Over text that is not valid JSON the pass
    still ends (a key that is not a valid JSON string raises ValueError)."""

    def __init__(self, text: str, track_dups: bool = False, track_huge: bool = False,
                 stop_at: str | None = None) -> None:
        self.text = text
        self.pos: dict[str, tuple[int, int]] = {}
        self.duplicates: list[tuple[str, int]] = []
        self.constants: list[tuple[str, int]] = []
        self.huge: list[tuple[str, int]] = []     # numbers that overflow to Infinity (track_huge)
        self._starts: list[int] | None = None
        pos = self.pos
        stack: list[list] = []   # [kind, pointer, index, keys, expecting_key]
        cur, key_off = "", -1
        for m in TOKEN.finditer(text):
            tok = m.group()
            c = tok[0]
            off = m.start()
            top = stack[-1] if stack else None
            if top is not None and top[0] == "o" and top[4]:
                if c == '"':
                    # json.loads for escapes, and for control characters (which it refuses)
                    key = tok[1:-1] if "\\" not in tok and tok.isprintable() else json.loads(tok)
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
                        cur, key_off = top[1] + "/" + str(top[2]), -1
                    else:
                        top[4] = True
                continue
            if c in "]}":
                if stack:
                    stack.pop()
                continue
            pos[cur] = (key_off, off)
            if cur == stop_at:
                break
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
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_NO_DATA = object()
# The C value scanner of a hook-less decoder: it never calls back into Python, so it runs under
# the GIL from start to end and one instance can serve every thread.
_SCAN_ONCE = json.JSONDecoder().scan_once


class _Locator:
    """Pointer -> offset in valid JSON text, reading only the containers on the way.

    _PositionIndex tokenizes the whole text in Python; a report with a few issues in a large
    payload needs a handful of places. This walks down each pointer: an object or array on the
    path is read once (member offsets, each value skipped by the C scanner) and remembered.
    Same answers as _PositionIndex for valid JSON without duplicate keys or NaN (for those the
    full index is used, since it lists them).

    unique_keys=True (the text is known to hold no duplicate key: core.Parsed) reads a container
    only up to the member asked for, and on from there when a later one is asked: a warning at
    `/elements/0` does not skip (and so parse again) every member after it. Without it a whole
    container is read at once, so that of duplicate keys the last wins, as json.loads keeps it.
    With the parsed `data` too, a pointer whose way holds a key written once in the whole text
    (a text without backslashes writes every key as it is) starts from that key: one search in
    C instead of reading the containers above it."""

    def __init__(self, text: str, unique_keys: bool = False, data: Any = _NO_DATA) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._asked = 0
        self._containers: dict[int, Any] = {}
        self._root = _WS.match(text).end()
        self._skip = _SCAN_ONCE
        self._lazy = unique_keys
        self._data = data if unique_keys and "\\" not in text else _NO_DATA
        # each search reads up to the whole text (twice): searches for up to 64 K characters or
        # twice the text, then the containers only (20 000 unknown keys in a 300 KB text must
        # not cost 20 000 reads of it)
        self._searches = max(65536, 4 * len(text))
        self._offsets: dict = {}   # (pointer, prefer_key) -> offset: versions place the same pointers

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

    def _member(self, off: int, tok: str):
        """(key offset or -1, value offset) of member `tok` of the container at off, or None;
        reading the container only as far as that member (unique_keys)."""
        state = self._containers.get(off)
        text = self.text
        is_object = text[off] == "{"
        if state is None:   # [members, where reading goes on (-1: read to the end), at a value?, reads]
            state = self._containers[off] = [{} if is_object else [], _WS.match(text, off + 1).end(), False, 0]
        got, i, at_value, reads = state
        if is_object:
            hit = got.get(tok)
            if hit is not None or i < 0:
                return hit
        else:
            if not (tok.isascii() and tok.isdigit() and (tok == "0" or tok[0] != "0")):
                return None
            n = int(tok)
            if n < len(got):
                return (-1, got[n])
            if i < 0:
                return None
        ws, skip, key_re, sep = _WS.match, self._skip, _KEY.match, _SEP.match
        state[3] = reads + 1
        to_end = reads >= 8   # asked member after member (20 000 unknown keys): read the rest at once
        found = None
        if at_value:   # past the value of the member read last
            m = sep(text, skip(text, i)[1])
            if m.group(1) is None:
                state[1] = -1
                return None
            i = m.end()
        while True:
            if is_object:
                if text[i] != '"':
                    break
                m = key_re(text, i)
                if m is not None:
                    key, j = m.group(1), m.end()
                else:
                    key, j = _scanstring(text, i + 1)
                    j = ws(text, ws(text, j).end() + 1).end()
                if key not in got:   # (unique keys: a repeat only in a text that is not JSON)
                    got[key] = (i, j)
                if key == tok and found is None:
                    found = got[key]
                    if not to_end:
                        state[1], state[2] = j, True
                        return found
            else:
                if text[i] == "]":
                    break
                got.append(i)
                j = i
                if len(got) > n and found is None:
                    found = (-1, got[n])
                    if not to_end:
                        state[1], state[2] = j, True
                        return found
            m = sep(text, skip(text, j)[1])
            if m.group(1) is None:
                break
            i = m.end()
        state[1] = -1
        return found

    def offset(self, pointer: str, prefer_key: bool) -> int:
        memo = self._offsets.get((pointer, prefer_key))
        if memo is not None:
            return memo
        off, key_off = self._root, -1
        text = self.text
        if pointer:
            toks = pointer_tokens(pointer)
            if self._data is not _NO_DATA and self._searches > 0:
                found = self._written_once(toks)
                if found is not None:
                    start, key_off, off = found
                    toks = toks[start:]
            for tok in toks:
                c = text[off]
                if self._lazy:
                    hit = self._member(off, tok) if c == "{" or c == "[" else None
                elif c == "{":
                    hit = self._members(off).get(tok)
                elif c == "[" and tok.isascii() and tok.isdigit() and (tok == "0" or tok[0] != "0"):
                    arr = self._members(off)
                    n = int(tok)
                    hit = (-1, arr[n]) if n < len(arr) else None
                else:
                    hit = None
                if hit is None:        # a missing member: point at its parent
                    self._offsets[(pointer, prefer_key)] = off
                    return off
                key_off, off = hit
        found = self._offsets[(pointer, prefer_key)] = key_off if prefer_key and key_off >= 0 else off
        return found

    def _written_once(self, toks: list[str]):
        """(how many tokens it covers, key offset, value offset) of the deepest key on the way of
        a pointer that exists in the data and is written once in the text, or None. (The key is
        in the text where the data has it; found once, that is where.)"""
        cur, keys = self._data, []
        for i, tok in enumerate(toks):
            if isinstance(cur, dict):
                if tok not in cur:
                    break
                cur = cur[tok]
                keys.append(i)
            elif isinstance(cur, list) and tok.isascii() and tok.isdigit() and (tok == "0" or tok[0] != "0") \
                    and int(tok) < len(cur):
                cur = cur[int(tok)]
            else:
                break
        text = self.text
        for i in reversed(keys[-3:]):
            self._searches -= 2 * len(text)
            quoted = '"' + toks[i] + '"'
            at = text.find(quoted)
            if at >= 0 and text.find(quoted, at + 1) < 0:
                m = _COLON.match(text, at + len(quoted))
                if m is not None:
                    return i + 1, at, m.end()
        return None

    place = _PositionIndex.place


@dataclass(frozen=True, slots=True)
class Span:
    key_start: int    # offset of the key's opening quote; -1 for array items and the root
    key_end: int      # offset just past the key's closing quote; -1 with key_start
    value_start: int  # offset of the value's first character


_STRING = re.compile(STRING)


def member_span(text: str, pointer: str) -> Span | None:
    """Where the member at `pointer` is first written in JSON `text` (None when it is not there,
    or when a key on the way is not a valid JSON string)."""
    try:
        hit = _PositionIndex(text, stop_at=pointer).pos.get(pointer)
    except ValueError:
        return None
    if hit is None:
        return None
    key_off, val_off = hit
    if key_off < 0:
        return Span(-1, -1, val_off)
    return Span(key_off, _STRING.match(text, key_off).end(), val_off)
