"""Drafts that survive a reload: the editor's and each composer's current work, kept in this
browser's localStorage, never on the server.

    drafts.keep()      # once per run of a page, before its messages: the editor calls it at the
                       # top of its fragment, main.py on every other page

Why localStorage through a tiny component (drafts_component/index.html, plain HTML/JS speaking
Streamlit's component protocol, no build) rather than st.context.cookies and a store on the
server: the draft stays in the browser that wrote it, so no other browser or session can ever be
handed it (there is nothing on the server to leak, to expire or to bound per user), it survives
a server restart, and a cookie would send up to a megabyte with every request (browsers cap a
cookie at 4 KB anyway). The cost: the draft comes back one round trip after the page's first
run (the component reports it once it is mounted), so a reopened tab shows the default payload
for a moment, then the draft, with a message saying so.

What a draft holds (JSON, format 1): the editor's text, structure, mode and version choices, the
share link token it came from, the time, and per composer the composed text (compose.Document
dump) with whether it was in step with the editor. Bounds: a text over MAX_DRAFT_CHARS (1 MB;
localStorage holds ~5 MB per site) is not kept, and the draft says so, so a reload names the
reason instead of restoring an older text.

When it is restored: on the first run of a session that has done nothing yet (the default
payload), or that opened a share link the draft itself came from (the edits you made on a shared
payload survive a reload of its tab). A share link to another payload wins over the draft.
Restoring is a replacement like any other: Undo takes it back.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from playground.authoring import compose
from playground.app import state

FORMAT = 1
STORAGE_KEY = "livechat-playground-draft"
WIDGET_KEY = f"{state.DRAFT_KEY_PREFIX}_keeper"
DONE_KEY = f"{state.DRAFT_KEY_PREFIX}_read"          # the browser's draft was read (or there was none)
SAVED_KEY = f"{state.DRAFT_KEY_PREFIX}_saved"        # what the browser holds now: (inputs, json)
MOUNT_KEY = f"{state.DRAFT_KEY_PREFIX}_mount"        # the keeper mount whose report was last read
_UNREAD = object()                                    # no report read yet in this session
MAX_DRAFT_CHARS = 1_000_000
COMPOSERS = {state.RICH_COMPOSER_PREFIX: "rich_message", state.FORM_COMPOSER_PREFIX: "filled_form"}

_component = components.declare_component(
    "draft_keeper", path=str(Path(__file__).resolve().parent / "drafts_component"))


def _composer_state(ss) -> dict:
    out = {}
    for prefix in COMPOSERS:
        doc = ss.get(f"{prefix}_doc")
        if isinstance(doc, compose.Document):
            out[prefix] = doc
    return out


def _inputs(ss) -> tuple:
    """What the draft is made of, cheap to compare (texts by identity first)."""
    docs = _composer_state(ss)
    return (state.current_text(), state.structure_choice(), state.mode_choice(), ss.get(state.VERSION_KEY),
            ss.get(state.SHARE_APPLIED_KEY),
            tuple((p, id(d), d.dump(), ss.get(f"{p}_synced"), ss.get(f"{p}_sent")) for p, d in docs.items()))


def _serialise(inputs: tuple) -> str:
    text, structure, mode, version, link, composers = inputs
    draft: dict[str, Any] = {"format": FORMAT, "at": time.time(), "structure": structure, "mode": mode,
                             "version": version, "link": link, "chars": len(text)}
    if len(text) <= MAX_DRAFT_CHARS:
        draft["text"] = text
    comp = {}
    for prefix, _id, dumped, synced, sent in composers:
        if len(dumped) <= MAX_DRAFT_CHARS:
            comp[prefix] = {"text": dumped, "in_step": synced == text, "sent": sent == dumped}
    draft["composers"] = comp
    # a lone surrogate (half a character) cannot go into UTF-8: JSON escapes keep it exactly
    return json.dumps(draft, ensure_ascii=True)


def keep() -> None:
    """Mount the keeper: read the browser's draft once per session, then store the current one
    whenever it changes."""
    ss = st.session_state
    state.init()
    done = ss.get(DONE_KEY, False)
    save = None
    if done:
        inputs = _inputs(ss)
        saved = ss.get(SAVED_KEY)
        if saved is None or saved[0] != inputs:
            save = _serialise(inputs)
            ss[SAVED_KEY] = (inputs, save)
    value = _component(storage_key=STORAGE_KEY, save=save, key=WIDGET_KEY, default=None)
    if isinstance(value, dict) and value.get("mount") != ss.get(MOUNT_KEY, _UNREAD):
        # a mount's report (the first of the session, or after a page switch remounted the
        # keeper): this rerun came from the keeper, not the user, so keep the messages shown
        ss[MOUNT_KEY] = value.get("mount")
        if not done:
            ss[DONE_KEY] = True
            if restore(value.get("stored")):
                st.rerun(scope="app")
        state.replay_flashes()


def _parse(stored: Any) -> dict | None:
    if not isinstance(stored, str) or not stored or len(stored) > 8 * MAX_DRAFT_CHARS:
        return None
    try:
        draft = json.loads(stored)
    except (ValueError, RecursionError):
        return None
    return draft if isinstance(draft, dict) and draft.get("format") == FORMAT else None


def restore(stored: Any) -> bool:
    """Put a stored draft back (see the module for when); True when something changed or a
    message is waiting (the page reruns to show it)."""
    draft = _parse(stored)
    if draft is None:
        return False
    ss = st.session_state
    source = state.current_source()
    link = ss.get(state.SHARE_APPLIED_KEY)
    if source == "share-link":
        if not link or draft.get("link") != link:
            return False          # a link to another payload wins over the draft
    elif source != "default":
        return False              # this session already has work of its own
    text = draft.get("text")
    when = _when(draft.get("at"))
    if not isinstance(text, str):
        if isinstance(draft.get("chars"), int):
            state.flash("info", f"Your last text in this browser ({draft['chars']:,} characters{when}) was too "
                                f"large to keep as a draft (drafts keep up to {MAX_DRAFT_CHARS:,}); "
                                "the editor starts afresh.")
            return True           # rerun, so the message shows
        return False
    mode = draft.get("mode") if draft.get("mode") in state.MODE_CHOICES else state.DETECT
    structure = draft.get("structure") if isinstance(draft.get("structure"), str) else state.DETECT
    if text != state.current_text() or mode != state.mode_choice() or structure != state.structure_choice():
        state.set_current(text, structure=structure, mode=mode, source="draft")
    try:
        state.set_version(draft.get("version") if isinstance(draft.get("version"), str) else None)
    except ValueError:
        state.set_version(None)
    if link and draft.get("link") == link:
        ss[state.SHARE_APPLIED_KEY] = link
    composed = _restore_composers(draft.get("composers"), text)
    state.flash("info", f"Restored your draft from this browser{when}: {len(text):,} characters"
                        + (f", and the {composed}" if composed else "") + ". Undo takes it back.")
    return True


def _restore_composers(saved: Any, text: str) -> str:
    if not isinstance(saved, dict):
        return ""
    ss = st.session_state
    names = []
    for prefix, kind in COMPOSERS.items():
        item = saved.get(prefix)
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        loaded = compose.load(item["text"], kind, structure_hint=kind)
        if loaded.doc is None:
            continue
        ss[f"{prefix}_doc"] = loaded.doc
        ss[f"{prefix}_synced"] = text if item.get("in_step") else None
        ss[f"{prefix}_sent"] = item["text"] if item.get("sent") else None
        ss[f"{prefix}_rev"] = int(ss.get(f"{prefix}_rev") or 0) + 1
        names.append(f"{kind.replace('_', ' ')} composer's work")
    return " and ".join(names)


def _when(at: Any) -> str:
    if not isinstance(at, (int, float)):
        return ""
    try:
        return " (saved " + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at)) + ")"
    except (OverflowError, OSError, ValueError):
        return ""
