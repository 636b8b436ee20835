"""Filled form composer (placeholder: its owner replaces this file)."""
from playground.app import ui

ui.placeholder_page(
    "Filled form composer", ":material/assignment:",
    "Coming here: compose a filled_form event field by field (name, email, radio, checkbox, "
    "group chooser, ...) and send it to the editor. Below is the current payload.")
