"""Exercises: broken payloads to repair, each with a goal, hints from the validator and a check.

    ex = EXERCISES["cards-carousel"]            # the v3.2 set (the Python API's default version)
    for_version("3.6")                          # id -> Exercise, written in v3.6's field names
    ex.version, ex.uid                          # "3.6", "cards-carousel@v3.6"
    ex.text                          # the broken payload, pretty JSON
    hints(ex, text)                  # what the validator says about `text` (or the original)
    result = check(ex, text)         # passes only if valid AND it still does what the goal asks
    result.passed, result.errors, result.unmet

The hints are never written by hand: they are the validator's own issues for the text the
learner has now (error first, with line:column and the spec's words). Each exercise also has
requirements — small predicates over the parsed payload — so that deleting the broken part (or
everything) does not count as a repair.

Per version: every exercise is written once and built for each API version in that version's
words (`recipients` up to v3.3, `visibility` from v3.4) and checked by the validator *under that
version*; some exist only where their subject does: the `ecommerce` template (v3.6 on) and
migrating a v3.2 payload (v3.4 on, to the version of the set: the answer is what
playground.authoring.migrate gives).

Pure: no Streamlit. The Learn page keeps progress in the session.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

import functools

from playground.spec import catalog, limits
from playground.spec.catalog import DEFAULT_VERSION, VERSIONS, audience_field
from playground.spec.v3_2.events import on_livechat_cdn
from playground.validation.report import Issue, Report
from playground.validation import validate

MAX_HINTS = 3
MIGRATE_FROM = "3.2"          # the migration exercise's payload is written for this version


@dataclass(frozen=True)
class Requirement:
    text: str                          # what must stay true, for a person
    test: Callable[[Any], bool]        # over the parsed payload; never raises (see _safe)

    def met(self, data: Any) -> bool:
        try:
            return bool(self.test(data))
        except Exception:  # noqa: BLE001 - a payload of any shape simply does not meet it
            return False


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    structure: str
    mode: str                          # "request" or "response"
    goal: str
    payload: Any
    requirements: tuple[Requirement, ...]
    teaches: str = ""                  # the point of the exercise, shown once it is solved
    version: str = DEFAULT_VERSION     # the API version it is written in and checked under

    @property
    def text(self) -> str:
        return json.dumps(self.payload, indent=2, ensure_ascii=False) + "\n"

    @property
    def uid(self) -> str:
        """Unique across versions: "cards-carousel@v3.6" (progress and attempts are kept by it)."""
        return f"{self.id}@v{self.version}"


@dataclass
class Result:
    passed: bool
    report: Report
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    met: list[str] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if self.passed:
            return "Solved: the payload is valid and still does what was asked."
        if self.errors:
            n = len(self.errors)
            return f"Not yet: the validator finds {n} error{'s' if n != 1 else ''}."
        return "Valid, but not what was asked: " + "; ".join(self.unmet) + "."


# ---------------------------------------------------------------------------------------------
# helpers for requirements

def _get(data: Any, *path: Any) -> Any:
    cur = data
    for p in path:
        if isinstance(p, int):
            if not isinstance(cur, list) or not -len(cur) <= p < len(cur):
                return None
        elif not isinstance(cur, dict):
            return None
        cur = cur[p] if isinstance(p, int) else cur.get(p)
    return cur


def _list(v: Any) -> list:
    return v if isinstance(v, list) else []


def _is(key: str, value: Any) -> Requirement:
    return Requirement(f"`{key}` is {json.dumps(value)}", lambda d: _get(d, key) == value)


def _texts(buttons: Any) -> list:
    return [b.get("text") for b in _list(buttons) if isinstance(b, dict)]


# ---------------------------------------------------------------------------------------------
# the exercises

_WAIT = "Thanks for waiting! Here is everything we have for you today: "
_EMOJI_TEXT = _WAIT + "🎁" * 4100          # 4 121 characters, 16 462 bytes in UTF-8

_MENU_URL = "https://cdn.livechat-files.com/api/file/lc/att/8948324/45a3581b59a7295145c3825c86ec7ab3/menu.pdf"
_STICKER_URL = "https://cdn.livechatinc.com/stickers/thumbs-up.png"
_SIZES = ["XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL", "5XL", "EU 36", "EU 38", "EU 40", "EU 42", "EU 44"]
_RM_EVENT = "75a90b82-e6a4-4ded-b3eb-cb531741ee0d"


def _button(text: str, **kw: Any) -> dict:
    return {"text": text, **kw, "postback_id": "pick_" + text.lower().replace(" ", "_"), "user_ids": []}


def _exercises(version: str) -> list[Exercise]:
    """Every exercise of one API version, in that version's field names."""
    _AUDIENCE = audience_field(version)
    return [e for e in _common(version, _AUDIENCE) + _only_in(version, _AUDIENCE)
            if e.structure in catalog.structures(version)]


def _common(version: str, _AUDIENCE: str) -> list[Exercise]:
    return [_versioned(e, version) for e in [
    Exercise(
        "message-recipients", "An internal note", "message", "request",
        "Make this message an internal note that only agents see (the customer must not).",
        {"type": "message", "text": "Customer is a VIP: offer free shipping.", _AUDIENCE: "agent"},
        (_is("type", "message"), _is(_AUDIENCE, "agents"),
         Requirement("`text` is unchanged", lambda d: d["text"] == "Customer is a VIP: offer free shipping.")),
        f"{_AUDIENCE} takes exactly all (the default) or agents.",
    ),
    Exercise(
        "message-postback", "Answer a rich message button", "message", "request",
        f"This message is the customer's click on the \"Yes\" button (postback id action_yes) of the "
        f"rich message event {_RM_EVENT} in thread K600PKZON8. Make its postback valid.",
        {"type": "message", "text": "Yes", _AUDIENCE: "all",
         "postback": {"id": "action_yes", "event_id": _RM_EVENT, "type": "message"}},
        (_is("type", "message"),
         Requirement("`postback.id` is \"action_yes\"", lambda d: d["postback"]["id"] == "action_yes"),
         Requirement("`postback.thread_id` is \"K600PKZON8\"", lambda d: d["postback"]["thread_id"] == "K600PKZON8"),
         Requirement(f"`postback.event_id` is \"{_RM_EVENT}\"", lambda d: d["postback"]["event_id"] == _RM_EVENT)),
        "A postback names the rich message it answers (thread and event); type and value come together.",
    ),
    Exercise(
        "cards-carousel", "A card carousel", "rich_message", "request",
        "Make this card carousel valid: two cards, Summer menu and Winter menu, each keeping its "
        "buttons.",
        {"type": "rich_message", _AUDIENCE: "all", "template_id": "carousel", "elements": [
            {"title": "Summer menu", "subtitle": "Fresh and light",
             "image": {"url": "https://cdn.livechatinc.com/menu/summer.png"},
             "buttons": [_button("Open menu", type="webview", value="https://example.com/summer")]},
            {"title": "Winter menu", "subtitle": "Warm and hearty",
             "image": {"url": "https://cdn.livechatinc.com/menu/winter.png"},
             "buttons": [_button("Order now", type="url")]},
        ]},
        (_is("type", "rich_message"), _is("template_id", "cards"),
         Requirement("it still has at least 2 cards", lambda d: len(d["elements"]) >= 2),
         Requirement("the cards are still titled Summer menu and Winter menu",
                     lambda d: [e["title"] for e in d["elements"][:2]] == ["Summer menu", "Winter menu"]),
         Requirement("each card still has a button",
                     lambda d: all(len(_list(e.get("buttons"))) >= 1 for e in d["elements"][:2]))),
        "More than one element in a cards template is a carousel; webview buttons need webview_height, "
        "and a button's type and value go together.",
    ),
    Exercise(
        "too-many-buttons", "One button too many", "rich_message", "request",
        f"This card offers {len(_SIZES)} sizes as buttons. Keep the card and as many of its sizes "
        "as a card may hold.",
        {"type": "rich_message", _AUDIENCE: "all", "template_id": "cards", "elements": [
            {"title": "Pick your size", "subtitle": "T-shirt \"Classic\"",
             "image": {"url": "https://cdn.livechatinc.com/shop/tshirt.png"},
             "buttons": [_button(s, type="message", value=s) for s in _SIZES]}]},
        (_is("template_id", "cards"),
         Requirement("the card is still titled Pick your size",
                     lambda d: d["elements"][0]["title"] == "Pick your size"),
         Requirement(f"it keeps {limits.MAX_BUTTONS} of the sizes",
                     lambda d: len(_texts(d["elements"][0]["buttons"])) == limits.MAX_BUTTONS
                     and set(_texts(d["elements"][0]["buttons"])) <= set(_SIZES))),
        f"One element holds at most {limits.MAX_BUTTONS} buttons (and a rich message at most {limits.MAX_ELEMENTS} elements).",
    ),
    Exercise(
        "sticker-image", "A sticker without a picture", "rich_message", "request",
        f"Make this sticker show the thumbs-up picture at {_STICKER_URL}.",
        {"type": "rich_message", _AUDIENCE: "all", "template_id": "sticker",
         "elements": [{"title": "Thumbs up", "image": {"name": "thumbs-up.png"}}]},
        (_is("template_id", "sticker"),
         Requirement("elements[0].image.url is the thumbs-up picture",
                     lambda d: d["elements"][0]["image"]["url"] == _STICKER_URL)),
        "A sticker shows only elements[0].image, so it needs its url (the title is not shown).",
    ),
    Exercise(
        "quick-replies", "Three reply chips", "rich_message", "request",
        "Ask \"Which team do you need?\" with three reply chips: Sales, Support and Billing.",
        {"type": "rich_message", _AUDIENCE: "all", "template_id": "quick_replies", "elements": [
            {"title": "Which team do you need?", "buttons": [
                {"text": "Sales", "type": "message", "postback_id": "team_sales", "user_ids": []},
                {"text": "Support", "type": "message", "value": "Support", "postback_id": "team_support"},
                {"text": "Billing", "type": "webview", "value": "https://example.com/billing",
                 "postback_id": "team_billing", "user_ids": []}]}]},
        (_is("template_id", "quick_replies"),
         Requirement("the question is still elements[0].title",
                     lambda d: d["elements"][0]["title"] == "Which team do you need?"),
         Requirement("its chips are Sales, Support and Billing",
                     lambda d: sorted(_texts(d["elements"][0]["buttons"])) == ["Billing", "Sales", "Support"])),
        "Quick replies use the first element only: its title is the question, its buttons the chips.",
    ),
    Exercise(
        "file-url", "Send the uploaded menu", "file", "request",
        f"The file was uploaded with upload_file, which returned {_MENU_URL}. Send it as a file event.",
        {"type": "file", _AUDIENCE: "all", "link": _MENU_URL},
        (_is("type", "file"),
         Requirement("`url` is the uploaded menu.pdf on the LiveChat CDN",
                     lambda d: d["url"] == _MENU_URL and on_livechat_cdn(d["url"]))),
        "A file event carries only the url upload_file returned; name and content_type come back in the response.",
    ),
    Exercise(
        "filled-form", "A pre-chat form", "filled_form", "request",
        "Fix this pre-chat survey: keep its four fields with their answers (name Thomas Anderson, "
        "purpose Support, industries automotive and it, department Marketing in group 1).",
        {"type": "filled_form", _AUDIENCE: "all", "form_id": "1473433500211", "fields": [
            {"type": "name", "id": "154417206262603539", "label": "Your name", "answer": "Thomas Anderson"},
            {"type": "radio", "id": "154417206262602571", "label": "Chat purpose", "answer": "Support"},
            {"type": "checkbox", "id": "154417206262604640", "label": "Company industry",
             "answer": [{"id": "0", "label": "automotive"}, {"id": "1", "label": "it"}]},
            {"type": "group_chooser", "id": "154417206262605324", "label": "Choose department",
             "answer": {"id": "2", "group_id": "1", "label": "Marketing"}}]},
        (_is("form_id", "1473433500211"),
         Requirement("the four fields keep their ids and types, in order",
                     lambda d: [(f["id"], f["type"]) for f in d["fields"]] == [
                         ("154417206262603539", "name"), ("154417206262602571", "radio"),
                         ("154417206262604640", "checkbox"), ("154417206262605324", "group_chooser")]),
         Requirement("the name is Thomas Anderson", lambda d: d["fields"][0]["answer"] == "Thomas Anderson"),
         Requirement("the purpose is Support", lambda d: d["fields"][1]["answer"]["label"] == "Support"),
         Requirement("the industries are automotive and it",
                     lambda d: sorted(a["label"] for a in d["fields"][2]["answers"]) == ["automotive", "it"]),
         Requirement("the department is Marketing in group 1",
                     lambda d: d["fields"][3]["answer"]["label"] == "Marketing"
                     and d["fields"][3]["answer"]["group_id"] == 1)),
        "Each field type has its own answer shape: a string, {id, label}, answers: [...], or "
        "{id, group_id (a number), label}.",
    ),
    Exercise(
        "system-message", "Agent joined", "system_message", "request",
        "Announce in the chat that agent John joined after 5 minutes in the queue (system message "
        "type agent_joined).",
        {"type": "system_message", _AUDIENCE: "all", "text": "%agent% joined after %duration% minutes",
         "text_vars": {"agent": "John", "duration": 5}},
        (_is("type", "system_message"), _is("system_message_type", "agent_joined"),
         Requirement("text_vars give agent John and duration 5",
                     lambda d: d["text_vars"]["agent"] == "John" and str(d["text_vars"]["duration"]) == "5")),
        "system_message_type is required; text_vars fill the %name% placeholders, and their values are strings.",
    ),
    Exercise(
        "custom-content", "Your app's own data", "custom", "request",
        "Send the order data of your app (order_id 1234) as a custom event that only agents see.",
        {"type": "custom", _AUDIENCE: "agent", "content": "{\"order_id\": 1234}"},
        (_is("type", "custom"), _is(_AUDIENCE, "agents"),
         Requirement("`content` is an object holding order_id 1234",
                     lambda d: isinstance(d["content"], dict) and d["content"]["order_id"] in (1234, "1234"))),
        "content is a JSON object you design (not a string of JSON).",
    ),
    Exercise(
        "message-bytes", "Too long for one message", "message", "request",
        "This message holds a greeting and 4 100 gift emoji: fewer than 16 384 characters, yet the "
        "validator refuses it. Make it fit in one message event, keeping its beginning (the rest "
        "would go in a second message).",
        {"type": "message", "text": _EMOJI_TEXT, _AUDIENCE: "all"},
        (_is("type", "message"),
         Requirement("`text` is still the beginning of the original text (at least the greeting)",
                     lambda d: isinstance(d["text"], str) and len(d["text"]) >= len(_WAIT)
                     and _EMOJI_TEXT.startswith(d["text"]))),
        f"The limit is {limits.MAX_TEXT_BYTES:,} bytes of UTF-8, not characters: one emoji is 4 bytes.",
    ),
    Exercise(
        "thread-response", "A thread as the API returns it", "thread", "response",
        "This thread was copied by hand and the validator refuses it. Make it a thread the API could "
        "return, keeping its two messages and its queue.",
        {"id": "K600PKZON8", "active": "true", "user_ids": ["smith@example.com"],
         "events": [
             {"id": "K600PKZON8_1", "type": "message", "author_id": "b7eff798-f8df-4364-8059-649c35c9ed0c",
              "created_at": "2020-05-12T11:42:47.383000Z", "text": "Hello there", _AUDIENCE: "all"},
             {"id": "K600PKZON8_2", "type": "message", "author_id": "smith@example.com",
              "created_at": "2020-05-12 11:43:02", "text": "Hi! How can I help?", _AUDIENCE: "all"}],
         "queue": {"position": -1, "wait_time": 15, "queued_at": "2020-05-12T11:42:47.383000Z"},
         "created_at": "2020-05-12T11:42:47Z"},
        (Requirement("`id` is still K600PKZON8", lambda d: d["id"] == "K600PKZON8"),
         Requirement("its two messages are kept",
                     lambda d: [e["text"] for e in d["events"]] == ["Hello there", "Hi! How can I help?"]),
         Requirement("the queue is kept, with its wait_time 15", lambda d: d["queue"]["wait_time"] == 15)),
        "Event and thread created_at are UTC with microseconds (…T11:42:47.000000Z); booleans are "
        "true/false, not strings; a queue position is never negative.",
    ),
    Exercise(
        "customer-session", "A customer's session fields", "customer", "response",
        "Make this a valid customer, keeping both session fields (plan pro, seats 10).",
        {"id": "b7eff798-f8df-4364-8059-649c35c9ed0c", "type": "visitor", "name": "Thomas Anderson",
         "session_fields": [{"plan": "pro", "seats": "10"}]},
        (_is("type", "customer"),
         Requirement("`id` is unchanged", lambda d: d["id"] == "b7eff798-f8df-4364-8059-649c35c9ed0c"),
         Requirement("session_fields still give plan pro and seats 10",
                     lambda d: {k: v for item in d["session_fields"] for k, v in item.items()}
                     == {"plan": "pro", "seats": "10"})),
        "A user's type is agent or customer; each session_fields item holds exactly one key:value pair.",
    ),
    Exercise(
        "access-all-agents", "Who may see the chat", "access", "response",
        "Let every agent see this chat (group 0 means all agents).",
        {"access": {"group_ids": ["0"]}},
        (Requirement("group_ids is [0]", lambda d: (d["access"] if set(d) == {"access"} else d)["group_ids"] == [0]),),
        "group_ids are numbers; group 0 means all agents.",
    ),
    Exercise(
        "agent-routing", "An agent taking chats", "agent", "response",
        "This agent is logged in and accepting chats; make the payload say so.",
        {"id": "smith@example.com", "type": "agent", "name": "Agent Smith", "routing_status": "online",
         "events_seen_up_to": "yesterday"},
        (_is("id", "smith@example.com"), _is("routing_status", "accepting_chats")),
        "routing_status is accepting_chats, not_accepting_chats or offline; timestamps are RFC 3339.",
    ),
    Exercise(
        "properties-shape", "Properties have two levels", "properties", "response",
        "Store the value vip as the property priority in the namespace routing.",
        {"properties": {"routing": "vip"}},
        (Requirement("properties.routing.priority is \"vip\"",
                     lambda d: d["properties"]["routing"]["priority"] == "vip"),),
        "Properties map namespace → property name → value.",
    ),
    ]]


def _versioned(ex: Exercise, version: str) -> Exercise:
    return Exercise(ex.id, ex.title, ex.structure, ex.mode, ex.goal, ex.payload, ex.requirements,
                    ex.teaches, version)


_PRODUCT = "tshirt-classic"
_OPTIONS = [("S", "Size S"), ("M", "Size M"), ("L", "Size L")]


def _only_in(version: str, _AUDIENCE: str) -> list[Exercise]:
    """Exercises whose subject only some versions have."""
    at = VERSIONS.index(version)
    out: list[Exercise] = []
    if at >= VERSIONS.index("3.6"):
        out.append(Exercise(
            "ecommerce-product", "A product to pick a size of", "rich_message", "request",
            f"Offer the T-shirt \"Classic\" (product_id {_PRODUCT}) with the ecommerce template, its three "
            "sizes shown as a drop-down list (the view type the spec calls select), each size an option "
            "with its label.",
            {"type": "rich_message", _AUDIENCE: "all", "template_id": "ecommerce", "elements": [
                {"title": "T-shirt \"Classic\"", "ecommerce": {
                    "view_type": "dropdown", "label": "Pick a size",
                    "options": [{"option_id": "S", "label": "Size S", "price": "19.00", "currency": "EUR"},
                                {"option_id": "M", "price": "19.00", "currency": "EUR"},
                                {"option_id": "L", "label": "Size L", "price": "21.00", "currency": "EUR"}]}}]},
            (_is("template_id", "ecommerce"),
             Requirement(f"elements[0].ecommerce.product_id is \"{_PRODUCT}\"",
                         lambda d: d["elements"][0]["ecommerce"]["product_id"] == _PRODUCT),
             Requirement("the sizes are a drop-down list (view_type select)",
                         lambda d: d["elements"][0]["ecommerce"]["view_type"] == "select"),
             Requirement("the options are still S, M and L, each with its label",
                         lambda d: [(o["option_id"], o["label"]) for o in d["elements"][0]["ecommerce"]["options"]]
                         == _OPTIONS)),
            "The ecommerce template (from v3.6) puts a product in elements[].ecommerce: view_type (tags, "
            "swatch, images or select) and product_id are required when sending it, and each option needs "
            "option_id and label.",
            version))
    if at >= VERSIONS.index("3.4"):
        old = audience_field(MIGRATE_FROM)
        out.append(Exercise(
            "migrate-from-3.2", f"A v{MIGRATE_FROM} event in v{version}", "message", "response",
            f"This internal note was saved from API v{MIGRATE_FROM}, which LiveChat no longer serves. Make it "
            f"the same note as v{version} returns it (only agents see it). The editor's *Migrate to another "
            f"version* or `python -m playground migrate FILE --to {version}` does it for you.",
            {"id": "K600PKZON8_3", "type": "message", "text": "Customer is a VIP: offer free shipping.",
             old: "agents", "author_id": "smith@example.com", "created_at": "2020-05-12T11:42:47.383000Z"},
            (_is("type", "message"),
             Requirement(f"only agents see it (`{_AUDIENCE}` is \"agents\")", lambda d: d[_AUDIENCE] == "agents"),
             Requirement(f"no `{old}` is left (v{version} does not know it)", lambda d: old not in d),
             Requirement("`id`, `text`, `author_id` and `created_at` are unchanged",
                         lambda d: (d["id"], d["text"], d["author_id"], d["created_at"]) == (
                             "K600PKZON8_3", "Customer is a VIP: offer free shipping.", "smith@example.com",
                             "2020-05-12T11:42:47.383000Z"))),
            f"v3.4 renamed `{old}` to `{_AUDIENCE}` in every event; a returned event always has it. A "
            "migration renames the key where it stands and keeps everything else.",
            version))
    return out


@functools.cache
def for_version(version: str = DEFAULT_VERSION) -> dict[str, Exercise]:
    """id -> Exercise for one API version (its field names; checked under it)."""
    version = catalog.check_version(version)
    return {e.id: e for e in _exercises(version)}


EXERCISES: dict[str, Exercise] = for_version(DEFAULT_VERSION)


# ---------------------------------------------------------------------------------------------
# checking and hints

def _report(ex: Exercise, text: str | bytes | None) -> Report:
    return validate(ex.text if text is None else text, ex.structure, ex.mode, version=ex.version)


def check(ex: Exercise, text: str | bytes) -> Result:
    """Passes only when `text` is valid for the exercise's structure and meets every requirement."""
    rep = _report(ex, text)
    res = Result(False, rep, list(rep.errors), list(rep.warnings))
    if rep.data is not None:
        for req in ex.requirements:
            (res.met if req.met(rep.data) else res.unmet).append(req.text)
    else:
        res.unmet = [r.text for r in ex.requirements]
    res.passed = rep.ok and rep.data is not None and not res.unmet
    return res


def describe(issue: Issue) -> str:
    """One issue as a hint: where (path and line:column), what is wrong."""
    where = issue.path if issue.pointer else "the whole payload"
    pos = f" (line {issue.line}, column {issue.column})" if issue.line else ""
    return f"At {where}{pos}: {issue.message}"


def hints(ex: Exercise, text: str | bytes | None = None, limit: int = MAX_HINTS) -> list[tuple[str, str | None]]:
    """What the validator says about `text` (None: the original), errors first; once it is
    valid, the requirements still unmet. (hint, the spec's words or None) pairs."""
    res = check(ex, ex.text if text is None else text)
    out: list[tuple[str, str | None]] = [(describe(i), i.spec) for i in res.errors[:limit]]
    if not out and res.unmet:
        out = [(f"Valid, but the goal also asks that {u}.", None) for u in res.unmet[:limit]]
    return out


def first_hint(ex: Exercise) -> str:
    """The validator's first complaint about the broken payload (computed, not written)."""
    h = hints(ex, None, 1)
    return h[0][0] if h else ""


def progress_summary(solved: set[str], version: str | None = None) -> tuple[int, int]:
    """(solved, total) for one version's set, counting only what are its exercises: their uids
    ("cards-carousel@v3.6"), or for the v3.2 set without a version, plain ids too."""
    known = for_version(version or DEFAULT_VERSION)
    solved = set(solved)
    done = sum(1 for e in known.values() if e.uid in solved or (version is None and e.id in solved))
    return done, len(known)


def next_exercise(current: str, solved: set[str], version: str = DEFAULT_VERSION) -> str | None:
    """The id of the exercise to do after `current`: the next unsolved one in order (wrapping
    round), else the next one; None when the set has only `current`."""
    ids = list(for_version(version))
    if current not in ids:
        return ids[0] if ids else None
    i = ids.index(current)
    after = ids[i + 1:] + ids[:i]
    if not after:
        return None
    unsolved = [x for x in after if for_version(version)[x].uid not in solved]
    return (unsolved or after)[0]
