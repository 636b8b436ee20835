"""Rich message composer: build a rich_message event card by card, button by button, in the API
version the app follows (from v3.3 url buttons' target and images' alternative_text, from v3.4
visibility in place of recipients, from v3.6 the ecommerce template and its product editor).

Top to bottom: the editor's payload is opened when it is a rich_message (or the page says why
not and offers the spec's sample or a blank message); the toolbar (request/response, open in
editor, start again); the form on the left, the validation verdict, preview and live JSON on the
right. Every choice, limit and edit comes from playground.authoring.compose (which reads the models);
every message from the editor's validator, shown at the field it concerns.
"""
from __future__ import annotations

from typing import Callable

import streamlit as st

from playground.app import state, ui
from playground.app.composer_view import Composer
from playground.authoring.compose import Node
from playground.spec.catalog import AUDIENCE_FIELDS

composer = Composer("rich_message", state.RICH_COMPOSER_PREFIX)
SHOW_ALL_ELEMENTS = 3     # more elements are edited one at a time (see composer_view)
CAPTION = ("Compose a `rich_message` event: cards (one card, or a carousel of up to ten), a sticker, "
           "quick replies or, from v3.6, an ecommerce product with its options. The JSON and the preview "
           "follow every change; anything the spec objects to is shown at its field. The fields, choices "
           "and limits are those of the API version picked above the form.")


def main() -> None:
    composer.page("Rich message composer", CAPTION, ("template_id", *AUDIENCE_FIELDS, "custom_id"), body)


def body(root: Node) -> None:
    elements(root.child("elements"))


def _title(el: Node) -> str:
    title = el.value.get("title") if isinstance(el.value, dict) else None
    return title if isinstance(title, str) and title else "(no title)"


def elements(node: Node | None) -> None:
    if node is None:
        return
    n = len(node.children)
    st.subheader(f"elements ({n} of {node.max_items})", anchor=False, help=node.note)
    if node.kind == "json":
        composer.field(node)
        return
    for el in composer.items(node, SHOW_ALL_ELEMENTS, _title):
        i = el.parts[-1]
        with st.container(border=True):
            st.markdown(f"**Element {i + 1}**" + (f" · {ui.md(_title(el), 60)}" if _title(el) else ""))
            if el.kind == "json":
                composer.item_controls(node.pointer, n, i, "move_element", "remove_element", what="element")
                composer.field(el)
                continue
            cols = st.columns([4, 4, 1.5], vertical_alignment="top")
            with cols[0]:
                composer.field(el.child("title"), issues=False)
            with cols[1]:
                composer.field(el.child("subtitle"), issues=False)
            with cols[2]:
                st.space("small")
                composer.item_controls(node.pointer, n, i, "move_element", "remove_element", what="element")
            for key in ("title", "subtitle"):
                if el.child(key) is not None:
                    composer.issues_at(el.child(key).pointer, label=key)
            composer.issues_at(el.pointer)
            composer.extra_keys(el)
            image(el.child("image"))
            ecommerce(el.child("ecommerce"))
            buttons(el.child("buttons"), i)
            composer.rest(el)
    st.button("Add element", icon=":material/add:", key=composer.key(node.pointer, "add"),
              on_click=composer.add, args=(node.pointer, "add_element"))
    composer.issues_at(node.pointer)


def optional_object(node: Node | None, heading: str, noun: str, add_icon: str,
                    body: Callable[[Node], None]) -> None:
    """An optional object of an element (its image, its ecommerce product) in a bordered box: the
    heading with Add / Remove, then, when present, body(node) and any child it did not place."""
    if node is None:
        return
    if node.kind == "json":
        composer.field(node)
        return
    with st.container(border=True):
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(heading, help=node.note)
            if node.present:
                st.button(f"Remove {noun}", icon=":material/delete:", type="tertiary",
                          key=composer.key(node.pointer, "remove"), on_click=composer.act,
                          args=(node.pointer, "delete", node.parts))
            else:
                st.button(f"Add {noun}", icon=add_icon,
                          key=composer.key(node.pointer, "add"), on_click=composer.act,
                          args=(node.pointer, "add_object", node.parts))
        if node.present:
            body(node)
            composer.rest(node)
        composer.issues_at(node.pointer)


def image(node: Node | None) -> None:
    def body(node: Node) -> None:
        composer.row([node.child(k) for k in ("url", "alternative_text")])
        composer.row([node.child(k) for k in ("name", "content_type")])
        composer.row([node.child(k) for k in ("size", "width", "height")])
        composer.extra_keys(node)
    optional_object(node, "**image**", "image", ":material/add_photo_alternate:", body)


def ecommerce(node: Node | None) -> None:
    """The product of an ecommerce element (v3.6 on; offered when the template is ecommerce):
    view type, product id and label, its options and its addons."""
    def body(node: Node) -> None:
        composer.row([node.child(k) for k in ("view_type", "product_id", "label")])
        composer.extra_keys(node)
        product_list(node.child("options"), ("option_id", "label", "available", "selected"),
                     (("price", "regular_price", "currency"), ("color", "image_url", "image_thumbnail_url")))
        product_list(node.child("addons"), ("addon_type", "range_from", "range_to", "currency"), ())
    optional_object(node, "**ecommerce** · the product", "product", ":material/add_shopping_cart:", body)


def product_list(node: Node | None, head: tuple[str, ...], more: tuple[tuple[str, ...], ...]) -> None:
    """A product's options or addons: one bordered row group per item, add / move / remove."""
    if node is None:
        return
    n = len(node.children)
    st.markdown(f"**{node.label}** ({n})", help=node.note)
    if node.kind == "json":
        composer.field(node)
        return
    for item in node.children:
        k = item.parts[-1]
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                label = item.value.get("label") if isinstance(item.value, dict) else None
                st.markdown(f"{node.item_label.capitalize()} {k + 1}"
                            + (f" · {ui.md(label, 40)}" if isinstance(label, str) and label else ""))
                composer.item_controls(node.pointer, n, k, "move_item", "remove_item", node.parts,
                                       what=node.item_label)
            if item.kind == "json":
                composer.field(item)
                continue
            composer.row([item.child(key) for key in head])
            for keys in more:
                composer.row([item.child(key) for key in keys])
            composer.extra_keys(item)
            composer.rest(item)
            composer.issues_at(item.pointer)
    st.button(f"Add {node.item_label}", icon=":material/add:", key=composer.key(node.pointer, "add"),
              on_click=composer.add, args=(node.pointer, "add_item", node.parts))
    composer.issues_at(node.pointer)


def buttons(node: Node | None, i: int) -> None:
    if node is None:
        return
    n = len(node.children)
    st.markdown(f"**buttons** ({n} of {node.max_items})", help=node.note)
    if node.kind == "json":
        composer.field(node)
        return
    for b in node.children:
        j = b.parts[-1]
        with st.container(border=True):
            with st.container(horizontal=True, vertical_alignment="center"):
                text = b.value.get("text") if isinstance(b.value, dict) else None
                st.markdown(f"Button {j + 1}" + (f" · {ui.md(text, 40)}" if isinstance(text, str) and text else ""))
                composer.item_controls(node.pointer, n, j, "move_button", "remove_button", i, what="button")
            if b.kind == "json":
                composer.field(b)
                continue
            composer.row([b.child(k) for k in ("text", "type", "value")])
            composer.row([b.child(k) for k in ("webview_height", "target", "postback_id", "user_ids")], columns=3)
            composer.extra_keys(b)
            composer.rest(b)
            composer.issues_at(b.pointer)
    st.button("Add button", icon=":material/add:", key=composer.key(node.pointer, "add"),
              on_click=composer.add, args=(node.pointer, "add_button", i))
    composer.issues_at(node.pointer)


ui.guard(main, "The rich message composer")
