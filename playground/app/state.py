"""The one current payload, shared by every page, and the names the app keeps it under.

Every page reads and writes the payload through these helpers:

    from playground.app import state
    state.init()                         # once per run (main.py does it)
    text = state.current_text()
    report = state.current_report()      # playground.validate(text, structure, mode, version), cached
    state.set_current(new_text, structure="rich_message", mode="request", source="composer")

Why the canonical text lives under a plain (non-widget) key: Streamlit drops a page's widget
state when the user navigates away, so the editor widget's own value is lost on every page
switch. The editor widget (streamlit-ace) is keyed ``editor_ace_<revision>``: whenever the text
is replaced from outside the editor (a composer, the sample gallery, a quick fix, an upload,
Format/Minify, a share link), `set_current` bumps the revision, so the editor mounts afresh
showing the new text. Text typed in the editor comes back through `set_current(...,
source="editor")`, which does not bump the revision (the editor already shows it).

Session-state keys (strings, so that AppTest can seed them: ``at.session_state[TEXT_KEY]``):

- TEXT_KEY       the payload text (str)
- STRUCTURE_KEY  a structure name from playground.spec.catalog.STRUCTURES, or DETECT
- MODE_KEY       the mode picker's value: DETECT (the default: a response when the payload has
                 the fields the server adds, else a request; validation/modes.py), "request" or
                 "response". mode_choice() is that value; current_mode() the mode actually used
- VERSION_KEY    the version picker's value: DETECT (the default: the version is detected
                 from the payload's fields) or one of playground.spec.catalog.VERSIONS.
                 version_choice() is that value; current_version() the version actually used
                 (the detected one under DETECT), which every page follows
- SOURCE_KEY     who set the text last: "editor", "sample", "upload", "share-link", "fix",
                 "format", "composer", ... (pages may show it; nothing depends on it)
- REVISION_KEY   int, part of the editor widget key (see above)
- HISTORY_KEY    {"undo": [Step], "redo": [Step]}: every replacement of the text from outside the
                 editor (set_current with a source but "editor") is a step: undo() and redo()
                 walk them; bounded by MAX_STEPS and MAX_HISTORY_CHARS (see history.py)
- RECENT_KEY     [Step]: the last payloads the editor held (newest first, no two alike), bounded
                 by MAX_RECENT and MAX_RECENT_CHARS

Query-parameter names of a share link are QP_PAYLOAD, QP_STRUCTURE, QP_MODE, QP_API_VERSION (see
playground.authoring.sharelink for the encoding).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import streamlit as st

from playground import validation
from playground.validation import versions
from playground.authoring import sharelink
from playground.spec import catalog
from playground.app import history

# -- session-state keys ---------------------------------------------------------------------
TEXT_KEY = "payload_text"
STRUCTURE_KEY = "payload_structure"
MODE_KEY = "payload_mode"
VERSION_KEY = "payload_api_version"          # DETECT or the API version every page validates against
SOURCE_KEY = "payload_source"
REVISION_KEY = "payload_revision"
REPORT_CACHE_KEY = "payload_report_cache"
SHARE_APPLIED_KEY = "share_link_applied"     # the share token already loaded in this session
FLASH_KEY = "flash_messages"                 # messages to show once after a rerun
LAST_FLASH_KEY = "flash_messages_shown"      # the messages the last run showed (replay_flashes)
_READY_KEY = "payload_keys_ready"            # init() has given every key above its default
HISTORY_KEY = history.HISTORY_KEY           # undo / redo steps (history.py)
RECENT_KEY = history.RECENT_KEY             # the last payloads the editor held (history.py)
DRAFT_KEY_PREFIX = "draft"                   # drafts.py: the draft keeper's widget and its flags

# Widget keys of the editor page (widget state is dropped on page switch; the canonical values
# above are not).
EDITOR_KEY_PREFIX = "editor_ace"
STRUCTURE_WIDGET_KEY = "editor_structure_choice"
MODE_WIDGET_KEY = "editor_mode_choice"
VERSION_WIDGET_KEY = "editor_version_choice"
SAMPLE_VERSION_WIDGET_KEY = "editor_sample_version"   # the gallery's version tabs
SAMPLE_VERSION_SYNC_KEY = "editor_sample_version_synced"   # the version in use it last followed
MATRIX_CACHE_KEY = "payload_matrix_cache"             # (text, structure, mode) -> verdict per version
MATRIX_ASKED_KEY = "payload_matrix_asked"             # digest of a large text whose matrix was asked for
MIGRATE_TARGET_KEY = "editor_migrate_target"          # the "Migrate to…" panel's target version
MIGRATION_CACHE_KEY = "editor_migration_cache"        # (text, target, structure) -> Migration
UPLOAD_WIDGET_KEY = "editor_upload"

# Widget keys of the chat summaries page (views/chat_summaries.py). The input choices persist for
# the session (persist_state="session"); the table's key also carries a digest of the data and
# filters, so a new table starts with its first row selected.
TABLES_SOURCE_KEY = "tables_source"
TABLES_SAMPLE_KEY = "tables_sample"
TABLES_PASTE_KEY = "tables_paste"
TABLES_UPLOAD_KEY = "tables_upload"
TABLES_DEMO_N_KEY = "tables_demo_n"
TABLES_DEMO_SEED_KEY = "tables_demo_seed"
TABLES_DEMO_BROKEN_KEY = "tables_demo_broken"
TABLES_DEMO_VERSION_KEY = "tables_demo_version"   # the API version the demo data is written for
TABLES_CHART_KEY_PREFIX = "tables_chart_"     # + chart name (+ generation): the charts that filter on click
TABLES_FILTER_KEY_PREFIX = "tables_filter_"   # + active, groups, agents, countries, text, flagged, sort, descending,
                                              # hours, event_types, waits (set by clicking the charts), chart_gen
TABLES_TABLE_KEY_PREFIX = "tables_table_"
TABLES_THREAD_KEY_PREFIX = "tables_thread_"   # + chat id: the thread shown in a chat's drill-down

# The composers (views/*_composer.py via app/composer_view.py) keep their state under
# <prefix>_doc, _rev, _synced, _sent, _prev, _msgs, _sel; their widget keys are
# "<prefix>:<revision>:<JSON pointer>:<part>" (the revision refreshes them on a new document).
RICH_COMPOSER_PREFIX = "rmc"
FORM_COMPOSER_PREFIX = "ffc"
FORM_EVENT_COMPOSER_PREFIX = "fc"             # the Form composer (an empty form event, v3.3 on)

# Widget keys of the reference and learn pages (views/reference.py, views/learn.py).
REF_ENTRY_KEY = "ref_entry"                   # the entry shown (synced with QP_REF_STRUCTURE)
REF_SEARCH_KEY = "ref_search"
REF_VERSION_KEY = "ref_api_version"           # the version the reference shows (synced with QP_REF_API)
REF_COMPARE_KEY = "ref_compare_version"       # the version it compares with, or "" (QP_REF_COMPARE)
LEARN_AUTHOR_KEY = "learn_author"             # author_id of simulated responses (shared by both pages)
LEARN_CHAT_ID_KEY = "learn_chat_id"
LEARN_VERSION_KEY = "learn_api_version"
LEARN_REQUEST_ID_KEY = "learn_request_id"
LEARN_EXERCISE_KEY = "learn_exercise"         # the exercise shown
LEARN_PROGRESS_KEY = "learn_progress"         # {"solved": set of exercise ids, "attempts": {id: n}}
LEARN_ATTEMPT_PREFIX = "learn_attempt_"       # + exercise id: the learner's text (kept across pages)
LEARN_EDITOR_PREFIX = "learn_ace_"            # + exercise id + "_" + revision: its editor widget
LEARN_REVISION_PREFIX = "learn_rev_"          # + exercise id: bumped by Reset

# -- query parameters of a share link -------------------------------------------------------
QP_PAYLOAD = sharelink.PARAM_PAYLOAD
QP_STRUCTURE = sharelink.PARAM_STRUCTURE
QP_MODE = sharelink.PARAM_MODE
QP_API_VERSION = sharelink.PARAM_API_VERSION
QP_REF_STRUCTURE = "structure"   # reference page: the entry shown (?structure=rich_message)
QP_REF_API = "api"               # reference page: its version (?structure=message&api=3.6)
QP_REF_COMPARE = "compare"       # reference page: the version it compares with (&compare=3.2)

# -- values ---------------------------------------------------------------------------------
DETECT = "detect"
MODES = ("request", "response")
MODE_CHOICES = (DETECT,) + MODES
DEFAULT_MODE = "response"       # the spec's samples are responses (the mode when none is given)
ROOT = Path(__file__).resolve().parents[2]
SAMPLES_DIR = ROOT / "samples"
DEFAULT_SAMPLE = SAMPLES_DIR / "events" / "message.json"


def _default_text() -> str:
    try:
        return DEFAULT_SAMPLE.read_text(encoding="utf-8")
    except OSError:
        audience = catalog.audience(catalog.DEFAULT_VERSION)
        return json.dumps({"type": "message", "text": "hello there", audience.field: audience.default},
                          indent=2) + "\n"


def init() -> None:
    """Give every key its default once per session (safe to call on every run, on any page)."""
    ss = st.session_state
    if _READY_KEY in ss:           # every getter calls init(): one lookup once the keys are there
        return
    if TEXT_KEY not in ss:
        ss[TEXT_KEY] = _default_text()
    if STRUCTURE_KEY not in ss:
        ss[STRUCTURE_KEY] = DETECT
    if MODE_KEY not in ss:
        ss[MODE_KEY] = DETECT
    if VERSION_KEY not in ss:
        ss[VERSION_KEY] = DETECT
    if SOURCE_KEY not in ss:
        ss[SOURCE_KEY] = "default"
    if REVISION_KEY not in ss:
        ss[REVISION_KEY] = 0
    ss[_READY_KEY] = True


# -- getters --------------------------------------------------------------------------------
def current_text() -> str:
    init()
    text = st.session_state[TEXT_KEY]
    return text if isinstance(text, str) else str(text)


def structure_choice() -> str:
    """The structure picker's value: DETECT or a structure name."""
    init()
    return st.session_state[STRUCTURE_KEY] or DETECT


def current_structure() -> str | None:
    """The structure to validate against: a name, or None to detect it from the payload."""
    choice = structure_choice()
    return None if choice == DETECT else choice


def mode_choice() -> str:
    """The mode picker's value: DETECT, "request" or "response" (anything else counts as DETECT)."""
    init()
    mode = st.session_state[MODE_KEY]
    return mode if mode in MODE_CHOICES else DETECT


def current_mode() -> str:
    """The mode the pages follow: the chosen one, or under DETECT the one the current payload was
    checked as (current_report().mode)."""
    choice = mode_choice()
    return choice if choice != DETECT else current_report().mode


def version_choice() -> str:
    """The version picker's value: DETECT, or a version of catalog.VERSIONS (anything else that
    found its way into session state counts as DETECT)."""
    init()
    choice = st.session_state[VERSION_KEY]
    return choice if choice in catalog.VERSIONS else DETECT


def current_version() -> str:
    """The API version the pages follow: the chosen one, or under DETECT the version the current
    payload was checked as (current_report().version)."""
    choice = version_choice()
    return choice if choice != DETECT else current_report().version


def current_source() -> str:
    init()
    return st.session_state[SOURCE_KEY]


def editor_revision() -> int:
    init()
    return st.session_state[REVISION_KEY]


def editor_key_for(revision: int) -> str:
    return f"{EDITOR_KEY_PREFIX}_{revision}"


def editor_key() -> str:
    """The streamlit-ace widget key; changes whenever the text is replaced from outside.

    Tests feed "typed" text with ``at.session_state[state.editor_key_for(0)] = text`` (the
    revision starts at 0), or set the canonical ``at.session_state[state.TEXT_KEY]``."""
    return editor_key_for(editor_revision())


# -- setters --------------------------------------------------------------------------------
def set_current(text: str, structure: str | None = None, mode: str | None = None,
                source: str = "editor") -> None:
    """Replace the current payload. structure/mode None keep the current choice; pass
    structure=DETECT (mode=DETECT) to go back to detection. Any source but "editor" refreshes the
    editor and is a step of the history (undo)."""
    init()
    ss = st.session_state
    if mode is not None and mode not in MODE_CHOICES:
        raise ValueError(f"mode must be one of {MODE_CHOICES}, not {mode!r}")
    if source != "editor":
        history.record(ss, _step(source))
    ss[TEXT_KEY] = text
    if structure is not None:
        ss[STRUCTURE_KEY] = structure
    if mode is not None:
        ss[MODE_KEY] = mode
    ss[SOURCE_KEY] = source
    if source != "editor":
        ss[REVISION_KEY] = ss[REVISION_KEY] + 1


def set_structure(choice: str | None) -> None:
    init()
    st.session_state[STRUCTURE_KEY] = choice or DETECT


def set_mode(mode: str) -> None:
    init()
    if mode in MODE_CHOICES:
        st.session_state[MODE_KEY] = mode


# -- history: undo, redo, recent (the bounded lists live in history.py) ----------------------
def _step(source: str) -> "history.Step":
    """The editor's state now, as a step of the history (structure and version as last checked,
    when the report of this text is at hand; no validation for it)."""
    ss = st.session_state
    text = current_text()
    cached = ss.get(REPORT_CACHE_KEY)
    report = cached[1] if cached is not None and cached[0][0] == text else None
    return history.Step(text=text, structure=ss[STRUCTURE_KEY], mode=ss[MODE_KEY], version=ss[VERSION_KEY],
                        source=source, found=(report.structure, report.version) if report is not None else None)


def _apply(step: "history.Step", source: str) -> None:
    ss = st.session_state
    ss[TEXT_KEY], ss[STRUCTURE_KEY], ss[MODE_KEY], ss[VERSION_KEY] = step.text, step.structure, step.mode, step.version
    ss[SOURCE_KEY] = source
    ss[REVISION_KEY] = ss[REVISION_KEY] + 1


def can_undo() -> bool:
    return history.can(st.session_state, "undo")


def can_redo() -> bool:
    return history.can(st.session_state, "redo")


def undo() -> history.Step | None:
    """Go back one replacement (the text, structure, mode and version it replaced); None if none."""
    init()
    step = history.move(st.session_state, "undo", _step("undo"))
    if step is not None:
        _apply(step, "undo")
    return step


def redo() -> history.Step | None:
    init()
    step = history.move(st.session_state, "redo", _step("redo"))
    if step is not None:
        _apply(step, "redo")
    return step


def recent() -> list:
    """The last payloads the editor held, newest first, the current text left out."""
    init()
    return history.recent(st.session_state, current_text())


def restore_recent(index: int) -> history.Step | None:
    """Put recent()[index] back in the editor (a step of its own: undo takes it back)."""
    items = recent()
    if not 0 <= index < len(items):
        return None
    step = items[index]
    set_current(step.text, structure=step.structure, mode=step.mode, source="recent")
    st.session_state[VERSION_KEY] = step.version
    return step


def set_version(version: str | None) -> None:
    """Choose the API version: DETECT (or None) to detect it, else a version of catalog.VERSIONS
    (UnknownVersion, a ValueError, when the catalog does not know it)."""
    init()
    st.session_state[VERSION_KEY] = DETECT if version in (None, DETECT) else catalog.check_version(version)


def flash(kind: str, message: str) -> None:
    """Queue a message ("success", "info", "warning", "error") to show on the next run."""
    st.session_state.setdefault(FLASH_KEY, []).append((kind, message))


def pop_flashes() -> list[tuple[str, str]]:
    flashes = st.session_state.pop(FLASH_KEY, None) or []
    st.session_state[LAST_FLASH_KEY] = flashes
    return flashes


def replay_flashes() -> None:
    """Queue again the messages the last run showed: for a rerun the user did not cause (the
    draft keeper reporting on mount), which would otherwise wipe them before they are read."""
    for kind, message in st.session_state.get(LAST_FLASH_KEY) or []:
        flash(kind, message)


# -- validation -----------------------------------------------------------------------------
def validate(text: str | bytes, structure: str | None = None, mode: str | None = None,
             version: str | None = None) -> Any:
    """playground.validate against `version` and `mode`, by default the session's choices
    (version_choice() and mode_choice(): DETECT or a value)."""
    return validation.validate(text, structure=structure, mode=mode_choice() if mode is None else mode,
                               version=version_choice() if version is None else version)


def current_report() -> Any:
    """The Report of the current payload; computed once per (text, structure, mode, version choice)."""
    key = (current_text(), current_structure(), mode_choice(), version_choice())
    cached = st.session_state.get(REPORT_CACHE_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    report = validate(*key)
    st.session_state[REPORT_CACHE_KEY] = (key, report)
    return report


def current_matrix() -> list:
    """The current payload's verdict under every version (playground.validation.versions.matrix),
    oldest first; computed once per (text, structure, mode)."""
    key = (current_text(), current_structure(), mode_choice())
    cached = st.session_state.get(MATRIX_CACHE_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    verdicts = versions.matrix(*key)
    st.session_state[MATRIX_CACHE_KEY] = (key, verdicts)
    return verdicts
