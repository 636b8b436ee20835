"""The editor's preview follows the API version in use (playground/app/preview_view.py), through
AppTest: a v3.6 Form event checked as v3.2 gets the "arrived in v3.3" note, as v3.6 none."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground.app import state

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "playground" / "app" / "views" / "editor.py"
FORM = (ROOT / "samples" / "v3_6" / "events" / "form.json").read_text()


def _preview_notes(version: str) -> str:
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    at.session_state[state.TEXT_KEY] = FORM
    at.session_state[state.MODE_KEY] = "response"
    at.session_state[state.VERSION_KEY] = version
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[state.REPORT_CACHE_KEY][1].version == version
    return "\n".join(str(i.value) for i in at.info).replace("\\", "")


def test_the_editor_preview_is_drawn_for_the_version_in_use():
    assert "The form event arrived in v3.3" in _preview_notes("3.2")
    assert "arrived in" not in _preview_notes("3.6")
