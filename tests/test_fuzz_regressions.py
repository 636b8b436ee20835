"""Regressions: what the hostile-input fuzz (tests/test_fuzz.py) and the lossless properties
(tests/test_lossless.py) found, one test per fix.

Each test failed before its fix; the docstring says what was wrong.
"""
from __future__ import annotations

import json

from playground import validate
from playground.teaching.fieldguide import guide_for_report

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


def test_regression_lone_surrogates_are_named_and_never_passed_on():
    """A string or key escaped as "\\udfff" is valid JSON but half a character. Messages, paths
    and field guide rows carried the raw half, which Streamlit's protobuf, pyarrow and a UTF-8
    terminal refuse: the editor page broke ("unexpected problem"), and nothing said why. Now:
    escaped, a warning at each place (the API stores U+FFFD); raw in the text (which cannot be
    sent as UTF-8 at all), an error at its line:column."""
    text = '{"type": "message", "recipients": "all", "text": "a\\ud800b",\n "\\udfff": {"": 1}}'
    rep = validate(text, mode="request")
    assert [(i.rule, i.pointer, i.line, i.column) for i in rep.issues] == [
        ("json-lone-surrogate", "/text", 1, 50), ("unknown-field", "/\udfff", 2, 2),
        ("json-lone-surrogate", "/\udfff", 2, 12)]
    assert rep.ok                                       # warnings: the API accepts it, changed
    assert "\\ud800" in rep.issues[0].message and "U+FFFD" in rep.issues[0].message
    assert rep.issues[1].path == '"\\udfff"' and rep.issues[2].message.startswith("The key `\\udfff`")
    for i in rep.issues:
        displayable(i.message, i.rule)
        displayable(i.path, i.rule)
    assert [r.name for r in guide_for_report(rep)][-1] == '"\\udfff"'
    raw = validate('{"type": "message", "recipients": "all", "text": "a\ud800b"}', mode="request")
    assert [(i.rule, i.line, i.column) for i in raw.issues] == [("json-binary", 1, 52)]
    assert "U+D800" in raw.issues[0].message and raw.data is None


def test_regression_an_empty_key_has_a_visible_path():
    """The path of an empty key was "", an empty place in every message list."""
    rep = validate('{"type": "message", "recipients": "all", "text": "x", "": 1, "properties": {"": {"": 2}}}',
                   mode="request")
    assert [i.path for i in rep.issues] == ['""']
    from playground.validation.report import pointer_to_path
    assert pointer_to_path("/properties//") == 'properties."".""'


def test_regression_a_key_with_a_lone_surrogate_no_longer_hides_the_other_errors():
    """pydantic stops at a key holding half a surrogate pair: once that error was reported at
    its place instead, a message missing its text was called valid. The rest is now checked as
    the API reads it (U+FFFD in place of the half)."""
    rep = validate('{"type": "message", "recipients": "all", "\\udfff": 1}', mode="request")
    assert not rep.ok
    assert [(i.rule, i.pointer) for i in rep.issues] == [
        ("required-field", "/text"), ("unknown-field", "/\udfff"), ("json-lone-surrogate", "/\udfff")]
    from playground.validation import validate_data
    issues = validate_data({"type": "message", "recipients": "all", "text": 5, "\udfff": 1}, "message", "request")
    assert {(i.rule, i.pointer) for i in issues} >= {("wrong-type", "/text"), ("json-lone-surrogate", "")}


def test_regression_the_cli_writes_every_issue_as_one_inert_line(tmp_path):
    """`python -m playground validate` died with a UnicodeEncodeError traceback on a key holding
    half a surrogate pair (--format json too: the pointer carries it), and a key holding a
    vertical tab, U+2028 or an ESC sequence split an issue over several lines (or coloured the
    terminal). Now such characters are written as escapes: one line per issue, exact JSON."""
    import io
    import json
    import re
    from contextlib import redirect_stdout

    from playground.__main__ import main
    odd = tmp_path / "odd.json"      # detected by an unknown type: the verdict line quotes it
    odd.write_text('{"type": "x\\ny", "id": "1", "recipients": "all"}')
    path = tmp_path / "p.json"
    path.write_text('{"type": "message", "text": "t", "\\ud800": 1, "a\\u000bb\\u001b[31mc\\u2028d\\u0085": 2}')
    line = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-z0-9-]+\]$")
    for fmt in ("text", "json"):
        raw = io.BytesIO()
        out = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", write_through=True)  # as a terminal
        with redirect_stdout(out):
            rc = main(["validate", str(path), str(odd), "--format", fmt, "--mode", "response"])
        text = raw.getvalue().decode("utf-8")
        assert rc == 1 and "\x1b" not in text
        if fmt == "json":
            pointers = {i["pointer"] for i in json.loads(text)[0]["issues"]}
            assert {"/\ud800", "/a\x0bb\x1b[31mc\u2028d\x85"} <= pointers      # exact, lossless
        else:
            lines = text.splitlines()
            verdicts = [x for x in lines if not line.match(x)]
            assert len(verdicts) == 2 and len(lines) == 7 + 1 + 2, lines   # 7 issues, 1 issue, 2 verdicts
            assert verdicts[1].startswith(f"{odd}: invalid event") and '"x\\ny"' in verdicts[1]
            assert "`a\\x0bb\\x1b[31mc\\u2028d\\x85`" in text and "`\\ud800`" in text


def test_regression_the_composer_refuses_half_characters_instead_of_breaking_the_page():
    """A rich message or filled form holding "\\ud800" opened in the composer, whose widgets
    then carried the raw half to Streamlit (the page broke); typing "\\ud800" as JSON into a
    property value or raw-JSON field put one into the document, and Open in editor then broke
    the editor. Now the composer says where it is and leaves it to the editor; typed JSON with
    half a character stays the text typed (property) or is refused (raw JSON)."""
    import pytest

    from playground.authoring import compose
    text = ('{"type": "rich_message", "recipients": "all", "template_id": "cards",\n'
            ' "elements": [{"title": "\\ud800", "subtitle": "s"}]}')
    loaded = compose.load(text, "rich_message")
    assert loaded.doc is None and "`elements[0].title`" in loaded.message and "surrogate" in loaded.message
    displayable(loaded.message, "refusal")
    doc = compose.blank("rich_message")
    ns, name = doc.add_property()
    doc.set_property_value(ns, name, '"\\ud800"')
    assert doc.data["properties"][ns][name] == '"\\ud800"'
    displayable(doc.dump(), "composed JSON")
    form = compose.load('{"type": "filled_form", "recipients": "all", "form_id": "f",\n'
                        ' "fields": [{"type": "rating", "id": "1", "label": "x", "answer": 1}]}', "filled_form").doc
    assert form.layout().find(("fields", 0, "answer")).kind == "json"
    with pytest.raises(compose.ComposeError, match="surrogate"):
        form.edit(("fields", 0, "answer"), '{"a": "\\udfff"}')
    assert form.data["fields"][0]["answer"] == 1


def test_regression_the_composer_does_not_try_to_draw_10_000_elements():
    """A rich message with 10 000 elements opened in the composer: its form (110 000 nodes, a
    widget or more each) took seconds to lay out and minutes to draw. Past MAX_FORM_ITEMS the
    composer says why and leaves it to the editor; the spec's largest message still opens."""
    import json

    from playground.authoring import compose
    from playground.spec import limits as L
    from _hostile import _many_elements
    loaded = compose.load(_many_elements(10_000), "rich_message")
    assert loaded.doc is None and "20,000 elements, buttons" in loaded.message
    button = {"text": "b", "type": "message", "value": "v", "postback_id": "p", "user_ids": []}
    biggest = {"type": "rich_message", "recipients": "all", "template_id": "cards", "elements": [
        {"title": "t", "subtitle": "s", "buttons": [button] * L.MAX_BUTTONS}] * L.MAX_ELEMENTS}
    assert compose.load(json.dumps(biggest), "rich_message").doc is not None


def test_regression_chat_data_holding_half_characters_still_makes_a_table():
    """A chat summary holding "\\ud800" (valid JSON: a customer's name, a key) made pandas 3 and
    Arrow raise UnicodeEncodeError while building the table: the chat summaries page broke. The
    half is now shown as U+FFFD, as the API stores it, and a note says so."""
    from pathlib import Path

    from playground.presentation import tables as T
    text = (Path(__file__).resolve().parents[1] / "samples" / "chats" / "list_chats_response.json").read_text()
    text = text.replace('"Thomas Anderson"', '"Thomas \\ud800"').replace('"name": "Anna Kowalska"', '"\\udfff": 1, "name": "Anna"')
    for raw in (text, text.encode()):
        loaded = T.load_texts([("page.json", raw)])
        table = T.build_table(loaded)
        assert "Thomas \ufffd" in table.df["customer_name"].tolist()
        assert any(n.startswith("page.json: 2 strings or keys held half of a UTF-16 surrogate pair") for n in loaded.notes)
        T.to_csv(table.df).decode("utf-8")
        for frame in (T.users_frame(loaded.items[1]["users"]), T.issues_frame(table.issues[1])):
            assert len(frame)


def test_regression_preview_notes_show_half_characters_as_escapes():
    """A key holding "\\ud800" reached the preview's won't-render notes raw; the page shows the
    notes as Markdown, which Streamlit cannot send: the preview panel broke."""
    from playground.presentation.preview import render
    p = render({"chats_summary": [{"id": "C1", "last_event_per_type": {"\ud800 half": {}}}]})
    assert p.kind != "error" and p.notes
    for n in p.notes:
        displayable(n, "note")
    assert any("\\ud800 half" in n for n in p.notes)


def test_regression_a_key_with_nothing_to_see_is_quoted():
    """A key of spaces (or zero-width characters) gave a path and a message with a blank where
    the place should be: `elements[0].` and "` ` is not a field". Such a key is now quoted."""
    rep = validate('{"type": "message", "recipients": "all", "text": "x", " ": 1, "\\u200b": 2}', mode="request")
    assert [i.path for i in rep.issues] == ['" "', '"\\u200b"']
    assert rep.issues[0].message.startswith('`" "` is not a field of Message')
    for i in rep.issues:
        displayable(i.path, "path")
    assert [r.name for r in guide_for_report(rep)][-2:] == ['" "', '"\\u200b"']    # the field guide too


def test_regression_request_and_back_puts_the_server_keys_where_they_were():
    """Request mode drops id, author_id and created_at, response puts them back. Two of them side
    by side ("id", "author_id") came back swapped: each remembered only the key before it, which
    was the other one, gone by then. The lossless property test found it."""
    from playground.authoring import compose
    text = ('{"custom_id": "c", "id": "e1", "author_id": "a@b.c", "type": "rich_message", "created_at": '
            '"2020-05-12T11:42:47.383001Z", "recipients": "all", "template_id": "cards", '
            '"elements": [{"title": "t", "subtitle": "s"}]}')
    doc = compose.load(text, "rich_message").doc
    doc.set_mode("request")
    assert list(doc.data) == ["custom_id", "type", "recipients", "template_id", "elements"]
    doc.set_mode("response")
    assert list(doc.data) == list(json.loads(text)) and doc.dump() == text


def test_ids_and_pointer_tokens_of_non_ascii_digits_are_not_numbers():
    """str.isdigit() is true for '¹' and '²', which int() refuses: a form field id of '¹' broke the
    composer's next-id, and such a token broke pointer resolution (found by the compose fuzz)."""
    from playground.authoring import compose
    from playground.validation.jsontext import resolve
    doc = compose.load('{"type": "filled_form", "form_id": "f", "fields": [{"type": "name", "id": "¹", '
                       '"label": "", "answer": ""}]}', "filled_form").doc
    doc.add_field("name")
    assert len(doc.data["fields"]) == 2 and doc.data["fields"][1]["id"] != "¹"
    assert resolve([1, 2], "/²") == (False, None)
