"""Editor (home page): type or paste a payload and see it validated as you type.

Top to bottom: the share link in the URL (if any) is loaded; one-shot messages; the toolbar
(samples of every version, upload, format, minify, download, copy, JSON Schema, share); the
structure picker, the API version picker (Detect or v3.2 ... v3.7) and the request/response
switch; the verdict (with the version used and why), one row with the verdict under every
version (click one to switch to it), the "Migrate to another version" panel; then the editor
with gutter marks, quick fixes and the list of issues, beside them the field guide and the
preview.
Every rule comes from the core (playground.validate, validation.versions.matrix,
teaching.fieldguide, authoring.fixes, authoring.migrate, authoring.sharelink); this page only
wires them to widgets.
"""
from __future__ import annotations

import difflib
import hashlib
import json

import time

import pandas as pd
import streamlit as st

from playground.validation import jsontext
from playground.authoring import sharelink
from playground.app import connection_view, drafts, save_view, state, ui
from playground.app.ace_component import ace_editor
from playground.app.preview_view import show_preview
from playground.spec import catalog
from playground.spec.limits import MAX_INPUT_BYTES
from playground.teaching.fieldguide import MAX_ROWS, guide_for_report, truncated
from playground.authoring.fixes import FixError, apply_all, apply_fix, fixes_for
from playground.authoring.migrate import migrate
from playground.validation.report import visible

MAX_ANNOTATIONS = 200
MAX_ISSUES_LISTED = 100
MAX_DIFF_LINES = 400
# Past this size, or when the current report already has this many issues, the verdict under
# every version (six validations: ~0.7 s per MB of ordinary JSON, ~3 s for 20 000 unknown keys)
# waits for a click instead of running on every keystroke.
MATRIX_MAX_CHARS = 250_000
MATRIX_MAX_ISSUES = 500
EDITOR_MIN_HEIGHT, EDITOR_MAX_HEIGHT, EDITOR_LINE_PX = 260, 600, 19

SEVERITY_BADGE = {"error": ":red-badge[:material/error: error]",
                  "warning": ":orange-badge[:material/warning: warning]"}
# The status's colour as a mark beside it: a pandas Styler colouring the cells cost ~25 ms of
# server time per keystroke (marshall_styler), more than the validation of a sample.
# (text marks: the table is drawn on a canvas, where emoji need a font not every system has)
STATUS_MARK = {"ok": "✓", "error": "✗", "warning": "!", "unknown": "?", "missing": "✗"}


def _structures() -> dict:
    return catalog.structures(state.current_version())   # the session's API version


def _title(name: str | None) -> str:
    s = _structures().get(name or "")
    return s.title if s is not None else (name or "unknown structure")


@st.cache_data(show_spinner=False, max_entries=64)
def _schema_json(version: str, name: str, mode: str) -> str:
    return json.dumps(catalog.get(version, name).json_schema(mode), indent=2, ensure_ascii=False)


def _max_input_bytes() -> int:
    try:
        return MAX_INPUT_BYTES
    except Exception:  # noqa: BLE001
        return 5 * 1024 * 1024


# -- callbacks (run before the page, so the editor mounts with the new text) ----------------
def _on_structure() -> None:
    state.set_structure(st.session_state.get(state.STRUCTURE_WIDGET_KEY))


def _on_mode() -> None:
    state.set_mode(st.session_state.get(state.MODE_WIDGET_KEY) or state.mode_choice())


def _on_version() -> None:
    state.set_version(st.session_state.get(state.VERSION_WIDGET_KEY) or state.DETECT)


def _switch_version(version: str) -> None:
    state.set_version(version)


def _load_sample(path: str, title: str, version: str) -> None:
    try:
        text = ui.read_sample(path)
    except OSError as e:
        state.flash("error", f"The sample {ui.md(title)} could not be read ({ui.md(e.strerror)}).")
        return
    state.set_current(text, structure=state.DETECT, mode=state.DETECT, source="sample")
    state.set_version(version)
    state.flash("success", f"Loaded the spec's {ui.md(title)} sample (a response, as the v{ui.md(version)} "
                           f"spec shows it); the editor now checks against v{ui.md(version)}. "
                           "Undo takes it back.")


def _reformat(kind: str) -> None:
    report = state.current_report()
    if report.data is None:
        state.flash("warning", f"{kind.capitalize()} needs valid JSON: fix the first error in the list, then try again.")
        return
    text = state.current_text()
    new = jsontext.format(text) if kind == "format" else jsontext.minify(text)
    if new != text:
        state.set_current(new, source=kind)


def _on_upload() -> None:
    f = st.session_state.get(state.UPLOAD_WIDGET_KEY)
    if f is None:
        return
    name = ui.md(getattr(f, "name", "the file"), 120)
    size = getattr(f, "size", None)
    limit = _max_input_bytes()
    if size is not None and size > limit:
        state.flash("error", f"{name} is {size:,} bytes; the playground validates payloads up to "
                             f"{limit:,} bytes ({limit // (1024 * 1024)} MB). Nothing was loaded.")
        return
    raw = f.getvalue()
    check = state.validate(raw)          # the core explains binary, non-UTF-8 and oversized input
    fatal = [i for i in check.issues if i.rule in ("json-binary", "json-too-large")]
    if fatal:
        state.flash("error", f"{name} was not loaded: {ui.md_code(fatal[0].message)}")
        return
    text = raw.decode("utf-8")
    note = ""
    if text.startswith("\ufeff"):
        text = text[1:]
        note = " It started with a byte order mark (BOM), which was removed."
    state.set_current(text, structure=state.DETECT, source="upload")
    state.flash("success", f"Loaded {name} ({len(raw):,} bytes).{note}")


def _apply_fixes(which: list[tuple]) -> None:
    report = state.current_report()
    fixes = [f for f in fixes_for(report) if (f.kind, f.pointer, f.key) in which]
    if not fixes:
        state.flash("warning", "That fix no longer applies: the text changed. Nothing was modified.")
        return
    try:
        new = apply_all(state.current_text(), fixes) if len(fixes) > 1 else apply_fix(state.current_text(), fixes[0])
    except FixError as e:
        state.flash("warning", ui.md_code(str(e)))
        return
    state.set_current(new, source="fix")
    state.flash("success", "Applied: " + "; ".join(ui.md_code(f.title) for f in fixes) + ".")


# -- share link in the URL -------------------------------------------------------------------
def load_share_link() -> None:
    """Load the payload of a share link once per session. The link stays in the address bar, so a
    reload of the tab opens it again (and the draft made from it, drafts.py)."""
    params = st.query_params
    if state.QP_PAYLOAD not in params:
        return
    raw = {k: params.get_all(k) for k in sharelink.PARAMS if k in params}
    token = params.get(state.QP_PAYLOAD)
    if st.session_state.get(state.SHARE_APPLIED_KEY) == token:
        return
    st.session_state[state.SHARE_APPLIED_KEY] = token
    try:
        shared = sharelink.decode(raw)
    except sharelink.ShareLinkError as e:
        state.flash("error", f"This share link could not be opened: {ui.md_code(str(e))} The editor keeps "
                             "its current payload.")
        for k in sharelink.PARAMS:
            params.pop(k, None)
        return
    structure = shared.structure
    note = ""
    known = catalog.structures(shared.version) if shared.version else catalog.names()
    if structure and structure not in known:
        note = " The link names a structure this playground does not know, so it is detected instead."
        structure = None
    state.set_current(shared.text, structure=structure or state.DETECT, mode=shared.mode,
                      source="share-link")
    state.set_version(shared.version)
    checked = f"checked against v{shared.version}" if shared.version else "its API version detected"
    state.flash("success", f"Loaded the payload from a share link ({len(shared.text):,} characters, "
                           f"{ui.md(checked)}).{note}")
    for message in shared.notes:
        state.flash("warning", ui.md_code(message))


def sync_editor_text() -> None:
    """Take what the user typed (the editor's widget value) as the current text."""
    typed = st.session_state.get(state.editor_key())
    if isinstance(typed, str) and typed != state.current_text():
        state.set_current(typed, source="editor")


# -- pieces of the page ----------------------------------------------------------------------
def loaders() -> None:
    """Samples and Upload: outside the editor's fragment (the gallery is ~60 buttons that a
    keystroke need not redraw); what they load reruns the whole page."""
    bar = st.container(horizontal=True, gap="small", key="loaders")
    with bar.popover("Samples", icon=":material/library_books:", help="Load one of the spec's samples"):
        sample_list()
    with bar.popover("Upload", icon=":material/upload_file:", help="Load a .json file"):
        limit = _max_input_bytes()
        # the widget's own limit (its caption) is .streamlit/config.toml's server.maxUploadSize,
        # the same 5 MB as limits.MAX_INPUT_BYTES (tests/app/test_editor_history.py checks it)
        st.file_uploader(f"A JSON file (UTF-8, up to {limit // (1024 * 1024)} MB)",
                         type=["json", "txt"], key=state.UPLOAD_WIDGET_KEY, on_change=_on_upload)


def _undo() -> None:
    step = state.undo()
    if step is None:
        state.flash("info", "Nothing to undo.")


def _redo() -> None:
    step = state.redo()
    if step is None:
        state.flash("info", "Nothing to redo.")


def _restore_recent(index: int) -> None:
    if state.restore_recent(index) is None:
        state.flash("warning", "That payload is no longer in the list. Nothing was changed.")


def toolbar(report) -> None:
    # a lone surrogate (half a character) cannot be written as UTF-8: download and copy show it
    # as its JSON escape, which means the same inside a JSON string
    raw = state.current_text()
    structure = report.structure
    bar = st.container(horizontal=True, gap="small", key="toolbar")
    bar.button("Undo", icon=":material/undo:", key="history-undo", on_click=_undo, disabled=not state.can_undo(),
               help="Take back the last replacement of the text (a sample, an upload, a share link, "
                    "Open in editor, a quick fix, Format, Minify, a migration). Ctrl+Z in the editor "
                    "undoes typing.")
    bar.button("Redo", icon=":material/redo:", key="history-redo", on_click=_redo, disabled=not state.can_redo(),
               help="Do again what Undo took back")
    with bar.popover("Recent", icon=":material/history:", key="recent-popover", on_change="rerun",
                     help="The last payloads the editor held; restore any of them") as pop:
        if pop.open:
            recent_list()
    parsed = report.data is not None
    bar.button("Format", icon=":material/format_align_left:", on_click=_reformat, args=("format",),
               disabled=not parsed, help="Indent by two spaces (keeps every value as written)")
    bar.button("Minify", icon=":material/compress:", on_click=_reformat, args=("minify",),
               disabled=not parsed, help="Remove all whitespace between tokens")
    # deferred: the bytes are made when the file is asked for, not on every keystroke
    bar.download_button("Download", data=lambda text=raw: visible(text).encode("utf-8"), icon=":material/download:",
                        file_name=f"{structure or 'payload'}.json", mime="application/json",
                        on_click="ignore", help="Save the text as a .json file (Copy is in the editor's corner)")
    schema_name = structure if structure in _structures() else None
    mode, version = report.mode, report.version
    bar.download_button(
        "JSON Schema", icon=":material/schema:",
        data=(lambda v=version, n=schema_name, m=mode: _schema_json(v, n, m)) if schema_name else "",
        file_name=f"{schema_name}.v{version}.{mode}.schema.json" if schema_name else "schema.json",
        mime="application/schema+json", on_click="ignore", disabled=schema_name is None,
        help=(f"JSON Schema of {_title(schema_name)} ({mode}) in v{version}, generated from the models"
              if schema_name else "Pick or detect a structure first"))
    with bar.popover("Share", icon=":material/share:", key="share-popover", on_change="rerun",
                     help="A link that opens this exact payload") as pop:
        if pop.open:     # compressing a large text costs: only when asked
            share_panel(raw)   # the link carries even a lone surrogate exactly
    save_view.save_popover(bar)             # a short link to a stored copy (playground/storage)
    with bar.popover("Send to chat", icon=":material/send:", help="send_event to a chat of your LiveChat account"):
        connection_view.send_panel(state.current_text(), "editor", state.current_structure())


def _ago(at: float) -> str:
    seconds = max(0, int(time.time() - at))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    return time.strftime("%H:%M UTC", time.gmtime(at))


def recent_list() -> None:
    """The last payloads with their structure, version and time; a click restores one."""
    items = state.recent()
    if not items:
        st.caption("The payloads the editor held before its text was replaced (by a sample, an "
                   "upload, a fix, Format, ...) are listed here.")
        return
    for n, step in enumerate(items):
        structure, version = step.found or (None, None)
        what = _title(structure) if structure else "payload"
        first = visible(" ".join(step.text.split()))[:70]
        label = (f"{what}" + (f" · v{version}" if version else "") + f" · {len(step.text):,} chars · {_ago(step.at)}")
        st.button(label, key=f"recent-{n}", on_click=_restore_recent, args=(n,), width="stretch",
                  help=f"Restore: {ui.md(first)}…" if first else "Restore this (empty) text")


def sample_list() -> None:
    """The samples of one version (v3.2 ... v3.7; it follows the version in use until you pick
    another), grouped like that version's spec page; loading one also sets the version to the
    sample's own."""
    in_use = state.current_version()
    if (st.session_state.get(state.SAMPLE_VERSION_SYNC_KEY) != in_use
            or st.session_state.get(state.SAMPLE_VERSION_WIDGET_KEY) not in catalog.VERSIONS):
        st.session_state[state.SAMPLE_VERSION_WIDGET_KEY] = in_use     # opens at the version in use
        st.session_state[state.SAMPLE_VERSION_SYNC_KEY] = in_use
    version = st.segmented_control("Samples of", catalog.VERSIONS, key=state.SAMPLE_VERSION_WIDGET_KEY,
                                   required=True, format_func=lambda v: f"v{v}",
                                   help="Each version's spec page has its own samples.")
    st.caption(f"The samples of the {ui.md(ui.version_label(version))} spec page.")
    for section, samples in ui.sample_gallery(version).items():
        st.markdown(f"**{ui.md(section)}**")
        for s in samples:
            st.button(s.title, key=f"sample-{s.key}", on_click=_load_sample,
                      args=(str(s.path), s.title, s.version), width="stretch")


@st.cache_data(show_spinner=False, max_entries=16)
def _share_url(base: str, raw: bytes, structure: str | None, mode: str,
               version: str | None) -> tuple[str | None, str | None]:
    """(url, None) or (None, why not); cached so a big payload is compressed once, not per rerun.
    `raw` is the text as UTF-8 with surrogatepass (a lone surrogate cannot be hashed as str)."""
    try:
        return sharelink.build_url(base, raw.decode("utf-8", "surrogatepass"), structure, mode, version), None
    except sharelink.ShareLinkTooLarge as e:
        return None, str(e)


def share_panel(text: str) -> None:
    base = st.context.url or "http://localhost:8501/"
    choice = state.version_choice()
    url, why_not = _share_url(base, text.encode("utf-8", "surrogatepass"), state.current_structure(),
                              state.current_mode(), None if choice == state.DETECT else choice)
    if url is None:
        st.warning(ui.md_code(why_not), icon=":material/link_off:")
        return
    version = "the version detected" if choice == state.DETECT else f"v{choice}"
    st.caption(f"Opening this link restores this text exactly, with the structure, mode and API "
               f"version ({ui.md(version)}; {len(url):,} characters; links stay under "
               f"{sharelink.MAX_TOKEN_CHARS:,} characters of payload).")
    st.code(url, language=None, wrap_lines=True)


def choosers(report) -> None:
    known = _structures()
    names = list(known)
    options = [state.DETECT] + names
    choice = state.structure_choice()
    if choice not in options:
        options.append(choice)
    st.session_state[state.STRUCTURE_WIDGET_KEY] = choice
    st.session_state[state.MODE_WIDGET_KEY] = state.mode_choice()
    detected = report.structure if state.current_structure() is None else None

    def title(name: str | None) -> str:    # format_func runs per option: no session state in it
        s = known.get(name or "")
        return s.title if s is not None else (name or "unknown structure")

    def label(name: str) -> str:
        if name == state.DETECT:
            return f"Detect — found {title(detected)}" if detected else "Detect from the payload"
        return f"{title(name)} ({name})"

    left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
    left.selectbox("Structure", options, key=state.STRUCTURE_WIDGET_KEY, on_change=_on_structure,
                   format_func=label,
                   help="Which data structure of the spec to check against; Detect picks it from "
                        "the payload (events by their \"type\", others by their keys).")
    with middle:
        version_picker(report)
    right.segmented_control("Mode", state.MODE_CHOICES, key=state.MODE_WIDGET_KEY, on_change=_on_mode,
                            required=True, format_func=str.capitalize,
                            help="Detect: a response when the payload has the fields the server adds "
                                 "(id, created_at, author_id), else a request; the verdict says which. "
                                 "Request: what you send (send_event). Response: what the API "
                                 "returns.")


def version_picker(report) -> None:
    st.session_state[state.VERSION_WIDGET_KEY] = state.version_choice()
    detected = report.version if state.version_choice() == state.DETECT else None

    def label(choice: str) -> str:
        if choice == state.DETECT:
            return f"Detect — found v{detected}" if detected else "Detect from the payload"
        return ui.version_label(choice)

    st.selectbox("API version", [state.DETECT, *catalog.VERSIONS], key=state.VERSION_WIDGET_KEY,
                 on_change=_on_version, format_func=label,
                 help="Which Agent Chat API version to check against. Detect picks it from the fields "
                      "only some versions have (a field renamed in v3.4, a template added in v3.6, "
                      "...); a payload that fits several is checked as the stable one among them "
                      "when it can be, and the verdict says why.")


def annotations(report) -> list[dict]:
    out = []
    for i in report.issues[:MAX_ANNOTATIONS]:
        text = f"{i.severity}: {i.path}: {i.message}"
        out.append({"row": max(i.line - 1, 0), "column": max(i.column - 1, 0),
                    "type": "error" if i.severity == "error" else "warning",
                    # Ace escapes "text" itself (Gutter.setAnnotations: lang.escapeHTML); never
                    # pass "html", which it would insert as markup
                    "text": text[:600]})
    return out


def editor(report) -> None:
    text = state.current_text()
    lines = text.count("\n") + 2
    height = max(EDITOR_MIN_HEIGHT, min(EDITOR_MAX_HEIGHT, lines * EDITOR_LINE_PX + 12))
    # the patched streamlit-ace (app/ace_component): no autocompletion popup, no bracket
    # behaviours, lines wrapped, one-click Copy, a shorter debounce
    value = ace_editor(text, height=height, wrap=True, annotations=annotations(report),
                       placeholder="Paste or type a JSON payload here, or load a sample.",
                       key=state.editor_key())
    if isinstance(value, str) and value != state.current_text():
        state.set_current(value, source="editor")
        st.rerun()   # rare (sync_editor_text took the typed text already); the whole page


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def versions_words(versions) -> str:
    """("3.4", "3.5", "3.6", "3.7") -> "v3.4–v3.7"; a set with gaps is listed."""
    versions = [v for v in catalog.VERSIONS if v in set(versions)]
    if not versions:
        return ""
    first, last = catalog.VERSIONS.index(versions[0]), catalog.VERSIONS.index(versions[-1])
    if len(versions) > 2 and last - first + 1 == len(versions):
        return f"v{versions[0]}–v{versions[-1]}"
    return ", ".join(f"v{v}" for v in versions)


def version_line(report, fits: tuple[str, ...] = ()) -> str:
    """Which version the payload was checked against and why, for the verdict (Markdown).
    `fits`: the versions the payload's fields fit (the matrix knows them when one was chosen)."""
    used = f"**API {ui.md(ui.version_label(report.version))}**"
    if report.version_detected:
        return f"{used}, detected: {ui.md_code(report.version_reason, 400)}." if report.version_reason else f"{used}, detected."
    line = f"{used}, as chosen."
    if fits and report.version not in fits:
        line += f" By its fields this payload fits {versions_words(fits)}."
    return line


def mode_line(report) -> str:
    """Which mode the payload was checked as and why (Markdown)."""
    if report.mode_detected:
        return f"**{ui.md(report.mode.capitalize())}**, detected: {ui.md_code(report.mode_reason, 300)}."
    return f"**{ui.md(report.mode.capitalize())}**, as chosen."


def verdict(report, fits: tuple[str, ...] = ()) -> None:
    errors, warnings = report.errors, report.warnings
    what = f"{_title(report.structure)} ({report.mode})" if report.structure else "payload"
    how = f" Detected {ui.md(report.detected_by)}." if report.detected_by and report.detected_by != "chosen" and report.structure else ""
    version = "  \n" + version_line(report, fits) + "  \n" + mode_line(report)
    if report.ok and report.structure:
        extra = (f" {_count(len(warnings), 'warning')} to read below."
                 if warnings else " No warnings.")
        st.success(f"**Valid** — this is a valid {ui.md(what)} of API v{report.version}.{extra}{how}{version}",
                   icon=":material/check_circle:")
    elif report.ok:
        st.warning("No structure fits this payload." + how + version, icon=":material/help:")
    else:
        first = errors[0]
        where = "" if not first.pointer and first.rule.startswith("json-") else f"{ui.code(first.path)} — "
        st.error(f"**{_count(len(errors), 'error')}**"
                 + (f" and {_count(len(warnings), 'warning')}" if warnings else "")
                 + f" in this {ui.md(what)}.{how}  \nFirst: **line {first.line}:{first.column}** "
                 + f"{where}{ui.md_code(first.message, 300)}{version}", icon=":material/error:")


def verdict_words(verdict) -> str:
    """One version's verdict in a few words: valid / n errors / n warnings."""
    if verdict.errors:
        return _count(verdict.errors, "error")
    if verdict.warnings:
        return _count(verdict.warnings, "warning")
    return "valid"


MATRIX_ICON = {"valid": ":material/check_circle:", "error": ":material/error:", "warning": ":material/warning:"}


def _ask_for_matrix(digest: str) -> None:
    st.session_state[state.MATRIX_ASKED_KEY] = digest


def _text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def current_verdicts(report) -> list:
    """The matrix of the current text, or [] while a costly text waits for its button."""
    text = state.current_text()
    costly = len(text) > MATRIX_MAX_CHARS or len(report.issues) > MATRIX_MAX_ISSUES
    if costly and st.session_state.get(state.MATRIX_ASKED_KEY) != _text_digest(text):
        return []
    return state.current_matrix()


def version_matrix(report, verdicts) -> None:
    """One button per version with the payload's verdict under it (versions.matrix); the version
    in use is the primary one; a click checks the payload as that version."""
    if not verdicts:
        text = state.current_text()
        st.button("Check under every version (a large payload: six validations take a few seconds)",
                  key="ask-matrix", icon=":material/table_rows:", on_click=_ask_for_matrix,
                  args=(_text_digest(text),))
        return
    row = st.container(horizontal=True, gap="small", key="version-matrix",
                       vertical_alignment="center")
    row.caption("Under every version:", width="content")
    for v in verdicts:
        words = verdict_words(v)
        kind = "error" if v.errors else "warning" if v.warnings else "valid"
        current = v.version == report.version
        row.button(f"v{v.version} · {words}", key=f"matrix-{v.version}", icon=MATRIX_ICON[kind],
                   type="primary" if current else "secondary", on_click=_switch_version, args=(v.version,),
                   help=(f"{ui.version_label(v.version)}: {v.words}"
                         + (" (the version in use)" if current else f"; click to check as v{v.version}")))


# -- migration ---------------------------------------------------------------------------------
def _migration(target: str):
    """migrate() of the current text to `target` (the source detected), once per (text, target)."""
    key = (state.current_text(), target, state.current_structure())
    cached = st.session_state.get(state.MIGRATION_CACHE_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    result = migrate(key[0], target, source=None, structure=key[2], mode=state.current_mode())
    st.session_state[state.MIGRATION_CACHE_KEY] = (key, result)
    return result


def _apply_migration(target: str) -> None:
    result = _migration(target)
    st.session_state[state.MIGRATE_TARGET_KEY] = None     # the panel starts afresh on the new text
    state.set_version(target)
    if not result.changed:
        state.flash("info", f"Nothing to change: the payload reads the same in v{ui.md(target)}; the editor "
                            f"now checks against v{ui.md(target)}.")
        return
    state.set_current(result.text, source="migrate")
    notes = "".join(f"\n- {ui.md_code(note, 600)}" for note in result.notes)
    state.flash("success", f"Migrated from v{ui.md(result.source)} to v{ui.md(target)}; the editor now "
                           f"checks against v{ui.md(target)}." + notes)


def unified_diff(before: str, after: str, source: str, target: str) -> str:
    """A unified diff of the text, cut at MAX_DIFF_LINES lines (shown in st.code: escaped)."""
    lines = list(difflib.unified_diff(before.splitlines(), after.splitlines(), f"v{source}", f"v{target}",
                                      lineterm="", n=2))
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"… {len(lines) - MAX_DIFF_LINES} more lines"]
    return "\n".join(visible(line) for line in lines)


def migrate_panel(report) -> None:
    """"Migrate to…": pick a target version, read the diff and the notes, Apply."""
    with st.expander("Migrate to another version", icon=":material/swap_horiz:", key="migrate-panel"):
        target = st.selectbox("Migrate to", catalog.VERSIONS, index=None, key=state.MIGRATE_TARGET_KEY,
                              format_func=ui.version_label, placeholder="Pick the target version",
                              help="Renames fields where they stand (keys keep their order, the text "
                                   "its formatting); what the target version lacks is listed, never "
                                   "dropped; unknown keys stay.")
        if target is None or report.data is None:
            st.caption("The source version is detected from the payload; you see the changes before "
                       "anything is replaced." if report.data is not None else
                       "Migration needs valid JSON: fix the first error in the list first.")
            return
        result = _migration(target)
        st.markdown(f"From **{ui.md(ui.version_label(result.source))}** to "
                    f"**{ui.md(ui.version_label(result.target))}**: "
                    + ("the text changes as below." if result.changed else "nothing to change."))
        for note in result.notes:
            st.markdown(f"- {ui.md_code(note, 600)}")
        if result.changed:
            diff = unified_diff(state.current_text(), result.text, result.source, result.target)
            st.code(diff, language="diff", height=min(40 + 21 * (diff.count("\n") + 1), 420))
        st.button(f"Apply: replace the text with its v{target} version" if result.changed
                  else f"Check as v{target}", key="migrate-apply", type="primary",
                  icon=":material/published_with_changes:", on_click=_apply_migration, args=(target,))


def quick_fixes(report) -> None:
    fixes = fixes_for(report)
    if not fixes:
        return
    st.markdown("**Quick fixes** — one click edits the text; everything else stays as you wrote it.")
    row = st.container(horizontal=True, gap="small")
    rev = state.editor_revision()
    for n, f in enumerate(fixes):
        row.button(f.title, key=f"fix-{rev}-{n}", icon=":material/auto_fix_high:",
                   on_click=_apply_fixes, args=([(f.kind, f.pointer, f.key)],))
    if len(fixes) > 1:
        row.button(f"Apply all {len(fixes)}", key=f"fix-all-{rev}", type="primary",
                   on_click=_apply_fixes, args=([(f.kind, f.pointer, f.key) for f in fixes],))


def issue_list(report) -> None:
    if not report.issues:
        return
    st.markdown(f"**Issues** ({_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')})")
    for i in report.issues[:MAX_ISSUES_LISTED]:
        with st.container(border=True):
            # one line: where and what (the message names the field itself); the JSON path goes
            # with the rule below, not before a message that repeats it
            st.markdown(f"{SEVERITY_BADGE.get(i.severity, i.severity)} "
                        f"**line {i.line}:{i.column}** · {ui.md_code(i.message)}")
            at = "" if not i.pointer and i.rule.startswith("json-") else f"at {ui.code(i.path)} · "
            meta = f"{at}rule {ui.code(i.rule)}"
            if i.spec:
                meta += f" · the spec: “{ui.md_code(i.spec, 600)}”"
            st.caption(meta)
    if len(report.issues) > MAX_ISSUES_LISTED:
        st.caption(f"… and {len(report.issues) - MAX_ISSUES_LISTED} more (fix these first).")


def field_guide_panel(report) -> None:
    rows = guide_for_report(report)
    if not rows:
        st.caption("The field guide lists each field of the payload with the spec's note once the "
                   "text is valid JSON and a structure fits it.")
        return
    frame = pd.DataFrame({
        " ": [STATUS_MARK.get(r.status, "") for r in rows],
        "Field": ["\u2003" * r.depth + r.name for r in rows],
        "Status": [r.status for r in rows],
        "Required": [r.required_words for r in rows],   # the one decision (spec.fields.Requirement)
        "Spec note": [r.note or ("Not a field of this structure in the spec." if r.status == "unknown" else "")
                      for r in rows],
        "Type": [r.type for r in rows],
        "Path": [r.path for r in rows],
    })
    st.dataframe(frame, hide_index=True, height=min(38 + 35 * len(rows), EDITOR_MAX_HEIGHT),
                 column_config={
                     " ": st.column_config.TextColumn(width=28, help="The field's status at a glance"),
                     "Field": st.column_config.TextColumn(width="medium", help="The key, indented by depth"),
                     "Status": st.column_config.TextColumn(
                         width="small", help="ok / error / warning / unknown (not in the spec) / missing"),
                     "Required": st.column_config.TextColumn(width="medium", help="Required by the spec (where its table and its samples disagree, both are said)"),
                     "Spec note": st.column_config.TextColumn(width="large", help="The spec's note for the field"),
                     "Type": st.column_config.TextColumn(width="medium", help="JSON type, as the spec names it"),
                     "Path": st.column_config.TextColumn(width="medium", help="JSON path in the payload"),
                 })
    if truncated(rows):
        st.caption(f"Only the first {MAX_ROWS} fields are listed.")


def preview_panel(report) -> None:
    if report.data is None:
        st.caption("The preview appears once the text is valid JSON.")
        return
    show_preview(report.data, report.structure)


def main() -> None:
    state.init()
    load_share_link()
    save_view.load_saved_link()     # /?s=<id> without p: a saved payload
    st.title("JSON editor", anchor=False)
    loaders()
    workspace()


@st.fragment
def workspace() -> None:
    """Everything a keystroke changes, in one fragment: a keystroke reruns this, not the page
    (the navigation, the title, the sample gallery and the uploader stay as they are)."""
    sync_editor_text()
    with st.container(key="draft-keeper"):    # before the messages (drafts.keep replays them)
        drafts.keep()
    report = state.current_report()
    how = ("detected from its fields" if state.version_choice() == state.DETECT else "as chosen")
    st.caption(f"Type or paste a payload: it is checked against the {ui.md(ui.version_label(report.version))} "
               f"spec ({how}) as you type. Errors are marked in the gutter at their line and listed "
               "below with their JSON path.")
    with st.container(key="messages"):       # a fixed place, so widgets below keep their identity
        ui.show_flashes()
    toolbar(report)
    choosers(report)

    verdicts = current_verdicts(report)
    with st.container(key="verdict"):
        verdict(report, verdicts[0].report.version_fits if verdicts else ())
    # fixed places, whatever the text: were one to come and go, the editor below would move in
    # the page's tree and remount, losing a keystroke
    with st.container(key="matrix-row"):
        ui.guard(lambda: version_matrix(report, verdicts), "The verdict under every version")
    with st.container(key="migrate"):
        ui.guard(lambda: migrate_panel(report), "Migration")

    left, right = st.columns([1, 1], gap="medium")
    with left:
        editor(report)
        quick_fixes(report)
        issue_list(report)
    with right:
        guide_tab, preview_tab = st.tabs([":material/list_alt: Field guide", ":material/visibility: Preview"])
        with guide_tab:
            field_guide_panel(report)
        with preview_tab:
            ui.guard(lambda: preview_panel(report), "The preview")


ui.guard(main, "The editor")
