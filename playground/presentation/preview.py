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

How it is built: the Python below reads the payload (types, caps, URL checks, the notes) and
hands plain values to the Jinja2 templates in ``templates/``, which write all the markup. Each
template renders one fragment; a fragment placed inside another template is ``Markup`` (it is
already escaped), every other value is escaped by the environment's autoescaping.

Security rules, all enforced here and tested by tests/presentation/test_xss.py and the browser
test:

* every string that comes from a payload is written by a template with autoescaping on (and
  first has its control characters made visible, by the environment's ``finalize``); templates
  write payload text only as ``{{ value }}``, never through a filter that builds markup
  (``join`` would skip ``finalize``);
* only http(s) URLs reach ``href`` and ``src``; scheme-less URLs (``cdn.livechatinc.com/a.png``,
  which real payloads carry) become ``https://`` and are checked again after that; ``tel:`` is
  used only for phone buttons, with the number reduced to digits, ``+``, ``-``, spaces and
  parentheses;
* styling is by class, from ``STYLESHEET`` (the package file ``preview.css``); the one
  ``style`` attribute written is an ecommerce swatch's ``background-color``, and only with a
  colour ``safe_color`` accepted (``#rgb`` / ``#rrggbb``, as ``#rrggbb``, or a CSS colour
  keyword); no script, no event-handler attribute, no SVG (Streamlit's sanitiser strips it
  anyway), icons are unicode;
* no request for an outside host unless the payload names it: avatars are never fetched (drawn
  as initials), images on hosts reserved for examples (``example.com``, ``*.test``: the spec's
  samples put theirs there) are drawn as placeholders, the stylesheet loads no font or url();
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

import functools
import html
import itertools
import json
import math
import re
import typing
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from playground.spec import catalog, limits
from playground.spec.catalog import AUDIENCE_FIELDS
from playground.validation.jsontext import LONE_SURROGATE, type_name
from playground.spec.urls import INVISIBLE, MAX_URL_CHARS, dropped_scheme, reserved_host
from playground.validation.report import visible

__all__ = [
    "APPROXIMATION_NOTE", "ECOMMERCE_APPROXIMATION", "STYLESHEET", "Preview", "dropped_scheme",
    "fill_placeholders", "page_html", "render", "render_transcript", "safe_color", "safe_url", "tel_href",
]

APPROXIMATION_NOTE = ("Approximation: drawn by the playground from the chat widget's documented "
                      "rules; the real widget's look (theme, fonts, sizes) differs.")
ECOMMERCE_APPROXIMATION = (
    "The ecommerce template has no public sample of how the chat widget draws it: the product picker "
    "is drawn plainly from its fields (options by view_type: tags as chips, swatch as colour dots, "
    "images as thumbnails, select as a drop-down; prices with their currency; unavailable options "
    "struck through; the selected option highlighted; addons listed). Its layout is the playground's guess.")
FORM_APPROXIMATION = ("The LiveChat app does not draw Form events natively (the spec: \"you can leverage this "
                      "feature in a custom chatting solution\"): the form is drawn plainly from its fields.")

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
    # v3.3+: form, form_fields; v3.6+: system, deleted_event, cart, cart_item; v3.7: chat_info, chats_info
    "form", "form_fields", "system", "deleted_event", "cart", "cart_item", "chat_info", "chats_info",
    "transcript",
}


@dataclass
class Preview:
    """A rendered preview.

    html:  a self-contained fragment (one ``<div class="lcp-root">``); style it with STYLESHEET.
    notes: plain-text notes on what the chat widget would not render (escape them when shown).
    kind:  what was drawn: an event type (``form``, ``system`` included), "deleted_event" (the
           v3.6 placeholder), "event" (unknown type), "thread", "chat", "chat_summary" (v3.7's chat
           info too), "chat_summaries", "events" (a transcript), "user", "users",
           "filled_form_fields", "form_fields" (an empty form), "tree" (plain data), or "error"
           (the safety net caught a bug; never expected).
    """
    html: str
    notes: list[str] = field(default_factory=list)
    kind: str = "tree"
    approximations: list[str] = field(default_factory=list)
    """What the drawing guesses (also written under the preview): the ecommerce picker, the form."""
    version: str | None = None
    """The API version the preview was drawn for (None: any version)."""


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


PLACEHOLDER = "about:placeholder"
"""What _image_src gives for an image drawn as a placeholder (never written into a src)."""


def image_src(value: Any) -> tuple[str | None, bool]:
    """(the URL an ``<img>`` may load, placeholder): a usable http(s) URL on a host reserved for
    documentation (``example.com``, ``*.test``: spec/urls.reserved_host) is not fetched, it is drawn
    as a placeholder (placeholder True). The spec's samples put their pictures there, so loading
    a bundled sample never sends a request to an outside host."""
    src = safe_url(value)
    if src is None:
        return None, False
    try:
        host = urlsplit(src).hostname
    except ValueError:   # pragma: no cover - safe_url parsed it already
        return None, False
    if reserved_host(host):
        return None, True
    return src, False


# CSS colour keywords (CSS Color Module Level 4), lower case: a swatch's `color` may be one of these.
_CSS_COLOUR_NAMES = frozenset("""
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred
darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink
deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold
goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush
lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey
lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow
lime limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin
navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise
palevioletred papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue
saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey snow
springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen
""".split())
_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def safe_color(value: Any) -> str | None:
    """The CSS colour of a swatch, or None: ``#rgb`` / ``#rrggbb`` (returned as lower-case
    ``#rrggbb``) or a CSS colour keyword (lower case). Nothing else ever reaches a ``style``
    attribute (no ``url()``, ``;``, ``expression``, ``var()``, spaces or escapes)."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    text = value.strip()
    m = _HEX_COLOUR.fullmatch(text)
    if m:
        digits = m.group(1).lower()
        return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
    name = text.lower()
    return name if name in _CSS_COLOUR_NAMES else None


# =============================================================================================
# what each API version knows (read from the catalog's models, never restated here)
# =============================================================================================

def _choices(annotation: Any, *path: str) -> tuple:
    """The Literal choices at `path` inside a model annotation (Optional, list and union members
    are looked through): _choices(RichMessage, "template_id") -> ("cards", ...)."""
    nodes = [annotation]
    for step in path:
        found = []
        while nodes:
            node = nodes.pop()
            fields = getattr(node, "model_fields", None)
            if isinstance(fields, dict):
                if step in fields:
                    found.append(fields[step].annotation)
                continue
            nodes.extend(a for a in typing.get_args(node) if a is not type(None))
        nodes = found
    out: list = []
    while nodes:
        node = nodes.pop()
        if typing.get_origin(node) is typing.Literal:
            out.extend(typing.get_args(node))
        else:
            nodes.extend(typing.get_args(node))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class _Vocabulary:
    """What one API version (or, with version None, any version) has for the preview to draw."""
    version: str | None
    event_types: tuple[str, ...]
    template_ids: tuple[str, ...]
    form_field_types: tuple[str, ...]
    view_types: tuple[str, ...]
    has_deleted: bool
    since: dict          # ("event", "form") -> "3.3": the first version that has a thing

    def first(self, kind: str, name: Any) -> str | None:
        return self.since.get((kind, name)) if isinstance(name, (str, bool)) else None


def _version_words(version: str) -> str:
    return f"v{version} ({catalog.STATUS.get(version, 'unknown')})"


def _of_version(version: str) -> dict:
    structures = catalog.structures(version)
    rich = structures["rich_message"].request_model
    form = structures.get("form")
    return {
        "event": tuple(n for n, s in structures.items() if s.section == "Events" and n != "event"),
        "template": _choices(rich, "template_id"),
        "field": _choices(form.request_model, "fields", "type") if form else (),
        "view_type": _choices(rich, "elements", "ecommerce", "view_type"),
        "deleted": "deleted_event" in structures,
    }


@functools.lru_cache(maxsize=None)
def _vocabulary(version: str | None) -> _Vocabulary:
    since: dict = {}
    every = {}
    for v in catalog.VERSIONS:
        every[v] = _of_version(v)
        for kind in ("event", "template", "field", "view_type"):
            for name in every[v][kind]:
                since.setdefault((kind, name), v)
        if every[v]["deleted"]:
            since.setdefault(("deleted", True), v)
    if version is None:
        union = {kind: tuple(dict.fromkeys(n for v in catalog.VERSIONS for n in every[v][kind]))
                 for kind in ("event", "template", "field", "view_type")}
        return _Vocabulary(None, union["event"], union["template"], union["field"] or limits.FORM_FIELD_TYPES,
                           union["view_type"], True, since)
    mine = every[version]
    return _Vocabulary(version, mine["event"], mine["template"], mine["field"] or limits.FORM_FIELD_TYPES,
                       mine["view_type"], mine["deleted"], since)


# =============================================================================================
# text helpers
# =============================================================================================

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _visible_controls(s: str) -> str:
    """Lone surrogates become U+FFFD (they cannot be encoded); C0 controls their pictures."""
    if LONE_SURROGATE.search(s):
        s = LONE_SURROGATE.sub("\ufffd", s)
    if _CONTROL.search(s):
        s = _CONTROL.sub(lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), s)
    return s


class _Literal:
    """A piece of punctuation on _short's work stack (written as is, not quoted)."""
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


def _short(value: Any, limit: int = 120) -> str:
    """A compact, bounded, JSON-like text of any value (never recursive, never raising)."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    while stack and size < limit:
        item = stack.pop()
        if isinstance(item, _Literal):
            piece = item.text
        elif item is None:
            piece = "null"
        elif item is True:
            piece = "true"
        elif item is False:
            piece = "false"
        elif isinstance(item, str):
            piece = '"' + item[:limit].replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif isinstance(item, (int, float)):
            piece = _number_text(item)
        elif isinstance(item, dict):
            pieces: list[Any] = [_Literal("{")]
            for i, (key, child) in enumerate(list(item.items())[:limit]):
                if i:
                    pieces.append(_Literal(", "))
                pieces.extend([key if isinstance(key, str) else str(key), _Literal(": "), child])
            pieces.append(_Literal("}"))
            stack.extend(reversed(pieces))
            continue
        elif isinstance(item, (list, tuple)):
            pieces = [_Literal("[")]
            for i, child in enumerate(item[:limit]):
                if i:
                    pieces.append(_Literal(", "))
                pieces.append(child)
            pieces.append(_Literal("]"))
            stack.extend(reversed(pieces))
            continue
        else:
            try:
                piece = repr(item)[:limit]
            except Exception:  # a hostile __repr__
                piece = f"<{type(item).__name__}>"
        out.append(piece)
        size += len(piece)
    text = "".join(out)
    return text if len(text) <= limit and not stack else text[:limit] + "…"


def _number_text(number: float) -> str:
    """A JSON number as shown (a huge integer is named, not written out)."""
    if isinstance(number, float) and not math.isfinite(number):
        return str(number)
    if isinstance(number, int) and abs(number) > 10**40:
        return "a very large number"
    return repr(number)


def _quote(value: Any, limit: int = 60) -> str:
    """A payload value quoted for a plain-text note (the page escapes notes when it shows them)."""
    return _short(value, limit)


def _child_path(path: str, key: str | int) -> str:
    """The note path of a child: ``path[3]`` for an index, ``path.key`` for a key."""
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

    return limits.TEXT_VAR_PLACEHOLDER.sub(one, text)


def _human_size(n: Any) -> str | None:
    """A file size as people read it ("12.3 KB"), or None for anything but a size."""
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n) or n < 0:
        return None
    if n < 1024:
        return f"{int(n)} B"
    for unit in ("KB", "MB", "GB", "TB"):
        n /= 1024
        if n < 1024 or unit == "TB":
            return f"{n:.1f} {unit}"
    return None  # pragma: no cover


def _positive_int(value: Any) -> int | None:
    """A pixel size the preview can use (1 to a million), else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value > 10**6:
        return None
    return value


def _exact_bool(value: Any) -> bool | None:
    """True or False when the payload holds exactly that, else None (a template shows nothing)."""
    return value if isinstance(value, bool) else None


_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date_of(timestamp: Any) -> str | None:
    """The day of an RFC 3339 timestamp ("7 May 2020"), or None."""
    if not isinstance(timestamp, str):
        return None
    m = _TIMESTAMP.match(timestamp)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{int(m.group(3))} {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


# =============================================================================================
# templates
# =============================================================================================

_PACKAGE_DIR = Path(__file__).resolve().parent


class _EscapedText(str):
    """Text a template writes. Autoescaping calls ``__html__`` (MarkupSafe's protocol for objects
    that escape themselves), which escapes it as ``html.escape(quote=True)`` does: quotes become
    ``&quot;`` and ``&#x27;`` (MarkupSafe's own spelling is ``&#34;`` / ``&#39;``), the markup the
    previews have always had and the tests look for. As a plain str it is the raw text, which is
    what an environment without autoescaping writes."""
    __slots__ = ()

    def __html__(self) -> str:
        return html.escape(self, quote=True)


def _shown_value(value: Any) -> Any:
    """The environment's ``finalize``: what every ``{{ … }}`` writes, before autoescaping.

    Text gets its control characters and lone surrogates made visible (a payload may hold them;
    they cannot be shown or encoded) and escapes itself as _EscapedText. Markup (a fragment
    already rendered by a template) and numbers pass as they are.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return _EscapedText(_visible_controls(value))
    return value


def _template_environment(autoescape: bool = True) -> Environment:
    """The one Jinja2 environment of the previews: templates/ and preview.css of this package.

    ``autoescape`` is False only in the test that proves the XSS audit fails without escaping.
    StrictUndefined: a value a template reads and the code did not pass is a bug, not "".
    auto_reload is off: the package's templates do not change while the app runs (and checking
    them on every fragment would stat a file thousands of times a transcript).
    """
    return Environment(loader=FileSystemLoader(_PACKAGE_DIR), autoescape=autoescape,
                       undefined=StrictUndefined, finalize=_shown_value, auto_reload=False)


_TEMPLATES = _template_environment()


def _fragment(template: str, **values: Any) -> Markup:
    """templates/<template> rendered with `values`: markup to place in another template."""
    return Markup(_TEMPLATES.get_template(f"templates/{template}").render(**values))


STYLESHEET: str = _TEMPLATES.get_template("templates/stylesheet.html").render(
    sticker_max_px=limits.STICKER_MAX_PX)
"""The one ``<style>`` block of every preview (preview.css; every selector under .lcp-root)."""


# =============================================================================================
# rendering context
# =============================================================================================

class _Drawing:
    """What one render call collects: the notes (each once, in order) and the users by id."""

    def __init__(self, users: Any = None, vocabulary: _Vocabulary | None = None):
        self.notes: list[str] = []
        self._seen: set[str] = set()
        self.users: dict[str, dict] = {}
        self.vocab = vocabulary or _vocabulary(None)
        self.approximations: list[str] = []
        self.add_users(users)

    def approximate(self, text: str) -> None:
        if text not in self.approximations:
            self.approximations.append(text)

    def newer(self, kind: str, name: Any, path: str, what: str) -> None:
        """A note when `name` (an event type, template, ...) came in a version after the one drawn for."""
        first = self.vocab.first(kind, name)
        if self.vocab.version is not None and first is not None \
                and catalog.VERSIONS.index(first) > catalog.VERSIONS.index(self.vocab.version):
            self.note(path, f"{what} arrived in v{first}; {_version_words(self.vocab.version)} has no such thing, "
                            f"so the API refuses or never returns it. The preview draws it as v{first} would.")

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
        """The text of a payload value, capped (with a note when cut); the template escapes it."""
        if not isinstance(value, str):
            value = _short(value, 200)
        if len(value) > limit:
            self.note(path, f"the preview shows the first {limit:,} of {len(value):,} characters.")
            value = value[:limit] + "…"
        return value

    def attr(self, value: Any) -> str:
        """Short, one-line text of a payload value for a title/alt attribute (escaped by the template)."""
        if not isinstance(value, str):
            value = _short(value, 80)
        if len(value) > MAX_ATTR_CHARS:
            value = value[:MAX_ATTR_CHARS] + "…"
        return value.replace("\n", " ")


def _capped(drawing: _Drawing, items: list, cap: int, path: str, what: str) -> list:
    """The first `cap` items (with a note when there are more)."""
    if len(items) > cap:
        drawing.note(path, f"the preview draws the first {cap} of {len(items):,} {what}.")
        return items[:cap]
    return items


# =============================================================================================
# authors and event rows
# =============================================================================================

# Icons are plain BMP symbols that ordinary text fonts carry (no emoji font needed, no SVG:
# Streamlit's sanitiser strips SVG), never taken from a payload.
_ICON = {"url": "↗", "phone": "☎", "webview": "▣", "message": "✉", None: "✉"}


def _avatar(drawing: _Drawing, author_id: Any, user: dict | None) -> Markup:
    """The user's initials in one of 8 colours (from the id). The avatar picture is never fetched:
    an avatar is decoration (the name is on the meta line), and the spec's samples point theirs at
    LiveChat's CDN, so loading them would send a request to an outside host for every bundled
    sample. A usable avatar URL is named in the tooltip instead."""
    name = user.get("name") if user else None
    avatar = safe_url(user.get("avatar")) if user else None
    label = drawing.attr(name if isinstance(name, str) else author_id if isinstance(author_id, str) else "?")
    if avatar:
        label = drawing.attr(f"{label} · avatar: {avatar}")
    src = None
    colour = zlib.crc32(_visible_controls(str(author_id)).encode("utf-8", "replace")) % 8
    basis = name if isinstance(name, str) and name.strip() else author_id if isinstance(author_id, str) else "?"
    words = [w for w in re.split(r"[\s@._-]+", basis) if w][:2]
    initials = "".join(w[0] for w in words).upper()[:2] or "?"
    return _fragment("avatar.html", src=src, label=label, colour=colour, initials=initials)


def _audience(event: dict) -> Any:
    """Who sees the event, under whichever name its version gives the field."""
    return next((event[k] for k in AUDIENCE_FIELDS if k in event), None)


def _event_row(drawing: _Drawing, event: dict, path: str, body: Markup, wide: bool = False) -> Markup:
    """One chat row: avatar (left side only), a meta line (author, time, 'agents only') and body.

    Customers' events sit on the right (the widget is the customer's view), everyone else's on
    the left with an avatar.
    """
    author_id = event.get("author_id")
    user = drawing.users.get(author_id) if isinstance(author_id, str) else None
    user_type = user.get("type") if user else None
    side = "right" if user_type == "customer" else "left"
    meta = {"author_name": None, "author_title": None, "author_id": None, "time": None,
            "time_title": None, "role": user_type if user_type in limits.USER_TYPES else None,
            "agents_only": _audience(event) == "agents",
            "deleted": event.get("deleted") is True and not _is_deleted_placeholder(event)}
    if user and isinstance(user.get("name"), str) and user["name"].strip():
        meta["author_name"] = drawing.text(user["name"], _child_path(path, "author"), 200)
        meta["author_title"] = drawing.attr(author_id)
    elif author_id is not None:
        meta["author_id"] = drawing.text(author_id, _child_path(path, "author_id"), 200)
    timestamp = event.get("created_at")
    if timestamp is not None:
        m = _TIMESTAMP.match(timestamp) if isinstance(timestamp, str) else None
        meta["time"] = (f"{m.group(4)}:{m.group(5)}" if m
                        else drawing.text(timestamp, _child_path(path, "created_at"), 40))
        meta["time_title"] = drawing.attr(timestamp)
    has_meta = any(meta[key] is not None for key in ("author_name", "author_id", "role", "time"))
    avatar = _avatar(drawing, author_id, user) if side == "left" and author_id is not None else ""
    return _fragment("event_row.html", side=side, avatar=avatar, body=body,
                     column_class="lcp-col lcp-col-wide" if wide else "lcp-col",
                     deleted=meta["deleted"],
                     meta=meta if has_meta or meta["agents_only"] or meta["deleted"] else None)


# =============================================================================================
# events
# =============================================================================================

def _event(drawing: _Drawing, event: Any, path: str, forced: str | None = None) -> tuple[Markup, str]:
    """(markup, kind) of one event. ``forced`` draws it as that type whatever its "type" says."""
    if not isinstance(event, dict):
        drawing.note(path, f"an event must be a JSON object, not {type_name(event, 'noun')}; nothing to show.")
        text = "Not an event: " + drawing.text(_short(event, 200), path)
        return _fragment("notice.html", title=None, text=text), "event"
    event_type = forced or event.get("type")
    if event.get("deleted") is True:
        if not drawing.vocab.has_deleted:
            drawing.newer("deleted", True, _child_path(path, "deleted"), "`deleted` (deleted events)")
        if _is_deleted_placeholder(event):
            return _deleted_placeholder(drawing, event, path), "deleted_event"
    draw = _EVENT_DRAWERS.get(event_type) if isinstance(event_type, str) else None
    if draw is not None and event_type not in drawing.vocab.event_types:
        drawing.newer("event", event_type, _child_path(path, "type"), f"The {event_type} event")
    if draw is None:
        if "type" not in event:
            what = "has no type"
        else:
            what = (f"has type {_quote(event_type)}, which is not an event type "
                    f"({', '.join(drawing.vocab.event_types)})")
        drawing.note(path, f"the event {what}; the chat widget does not show it.")
        shown_type = _short(event.get("type"), 80) if "type" in event else "(none)"
        text = "⚠ Unknown event type " + drawing.text(shown_type, path)
        return _fragment("notice.html", title="unknown event type", text=text), "event"
    return draw(drawing, event, path), event_type


def _message(drawing: _Drawing, event: dict, path: str) -> Markup:
    text = event.get("text")
    postback = event.get("postback")
    postback_line = _postback(drawing, postback, _child_path(path, "postback")) if postback is not None else Markup()
    if isinstance(text, str):
        shown = drawing.text(text, _child_path(path, "text"))
    else:
        if text is None:
            drawing.note(_child_path(path, "text"), "the message has no text; the widget shows an empty bubble.")
        else:
            drawing.note(_child_path(path, "text"),
                         f"text is {type_name(text, 'noun')}, not a string; the widget cannot show it.")
        shown = None
    bubble = _fragment("bubble.html", text=shown, missing="no text")
    return _event_row(drawing, event, path, postback_line + bubble)


def _postback(drawing: _Drawing, postback: Any, path: str) -> Markup:
    """The "answers button …" line of a message sent by a rich message's button."""
    if not isinstance(postback, dict):
        return _fragment("postback.html", summary=drawing.text(_short(postback, 80), path))
    values: dict[str, Any] = {"summary": None, "button_type": None, "icon": None, "value": None,
                              "event_id": None}
    values["button_id"] = drawing.text(postback.get("id"), _child_path(path, "id"), 200)
    if "type" in postback or "value" in postback:
        button_type = postback.get("type")
        values["icon"] = _ICON.get(button_type, "•") if isinstance(button_type, str) else "•"
        values["button_type"] = drawing.text(button_type, _child_path(path, "type"), 40)
        if "value" in postback:
            values["value"] = drawing.text(postback.get("value"), _child_path(path, "value"), 200)
    if "event_id" in postback:
        values["event_id"] = drawing.text(postback.get("event_id"), _child_path(path, "event_id"), 80)
    values["product"] = None
    product = postback.get("ecommerce")
    if isinstance(product, dict):
        facts = []
        for key, word in (("product_id", "product"), ("option_id", "option"), ("quantity", "quantity")):
            if product.get(key) is not None:
                facts.append(f"{word} {drawing.text(product.get(key), _child_path(path, 'ecommerce.' + key), 80)}")
        values["product"] = " · ".join(facts) if facts else None
    return _fragment("postback.html", **values)


# -- rich message -----------------------------------------------------------------------------

def _rich_message(drawing: _Drawing, event: dict, path: str) -> Markup:
    template_id = event.get("template_id")
    elements = event.get("elements")
    elements_path = _child_path(path, "elements")
    empty_reason = None
    if elements is None:
        drawing.note(elements_path, "the rich message has no elements; the widget shows nothing.")
        empty_reason = "rich message without elements"
    elif not isinstance(elements, list):
        drawing.note(elements_path, f"elements is {type_name(elements, 'noun')}, not an array; the widget shows nothing.")
        empty_reason = "elements is not an array"
    elif not elements:
        drawing.note(elements_path, "elements is empty; the widget shows nothing.")
        empty_reason = "no elements"
    if empty_reason is not None:
        return _event_row(drawing, event, path, _fragment("empty_rich_message.html", reason=empty_reason))

    if template_id == "quick_replies":
        return _event_row(drawing, event, path, _quick_replies(drawing, elements, elements_path))
    if template_id == "sticker":
        return _event_row(drawing, event, path, _sticker(drawing, elements, elements_path))
    if template_id == "ecommerce":
        if template_id not in drawing.vocab.template_ids:
            drawing.newer("template", template_id, _child_path(path, "template_id"), "The ecommerce template")
        drawing.approximate(ECOMMERCE_APPROXIMATION)
        return _event_row(drawing, event, path, _products(drawing, elements, elements_path), wide=True)
    if template_id != "cards":
        drawing.note(_child_path(path, "template_id"),
                     f"template_id {_quote(template_id)} is not one of {', '.join(drawing.vocab.template_ids)}; "
                     "the widget does not show this message. The preview draws it as cards.")
    return _event_row(drawing, event, path, _cards(drawing, elements, elements_path), wide=True)


def _element_text(drawing: _Drawing, element: dict, key: str, path: str) -> str | None:
    """An element's title or subtitle when it is a string (else noted, None)."""
    value = element.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        drawing.note(_child_path(path, key), f"{key} is {type_name(value, 'noun')}, not a string; "
                                             "the widget shows only strings.")
        return None
    return drawing.text(value, _child_path(path, key))


def _alt_text(drawing: _Drawing, holder: dict) -> str:
    """An image's alt text: its alternative_text (v3.3+), else its name, else ""."""
    for key in ("alternative_text", "name"):
        value = holder.get(key)
        if isinstance(value, str) and value.strip():
            return drawing.attr(value)
    return ""


def _image_src(drawing: _Drawing, image: Any, path: str) -> tuple[str | None, str]:
    """(safe src, alt text) of a rich message image. An image on a host reserved for examples is
    not fetched: its src is the placeholder mark PLACEHOLDER (templates draw a frame instead)."""
    if image is None:
        return None, ""
    if not isinstance(image, dict):
        drawing.note(path, f"image is {type_name(image, 'noun')}, not an object with a url; it is not shown.")
        return None, ""
    url = image.get("url")
    alt = _alt_text(drawing, image)
    if url is None:
        drawing.note(_child_path(path, "url"), "the image has no url; it is not shown.")
        return None, alt
    src, placeholder = image_src(url)
    if placeholder:
        return PLACEHOLDER, alt
    if src is None:
        drawing.note(_child_path(path, "url"), f"{_quote(url)} is not an http(s) URL; the preview does not load it.")
    return src, alt


def _card(drawing: _Drawing, element: Any, path: str, in_carousel: bool) -> Markup:
    """One element of a cards message (nothing when it is not an object)."""
    if not isinstance(element, dict):
        drawing.note(path, f"the element is {type_name(element, 'noun')}, not an object; it is not shown.")
        return Markup()
    title = _element_text(drawing, element, "title", path)
    subtitle = _element_text(drawing, element, "subtitle", path)
    src, alt = _image_src(drawing, element.get("image"), _child_path(path, "image"))
    placeholder = src == PLACEHOLDER
    if placeholder:
        src = None
    buttons = _buttons(drawing, element.get("buttons"), _child_path(path, "buttons"), chip=False)
    has_text = title is not None or subtitle is not None
    # a single element holding only an image shows as an image preview (linking to the image)
    image_only = not in_carousel and (src is not None or placeholder) and not has_text and not buttons
    empty = src is None and not placeholder and not has_text and not buttons
    if empty:
        drawing.note(path, "the element has nothing the widget shows (no string title or subtitle, "
                           "no image url, no buttons).")
    return _fragment("card.html", image_only=image_only, empty=empty, src=src, alt=alt, placeholder=placeholder,
                     title=title, subtitle=subtitle, buttons=buttons)


def _cards(drawing: _Drawing, elements: list, path: str) -> Markup:
    """One card alone, or several as a carousel."""
    shown = _capped(drawing, elements, MAX_ELEMENTS_DRAWN, path, "elements")
    for i, element in enumerate(shown):
        if isinstance(element, dict) and "ecommerce" in element:
            drawing.note(_child_path(_child_path(path, i), "ecommerce"),
                         "elements.ecommerce is used only by the ecommerce template; this message does not show it.")
    if len(shown) == 1:
        return _card(drawing, shown[0], _child_path(path, 0), in_carousel=False)
    cards = [_card(drawing, element, _child_path(path, i), in_carousel=True) for i, element in enumerate(shown)]
    return _fragment("carousel.html", count=len(shown), cards=cards)


def _buttons(drawing: _Drawing, buttons: Any, path: str, chip: bool) -> list[Markup]:
    """The drawn buttons of an element (a button the widget drops is left out)."""
    if buttons is None:
        return []
    if not isinstance(buttons, list):
        drawing.note(path, f"buttons is {type_name(buttons, 'noun')}, not an array; no button is shown.")
        return []
    drawn = (_button(drawing, button, _child_path(path, i), chip)
             for i, button in enumerate(_capped(drawing, buttons, MAX_BUTTONS_DRAWN, path, "buttons")))
    return [button for button in drawn if button is not None]


def _button(drawing: _Drawing, button: Any, path: str, chip: bool) -> Markup | None:
    """One button (or quick reply chip), or None when it is not drawn."""
    if not isinstance(button, dict):
        drawing.note(path, f"the button is {type_name(button, 'noun')}, not an object; it is not shown.")
        return None
    button_type = button.get("type")
    text = button.get("text")
    label = None
    if isinstance(text, str):
        label = drawing.text(text, _child_path(path, "text"), 500)
    else:
        drawing.note(_child_path(path, "text"), "the button has no text" if text is None else
                     f"the button text is {type_name(text, 'noun')}, not a string")
    if "webview_height" in button and button_type != "webview":
        drawing.note(_child_path(path, "webview_height"),
                     f"webview_height applies only to webview buttons; the widget ignores it on a "
                     f"{_quote(button_type) if button_type is not None else 'untyped'} button.")
    look = {"label": label, "chosen_by": _chosen_by(drawing, button.get("user_ids")),
            "base": "lcp-chip" if chip else "lcp-btn"}
    if button_type in ("url", "webview"):
        return _link_button(drawing, button, path, look)
    if button_type == "phone":
        return _phone_button(drawing, button, path, look)
    if button_type is None or button_type == "message":
        hint = ("Sends a postback; the text sent is the button's label" if button_type == "message"
                else "No type: the widget treats it as a message (postback) button")
        return _button_fragment(look, f"{look['base']} lcp-btn-message", _ICON[None], hint)
    drawing.note(_child_path(path, "type"), f"button type {_quote(button_type)} is not one of "
                                            f"{', '.join(limits.BUTTON_TYPES)}; the preview draws it as plain text.")
    return _button_fragment(look, f"{look['base']} lcp-btn-unknown", "?", "Unknown button type")


def _chosen_by(drawing: _Drawing, user_ids: Any) -> str | None:
    """Who chose (toggled) the button: the names (or ids) of its user_ids, or None."""
    if not isinstance(user_ids, list) or not user_ids:
        return None
    names = []
    for user_id in user_ids[:20]:
        user = drawing.users.get(user_id) if isinstance(user_id, str) else None
        names.append(user.get("name") if user and isinstance(user.get("name"), str) else _short(user_id, 60))
    return drawing.attr(", ".join(name if isinstance(name, str) else "?" for name in names))


def _button_fragment(look: dict, classes: str, icon: str, title: str, href: str | None = None,
                     new_tab: bool = False, target: str | None = None) -> Markup:
    return _fragment("button.html", classes=classes, icon=icon, title=title, href=href, new_tab=new_tab,
                     label=look["label"], chosen_by=look["chosen_by"], target=target)


_TARGET_WORDS = {"new": ("new tab", "Opens the link in a new tab (target: new)"),
                 "current": ("same tab", "Opens the link in the chat's own tab (target: current); "
                                         "the preview opens it in a new tab so the playground stays")}


def _link_button(drawing: _Drawing, button: dict, path: str, look: dict) -> Markup | None:
    """A url or webview button: a new-tab link when its URL is usable; dropped for a scheme the
    widget drops (javascript: and the like), as the widget does."""
    button_type, value = button["type"], button.get("value")
    scheme = dropped_scheme(value)
    if scheme:
        drawing.note(_child_path(path, "value"), f"a {button_type} button whose value uses a {scheme}: URL; "
                                                 "the chat widget drops the button (not drawn).")
        return None
    href = safe_url(value)
    target = None
    if button_type == "webview":
        height = button.get("webview_height")
        hint = f"Opens a Moment (webview, {height if height in limits.WEBVIEW_HEIGHTS else 'no valid height'})"
    else:
        hint = "Opens the link in a new tab"
        if button.get("target") in _TARGET_WORDS:
            target, hint = _TARGET_WORDS[button["target"]]
    classes = f"{look['base']} lcp-btn-{button_type}"
    icon = "→" if button.get("target") == "current" and button_type == "url" else _ICON[button_type]
    if href:
        return _button_fragment(look, classes, icon, f"{hint}: {drawing.attr(href)}",
                                href=href, new_tab=True, target=target)
    drawing.note(_child_path(path, "value"), f"{_quote(value)} is not an http(s) URL; the preview shows the "
                                             f"{button_type} button without a link.")
    return _button_fragment(look, f"{classes} lcp-btn-dead", icon, f"{hint} (no usable URL)", target=target)


def _phone_button(drawing: _Drawing, button: dict, path: str, look: dict) -> Markup:
    """A phone button: a tel: link with the number's digits, or a dead button without one."""
    value = button.get("value")
    href = tel_href(value)
    classes = f"{look['base']} lcp-btn-phone"
    if href:
        if isinstance(value, str) and href[4:] != value.replace(" ", ""):
            drawing.note(_child_path(path, "value"), "the phone number holds characters other than digits, "
                                                     "+, -, spaces and parentheses; the preview's link keeps "
                                                     "only those.")
        return _button_fragment(look, classes, _ICON["phone"], f"Calls {href[4:]}", href=href)
    drawing.note(_child_path(path, "value"), f"{_quote(value)} holds no phone number; the preview shows the "
                                             "button without a link.")
    return _button_fragment(look, f"{classes} lcp-btn-dead", _ICON["phone"], "Phone button without a number")


def _quick_replies(drawing: _Drawing, elements: list, path: str) -> Markup:
    """quick_replies: the first element's title as a bubble and its buttons as chips."""
    if len(elements) > 1:
        drawing.note(_child_path(path, 1), f"quick_replies uses only the first element; the widget ignores "
                                           f"the other {len(elements) - 1:,} element(s).")
    first = elements[0]
    first_path = _child_path(path, 0)
    if not isinstance(first, dict):
        drawing.note(first_path, f"the element is {type_name(first, 'noun')}, not an object; nothing is shown.")
        return _fragment("bubble.html", text=None, missing="no quick reply")
    for key in ("subtitle", "image"):
        if key in first:
            drawing.note(_child_path(first_path, key),
                         f"quick_replies shows only the title and the buttons; the {key} is not shown.")
    title = _element_text(drawing, first, "title", first_path)
    bubble = _fragment("bubble.html", text=title, missing="no title")
    chips = _buttons(drawing, first.get("buttons"), _child_path(first_path, "buttons"), chip=True)
    return _fragment("quick_replies.html", bubble=bubble, chips=chips)


def _sticker(drawing: _Drawing, elements: list, path: str) -> Markup:
    """A sticker: elements[0].image alone, scaled to fit the widget's square."""
    if len(elements) > 1:
        drawing.note(_child_path(path, 1), f"a sticker shows only elements[0].image; the other "
                                           f"{len(elements) - 1:,} element(s) are not shown.")
    first = elements[0]
    first_path = _child_path(path, 0)
    missing = {"src": None, "problem": "sticker without an image", "placeholder": False}
    if not isinstance(first, dict):
        drawing.note(first_path, f"the element is {type_name(first, 'noun')}, not an object; a sticker needs "
                                 "elements[0].image.url.")
        return _fragment("sticker.html", **missing)
    for key in ("title", "subtitle", "buttons"):
        if key in first:
            drawing.note(_child_path(first_path, key), f"a sticker shows only its image; the {key} is not shown.")
    image = first.get("image")
    if not isinstance(image, dict) or image.get("url") is None:
        drawing.note(_child_path(first_path, "image.url"), "a sticker needs elements[0].image.url; the widget "
                                                           "shows nothing.")
        return _fragment("sticker.html", **missing)
    src, alt = _image_src(drawing, image, _child_path(first_path, "image"))
    if src == PLACEHOLDER:
        return _fragment("sticker.html", src=None, placeholder=True, alt=alt)
    if not src:
        return _fragment("sticker.html", src=None, problem="sticker image not loadable", placeholder=False)
    width, height = _positive_int(image.get("width")), _positive_int(image.get("height"))
    if width and height:
        scale = min(1.0, limits.STICKER_MAX_PX / width, limits.STICKER_MAX_PX / height)
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    else:
        width = height = None
    return _fragment("sticker.html", src=src, alt=alt, width=width, height=height, placeholder=False)


# -- file, form, system, custom ---------------------------------------------------------------

def _file(drawing: _Drawing, event: dict, path: str) -> Markup:
    """A file event: an image file's thumbnail with a caption, any other file as a chip."""
    name = event.get("name")
    content_type = event.get("content_type")
    url = event.get("url")
    href = safe_url(url)
    if url is not None and href is None:
        drawing.note(_child_path(path, "url"), f"{_quote(url)} is not an http(s) URL; the preview shows no link.")
    shown_name = drawing.text(name, _child_path(path, "name"), 500) if name is not None else None
    size = _human_size(event.get("size"))
    thumbnail = None
    if isinstance(content_type, str) and content_type.strip().lower().startswith("image/"):
        thumbnail = _thumbnail(drawing, event, path)
    if thumbnail:
        width, height = _positive_int(event.get("width")), _positive_int(event.get("height"))
        facts = [fact for fact in (size, f"{width}×{height}" if width and height else None) if fact]
        alt = _alt_text(drawing, event)
        body = _fragment("file.html", thumbnail=thumbnail, href=href, name=shown_name, alt=alt, facts=facts,
                         placeholder=thumbnail == PLACEHOLDER)
        return _event_row(drawing, event, path, body)
    facts = []
    if content_type is not None:
        facts.append(drawing.text(content_type, _child_path(path, "content_type"), 100))
    if size:
        facts.append(size)
    extension = name.rsplit(".", 1)[-1] if isinstance(name, str) and "." in name[-8:] else ""
    extension = re.sub(r"[^A-Za-z0-9]", "", extension)[:4].upper() or "FILE"
    body = _fragment("file.html", thumbnail=None, href=href, name=shown_name, extension=extension, facts=facts,
                     placeholder=False)
    return _event_row(drawing, event, path, body)


def _thumbnail(drawing: _Drawing, event: dict, path: str) -> str | None:
    """The first usable of an image file's thumbnail_url, thumbnail2x_url and url (PLACEHOLDER
    when the first usable one is on a host reserved for examples)."""
    for key in ("thumbnail_url", "thumbnail2x_url", "url"):
        thumbnail, placeholder = None, False
        if event.get(key) is not None:
            thumbnail, placeholder = image_src(event.get(key))
            if thumbnail is None and not placeholder and key != "url":
                drawing.note(_child_path(path, key), f"{_quote(event.get(key))} is not an http(s) URL; not loaded.")
        if placeholder:
            return PLACEHOLDER
        if thumbnail:
            return thumbnail
    return None


def _answer(drawing: _Drawing, form_field: dict, path: str) -> Markup:
    """A form field's answer: its chosen answers (a list), its one answer, or none."""
    choices = text = None
    if "answers" in form_field:
        answers = form_field.get("answers")
        answers_path = _child_path(path, "answers")
        if not isinstance(answers, list):
            text = drawing.text(_short(answers, 200), answers_path)
        elif answers:
            choices = []
            for i, answer in enumerate(_capped(drawing, answers, MAX_FIELDS_DRAWN, answers_path, "answers")):
                label = answer.get("label") if isinstance(answer, dict) and "label" in answer else answer
                choices.append(drawing.text(label, _child_path(answers_path, i), 2000))
        return _fragment("answer.html", choices=choices, text=text)
    answer = form_field.get("answer")
    if answer is None or answer == "":
        pass
    elif isinstance(answer, dict) and "label" in answer:
        text = drawing.text(answer.get("label"), _child_path(_child_path(path, "answer"), "label"), 2000)
    elif isinstance(answer, dict):
        text = drawing.text(_short(answer, 200), _child_path(path, "answer"))
    else:
        text = drawing.text(answer, _child_path(path, "answer"), 5000)
    return _fragment("answer.html", choices=None, text=text)


def _form_fields(drawing: _Drawing, fields: Any, path: str,
                 none_shown: str) -> Iterator[tuple[str, dict]] | None:
    """The fields of a form or filled form to draw, each with its note path: at most
    MAX_FIELDS_DRAWN, those that are not objects noted and left out (lazily: each note comes
    in its field's turn, before the notes of the fields after it); None (noted, with
    `none_shown`) when `fields` is not an array."""
    fields_path = _child_path(path, "fields")
    if not isinstance(fields, list):
        drawing.note(fields_path, "fields is missing" if fields is None else
                     f"fields is {type_name(fields, 'noun')}, not an array; {none_shown}.")
        return None

    def shown() -> Iterator[tuple[str, dict]]:
        for i, form_field in enumerate(_capped(drawing, fields, MAX_FIELDS_DRAWN, fields_path, "fields")):
            field_path = _child_path(fields_path, i)
            if isinstance(form_field, dict):
                yield field_path, form_field
            else:
                drawing.note(field_path, f"the field is {type_name(form_field, 'noun')}, not an object; "
                                         "it is not shown.")
    return shown()


def _form_card(drawing: _Drawing, fields: Any, path: str, form_id: Any = None) -> Markup:
    """Filled form fields as a card (the form id in its head when there is one)."""
    shown_form_id = drawing.text(form_id, _child_path(path, "form_id"), 100) if form_id is not None else None
    shown = _form_fields(drawing, fields, path, "no answer is shown")
    if shown is None:
        return _fragment("form.html", form_id=shown_form_id, rows=None)
    rows = []
    for field_path, form_field in shown:
        label = form_field.get("label")
        shown_label = drawing.text(label, _child_path(field_path, "label"), 2000) if label is not None else None
        rows.append({"label": shown_label, "answer": _answer(drawing, form_field, field_path)})
    return _fragment("form.html", form_id=shown_form_id, rows=rows)


def _filled_form(drawing: _Drawing, event: dict, path: str) -> Markup:
    form = _form_card(drawing, event.get("fields"), path, event.get("form_id"))
    return _event_row(drawing, event, path, form, wide=True)


def _system_message(drawing: _Drawing, event: dict, path: str) -> Markup:
    """A system message, its ``%name%`` placeholders filled from text_vars."""
    text = event.get("text")
    message_type = event.get("system_message_type")
    values = {"message_type": drawing.attr(message_type) if message_type is not None else None,
              "agents_only": _audience(event) == "agents", "text": None, "label": None}
    if isinstance(text, str):
        filled = fill_placeholders(text, event.get("text_vars"))
        values["text"] = drawing.text(filled, _child_path(path, "text"))
        return _fragment("system_message.html", **values)
    if text is None:
        drawing.note(_child_path(path, "text"), "the system message has no text; the widget shows nothing.")
    else:
        drawing.note(_child_path(path, "text"), f"text is {type_name(text, 'noun')}, not a string; the widget shows nothing.")
    values["label"] = (drawing.text(message_type, _child_path(path, "system_message_type"), 200)
                       if message_type is not None else "system message")
    return _fragment("system_message.html", **values)


def _custom(drawing: _Drawing, event: dict, path: str) -> Markup:
    """A custom event: its content as a data tree."""
    tree = None
    if "content" in event:
        tree = _tree(drawing, event.get("content"), "content", _child_path(path, "content"))
    return _event_row(drawing, event, path, _fragment("custom.html", tree=tree), wide=True)


# -- form (v3.3+) ------------------------------------------------------------------------------

_INPUT_HINTS = {"name": "Your name", "email": "name@example.com", "subject": "Subject",
                "question": "Type your answer", "textarea": "Type your answer"}
MAX_OPTIONS_DRAWN = 50


def _form_options(drawing: _Drawing, options: Any, path: str) -> list[dict] | None:
    """A form field's options as {label, id} (None when it has none)."""
    if options is None:
        return None
    if not isinstance(options, list):
        drawing.note(path, f"options is {type_name(options, 'noun')}, not an array; no option is shown.")
        return []
    out = []
    for i, option in enumerate(_capped(drawing, options, MAX_OPTIONS_DRAWN, path, "options")):
        label = option.get("label") if isinstance(option, dict) else option
        out.append({"label": drawing.text(label, _child_path(_child_path(path, i), "label"), 500)
                    if label is not None else None})
    return out


def _empty_form_card(drawing: _Drawing, fields: Any, path: str, form_id: Any = None,
                     form_type: Any = None) -> Markup:
    """An empty form, as a customer gets it: each field's label, required mark and input."""
    values: dict[str, Any] = {
        "form_id": drawing.text(form_id, _child_path(path, "form_id"), 100) if form_id is not None else None,
        "form_type": drawing.text(form_type, _child_path(path, "form_type"), 60) if form_type is not None else None,
        "rows": None}
    shown = _form_fields(drawing, fields, path, "no field is shown")
    if shown is None:
        return _fragment("form_event.html", **values)
    rows = []
    for field_path, form_field in shown:
        field_type = form_field.get("type")
        if field_type not in drawing.vocab.form_field_types:
            first = drawing.vocab.first("field", field_type)
            if first is not None:
                drawing.newer("field", field_type, _child_path(field_path, "type"), f"The {field_type} field type")
            else:
                drawing.note(_child_path(field_path, "type"),
                             f"field type {_quote(field_type)} is not one of {', '.join(drawing.vocab.form_field_types)}; "
                             "the preview draws a text input.")
        label = form_field.get("label")
        kind = field_type if field_type in ("radio", "checkbox", "select", "group_chooser", "textarea") else "text"
        options = _form_options(drawing, form_field.get("options"), _child_path(field_path, "options"))
        if kind in ("radio", "checkbox", "select", "group_chooser") and not options:
            options = []
        rows.append({"label": drawing.text(label, _child_path(field_path, "label"), 2000) if label is not None else None,
                     "required": form_field.get("required") is True, "kind": kind,
                     "hint": (_INPUT_HINTS.get(field_type, "")          # a type that is no string: no hint
                              if isinstance(field_type, str) and kind in ("text", "textarea") else ""),
                     "options": options or []})
    values["rows"] = rows
    return _fragment("form_event.html", **values)


def _form(drawing: _Drawing, event: dict, path: str) -> Markup:
    drawing.approximate(FORM_APPROXIMATION)
    card = _empty_form_card(drawing, event.get("fields"), path, event.get("form_id"), event.get("form_type"))
    return _event_row(drawing, event, path, card, wide=True)


# -- system (v3.6+) ------------------------------------------------------------------------------

MAX_DETAILS_CHARS = 200_000   # a system event's details parsed at most (the API's are a few KB)


def _humanised(value: str) -> str:
    """"store_order_was_created" -> "Store order was created" (anything but an identifier as it is)."""
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", value):
        return value
    words = re.sub(r"[_.\-]+", " ", value).strip()
    return words[:1].upper() + words[1:] if words else value


def _system(drawing: _Drawing, event: dict, path: str) -> Markup:
    """A System event: source and subtype, and its details (a JSON string) parsed into a tree."""
    subtype, source, version = event.get("subtype"), event.get("source"), event.get("version")
    values: dict[str, Any] = {"title": None, "source": None, "subtype": None, "version": None,
                              "tree": None, "raw": None, "problem": None,
                              "agents_only": _audience(event) == "agents", "time": None}
    if isinstance(subtype, str) and subtype:
        values["subtype"] = drawing.text(subtype, _child_path(path, "subtype"), 200)
        values["title"] = _humanised(values["subtype"])
    elif subtype is not None:
        values["subtype"] = drawing.text(_short(subtype, 80), _child_path(path, "subtype"), 200)
    if source is not None:
        values["source"] = drawing.text(source, _child_path(path, "source"), 100)
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        values["version"] = _number_text(version)
    timestamp = event.get("created_at")
    m = _TIMESTAMP.match(timestamp) if isinstance(timestamp, str) else None
    if m:
        values["time"] = f"{m.group(4)}:{m.group(5)}"
    details_path = _child_path(path, "details")
    details = event.get("details")
    if isinstance(details, str):
        parsed, problem = _parsed_details(details)
        if problem is None:
            values["tree"] = _tree(drawing, parsed, "details", details_path)
        else:
            drawing.note(details_path, f"details is not valid JSON ({problem}); the preview shows it as text. "
                                       "The API returns details as a serialized JSON value.")
            values["problem"] = problem
            values["raw"] = drawing.text(details, details_path, 2000)
    elif details is not None:
        drawing.note(details_path, f"details is {type_name(details, 'noun')}, not a string; the API returns a "
                                   "serialized JSON text. The preview shows the value as it is.")
        values["tree"] = _tree(drawing, details, "details", details_path)
    return _fragment("system_event.html", **values)


def _parsed_details(text: str) -> tuple[Any, str | None]:
    """(the JSON value of a system event's details, None) or (None, what is wrong with it)."""
    if len(text) > MAX_DETAILS_CHARS:
        return None, f"{len(text):,} characters, more than the preview parses ({MAX_DETAILS_CHARS:,})"
    try:
        return json.loads(text), None
    except RecursionError:
        return None, "nested too deeply"
    except ValueError as error:
        message = str(error)
        return None, message[:120]


# -- deleted events (v3.6+) -----------------------------------------------------------------------

def _deleted_keys() -> frozenset:
    """The fields of the Deleted event (from the newest version that has one)."""
    for version in reversed(catalog.VERSIONS):
        structure = catalog.structures(version).get("deleted_event")
        if structure is not None:
            return frozenset(structure.response_model.model_fields)
    return frozenset()   # pragma: no cover


_DELETED_KEYS = _deleted_keys()
_DELETED_WORDS = {"message": "Message deleted", "rich_message": "Rich message deleted", "file": "File deleted",
                  "form": "Form deleted", "filled_form": "Form answers deleted", "custom": "Custom event deleted"}


def _is_deleted_placeholder(event: dict) -> bool:
    """A Deleted event: `deleted: true` and nothing but the Deleted event's fields."""
    return event.get("deleted") is True and _DELETED_KEYS.issuperset(event)


def _deleted_placeholder(drawing: _Drawing, event: dict, path: str) -> Markup:
    """What an agent with the normal role sees in place of a deleted event."""
    original = event.get("type")
    words = _DELETED_WORDS.get(original, "Event deleted") if isinstance(original, str) else "Event deleted"
    shown_type = drawing.attr(original) if original is not None else "(none)"
    body = _fragment("deleted.html", text=words, original_type=shown_type)
    return _event_row(drawing, event, path, body)


# -- ecommerce (v3.6+) ----------------------------------------------------------------------------

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩",
                   "BRL": "R$", "AUD": "A$", "CAD": "C$"}


def _price(drawing: _Drawing, amount: Any, currency: Any, path: str, currency_path: str) -> str | None:
    """"$49.99" / "49.99 PLN" / "49.99" for a price and its currency (None without a price). A
    shortened amount is noted at `path`, a shortened currency at `currency_path`."""
    if amount is None or amount == "":
        return None
    text = amount if isinstance(amount, str) else _short(amount, 40)
    text = drawing.text(text, path, 40)
    if isinstance(currency, str) and currency.strip():
        code = currency.strip()
        sign = _CURRENCY_SIGNS.get(code.upper())
        return f"{sign}{text}" if sign else f"{text} {drawing.text(code, currency_path, 40)}"
    return text


def _ecommerce_option(drawing: _Drawing, option: Any, path: str, view_type: str,
                      product_currency: Any) -> dict | None:
    if not isinstance(option, dict):
        drawing.note(path, f"the option is {type_name(option, 'noun')}, not an object; it is not shown.")
        return None
    label = option.get("label")
    if label is None:
        drawing.note(_child_path(path, "label"), "the option has no label (option_id and label are required).")
    currency = option.get("currency", product_currency)
    currency_path = _child_path(path, "currency")     # the option's own, or the product's it inherits
    price = _price(drawing, option.get("price"), currency, _child_path(path, "price"), currency_path)
    regular = option.get("regular_price")
    regular_shown = None
    if regular not in (None, "") and regular != option.get("price"):
        regular_shown = _price(drawing, regular, currency, _child_path(path, "regular_price"), currency_path)
    values = {"label": drawing.text(label, _child_path(path, "label"), 200) if label is not None else None,
              "label_attr": drawing.attr(label) if label is not None else "",
              "price": price, "regular_price": regular_shown,
              "selected": option.get("selected") is True, "unavailable": option.get("available") is False,
              "color": None, "src": None, "placeholder": False}
    if view_type == "swatch":
        color = option.get("color")
        values["color"] = safe_color(color)
        if color is not None and values["color"] is None:
            drawing.note(_child_path(path, "color"), f"{_quote(color)} is not a #rgb / #rrggbb colour or a CSS "
                                                     "colour name; the preview draws an empty swatch.")
    if view_type == "images":
        for key in ("image_thumbnail_url", "image_url"):
            url = option.get(key)
            if url is None:
                continue
            src, placeholder = image_src(url)
            if src or placeholder:
                values["src"], values["placeholder"] = src, placeholder
                break
            drawing.note(_child_path(path, key), f"{_quote(url)} is not an http(s) URL; the preview does not load it.")
    return values


def _addon(drawing: _Drawing, addon: Any, path: str) -> dict | None:
    if not isinstance(addon, dict):
        drawing.note(path, f"the addon is {type_name(addon, 'noun')}, not an object; it is not shown.")
        return None
    addon_type = addon.get("addon_type")
    name = _humanised(addon_type) if isinstance(addon_type, str) and addon_type else None
    low = _price(drawing, addon.get("range_from"), addon.get("currency"), _child_path(path, "range_from"),
                 _child_path(path, "currency"))
    high = _price(drawing, addon.get("range_to"), addon.get("currency"), _child_path(path, "range_to"),
                  _child_path(path, "currency"))
    if low and high:
        span = f"{low} – {high}"
    else:
        span = f"from {low}" if low else f"up to {high}" if high else None
    return {"name": drawing.text(name, _child_path(path, "addon_type"), 100) if name is not None else None,
            "range": span}


def _product(drawing: _Drawing, element: Any, path: str) -> Markup:
    """One element of an ecommerce message: a product card with its options picker."""
    if not isinstance(element, dict):
        drawing.note(path, f"the element is {type_name(element, 'noun')}, not an object; it is not shown.")
        return Markup()
    product = element.get("ecommerce")
    product_path = _child_path(path, "ecommerce")
    if not isinstance(product, dict):
        drawing.note(product_path, "an ecommerce element needs an ecommerce object (view_type, product_id); "
                     "the preview draws the element as a card." if product is None else
                     f"ecommerce is {type_name(product, 'noun')}, not an object; the element is drawn as a card.")
        return _card(drawing, element, path, in_carousel=True)
    title = _element_text(drawing, element, "title", path)
    subtitle = _element_text(drawing, element, "subtitle", path)
    src, alt = _image_src(drawing, element.get("image"), _child_path(path, "image"))
    view_type = product.get("view_type")
    # drawn as the version that brought the template would (an older version was noted already)
    view_types = drawing.vocab.view_types or _vocabulary(None).view_types
    if view_type not in view_types:
        drawing.note(_child_path(product_path, "view_type"),
                     ("view_type is missing (required when sending elements.ecommerce)" if view_type is None else
                      f"view_type {_quote(view_type)} is not one of {', '.join(view_types)}")
                     + "; the preview draws the options as tags.")
        view_type = "tags"
    options_path = _child_path(product_path, "options")
    raw_options = product.get("options")
    options: list[dict] = []
    if isinstance(raw_options, list):
        for i, option in enumerate(_capped(drawing, raw_options, MAX_OPTIONS_DRAWN, options_path, "options")):
            drawn = _ecommerce_option(drawing, option, _child_path(options_path, i), view_type, None)
            if drawn is not None:
                options.append(drawn)
    elif raw_options is not None:
        drawing.note(options_path, f"options is {type_name(raw_options, 'noun')}, not an array; no option is shown.")
    selected = [o for o in options if o["selected"]]
    if len(selected) > 1:
        drawing.note(options_path, f"{len(selected)} options are selected; a picker shows one (the first).")
    addons_path = _child_path(product_path, "addons")
    raw_addons = product.get("addons")
    addons = []
    if isinstance(raw_addons, list):
        for i, addon in enumerate(_capped(drawing, raw_addons, MAX_OPTIONS_DRAWN, addons_path, "addons")):
            drawn = _addon(drawing, addon, _child_path(addons_path, i))
            if drawn is not None:
                addons.append(drawn)
    elif raw_addons is not None:
        drawing.note(addons_path, f"addons is {type_name(raw_addons, 'noun')}, not an array; no addon is shown.")
    shown = selected[0] if selected else next((o for o in options if o["price"]), None)
    label = product.get("label")
    product_id = product.get("product_id")
    values = {
        "title": title, "subtitle": subtitle, "src": None if src == PLACEHOLDER else src,
        "placeholder": src == PLACEHOLDER, "alt": alt, "view_type": view_type,
        "label": drawing.text(label, _child_path(product_path, "label"), 200) if label is not None else None,
        "product_id": drawing.attr(product_id) if product_id is not None else None,
        "price": shown["price"] if shown else None, "regular_price": shown["regular_price"] if shown else None,
        "options": options, "selected": selected[0] if selected else None, "addons": addons,
        "buttons": _buttons(drawing, element.get("buttons"), _child_path(path, "buttons"), chip=False),
    }
    return _fragment("product.html", **values)


def _products(drawing: _Drawing, elements: list, path: str) -> Markup:
    """An ecommerce message: one product card, or several side by side."""
    shown = _capped(drawing, elements, MAX_ELEMENTS_DRAWN, path, "elements")
    cards = [_product(drawing, element, _child_path(path, i)) for i, element in enumerate(shown)]
    if len(cards) == 1:
        return cards[0]
    return _fragment("carousel.html", count=len(cards), cards=cards)


_EVENT_DRAWERS = {
    "message": _message, "rich_message": _rich_message, "file": _file,
    "filled_form": _filled_form, "system_message": _system_message, "custom": _custom,
    "form": _form, "system": _system,
}


# =============================================================================================
# JSON tree (custom content, plain data): <details>/<summary>, capped, no recursion errors
# =============================================================================================

@dataclass(frozen=True)
class _TreeLine:
    """One step of the drawn tree, in output order (tree.html turns each into markup).

    kind:     "value" (a leaf), "empty" ({} or []), "too_deep", "open" (a container),
              "close" (its end), "cut" (the node budget ran out here)
    key_kind: "label" (the root), "name" (an object key) or "index" (an array index)
    text:     a leaf's text; the "{3 keys}" / "[2 items]" of a container; "{}" / "[]"
    style:    a leaf's colour class: "null", "bool", "num", "str" (drawn in quotes), "other"
    more:     "close": how many children were left out ("1,234"), or None
    """
    kind: str
    key_kind: str = ""
    key: str | int = ""
    text: str = ""
    style: str = ""
    opened: bool = False
    more: str | None = None


def _leaf(value: Any) -> tuple[str, str]:
    """(style, text) of a JSON leaf."""
    if value is None:
        return "null", "null"
    if isinstance(value, bool):
        return "bool", "true" if value else "false"
    if isinstance(value, (int, float)):
        return "num", _number_text(value)
    if isinstance(value, str):
        cut = len(value) > TREE_MAX_STR
        return "str", (value[:TREE_MAX_STR] + f"… ({len(value):,} characters)") if cut else value
    return "other", _short(value, 120)


def _object_key(key: Any) -> str:
    text = key if isinstance(key, str) else _short(key, 60)
    return text[:200] + "…" if len(text) > 200 else text


def _tree_lines(value: Any, root_label: str) -> tuple[list[_TreeLine], bool, bool]:
    """The tree of any value as lines, built iteratively; depth and node count are capped.

    Returns (lines, cut at TREE_MAX_DEPTH, cut at TREE_MAX_NODES).
    """
    budget = TREE_MAX_NODES
    too_deep = too_many = False
    lines: list[_TreeLine] = []
    # work items, last first: ("node", key_kind, key, value, depth) or ("line", a finished _TreeLine)
    stack: list[tuple] = [("node", "label", root_label, value, 0)]
    while stack:
        item = stack.pop()
        if item[0] == "line":
            lines.append(item[1])
            continue
        _, key_kind, key, node, depth = item
        if budget <= 0:
            too_many = True
            lines.append(_TreeLine("cut"))
            while stack and stack[-1][0] == "node":   # drop the rest of this container's children
                stack.pop()
            continue
        budget -= 1
        is_object, is_array = isinstance(node, dict), isinstance(node, (list, tuple))
        if not (is_object or is_array):
            style, text = _leaf(node)
            lines.append(_TreeLine("value", key_kind, key, text, style))
            continue
        count = len(node)
        if count == 0:
            lines.append(_TreeLine("empty", key_kind, key, "{}" if is_object else "[]"))
            continue
        plural = "s" if count != 1 else ""
        summary = f"{{{count} key{plural}}}" if is_object else f"[{count} item{plural}]"
        if depth >= TREE_MAX_DEPTH:
            too_deep = True
            lines.append(_TreeLine("too_deep", key_kind, key, summary))
            continue
        opened = depth < 2 or (depth < 6 and count <= 10)   # small branches open
        lines.append(_TreeLine("open", key_kind, key, summary, opened=opened))
        limit = max(0, min(count, budget))
        if is_object:
            children = [("node", "name", _object_key(child_key), child, depth + 1)
                        for child_key, child in itertools.islice(node.items(), limit)]
        else:
            children = [("node", "index", i, node[i], depth + 1) for i in range(limit)]
        too_many = too_many or count > limit
        stack.append(("line", _TreeLine("close", more=f"{count - limit:,}" if count > limit else None)))
        stack.extend(reversed(children))
    return lines, too_deep, too_many


def _tree(drawing: _Drawing, value: Any, root_label: str, path: str) -> Markup:
    """A collapsible tree of any value (notes say where it was cut)."""
    lines, too_deep, too_many = _tree_lines(value, root_label)
    marks = []
    if too_deep:
        marks.append(f"the tree stops at {TREE_MAX_DEPTH} levels")
        drawing.note(path, f"the preview's data tree stops at {TREE_MAX_DEPTH} levels (marked “… truncated”).")
    if too_many:
        marks.append(f"it shows at most {TREE_MAX_NODES:,} values")
        drawing.note(path, f"the preview's data tree shows at most {TREE_MAX_NODES:,} values "
                           "(marked “… truncated”).")
    return _fragment("tree.html", lines=lines, max_depth=TREE_MAX_DEPTH,
                     truncation=" and ".join(marks) if marks else None)


# =============================================================================================
# threads, chats, summaries, users
# =============================================================================================

def _events(drawing: _Drawing, events: list, path: str) -> list[Markup]:
    shown = _capped(drawing, events, MAX_EVENTS_DRAWN, path, "events")
    return [_event(drawing, event, _child_path(path, i))[0] for i, event in enumerate(shown)]


def _queue_text(queue: Any) -> str | None:
    """"In the queue: position 3, about 2 min wait" for a thread's queue object, else None."""
    if not isinstance(queue, dict):
        return None
    facts = []
    if isinstance(queue.get("position"), int) and not isinstance(queue.get("position"), bool):
        facts.append(f"position {queue['position']}")
    wait = queue.get("wait_time")
    if isinstance(wait, (int, float)) and not isinstance(wait, bool) and math.isfinite(wait) and wait >= 0:
        facts.append(f"about {max(1, round(wait / 60))} min wait" if wait >= 60 else f"about {int(wait)} s wait")
    return "In the queue" + (": " + ", ".join(facts) if facts else "")


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
            ("Mac OS X", "macOS"), ("Linux", "Linux"))
MAX_PAGES_DRAWN = 10


def _browser_of(user_agent: str) -> str:
    """"Chrome on macOS" from a user agent string (else the string, shortened)."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), None)
    system = next((name for token, name in _SYSTEMS if token in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (user_agent[:40] + ("…" if len(user_agent) > 40 else ""))


def _time_of(timestamp: Any) -> str | None:
    m = _TIMESTAMP.match(timestamp) if isinstance(timestamp, str) else None
    return f"{m.group(4)}:{m.group(5)}" if m else None


def _visit(drawing: _Drawing, visit: Any, path: str) -> Markup:
    """A thread's customer_visit: its time span, place, browser, IP and last pages ("" when none)."""
    if visit is None:
        return Markup()
    if not isinstance(visit, dict):
        drawing.note(path, f"customer_visit is {type_name(visit, 'noun')}, not an object; it is not shown.")
        return Markup()
    start, end = visit.get("started_at"), visit.get("ended_at")
    when = None
    if _date_of(start):
        when = f"{_date_of(start)} {_time_of(start)}" + (f"–{_time_of(end)}" if _time_of(end) else "")
    facts = []
    geo = visit.get("geolocation")
    if isinstance(geo, dict):
        place = ", ".join(v for v in (geo.get("city"), geo.get("region"), geo.get("country"))
                          if isinstance(v, str) and v)
        if place:
            facts.append({"key": "geolocation", "text": drawing.text(place, _child_path(path, "geolocation"), 200)})
        if isinstance(geo.get("timezone"), str):
            facts.append({"key": "geolocation.timezone",
                          "text": drawing.text(geo["timezone"], _child_path(path, "geolocation.timezone"), 60)})
    if isinstance(visit.get("user_agent"), str) and visit["user_agent"]:
        facts.append({"key": drawing.attr(visit["user_agent"]), "text": _browser_of(visit["user_agent"])})
    for key in ("ip", "referrer"):
        if isinstance(visit.get(key), str) and visit[key]:
            facts.append({"key": key, "text": drawing.text(f"{key}: {visit[key]}", _child_path(path, key), 200)})
    pages = []
    last_pages = visit.get("last_pages")
    if isinstance(last_pages, list):
        pages_path = _child_path(path, "last_pages")
        for i, page in enumerate(_capped(drawing, last_pages, MAX_PAGES_DRAWN, pages_path, "pages")):
            if not isinstance(page, dict):
                continue
            url, title = page.get("url"), page.get("title")
            shown = title if isinstance(title, str) and title.strip() else url
            pages.append({"href": safe_url(url), "url": drawing.attr(url) if url is not None else "",
                          "title": drawing.text(shown, _child_path(_child_path(pages_path, i), "title"), 200),
                          "time": _time_of(page.get("opened_at"))})
    return _fragment("visit.html", when=when, facts=facts, pages=pages)


def _thread(drawing: _Drawing, thread: Any, path: str) -> Markup:
    """A thread: its head, queue, restricted access and events."""
    if not isinstance(thread, dict):
        drawing.note(path, f"a thread must be an object, not {type_name(thread, 'noun')}.")
        return Markup()
    thread_id = thread.get("id")
    values = {"thread_id": drawing.text(thread_id, _child_path(path, "id"), 100) if thread_id is not None else None,
              "active": _exact_bool(thread.get("active")), "day": _date_of(thread.get("created_at")),
              "queue": _queue_text(thread.get("queue")), "restricted": None, "events": [], "no_events": False,
              "visit": _visit(drawing, thread.get("customer_visit"), _child_path(path, "customer_visit"))}
    if "restricted_access" in thread:
        values["restricted"] = drawing.text(thread.get("restricted_access"),
                                            _child_path(path, "restricted_access"), 1000)
    events = thread.get("events")
    if isinstance(events, list):
        values["events"] = _events(drawing, events, _child_path(path, "events"))
        values["no_events"] = not events
    elif events is not None:
        drawing.note(_child_path(path, "events"), f"events is {type_name(events, 'noun')}, not an array; nothing to show.")
    else:
        values["no_events"] = "restricted_access" not in thread
    return _fragment("thread.html", **values)


def _people(drawing: _Drawing, users: Any) -> Markup:
    """A chat's users as chips (nothing when there are none)."""
    if not isinstance(users, list) or not users:
        return Markup()
    people = []
    for user in users[:20]:
        if not isinstance(user, dict):
            continue
        name = user.get("name") if isinstance(user.get("name"), str) else user.get("id")
        user_type = user.get("type")
        people.append({"avatar": _avatar(drawing, user.get("id"), user),
                       "name": drawing.text(name, "users", 100),
                       "role": user_type if user_type in limits.USER_TYPES else None})
    return _fragment("people.html", people=people)


def _chat(drawing: _Drawing, chat: dict, path: str) -> Markup:
    """A chat: its head, people and threads."""
    drawing.add_users(chat.get("users"))
    chat_id = chat.get("id")
    shown_id = drawing.text(chat_id, _child_path(path, "id"), 100) if chat_id is not None else None
    people = _people(drawing, chat.get("users"))
    threads = chat.get("threads")
    threads_path = _child_path(path, "threads")
    drawn = []
    if isinstance(threads, list):
        shown = _capped(drawing, threads, MAX_THREADS_DRAWN, threads_path, "threads")
        drawn = [_thread(drawing, thread, _child_path(threads_path, i)) for i, thread in enumerate(shown)]
    elif threads is not None:
        drawing.note(threads_path, f"threads is {type_name(threads, 'noun')}, not an array; nothing to show.")
    return _fragment("chat.html", chat_id=shown_id, people=people, threads=drawn,
                     no_threads=isinstance(threads, list) and not threads)


# A chat summary's last thread and a list_chats response's list, under every name they had
# (v3.7 renamed them last_thread_info and chats_info).
_LAST_THREAD_KEYS = catalog.names_of("last_thread_summary")
_SUMMARIES_KEYS = catalog.names_of("chats_summary")


def _summary(drawing: _Drawing, summary: Any, path: str) -> Markup:
    """A chat summary: its head, people and the last event of each type, oldest first."""
    if not isinstance(summary, dict):
        drawing.note(path, f"a chat summary must be an object, not {type_name(summary, 'noun')}.")
        return Markup()
    drawing.add_users(summary.get("users"))
    # v3.7's Chat info: last_thread_info, with last_event_per_type inside it (the changelog) or at
    # the top (the page's sample); earlier versions' Chat summary: last_thread_summary.
    thread_key = next((k for k in reversed(_LAST_THREAD_KEYS) if k in summary), None)
    if thread_key is None:   # neither: the name of the version drawn for
        thread_key = _LAST_THREAD_KEYS[-1] if drawing.vocab.version == catalog.VERSIONS[-1] else _LAST_THREAD_KEYS[0]
    info = thread_key != _LAST_THREAD_KEYS[0]
    values = {"chat_id": None, "last_thread_id": None, "active": None, "queue_position": None,
              "events": None, "no_events": False, "heading": "Chat info" if info else "Chat"}
    if summary.get("id") is not None:
        values["chat_id"] = drawing.text(summary.get("id"), _child_path(path, "id"), 100)
    last_thread = summary.get(thread_key)
    if isinstance(last_thread, dict):
        if last_thread.get("id") is not None:
            values["last_thread_id"] = drawing.text(last_thread.get("id"),
                                                    _child_path(path, f"{thread_key}.id"), 100)
        values["active"] = _exact_bool(last_thread.get("active"))
        queue = last_thread.get("queue")
        if isinstance(queue, dict) and isinstance(queue.get("position"), int) \
                and not isinstance(queue.get("position"), bool):
            values["queue_position"] = queue["position"]
    values["people"] = _people(drawing, summary.get("users"))
    last_events = summary.get("last_event_per_type")
    last_events_path = _child_path(path, "last_event_per_type")
    if last_events is None and isinstance(last_thread, dict) and "last_event_per_type" in last_thread:
        last_events = last_thread.get("last_event_per_type")
        last_events_path = _child_path(path, f"{thread_key}.last_event_per_type")
    if isinstance(last_events, dict) and last_events:
        values["events"] = _last_events(drawing, last_events, last_events_path)
    elif last_events is not None and not isinstance(last_events, dict):
        drawing.note(last_events_path, f"last_event_per_type is {type_name(last_events, 'noun')}, not an object; "
                                       "nothing to show.")
    else:
        values["no_events"] = True
    return _fragment("summary.html", **values)


def _last_events(drawing: _Drawing, last_events: dict, path: str) -> list[Markup]:
    """The events of a summary's last_event_per_type, sorted by created_at."""
    entries = []
    for event_type, entry in list(last_events.items())[:MAX_EVENTS_DRAWN]:
        event = entry.get("event") if isinstance(entry, dict) else None
        if event is None:
            drawing.note(_child_path(path, str(event_type)), "the entry has no event; nothing to show.")
            continue
        created_at = event.get("created_at") if isinstance(event, dict) else None
        entries.append((created_at if isinstance(created_at, str) else "", str(event_type), event))
    entries.sort(key=lambda entry: entry[0])
    return [_event(drawing, event, _child_path(_child_path(path, event_type), "event"))[0]
            for _, event_type, event in entries]


def _user_card(drawing: _Drawing, user: Any, path: str) -> Markup:
    """A user (agent, customer) as a card: avatar, name, role, email, presence, routing status."""
    if not isinstance(user, dict):
        drawing.note(path, f"a user must be an object, not {type_name(user, 'noun')}.")
        return Markup()
    values = {"name": None, "email": None, "routing_status": None,
              "user_type": user["type"] if user.get("type") in limits.USER_TYPES else None,
              "present": _exact_bool(user.get("present"))}
    if user.get("name") is not None:
        values["name"] = drawing.text(user.get("name"), _child_path(path, "name"), 200)
    if user.get("email") is not None:
        values["email"] = drawing.text(user.get("email"), _child_path(path, "email"), 200)
    if user.get("routing_status") is not None:
        values["routing_status"] = drawing.text(user.get("routing_status"), _child_path(path, "routing_status"), 60)
    if user.get("avatar") is not None and safe_url(user.get("avatar")) is None:
        drawing.note(_child_path(path, "avatar"), f"{_quote(user.get('avatar'))} is not an http(s) URL; "
                                                  "no avatar is loaded.")
    return _fragment("user.html", avatar=_avatar(drawing, user.get("id"), user), **values)


# =============================================================================================
# entry points
# =============================================================================================

def _is_user(data: dict) -> bool:
    return data.get("type") in limits.USER_TYPES


def _infer_structure(data: Any) -> str:
    """What `data` looks like (see ``render``), or "tree" for plain data."""
    if isinstance(data, dict):
        data_type = data.get("type")
        if isinstance(data_type, str) and data_type in _EVENT_DRAWERS:
            return "event"
        if data_type in limits.USER_TYPES:
            return "user"
        if "threads" in data:
            return "chat"
        if any(k in data for k in _LAST_THREAD_KEYS):
            return "chat_summary"
        if any(k in data for k in _SUMMARIES_KEYS):
            return "chat_summaries"
        if "events" in data or ("restricted_access" in data and "active" in data):
            return "thread"
        if isinstance(data.get("fields"), list) and "type" not in data:
            answered = any(isinstance(f, dict) and ("answer" in f or "answers" in f) for f in data["fields"][:200])
            return "filled_form_fields" if answered or not data["fields"] else "form_fields"
        if "type" in data and any(k in data for k in ("author_id", "created_at", *AUDIENCE_FIELDS, "text")):
            return "event"
        if isinstance(data.get("users"), list) and len(data) == 1:
            return "users"
        return "tree"
    if isinstance(data, list) and data:
        head = data[:50]
        if all(isinstance(x, dict) and any(k in x for k in _LAST_THREAD_KEYS) for x in head):
            return "chat_summaries"
        if all(isinstance(x, dict) and _is_user(x) for x in head):
            return "users"
        # a list of events (issue 14: the validator's "list of events"): every item an object with a
        # string type, at least one of them an event type the preview draws
        if all(isinstance(x, dict) and isinstance(x.get("type"), str) for x in head) \
                and any(x["type"] in _EVENT_DRAWERS for x in head):
            return "events"
    return "tree"


def _preview(drawing: _Drawing, kind: str, parts: list[Markup], container: str | None = None,
             approximate: bool = False) -> Preview:
    """The Preview of drawn parts: in the root element, maybe inside a chat or users column, with
    the approximation footnote for what the chat widget draws (and what this drawing guesses)."""
    html = _fragment("root.html", kind=kind, parts=parts, container=container,
                     approximation_note=APPROXIMATION_NOTE if approximate else None,
                     approximations=drawing.approximations)
    return Preview(str(html), drawing.notes, kind, list(drawing.approximations), drawing.vocab.version)


def _chat_preview(drawing: _Drawing, kind: str, parts: list[Markup]) -> Preview:
    return _preview(drawing, kind, parts, "lcp-chat", approximate=True)


def _tree_preview(drawing: _Drawing, data: Any) -> Preview:
    return _preview(drawing, "tree", [_tree(drawing, data, "(root)", "")])


def _checked_version(version: Any) -> tuple[str | None, str | None]:
    """(the version to draw for or None for any, a note when `version` is not one)."""
    if version is None or version == "detect":
        return None, None
    text = version.strip().lstrip("vV") if isinstance(version, str) else version
    if isinstance(text, str) and text in catalog.VERSIONS:
        return text, None
    return None, (f"{_short(version, 20)} is not an API version the playground knows "
                  f"({', '.join(catalog.VERSIONS)}); the preview draws what any version has.")


def _render(data: Any, structure: str | None, users: Any, version: Any = None) -> Preview:
    known_version, problem = _checked_version(version)
    drawing = _Drawing(users, _vocabulary(known_version))
    if problem:
        drawing.note("", problem)
    shape = structure if isinstance(structure, str) and structure in _KNOWN_STRUCTURES else None
    if shape is None:
        shape = _infer_structure(data)
    if shape in ("agent", "my_profile", "customer"):
        shape = "user"
    if shape in ("access", "properties", "cart", "cart_item"):
        shape = "tree"
    if shape == "deleted_event":
        shape = "event"
    if shape == "chat_info":
        shape = "chat_summary"
    if shape == "chats_info":
        shape = "chat_summaries"
    if shape == "transcript":
        shape = "events"

    if shape in _EVENT_DRAWERS or shape == "event":
        if isinstance(data, dict) and shape != "event" and data.get("type") not in (shape, None):
            drawing.note("type", f"the payload says type {_quote(data.get('type'))}; drawn as {shape} as asked.")
        event, kind = _event(drawing, data, "", forced=None if shape == "event" else shape)
        return _chat_preview(drawing, kind, [event])
    if shape == "events":
        if not isinstance(data, list):
            return _render(data, None, users, version)
        return _chat_preview(drawing, "events", _transcript(drawing, data, ""))
    if shape in ("thread", "chat"):
        if not isinstance(data, dict):
            drawing.note("", f"a {shape} must be an object, not {type_name(data, 'noun')}.")
            return _tree_preview(drawing, data)
        drawn = _thread(drawing, data, "") if shape == "thread" else _chat(drawing, data, "")
        return _chat_preview(drawing, shape, [drawn])
    if shape == "chat_summary":
        return _chat_preview(drawing, "chat_summary", [_summary(drawing, data, "")])
    if shape == "chat_summaries":
        return _chat_preview(drawing, "chat_summaries", _summaries(drawing, data))
    if shape == "user":
        return _preview(drawing, "user", [_user_card(drawing, data, "")])
    if shape == "users":
        items = data.get("users") if isinstance(data, dict) else data
        base = "users" if isinstance(data, dict) else ""
        shown = _capped(drawing, items if isinstance(items, list) else [], MAX_USERS_DRAWN, base, "users")
        cards = [_user_card(drawing, user, _child_path(base, i) if base else f"[{i}]") for i, user in enumerate(shown)]
        return _preview(drawing, "users", cards, "lcp-users")
    if shape == "filled_form_fields":
        fields = data.get("fields") if isinstance(data, dict) else data
        return _preview(drawing, "filled_form_fields", [_form_card(drawing, fields, "")])
    if shape == "form_fields":
        fields = data.get("fields") if isinstance(data, dict) else data
        return _preview(drawing, "form_fields", [_empty_form_card(drawing, fields, "")])
    return _tree_preview(drawing, data)


def _transcript(drawing: _Drawing, events: list, path: str) -> list[Markup]:
    """A list of events as one conversation, with a day line wherever the day changes."""
    shown = _capped(drawing, events, MAX_EVENTS_DRAWN, path, "events")
    out: list[Markup] = []
    day = None
    for i, event in enumerate(shown):
        this_day = _date_of(event.get("created_at")) if isinstance(event, dict) else None
        if this_day and this_day != day:
            out.append(_fragment("day_line.html", text=this_day))
            day = this_day
        out.append(_event(drawing, event, _child_path(path, i) if path else f"[{i}]")[0])
    if not shown:
        out.append(_fragment("system_line.html", text="(no events)"))
    return out


def _summaries(drawing: _Drawing, data: Any) -> list[Markup]:
    """A list of chat summaries or infos (or ``{"chats_summary": [...]}``, v3.7's ``{"chats_info": [...]}``),
    or the "(no chat summaries)" line."""
    items, base = data, ""
    if isinstance(data, dict):
        base = next((k for k in reversed(_SUMMARIES_KEYS) if k in data), _SUMMARIES_KEYS[0])
        items = data.get(base)
    if not isinstance(items, list):
        drawing.note(base, f"expected an array of chat summaries, found {type_name(items, 'noun')}.")
        items = []
    shown = _capped(drawing, items, MAX_SUMMARIES_DRAWN, base, "chat summaries")
    drawn = [_summary(drawing, summary, _child_path(base, i) if base else f"[{i}]") for i, summary in enumerate(shown)]
    if not any(drawn):
        return [_fragment("system_line.html", text="(no chat summaries)")]
    return drawn


def render(data: Any, structure: str | None = None, users: list | None = None,
           version: str | None = None) -> Preview:
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
    version:   the API version to draw for ("3.2" ... "3.7"; "v3.6" works too). What a later
               version brought (a form event under v3.2, the ecommerce template under v3.5) is
               still drawn, with a note naming the version it arrived in. None (the default) or
               "detect": draw what any version has, without such notes; an unknown version is
               noted and treated as None.

    New in v3.3+: the Form event (an empty form), url buttons' ``target``, images'
    ``alternative_text`` (the alt); v3.6+: the ecommerce template (a product picker), the System
    event (details parsed into a tree), Deleted events and ``deleted: true``, a thread's
    ``customer_visit``; v3.7: chat info (``last_thread_info``, ``chats_info``).
    """
    try:
        return _render(data, structure, users, version)
    except Exception as exc:  # a bug here must not break a page; tests assert it never happens
        message = f"The preview could not be drawn ({type(exc).__name__}); please report this payload."
        drawing = _Drawing()
        drawing.notes.append(message)
        return _preview(drawing, "error", [_fragment("notice.html", title=None, text=message)])


def render_transcript(events: Any, version: str | None = None, users: list | None = None) -> Preview:
    """A JSON array of events drawn as one conversation (issue 14: the editor's "list of events").

    Every item is drawn as an event (an item that is not one gets a notice and a note), authors
    resolved from `users`, with a line for each new day. Never raises; anything but a list is
    drawn by ``render`` as it is."""
    if not isinstance(events, list):
        return render(events, None, users, version)
    return render(events, "events", users, version)


def page_html(preview: Preview | str) -> str:
    """STYLESHEET and the fragment in one string, for ``st.html`` (or a standalone page).

    A plain string (not a Preview) is shown as text, escaped."""
    fragment = Markup(preview.html) if isinstance(preview, Preview) else str(preview)
    return str(_fragment("page.html", stylesheet=Markup(STYLESHEET), fragment=fragment))
