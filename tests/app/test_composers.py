"""AppTest of the two composer pages: the exchange with the editor, edits, limits, messages at fields."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from playground.authoring import compose
from playground.app import state

ROOT = Path(__file__).resolve().parents[2]
RM_PAGE = str(ROOT / "playground" / "app" / "views" / "rich_message_composer.py")
FF_PAGE = str(ROOT / "playground" / "app" / "views" / "filled_form_composer.py")
RM_TEXT = (ROOT / "samples" / "events" / "rich_message.json").read_text(encoding="utf-8")
FF_TEXT = (ROOT / "samples" / "events" / "filled_form.json").read_text(encoding="utf-8")
RM36_TEXT = (ROOT / "samples" / "v3_6" / "events" / "rich_message.json").read_text(encoding="utf-8")


def app(page: str, text: str | None = None, structure: str | None = None) -> AppTest:
    at = AppTest.from_file(page, default_timeout=60)
    if text is not None:
        at.session_state[state.TEXT_KEY] = text
    if structure is not None:
        at.session_state[state.STRUCTURE_KEY] = structure
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def prefix(at: AppTest) -> str:
    """rmc for the rich message composer (its page, or the app), ffc for the filled form one."""
    return "ffc" if str(at._script_path).endswith("filled_form_composer.py") else "rmc"


def wkey(at: AppTest, pointer: str, suffix: str = "") -> str:
    """The key of a composer widget: <prefix>:<revision>:<pointer>:<suffix>."""
    p = prefix(at)
    rev = at.session_state[p + "_rev"] if p + "_rev" in at.session_state else 0
    return f"{p}:{rev}:{pointer}:{suffix}"


def doc(at: AppTest) -> compose.Document:
    return at.session_state[prefix(at) + "_doc"]


def flat(node, parents=()) -> list:
    """(element, its ancestors) for every element of the page, in document order."""
    out = [(node, parents)]
    for child in getattr(node, "children", {}).values():
        out += flat(child, parents + (node,))
    return out


def alerts_after(at: AppTest, key: str) -> list[str]:
    """The alerts shown for the widget with this key: right after it, or, when it sits in a row
    of columns, right after that row (up to the next widget)."""
    nodes = flat(at.main)
    idx, (widget, parents) = next((i, x) for i, x in enumerate(nodes) if getattr(x[0], "key", None) == key)
    row = parents[-2] if type(parents[-1]).__name__ == "Column" else None   # drawn in a column
    if row is not None:
        idx = max(i for i, (n, ps) in enumerate(nodes) if n is row or row in ps)
    out = []
    for n, _ in nodes[idx + 1:]:
        if getattr(n, "key", None):
            break
        if type(n).__name__ in ("Error", "Warning"):
            out.append(n.value.replace("\\", ""))     # the Markdown escapes off
    return out


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- what the editor holds when the composer opens -------------------------------------------

@pytest.mark.parametrize("text, words", [
    ('{"type": "message", "text": "hi"}', "message event"),
    ('{"type": "rich_message",\n  "elements": [', "Invalid JSON at line 2"),
    ("[1, 2, 3]", "an array"),
    ("", "empty"),
    ("\x00\x01binary", "NUL"),
    ("[" * 5000 + "]" * 5000, "deeper"),
    ('{"x": "' + "a" * (6 * 1024 * 1024) + '"}', "bytes"),
])
def test_bad_or_other_payloads_say_so_and_offer_a_start(text, words):
    at = app(RM_PAGE, text)
    assert any(words in w.value.replace("\\", "") for w in at.warning), [w.value for w in at.warning]
    labels = [b.label for b in at.button]
    assert "Start from the spec's sample" in labels and "Start a blank rich message" in labels
    at.button(key=wkey(at, "", "notice-blank")).click().run()
    ok(at)
    assert doc(at).data["template_id"] == "cards"
    assert not any(words in w.value.replace("\\", "") for w in at.warning)   # the notice is gone


def test_start_from_sample_then_add_an_element():
    at = app(RM_PAGE, '{"type": "message", "text": "hi"}')
    at.button(key=wkey(at, "", "notice-sample")).click().run()
    ok(at)
    assert doc(at).dump() == RM36_TEXT          # "detect" with no payload to detect: the stable v3.6
    assert doc(at).version == "3.6"
    at.button(key=wkey(at, "/elements", "add")).click().run()
    ok(at)
    assert len(doc(at).data["elements"]) == 2
    shown = json.loads(at.code[0].value)
    assert [e["title"] for e in shown["elements"]] == ["Lorem ipsum dolor.", "Card 2"]
    assert at.text_input(key=wkey(at, "/elements/1/title")).value == "Card 2"
    assert any("elements (2 of 10)" in s.value for s in at.subheader)


def test_the_fourteenth_button_is_refused_with_the_spec_words():
    data = json.loads(RM_TEXT)
    data["elements"][0]["buttons"] = [
        {"text": f"b{i}", "type": "message", "value": f"b{i}", "postback_id": f"p{i}", "user_ids": []}
        for i in range(13)]
    at = app(RM_PAGE, json.dumps(data, indent=2))
    at.button(key=wkey(at, "/elements/0/buttons", "add")).click().run()
    ok(at)
    assert len(doc(at).data["elements"][0]["buttons"]) == 13
    refusals = [w.value for w in at.warning if "Can contain up to 13 button objects" in w.value]
    assert refusals and "13 buttons" in refusals[0]
    assert any("buttons** (13 of 13)" in m.value for m in at.markdown)
    at.run()                                   # shown once, at the place it concerns
    assert not [w for w in at.warning if "Can contain up to 13" in w.value]


def test_switching_template_keeps_the_elements():
    at = app(RM_PAGE, RM_TEXT)
    before = json.dumps(doc(at).data["elements"])
    at.selectbox(key=wkey(at, "/template_id")).select("quick_replies").run()
    ok(at)
    assert doc(at).data["template_id"] == "quick_replies"
    assert json.dumps(doc(at).data["elements"]) == before
    assert '"template_id": "quick_replies"' in at.code[0].value
    at.selectbox(key=wkey(at, "/template_id")).select("cards").run()
    assert doc(at).dump() == RM_TEXT


def test_a_rich_message_typed_in_the_editor_opens_and_comes_back_byte_identical():
    data = json.loads(RM_TEXT)
    data = {"x-trace": {"a": [1, 2.50]}, **data}
    data["elements"][0]["buttons"][0]["colour"] = "red"
    data["properties"]["lc2"] = {"welcome_message": True, "n": 3}
    text = json.dumps(data, indent="\t", ensure_ascii=False) + "\n"
    at = app(RM_PAGE, text)
    assert any("Opened the rich message from the editor" in i.value for i in at.info)
    assert at.text_input(key=wkey(at, "/elements/0/title")).value == "Lorem ipsum dolor."
    assert at.session_state["rmc_doc"].mode == "response"
    at.button(key=wkey(at, "", "open")).click().run()
    ok(at)
    assert at.session_state[state.TEXT_KEY] == text          # byte for byte
    assert at.session_state[state.STRUCTURE_KEY] == "rich_message"
    assert at.session_state[state.MODE_KEY] == "response"
    assert at.session_state[state.SOURCE_KEY] == "composer"


def test_edited_in_the_composer_keeps_key_order_and_unknown_keys():
    data = json.loads(RM_TEXT)
    data = {"x-trace": "t1", **data}
    data["elements"][0]["colour"] = "red"
    text = json.dumps(data, indent=2)
    at = app(RM_PAGE, text)
    at.text_input(key=wkey(at, "/elements/0/title")).input("Hello <b>there</b>").run()
    ok(at)
    at.text_input(key=wkey(at, "/properties", "0:value")).input("true").run()
    at.button(key=wkey(at, "", "open")).click().run()
    ok(at)
    sent = at.session_state[state.TEXT_KEY]
    out = json.loads(sent)
    assert list(out) == list(data)
    assert list(out["elements"][0]) == list(data["elements"][0])
    assert out["x-trace"] == "t1" and out["elements"][0]["colour"] == "red"
    assert out["elements"][0]["title"] == "Hello <b>there</b>"
    assert out["properties"]["property_namespace"]["property_name"] is True
    assert sent.startswith('{\n  "x-trace"')                # the original's style (2 spaces)


def test_request_mode_drops_the_server_keys_and_response_restores_them():
    at = app(RM_PAGE, RM_TEXT)
    at.segmented_control(key=wkey(at, "", "mode")).set_value("request").run()
    ok(at)
    assert "id" not in doc(at).data and doc(at).mode == "request"
    assert not [t for t in at.text_input if t.label == "created_at"]
    assert any("Valid Rich message (request)" in s.value for s in at.success)
    at.segmented_control(key=wkey(at, "", "mode")).set_value("response").run()
    assert doc(at).dump() == RM_TEXT


def test_validation_messages_are_shown_at_their_fields():
    data = json.loads(RM_TEXT)
    data["elements"][0]["buttons"][0].update({"type": "url", "value": "javascript:alert(1)"})
    data["elements"][0]["image"]["width"] = "wide"
    data["elements"][0]["buttons"][1]["type"] = "webview"
    data["elements"][0]["buttons"][1]["value"] = "https://example.com/moment"
    at = app(RM_PAGE, json.dumps(data, indent=2))
    value_alerts = alerts_after(at, wkey(at, "/elements/0/buttons/0/value"))
    assert any("javascript" in a for a in value_alerts), value_alerts
    width_alerts = alerts_after(at, wkey(at, "/elements/0/image/width"))
    assert any("integer" in a for a in width_alerts), width_alerts
    # webview_height appears for the webview button, with the missing-value error near it
    assert at.selectbox(key=wkey(at, "/elements/0/buttons/1/webview_height")).value is None
    assert any("webview_height" in e.value for e in at.error)
    at.selectbox(key=wkey(at, "/elements/0/buttons/1/webview_height")).select("tall").run()
    assert not any("needs `webview_height`" in e.value for e in at.error)
    # fix the width from the form: its message goes away
    at.text_input(key=wkey(at, "/elements/0/image/width")).input("640").run()
    assert not alerts_after(at, wkey(at, "/elements/0/image/width"))


def test_reorder_and_remove_buttons_and_elements():
    at = app(RM_PAGE, RM_TEXT)
    at.button(key=wkey(at, "/elements/0/buttons/2", "up")).click().run()
    ok(at)
    assert [b["text"] for b in doc(at).data["elements"][0]["buttons"]] == ["yes", "value", "no"]
    assert at.text_input(key=wkey(at, "/elements/0/buttons/1/text")).value == "value"
    at.button(key=wkey(at, "/elements/0/buttons/0", "remove")).click().run()
    assert [b["text"] for b in doc(at).data["elements"][0]["buttons"]] == ["value", "no"]
    at.button(key=wkey(at, "/elements", "add")).click().run()
    at.button(key=wkey(at, "/elements/1", "up")).click().run()
    assert doc(at).data["elements"][0]["title"] == "Card 2"
    at.button(key=wkey(at, "/elements/0/image", "add")).click().run()
    assert doc(at).data["elements"][0]["image"] == {"url": ""}
    at.button(key=wkey(at, "/elements/0", "remove")).click().run()
    assert len(doc(at).data["elements"]) == 1
    ok(at)


def test_hostile_strings_never_break_the_page():
    data = json.loads(RM_TEXT)
    data["elements"][0]["title"] = "<script>alert(1)</script> **bold** $x$ :red[y]"
    data["elements"][0]["buttons"][0]["text"] = "`code` [link](javascript:alert(1))"
    data["custom_id"] = 12
    data["elements"][0]["buttons"] = {"not": "a list"}
    at = app(RM_PAGE, json.dumps(data))
    assert at.text_area(key=wkey(at, "/elements/0/buttons")).value.startswith("{")
    assert any("should be an array" in c.value for c in at.caption)
    at.text_area(key=wkey(at, "/elements/0/buttons")).input('[{"text": "ok", ').run()
    ok(at)
    assert any("not valid JSON" in w.value for w in at.warning)
    at.text_area(key=wkey(at, "/elements/0/buttons")).input(
        '[{"text": "ok", "postback_id": "p", "user_ids": []}]').run()
    ok(at)
    assert at.text_input(key=wkey(at, "/elements/0/buttons/0/text")).value == "ok"


def test_the_editor_changing_reloads_and_offers_back_unsent_work():
    at = app(RM_PAGE, RM_TEXT)
    at.text_input(key=wkey(at, "/elements/0/title")).input("mine").run()
    other = json.loads(RM_TEXT)
    other["elements"][0]["title"] = "from the editor"
    at.session_state[state.TEXT_KEY] = json.dumps(other)
    at.run()
    ok(at)
    assert doc(at).data["elements"][0]["title"] == "from the editor"
    at.button(key=wkey(at, "", "restore")).click().run()
    assert doc(at).data["elements"][0]["title"] == "mine"
    at.run()
    assert doc(at).data["elements"][0]["title"] == "mine"    # not reloaded again


# -- filled form ----------------------------------------------------------------------------

def test_filled_form_round_trip_and_field_type_change():
    at = app(FF_PAGE, FF_TEXT)
    assert at.text_input(key=wkey(at, "/fields/0/answer")).value == "Thomas Anderson"
    at.button(key=wkey(at, "", "open")).click().run()
    assert at.session_state[state.TEXT_KEY] == FF_TEXT
    at.selectbox(key=wkey(at, "/fields/0/type")).select("radio").run()
    ok(at)
    assert doc(at).data["fields"][0]["answer"] == {"id": "0", "label": "Thomas Anderson"}
    assert at.text_input(key=wkey(at, "/fields/0/answer/label")).value == "Thomas Anderson"
    at.selectbox(key=wkey(at, "/fields/0/type")).select("checkbox").run()
    assert doc(at).data["fields"][0]["answers"] == [{"id": "0", "label": "Thomas Anderson"}]
    at.button(key=wkey(at, "/fields/0/answers", "add")).click().run()
    assert [o["id"] for o in doc(at).data["fields"][0]["answers"]] == ["0", "1"]
    at.selectbox(key=wkey(at, "/fields/0/type")).select("name").run()
    assert doc(at).data["fields"][0]["answer"] == "Thomas Anderson"
    ok(at)


def test_filled_form_add_fields_and_email_checked_at_its_field():
    at = app(FF_PAGE, FF_TEXT)
    at.text_input(key=wkey(at, "/fields/1/answer")).input("not-an-email").run()
    assert any("does not look like an e-mail" in a for a in alerts_after(at, wkey(at, "/fields/1/answer")))
    at.selectbox(key=wkey(at, "/fields", "new-type")).select("group_chooser").run()
    at.button(key=wkey(at, "/fields", "add")).click().run()
    ok(at)
    new = doc(at).data["fields"][-1]
    assert new["type"] == "group_chooser" and new["answer"]["group_id"] == 0
    at.text_input(key=wkey(at, "/fields/5/answer/group_id")).input("two").run()
    assert any("group_id" in a for a in alerts_after(at, wkey(at, "/fields/5/answer/group_id")))
    at.button(key=wkey(at, "/fields/5", "up")).click().run()
    assert doc(at).data["fields"][4]["type"] == "group_chooser"
    at.button(key=wkey(at, "", "open")).click().run()
    sent = json.loads(at.session_state[state.TEXT_KEY])
    assert sent["fields"][4]["answer"]["group_id"] == "two"
    assert at.session_state[state.STRUCTURE_KEY] == "filled_form"


def test_filled_form_page_refuses_a_rich_message_clearly():
    at = app(FF_PAGE, RM_TEXT)
    assert any("rich message event" in w.value for w in at.warning)
    at.button(key=wkey(at, "", "notice-blank")).click().run()
    ok(at)
    assert doc(at).kind == "filled_form" and doc(at).mode == "request"
    assert any("Valid Filled form (request)" in s.value for s in at.success)


def test_open_in_editor_switches_to_the_editor_through_the_navigation():
    at = AppTest.from_file(str(ROOT / "playground" / "app" / "main.py"), default_timeout=60)
    at.run()
    at.switch_page("views/rich_message_composer.py")
    at.run()
    ok(at)
    at.button(key=wkey(at, "", "notice-sample")).click().run()
    at.button(key=wkey(at, "/elements", "add")).click().run()
    at.button(key=wkey(at, "", "open")).click().run()
    ok(at)
    assert at.title[0].value == "JSON editor"
    sent = json.loads(at.session_state[state.TEXT_KEY])
    assert len(sent["elements"]) == 2
    assert any("from the composer" in s.value for s in at.success)
    at.switch_page("views/rich_message_composer.py")      # and back: the same document, no notice
    at.run()
    ok(at)
    assert len(doc(at).data["elements"]) == 2
    assert not any("Opened the rich message from the editor" in i.value for i in at.info)
    assert any("The editor has this exact text." in c.value for c in at.caption)


def test_long_lists_are_edited_one_item_at_a_time_with_issue_counts():
    data = json.loads(RM_TEXT)
    data["elements"] = [json.loads(json.dumps(data["elements"][0])) for i in range(10)]
    for i, el in enumerate(data["elements"]):
        el["title"] = f"Card {i}"
        el["buttons"] = el["buttons"][2:]                     # the phone button only
    data["elements"][6]["image"]["width"] = "wide"
    at = app(RM_PAGE, json.dumps(data, indent=2))
    assert wkey(at, "/elements/6/image/width") not in [t.key for t in at.text_input]
    assert at.text_input(key=wkey(at, "/elements/0/title")).value == "Card 0"
    picker = next(n for n, _ in flat(at.main) if getattr(n, "key", None) == wkey(at, "/elements", "pick"))
    labels = [str(o) for o in picker.options]
    assert "✖" in labels[6] and "✖" not in labels[0], labels
    assert "Card 6" in labels[6]
    picker.set_value(6).run()
    ok(at)
    assert any("integer" in a for a in alerts_after(at, wkey(at, "/elements/6/image/width")))
    at.button(key=wkey(at, "/elements", "add")).click().run()     # refused: 10 is the limit
    assert any("Can contain up to 10 element objects." in w.value.replace("\\", "") for w in at.warning)
    at.button(key=wkey(at, "/elements/6", "up")).click().run()    # the selection follows the move
    ok(at)
    assert at.text_input(key=wkey(at, "/elements/5/title")).value == "Card 6"


# -- per API version (issue 12) -----------------------------------------------------------------

FC_PAGE = str(ROOT / "playground" / "app" / "views" / "form_composer.py")


def app_v(page: str, text: str | None = None, version: str | None = None) -> AppTest:
    at = AppTest.from_file(page, default_timeout=60)
    if text is not None:
        at.session_state[state.TEXT_KEY] = text
    if version is not None:
        at.session_state[state.VERSION_KEY] = version
    at.run()
    return ok(at)


def fkey(at: AppTest, pointer: str, suffix: str = "") -> str:
    rev = at.session_state["fc_rev"] if "fc_rev" in at.session_state else 0
    return f"fc:{rev}:{pointer}:{suffix}"


def test_the_composer_s_version_picker_is_the_app_s_and_moves_the_composition():
    at = app_v(RM_PAGE, RM_TEXT)                      # a v3.2 sample, version detected
    assert doc(at).version == "3.2"
    picker = at.selectbox(key=wkey(at, "", "version"))
    assert picker.value == state.DETECT and "v3.2 here" in picker.format_func(picker.value)
    assert at.selectbox(key=wkey(at, "/recipients")).value == "all"
    picker.select("3.6").run()
    ok(at)
    assert at.session_state[state.VERSION_KEY] == "3.6"          # chosen for every page
    assert doc(at).version == "3.6" and doc(at).data["visibility"] == "all"
    assert any("Moved this rich message from v3.2 to v3.6" in i.value for i in at.info)
    assert at.selectbox(key=wkey(at, "/visibility")).value == "all"
    assert "ecommerce" in at.selectbox(key=wkey(at, "/template_id")).options
    assert any("in API v3.6 · stable" in s.value for s in at.success)
    at.selectbox(key=wkey(at, "", "version")).select("3.2").run()
    assert doc(at).dump() == RM_TEXT                             # and back: the very same text


def test_compose_an_ecommerce_product_on_the_page():
    at = app_v(RM_PAGE, '{"type": "message", "text": "hi"}')
    at.button(key=wkey(at, "", "notice-blank")).click().run()
    assert doc(at).version == "3.6"                              # nothing to detect: the stable one
    assert wkey(at, "/elements/0/ecommerce", "add") not in [b.key for b in at.button]
    at.selectbox(key=wkey(at, "/template_id")).select("ecommerce").run()
    at.button(key=wkey(at, "/elements/0/ecommerce", "add")).click().run()
    ok(at)
    E = "/elements/0/ecommerce"
    assert at.selectbox(key=wkey(at, E + "/view_type")).options == ["tags", "swatch", "images", "select"]
    for _ in range(3):
        at.button(key=wkey(at, E + "/options", "add")).click().run()
    at.button(key=wkey(at, E + "/addons", "add")).click().run()
    ok(at)
    at.text_input(key=wkey(at, E + "/product_id")).input("sku-1").run()
    at.text_input(key=wkey(at, E + "/addons/0/addon_type")).input("quantity").run()
    at.selectbox(key=wkey(at, E + "/options/2/selected")).select(True).run()
    shop = doc(at).data["elements"][0]["ecommerce"]
    assert [o["option_id"] for o in shop["options"]] == ["option_1", "option_2", "option_3"]
    assert shop["options"][2]["selected"] is True and shop["addons"] == [{"addon_type": "quantity"}]
    assert any("Valid Rich message (request) in API v3.6" in s.value for s in at.success)
    at.button(key=wkey(at, E + "/options/0", "remove")).click().run()
    assert len(doc(at).data["elements"][0]["ecommerce"]["options"]) == 2


def test_button_type_changes_fill_what_the_new_type_needs():
    at = app_v(RM_PAGE, '{"type": "message", "text": "hi"}')
    at.button(key=wkey(at, "", "notice-blank")).click().run()
    at.button(key=wkey(at, "/elements/0/buttons", "add")).click().run()
    B = "/elements/0/buttons/0"
    assert at.text_input(key=wkey(at, B + "/value")).value == "Button 1"
    at.selectbox(key=wkey(at, B + "/type")).select("url").run()
    ok(at)
    value = at.text_input(key=wkey(at, B + "/value"))
    assert value.value == "" and value.placeholder == "https://example.com/page"
    assert at.selectbox(key=wkey(at, B + "/target")).options == ["(not set)", "new", "current"]
    at.selectbox(key=wkey(at, B + "/type")).select("webview").run()
    assert at.selectbox(key=wkey(at, B + "/webview_height")).value == "compact"
    assert not any("needs `webview_height`" in e.value for e in at.error)
    assert wkey(at, B + "/target") not in [s.key for s in at.selectbox]


def test_the_form_composer_builds_a_form_event():
    at = app_v(FC_PAGE, RM_TEXT)
    assert any("not a form" in w.value for w in at.warning)
    at.button(key=fkey(at, "", "notice-blank")).click().run()
    ok(at)
    assert at.session_state["fc_doc"].version == "3.6"
    assert at.selectbox(key=fkey(at, "/fields/0/required")).value is True
    at.selectbox(key=fkey(at, "/fields", "new-type")).select("group_chooser").run()
    at.button(key=fkey(at, "/fields", "add")).click().run()
    ok(at)
    at.text_input(key=fkey(at, "/fields/1/options/0/group_id")).input("3").run()
    at.button(key=fkey(at, "/fields/1/options", "add")).click().run()
    f = at.session_state["fc_doc"].data["fields"][1]
    assert f["options"] == [{"id": "0", "group_id": 3, "label": "Group 1"},
                            {"id": "1", "group_id": 0, "label": "Group 2"}]
    at.selectbox(key=fkey(at, "/fields/0/type")).select("subject").run()
    assert any("Valid Form (request) in API v3.6" in s.value for s in at.success)
    at.button(key=fkey(at, "", "open")).click().run()
    assert at.session_state[state.STRUCTURE_KEY] == "form"
    assert json.loads(at.session_state[state.TEXT_KEY])["fields"][0]["type"] == "subject"


def test_the_form_composer_under_v3_2_says_there_is_no_form_and_offers_v3_6():
    at = app_v(FC_PAGE, RM_TEXT, version="3.2")
    assert any("exists from v3.3 on" in w.value for w in at.warning)
    assert "fc_doc" not in at.session_state
    at.button(key=fkey(at, "", "use-stable")).click().run()
    ok(at)
    assert at.session_state[state.VERSION_KEY] == "3.6"
    assert any("not a form" in w.value for w in at.warning)


def test_filled_form_response_has_form_type_from_v3_4():
    text = (ROOT / "samples" / "v3_4" / "events" / "filled_form.json").read_text(encoding="utf-8")
    at = app_v(FF_PAGE, text)
    assert doc(at).version in ("3.5", "3.6")                     # detected, as the editor does
    assert at.text_input(key=wkey(at, "/form_type")).value == "prechat"
    assert "subject" in at.selectbox(key=wkey(at, "/fields", "new-type")).options
    at.segmented_control(key=wkey(at, "", "mode")).set_value("request").run()
    assert wkey(at, "/form_type") not in [t.key for t in at.text_input]
    at.segmented_control(key=wkey(at, "", "mode")).set_value("response").run()
    assert doc(at).dump() == text
