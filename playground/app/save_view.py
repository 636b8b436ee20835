"""Save and open saved payloads: the editor's "Save" button and the ``/?s=<id>`` short link.

The editor page calls two functions (the rules are in playground.storage):

- ``load_saved_link()`` right after the share link is read: when the query string has ``s`` and no
  ``p`` (a short link, not a share link), it loads the saved payload's text, structure, mode and
  API version into the editor once per session. The ``s`` parameter stays in the address bar, so
  a reload opens the same payload again; an id that cannot be opened gets a message, the editor
  keeps its payload and the parameter is removed.
- ``save_popover(bar)`` in the toolbar, beside Share: an optional title and a Save button; a
  successful save shows the short link in a code box with its copy button.

Where payloads are stored: playground.storage.settings (environment variables, then the
``[storage]`` table of .streamlit/secrets.toml, then an SQLite file under ~/.local/share).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import streamlit as st

from playground import storage
from playground.app import state, ui
from playground.spec import catalog
from playground.storage import links, settings as storage_settings
from playground.storage.store import MAX_TITLE_CHARS, size_words

# session-state keys (this module's own; state.py holds the payload's)
APPLIED_KEY = "saved_link_applied"     # the id of the short link already loaded in this session
CLIENT_KEY = "save_client_id"          # a random id of this browser session, for the rate limit
RESULT_KEY = "save_result"             # ("saved", Receipt) or ("error", message) of the last Save
TITLE_WIDGET_KEY = "save_title"
SAVE_BUTTON_KEY = "save-button"


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the session keeps of its last save: not the text (up to 5 MB), its digest."""
    id: str
    title: str | None
    size: int
    digest: str


def _digest(text: str, structure: str | None, mode: str, version: str | None) -> str:
    h = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    h.update(repr((structure, mode, version)).encode())
    return h.hexdigest()


def _config() -> dict:
    """The ``[storage]`` table of .streamlit/secrets.toml, or {} (no file, no table, unreadable)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        section = st.secrets.get(storage_settings.CONFIG_SECTION)
        return dict(section) if section else {}
    except Exception:  # noqa: BLE001 - a broken secrets file must not break the editor
        return {}


def current_store() -> storage.Store:
    """The store the settings in force name (SettingsError when one cannot be read). Opening it
    costs nothing: each save or load opens its own connection."""
    return storage.open_store(storage_settings.load(config=_config()))


def _client() -> str:
    ss = st.session_state
    if not isinstance(ss.get(CLIENT_KEY), str):
        ss[CLIENT_KEY] = secrets.token_hex(16)
    return ss[CLIENT_KEY]


def _current() -> tuple[str, str | None, str, str | None]:
    """What Save stores: (text, structure or None = detect, mode, version or None = detect)."""
    choice = state.version_choice()
    return (state.current_text(), state.current_structure(), state.current_mode(),
            None if choice == state.DETECT else choice)


def _when(created_at: float) -> str:
    try:
        return datetime.fromtimestamp(created_at, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        return "at an unknown time"


# -- Save ---------------------------------------------------------------------------------------
def _on_save() -> None:
    text, structure, mode, version = _current()
    title = st.session_state.get(TITLE_WIDGET_KEY)
    try:
        saved = current_store().save(text, structure=structure, mode=mode, version=version,
                                     title=title if isinstance(title, str) else None, client=_client())
    except storage.SettingsError as e:
        st.session_state[RESULT_KEY] = ("error", f"Saving is not set up right on this server: {e}")
    except storage.StorageError as e:
        st.session_state[RESULT_KEY] = ("error", str(e))
    else:
        st.session_state[RESULT_KEY] = ("saved", Receipt(saved.id, saved.title, saved.size,
                                                         _digest(text, structure, mode, version)))


def save_popover(bar) -> None:
    """The toolbar's Save: a popover with an optional title, the Save button and the short link."""
    with bar.popover("Save", icon=":material/bookmark_add:",
                     help="Store this payload on the server and get a short link to it"):
        ui.guard(save_panel, "Saving")


def save_panel() -> None:
    st.caption("Stores this payload (its text, structure, mode and API version) on this playground's "
               "server and gives a short link that opens it in any browser. A saved payload never "
               "changes: saving again makes a new link.")
    st.text_input("Title (optional)", key=TITLE_WIDGET_KEY, max_chars=MAX_TITLE_CHARS,
                  placeholder="e.g. cards with a webview button")
    st.button("Save", key=SAVE_BUTTON_KEY, type="primary", icon=":material/bookmark_add:", on_click=_on_save)
    result = st.session_state.get(RESULT_KEY)
    if not result:
        return
    kind, value = result
    if kind == "error":
        st.error(ui.md_code(value), icon=":material/error:")
        return
    saved = value
    base = st.context.url or "http://localhost:8501/"
    url = links.build_url(base, saved.id)
    named = f" “{ui.md(saved.title, 200)}”" if saved.title else ""
    st.success(f"Saved{named} ({size_words(saved.size)}). This short link opens it:", icon=":material/check_circle:")
    st.code(url, language=None, wrap_lines=True)     # the code box's own copy button copies it
    if saved.digest != _digest(*_current()):
        st.caption("The payload has changed since it was saved; the link opens the saved version. "
                   "Save again for a link to what the editor holds now.")


# -- open /?s=<id> ------------------------------------------------------------------------------
def load_saved_link() -> None:
    """Load the saved payload a short link names, once per session (the parameter stays)."""
    params = st.query_params
    raw = {k: params.get_all(k) for k in (state.QP_PAYLOAD, links.PARAM_ID) if k in params}
    payload_id = links.saved_id_in(raw)
    if payload_id is None or st.session_state.get(APPLIED_KEY) == payload_id:
        return
    st.session_state[APPLIED_KEY] = payload_id
    try:
        saved = current_store().load(payload_id)
    except (storage.SettingsError, storage.StorageError) as e:
        why = (f"saved payloads are not set up right on this server: {e}"
               if isinstance(e, storage.SettingsError) else str(e))
        state.flash("error", f"This saved payload could not be opened: {ui.md_code(why)} The editor keeps "
                             "its current payload.")
        params.pop(links.PARAM_ID, None)
        return
    structure, note = saved.structure, ""
    known = catalog.structures(saved.version) if saved.version else catalog.names()
    if structure and structure not in known:
        note = " It names a structure this playground does not know, so the structure is detected instead."
        structure = None
    state.set_current(saved.text, structure=structure or state.DETECT, mode=saved.mode, source="saved-link")
    state.set_version(saved.version)
    named = f" “{ui.md(saved.title, 200)}”" if saved.title else ""
    checked = f"checked against v{saved.version}" if saved.version else "its API version detected"
    state.flash("success", f"Opened the saved payload{named} ({size_words(saved.size)}, saved {_when(saved.created_at)}, "
                           f"{ui.md(checked)}).{note}")
