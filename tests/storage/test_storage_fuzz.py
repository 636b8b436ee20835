"""Any text and title round-trip through a saved payload; any id string is refused with a message.

Hostile inputs from tests/_hostile.py (lone surrogates, NUL, XSS vectors, JSON garbage, mutated
samples); SQLite only (the PostgreSQL path is the same code with other placeholders, tested in
test_store.py), modest example counts.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _hostile import ANY_CHAR, hostile_texts
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from playground.storage import NotFound, open_store, settings

ROOT = Path(__file__).resolve().parents[2]
FUZZ = hsettings(max_examples=60, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(text=hostile_texts(), title=st.none() | st.text(ANY_CHAR, max_size=300))
def test_any_text_and_title_round_trip(tmp_path_factory, text, title):
    store = open_store(settings.load({settings.ENV_DB_PATH: str(tmp_path_factory.getbasetemp() / "fuzz.sqlite3"),
                                      settings.ENV_PER_MINUTE: "0"}, {}))
    if not text.encode("utf-8", "surrogatepass").strip():
        return
    saved = store.save(text, title=title, client="fuzz")
    back = store.load(saved.id)
    assert back.text == text
    assert back.title is None or (len(back.title) <= 200 and back.title.isprintable())
    back.title and back.title.encode("utf-8")           # a title can always be shown


@FUZZ
@given(pid=st.text(ANY_CHAR, max_size=80) | st.from_regex(r"\A[A-Za-z0-9_-]{16}\Z"))
def test_any_id_is_found_or_refused_with_a_message(tmp_path_factory, pid):
    store = open_store(settings.load({settings.ENV_DB_PATH: str(tmp_path_factory.getbasetemp() / "ids.sqlite3")}, {}))
    store.save("{}", client="ids") if store.stats() == (0, 0) else None
    try:
        store.load(pid)
    except NotFound as e:
        assert str(e) and str(e).encode("utf-8")


def test_the_storage_package_imports_no_streamlit():
    code = "import sys, playground.storage; assert 'streamlit' not in sys.modules, 'streamlit imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={"PYTHONPATH": str(ROOT)})
