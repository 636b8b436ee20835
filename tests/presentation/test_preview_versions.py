"""Previews of what v3.3 to v3.7 added, and the preview's API version.

Form events (v3.3+), url buttons' target and images' alternative_text (v3.3+), the ecommerce
template, System and Deleted events, `deleted: true`, a thread's customer_visit (v3.6+), chat
info (v3.7); every bundled sample of every version under its own version; lists of events as a
transcript; no request for an outside host from a bundled sample.
"""
from __future__ import annotations

import copy
import json
import re
from urllib.parse import urlsplit

import pytest

from playground.presentation import preview
from playground.presentation.preview import (ECOMMERCE_APPROXIMATION, STYLESHEET, Preview, render,
                                             render_transcript, safe_color)
from playground.spec import catalog
from tests.presentation.test_xss import audit

SAMPLES = catalog.SAMPLES_DIR
AGENT = "smith@example.com"


def load(rel: str):
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


def every_sample():
    for version in catalog.VERSIONS:
        for name, path in catalog.all_samples(version):
            yield pytest.param(version, name, path, id=f"{version}-{name}-{path.stem}")


# What each structure of a sample is drawn as.
KIND = {"message": "message", "rich_message": "rich_message", "file": "file", "form": "form",
        "filled_form": "filled_form", "custom": "custom", "system_message": "system_message", "system": "system",
        "deleted_event": "deleted_event", "agent": "user", "my_profile": "user", "customer": "user",
        "access": "tree", "properties": "tree", "cart": "tree", "cart_item": "tree", "chat": "chat",
        "thread": "thread", "chat_summary": "chat_summary", "chat_summaries": "chat_summaries",
        "chat_info": "chat_summary", "chats_info": "chat_summaries", "form_fields": "form_fields",
        "filled_form_fields": "filled_form_fields"}
# The one note a bundled sample earns under every version: the spec's own rich message sample puts
# webview_height on a phone button (spec/NOTES.md), which the widget ignores.
SAMPLE_QUIRK = re.compile(r'^elements\[0\]\.buttons\[2\]\.webview_height: webview_height applies only to webview '
                          r'buttons; the widget ignores it on a "phone" button\.$')


@pytest.mark.parametrize("version, name, path", list(every_sample()))
def test_every_sample_of_every_version_previews_under_its_own_version(version, name, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    for structure in (name, None):        # as the catalog names it, and inferred
        p = render(data, structure, version=version)
        assert p.kind == KIND[name], (structure, p.kind)
        assert p.version == version
        unexpected = [n for n in p.notes if not SAMPLE_QUIRK.match(n)]
        assert not unexpected, unexpected
        assert not audit(p.html)


def test_the_sample_loop_can_fail():
    """What the loop above rejects: the notes an older version gives to a newer sample."""
    form = render(load("v3_6/events/form.json"), version="3.2")
    assert form.notes == ["type: The form event arrived in v3.3; v3.2 (decommissioned) has no such thing, so "
                          "the API refuses or never returns it. The preview draws it as v3.3 would."]
    assert form.kind == "form" and "Your name" in form.html
    system = render(load("v3_6/events/system.json"), version="3.5")
    assert any("arrived in v3.6" in n for n in system.notes)
    deleted = render(load("v3_6/events/deleted_event.json"), version="3.4")
    assert any(n.startswith("deleted: `deleted` (deleted events) arrived in v3.6") for n in deleted.notes)
    eco = render(ecommerce("tags"), version="3.5")
    assert any(n.startswith("template_id: The ecommerce template arrived in v3.6") for n in eco.notes)


def test_version_parameter_default_and_old_signature():
    message = load("events/message.json")
    assert render(message).version is None                    # any version: no version notes
    assert render(message, "message", None).kind == "message"  # the old positional call still works
    assert render(message, version="v3.6").version == "3.6"
    assert render(message, version="detect").version is None
    odd = render(message, version="9.9")
    assert odd.version is None and odd.notes[0].startswith('"9.9" is not an API version the playground knows')
    assert render(message, version=["x"]).kind == "message"


# =============================================================================================
# ecommerce (v3.6+)
# =============================================================================================

OPTIONS = [
    {"option_id": "1", "label": "Navy", "price": "79.99", "regular_price": "99.99", "currency": "USD",
     "color": "#1E3A8A", "selected": True, "image_thumbnail_url": "https://img.acme-shop.com/navy.png"},
    {"option_id": "2", "label": "Coral", "price": "79.99", "regular_price": "79.99", "currency": "USD",
     "color": "coral", "image_url": "https://img.example.com/coral.png"},
    {"option_id": "3", "label": "Mint", "price": "74.99", "currency": "PLN", "color": "#9fd", "available": False},
]


def ecommerce(view_type, options=OPTIONS, **product):
    return {"type": "rich_message", "author_id": AGENT, "template_id": "ecommerce", "elements": [{
        "title": "Trail runner", "subtitle": "Light shoe",
        "image": {"url": "https://img.acme-shop.com/shoe.png", "alternative_text": "A blue shoe", "name": "shoe.png"},
        "ecommerce": dict({"view_type": view_type, "product_id": "p-1", "label": "Colour",
                           "options": copy.deepcopy(options),
                           "addons": [{"addon_type": "gift_wrap", "range_from": "2", "range_to": "5",
                                       "currency": "USD"}]}, **product),
        "buttons": [{"type": "message", "text": "Add to cart", "postback_id": "add", "user_ids": []}]}]}


def opts(html: str) -> list[str]:
    return re.findall(r'<(?:span|li) class="(lcp-opt(?: [^"]*)?)"', html)


@pytest.mark.parametrize("view_type", ["tags", "swatch", "images", "select"])
def test_ecommerce_picker_marks_selected_unavailable_prices_and_addons(view_type):
    p = render(ecommerce(view_type), version="3.6")
    assert p.kind == "rich_message" and p.notes == [] and not audit(p.html)
    assert f"lcp-product-{view_type}" in p.html
    classes = opts(p.html)
    assert len(classes) == 3
    assert "lcp-opt-selected" in classes[0] and "lcp-opt-selected" not in classes[1]
    assert "lcp-opt-unavailable" in classes[2] and "lcp-opt-unavailable" not in classes[0]
    # the product's price is the selected option's, the regular price struck through
    assert '<span class="lcp-price-now">$79.99</span> <s class="lcp-price-was">$99.99</s>' in p.html
    assert "Gift wrap" in p.html and "$2 – $5" in p.html
    assert 'alt="A blue shoe"' in p.html           # alternative_text, not the file name
    assert "Add to cart" in p.html
    assert p.approximations == [ECOMMERCE_APPROXIMATION]
    assert preview.html.escape(ECOMMERCE_APPROXIMATION, quote=True) in p.html


def test_ecommerce_prices_regular_price_only_when_different():
    p = render(ecommerce("tags"))
    picker = p.html.split('<div class="lcp-tags"', 1)[1].split("</div>", 1)[0]
    navy, coral, mint = picker.split('role="listitem"')[1:]
    assert '<s class="lcp-opt-regular">$99.99</s>' in navy                  # Navy: 79.99, was 99.99
    assert "<s " not in coral and "$79.99" in coral                       # the same price: not struck
    assert "74.99 PLN" in mint                                             # no sign known: the code


def test_ecommerce_views_draw_each_way():
    tags = render(ecommerce("tags")).html
    assert tags.count('lcp-tag"') == 3 and "Colour: <b>Navy</b>" in tags
    swatch = render(ecommerce("swatch")).html
    assert re.findall(r'style="([^"]*)"', swatch) == ["background-color:#1e3a8a", "background-color:coral",
                                                      "background-color:#99ffdd"]
    images = render(ecommerce("images")).html
    assert '<img class="lcp-thumb" src="https://img.acme-shop.com/navy.png" alt="Navy"' in images
    assert images.count("lcp-img-ph lcp-thumb") == 1          # example.com: a placeholder, not fetched
    assert "img.example.com" not in images
    select = render(ecommerce("select")).html
    assert '<details class="lcp-select"><summary><span class="lcp-select-value">Navy</span>' in select
    assert select.count("<li class=\"lcp-opt") == 3 and ">unavailable<" in select
    assert "style=" not in tags + images + select


def test_ecommerce_problems_are_noted():
    bad = render(ecommerce("carousel", [{"label": "x", "color": "url(x)"}, "nope"]))
    assert any("view_type \"carousel\" is not one of tags, swatch, images, select" in n for n in bad.notes)
    assert any(n.startswith("elements[0].ecommerce.options[1]: the option is a string") for n in bad.notes)
    missing = ecommerce("tags")
    del missing["elements"][0]["ecommerce"]
    card = render(missing)
    assert "lcp-card" in card.html and any("needs an ecommerce object" in n for n in card.notes)
    cards = dict(ecommerce("tags"), template_id="cards")
    assert any("used only by the ecommerce template" in n for n in render(cards).notes)
    swatch = render(ecommerce("swatch", [dict(OPTIONS[0], color="red;x:url(y)")]))
    assert "style=" not in swatch.html and "lcp-swatch-none" in swatch.html
    assert any("is not a #rgb / #rrggbb colour" in n for n in swatch.notes)
    two = render(ecommerce("tags", [dict(OPTIONS[0]), dict(OPTIONS[1], selected=True)]))
    assert any("2 options are selected" in n for n in two.notes)


def test_several_products_are_a_carousel():
    data = ecommerce("tags")
    data["elements"] = data["elements"] * 3
    p = render(data)
    assert "lcp-carousel" in p.html and p.html.count("lcp-product-tags") == 3


@pytest.mark.parametrize("value, expected", [
    ("#1E3A8A", "#1e3a8a"), ("#abc", "#aabbcc"), (" red ", "red"), ("RebeccaPurple", "rebeccapurple"),
    ("#12345", None), ("#ggg", None), ("red;background:url(x)", None), ("rgb(1,2,3)", None),
    ("expression(alert(1))", None), ("var(--x)", None), ("transparent", None), ("", None), (None, None),
    (3, None), ("r\ted", None), ("#fff\"", None), ("a" * 100, None)])
def test_safe_color(value, expected):
    assert safe_color(value) == expected


# =============================================================================================
# form (v3.3+), system and deleted events (v3.6+)
# =============================================================================================

def test_form_event_is_an_empty_form_with_labels_required_marks_and_options():
    p = render(load("v3_6/events/form.json"), version="3.6")
    assert p.kind == "form" and p.notes == [] and not audit(p.html)
    labels = re.findall(r'<div class="lcp-input-label">(.*?)</div>', p.html)
    assert [re.sub(r"<.*?>", "", label) for label in labels] == [
        "Your name*", "Your email", "What are you looking for?", "Additional info", "Chat purpose", "Country",
        "Company industry"]
    assert p.html.count('class="lcp-required"') == 1                     # only "Your name" is required
    assert p.html.count("lcp-input-area") == 1                           # the textarea
    assert "lcp-choice-dot" in p.html and p.html.count("lcp-choice-box") == 2   # radio, checkbox options
    assert '<details class="lcp-select">' in p.html and "<li>USA</li><li>UK</li>" in p.html
    assert "prechat" in p.html and "1473433500211" in p.html and ">Submit<" in p.html
    assert p.approximations and "Form events" in p.approximations[0]


def test_form_fields_structure_is_an_empty_form_and_problems_are_noted():
    p = render(load("v3_6/common/form_fields.json"))
    assert p.kind == "form_fields" and "Choose department" in p.html and "(no answer)" not in p.html
    odd = render({"type": "form", "fields": [{"type": "slider", "label": "x"}, 3, {"type": "radio",
                                                                                    "options": "no"}]})
    assert any('field type "slider" is not one of' in n for n in odd.notes)
    assert any(n.startswith("fields[1]: the field is a number") for n in odd.notes)
    assert any(n.startswith("fields[2].options: options is a string") for n in odd.notes)
    subject = render({"type": "filled_form", "fields": []}, version="3.2")
    assert subject.notes == []
    old = render({"type": "form", "fields": [{"type": "subject", "label": "S"}]}, version="3.3")
    assert old.notes == []


def test_system_event_shows_source_subtype_and_details_as_a_tree():
    p = render(load("v3_6/events/system.json"), version="3.6")
    assert p.kind == "system" and p.notes == [] and not audit(p.html)
    assert ">Store order was created<" in p.html and "source: cdp" in p.html and ">v1<" in p.html
    assert "store_order_was_created" in p.html
    for key in ("store", "order", "line_items", "order_number", "variant_id"):
        assert f"&quot;{key}&quot;" in p.html
    assert "&quot;#1001&quot;" in p.html and ">123.45<" in p.html


@pytest.mark.parametrize("details, note", [
    ("{not json", "details is not valid JSON (Expecting property name"),
    ("", "details is not valid JSON (Expecting value"),
    ("[" * 100_000 + "]" * 100_000, "details is not valid JSON (nested too deeply)"),
    ("1" * 300_000, "details is not valid JSON (300,000 characters, more than the preview parses"),
])
def test_system_event_details_that_are_not_json_are_noted(details, note):
    p = render(dict(load("v3_6/events/system.json"), details=details))
    assert p.kind == "system" and any(note in n for n in p.notes), p.notes
    assert "lcp-sysevent-raw" in p.html and len(p.html) < 50_000


def test_system_event_details_not_a_string_and_missing():
    p = render(dict(load("v3_6/events/system.json"), details={"a": 1}))
    assert any("details is an object, not a string" in n for n in p.notes) and "&quot;a&quot;" in p.html
    bare = render({"type": "system"})
    assert bare.kind == "system" and "(no details)" in bare.html and ">System event<" in bare.html


def test_deleted_event_is_a_placeholder_as_an_agent_sees_it():
    p = render(load("v3_7/events/deleted_event.json"), version="3.7")
    assert p.kind == "deleted_event" and p.notes == []
    assert "lcp-bubble-deleted" in p.html and "Message deleted" in p.html and "15:19" in p.html
    file = render(dict(load("v3_7/events/deleted_event.json"), type="file"))
    assert "File deleted" in file.html


def test_deleted_true_on_a_whole_event_is_marked_deleted():
    for rel in ("v3_6/events/message.json", "v3_6/events/file.json", "v3_6/events/filled_form.json",
                "v3_6/events/custom.json", "v3_6/events/form.json"):
        p = render(dict(load(rel), deleted=True), version="3.6")
        assert "lcp-row-deleted" in p.html and ">deleted</span>" in p.html, rel
        assert p.kind != "deleted_event" and p.notes == [], rel
    assert "lcp-row-deleted" not in render(load("v3_6/events/message.json")).html
    assert "lcp-row-deleted" not in render(dict(load("v3_6/events/message.json"), deleted="yes")).html


# =============================================================================================
# target, alternative_text, customer_visit, chat info, transcripts
# =============================================================================================

def test_url_button_target_is_shown_and_the_preview_never_navigates_away():
    def button(target):
        b = {"type": "url", "text": "Shop", "value": "https://shop.acme-shop.com/", "postback_id": "s", "user_ids": []}
        if target is not None:
            b["target"] = target
        return render({"type": "rich_message", "template_id": "cards", "elements": [{"title": "T", "buttons": [b]}]})
    current, new, none = button("current").html, button("new").html, button(None).html
    assert ">same tab<" in current and "target: current" in current
    assert ">new tab<" in new and "target: new" in new
    assert "lcp-target" not in none
    for html_text in (current, new, none):
        assert 'target="_blank"' in html_text


def test_alternative_text_is_the_alt_of_images_and_files():
    rich = render(load("v3_6/events/rich_message.json"))
    assert "A picture of lorem ipsum" in rich.html
    file = dict(load("v3_6/events/file.json"), thumbnail_url="https://cdn.livechat-files.com/t.png")
    p = render(file)
    assert re.search(r'<img class="lcp-file-img" src="https://cdn.livechat-files.com/t.png" alt="([^"]*)"', p.html)
    alt = re.search(r'alt="([^"]*)"', p.html).group(1)
    assert alt == file.get("alternative_text", file["name"])


def test_thread_customer_visit():
    visit = load("v3_6/users/customer.json")["visit"]
    p = render(dict(load("v3_6/chats/thread.json"), customer_visit=visit), version="3.6")
    assert p.notes == [] and "Customer visit" in p.html
    assert "Wroclaw, Dolnoslaskie, Poland" in p.html and "Chrome on macOS" in p.html
    assert ">LiveChat - Tour</a>" in p.html and 'href="https://www.livechat.com/tour"' in p.html
    bad = render(dict(load("v3_6/chats/thread.json"), customer_visit="x"))
    assert any(n.startswith("customer_visit: customer_visit is a string") for n in bad.notes)


def test_chat_info_v37_with_last_events_at_the_top_or_inside_last_thread_info():
    sample = load("v3_7/chats/chat_info.json")
    top = render(sample, version="3.7")
    assert top.kind == "chat_summary" and ">Chat info" in top.html and ">Hello<" in top.html
    inside = copy.deepcopy(sample)
    inside["last_thread_info"]["last_event_per_type"] = inside.pop("last_event_per_type")
    moved = render(inside, version="3.7")
    assert ">Hello<" in moved.html and "lost internet connection" in moved.html and moved.notes == []
    listed = render({"chats_info": [inside, sample]})
    assert listed.kind == "chat_summaries" and listed.html.count(">Chat info") == 2
    assert render([inside]).kind == "chat_summaries"
    summary = render(load("v3_6/chats/chat_summary.json"), version="3.6")
    assert ">Chat info" not in summary.html and ">Chat <b" in summary.html


def test_a_list_of_events_is_a_transcript_with_day_lines():
    events = [load("v3_6/events/message.json"), load("v3_6/events/deleted_event.json"), load("v3_6/events/form.json"),
              dict(load("v3_6/events/system.json"), created_at="2017-10-13T08:00:00.000000Z")]
    p = render_transcript(events, "3.6")
    assert p.kind == "events" and p.notes == [] and not audit(p.html)
    assert re.findall(r'<div class="lcp-day"><span>(.*?)</span></div>', p.html) == ["12 Oct 2017", "13 Oct 2017"]
    assert render(events).kind == "events"                    # inferred as well
    assert render(events, "transcript").kind == "events"
    mixed = render_transcript([events[0], 3, {"type": "poll"}])
    assert any(n.startswith("[1]: an event must be a JSON object") for n in mixed.notes)
    assert any(n.startswith("[2]: the event has type \"poll\"") for n in mixed.notes)
    assert "(no events)" in render_transcript([]).html
    assert render_transcript({"type": "message", "text": "hi"}).kind == "message"
    many = render_transcript([{"type": "message", "text": str(i)} for i in range(1000)])
    assert any("first 300 of 1,000 events" in n for n in many.notes)


# =============================================================================================
# no request for an outside host from a bundled sample
# =============================================================================================

@pytest.mark.parametrize("version", catalog.VERSIONS)
def test_no_bundled_sample_makes_the_preview_fetch_anything(version):
    """A sample's pictures are on example.com (placeholders) and avatars are never fetched, so no
    preview of a bundled sample holds a src: nothing is requested when it is shown."""
    for name, path in catalog.all_samples(version):
        p = render(json.loads(path.read_text(encoding="utf-8")), name, version=version)
        assert "src=" not in p.html, (name, re.findall(r'src="[^"]*"', p.html))


def test_a_payloads_own_image_is_still_loaded_and_avatars_never_are():
    p = render({"type": "rich_message", "template_id": "cards", "author_id": AGENT,
                "elements": [{"image": {"url": "https://cdn.livechat-files.com/a.png"}}]},
               users=[{"id": AGENT, "type": "agent", "name": "Agent Smith", "avatar": "https://cdn.livechatinc.com/a.png"}])
    srcs = re.findall(r'src="([^"]*)"', p.html)
    assert srcs == ["https://cdn.livechat-files.com/a.png"]
    assert "avatar: https://cdn.livechatinc.com/a.png" in p.html
    for host in ("example.com", "cdn.example.org", "shop.test", "x.invalid", "localhost"):
        url = f"https://{host}/a.png"
        assert preview.image_src(url) == (None, True)
    assert preview.image_src("https://myexample.com/a.png") == ("https://myexample.com/a.png", False)
    assert preview.image_src("javascript:alert(1)") == (None, False)


def test_stylesheet_loads_nothing_from_anywhere():
    body = STYLESHEET.lower()
    for word in ("url(", "@import", "@font-face", "http:", "https:", "//"):
        assert word not in body, word
    for template in (preview._PACKAGE_DIR / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8").lower()
        assert "<link" not in text and "@import" not in text and "fonts.googleapis" not in text, template.name
        hosts = {urlsplit(u).hostname for u in re.findall(r'https?://[^\s"\'<>]+', text)}
        assert not hosts, (template.name, hosts)


def test_render_never_raises_on_hostile_shapes_of_the_new_structures():
    shapes = [
        {"type": "rich_message", "template_id": "ecommerce", "elements": [{"ecommerce": {"options": [[]] * 5,
                                                                                          "addons": {"x": 1}}}]},
        {"type": "rich_message", "template_id": "ecommerce", "elements": "x"},
        {"type": "form", "fields": "x", "form_type": ["x"]},
        {"type": "system", "details": None, "subtype": {"a": 1}, "version": True},
        {"type": "message", "deleted": True, "id": 1},
        {"id": "x", "last_thread_info": "x", "last_event_per_type": []},
        {"chats_info": "x"},
        {"id": "t", "active": True, "events": [], "customer_visit": {"geolocation": "x", "last_pages": [1, {"url": 2}]}},
    ]
    for data in shapes:
        for version in (None, *catalog.VERSIONS):
            p = render(data, version=version)
            assert isinstance(p, Preview) and p.kind != "error", (data, version, p.notes)
            assert not audit(p.html)


def test_a_shortened_currency_is_noted_at_the_currency_not_the_price():
    options = [{"option_id": "o1", "label": "Navy", "price": "79.99", "currency": "X" * 63}]
    p = render(ecommerce("tags", options=options), version="3.6")
    shortened = [n for n in p.notes if "first 40" in n]
    assert shortened and all("currency" in n and ".price" not in n for n in shortened), p.notes


@pytest.mark.parametrize("field_type", [[], {}, ["text"], 1.5, None])
def test_a_form_field_whose_type_is_not_a_string_is_noted_not_a_broken_preview(field_type):
    """Found by the preview fuzz: {"fields": [{"type": []}]} drew "The preview could not be drawn
    (TypeError)" (a list used as a dictionary key)."""
    p = render({"text": {}, "fields": [{"type": field_type}]})
    assert p.kind != "error", p.notes
    assert not audit(p.html)
