"""The preview renderer: samples, each event type, the widget's rules, notes, URL rules, limits."""
from __future__ import annotations

import html
import json
import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.spec import limits as L
from playground.presentation import preview as preview_module
from playground.presentation.preview import (APPROXIMATION_NOTE, STYLESHEET, TREE_MAX_DEPTH, Preview,
                                dropped_scheme, fill_placeholders, page_html, render, safe_url,
                                tel_href)
from tests.presentation.test_xss import audit
from tests.xss_corpus import VECTORS

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def load(rel: str):
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def tags(fragment: str, cls: str) -> list[str]:
    """Start tags whose class attribute holds `cls`."""
    return re.findall(r'<[a-z]+ class="[^"]*\b' + re.escape(cls) + r'\b[^"]*"[^>]*>', fragment)


USERS = load("chats/chat.json")["users"]          # Thomas Anderson (customer), Agent Smith (agent)
CUSTOMER_ID = "b7eff798-f8df-4364-8059-649c35c9ed0c"
AGENT_ID = "smith@example.com"


def rich(template: str, elements) -> dict:
    return {"type": "rich_message", "template_id": template, "elements": elements,
            "author_id": AGENT_ID, "created_at": "2020-05-12T11:42:47.383001Z", "recipients": "all"}


def button(btype=None, value=None, text="Go", **extra) -> dict:
    b = {"text": text, "postback_id": "p", "user_ids": []}
    if btype is not None:
        b["type"] = btype
    if value is not None:
        b["value"] = value
    b.update(extra)
    return b


# =============================================================================================
# every sample
# =============================================================================================

SAMPLE_EXPECTATIONS = {
    "events/message.json": ("message", ["hello there", "action_call", "790034890"]),
    "events/rich_message.json": ("rich_message", ["Lorem ipsum dolor.", "consectetur adipiscing elit.",
                                                  ">yes<", ">no<", ">value<", 'href="tel:790034890"',
                                                  'lcp-img-ph', 'image25.png']),
    "events/file.json": ("file", ["image25.png", "120.6 KB", "640×480",
                                  'lcp-img-ph', 'href="https://example.com/image25.png"']),
    "events/filled_form.json": ("filled_form", ["Your name", "Thomas Anderson", "t.anderson@example.com",
                                                "Chat purpose", "Support", "Company industry", "automotive",
                                                ">☑ it<", "Choose department", "Marketing", "1473433500211"]),
    "events/custom.json": ("custom", ["&quot;custom&quot;", "&quot;nested&quot;", "&quot;json&quot;",
                                      "<details", "<summary>"]),
    "events/system_message.json": ("system_message", ["Hello there!", "routing.assigned"]),
    "chats/chat.json": ("chat", ["PJ0MRSHTDG", "QA37PVJ75B", "Thomas Anderson", "Agent Smith",
                                 "Name and Surname:", "E-mail:", "(no answer)"]),
    "chats/thread.json": ("thread", ["K600PKZON8", "Hello there", "Thank you", "position 42",
                                     esc("You can't access threads older than 60 days on starter plan")]),
    "chats/chat_summary.json": ("chat_summary", ["PJ0MRSHTDG", ">Hello<", "Agent Smith",
                                                 "The chat was closed because Agent Smith had lost internet connection"]),
    "chats/chat_summaries.json": ("chat_summaries", ["PJ0MRSHTDG", "PJ0MRSHTDH", "Is the blue one in stock?",
                                                     "Anna Kowalska"]),
    "chats/list_chats_response.json": ("chat_summaries", ["PJ0MRSHTDG", "PJ0MRSHTDH", "Is the blue one in stock?"]),
    "users/agent.json": ("user", ["Agent Smith", "smith@example.com", "accepting_chats",
                                  'avatar: https://cdn.livechatinc.com/avatars/1.png', ">AS<"]),
    "users/my_profile.json": ("user", ["Agent Smith", 'avatar: https://cdn.livechatinc.com/avatars/1.png']),
    "users/customer.json": ("user", ["Thomas Anderson", "t.anderson@example.com",
                                     'avatar: https://example.com/avatars/1.png', ">TA<"]),
    "common/access.json": ("tree", ["&quot;group_ids&quot;"]),
    "common/properties.json": ("tree", ["&quot;string_property&quot;", "&quot;string value&quot;"]),
    "common/filled_form_fields.json": ("filled_form_fields", ["Your name", "automotive", "Marketing"]),
}


def test_every_sample_is_covered():
    on_disk = {str(p.relative_to(SAMPLES)) for p in SAMPLES.glob("*/*.json")}
    assert on_disk == set(SAMPLE_EXPECTATIONS)


@pytest.mark.parametrize("rel", sorted(SAMPLE_EXPECTATIONS))
def test_sample_renders_with_its_texts(rel):
    kind, expected = SAMPLE_EXPECTATIONS[rel]
    p = render(load(rel))
    assert isinstance(p, Preview)
    assert p.kind == kind
    for text in expected:
        assert text in p.html, f"{text!r} missing from the {rel} preview"
    assert not audit(p.html)
    assert p.html.startswith(f'<div class="lcp-root lcp-kind-{kind}">')


@pytest.mark.parametrize("rel", sorted(SAMPLE_EXPECTATIONS))
def test_sample_notes(rel):
    p = render(load(rel))
    if rel == "events/rich_message.json":
        # the spec's phone button carries webview_height, meant only for webview buttons
        assert p.notes == ["elements[0].buttons[2].webview_height: webview_height applies only to webview "
                           'buttons; the widget ignores it on a "phone" button.']
    else:
        assert p.notes == []


def test_samples_render_by_explicit_structure_name_too():
    assert render(load("users/agent.json"), "agent").kind == "user"
    assert render(load("users/customer.json"), "customer").kind == "user"
    assert render(load("common/access.json"), "access").kind == "tree"
    assert render(load("chats/chat_summaries.json"), "chat_summaries").kind == "chat_summaries"
    assert render(load("chats/thread.json"), "thread", users=USERS).kind == "thread"
    assert render(load("events/message.json"), "event").kind == "message"


def test_event_previews_say_they_approximate_the_widget():
    p = render(load("events/message.json"))
    assert esc(APPROXIMATION_NOTE) in p.html
    assert APPROXIMATION_NOTE not in p.notes


# =============================================================================================
# message
# =============================================================================================

def test_message_keeps_line_breaks_and_escapes():
    p = render({"type": "message", "text": "one\ntwo <b>&</b>", "author_id": AGENT_ID}, users=USERS)
    assert '<div class="lcp-bubble">one\ntwo &lt;b&gt;&amp;&lt;/b&gt;</div>' in p.html
    assert "white-space:pre-wrap" in STYLESHEET.split(".lcp-root .lcp-bubble{", 1)[1].split("}", 1)[0]


def test_message_author_time_side_and_avatar():
    customer = render({"type": "message", "text": "hi", "author_id": CUSTOMER_ID,
                       "created_at": "2020-05-12T11:42:47.383001Z"}, users=USERS)
    assert 'class="lcp-row lcp-right"' in customer.html
    assert ">Thomas Anderson<" in customer.html and ">11:42<" in customer.html
    assert "lcp-avatar" not in customer.html          # own messages carry no avatar
    agent = render({"type": "message", "text": "hi", "author_id": AGENT_ID}, users=USERS)
    assert 'class="lcp-row lcp-left"' in agent.html and ">Agent Smith<" in agent.html
    # avatars are never fetched: initials, the avatar's URL named in the tooltip
    assert "<img" not in agent.html and ">AS<" in agent.html
    assert 'avatar: https://cdn.livechatinc.com/cloud/?uri=https://livechat.s3.amazonaws.com/default/avatars/a7.png' in agent.html
    unknown = render({"type": "message", "text": "hi", "author_id": "someone"})
    assert ">someone<" in unknown.html and "lcp-avatar" in unknown.html
    nobody = render({"type": "message", "text": "hi"})
    assert "lcp-avatar" not in nobody.html and "lcp-meta" not in nobody.html


def test_agents_only_badge():
    msg = load("events/message.json")
    assert "agents only" not in render(msg).html
    msg["recipients"] = "agents"
    assert ">agents only<" in render(msg).html
    sysm = dict(load("events/system_message.json"), recipients="agents")
    assert ">agents only<" in render(sysm).html


def test_message_shows_the_postback_it_answers():
    p = render(load("events/message.json"))
    block = re.search(r'<div class="lcp-postback">(.*?)</div>', p.html).group(1)
    assert "action_call" in block and "phone" in block and "790034890" in block
    assert "75a90b82-e6a4-4ded-b3eb-cb531741ee0d" in block


def test_message_without_string_text_is_noted():
    p = render({"type": "message", "text": 42})
    assert p.kind == "message" and "(no text)" in p.html
    assert p.notes == ["text: text is a number, not a string; the widget cannot show it."]


def test_long_text_is_capped_with_a_note():
    p = render({"type": "message", "text": "a" * 50_000})
    assert p.html.count("a" * 1000) == 20 and "…" in p.html
    assert any("first 20,000 of 50,000 characters" in n for n in p.notes)


# =============================================================================================
# rich messages
# =============================================================================================

def test_single_card_vs_carousel():
    el = load("events/rich_message.json")["elements"][0]
    one = render(rich("cards", [el]))
    assert "lcp-carousel" not in one.html and one.html.count('class="lcp-card"') == 1
    three = render(rich("cards", [el, dict(el, title="Second"), dict(el, title="Third")]))
    carousel = re.search(r'<div class="lcp-carousel"[^>]*>', three.html)
    assert carousel and "3 cards" in carousel.group(0)
    assert three.html.count('class="lcp-card"') == 3
    assert three.html.index("Lorem ipsum dolor.") < three.html.index("Second") < three.html.index("Third")


def test_button_types_are_visible():
    p = render(rich("cards", [{"title": "T", "buttons": [
        button("url", "https://example.com/a", "Site"),
        button("phone", "+48 (790) 034-890", "Call"),
        button("webview", "https://example.com/m", "Moment", webview_height="compact"),
        button("message", "hello", "Say hi"),
        button(None, None, "Untyped"),
    ]}]))
    assert p.notes == []
    url, = tags(p.html, "lcp-btn-url")
    assert 'href="https://example.com/a"' in url and 'target="_blank"' in url and "noopener" in url
    phone, = tags(p.html, "lcp-btn-phone")
    assert 'href="tel:+48(790)034-890"' in phone
    webview, = tags(p.html, "lcp-btn-webview")
    assert 'href="https://example.com/m"' in webview and "compact" in webview
    assert len(tags(p.html, "lcp-btn-message")) == 2
    for icon in ("↗", "☎", "▣", "✉"):
        assert f'aria-hidden="true">{icon}</span>' in p.html


def test_card_image_without_buttons_links_to_the_image_and_lone_image_is_an_image_preview():
    img = {"url": "https://cdn.livechat-files.com/i.png", "name": "pic"}
    card = render(rich("cards", [{"title": "T", "image": img}]))
    assert '<a class="lcp-card-imglink" href="https://cdn.livechat-files.com/i.png"' in card.html
    with_buttons = render(rich("cards", [{"title": "T", "image": img, "buttons": [button()]}]))
    assert "lcp-card-imglink" not in with_buttons.html
    lone = render(rich("cards", [{"image": img}]))
    assert '<div class="lcp-image-msg">' in lone.html and "lcp-card" not in lone.html
    assert 'alt="pic"' in lone.html


def test_selected_buttons_show_who_chose_them():
    p = render(load("events/rich_message.json"), users=USERS)
    assert 'title="Chosen (toggled) by: Thomas Anderson">✓</span>' in p.html
    assert p.html.count("lcp-tick") == 1


def test_quick_replies_are_a_bubble_with_chips_and_only_the_first_element():
    p = render(rich("quick_replies", [
        {"title": "How can we help?", "subtitle": "dropped", "image": {"url": "https://e.com/x.png"},
         "buttons": [button("message", "a", "Pricing"), button("url", "https://livechat.com", "Docs")]},
        {"title": "Second element", "buttons": [button("message", "b", "Never")]},
        {"title": "Third element"},
    ]))
    assert '<div class="lcp-bubble">How can we help?</div>' in p.html
    chips = re.search(r'<div class="lcp-chips">(.*?)</div>', p.html).group(1)
    assert "Pricing" in chips and "Docs" in chips and 'class="lcp-chip lcp-btn-url"' in chips
    assert "Second element" not in p.html and "Never" not in p.html and "dropped" not in p.html
    assert "lcp-card" not in p.html and "e.com/x.png" not in p.html
    assert "elements[1]: quick_replies uses only the first element; the widget ignores the other 2 element(s)." in p.notes
    assert any(n.startswith("elements[0].subtitle:") for n in p.notes)
    assert any(n.startswith("elements[0].image:") for n in p.notes)


def test_sticker_is_the_first_image_alone_at_most_300px():
    p = render(rich("sticker", [
        {"title": "Hi", "subtitle": "there", "image": {"url": "https://e.com/s.png", "name": "wave",
                                                      "width": 1200, "height": 600},
         "buttons": [button("message", "x", "Press")]},
        {"image": {"url": "https://e.com/other.png"}},
    ]))
    img, = tags(p.html, "lcp-sticker")
    assert 'src="https://e.com/s.png"' in img and 'alt="wave"' in img
    assert 'width="300" height="150"' in img             # scaled to fit 300x300, aspect kept
    assert f"max-width:{L.STICKER_MAX_PX}px;max-height:{L.STICKER_MAX_PX}px" in STYLESHEET
    assert "Hi" not in p.html and "Press" not in p.html and "other.png" not in p.html
    assert "lcp-bubble" not in p.html and "lcp-card" not in p.html
    for key in ("title", "subtitle", "buttons"):
        assert f"elements[0].{key}: a sticker shows only its image; the {key} is not shown." in p.notes
    assert any(n.startswith("elements[1]: a sticker shows only elements[0].image") for n in p.notes)


def test_small_sticker_keeps_its_size_and_sticker_without_url_is_noted():
    small = render(rich("sticker", [{"image": {"url": "https://e.com/s.png", "width": 64, "height": 32}}]))
    assert 'width="64" height="32"' in small.html and small.notes == []
    missing = render(rich("sticker", [{"image": {"name": "no url"}}]))
    assert "lcp-sticker-missing" in missing.html
    assert missing.notes == ["elements[0].image.url: a sticker needs elements[0].image.url; the widget shows nothing."]


@pytest.mark.parametrize("value", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "java\x00script:alert(1)",
    "javascript&#58;alert(1)", "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)",
    "java\u200bscript:alert(1)", "ｊａｖａｓｃｒｉｐｔ：alert(1)", "javascript%3Aalert(1)",
    "data:text/html,<script>alert(1)</script>", "DATA:image/png;base64,AAAA", "d a t a:text/html,x",
])
@pytest.mark.parametrize("btype", ["url", "webview"])
def test_url_and_webview_buttons_with_javascript_or_data_are_dropped(value, btype):
    p = render(rich("cards", [{"title": "T", "buttons": [
        button(btype, value, "Evil", **({"webview_height": "tall"} if btype == "webview" else {})),
        button("message", "m", "Kept")]}]))
    assert "Evil" not in p.html and "Kept" in p.html
    assert len(p.notes) == 1 and "drops the button" in p.notes[0]
    assert p.notes[0].startswith("elements[0].buttons[0].value:")
    assert not audit(p.html)


def test_other_non_http_button_values_get_no_link():
    p = render(rich("cards", [{"title": "T", "buttons": [button("url", "ftp://e.com/x", "Ftp"),
                                                          button("url", "not a url", "Text")]}]))
    assert "Ftp" in p.html and "Text" in p.html and "href" not in p.html
    assert len(tags(p.html, "lcp-btn-dead")) == 2 and len(p.notes) == 2


def test_scheme_less_url_becomes_https():
    p = render(rich("cards", [{"title": "T", "image": {"url": "cdn.livechatinc.com/img/1.png"},
                                "buttons": [button("url", "www.livechat.com/pricing", "Pricing")]}]))
    assert 'src="https://cdn.livechatinc.com/img/1.png"' in p.html
    assert 'href="https://www.livechat.com/pricing"' in p.html


def test_webview_height_on_other_buttons_is_noted():
    p = render(rich("cards", [{"title": "T", "buttons": [button("url", "https://e.com", webview_height="tall"),
                                                          button("webview", "https://e.com", webview_height="full")]}]))
    assert p.notes == ['elements[0].buttons[0].webview_height: webview_height applies only to webview buttons; '
                       'the widget ignores it on a "url" button.']


def test_non_string_title_and_subtitle_are_not_shown():
    p = render(rich("cards", [{"title": 12345, "subtitle": ["x"], "buttons": [button()]}]))
    assert "12345" not in p.html
    assert p.notes == ["elements[0].title: title is a number, not a string; the widget shows only strings.",
                       "elements[0].subtitle: subtitle is an array, not a string; the widget shows only strings."]


@pytest.mark.parametrize("elements, note", [
    (None, "elements: the rich message has no elements; the widget shows nothing."),
    ([], "elements: elements is empty; the widget shows nothing."),
    ("cards", "elements: elements is a string, not an array; the widget shows nothing."),
])
def test_missing_elements_are_noted(elements, note):
    ev = rich("cards", elements)
    if elements is None:
        del ev["elements"]
    p = render(ev)
    assert p.kind == "rich_message" and p.notes == [note]


def test_unknown_template_is_noted_and_drawn_as_cards():
    p = render(rich("list", [{"title": "T"}]))
    assert "lcp-card" in p.html
    assert p.notes[0].startswith('template_id: template_id "list" is not one of cards, sticker, quick_replies')


def test_unknown_button_type_and_wrong_types_inside_elements():
    p = render(rich("cards", [{"title": "T", "buttons": [button("cancel", "x", "Cancel"), "oops", {"text": 5}]},
                              7]))
    assert "Cancel" in p.html and "(no text)" in p.html
    joined = "\n".join(p.notes)
    assert 'button type "cancel" is not one of webview, message, url, phone' in joined
    assert "elements[0].buttons[1]: the button is a string, not an object" in joined
    assert "elements[1]: the element is a number, not an object" in joined


def test_phone_numbers_are_sanitised():
    p = render(rich("cards", [{"title": "T", "buttons": [button("phone", "+1 (555) 010-999\";alert(1)//", "Call")]}]))
    phone, = tags(p.html, "lcp-btn-phone")
    assert 'href="tel:+1(555)010-999(1)"' in phone
    assert any("other than digits" in n for n in p.notes)
    none = render(rich("cards", [{"title": "T", "buttons": [button("phone", "call me", "Call")]}]))
    assert "href" not in none.html and "holds no phone number" in none.notes[0]


# =============================================================================================
# file, form, system, custom, unknown
# =============================================================================================

def test_file_image_vs_file_chip():
    image = render(load("events/file.json"))
    assert "lcp-file-image" in image.html and "lcp-file-img" in image.html
    doc = dict(load("events/file.json"), name="report.pdf", content_type="application/pdf", size=2_500_000,
               url="https://cdn.livechat-files.com/api/file/lc/att/1/report.pdf")
    for k in ("thumbnail_url", "thumbnail2x_url", "width", "height"):
        del doc[k]
    chip = render(doc)
    assert "lcp-file-image" not in chip.html and "<img" not in chip.html
    assert '<a class="lcp-file" href="https://cdn.livechat-files.com/api/file/lc/att/1/report.pdf"' in chip.html
    assert "report.pdf" in chip.html and "application/pdf" in chip.html and "2.4 MB" in chip.html
    assert 'aria-hidden="true">PDF</span>' in chip.html


def test_file_with_unsafe_url_has_no_link():
    p = render(dict(load("events/file.json"), url="javascript:alert(1)", thumbnail_url="data:image/png;base64,AA",
                    thumbnail2x_url=None))
    assert "javascript" not in p.html and "data:" not in p.html
    assert 'src="https://' not in p.html or "example.com" not in p.html
    assert any(n.startswith("url:") for n in p.notes) and any(n.startswith("thumbnail_url:") for n in p.notes)


def test_filled_form_label_answer_pairs_and_checkbox_list():
    p = render(load("events/filled_form.json"))
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", p.html)
    assert pairs[0] == ("Your name", "Thomas Anderson")
    assert pairs[2] == ("Chat purpose", "Support")
    assert pairs[3] == ("Company industry", '<ul class="lcp-answers"><li>☑ automotive</li><li>☑ it</li></ul>')
    assert pairs[4] == ("Choose department", "Marketing")


def test_system_message_placeholders_filled_then_escaped():
    p = render({"type": "system_message", "system_message_type": "agent_joined",
                "text": "%agent% joined; %agent% again; %missing% stays; 100% sure",
                "text_vars": {"agent": "<b>Bob & Co</b>"}})
    assert p.kind == "system_message"
    assert ("&lt;b&gt;Bob &amp; Co&lt;/b&gt; joined; &lt;b&gt;Bob &amp; Co&lt;/b&gt; again; "
            "%missing% stays; 100% sure") in p.html
    assert 'class="lcp-system"' in p.html and "<b>Bob" not in p.html
    summary = render(load("chats/chat_summary.json"))
    assert "lost internet connection" in summary.html


def test_fill_placeholders():
    assert fill_placeholders("%a% and %b%", {"a": "A", "b": 2}) == "A and 2"
    assert fill_placeholders("%a%", None) == "%a%"
    assert fill_placeholders("%a%", {"a": {"x": [1]}}) == '{"x": [1]}'


def test_system_message_without_text_is_noted():
    p = render({"type": "system_message", "system_message_type": "routing.idle"})
    assert "routing.idle" in p.html and "no text" in p.html
    assert p.notes == ["text: the system message has no text; the widget shows nothing."]


def test_custom_content_is_a_collapsible_tree():
    p = render(load("events/custom.json"))
    assert p.html.count("<details") == 2 and p.html.count("<summary>") == 2
    assert '<span class="lcp-j-str">&quot;json&quot;</span>' in p.html


def test_custom_tree_depth_and_size_are_capped_visibly():
    deep: dict = {}
    cur = deep
    for _ in range(100_000):               # far deeper than Python's recursion limit
        cur["n"] = {}
        cur = cur["n"]
    p = render({"type": "custom", "content": deep})
    assert p.kind == "custom" and "… truncated" in p.html
    assert p.html.count("<details") == TREE_MAX_DEPTH
    assert any("stops at 12 levels" in n for n in p.notes)
    wide = render({"type": "custom", "content": {"items": list(range(100_000))}})
    assert "… truncated" in wide.html and len(wide.html) < 200_000
    assert any("at most 1,500 values" in n for n in wide.notes)


def test_unknown_event_type_is_noted():
    p = render({"type": "poll", "author_id": AGENT_ID, "created_at": "2020-01-01T00:00:00.000000Z"})
    assert p.kind == "event" and "Unknown event type" in p.html
    assert p.notes[0].startswith('the event has type "poll", which is not an event type')
    # the types listed are those of the version drawn for
    assert not re.search(r"\bform\b", render({"type": "poll"}, "event", version="3.2").notes[0])
    assert re.search(r"\bform\b", render({"type": "poll"}, "event", version="3.3").notes[0])


def test_explicit_structure_draws_a_typeless_payload():
    p = render({"text": "composed"}, "message")
    assert p.kind == "message" and "composed" in p.html and p.notes == []


# =============================================================================================
# transcripts
# =============================================================================================

def test_thread_transcript_with_passed_users():
    p = render(load("chats/thread.json"), users=USERS)
    assert p.kind == "thread"
    assert p.html.count('class="lcp-row lcp-right"') == 2     # the customer's two messages
    assert p.html.count(">Thomas Anderson<") == 2
    assert "Restricted access" in p.html


def test_chat_resolves_authors_from_its_own_users():
    p = render(load("chats/chat.json"))
    assert ">Thomas Anderson<" in p.html and 'class="lcp-row lcp-right"' in p.html


def test_chat_summary_shows_last_events_in_time_order():
    p = render(load("chats/chat_summary.json"))
    assert p.html.index(">Hello<") < p.html.index("lost internet connection")
    assert "Last event of each type" in p.html


def test_events_list_is_a_transcript():
    p = render([load("events/message.json"), load("events/system_message.json")])
    assert p.kind == "events" and "hello there" in p.html and "Hello there!" in p.html


@pytest.mark.parametrize("data, kind", [
    ({"type": "message", "text": "x"}, "message"),
    ({"threads": []}, "chat"),
    ({"events": []}, "thread"),
    ({"restricted_access": "no", "active": True}, "thread"),
    ({"last_thread_summary": {}}, "chat_summary"),
    ([{"last_thread_summary": {}}], "chat_summaries"),
    ({"chats_summary": []}, "chat_summaries"),
    ({"type": "agent", "id": "a"}, "user"),
    ([{"type": "customer", "id": "a"}], "users"),
    ({"fields": []}, "filled_form_fields"),
    ({"group_ids": [1]}, "tree"),
    (None, "tree"), (3, "tree"), ("text", "tree"), ([], "tree"),
])
def test_structure_inference(data, kind):
    assert render(data).kind == kind


def test_huge_lists_are_capped():
    thread = {"active": True, "events": [{"type": "message", "text": f"m{i}"} for i in range(100_000)]}
    p = render(thread)
    assert p.html.count('class="lcp-bubble"') == 300
    assert "events: the preview draws the first 300 of 100,000 events." in p.notes
    rm = render(rich("cards", [{"title": "T", "buttons": [button()] * 100_000}] * 100_000))
    assert rm.html.count('class="lcp-card"') == 20 and rm.html.count("lcp-btn-message") == 20 * 20
    summaries = render([load("chats/chat_summary.json")] * 1000)
    assert summaries.html.count('class="lcp-summary"') == 50


@pytest.mark.parametrize("data", [
    float("nan"), float("inf"), 10**400, b"bytes", object(), {1: 2}, {"type": ["message"]},
    {"type": {"x": 1}}, {"type": "message", "text": "\ud800"}, {"type": "rich_message", "elements": [[[[]]]]},
    {"type": "filled_form", "fields": [{"answers": "x"}, {"answer": {"id": 1}}, {"label": None}]},
    {"type": "file", "size": -1, "width": True, "content_type": 3, "url": 5},
    {"type": "system_message", "text": "%a%", "text_vars": ["a"]},
    {"threads": [{"events": [None, 3, {"type": None}]}], "users": "nope"},
    {"last_thread_summary": 1, "last_event_per_type": {"message": {"event": 5}, "x": None}},
])
def test_odd_inputs_never_raise(data):
    p = render(data)
    assert p.kind != "error"
    assert not audit(p.html)
    p.html.encode("utf-8")                   # lone surrogates were replaced


def test_self_referencing_data_does_not_hang():
    loop: list = []
    loop.append(loop)
    p = render({"type": "custom", "content": loop})
    assert p.kind == "custom" and "… truncated" in p.html


def test_safety_net_turns_a_bug_into_a_note(monkeypatch):
    import playground.presentation.preview as preview

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(preview, "_render", boom)
    p = render({"type": "message"})
    assert p.kind == "error" and "RuntimeError" in p.notes[0] and not audit(p.html)


# =============================================================================================
# URL helpers
# =============================================================================================

@pytest.mark.parametrize("value, expected", [
    ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
    ("HTTP://EXAMPLE.com", "HTTP://EXAMPLE.com"),
    ("  https://example.com  ", "https://example.com"),
    ("cdn.livechatinc.com/avatars/1.png", "https://cdn.livechatinc.com/avatars/1.png"),
    ("example.com", "https://example.com"),
    ("//cdn.example.com/x.png", "https://cdn.example.com/x.png"),
    ("javascript:alert(1)", None), ("data:image/png;base64,AA", None), ("vbscript:x", None),
    ("ftp://example.com", None), ("mailto:a@b.c", None), ("tel:123", None), ("/relative/path", None),
    ("https://", None), ("http:example.com", None), ("https://exa mple.com", None),
    ("https://example.com/\"onmouseover=\"x", None), ("https://example.com/<x>", None),
    ("https://ex\u200bample.com", None), ("\u202ehttps://example.com", None), ("https://[::1", None),
    ("https:\\\\evil.com", None), ("localhost/x", None), ("", None), (None, None), (42, None),
    ("https://example.com/" + "a" * 9000, None),
])
def test_safe_url(value, expected):
    assert safe_url(value) == expected


@pytest.mark.parametrize("value", [v for v in VECTORS])
def test_safe_url_never_returns_a_non_http_url(value):
    out = safe_url(value)
    assert out is None or re.match(r"^https?://", out, re.I)


def test_dropped_scheme_and_tel_href():
    assert dropped_scheme("  JAVA\tSCRIPT:x") == "javascript"
    assert dropped_scheme("&amp;#106;avascript:x") == "javascript"
    assert dropped_scheme("data:x") == "data"
    assert dropped_scheme("https://example.com/javascript:") is None
    assert dropped_scheme(5) is None
    assert tel_href("+48 790 034 890") == "tel:+48790034890"
    assert tel_href("(555) 010-999 ext. 5") == "tel:(555)010-9995"
    assert tel_href("no digits") is None and tel_href(None) is None


def test_page_html_has_the_stylesheet_then_the_fragment():
    p = render(load("events/message.json"))
    out = page_html(p)
    assert out.startswith("<style>") and out.endswith(p.html)
    assert ' style="' not in p.html


# =============================================================================================
# property: any JSON value, any structure name -> no exception, nothing executable
# =============================================================================================

hostile_text = st.one_of(st.text(max_size=40), st.sampled_from(VECTORS[:-3]))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(hostile_text, children, max_size=5),
    max_leaves=30,
)
EVENT_KEYS = ["type", "text", "author_id", "created_at", "recipients", "postback", "template_id",
              "elements", "title", "subtitle", "image", "url", "name", "buttons", "value", "webview_height",
              "user_ids", "content_type", "thumbnail_url", "size", "width", "height", "fields", "label",
              "answer", "answers", "system_message_type", "text_vars", "content", "events", "threads",
              "users", "avatar", "last_event_per_type", "restricted_access", "active", "id"]
shaped = st.recursive(
    json_values,
    lambda children: st.dictionaries(st.sampled_from(EVENT_KEYS), children, max_size=6)
    | st.lists(children, max_size=4),
    max_leaves=40,
)
events = st.builds(
    lambda t, tpl, rest: {**rest, "type": t, "template_id": tpl},
    st.sampled_from([*L.EVENT_TYPES, "nope"]), st.sampled_from([*L.TEMPLATE_IDS, "x"]),
    st.dictionaries(st.sampled_from(EVENT_KEYS), shaped, max_size=8),
)
structures = st.sampled_from([None, *L.EVENT_TYPES, "event", "thread", "chat", "chat_summary",
                              "chat_summaries", "agent", "customer", "my_profile", "access", "properties",
                              "filled_form_fields", "users", "events", "bogus"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(json_values, shaped, events), structure=structures,
       users=st.one_of(st.none(), st.lists(shaped, max_size=3)))
def test_render_never_raises_and_never_emits_script(data, structure, users):
    p = render(data, structure, users)
    assert p.kind != "error", p.notes
    assert isinstance(p.html, str) and all(isinstance(n, str) for n in p.notes)
    assert "<script" not in p.html.lower()
    # javascript: and on*= may appear as escaped visible text; they must never be markup:
    assert not audit(p.html)
    markup = re.sub(r'"[^"]*"', '""', "".join(re.findall(r"<[^>]*>", p.html)))  # tags, values blanked
    assert not re.search(r"\son\w+\s*=", markup) and "javascript:" not in markup.lower()
    for url in re.findall(r'(?:href|src)="([^"]*)"', p.html):
        assert not dropped_scheme(html.unescape(url))
    p.html.encode("utf-8")


# =============================================================================================
# the Streamlit helper
# =============================================================================================

def test_show_preview_in_streamlit():
    from streamlit.testing.v1 import AppTest

    def app():
        from playground.app.preview_view import show_preview
        show_preview({"type": "rich_message", "template_id": "sticker",
                      "elements": [{"title": "*bold* :red[x] <b>", "image": {"url": "https://e.com/s.png"}}]})

    at = AppTest.from_function(app).run(timeout=30)
    assert not at.exception
    body = at.get("html")[0].proto.body
    assert body.startswith("<style>") and "lcp-sticker" in body
    info = at.info[0].value
    assert "sticker shows only its image" in info and "elements\\[0\\]\\.title" in info


def test_the_stylesheet_and_the_templates_are_package_files():
    """STYLESHEET is preview.css (with the sticker cap from the spec's limits) in one <style>
    block, and pyproject.toml ships it and every template with the package."""
    folder = Path(preview_module.__file__).parent
    css = (folder / "preview.css").read_text(encoding="utf-8")
    assert "{{ sticker_max_px }}" in css
    assert f".lcp-sticker{{display:block;max-width:{L.STICKER_MAX_PX}px;max-height:{L.STICKER_MAX_PX}px;" in STYLESHEET
    first_rule = next(line for line in css.splitlines() if line.startswith(".lcp-root"))
    assert STYLESHEET.startswith("<style>\n" + first_rule)
    pyproject = tomllib.loads((folder.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(r.startswith("jinja2") for r in pyproject["project"]["dependencies"])
    shipped = pyproject["tool"]["setuptools"]["package-data"]["playground.presentation"]
    assert "preview.css" in shipped
    templates = sorted(p.relative_to(folder).as_posix() for p in (folder / "templates").iterdir())
    assert templates and all(any(fnmatch(t, pattern) for pattern in shipped) for t in templates)
