"""Reference: every structure of the Agent Chat API v3.2, generated from the models.

Top to bottom: a search box that finds a field in every structure; the entry picker (synced with
``?structure=<key>``); the entry itself: its note, where it appears, its request and response
tables (field, required, type, limits and allowed values, the spec's note), links to the nested
structures, its sample with a preview, request -> response for events, the rules the validator
applies, and its JSON Schema to download. Every word of the tables comes from
playground.reference, which reads the models; this page only lays them out.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from playground.teaching import reference as R
from playground.authoring import server
from playground.app import state, ui
from playground.app.exchange_view import show_exchange
from playground.app.preview_view import show_preview
from playground.spec.catalog import EVENT_NAMES
from playground.spec.limits import API_VERSION
from playground.spec.rules import RULES

MAX_SEARCH_ROWS = 200
MAX_SEARCH_LINKS = 12
MAX_PATHS_SHOWN = 3
MODE_TITLES = {"request": "Request · what you send", "response": "Response · what the API returns",
               "both": "Fields"}
COLUMN_TITLES = {"field": "Field", "required": "Required", "type": "Type",
                 "limits": "Limits and allowed values", "note": "Spec note"}


@st.cache_data(show_spinner=False)
def _schema_text(key: str, mode: str) -> str:
    return json.dumps(R.json_schema(key, mode), indent=2, ensure_ascii=False)


def _entries() -> dict[str, R.Entry]:
    return R.entries()


def _label(key: str) -> str:
    e = _entries()[key]
    return f"{e.section} · {e.title}"


# -- which entry: the picker and ?structure=... -----------------------------------------------
def go(key: str) -> None:
    """Show another entry (callback of every link button)."""
    if key in _entries():
        st.session_state[state.REF_ENTRY_KEY] = key
        st.query_params[state.QP_REF_STRUCTURE] = key


def _on_pick() -> None:
    key = st.session_state.get(state.REF_ENTRY_KEY)
    if key in _entries():
        st.query_params[state.QP_REF_STRUCTURE] = key


def _default_key() -> str:
    try:
        found = state.current_report().structure
    except Exception:  # noqa: BLE001 - a default is a convenience
        found = None
    return found if found in _entries() else "message"


def entry_picker() -> str:
    keys = list(_entries())
    wanted = st.query_params.get(state.QP_REF_STRUCTURE)
    if wanted in keys:
        st.session_state[state.REF_ENTRY_KEY] = wanted
    elif st.session_state.get(state.REF_ENTRY_KEY) not in keys:
        st.session_state[state.REF_ENTRY_KEY] = _default_key()
    if wanted is not None and wanted not in keys:
        st.warning(f"There is no structure {ui.code(wanted, 60)}; showing "
                   f"{ui.md(_entries()[st.session_state[state.REF_ENTRY_KEY]].title)} instead.")
    key = st.selectbox("Structure", keys, key=state.REF_ENTRY_KEY, format_func=_label,
                       on_change=_on_pick,
                       help="Every structure of the spec, then the objects nested inside them.")
    if st.query_params.get(state.QP_REF_STRUCTURE) != key:
        st.query_params[state.QP_REF_STRUCTURE] = key
    return key


def link_buttons(keys, prefix: str, label: str | None = None) -> None:
    """A row of link-like buttons, each opening an entry."""
    keys = [k for k in dict.fromkeys(keys) if k in _entries()]
    if not keys:
        return
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        if label:
            st.markdown(label, width="content")
        for i, k in enumerate(keys):
            st.button(_entries()[k].title, key=f"{prefix}_{i}_{k}", type="tertiary",
                      icon=":material/arrow_forward:", on_click=go, args=(k,))


# -- search ------------------------------------------------------------------------------------
def search() -> None:
    q = st.text_input("Find a field in every structure", key=state.REF_SEARCH_KEY, max_chars=R.MAX_QUERY,
                      placeholder="e.g. queue, recipients, postback_id, elements.title",
                      help="Matches field names, their full paths (chat.threads[].queue) and the spec's "
                           "notes; exact names first.")
    if not q.strip():
        return
    df = R.find_field(q)
    if df.empty:
        st.info(f"No field matches {ui.code(q, 80)} in any structure.", icon=":material/search_off:")
        return
    shown = df.head(MAX_SEARCH_ROWS).copy()

    def where(paths) -> str:
        paths = list(paths)
        more = f" (+{len(paths) - MAX_PATHS_SHOWN} more)" if len(paths) > MAX_PATHS_SHOWN else ""
        return "; ".join(paths[:MAX_PATHS_SHOWN]) + more

    shown["paths"] = shown["paths"].map(where)
    shown = shown.rename(columns={"title": "in", "paths": "where it appears"}).drop(columns=["entry"])
    shown = shown[["field", "in", "where it appears", "type", "required", "mode", "note"]]
    st.caption(f"{len(df)} field(s) match {ui.code(q, 80)}"
               + (f"; the first {MAX_SEARCH_ROWS} are shown." if len(df) > MAX_SEARCH_ROWS else "."))
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"in": st.column_config.TextColumn(width="medium"),
                                "where it appears": st.column_config.TextColumn(width="large"),
                                "type": st.column_config.TextColumn(width="medium"),
                                "required": st.column_config.TextColumn(width="small"),
                                "mode": st.column_config.TextColumn(width="small"),
                                "note": st.column_config.TextColumn("spec note", width="large")})
    link_buttons(list(dict.fromkeys(df["entry"]))[:MAX_SEARCH_LINKS], "ref_search_open", "Open an entry:")


# -- one entry ---------------------------------------------------------------------------------
def _table(key: str, mode: str, added: list[str]) -> None:
    df = R.table(key, mode)
    links = [k for ls in df["links"] for k in ls]
    view = df.drop(columns=["links"]).rename(columns=COLUMN_TITLES).set_index("Field")
    if mode == "response" and added:
        view.insert(0, "Added by the server", ["yes" if f in added else "" for f in view.index])
        styled = view.style.apply(
            lambda row: ["background-color: rgba(46, 160, 67, 0.15)" if row.name in added else ""
                         for _ in row], axis=1)
        st.table(styled)
        st.caption("Green rows: the server adds them; you never send them.")
    elif view.empty:
        st.caption("No fields of its own: see the variants above.")
    else:
        st.table(view)
    link_buttons(links, f"ref_links_{key}_{mode}", "Nested structures:")


def _sample(key: str, e: R.Entry) -> None:
    ex = R.example(key)
    if ex is None:
        st.caption("No sample of its own: open one of its variants.")
        return
    value, where = ex
    st.markdown(f"**Sample** · {ui.md(where)}")
    text = json.dumps(value, indent=2, ensure_ascii=False)
    st.code(text, language="json", height=360 if text.count("\n") > 18 else "content")
    if e.catalog is not None:
        st.button("Load this sample into the editor", key=f"ref_load_{key}", icon=":material/upload:",
                  on_click=_load_sample, args=(text + "\n", key))
        st.markdown("**Preview**")
        show_preview(value, key)


def _load_sample(text: str, key: str) -> None:
    state.set_current(text, structure=key, mode="response", source="sample")
    state.flash("success", f"Loaded the {_entries()[key].title} sample into the editor.")


def _rules(key: str) -> None:
    ids = R.object_rules(key)
    field_rules = sorted({r for mode in _entries()[key].modes for lim in R.table(key, mode)["limits"]
                          for r in lim.split(" · ") if r.startswith("rule ")})
    if not ids and not field_rules:
        return
    with st.expander("What the validator checks here", icon=":material/rule:"):
        rows = [{"rule": rid, "severity": RULES[rid].severity, "what": RULES[rid].title,
                 "the spec says": RULES[rid].spec or ""}
                for rid in list(ids) + [f[len("rule "):] for f in field_rules] if rid in RULES]
        st.table(pd.DataFrame(rows).drop_duplicates("rule").set_index("rule"))


def _schemas(key: str, e: R.Entry) -> None:
    with st.container(horizontal=True, gap="small"):
        for mode in e.modes:
            _schema_button(key, mode)


def _schema_button(key: str, mode: str) -> None:
    suffix = "" if mode == "both" else f"-{mode}"
    label = "JSON Schema" if mode == "both" else f"{mode.capitalize()} JSON Schema"
    st.download_button(label, _schema_text(key, mode), file_name=f"livechat-{key}{suffix}.schema.json",
                       mime="application/json", key=f"ref_schema_{key}_{mode}", icon=":material/download:")


def _exchange(key: str) -> None:
    ex = R.example(key)
    if ex is None:
        return
    st.subheader("Request → response", anchor=False)
    request = server.request_from_response(ex[0], key)
    show_exchange(request, key, key=f"ref_x_{key}",
                  intro="The sample without what only the server writes is the request you send "
                        "with send_event; the API stores the event and returns it like this (in "
                        "get_chat, list_threads and the incoming_event push).")


def show_entry(key: str) -> None:
    e = _entries()[key]
    st.header(e.title, anchor=False)
    badge = ":violet-badge[part of other structures]" if e.is_part else f":blue-badge[{ui.md(e.section)}]"
    st.markdown(f"{badge} {ui.code(key)}" + (f" — {ui.md_code(e.note, 600)}" if e.note else ""))
    if e.catalog is not None and e.catalog.wrapper:
        wrapped = '{"' + e.catalog.wrapper + '": ...}'
        st.caption(f"The spec's sample wraps it in one key: {ui.code(wrapped)}; the validator accepts it "
                   "with or without that wrapper.")
    paths = R.paths_to(key)
    if paths and e.is_part:
        st.caption("Appears at: " + ", ".join(ui.code(p) for p in paths[:6])
                   + (f" and {len(paths) - 6} more places" if len(paths) > 6 else ""))
    users = [k for k, _ in R.used_in(key) if k != key]
    link_buttons(users, f"ref_used_{key}", "Used in:")
    if e.variants:
        link_buttons([k for _, k in e.variants if k], f"ref_var_{key}", "**One of:**")
        st.caption(" · ".join(ui.md(label) for label, _ in e.variants))
        _schemas(key, e)
        return

    added = R.server_added(key)
    left, right = st.columns([3, 2], gap="large")
    with left:
        modes = e.modes
        if len(modes) == 1:
            st.markdown(f"**{MODE_TITLES[modes[0]]}**")
            _table(key, modes[0], added)
        else:
            tabs = st.tabs([MODE_TITLES[m] for m in modes])
            for tab, mode in zip(tabs, modes):
                with tab:
                    _table(key, mode, added)
        _rules(key)
        _schemas(key, e)
    with right:
        _sample(key, e)
    if key in EVENT_NAMES:
        _exchange(key)


def main() -> None:
    st.title("Reference", anchor=False)
    st.caption(f"Every structure of the Agent Chat API v{API_VERSION}, read from the playground's "
               "models: the same models that validate your payloads, so the tables, the validator "
               "and the JSON Schemas always agree. Objects nested in other structures have entries "
               "of their own.")
    ui.show_flashes()
    search()
    key = entry_picker()
    show_entry(key)


ui.guard(main, "The reference page")
