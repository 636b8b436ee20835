"""validate(): detection, positions, bad input, and messages that name the place and quote the spec."""
from __future__ import annotations

import json
import time

import pytest

from playground import Issue, Report, STRUCTURES, detect, validate, validate_data
from playground.spec import limits as L
from playground.spec.catalog import all_samples
from playground.spec.rules import RULES

from _payloads import (AGENT, CHAT, CHAT_SUMMARY, CUSTOM, CUSTOMER, FILE, FILLED_FORM, MESSAGE,
                       MESSAGE_RESPONSE, RICH, SYSTEM, THREAD, dumps, sample, unmark)


def rules_of(rep: Report) -> list[str]:
    return [i.rule for i in rep.issues]


# -- detection ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,path", all_samples(), ids=lambda x: getattr(x, "name", x))
def test_every_sample_is_detected_as_its_structure(name, path):
    rep = validate(path.read_bytes())
    assert rep.structure == name
    assert rep.detected_by and rep.detected_by != "chosen"


@pytest.mark.parametrize("payload,name,how", [
    (MESSAGE, "message", '"type": "message"'),
    (RICH, "rich_message", '"type": "rich_message"'),
    (FILE, "file", '"type": "file"'),
    (FILLED_FORM, "filled_form", '"type": "filled_form"'),
    (CUSTOM, "custom", '"type": "custom"'),
    (SYSTEM, "system_message", '"type": "system_message"'),
    (AGENT, "agent", '"type": "agent"'),
    ({**AGENT, "permission": "administrator"}, "my_profile", '"permission"'),
    (CUSTOMER, "customer", '"type": "customer"'),
    ({"group_ids": [0]}, "access", '"group_ids"'),
    ({"access": {"group_ids": [0]}}, "access", '"access"'),
    (CHAT, "chat", '"threads"'),
    (CHAT_SUMMARY, "chat_summary", "last_event_per_type"),
    ([CHAT_SUMMARY], "chat_summaries", "list"),
    ({"chats_summary": [], "found_chats": 0}, "chat_summaries", '"chats_summary"'),
    (THREAD, "thread", '"active"'),
    ({"fields": []}, "filled_form_fields", '"fields"'),
    ({"properties": {}}, "properties", '"properties"'),
    ({"type": "form", "id": "x"}, "event", '"type": "form"'),
])
def test_detection_by_type_or_distinctive_keys(payload, name, how):
    structure, detected_by = detect(payload)
    assert structure == name
    assert how in detected_by
    rep = validate(dumps(payload), mode="request" if name in ("message", "rich_message", "file") else "response")
    assert (rep.structure, rep.detected_by) == (name, detected_by)


def test_when_nothing_fits_the_report_says_what_was_tried():
    rep = validate('{"hello": "world", "n": 1}')
    assert rep.structure is None and not rep.ok
    [issue] = rep.issues
    assert issue.rule == "structure-unknown" and (issue.line, issue.column) == (1, 1)
    assert "'hello'" in issue.message and "Tried:" in issue.message
    for name in ("message", "rich_message", "agent", "customer", "chat_summaries", "chat_summary", "chat",
                 "thread", "filled_form_fields", "access", "properties"):
        assert name in issue.message, name
    assert "--as NAME" in issue.message
    assert rep.detected_by == issue.message


def test_a_chosen_structure_is_used_as_given():
    rep = validate(dumps({**AGENT, "permission": "administrator"}), "agent")
    assert (rep.structure, rep.detected_by) == ("agent", "chosen")
    assert rules_of(rep) == ["unknown-field"]   # permission belongs to my_profile, not agent
    assert "permission" in rep.issues[0].message


def test_an_unknown_structure_name_is_one_clear_error():
    rep = validate("{}", "mesage")
    [issue] = rep.issues
    assert issue.rule == "structure-name" and "'mesage'" in issue.message and "message" in issue.message


def test_mode_request_and_response_use_different_tables():
    text = dumps(MESSAGE)
    assert validate(text, mode="request").ok
    resp = validate(text, mode="response")
    assert {i.pointer for i in resp.errors} == {"/id", "/created_at", "/author_id"}
    assert all("switch the mode to request" in i.message for i in resp.errors)
    assert validate(dumps(MESSAGE_RESPONSE), mode="response").ok
    assert validate(text, mode="bogus").mode == "response"


# -- positions ------------------------------------------------------------------------------

POSITION_CASES = [
    # CRLF line ends and tabs: columns count characters from the line start
    ('{\r\n\t"type": "message",\r\n\t"text": §1,\r\n\t"recipients": "all"}', "/text", "wrong-type"),
    # characters outside the BMP count as one column each
    ('{"😁😁": 1, "type": "message", "text": §1, "recipients": "all"}', "/text", "wrong-type"),
    # unknown keys point at the key, not the value
    ('{"type": "message",\n  "text": "x",\n  "recipients": "all",\n  §"emoji": "😁"}', "/emoji", "unknown-field"),
    # a key written with escapes is found by its decoded name
    ('{"type": "message", "text": "x", "recipients": "all", §"pro\\u0070erites": {}}', "/properites", "spec-sample-typo"),
    # keys with / and ~ are escaped in the pointer
    ('{"type": "message", "text": "x", "recipients": "all", §"a/b~c": 1}', "/a~1b~0c", "unknown-field"),
    # a missing member points at the object that lacks it
    ('{"type": "message", "recipients": "all", "text": "x",\n "postback": §{"id": "a", "thread_id": "b"}}', "/postback/event_id",
     "required-field"),
    # deep in a chat: the fifth line, the bad user type
    ('{"id": "PJ",\n "threads": [],\n "users": [\n  {"id": "a@b.c", "type": "agent"},\n  {"id": "x", "type": §"bot"}]}',
     "/users/1/type", "user-type"),
    # strings holding brackets, quotes and colons do not confuse the scanner
    ('{"type": "message", "text": "}]\\" : {[", "recipients": "all", "custom_id": §7}', "/custom_id", "wrong-type"),
]


@pytest.mark.parametrize("marked,pointer,rule", POSITION_CASES)
def test_positions_are_line_and_column_of_the_key_or_value(marked, pointer, rule):
    text, line, col = unmark(marked)
    rep = validate(text, mode="request" if '"type": "message"' in text else "response")
    hits = [i for i in rep.issues if i.rule == rule]
    assert hits, rep.issues
    assert (hits[0].pointer, hits[0].line, hits[0].column) == (pointer, line, col)


def test_issues_are_sorted_by_place():
    text = dumps({"type": "message", "zzz": 1, "text": 5, "recipients": "nobody", "aaa": 2})
    rep = validate(text, mode="request")
    places = [(i.line, i.column) for i in rep.issues]
    assert places == sorted(places) and len(places) == 4


def test_same_text_as_str_or_bytes_gives_the_same_report():
    text = dumps({**RICH, "template_id": "list", "extra": "é😁"})
    a, b = validate(text, mode="request"), validate(text.encode(), mode="request")
    assert a.issues == b.issues and a.data == b.data and a.text == b.text


def test_validate_data_gives_pointers_without_positions():
    issues = validate_data({**MESSAGE, "text": 5, "txet": "x"}, "message", "request")
    assert {(i.rule, i.pointer) for i in issues} == {("wrong-type", "/text"), ("unknown-field", "/txet")}
    assert all((i.line, i.column) == (0, 0) for i in issues)


def test_report_and_issue_as_dict():
    rep = validate('{"type": "message", "text": 5}', mode="request")
    d = rep.as_dict()
    assert set(d) == {"structure", "detected_by", "mode", "version", "version_detected", "version_reason",
                      "version_fits", "mode_detected", "mode_reason", "ok", "issues"}
    assert d["ok"] is False and d["structure"] == "message" and d["version"] == "3.2"
    assert d["version_detected"] is False and d["version_fits"] == []
    first = d["issues"][0]
    assert set(first) >= {"severity", "pointer", "path", "line", "column", "rule", "message", "spec"}
    json.dumps(d)   # serialisable as is
    assert Issue("error", "/elements/0/buttons/2/type", 1, 1, "x", "m").path == "elements[0].buttons[2].type"
    assert Issue("error", "", 1, 1, "x", "m").path == "(root)"


def test_data_keeps_key_order_and_unknown_fields():
    text = '{"zeta": 1, "type": "message", "text": "x", "recipients": "all", "alpha": {"b": 1, "a": 2}}'
    rep = validate(text, mode="request")
    assert list(rep.data) == ["zeta", "type", "text", "recipients", "alpha"]
    assert list(rep.data["alpha"]) == ["b", "a"]


# -- bad input: one clear error each, never an exception --------------------------------------

def one_error(rep: Report) -> Issue:
    errors = rep.errors
    assert len(errors) == 1, [(i.rule, i.message) for i in rep.issues]
    assert "internal" not in rules_of(rep)
    return errors[0]


@pytest.mark.parametrize("marked,hint", [
    ('{"type": "message",\n "text": "hi"\n §"recipients": "all"}', "comma"),
    ('{"type": "message", "text": "hi",§}', "trailing comma"),
    ("{§'type': 'message'}", "double quotes"),
    ('{"present": §True}', "lower case"),
    ('{"a": 1}\n§{"b": 2}', "one payload"),
    ('{"a": §"abc', "never closed"),
    ('{"a": "line§\nbreak"}', "escape"),
    ('{"a": §undefined}', "'undefined'"),
    ('{"a": [1, 2§', "ends too early"),
    ('{"a" §1}', "colon"),
])
def test_invalid_json_gives_the_exact_line_and_column(marked, hint):
    text, line, col = unmark(marked)
    issue = one_error(validate(text))
    assert issue.rule == "json-syntax"
    assert (issue.line, issue.column) == (line, col)
    assert f"line {line}, column {col}" in issue.message
    assert hint in issue.message


@pytest.mark.parametrize("text", ["", "   ", "\n\t\r\n", b""])
def test_empty_text(text):
    issue = one_error(validate(text))
    assert issue.rule == "json-empty" and (issue.line, issue.column) == (1, 1)


@pytest.mark.parametrize("text,kind", [("[1, 2]", "array"), ("42", "number 42"), ('"hi"', 'string "hi"'),
                                       ("null", "null"), ("true", "boolean true"), ("[[]]", "array")])
def test_top_level_array_or_scalar(text, kind):
    issue = one_error(validate(text))
    assert issue.rule == "json-not-object" and kind in issue.message


@pytest.mark.parametrize("name", ["message", "agent", "chat", "thread", "access", "properties"])
def test_array_where_an_object_is_needed(name):
    issue = one_error(validate("[]", name))
    assert issue.rule == "json-not-object" and "object" in issue.message


def test_chat_summaries_needs_a_list_of_objects_or_a_list_chats_object():
    assert validate("[]").ok and validate("[]").structure == "chat_summaries"
    issue = one_error(validate('"x"', "chat_summaries"))
    assert issue.rule == "json-not-object"


@pytest.mark.parametrize("raw", ['\ufeff{"type": "message", "text": "x", "recipients": "all"}',
                                 b'\xef\xbb\xbf{"type": "message", "text": "x", "recipients": "all"}'])
def test_bom_is_one_error_and_the_rest_is_still_checked(raw):
    rep = validate(raw, mode="request")
    issue = one_error(rep)
    assert issue.rule == "json-bom" and (issue.line, issue.column) == (1, 1)
    assert rep.structure == "message" and rep.data["text"] == "x"


def test_bom_does_not_shift_positions():
    rep = validate('\ufeff{"type": "message", "text": 5, "recipients": "all"}', mode="request")
    wrong = [i for i in rep.issues if i.rule == "wrong-type"][0]
    assert (wrong.line, wrong.column) == (1, 30)


@pytest.mark.parametrize("marked,pointer", [
    ('{"type": "custom", "recipients": "all", "content": {"x": §NaN}}', "/content/x"),
    ('{"type": "custom", "recipients": "all", "content": {"x": [1, §Infinity]}}', "/content/x/1"),
    ('{"type": "custom", "recipients": "all", "content": {"x": §-Infinity}}', "/content/x"),
])
def test_nan_and_infinity(marked, pointer):
    text, line, col = unmark(marked)
    issue = one_error(validate(text, mode="request"))
    assert (issue.rule, issue.pointer, issue.line, issue.column) == ("json-nan", pointer, line, col)


def test_nan_inside_a_string_is_fine():
    assert validate('{"type": "custom", "recipients": "all", "content": {"x": "NaN Infinity"}}', mode="request").ok


def test_duplicate_keys_warn_and_the_last_one_wins():
    text, line, col = unmark('{"type": "message",\n "text": "first",\n "recipients": "all",\n §"text": "second"}')
    rep = validate(text, mode="request")
    assert rep.ok
    [issue] = rep.issues
    assert (issue.rule, issue.severity, issue.pointer, issue.line, issue.column) == \
        ("json-duplicate-key", "warning", "/text", line, col)
    assert rep.data["text"] == "second"


def test_duplicate_keys_in_nested_objects():
    rep = validate('{"type": "message", "text": "x", "recipients": "all",\n'
                   ' "properties": {"ns": {"a": 1, "a": 2}, "ns2": {}, "ns2": {}}}', mode="request")
    dups = [(i.pointer, i.line, i.column) for i in rep.issues if i.rule == "json-duplicate-key"]
    assert dups == [("/properties/ns/a", 2, 32), ("/properties/ns2", 2, 52)]


@pytest.mark.parametrize("opener,closer", [("[", "]"), ('{"a":', "}")])
@pytest.mark.parametrize("depth", [257, 1000, 100_000])
def test_nesting_deeper_than_the_bound(opener, closer, depth):
    text = opener * depth + "1" + closer * depth
    t = time.perf_counter()
    issue = one_error(validate(text))
    assert time.perf_counter() - t < 2
    assert issue.rule == "json-too-deep" and "256" in issue.message
    assert (issue.line, issue.column) == (1, len(opener) * 256 + 1)


def test_nesting_at_the_bound_is_accepted():
    depth = L.MAX_DEPTH - 2   # root object and content object make two levels
    text = '{"type": "custom", "recipients": "all", "content": {"a": ' + "[" * depth + "]" * depth + "}}"
    assert validate(text, mode="request").ok


def test_unclosed_deep_nesting():
    issue = one_error(validate("[" * 100_000))
    assert issue.rule == "json-too-deep"


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({**CUSTOM, "content": {"s": "[" * 5000 + "{" * 5000}})
    assert validate(text, mode="request").ok


@pytest.mark.parametrize("raw,line,col", [
    (bytes(range(256)), 1, 1),                                     # binary
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1),                # an image
    ('{"a": 1}'.encode("utf-16"), 1, 1),                          # UTF-16 with BOM
    ('{"a": 1}'.encode("utf-16-le"), 1, 1),                       # UTF-16 without BOM (NUL bytes)
    (b'{"type": "message",\n "text": "caf\xe9"}', 2, 14),         # Latin-1, not UTF-8
    (b'{"a": "\xed\xa0\x80"}', 1, 8),                              # an encoded surrogate
    ('{"a": "\x00"}', 1, 8),                                       # NUL in a str
])
def test_binary_or_invalid_utf8(raw, line, col):
    issue = one_error(validate(raw))
    assert issue.rule == "json-binary" and (issue.line, issue.column) == (line, col)
    assert "UTF-8" in issue.message or "binary" in issue.message


@pytest.mark.parametrize("make", [lambda n: b" " * n, lambda n: " " * n, lambda n: "é" * (n // 2 + 1)])
def test_text_over_the_size_bound(make):
    t = time.perf_counter()
    issue = one_error(validate(make(L.MAX_INPUT_BYTES + 1)))
    assert time.perf_counter() - t < 1
    assert issue.rule == "json-too-large" and "5 MB" in issue.message


def test_text_at_the_size_bound_is_validated():
    body = dumps(MESSAGE)
    rep = validate(body + " " * (L.MAX_INPUT_BYTES - len(body)), mode="request")
    assert rep.ok and rep.structure == "message"


def test_a_lone_surrogate_does_not_crash():
    # escaped: valid JSON, but not a character (the API stores U+FFFD): a warning at its place
    rep = validate('{"type": "message", "text": "\\ud800", "recipients": "all"}', mode="request")
    assert rep.ok and rules_of(rep) == ["json-lone-surrogate"] and rep.issues[0].pointer == "/text"
    # raw in the text: it cannot be written as UTF-8, so it cannot be sent at all
    rep = validate('{"type": "message", "text": "\ud800", "recipients": "all"}', mode="request")
    assert not rep.ok and rules_of(rep) == ["json-binary"] and (rep.issues[0].line, rep.issues[0].column) == (1, 30)


def test_a_bug_in_the_validator_is_reported_not_raised(monkeypatch):
    from playground.validation import core as validation
    monkeypatch.setattr(validation, "_check", lambda *a, **k: 1 / 0)
    rep = validate(dumps(MESSAGE), mode="request")
    assert rules_of(rep) == ["internal"] and "ZeroDivisionError" in rep.issues[0].message


# -- big payloads ------------------------------------------------------------------------------

def big_chat_summaries(n: int = 700) -> list:
    one = sample("chats/chat_summary.json")
    one["properties"] = one.pop("properites")
    out = []
    for i in range(n):
        item = json.loads(json.dumps(one))
        item["id"] = f"CHAT{i:06d}"
        out.append(item)
    return out


def test_a_valid_2mb_chat_summaries_payload_validates_fully_and_fast():
    items = big_chat_summaries()
    text = json.dumps(items, indent=2)
    assert 2 * 1024 * 1024 < len(text.encode()) < L.MAX_INPUT_BYTES
    validate(text)  # warm up the adapters
    t = time.perf_counter()
    rep = validate(text)
    elapsed = time.perf_counter() - t
    assert rep.ok and rep.issues == [] and rep.structure == "chat_summaries"
    # A hang guard, not a benchmark (figures: benchmarks/validate.py); quadratic work would blow it.
    assert elapsed < 10, f"{elapsed:.2f} s for {len(text) / 1e6:.1f} MB"
    # fully: a mistake in the very last summary is found, at its line
    items[-1]["users"][1]["routing_status"] = "busy"
    text = json.dumps(items, indent=2)
    rep = validate(text)
    [issue] = rep.issues
    assert (issue.rule, issue.pointer) == ("routing-status", f"/{len(items) - 1}/users/1/routing_status")
    assert text.splitlines()[issue.line - 1].lstrip().startswith('"routing_status": "busy"')


def test_many_warnings_in_a_big_payload_stay_fast():
    items = big_chat_summaries()
    for item in items:
        item["properites"] = item.pop("properties")
    text = json.dumps(items, indent=2)
    t = time.perf_counter()
    rep = validate(text)
    assert time.perf_counter() - t < 10  # hang guard: a quadratic placement of issues would blow it
    assert rep.ok and rules_of(rep) == ["spec-sample-typo"] * len(items)
    lines = text.splitlines()
    assert all(lines[i.line - 1][i.column - 1:].startswith('"properites"') for i in rep.issues)


# -- messages: the place, what is wrong, the spec's words ------------------------------------

def test_messages_name_the_place_and_quote_the_spec():
    rich = json.loads(json.dumps(RICH))
    rich["elements"][0]["buttons"][0]["type"] = "cancel"
    rep = validate(dumps(rich), mode="request")
    [issue] = rep.issues
    assert issue.path == "elements[0].buttons[0].type"
    assert '"cancel"' in issue.message and "'webview', 'message', 'url' or 'phone'" in issue.message
    assert issue.spec == RULES["button-type"].spec and "Possible values: webview, message, url, phone" in issue.spec


def test_wrong_type_quotes_the_field_note():
    rep = validate(dumps({**FILE, "url": 5}), mode="request")
    [issue] = rep.issues
    assert issue.message == "`url` in File must be a string; got the number 5."
    assert issue.spec.startswith("url: Has to point to the LiveChat CDN")


def test_required_field_says_required_and_quotes_the_note():
    rep = validate('{"type": "file", "recipients": "all"}', mode="request")
    [issue] = rep.issues
    assert issue.rule == "required-field" and issue.pointer == "/url"
    assert "`url` is required in File" in issue.message
    assert issue.spec.startswith("url: Required: yes.")


def test_every_issue_of_every_sample_is_well_formed():
    for name, path in all_samples():
        for mode in ("request", "response"):
            rep = validate(path.read_text(), name, mode)
            for i in rep.issues:
                assert i.rule in RULES and i.severity == RULES[i.rule].severity
                assert i.line >= 1 and i.column >= 1 and i.message
                assert i.pointer == "" or i.pointer.startswith("/")


def test_structures_cover_the_stable_names():
    assert list(STRUCTURES) == ["message", "rich_message", "file", "filled_form", "custom", "system_message",
                                "event", "agent", "my_profile", "customer", "access", "chat", "chat_summary",
                                "chat_summaries", "thread", "filled_form_fields", "properties"]


def test_threads_validating_at_once_from_cold_caches_agree(monkeypatch):
    """Streamlit serves each session in a thread: the first validations after start-up compile
    the walkers concurrently, and must still report every issue."""
    import threading
    from playground.validation import walk
    texts = [(name, path.read_text()) for name, path in all_samples()]
    serial = {name + text[:30]: [(i.rule, i.pointer) for i in validate(text, name).issues] for name, text in texts}
    monkeypatch.setattr(walk, "_WALKERS", {})
    seen: list = []

    def run():
        for name, text in texts:
            seen.append((name + text[:30], [(i.rule, i.pointer) for i in validate(text, name).issues]))
    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 6 * len(texts)
    assert all(serial[key] == got for key, got in seen)


def test_tens_of_thousands_of_unknown_keys_stay_linear():
    payload = {**MESSAGE, **{f"extra_{i}": i for i in range(20_000)}, "txet": "typo"}
    text = json.dumps(payload)
    t = time.perf_counter()
    rep = validate(text, mode="request")
    assert time.perf_counter() - t < 10
    assert rep.ok and len(rep.issues) == 20_001
    last = rep.issues[-1]
    assert last.pointer == "/txet" and last.column == text.index('"txet"') + 1
    # past the suggestion budget the message lists the fields rather than guessing
    assert "Its fields are:" in last.message or "did you mean `text`" in last.message
