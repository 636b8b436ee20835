"""JSON pointer -> 1-based line:column in the text, from one scan of the text."""
from __future__ import annotations

import bisect
import json
import json.decoder
import re
from typing import Any


from playground.validation.report import Issue, escape_token, unescape_token
from playground.validation.bounds import _NONFINITE, _overflows


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
