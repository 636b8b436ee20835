"""Chat summaries, chats and threads as tables and charts.

Top to bottom: choose the data (bundled samples of every API version, paste, upload several files,
demo data of any version, the editor's payload) -> one cached call builds the table (parse, the
core's validation of every item as the app's API version -- "detect": the data's own --, the
DataFrame), with a progress bar -> filters -> table with CSV download -> charts, whose bars filter
the table when clicked -> drill-down of the chosen row. Every rule and every frame lives in
playground.presentation.tables; this page only lays them out.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[3]
if str(_ROOT) not in sys.path:          # run standalone: `streamlit run` puts only this folder on sys.path
    sys.path.insert(0, str(_ROOT))

import altair as alt  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit.errors import StreamlitAPIException  # noqa: E402

from playground.presentation import tables  # noqa: E402
from playground.app import connection_view, state, ui  # noqa: E402
from playground.app.composer_view import EDITOR_PAGE  # noqa: E402
from playground.app.preview_view import show_preview  # noqa: E402
from playground.presentation import generate  # noqa: E402
from playground.presentation.generate import DEFAULT_INVALID_SHARE, MAX_N  # noqa: E402
from playground.spec import catalog  # noqa: E402
from playground.validation.detect import DETECT  # noqa: E402

SAMPLES_DIR = state.SAMPLES_DIR / "chats"
DEFAULT_SAMPLE = "chats/list_chats_response.json"   # relative to samples/
DEMO_DEFAULT_VERSION = "3.6"      # under "detect" (no version chosen): the stable one
SOURCES = ("Bundled samples", "Paste JSON", "Upload files", "Demo data", "Editor's payload", "My LiveChat account")
DEMO_MAX = MAX_N                   # a million: built a page at a time, with a progress bar
DEMO_DEFAULT_N = 1_000
DEMO_DEFAULT_SEED = 42
TABLE_HEIGHT = 440
ANY, ACTIVE, INACTIVE = "Any", "Active", "Inactive"
AS_LOADED = "(as loaded)"
F = state.TABLES_FILTER_KEY_PREFIX
OPEN_KEY_PREFIX = "tables_open_"         # + what is opened: the "Open in the editor" buttons

LABELS = {  # column -> header shown (the CSV keeps the column names)
    "chat_id": "Chat", "thread_id": "Last thread", "thread_created_at": "Thread started (UTC)",
    "active": "Active", "queue_position": "Queue position", "queue_wait_time": "Queue wait",
    "queued_at": "Queued at (UTC)", "customer_name": "Customer", "customer_email": "Customer e-mail",
    "customer_country": "Country", "agents": "Agents", "last_message_text": "Last message",
    "last_message_author": "Last message by", "last_message_at": "Last message at (UTC)",
    "last_event_at": "Last event at (UTC)", "event_types": "Event types", "group_ids": "Groups",
    "is_followed": "Followed", "structure": "Kind", "source": "Source", "errors": "Errors",
    "warnings": "Warnings", "issues": "Issues", "last_message_visibility": "Visibility",
    "customer_tickets": "Customer tickets",
}
FRONT = ("chat_id", "errors", "warnings")   # flags next to the id, where they are seen
DATETIME_FORMAT = "YYYY-MM-DD HH:mm:ss"
MISSING = "—"           # how drill-down tables show a value the payload does not have


# -- building (cached: the same input is parsed and validated once) -------------------------------
# st.cache_resource, not st.cache_data: cache_data pickles the result on every hit, and a Table
# holds every raw summary (for the drill-down); unpickling 10 000 of them on each rerun would
# cost more than the rerun itself. Nothing below mutates a Table.

# The progress bar is drawn inside the cached call (Streamlit replays a cached call's elements
# on a cache hit, and refuses elements of a block made outside it): updates are throttled to
# whole percents and the bar is emptied at the end, so a replay shows nothing.

@contextmanager
def progress_bar() -> Iterator[tables.Progress]:
    bar = st.empty()
    shown = [-1]

    def progress(fraction: float, words: str) -> None:
        pct = int(max(0.0, min(1.0, fraction)) * 100)
        if pct != shown[0]:
            shown[0] = pct
            bar.progress(pct, text=f"Reading and validating: {words}")
    try:
        yield progress
    finally:
        bar.empty()


@st.cache_resource(max_entries=8, show_spinner=False)
def build_from_texts(sources: tuple[tuple[str, str | bytes], ...], version: str = DETECT) -> tables.Table:
    with progress_bar() as progress:
        return tables.build_from_texts(sources, version, progress=progress)


@st.cache_resource(max_entries=2, show_spinner=False)
def build_demo(n: int, seed: int, invalid_share: float, data_version: str = DEMO_DEFAULT_VERSION,
               version: str = DETECT) -> tables.Table:
    stream = generate.Stream(n, seed, invalid_share, data_version)
    name = f"demo data (n={n}, seed={seed}, v{data_version})"
    with progress_bar() as progress:
        return tables.build_stream(stream.parts(name), version, progress=progress, total=n)


def table_of(loaded: tables.ChatData) -> tables.Table:
    """The table of chat data got elsewhere (parsed pages, e.g. from the user's own account), checked
    as the app's API version (Detect: the data's), with the progress bar. Not cached: the caller
    keeps the Table (e.g. in session state) as long as it needs it."""
    with progress_bar() as progress:
        return tables.build_table(loaded, version=state.version_choice(), progress=progress)


@st.cache_data(show_spinner=False)
def sample_names() -> list[str]:
    """Every version's chat samples, relative to samples/: chats/ (v3.2), then v3_3/chats/ ..."""
    root = state.SAMPLES_DIR
    dirs = [root / "chats", *(root / f"v{v.replace('.', '_')}" / "chats" for v in catalog.VERSIONS[1:])]
    return [p.relative_to(root).as_posix() for d in dirs for p in sorted(d.glob("*.json"))]


def sample_version(name: str) -> str:
    """"v3_6/chats/x.json" -> "3.6"; "chats/x.json" (the first samples, v3.2) -> "3.2"."""
    head = name.split("/", 1)[0]
    return head[1:].replace("_", ".") if head.startswith("v3_") else catalog.VERSIONS[0]


def sample_label(name: str) -> str:
    return f"v{sample_version(name)} · {name.rsplit('/', 1)[-1]}"


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# -- inputs ---------------------------------------------------------------------------------------

def choose_input() -> tuple[tables.Table | None, str]:
    """The source widgets; returns the built table (None when there is nothing yet) and its digest.
    Every table is checked as the app's API version (the editor's picker; "detect": the data's)."""
    version = state.version_choice()
    source = st.segmented_control("Data", SOURCES, default=SOURCES[0], required=True,
                                  key=state.TABLES_SOURCE_KEY, persist_state="session")
    if source == "Paste JSON":
        text = st.text_area(
            "A list_chats response, chat summaries (v3.7: chat infos), a chat or a thread (JSON)", height=180,
            key=state.TABLES_PASTE_KEY, persist_state="session",
            placeholder='{"chats_summary": [...], "found_chats": 2, "next_page_id": "...", "previous_page_id": null}')
        if not text.strip():
            st.info("Paste JSON above (Ctrl+Enter applies it), or pick another source.", icon=":material/content_paste:")
            return None, ""
        return build_from_texts((("Pasted text", text),), version), _digest("paste", text, version)
    if source == "Upload files":
        files = st.file_uploader("One or more JSON files (e.g. several list_chats pages)", type=["json"],
                                 accept_multiple_files=True, key=state.TABLES_UPLOAD_KEY)
        if not files:
            st.info("Upload JSON files; their chats are shown together, each row naming its file.",
                    icon=":material/upload_file:")
            return None, ""
        sources = tuple((f.name, f.getvalue()) for f in files)
        return (build_from_texts(sources, version),
                _digest("upload", [(n, hashlib.sha1(b).hexdigest()) for n, b in sources], version))
    if source == "Demo data":
        c1, c2, c3, c4 = st.columns([1, 1, 1, 1.2])
        n = c1.number_input("Chats", 1, DEMO_MAX, DEMO_DEFAULT_N, step=1_000, key=state.TABLES_DEMO_N_KEY,
                            persist_state="session", help="Synthetic, realistic chat summaries "
                            f"(playground.presentation.generate), up to {DEMO_MAX:,}.")
        seed = c2.number_input("Seed", 0, 2**31 - 1, DEMO_DEFAULT_SEED, key=state.TABLES_DEMO_SEED_KEY,
                               persist_state="session", help="The same seed gives the same chats.")
        broken = c3.number_input("Broken on purpose (%)", 0.0, 100.0, DEFAULT_INVALID_SHARE * 100, step=1.0,
                                 key=state.TABLES_DEMO_BROKEN_KEY, persist_state="session",
                                 help="This share of summaries gets one deliberate defect each, to show flagged rows.")
        if st.session_state.get(state.TABLES_DEMO_VERSION_KEY) not in catalog.VERSIONS:
            st.session_state[state.TABLES_DEMO_VERSION_KEY] = version if version != DETECT else DEMO_DEFAULT_VERSION
        data_version = c4.selectbox("Written for API version", catalog.VERSIONS, key=state.TABLES_DEMO_VERSION_KEY,
                                    format_func=lambda v: f"v{v} · {catalog.STATUS[v]}",
                                    help="The shape of the data: v3.4 adds visibility, v3.6 the customer's "
                                         "visit and tickets, v3.7 chat infos (last_thread_info, chats_info).")
        st.caption(f"The same data from the command line: `python -m playground samples generate --kind "
                   f"chat_summaries --n {int(n)} --seed {int(seed)} --invalid-share {broken / 100:g} "
                   f"--version {data_version}`")
        return (build_demo(int(n), int(seed), broken / 100, data_version, version),
                _digest("demo", n, seed, broken, data_version, version))
    if source == "My LiveChat account":       # list_chats / list_archives (app/connection_view.py)
        return connection_view.account_source()
    if source == "Editor's payload":
        text = state.current_text()
        st.caption(f"The current payload of the Editor page ({len(text):,} characters); change it there.")
        return (build_from_texts((("Editor's payload", text),), version),
                _digest("editor", text, version))
    names = sample_names()
    chosen = st.session_state.get(state.TABLES_SAMPLE_KEY)
    if isinstance(chosen, str) and "/" not in chosen and f"chats/{chosen}" in names:
        st.session_state[state.TABLES_SAMPLE_KEY] = f"chats/{chosen}"     # a bare name: the v3.2 samples
    elif chosen is not None and chosen not in names:
        st.session_state.pop(state.TABLES_SAMPLE_KEY, None)
    default = DEFAULT_SAMPLE
    if version != DETECT:       # the chosen version's own list or summary sample
        own = [n for n in names if sample_version(n) == version]
        default = next((n for n in own if "list_chats" in n or "chat_summar" in n or "chat_info" in n),
                       own[0] if own else DEFAULT_SAMPLE)
    name = st.selectbox("Sample", names, index=names.index(default) if default in names else 0,
                        key=state.TABLES_SAMPLE_KEY, persist_state="session", format_func=sample_label,
                        help="The spec's Chats, Chat summaries (v3.7: Chat info) and Threads samples of "
                             "every API version (samples/chats/ and samples/v3_x/chats/).")
    text = ui.read_sample(str(state.SAMPLES_DIR / name))
    # Under Detect a sample is checked as the version it is the sample of (as the editor's gallery
    # does): the v3.2 samples fit v3.2-v3.5 by their fields, and would be read as v3.5.
    used = sample_version(name) if version == DETECT else version
    table = build_from_texts(((name, text),), used)
    if version == DETECT:
        table = replace(table, version_reason=f"the sample's own version (Detect reads it as v"
                                              f"{tables.data_version(table.loaded.items, table.loaded.structures)[0]})"
                        if len(table.loaded.items) else "the sample's own version")
    return table, _digest("sample", name, text, version)


# -- filters, table, CSV ----------------------------------------------------------------------------

def _keep_valid(key: str, options: list) -> None:
    """Drop remembered choices the current data does not have (a multiselect refuses them)."""
    if key in st.session_state:
        allowed = set(options)
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def choose_filters(table: tables.Table) -> tables.Filters:
    opts = table.options
    sortable = [c for c in table.df.columns if c not in tables.LIST_COLUMNS]
    for name in ("groups", "agents", "countries"):
        _keep_valid(F + name, opts[name])
    if st.session_state.get(F + "sort") not in [AS_LOADED, *sortable]:
        st.session_state.pop(F + "sort", None)
    with st.container(border=True):
        c = st.columns([1.6, 1, 1.5, 1.5, 2])
        active = c[0].segmented_control("Thread", (ANY, ACTIVE, INACTIVE), default=ANY, required=True, key=F + "active")
        groups = c[1].multiselect("Groups", opts["groups"], key=F + "groups", placeholder="Any group")
        agents = c[2].multiselect("Agents", opts["agents"], key=F + "agents", placeholder="Any agent")
        countries = c[3].multiselect("Countries", opts["countries"], key=F + "countries", placeholder="Any country")
        text = c[4].text_input("Search", key=F + "text", max_chars=200,
                               placeholder="chat or thread id, customer, e-mail, message, agent")
        c = st.columns([1.2, 2, 1, 2.8], vertical_alignment="bottom")
        flagged = c[0].toggle("Only rows with issues", key=F + "flagged")
        sort_by = c[1].selectbox("Sort by", [AS_LOADED, *sortable], key=F + "sort",
                                 format_func=lambda col: LABELS.get(col, col))
        descending = c[2].toggle("Descending", key=F + "descending")
    return tables.Filters(active={ACTIVE: True, INACTIVE: False}.get(active), groups=tuple(groups),
                     agents=tuple(agents), countries=tuple(countries), text=text, flagged_only=flagged,
                     sort_by=None if sort_by == AS_LOADED else sort_by, descending=descending,
                     **chart_filters())


def column_setup(df: pd.DataFrame) -> tuple[list[str], dict]:
    """Column order (flags first, empty bookkeeping columns hidden) and each column's display."""
    hidden = set()
    if df["structure"].isin(tables.SUMMARY_STRUCTURES).all():
        hidden.add("structure")
    if df["source"].isna().all():
        hidden.add("source")
    order = [*FRONT, *(c for c in df.columns if c not in FRONT and c not in hidden)]
    cc = st.column_config
    config: dict = {
        "chat_id": cc.TextColumn(LABELS["chat_id"], pinned=True),
        "errors": cc.NumberColumn(LABELS["errors"], format="%d", width="small",
                                  help="Errors the validator found in this item (see the drill-down)"),
        "warnings": cc.NumberColumn(LABELS["warnings"], format="%d", width="small"),
        "issues": cc.ListColumn(LABELS["issues"], width="large"),
        "active": cc.CheckboxColumn(LABELS["active"], width="small"),
        "is_followed": cc.CheckboxColumn(LABELS["is_followed"], width="small"),
        "queue_position": cc.NumberColumn(LABELS["queue_position"], format="%d"),
        "queue_wait_time": cc.NumberColumn(LABELS["queue_wait_time"], format="%d s",
                                           help="Approximate wait for an available agent, in seconds"),
        "last_message_text": cc.TextColumn(LABELS["last_message_text"], width="large"),
        "agents": cc.ListColumn(LABELS["agents"]),
        "event_types": cc.ListColumn(LABELS["event_types"], help="Types present in last_event_per_type"),
        "group_ids": cc.ListColumn(LABELS["group_ids"], help="access.group_ids (0 means all agents)"),
        "last_message_visibility": cc.TextColumn(LABELS["last_message_visibility"], width="small",
                                                 help="The last message's visibility (v3.4 renamed recipients "
                                                      "to visibility): all, or agents only"),
        "customer_tickets": cc.NumberColumn(LABELS["customer_tickets"], format="%d",
                                            help="The customer's tickets (v3.6 adds `tickets` to the customer)"),
    }
    for c in tables.DATETIME_COLUMNS:
        config[c] = cc.DatetimeColumn(LABELS[c], format=DATETIME_FORMAT, timezone="UTC")
    for c in ("thread_id", "customer_name", "customer_email", "customer_country", "last_message_author",
              "structure", "source"):
        config[c] = cc.TextColumn(LABELS[c])
    for c in df.attrs.get("property_columns", ()):
        where = "the last thread's" if c.startswith(tables.THREAD_PROPERTY_PREFIX) else "the chat's"
        help_ = f"Property {c.removeprefix(tables.THREAD_PROPERTY_PREFIX)} of {where} properties"
        dtype = df[c].dtype
        config[c] = (cc.CheckboxColumn(c, help=help_) if pd.api.types.is_bool_dtype(dtype)
                     else cc.NumberColumn(c, help=help_) if pd.api.types.is_numeric_dtype(dtype)
                     else cc.TextColumn(c, help=help_))
    return order, config


def show_metrics(df: pd.DataFrame, view: pd.DataFrame) -> None:
    c = st.columns(5)
    c[0].metric("Chats shown", f"{len(view):,}", help=f"of {len(df):,} loaded")
    c[1].metric("Active", f"{int(view['active'].sum(skipna=True)):,}")
    c[2].metric("Queued", f"{int(view['queue_position'].notna().sum()):,}")
    c[3].metric("Rows with errors", f"{int((view['errors'] > 0).sum()):,}")
    c[4].metric("Rows with warnings only", f"{int(((view['warnings'] > 0) & (view['errors'] == 0)).sum()):,}")


GRID_MAX_ROWS = 100_000    # rows sent to the browser's grid (~45 MB of Arrow); Streamlit refuses
                           # a message over 200 MB, and a million rows would be ~450 MB


def show_table(view: pd.DataFrame, order: list[str], config: dict, key: str) -> int | None:
    """The table; returns the index label (position in the loaded items) of the selected row."""
    if len(view) > GRID_MAX_ROWS:
        st.caption(f"The grid shows the first {GRID_MAX_ROWS:,} of these {len(view):,} rows (a browser grid of "
                   "more would be hundreds of MB); the filters, counts, charts and the CSV use them all.")
        view = view.iloc[:GRID_MAX_ROWS]
    event = st.dataframe(       # only the shown columns travel to the browser
        view[order], column_config=config, hide_index=True,
        height=TABLE_HEIGHT if len(view) > 12 else "auto",
        on_select="rerun", selection_mode="single-row", key=key, placeholder="",
        selection_default={"selection": {"rows": [0]}} if len(view) else None)
    rows = list(getattr(getattr(event, "selection", None), "rows", None) or [])
    if rows and 0 <= rows[0] < len(view):
        return int(view.index[rows[0]])
    return None


# -- charts ---------------------------------------------------------------------------------------

def _bars_height(bars: int) -> int:
    """A horizontal bar chart tall enough to label every bar."""
    return max(160, 60 + 24 * bars)


CHART_FILTERS = {  # chart -> (the Filters field a click sets, the chart's field, words for the filter line)
    "hours": ("hours", "hour", "last thread started at hour (UTC)"),
    "event_types": ("event_types", "type", "event type present"),
    "waits": ("waits", "wait", "queue wait"),
    "countries": ("countries", "country", "customer country"),
}
CHART_GEN = F + "chart_gen"        # bumped to draw the charts afresh (no bar left selected)


def _chart_key(name: str) -> str:
    return f"{state.TABLES_CHART_KEY_PREFIX}{name}_{st.session_state.get(CHART_GEN, 0)}"


def _chart_clicked(name: str) -> None:
    """on_select callback: the clicked bars' values become that chart's filter (the countries
    chart sets the Countries filter itself); then the charts are drawn afresh."""
    event = st.session_state.get(_chart_key(name))
    selection = getattr(event, "selection", None) or {}
    points = selection.get(name) or []
    field_name, field, _ = CHART_FILTERS[name]
    values = [p[field] for p in points if isinstance(p, dict) and p.get(field) is not None]
    if field == "hour":
        values = [int(v) for v in values if isinstance(v, (int, float))]
    values = [v for v in values if v not in ("other", "(unknown)")]
    if values:
        st.session_state[F + field_name] = list(dict.fromkeys(values))
    st.session_state[CHART_GEN] = st.session_state.get(CHART_GEN, 0) + 1


def clear_chart_filters() -> None:
    for field_name, _, _ in CHART_FILTERS.values():
        st.session_state.pop(F + field_name, None)
    st.session_state[CHART_GEN] = st.session_state.get(CHART_GEN, 0) + 1


def chart_filters() -> dict[str, tuple]:
    """The filters the charts set (hours, event types, queue waits), as remembered."""
    out = {}
    for name, (field_name, _, _) in CHART_FILTERS.items():
        if name == "countries":
            continue            # a widget of its own (the Countries filter)
        values = st.session_state.get(F + field_name) or []
        out[field_name] = tuple(values)
    return out


def show_chart_filter_line(f: tables.Filters) -> None:
    """What the clicked charts filter by, with a way to clear it."""
    parts = []
    for name, (field_name, _, words) in CHART_FILTERS.items():
        values = getattr(f, field_name)
        if values and name != "countries":
            parts.append(f"{words}: " + ", ".join(ui.code(v, 40) for v in values))
    if parts:
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.info("Filtered by the charts: " + "; ".join(parts), icon=":material/filter_alt:")
        right.button("Clear chart filter", icon=":material/filter_alt_off:", key=F + "clear_charts",
                     on_click=clear_chart_filters)


def _bars(data: pd.DataFrame, name: str, x: str, y: str, color: str, horizontal: bool, height: int,
          x_title: str, y_title: str, sort: object = None, stack: str | None = None) -> alt.Chart:
    """A bar chart whose bars can be clicked (a point selection on the chart's field)."""
    field = CHART_FILTERS[name][1]
    pick = alt.selection_point(name=name, fields=[field], on="click", clear="dblclick")
    cat = alt.X(f"{x}:N", title=x_title, sort=sort) if not horizontal else alt.Y(f"{x}:N", title=y_title, sort=sort)
    val = (alt.Y(f"{y}:Q", title=y_title, stack="zero" if stack else None) if not horizontal
           else alt.X(f"{y}:Q", title=x_title))
    enc = {"x": cat, "y": val} if not horizontal else {"y": cat, "x": val}
    mark = alt.Chart(data).mark_bar(cursor="pointer", **({} if stack else {"color": color}))
    chart = mark.encode(**enc, opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
                        tooltip=[alt.Tooltip(c) for c in data.columns])
    if stack:
        chart = chart.encode(color=alt.Color(f"{stack}:N", title=None,
                                             scale=alt.Scale(domain=list(STATE_COLORS), range=list(STATE_COLORS.values()))))
    return chart.add_params(pick).properties(height=height, usermeta={"embedOptions": {"renderer": "svg"}})


STATE_COLORS = {"active": "#FF5100", "inactive": "#9AA4B2", "unknown": "#D9DDE3"}


def _draw(chart: alt.Chart, name: str) -> None:
    st.altair_chart(chart, key=_chart_key(name), on_select=lambda: _chart_clicked(name),
                    selection_mode=name, width="stretch")


def show_charts(view: pd.DataFrame) -> None:
    st.subheader("Charts of the rows shown", anchor=False)
    st.caption("Click a bar to show only its rows in the table (Shift+click for several); "
               "**Clear chart filter** shows them all again.")
    left, right = st.columns(2)
    with left:
        st.markdown("**Chats by the hour their last thread started (UTC)**")
        by_hour = tables.chats_by_hour(view)
        long = by_hour.reset_index().melt(id_vars="hour (UTC)", var_name="state", value_name="chats")
        long = long.rename(columns={"hour (UTC)": "hour"})
        _draw(_bars(long, "hours", "hour", "chats", "", False, 260, "hour of day (UTC)", "chats",
                    sort=list(range(24)), stack="state"), "hours")
        st.markdown("**Event types present (last_event_per_type)**")
        events = tables.events_by_type(view)
        if len(events):
            _draw(_bars(events, "event_types", "type", "chats", "#2563EB", True, _bars_height(len(events)),
                        "chats", "", sort="-x"), "event_types")
        else:
            st.caption("No events in these rows.")
    with right:
        st.markdown("**Queue wait of queued chats**")
        waits = tables.queue_wait_distribution(view)
        if waits["chats"].sum():
            waits = waits.assign(wait=waits["wait"].astype(str))
            _draw(_bars(waits, "waits", "wait", "chats", "#FF5100", False, 260, "approximate wait", "chats",
                        sort=list(tables.WAIT_LABELS)), "waits")
        else:
            st.caption("No chat in these rows is in the queue.")
        st.markdown("**Customers by country**")
        countries = tables.customers_by_country(view)
        if len(countries):
            _draw(_bars(countries, "countries", "country", "chats", "#0F766E", True, _bars_height(len(countries)),
                        "chats", "", sort="-x"), "countries")
        else:
            st.caption("No customers in these rows.")


# -- drill-down -----------------------------------------------------------------------------------

USERS_CONFIG = {
    "present": st.column_config.CheckboxColumn("present", width="small"),
    "visit_started_at": st.column_config.DatetimeColumn("visit started", format=DATETIME_FORMAT),
    "events_seen_up_to": st.column_config.DatetimeColumn("events seen up to", format=DATETIME_FORMAT),
    "created_at": st.column_config.DatetimeColumn("created at", format=DATETIME_FORMAT),
    "chats_count": st.column_config.NumberColumn("chats", format="%d"),
    "tickets": st.column_config.NumberColumn("tickets", format="%d", help="The customer's tickets (from v3.6)"),
}
EVENTS_CONFIG = {
    "time": st.column_config.DatetimeColumn("time (UTC)", format=DATETIME_FORMAT),
    "created_at": st.column_config.DatetimeColumn("created at (UTC)", format=DATETIME_FORMAT),
    "thread_created_at": st.column_config.DatetimeColumn("thread created at", format=DATETIME_FORMAT),
    "summary": st.column_config.TextColumn("summary", width="large"),
    "users": st.column_config.ListColumn("users"),
    "group_ids": st.column_config.ListColumn("groups"),
    "events": st.column_config.NumberColumn("events", format="%d"),
}


def show_issues(issues: list) -> None:
    if issues:
        errors = sum(i.severity == "error" for i in issues)
        st.markdown(f"**{errors} error{'s' * (errors != 1)}, {len(issues) - errors} "
                    f"warning{'s' * (len(issues) - errors != 1)}** (paths are inside this item)")
        st.dataframe(tables.issues_frame(issues), hide_index=True,
                     column_config={"message": st.column_config.TextColumn("message", width="large")})
    else:
        st.success("Valid: no errors, no warnings.", icon=":material/check_circle:")


def show_timeline(events_df: pd.DataFrame, preview_data: object, structure: str, users: object) -> None:
    """Events as a timeline table beside the transcript preview."""
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Timeline**")
        if len(events_df):
            st.dataframe(events_df, hide_index=True, column_config=EVENTS_CONFIG, placeholder=MISSING)
        else:
            st.caption("No events.")
    with right:
        st.markdown("**Transcript preview**")
        show_preview(preview_data, structure, users=users if isinstance(users, list) else None)


def show_raw(data: object, structure: str, what: str, key: str) -> None:
    """The raw JSON, and a button that makes it the editor's payload (to fix or study it)."""
    with st.expander("Raw JSON", icon=":material/data_object:"):
        st.json(data, expanded=2)
    if st.button("Open in the editor", icon=":material/edit:", key=OPEN_KEY_PREFIX + key,
                 help=f"Replace the editor's payload with this {what} (as a {structure} response)"):
        text = json.dumps(data, indent=2, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:            # a lone surrogate from a \ud800 escape: keep it escaped
            text = json.dumps(data, indent=2)
        state.set_current(text, structure=structure, mode="response", source="tables")
        state.flash("success", f"Opened the {what} from the Chat summaries page.")
        try:
            st.switch_page(EDITOR_PAGE)
        except StreamlitAPIException:        # run outside the app's navigation (standalone, AppTest)
            st.success("Sent to the editor: open the Editor page to see it.", icon=":material/check:")


def show_version(table: tables.Table) -> None:
    """Which version's spec the rows were checked against, and why."""
    how = table.version_reason
    if how == "as chosen":
        how = "as chosen in the editor's API version picker"
    st.caption(f"API v{table.version} · {catalog.STATUS[table.version]}, {ui.md_code(how, 400)}. The columns are "
               f"this version's: " + VERSION_WORDS[table.version])


VERSION_WORDS = {
    "3.2": "last_thread_summary, the customer's last_visit.",
    "3.3": "last_thread_summary, the customer's last_visit.",
    "3.4": "last_thread_summary, the customer's last_visit, the last message's visibility (was recipients).",
    "3.5": "last_thread_summary, the customer's last_visit, the last message's visibility (was recipients).",
    "3.6": "last_thread_summary, the customer's visit (was last_visit) and tickets, the last message's visibility.",
    "3.7": "chat info: last_thread_info (with last_event_per_type inside it, or beside it as the page's sample "
           "has it), the customer's visit and tickets, the last message's visibility.",
}


def _item_title(structure: str, version: str) -> str:
    if structure == tables.CHAT:
        return "Chat"
    return "Chat info" if tables.structure_in(version, structure) == tables.CHAT_INFO else "Chat summary"


def show_drilldown(table: tables.Table, idx: int) -> None:
    item, structure = table.loaded.items[idx], table.loaded.structures[idx]
    row = table.df.loc[idx]
    chat_id = row["chat_id"] if isinstance(row["chat_id"], str) else "(no id)"
    st.subheader(f"{_item_title(structure, table.version)} {ui.code(chat_id, 80)}", anchor=False)
    st.caption(f"Row {idx + 1:,} of {len(table.df):,} · from {ui.md(table.loaded.sources[idx], 200)}")
    show_issues(table.issues[idx])
    data = item if isinstance(item, dict) else {}
    users = data.get("users")
    if structure == tables.CHAT:
        st.markdown("**Threads**")
        threads = tables.threads_frame(data)
        st.dataframe(threads, hide_index=True, column_config={**EVENTS_CONFIG, **USERS_CONFIG}, placeholder=MISSING)
        raw_threads = data.get("threads")
        thread_list = [t for t in raw_threads if isinstance(t, dict)] if isinstance(raw_threads, list) else []
        choices = ["All threads", *(f"{i + 1}: {t.get('id')}" for i, t in enumerate(thread_list))]
        pick = st.selectbox("Thread", choices, index=len(choices) - 1 if len(choices) > 1 else 0,
                            key=state.TABLES_THREAD_KEY_PREFIX + _digest(idx, chat_id))
        if pick == "All threads":
            show_timeline(tables.chat_events_frame(data), data, "chat", None)
        else:
            thread = thread_list[choices.index(pick) - 1]
            show_timeline(tables.events_frame(thread.get("events"), users), thread, "thread", users)
    else:
        left, right = st.columns([3, 2])
        with left:
            st.markdown("**Last event of each type** (last_event_per_type)")
            st.dataframe(tables.last_events_frame(data), hide_index=True, column_config=EVENTS_CONFIG, placeholder=MISSING)
        with right:
            st.markdown("**Preview of the last events**")
            show_preview(tables.last_events(data), "events", users=users if isinstance(users, list) else None)
    st.markdown("**Users**")
    st.dataframe(tables.users_frame(users), hide_index=True, column_config=USERS_CONFIG, placeholder=MISSING)
    show_raw(item, tables.structure_in(table.version, structure), _item_title(structure, table.version).lower(),
             f"item_{idx}")


def show_thread(name: str, thread: object, issues: list, n: int) -> None:
    tid = thread.get("id") if isinstance(thread, dict) else None
    st.subheader(f"Thread {ui.code(tid if isinstance(tid, str) else '(no id)', 80)}", anchor=False)
    st.caption(f"from {ui.md(name, 200)} · a thread holds user ids only, so authors are shown by id")
    show_issues(issues)
    show_timeline(tables.events_frame(thread.get("events") if isinstance(thread, dict) else None), thread, "thread", None)
    show_raw(thread, tables.THREAD, "thread", f"thread_{n}")


# -- the page -------------------------------------------------------------------------------------

def main() -> None:
    st.title("Chat summaries", anchor=False)
    st.caption("A list_chats response (v3.7: chats_info), chat summaries (v3.7: chat infos), chats or threads "
               "as tables and charts. Every item is validated against the spec of the app's API version (the "
               "editor's picker; Detect: the data's own); rows with problems are flagged, never dropped.")
    table, digest = choose_input()
    if table is None:
        return
    show_version(table)
    loaded = table.loaded
    for problem in loaded.problems:
        st.error(ui.md(problem, 1000), icon=":material/error:")
    for note in loaded.notes:
        st.info(ui.md(note, 1000), icon=":material/info:")
    for n, ((name, thread), issues) in enumerate(zip(loaded.threads, table.thread_issues)):
        show_thread(name, thread, issues, n)
    if not len(table.df):
        if not loaded.threads and not loaded.problems:
            st.info("No chats in this input.")
        return

    f = choose_filters(table)
    show_chart_filter_line(f)
    view = tables.filter_frame(table.df, f)
    show_metrics(table.df, view)
    order, config = column_setup(table.df)
    idx = show_table(view, order, config, state.TABLES_TABLE_KEY_PREFIX + _digest(digest, f))
    hidden = table.df.attrs.get("hidden_properties", 0)
    if hidden:
        st.caption(f"{hidden:,} more properties are not shown as columns (only the {tables.MAX_PROPERTY_COLUMNS} "
                   "that most chats have are); every chat's raw JSON below the table holds them all.")
    rows = "this row" if len(view) == 1 else f"these {len(view):,} rows"
    st.download_button(f"Download {rows} as CSV", data=lambda: tables.to_csv(view[order]),  # made on click
                       file_name="chat_summaries.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", disabled=not len(view))
    if not len(view):
        st.info("No row matches these filters.")
        if any(chart_filters().values()):
            st.button("Clear chart filter", icon=":material/filter_alt_off:", key=F + "clear_charts_empty",
                      on_click=clear_chart_filters)
        return
    if len(view) > 1:           # one row's charts say nothing its row does not
        show_charts(view)
    st.divider()
    if idx is None:
        st.info("Select a row (the box at its left) to see its users, events and raw JSON.",
                icon=":material/touch_app:")
    else:
        show_drilldown(table, idx)


st.set_page_config(layout="wide")     # additive: wide when run standalone too
ui.guard(main, "The chat summaries page")
