"""Property tests (hypothesis) of the core.

- validate() never raises, on arbitrary text, bytes or JSON, with any structure and mode, and
  never reports an "internal" issue (that would be a bug caught by the last guard);
- every issue is well formed, and its line:column points at the key or value its pointer names;
- model -> JSON -> model keeps every field, unknown ones included.

Example counts stay modest so the file runs in well under a minute; set FUZZ_EXAMPLES (e.g.
`FUZZ_EXAMPLES=10000`) to raise every test's max_examples for a longer fuzzing run.
"""
from __future__ import annotations

import json
import math
import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from playground import STRUCTURES, validate
from playground.spec.catalog import all_samples
from playground.validation.report import unescape_token
from playground.spec.rules import RULES
from playground.validation.core import _resolve_model

FUZZ = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def examples(n: int) -> settings:
    return settings(max_examples=max(n, FUZZ), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


STRUCTURE_CHOICE = st.sampled_from([None, *STRUCTURES, "no_such_structure"])
MODE = st.sampled_from(["request", "response"])

# JSON values: keys and strings with any characters (no lone surrogates: json.dumps would keep them
# as escapes, which is a separate case below), integers beyond 64 bits, finite floats.
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20))
JSON = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=5)
                    | st.dictionaries(st.text(max_size=10), kids, max_size=5), max_leaves=30)

SAMPLES = [(name, json.loads(path.read_text())) for name, path in all_samples()]


def check_report(rep, text=None):
    assert rep.mode in ("request", "response")
    for i in rep.issues:
        assert i.rule in RULES, i
        assert i.rule != "internal", i.message
        assert i.severity == RULES[i.rule].severity
        assert i.line >= 1 and i.column >= 1, i
        assert i.message and isinstance(i.message, str)
        assert i.pointer == "" or i.pointer.startswith("/")
        if text is not None and isinstance(text, str):
            lines = text.split("\n")
            assert i.line <= len(lines), i
            assert i.column <= len(lines[i.line - 1]) + 1, i
    json.dumps(rep.as_dict())


# -- never raises -----------------------------------------------------------------------------

@given(st.text(max_size=300), STRUCTURE_CHOICE, MODE)
@examples(300)
def test_any_text(text, structure, mode):
    check_report(validate(text, structure, mode), text)


@given(st.binary(max_size=300), STRUCTURE_CHOICE, MODE)
@examples(300)
def test_any_bytes(raw, structure, mode):
    check_report(validate(raw, structure, mode))


@given(JSON, STRUCTURE_CHOICE, MODE, st.sampled_from([None, 0, 2, "\t"]))
@examples(300)
def test_any_json(value, structure, mode, indent):
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    rep = validate(text, structure, mode)
    check_report(rep, text)
    assert_positions(rep, text)


@given(st.text(alphabet='{}[]",:0123456789.eE+-tfrulnas \n\\', max_size=200), STRUCTURE_CHOICE)
@examples(300)
def test_json_like_garbage(text, structure):
    check_report(validate(text, structure), text)


@given(st.lists(st.sampled_from(["[", "{\"a\":", "]", "}", "1", ",", "\"", "\\"]), max_size=400))
@examples(100)
def test_brackets_and_quotes(parts):
    text = "".join(parts)
    check_report(validate(text), text)


# -- mutated samples: realistic payloads with one thing changed ---------------------------------

def paths_of(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths_of(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths_of(v, prefix + (i,))


def get(value, path):
    for p in path:
        value = value[p]
    return value


@st.composite
def mutated_samples(draw):
    name, data = draw(st.sampled_from(SAMPLES))
    data = json.loads(json.dumps(data))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(paths_of(data))
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "insert"]))
        if action == "replace" and path:
            get(data, path[:-1])[path[-1]] = draw(JSON)
        elif action == "delete" and path:
            del get(data, path[:-1])[path[-1]]
        elif action == "insert":
            target = get(data, path)
            if isinstance(target, dict):
                target[draw(st.text(max_size=12))] = draw(JSON)
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), draw(JSON))
    structure = draw(st.sampled_from([name, None]))
    return data, structure


@given(mutated_samples(), MODE, st.sampled_from([None, 2]))
@examples(300)
def test_mutated_samples(case, mode, indent):
    data, structure = case
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    rep = validate(text, structure, mode)
    check_report(rep, text)
    assert_positions(rep, text)


# -- positions point at what the pointer names ---------------------------------------------------

KEY_RULES = {"unknown-field", "spec-sample-typo", "json-duplicate-key"}
DOCUMENT_RULES = {"json-empty", "json-syntax", "json-bom", "json-binary", "json-too-large", "json-too-deep",
                  "json-not-object", "json-number-too-long", "structure-unknown", "structure-name", "internal"}


def offset_of(text: str, line: int, col: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b)


def assert_positions(rep, text: str):
    """For each issue: the text at its line:column is the key its pointer ends in (key rules), or
    the JSON value at the pointer, or - when the pointer names a missing member - the value of the
    nearest ancestor that exists."""
    if rep.data is None:
        return
    dec = json.JSONDecoder()
    for i in rep.issues:
        if i.rule in DOCUMENT_RULES:
            continue
        off = offset_of(text, i.line, i.column)
        tokens = [unescape_token(t) for t in i.pointer.split("/")[1:]]
        if i.rule in KEY_RULES:
            key, _ = dec.raw_decode(text, off)
            assert key == tokens[-1], (i, text[off:off + 40])
            continue
        value = rep.data
        for t in tokens:
            if isinstance(value, dict) and t in value:
                value = value[t]
            elif isinstance(value, list) and t.isdigit() and int(t) < len(value):
                value = value[int(t)]
            else:
                break
        found, _ = dec.raw_decode(text, off)
        assert same(found, value), (i, text[off:off + 40])


# -- round trip: model -> JSON -> model keeps every field ----------------------------------------

FREE_FORM = {"properties", "text_vars", "last_event_per_type", "session_fields"}
EXTRA_KEYS = st.text(max_size=10).map(lambda s: "x-" + s)


@st.composite
def samples_with_unknown_keys(draw):
    """A sample with unknown keys (and arbitrary JSON values) added to its model objects, and
    arbitrary values put where the spec allows any JSON (properties values, custom content)."""
    name, data = draw(st.sampled_from(SAMPLES))
    data = json.loads(json.dumps(data))
    objects = [p for p in paths_of(data) if isinstance(get(data, p), dict)
               and not (p and (p[-1] in FREE_FORM or (len(p) > 1 and p[-2] in FREE_FORM)))]
    for path in draw(st.lists(st.sampled_from(objects), min_size=1, max_size=4)):
        get(data, path)[draw(EXTRA_KEYS)] = draw(JSON)
    for path in paths_of(data):
        if len(path) > 1 and path[-2] == "properties" and isinstance(get(data, path), dict) and draw(st.booleans()):
            get(data, path)[draw(st.text(max_size=8))] = draw(JSON)
        if path and path[-1] == "content" and isinstance(get(data, path), dict):
            get(data, path)[draw(st.text(max_size=8))] = draw(JSON)
    return name, data


@given(samples_with_unknown_keys())
@examples(200)
def test_model_json_model_keeps_every_field(case):
    name, data = case
    st_ = STRUCTURES[name]
    target = data[st_.wrapper] if st_.wrapper and isinstance(data, dict) and set(data) == {st_.wrapper} else data
    rep = validate(json.dumps(data), name)
    assume(rep.ok)   # an added key may by chance be a real one with a wrong value
    ad = TypeAdapter(_resolve_model(st_, target, "response"))
    obj = ad.validate_python(target)
    dumped = ad.dump_python(obj, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == target
    again = ad.validate_json(ad.dump_json(obj, by_alias=True, exclude_unset=True))
    assert ad.dump_python(again, mode="json", by_alias=True, exclude_unset=True) == target


@given(JSON.filter(lambda v: isinstance(v, dict)), MODE)
@examples(200)
def test_unknown_keys_anywhere_are_kept_in_the_report_data(extra, mode):
    data = {"type": "message", "text": "x", "recipients": "all", **{"x-" + k: v for k, v in extra.items()}}
    rep = validate(json.dumps(data), mode=mode)
    assert rep.data == data and list(rep.data) == list(data)
    assert sorted(i.pointer for i in rep.issues if i.rule == "unknown-field") == \
        sorted("/" + k.replace("~", "~0").replace("/", "~1") for k in data if k.startswith("x-"))


@given(st.text(max_size=6), st.integers(0xD800, 0xDFFF))
@examples(100)
def test_escaped_lone_surrogates_do_not_crash(text, code):
    payload = '{"type": "message", "recipients": "all", "text": "%s\\u%04x", "%s": 1}' % (
        json.dumps(text)[1:-1], code, json.dumps(text)[1:-1])
    check_report(validate(payload, mode="request"), payload)


# -- the two position finders agree ----------------------------------------------------------

@given(JSON, st.sampled_from([None, 0, 1, "\t", "\r\n "]), st.data())
@examples(300)
def test_lazy_locator_agrees_with_the_full_index(value, indent, data):
    """validation._Locator (reads only the containers on a pointer's way; with unique_keys, only
    up to the member asked for) gives the same offset as validation._PositionIndex (tokenizes
    everything) for every pointer, present or missing, asked in any order."""
    from playground.validation.report import make_pointer
    from playground.validation.positions import _Locator, _PositionIndex
    ascii_ = data.draw(st.booleans())
    if indent == "\r\n ":   # unusual but valid whitespace around every separator
        text = json.dumps(value, separators=(" ,\r\n ", " :\t"), ensure_ascii=ascii_)
    else:
        text = json.dumps(value, indent=indent, ensure_ascii=ascii_)
    full, lazy = _PositionIndex(text), _Locator(text)
    partial, searched = _Locator(text, unique_keys=True), _Locator(text, unique_keys=True, data=value)
    pointers = ["" if not p else make_pointer(p) for p in paths_of(value)]
    pointers += [p + "/" + data.draw(st.sampled_from(["0", "7", "01", "x", "~0", "~1"])) for p in pointers[:10]]
    pointers = data.draw(st.permutations(pointers))   # the lazy reading must not depend on the order
    for p in pointers:
        for prefer_key in (False, True):
            assert lazy.offset(p, prefer_key) == full.offset(p, prefer_key), (p, prefer_key, text[:200])
            assert partial.offset(p, prefer_key) == full.offset(p, prefer_key), (p, prefer_key, text[:200])
            assert searched.offset(p, prefer_key) == full.offset(p, prefer_key), (p, prefer_key, text[:200])
