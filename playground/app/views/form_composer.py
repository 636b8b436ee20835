"""Form composer: build an empty `form` event (v3.3 on) for the customer to fill, field by field.

Top to bottom, as the other composers: the editor's payload is opened when it is a form (or the
page says why not and offers the spec's sample or a blank form); the toolbar (API version,
request/response, open in editor, start again); the form on the left, the verdict, preview and
live JSON on the right. Each field has a type, an id, a label, `required` and, for the types
that offer a choice (radio, select, checkbox, group_chooser), its options; a group_chooser's
options carry the `group_id` the customer is routed to. Types, options and messages come from
the version's models through playground.authoring.compose.
"""
from __future__ import annotations

import streamlit as st

from playground.app import state, ui
from playground.app.composer_view import Composer
from playground.authoring.compose import Node
from playground.spec.catalog import AUDIENCE_FIELDS

composer = Composer("form", state.FORM_EVENT_COMPOSER_PREFIX)
SHOW_ALL_FIELDS = 8       # more fields are edited one at a time (see composer_view)
CAPTION = ("Compose a `form` event (API v3.3 and later): an empty form sent to the customer to fill "
           "out, e.g. to collect contact details. Each field says whether it is required; radio, select, "
           "checkbox and group chooser fields list their options. What the customer sends back is a "
           "filled form (the Filled form composer).")


def main() -> None:
    composer.page("Form composer", CAPTION, ("form_id", *AUDIENCE_FIELDS, "custom_id", "form_type"), body)


def body(root: Node) -> None:
    fields(root.child("fields"))


def _describe(f: Node) -> str:
    v = f.value if isinstance(f.value, dict) else {}
    t, label = v.get("type"), v.get("label")
    return ": ".join(x for x in (t if isinstance(t, str) else "?", label if isinstance(label, str) else "") if x)


def fields(node: Node | None) -> None:
    composer.form_fields(
        node, head=("type", "id", "label", "required"), widths=[3, 2, 3, 2, 2], describe=_describe,
        title=lambda f, i: f"Field {i + 1} · {ui.md(_describe(f), 60)}",
        body=lambda f, i: options(f.child("options"), i), show_all=SHOW_ALL_FIELDS,
        new_type_help="radio, select, checkbox and group_chooser fields offer options; the others "
                      "are answered with text.")


def options(node: Node | None, i: int) -> None:
    if node is None:
        return
    n = len(node.children)
    with st.container(border=True):
        st.markdown(f"**options** ({n})", help=node.note)
        if node.kind == "json":
            composer.field(node)
            return
        for o in node.children:
            k = o.parts[-1]
            if o.kind == "json":
                composer.field(o)
                continue
            keys = [c for c in ("id", "group_id", "label") if o.child(c) is not None]
            cols = st.columns([3] * len(keys) + [2], vertical_alignment="bottom")
            for col, key in zip(cols, keys):
                with col:
                    composer.field(o.child(key), issues=False)
            with cols[-1]:
                composer.item_controls(node.pointer, n, k, "move_option", "remove_option", i, what="option")
            for key in keys:
                composer.issues_at(o.child(key).pointer, label=key)
            composer.extra_keys(o)
            composer.rest(o)
            composer.issues_at(o.pointer)
        st.button("Add option", icon=":material/add:", key=composer.key(node.pointer, "add"),
                  on_click=composer.add, args=(node.pointer, "add_option", i))
        composer.issues_at(node.pointer)


ui.guard(main, "The form composer")
