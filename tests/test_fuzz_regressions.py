"""Regressions: what the hostile-input fuzz (tests/test_fuzz.py) found, one test per fix.

Each test failed before its fix; the docstring says what was wrong.
"""
from __future__ import annotations

from playground import validate
from playground.fieldguide import guide_for_report

from _hostile import displayable


def test_regression_a_number_beyond_a_double_is_an_error_at_its_place():
    """1e5000 is JSON syntax, but json.loads reads it as Infinity, which the API rejects: the
    editor said nothing (or "got the number inf"), while the composer refused it."""
    text = '{"type": "custom", "recipients": "all",\n "content": {"big": 1e5000, "neg": -1.5E+400, "ok": [1e308, 1e-400, "1e999"]}}'
    rep = validate(text, mode="request")
    hits = [(i.pointer, i.line, i.column) for i in rep.issues if i.rule == "json-nan"]
    assert hits == [("/content/big", 2, 21), ("/content/neg", 2, 36)]
    assert all("Infinity" in i.message and "1.8e308" in i.message for i in rep.issues if i.rule == "json-nan")
    assert not rep.ok
    assert validate(text.replace("1e5000", "1").replace("-1.5E+400", "2"), mode="request").ok

