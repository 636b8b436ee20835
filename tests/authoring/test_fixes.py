"""Quick fixes: only certain ones, applied so that every other byte of the text stays the same."""
from __future__ import annotations

from pathlib import Path

import pytest

from playground import validate
from playground.authoring.fixes import Fix, FixError, apply_all, apply_fix, fixes_for

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_rename_properites_in_the_chat_sample_changes_only_that_key():
    text = (SAMPLES / "chats" / "chat.json").read_text()
    report = validate(text)
    fixes = fixes_for(report)
    assert [(f.kind, f.pointer, f.key, f.new) for f in fixes] == [
        ("rename-key", "/properites", "properites", "properties")]
    fixed = apply_fix(text, fixes[0])
    assert fixed == text.replace('"properites"', '"properties"')
    assert not any(i.rule == "spec-sample-typo" for i in validate(fixed).issues)


def test_add_recipients_default_after_the_opening_brace_with_the_same_indent():
    text = '{\n    "type": "message",\n    "text": "Привет 👋"\n}\n'
    report = validate(text, mode="request")
    fixes = fixes_for(report)
    assert [(f.kind, f.pointer, f.key, f.new) for f in fixes] == [("add-field", "", "recipients", '"all"')]
    fixed = apply_fix(text, fixes[0])
    assert fixed == '{\n    "recipients": "all",\n    "type": "message",\n    "text": "Привет 👋"\n}\n'
    assert validate(fixed, mode="request").issues == []


@pytest.mark.parametrize("text, expected", [
    ('{"type":"message","text":"x"}', '{"recipients":"all", "type":"message","text":"x"}'),
    ('{ "type" : "message", "text": "x" }', '{ "recipients" : "all", "type" : "message", "text": "x" }'),
    ('\t{\r\n\t"type": "message",\r\n\t"text": "x"}', '\t{\r\n\t"recipients": "all",\r\n\t"type": "message",\r\n\t"text": "x"}'),
])
def test_add_field_keeps_the_writers_style(text, expected):
    (fix,) = fixes_for(validate(text, mode="request"))
    assert apply_fix(text, fix) == expected


def test_nested_unknown_key_with_a_typo():
    text = ('{"type": "rich_message", "template_id": "cards", "recipients": "all",\n'
            ' "elements": [{"title": "a", "buttons": [{"text": "Yes", "postbak_id": "p", "user_ids": []}]}]}')
    report = validate(text, mode="request")
    fixes = [f for f in fixes_for(report) if f.kind == "rename-key"]
    assert [(f.pointer, f.new) for f in fixes] == [("/elements/0/buttons/0/postbak_id", "postback_id")]
    assert apply_fix(text, fixes[0]) == text.replace("postbak_id", "postback_id")


def test_no_fix_without_a_certain_suggestion_or_when_it_would_duplicate():
    assert fixes_for(validate('{"type": "message", "text": "x", "recipients": "all", "zzzzqqq": 1}',
                              mode="request")) == []
    # renaming would create a second "properties": not certain, so not offered
    text = '{"type": "message", "text": "x", "recipients": "all", "properites": {}, "properties": {}}'
    assert fixes_for(validate(text, mode="request")) == []
    assert fixes_for(validate("{not json")) == []


def test_escaped_key_is_replaced_whole():
    text = '{"type": "message", "text": "x", "recipients": "all", "prop\\u0065rites": {}}'
    (fix,) = fixes_for(validate(text, mode="request"))
    assert apply_fix(text, fix) == '{"type": "message", "text": "x", "recipients": "all", "properties": {}}'


def test_apply_all_deepest_first_and_stale_fixes_are_refused():
    text = '{"type": "message", "text": "x", "properites": {"ns": {"k": 1}}}'
    fixes = fixes_for(validate(text, mode="request"))
    assert {f.kind for f in fixes} == {"rename-key", "add-field"}
    fixed = apply_all(text, fixes)
    assert fixed == '{"recipients": "all", "type": "message", "text": "x", "properties": {"ns": {"k": 1}}}'
    with pytest.raises(FixError):
        apply_fix(fixed, Fix("rename-key", "/properites", "spec-sample-typo", "properites", "properties"))
    with pytest.raises(FixError):
        apply_fix("[1, 2]", Fix("add-field", "/0", "recipients-default", "recipients", '"all"'))


def test_fix_in_an_array_item_and_in_an_empty_object():
    text = '[{"id": "a", "users": [], "properites": {}}]'
    report = validate(text)
    renames = [f for f in fixes_for(report) if f.kind == "rename-key"]
    assert renames and renames[0].pointer == "/0/properites"
    assert '"properties": {}' in apply_fix(text, renames[0])
    assert apply_fix('{"event": {}}', Fix("add-field", "/event", "recipients-default", "recipients", '"all"')) \
        == '{"event": {"recipients": "all"}}'


# -- syntax errors (issue 14): one certain repair, only the offending characters change --------

@pytest.mark.parametrize("text, start, removed, added, fixed_text, title", [
    ('{\n  "type": "message",\n  "text": "hi",\n}\n', 37, ",", "", '{\n  "type": "message",\n  "text": "hi"\n}\n',
     "Remove the trailing comma at line 3, column 15"),
    ('[1, 2,\n]', 5, ",", "", '[1, 2\n]', "Remove the trailing comma"),
    ("{'type': \"message\"}", 1, "'type'", '"type"', '{"type": "message"}', "Use double quotes for 'type'"),
    ('{\n  "type": "message"\n  "text": "hi"\n}', 21, "", ",", '{\n  "type": "message",\n  "text": "hi"\n}',
     "Add the missing comma at line 2, column 20"),
    ('[true false]', 5, "", ",", '[true, false]', "Add the missing comma"),
    ('{type: "message"}', 1, "type", '"type"', '{"type": "message"}', "Put the key `type` in double quotes"),
    ('// a note\n{"type": "message"}', 0, "// a note", "", '\n{"type": "message"}', "Remove the comment"),
    ('{"a": 1, /* why */ "b": 2}', 9, "/* why */", "", '{"a": 1,  "b": 2}', "Remove the comment"),
    ('{"a": 1 // why\r\n}', 8, "// why", "", '{"a": 1 \r\n}', "Remove the comment"),
])
def test_a_syntax_error_gets_its_certain_repair_and_nothing_else_changes(text, start, removed, added, fixed_text, title):
    report = validate(text)
    assert report.data is None and report.issues[0].rule == "json-syntax"
    [fix] = fixes_for(report)
    assert (fix.kind, fix.rule, fix.start, fix.key, fix.new) == ("edit-text", "json-syntax", start, removed, added)
    assert fix.title.startswith(title)
    fixed = apply_fix(text, fix)
    assert fixed == fixed_text
    assert fixed[:start] == text[:start] and fixed[start + len(added):] == text[start + len(removed):]


def test_syntax_repairs_one_at_a_time_reach_valid_json():
    text = "{\n  // what the widget shows\n  type: 'message',\n  'text': 'hi'\n  \"recipients\": \"all\",\n}\n"
    titles = []
    for _ in range(10):
        report = validate(text, mode="request")
        if report.data is not None:
            break
        [fix] = fixes_for(report)
        titles.append(fix.title.split(" at ")[0])
        text = apply_fix(text, fix)
    assert report.ok and report.structure == "message", report.issues
    assert text == '{\n  \n  "type": "message",\n  "text": "hi",\n  "recipients": "all"\n}\n'
    assert titles == ["Remove the comment (JSON has none)", "Put the key `type` in double quotes",
                      "Use double quotes for 'message'", "Use double quotes for 'text'", "Use double quotes for 'hi'",
                      "Add the missing comma", "Remove the trailing comma"]


@pytest.mark.parametrize("text", [
    '{"a": "x, "b": 1}',       # an unclosed string: a comma would not mend it
    '{"a" 1}',                 # a missing colon
    "{'a': 'it's'}".replace("'a'", '"a"'),   # a quote inside: which one closes is a guess
    '[1,,2]', '{"a": tru}', '{"a": 1}}', '{"a": /* never closed', "{'a\\'b': 1}", '',
])
def test_no_syntax_fix_where_the_repair_is_a_guess(text):
    assert fixes_for(validate(text)) == []


def test_a_stale_syntax_fix_is_refused():
    text = '[1, 2,]'
    [fix] = fixes_for(validate(text))
    with pytest.raises(FixError):
        apply_fix('[1, 2 ]', fix)
    assert apply_all(text, [fix]) == '[1, 2]'
