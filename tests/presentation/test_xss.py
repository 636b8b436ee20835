"""Every hostile vector in every string slot: the preview HTML stays inert (no browser needed).

The rendered fragment is parsed with html.parser.HTMLParser and must hold only the tags and
attributes the renderer itself writes, no event-handler attribute, no dangerous tag, and only
http(s) URLs in href/src (tel: only on phone buttons). Tags must balance, so no payload closed
or opened an element of ours.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from playground.presentation import preview
from playground.presentation.preview import STYLESHEET, page_html, render
from tests.xss_corpus import NEWER_SLOTS, SLOTS, VECTORS, cases

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "meta", "base", "form", "link", "style",
                  "svg", "math", "frame", "frameset", "applet", "input", "button", "textarea",
                  "template", "noscript", "isindex", "video", "audio", "source", "marquee", "body"}
# What the renderer writes, and nothing else.
ALLOWED_TAGS = {"div", "span", "a", "img", "ul", "li", "dl", "dt", "dd", "details", "summary",
                "section", "code", "b", "s"}
ALLOWED_ATTRS = {"class", "href", "src", "alt", "title", "target", "rel", "loading", "width",
                 "height", "role", "aria-hidden", "open"}
# The one style attribute the renderer writes: an ecommerce swatch's colour, validated first
# (preview.safe_color: #rrggbb or a CSS colour keyword), on a span of class lcp-swatch.
SWATCH_STYLE = re.compile(r"^background-color:(#[0-9a-f]{6}|[a-z]{3,20})$")
VOID = {"img"}
HTTP = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$")
TEL = re.compile(r"^tel:[0-9+\-()]+$")


class Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def handle_comment(self, data):
        self.problems.append("a comment in the output")

    def handle_decl(self, decl):
        self.problems.append(f"a declaration <!{decl}>")

    def handle_pi(self, data):
        self.problems.append(f"a processing instruction <?{data}>")

    def unknown_decl(self, data):
        self.problems.append(f"an unknown declaration {data!r}")

    def _check(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"dangerous tag <{tag}>")
        elif tag not in ALLOWED_TAGS:
            self.problems.append(f"unexpected tag <{tag}>")
        names = [n for n, _ in attrs]
        classes = (dict(attrs).get("class") or "").split()
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name == "style":
                if tag != "span" or classes != ["lcp-swatch"] or not SWATCH_STYLE.match(value or ""):
                    self.problems.append(f"style attribute {value!r:.60} on <{tag} class={classes}>")
            elif name not in ALLOWED_ATTRS:
                self.problems.append(f"unexpected attribute {name}= on <{tag}>")
            if name in ("href", "src"):
                value = value or ""
                if TEL.match(value):
                    if name != "href" or "lcp-btn-phone" not in classes:
                        self.problems.append(f"tel: outside a phone button: <{tag} {name}={value!r}>")
                elif not HTTP.match(value):
                    self.problems.append(f"non-http(s) URL <{tag} {name}={value[:80]!r}>")
        if len(set(names)) != len(names):
            self.problems.append(f"duplicate attribute on <{tag}>")

    def close(self):
        super().close()
        if self.stack:
            self.problems.append(f"unclosed tags {self.stack[-5:]}")


def audit(fragment: str) -> list[str]:
    a = Audit()
    a.feed(fragment)
    a.close()
    return a.problems


def test_corpus_size():
    assert len(VECTORS) >= 60
    assert len(SLOTS) >= 40
    assert sum(1 for _ in cases()) == len(VECTORS) * len(SLOTS)


def test_the_audit_catches_what_it_should():
    """The checker itself fails on the markup it must reject (so the tests below can fail)."""
    assert audit('<div><script>x</script></div>')
    assert audit('<img src="javascript:alert(1)">')
    assert audit('<a href="data:text/html,x">x</a>')
    assert audit('<div onclick="x"></div>')
    assert audit('<a class="lcp-btn-url" href="tel:123">x</a>')
    assert audit('<div style="color:red"></div>')
    assert audit('<span class="lcp-swatch" style="background-color:red;background:url(x)"></span>')
    assert audit('<span class="lcp-tag" style="background-color:red"></span>')
    assert not audit('<span class="lcp-swatch" style="background-color:#1e3a8a"></span>')
    assert audit('<div><span></div>')
    assert audit('<iframe srcdoc="x"></iframe>')
    assert not audit('<a class="lcp-btn lcp-btn-phone" href="tel:+48790">x</a><img src="https://a.b/c">')


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[f"v{i:03d}" for i in range(len(VECTORS))])
def test_vector_in_every_slot_stays_inert(index):
    failures = []
    for slot in SLOTS:
        data, structure, users = slot.build(VECTORS[index])
        p = render(data, structure, users)
        assert p.kind != "error", f"{slot.name}: the renderer hit its safety net: {p.notes}"
        problems = audit(p.html)
        if "<script" in p.html.lower():
            problems.append("'<script' appears in the output")
        if problems:
            failures.append(f"{slot.name}: {problems[:3]}")
        for note in p.notes:
            assert isinstance(note, str)
    assert not failures, f"vector {VECTORS[index][:80]!r}:\n" + "\n".join(failures)


def test_the_corpus_test_fails_without_autoescaping(monkeypatch):
    """The test above can fail: with the templates' autoescaping switched off, vectors come alive.

    Only the escaping is switched off (the same templates, the same URL checks), so what the
    audit then finds is what autoescaping alone stops. Counted are the vectors' own markup on
    the page: a dangerous tag (``<script>``, ``<iframe>``, ...) or an event-handler attribute.
    The vectors that are URL tricks stay refused by safe_url, so about half of them are live.
    """
    assert preview._TEMPLATES.autoescape is True      # what the app renders with
    monkeypatch.setattr(preview, "_TEMPLATES", preview._template_environment(autoescape=False))
    live_vectors, live_cases = set(), 0
    for index, vector in enumerate(VECTORS):
        for slot in SLOTS:
            data, structure, users = slot.build(vector)
            fragment = render(data, structure, users).html
            problems = audit(fragment)
            if "<script" in fragment.lower() or any(
                    problem.startswith(("dangerous tag", "event handler")) for problem in problems):
                live_vectors.add(index)
                live_cases += 1
    assert len(live_vectors) >= len(VECTORS) // 2, f"only {len(live_vectors)} vectors came alive"
    assert live_cases >= len(VECTORS) * len(SLOTS) // 5, f"only {live_cases} (vector, slot) cases came alive"


def test_stylesheet_is_one_static_style_block():
    assert STYLESHEET.startswith("<style>") and STYLESHEET.endswith("</style>")
    assert STYLESHEET.count("<style") == 1 and STYLESHEET.count("</style") == 1
    body = STYLESHEET[len("<style>"):-len("</style>")]
    assert "<" not in body and "expression(" not in body and "url(" not in body and "@import" not in body
    # every rule is scoped to the preview root
    for selector in re.findall(r"(?:^|})\s*([^{}]+)\{", body):
        for part in selector.split(","):
            assert part.strip().startswith(".lcp-root"), part


def test_page_html_wraps_the_fragment_and_escapes_plain_strings():
    p = render({"type": "message", "text": "<b>hi</b>"})
    assert page_html(p) == STYLESHEET + p.html
    assert "<script" not in page_html("<script>alert(1)</script>")


# =============================================================================================
# what v3.3 to v3.7 added: every string of the new structures
# =============================================================================================

MARK = '<i data-x="1">MARK</i>'
ESCAPED_MARK = "&lt;i data-x=&quot;1&quot;&gt;MARK&lt;/i&gt;"
# slots whose value is a URL, a colour or a choice: refused or used only when valid, never written
REFUSED = {"ecommerce (swatch) option.color", "ecommerce (images) option.image_url",
           "ecommerce (images) option.image_thumbnail_url", "ecommerce (tags) product.view_type",
           "button.target (url)"}


def test_every_string_of_the_newer_structures_is_written_escaped_or_refused():
    """Each new slot (ecommerce, form, system, deleted, chat info, visit, ...) either shows the
    hostile text escaped, or (a URL, colour or choice that is not valid) does not write it at all."""
    shown, refused = set(), set()
    for slot in NEWER_SLOTS:
        data, structure, users = slot.build(MARK)
        p = render(data, structure, users)
        assert p.kind != "error", slot.name
        assert not audit(p.html), (slot.name, audit(p.html)[:3])
        assert MARK not in p.html, slot.name
        (shown if ESCAPED_MARK in p.html else refused).add(slot.name)
    assert refused == REFUSED
    assert len(shown) >= 30


def test_the_newer_slots_come_alive_without_autoescaping(monkeypatch):
    """The test above can fail: without autoescaping, the mark each new slot shows is live markup
    the audit catches (an <i> tag the renderer never writes, or an attribute broken out of)."""
    monkeypatch.setattr(preview, "_TEMPLATES", preview._template_environment(autoescape=False))
    caught = []
    for slot in NEWER_SLOTS:
        if slot.name in REFUSED:
            continue
        data, structure, users = slot.build(MARK)
        fragment = render(data, structure, users).html
        # in text: an <i> tag the renderer never writes; in an attribute: the quote breaks out of it
        # (the same slots render clean with escaping on: the test above)
        if MARK in fragment and any(problem.startswith(("unexpected tag <i>", "unexpected attribute"))
                                    for problem in audit(fragment)):
            caught.append(slot.name)
    assert len(caught) == len(NEWER_SLOTS) - len(REFUSED), \
        sorted({s.name for s in NEWER_SLOTS} - set(caught) - REFUSED)


@pytest.mark.parametrize("colour", ["red;background:url(javascript:alert(1))", "#fff\" onmouseover=\"x",
                                    "expression(alert(1))", "var(--x)", "#12345", "#ggg", "rgb(1,2,3)",
                                    "url(//evil.example/x.png)", "red /**/", "\\72 ed", "", None, 3])
def test_a_swatch_colour_reaches_the_style_attribute_only_when_valid(colour):
    data, _, _ = NEWER_SLOTS[4].build(colour)   # ecommerce (swatch) option.color
    p = render(data)
    styles = re.findall(r'style="([^"]*)"', p.html)
    assert styles == ["background-color:#1e3a8a"]   # only the other option's valid colour
    assert not audit(p.html)
