"""The whole hostile corpus, rendered, in real headless Chromium: nothing runs, nothing leaks.

Every (vector, slot) preview is loaded with ``page.set_content`` in a few batched pages
(``STYLESHEET`` once per page followed by the fragments, which is ``page_html`` of each). The
page listens for dialogs, page errors, console messages and every request (all requests are
routed and aborted, so image ``onerror`` handlers would fire if any existed). Then every
element gets mouse, focus and toggle events and every ``<details>`` is opened. The vectors
try to set ``window.__xss``; it must stay unset, no dialog may open, and no request may leave
for anything but http(s).

It also saves screenshots of each preview type (samples and a few built payloads) to
/work/main/screenshots/preview-*.png, with layout checks (carousel sideways, sticker within
300x300, chips under the bubble).
"""
from __future__ import annotations

import copy
import io
import json
import time
from pathlib import Path

import pytest

from playground.presentation.preview import STYLESHEET, page_html, render
from tests.xss_corpus import SLOTS, VECTORS, cases

pytestmark = pytest.mark.browser

# `browser` is the session fixture of tests/browser/conftest.py (Debian's Chromium, the brief's
# flags; skips when Chromium is absent). No Streamlit server is needed here.
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
BATCH = 800


class Watch:
    """A browser context that records dialogs, errors, console and requests, and aborts requests."""

    def __init__(self, browser, images: bytes | None = None):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": 560, "height": 400})
        self.context.route("**/*", self._route)
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.context.on("page", self._attach)
        self.images = images
        self.page = self.context.new_page()

    def _attach(self, page):
        page.on("dialog", lambda d: (self.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))

    def _route(self, route):
        if self.images is not None and route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/png", body=self.images)
        else:
            route.abort()

    def close(self):
        self.context.close()


# Fires what a handler could listen to, opens every <details>, then reports what the DOM holds.
PROBE = """() => {
  const all = Array.from(document.querySelectorAll('*'));
  for (const el of all) {
    for (const t of ['mouseover', 'mouseenter', 'pointerover', 'mousemove', 'focus', 'focusin',
                     'animationstart', 'transitionend', 'toggle', 'load', 'error']) {
      try { el.dispatchEvent(new Event(t)); } catch (e) {}
    }
  }
  for (const d of document.querySelectorAll('details')) d.open = true;
  const bad = [];
  for (const el of all) {
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
      // the one style attribute written: a swatch's validated colour (preview.safe_color)
      if (a.name === 'style' && !(el.tagName === 'SPAN' && el.className === 'lcp-swatch'
          && /^background-color:(#[0-9a-f]{6}|[a-z]{3,20})$/.test(a.value)))
        bad.push(`${el.tagName} style attribute ${a.value.slice(0, 40)}`);
      if (/^(srcdoc|action|formaction|xlink:href|data|poster|background|srcset)$/i.test(a.name))
        bad.push(`${el.tagName} ${a.name}`);
    }
  }
  for (const a of document.querySelectorAll('[href]')) {
    const p = a.protocol;
    const ok = p === 'http:' || p === 'https:' || (p === 'tel:' && a.classList.contains('lcp-btn-phone'));
    if (!ok) bad.push(`A href ${a.getAttribute('href').slice(0, 60)}`);
  }
  for (const i of document.querySelectorAll('[src]')) {
    const p = new URL(i.src, 'https://base.invalid/').protocol;
    if (p !== 'http:' && p !== 'https:') bad.push(`${i.tagName} src ${i.getAttribute('src').slice(0, 60)}`);
  }
  const tags = 'script,iframe,frame,object,embed,meta,base,form,input,button,textarea,svg,math,link,template,noscript';
  for (const el of document.querySelectorAll(tags)) bad.push(`tag ${el.tagName}`);
  return {bad: bad.slice(0, 20), styles: document.querySelectorAll('style').length,
          roots: document.querySelectorAll('.lcp-root').length, elements: all.length};
}"""


def _load_and_probe(w: Watch, body: str) -> dict:
    w.page.set_content(f"<!doctype html><html><head><title>corpus</title></head><body>{body}</body></html>",
                       wait_until="load")
    result = w.page.evaluate(PROBE)
    w.page.wait_for_timeout(100)                 # let any late error/load handlers run
    result["xss"] = w.page.evaluate("() => window.__xss")
    return result


def test_harness_sees_a_live_vector(browser):
    """The same harness, fed unescaped vectors, does notice them (so the real test can fail)."""
    w = Watch(browser)
    try:
        result = _load_and_probe(w, '<img src="https://x.invalid/a.png" onerror="window.__xss=1">'
                                    '<a href="javascript:alert(1)">x</a><div onmouseover="alert(2)">y</div>')
        assert result["xss"] == 1
        assert w.dialogs == ["alert: 2"]
        assert any("onerror" in b for b in result["bad"]) and any("javascript" in b for b in result["bad"])
    finally:
        w.close()


def test_whole_corpus_stays_inert_in_chromium(browser):
    started = time.perf_counter()
    fragments = [(i, slot, render(data, structure, users)) for i, slot, data, structure, users in cases()]
    assert len(fragments) == len(VECTORS) * len(SLOTS)
    assert all(p.kind != "error" for _, _, p in fragments)
    w = Watch(browser)
    problems = []
    drawn = 0
    try:
        for start in range(0, len(fragments), BATCH):
            batch = fragments[start:start + BATCH]
            # page_html(p) == STYLESHEET + p.html; the stylesheet is sent once per page
            assert page_html(batch[0][2]) == STYLESHEET + batch[0][2].html
            body = STYLESHEET + "".join(p.html for _, _, p in batch)
            result = _load_and_probe(w, body)
            drawn += result["roots"]
            if result["bad"]:
                problems.append(f"batch at {start}: {result['bad']}")
            if result["xss"] is not None:
                problems.append(f"batch at {start}: window.__xss was set to {result['xss']!r}")
            assert result["styles"] == 1
    finally:
        w.close()
    elapsed = time.perf_counter() - started
    print(f"\n{len(VECTORS)} vectors x {len(SLOTS)} slots = {len(fragments)} previews, "
          f"{drawn} drawn in Chromium, {len(w.requests)} requests, in {elapsed:.1f}s")
    assert drawn == len(fragments)
    assert not problems, "\n".join(problems)
    assert not w.dialogs, w.dialogs
    assert not w.errors, w.errors[:5]
    leaked = [u for u in w.requests if not u.startswith(("http://", "https://"))]
    assert not leaked, leaked[:10]
    assert not [c for c in w.console if "xss" in c.lower()]


# =============================================================================================
# screenshots of each preview type, with layout checks
# =============================================================================================

SAMPLES = ROOT / "samples"


def _load(rel: str):
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


def _png() -> bytes:
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (640, 480), (125, 165, 225))
    d = ImageDraw.Draw(im)
    for x in range(-480, 640, 48):
        d.line([(x, 0), (x + 480, 480)], fill=(95, 135, 205), width=14)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def _gallery() -> dict[str, tuple]:
    users = _load("chats/chat.json")["users"]
    rm = _load("events/rich_message.json")
    el = rm["elements"][0]
    agent = "smith@example.com"
    g: dict[str, tuple] = {}
    for rel in sorted(SAMPLES.glob("*/*.json")):
        g["sample-" + rel.stem.replace("_", "-")] = (_load(str(rel.relative_to(SAMPLES))), None, users)
    g["carousel"] = (dict(rm, author_id=agent, elements=[
        dict(el, title=f"Plan {n}", subtitle=f"{p} per agent / month", buttons=[
            {"type": "url", "text": "See details", "value": "https://www.livechat.com/pricing/"},
            {"type": "webview", "text": "Try it", "value": "https://example.com/m", "webview_height": "tall"},
            {"type": "message", "text": "Choose", "value": "choose", "postback_id": n, "user_ids": []}])
        for n, p in (("Starter", "$20"), ("Team", "$41"), ("Business", "$59"))]), None, users)
    g["quick-replies"] = (dict(rm, author_id=agent, template_id="quick_replies", elements=[
        {"title": "Hi! What can I help you with?", "buttons": [
            {"type": "message", "text": "Pricing", "postback_id": "a", "user_ids": []},
            {"type": "url", "text": "Documentation", "value": "https://developers.livechat.com", "postback_id": "b", "user_ids": []},
            {"type": "phone", "text": "Call us", "value": "+48 790 034 890", "postback_id": "c", "user_ids": []}]},
        {"title": "ignored by the widget"}]), None, users)
    g["sticker"] = (dict(rm, author_id=agent, template_id="sticker", elements=[
        {"title": "dropped", "image": {"url": "https://cdn.livechat-files.com/api/file/lc/img/wave.png", "name": "wave", "width": 640, "height": 480}}]),
        None, users)
    doc = dict(_load("events/file.json"), name="invoice-2020-05.pdf", content_type="application/pdf",
               url="https://cdn.livechat-files.com/api/file/lc/att/1/invoice-2020-05.pdf", author_id=agent)
    for k in ("thumbnail_url", "thumbnail2x_url", "width", "height"):
        doc.pop(k)
    g["file-chip"] = (doc, None, users)
    g["system-placeholders"] = ({"type": "system_message", "system_message_type": "chat_transferred",
                                 "text": "%agent% transferred the chat to %target%.",
                                 "text_vars": {"agent": "Agent Smith", "target": "<Support> team"}}, None, None)
    g["hostile-buttons"] = (dict(rm, author_id=agent, elements=[dict(
        el, title="<img src=x onerror=alert(1)>", subtitle="javascript:alert(1)", buttons=[
            {"type": "url", "text": "dropped by the widget", "value": "java\tscript:alert(1)"},
            {"type": "url", "text": "ftp link (no href)", "value": "ftp://example.com/x"},
            {"type": "phone", "text": "Call", "value": "+1 (555) 010\";alert(1)"},
            {"type": "cancel", "text": "unknown type"}])]), None, users)
    conv = copy.deepcopy(_load("chats/thread.json"))
    conv.pop("restricted_access")
    conv["events"] = [
        {"type": "message", "author_id": users[0]["id"], "created_at": "2020-05-07T07:11:30.000000Z",
         "text": "Hi, is the blue one in stock?", "recipients": "all"},
        {"type": "system_message", "system_message_type": "agent_joined", "text": "%agent% joined the chat",
         "text_vars": {"agent": "Agent Smith"}, "created_at": "2020-05-07T07:11:40.000000Z"},
        {"type": "message", "author_id": agent, "created_at": "2020-05-07T07:11:50.000000Z",
         "text": "Hello Thomas!\nLet me check that for you.", "recipients": "all"},
        {"type": "message", "author_id": agent, "created_at": "2020-05-07T07:11:55.000000Z",
         "text": "Note for agents: stock API is slow today", "recipients": "agents"},
        g["quick-replies"][0],
        {"type": "message", "author_id": users[0]["id"], "created_at": "2020-05-07T07:12:10.000000Z",
         "text": "Pricing", "postback": {"id": "a", "thread_id": "K600PKZON8", "event_id": "e1",
                                         "type": "message", "value": "Pricing"}, "recipients": "all"},
    ]
    g["conversation"] = (conv, "thread", users)
    g["unknown-event"] = ({"type": "poll", "author_id": agent, "created_at": "2020-05-07T07:12:10.000000Z"}, None, users)
    return g


def test_screenshots_of_each_preview_type(browser):
    SHOTS.mkdir(exist_ok=True)
    w = Watch(browser, images=_png())
    saved = []
    try:
        for name, (data, structure, users) in _gallery().items():
            p = render(data, structure, users)
            assert p.kind != "error"
            w.page.set_content("<!doctype html><html><body style='margin:12px;background:#fff'>"
                               + page_html(p) + "</body></html>", wait_until="load")
            w.page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
            root = w.page.locator(".lcp-root")
            box = root.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 30, name
            if name == "carousel":
                cards = w.page.locator(".lcp-carousel .lcp-card")
                assert cards.count() == 3
                b0, b1 = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
                assert b1["x"] > b0["x"] + b0["width"] - 1 and abs(b1["y"] - b0["y"]) < 1   # side by side
                assert w.page.evaluate("() => { const c = document.querySelector('.lcp-carousel');"
                                       " return c.scrollWidth > c.clientWidth; }")           # scrolls sideways
            if name == "sticker":
                sb = w.page.locator("img.lcp-sticker").bounding_box()
                assert 0 < sb["width"] <= 300 and 0 < sb["height"] <= 300
            if name == "quick-replies":
                bubble = w.page.locator(".lcp-bubble").bounding_box()
                chips = w.page.locator(".lcp-chip")
                assert chips.count() == 3
                assert all(chips.nth(i).bounding_box()["y"] >= bubble["y"] + bubble["height"] for i in range(3))
            if name == "sample-rich-message":
                card = w.page.locator(".lcp-card").bounding_box()
                assert card["width"] <= 260
            path = SHOTS / f"preview-{name}.png"
            root.screenshot(path=str(path))
            assert path.stat().st_size > 2000
            saved.append(path.name)
    finally:
        w.close()
    assert not w.dialogs
    print(f"\nsaved {len(saved)} screenshots to {SHOTS}")
