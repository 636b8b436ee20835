"""Markdown escaping of user text: nothing a user typed becomes Markdown, a directive or HTML."""
from __future__ import annotations

import re

import pytest

from playground.app.ui import code, md, md_code

HOSTILE = [
    "<script>alert(1)</script>", "**bold** _it_ `code` [link](javascript:alert(1))",
    ":red[red] :material/home: $x^2$ ~strike~", "# heading", "- item", "1. item", "a|b|c",
    "&lt;img src=x onerror=alert(1)&gt;", "![img](http://x/y.png)", "line\nbreak\r\n", "```fence```",
]


def _unescaped(s: str) -> list[str]:
    """Markdown-significant characters that are not backslash-escaped."""
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] in "*_[]<>`#|~$:&":
            out.append(s[i])
        i += 1
    return out


@pytest.mark.parametrize("text", HOSTILE)
def test_md_escapes_every_significant_character(text):
    escaped = md(text)
    assert _unescaped(escaped) == []
    assert "\n" not in escaped and "\r" not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == text.replace("\r", " ").replace("\n", " ")


def test_md_escapes_list_starts_and_cuts_long_text():
    assert md("1. item") == "1\\. item"
    assert md("- item") == "\\- item"
    assert md("x" * 50, limit=10) == "x" * 10 + " …"


@pytest.mark.parametrize("text", ["plain", "a`b", "``", "`lead", "trail`", " "])
def test_code_span_holds_any_text(text):
    span = code(text)
    fence = re.match(r"`+", span).group()
    assert span.endswith(fence)
    inner = span[len(fence):-len(fence)]
    assert fence not in inner
    assert inner.strip() == text.strip()


def test_md_code_keeps_the_cores_code_spans_and_escapes_the_rest():
    out = md_code("`properites` is not a field: did you mean `properties`? **<b>**")
    assert out.startswith("`properites` is not a field\\: did you mean `properties`? ")
    assert out.endswith("\\*\\*\\<b\\>\\*\\*")
    hostile = md_code("`a` <img src=x onerror=alert(1)> `b")
    assert "\\<img" in hostile and "\\`b" in hostile
