"""The editor offers the repair of a JSON syntax error as a quick fix (issue 14), through the
same buttons as the other fixes; one click at a time reaches valid JSON."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground.app import state

EDITOR = Path(__file__).resolve().parents[2] / "playground" / "app" / "views" / "editor.py"


def test_syntax_errors_are_repaired_by_quick_fix_buttons_one_at_a_time():
    text = "{\n  'type': 'message',\n  text: \"hi\",\n  \"recipients\": \"all\",\n}\n"
    at = AppTest.from_file(str(EDITOR), default_timeout=60)
    at.session_state[state.VERSION_KEY] = "3.2"
    at.session_state[state.MODE_KEY] = "request"
    at.session_state[state.TEXT_KEY] = text
    at.run()
    pressed = []
    for _ in range(6):
        assert not at.exception, [e.value for e in at.exception]
        buttons = [b for b in at.button if b.key and b.key.startswith("fix-") and not b.key.startswith("fix-all")]
        if not buttons:
            break
        assert len(buttons) == 1          # one certain repair: the first error's
        pressed.append(buttons[0].label.split(" at ")[0])
        buttons[0].click().run()
    assert at.session_state[state.TEXT_KEY] == '{\n  "type": "message",\n  "text": "hi",\n  "recipients": "all"\n}\n'
    assert pressed == ["Use double quotes for 'type'", "Use double quotes for 'message'",
                       "Put the key `text` in double quotes", "Remove the trailing comma"]
    assert "Valid" in "\n".join(str(e.value) for e in at.success)
