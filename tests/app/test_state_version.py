"""The API version in session state (state.VERSION_KEY): its default, and the pages validate with it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import state
from playground.spec import catalog
from playground.spec.catalog import Structure
from playground.spec.common import Model
from playground.spec.limits import Audience

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "playground" / "app" / "views" / "editor.py"
MESSAGE = json.dumps({"type": "message", "text": "hi", "recipients": "all"})


class _Shout(Model):
    type: str
    shout: str


def _run(text: str, version: str | None = None) -> AppTest:
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    at.session_state[state.TEXT_KEY] = text
    at.session_state[state.MODE_KEY] = "request"
    if version is not None:
        at.session_state[state.VERSION_KEY] = version
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _report(at: AppTest):
    key, report = at.session_state[state.REPORT_CACHE_KEY]
    return key, report


def test_the_version_defaults_to_detect_and_reaches_validate():
    # issue 11: the editor's picker offers Detect first, and a new session starts there
    at = _run(MESSAGE)
    assert at.session_state[state.VERSION_KEY] == state.DETECT
    key, report = _report(at)
    assert key[-1] == state.DETECT and report.version == "3.2" and report.version_detected and report.ok


def test_a_chosen_version_reaches_validate():
    key, report = _report(_run(MESSAGE, "3.2"))
    assert key[-1] == "3.2" and report.version == "3.2" and not report.version_detected and report.ok


def test_an_unknown_version_in_session_state_falls_back_to_detect():
    key, report = _report(_run(MESSAGE, "9.9"))
    assert key[-1] == state.DETECT and report.version == "3.2" and report.ok


def test_the_editor_validates_with_the_sessions_version(monkeypatch):
    made_up = Structure("message", "Message", "Events", _Shout, _Shout, (), "", None, "0.1")
    monkeypatch.setitem(catalog._CATALOGS, "0.1", {"message": made_up})
    monkeypatch.setitem(catalog._AUDIENCES, "0.1", Audience("audience", ("all",), "all"))
    monkeypatch.setattr(catalog, "VERSIONS", (*catalog.VERSIONS, "0.1"))
    key, report = _report(_run(MESSAGE, "0.1"))
    assert report.version == "0.1" and key[-1] == "0.1"
    assert [i.pointer for i in report.errors] == ["/shout"]


def test_set_version_refuses_an_unknown_version():
    with pytest.raises(catalog.UnknownVersion):
        state.set_version("9.9")
