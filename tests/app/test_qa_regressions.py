"""Regressions found by the QA pass over the merged per-version pages (AppTest)."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground.app import state

ROOT = Path(__file__).resolve().parents[2]
RM_PAGE = str(ROOT / "playground" / "app" / "views" / "rich_message_composer.py")
RM36 = json.loads((ROOT / "samples" / "v3_6" / "events" / "rich_message.json").read_text(encoding="utf-8"))


def _ecommerce_text() -> str:
    d = json.loads(json.dumps(RM36))
    d["template_id"] = "ecommerce"
    d["elements"][0]["ecommerce"] = {"product_id": "p", "view_type": "tags", "options": [
        {"option_id": "a", "label": "A", "price": 1, "currency": "USD"}]}
    return json.dumps(d, indent=2)


def _notes(version: str) -> str:
    at = AppTest.from_file(RM_PAGE, default_timeout=60)
    at.session_state[state.TEXT_KEY] = _ecommerce_text()
    at.session_state[state.VERSION_KEY] = version
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["rmc_doc"].version == version
    return "\n".join(str(i.value) for i in at.info).replace("\\", "")


def test_the_composer_preview_is_drawn_for_the_composition_s_version():
    # The composer used to preview without a version, so an ecommerce template in a v3.2
    # composition was drawn with no word that v3.2 has no such template.
    assert "The ecommerce template arrived in v3.6" in _notes("3.2")
    assert "arrived in" not in _notes("3.6")


# -- the LiveChat connection's refusals: the method and scopes are code, not `backticks` ---------
from playground.app import connection_view as cv  # noqa: E402
from playground.live import client as live  # noqa: E402
from tests.live.standin import StandIn  # noqa: E402

MAIN = ROOT / "playground" / "app" / "main.py"


def test_a_refused_send_shows_the_method_as_code_not_escaped_backticks(monkeypatch):
    # explain() writes the method and scopes in backticks; the page escaped them (ui.md), so the
    # error box read "\`send_event\` is not allowed…" with the backticks printed.
    with StandIn() as api:
        monkeypatch.setenv(live.BASE_URL_ENV, api.url)
        at = AppTest.from_file(str(MAIN), default_timeout=60)
        at.run()
        at.text_input(key=cv.TOKEN_WIDGET_KEY).input(api.token)
        at.button(key="live_connect").click()
        at.run()
        at.session_state[state.editor_key_for(at.session_state[state.REVISION_KEY])] = json.dumps(RM36)
        at.run()
        api.fail("authorization", method="send_event")
        at.button(key="live_send_editor").click()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        shown = " ".join(e.value for e in at.error)
        assert "`send_event` is not allowed" in shown and "`chats--all:rw`" in shown, shown
        assert "\\`" not in shown, shown
