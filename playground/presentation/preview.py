"""Safe visual previews of LiveChat payloads, as the chat widget would show them.

One renderer for the whole app (editor, composers, reference, tables)::

    p = render(data)                      # structure inferred; or render(data, "thread", users=[...])
    p.html                                # a self-contained HTML fragment (classes prefixed ``lcp-``)
    p.notes                               # plain-text "won't render" notes, for the page to show escaped
    p.kind                                # what was drawn: "message", "rich_message", ..., "chat", "tree"
    page_html(p)                          # STYLESHEET + fragment, ready for ``st.html``

What it draws follows the widget's own rules (spec/NOTES.md, "Rich messages"): cards as one card
or a carousel, quick replies as the first element's title with reply chips, a sticker as its
first image alone (at most 300x300), system messages with their ``%name%`` placeholders filled.
Wherever those rules drop something the payload holds, a note says so.

Security rules, all enforced here and tested by tests/test_xss.py and the browser test:

* every string that comes from a payload goes through ``html.escape(quote=True)``;
* only http(s) URLs reach ``href`` and ``src``; scheme-less URLs (``cdn.livechatinc.com/a.png``,
  which real payloads carry) become ``https://`` and are checked again after that; ``tel:`` is
  used only for phone buttons, with the number reduced to digits, ``+``, ``-``, spaces and
  parentheses;
* no ``style`` attribute is ever written (styling is by class, from ``STYLESHEET``); no script,
  no event-handler attribute, no SVG (Streamlit's sanitiser strips it anyway), icons are unicode;
* ``render`` never raises: wrong types are shown or noted, lists and strings are capped, the
  JSON tree of custom content is capped in depth and size with a visible "… truncated" mark.

Streamlit 1.67 ``st.html`` (checked in its source): the body is not iframed; it is sanitised
client-side with DOMPurify (``USE_PROFILES: {html: true}``, ``FORCE_BODY``), which keeps
``<style>``, ``<details>``/``<summary>`` and ``target="_blank"`` (re-added with
``rel="noopener noreferrer"``) but drops SVG and scripts. A body made only of ``<style>`` goes to
an invisible container, so the stylesheet and the fragment are sent together (``page_html``).
Because the CSS lands in the page itself, every selector is scoped under ``.lcp-root``.

This module is pure (no Streamlit import); ``playground/app/preview_view.py`` shows a preview.
"""
from __future__ import annotations

import html as _html
import math
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from playground.spec import limits as L
from playground.spec.catalog import audience_field
from playground.validation.report import visible
from playground.spec.urls import INVISIBLE, MAX_URL_CHARS, dropped_scheme

__all__ = [
    "Preview", "render", "page_html", "STYLESHEET", "APPROXIMATION_NOTE",
    "safe_url", "tel_href", "dropped_scheme", "fill_placeholders",
]

APPROXIMATION_NOTE = ("Approximation: drawn by the playground from the chat widget's documented "
                      "rules; the real widget's look (theme, fonts, sizes) differs.")

# -- caps: what the preview draws at most (the spec's own limits are far below these) -----------
MAX_TEXT_CHARS = 20_000       # one string (message text is at most 16 KB anyway)
MAX_ATTR_CHARS = 300          # a payload string placed in title/alt attributes
MAX_ELEMENTS_DRAWN = 20       # rich message elements (the API allows 10)
MAX_BUTTONS_DRAWN = 20        # buttons of one element (the API allows 13)
MAX_FIELDS_DRAWN = 100        # filled form fields
MAX_EVENTS_DRAWN = 300        # events of one transcript
MAX_THREADS_DRAWN = 50
MAX_SUMMARIES_DRAWN = 50
MAX_USERS_DRAWN = 100
TREE_MAX_DEPTH = 12           # JSON tree of custom content / plain data
TREE_MAX_NODES = 1_500
TREE_MAX_STR = 500

_KNOWN_STRUCTURES = {
    "message", "rich_message", "file", "filled_form", "custom", "system_message", "event",
    "agent", "my_profile", "customer", "access", "chat", "chat_summary", "chat_summaries",
    "thread", "filled_form_fields", "properties", "users", "events", "tree",
}


@dataclass
class Preview:
    """A rendered preview.

    html:  a self-contained fragment (one ``<div class="lcp-root">``); style it with STYLESHEET.
    notes: plain-text notes on what the chat widget would not render (escape them when shown).
    kind:  what was drawn: an event type, "event" (unknown type), "thread", "chat",
           "chat_summary", "chat_summaries", "events", "user", "users", "filled_form_fields",
           "tree" (plain data), or "error" (the safety net caught a bug; never expected).
    """
    html: str
    notes: list[str] = field(default_factory=list)
    kind: str = "tree"


# =============================================================================================
# URLs
# =============================================================================================

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HOSTLIKE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?::\d{1,5})?(?:[/?#]|$)")
_URL_FORBIDDEN = re.compile(r"[\\\"'<>`{}|^]")


def safe_url(value: Any) -> str | None:
    """The URL to put in ``href``/``src``, or None when it is not a plain http(s) URL.

    A scheme-less URL (``cdn.livechatinc.com/avatars/1.png``, ``//host/x``) is read as https
    and validated after that normalisation. Whitespace, control, invisible or bidi characters
    anywhere in the URL, quotes and angle brackets, and anything but http/https refuse it.
    """
    if not isinstance(value, str) or not value or len(value) > MAX_URL_CHARS:
        return None
    s = value.strip()
    if not s or INVISIBLE.search(s) or _URL_FORBIDDEN.search(s) or dropped_scheme(s):
        return None
    if s.startswith("//"):
        s = "https:" + s
    m = _SCHEME.match(s)
    if m:
        if m.group(1).lower() not in ("http", "https"):
            return None
    elif _HOSTLIKE.match(s):
        s = "https://" + s
    else:
        return None
    try:
        parts = urlsplit(s)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if INVISIBLE.search(s) or dropped_scheme(s):  # validated again after normalisation
        return None
    return s


_PHONE_KEEP = re.compile(r"[^0-9+\-() ]")


def tel_href(value: Any) -> str | None:
    """``tel:`` + the number reduced to digits, ``+``, ``-`` and parentheses (spaces dropped).

    None when no digit is left. Used only for phone buttons.
    """
    if not isinstance(value, str):
        return None
    number = _PHONE_KEEP.sub("", value[:64]).replace(" ", "")
    if not any(c.isdigit() for c in number):
        return None
    return "tel:" + number


# =============================================================================================
# text helpers
# =============================================================================================

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _visible_controls(s: str) -> str:
    """Lone surrogates become U+FFFD (they cannot be encoded); C0 controls their pictures."""
    if _SURROGATE.search(s):
        s = _SURROGATE.sub("\ufffd", s)
    if _CONTROL.search(s):
        s = _CONTROL.sub(lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), s)
    return s


def _esc(s: str) -> str:
    return _html.escape(_visible_controls(s), quote=True)


def _short(value: Any, limit: int = 120) -> str:
    """A compact, bounded, JSON-like text of any value (never recursive, never raising)."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    while stack and size < limit:
        v = stack.pop()
        if isinstance(v, _Lit):
            piece = v.s
        elif v is None:
            piece = "null"
        elif v is True:
            piece = "true"
        elif v is False:
            piece = "false"
        elif isinstance(v, str):
            piece = '"' + v[:limit].replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif isinstance(v, (int, float)):
            piece = _num(v)
        elif isinstance(v, dict):
            items = list(v.items())[:limit]
            seq: list[Any] = [_Lit("{")]
            for i, (k, item) in enumerate(items):
                if i:
                    seq.append(_Lit(", "))
                seq.append(str(k) if not isinstance(k, str) else k)
                seq.append(_Lit(": "))
                seq.append(item)
            seq.append(_Lit("}"))
            stack.extend(reversed(seq))
            continue
        elif isinstance(v, (list, tuple)):
            seq = [_Lit("[")]
            for i, item in enumerate(v[:limit]):
                if i:
                    seq.append(_Lit(", "))
                seq.append(item)
            seq.append(_Lit("]"))
            stack.extend(reversed(seq))
            continue
        else:
            try:
                piece = repr(v)[:limit]
            except Exception:  # a hostile __repr__
                piece = f"<{type(v).__name__}>"
        out.append(piece)
        size += len(piece)
    text = "".join(out)
    return text if len(text) <= limit and not stack else text[:limit] + "…"


class _Lit:
    __slots__ = ("s",)

    def __init__(self, s: str):
        self.s = s


def _num(v: int | float) -> str:
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, int) and abs(v) > 10**40:
        return "a very large number"
    return repr(v)


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, dict):
        return "an object"
    if isinstance(v, (list, tuple)):
        return "an array"
    return type(v).__name__


def _quote(v: Any, limit: int = 60) -> str:
    """A payload value quoted for a plain-text note (the page escapes notes when it shows them)."""
    return _short(v, limit)


def _sub(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def fill_placeholders(text: str, text_vars: Any) -> str:
    """Replace ``%name%`` in a system message text with ``text_vars[name]`` (plain text in, out).

    Placeholders without a value stay as they are. Escape the result before showing it.
    """
    if not isinstance(text_vars, dict) or "%" not in text:
        return text

    def one(m: re.Match) -> str:
        name = m.group(1)
        if name not in text_vars:
            return m.group(0)
        v = text_vars[name]
        return v if isinstance(v, str) else _short(v, 200)

    return re.sub(r"%([^%\s]{1,64})%", one, text)


def _human_size(n: Any) -> str | None:
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n) or n < 0:
        return None
    if n < 1024:
        return f"{int(n)} B"
    for unit in ("KB", "MB", "GB", "TB"):
        n /= 1024
        if n < 1024 or unit == "TB":
            return f"{n:.1f} {unit}"
    return None  # pragma: no cover


def _pos_int(v: Any) -> int | None:
    if isinstance(v, bool) or not isinstance(v, int) or v <= 0 or v > 10**6:
        return None
    return v


_TS = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date_of(ts: Any) -> str | None:
    if not isinstance(ts, str):
        return None
    m = _TS.match(ts)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


# =============================================================================================
# rendering context
# =============================================================================================

class _Ctx:
    def __init__(self, users: Any = None):
        self.notes: list[str] = []
        self._seen: set[str] = set()
        self.users: dict[str, dict] = {}
        self.add_users(users)

    def add_users(self, users: Any) -> None:
        if isinstance(users, dict) and "id" not in users:
            users = list(users.values())
        elif isinstance(users, dict):
            users = [users]
        if not isinstance(users, (list, tuple)):
            return
        for u in users[:100_000]:
            if isinstance(u, dict) and isinstance(u.get("id"), str) and u["id"] not in self.users:
                self.users[u["id"]] = u

    def note(self, path: str, message: str) -> None:
        text = visible(f"{path}: {message}" if path else message)   # a key may hold half a character
        if text not in self._seen:
            self._seen.add(text)
            self.notes.append(text)

    def text(self, value: Any, path: str, limit: int = MAX_TEXT_CHARS) -> str:
        """Escaped text of a payload string, capped (with a note when cut)."""
        if not isinstance(value, str):
            value = _short(value, 200)
        if len(value) > limit:
            self.note(path, f"the preview shows the first {limit:,} of {len(value):,} characters.")
            value = value[:limit] + "…"
        return _esc(value)

    def attr(self, value: Any) -> str:
        """Escaped, short text of a payload value for a title/alt attribute."""
        if not isinstance(value, str):
            value = _short(value, 80)
        if len(value) > MAX_ATTR_CHARS:
            value = value[:MAX_ATTR_CHARS] + "…"
        return _esc(value.replace("\n", " "))


def _cap(ctx: _Ctx, seq: list, cap: int, path: str, what: str) -> list:
    if len(seq) > cap:
        ctx.note(path, f"the preview draws the first {cap} of {len(seq):,} {what}.")
        return seq[:cap]
    return seq


# =============================================================================================
# authors and event frames
# =============================================================================================

# Icons are plain BMP symbols that ordinary text fonts carry (no emoji font needed, no SVG:
# Streamlit's sanitiser strips SVG), never taken from a payload.
_ICON = {"url": "↗", "phone": "☎", "webview": "▣", "message": "✉", None: "✉"}


def _avatar(ctx: _Ctx, author_id: Any, user: dict | None) -> str:
    name = user.get("name") if user else None
    src = safe_url(user.get("avatar")) if user else None
    label = ctx.attr(name if isinstance(name, str) else author_id if isinstance(author_id, str) else "?")
    colour = zlib.crc32(_visible_controls(str(author_id)).encode("utf-8", "replace")) % 8
    if src:  # decorative (the name is in the meta line): empty alt, so a broken image stays a dot
        return (f'<img class="lcp-avatar lcp-av-{colour}" src="{_esc(src)}" alt="" title="{label}" '
                f'loading="lazy" width="28" height="28">')
    basis = name if isinstance(name, str) and name.strip() else author_id if isinstance(author_id, str) else "?"
    words = [w for w in re.split(r"[\s@._-]+", basis) if w][:2]
    initials = "".join(w[0] for w in words).upper()[:2] or "?"
    return f'<span class="lcp-avatar lcp-av-{colour}" title="{label}">{_esc(initials)}</span>'


def _frame(ctx: _Ctx, ev: dict, path: str, body: str, wide: bool = False) -> str:
    """One chat row: avatar (left side only), a meta line (author, time, 'agents only') and body.

    Customers' events sit on the right (the widget is the customer's view), everyone else's on
    the left with an avatar.
    """
    author_id = ev.get("author_id")
    user = ctx.users.get(author_id) if isinstance(author_id, str) else None
    utype = user.get("type") if user else None
    side = "right" if utype == "customer" else "left"
    parts = []
    if user and isinstance(user.get("name"), str) and user["name"].strip():
        who = ctx.text(user["name"], _sub(path, "author"), 200)
        parts.append(f'<span class="lcp-author" title="{ctx.attr(author_id)}">{who}</span>')
    elif author_id is not None:
        parts.append(f'<span class="lcp-author lcp-mono">{ctx.text(author_id, _sub(path, "author_id"), 200)}</span>')
    if utype in L.USER_TYPES:
        parts.append(f'<span class="lcp-role">{_esc(utype)}</span>')
    ts = ev.get("created_at")
    if ts is not None:
        m = _TS.match(ts) if isinstance(ts, str) else None
        shown = f"{m.group(4)}:{m.group(5)}" if m else ctx.text(ts, _sub(path, "created_at"), 40)
        parts.append(f'<span class="lcp-time" title="{ctx.attr(ts)}">{shown}</span>')
    if ev.get(audience_field()) == "agents":
        parts.append(_AGENTS_BADGE)
    avatar = _avatar(ctx, author_id, user) if side == "left" and author_id is not None else ""
    meta = f'<div class="lcp-meta">{"".join(parts)}</div>' if parts else ""
    col = "lcp-col lcp-col-wide" if wide else "lcp-col"
    return f'<div class="lcp-row lcp-{side}">{avatar}<div class="{col}">{meta}{body}</div></div>'


_AGENTS_BADGE = ('<span class="lcp-badge lcp-badge-agents" title="recipients: agents. Only agents see this '
                 'event; the customer&#x27;s chat widget does not show it.">agents only</span>')


# =============================================================================================
# events
# =============================================================================================

def _event(ctx: _Ctx, ev: Any, path: str, forced: str | None = None) -> tuple[str, str]:
    """(HTML, kind) of one event. ``forced`` draws it as that type whatever its "type" says."""
    if not isinstance(ev, dict):
        ctx.note(path, f"an event must be a JSON object, not {_json_type(ev)}; nothing to show.")
        return (f'<div class="lcp-unknown">Not an event: {ctx.text(_short(ev, 200), path)}</div>', "event")
    t = forced or ev.get("type")
    fn = _EVENT_RENDERERS.get(t) if isinstance(t, str) else None
    if fn is None:
        if "type" not in ev:
            what = "has no type"
        else:
            what = f"has type {_quote(t)}, which is not an event type ({', '.join(L.EVENT_TYPES)})"
        ctx.note(path, f"the event {what}; the chat widget does not show it.")
        return (f'<div class="lcp-unknown" title="unknown event type">⚠ Unknown event type '
                f'{ctx.text(_short(ev.get("type"), 80) if "type" in ev else "(none)", path)}</div>', "event")
    return fn(ctx, ev, path), t


def _message(ctx: _Ctx, ev: dict, path: str) -> str:
    text = ev.get("text")
    parts = []
    pb = ev.get("postback")
    if pb is not None:
        parts.append(_postback(ctx, pb, _sub(path, "postback")))
    if isinstance(text, str):
        parts.append(f'<div class="lcp-bubble">{ctx.text(text, _sub(path, "text"))}</div>')
    else:
        if text is None:
            ctx.note(_sub(path, "text"), "the message has no text; the widget shows an empty bubble.")
        else:
            ctx.note(_sub(path, "text"), f"text is {_json_type(text)}, not a string; the widget cannot show it.")
        parts.append('<div class="lcp-bubble lcp-bubble-empty">(no text)</div>')
    return _frame(ctx, ev, path, "".join(parts))


def _postback(ctx: _Ctx, pb: Any, path: str) -> str:
    if not isinstance(pb, dict):
        return (f'<div class="lcp-postback">↩ answers a rich message (postback: '
                f'{ctx.text(_short(pb, 80), path)})</div>')
    bits = ['↩ answers button ']
    bits.append(f'<code class="lcp-code">{ctx.text(pb.get("id"), _sub(path, "id"), 200)}</code>')
    if "type" in pb or "value" in pb:
        icon = _ICON.get(pb.get("type"), "•") if isinstance(pb.get("type"), str) else "•"
        bits.append(f' · {icon} {ctx.text(pb.get("type"), _sub(path, "type"), 40)}')
        if "value" in pb:
            bits.append(f' <span class="lcp-pb-value">{ctx.text(pb.get("value"), _sub(path, "value"), 200)}</span>')
    if "event_id" in pb:
        bits.append(f' <span class="lcp-dim" title="event_id / thread_id">of event '
                    f'{ctx.text(pb.get("event_id"), _sub(path, "event_id"), 80)}</span>')
    return f'<div class="lcp-postback">{"".join(bits)}</div>'


# -- rich message -----------------------------------------------------------------------------

def _rich_message(ctx: _Ctx, ev: dict, path: str) -> str:
    template = ev.get("template_id")
    elements = ev.get("elements")
    epath = _sub(path, "elements")
    if elements is None:
        ctx.note(epath, "the rich message has no elements; the widget shows nothing.")
        return _frame(ctx, ev, path, '<div class="lcp-empty-rm">(rich message without elements)</div>')
    if not isinstance(elements, list):
        ctx.note(epath, f"elements is {_json_type(elements)}, not an array; the widget shows nothing.")
        return _frame(ctx, ev, path, '<div class="lcp-empty-rm">(elements is not an array)</div>')
    if not elements:
        ctx.note(epath, "elements is empty; the widget shows nothing.")
        return _frame(ctx, ev, path, '<div class="lcp-empty-rm">(no elements)</div>')

    if template == "quick_replies":
        return _frame(ctx, ev, path, _quick_replies(ctx, ev, elements, epath))
    if template == "sticker":
        return _frame(ctx, ev, path, _sticker(ctx, elements, epath))
    if template != "cards":
        ctx.note(_sub(path, "template_id"),
                 f"template_id {_quote(template)} is not one of {', '.join(L.TEMPLATE_IDS)}; the widget "
                 "does not show this message. The preview draws it as cards.")
    return _frame(ctx, ev, path, _cards(ctx, elements, epath), wide=True)


def _element_text(ctx: _Ctx, el: dict, key: str, path: str) -> str | None:
    v = el.get(key)
    if v is None:
        return None
    if not isinstance(v, str):
        ctx.note(_sub(path, key), f"{key} is {_json_type(v)}, not a string; the widget shows only strings.")
        return None
    return ctx.text(v, _sub(path, key))


def _image_src(ctx: _Ctx, image: Any, path: str) -> tuple[str | None, str]:
    """(safe src, escaped alt) of a rich message image."""
    if image is None:
        return None, ""
    if not isinstance(image, dict):
        ctx.note(path, f"image is {_json_type(image)}, not an object with a url; it is not shown.")
        return None, ""
    url = image.get("url")
    alt = ctx.attr(image.get("name")) if isinstance(image.get("name"), str) else ""
    if url is None:
        ctx.note(_sub(path, "url"), "the image has no url; it is not shown.")
        return None, alt
    src = safe_url(url)
    if src is None:
        ctx.note(_sub(path, "url"), f"{_quote(url)} is not an http(s) URL; the preview does not load it.")
    return src, alt


def _card(ctx: _Ctx, el: Any, path: str, in_carousel: bool) -> str:
    if not isinstance(el, dict):
        ctx.note(path, f"the element is {_json_type(el)}, not an object; it is not shown.")
        return ""
    title = _element_text(ctx, el, "title", path)
    subtitle = _element_text(ctx, el, "subtitle", path)
    src, alt = _image_src(ctx, el.get("image"), _sub(path, "image"))
    buttons = _buttons(ctx, el.get("buttons"), _sub(path, "buttons"), chip=False)
    has_buttons = bool(buttons)
    img = ""
    if src:
        tag = f'<img class="lcp-card-img" src="{_esc(src)}" alt="{alt}" loading="lazy">'
        if has_buttons:
            img = tag
        else:  # a card image without buttons links to the image
            img = (f'<a class="lcp-card-imglink" href="{_esc(src)}" target="_blank" '
                   f'rel="noopener noreferrer nofollow" title="Opens the image">{tag}</a>')
    if not in_carousel and src and title is None and subtitle is None and not has_buttons:
        # a single element holding only an image shows as an image preview (linking to the image)
        return (f'<div class="lcp-image-msg"><a href="{_esc(src)}" target="_blank" rel="noopener noreferrer '
                f'nofollow" title="Opens the image"><img src="{_esc(src)}" alt="{alt}" loading="lazy"></a></div>')
    body = ""
    if title is not None or subtitle is not None:
        body = '<div class="lcp-card-body">'
        if title is not None:
            body += f'<div class="lcp-card-title">{title}</div>'
        if subtitle is not None:
            body += f'<div class="lcp-card-sub">{subtitle}</div>'
        body += "</div>"
    btns = f'<div class="lcp-btns">{"".join(buttons)}</div>' if buttons else ""
    if not (img or body or btns):
        ctx.note(path, "the element has nothing the widget shows (no string title or subtitle, "
                       "no image url, no buttons).")
        return '<div class="lcp-card lcp-card-empty"><div class="lcp-card-body lcp-dim">(empty card)</div></div>'
    return f'<div class="lcp-card">{img}{body}{btns}</div>'


def _cards(ctx: _Ctx, elements: list, path: str) -> str:
    shown = _cap(ctx, elements, MAX_ELEMENTS_DRAWN, path, "elements")
    if len(shown) == 1:
        return _card(ctx, shown[0], _sub(path, 0), in_carousel=False)
    cards = "".join(_card(ctx, el, _sub(path, i), in_carousel=True) for i, el in enumerate(shown))
    return (f'<div class="lcp-carousel" role="list" title="Carousel: {len(shown)} cards, '
            f'scroll sideways">{cards}</div>')


def _buttons(ctx: _Ctx, buttons: Any, path: str, chip: bool) -> list[str]:
    if buttons is None:
        return []
    if not isinstance(buttons, list):
        ctx.note(path, f"buttons is {_json_type(buttons)}, not an array; no button is shown.")
        return []
    out = []
    for i, b in enumerate(_cap(ctx, buttons, MAX_BUTTONS_DRAWN, path, "buttons")):
        html_ = _button(ctx, b, _sub(path, i), chip)
        if html_:
            out.append(html_)
    return out


def _button(ctx: _Ctx, b: Any, path: str, chip: bool) -> str:
    if not isinstance(b, dict):
        ctx.note(path, f"the button is {_json_type(b)}, not an object; it is not shown.")
        return ""
    btype = b.get("type")
    value = b.get("value")
    text = b.get("text")
    if isinstance(text, str):
        label = ctx.text(text, _sub(path, "text"), 500)
    else:
        ctx.note(_sub(path, "text"), "the button has no text" if text is None else
                 f"the button text is {_json_type(text)}, not a string")
        label = '<span class="lcp-dim">(no text)</span>'
    if "webview_height" in b and btype != "webview":
        ctx.note(_sub(path, "webview_height"),
                 f"webview_height applies only to webview buttons; the widget ignores it on a "
                 f"{_quote(btype) if btype is not None else 'untyped'} button.")
    base = "lcp-chip" if chip else "lcp-btn"
    selected = ""
    uids = b.get("user_ids")
    if isinstance(uids, list) and uids:
        names = []
        for u in uids[:20]:
            user = ctx.users.get(u) if isinstance(u, str) else None
            names.append(user.get("name") if user and isinstance(user.get("name"), str) else _short(u, 60))
        selected = (f'<span class="lcp-tick" title="Chosen (toggled) by: '
                    f'{ctx.attr(", ".join(n if isinstance(n, str) else "?" for n in names))}">✓</span>')

    if btype in ("url", "webview"):
        scheme = dropped_scheme(value)
        if scheme:
            ctx.note(_sub(path, "value"), f"a {btype} button whose value uses a {scheme}: URL; the chat "
                                          "widget drops the button (not drawn).")
            return ""
        href = safe_url(value)
        icon = _ICON[btype]
        if btype == "webview":
            h = b.get("webview_height")
            hint = f"Opens a Moment (webview, {h if h in L.WEBVIEW_HEIGHTS else 'no valid height'})"
        else:
            hint = "Opens the link in a new tab"
        cls = f"{base} lcp-btn-{btype}"
        inner = f'<span class="lcp-ico" aria-hidden="true">{icon}</span><span class="lcp-label">{label}</span>{selected}'
        if href:
            return (f'<a class="{cls}" href="{_esc(href)}" target="_blank" rel="noopener noreferrer nofollow" '
                    f'title="{_esc(hint)}: {ctx.attr(href)}">{inner}</a>')
        ctx.note(_sub(path, "value"), f"{_quote(value)} is not an http(s) URL; the preview shows the "
                                      f"{btype} button without a link.")
        return f'<span class="{cls} lcp-btn-dead" title="{_esc(hint)} (no usable URL)">{inner}</span>'

    if btype == "phone":
        href = tel_href(value)
        inner = f'<span class="lcp-ico" aria-hidden="true">☎</span><span class="lcp-label">{label}</span>{selected}'
        cls = f"{base} lcp-btn-phone"
        if href:
            if isinstance(value, str) and href[4:] != value.replace(" ", ""):
                ctx.note(_sub(path, "value"), "the phone number holds characters other than digits, +, -, "
                                              "spaces and parentheses; the preview's link keeps only those.")
            return f'<a class="{cls}" href="{_esc(href)}" title="Calls {_esc(href[4:])}">{inner}</a>'
        ctx.note(_sub(path, "value"), f"{_quote(value)} holds no phone number; the preview shows the button "
                                      "without a link.")
        return f'<span class="{cls} lcp-btn-dead" title="Phone button without a number">{inner}</span>'

    if btype is None or btype == "message":
        hint = ("Sends a postback; the text sent is the button's label" if btype == "message"
                else "No type: the widget treats it as a message (postback) button")
        return (f'<span class="{base} lcp-btn-message" title="{_esc(hint)}"><span class="lcp-ico" '
                f'aria-hidden="true">{_ICON[None]}</span><span class="lcp-label">{label}</span>{selected}</span>')

    ctx.note(_sub(path, "type"), f"button type {_quote(btype)} is not one of {', '.join(L.BUTTON_TYPES)}; "
                                 "the preview draws it as plain text.")
    return (f'<span class="{base} lcp-btn-unknown" title="Unknown button type"><span class="lcp-ico" '
            f'aria-hidden="true">?</span><span class="lcp-label">{label}</span>{selected}</span>')


def _quick_replies(ctx: _Ctx, ev: dict, elements: list, path: str) -> str:
    if len(elements) > 1:
        ctx.note(_sub(path, 1), f"quick_replies uses only the first element; the widget ignores the other "
                                f"{len(elements) - 1:,} element(s).")
    first = elements[0]
    p0 = _sub(path, 0)
    if not isinstance(first, dict):
        ctx.note(p0, f"the element is {_json_type(first)}, not an object; nothing is shown.")
        return '<div class="lcp-bubble lcp-bubble-empty">(no quick reply)</div>'
    for key in ("subtitle", "image"):
        if key in first:
            ctx.note(_sub(p0, key), f"quick_replies shows only the title and the buttons; the {key} is not shown.")
    title = _element_text(ctx, first, "title", p0)
    out = (f'<div class="lcp-bubble">{title}</div>' if title is not None
           else '<div class="lcp-bubble lcp-bubble-empty">(no title)</div>')
    chips = _buttons(ctx, first.get("buttons"), _sub(p0, "buttons"), chip=True)
    if chips:
        out += f'<div class="lcp-chips">{"".join(chips)}</div>'
    return out


def _sticker(ctx: _Ctx, elements: list, path: str) -> str:
    if len(elements) > 1:
        ctx.note(_sub(path, 1), f"a sticker shows only elements[0].image; the other {len(elements) - 1:,} "
                                "element(s) are not shown.")
    first = elements[0]
    p0 = _sub(path, 0)
    if not isinstance(first, dict):
        ctx.note(p0, f"the element is {_json_type(first)}, not an object; a sticker needs elements[0].image.url.")
        return '<div class="lcp-sticker-missing">⚠ sticker without an image</div>'
    for key in ("title", "subtitle", "buttons"):
        if key in first:
            ctx.note(_sub(p0, key), f"a sticker shows only its image; the {key} is not shown.")
    image = first.get("image")
    if not isinstance(image, dict) or image.get("url") is None:
        ctx.note(_sub(p0, "image.url"), "a sticker needs elements[0].image.url; the widget shows nothing.")
        return '<div class="lcp-sticker-missing">⚠ sticker without an image</div>'
    src, alt = _image_src(ctx, image, _sub(p0, "image"))
    if not src:
        return '<div class="lcp-sticker-missing">⚠ sticker image not loadable</div>'
    cap = L.STICKER_MAX_PX
    size = ""
    w, h = _pos_int(image.get("width")), _pos_int(image.get("height"))
    if w and h:
        scale = min(1.0, cap / w, cap / h)
        size = f' width="{max(1, round(w * scale))}" height="{max(1, round(h * scale))}"'
    return f'<img class="lcp-sticker" src="{_esc(src)}" alt="{alt}" loading="lazy"{size}>'


# -- file, form, system, custom ---------------------------------------------------------------

def _file(ctx: _Ctx, ev: dict, path: str) -> str:
    name = ev.get("name")
    ctype = ev.get("content_type")
    url = ev.get("url")
    href = safe_url(url)
    if url is not None and href is None:
        ctx.note(_sub(path, "url"), f"{_quote(url)} is not an http(s) URL; the preview shows no link.")
    name_html = ctx.text(name, _sub(path, "name"), 500) if name is not None else '<span class="lcp-dim">(no name)</span>'
    size = _human_size(ev.get("size"))
    is_image = isinstance(ctype, str) and ctype.strip().lower().startswith("image/")
    thumb = None
    if is_image:
        for key in ("thumbnail_url", "thumbnail2x_url", "url"):
            if ev.get(key) is not None:
                thumb = safe_url(ev.get(key))
                if thumb is None and key != "url":
                    ctx.note(_sub(path, key), f"{_quote(ev.get(key))} is not an http(s) URL; not loaded.")
            if thumb:
                break
    if is_image and thumb:
        w, h = _pos_int(ev.get("width")), _pos_int(ev.get("height"))
        facts = [x for x in (size, f"{w}×{h}" if w and h else None) if x]
        img = f'<img class="lcp-file-img" src="{_esc(thumb)}" alt="{ctx.attr(name)}" loading="lazy">'
        if href:
            img = (f'<a class="lcp-file-imglink" href="{_esc(href)}" target="_blank" '
                   f'rel="noopener noreferrer nofollow" title="Opens the file">{img}</a>')
        cap = (f'<div class="lcp-file-cap"><span class="lcp-file-name">{name_html}</span>'
               + "".join(f'<span class="lcp-dim"> · {_esc(f)}</span>' for f in facts) + "</div>")
        return _frame(ctx, ev, path, f'<div class="lcp-file-image">{img}{cap}</div>')
    facts_html = []
    if ctype is not None:
        facts_html.append(ctx.text(ctype, _sub(path, "content_type"), 100))
    if size:
        facts_html.append(_esc(size))
    ext = name.rsplit(".", 1)[-1] if isinstance(name, str) and "." in name[-8:] else ""
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:4].upper() or "FILE"
    inner = (f'<span class="lcp-file-ico" aria-hidden="true">{_esc(ext)}</span><span class="lcp-file-text">'
             f'<span class="lcp-file-name">{name_html}</span>'
             f'<span class="lcp-file-facts">{" · ".join(facts_html)}</span></span>')
    if href:
        chip = (f'<a class="lcp-file" href="{_esc(href)}" target="_blank" rel="noopener noreferrer nofollow" '
                f'title="Opens the file">{inner}</a>')
    else:
        chip = f'<span class="lcp-file lcp-btn-dead">{inner}</span>'
    return _frame(ctx, ev, path, chip)


def _answer_html(ctx: _Ctx, field_: dict, path: str) -> str:
    empty = '<span class="lcp-dim">(no answer)</span>'
    if "answers" in field_:
        answers = field_.get("answers")
        if not isinstance(answers, list):
            return ctx.text(_short(answers, 200), _sub(path, "answers"))
        if not answers:
            return empty
        items = []
        for i, a in enumerate(_cap(ctx, answers, MAX_FIELDS_DRAWN, _sub(path, "answers"), "answers")):
            label = a.get("label") if isinstance(a, dict) and "label" in a else a
            items.append(f'<li>☑ {ctx.text(label, _sub(_sub(path, "answers"), i), 2000)}</li>')
        return f'<ul class="lcp-answers">{"".join(items)}</ul>'
    a = field_.get("answer")
    if a is None or a == "":
        return empty
    if isinstance(a, dict):
        if "label" in a:
            return ctx.text(a.get("label"), _sub(_sub(path, "answer"), "label"), 2000)
        return ctx.text(_short(a, 200), _sub(path, "answer"))
    return ctx.text(a, _sub(path, "answer"), 5000)


def _form_card(ctx: _Ctx, fields: Any, path: str, form_id: Any = None) -> str:
    head = '<div class="lcp-form-head"><span aria-hidden="true">☰</span> Form'
    if form_id is not None:
        head += f' <span class="lcp-dim lcp-mono">{ctx.text(form_id, _sub(path, "form_id"), 100)}</span>'
    head += "</div>"
    fpath = _sub(path, "fields")
    if not isinstance(fields, list):
        ctx.note(fpath, "fields is missing" if fields is None else
                 f"fields is {_json_type(fields)}, not an array; no answer is shown.")
        return f'<div class="lcp-form">{head}<div class="lcp-dim lcp-form-none">(no fields)</div></div>'
    rows = []
    for i, f in enumerate(_cap(ctx, fields, MAX_FIELDS_DRAWN, fpath, "fields")):
        p = _sub(fpath, i)
        if not isinstance(f, dict):
            ctx.note(p, f"the field is {_json_type(f)}, not an object; it is not shown.")
            continue
        label = f.get("label")
        label_html = (ctx.text(label, _sub(p, "label"), 2000) if label is not None
                      else '<span class="lcp-dim">(no label)</span>')
        rows.append(f'<div class="lcp-field"><dt>{label_html}</dt><dd>{_answer_html(ctx, f, p)}</dd></div>')
    body = f'<dl class="lcp-fields">{"".join(rows)}</dl>' if rows else '<div class="lcp-dim lcp-form-none">(no fields)</div>'
    return f'<div class="lcp-form">{head}{body}</div>'


def _filled_form(ctx: _Ctx, ev: dict, path: str) -> str:
    return _frame(ctx, ev, path, _form_card(ctx, ev.get("fields"), path, ev.get("form_id")), wide=True)


def _system_message(ctx: _Ctx, ev: dict, path: str) -> str:
    text = ev.get("text")
    stype = ev.get("system_message_type")
    title = f' title="system_message_type: {ctx.attr(stype)}"' if stype is not None else ""
    badge = _AGENTS_BADGE + " " if ev.get(audience_field()) == "agents" else ""
    if isinstance(text, str):
        filled = fill_placeholders(text, ev.get("text_vars"))
        return f'<div class="lcp-system"{title}>{badge}{ctx.text(filled, _sub(path, "text"))}</div>'
    if text is None:
        ctx.note(_sub(path, "text"), "the system message has no text; the widget shows nothing.")
    else:
        ctx.note(_sub(path, "text"), f"text is {_json_type(text)}, not a string; the widget shows nothing.")
    label = ctx.text(stype, _sub(path, "system_message_type"), 200) if stype is not None else "system message"
    return f'<div class="lcp-system lcp-system-empty"{title}>{badge}({label}, no text)</div>'


def _custom(ctx: _Ctx, ev: dict, path: str) -> str:
    if "content" in ev:
        tree = _tree(ctx, ev.get("content"), "content", _sub(path, "content"))
    else:
        tree = '<div class="lcp-dim">(no content)</div>'
    body = (f'<div class="lcp-custom"><div class="lcp-custom-head"><span aria-hidden="true">⚙</span> '
            f'custom event</div>{tree}</div>')
    return _frame(ctx, ev, path, body, wide=True)


_EVENT_RENDERERS = {
    "message": _message, "rich_message": _rich_message, "file": _file,
    "filled_form": _filled_form, "system_message": _system_message, "custom": _custom,
}


# =============================================================================================
# JSON tree (custom content, plain data): <details>/<summary>, capped, no recursion errors
# =============================================================================================

def _leaf(v: Any) -> str:
    if v is None:
        return '<span class="lcp-j-null">null</span>'
    if isinstance(v, bool):
        return f'<span class="lcp-j-bool">{"true" if v else "false"}</span>'
    if isinstance(v, (int, float)):
        return f'<span class="lcp-j-num">{_esc(_num(v))}</span>'
    if isinstance(v, str):
        s = v if len(v) <= TREE_MAX_STR else v[:TREE_MAX_STR] + f"… ({len(v):,} characters)"
        return f'<span class="lcp-j-str">&quot;{_esc(s)}&quot;</span>'
    return f'<span class="lcp-j-other">{_esc(_short(v, 120))}</span>'


def _tree(ctx: _Ctx, value: Any, root_label: str, path: str) -> str:
    """A collapsible tree of any value, built iteratively; depth and node count are capped."""
    budget = [TREE_MAX_NODES]
    truncated = {"depth": False, "nodes": False}
    out: list[str] = []
    # stack of work items: ("open", key_html, value, depth) or ("raw", html)
    stack: list[tuple] = [("node", _esc(root_label), value, 0)]
    while stack:
        item = stack.pop()
        if item[0] == "raw":
            out.append(item[1])
            continue
        _, key_html, v, depth = item
        key = f'<span class="lcp-j-key">{key_html}</span>: ' if key_html else ""
        if budget[0] <= 0:
            truncated["nodes"] = True
            out.append('<li class="lcp-trunc">… truncated</li>')
            # drop the rest of this container's siblings cheaply
            while stack and stack[-1][0] == "node":
                stack.pop()
            continue
        budget[0] -= 1
        is_dict = isinstance(v, dict)
        is_list = isinstance(v, (list, tuple))
        if not (is_dict or is_list):
            out.append(f"<li>{key}{_leaf(v)}</li>")
            continue
        n = len(v)
        kind = f"{{{n} key{'s' if n != 1 else ''}}}" if is_dict else f"[{n} item{'s' if n != 1 else ''}]"
        if n == 0:
            out.append(f'<li>{key}<span class="lcp-j-type">{"{}" if is_dict else "[]"}</span></li>')
            continue
        if depth >= TREE_MAX_DEPTH:
            truncated["depth"] = True
            out.append(f'<li>{key}<span class="lcp-j-type">{kind}</span> '
                       f'<span class="lcp-trunc">… truncated (deeper than {TREE_MAX_DEPTH} levels)</span></li>')
            continue
        opened = " open" if depth < 2 or (depth < 6 and n <= 10) else ""   # small branches open
        out.append(f'<li><details class="lcp-j"{opened}><summary>{key}<span class="lcp-j-type">{kind}</span>'
                   f'</summary><ul class="lcp-tree">')
        children: list[tuple] = []
        limit = max(0, min(n, budget[0]))
        if is_dict:
            for i, (k, child) in enumerate(v.items()):
                if i >= limit:
                    break
                ks = k if isinstance(k, str) else _short(k, 60)
                if len(ks) > 200:
                    ks = ks[:200] + "…"
                children.append(("node", f'&quot;{_esc(ks)}&quot;', child, depth + 1))
        else:
            for i in range(limit):
                children.append(("node", f'<span class="lcp-j-idx">{i}</span>', v[i], depth + 1))
        tail = ""
        if n > limit:
            truncated["nodes"] = True
            tail = f'<li class="lcp-trunc">… truncated ({n - limit:,} more)</li>'
        stack.append(("raw", f"{tail}</ul></details></li>"))
        stack.extend(reversed(children))
    marks = []
    if truncated["depth"]:
        marks.append(f"the tree stops at {TREE_MAX_DEPTH} levels")
        ctx.note(path, f"the preview's data tree stops at {TREE_MAX_DEPTH} levels (marked “… truncated”).")
    if truncated["nodes"]:
        marks.append(f"it shows at most {TREE_MAX_NODES:,} values")
        ctx.note(path, f"the preview's data tree shows at most {TREE_MAX_NODES:,} values (marked “… truncated”).")
    foot = f'<div class="lcp-trunc lcp-trunc-foot">… truncated: {" and ".join(marks)}.</div>' if marks else ""
    return f'<ul class="lcp-tree lcp-tree-root">{"".join(out)}</ul>{foot}'


# =============================================================================================
# threads, chats, summaries, users
# =============================================================================================

def _events_html(ctx: _Ctx, events: list, path: str) -> str:
    shown = _cap(ctx, events, MAX_EVENTS_DRAWN, path, "events")
    return "".join(_event(ctx, ev, _sub(path, i))[0] for i, ev in enumerate(shown))


def _thread(ctx: _Ctx, th: Any, path: str) -> str:
    if not isinstance(th, dict):
        ctx.note(path, f"a thread must be an object, not {_json_type(th)}.")
        return ""
    bits = ['Thread']
    if th.get("id") is not None:
        bits.append(f' <b class="lcp-mono">{ctx.text(th.get("id"), _sub(path, "id"), 100)}</b>')
    if th.get("active") is True:
        bits.append(' <span class="lcp-pill lcp-pill-on">active</span>')
    elif th.get("active") is False:
        bits.append(' <span class="lcp-pill">closed</span>')
    day = _date_of(th.get("created_at"))
    if day:
        bits.append(f' <span class="lcp-dim">· {_esc(day)}</span>')
    out = [f'<div class="lcp-thread-head">{"".join(bits)}</div>']
    queue = th.get("queue")
    if isinstance(queue, dict):
        q = []
        if isinstance(queue.get("position"), int) and not isinstance(queue.get("position"), bool):
            q.append(f"position {queue['position']}")
        wt = queue.get("wait_time")
        if isinstance(wt, (int, float)) and not isinstance(wt, bool) and math.isfinite(wt) and wt >= 0:
            q.append(f"about {max(1, round(wt / 60))} min wait" if wt >= 60 else f"about {int(wt)} s wait")
        out.append(f'<div class="lcp-system">In the queue{": " + ", ".join(q) if q else ""}</div>')
    if "restricted_access" in th:
        out.append(f'<div class="lcp-restricted">⚠ Restricted access: '
                   f'{ctx.text(th.get("restricted_access"), _sub(path, "restricted_access"), 1000)}</div>')
    events = th.get("events")
    if isinstance(events, list):
        out.append(_events_html(ctx, events, _sub(path, "events")) or '<div class="lcp-system">(no events)</div>')
    elif events is not None:
        ctx.note(_sub(path, "events"), f"events is {_json_type(events)}, not an array; nothing to show.")
    elif "restricted_access" not in th:
        out.append('<div class="lcp-system">(no events)</div>')
    return f'<section class="lcp-thread">{"".join(out)}</section>'


def _people(ctx: _Ctx, users: Any) -> str:
    if not isinstance(users, list) or not users:
        return ""
    chips = []
    for u in users[:20]:
        if not isinstance(u, dict):
            continue
        name = u.get("name") if isinstance(u.get("name"), str) else u.get("id")
        t = u.get("type")
        chips.append(f'<span class="lcp-person">{_avatar(ctx, u.get("id"), u)}'
                     f'<span>{ctx.text(name, "users", 100)}</span>'
                     + (f'<span class="lcp-role">{_esc(t)}</span>' if t in L.USER_TYPES else "")
                     + "</span>")
    return f'<div class="lcp-people">{"".join(chips)}</div>'


def _chat(ctx: _Ctx, chat: dict, path: str) -> str:
    ctx.add_users(chat.get("users"))
    head = '<div class="lcp-chat-head">Chat'
    if chat.get("id") is not None:
        head += f' <b class="lcp-mono">{ctx.text(chat.get("id"), _sub(path, "id"), 100)}</b>'
    head += "</div>"
    out = [head, _people(ctx, chat.get("users"))]
    threads = chat.get("threads")
    if isinstance(threads, list):
        shown = _cap(ctx, threads, MAX_THREADS_DRAWN, _sub(path, "threads"), "threads")
        out.extend(_thread(ctx, th, _sub(_sub(path, "threads"), i)) for i, th in enumerate(shown))
        if not threads:
            out.append('<div class="lcp-system">(no threads)</div>')
    elif threads is not None:
        ctx.note(_sub(path, "threads"), f"threads is {_json_type(threads)}, not an array; nothing to show.")
    return "".join(out)


def _summary(ctx: _Ctx, s: Any, path: str) -> str:
    if not isinstance(s, dict):
        ctx.note(path, f"a chat summary must be an object, not {_json_type(s)}.")
        return ""
    ctx.add_users(s.get("users"))
    head = '<div class="lcp-chat-head">Chat'
    if s.get("id") is not None:
        head += f' <b class="lcp-mono">{ctx.text(s.get("id"), _sub(path, "id"), 100)}</b>'
    lts = s.get("last_thread_summary")
    if isinstance(lts, dict):
        if lts.get("id") is not None:
            head += f' <span class="lcp-dim">· last thread {ctx.text(lts.get("id"), _sub(path, "last_thread_summary.id"), 100)}</span>'
        if lts.get("active") is True:
            head += ' <span class="lcp-pill lcp-pill-on">active</span>'
        elif lts.get("active") is False:
            head += ' <span class="lcp-pill">closed</span>'
        q = lts.get("queue")
        if isinstance(q, dict) and isinstance(q.get("position"), int) and not isinstance(q.get("position"), bool):
            head += f' <span class="lcp-pill">queue #{q["position"]}</span>'
    head += "</div>"
    out = [head, _people(ctx, s.get("users"))]
    lept = s.get("last_event_per_type")
    lpath = _sub(path, "last_event_per_type")
    if isinstance(lept, dict) and lept:
        entries = []
        for k, entry in list(lept.items())[:MAX_EVENTS_DRAWN]:
            ev = entry.get("event") if isinstance(entry, dict) else None
            if ev is None:
                ctx.note(_sub(lpath, str(k)), "the entry has no event; nothing to show.")
                continue
            ts = ev.get("created_at") if isinstance(ev, dict) else None
            entries.append((ts if isinstance(ts, str) else "", str(k), ev))
        entries.sort(key=lambda e: e[0])
        out.append('<div class="lcp-caption">Last event of each type (a summary holds no more of the '
                   'conversation):</div>')
        out.extend(_event(ctx, ev, _sub(_sub(lpath, k), "event"))[0] for _, k, ev in entries)
    elif lept is not None and not isinstance(lept, dict):
        ctx.note(lpath, f"last_event_per_type is {_json_type(lept)}, not an object; nothing to show.")
    else:
        out.append('<div class="lcp-system">(no last events)</div>')
    return f'<section class="lcp-summary">{"".join(out)}</section>'


def _user_card(ctx: _Ctx, u: Any, path: str) -> str:
    if not isinstance(u, dict):
        ctx.note(path, f"a user must be an object, not {_json_type(u)}.")
        return ""
    name = u.get("name")
    lines = [f'<div class="lcp-user-name">{ctx.text(name, _sub(path, "name"), 200) if name is not None else "(no name)"}'
             + (f' <span class="lcp-role">{_esc(u["type"])}</span>' if u.get("type") in L.USER_TYPES else "")
             + "</div>"]
    if u.get("email") is not None:
        lines.append(f'<div class="lcp-dim">{ctx.text(u.get("email"), _sub(path, "email"), 200)}</div>')
    facts = []
    if u.get("present") is True:
        facts.append('<span class="lcp-pill lcp-pill-on">● present</span>')
    elif u.get("present") is False:
        facts.append('<span class="lcp-pill">○ away</span>')
    if u.get("routing_status") is not None:
        facts.append(f'<span class="lcp-pill">{ctx.text(u.get("routing_status"), _sub(path, "routing_status"), 60)}</span>')
    if facts:
        lines.append(f'<div class="lcp-user-facts">{"".join(facts)}</div>')
    if u.get("avatar") is not None and safe_url(u.get("avatar")) is None:
        ctx.note(_sub(path, "avatar"), f"{_quote(u.get('avatar'))} is not an http(s) URL; no avatar is loaded.")
    return f'<div class="lcp-user">{_avatar(ctx, u.get("id"), u)}<div>{"".join(lines)}</div></div>'


# =============================================================================================
# entry points
# =============================================================================================

def _is_user(d: dict) -> bool:
    return d.get("type") in L.USER_TYPES


def _infer(data: Any) -> str:
    if isinstance(data, dict):
        t = data.get("type")
        if isinstance(t, str) and t in L.EVENT_TYPES:
            return "event"
        if t in L.USER_TYPES:
            return "user"
        if "threads" in data:
            return "chat"
        if "last_thread_summary" in data:
            return "chat_summary"
        if "chats_summary" in data:
            return "chat_summaries"
        if "events" in data or ("restricted_access" in data and "active" in data):
            return "thread"
        if isinstance(data.get("fields"), list) and "type" not in data:
            return "filled_form_fields"
        if "type" in data and any(k in data for k in ("author_id", "created_at", audience_field(), "text")):
            return "event"
        if isinstance(data.get("users"), list) and len(data) == 1:
            return "users"
        return "tree"
    if isinstance(data, list) and data:
        head = data[:50]
        if all(isinstance(x, dict) and "last_thread_summary" in x for x in head):
            return "chat_summaries"
        if all(isinstance(x, dict) and _is_user(x) for x in head):
            return "users"
        if all(isinstance(x, dict) and x.get("type") in L.EVENT_TYPES for x in head):
            return "events"
    return "tree"


def _wrap(inner: str, kind: str, approx: bool) -> str:
    foot = f'<div class="lcp-approx">ℹ {_esc(APPROXIMATION_NOTE)}</div>' if approx else ""
    return f'<div class="lcp-root lcp-kind-{kind}">{inner}{foot}</div>'


def _render(data: Any, structure: str | None, users: Any) -> Preview:
    ctx = _Ctx(users)
    s = structure if isinstance(structure, str) and structure in _KNOWN_STRUCTURES else None
    if s is None:
        s = _infer(data)
    if s in ("agent", "my_profile", "customer"):
        s = "user"
    if s in ("access", "properties"):
        s = "tree"

    if s in L.EVENT_TYPES or s == "event":
        if isinstance(data, dict) and s != "event" and data.get("type") not in (s, None):
            ctx.note("type", f"the payload says type {_quote(data.get('type'))}; drawn as {s} as asked.")
        inner, kind = _event(ctx, data, "", forced=None if s == "event" else s)
        return Preview(_wrap(f'<div class="lcp-chat">{inner}</div>', kind, True), ctx.notes, kind)
    if s == "events":
        if not isinstance(data, list):
            return _render(data, None, users)
        return Preview(_wrap(f'<div class="lcp-chat">{_events_html(ctx, data, "")}</div>', "events", True),
                       ctx.notes, "events")
    if s == "thread":
        if not isinstance(data, dict):
            ctx.note("", f"a thread must be an object, not {_json_type(data)}.")
            return Preview(_wrap(_tree(ctx, data, "(root)", ""), "tree", False), ctx.notes, "tree")
        return Preview(_wrap(f'<div class="lcp-chat">{_thread(ctx, data, "")}</div>', "thread", True),
                       ctx.notes, "thread")
    if s == "chat":
        if not isinstance(data, dict):
            ctx.note("", f"a chat must be an object, not {_json_type(data)}.")
            return Preview(_wrap(_tree(ctx, data, "(root)", ""), "tree", False), ctx.notes, "tree")
        return Preview(_wrap(f'<div class="lcp-chat">{_chat(ctx, data, "")}</div>', "chat", True),
                       ctx.notes, "chat")
    if s == "chat_summary":
        return Preview(_wrap(f'<div class="lcp-chat">{_summary(ctx, data, "")}</div>', "chat_summary", True),
                       ctx.notes, "chat_summary")
    if s == "chat_summaries":
        items, base = data, ""
        if isinstance(data, dict):
            items, base = data.get("chats_summary"), "chats_summary"
        if not isinstance(items, list):
            ctx.note(base, f"expected an array of chat summaries, found {_json_type(items)}.")
            items = []
        shown = _cap(ctx, items, MAX_SUMMARIES_DRAWN, base, "chat summaries")
        inner = "".join(_summary(ctx, x, _sub(base, i) if base else f"[{i}]") for i, x in enumerate(shown))
        inner = inner or '<div class="lcp-system">(no chat summaries)</div>'
        return Preview(_wrap(f'<div class="lcp-chat">{inner}</div>', "chat_summaries", True),
                       ctx.notes, "chat_summaries")
    if s == "user":
        return Preview(_wrap(_user_card(ctx, data, ""), "user", False), ctx.notes, "user")
    if s == "users":
        items = data.get("users") if isinstance(data, dict) else data
        base = "users" if isinstance(data, dict) else ""
        if not isinstance(items, list):
            items = []
        shown = _cap(ctx, items, MAX_USERS_DRAWN, base, "users")
        cards = "".join(_user_card(ctx, u, _sub(base, i) if base else f"[{i}]") for i, u in enumerate(shown))
        return Preview(_wrap(f'<div class="lcp-users">{cards}</div>', "users", False), ctx.notes, "users")
    if s == "filled_form_fields":
        fields = data.get("fields") if isinstance(data, dict) else data
        return Preview(_wrap(_form_card(ctx, fields, ""), "filled_form_fields", False),
                       ctx.notes, "filled_form_fields")
    return Preview(_wrap(_tree(ctx, data, "(root)", ""), "tree", False), ctx.notes, "tree")


def render(data: Any, structure: str | None = None, users: list | None = None) -> Preview:
    """Render any payload as a safe HTML preview. Never raises.

    data:      parsed JSON (any value; wrong types anywhere are shown or noted).
    structure: a catalog name (``message``, ``rich_message``, ..., ``event``, ``thread``, ``chat``,
               ``chat_summary``, ``chat_summaries``, ``agent``, ``customer``, ``filled_form_fields``,
               ...) or None to infer: an event by "type"; a chat has "threads"; a thread has
               "events" (or "restricted_access" with "active"); a chat summary has
               "last_thread_summary"; a list of summaries (or ``{"chats_summary": [...]}``);
               users; anything else is drawn as a plain data tree. An event structure draws the
               data as that event type even when its "type" says otherwise (for composers).
    users:     users to resolve ``author_id`` with (a list of user objects, or a dict by id);
               a chat's and a summary's own ``users`` are added.
    """
    try:
        return _render(data, structure, users)
    except Exception as exc:  # a bug here must not break a page; tests assert it never happens
        msg = f"The preview could not be drawn ({type(exc).__name__}); please report this payload."
        return Preview(_wrap(f'<div class="lcp-unknown">{_esc(msg)}</div>', "error", False), [msg], "error")


def page_html(preview: Preview | str) -> str:
    """STYLESHEET and the fragment in one string, for ``st.html`` (or a standalone page)."""
    body = preview.html if isinstance(preview, Preview) else _esc(str(preview))
    return STYLESHEET + body


# =============================================================================================
# the one stylesheet (scoped: every selector starts with .lcp-root)
# =============================================================================================

_BLUE = "#2563eb"
STYLESHEET = """<style>
.lcp-root{all:initial;display:block;box-sizing:border-box;max-width:760px;padding:14px 14px 10px;
 background:#f4f6f9;border:1px solid #e2e6ec;border-radius:16px;color:#1f2328;text-align:left;
 font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";}
.lcp-root *,.lcp-root *::before,.lcp-root *::after{box-sizing:border-box;}
.lcp-root a{color:inherit;text-decoration:none;}
.lcp-root ul,.lcp-root dl,.lcp-root dd{margin:0;padding:0;}
.lcp-root img{max-width:100%;}
.lcp-root .lcp-mono,.lcp-root .lcp-code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;}
.lcp-root .lcp-code{background:rgba(0,0,0,.06);border-radius:4px;padding:0 4px;}
.lcp-root .lcp-dim{color:#6b7280;}
.lcp-root .lcp-row{display:flex;align-items:flex-end;gap:8px;margin:12px 0;}
.lcp-root .lcp-row.lcp-right{flex-direction:row-reverse;}
.lcp-root .lcp-col{display:flex;flex-direction:column;align-items:flex-start;max-width:78%;min-width:0;}
.lcp-root .lcp-col-wide{max-width:calc(100% - 36px);}
.lcp-root .lcp-right .lcp-col{align-items:flex-end;}
.lcp-root .lcp-avatar{flex:0 0 28px;width:28px;height:28px;border-radius:50%;object-fit:cover;display:inline-flex;
 align-items:center;justify-content:center;font-size:11px;font-weight:600;color:#fff;background:#94a3b8;margin-bottom:2px;}
.lcp-root .lcp-av-0{background:#6366f1}.lcp-root .lcp-av-1{background:#0ea5e9}.lcp-root .lcp-av-2{background:#10b981}
.lcp-root .lcp-av-3{background:#f59e0b}.lcp-root .lcp-av-4{background:#ef4444}.lcp-root .lcp-av-5{background:#8b5cf6}
.lcp-root .lcp-av-6{background:#14b8a6}.lcp-root .lcp-av-7{background:#64748b}
.lcp-root .lcp-meta{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:0 6px 4px;font-size:12px;color:#6b7280;}
.lcp-root .lcp-author{font-weight:600;color:#374151;unicode-bidi:isolate;max-width:260px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;}
.lcp-root .lcp-role{font-size:10px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280;border:1px solid #d1d5db;border-radius:999px;padding:0 6px;}
.lcp-root .lcp-badge{font-size:11px;border-radius:999px;padding:1px 8px;font-weight:600;}
.lcp-root .lcp-badge-agents{background:#fef3c7;color:#92400e;border:1px solid #fcd34d;}
.lcp-root .lcp-bubble{background:#fff;border:1px solid #e5e7eb;border-radius:18px 18px 18px 4px;padding:8px 13px;
 white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;box-shadow:0 1px 2px rgba(0,0,0,.04);max-width:100%;}
.lcp-root .lcp-right .lcp-bubble{background:""" + _BLUE + """;border-color:""" + _BLUE + """;color:#fff;border-radius:18px 18px 4px 18px;}
.lcp-root .lcp-bubble-empty{color:#9ca3af;font-style:italic;}
.lcp-root .lcp-right .lcp-bubble-empty{color:#dbeafe;}
.lcp-root .lcp-postback{font-size:12px;color:#4b5563;background:#eef2ff;border-radius:10px;padding:3px 10px;margin:0 0 4px;overflow-wrap:anywhere;}
.lcp-root .lcp-card{flex:0 0 auto;width:250px;max-width:100%;background:#fff;border:1px solid #e5e7eb;border-radius:16px;
 overflow:hidden;display:flex;flex-direction:column;box-shadow:0 1px 3px rgba(0,0,0,.07);}
.lcp-root .lcp-card-imglink{display:block;}
.lcp-root .lcp-card-img{display:block;width:100%;height:150px;object-fit:cover;background:#e5e7eb;}
.lcp-root .lcp-card-body{padding:10px 13px;overflow-wrap:anywhere;}
.lcp-root .lcp-card-title{font-weight:600;font-size:15px;white-space:pre-wrap;unicode-bidi:plaintext;}
.lcp-root .lcp-card-sub{color:#6b7280;font-size:13px;margin-top:2px;white-space:pre-wrap;unicode-bidi:plaintext;}
.lcp-root .lcp-btns{display:flex;flex-direction:column;border-top:1px solid #eef0f3;margin-top:auto;}
.lcp-root .lcp-btn{display:flex;align-items:center;justify-content:center;gap:6px;padding:9px 12px;color:""" + _BLUE + """;
 font-weight:500;border-top:1px solid #eef0f3;text-align:center;overflow-wrap:anywhere;}
.lcp-root .lcp-btn:first-child{border-top:0;}
.lcp-root a.lcp-btn:hover{background:#f5f8ff;}
.lcp-root .lcp-ico{flex:0 0 auto;font-size:13px;}
.lcp-root .lcp-label{unicode-bidi:isolate;}
.lcp-root .lcp-tick{color:#059669;font-weight:700;}
.lcp-root .lcp-btn-dead{color:#9ca3af;text-decoration:line-through dotted;}
.lcp-root .lcp-btn-unknown{color:#6b7280;}
.lcp-root .lcp-carousel{display:flex;gap:10px;overflow-x:auto;padding:2px 2px 10px;max-width:100%;scroll-snap-type:x mandatory;}
.lcp-root .lcp-carousel .lcp-card{scroll-snap-align:start;}
.lcp-root .lcp-image-msg img{display:block;max-width:260px;max-height:260px;border-radius:14px;border:1px solid #e5e7eb;}
.lcp-root .lcp-chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;}
.lcp-root .lcp-chip{display:inline-flex;align-items:center;gap:5px;padding:5px 13px;border:1px solid """ + _BLUE + """;
 color:""" + _BLUE + """;background:#fff;border-radius:999px;font-size:13px;font-weight:500;overflow-wrap:anywhere;}
.lcp-root .lcp-right .lcp-chips{justify-content:flex-end;}
.lcp-root .lcp-sticker{display:block;max-width:""" + str(L.STICKER_MAX_PX) + """px;max-height:""" + str(L.STICKER_MAX_PX) + """px;width:auto;height:auto;object-fit:contain;}
.lcp-root .lcp-sticker-missing,.lcp-root .lcp-empty-rm{color:#9ca3af;font-style:italic;border:1px dashed #d1d5db;border-radius:12px;padding:10px 14px;}
.lcp-root .lcp-file-image{background:#fff;border:1px solid #e5e7eb;border-radius:14px;overflow:hidden;max-width:280px;}
.lcp-root .lcp-file-img{display:block;width:100%;max-height:220px;object-fit:cover;background:#e5e7eb;}
.lcp-root .lcp-file-cap{padding:6px 10px;font-size:12px;overflow-wrap:anywhere;}
.lcp-root .lcp-file-name{font-weight:600;unicode-bidi:isolate;}
.lcp-root .lcp-file{display:flex;align-items:center;gap:10px;background:#fff;border:1px solid #e5e7eb;border-radius:14px;padding:9px 14px 9px 10px;max-width:320px;}
.lcp-root .lcp-file-ico{flex:0 0 34px;height:40px;border-radius:4px 10px 4px 4px;background:#e0e7ff;color:#3730a3;
 display:flex;align-items:flex-end;justify-content:center;padding-bottom:5px;font-size:9px;font-weight:700;letter-spacing:.03em;}
.lcp-root .lcp-file-text{display:flex;flex-direction:column;min-width:0;overflow-wrap:anywhere;}
.lcp-root .lcp-file-facts{font-size:12px;color:#6b7280;}
.lcp-root .lcp-form{background:#fff;border:1px solid #e5e7eb;border-radius:14px;min-width:240px;max-width:420px;overflow:hidden;}
.lcp-root .lcp-form-head{font-weight:600;padding:8px 13px;background:#f8fafc;border-bottom:1px solid #eef0f3;}
.lcp-root .lcp-fields{padding:4px 13px 8px;}
.lcp-root .lcp-field{padding:6px 0;border-bottom:1px solid #f1f3f5;}
.lcp-root .lcp-field:last-child{border-bottom:0;}
.lcp-root .lcp-field dt{font-size:12px;color:#6b7280;overflow-wrap:anywhere;}
.lcp-root .lcp-field dd{font-weight:500;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;}
.lcp-root .lcp-answers{list-style:none;}
.lcp-root .lcp-form-none{padding:8px 13px;}
.lcp-root .lcp-system{text-align:center;color:#6b7280;font-size:12px;margin:12px auto;max-width:85%;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;}
.lcp-root .lcp-system-empty{font-style:italic;color:#9ca3af;}
.lcp-root .lcp-restricted{text-align:center;color:#92400e;background:#fffbeb;border:1px solid #fde68a;border-radius:10px;padding:6px 10px;font-size:12px;margin:10px 0;overflow-wrap:anywhere;}
.lcp-root .lcp-custom{background:#fff;border:1px solid #e5e7eb;border-radius:14px;padding:8px 12px;min-width:240px;max-width:100%;overflow-x:auto;}
.lcp-root .lcp-custom-head{font-size:12px;font-weight:600;color:#6b7280;margin-bottom:4px;}
.lcp-root .lcp-tree{list-style:none;margin:0;padding-left:16px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;}
.lcp-root .lcp-tree-root{padding-left:0;}
.lcp-root .lcp-tree li{margin:1px 0;overflow-wrap:anywhere;}
.lcp-root .lcp-j summary{cursor:pointer;list-style:revert;}
.lcp-root .lcp-j-key{color:#7c3aed;}.lcp-root .lcp-j-idx{color:#9ca3af;}
.lcp-root .lcp-j-str{color:#047857;white-space:pre-wrap;}.lcp-root .lcp-j-num{color:#b45309;}
.lcp-root .lcp-j-bool,.lcp-root .lcp-j-null{color:#2563eb;}.lcp-root .lcp-j-type{color:#9ca3af;}
.lcp-root .lcp-trunc{color:#b91c1c;font-style:italic;}
.lcp-root .lcp-trunc-foot{font-size:12px;margin-top:4px;}
.lcp-root .lcp-unknown{color:#92400e;background:#fffbeb;border:1px dashed #fcd34d;border-radius:12px;padding:8px 12px;margin:10px 0;overflow-wrap:anywhere;}
.lcp-root .lcp-thread{border-top:1px dashed #d1d5db;padding-top:6px;margin-top:6px;}
.lcp-root .lcp-thread:first-child{border-top:0;margin-top:0;}
.lcp-root .lcp-thread-head,.lcp-root .lcp-chat-head{font-size:12px;color:#4b5563;display:flex;flex-wrap:wrap;gap:4px;align-items:center;justify-content:center;margin:4px 0 8px;}
.lcp-root .lcp-chat-head{font-size:13px;justify-content:flex-start;color:#1f2328;}
.lcp-root .lcp-pill{font-size:11px;border-radius:999px;padding:0 8px;background:#e5e7eb;color:#374151;}
.lcp-root .lcp-pill-on{background:#d1fae5;color:#065f46;}
.lcp-root .lcp-people{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 8px;}
.lcp-root .lcp-person{display:inline-flex;align-items:center;gap:6px;background:#fff;border:1px solid #e5e7eb;border-radius:999px;padding:2px 10px 2px 2px;font-size:12px;}
.lcp-root .lcp-person .lcp-avatar{flex-basis:22px;width:22px;height:22px;font-size:9px;margin:0;}
.lcp-root .lcp-summary{background:#fff;border:1px solid #e5e7eb;border-radius:14px;padding:10px 12px;margin:0 0 10px;}
.lcp-root .lcp-summary .lcp-bubble{background:#f4f6f9;}
.lcp-root .lcp-summary .lcp-right .lcp-bubble{background:""" + _BLUE + """;}
.lcp-root .lcp-caption{font-size:11px;color:#9ca3af;margin:4px 0;}
.lcp-root .lcp-users{display:flex;flex-direction:column;gap:8px;}
.lcp-root .lcp-user{display:flex;gap:10px;align-items:flex-start;background:#fff;border:1px solid #e5e7eb;border-radius:14px;padding:10px 12px;overflow-wrap:anywhere;}
.lcp-root .lcp-user .lcp-avatar{flex-basis:36px;width:36px;height:36px;font-size:13px;}
.lcp-root .lcp-user-name{font-weight:600;display:flex;gap:6px;align-items:center;flex-wrap:wrap;}
.lcp-root .lcp-user-facts{display:flex;gap:6px;margin-top:4px;}
.lcp-root .lcp-approx{font-size:11px;color:#9ca3af;margin-top:10px;border-top:1px solid #e5e7eb;padding-top:6px;}
</style>"""
