"""Deterministic synthetic chat summaries, shaped like a real LiveChat account's list_chats pages.

`generate_chat_summaries(n, seed)` returns the same list for the same arguments, on any machine
(one `random.Random(seed)`, a fixed start date, no clock, no hash-order dependence). Variety:
active / inactive / queued chats, six groups, a pool of agents, customers from many countries,
chat and thread properties, and last events of every type (message, rich_message, file,
filled_form, system_message, custom). A small share (`invalid_share`, default 2 %) is broken on
purpose, one documented defect each, so the table has flagged rows to show.

Per API version (`version`, default v3.2): from v3.4 the events and agents carry `visibility`; from v3.6 the
customer has `visit` (was `last_visit`), `statistics.tickets_count` and `tickets`; v3.7 writes chat
infos (`last_thread_info`, with `last_event_per_type` inside it, as v3.7's changelog says) and its
list_chats page holds them under `chats_info`. The same seed gives the same chats in every version,
only shaped as that version writes them.

Big sets are made a page at a time (`Stream`): a million summaries never exist at once, and any
page can be made again from the generator's state saved at its start (the tables keep that, not
the objects, to open a row later).

Command line (wired as `python -m playground samples generate`):
    --kind chat_summaries --n N --seed S [--version 3.6] [--out FILE] [--format list|list_chats]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

from playground.spec import catalog, limits
from playground.spec.catalog import VERSIONS
from playground.presentation import tables
from playground.presentation.tables import paused_gc

KINDS = ("chat_summaries",)
FORMATS = ("list", "list_chats")
DEFAULT_INVALID_SHARE = 0.02
MAX_N = 1_000_000
DEFAULT_VERSION = "3.2"
PAGE = 1_000            # summaries made at a time by Stream

START = datetime(2024, 3, 4, tzinfo=timezone.utc)    # a Monday; 28 days of traffic follow
SPAN_DAYS = 28

# -- the account -----------------------------------------------------------------------------

GROUPS = {0: "General", 1: "Sales", 2: "Support", 3: "Billing", 4: "Enterprise", 5: "Returns"}
_GROUP_WEIGHTS = (30, 25, 25, 8, 5, 7)

_AGENTS = [  # (name, e-mail, groups)
    ("Agent Smith", "smith@example.com", (0, 2)),
    ("Maria Garcia", "maria.garcia@example.com", (0, 1)),
    ("Tomasz Nowak", "tomasz.nowak@example.com", (2, 3)),
    ("Aiko Tanaka", "aiko.tanaka@example.com", (1, 4)),
    ("Liam O'Connor", "liam.oconnor@example.com", (2, 5)),
    ("Fatima Zahra", "fatima.zahra@example.com", (0, 2)),
    ("Lukas Becker", "lukas.becker@example.com", (1, 3)),
    ("Priya Sharma", "priya.sharma@example.com", (2, 4)),
    ("Chloé Martin", "chloe.martin@example.com", (0, 5)),
    ("Diego Alvarez", "diego.alvarez@example.com", (1, 2)),
    ("Emma Johansson", "emma.johansson@example.com", (3, 4)),
    ("Kwame Mensah", "kwame.mensah@example.com", (0, 1)),
]
_AGENTS_BY_GROUP = {g: [a for a in _AGENTS if g in a[2]] for g in GROUPS}

_COUNTRIES = [  # (country, code, region, city, timezone, weight)
    ("United States", "US", "New York", "New York", "America/New_York", 22),
    ("United Kingdom", "GB", "England", "London", "Europe/London", 11),
    ("Germany", "DE", "Berlin", "Berlin", "Europe/Berlin", 9),
    ("Poland", "PL", "Dolnoslaskie", "Wroclaw", "Europe/Warsaw", 7),
    ("France", "FR", "Ile-de-France", "Paris", "Europe/Paris", 6),
    ("Brazil", "BR", "Sao Paulo", "Sao Paulo", "America/Sao_Paulo", 6),
    ("India", "IN", "Maharashtra", "Mumbai", "Asia/Kolkata", 6),
    ("Canada", "CA", "Ontario", "Toronto", "America/Toronto", 5),
    ("Spain", "ES", "Madrid", "Madrid", "Europe/Madrid", 4),
    ("Australia", "AU", "New South Wales", "Sydney", "Australia/Sydney", 4),
    ("Netherlands", "NL", "North Holland", "Amsterdam", "Europe/Amsterdam", 3),
    ("Italy", "IT", "Lombardy", "Milan", "Europe/Rome", 3),
    ("Mexico", "MX", "Mexico City", "Mexico City", "America/Mexico_City", 3),
    ("Japan", "JP", "Tokyo", "Tokyo", "Asia/Tokyo", 3),
    ("Sweden", "SE", "Stockholm", "Stockholm", "Europe/Stockholm", 2),
    ("South Africa", "ZA", "Gauteng", "Johannesburg", "Africa/Johannesburg", 2),
    ("Nigeria", "NG", "Lagos", "Lagos", "Africa/Lagos", 2),
    ("Ireland", "IE", "Leinster", "Dublin", "Europe/Dublin", 2),
]
_COUNTRY_WEIGHTS = [c[5] for c in _COUNTRIES]

_FIRST = ["Thomas", "Anna", "James", "Sofia", "Mohammed", "Olivia", "Wei", "Lucas", "Amara", "Noah",
          "Isabella", "Hiroshi", "Zofia", "Mateo", "Aisha", "Ethan", "Chiara", "Oliver", "Ingrid",
          "Rahul", "Camille", "Daniel", "Yuki", "Elena", "Samuel", "Leila", "Jakub", "Grace"]
_LAST = ["Anderson", "Kowalska", "Smith", "Müller", "Rossi", "Dubois", "Silva", "Patel", "Kim",
         "Nguyen", "Johnson", "Okafor", "Hansen", "Fernández", "Yamamoto", "Brown", "Novak",
         "Wiśniewski", "Lopez", "Cohen", "Schmidt", "Ivanova", "Murphy", "Andersson"]

# UTC hour of a thread's start: quiet nights, busy European and American working hours.
_HOUR_WEIGHTS = (2, 1, 1, 1, 2, 3, 5, 8, 11, 13, 14, 14, 13, 14, 15, 15, 14, 12, 10, 8, 6, 5, 4, 3)

_PAGES = [("https://shop.example.com/", "Example Shop - Home"),
          ("https://shop.example.com/products/blue-sneakers", "Blue sneakers - Example Shop"),
          ("https://shop.example.com/cart", "Your cart - Example Shop"),
          ("https://shop.example.com/checkout", "Checkout - Example Shop"),
          ("https://shop.example.com/help/returns", "Returns - Help Center"),
          ("https://shop.example.com/pricing", "Pricing - Example Shop")]
_REFERRERS = ["https://www.google.com/", "https://www.bing.com/", "https://www.facebook.com/", None]
_USER_AGENTS = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
]
_CUSTOMER_TEXTS = ["Hi, is the blue one in stock?", "Where is my order? It was due yesterday.",
                   "Can I change the delivery address?", "Do you ship to my country?",
                   "The discount code doesn't work at checkout.", "How do I return a pair of shoes?",
                   "Thanks, that helps!", "I was charged twice for one order.", "Is there a student discount?",
                   "Can I talk to someone about an enterprise plan?", "ok", "Hello?"]
_AGENT_TEXTS = ["Hello! How can I help you today?", "Let me check that for you.",
                "Your order ships tomorrow; here is the tracking link.", "I've refunded the duplicate charge.",
                "Yes, we ship worldwide.", "You can start a return from your account page.",
                "Is there anything else I can help with?", "Thanks for waiting, I'm back."]
_SYSTEM = [  # (system_message_type, text, text_vars keys)
    ("routing.archived_inactive", "The chat was closed because %customer% had been inactive for %duration% minutes", ("customer", "duration")),
    ("manual_archived_agent", "%agent% archived the chat", ("agent",)),
    ("manual_archived_customer", "%customer% left the chat", ("customer",)),
    ("routing.archived_disconnected", "The chat was closed because %agent% had lost internet connection", ("agent",)),
    ("chat_transferred", "%agent% transferred the chat to %targets%", ("agent", "targets")),
    ("agent_joined", "%agent% joined the chat", ("agent",)),
    ("rating.chat_rated", "%customer% rated the chat as %score%", ("customer", "score")),
    ("transcript_sent", "Transcript sent to %email%", ("email",)),
]
_ACTIVE_SYSTEM = ("chat_transferred", "agent_joined")
_FILES = [("invoice-2024-03.pdf", "application/pdf", None), ("screenshot.png", "image/png", (1280, 800)),
          ("receipt.jpg", "image/jpeg", (960, 1280)), ("order-details.txt", "text/plain", None)]

# One defect per broken summary: a name (for tests and docs) and what it breaks.
DEFECTS = ("active-not-boolean", "missing-id", "bad-thread-created-at", "queue-wait-not-number",
           "negative-queue-position", "message-without-text", "group-ids-not-numbers", "users-not-a-list",
           "unknown-template")


@dataclass(frozen=True, slots=True)
class Generated:
    items: list[dict]
    defects: dict[int, str]     # position of a deliberately broken summary -> its defect


_START_NAIVE = START.replace(tzinfo=None)


def _ts(seconds: float) -> str:
    """Seconds after START -> 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC, microseconds, as the API writes it)."""
    return (_START_NAIVE + timedelta(seconds=seconds)).isoformat(timespec="microseconds") + "Z"


_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


class _Maker:
    def __init__(self, rng: random.Random, ids_seen: set[str] | None = None) -> None:
        self.r = rng
        self.ids_seen: set[str] = ids_seen if ids_seen is not None else set()
        self.page_ids: set[str] = set()
        self.rejected: list[str] = []      # drawn again because an earlier page had them

    def chat_id(self) -> str:
        while True:  # unique within one generated set, like the API's
            cid = "".join(self.r.choices(_ID_CHARS, k=10))
            if cid not in self.ids_seen:
                self.ids_seen.add(cid)
                self.page_ids.add(cid)
                return cid
            if cid not in self.page_ids:
                self.rejected.append(cid)

    def thread_id(self) -> str:
        return "".join(self.r.choices(_ID_CHARS, k=10))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def customer(self, cid: str, seen_at: float, started: float) -> dict:
        r = self.r
        country, code, region, city, tz, _ = r.choices(_COUNTRIES, _COUNTRY_WEIGHTS)[0]
        first, last = r.choice(_FIRST), r.choice(_LAST)
        pages = r.sample(_PAGES, r.randint(1, 3))
        visit = {"started_at": _ts(started),
                 "ip": f"203.0.113.{r.randint(1, 254)}",
                 "user_agent": r.choice(_USER_AGENTS),
                 "geolocation": {"country": country, "country_code": code, "region": region, "city": city,
                                 "timezone": tz},
                 "last_pages": [{"opened_at": _ts(started + 20 * k), "url": u, "title": t}
                                for k, (u, t) in enumerate(pages)]}
        referrer = r.choice(_REFERRERS)
        if referrer:
            visit["referrer"] = referrer
        user = {"id": cid, "type": "customer", "name": f"{first} {last}"}
        if r.random() < 0.7:
            user["email"] = f"{first}.{last}{r.randint(1, 99)}@example.net".lower()
        chats = r.randint(1, 6)
        user.update({
            "events_seen_up_to": _ts(seen_at), "present": r.random() < 0.5,
            "created_at": _ts(started - r.randint(1, 300) * 86400 - r.random()),
            "last_visit": visit,
            "statistics": {"chats_count": chats, "threads_count": chats + r.randint(0, 4),
                           "visits_count": chats + r.randint(0, 10)},
            "agent_last_event_created_at": _ts(seen_at - 5), "customer_last_event_created_at": _ts(seen_at),
        })
        return user

    def agent(self, a: tuple, seen_at: float) -> dict:
        name, email, _ = a
        return {"id": email, "name": name, "email": email, "events_seen_up_to": _ts(seen_at), "type": "agent",
                "present": self.r.random() < 0.6,
                "avatar": f"https://cdn.example.com/avatars/{_AGENTS.index(a) + 1}.png"}

    def event(self, kind: str, thread_id: str, n: int, at: float, author: str | None, ctx: dict) -> dict:
        r = self.r
        ev = {"id": f"{thread_id}_{n}", "created_at": _ts(at), "type": kind}
        if author:
            ev["author_id"] = author
        if kind == "message":
            ev["text"] = r.choice(_AGENT_TEXTS if "@" in (author or "") else _CUSTOMER_TEXTS)
        elif kind == "rich_message":
            template = r.choice(("cards", "cards", "quick_replies", "sticker"))
            ev["template_id"] = template
            if template == "sticker":
                ev["elements"] = [{"image": {"url": "https://files.example.com/api/file/lc/img/stickers/thumbs-up.png",
                                             "name": "thumbs up"}}]
            elif template == "quick_replies":
                ev["elements"] = [{"title": "Was this helpful?", "buttons": [
                    {"text": t, "type": "message", "value": t, "postback_id": f"reply_{t.lower()}", "user_ids": []}
                    for t in ("Yes", "No")]}]
            else:
                ev["elements"] = [{"title": t, "subtitle": f"{p} EUR",
                                   "image": {"url": f"https://files.example.com/api/file/lc/img/{k}.png"},
                                   "buttons": [{"text": "View", "type": "url",
                                                "value": f"https://shop.example.com/products/{k}",
                                                "postback_id": f"view_{k}", "user_ids": []}]}
                                  for k, (t, p) in enumerate(r.sample([("Blue sneakers", 89), ("Red scarf", 25),
                                                                       ("Rain jacket", 120), ("Wool socks", 12)],
                                                                      r.randint(1, 3)))]
        elif kind == "file":
            name, ctype, dims = r.choice(_FILES)
            ev.update({"name": name,
                       "url": f"https://cdn.livechat-files.com/api/file/lc/att/{r.randint(10**6, 10**7)}/{name}",
                       "content_type": ctype})
            if dims:
                ev.update({"thumbnail_url": f"https://cdn.livechat-files.com/api/file/lc/thumb/{name}",
                           "thumbnail2x_url": f"https://cdn.livechat-files.com/api/file/lc/thumb2x/{name}",
                           "size": r.randint(20_000, 2_000_000), "width": dims[0], "height": dims[1]})
        elif kind == "filled_form":
            ev["form_id"] = "prechat_1"
            ev["fields"] = [
                {"id": "f1", "type": "name", "label": "Your name", "answer": ctx["customer_name"]},
                {"id": "f2", "type": "email", "label": "Your email", "answer": ctx.get("customer_email", "")},
                {"id": "f3", "type": "radio", "label": "Chat purpose",
                 "answer": r.choice([{"id": "0", "label": "Support"}, {"id": "1", "label": "Sales"}])},
            ]
        elif kind == "system_message":
            stype, text, keys = ctx["system"]
            vars_ = {"customer": ctx["customer_name"], "agent": ctx.get("agent_name", "Agent"),
                     "duration": str(r.randint(10, 30)), "targets": ctx.get("target", "Support"),
                     "score": r.choice(("good", "bad")), "email": ctx.get("customer_email", "customer")}
            ev.update({"text": _fill(text, vars_),
                       "system_message_type": stype, "text_vars": {k: vars_[k] for k in keys}})
        elif kind == "custom":
            ev["content"] = {"cart": {"items": r.randint(1, 5), "total": round(r.uniform(10, 300), 2)}}
        return ev

    def summary(self) -> dict:
        r = self.r
        day = r.randrange(SPAN_DAYS)
        hour = r.choices(range(24), _HOUR_WEIGHTS)[0]
        created = day * 86400 + hour * 3600 + r.random() * 3600
        group = r.choices(tuple(GROUPS), _GROUP_WEIGHTS)[0]
        roll = r.random()
        active = roll < 0.25
        queued = active and roll < 0.10
        cust_id = self.uuid() if r.random() < 0.7 else "%032x" % r.getrandbits(128)
        thread_id = self.thread_id()
        duration = r.randint(60, 3600) if not active else r.randint(10, 900)
        end = created + duration
        customer = self.customer(cust_id, end, created - r.randint(30, 600))

        agents = [] if queued else r.sample(_AGENTS_BY_GROUP[group], min(len(_AGENTS_BY_GROUP[group]),
                                                                          1 + (r.random() < 0.12)))
        users = [customer] + [self.agent(a, end - r.random() * 30) for a in agents]
        ctx = {"customer_name": customer["name"], "customer_email": customer.get("email")}
        if agents:
            ctx["agent_name"] = agents[-1][0]
        if ctx["customer_email"] is None:
            del ctx["customer_email"]

        kinds = ["message"]
        if r.random() < 0.5:
            kinds.append("filled_form")
        if agents and r.random() < 0.18:
            kinds.append("rich_message")
        if r.random() < 0.1:
            kinds.append("file")
        if (not active and r.random() < 0.85) or (active and agents and r.random() < 0.3):
            options = [s for s in _SYSTEM if (s[0] in _ACTIVE_SYSTEM) == active]
            if len(agents) > 1:
                options.append(next(s for s in _SYSTEM if s[0] == "chat_transferred"))
            ctx["system"] = r.choice(options)
            kinds.append("system_message")
        if r.random() < 0.03:
            kinds.append("custom")
        r.shuffle(kinds)
        lept = {}
        at = created
        for n, kind in enumerate(kinds, start=1):
            at += r.uniform(2, max(3.0, duration / len(kinds)))
            if kind in ("message", "file"):
                author = r.choice([cust_id] + [a[1] for a in agents])
            elif kind == "filled_form":
                author = cust_id
            elif kind == "system_message":
                author = None
            else:
                author = agents[0][1] if agents else cust_id
            lept[kind] = {"thread_id": thread_id, "thread_created_at": _ts(created),
                          "event": self.event(kind, thread_id, n, at, author, ctx)}

        thread = {"id": thread_id, "created_at": _ts(created), "user_ids": [a[1] for a in agents] + [cust_id],
                  "active": active, "access": {"group_ids": [group]}}
        tprops = {"routing": {"start_url": customer["last_visit"]["last_pages"][0]["url"]}}
        if not active and r.random() < 0.3:
            tprops["rating"] = {"score": r.choice((0, 1))}
        thread["properties"] = tprops
        if queued:
            wait = int(min(r.expovariate(1 / 150), 3600))
            thread["queue"] = {"position": r.randint(1, 40), "wait_time": wait, "queued_at": _ts(created)}
        props = {"routing": {"continuous": r.random() < 0.1, "pinned": r.random() < 0.05}}
        if r.random() < 0.6:
            props["source"] = {"client_id": "%032x" % r.getrandbits(128)}
        return {"id": self.chat_id(), "last_thread_summary": thread, "users": users, "last_event_per_type": lept,
                "properties": props, "access": {"group_ids": [group]},
                "is_followed": active and not queued and r.random() < 0.6}


def _fill(text: str, vars_: dict) -> str:
    """The text with each %name% placeholder that vars_ has a value for replaced by it."""
    return limits.TEXT_VAR_PLACEHOLDER.sub(lambda m: vars_.get(m.group(1), m.group(0)), text)


def _break(s: dict, defect: str, r: random.Random) -> None:
    """Apply one documented defect to a summary, in place."""
    t = s["last_thread_summary"]
    if defect == "active-not-boolean":
        t["active"] = "yes" if t["active"] else "no"
    elif defect == "missing-id":
        del s["id"]
    elif defect == "bad-thread-created-at":
        t["created_at"] = "12/03/2024 11:42"
    elif defect == "queue-wait-not-number":
        t["queue"] = {"position": 1, "wait_time": "about a minute", "queued_at": t["created_at"]}
    elif defect == "negative-queue-position":
        t["queue"] = {"position": -1, "wait_time": 30, "queued_at": t["created_at"]}
    elif defect == "message-without-text":
        del s["last_event_per_type"]["message"]["event"]["text"]
    elif defect == "group-ids-not-numbers":
        s["access"] = {"group_ids": [GROUPS[t["access"]["group_ids"][0]].lower()]}
    elif defect == "users-not-a-list":
        s["users"] = s["users"][0]["name"]
    elif defect == "unknown-template":
        s["last_event_per_type"]["rich_message"] = {
            "thread_id": t["id"], "thread_created_at": s["last_event_per_type"]["message"]["thread_created_at"],
            "event": {"id": f"{t['id']}_99", "created_at": s["last_event_per_type"]["message"]["event"]["created_at"],
                      "type": "rich_message", "author_id": s["last_event_per_type"]["message"]["event"].get("author_id", "bot"),
                      "template_id": "list", "elements": [{"title": "Pick one"}]}}
    else:  # pragma: no cover - DEFECTS lists every branch
        raise ValueError(defect)


def _check(n: int, invalid_share: float, version: str) -> None:
    if not 0 <= n <= MAX_N:
        raise ValueError(f"n must be between 0 and {MAX_N}")
    if not 0.0 <= invalid_share <= 1.0:
        raise ValueError("invalid_share must be between 0 and 1")
    catalog.check_version(version)


def _at_least(version: str, since: str) -> bool:
    return VERSIONS.index(version) >= VERSIONS.index(since)


def _ticket_id(chat_id: Any, k: int) -> str:
    digest = hashlib.blake2b(f"{chat_id}:{k}".encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))


def shape_for_version(s: dict, version: str) -> dict:
    """A generated (v3.2-shaped) summary as `version` writes it, in place (see the module)."""
    if not _at_least(version, "3.4"):
        return s
    lept = s.get("last_event_per_type")
    if isinstance(lept, dict):
        for entry in lept.values():
            ev = entry.get("event") if isinstance(entry, dict) else None
            if isinstance(ev, dict):
                ev["visibility"] = "all"
    for u in s.get("users") if isinstance(s.get("users"), list) else ():
        if isinstance(u, dict) and u.get("type") == "agent":
            u["visibility"] = "all"         # the v3.4 Agent table marks it required
    if _at_least(version, "3.6") and isinstance(s.get("users"), list):
        for k, u in enumerate(s["users"]):
            if isinstance(u, dict) and u.get("type") == "customer" and "last_visit" in u:
                stats = u.get("statistics", {})
                tickets = stats.get("chats_count", 0) % 3
                out = {}
                for key, value in u.items():
                    out["visit" if key == "last_visit" else key] = value
                if isinstance(stats, dict):
                    stats["tickets_count"] = tickets
                if tickets:
                    start = out["created_at"]
                    out["tickets"] = [{"ticket_id": _ticket_id(s.get("id"), t), "created_at": start}
                                      for t in range(tickets)]
                s["users"][k] = out
    if _at_least(version, "3.7") and "last_thread_summary" in s:
        out = {}
        for key, value in s.items():
            if key == "last_thread_summary":
                out["last_thread_info"] = value
            elif key != "last_event_per_type":
                out[key] = value
        if "last_event_per_type" in s:
            if isinstance(out["last_thread_info"], dict):
                out["last_thread_info"]["last_event_per_type"] = s["last_event_per_type"]
            else:
                out["last_event_per_type"] = s["last_event_per_type"]
        s.clear()
        s.update(out)
    return s


class Stream:
    """`n` summaries made a page (`page_size`) at a time: `pages()` yields them in order (the
    same as `generate`), `page(p)` makes page p again from the generator's state saved when
    pages() reached it. `defects` maps a broken summary's position to its defect."""

    def __init__(self, n: int, seed: int = 0, invalid_share: float = DEFAULT_INVALID_SHARE,
                 version: str = DEFAULT_VERSION, page_size: int = PAGE) -> None:
        _check(n, invalid_share, version)
        self.n, self.seed, self.version, self.page_size = n, seed, version, max(1, page_size)
        # Defects come from their own generator, so changing the share leaves the valid data as it was.
        r = random.Random(f"defects:{seed}")
        positions = sorted(r.sample(range(n), round(n * invalid_share))) if n else []
        self.defects = {pos: DEFECTS[k % len(DEFECTS)] for k, pos in enumerate(positions)}
        self._states: list = []
        self._rejected: list[list[str]] = []
        self._cached: tuple[int, list] | None = None

    def __len__(self) -> int:
        return -(-self.n // self.page_size)

    def _make(self, maker: _Maker, p: int) -> list[dict]:
        start = p * self.page_size
        with paused_gc():           # many small acyclic objects: the collector's passes only cost time
            items = [maker.summary() for _ in range(start, min(self.n, start + self.page_size))]
            for k, s in enumerate(items):
                defect = self.defects.get(start + k)
                if defect is not None:
                    _break(s, defect, maker.r)
                shape_for_version(s, self.version)
        return items

    def pages(self) -> Iterator[list[dict]]:
        maker = _Maker(random.Random(self.seed))
        self._states, self._rejected = [], []
        for p in range(len(self)):
            self._states.append(maker.r.getstate())
            maker.page_ids, maker.rejected = set(), []
            items = self._make(maker, p)
            self._rejected.append(maker.rejected)
            yield items

    def page(self, p: int) -> list[dict]:
        """Page p made again (pages() must have reached it); the last one asked for is kept."""
        if self._cached is not None and self._cached[0] == p:
            return self._cached[1]
        rng = random.Random()
        rng.setstate(self._states[p])
        items = self._make(_Maker(rng, set(self._rejected[p])), p)
        self._cached = (p, items)
        return items

    def item(self, i: int) -> dict:
        return self.page(i // self.page_size)[i % self.page_size]

    def parts(self, name: str) -> Iterator[tables.Part]:
        """The pages as tables.Part for tables.build_stream (each row opened is made again)."""
        for p, items in enumerate(self.pages()):
            loaded = tables.load_documents([(name, items)], page_notes=False)
            yield tables.Part(loaded, lambda j, p=p: self.page(p)[j])


def generate(n: int, seed: int = 0, invalid_share: float = DEFAULT_INVALID_SHARE,
             version: str = DEFAULT_VERSION) -> Generated:
    """`n` chat summaries from `seed`, as `version` writes them; a share of them broken on
    purpose (see DEFECTS)."""
    stream = Stream(n, seed, invalid_share, version)
    items = [s for page in stream.pages() for s in page]
    return Generated(items, stream.defects)


def generate_chat_summaries(n: int, seed: int = 0, invalid_share: float = DEFAULT_INVALID_SHARE,
                            version: str = DEFAULT_VERSION) -> list[dict]:
    return generate(n, seed, invalid_share, version).items


def as_list_chats(items: list[dict], next_page_id: str | None = None, version: str = DEFAULT_VERSION) -> dict:
    """Wrap summaries as one list_chats response page (`chats_info` from v3.7)."""
    key = "chats_info" if _at_least(catalog.check_version(version), "3.7") else "chats_summary"
    return {key: items, "found_chats": len(items), "next_page_id": next_page_id, "previous_page_id": None}


def build_demo(n: int, seed: int = 0, invalid_share: float = DEFAULT_INVALID_SHARE,
               version: str = DEFAULT_VERSION, progress: tables.Progress | None = None) -> tables.Table:
    """The chat summaries table of `n` generated summaries, made and validated a page at a time."""
    stream = Stream(n, seed, invalid_share, version)
    name = f"demo data (n={n}, seed={seed}, v{version})"
    return tables.build_stream(stream.parts(name), version, progress=progress, total=n)


# -- command line ----------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m playground samples generate",
        description="Print (or write) deterministic synthetic chat summaries as JSON.")
    p.add_argument("--kind", choices=KINDS, default="chat_summaries", help="what to generate (default: chat_summaries)")
    p.add_argument("--n", type=int, default=100, help=f"how many (0..{MAX_N}, default 100)")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same output (default 0)")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument("--format", choices=FORMATS, default="list",
                   help="list: a JSON array; list_chats: a list_chats response page (default: list)")
    p.add_argument("--invalid-share", type=float, default=DEFAULT_INVALID_SHARE,
                   help=f"share of summaries broken on purpose, 0..1 (default {DEFAULT_INVALID_SHARE})")
    p.add_argument("--indent", type=int, default=None, help="indent the JSON (default: compact)")
    p.add_argument("--version", choices=VERSIONS, default=DEFAULT_VERSION,
                   help=f"the API version the data is written for (default {DEFAULT_VERSION})")
    return p


def cli_generate(argv: list[str]) -> int:
    """`python -m playground samples generate ...`: 0 on success, 2 on a usage error."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not 0 <= args.n <= MAX_N:
        parser.print_usage(sys.stderr)
        print(f"error: --n must be between 0 and {MAX_N}", file=sys.stderr)
        return 2
    if not 0.0 <= args.invalid_share <= 1.0:
        parser.print_usage(sys.stderr)
        print("error: --invalid-share must be between 0 and 1", file=sys.stderr)
        return 2
    items = generate_chat_summaries(args.n, args.seed, args.invalid_share, args.version)
    data = as_list_chats(items, version=args.version) if args.format == "list_chats" else items
    text = json.dumps(data, ensure_ascii=False, indent=args.indent)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as err:
            print(f"error: cannot write {args.out}: {err.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {len(items)} chat summaries to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text + "\n")
    return 0
