"""Sessions are kept apart: nothing a user types lives outside that user's session.

- Two AppTest sessions of the whole app in one process (the way one Streamlit server holds many
  users: same imported modules, same caches), run alternately on every page: each shows only
  its own payload. A third session opened from A's share link gets A's payload and nothing of B.
- After those runs, no module-level object anywhere in ``playground`` reaches either payload.
- Every st.cache_data / st.cache_resource / functools cache in playground/app is a reviewed one,
  and none of them reads session-dependent input (session state, query parameters, the request
  context): a cached value is shared by every session, so it must be a pure function of its
  arguments. A new cached function fails this test until it is reviewed and added to KNOWN.

The browser counterpart (two real browsers at once, uploads, share links) is
tests/browser/test_isolation_browser.py.
"""
from __future__ import annotations

import ast
import json
import re
import sys
import types
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.authoring import sharelink
from playground.app import state

ROOT = Path(__file__).resolve().parents[2]
APP_DIR = ROOT / "playground" / "app"
MAIN = APP_DIR / "main.py"
_MAIN_SRC = MAIN.read_text()
PAGES_DIR_NAME = re.search(r'PAGES_DIR = .*/ "(\w+)"', _MAIN_SRC).group(1)
PAGES = re.findall(r'PAGES_DIR / "([a-z_]+\.py)"', _MAIN_SRC)


def payload(marker: str) -> str:
    """A rich message whose every visible part carries `marker` (title, button, unknown key)."""
    return ('{\n  "type": "rich_message",\n  "template_id": "cards",\n  "recipients": "all",\n'
            '  "elements": [\n    {\n      "title": "Card ' + marker + '",\n'
            '      "subtitle": "only in this session",\n'
            '      "buttons": [{"text": "Open ' + marker + '", "type": "url", '
            '"value": "https://example.com/' + marker + '", "postback_id": "open", "user_ids": []}]\n'
            '    }\n  ],\n  "note' + marker + '": true\n}')


def markers() -> tuple[str, str]:
    tag = uuid.uuid4().hex[:10]
    return f"isoA{tag}", f"isoB{tag}"     # letters and digits only: Markdown escaping keeps them whole


# -- what a session shows --------------------------------------------------------------------
def _nodes(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def shown(at: AppTest) -> str:
    """Everything the session's last run sent to its page: every element's protobuf as text
    (markdown, alerts, code, dataframes, widget labels and values, the editor component's
    arguments)."""
    parts = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
    return "\n".join(parts)


def new_session() -> AppTest:
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def type_into(at: AppTest, text: str) -> None:
    """As if typed in the editor (the widget's key at the session's current revision)."""
    at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = text
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_two_sessions_in_one_process_never_see_each_others_payload():
    ma, mb = markers()
    a, b = new_session(), new_session()
    type_into(a, payload(ma))
    type_into(b, payload(mb))
    a.run()                         # A again, after B: nothing of B came in through the process
    for at, own, other in ((a, ma, mb), (b, mb, ma)):
        text = shown(at)
        assert own in text and other not in text
        assert at.session_state[state.TEXT_KEY] == payload(own)
        assert any(f"note{own}" in str(w.value) for w in at.markdown), "the issue list names the key"
    # every page, alternately
    for name in PAGES:
        for at, own, other in ((a, ma, mb), (b, mb, ma)):
            at.switch_page(f"{PAGES_DIR_NAME}/{name}")
            at.run()
            assert not at.exception, (name, [e.value for e in at.exception])
            text = shown(at)
            assert other not in text, f"{name} of one session shows the other's payload"
            assert at.session_state[state.TEXT_KEY] == payload(own), name
    rich = PAGES.index("rich_message_composer.py") if "rich_message_composer.py" in PAGES else None
    if rich is not None:           # the composer shows the payload's fields: each its own
        for at, own, other in ((a, ma, mb), (b, mb, ma)):
            at.switch_page(f"{PAGES_DIR_NAME}/rich_message_composer.py")
            at.run()
            text = shown(at)
            assert f"Card {own}" in text and other not in text


def test_a_share_link_opens_its_payload_in_a_third_session_and_nothing_else():
    ma, mb = markers()
    a, b = new_session(), new_session()
    type_into(a, payload(ma))
    type_into(b, payload(mb))
    params = sharelink.encode(payload(ma), "rich_message", "request")
    assert set(params) == {state.QP_PAYLOAD, state.QP_STRUCTURE, state.QP_MODE}
    c = AppTest.from_file(str(MAIN), default_timeout=60)
    for k, v in params.items():
        c.query_params[k] = v
    c.run()
    assert not c.exception, [e.value for e in c.exception]
    assert c.session_state[state.TEXT_KEY] == payload(ma)
    assert c.session_state[state.STRUCTURE_KEY] == "rich_message"
    assert c.session_state[state.MODE_KEY] == "request"
    assert mb not in shown(c)
    # and opening it changed nothing in A or B
    for at, own in ((a, ma), (b, mb)):
        at.run()
        assert at.session_state[state.TEXT_KEY] == payload(own)


# -- no module-level state holds a payload ---------------------------------------------------
def _reaches(obj, needles: tuple[str, ...], seen: set[int], depth: int, budget: list[int]) -> str | None:
    """A short description of where one of `needles` is found inside obj, or None."""
    if budget[0] <= 0 or depth < 0 or id(obj) in seen:
        return None
    seen.add(id(obj))
    budget[0] -= 1
    if isinstance(obj, str):
        return next((n for n in needles if n in obj), None)
    if isinstance(obj, bytes):
        return next((n for n in needles if n.encode() in obj), None)
    if isinstance(obj, (int, float, bool, type(None), types.ModuleType, types.FunctionType,
                        types.BuiltinFunctionType, type)):
        return None
    if isinstance(obj, dict):
        items = list(obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        items = list(enumerate(obj))
    elif hasattr(obj, "__dict__") and isinstance(vars(obj), dict):
        items = list(vars(obj).items())
    else:
        return None
    for k, v in items:
        for part in (k, v):
            hit = _reaches(part, needles, seen, depth - 1, budget)
            if hit:
                return f"[{k!r}] -> {hit}" if part is v else f"key {hit}"
    return None


# Module-level memos of pure functions: they hold pieces of payloads (keys), but give every
# session the same answer it would compute itself. (name -> why that is safe)
PURE_MEMOS = {
    "playground.validation.walk._CLOSE":
        "(model, unknown key) -> the closest field name; bounded at 4096 entries; the suggestion "
        "budget is charged for hits too, so a message never depends on what others validated "
        "(test_a_validation_does_not_depend_on_what_another_session_validated_before)",
}


def test_no_module_level_object_in_playground_holds_a_payload():
    ma, mb = markers()
    a, b = new_session(), new_session()
    type_into(a, payload(ma))
    type_into(b, payload(mb))
    for name in PAGES:
        for at in (a, b):
            at.switch_page(f"{PAGES_DIR_NAME}/{name}")
            at.run()
    seen: set[int] = set()
    budget = [2_000_000]
    found = []
    modules = [m for n, m in sorted(sys.modules.items())
               if (n == "playground" or n.startswith("playground.")) and m is not None]
    assert any(n.startswith("playground.app") for n in sys.modules)
    for module in modules:
        for name, value in list(vars(module).items()):
            if f"{module.__name__}.{name}" in PURE_MEMOS:
                continue
            if isinstance(value, type) and value.__module__ == module.__name__:
                value = {k: v for k, v in vars(value).items() if not callable(v)}  # class attributes
            hit = _reaches(value, (ma, mb), seen, depth=8, budget=budget)
            if hit:
                found.append(f"{module.__name__}.{name}{hit}")
    assert budget[0] > 0, "the scan ran out of budget before it covered every module"
    assert not found, f"module-level state holds a payload: {found}"


def test_a_validation_does_not_depend_on_what_another_session_validated_before():
    """The core's memo of "did you mean" matches is shared by every session of the server; the
    report of a payload must be the same whether or not someone validated its keys before."""
    from playground import validate
    from playground.validation.walk import MAX_SUGGESTIONS
    keys = {f"recipient{i}": 1 for i in range(MAX_SUGGESTIONS + 300)}   # each close to `recipients`
    text = json.dumps({"type": "message", "text": "hi", "recipients": "all", **keys})
    first = [(i.pointer, i.message) for i in validate(text, "message", "request").issues]
    again = [(i.pointer, i.message) for i in validate(text, "message", "request").issues]
    assert first == again
    assert sum("did you mean" in m for _, m in first) == MAX_SUGGESTIONS


# -- cached functions are the reviewed, pure ones ----------------------------------------------
# (file relative to playground/app, function) -> why sharing its result between sessions is safe.
KNOWN = {
    ("app_icon.py", "icon"): "no arguments: the app's logo, drawn once, the same for everyone (only read)",
    ("ui.py", "sample_gallery"): "an API version -> its sample files on disk, the same for everyone",
    ("ui.py", "read_sample"): "a sample file's path (from the gallery) -> its text",
    (f"{PAGES_DIR_NAME}/editor.py", "_schema_json"): "version, structure name and mode -> JSON Schema from the models",
    (f"{PAGES_DIR_NAME}/editor.py", "_share_url"):
        "(base URL, text, structure, mode, version) -> link: the text is an argument, so a session only "
        "gets a link for the text it passed",
    (f"{PAGES_DIR_NAME}/reference.py", "_schema_text"): "entry key and mode -> JSON Schema",
    (f"{PAGES_DIR_NAME}/chat_summaries.py", "build_from_texts"):
        "the input texts/bytes are the argument; st.cache_resource shares the Table object, "
        "which the page never mutates",
    (f"{PAGES_DIR_NAME}/chat_summaries.py", "build_demo"): "(n, seed, share) -> synthetic data",
    (f"{PAGES_DIR_NAME}/chat_summaries.py", "sample_names"): "no arguments: file names on disk",
}
CACHE_DECORATORS = {"cache_data", "cache_resource", "lru_cache", "cache", "memoize", "experimental_memo",
                    "experimental_singleton"}
SESSION_DEPENDENT = ("session_state", "query_params", "context", "experimental_user", "user")


def _decorator_name(d: ast.expr) -> str:
    if isinstance(d, ast.Call):
        d = d.func
    if isinstance(d, ast.Attribute):
        return d.attr
    if isinstance(d, ast.Name):
        return d.id
    return ""


def cached_functions() -> dict[tuple[str, str], ast.FunctionDef]:
    out = {}
    for path in sorted(APP_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    _decorator_name(d) in CACHE_DECORATORS for d in node.decorator_list):
                out[(path.relative_to(APP_DIR).as_posix(), node.name)] = node
    return out


def test_the_cached_functions_are_the_reviewed_ones():
    found = set(cached_functions())
    assert found - set(KNOWN) == set(), (
        f"new cached function(s) {sorted(found - set(KNOWN))}: a cached value is shared by every "
        "session; check it is a pure function of its arguments and add it to KNOWN with why")
    assert set(KNOWN) - found == set(), f"KNOWN lists functions that are gone: {sorted(set(KNOWN) - found)}"


@pytest.mark.parametrize("where", sorted(KNOWN), ids=lambda w: f"{w[0]}:{w[1]}")
def test_a_cached_function_reads_nothing_of_the_session(where):
    fn = cached_functions()[where]
    used = {n.attr for n in ast.walk(fn) if isinstance(n, ast.Attribute)}
    used |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)}
    assert not used & set(SESSION_DEPENDENT), f"{where} reads {sorted(used & set(SESSION_DEPENDENT))}"
    # nor the app's state helpers (state.current_text() and friends read session state); its
    # constants (state.SAMPLES_DIR) are fine
    helpers = {n.attr for n in ast.walk(fn) if isinstance(n, ast.Attribute)
               and isinstance(n.value, ast.Name) and n.value.id == "state" and not n.attr.isupper()}
    assert not helpers, f"{where} calls state.{sorted(helpers)}"


# -- a LiveChat token stays in its session ------------------------------------------------------
def test_a_livechat_token_stays_in_its_session(monkeypatch, caplog):
    """Session A connects to the (stand-in) API; B does not. Neither page, B's session, A's query
    parameters and share link, any module-level object of playground nor any log record holds
    A's token in any of its forms; a session state holds it only as A's Credentials."""
    import logging

    from playground.app import connection_view as cv
    from playground.live import client as live
    from tests.live.standin import StandIn

    caplog.set_level(logging.DEBUG)
    with StandIn() as api:
        monkeypatch.setenv(live.BASE_URL_ENV, api.url)
        secrets = (api.pat, api.basic, api.token)
        a, b = new_session(), new_session()
        a.text_input(key=cv.TOKEN_WIDGET_KEY).input(api.token)
        a.button(key="live_connect").click()
        a.run()
        assert isinstance(a.session_state[cv.CREDENTIALS_KEY], live.Credentials)
        ma, mb = markers()
        type_into(a, payload(ma))
        type_into(b, payload(mb))
        a.button(key="live_send_editor").click()
        a.run()
        assert a.session_state[cv.SENT_KEY_PREFIX + "editor"].get("event_id"), "A's send went through"
        for name in PAGES:
            for at in (a, b):
                at.switch_page(f"{PAGES_DIR_NAME}/{name}")
                at.run()
                assert not at.exception, (name, [e.value for e in at.exception])
                text = shown(at) + repr(dict(at.query_params))
                assert not any(s in text for s in secrets), f"{name} shows the token"
        assert cv.CREDENTIALS_KEY not in b.session_state
        for k in b.session_state:
            assert not any(s in repr(b.session_state[k]) for s in secrets)
        # A's own state holds the token only inside its Credentials, whose repr hides it
        for k in a.session_state:
            assert not any(s in repr(a.session_state[k]) for s in secrets), k
        link = sharelink.encode(a.session_state[state.TEXT_KEY], None, "request")
        assert not any(s in repr(link) for s in secrets)
        # no module-level object reaches it
        seen: set[int] = set()
        budget = [2_000_000]
        found = []
        for mname, module in sorted(sys.modules.items()):
            if module is None or not (mname == "playground" or mname.startswith("playground.")):
                continue
            for name, value in list(vars(module).items()):
                if isinstance(value, type) and value.__module__ == module.__name__:
                    value = {k: v for k, v in vars(value).items() if not callable(v)}
                hit = _reaches(value, secrets, seen, depth=8, budget=budget)
                if hit:
                    found.append(f"{module.__name__}.{name}{hit}")
        assert not found, f"module-level state holds the token: {found}"
        logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
        assert "Basic ***" in logged and not any(s in logged for s in secrets)
