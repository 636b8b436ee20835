"""Rich message composer (placeholder: its owner replaces this file)."""
from playground.app import ui

ui.placeholder_page(
    "Rich message composer", ":material/view_carousel:",
    "Coming here: build a rich message (cards, sticker, quick replies) element by element, with "
    "buttons, and send it to the editor. Below is the current payload, shared with every page.")
