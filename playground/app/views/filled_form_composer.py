"""Filled form composer: build a filled_form event field by field.

Top to bottom: the editor's payload is opened when it is a filled_form (or the page says why
not and offers the spec's sample or a blank form); the toolbar (request/response, open in
editor, start again); the form on the left, the verdict, preview and live JSON on the right.
Field types and answer shapes come from the form field models through playground.authoring.compose;
every message from the editor's validator, shown at the field it concerns.
"""
from __future__ import annotations

import streamlit as st

from playground.authoring import compose
from playground.app import state, ui
from playground.app.composer_view import Composer
from playground.authoring.compose import Node
from playground.spec.catalog import AUDIENCE_FIELDS

composer = Composer("filled_form", state.FORM_COMPOSER_PREFIX)
SHOW_ALL_FIELDS = 8       # more fields are edited one at a time (see composer_view)
CAPTION = ("Compose a `filled_form` event: the answers a customer gave in a pre-chat or post-chat "
           "form. Each field type has its own answer: text, an e-mail, one option, several options "
           "(checkbox) or a group (group chooser). The field types are those of the API version picked "
           "above the form (`subject` from v3.3; a response's `form_type` from v3.4). To send an empty "
           "form for the customer to fill, use the Form composer.")


def main() -> None:
    composer.page("Filled form composer", CAPTION, ("form_id", *AUDIENCE_FIELDS, "custom_id", "form_type"), body)


def body(root: Node) -> None:
    fields(root.child("fields"))


def fields(node: Node | None) -> None:
    composer.form_fields(
        node, head=("type", "id", "label"), widths=[3, 3, 3, 1.5], describe=_describe, title=_title,
        body=answer, show_all=SHOW_ALL_FIELDS,
        new_type_help="The answer of each type: text for name, question, textarea; an e-mail "
                      "address for email; one option for radio and select; several for "
                      "checkbox; a group for group_chooser.")


def _title(f: Node, i: int) -> str:
    value = f.value if isinstance(f.value, dict) else {}
    label = f"Field {i + 1}"
    if isinstance(value.get("type"), str):
        label += f" · {ui.md(value['type'], 30)}"
    if isinstance(value.get("label"), str) and value["label"]:
        label += f": {ui.md(value['label'], 50)}"
    return label


def _describe(f: Node) -> str:
    v = f.value if isinstance(f.value, dict) else {}
    t, label = v.get("type"), v.get("label")
    return " ".join(x for x in (t if isinstance(t, str) else "?", label if isinstance(label, str) else "") if x)


def answer(f: Node, i: int) -> None:
    shape = compose.answer_shape(f.value.get("type") if isinstance(f.value, dict) else None, composer.version())
    for key in ("answer", "answers"):
        node = f.child(key)
        if node is None:
            continue
        if node.kind == "list":
            options(node, i)
        elif node.kind == "object":
            with st.container(border=True):
                st.markdown(f"**{key}**" + (" (group)" if shape and shape[0] == "group" else ""),
                            help=node.note)
                composer.row(node.children)
                composer.extra_keys(node)
                composer.issues_at(node.pointer)
        else:
            composer.field(node)


def options(node: Node, i: int) -> None:
    n = len(node.children)
    with st.container(border=True):
        st.markdown(f"**{node.label}** ({n} ticked)", help=node.note)
        for o in node.children:
            k = o.parts[-1]
            if o.kind == "json":
                composer.field(o)
                continue
            cols = st.columns([3, 5, 2], vertical_alignment="bottom")
            with cols[0]:
                composer.field(o.child("id"), issues=False)
            with cols[1]:
                composer.field(o.child("label"), issues=False)
            with cols[2]:
                composer.item_controls(node.pointer, n, k, "move_option", "remove_option", i, what="option")
            for key in ("id", "label"):
                if o.child(key) is not None:
                    composer.issues_at(o.child(key).pointer, label=key)
            composer.extra_keys(o)
            composer.rest(o)
            composer.issues_at(o.pointer)
        st.button("Add option", icon=":material/add:", key=composer.key(node.pointer, "add"),
                  on_click=composer.add, args=(node.pointer, "add_option", i))
        composer.issues_at(node.pointer)


ui.guard(main, "The filled form composer")
