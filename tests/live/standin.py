"""A local stand-in for the Agent Chat Web API, for tests (never part of the package).

    with StandIn() as api:              # 127.0.0.1, a free port, stdlib http.server in a thread
        api.url                         # "http://127.0.0.1:<port>": the client's base URL
        api.token                       # "<account_id>:<pat>" that it accepts (Basic), api.bearer too
        api.fail("too_many_requests", times=2)      # the next 2 calls answer 429
        api.requests                    # every request seen: method, version, headers, body

It checks what the docs (API-CALLS.md) say a request must be: POST /v<version>/agent/action/<method>,
Content-Type application/json, Authorization Basic base64(account:pat) or Bearer, the method's
scope, a JSON object body, required fields, `limit` at most 100, a later page carrying page_id and
nothing else, an event with a type and no server-written keys. It answers with the documented
shapes, built from the spec's v3.6 samples (samples/v3_6/chats/). It can be told to fail:
authentication (401), authorization (403, naming a scope), validation (422), too_many_requests
(429), internal (500), service_unavailable (503), misdirected (421, data.region), timeout (answers
after `slow_seconds`), drop (closes the connection without an answer), echo (an
authentication error whose message repeats the Authorization header: the client must hide it). Its own checks of an
event are deliberately few (a type; a message's text; a rich message's template_id and
elements): it is the API, not our validator.
"""
from __future__ import annotations

import base64
import copy
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "v3_6" / "chats"
ACCOUNT_ID = "5f0f3a3e-acc0-4e7b-9c1d-standin00001"
PAT = "dal:StandInPersonalAccessToken-s3cr3t"
BEARER = "dal:StandInBearerAccessToken-t0p53cr3t"
PATH = re.compile(r"^/v(\d+\.\d+)/agent/action/([a-z_]+)$")
LIVE_VERSIONS = ("3.4", "3.5", "3.6", "3.7")
READ = {"chats--all:ro", "chats--access:ro", "chats--all:rw", "chats--access:rw"}
WRITE = {"chats--all:rw", "chats--access:rw"}
NEEDS = {"list_chats": READ, "list_archives": READ, "list_threads": READ, "get_chat": READ,
         "send_event": WRITE, "send_event_preview": WRITE, "send_rich_message_postback": WRITE}
EVENT_TYPES = {"message", "rich_message", "file", "filled_form", "custom", "system_message", "form", "system"}
FAILURES = {
    "authentication": (401, "authentication", "Invalid access token", None),
    "authorization": (403, "authorization", "Requester is not allowed to perform this action: scope chats--all:rw required",
                      None),
    "validation": (422, "validation", "Wrong format of request", None),
    "too_many_requests": (429, "too_many_requests", "Requests limit reached", None),
    "internal": (500, "internal", "Internal server error", None),
    "service_unavailable": (503, "service_unavailable", "Service unavailable", None),
    "misdirected": (421, "misdirected_request", "Wrong region", {"region": "fra"}),
    "unsupported_version": (400, "unsupported_version", "Cannot call unsupported API versions.", None),
}


def _load(name: str):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def make_chats(n: int) -> tuple[list[dict], dict[str, dict]]:
    """n chat summaries (every other one active; the 3rd one deliberately broken) and the chats
    get_chat answers, from the spec's v3.6 samples."""
    summary, chat = _load("chat_summary.json"), _load("chat.json")
    summaries, chats = [], {}
    for i in range(n):
        cid, tid = f"CHAT{i:04d}", f"THRD{i:04d}"
        s = copy.deepcopy(summary)
        s["properties"] = s.pop("properites", {})
        s["id"] = cid
        s["last_thread_summary"]["id"] = tid
        s["last_thread_summary"]["active"] = i % 2 == 0
        if i == 2:
            s["last_thread_summary"]["active"] = "yes"         # a row our tables must flag, not drop
        summaries.append(s)
        c = copy.deepcopy(chat)
        c["properties"] = c.pop("properites", {})
        c["id"] = cid
        thread = c.pop("threads")[0]
        thread["id"] = tid
        thread["active"] = i % 2 == 0
        c["thread"] = thread
        chats[cid] = c
    return summaries, chats


class StandIn:
    def __init__(self, chats: int = 25, account_id: str = ACCOUNT_ID, pat: str = PAT, bearer: str = BEARER,
                 scopes: set[str] | None = None, slow_seconds: float = 1.0):
        self.account_id, self.pat, self.bearer = account_id, pat, bearer
        self.scopes = set(scopes) if scopes is not None else {"chats--all:rw", "chats--all:ro"}
        self.slow_seconds = slow_seconds
        self.summaries, self.chats = make_chats(chats)
        self.requests: list[dict] = []
        self.sent: list[dict] = []
        self._failures: list[tuple[str, str | None]] = []
        self._pages: dict[str, tuple[str, int, dict]] = {}
        self._lock = threading.Lock()
        self._events = 0
        self._server: ThreadingHTTPServer | None = None

    # -- control -----------------------------------------------------------------------------
    @property
    def token(self) -> str:
        return f"{self.account_id}:{self.pat}"

    @property
    def basic(self) -> str:
        return base64.b64encode(self.token.encode()).decode()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def fail(self, kind: str, times: int = 1, method: str | None = None) -> None:
        """The next `times` calls (of `method`, if given) fail as `kind`."""
        if kind not in FAILURES and kind not in ("timeout", "drop", "echo"):
            raise ValueError(kind)
        with self._lock:
            self._failures.extend([(kind, method)] * times)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self.requests.clear()

    def calls(self, method: str | None = None) -> list[dict]:
        with self._lock:
            return [r for r in self.requests if method is None or r["method"] == method]

    def __enter__(self) -> "StandIn":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> "StandIn":
        standin = self

        class Handler(_Handler):
            api = standin

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="livechat-standin", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- the API -----------------------------------------------------------------------------
    def _take_failure(self, method: str) -> str | None:
        with self._lock:
            for i, (kind, m) in enumerate(self._failures):
                if m is None or m == method:
                    del self._failures[i]
                    return kind
        return None

    def _authorized(self, header: str) -> str | None:
        """The user id behind a valid Authorization header, else None."""
        if header == f"Basic {self.basic}":
            return "agent@standin.example"
        if header == f"Bearer {self.bearer}":
            return "bearer-agent@standin.example"
        return None

    def handle(self, version: str, method: str, headers: dict, body: object) -> tuple[int, dict]:
        if version not in LIVE_VERSIONS:
            if version in ("3.2", "3.3"):
                return _error(*FAILURES["unsupported_version"])
            return _error(404, "not_found", "Unknown API version", None)
        if not headers.get("content-type", "").startswith("application/json"):
            return _error(400, "validation", "Wrong format of request: Content-Type must be application/json", None)
        user = self._authorized(headers.get("authorization", ""))
        if user is None:
            return _error(401, "authentication", "Invalid access token", None)
        if method not in NEEDS:
            return _error(404, "not_found", f"Unknown method {method}", None)
        if not (self.scopes & NEEDS[method]):
            need = sorted(NEEDS[method] & WRITE) if NEEDS[method] == WRITE else ["chats--all:ro", "chats--access:ro"]
            return _error(403, "authorization", f"Missing scope: {' or '.join(need)} required", None)
        if not isinstance(body, dict):
            return _error(400, "validation", "Wrong format of request", None)
        return getattr(self, "m_" + method)(body, user)

    def _page(self, method: str, body: dict, items: list, key: str, extra: dict | None = None) -> tuple[int, dict]:
        if "page_id" in body:
            others = set(body) - {"page_id"} - ({"chat_id"} if method == "list_threads" else set())
            if others:
                return _error(400, "validation", "Cannot use filters, limit or sort_order with page_id", None)
            with self._lock:
                known = self._pages.get(body["page_id"])
            if known is None or known[0] != method:
                return _error(400, "validation", "Invalid page_id", None)
            _, offset, first = known
        else:
            offset, first = 0, body
        limit = first.get("limit", 10)
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 100:
            return _error(400, "validation", "limit must be an integer between 1 and 100", None)
        chunk = items[offset:offset + limit]
        out = {key: chunk, ("found_threads" if key == "threads" else "found_chats"): len(items), **(extra or {})}
        if offset + limit < len(items):
            pid = base64.urlsafe_b64encode(f"{method}:{offset + limit}:{time.monotonic_ns()}".encode()).decode()
            with self._lock:
                self._pages[pid] = (method, offset + limit, first)
            out["next_page_id"] = pid
        if offset:
            out["previous_page_id"] = "previous-" + str(offset)
        return 200, out

    def _filtered(self, body: dict) -> list[dict] | tuple[int, dict]:
        f = body.get("filters", {})
        if not isinstance(f, dict):
            return _error(400, "validation", "filters must be an object", None)
        items = self.summaries
        if "active" in f:
            if not isinstance(f["active"], bool):
                return _error(400, "validation", "filters.active must be a boolean", None)
            items = [s for s in items if (s["last_thread_summary"].get("active") is True) == f["active"]]
        if body.get("sort_order", "desc") not in ("asc", "desc"):
            return _error(400, "validation", "sort_order must be asc or desc", None)
        return items

    def m_list_chats(self, body: dict, user: str):
        first = body if "page_id" not in body else self._pages.get(body["page_id"], ("", 0, {}))[2]
        items = self._filtered(first)
        if isinstance(items, tuple):
            return items
        return self._page("list_chats", body, items, "chats_summary")

    def m_list_archives(self, body: dict, user: str):
        first = body if "page_id" not in body else self._pages.get(body["page_id"], ("", 0, {}))[2]
        q = (first.get("filters") or {}).get("query") if isinstance(first.get("filters"), dict) else None
        chats = [c for c in self.chats.values() if not c["thread"]["active"]]
        if isinstance(q, str) and q:
            chats = [c for c in chats if q.lower() in json.dumps(c).lower()]
        return self._page("list_archives", body, chats, "chats")

    def m_list_threads(self, body: dict, user: str):
        chat = self.chats.get(body.get("chat_id")) if isinstance(body.get("chat_id"), str) else None
        if "chat_id" not in body:
            return _error(400, "validation", "chat_id is required", None)
        if chat is None:
            return _error(404, "not_found", "Chat not found", None)
        return self._page("list_threads", body, [chat["thread"]], "threads")

    def m_get_chat(self, body: dict, user: str):
        if not isinstance(body.get("chat_id"), str):
            return _error(400, "validation", "chat_id is required", None)
        chat = self.chats.get(body["chat_id"])
        if chat is None:
            return _error(404, "not_found", "Chat not found", None)
        with self._lock:
            return 200, copy.deepcopy(chat)

    def _event_problem(self, event: object) -> str | None:
        if not isinstance(event, dict):
            return "event must be an object"
        if event.get("type") not in EVENT_TYPES:
            return "event.type is invalid"
        for key in ("id", "created_at", "author_id"):
            if key in event:
                return f"event.{key} cannot be set by the requester"
        if event["type"] == "message" and not (isinstance(event.get("text"), str) and event["text"]):
            return "event.text is required"
        if event["type"] == "rich_message":
            if event.get("template_id") not in ("cards", "sticker", "quick_replies"):
                return "event.template_id is invalid"
            if not isinstance(event.get("elements"), list) or not event["elements"]:
                return "event.elements is required"
        return None

    def _active_chat(self, body: dict):
        if not isinstance(body.get("chat_id"), str):
            return _error(400, "validation", "chat_id is required", None)
        chat = self.chats.get(body["chat_id"])
        if chat is None:
            return _error(404, "not_found", "Chat not found", None)
        if not chat["thread"]["active"]:
            return _error(400, "chat_inactive", "Chat is inactive", None)
        return chat

    def m_send_event(self, body: dict, user: str):
        chat = self._active_chat(body)
        if isinstance(chat, tuple):
            return chat
        problem = self._event_problem(body.get("event"))
        if problem:
            return _error(400, "validation", f"Wrong format of request: {problem}", None)
        with self._lock:
            self._events += 1
            event = {"id": f"{chat['thread']['id']}_{100 + self._events}",
                     "created_at": "2026-12-02T12:00:00.%06dZ" % self._events, "author_id": user,
                     **body["event"]}
            event.setdefault("visibility", "all")
            chat["thread"]["events"].append(event)
            self.sent.append({"chat_id": chat["id"], "event": body["event"]})
        return 200, {"event_id": event["id"]}

    def m_send_event_preview(self, body: dict, user: str):
        chat = self._active_chat(body)
        if isinstance(chat, tuple):
            return chat
        event = body.get("event")
        if not isinstance(event, dict) or event.get("type") != "message":
            return _error(400, "validation", "Only message events can be previewed", None)
        return 200, {}

    def m_send_rich_message_postback(self, body: dict, user: str):
        chat = self._active_chat(body)
        if isinstance(chat, tuple):
            return chat
        pb = body.get("postback")
        if not (isinstance(body.get("event_id"), str) and isinstance(body.get("thread_id"), str)
                and isinstance(pb, dict) and isinstance(pb.get("id"), str) and isinstance(pb.get("toggled"), bool)):
            return _error(400, "validation", "event_id, thread_id and postback {id, toggled} are required", None)
        return 200, {}


def _error(status: int, type_: str, message: str, data: dict | None) -> tuple[int, dict]:
    err = {"type": type_, "message": message}
    if data:
        err["data"] = data
    return status, {"error": err}


class _Handler(BaseHTTPRequestHandler):
    api: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:   # quiet
        pass

    def do_GET(self) -> None:
        self._send(405, {"error": {"type": "validation", "message": "Use POST"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        m = PATH.match(self.path)
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, ValueError):
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        method = m.group(2) if m else ""
        with self.api._lock:
            self.api.requests.append({"method": method, "version": m.group(1) if m else None,
                                      "path": self.path, "headers": headers, "body": body, "raw": raw})
        failure = self.api._take_failure(method)
        if failure == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if failure == "echo":     # a careless server repeating the credentials: the client must hide them
            auth = headers.get("authorization", "")
            secret = auth.split(" ", 1)[-1]
            try:
                decoded = base64.b64decode(secret).decode()
            except ValueError:
                decoded = ""
            self._send(401, {"error": {"type": "authentication", "message": f"Bad token {auth} ({decoded})",
                                       "data": {"token": secret}}})
            return
        if failure == "timeout":
            time.sleep(self.api.slow_seconds)
            failure = None
        if failure is not None:
            status, out = _error(*FAILURES[failure])
            self._send(status, out, retry_after="0" if failure == "too_many_requests" else None)
            return
        if m is None:
            self._send(404, {"error": {"type": "not_found", "message": "Not found"}})
            return
        status, out = self.api.handle(m.group(1), method, headers, body)
        self._send(status, out)

    def _send(self, status: int, out: dict, retry_after: str | None = None) -> None:
        data = json.dumps(out).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
