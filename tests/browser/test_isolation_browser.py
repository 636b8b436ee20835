"""Two people at once: each browser session sees only its own payload, upload and share link.

A and B are two browser contexts (two users: no shared cookies or storage) on the one server,
open at the same time. A types a rich message carrying marker A, B one carrying marker B; both
walk every page. Then A uploads a file and takes a share link, which a third, fresh context C
opens. The pure counterpart (AppTest sessions in one process, module state, caches) is
tests/test_isolation.py.
"""
from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import ACE_IFRAME, editor_text, screenshot, set_editor_text, wait_for_app
from playwright.sync_api import expect

from playground.authoring import sharelink
from playground.app import state

pytestmark = pytest.mark.browser

# Everything the page holds for a person: visible text, form values, and same-origin iframes
# (the ace editor) with theirs.
PAGE_TEXT = """() => {
  const parts = [];
  const grab = (doc) => {
    parts.push(doc.body ? doc.body.innerText : '');
    for (const el of doc.querySelectorAll('input, textarea')) parts.push(el.value || '');
    for (const f of doc.querySelectorAll('iframe')) {
      try { if (f.contentDocument) grab(f.contentDocument); } catch (e) { /* cross-origin */ }
    }
  };
  grab(document);
  return parts.join('\\n');
}"""


def payload(marker: str) -> str:
    return ('{\n  "type": "rich_message",\n  "template_id": "cards",\n  "recipients": "all",\n'
            '  "elements": [\n    {\n      "title": "Card ' + marker + '",\n'
            '      "subtitle": "only in this session",\n'
            '      "buttons": [{"text": "Open ' + marker + '", "type": "url", '
            '"value": "https://example.com/' + marker + '", "postback_id": "open", "user_ids": []}]\n'
            '    }\n  ],\n  "note' + marker + '": true\n}')


def page_text(page) -> str:
    return page.evaluate(PAGE_TEXT)


def both(action, *pages):
    """Do `action` in every page first, then wait for all: the server works on them at once."""
    for p in pages:
        action(p)
    for p in pages:
        wait_for_app(p)


def nav_titles(page) -> list[str]:
    links = page.locator('[data-testid="stTopNavLink"]')
    links.first.wait_for()
    return [t.split("\n")[-1].strip() for t in links.all_inner_texts()]


def popover(page, label: str):
    page.locator('[data-testid="stPopover"] button', has_text=label).first.click()
    body = page.locator('[data-testid="stPopoverBody"]').last
    body.wait_for()
    return body


def close_popover(page) -> None:
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)


def sees_only(page, own: str, *others: str, where: str) -> None:
    text = page_text(page)
    assert own in text, f"{where}: the session's own payload ({own}) is not shown"
    for other in others:
        assert other not in text, f"{where}: shows {other}, which is not this session's"


def test_two_sessions_at_once_see_only_their_own_payload_upload_and_link(app_url, new_page, tmp_path):
    tag = uuid.uuid4().hex[:10]
    ma, mb, mu = f"isoA{tag}", f"isoB{tag}", f"isoU{tag}"     # A's, B's, the uploaded file's
    text_a, text_b = payload(ma), payload(mb)
    a, b = new_page(), new_page()
    both(lambda p: p.goto(app_url, wait_until="commit"), a, b)     # both load at once
    for p in (a, b):
        p.wait_for_selector('[data-testid="stMainBlockContainer"]')

    # A and B type at the same time; A picks the structure and Request by hand
    set_editor_text(a, text_a)
    set_editor_text(b, text_b)
    wait_for_app(a)
    wait_for_app(b)
    a.locator('[data-testid="stSelectbox"]').first.click()
    a.get_by_role("option", name="Rich message (rich_message)").click()
    wait_for_app(a)
    both(lambda p: p.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name="Request").click(), a, b)

    for p, own, mine, other in ((a, ma, text_a, mb), (b, mb, text_b, ma)):
        assert editor_text(p) == mine
        expect(p.locator('.st-key-verdict [data-testid="stAlert"]').first).to_contain_text("Valid")
        # the issue list names this session's unknown key, and only it
        expect(p.get_by_text(f"note{own}", exact=False).first).to_be_visible()
        sees_only(p, own, other, where="editor")
    both(lambda p: p.get_by_role("tab", name="Preview").click(), a, b)
    for p, own, other in ((a, ma, mb), (b, mb, ma)):
        preview = p.locator(".lcp-root").first
        expect(preview).to_contain_text(f"Card {own}")
        assert other not in preview.inner_text()
    screenshot(a, "isolation-a-editor", full_page=False)
    screenshot(b, "isolation-b-editor", full_page=False)

    # A's share link, taken now
    body = popover(a, "Share")
    url = body.locator('[data-testid="stCode"] code').inner_text().strip()
    close_popover(a)

    # every page, in both at once
    titles = nav_titles(a)
    assert len(titles) >= 5, titles
    for title in titles[1:]:
        both(lambda p: p.locator('[data-testid="stTopNavLink"]', has_text=title).first.click(), a, b)
        for p, own, other in ((a, ma, mb), (b, mb, ma)):
            assert other not in page_text(p), f"{title} shows the other session's payload"
            expect(p.locator('[data-testid="stException"]')).to_have_count(0)
        if title == "Rich message composer":        # the composer shows the payload's fields
            sees_only(a, ma, mb, where=title)
            sees_only(b, mb, ma, where=title)
            screenshot(b, "isolation-b-rich-composer", full_page=False)

    # A goes back to the editor and uploads a file; B goes back after it
    a.locator('[data-testid="stTopNavLink"]', has_text=titles[0]).first.click()
    wait_for_app(a)
    upload = tmp_path / f"upload-{mu}.json"
    upload.write_text(payload(mu), encoding="utf-8")
    popover(a, "Upload").locator('input[type="file"]').set_input_files(str(upload))
    expect(a.get_by_text(f"Loaded upload-{mu}.json")).to_be_visible(timeout=30_000)
    wait_for_app(a)
    close_popover(a)
    assert editor_text(a) == payload(mu)
    b.locator('[data-testid="stTopNavLink"]', has_text=titles[0]).first.click()
    wait_for_app(b)
    assert editor_text(b) == text_b
    sees_only(b, mb, ma, mu, where="B's editor after A's upload")
    ub = popover(b, "Upload")
    expect(ub.locator('[data-testid="stFileUploaderFile"]')).to_have_count(0)   # no file listed
    assert mu not in ub.inner_text()
    close_popover(b)

    # the link carries exactly the documented parameters, and they decode to A's payload as it
    # was when the link was made (not A's later upload, nothing of B)
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    documented = {state.QP_PAYLOAD, state.QP_STRUCTURE, state.QP_MODE}
    assert set(query) == documented, query
    assert all(len(v) == 1 for v in query.values())
    shared = sharelink.decode(query)
    assert shared == sharelink.SharedPayload(text=text_a, structure="rich_message", mode="request")

    # C: a fresh browser opens the link
    c = new_page()
    c.goto(url)
    wait_for_app(c)
    c.wait_for_selector(ACE_IFRAME, state="attached")
    assert editor_text(c) == text_a
    expect(c.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name="Request")
           ).to_have_attribute("aria-checked", "true")
    expect(c.get_by_role("combobox", name="Structure")).to_have_value("Rich message (rich_message)")
    sees_only(c, ma, mb, mu, where="C, opened from A's link")
    screenshot(c, "isolation-c-from-link", full_page=False)
    # opening the link touched neither A nor B
    assert editor_text(a) == payload(mu)
    assert editor_text(b) == text_b
    assert json.loads(editor_text(c))["elements"][0]["title"] == f"Card {ma}"
