"""Request -> response, shown on a page: ``show_exchange(request, structure, key=...)``.

The core (playground.authoring.server) builds the response the API would return; this helper picks the
author, keeps the simulated response stable across reruns (same request and author, same id and
created_at), shows request and response side by side with the server's additions marked, and
offers to load either into the editor. Used by the reference and learn pages.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import streamlit as st

from playground.authoring import server
from playground.app import state, ui
from playground.authoring.snippets import json_text
from playground.spec.catalog import DEFAULT_VERSION

OTHER_AUTHOR = "__other__"
MAX_CODE_CHARS = 60_000      # longer code is cut on screen (and offered whole as a download)


def show_code(text: str, language: str, *, file_name: str, key: str) -> None:
    """st.code for any length: past MAX_CODE_CHARS it shows the beginning and offers the whole
    text as a download, so a huge payload never floods the page."""
    if len(text) <= MAX_CODE_CHARS:
        st.code(text, language=language)
        return
    st.code(text[:MAX_CODE_CHARS] + f"\n… cut here: {len(text) - MAX_CODE_CHARS:,} more characters", language=language)
    st.download_button(f"Download all of it ({len(text):,} characters)", text, file_name=file_name,
                       key=f"{key}_download", icon=":material/download:")


def _author_options() -> list[tuple[str, str]]:
    return server.sample_authors() + [(OTHER_AUTHOR, "Another user id…")]


def author_picker(key: str) -> str:
    """Who sends the event (its author_id); the choice is shared by every page."""
    options = _author_options()
    labels = dict(options)
    ids = [i for i, _ in options]
    current = st.session_state.get(state.LEARN_AUTHOR_KEY)
    if current not in ids:
        current = ids[0]
    choice = st.selectbox("Sent by (author_id)", ids, index=ids.index(current), key=f"{key}_author",
                          format_func=lambda i: labels.get(i, i),
                          help="The user whose access token sends the event: the server writes their "
                               "id into author_id.")
    st.session_state[state.LEARN_AUTHOR_KEY] = choice
    if choice == OTHER_AUTHOR:
        typed = st.text_input("author_id", value="smith@example.com", key=f"{key}_author_other",
                              max_chars=200)
        return typed.strip() or "smith@example.com"
    return choice


def _fingerprint(request: Any, structure: str, author: str, version: str) -> str:
    raw = json.dumps([request, structure, author, version], sort_keys=False, ensure_ascii=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def simulated(request: dict, structure: str, author: str, key: str,
              version: str = server.DEFAULT_VERSION) -> tuple[dict, list[str]]:
    """simulate_response, kept in the session while the request, author and version stay the same."""
    fp = _fingerprint(request, structure, author, version)
    cache = st.session_state.get(f"{key}_sim")
    if cache and cache[0] == fp:
        return cache[1], cache[2]
    response, added = server.simulate_response(request, structure, author, version=version)
    st.session_state[f"{key}_sim"] = (fp, response, added)
    return response, added


def _load(text: str, structure: str, mode: str, what: str, version: str = DEFAULT_VERSION) -> None:
    state.set_current(text, structure=structure, mode=mode, source="learn")
    if state.current_version() != version:     # it is written in `version`'s field names
        state.set_version(version)
    state.flash("success", f"Loaded the {what} into the editor (structure {structure}, mode {mode}, "
                           f"API v{state.current_version()}).")


def show_exchange(request: dict, structure: str, *, key: str, intro: str | None = None,
                  version: str | None = None) -> bool:
    """Show request and simulated response under API `version` (default: the session's version in
    use, state.current_version()). False (with the reasons) when there is none."""
    version = version or state.current_version()
    try:
        name = server.event_structure(request, structure, version)
    except ValueError as exc:
        st.warning(ui.md(str(exc)))
        return False
    if intro:
        st.caption(intro)
    author = None
    if "author_id" in server.generated_fields(name, version):
        with st.columns([1, 2])[0]:
            author = author_picker(key)
    if author is None:
        st.caption("A system message has no author: the server adds only its id and created_at.")
    try:
        response, added = simulated(request, name, author or "system", key, version)
    except server.InvalidRequest as exc:
        st.error("The API would refuse this request, so there is no response to show. "
                 f"{len(exc.issues)} error(s); the first ones:", icon=":material/block:")
        for issue in exc.issues[:5]:
            st.markdown(f"- {ui.code(issue.path)}: {ui.md_code(issue.message, 500)}")
        return False
    except ValueError as exc:
        st.warning(ui.md(str(exc)))
        return False

    left, right = st.columns(2)
    with left:
        st.markdown("**Request** · what you send")
        show_code(json_text(request), "json", file_name=f"{name}-request.json", key=f"{key}_req")
    with right:
        st.markdown(f"**Response** · the event as the API v{ui.md(version)} returns it (`+` marks what the "
                    "server added)")
        show_code(server.marked_json(response, added), "diff", file_name=f"{name}-response.diff",
                  key=f"{key}_resp")
    for note in server.notes(request, name, added, version):
        st.caption(ui.md_code(note))
    with st.container(horizontal=True, gap="small"):
        st.button("Load the request into the editor", key=f"{key}_load_req", icon=":material/upload:",
                  on_click=_load, args=(json_text(request) + "\n", name, "request", "request", version))
        st.button("Load the response into the editor", key=f"{key}_load_resp", icon=":material/upload:",
                  on_click=_load, args=(json_text(response) + "\n", name, "response", "response", version))
    return True
