"""Format and minify JSON text without re-serialising it.

Unlike ``json.dumps(json.loads(text))``, these functions re-emit the tokens exactly as written:
numbers keep their spelling (``1.0``, ``1e5``, 30-digit integers), strings keep their escapes
(``"\\u00e9"``), key order is unchanged and duplicate keys are kept (the validator warns about
them; formatting must not silently drop one). Only the whitespace between tokens changes.

Both expect valid JSON (the editor offers them only when the text parses) and work iteratively,
so deep nesting cannot overflow the stack. No Streamlit here.
"""
from __future__ import annotations

import re

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


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
