"""A small client of the Agent Chat Web API (docs: /work/shared/spec/API-CALLS.md).

Every method is ``POST <base>/v<version>/agent/action/<method>`` with a JSON body. Errors come
back as ``{"error": {"type", "message", "data"}}``; `LiveChatError` carries them and `explain()`
says them in words for a person (an expired token, the scope a method needs, the region an
account lives in). Rate limits (too_many_requests), service_unavailable and network errors are
retried a bounded number of times with exponential backoff; a write (send_event, ...) is retried
after a network error only when the request never reached the server (the connection could not
be made), since a dropped answer may mean the event was already posted.

The token: `Credentials` holds it and is the only object that does; its repr, the client's repr,
every exception text and every logged request show it as ``***`` (`redact_headers`, `scrub`).
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import requests

log = logging.getLogger("playground.live")

DEFAULT_BASE_URL = "https://api.livechatinc.com"
BASE_URL_ENV = "LIVECHAT_API_URL"
TOKEN_ENV = "LIVECHAT_TOKEN"
VERSIONS = ("3.4", "3.5", "3.6", "3.7")          # what the live API speaks (3.2, 3.3: unsupported_version)
DECOMMISSIONED = ("3.2", "3.3")
DEFAULT_VERSION = "3.6"                           # stable
TIMEOUT = (5.0, 20.0)                             # connect, read (the API gives up at 15 s: request_timeout)
RETRIES = 3                                       # retries after the first attempt
BACKOFF = 0.5                                     # seconds; doubled after each attempt
MAX_WAIT = 20.0                                   # a Retry-After longer than this is not waited for
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
MAX_PAGES = 1000                                  # pagination stops here whatever the cap
PAGE_LIMIT_MAX = 100                              # the API's own maximum `limit`

READ_SCOPES = ("chats--all:ro", "chats--access:ro")
WRITE_SCOPES = ("chats--all:rw", "chats--access:rw")
WRITES = frozenset({"send_event", "send_event_preview", "send_rich_message_postback"})
# The scopes a method needs (API-CALLS.md, "Authentication"): reading chats, or sending events.
SCOPES = {m: (WRITE_SCOPES if m in WRITES else READ_SCOPES)
          for m in ("list_chats", "list_archives", "list_threads", "get_chat", *sorted(WRITES))}
RETRY_TYPES = frozenset({"too_many_requests", "service_unavailable"})
REDACTED = "***"


# -- credentials --------------------------------------------------------------------------------
class TokenFormatError(ValueError):
    """The token text is none of the accepted forms (the message never repeats the text)."""


@dataclass(frozen=True)
class Credentials:
    """How to authenticate: "Basic" (a Personal Access Token with its account id) or "Bearer"
    (an OAuth access token). Never shows the secret: repr and str hide it."""
    scheme: str
    secret: str = field(repr=False)            # the part after "Basic " / "Bearer "
    account_id: str | None = None

    def header(self) -> str:
        return f"{self.scheme} {self.secret}"

    def secrets(self) -> tuple[str, ...]:
        """Every form of the secret that must never be shown (scrub() removes them)."""
        out = [self.secret]
        if self.scheme == "Basic":
            try:
                decoded = base64.b64decode(self.secret, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                decoded = ""
            token = decoded.partition(":")[2]
            out += [decoded, token]
        return tuple(s for s in out if len(s) >= 4)

    def describe(self) -> str:
        """For a person: "a Personal Access Token of account 1234…" / "a Bearer token"."""
        if self.scheme == "Basic":
            return f"a Personal Access Token of account {self.account_id}" if self.account_id else \
                "a Personal Access Token"
        return "a Bearer (OAuth) token"

    def __repr__(self) -> str:
        return f"Credentials(scheme={self.scheme!r}, account_id={self.account_id!r}, secret={REDACTED!r})"

    __str__ = __repr__

    def __reduce__(self):           # no pickling (a cache or a file would hold the token)
        raise TypeError("Credentials are not picklable: the token stays in memory")


def from_pat(account_id: str, token: str) -> Credentials:
    """Basic authentication: username = the account id, password = the Personal Access Token."""
    account_id, token = account_id.strip(), token.strip()
    if not account_id or not token:
        raise TokenFormatError("Both the account id and the Personal Access Token are needed.")
    raw = f"{account_id}:{token}".encode("utf-8")
    return Credentials("Basic", base64.b64encode(raw).decode("ascii"), account_id)


def parse_token(text: str) -> Credentials:
    """Read a token as a person pastes it: ``<account_id>:<pat>`` (the account id is the part
    before the first colon; a PAT may hold colons itself), that pair's Base64 form as the
    Developer Console shows it (with or without "Basic "), or ``Bearer <access token>``."""
    t = (text or "").strip()
    if not t:
        raise TokenFormatError("No token given.")
    if any(c.isspace() for c in t.split(" ", 1)[-1]) or "\n" in t:
        raise TokenFormatError("The token holds spaces or line breaks: paste it as one line.")
    word, _, rest = t.partition(" ")
    if rest and word.lower() == "bearer":
        return Credentials("Bearer", rest.strip())
    if rest and word.lower() == "basic":
        t = rest.strip()
    elif rest:
        raise TokenFormatError("The token holds a space: paste `<account_id>:<token>`, its Base64 form, "
                               "or `Bearer <token>`.")
    if ":" in t:
        account, _, token = t.partition(":")
        return from_pat(account, token)
    try:
        decoded = base64.b64decode(t, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if ":" in decoded and decoded.partition(":")[0] and decoded.partition(":")[2]:
        return Credentials("Basic", t, decoded.partition(":")[0])
    raise TokenFormatError("This is not a token the playground can read: paste `<account_id>:<personal "
                           "access token>`, the Base64 string the Developer Console shows for it, or "
                           "`Bearer <access token>`.")


def scrub(text: str, credentials: Credentials | None) -> str:
    """`text` with every form of the secret replaced by ***."""
    if credentials is None or not text:
        return text
    for s in sorted(credentials.secrets(), key=len, reverse=True):
        text = text.replace(s, REDACTED)
    return text


def redact_headers(headers: dict) -> dict:
    """Headers fit for a log: Authorization keeps its scheme only ("Basic ***")."""
    out = {}
    for k, v in headers.items():
        if k.lower() in ("authorization", "proxy-authorization", "cookie"):
            scheme = str(v).split(" ", 1)[0] if " " in str(v) else ""
            out[k] = f"{scheme} {REDACTED}".strip()
        else:
            out[k] = v
    return out


def base_url_from_env(environ: dict | None = None) -> str:
    env = os.environ if environ is None else environ
    return (env.get(BASE_URL_ENV) or "").strip().rstrip("/") or DEFAULT_BASE_URL


def check_version(version: str) -> str:
    """A version the live API speaks, else a ValueError in words."""
    if version in VERSIONS:
        return version
    if version in DECOMMISSIONED:
        raise ValueError(f"API v{version} is decommissioned: the live API answers unsupported_version "
                         f"(\"Cannot call unsupported API versions.\"). Use one of {', '.join(VERSIONS)} "
                         f"(v{DEFAULT_VERSION} is the stable one).")
    raise ValueError(f"Unknown API version {version!r}; the live API speaks {', '.join(VERSIONS)}.")


# -- errors -------------------------------------------------------------------------------------
class LiveChatError(Exception):
    """An API error ({"error": {"type", "message", "data"}}) or a network failure ("network",
    "timeout") or an answer that is not the API's ("bad_response"). str() is explain()."""

    def __init__(self, type: str, message: str, *, method: str = "", status: int | None = None,
                 data: Any = None, base_url: str = "", attempts: int = 1):
        self.type = type
        self.message = message
        self.method = method
        self.status = status
        self.data = data if isinstance(data, dict) else {}
        self.base_url = base_url
        self.attempts = attempts
        super().__init__(self.explain())

    @property
    def region(self) -> str | None:
        r = self.data.get("region")
        return r if isinstance(r, str) and r else None

    def explain(self) -> str:
        """The error in words for a person: what happened, why, and what to do."""
        t, m = self.type, self.message or "(no message)"
        what = f"`{self.method}`" if self.method else "The request"
        said = f'the API says {t}: "{m}"'
        tries = f" (tried {self.attempts} times)" if self.attempts > 1 else ""
        if t == "authentication":
            return (f"{what} was refused: the token is invalid or expired ({said}). Create a new Personal "
                    "Access Token in the Developer Console (or check the account id paired with it) and "
                    "connect again.")
        if t in ("authorization", "missing_access"):
            scopes = " or ".join(f"`{s}`" for s in SCOPES.get(self.method, READ_SCOPES))
            named = self.data.get("scope") or self.data.get("required_scope")
            need = f"; the API names the scope `{named}`" if isinstance(named, str) and named else ""
            return (f"{what} is not allowed with this token ({said}). It needs the scope {scopes}{need}: "
                    "add it to the token in the Developer Console, or ask an owner for the access.")
        if t == "misdirected_request":
            region = self.region
            where = f"in the region `{region}`" if region else "in another region"
            return (f"{what} went to the wrong region: this account lives {where} ({said}). The requests "
                    f"went to {self.base_url or 'the base URL'}; point the base URL "
                    f"({BASE_URL_ENV}) at the API of the account's region.")
        if t == "unsupported_version":
            return (f"{what}: this API version is not served any more ({said}); use one of "
                    f"{', '.join(VERSIONS)}.")
        if t == "too_many_requests":
            return f"{what}: the rate limit was hit{tries} ({said}). Wait a minute and try again."
        if t == "service_unavailable":
            return f"{what}: LiveChat is unavailable right now{tries} ({said}). Try again later."
        if t == "validation":
            return f"{what} was refused as malformed ({said})."
        if t == "not_found":
            return f"{what}: nothing found ({said}); check the chat id."
        if t == "chat_inactive":
            return f"{what}: the chat is not active ({said}); events go to active chats only."
        if t == "request_timeout":
            return f"{what}: the API gave up after 15 s ({said}). Try again, or ask for less."
        if t in ("license_expired", "license_not_found", "wrong_product_version"):
            return f"{what}: the account's license does not allow it ({said})."
        if t == "timeout":
            return f"{what}: no answer from {self.base_url} in time{tries}. Check the connection and try again."
        if t == "network":
            return f"{what}: could not reach {self.base_url}{tries} ({m}). Check the connection and the base URL."
        if t == "not_sendable":
            return f"{what} was not sent: {m}."
        if t == "bad_response":
            return f"{what}: the answer from {self.base_url} is not the API's ({m})."
        return f"{what} failed ({said})."


class _Retry(Exception):
    def __init__(self, error: LiveChatError, wait: float | None = None):
        self.error, self.wait = error, wait


# -- the client ---------------------------------------------------------------------------------
Progress = Callable[[int, int, Any], None]        # (pages read, items so far, found estimate)


class Client:
    """One account, one API version, one base URL. Methods return the API's JSON (a dict)."""

    def __init__(self, credentials: Credentials, version: str = DEFAULT_VERSION, base_url: str | None = None,
                 *, timeout: float | tuple[float, float] = TIMEOUT, retries: int = RETRIES,
                 backoff: float = BACKOFF, sleep: Callable[[float], None] = time.sleep,
                 session: requests.Session | None = None):
        if not isinstance(credentials, Credentials):
            raise TypeError("credentials must be a Credentials (parse_token / from_pat)")
        self._credentials = credentials
        self.version = check_version(version)
        self.base_url = (base_url or base_url_from_env()).rstrip("/")
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.trust_env = False          # no proxy settings or .netrc credentials from the environment

    def __repr__(self) -> str:
        return (f"Client(version={self.version!r}, base_url={self.base_url!r}, "
                f"auth={self._credentials.scheme} {REDACTED})")

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("Client is not picklable: it holds a token")

    @property
    def account_id(self) -> str | None:
        return self._credentials.account_id

    @property
    def credentials_description(self) -> str:
        return self._credentials.describe()

    def url(self, method: str) -> str:
        return f"{self.base_url}/v{self.version}/agent/action/{method}"

    def close(self) -> None:
        self._session.close()

    # -- one call, with retries --------------------------------------------------------------
    def call(self, method: str, body: dict | None = None) -> Any:
        """POST one action; the decoded JSON answer ({} for an empty 200). Raises LiveChatError."""
        body = {} if body is None else body
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._once(method, body, attempt)
            except _Retry as r:
                if attempt > self.retries:
                    r.error.attempts = attempt
                    r.error.args = (r.error.explain(),)
                    raise r.error from None
                wait = self.backoff * (2 ** (attempt - 1))
                if r.wait is not None:
                    wait = max(wait, r.wait)
                log.info("live: %s %s: %s; retry %d of %d in %.2f s", method, self.base_url, r.error.type,
                         attempt, self.retries, wait)
                self._sleep(min(wait, MAX_WAIT))

    def _error(self, type: str, message: str, method: str, status: int | None = None, data: Any = None) -> LiveChatError:
        c = self._credentials
        return LiveChatError(scrub(type, c), scrub(message, c), method=method, status=status,
                             data=_scrub_data(data, c), base_url=self.base_url)

    def _once(self, method: str, body: dict, attempt: int) -> Any:
        url = self.url(method)
        headers = {"Authorization": self._credentials.header(), "Content-Type": "application/json",
                   "Accept": "application/json"}
        # ASCII JSON: a lone surrogate (half a character, which UTF-8 cannot carry) goes as its escape
        try:
            payload = json.dumps(body, ensure_ascii=True, allow_nan=False).encode("ascii")
        except ValueError:          # NaN or Infinity: not JSON, and not something to send
            raise self._error("not_sendable", "it holds NaN or Infinity, which JSON cannot carry", method) from None
        log.debug("live: POST %s headers=%s bytes=%d attempt=%d", url, redact_headers(headers), len(payload), attempt)
        started = time.monotonic()
        try:
            resp = self._session.post(url, data=payload, headers=headers, timeout=self.timeout,
                                      stream=True, allow_redirects=False)
            raw = _read_capped(resp)
        except requests.exceptions.ConnectTimeout:
            raise _Retry(self._error("timeout", "could not connect in time", method)) from None
        except requests.exceptions.Timeout:
            err = self._error("timeout", "no answer in time", method)
            if method in WRITES:        # the event may have been posted: do not post it twice
                raise err from None
            raise _Retry(err) from None
        except requests.exceptions.ConnectionError as exc:
            err = self._error("network", _network_words(exc), method)
            if method in WRITES and not _never_connected(exc):
                raise err from None
            raise _Retry(err) from None
        except requests.exceptions.RequestException as exc:
            raise self._error("network", type(exc).__name__, method) from None
        except _TooLarge:
            raise self._error("bad_response", f"more than {MAX_RESPONSE_BYTES // (1024 * 1024)} MB", method) from None
        log.debug("live: %s -> HTTP %d, %d bytes, %.3f s", method, resp.status_code, len(raw),
                  time.monotonic() - started)
        return self._decode(method, resp, raw)

    def _decode(self, method: str, resp: requests.Response, raw: bytes) -> Any:
        status = resp.status_code
        try:
            data = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except (UnicodeDecodeError, ValueError):
            data = None
        err = data.get("error") if isinstance(data, dict) else None
        if 200 <= status < 300 and data is not None and not isinstance(err, dict):
            return data
        if isinstance(err, dict):
            e = self._error(str(err.get("type") or "unknown"), str(err.get("message") or ""), method, status,
                            err.get("data"))
        elif status in (429, 503):
            e = self._error("too_many_requests" if status == 429 else "service_unavailable",
                            f"HTTP {status}", method, status)
        else:
            e = self._error("bad_response", f"HTTP {status}" + (", not JSON" if data is None else ""), method, status)
        if e.type in RETRY_TYPES:
            raise _Retry(e, _retry_after(resp))
        raise e

    # -- the methods ---------------------------------------------------------------------------
    def list_chats(self, filters: dict | None = None, sort_order: str | None = None, limit: int | None = None,
                   page_id: str | None = None) -> dict:
        return self.call("list_chats", _first_or_next(page_id, filters=filters, sort_order=sort_order, limit=limit))

    def list_archives(self, filters: dict | None = None, limit: int | None = None, page_id: str | None = None,
                      highlights: dict | None = None) -> dict:
        return self.call("list_archives", _first_or_next(page_id, filters=filters, limit=limit, highlights=highlights))

    def list_threads(self, chat_id: str, sort_order: str | None = None, limit: int | None = None,
                     page_id: str | None = None, min_events_count: int | None = None,
                     filters: dict | None = None) -> dict:
        body = {"chat_id": chat_id, **_first_or_next(page_id, sort_order=sort_order, limit=limit,
                                                     min_events_count=min_events_count, filters=filters)}
        return self.call("list_threads", body)

    def get_chat(self, chat_id: str, thread_id: str | None = None) -> dict:
        return self.call("get_chat", _clean({"chat_id": chat_id, "thread_id": thread_id}))

    def send_event(self, chat_id: str, event: dict, attach_to_last_thread: bool | None = None) -> dict:
        return self.call("send_event", _clean({"chat_id": chat_id, "event": event,
                                               "attach_to_last_thread": attach_to_last_thread}))

    def send_event_preview(self, chat_id: str, event: dict) -> dict:
        return self.call("send_event_preview", {"chat_id": chat_id, "event": event})

    def send_rich_message_postback(self, chat_id: str, event_id: str, thread_id: str, postback: dict) -> dict:
        return self.call("send_rich_message_postback", {"chat_id": chat_id, "event_id": event_id,
                                                        "thread_id": thread_id, "postback": postback})

    # -- pagination -----------------------------------------------------------------------------
    def fetch_all(self, method: str, body: dict | None = None, *, cap: int | None = None,
                  progress: Progress | None = None, chat_id: str | None = None) -> dict:
        """Follow next_page_id from the first page (filters, limit and sort_order in the first
        request only; later ones carry page_id alone, as the API requires) until there is none,
        `cap` items are in, or MAX_PAGES pages. Returns one document of the API's own shape: the
        first page's keys with every page's items in its list (chats_summary, chats_info, chats
        or threads); next_page_id stays only when more pages were left unread (the cap)."""
        if method not in ("list_chats", "list_archives", "list_threads"):
            raise ValueError(f"{method} has no pages")
        first = _clean(dict(body or {}))
        if chat_id is not None:
            first["chat_id"] = chat_id
        merged: dict | None = None
        key = None
        items: list = []
        seen_pages: set[str] = set()
        request, pages = first, 0
        while True:
            page = self.call(method, request)
            pages += 1
            if not isinstance(page, dict):
                raise self._error("bad_response", "a page that is not a JSON object", method)
            if merged is None:
                merged = {k: v for k, v in page.items() if k != "previous_page_id"}
                key = items_key(page)
            got = page.get(key) if key else None
            if isinstance(got, list):
                items.extend(got)
            next_id = page.get("next_page_id")
            found = merged.get("found_chats", merged.get("found_threads"))
            if progress is not None:
                progress(pages, len(items), found)
            more = isinstance(next_id, str) and next_id and next_id not in seen_pages
            if cap is not None and len(items) >= cap:
                del items[cap:]
                break
            if not more or pages >= MAX_PAGES:
                next_id = next_id if more else None
                break
            seen_pages.add(next_id)
            request = {"page_id": next_id, **({"chat_id": chat_id} if chat_id is not None else {})}
        assert merged is not None
        merged.pop("next_page_id", None)
        if key:
            merged[key] = items
        if more and next_id:
            merged["next_page_id"] = next_id
        return merged


ITEM_KEYS = ("chats_summary", "chats_info", "chats", "threads")


def items_key(page: dict) -> str | None:
    for k in ITEM_KEYS:
        if isinstance(page.get(k), list):
            return k
    return None


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def _first_or_next(page_id: str | None, **first: Any) -> dict:
    """A later page carries page_id and nothing else (filters with a page_id are a validation error)."""
    return {"page_id": page_id} if page_id else _clean(first)


def _scrub_data(data: Any, c: Credentials) -> Any:
    if not isinstance(data, dict):
        return None
    try:
        return json.loads(scrub(json.dumps(data, ensure_ascii=False), c))
    except ValueError:
        return None


class _TooLarge(Exception):
    pass


def _read_capped(resp: requests.Response) -> bytes:
    chunks, total = [], 0
    try:
        for chunk in resp.iter_content(64 * 1024):
            total += len(chunk)
            if total > MAX_RESPONSE_BYTES:
                raise _TooLarge()
            chunks.append(chunk)
    finally:
        resp.close()
    return b"".join(chunks)


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _never_connected(exc: BaseException) -> bool:
    """True when the connection could not be made at all (refused, no such host): the request
    was never sent, so even a write may be retried."""
    seen = 0
    e: BaseException | None = exc
    while e is not None and seen < 10:
        name = type(e).__name__
        if name in ("NewConnectionError", "NameResolutionError", "ConnectionRefusedError"):
            return True
        e = e.args[0] if e.args and isinstance(e.args[0], BaseException) else (
            getattr(e, "reason", None) if isinstance(getattr(e, "reason", None), BaseException) else e.__cause__ or e.__context__)
        seen += 1
    return False


def _network_words(exc: BaseException) -> str:
    if _never_connected(exc):
        return "connection refused or host not found"
    text = str(exc)
    if "RemoteDisconnected" in text or "Connection aborted" in text or "reset" in text.lower():
        return "the connection was dropped before an answer came"
    return "connection error"
