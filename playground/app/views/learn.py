"""Learn: what happens to the current payload, how to send it, and exercises to practise.

Top to bottom: the API version (the app's own: state.VERSION_KEY, "detect" meaning the version
the payload was checked as, v3.6 for anything that fits it; picking one here picks it for every
page); request -> response for the current payload (playground.authoring.server); ready-to-copy
code that sends it with send_event in that version's URL and field names, with a warning when
the version is decommissioned (playground.authoring.snippets); the exercises of that version
(playground.teaching.exercises): a broken payload per exercise in its own editor, hints computed
by the validator under the exercise's version, a Check button, "Next exercise", progress kept
for the session per version, and "Load into editor" to continue in the main editor.
"""
from __future__ import annotations

import streamlit as st

from playground.teaching import exercises
from playground.authoring import server
from playground.authoring import snippets
from playground.app import state, ui
from playground.app.ace_component import ace_editor
from playground.app.exchange_view import show_code, show_exchange
from playground.spec import catalog
from playground.spec.catalog import EVENT_NAMES, STRUCTURES

EXERCISE_EDITOR_HEIGHT = 360
MAX_ANNOTATIONS = 50


# -- 0. the version: the app's --------------------------------------------------------------------
def version() -> str:
    """The version the page teaches: the app's (the chosen one, or the one detection found)."""
    return state.current_version()


def _on_version() -> None:
    state.set_version(st.session_state.get(state.LEARN_VERSION_KEY))


def version_picker() -> str:
    options = [state.DETECT, *reversed(catalog.VERSIONS)]
    st.session_state[state.LEARN_VERSION_KEY] = state.version_choice()   # follow the app, every run
    now = version()
    st.selectbox("API version", options, key=state.LEARN_VERSION_KEY, on_change=_on_version,
                 format_func=lambda v: f"Detect (now {ui.version_label(now)})" if v == state.DETECT
                 else ui.version_label(v),
                 help="The app's API version (the editor's picker too): the code below calls it and the "
                      "exercises are written in it. Detect: the version the editor's payload fits, v3.6 "
                      "(stable) for anything it fits.")
    return now


def _use_version(v: str) -> None:
    state.set_version(v)
    state.flash("success", f"Every page now uses {ui.version_label(v)}.")


# -- 1. request -> response --------------------------------------------------------------------
def _load_sample(structure: str) -> None:
    s = catalog.get(version(), structure)
    state.set_current(s.samples[0].read_text(encoding="utf-8"), structure=state.DETECT, mode="response",
                      source="sample")
    state.flash("success", f"Loaded the spec's v{s.version} {s.title} sample.")


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
        known = catalog.structures(report.version)
        what = known[name].title.lower() if name in known else "not an event"
        return None, None, (f"Request → response is about events (what send_event sends). The current "
                            f"payload is {ui.md(what)}.")
    if report.mode == "response" or any(k in data for k in server.generated_fields(name, report.version)):
        request = server.request_from_response(data, name, report.version)
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
    v = version()
    try:
        plan = snippets.plan(request, v, structure=name)     # in this version's field names
    except ValueError:
        plan = None
    if plan is not None and plan.renames:
        request = plan.event
        st.info(f"Written in v{v}'s field names: " + "; ".join(ui.md_code(r, 300) for r in plan.renames),
                icon=":material/swap_horiz:")
    ok = show_exchange(request, name, key="learn_x", intro=how, version=v)
    return (request if ok else None), name


# -- 2. send it ----------------------------------------------------------------------------------
def section_send(request: dict | None, name: str | None) -> None:
    st.subheader("Send it", anchor=False)
    if request is None:
        st.caption("Code to send the current payload appears here once it is a valid event request.")
        return
    c1, c3 = st.columns([1, 1])
    chat_id = c1.text_input("chat_id", value="PJ0MRSHTDG", key=state.LEARN_CHAT_ID_KEY, max_chars=200,
                            help="The chat to send the event to (start_chat or list_chats gives it).")
    request_id = c3.text_input("RTM request_id", value=snippets.DEFAULT_REQUEST_ID,
                               key=state.LEARN_REQUEST_ID_KEY, max_chars=200,
                               help="Any string; the RTM answer carries it back.")
    v = version()
    try:
        plan = snippets.plan(request, v, structure=name)
        snips = snippets.all_snippets(request, chat_id=chat_id, version=v, request_id=request_id,
                                      structure=name)
    except ValueError as exc:
        st.error(ui.md(str(exc)), icon=":material/error:")
        return
    st.caption(f"For {ui.md(ui.version_label(v))}: {ui.code(snippets.url(v))}.")
    if plan.notice:
        stable = reference_stable()
        if catalog.STATUS.get(v) == "decommissioned":
            st.warning(ui.md_code(plan.notice), icon=":material/block:")
            st.button(f"Use {ui.version_label(stable)}", key="learn_use_stable", icon=":material/arrow_upward:",
                      on_click=_use_version, args=(stable,))
        else:
            st.caption(ui.md_code(plan.notice))
    st.caption(f"send_event answers with the id the server gave your {ui.md(STRUCTURES[name].title.lower())} "
               "event. The token is a placeholder: use an agent's access token, and keep it out of code "
               "you share.")
    tabs = st.tabs([s.title for s in snips.values()])
    for tab, snip in zip(tabs, snips.values()):
        with tab:
            st.caption(ui.md_code(snip.note))
            show_code(snip.code, snip.language, file_name=f"send_event-{snip.key}.txt", key=f"learn_snip_{snip.key}")


def reference_stable() -> str:
    return next((x for x in catalog.VERSIONS if catalog.STATUS.get(x) == "stable"), catalog.VERSIONS[-1])


# -- 3. exercises --------------------------------------------------------------------------------
def _progress() -> dict:
    p = st.session_state.get(state.LEARN_PROGRESS_KEY)
    if not isinstance(p, dict):
        p = {"solved": set(), "attempts": {}}
        st.session_state[state.LEARN_PROGRESS_KEY] = p
    return p


def _exercise(uid: str) -> exercises.Exercise:
    ex_id, _, v = uid.rpartition("@v")
    return exercises.for_version(v)[ex_id]


def _attempt(ex: exercises.Exercise) -> str:
    return st.session_state.get(state.LEARN_ATTEMPT_PREFIX + ex.uid, ex.text)


def _revision(ex: exercises.Exercise) -> int:
    return int(st.session_state.get(state.LEARN_REVISION_PREFIX + ex.uid, 0))


def _editor_key(ex: exercises.Exercise) -> str:
    return f"{state.LEARN_EDITOR_PREFIX}{ex.uid}_{_revision(ex)}"


def _result_key(ex: exercises.Exercise) -> str:
    return f"learn_result_{ex.uid}"


def _reset(uid: str) -> None:
    ex = _exercise(uid)
    st.session_state[state.LEARN_ATTEMPT_PREFIX + ex.uid] = ex.text
    st.session_state[state.LEARN_REVISION_PREFIX + ex.uid] = _revision(ex) + 1
    st.session_state.pop(_result_key(ex), None)


def _check(uid: str) -> None:
    ex = _exercise(uid)
    text = _attempt(ex)
    result = exercises.check(ex, text)
    prog = _progress()
    prog["attempts"][ex.uid] = prog["attempts"].get(ex.uid, 0) + 1
    if result.passed:
        prog["solved"].add(ex.uid)
    st.session_state[_result_key(ex)] = (text, result.passed, result.summary,
                                         [(exercises.describe(i), i.spec) for i in result.errors[:5]],
                                         list(result.unmet))


def _next(uid: str) -> None:
    ex = _exercise(uid)
    nxt = exercises.next_exercise(ex.id, _progress()["solved"], ex.version)
    if nxt is not None:
        st.session_state[state.LEARN_EXERCISE_KEY] = nxt


def _load_exercise(uid: str) -> None:
    ex = _exercise(uid)
    state.set_current(_attempt(ex), structure=ex.structure, mode=ex.mode, source="exercise")
    state.set_version(ex.version)
    state.flash("success", f"Loaded exercise “{ex.title}” into the editor (structure {ex.structure}, "
                           f"mode {ex.mode}, API v{ex.version}); open the Editor page to continue there.")


def _annotations(report) -> list[dict]:
    out = []
    for issue in report.issues[:MAX_ANNOTATIONS]:
        if issue.line:
            out.append({"row": issue.line - 1, "column": max(issue.column - 1, 0),
                        "type": "error" if issue.severity == "error" else "warning",
                        "text": f"{issue.path}: {issue.message}"})
    return out


def _labeller(v: str):
    known = exercises.for_version(v)
    ids = list(known)

    def label(ex_id: str) -> str:
        # Static labels: a label that changed when solved would make Streamlit see a new widget.
        ex = known.get(ex_id)
        if ex is None:
            return str(ex_id)
        return f"{ids.index(ex_id) + 1}. {ex.title} · {catalog.get(v, ex.structure).title.lower()}"
    return label


def section_exercises() -> None:
    v = version()
    st.subheader(f"Exercises · v{v}", anchor=False)
    known = exercises.for_version(v)
    prog = _progress()
    solved, total = exercises.progress_summary(prog["solved"], v)
    st.progress(solved / total if total else 0.0, text=f"{solved} of {total} solved in v{v} in this session")
    done = [e.title for e in known.values() if e.uid in prog["solved"]]
    if done:
        st.caption("Solved: " + ", ".join(ui.md(t) for t in done))
    ids = list(known)
    if st.session_state.get(state.LEARN_EXERCISE_KEY) not in ids:
        st.session_state[state.LEARN_EXERCISE_KEY] = ids[0]
    ex_id = st.selectbox("Exercise", ids, key=state.LEARN_EXERCISE_KEY, format_func=_labeller(v))
    ex = known[ex_id]
    st.caption(f"Exercise {ids.index(ex_id) + 1} of {len(ids)} · written in v{v}'s field names and checked "
               f"as v{v}")

    st.markdown(f"**Goal.** {ui.md(ex.goal)}")
    st.caption(f"Structure {ui.code(ex.structure)} · mode {ui.code(ex.mode)} · the validator's verdict "
               "and your goal must both be met.")
    text = _attempt(ex)
    live = exercises.check(ex, text)
    left, right = st.columns([3, 2], gap="large")
    with left:
        typed = ace_editor(text, height=EXERCISE_EDITOR_HEIGHT, annotations=_annotations(live.report),
                           key=_editor_key(ex))     # the editor's own ace: no word completion on Enter
        if isinstance(typed, str) and typed != text:
            st.session_state[state.LEARN_ATTEMPT_PREFIX + ex.uid] = typed
            text = typed
            live = exercises.check(ex, text)
        with st.container(horizontal=True, gap="small"):
            st.button("Check", key=f"learn_check_{ex.uid}", type="primary", icon=":material/task_alt:",
                      on_click=_check, args=(ex.uid,))
            st.button("Next exercise", key="learn_next", icon=":material/skip_next:",
                      on_click=_next, args=(ex.uid,), disabled=len(ids) < 2,
                      help="The next exercise you have not solved yet (in order, wrapping round).")
            st.button("Load into editor", key=f"learn_load_{ex.uid}", icon=":material/upload:",
                      on_click=_load_exercise, args=(ex.uid,))
            st.button("Reset", key=f"learn_reset_{ex.uid}", icon=":material/restart_alt:",
                      on_click=_reset, args=(ex.uid,))
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
    saved = st.session_state.get(_result_key(ex))
    if not saved:
        if ex.uid in _progress()["solved"]:
            st.success("Solved earlier in this session.", icon=":material/check_circle:")
        return
    checked_text, passed, summary, errors, unmet = saved
    stale = checked_text != text
    if passed:
        st.success(summary + (" (you have edited it since)" if stale else ""), icon=":material/check_circle:")
        st.info(f"**What this shows:** {ui.md_code(ex.teaches)}", icon=":material/school:")
        st.button("Next exercise", key="learn_next_solved", type="primary", icon=":material/skip_next:",
                  on_click=_next, args=(ex.uid,))
        return
    st.error(summary + (" (checked before your last edit)" if stale else ""), icon=":material/cancel:")
    for hint, _ in errors:
        st.markdown(f"- {ui.md_code(hint, 800)}")
    for u in unmet:
        st.markdown(f"- still to do: {ui.md_code(u)}")


def main() -> None:
    st.title("Learn the data model", anchor=False)
    v = version_picker()
    st.caption("See what the server does with the payload in the editor (checked against "
               f"{ui.md(ui.version_label(v))}, the app's version), copy code that sends it with that "
               "version, then practise on broken payloads written for it.")
    ui.show_flashes()
    request, name = section_exchange()
    section_send(request, name)
    section_exercises()


ui.guard(main, "The learn page")
