"""What v3.3 to v3.7 added, previewed in real headless Chromium.

One test draws every new preview (the ecommerce picker in each view_type, the Form, System and
Deleted events, `deleted: true`, a thread's customer_visit, v3.7 chat info, a transcript) and
every bundled sample of every version: no request leaves the page (every request is recorded
and aborted), the swatches show their colours, the selected option is highlighted, a regular
price is struck through, the drop-downs open; it saves screenshots/preview-new-*.png. A second
test opens the app: the editor's Preview tab of an ecommerce payload keeps the swatch colours
through Streamlit's sanitiser (st.html) and shows the version note for an older version.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from harness import open_app, screenshot, set_editor_text, wait_for_app

from playground.presentation.preview import STYLESHEET, page_html, render, render_transcript
from playground.spec import catalog

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
SAMPLES = ROOT / "samples"


def _load(rel: str):
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


AGENT = "smith@example.com"
USERS = _load("v3_6/chats/chat.json")["users"]
OPTIONS = [
    {"option_id": "1", "label": "Navy", "price": "79.99", "regular_price": "99.99", "currency": "USD",
     "color": "#1e3a8a", "selected": True, "image_thumbnail_url": "https://img.shop.test/navy.png"},
    {"option_id": "2", "label": "Coral", "price": "79.99", "currency": "USD", "color": "coral"},
    {"option_id": "3", "label": "Mint", "price": "74.99", "currency": "USD", "color": "#9fd", "available": False},
    {"option_id": "4", "label": "Sand", "price": "79.99", "currency": "USD", "color": "tan"},
]


def ecommerce(view_type: str, labels=None) -> dict:
    options = copy.deepcopy(OPTIONS)
    for option, label in zip(options, labels or []):
        option["label"] = label
    return {"id": "e1", "type": "rich_message", "author_id": AGENT, "created_at": "2025-08-07T10:00:00.000000Z",
            "visibility": "all", "template_id": "ecommerce", "elements": [{
                "title": "Trail runner 2", "subtitle": "Lightweight running shoe",
                "image": {"url": "https://img.shop.test/shoe.png", "alternative_text": "A blue running shoe"},
                "ecommerce": {"view_type": view_type, "product_id": "p-1",
                              "label": "Size" if labels else "Colour", "options": options,
                              "addons": [{"addon_type": "gift_wrap", "range_from": "2", "range_to": "5",
                                          "currency": "USD"}]},
                "buttons": [{"type": "message", "text": "Add to cart", "postback_id": "add", "user_ids": []},
                            {"type": "url", "text": "View in store", "value": "https://shop.test/p/1",
                             "target": "current", "postback_id": "v", "user_ids": []}]}]}


def gallery() -> dict:
    visit = _load("v3_6/users/customer.json")["visit"]
    thread = dict(_load("v3_6/chats/thread.json"), customer_visit=visit)
    thread.pop("restricted_access")
    return {
        "ecommerce-tags": (ecommerce("tags", ["EU 40", "EU 41", "EU 42", "EU 43"]), "3.6"),
        "ecommerce-swatch": (ecommerce("swatch"), "3.6"),
        "ecommerce-images": (ecommerce("images"), "3.6"),
        "ecommerce-select": (ecommerce("select"), "3.6"),
        "form": (_load("v3_6/events/form.json"), "3.6"),
        "system": (_load("v3_6/events/system.json"), "3.6"),
        "system-bad-details": (dict(_load("v3_6/events/system.json"), details='{"order": '), "3.6"),
        "deleted": (_load("v3_7/events/deleted_event.json"), "3.7"),
        "deleted-true": (dict(_load("v3_6/events/message.json"), author_id=AGENT, deleted=True), "3.6"),
        "chat-info": (_load("v3_7/chats/chat_info.json"), "3.7"),
        "thread-visit": (thread, "3.6"),
        "transcript": ([_load("v3_6/events/message.json"), _load("v3_6/events/deleted_event.json"),
                        ecommerce("tags", ["S", "M", "L", "XL"]), _load("v3_6/events/system.json")], "3.6"),
    }


def _watch(browser):
    context = browser.new_context(viewport={"width": 800, "height": 600})
    requests: list[str] = []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    return context, requests


def test_new_previews_in_chromium(browser):
    SHOTS.mkdir(exist_ok=True)
    context, requests = _watch(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        # every bundled sample of every version, under its own version: nothing is requested
        body = STYLESHEET + "".join(render(json.loads(path.read_text(encoding="utf-8")), name, version=v).html
                                    for v in catalog.VERSIONS for name, path in catalog.all_samples(v))
        page.set_content(f"<!doctype html><html><body>{body}</body></html>", wait_until="load")
        page.wait_for_timeout(300)
        assert page.locator(".lcp-root").count() == sum(len(catalog.all_samples(v)) for v in catalog.VERSIONS)
        assert requests == [], requests[:5]

        for name, (data, version) in gallery().items():
            p = render_transcript(data, version, USERS) if name == "transcript" else render(data, None, USERS, version)
            assert p.kind != "error", name
            page.set_content("<!doctype html><html><body style='margin:12px;background:#fff'>"
                             + page_html(p) + "</body></html>", wait_until="load")
            root = page.locator(".lcp-root")
            if name == "ecommerce-swatch":
                colours = page.eval_on_selector_all(
                    ".lcp-swatch", "els => els.map(e => getComputedStyle(e).backgroundColor)")
                assert colours == ["rgb(30, 58, 138)", "rgb(255, 127, 80)", "rgb(153, 255, 221)", "rgb(210, 180, 140)"]
                ring = page.eval_on_selector(".lcp-opt-selected .lcp-swatch", "e => getComputedStyle(e).outlineStyle")
                assert ring == "solid"
            if name == "ecommerce-tags":
                selected = page.eval_on_selector(".lcp-tag.lcp-opt-selected", "e => getComputedStyle(e).backgroundColor")
                assert selected == "rgb(37, 99, 235)"
                struck = page.eval_on_selector(".lcp-price-was", "e => getComputedStyle(e).textDecorationLine")
                assert struck == "line-through"
                out = page.eval_on_selector(".lcp-tag.lcp-opt-unavailable", "e => getComputedStyle(e).textDecorationLine")
                assert out == "line-through"
            if name in ("ecommerce-select", "form"):
                menu = page.locator(".lcp-select-menu").first
                assert not menu.is_visible()
                page.locator(".lcp-select summary").first.click()
                assert menu.is_visible()
            if name == "ecommerce-images":
                assert page.locator(".lcp-thumb-opt").count() == 4
            if name == "system":
                assert page.get_by_text("Store order was created").is_visible()
                assert page.locator(".lcp-sysevent details").count() >= 3
            if name == "deleted":
                assert page.get_by_text("Message deleted").is_visible()
            box = root.bounding_box()
            assert box and box["width"] > 300 and box["height"] > 60, name
            root.screenshot(path=str(SHOTS / f"preview-new-{name}.png"))
        assert requests == [], requests[:5]
        assert not errors, errors
    finally:
        context.close()


def test_editor_preview_keeps_swatch_colours_and_version_notes(app_url, page):
    open_app(page, app_url)
    set_editor_text(page, json.dumps(ecommerce("swatch"), indent=2))
    wait_for_app(page)
    page.get_by_role("tab", name="Preview").click()
    page.wait_for_timeout(400)
    swatches = page.locator(".lcp-swatch")
    assert swatches.count() == 4
    colours = swatches.evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert colours[0] == "rgb(30, 58, 138)" and colours[1] == "rgb(255, 127, 80)"   # st.html kept the style
    assert page.locator(".lcp-root script, .lcp-root [onerror]").count() == 0
    screenshot(page, "editor-preview-ecommerce")
