"""What the composer pages share: the document in session state, the exchange with the
editor, the API version it follows, one widget per form node, properties rows, issues shown at
their fields, and the preview + JSON panel. No rule lives here: choices, limits, edits and the issue -> field mapping
come from playground.authoring.compose; validation is the editor's engine (playground.validate).

Session state, per composer (prefix "rmc", "ffc" or "fc"):
  <prefix>_doc     the compose.Document being edited
  <prefix>_rev     revision, part of every widget key: bumped when the document is replaced or
                   its shape changes (add / remove / move / mode / field type), so the widgets
                   mount afresh with the document's values
  <prefix>_synced  the editor text the composer last loaded or sent (a different editor text
                   means the editor changed: the composer opens it, if it is the right kind)
  <prefix>_sent    the text of the document as the editor last had it (None: not in the editor)
  <prefix>_prev    a composition replaced while it had changes not sent (offered back once)
  <prefix>_msgs    {pointer: refusal message} shown once at the place it concerns
  <prefix>_sel     {list pointer: index} the element / field being edited, when a list is long
  <prefix>_vnotes  what moving the composition to another API version did (shown once)

The API version: the composer follows the app's version (state.VERSION_KEY, the editor's picker;
the toolbar shows the same picker, and choosing there chooses for every page). Under "detect" a
composition keeps the version it was opened in: the editor payload's detected version, or the
stable one (v3.6) for a blank start or a sample. A version chosen explicitly moves the open
composition to it (compose.Document.set_version: the editor's migration, nothing lost).

Why long lists are edited one item at a time: a Streamlit run's cost grows faster than the
number of widgets it draws (it rebuilds its filtered session state per widget), and a rich
message at the spec's limits (10 elements x 13 buttons) would be ~1,100 widgets. Drawing one
element at a time keeps a page to about a hundred (README, "Composers", has the measurements).
"""
from __future__ import annotations

import json
from typing import Any, Callable

import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground.authoring import compose
from playground.app import connection_view, state, ui
from playground.app.preview_view import show_preview
from playground.spec import catalog
from playground.authoring.compose import ComposeError, Document, Node
from playground.validation.report import make_pointer

EDITOR_PAGE = "views/editor.py"     # relative to the entry point (main.py)
LIVE = "400ms"                      # text fields commit after this pause, so the JSON follows
MAX_JSON_WIDGET_CHARS = 100_000     # a raw-JSON value larger than this is edited in the editor
ICON = {"error": ":material/error:", "warning": ":material/warning:"}


def rich_text(message: str) -> str:
    """A core message as safe Markdown: `code` spans stay code, everything else is escaped."""
    parts = str(message).split("`")
    if len(parts) % 2 == 0:          # an odd number of backticks: show them literally
        return ui.md(message, limit=None)
    return "".join(ui.md(p, limit=None) if i % 2 == 0 else ui.code(p, limit=200)
                   for i, p in enumerate(parts))


class Composer:
    def __init__(self, kind: str, prefix: str) -> None:
        self.kind = kind
        self.prefix = prefix
        self.title = catalog.ABOUT[kind].title
        self.k_doc, self.k_rev = f"{prefix}_doc", f"{prefix}_rev"
        self.k_synced, self.k_sent = f"{prefix}_synced", f"{prefix}_sent"
        self.k_prev, self.k_msgs = f"{prefix}_prev", f"{prefix}_msgs"
        self.k_sel = f"{prefix}_sel"
        self.k_vnotes = f"{prefix}_vnotes"
        self.k_opened = f"{prefix}_opened"      # (the editor's text opened here, its notes)
        self.report = None
        self.root: Node | None = None
        self.where: dict[str, list] = {}
        self.drawn: set[str] = set()

    # -- session state --------------------------------------------------------------------------
    @property
    def doc(self) -> Document | None:
        d = st.session_state.get(self.k_doc)
        return d if isinstance(d, Document) else None

    def rev(self) -> int:
        return st.session_state.get(self.k_rev, 0)

    def bump(self) -> None:
        st.session_state[self.k_rev] = self.rev() + 1

    def key(self, pointer: str, suffix: str = "") -> str:
        return f"{self.prefix}:{self.rev()}:{pointer}:{suffix}"

    def _unsent(self, doc: Document | None) -> bool:
        return doc is not None and doc.dump() != st.session_state.get(self.k_sent)

    def replace(self, doc: Document, sent: str | None) -> None:
        old = self.doc
        ss = st.session_state
        if self._unsent(old) and old.dump() != doc.dump():
            ss[self.k_prev] = old
        ss[self.k_doc] = doc
        ss[self.k_sent] = sent
        self.bump()

    def refuse(self, pointer: str, message: str) -> None:
        st.session_state.setdefault(self.k_msgs, {})[pointer] = message

    # -- callbacks (they run before the page, so the page draws the edited document) -----------
    def _edit(self, parts: tuple, wkey: str) -> None:
        doc = self.doc
        if doc is None:
            return
        try:
            if doc.edit(parts, st.session_state.get(wkey)):
                self.bump()          # other fields changed too: their widgets show the new values
        except ComposeError as e:
            self.refuse(make_pointer(parts), str(e))

    def act(self, pointer: str, method: str, *args: Any) -> None:
        """Call a Document method (add/remove/move/...); a refusal is shown at `pointer`."""
        doc = self.doc
        if doc is None:
            return
        try:
            getattr(doc, method)(*args)
        except ComposeError as e:
            self.refuse(pointer, str(e))
            return
        self.bump()

    def add(self, pointer: str, method: str, *args: Any) -> None:
        """Add an item (add_element, add_button, add_field, ...) and select it for editing."""
        doc = self.doc
        if doc is None:
            return
        try:
            index = getattr(doc, method)(*args)
        except ComposeError as e:
            self.refuse(pointer, str(e))
            return
        self.select(pointer, index)
        self.bump()

    def move(self, pointer: str, method: str, *args: Any) -> None:
        """Move an item (the last two args are index, delta); the selection follows it."""
        self.act(pointer, method, *args)
        index, delta = args[-2], args[-1]
        if self.selected(pointer, 10**9) == index:
            self.select(pointer, index + delta)

    def selected(self, pointer: str, n: int) -> int:
        sel = st.session_state.get(self.k_sel, {}).get(pointer, 0)
        return max(0, min(sel if isinstance(sel, int) else 0, n - 1))

    def select(self, pointer: str, index: int) -> None:
        st.session_state.setdefault(self.k_sel, {})[pointer] = index

    def _pick(self, pointer: str, wkey: str) -> None:
        value = st.session_state.get(wkey)
        if isinstance(value, int):
            self.select(pointer, value)

    def _add_with(self, pointer: str, method: str, wkey: str, *args: Any) -> None:
        """Like add, with a widget's value as the last argument (the new field's type)."""
        self.add(pointer, method, *args, st.session_state.get(wkey))

    def _act_with(self, pointer: str, method: str, wkey: str, *args: Any) -> None:
        """Like act, with a widget's value as the last argument."""
        self.act(pointer, method, *args, st.session_state.get(wkey))

    def _mode(self, wkey: str) -> None:
        value = st.session_state.get(wkey)
        if value in compose.MODES and self.doc is not None:
            self.act("", "set_mode", value)

    # -- the API version ---------------------------------------------------------------------------
    def chosen_version(self) -> str | None:
        """The version chosen for every page, or None under "detect"."""
        choice = state.version_choice()
        return None if choice == state.DETECT else choice

    def start_version(self) -> str:
        """The version a new composition starts in: the chosen one, else the stable one."""
        return self.chosen_version() or compose.STABLE_VERSION

    def version(self) -> str:
        doc = self.doc
        return doc.version if doc is not None else self.start_version()

    def _version(self, wkey: str) -> None:
        value = st.session_state.get(wkey)
        if value == state.DETECT or value in catalog.VERSIONS:
            state.set_version(value)

    def follow_version(self) -> bool:
        """Move the open composition to the version chosen (when one is); False when this
        version has no such event (the page then says so instead of drawing the form)."""
        wanted = self.chosen_version()
        if wanted is not None and not compose.has_kind(self.kind, wanted):
            first = compose.first_version_of(self.kind)
            with st.container(border=True):
                st.warning(f"The {self.title} event exists from v{first} on; the API version chosen is "
                           f"{ui.md(ui.version_label(wanted))}, which has none.", icon=":material/info:")
                with st.container(horizontal=True):
                    st.button(f"Use {ui.version_label(compose.STABLE_VERSION)}", icon=":material/update:",
                              key=self.key("", "use-stable"), on_click=state.set_version,
                              args=(compose.STABLE_VERSION,))
                    st.button("Detect the version", key=self.key("", "use-detect"), on_click=state.set_version,
                              args=(state.DETECT,))
            return False
        doc = self.doc
        if doc is not None and wanted is not None and doc.version != wanted:
            before = doc.version
            try:
                notes = doc.set_version(wanted)
            except ComposeError as e:
                st.warning(rich_text(str(e)), icon=":material/block:")
                return True
            st.session_state[self.k_vnotes] = (before, wanted, notes)
            self.bump()
        moved = st.session_state.pop(self.k_vnotes, None)
        if moved:
            before, after, notes = moved
            body = f"Moved this {self.title.lower()} from v{before} to v{after}, as **Migrate** in the editor does."
            shown = notes[:6]
            if shown:
                body += "\n\n" + "\n".join(f"- {rich_text(n)}" for n in shown)
            st.info(body, icon=":material/swap_horiz:")
        return True

    def _start(self, how: str) -> None:
        mode = self.doc.mode if self.doc is not None else "request"
        version = self.start_version()
        if not compose.has_kind(self.kind, version):
            return
        doc = (compose.from_sample(self.kind, version=version) if how == "sample"
               else compose.blank(self.kind, mode, version=version))
        self.replace(doc, sent=None)
        st.session_state[self.k_synced] = state.current_text()

    def _keep(self) -> None:
        st.session_state[self.k_synced] = state.current_text()

    def _restore(self, restore: bool) -> None:
        prev = st.session_state.pop(self.k_prev, None)
        if restore and isinstance(prev, Document):
            st.session_state[self.k_doc] = prev
            st.session_state[self.k_sent] = None
            self.bump()

    # -- the exchange with the editor ------------------------------------------------------------
    def start(self) -> Document | None:
        """Open the editor's payload when it changed and is of this kind; otherwise say why and
        offer a sample or a blank start. Returns the document to draw (None: nothing yet)."""
        ss = st.session_state
        shared = state.current_text()
        what = f"{compose._article(self.title)} {self.title.lower()}"
        if ss.get(self.k_synced) != shared:
            loaded = compose.load(shared, self.kind, structure_hint=state.current_structure(),
                                  version=self.chosen_version() or compose.DETECT)
            if loaded.doc is not None:
                self.replace(loaded.doc, sent=shared)
                ss[self.k_synced] = shared
                ss[self.k_opened] = (shared, list(loaded.notes))
            else:
                doc = self.doc
                with st.container(border=True):
                    st.warning(rich_text(loaded.message), icon=":material/info:")
                    if doc is None:
                        st.markdown(f"Start {what} here, then send it to the editor with **Open in editor**:")
                    else:
                        st.markdown("Your composition below is kept. Start again, or keep composing it "
                                    "(**Open in editor** will replace the editor's text):")
                    with st.container(horizontal=True):
                        st.button("Start from the spec's sample", icon=":material/article:",
                                  key=self.key("", "notice-sample"), on_click=self._start, args=("sample",))
                        st.button(f"Start a blank {self.title.lower()}", icon=":material/add:",
                                  key=self.key("", "notice-blank"), on_click=self._start, args=("blank",))
                        if doc is not None:
                            st.button("Keep composing mine", icon=":material/check:",
                                      key=self.key("", "notice-keep"), on_click=self._keep)
        opened = ss.get(self.k_opened)
        doc = self.doc
        # said as long as the composition is what was opened (not once: a rerun the user did not
        # cause, such as the draft keeper remounting after a page switch, would wipe it unread)
        if opened and doc is not None and opened[0] == shared and doc.dump() == shared:
            st.info(f"Opened the {self.title.lower()} from the editor, with every field it has. "
                    "Edit it here; **Open in editor** sends it back (unchanged text if you change "
                    "nothing).", icon=":material/input:")
            for n in opened[1]:
                st.warning(rich_text(n), icon=ICON["warning"])
        prev = ss.get(self.k_prev)
        if isinstance(prev, Document):
            with st.container(border=True):
                st.info("The composition you had before held changes that never reached the editor.",
                        icon=":material/history:")
                with st.container(horizontal=True):
                    st.button("Restore it", icon=":material/undo:", key=self.key("", "restore"),
                              on_click=self._restore, args=(True,))
                    st.button("Discard it", icon=":material/delete:", key=self.key("", "discard"),
                              on_click=self._restore, args=(False,))
        return self.doc

    def open_in_editor(self) -> None:
        doc = self.doc
        if doc is None:
            return
        text = doc.dump()
        state.set_current(text, structure=self.kind, mode=doc.mode, source="composer")
        st.session_state[self.k_synced] = text
        st.session_state[self.k_sent] = text
        state.flash("success", f"Opened the {self.title.lower()} from the composer ({doc.mode}).")
        try:
            st.switch_page(EDITOR_PAGE)
        except StreamlitAPIException:  # run outside the app's navigation (AppTest of one page)
            st.success("Sent to the editor: open the Editor page to see it.", icon=":material/check:")

    def toolbar(self) -> None:
        doc = self.doc
        assert doc is not None
        with st.container(horizontal=True, vertical_alignment="bottom"):
            vkey = self.key("", "version")
            st.session_state[vkey] = state.version_choice()
            st.selectbox(
                "API version", [state.DETECT, *catalog.VERSIONS], key=vkey, on_change=self._version, args=(vkey,),
                format_func=lambda v: (f"Detect (v{doc.version} here)" if v == state.DETECT else ui.version_label(v)),
                width=210,
                help="The same choice as the editor's. Detect keeps the version this composition was opened "
                     "in (the editor payload's, or the stable v" + compose.STABLE_VERSION + " for a new one); "
                     "choosing a version moves the composition to it, as Migrate does.")
            mkey = self.key("", "mode")
            st.segmented_control(
                "Mode", compose.MODES, default=doc.mode, key=mkey, required=True,
                format_func=lambda m: {"request": "Request (what you send)",
                                       "response": "Response (what the API returns)"}[m],
                on_change=self._mode, args=(mkey,),
                help="A response adds the keys the server generates: "
                     + ", ".join(compose.generated_fields(self.kind, doc.version)) + ".")
            if st.button("Open in editor", type="primary", icon=":material/data_object:",
                         key=self.key("", "open")):
                self.open_in_editor()
            st.button("Start from the spec's sample", icon=":material/article:",
                      key=self.key("", "sample"), on_click=self._start, args=("sample",))
            st.button("Start blank", icon=":material/add:", key=self.key("", "blank"),
                      on_click=self._start, args=("blank",))
            with st.popover("Send to chat", icon=":material/send:", help="send_event to a chat of your LiveChat account"):
                connection_view.send_panel(doc.dump(), self.prefix, self.kind)
        sent = st.session_state.get(self.k_sent)
        if sent is None:
            st.caption("Not in the editor yet: **Open in editor** puts it there.")
        elif doc.dump() == sent:
            st.caption("The editor has this exact text.")
        else:
            st.caption("Changed since the editor had it: **Open in editor** sends the changes.")

    # -- validation ------------------------------------------------------------------------------
    def check(self) -> None:
        doc = self.doc
        assert doc is not None
        self.report = doc.validate()
        self.root = doc.layout()
        self.where = compose.assign_issues(self.report.issues, self.root)
        self.drawn = set()

    def issues_at(self, pointer: str, label: str | None = None) -> None:
        """The refusal and the validation issues pinned to this place of the form; `label`
        names the field when the messages sit under a row of several fields."""
        self.drawn.add(pointer)
        msg = st.session_state.get(self.k_msgs, {}).pop(pointer, None)
        lead = ui.code(label) + ": " if label else ""
        if msg:
            st.warning(lead + rich_text(msg), icon=":material/block:")
        for issue in self.where.get(pointer, []):
            body = rich_text(issue.message)
            if issue.pointer != pointer and issue.path != "(root)":
                body = ui.code(issue.path) + ": " + body
            elif not (label and issue.message.startswith(f"`{label}`")):
                body = lead + body
            if issue.spec:
                body += "  \n:small[*Spec:* " + ui.md(issue.spec, limit=600) + "]"
            (st.error if issue.severity == "error" else st.warning)(body, icon=ICON[issue.severity])

    def row(self, nodes: list, columns: int | None = None) -> None:
        """Fields side by side; their messages under the row, full width, each naming its field."""
        nodes = [n for n in nodes if n is not None]
        if not nodes:
            return
        cols = st.columns(max(columns or 0, len(nodes)))
        for col, node in zip(cols, nodes):
            with col:
                self.field(node, issues=False)
        for node in nodes:
            self.issues_at(node.pointer, label=node.label)

    # -- widgets ---------------------------------------------------------------------------------
    def _help(self, node: Node) -> str:
        need = node.need     # the reference's and the field guide's words (fields.Requirement)
        return f"{need} Spec: {node.note}" if node.note else need

    def field(self, node: Node | None, label: str | None = None, *, issues: bool = True,
              on_change: Callable | None = None, args: tuple | None = None) -> None:
        """The widget of one node (text, number, choice, list of ids, raw JSON) and, unless
        issues=False (a row shows them under it), its messages. on_change/args replace the
        plain edit of a choice (the form field type reshapes the answer)."""
        if node is None:
            return
        key = self.key(node.pointer)
        label = label or node.label
        edit_args = (node.parts, key)
        if node.kind == "enum":
            self._enum(node, key, label, on_change, args)
        elif node.kind == "bool":
            self._bool(node, key, label)
        elif node.kind in ("json", "textarea"):
            text = node.text
            if node.kind == "json" and node.present and isinstance(node.value, (dict, list)):
                text = json.dumps(node.value, indent=2, ensure_ascii=False)
            if len(text) > MAX_JSON_WIDGET_CHARS:
                st.markdown(f"**{ui.md(label)}**")
                st.caption(f"{len(text):,} characters: too large to edit here; edit it in the editor.")
            else:
                st.text_area(label, value=text, key=key, help=self._help(node), on_change=self._edit,
                             args=edit_args, height=110 if node.kind == "textarea" else 160,
                             placeholder="JSON" if node.kind == "json" else None)
        elif node.kind in ("text", "int", "id", "strlist"):
            st.text_input(label, value=node.text, key=key, help=self._help(node), on_change=self._edit,
                          args=edit_args, placeholder=self._placeholder(node), live=LIVE)
        else:  # lists, objects and properties have their own drawers
            return
        if node.mismatch:
            st.caption(":material/report: " + rich_text(node.mismatch))   # no directive around user text
        if issues:
            self.issues_at(node.pointer)

    def _placeholder(self, node: Node) -> str | None:
        if node.hint:
            return node.hint
        if node.kind == "int":
            return "a number"
        if node.kind == "strlist":
            return "comma-separated, or none"
        if not node.required:
            return "optional"
        return None

    def _enum(self, node: Node, key: str, label: str, on_change: Callable | None = None,
              args: tuple | None = None) -> None:
        options: list = list(node.choices)
        current = node.value if node.present else None
        if node.present and current not in options:
            options.append(current)
        if not node.required:
            options.insert(0, None)
        index = options.index(current) if (current in options and
                                           (node.present or not node.required)) else None

        def fmt(v: Any) -> str:
            if v is None and not (node.present and current is None):
                return f"(not set: {node.default} by default)" if node.default else "(not set)"
            if v in node.choices:
                return str(v)
            return f"{compose.value_text(v)[:40]} (not in the spec)"

        st.selectbox(label, options, index=index, format_func=fmt, key=key, help=self._help(node),
                     placeholder="Choose…", on_change=on_change or self._edit,
                     args=args or (node.parts, key))

    def _bool(self, node: Node, key: str, label: str) -> None:
        """true / false, and "(not set)" for an optional one (the key left out)."""
        options: list = [True, False] if node.required else [None, True, False]
        current = node.value if node.present else None
        if node.present and not isinstance(current, bool):
            options.append(current)
        index = next((i for i, o in enumerate(options) if type(o) is type(current) and o == current), None)
        if not node.present and node.required:
            index = None

        def fmt(v: Any) -> str:
            if v is None and not node.present:
                return "(not set)"
            if isinstance(v, bool):
                return "true" if v else "false"
            return f"{compose.value_text(v)[:40]} (not a boolean)"

        st.selectbox(label, options, index=index, format_func=fmt, key=key, help=self._help(node),
                     placeholder="Choose…", on_change=self._edit, args=(node.parts, key))

    def extra_keys(self, node: Node | None) -> None:
        if node is not None and node.extra_keys:
            st.caption("Kept as they are (not in the spec): "
                       + ", ".join(ui.code(k, 60) for k in node.extra_keys[:20])
                       + (" …" if len(node.extra_keys) > 20 else ""))

    def item_controls(self, list_pointer: str, n: int, index: int, move: str, remove: str,
                      *prefix_args: Any, what: str = "item") -> None:
        """Up / down / remove buttons of one list item."""
        with st.container(horizontal=True, horizontal_alignment="right", gap="small"):
            base = f"{list_pointer}/{index}"
            st.button("", icon=":material/arrow_upward:", help=f"Move this {what} up",
                      key=self.key(base, "up"), disabled=index == 0, type="tertiary",
                      on_click=self.move, args=(list_pointer, move, *prefix_args, index, -1))
            st.button("", icon=":material/arrow_downward:", help=f"Move this {what} down",
                      key=self.key(base, "down"), disabled=index >= n - 1, type="tertiary",
                      on_click=self.move, args=(list_pointer, move, *prefix_args, index, 1))
            st.button("", icon=":material/delete:", help=f"Remove this {what}",
                      key=self.key(base, "remove"), type="tertiary",
                      on_click=self.act, args=(list_pointer, remove, *prefix_args, index))

    def counts(self, pointer: str) -> tuple[int, int]:
        """(errors, warnings) of the issues at or under a pointer."""
        e = w = 0
        for issue in self.report.issues if self.report is not None else ():
            if issue.pointer == pointer or issue.pointer.startswith(pointer + "/"):
                if issue.severity == "error":
                    e += 1
                else:
                    w += 1
        return e, w

    def items(self, node: Node, show_all: int, describe: Callable[[Node], str]) -> list[Node]:
        """The items of a list to draw: all of them when there are at most `show_all`, else the
        one picked (a pill per item, with its issue counts)."""
        n = len(node.children)
        if n <= show_all:
            return node.children
        sel = self.selected(node.pointer, n)
        marks = []
        for c in node.children:
            e, w = self.counts(c.pointer)
            marks.append((f" · :red[{e} ✖]" if e else "") + (f" · :orange[{w} ⚠]" if w else ""))

        def fmt(i: int) -> str:
            return f"{i + 1} · {ui.md(describe(node.children[i]), 24)}{marks[i]}"

        key = self.key(node.pointer, "pick")
        st.pills(f"{node.item_label.capitalize()} to edit", list(range(n)), default=sel, required=True,
                 format_func=fmt, key=key, on_change=self._pick, args=(node.pointer, key), wrap=True,
                 help=f"{n} {node.item_label}s: one is edited at a time; the numbers after a title "
                      "count its errors (✖) and warnings (⚠).")
        return [node.children[sel]]

    def form_fields(self, node: Node | None, *, head: tuple[str, ...], widths: list[float],
                    title: Callable[[Node, int], str], describe: Callable[[Node], str],
                    body: Callable[[Node, int], None], show_all: int, new_type_help: str) -> None:
        """A form's `fields` list, as the filled form and form composers draw it: an expander per
        field with the `head` keys in a row (the first, the type, reshapes the field when changed:
        Document.set_field_type), move/remove controls, the field's issues, then body(field, i)
        (its answer or its options); at the end a type picker and Add field."""
        if node is None:
            return
        n = len(node.children)
        st.subheader(f"fields ({n})", anchor=False, help=node.note)
        if node.kind == "json":
            self.field(node)
            return
        for f in self.items(node, show_all, describe):
            i = f.parts[-1]
            with st.expander(title(f, i), expanded=True, icon=":material/input:"):
                if f.kind == "json":
                    self.item_controls(node.pointer, n, i, "move_field", "remove_field", what="field")
                    self.field(f)
                    continue
                children = [f.child(k) for k in head]
                cols = st.columns(widths, vertical_alignment="top")
                for col, child in zip(cols, children):
                    with col:
                        if child is children[0]:
                            if child is not None:
                                key = self.key(child.pointer)
                                self.field(child, issues=False, on_change=self._act_with,
                                           args=(child.pointer, "set_field_type", key, i))
                        else:
                            self.field(child, issues=False)
                with cols[len(children)]:
                    st.space("small")
                    self.item_controls(node.pointer, n, i, "move_field", "remove_field", what="field")
                for child in children:
                    if child is not None:
                        self.issues_at(child.pointer, label=child.label)
                self.issues_at(f.pointer)
                self.extra_keys(f)
                body(f, i)
                self.rest(f)
        with st.container(horizontal=True, vertical_alignment="bottom"):
            tkey = self.key(node.pointer, "new-type")
            st.selectbox("New field type", self.doc.field_types(), key=tkey, width=220, help=new_type_help)
            st.button("Add field", icon=":material/add:", key=self.key(node.pointer, "add"),
                      on_click=self._add_with, args=(node.pointer, "add_field", tkey))
        self.issues_at(node.pointer)

    def rest(self, node: Node | None) -> None:
        """Draw any scalar child a page did not place (so every issue has a widget to sit at)."""
        if node is None:
            return
        for c in node.children:
            if c.pointer not in self.drawn and c.kind not in ("list", "object", "properties"):
                self.field(c)

    # -- properties ------------------------------------------------------------------------------
    def _rename_prop(self, ns: str, name: str, kns: str, kname: str) -> None:
        new_ns = st.session_state.get(kns, ns)
        new_name = st.session_state.get(kname, name)
        self.act("/properties", "rename_property", ns, name, new_ns, new_name)

    def _prop_value(self, ns: str, name: str, wkey: str) -> None:
        doc = self.doc
        try:
            doc.set_property_value(ns, name, st.session_state.get(wkey, ""))
        except ComposeError as e:
            self.refuse("/properties", str(e))

    def properties(self, node: Node | None) -> None:
        if node is None:
            return
        doc = self.doc
        st.caption(ui.md(node.note.rstrip(".")) + ". Values are typed as JSON: `true`, `3`, `\"x\"`; text that "
                   "is not JSON is a string.")
        if node.kind == "json":
            self.field(node)
            return
        rows = doc.property_rows()
        for i, (ns, name, value) in enumerate(rows):
            cols = st.columns([3, 3, 4, 1.3, 0.7], vertical_alignment="bottom")
            vis = "visible" if i == 0 else "collapsed"
            kns, kname, kval = (self.key("/properties", f"{i}:ns"), self.key("/properties", f"{i}:name"),
                                self.key("/properties", f"{i}:value"))
            cols[0].text_input("namespace", ns, key=kns, label_visibility=vis,
                               on_change=self._rename_prop, args=(ns, name, kns, kname))
            cols[1].text_input("name", name, key=kname, label_visibility=vis,
                               on_change=self._rename_prop, args=(ns, name, kns, kname))
            cols[2].text_input("value (JSON)", compose.value_text(value), key=kval, label_visibility=vis,
                               on_change=self._prop_value, args=(ns, name, kval), live=LIVE,
                               help="true, 3, \"x\", [1, 2], {\"a\": 1} keep their JSON type; text "
                                    "that is not JSON is stored as a string.")
            cols[3].caption(compose.value_type_name(value))
            cols[4].button("", icon=":material/delete:", key=self.key("/properties", f"{i}:remove"),
                           help=f"Remove {ui.md(ns, 60)}.{ui.md(name, 60)}", type="tertiary", on_click=self.act,
                           args=("/properties", "remove_property", ns, name))
        empty = doc.empty_namespaces()
        if empty:
            st.caption("Empty namespaces, kept: " + ", ".join(ui.code(n, 60) for n in empty))
        st.button("Add property", icon=":material/add:", key=self.key("/properties", "add"),
                  on_click=self.act, args=("/properties", "add_property"))
        self.issues_at("/properties")

    # -- the panel beside the form ---------------------------------------------------------------
    def page(self, title: str, caption: str, top_keys: tuple[str, ...], body: Callable[[Node], None]) -> None:
        """The page both composers share: title and caption, then (once a document is open) the
        toolbar, the verdict, the form on the left and the preview and live JSON on the right.
        `top_keys` are the event's own first row of fields; `body(root)` draws the rest of it."""
        st.title(title, anchor=False)
        st.caption(caption)
        ui.show_flashes()
        if not self.follow_version():
            return
        if self.start() is None:
            return
        self.follow_version()
        self.toolbar()
        self.check()
        left, right = st.columns([3, 2], gap="large")
        with left:
            self.event_form(top_keys, body)
        with right:
            self.panel()

    def event_form(self, top_keys: tuple[str, ...], body: Callable[[Node], None]) -> None:
        """The event's top-level fields: its own row, the server's row, properties, then `body`."""
        root = self.root
        self.issues_at("")
        self.extra_keys(root)
        st.caption(f'`type` is `"{self.kind}"`: fixed for this composer.')
        self.row([root.child(k) for k in top_keys])
        self.row([root.child(k) for k in ("id", "author_id", "created_at")], columns=3)
        props = root.child("properties")
        if props is not None:
            n = len(self.doc.property_rows())
            with st.expander(f"properties ({n})", icon=":material/sell:", expanded=bool(self.where.get("/properties"))):
                self.properties(props)
        body(root)
        self.rest(root)

    def panel(self) -> None:
        doc, report = self.doc, self.report
        assert doc is not None and report is not None
        errors, warnings = len(report.errors), len(report.warnings)
        what = f"{self.title} ({doc.mode}) in API {ui.version_label(doc.version)}"
        if not errors and not warnings:
            st.success(f"Valid {what}.", icon=":material/check_circle:")
        elif not errors:
            st.success(f"Valid {what}, with {warnings} warning{'s' * (warnings != 1)} shown at the fields.",
                       icon=":material/check_circle:")
        else:
            st.error(f"{errors} error{'s' * (errors != 1)}"
                     + (f" and {warnings} warning{'s' * (warnings != 1)}" if warnings else "")
                     + " — each is shown at its field on the left.", icon=ICON["error"])
        st.subheader("Preview", anchor=False)
        show_preview(doc.data, structure=self.kind, version=doc.version)
        st.subheader("JSON", anchor=False)
        text = doc.dump()
        st.code(text if len(text) <= 200_000 else text[:200_000] + "\n… (cut; the editor has it all)",
                language="json", line_numbers=True, height=520 if text.count("\n") > 30 else "content")
        if report.issues:
            with st.expander(f"All issues ({len(report.issues)})"):
                for i in report.issues[:200]:
                    st.markdown(f"{ICON[i.severity]} line {i.line}:{i.column} · {ui.code(i.path)} — "
                                + rich_text(i.message))
