"""Every page of the app loads without an exception, on its own and through the navigation."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.app import state

APP_DIR = Path(__file__).resolve().parents[2] / "playground" / "app"
MAIN = APP_DIR / "main.py"
PAGE_FILES = sorted(p.name for p in (APP_DIR / "views").glob("*.py") if not p.name.startswith("_"))
REGISTERED = re.findall(r'PAGES_DIR / "([a-z_]+\.py)"', MAIN.read_text())
GUARD_WORDS = "hit an unexpected problem"


def _problems(at: AppTest) -> list[str]:
    out = [str(e.value) for e in at.exception]
    out += [str(e.value) for e in at.error if GUARD_WORDS in str(e.value)]
    return out


def test_every_page_file_is_registered_and_every_registered_page_exists():
    assert REGISTERED, "main.py registers no pages"
    assert set(REGISTERED) == set(PAGE_FILES)
    for name in ("editor.py", "rich_message_composer.py", "filled_form_composer.py",
                 "chat_summaries.py", "reference.py"):
        assert name in REGISTERED


@pytest.mark.parametrize("name", REGISTERED)
def test_page_loads_on_its_own(name):
    at = AppTest.from_file(str(APP_DIR / "views" / name), default_timeout=60)
    at.run()
    assert not _problems(at), _problems(at)
    assert at.title, f"{name} shows no title"


def test_main_runs_the_editor_first_and_every_page_through_the_navigation():
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.run()
    assert not _problems(at)
    assert at.title[0].value == "JSON editor"
    for name in REGISTERED:
        at.switch_page(f"views/{name}")
        at.run()
        assert not _problems(at), (name, _problems(at))


def test_switching_pages_keeps_the_payload():
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    at.run()
    text = '{"type": "message", "text": "Привет 👋 kept across pages", "recipients": "all"}'
    at.session_state[state.MODE_KEY] = "request"
    at.session_state[state.editor_key_for(0)] = text       # as if typed in the editor
    at.run()
    assert at.session_state[state.TEXT_KEY] == text
    for name in REGISTERED[1:]:
        at.switch_page(f"views/{name}")
        at.run()
        assert at.session_state[state.TEXT_KEY] == text, name
    at.switch_page("views/editor.py")
    at.run()
    assert at.session_state[state.TEXT_KEY] == text
    assert any("Valid" in s.value for s in at.success)
