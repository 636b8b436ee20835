"""Ready-to-copy code that sends an event with the Agent Chat API's send_event.

    snippets = all_snippets(event, chat_id="PJ0MRSHTDG", version="3.2")
    snippets["curl"].code          # a shell command
    snippets["python"].code        # Python with requests
    snippets["python_sdk"].code    # Python with LiveChat's lc-sdk-python (AgentWeb)
    snippets["javascript"].code    # JavaScript with fetch
    snippets["rtm"].code           # the RTM API (websocket) frame, JSON

Web API (spec/NOTES.md, "Sending an event"; spec/API-CALLS.md): POST https://api.livechatinc.com/
v<version>/agent/action/send_event, body {"chat_id": ..., "event": {...}}, header "Authorization:
Bearer <token>"; it answers {"event_id": ...}. RTM: {"action": "send_event", "request_id": ...,
"payload": {...}} on the version's websocket.

Per version: `all_snippets` writes the event in the chosen version's field names (`plan`: a
v3.2 event's `recipients` becomes `visibility` for v3.4 and later, and back, through
playground.authoring.migrate), and every snippet says when the version cannot be called:
v3.2 and v3.3 are decommissioned, and LiveChat answers them with `unsupported_version`.

Every value that comes from a payload (or the chat id, or the request id) is written through one
quoting function per language, so no string can break out of its literal: ``shlex.quote`` for the
shell, ``repr`` for Python, JSON for JavaScript and RTM. Characters that are invisible or that
reorder text (bidi controls, U+2028, lone surrogates, ...) are written as escapes, so the code
shows what it sends. The token is a placeholder, never a real secret.

Pure: no Streamlit, no network.
"""
from __future__ import annotations

import json
import math
import re
import shlex
import textwrap
from dataclasses import dataclass
from typing import Any

from playground.authoring import migrate
from playground.spec import catalog
from playground.spec.limits import API_VERSION

API_BASE = "https://api.livechatinc.com"
RTM_BASE = "wss://api.livechatinc.com"
# spec/API-CALLS.md: "v3.3 and v3.2 are decommissioned: calling them answers the error
# unsupported_version ("Cannot call unsupported API versions.")"
UNSUPPORTED_ERROR = "unsupported_version"
UNSUPPORTED_MESSAGE = "Cannot call unsupported API versions."
TOKEN_PLACEHOLDER = "<YOUR_ACCESS_TOKEN>"
CHAT_ID_PLACEHOLDER = "<CHAT_ID>"
DEFAULT_REQUEST_ID = "send-event-1"
# The versions lc-sdk-python's AgentWeb.get_client accepts (its clients start at 3.3); an
# unlisted version makes it raise ValueError("Provided version does not exist.").
SDK_VERSIONS = ("3.3", "3.4", "3.5", "3.6")
SDK_PACKAGE = "lc-sdk-python"
_VERSION = re.compile(r"^\d{1,2}\.\d{1,2}$")


@dataclass(frozen=True)
class Snippet:
    key: str
    title: str
    language: str      # for st.code: "bash", "python", "javascript", "json"
    code: str
    note: str = ""


def check_version(version: Any) -> str:
    """The API version as it goes in the URL ("3.2"); ValueError for anything else."""
    v = str(version).strip()
    if v.lower().startswith("v"):
        v = v[1:]
    if not _VERSION.match(v):
        raise ValueError(f"{str(version)[:20]!r} is not an API version; write it like {API_VERSION}.")
    return v


def url(version: str = API_VERSION) -> str:
    return f"{API_BASE}/v{check_version(version)}/agent/action/send_event"


def rtm_url(version: str = API_VERSION) -> str:
    """The Agent Chat RTM API's websocket for a version."""
    return f"{RTM_BASE}/v{check_version(version)}/agent/rtm/ws"


def version_notice(version: str) -> str:
    """What a person must know before calling this version ("" for the stable one)."""
    v = check_version(version)
    stable = next((x for x in catalog.VERSIONS if catalog.STATUS.get(x) == "stable"), catalog.VERSIONS[-1])
    status = catalog.STATUS.get(v)
    if status == "decommissioned":
        return (f"API v{v} is decommissioned: LiveChat answers every call with the error "
                f"`{UNSUPPORTED_ERROR}` (\"{UNSUPPORTED_MESSAGE}\"). Send it with v{stable}, the stable version.")
    if status == "legacy":
        return f"API v{v} is legacy: it still answers, but v{stable} is the stable version."
    if status == "preview":
        return (f"API v{v} is a developer preview: not open to public use (LiveChat gives access on "
                f"request); v{stable} is the stable version.")
    if status is None:
        return (f"The playground does not know API v{v} (LiveChat documents v{catalog.VERSIONS[0]} to "
                f"v{catalog.VERSIONS[-1]}); the event is sent as it is.")
    return ""


@dataclass(frozen=True)
class Plan:
    """The event as the chosen version names its fields, and what changed to get there."""
    event: Any
    version: str
    renames: tuple[str, ...] = ()     # "`recipients` -> `visibility` (renamed in v3.4 ...)", one per key
    notice: str = ""                  # version_notice(version)


def plan(event: Any, version: str = API_VERSION, source: str | None = None, structure: str | None = None) -> Plan:
    """`event` in `version`'s field names: migrated from `source` (detected when None) when the
    version is one the playground knows; unchanged otherwise, or when nothing needs renaming."""
    v = check_version(version)
    notice = version_notice(v)
    if v not in catalog.VERSIONS or not isinstance(event, dict):
        return Plan(event, v, (), notice)
    try:
        text = json.dumps(event, ensure_ascii=True, allow_nan=False)
    except (TypeError, ValueError):
        return Plan(event, v, (), notice)
    src = source if source in catalog.VERSIONS else None
    moved = migrate.migrate(text, v, source=src, structure=structure, mode="request")
    if not moved.changed or moved.problem:
        return Plan(event, v, (), notice)
    try:
        data = json.loads(moved.text)
    except ValueError:
        return Plan(event, v, (), notice)
    renames = tuple(n for n in moved.notes if " -> " in n)
    return Plan(data, v, renames, notice)


def _warning(version: str, comment: str) -> str:
    """A comment line saying the version cannot be called (decommissioned), "" otherwise."""
    v = check_version(version)
    if catalog.STATUS.get(v) != "decommissioned":
        return ""
    return "".join(f"{comment} {line}\n" for line in textwrap.wrap(version_notice(v), 90))


def body(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, attach_to_last_thread: bool | None = None) -> dict:
    """The send_event request body."""
    out: dict[str, Any] = {"chat_id": chat_id, "event": event}
    if attach_to_last_thread is not None:
        out["attach_to_last_thread"] = bool(attach_to_last_thread)
    return out


def rtm_frame(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, request_id: str = DEFAULT_REQUEST_ID,
              attach_to_last_thread: bool | None = None) -> dict:
    return {"action": "send_event", "request_id": request_id,
            "payload": body(event, chat_id, attach_to_last_thread)}


# ---------------------------------------------------------------------------------------------
# quoting: one function per language

def _escape_invisible(m: re.Match) -> str:
    c = m.group()
    cp = ord(c)
    if cp > 0xFFFF:
        cp -= 0x10000
        return "\\u%04x\\u%04x" % (0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF))
    return "\\u%04x" % cp


def _invisible(c: str) -> bool:
    return not c.isprintable() and c not in "\n "


_NONPRINTABLE = re.compile("[^\\n -~]")


def json_text(value: Any, indent: int | None = 2) -> str:
    """JSON text that is also a valid JavaScript expression and safe to show: readable unicode
    stays as it is; invisible and text-reordering characters become \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return _NONPRINTABLE.sub(lambda m: _escape_invisible(m) if _invisible(m.group()) else m.group(), text)


_PY_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def py_str(value: str) -> str:
    """A double-quoted Python string literal for any str (lone surrogates included); invisible
    and text-reordering characters are escaped."""
    out = ['"']
    for c in value:
        esc = _PY_ESCAPES.get(c)
        if esc is not None:
            out.append(esc)
        elif c.isprintable():
            out.append(c)
        else:
            cp = ord(c)
            out.append("\\x%02x" % cp if cp < 0x100 else "\\u%04x" % cp if cp < 0x10000 else "\\U%08x" % cp)
    out.append('"')
    return "".join(out)


def python_literal(value: Any, level: int = 0, indent: int = 4) -> str:
    """A Python expression that evaluates (ast.literal_eval) to `value`, laid out like JSON."""
    if value is None:
        return "None"
    if value is True:
        return "True"
    if value is False:
        return "False"
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return repr(value)
        raise ValueError("NaN and Infinity are not JSON values")
    if isinstance(value, str):
        return py_str(value)
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{python_literal(str(k))}: {python_literal(v, level + 1, indent)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{end}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        items = [f"{pad}{python_literal(v, level + 1, indent)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{end}]"
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _indent_tail(text: str, spaces: int) -> str:
    """Indent every line but the first (to embed a multi-line literal after `name=`)."""
    return text.replace("\n", "\n" + " " * spaces)


def _has_proto_key(value: Any) -> bool:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            if "__proto__" in v:
                return True
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def js_expression(value: Any) -> str:
    """A JavaScript expression for `value`. An object literal with a "__proto__" key would set
    the prototype instead of a property, so such data goes through JSON.parse."""
    if _has_proto_key(value):
        return "JSON.parse(" + json_text(json_text(value, indent=None), indent=None) + ")"
    return json_text(value)


def sh(value: str) -> str:
    return shlex.quote(value)


# ---------------------------------------------------------------------------------------------
# the snippets

def curl(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, version: str = API_VERSION,
         token: str = TOKEN_PLACEHOLDER, attach_to_last_thread: bool | None = None) -> str:
    data = json_text(body(event, chat_id, attach_to_last_thread))
    return (_warning(version, "#") +
            f"curl --request POST {sh(url(version))} \\\n"
            f"  --header {sh('Authorization: Bearer ' + token)} \\\n"
            f"  --header {sh('Content-Type: application/json')} \\\n"
            f"  --data-raw {sh(data)}\n")


def python_requests(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, version: str = API_VERSION,
                    token: str = TOKEN_PLACEHOLDER, attach_to_last_thread: bool | None = None) -> str:
    payload = python_literal(body(event, chat_id, attach_to_last_thread))
    return (
        _warning(version, "#") +
        "import requests\n\n"
        f"API_URL = {python_literal(url(version))}\n"
        f"ACCESS_TOKEN = {python_literal(token)}  # an agent's access token; keep it out of your code\n\n"
        f"payload = {payload}\n\n"
        "response = requests.post(\n"
        "    API_URL,\n"
        "    json=payload,\n"
        "    headers={\"Authorization\": f\"Bearer {ACCESS_TOKEN}\"},\n"
        "    timeout=30,\n"
        ")\n"
        "response.raise_for_status()\n"
        "print(response.json())  # {'event_id': ...}: the id the server gave the event\n"
    )


def sdk_version(version: str = API_VERSION) -> str:
    """The lc-sdk-python client version closest to `version` (it has none below 3.3)."""
    v = check_version(version)
    if v in SDK_VERSIONS:
        return v
    key = tuple(int(x) for x in v.split("."))
    older = [s for s in SDK_VERSIONS if tuple(int(x) for x in s.split(".")) < key]
    return older[-1] if older else SDK_VERSIONS[0]


def python_sdk(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, version: str = API_VERSION,
               token: str = TOKEN_PLACEHOLDER, attach_to_last_thread: bool | None = None) -> str:
    v = check_version(version)
    use = sdk_version(v)
    why = ""
    if use != v:
        why = (f"# {SDK_PACKAGE} has no client for API v{v}; it offers {', '.join(SDK_VERSIONS)}.\n"
               f"# v{use} is used here: the events of v3.2 are valid v3.3 events (3.3 only adds fields).\n")
    extra = ""
    if attach_to_last_thread is not None:
        extra = f"    attach_to_last_thread={python_literal(bool(attach_to_last_thread))},\n"
    return (
        _warning(v, "#") +
        f"# pip install {SDK_PACKAGE}\n"
        "from livechat.agent.web.base import AgentWeb\n\n"
        + why +
        "agent_web = AgentWeb.get_client(\n"
        f"    access_token={python_literal('Bearer ' + token)},  # the whole Authorization header value\n"
        f"    version={python_literal(use)},\n"
        ")\n"
        "response = agent_web.send_event(\n"
        f"    chat_id={python_literal(chat_id)},\n"
        f"    event={_indent_tail(python_literal(event), 4)},\n"
        + extra +
        ")\n"
        "print(response.json())  # {'event_id': ...}\n"
    )


def javascript_fetch(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, version: str = API_VERSION,
                     token: str = TOKEN_PLACEHOLDER, attach_to_last_thread: bool | None = None) -> str:
    payload = js_expression(body(event, chat_id, attach_to_last_thread))
    return (
        _warning(version, "//") +
        f"const API_URL = {json_text(url(version))};\n"
        f"const ACCESS_TOKEN = {json_text(token)}; // an agent's access token; keep it out of your code\n\n"
        f"const payload = {payload};\n\n"
        "async function sendEvent() {\n"
        "  const response = await fetch(API_URL, {\n"
        "    method: \"POST\",\n"
        "    headers: {\n"
        "      \"Authorization\": `Bearer ${ACCESS_TOKEN}`,\n"
        "      \"Content-Type\": \"application/json\",\n"
        "    },\n"
        "    body: JSON.stringify(payload),\n"
        "  });\n"
        "  if (!response.ok) {\n"
        "    throw new Error(`send_event failed: ${response.status} ${await response.text()}`);\n"
        "  }\n"
        "  return response.json(); // {event_id: ...}: the id the server gave the event\n"
        "}\n\n"
        "sendEvent().then(console.log, console.error);\n"
    )


def rtm(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, request_id: str = DEFAULT_REQUEST_ID,
        attach_to_last_thread: bool | None = None) -> str:
    return json_text(rtm_frame(event, chat_id, request_id, attach_to_last_thread)) + "\n"


def all_snippets(event: Any, chat_id: str = CHAT_ID_PLACEHOLDER, version: str = API_VERSION,
                 request_id: str = DEFAULT_REQUEST_ID, token: str = TOKEN_PLACEHOLDER,
                 attach_to_last_thread: bool | None = None, source: str | None = None,
                 structure: str | None = None) -> dict[str, Snippet]:
    """Every snippet for one event, in the order a page shows them, with the event written in
    `version`'s field names (see `plan`; `source`: the version the event is written for,
    detected when None)."""
    v = check_version(version)
    event = plan(event, v, source, structure).event
    a = attach_to_last_thread
    sdk_note = (f"`pip install {SDK_PACKAGE}`. Its clients start at API v3.3, so for v{v} the "
                f"snippet uses v{sdk_version(v)}." if sdk_version(v) != v else f"`pip install {SDK_PACKAGE}`.")
    return {
        "curl": Snippet("curl", "curl", "bash", curl(event, chat_id, v, token, a),
                        "Web API. The body is in single quotes, so the shell changes nothing in it."),
        "python": Snippet("python", "Python (requests)", "python", python_requests(event, chat_id, v, token, a),
                          "Web API with `requests` (`pip install requests`)."),
        "python_sdk": Snippet("python_sdk", "Python (lc-sdk-python)", "python",
                              python_sdk(event, chat_id, v, token, a), sdk_note),
        "javascript": Snippet("javascript", "JavaScript (fetch)", "javascript",
                              javascript_fetch(event, chat_id, v, token, a),
                              "Web API with `fetch` (browsers, Node 18+)."),
        "rtm": Snippet("rtm", "RTM frame", "json", rtm(event, chat_id, request_id, a),
                       f"RTM API: send this frame on the websocket `{rtm_url(v)}` after `login`; the "
                       "answer carries the same request_id." +
                       (f" {version_notice(v)}" if catalog.STATUS.get(v) == "decommissioned" else "")),
    }
