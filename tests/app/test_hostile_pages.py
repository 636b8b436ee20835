"""The big hitters at the page level (AppTest), once per door: the editor (its widget's
session-state key, as if typed), a share link (the query params), each composer (the editor's
payload it opens) and the chat summaries page's paste box.

Each run must end without an exception and without the pages' last-resort guard ("hit an
unexpected problem"), show an error or warning saying what is wrong (or, where the input is
fine for that page, its result), and finish within AppTest's timeout of 10 s. The pure chains
behind these pages get the same inputs, and thousands more, in tests/test_fuzz.py.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import state

from _hostile import PAGE_HITTERS, as_browser_sends, forged_token

VIEWS = Path(__file__).resolve().parents[2] / "playground" / "app" / "views"
PAGE_TIMEOUT = 10.0
GUARD = "hit an unexpected problem"
IDS = [h.name for h in PAGE_HITTERS]


def run(page: str, session: dict | None = None, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(VIEWS / page), default_timeout=PAGE_TIMEOUT)
    for k, v in (session or {}).items():
        at.session_state[k] = v
    for k, v in (params or {}).items():
        at.query_params[k] = v
    t = time.perf_counter()
    at.run()                       # raises RuntimeError past the timeout
    took = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception][:2]
    guarded = [e.value for e in at.error if GUARD in e.value]
    assert not guarded, guarded
    assert took < PAGE_TIMEOUT, f"{page}: {took:.1f} s"
    return at


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Run each page once first: the first run in a process imports pandas, pyarrow and the
    models (seconds), which a served app has done long before a user's input arrives."""
    for page in ("editor.py", "rich_message_composer.py", "filled_form_composer.py", "chat_summaries.py"):
        AppTest.from_file(str(VIEWS / page), default_timeout=120).run()


def said(at: AppTest) -> list[str]:
    """The errors and warnings the page shows (alerts, and the editor's issue list)."""
    out = [e.value for e in at.error] + [w.value for w in at.warning]
    out += [m.value for m in at.markdown if m.value.startswith("**Issues**")]
    return out


@pytest.mark.parametrize("hitter", PAGE_HITTERS, ids=IDS)
def test_editor_page(hitter):
    text = hitter.texts()[0]
    at = run("editor.py", {state.editor_key_for(0): text})
    if state.validation.validate(text, mode="detect", version="detect").issues:
        assert said(at), "the editor showed no error or warning"
    else:   # a hitter the core finds valid (5 000 chat summaries): the page must say so
        assert any("Valid" in s.value for s in at.success), "the editor showed no verdict"


@pytest.mark.parametrize("hitter", PAGE_HITTERS, ids=IDS)
def test_share_link(hitter):
    at = run("editor.py", params={state.QP_PAYLOAD: forged_token(hitter.raw()[0]), state.QP_MODE: "request"})
    assert said(at), "the editor showed no error or warning for this link"
    refused = any("could not be opened" in e.value for e in at.error)
    # a link that opened stays (read once per session, kept for a reload); a refused one goes
    assert (state.QP_PAYLOAD in at.query_params) != refused


@pytest.mark.parametrize("page", ["rich_message_composer.py", "filled_form_composer.py", "form_composer.py"])
@pytest.mark.parametrize("hitter", PAGE_HITTERS, ids=IDS)
def test_composer_page(hitter, page):
    kind = page.removesuffix("_composer.py")
    texts = hitter.texts()        # the hitter's own payload of this kind, when it has one
    text = next((t for t in texts if f'"type": "{kind}"' in t[:300]), texts[0])
    at = run(page, {state.TEXT_KEY: text})
    assert said(at), "the composer showed no error or warning"


FINE_FOR_TABLES = {"chat-summaries-5000"}      # a valid list_chats page: the table is the result


@pytest.mark.parametrize("hitter", PAGE_HITTERS, ids=IDS)
def test_chat_summaries_paste(hitter):
    # A text box sends UTF-8 (protobuf): a browser turns half a surrogate pair into U+FFFD.
    text = as_browser_sends(hitter.texts()[0])
    at = run("chat_summaries.py", {state.TABLES_SOURCE_KEY: "Paste JSON", state.TABLES_PASTE_KEY: text})
    if hitter.name in FINE_FOR_TABLES:
        assert len(at.dataframe[0].value) == 5000
    elif not text.strip():
        assert any("Paste JSON above" in i.value for i in at.info)      # nothing pasted: the prompt
    else:
        assert said(at), "the chat summaries page showed no error or warning"
