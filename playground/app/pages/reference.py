"""Reference (placeholder: its owner replaces this file)."""
from playground.app import ui

ui.placeholder_page(
    "Reference", ":material/menu_book:",
    "Coming here: every structure of the Agent Chat API v3.2 with its fields, types, limits and "
    "the spec's notes, generated from the models. Below is the current payload.")
