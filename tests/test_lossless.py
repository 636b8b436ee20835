"""Nothing is lost: editor -> composer -> share link -> editor gives back the same JSON.

Over the pure functions the pages use, for every sample and for generated payloads (unknown
keys at every level, properties holding any JSON values, Cyrillic, emoji, RTL text, keys in
unusual orders, several text styles):

- compose.load + dump() with no edit returns the text byte for byte;
- a benign edit undone (a button's text, a field's label, request -> response and back) gives
  the same JSON value with the same key order (and, as documented, the same text);
- a benign edit kept changes that one value and nothing else: unknown keys, properties and the
  order of every key stay;
- a share link of the text (the URL the editor builds, parsed back as a browser would) decodes
  to the identical text, structure and mode, and the editor reads the same data from it.

And once through the app itself (AppTest): editor (typed) -> composer (an edit made and undone
in its widget) -> Open in editor -> the editor's share link -> a new session opening that link.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground import validate
from playground.authoring import compose
from playground.authoring import sharelink
from playground.spec.catalog import DEFAULT_VERSION, VERSIONS, all_samples

from _hostile import dump_styled
from validation.test_properties import JSON

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [(name, path.read_text(encoding="utf-8")) for name, path in all_samples()]
COMPOSABLE = [(n, t) for n, t in SAMPLES if n in compose.KINDS]
# Every version's composable samples (rich message, filled form, and from v3.3 the form event).
COMPOSABLE_BY_VERSION = [(v, n, path.read_text(encoding="utf-8")) for v in VERSIONS
                         for n, path in all_samples(v) if n in compose.KINDS]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                    database=None if "FUZZ_EXAMPLES" not in os.environ else settings.default.database,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def same(a, b) -> bool:
    """Equal as JSON, key order and number types included ({"a":1,"b":2} != {"b":2,"a":1}; 1 != 1.0)."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def through_link(text: str, structure: str | None, mode: str) -> sharelink.SharedPayload:
    """The editor's share URL, parsed back as the browser hands the query params to the page."""
    url = sharelink.build_url("http://localhost:8501/", text, structure, mode)
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return sharelink.decode(query)


def editor_reads(text: str, structure: str | None = None, mode: str = "response", version: str = DEFAULT_VERSION):
    report = validate(text, structure, mode, version)
    assert report.data is not None, [i.message for i in report.errors][:3]
    return report.data


# -- the samples -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, text", SAMPLES, ids=[p.name for _, p in all_samples()])
def test_every_sample_survives_a_share_link(name, text):
    for structure, mode in ((None, "response"), (name, "request")):
        shared = through_link(text, structure, mode)
        assert shared.text == text and shared.structure == structure and shared.mode == mode
    assert same(editor_reads(through_link(text, None, "response").text), json.loads(text))


def benign_edit(doc: compose.Document) -> tuple[tuple, str]:
    """The place of a benign text edit: the first button's text, or the first field's label."""
    if doc.kind == "rich_message":     # (a filled form or a form: its first field's label)
        for i, el in enumerate(doc.data.get("elements") or []):
            for j, b in enumerate(el.get("buttons") or []):
                if isinstance(b, dict) and isinstance(b.get("text"), str):
                    return ("elements", i, "buttons", j, "text"), b["text"]
        return ("elements", 0, "title"), doc.data["elements"][0].get("title")
    return ("fields", 0, "label"), doc.data["fields"][0]["label"]


def composer_round_trip(text: str, kind: str, version: str = DEFAULT_VERSION) -> None:
    """Open the text in the composer (as `version`), check dump() without and with edits, then
    the share link and the editor; `text` must be a valid `kind` payload."""
    original = json.loads(text)
    loaded = compose.load(text, kind, version=version)
    assert loaded.doc is not None, loaded.message
    doc = loaded.doc
    assert doc.dump() == text                                   # no edit: byte for byte
    parts, before = benign_edit(doc)
    doc.edit(parts, "Changed ✓ Изменено 👍")
    changed = json.loads(doc.dump())
    expected = json.loads(text)
    cur = expected
    for p in parts[:-1]:
        cur = cur[p]
    cur[parts[-1]] = "Changed ✓ Изменено 👍"
    assert same(changed, expected), "an edit changed more than its field"
    doc.edit(parts, before)
    assert same(json.loads(doc.dump()), original) and doc.dump() == text   # undone: all as it was
    mode = doc.mode
    other = "request" if mode == "response" else "response"
    doc.set_mode(other)
    doc.set_mode(mode)
    assert same(doc.data, original) and doc.dump() == text              # mode there and back
    shared = through_link(doc.dump(), kind, doc.mode)                   # Open in editor, Share
    assert shared.text == text
    assert same(editor_reads(shared.text, shared.structure, shared.mode, version), original)


@pytest.mark.parametrize("kind, text", COMPOSABLE, ids=[k for k, _ in COMPOSABLE])
def test_composer_samples_come_back_unchanged(kind, text):
    composer_round_trip(text, kind)


@pytest.mark.parametrize("version, kind, text", COMPOSABLE_BY_VERSION,
                         ids=[f"v{v}-{k}" for v, k, _ in COMPOSABLE_BY_VERSION])
def test_every_version_s_composer_samples_come_back_unchanged(version, kind, text):
    composer_round_trip(text, kind, version)
    composer_round_trip(text, kind, "detect")
    doc = compose.load(text, kind, version=version).doc
    for other in VERSIONS:                       # to another version and back: the same text
        if compose.has_kind(kind, other):
            doc.set_version(other)
            doc.set_version(version)
            assert doc.dump() == text, (version, other)


@pytest.mark.parametrize("kind, text", COMPOSABLE, ids=[k for k, _ in COMPOSABLE])
@pytest.mark.parametrize("style", range(5))
def test_composer_samples_in_other_text_styles(kind, text, style):
    composer_round_trip(dump_styled(json.loads(text), style), kind)


# -- generated payloads --------------------------------------------------------------------------

WORDS = ["Привет", "мир", "Ёжик", "👋", "🙂", "🇵🇱", "👩🏽‍💻", "مرحبا", "שלום", "\u200f", "\u202b", "é", "ß",
         "中文", "x", "key", "Zoë", " ", "\"", "\\", "/", "~", "\n", "\t", "<b>", "&amp;"]
UNICODE = st.one_of(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("".join), st.text(max_size=12))
UNKNOWN_KEY = UNICODE.map(lambda s: "x-" + s)
VALUE = st.one_of(JSON, UNICODE)


@st.composite
def enriched(draw, data):
    """data with unknown keys added at every object level (outside free-form values), every
    properties namespace holding any JSON values, strings made unicode, keys reordered."""
    def walk(v, key=None, free=False):
        if isinstance(v, dict):
            items = [(k, walk(x, k, free or k in ("properties", "content", "text_vars"))) for k, x in v.items()]
            if not free:
                items += [(draw(UNKNOWN_KEY), draw(VALUE)) for _ in range(draw(st.integers(0, 2)))]
            if key == "properties" or (free and draw(st.booleans())):
                items += [(draw(UNICODE), {draw(UNICODE): draw(VALUE)}) if key == "properties"
                          else (draw(UNICODE), draw(VALUE))]
            if draw(st.booleans()):
                items = draw(st.permutations(items))
            return dict(items)
        if isinstance(v, list):
            return [walk(x, key, free) for x in v]
        if isinstance(v, str) and key in ("text", "title", "subtitle", "label", "name", "custom_id") and draw(st.booleans()):
            return draw(UNICODE)
        return v
    out = walk(data)
    if "properties" not in out:
        out["properties"] = {draw(UNICODE): {draw(UNICODE): draw(VALUE)}}
    return out


def composable(kind: str, version: str = DEFAULT_VERSION):
    base = next(json.loads(t) for v, k, t in COMPOSABLE_BY_VERSION if (v, k) == (version, kind))
    return st.tuples(enriched(base), st.integers(0, 4))


def _valid_for(kind: str, text: str) -> bool:
    rep = validate(text, kind)
    return rep.data is not None and not any(i.rule.startswith("json-") for i in rep.issues)


@given(composable("rich_message"))
@PROPERTY
def test_generated_rich_messages_come_back_unchanged(case):
    data, style = case
    text = dump_styled(data, style)
    composer_round_trip(text, "rich_message")


@given(composable("filled_form"))
@PROPERTY
def test_generated_filled_forms_come_back_unchanged(case):
    data, style = case
    text = dump_styled(data, style)
    composer_round_trip(text, "filled_form")


@given(st.sampled_from([("3.6", "rich_message"), ("3.6", "form"), ("3.4", "filled_form"), ("3.7", "form")])
       .flatmap(lambda vk: st.tuples(st.just(vk), composable(vk[1], vk[0]))))
@PROPERTY
def test_generated_later_version_compositions_come_back_unchanged(case):
    (version, kind), (data, style) = case
    composer_round_trip(dump_styled(data, style), kind, version)


EVENTS = [(n, json.loads(t)) for n, t in SAMPLES if n in ("message", "file", "custom", "system_message")]


@given(st.sampled_from(EVENTS).flatmap(lambda e: st.tuples(st.just(e[0]), enriched(e[1]), st.integers(0, 4))))
@PROPERTY
def test_generated_events_come_back_from_a_share_link(case):
    name, data, style = case
    text = dump_styled(data, style)
    shared = through_link(text, name, "response")
    assert shared.text == text
    assert same(editor_reads(shared.text, shared.structure), data)


# -- through the app ------------------------------------------------------------------------------

MAIN = ROOT / "playground" / "app" / "main.py"


APP_CASES = COMPOSABLE + [(k, t) for v, k, t in COMPOSABLE_BY_VERSION if v == "3.6" and k in ("rich_message", "form")]


@pytest.mark.parametrize("kind, text", APP_CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(APP_CASES)])
def test_the_app_editor_composer_share_link_editor(kind, text):
    from streamlit.testing.v1 import AppTest

    from playground.app import state
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.run()
    at.session_state[state.editor_key_for(0)] = text                 # typed into the editor
    at.run()
    assert at.session_state[state.TEXT_KEY] == text

    page = f"views/{kind}_composer.py"
    prefix = {"rich_message": state.RICH_COMPOSER_PREFIX, "filled_form": state.FORM_COMPOSER_PREFIX,
              "form": state.FORM_EVENT_COMPOSER_PREFIX}[kind]
    at.switch_page(page)
    at.run()
    assert not at.exception
    doc = at.session_state[prefix + "_doc"]
    assert doc.dump() == text
    parts, before = benign_edit(doc)
    key = f"{prefix}:{at.session_state[prefix + '_rev']}:{compose.make_pointer(parts)}:"
    at.text_input(key=key).set_value("Changed ✓").run()             # an edit in the form...
    assert json.loads(at.session_state[prefix + "_doc"].dump()) != json.loads(text)
    at.text_input(key=key).set_value(before).run()                  # ...and undone
    assert at.session_state[prefix + "_doc"].dump() == text
    open_button = next(b for b in at.button if b.label == "Open in editor")
    open_button.click().run()                                       # back to the editor
    assert not at.exception
    assert at.session_state[state.TEXT_KEY] == text
    at.switch_page("views/editor.py")
    at.session_state["share-popover"] = True      # the link is made when Share is opened
    at.run()
    urls = [c.value for c in at.code if "?p=" in str(c.value)]
    assert len(urls) == 1, "the editor shows one share link"
    query = parse_qs(urlsplit(urls[0]).query)

    fresh = AppTest.from_file(str(MAIN), default_timeout=60)       # someone opens the link
    for k, v in query.items():
        fresh.query_params[k] = v
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state[state.TEXT_KEY] == text
    assert fresh.session_state[state.STRUCTURE_KEY] == kind
    assert same(validate(fresh.session_state[state.TEXT_KEY]).data, json.loads(text))
