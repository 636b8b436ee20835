"""Reference: every structure of every Agent Chat API version, generated from the models.

Top to bottom: the version picker (default: the session's version; synced with ``?api=``) and
"Compare with" a second version (``&compare=``); a search box that finds a field in every
structure of that version; the entry picker (synced with ``?structure=<key>``); the entry itself:
its note, where it appears, its request and response tables (field, required, type, limits and
allowed values, the spec's note, the versions that have the field), links to the nested
structures, what changed between the two versions, its sample with a preview, request ->
response for v3.2 events, the rules the validator applies in that version, and its JSON Schema
to download. Every word of the tables comes from playground.teaching.reference, which reads the
models; this page only lays them out.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from playground.app import state, ui
from playground.app.exchange_view import show_exchange
from playground.app.preview_view import show_preview
from playground.authoring import server
from playground.spec import catalog
from playground.spec.catalog import EVENT_NAMES
from playground.spec.rules import RULES
from playground.teaching import reference

MAX_SEARCH_ROWS = 200
MAX_SEARCH_LINKS = 12
MAX_PATHS_SHOWN = 3
MODE_TITLES = {"request": "Request · what you send", "response": "Response · what the API returns",
               "both": "Fields"}
COLUMN_TITLES = {"field": "Field", "required": "Required", "type": "Type",
                 "limits": "Limits and allowed values", "note": "Spec note", "versions": "Versions"}
NO_COMPARE = ""
MAX_CHANGES_AS_TABLE = 40          # more changes than this go into a scrolling grid
SHOWN_KEY = "ref_shown"            # (entry key, version) shown last: to find it again in another version
OPENED_KEY = "ref_search_opened"   # (query, version) whose best hit was opened (once per new query)
HITS_KEY = "ref_search_hits"       # {entry key: [(field, mode), ...]} of the current query, to highlight
HIGHLIGHT = "background-color: rgba(255, 200, 0, 0.35); font-weight: 600"
MATCH_COLUMN = "Search"


@st.cache_data(show_spinner=False)
def _schema_text(key: str, mode: str, version: str) -> str:
    return json.dumps(reference.json_schema(key, mode, version=version), indent=2, ensure_ascii=False)


def _version() -> str:
    """The version this page shows (the picker's value; the session's version before it runs)."""
    chosen = st.session_state.get(state.REF_VERSION_KEY)
    return chosen if chosen in catalog.VERSIONS else state.current_version()


def _entries() -> dict[str, reference.Entry]:
    return reference.entries(_version())


def _labeller(version: str):
    """The Structure picker's format_func for one version (bound now: AppTest calls it outside a run)."""
    known = reference.entries(version)

    def label(key: str) -> str:
        e = known.get(key)
        return f"{e.section} · {e.title}" if e is not None else str(key)
    return label


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


def _carried_over(keys: list[str]) -> tuple[bool, str | None]:
    """(whether the version changed since the last entry was shown, that entry found again in
    this version or None)."""
    shown = st.session_state.get(SHOWN_KEY)
    if not shown or shown[1] == _version() or shown[1] not in catalog.VERSIONS:
        return False, None
    try:
        found = reference.counterpart(shown[0], shown[1], _version())
    except KeyError:
        return True, None
    if found not in keys:
        st.info(f"v{_version()} has no {ui.md(reference.entry(shown[0], shown[1]).title)}; showing "
                f"{ui.md(_entries()[_default_key()].title)} instead.", icon=":material/history:")
        return True, None
    return True, found


def entry_picker() -> str:
    keys = list(_entries())
    wanted = st.query_params.get(state.QP_REF_STRUCTURE)
    switched, carried = _carried_over(keys)
    if carried is not None:
        st.session_state[state.REF_ENTRY_KEY] = carried
    elif wanted in keys and not switched:
        st.session_state[state.REF_ENTRY_KEY] = wanted
    elif st.session_state.get(state.REF_ENTRY_KEY) not in keys:
        st.session_state[state.REF_ENTRY_KEY] = _default_key()
    if wanted is not None and wanted not in keys and not switched:
        st.warning(f"There is no structure {ui.code(wanted, 60)} in v{_version()}; showing "
                   f"{ui.md(_entries()[st.session_state[state.REF_ENTRY_KEY]].title)} instead.")
    key = st.selectbox("Structure", keys, key=state.REF_ENTRY_KEY, format_func=_labeller(_version()),
                       on_change=_on_pick,
                       help="Every structure of the spec, then the objects nested inside them.")
    if st.query_params.get(state.QP_REF_STRUCTURE) != key:
        st.query_params[state.QP_REF_STRUCTURE] = key
    st.session_state[SHOWN_KEY] = (key, _version())
    return key


# -- which versions: the version shown and the one compared with -------------------------------
def _newest_first() -> list[str]:
    return list(reversed(catalog.VERSIONS))


def version_pickers() -> tuple[str, str]:
    """The version shown (synced with ?api=) and the one to compare with ("" for none)."""
    wanted = st.query_params.get(state.QP_REF_API)
    if wanted in catalog.VERSIONS:
        st.session_state[state.REF_VERSION_KEY] = wanted
    elif st.session_state.get(state.REF_VERSION_KEY) not in catalog.VERSIONS:
        st.session_state[state.REF_VERSION_KEY] = state.current_version()
    compare = st.query_params.get(state.QP_REF_COMPARE)
    if compare in catalog.VERSIONS or compare == NO_COMPARE:
        st.session_state[state.REF_COMPARE_KEY] = compare
    elif st.session_state.get(state.REF_COMPARE_KEY) not in (NO_COMPARE, *catalog.VERSIONS):
        st.session_state[state.REF_COMPARE_KEY] = NO_COMPARE
    left, right, _ = st.columns([2, 2, 3])
    with left:
        version = st.selectbox("API version", _newest_first(), key=state.REF_VERSION_KEY,
                               format_func=reference.version_label, on_change=_on_versions,
                               help="The reference of this Agent Chat API version: its structures, fields, "
                                    f"samples, rules and JSON Schemas. v{reference.stable_version()} is LiveChat's "
                                    "stable version.")
    with right:
        other = st.selectbox("Compare with", [NO_COMPARE, *_newest_first()], key=state.REF_COMPARE_KEY,
                             format_func=lambda v: "—" if v == NO_COMPARE else reference.version_label(v),
                             on_change=_on_versions,
                             help="Show what changed in the entry between this version and the other one.")
    _on_versions()
    return version, other


def _on_versions() -> None:
    """Write both pickers into the URL (also their callback, so the URL never undoes a pick)."""
    st.query_params[state.QP_REF_API] = st.session_state[state.REF_VERSION_KEY]
    other = st.session_state.get(state.REF_COMPARE_KEY)
    if other:
        st.query_params[state.QP_REF_COMPARE] = other
    elif state.QP_REF_COMPARE in st.query_params:
        del st.query_params[state.QP_REF_COMPARE]


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
def _hits() -> dict:
    return st.session_state.get(HITS_KEY) or {}


def search() -> None:
    q = st.text_input("Find a field in every structure", key=state.REF_SEARCH_KEY, max_chars=reference.MAX_QUERY,
                      placeholder=f"e.g. queue, {catalog.audience_field(_version())}, webview height, elements.title",
                      help=f"Searches v{_version()}, the version picked above, by words in any order (spaces, "
                           "_ and . alike, case ignored, the start of a word is enough, a misspelling is "
                           "forgiven): field names, their full paths (chat.threads[].queue) and the spec's "
                           "notes; exact names first. The best match opens below, its row marked.")
    if not q.strip():
        st.session_state[HITS_KEY] = {}
        st.session_state[OPENED_KEY] = None
        return
    df = reference.find_field(q, version=_version())
    hits: dict[str, list] = {}
    for k, f, m in zip(df["entry"], df["field"], df["mode"]):
        hits.setdefault(k, []).append((f, m))
    st.session_state[HITS_KEY] = hits
    if df.empty:
        st.info(f"No field matches {ui.code(q, 80)} in any structure of v{_version()}.",
                icon=":material/search_off:")
        return
    if st.session_state.get(OPENED_KEY) != (q, _version()):     # a new query: open its best hit, once
        st.session_state[OPENED_KEY] = (q, _version())
        go(df.iloc[0]["entry"])
        best = df.iloc[0]
        paths = list(best["paths"])
        st.caption(f"Best match: {ui.code(best['field'])} in {ui.md(best['title'])}"
                   + (f" ({ui.code(paths[0])})" if paths else "") + ", opened below with its row marked.")
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
def _marked(key: str, mode: str) -> set[str]:
    """Fields of this entry's table (in this mode) that the current search found."""
    return {f for f, m in _hits().get(key, ()) if m in (mode, "both")}


def _table(key: str, mode: str, added: list[str]) -> None:
    df = reference.table(key, mode, version=_version())
    links = [k for ls in df["links"] for k in ls]
    view = df.drop(columns=["links"]).rename(columns=COLUMN_TITLES).set_index("Field")
    marked = _marked(key, mode)
    if marked and not view.empty:
        view.insert(0, MATCH_COLUMN, ["◀ match" if f in marked else "" for f in view.index])
        green = set(added) if mode == "response" else set()
        styled = view.style.apply(
            lambda row: [HIGHLIGHT if row.name in marked else
                         "background-color: rgba(46, 160, 67, 0.15)" if row.name in green else "" for _ in row],
            axis=1)
        st.table(styled)
        st.caption("Marked rows: what your search found" + ("; green rows: the server adds them." if green else "."))
    elif mode == "response" and added:
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


def _sample(key: str, e: reference.Entry) -> None:
    ex = reference.example(key, e.version)
    if ex is None:
        st.caption(f"No sample of its own in v{e.version}'s pages"
                   + (": open one of its variants." if e.variants else "."))
        return
    value, where = ex
    st.markdown(f"**Sample** · {ui.md(where)} · v{e.version}")
    text = json.dumps(value, indent=2, ensure_ascii=False)
    st.code(text, language="json", height=360 if text.count("\n") > 18 else "content")
    if e.catalog is not None:
        st.button("Load this sample into the editor", key=f"ref_load_{key}", icon=":material/upload:",
                  on_click=_load_sample, args=(text + "\n", key, e.version))
        st.markdown("**Preview**")
        show_preview(value, key)


def _load_sample(text: str, key: str, version: str) -> None:
    state.set_current(text, structure=key, mode="response", source="sample")
    state.set_version(version)
    state.flash("success", f"Loaded the v{version} {reference.entry(key, version).title} sample into the editor "
                           f"(it now validates against v{version}).")


def _rules(key: str) -> None:
    version = _version()
    ids = reference.object_rules(key, version)
    field_rules = sorted({r for mode in _entries()[key].modes for lim in reference.table(key, mode, version)["limits"]
                          for r in lim.split(" · ") if r.startswith("rule ")})
    wanted = [rid for rid in list(ids) + [f[len("rule "):] for f in field_rules] if reference.rule_applies(rid, version)]
    if not wanted:
        return
    with st.expander(f"What the validator checks here in v{version}", icon=":material/rule:"):
        rows = [{"rule": rid, "severity": RULES[rid].severity, "what": RULES[rid].title,
                 "the spec says": RULES[rid].spec or ""} for rid in wanted]
        st.table(pd.DataFrame(rows).drop_duplicates("rule").set_index("rule"))


def _schemas(key: str, e: reference.Entry) -> None:
    with st.container(horizontal=True, gap="small"):
        for mode in e.modes:
            _schema_button(key, mode, e.version)


def _schema_button(key: str, mode: str, version: str) -> None:
    suffix = "" if mode == "both" else f"-{mode}"
    label = "JSON Schema" if mode == "both" else f"{mode.capitalize()} JSON Schema"
    st.download_button(f"v{version} {label}", _schema_text(key, mode, version),
                       file_name=f"livechat-v{version}-{key}{suffix}.schema.json",
                       mime="application/json", key=f"ref_schema_{key}_{mode}", icon=":material/download:")


def _exchange(key: str, version: str) -> None:
    ex = reference.example(key, version)
    if ex is None:
        return
    st.subheader("Request → response", anchor=False)
    try:
        request = server.request_from_response(ex[0], key, version)
    except ValueError:           # not an event one sends in this version
        return
    show_exchange(request, key, key=f"ref_x_{key}", version=version,
                  intro=f"The v{version} sample without what only the server writes is the request you send "
                        "with send_event; the API stores the event and returns it like this (in "
                        "get_chat, list_threads and the incoming_event push).")


def _changes(key: str, version: str, other: str) -> None:
    """What changed in this entry between the compared version and the one shown."""
    older, newer = sorted((other, version), key=catalog.VERSIONS.index)
    st.subheader(f"What changed from v{other} to v{version}", anchor=False)
    df = reference.entry_changes(key, version, other)
    if df.empty:
        st.caption(f"Nothing: {ui.md(_entries()[key].title)} is the same in v{older} and v{newer}.")
        return
    st.caption(f"{len(df)} change(s), read from the models of the two versions (renames, added and removed "
               "fields, types, required, limits); **in**: the version each came with; **changelog**: the words "
               "of that version's changelog where one of its records matches. Paths are those of "
               f"v{version}.")
    titles = {"field": "Field", "change": "Change", "before": f"In v{other}", "after": f"In v{version}",
              "mode": "Mode", "in": "In", "changelog": "Changelog"}
    view = df.rename(columns=titles)
    if len(view) <= MAX_CHANGES_AS_TABLE:       # short: a table, whose cells wrap the changelog's words
        st.table(view.set_index("Field"))
        return
    st.dataframe(view, hide_index=True, width="stretch", height=560, key=f"ref_changes_{key}_{other}_{version}",
                 column_config={"Field": st.column_config.TextColumn(width="medium"),
                                "Change": st.column_config.TextColumn(width="medium"),
                                "Mode": st.column_config.TextColumn(width="small"),
                                "In": st.column_config.TextColumn(width="small"),
                                "Changelog": st.column_config.TextColumn(width="large")})


def _heading(key: str, e: reference.Entry) -> None:
    st.header(e.title, anchor=False)
    badge = ":violet-badge[part of other structures]" if e.is_part else f":blue-badge[{ui.md(e.section)}]"
    since = reference.versions_text(reference.field_versions(*reference.home(key, e.version), e.version))
    st.markdown(f"{badge} :gray-badge[v{e.version}] {ui.code(key)}"
                + (f" · in {ui.md(since)}" if since and since != "all" else "")
                + (f" — {ui.md_code(e.note, 600)}" if e.note else ""))
    if e.catalog is not None and e.catalog.wrapper:
        wrapped = '{"' + e.catalog.wrapper + '": ...}'
        st.caption(f"The spec's sample wraps it in one key: {ui.code(wrapped)}; the validator accepts it "
                   "with or without that wrapper.")
    paths = reference.paths_to(key, e.version)
    if paths and e.is_part:
        st.caption("Appears at: " + ", ".join(ui.code(p) for p in paths[:6])
                   + (f" and {len(paths) - 6} more places" if len(paths) > 6 else ""))


def show_entry(key: str, other: str = NO_COMPARE) -> None:
    e = _entries()[key]
    _heading(key, e)
    users = [k for k, _ in reference.used_in(key, e.version) if k != key]
    link_buttons(users, f"ref_used_{key}", "Used in:")
    if e.variants:
        link_buttons([k for _, k in e.variants if k], f"ref_var_{key}", "**One of:**")
        st.caption(" · ".join(ui.md(label) for label, _ in e.variants))
        _schemas(key, e)
        if other and other != e.version:
            _changes(key, e.version, other)
        return

    added = reference.server_added(key, e.version)
    left, right = st.columns([3, 2], gap="large")
    with left:
        modes = e.modes
        if len(modes) == 1:
            st.markdown(f"**{MODE_TITLES[modes[0]]}**")
            _table(key, modes[0], added)
        else:
            # the tab the search hit is in opens (a field only the response has: that tab)
            found = next((m for m in modes if _marked(key, m)), None)
            tabs = st.tabs([MODE_TITLES[m] for m in modes],
                           default=MODE_TITLES[found] if found else None)
            for tab, mode in zip(tabs, modes):
                with tab:
                    _table(key, mode, added)
        if any(r not in ("yes", "no") for m in modes for r in reference.table(key, m, version=e.version)["required"]):
            st.caption(reference.REQUIRED_EXPLAINED)     # the one explanation of the spec's contradiction
        _rules(key)
        _schemas(key, e)
    with right:
        _sample(key, e)
    if other and other != e.version:
        _changes(key, e.version, other)
    if key in server.event_names(e.version):
        _exchange(key, e.version)


def main() -> None:
    st.title("Reference", anchor=False)
    version, other = version_pickers()
    st.caption(f"Every structure of the Agent Chat API v{version} ({reference.status(version) or 'known'}), read from "
               "the playground's models: the same models that validate your payloads, so the tables, the "
               "validator and the JSON Schemas always agree. Objects nested in other structures have entries "
               "of their own; the **Versions** column says which versions have each field, and **Compare "
               "with** shows what changed between two versions.")
    if reference.status(version) == "decommissioned":
        st.caption(f":orange-badge[decommissioned] LiveChat no longer serves v{version}; "
                   f"v{reference.stable_version()} is its stable version.")
    ui.show_flashes()
    search()
    key = entry_picker()
    show_entry(key, other)


ui.guard(main, "The reference page")
