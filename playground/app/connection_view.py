"""The connection to a real LiveChat account, for every page (no rule here: playground.live).

- ``connection_bar()`` (main.py, in the top area of every page): a "LiveChat" popover to paste a
  token (a password field), the account once a cheap call verified it, "Open a chat" into the
  editor, and "Disconnect". A popover at the top, not the sidebar (collapsed by default, so
  people miss it) nor a page of its own (one would have to leave the payload to connect): it is
  one click away on every page and takes no room.
- ``send_panel(text, key, structure)`` (the editor's and both composers' toolbars): the payload
  validated as a send_event request under the connected version, the chat picked from the
  account's active chats or typed, Send (an event with errors only when the user ticks "Send
  anyway"), the API's answer beside our verdict, and a button to open that chat.
- ``account_source()`` (the chat summaries page's "My LiveChat account" source): list_chats or
  list_archives with filters, every page followed with a progress bar up to a cap, the result
  fed to the same tables (playground.presentation.tables), rows flagged, never dropped.

The token lives only in this session's st.session_state (CREDENTIALS_KEY holds a
playground.live.client.Credentials, whose repr hides it); the password field is emptied as soon
as Connect reads it, so the page never holds it again. Nothing here is cached across sessions,
written to a file, a URL or a log.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
from datetime import date
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground.app import state, ui
from playground.live import client as live
from playground.live import outgoing, shapes
from playground.presentation import tables
from playground.spec import catalog

log = logging.getLogger("playground.app")
EDITOR_PAGE = "views/editor.py"          # relative to the entry point (main.py)
CREDENTIALS_KEY = "live_credentials"     # playground.live.client.Credentials: the token, in this session only
ACCOUNT_KEY = "live_account"             # what the verifying call showed (no secret)
ACTIVE_KEY = "live_active_chats"         # [(chat id, label)] of the account's active chats
ERROR_KEY = "live_error"                 # the last connection problem, in words
TOKEN_WIDGET_KEY = "live_token_input"    # the password field (emptied by Connect)
VERSION_WIDGET_KEY = "live_api_version"
OPEN_WIDGET_KEY = "live_open_chat_id"
SENT_KEY_PREFIX = "live_sent_"           # + panel key: the last send's result
FORCE_KEY_PREFIX = "live_force_"
CHAT_PICK_PREFIX = "live_chat_pick_"
CHAT_TYPED_PREFIX = "live_chat_typed_"
PREPARED_KEY_PREFIX = "live_prepared_"   # + panel key: (text, version, structure) -> Outgoing
TABLE_KEY = "live_table"                 # (load id, tables.Table) of the last "Load from my account"
LOADED_KEY = "live_loaded"               # {"id", "label", "doc"} the last load's merged document
LOAD_ERROR_KEY = "live_load_error"
TYPE_ID = "Type a chat id…"
ACTIVE_LIMIT = 100                       # active chats offered in the pickers (one list_chats page)
SECRET_SENTENCE = ("The token stays in this browser session's memory only: never in share links, URLs, "
                   "files, logs or other sessions; Disconnect or closing the tab forgets it.")


# -- the session's connection --------------------------------------------------------------------
def _callback(fn):
    """A widget callback that never shows Streamlit's exception box: an unexpected error becomes
    a message (its type only; the traceback goes to the server log, which holds no token: no
    exception of playground.live carries it)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the last resort, as ui.guard
            log.exception("%s failed", fn.__name__)
            state.flash("error", f"The LiveChat connection hit an unexpected problem ({type(exc).__name__}); "
                                 "your payload is safe. Try again.")
    return run


def connected() -> bool:
    return isinstance(st.session_state.get(CREDENTIALS_KEY), live.Credentials)


def api_version() -> str:
    """The connected version (kept with the account: the picker's own state goes when the picker
    is not drawn), else the picker's."""
    acct = st.session_state.get(ACCOUNT_KEY)
    v = acct.get("version") if connected() and isinstance(acct, dict) else st.session_state.get(VERSION_WIDGET_KEY)
    return v if v in live.VERSIONS else live.DEFAULT_VERSION


def make_client() -> live.Client:
    return live.Client(st.session_state[CREDENTIALS_KEY], api_version(), live.base_url_from_env())


def _chat_label(summary: Any) -> tuple[str, str] | None:
    if not isinstance(summary, dict) or not isinstance(summary.get("id"), str):
        return None
    names = [u.get("name") for u in summary.get("users") or [] if isinstance(u, dict)
             and u.get("type") == "customer" and isinstance(u.get("name"), str)]
    label = summary["id"] + (f" · {names[0]}" if names else "")
    return summary["id"], label[:80]


def _remember_active(page: Any) -> None:
    items = page.get("chats_summary", page.get("chats_info")) if isinstance(page, dict) else None
    items = items if isinstance(items, list) else []
    st.session_state[ACTIVE_KEY] = [x for x in (_chat_label(s) for s in items) if x]


@_callback
def _connect() -> None:
    """Connect's callback: read the field, empty it at once, verify with one cheap call."""
    ss = st.session_state
    text = ss.get(TOKEN_WIDGET_KEY) or ""
    ss[TOKEN_WIDGET_KEY] = ""
    ss.pop(ERROR_KEY, None)
    try:
        creds = live.parse_token(text)
    except live.TokenFormatError as exc:
        ss[ERROR_KEY] = str(exc)
        return
    api = live.Client(creds, api_version(), live.base_url_from_env())
    try:
        page = api.list_chats(filters={"active": True}, limit=ACTIVE_LIMIT)   # verifies, and lists the pickers' chats
    except live.LiveChatError as exc:
        ss[ERROR_KEY] = exc.explain()
        return
    finally:
        api.close()
    ss[CREDENTIALS_KEY] = creds
    found = page.get("found_chats") if isinstance(page, dict) else None
    ss[ACCOUNT_KEY] = {"who": creds.describe(), "base_url": api.base_url, "version": api.version,
                       "active": found if isinstance(found, int) else None}
    _remember_active(page)


@_callback
def disconnect() -> None:
    ss = st.session_state
    for k in (CREDENTIALS_KEY, ACCOUNT_KEY, ACTIVE_KEY, ERROR_KEY, TOKEN_WIDGET_KEY):
        ss.pop(k, None)
    for k in [k for k in ss if isinstance(k, str) and k.startswith(SENT_KEY_PREFIX)]:
        ss.pop(k, None)


@_callback
def _refresh_active() -> None:
    api = make_client()
    try:
        _remember_active(api.list_chats(filters={"active": True}, limit=ACTIVE_LIMIT))
    except live.LiveChatError as exc:
        state.flash("error", ui.md_code(exc.explain(), 1000))
    finally:
        api.close()


def open_chat(chat_id: str) -> bool:
    """get_chat into the editor (as a response, under the connected version). False on an error
    (shown where the button is; the editor's text is untouched)."""
    chat_id = (chat_id or "").strip()
    if not chat_id:
        st.warning("Type or pick a chat id first.")
        return False
    api = make_client()
    try:
        chat = api.get_chat(chat_id)
    except live.LiveChatError as exc:
        st.error(ui.md_code(exc.explain(), 1000) + " The editor keeps its text.", icon=":material/error:")
        return False
    finally:
        api.close()
    shown, changed = shapes.as_spec_chat(chat)
    text = json.dumps(shown, indent=2, ensure_ascii=False) + "\n"
    state.set_current(text, structure=state.DETECT, mode="response", source="livechat")
    state.set_version(api.version)
    state.flash("success", f"Opened chat {ui.code(chat_id, 60)} from your account (get_chat, v{api.version})."
                + (" " + ui.md_code(shapes.NOTE) if changed else ""))
    return True


def _go_to_editor() -> None:
    try:
        st.switch_page(EDITOR_PAGE)
    except StreamlitAPIException:       # run outside the app's navigation (AppTest of one page)
        st.success("Opened in the editor: open the Editor page to see it.", icon=":material/check:")


# -- the bar at the top of every page --------------------------------------------------------------
def connection_bar() -> None:
    label = "LiveChat: connected" if connected() else "Connect to LiveChat"
    with st.popover(label, icon=":material/link:" if connected() else ":material/link_off:",
                    help="Send payloads to a chat of your LiveChat account and load its chats"):
        ui.guard(connection_panel, "The LiveChat connection")


def connection_panel() -> None:
    ss = st.session_state
    if not connected():
        st.markdown("**Connect to your LiveChat account**")
        st.text_input("Personal Access Token", type="password", key=TOKEN_WIDGET_KEY,
                      placeholder="<account_id>:<token>, its Base64 form, or Bearer <token>",
                      help="Developer Console → Settings → Authorization → Personal Access Tokens. "
                           "Scopes: chats--all:ro or chats--access:ro to read chats, chats--all:rw or "
                           "chats--access:rw to send events.")
        st.caption(SECRET_SENTENCE)
        st.selectbox("API version", live.VERSIONS, index=live.VERSIONS.index(live.DEFAULT_VERSION),
                     key=VERSION_WIDGET_KEY, format_func=ui.version_label,
                     help="v3.2 and v3.3 are decommissioned: the API answers unsupported_version.")
        st.button("Connect", type="primary", icon=":material/link:", key="live_connect", on_click=_connect)
        if ss.get(ERROR_KEY):
            st.error(ui.md_code(ss[ERROR_KEY], 1000), icon=":material/error:")
        st.caption(f"Requests go to {ui.code(live.base_url_from_env(), 120)} (set by the server's "
                   f"{ui.code(live.BASE_URL_ENV)}).")
        return
    acct = ss.get(ACCOUNT_KEY) or {}
    active = acct.get("active")
    st.success(f"Connected with {ui.md(acct.get('who', 'a token'))} · {ui.md(ui.version_label(api_version()))}"
               + (f" · {active} active chat{'s' * (active != 1)}" if isinstance(active, int) else ""),
               icon=":material/check_circle:")
    st.caption(f"Requests go to {ui.code(acct.get('base_url', ''), 120)}. " + SECRET_SENTENCE)
    st.markdown("**Open a chat** in the editor (get_chat)")
    chat_id = chat_picker("open")
    if st.button("Open in the editor", icon=":material/data_object:", key="live_open_chat"):
        if open_chat(chat_id):
            _go_to_editor()
    with st.container(horizontal=True):
        st.button("Refresh active chats", icon=":material/refresh:", key="live_refresh", on_click=_refresh_active)
        st.button("Disconnect", icon=":material/link_off:", key="live_disconnect", on_click=disconnect)


def chat_picker(key: str) -> str:
    """The chat id: one of the account's active chats, or typed."""
    options = [cid for cid, _ in st.session_state.get(ACTIVE_KEY) or []] + [TYPE_ID]
    labels = dict(st.session_state.get(ACTIVE_KEY) or [])
    pick = st.selectbox("Chat", options, key=CHAT_PICK_PREFIX + key,
                        format_func=lambda c: labels.get(c, c),
                        help="The account's active chats (list_chats), or type any chat id.")
    if pick == TYPE_ID:
        return (st.text_input("Chat id", key=CHAT_TYPED_PREFIX + key, placeholder="PJ0MRSHTDG") or "").strip()
    return pick or ""


# -- Send to chat ------------------------------------------------------------------------------------
def prepared(text: str, key: str, structure: str | None) -> outgoing.Outgoing:
    """outgoing.prepare_event, once per (text, version, structure) for this panel."""
    k = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), api_version(), structure)
    cached = st.session_state.get(PREPARED_KEY_PREFIX + key)
    if cached is not None and cached[0] == k:
        return cached[1]
    ready = outgoing.prepare_event(text, api_version(), structure)
    st.session_state[PREPARED_KEY_PREFIX + key] = (k, ready)
    return ready


def _send(key: str, ready: outgoing.Outgoing, chat_id: str, force: bool) -> None:
    """Send (run inline when Send is clicked: the text and the chat id are this run's, not those
    a callback registered a run before)."""
    ss = st.session_state
    if not ready.sendable and not (force and ready.forceable):
        ss[SENT_KEY_PREFIX + key] = {"chat_id": chat_id, "error": "Not sent: the event has errors "
                                     "(tick Send anyway to send it all the same).", "comparison": None}
        return
    api = make_client()
    try:
        answer = api.send_event(chat_id, ready.event)
        ss[SENT_KEY_PREFIX + key] = {"chat_id": chat_id, "event_id": answer.get("event_id"),
                                     "comparison": outgoing.comparison(ready.report, answer=answer),
                                     "forced": not ready.sendable}
    except live.LiveChatError as exc:
        ss[SENT_KEY_PREFIX + key] = {"chat_id": chat_id, "error": exc.explain(),
                                     "comparison": outgoing.comparison(ready.report, error=exc)}
    finally:
        api.close()


def send_panel(text: str, key: str, structure: str | None = None) -> None:
    """The body of a "Send to chat" popover: call it inside one (`key` tells panels apart)."""
    ui.guard(lambda: _send_panel(text, key, structure), "Send to chat")


def _send_panel(text: str, key: str, structure: str | None) -> None:
    ss = st.session_state
    if not connected():
        st.info("Connect to your LiveChat account first: **Connect to LiveChat** at the top of the page.",
                icon=":material/link_off:")
        return
    version = api_version()
    ready = prepared(text, key, structure)
    st.markdown(f"**send_event** to a chat of your account, checked as a request under "
                f"{ui.md(ui.version_label(version))}")
    for note in ready.notes():
        st.caption(ui.md_code(note))
    if ready.problem is not None:
        st.warning(ui.md(ready.problem[0].upper() + ready.problem[1:], 500) + ".", icon=":material/warning:")
    elif not ready.report.ok:
        st.error(ui.md(f"Our validator: {outgoing.verdict_words(ready.report)}", 600)
                 + ". It is not sent unless you choose to.", icon=":material/error:")
    else:
        st.success(ui.md(f"Our validator: {outgoing.verdict_words(ready.report)}", 300) + ". Ready to send.",
                   icon=":material/check_circle:")
    chat_id = chat_picker(key)
    force = False
    if not ready.sendable and ready.forceable:
        force = st.checkbox("Send anyway (see what the API says about it)", key=FORCE_KEY_PREFIX + key)
    can = ready.sendable or (force and ready.forceable)     # a chat id typed but not yet applied counts too
    if st.button("Send", type="primary", icon=":material/send:", key=f"live_send_{key}", disabled=not can):
        if chat_id:
            _send(key, ready, chat_id, force)
        else:
            st.warning("Pick or type a chat id first.")
    result = ss.get(SENT_KEY_PREFIX + key)
    if not result:
        return
    if result.get("error"):
        st.error(ui.md_code(result["error"], 1000) + " Your payload is unchanged.", icon=":material/error:")
    else:
        st.success(f"Sent to chat {ui.code(result['chat_id'], 60)}: event_id {ui.code(result.get('event_id'), 80)}",
                   icon=":material/check_circle:")
    if result.get("comparison"):
        st.caption(ui.md(result["comparison"], 1200))
    if result.get("chat_id") and not result.get("error", "").startswith("Not sent"):
        if st.button(f"Open chat {result['chat_id'][:40]} in the editor", icon=":material/data_object:",
                     key=f"live_open_sent_{key}"):
            if open_chat(result["chat_id"]):
                _go_to_editor()


# -- Load from my account (chat summaries page) -------------------------------------------------------
def _day(d: Any, end: bool) -> str | None:
    if not isinstance(d, date):
        return None
    return d.strftime("%Y-%m-%d") + ("T23:59:59.999999Z" if end else "T00:00:00.000000Z")


def _load(method: str, body: dict, cap: int, label: str) -> None:
    ss = st.session_state
    bar = st.progress(0.0, text="Asking the API…")

    def progress(pages: int, items: int, found: Any) -> None:
        total = min(cap, found) if isinstance(found, int) and found > 0 else cap
        bar.progress(min(1.0, items / total) if total else 1.0,
                     text=f"Page {pages}: {items:,} of {'about ' + format(found, ',') if isinstance(found, int) else '?'} chats")

    api = make_client()
    try:
        doc = api.fetch_all(method, body, cap=cap, progress=progress)
    except live.LiveChatError as exc:
        ss[LOAD_ERROR_KEY] = exc.explain()
        bar.empty()
        return
    finally:
        api.close()
    bar.empty()
    ss.pop(LOAD_ERROR_KEY, None)
    note = None
    if method == "list_archives":
        doc, changed = shapes.archives_as_chats(doc)
        note = shapes.NOTE if changed else None
    ss[LOADED_KEY] = {"id": f"{time.time_ns()}", "label": label, "doc": doc, "note": note, "version": api.version,
                      "capped": isinstance(doc.get("next_page_id"), str)}
    ss.pop(TABLE_KEY, None)


def table_version(version: str) -> str:
    """The version the tables check a load against: the connected one (the tables read every
    version's pages, v3.7's chats_info included)."""
    return version if version in catalog.VERSIONS else live.DEFAULT_VERSION


def account_source() -> tuple[tables.Table | None, str]:
    """The chat summaries page's "My LiveChat account" source: (the table, its digest)."""
    ss = st.session_state
    if not connected():
        st.info("Connect to your LiveChat account first: **Connect to LiveChat** at the top of the page.",
                icon=":material/link_off:")
        return None, ""
    which = st.segmented_control("Method", ("list_chats", "list_archives"), default="list_chats", required=True,
                                 key="live_load_method",
                                 help="list_chats: the account's chats with their last thread; list_archives: "
                                      "archived chats, searchable.")
    c1, c2, c3 = st.columns(3)
    limit = c1.number_input("Chats per page", 1, live.PAGE_LIMIT_MAX, live.PAGE_LIMIT_MAX, key="live_load_limit",
                            help="The API's `limit` (at most 100).")
    cap = c2.number_input("At most (chats)", 1, 100_000, 1_000, step=100, key="live_load_cap",
                          help="Stop following pages once this many chats are in.")
    filters: dict[str, Any] = {}
    if which == "list_chats":
        active = c3.selectbox("Active", ("Any", "Active only", "Inactive only"), key="live_load_active")
        if active != "Any":
            filters["active"] = active == "Active only"
        if st.checkbox("Include chats without threads", key="live_load_without_threads"):
            filters["include_chats_without_threads"] = True
    else:
        query = c3.text_input("Search (query)", key="live_load_query")
        d1, d2 = st.columns(2)
        start = d1.date_input("From", value=None, key="live_load_from")
        end = d2.date_input("To", value=None, key="live_load_to")
        if query.strip():
            filters["query"] = query.strip()
        if _day(start, False):
            filters["from"] = _day(start, False)
        if _day(end, True):
            filters["to"] = _day(end, True)
    body: dict[str, Any] = {"limit": int(limit)}
    if filters:
        body["filters"] = filters
    label = f"{which} ({', '.join(f'{k}={v}' for k, v in filters.items()) or 'no filters'}), v{api_version()}"
    if st.button("Load from my account", type="primary", icon=":material/cloud_download:", key="live_load"):
        _load(which, body, int(cap), label)
    if ss.get(LOAD_ERROR_KEY):
        st.error(ui.md_code(ss[LOAD_ERROR_KEY], 1000) + " The table below (if any) is the last one loaded.",
                 icon=":material/error:")
    loaded = ss.get(LOADED_KEY)
    if not loaded:
        st.caption("Every page is followed (a progress bar shows it) until the cap; each chat is validated "
                   "and problems are flagged in its row.")
        return None, ""
    version = table_version(loaded["version"])
    built = ss.get(TABLE_KEY)
    if built is None or built[0] != loaded["id"]:
        name = f"LiveChat {loaded['label']}"
        built = (loaded["id"], tables.build_table(tables.load_documents([(name, loaded["doc"])]), version=version))
        ss[TABLE_KEY] = built
    st.caption(f"Loaded {ui.md(loaded['label'])}; every chat is checked against the v{version} spec, "
               "the connected version"
               + ("; stopped at the cap, more chats remain." if loaded.get("capped") else "."))
    if loaded.get("note"):
        st.caption(ui.md_code(loaded["note"]))
    return built[1], "live:" + loaded["id"]
