"""Format / minify keep every token as written; only whitespace changes."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.validation import jsontext

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values, st.sampled_from([None, 2, 4]), st.booleans())
@settings(max_examples=300, deadline=None)
def test_format_and_minify_keep_the_value(value, indent, ascii_only):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    formatted = jsontext.format(text)
    minified = jsontext.minify(text)
    assert json.loads(formatted) == json.loads(text)
    assert json.loads(minified) == json.loads(text)
    assert jsontext.minify(formatted) == minified
    assert jsontext.format(minified) == formatted


def test_tokens_are_kept_as_written():
    text = '{"b": 1.0, "a": [1e5, 123456789012345678901234567890], "s": "\\u00e9 \\"x\\"", "b": {}}'
    assert jsontext.minify(text) == \
        '{"b":1.0,"a":[1e5,123456789012345678901234567890],"s":"\\u00e9 \\"x\\"","b":{}}'
    assert jsontext.format(text) == (
        '{\n  "b": 1.0,\n  "a": [\n    1e5,\n    123456789012345678901234567890\n  ],\n'
        '  "s": "\\u00e9 \\"x\\"",\n  "b": {}\n}\n')


def test_deep_nesting_does_not_overflow():
    text = "[" * 2_000 + "]" * 2_000
    assert jsontext.minify(jsontext.format(text)) == text


def test_unicode_and_whitespace_inside_strings_survive():
    text = '{ "text" : "Привет,   мир 👋\\n\\t" }'
    assert jsontext.minify(text) == '{"text":"Привет,   мир 👋\\n\\t"}'
