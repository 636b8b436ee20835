"""jsontext: format / minify keep every token as written (only whitespace changes); tokens and
key spans; pointers; the depth bound; half characters; type names; %name% placeholders."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import validate
from playground.authoring.compose import parse_value_text
from playground.presentation.tables import parse_document
from playground.spec import limits as L
from playground.validation import jsontext
from playground.validation.positions import Span, member_span

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


# -- tokens ----------------------------------------------------------------------------------

def test_tokens_split_strings_punctuation_and_literals():
    text = '{"a\\"b": [1.5e3, -0, true, null], "": "x y"}'
    assert jsontext.tokens(text) == ['{', '"a\\"b"', ':', '[', '1.5e3', ',', '-0', ',', 'true', ',', 'null', ']',
                                     ',', '""', ':', '"x y"', '}']


def test_the_string_pattern_skips_escaped_quotes_and_backslashes():
    string = re.compile(jsontext.STRING)
    assert string.match('"a\\\\" tail').group() == '"a\\\\"'
    assert string.match('"say \\"hi\\"" tail').group() == '"say \\"hi\\""'


# -- key spans (validation/positions.py, built on jsontext.TOKEN) ------------------------------

def test_member_span_gives_the_key_token_and_the_value():
    text = '{"a": {"b/c": [1, {"d~": 2}]}}'
    span = member_span(text, "/a/b~1c/1/d~0")
    assert text[span.key_start:span.key_end] == '"d~"' and text[span.value_start] == "2"
    item = member_span(text, "/a/b~1c/0")
    assert (item.key_start, item.key_end) == (-1, -1) and text[item.value_start] == "1"
    root = member_span(text, "")
    assert root == Span(-1, -1, 0)
    assert member_span(text, "/a/x") is None and member_span(text, "/a/b~1c/2") is None


def test_member_span_finds_the_first_of_duplicate_keys_and_keys_written_with_escapes():
    text = '{"k": 1, "k": {"x": 2}, "\\u00e9": 3}'
    span = member_span(text, "/k")
    assert span.key_start == 1 and text[span.value_start] == "1"
    assert text[member_span(text, "/é").key_start:][:8] == '"\\u00e9"'


def test_member_span_of_a_key_that_is_not_a_json_string_is_none():
    assert member_span('{"bad\\x": 1, "a": 2}', "/a") is None       # an invalid escape on the way
    assert member_span('{"raw\nline": 1, "a": 2}', "/a") is None    # a raw control character


# -- pointers ----------------------------------------------------------------------------------

def test_pointer_tokens_are_escaped_and_unescaped_as_rfc_6901_says():
    assert jsontext.make_pointer(("a/b", "m~n", 0)) == "/a~1b/m~0n/0"
    assert jsontext.pointer_tokens("/a~1b/m~0n/0") == ["a/b", "m~n", "0"]
    assert jsontext.unescape_token("~01") == "~1"            # ~0 first would give "/"
    assert jsontext.pointer_tokens("") == [] and jsontext.pointer_tokens("/") == [""]
    assert jsontext.split_pointer("/a/b~1c") == ("/a", "b/c") and jsontext.split_pointer("/a") == ("", "a")


def test_resolve_walks_keys_with_tildes_and_slashes_and_array_indexes():
    data = {"a/b": {"m~n": [10, {"": "empty key"}]}, "0": "key zero"}
    assert jsontext.resolve(data, "") == (True, data)
    assert jsontext.resolve(data, "/a~1b/m~0n/0") == (True, 10)
    assert jsontext.resolve(data, "/a~1b/m~0n/1/") == (True, "empty key")
    assert jsontext.resolve(data, "/0") == (True, "key zero")             # a key, not an index
    assert jsontext.resolve(data, "/a~1b/m~0n/01") == (True, {"": "empty key"})   # read as decimal
    assert jsontext.resolve(data, "/a~1b/m~0n/2") == (False, None)
    assert jsontext.resolve(data, "/a~1b/m~0n/-") == (False, None)
    assert jsontext.resolve(data, "/a/b") == (False, None)
    assert jsontext.resolve(data, "/0/x") == (False, None)


# -- depth -------------------------------------------------------------------------------------

def _nested(levels: int, opener: str = "[") -> object:
    return json.loads('{"a":' * levels + "1" + "}" * levels if opener == "{" else "[" * levels + "]" * levels)


@pytest.mark.parametrize("opener", ["[", "{"])
def test_depth_bound_is_256_levels(opener):
    assert L.MAX_DEPTH == 256
    assert not jsontext.deeper_than(_nested(256, opener), L.MAX_DEPTH)
    assert jsontext.deeper_than(_nested(257, opener), L.MAX_DEPTH)
    assert not jsontext.deeper_than("scalar", 0) and jsontext.deeper_than([], 0)


def test_every_door_refuses_nesting_past_the_bound_alike():
    ok, deep = "[" * 256 + "]" * 256, "[" * 257 + "]" * 257
    assert not any(i.rule == "json-too-deep" for i in validate(ok).issues)
    assert any(i.rule == "json-too-deep" for i in validate(deep).issues)
    assert parse_value_text(ok) == _nested(256) and parse_value_text(deep) == deep   # the composer keeps text
    assert parse_document(ok, "ok.json")[1] is None and parse_document(deep, "deep.json")[1] is not None


# -- half characters ---------------------------------------------------------------------------

def test_lone_surrogates_are_found_in_keys_and_strings_depth_first():
    data = json.loads('{"ok": "😀", "a": ["x", "\\ud800"], "k\\udc00": {"b": "\\udfff"}}')
    assert list(jsontext.lone_surrogates(data)) == [
        (("k\udc00",), "\udc00", "k\udc00"), (("k\udc00", "b"), "\udfff", None), (("a", 1), "\ud800", None)]
    assert list(jsontext.lone_surrogates(json.loads('"\\ud83d\\ude00"'))) == []   # a whole pair


def test_replace_lone_surrogates_counts_what_it_changes():
    count = [0]
    data = {"k\ud800": ["\udfffx", "fine", 1]}
    assert jsontext.replace_lone_surrogates(data, count) == {"k\ufffd": ["\ufffdx", "fine", 1]}
    assert count == [2]
    assert jsontext.replace_lone_surrogates("😀") == "😀"   # a whole character


@pytest.mark.parametrize("escape, half", [("\\ud800", True), ("\\uDBFF", True), ("\\udc00", True), ("\\uDFFF", True),
                                          ("\\ud7ff", False), ("\\ue000", False), ("\\u00e9", False)])
def test_surrogate_escape_patterns_match_halves_only(escape, half):
    assert (jsontext.SURROGATE_ESCAPE.search(f'"{escape}"') is not None) == half
    assert (jsontext.SURROGATE_ESCAPE_BYTES.search(f'"{escape}"'.encode()) is not None) == half
    assert (jsontext.LONE_SURROGATE.search(json.loads(f'"{escape}"')) is not None) == half


# -- type names --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, bare, article, noun, schema, described", [
    (None, "null", "a null", "null", "null", "null"),
    (True, "boolean", "a boolean", "a boolean", "boolean", "the boolean true"),
    (5, "number", "a number", "a number", "integer", "the number 5"),
    (1.5, "number", "a number", "a number", "number", "the number 1.5"),
    ("hi", "string", "a string", "a string", "string", 'the string "hi"'),
    ([1, 2], "array", "an array", "an array", "array", "an array of 2 items"),
    ([1], "array", "an array", "an array", "array", "an array of 1 item"),
    ({}, "object", "an object", "an object", "object", "an object"),
    ((1,), "object", "an object", "an array", "tuple", "tuple"),
    (b"x", "object", "an object", "bytes", "bytes", "bytes"),
])
def test_type_name_styles(value, bare, article, noun, schema, described):
    assert [jsontext.type_name(value, style) for style in ("bare", "article", "noun", "schema", "value")] == \
        [bare, article, noun, schema, described]
    assert jsontext.type_name(value) == bare


def test_the_value_style_clips_long_numbers_and_strings():
    assert jsontext.type_name(10**40, "value") == "the number " + str(10**40)[:27] + "..."
    assert jsontext.type_name("x" * 50, "value") == 'the string "' + "x" * 37 + '..."'


# -- %name% placeholders of system messages (spec/limits.py: the validator, the preview, the generator) --

def test_placeholder_names_are_letters_digits_and_underscores():
    text = "%agent% and %a.b% and 50% off %x_1% %% %é%"
    assert L.TEXT_VAR_PLACEHOLDER.findall(text) == ["agent", "x_1"]


def test_the_validator_and_the_sample_generator_read_the_same_placeholders():
    from playground.presentation.generate import _fill
    assert _fill("%agent% passed to %x% (%agent%)", {"agent": "Ann"}) == "Ann passed to %x% (Ann)"
    event = {"type": "system_message", "system_message_type": "agent_joined", "text": "%agent% joined %x%"}
    unused = [i for i in validate(json.dumps(event), mode="request").issues if i.rule == "text-vars-unused"]
    assert len(unused) == 1 and "%agent%, %x%" in unused[0].message
