"""Learn: what happens to the current payload, how to send it, and exercises to practise.

Top to bottom: request -> response for the current payload (playground.authoring.server); ready-to-copy
code that sends it with send_event (playground.authoring.snippets); the exercises (playground.teaching.exercises):
a broken payload per exercise in its own editor, hints computed by the validator, a Check
button, progress kept for the session, and "Load into editor" to continue in the main editor.
"""
from __future__ import annotations

import streamlit as st
from streamlit_ace import st_ace

from playground.teaching import exercises
from playground.authoring import server
from playground.authoring import snippets
from playground.app import state, ui
from playground.app.exchange_view import show_code, show_exchange
from playground.spec.catalog import EVENT_NAMES, STRUCTURES

EXERCISE_EDITOR_HEIGHT = 360
MAX_ANNOTATIONS = 50


# -- 1. request -> response --------------------------------------------------------------------
def _load_sample(structure: str) -> None:
    path = STRUCTURES[structure].samples[0]
    state.set_current(path.read_text(encoding="utf-8"), structure=state.DETECT, mode="response",
                      source="sample")
    state.flash("success", f"Loaded the spec's {STRUCTURES[structure].title} sample.")


def current_event() -> tuple[dict | None, str | None, str]:
    """(request, event structure, how it was obtained) for the current payload, or (None, None, why)."""
    report = state.current_report()
    data = report.data
    name = report.structure
    if not isinstance(data, dict) or name not in EVENT_NAMES:
        if name == "event" and isinstance(data, dict):
            return None, None, (f"The current payload is an event of an unknown type "
                                f"{ui.code(data.get('type'), 60)}; send_event takes one of: "
                                + ", ".join(ui.code(n) for n in EVENT_NAMES) + ".")
        what = STRUCTURES[name].title if name in STRUCTURES else "not an event"
        return None, None, (f"Request → response is about events (what send_event sends). The current "
                            f"payload is {ui.md(what.lower() if name in STRUCTURES else what)}.")
    if report.mode == "response" or any(k in data for k in server.generated_fields(name)):
        request = server.request_from_response(data, name)
        return request, name, ("The current payload is a returned event (mode response); below is the "
                               "request that produces it: the same event without the fields only the "
                               "server writes.")
    return data, name, "The current payload is the request you send."


def section_exchange() -> tuple[dict | None, str | None]:
    st.subheader("Request → response", anchor=False)
    request, name, how = current_event()
    if request is None:
        st.info(how, icon=":material/info:")
        st.caption("Load an event sample to try it:")
        cols = st.columns(len(EVENT_NAMES))
        for col, n in zip(cols, EVENT_NAMES):
            col.button(STRUCTURES[n].title, key=f"learn_sample_{n}", on_click=_load_sample, args=(n,),
                       type="tertiary", icon=":material/upload:")
        return None, None
    ok = show_exchange(request, name, key="learn_x", intro=how)
    return (request if ok else None), name


# -- 2. send it ----------------------------------------------------------------------------------
def section_send(request: dict | None, name: str | None) -> None:
    st.subheader("Send it", anchor=False)
    if request is None:
        st.caption("Code to send the current payload appears here once it is a valid event request.")
        return
    c1, c2, c3 = st.columns([2, 1, 2])
    chat_id = c1.text_input("chat_id", value="PJ0MRSHTDG", key=state.LEARN_CHAT_ID_KEY, max_chars=200,
                            help="The chat to send the event to (start_chat or list_chats gives it).")
    checked = state.current_version()
    version = c2.text_input("API version", value=checked, key=state.LEARN_VERSION_KEY,
                            max_chars=8, help="Goes in the URL: /v<version>/agent/action/send_event. The "
                                              f"editor checks the payload against v{checked}.")
    request_id = c3.text_input("RTM request_id", value=snippets.DEFAULT_REQUEST_ID,
                               key=state.LEARN_REQUEST_ID_KEY, max_chars=200,
                               help="Any string; the RTM answer carries it back.")
    try:
        snips = snippets.all_snippets(request, chat_id=chat_id, version=version, request_id=request_id)
    except ValueError as exc:
        st.error(ui.md(str(exc)), icon=":material/error:")
        return
    st.caption(f"send_event answers with the id the server gave your {ui.md(STRUCTURES[name].title.lower())} "
               "event. The token is a placeholder: use an agent's access token, and keep it out of code "
               "you share.")
    tabs = st.tabs([s.title for s in snips.values()])
    for tab, snip in zip(tabs, snips.values()):
        with tab:
            st.caption(ui.md_code(snip.note))
            show_code(snip.code, snip.language, file_name=f"send_event-{snip.key}.txt", key=f"learn_snip_{snip.key}")


# -- 3. exercises --------------------------------------------------------------------------------
def _progress() -> dict:
    p = st.session_state.get(state.LEARN_PROGRESS_KEY)
    if not isinstance(p, dict):
        p = {"solved": set(), "attempts": {}}
        st.session_state[state.LEARN_PROGRESS_KEY] = p
    return p


def _attempt(ex: exercises.Exercise) -> str:
    return st.session_state.get(state.LEARN_ATTEMPT_PREFIX + ex.id, ex.text)


def _revision(ex: exercises.Exercise) -> int:
    return int(st.session_state.get(state.LEARN_REVISION_PREFIX + ex.id, 0))


def _editor_key(ex: exercises.Exercise) -> str:
    return f"{state.LEARN_EDITOR_PREFIX}{ex.id}_{_revision(ex)}"


def _reset(ex_id: str) -> None:
    ex = exercises.EXERCISES[ex_id]
    st.session_state[state.LEARN_ATTEMPT_PREFIX + ex.id] = ex.text
    st.session_state[state.LEARN_REVISION_PREFIX + ex.id] = _revision(ex) + 1
    st.session_state.pop(f"learn_result_{ex.id}", None)


def _check(ex_id: str) -> None:
    ex = exercises.EXERCISES[ex_id]
    text = _attempt(ex)
    result = exercises.check(ex, text)
    prog = _progress()
    prog["attempts"][ex.id] = prog["attempts"].get(ex.id, 0) + 1
    if result.passed:
        prog["solved"].add(ex.id)
    st.session_state[f"learn_result_{ex.id}"] = (text, result.passed, result.summary,
                                                 [(exercises.describe(i), i.spec) for i in result.errors[:5]],
                                                 list(result.unmet))


def _load_exercise(ex_id: str) -> None:
    ex = exercises.EXERCISES[ex_id]
    state.set_current(_attempt(ex), structure=ex.structure, mode=ex.mode, source="exercise")
    state.flash("success", f"Loaded exercise “{ex.title}” into the editor (structure {ex.structure}, "
                           f"mode {ex.mode}); open the Editor page to continue there.")


def _annotations(report) -> list[dict]:
    out = []
    for issue in report.issues[:MAX_ANNOTATIONS]:
        if issue.line:
            out.append({"row": issue.line - 1, "column": max(issue.column - 1, 0),
                        "type": "error" if issue.severity == "error" else "warning",
                        "text": f"{issue.path}: {issue.message}"})
    return out


def _label(ex_id: str) -> str:
    # Static labels: a label that changed when solved would make Streamlit see a new widget.
    ex = exercises.EXERCISES[ex_id]
    return f"{ex.title} · {STRUCTURES[ex.structure].title.lower()}"


def section_exercises() -> None:
    st.subheader("Exercises", anchor=False)
    prog = _progress()
    solved, total = exercises.progress_summary(prog["solved"])
    st.progress(solved / total if total else 0.0, text=f"{solved} of {total} solved in this session")
    if prog["solved"]:
        st.caption("Solved: " + ", ".join(ui.md(exercises.EXERCISES[i].title) for i in exercises.EXERCISES if i in prog["solved"]))
    ids = list(exercises.EXERCISES)
    if st.session_state.get(state.LEARN_EXERCISE_KEY) not in ids:
        st.session_state[state.LEARN_EXERCISE_KEY] = ids[0]
    ex_id = st.selectbox("Exercise", ids, key=state.LEARN_EXERCISE_KEY, format_func=_label)
    ex = exercises.EXERCISES[ex_id]

    st.markdown(f"**Goal.** {ui.md(ex.goal)}")
    st.caption(f"Structure {ui.code(ex.structure)} · mode {ui.code(ex.mode)} · the validator's verdict "
               "and your goal must both be met.")
    text = _attempt(ex)
    live = exercises.check(ex, text)
    left, right = st.columns([3, 2], gap="large")
    with left:
        typed = st_ace(value=text, language="json5", theme="chrome", height=EXERCISE_EDITOR_HEIGHT,
                       auto_update=True, wrap=False, show_gutter=True, font_size=13,
                       annotations=_annotations(live.report), key=_editor_key(ex))
        if isinstance(typed, str) and typed != text:
            st.session_state[state.LEARN_ATTEMPT_PREFIX + ex.id] = typed
            text = typed
            live = exercises.check(ex, text)
        with st.container(horizontal=True, gap="small"):
            st.button("Check", key=f"learn_check_{ex.id}", type="primary", icon=":material/task_alt:",
                      on_click=_check, args=(ex.id,))
            st.button("Load into editor", key=f"learn_load_{ex.id}", icon=":material/upload:",
                      on_click=_load_exercise, args=(ex.id,))
            st.button("Reset", key=f"learn_reset_{ex.id}", icon=":material/restart_alt:",
                      on_click=_reset, args=(ex.id,))
    with right:
        _result(ex, text)
        with st.expander("Hint", icon=":material/lightbulb:"):
            hints = exercises.hints(ex, text)
            if not hints:
                st.markdown("Nothing left to fix: press **Check**.")
            for hint, spec in hints:
                st.markdown(f"- {ui.md_code(hint, 800)}")
                if spec:
                    st.caption(f"The spec: {ui.md(spec, 600)}")
        st.markdown("**What counts as done**")
        valid = live.report.data is not None and not live.errors
        st.markdown(("- :green[:material/check_circle:] " if valid else "- :gray[:material/radio_button_unchecked:] ")
                    + "the validator finds no error" + ("" if valid else f" ({len(live.errors)} now)"))
        for req in ex.requirements:
            done = req.text in live.met
            mark = ":green[:material/check_circle:]" if done else ":gray[:material/radio_button_unchecked:]"
            st.markdown(f"- {mark} {ui.md_code(req.text)}")


def _result(ex: exercises.Exercise, text: str) -> None:
    saved = st.session_state.get(f"learn_result_{ex.id}")
    if not saved:
        if ex.id in _progress()["solved"]:
            st.success("Solved earlier in this session.", icon=":material/check_circle:")
        return
    checked_text, passed, summary, errors, unmet = saved
    stale = checked_text != text
    if passed:
        st.success(summary + (" (you have edited it since)" if stale else ""), icon=":material/check_circle:")
        st.info(f"**What this shows:** {ui.md_code(ex.teaches)}", icon=":material/school:")
        return
    st.error(summary + (" (checked before your last edit)" if stale else ""), icon=":material/cancel:")
    for hint, _ in errors:
        st.markdown(f"- {ui.md_code(hint, 800)}")
    for u in unmet:
        st.markdown(f"- still to do: {ui.md_code(u)}")


def main() -> None:
    st.title("Learn the data model", anchor=False)
    st.caption("See what the server does with the payload in the editor (checked against "
               f"{ui.md(ui.version_label(state.current_version()))}, the editor's version), copy code "
               "that sends it, then practise on broken payloads.")
    ui.show_flashes()
    request, name = section_exchange()
    section_send(request, name)
    section_exercises()


ui.guard(main, "The learn page")
