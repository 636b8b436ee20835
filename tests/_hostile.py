"""Hostile input shared by the fuzz suite (tests/test_fuzz.py) and the page-level tests
(tests/test_hostile_pages.py).

Two kinds:

- ``BIG_HITTERS``: a fixed list of the worst inputs named in the issue (10 MB text, nesting
  100 000 deep, 10**5000, 1e5000, NaN/Infinity, 1 000 duplicate keys, 1 MB strings and keys,
  20 000 keys, 2 000 elements, invalid UTF-8, lone surrogates, ...) plus the XSS corpus,
  each built once and run once per door as a plain parametrized test;
- hypothesis strategies: ``hostile_texts()`` (a mix of any text, text with lone surrogates,
  decoded binary, JSON-like garbage, character-level mutations of the spec's samples, samples
  with hostile values, and scaled-down big hitters at the validator's bounds) and
  ``hostile_bytes()`` for the doors that take bytes (uploads, the CLI, the tables).

The helpers at the bottom state what every door must give back: a clear message for bad input
(non-empty, with a place where there is one), text that Streamlit can display (no lone
surrogates: protobuf refuses them), inert preview HTML, and a time under the budget.
"""
from __future__ import annotations

import base64
import copy
import functools
import json
import re
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from hypothesis import strategies as st

from playground.spec import limits as L
from playground.spec.catalog import all_samples

from validation.test_properties import JSON, mutated_samples
from tests.xss_corpus import VECTORS, cases as xss_cases

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SAMPLE_TEXTS = [(name, path.read_text(encoding="utf-8")) for name, path in all_samples()]
MB = 1024 * 1024

TIME_BUDGET = 2.0          # seconds per input, per door (the bar)


# =============================================================================================
# big hitters
# =============================================================================================

@dataclass(frozen=True)
class Hitter:
    """One big hitter: its name (the test id) and a builder of its texts.

    ``texts()`` gives one or more str inputs (several for the XSS hitters: the same vector in an
    event, a form and a list of chat summaries); ``raw()`` the same as bytes (UTF-8, lone
    surrogates passed through), or the hitter's own bytes when it is about bytes."""
    name: str
    build: Callable[[], list[str | bytes]]

    def inputs(self) -> list[str | bytes]:
        return _built(self.name)

    def texts(self) -> list[str]:
        return [x if isinstance(x, str) else x.decode("utf-8", "surrogateescape") for x in self.inputs()]

    def raw(self) -> list[bytes]:
        return [x if isinstance(x, bytes) else x.encode("utf-8", "surrogatepass") for x in self.inputs()]


def _event(fields: str, kind: str = "message") -> str:
    return '{"type": "%s", "recipients": "all", %s}' % (kind, fields)


def _sample(rel: str) -> Any:
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


def saturate(data: Any, v: str) -> Any:
    """Every string value (but "type", which picks the structure) becomes `v`, and every object
    gets `v` as an extra key: the vector reaches every slot a page may show."""
    if isinstance(data, dict):
        out = {k: (x if k == "type" and isinstance(x, str) else saturate(x, v)) for k, x in data.items()}
        out[v] = v
        return out
    if isinstance(data, list):
        return [saturate(x, v) for x in data]
    if isinstance(data, str):
        return v
    return data


def _xss(i: int) -> list[str]:
    v = VECTORS[i]
    out = []
    for rel in ("events/rich_message.json", "events/filled_form.json", "chats/list_chats_response.json"):
        out.append(json.dumps(saturate(_sample(rel), v), indent=2, ensure_ascii=False))
    return out


def _deep(n: int, inner: str = "null") -> str:
    return '{"a": ' * n + inner + "}" * n


def _many_elements(n: int) -> str:
    el = {"title": "t", "subtitle": "s", "buttons": [
        {"text": "b", "type": "message", "value": "v", "postback_id": "p", "user_ids": []}]}
    return json.dumps({"type": "rich_message", "recipients": "all", "template_id": "cards", "elements": [el] * n})


def _summaries(n: int) -> str:
    return json.dumps({"chats_summary": [{"id": f"C{i:07d}", "last_event_per_type": {}, "users": []}
                                         for i in range(n)], "found_chats": n})


BIG_HITTERS: list[Hitter] = [
    Hitter("text-10mb", lambda: [_event('"text": "' + "A" * (10 * MB) + '"')]),
    Hitter("text-10mb-cyrillic", lambda: [_event('"text": "' + "ж" * (5 * 1000 * 1000) + '"')]),
    Hitter("text-10mb-not-json", lambda: ["lorem ipsum " * (10 * MB // 12)]),
    Hitter("nesting-100k-arrays", lambda: ["[" * 100_000 + "]" * 100_000]),
    Hitter("nesting-100k-objects", lambda: [_deep(100_000)]),
    Hitter("nesting-100k-unclosed", lambda: ["[" * 100_000]),
    Hitter("nesting-100k-in-properties", lambda: [_event('"text": "x", "properties": {"ns": {"p": '
                                                         + "[" * 100_000 + "]" * 100_000 + "}}")]),
    Hitter("nesting-257-in-properties", lambda: [_event('"text": "x", "properties": {"ns": {"p": '
                                                        + _deep(L.MAX_DEPTH - 2) + "}}")]),
    Hitter("int-10**5000", lambda: [_event('"url": "https://cdn.livechat-files.com/a.png", "size": 1'
                                           + "0" * 5000, "file")]),
    Hitter("int-10**5000-as-text", lambda: [_event('"text": 1' + "0" * 5000)]),
    Hitter("float-1e5000", lambda: [_event('"url": "https://cdn.livechat-files.com/a.png", "size": 1e5000, '
                                           '"width": -1e5000', "file")]),
    Hitter("nan-infinity", lambda: [_event('"content": {"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN]}',
                                           "custom")]),
    Hitter("duplicate-keys-1000", lambda: ['{"type": "message", "recipients": "all", '
                                           + ", ".join(f'"text": "{i}"' for i in range(1000)) + "}"]),
    Hitter("string-1mb-value", lambda: [_event('"text": "' + "ab\\n" * (MB // 4) + '"')]),
    Hitter("string-1mb-key", lambda: [_event('"text": "x", "' + "k" * MB + '": 1')]),
    Hitter("keys-20k", lambda: [_event('"text": "x", ' + ", ".join(f'"k{i}": {i}' for i in range(20_000)))]),
    Hitter("elements-2000", lambda: [_many_elements(2_000)]),
    Hitter("chat-summaries-5000", lambda: [_summaries(5_000)]),
    Hitter("lone-surrogates-escaped", lambda: [
        _event(r'"text": "a\ud800b", "\udfff": "\udc00", "properties": {"\ud83d": {"x": "\ude00"}}'),
        _event(r'"template_id": "cards", "elements": [{"title": "\ud800", "\udfff": 1, "buttons": [{"text": '
               r'"\udbff", "type": "message", "value": "v", "postback_id": "p", "user_ids": ["\udc00"]}]}], '
               r'"properties": {"ns": {"\ud800": "\udfff"}}', "rich_message"),
        _event(r'"form_id": "\ud800", "fields": [{"type": "name", "id": "1", "label": "\udfff", "answer": '
               r'"\ud83d"}]', "filled_form"),
        json.dumps(saturate(_sample("chats/list_chats_response.json"), "\ud800 half"))]),
    Hitter("lone-surrogates-raw", lambda: [_event('"text": "a\ud800b", "\udfff": "\udc00"')]),
    Hitter("invalid-utf8", lambda: [b'{"type": "message", "recipients": "all", "text": "\xc3\x28\xff\xfe"}']),
    Hitter("utf16", lambda: [_event('"text": "hi"').encode("utf-16")]),
    Hitter("nul-bytes", lambda: [b"\x00" * 1000, _event('"text": "a\x00b"')]),
    Hitter("control-characters", lambda: [_event('"text": "' + "".join(map(chr, range(1, 32))) + '"'),
                                          "".join(map(chr, range(1, 32)))]),
    Hitter("empty-and-blank", lambda: ["", " \n\t\r ", "\ufeff", "null", "[]", "{}", '""']),
    Hitter("bom", lambda: ["\ufeff" + _event('"text": "hi"')]),
    *[Hitter(f"xss-{i:02d}", functools.partial(_xss, i)) for i in range(len(VECTORS))],
]
BIG_HITTER_IDS = [h.name for h in BIG_HITTERS]
# The page-level tests take the first of each hitter's inputs and one XSS hitter for the corpus
# (a page run costs ~1 s; the corpus is run through every pure door already).
PAGE_HITTERS = [h for h in BIG_HITTERS if not h.name.startswith("xss-")] + [
    Hitter("xss-all-vectors", lambda: [json.dumps(
        {"type": "rich_message", "recipients": "all", "template_id": "cards", "elements": [
            saturate(_sample("events/rich_message.json")["elements"][0], v) for v in VECTORS[:10]],
         **{v: v for v in VECTORS}}, ensure_ascii=False)])]


@functools.lru_cache(maxsize=None)
def _built(name: str) -> list:
    hitter = next(h for h in BIG_HITTERS + PAGE_HITTERS if h.name == name)
    return hitter.build()


# =============================================================================================
# strategies
# =============================================================================================

SURROGATE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())
ANY_CHAR = st.characters(exclude_categories=())          # lone surrogates included
WEIRD_TEXT = st.sampled_from([
    "Привет, мир", "👋🏽🙂‍↔️🇵🇱", "مرحبا بالعالم", "שלום", "\u202eevil\u202c", "\u200b\u200d\ufeff",
    "a\u0301\u0301\u0301", "\x00\x07\x1b[31m\x7f", "%agent% %customer%", "\\", '"', "\r\n",
    "𝕏" * 40, "ß" * 200, "x" * 20_000,
]) | st.sampled_from(VECTORS)

# Tokens a mutation inserts into a sample's text.
HOSTILE_TOKENS = [
    "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400", "-0", "0.0e0", "9" * 4301, "9" * 4300,
    '"\\ud800"', '"\\udfff\\ud800"', "\\u0000", "\\", '"', "'", ",", ",,", ":", "}", "]", "{", "[",
    "[" * 300, "]" * 300, '{"a":' * 260, "}" * 260, "\ufeff", "\x00", "\r\n", "\t", "\u2028",
    '"type": "message", ', '"type": "rich_message", ', '"type": "filled_form", ', '"text": 1, ',
    '"recipients": "all", "recipients": "agents", ', '"elements": [], ', '"fields": {}, ',
    "true", "True", "None", "null", "undefined", "/*", "//", "0x1F", "+1", ".5", "01",
]


@st.composite
def mutated_sample_texts(draw) -> str:
    """A sample's text with 1-4 character-level mutations: delete, duplicate, insert a hostile
    token, replace a character, truncate."""
    _, text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 40)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "insert", "replace", "truncate"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            tok = draw(st.sampled_from(HOSTILE_TOKENS) | WEIRD_TEXT.map(lambda s: json.dumps(s)[1:-1]))
            text = text[:i] + tok + text[i:]
        elif op == "replace" and i < n:
            text = text[:i] + draw(ANY_CHAR) + text[i + 1:]
        elif op == "truncate":
            text = text[:i]
    return text


HOSTILE_VALUE = (JSON | WEIRD_TEXT | st.sampled_from([
    10 ** 30, -(10 ** 30), 1e308, -1e308, 5e-324, 0.1, 2 ** 53 + 1, True, None, [], {}, [[[]]],
    {"": ""}, {"__proto__": {"x": 1}}, {"constructor": "x"}]).map(copy.deepcopy))   # a fresh object each draw


@st.composite
def hostile_payloads(draw) -> Any:
    """A spec sample with values replaced by hostile ones and hostile keys added (via the
    mutations of tests/test_properties.py), as parsed data."""
    data, _ = draw(mutated_samples())
    paths = []

    def walk(v, p):
        paths.append(p)
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, p + (k,))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, p + (i,))
    walk(data, ())
    for _ in range(draw(st.integers(0, 3))):
        p = draw(st.sampled_from(paths))
        cur = data
        try:
            for k in p[:-1]:
                cur = cur[k]
            if p:
                cur[p[-1]] = draw(HOSTILE_VALUE)
            elif isinstance(cur, dict):
                cur[draw(WEIRD_TEXT | st.text(ANY_CHAR, max_size=8))] = draw(HOSTILE_VALUE)
        except (KeyError, IndexError, TypeError):
            pass
    return data


def dump_styled(data: Any, style: int) -> str:
    """JSON text of data in one of several styles (indent, separators, escapes)."""
    if style == 0:
        return json.dumps(data, ensure_ascii=False)
    if style == 1:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if style == 2:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=True)
    if style == 3:
        return json.dumps(data, indent="\t", ensure_ascii=False).replace("\n", "\r\n")
    return json.dumps(data, indent=4, ensure_ascii=True)


@st.composite
def hostile_payload_texts(draw) -> str:
    return dump_styled(draw(hostile_payloads()), draw(st.integers(0, 4)))


@st.composite
def scaled_hitters(draw) -> str:
    """The big hitters in small: at and around the validator's bounds, in a real payload."""
    kind = draw(st.sampled_from(["depth", "digits", "dups", "nan", "huge-float", "long", "keys"]))
    if kind == "depth":
        n = draw(st.sampled_from([L.MAX_DEPTH - 3, L.MAX_DEPTH - 2, L.MAX_DEPTH - 1, L.MAX_DEPTH,
                                  L.MAX_DEPTH + 1, 1000]))
        inner = draw(st.sampled_from(["[", '{"a":']))
        close = "]" if inner == "[" else "}"
        body = inner * n + "1" + close * draw(st.sampled_from([n, n - 1, 0]))
        return _event('"text": "x", "properties": {"ns": {"p": ' + body + "}}")
    if kind == "digits":
        d = sys.get_int_max_str_digits() or 4300
        n = draw(st.sampled_from([d - 1, d, d + 1, 2 * d]))
        return _event('"text": "x", "custom_id": ' + draw(st.sampled_from(["", "-"])) + "7" * n)
    if kind == "dups":
        key = draw(st.sampled_from(["type", "text", "recipients", "x", ""]))
        n = draw(st.integers(2, 50))
        return "{" + ", ".join(f'"{key}": "message"' for _ in range(n)) + ', "text": "x"}'
    if kind == "nan":
        tok = draw(st.sampled_from(["NaN", "Infinity", "-Infinity"]))
        return _event(f'"text": {tok}, "properties": {{"a": {{"b": [{tok}]}}}}')
    if kind == "huge-float":
        tok = draw(st.sampled_from(["1e309", "-1e309", "1e5000", "1.7976931348623159e308"]))
        return _event(f'"url": "https://cdn.livechat-files.com/a.png", "size": {tok}, "width": {tok}', "file")
    if kind == "long":
        n = draw(st.sampled_from([L.MAX_TEXT_BYTES, L.MAX_TEXT_BYTES + 1, 100_000]))
        ch = draw(st.sampled_from(["a", "ж", "🙂", "<"]))
        return _event('"text": ' + json.dumps(ch * (n // len(ch.encode())), ensure_ascii=False))
    n = draw(st.sampled_from([100, 2000]))
    return _event('"text": "x", ' + ", ".join(f'"{draw(st.sampled_from(["k", "<b>", "тип"]))}{i}": {i}'
                                              for i in range(n)))


def json_garbage() -> st.SearchStrategy[str]:
    return st.text(alphabet='{}[]",:0123456789.eE+-tfrulnasINaNy \n\\', max_size=300)


def hostile_texts() -> st.SearchStrategy[str]:
    """Text for the doors that take text (editor, share link, composers, tables, CLI)."""
    return st.one_of(
        st.text(max_size=400),
        st.text(ANY_CHAR, max_size=60),
        st.binary(max_size=300).map(lambda b: b.decode("utf-8", "surrogateescape")),
        json_garbage(),
        mutated_sample_texts(),
        hostile_payload_texts(),
        scaled_hitters(),
        st.sampled_from([t for _, t in SAMPLE_TEXTS]),
    )


@st.composite
def _mutated_bytes(draw) -> bytes:
    raw = bytearray(draw(mutated_sample_texts() | hostile_payload_texts()).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(0, 3))):
        if raw:
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0x80, 0xFF) | st.just(0))
    return bytes(raw)


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Bytes for the doors that take files (uploads, the CLI, the tables' uploads)."""
    text_as = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1251"])
    return st.one_of(
        st.binary(max_size=400),
        _mutated_bytes(),
        st.tuples(hostile_texts(), text_as).map(lambda t: t[0].encode(t[1], "surrogatepass")
                                                 if t[1].startswith("utf") else t[0].encode(t[1], "replace")),
    )


def as_browser_sends(text: str) -> str:
    """What a browser's text box can send for this text: Streamlit's protobuf carries UTF-8,
    and TextEncoder writes half a surrogate pair as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def forged_token(raw: bytes, version: str = "1") -> str:
    """A share-link token made by hand (no size checks): what a hostile link can carry."""
    return version + "." + base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")


# =============================================================================================
# what every door must give back
# =============================================================================================

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(s: Any, what: str) -> None:
    """Text a page sends to the browser: a str that UTF-8 can encode (Streamlit's protobuf and
    Arrow refuse half a surrogate pair, so one breaks the page)."""
    assert isinstance(s, str), f"{what}: {type(s).__name__}, not text"
    m = _LONE_SURROGATE.search(s)
    assert m is None, f"{what}: a lone surrogate {m.group()!r} at {m.start()} in {s[:200]!r}"


def displayable(s: Any, what: str) -> None:
    """A message, label or place a page shows: encodable, and with something to read."""
    encodable(s, what)
    assert s.strip(), f"{what}: a blank where a message or place should be: {s!r}"


class OverBudget(AssertionError):
    """One input took longer than the time budget."""


def within_budget(door: Callable, *args, **kwargs):
    """Run a door on one input; when it goes over the time budget, run it once more and fail
    only when it is over again. A busy machine (other test runs, browsers) can stall one run
    for seconds of wall-clock time; slow code is slow twice."""
    try:
        return door(*args, **kwargs)
    except OverBudget:
        return door(*args, **kwargs)


class Clock:
    """Times each call of one input's chain; ``check()`` fails when the whole took longer
    than the budget (and names the slowest step)."""

    def __init__(self, budget: float = TIME_BUDGET) -> None:
        self.budget = budget
        self.steps: list[tuple[str, float]] = []
        self.cpu = 0.0      # process time: tells a slow machine from slow code in a failure

    def __call__(self, name: str, fn: Callable, *args, **kwargs):
        t, c = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            self.steps.append((name, time.perf_counter() - t))
            self.cpu += time.process_time() - c

    @property
    def total(self) -> float:
        return sum(dt for _, dt in self.steps)

    def check(self, what: str = "") -> None:
        if self.total >= self.budget:
            slow = sorted(self.steps, key=lambda s: -s[1])[:3]
            raise OverBudget(f"{what}: {self.total:.2f} s > {self.budget} s (CPU {self.cpu:.2f} s); slowest: "
                             + ", ".join(f"{n} {dt:.2f} s" for n, dt in slow))
