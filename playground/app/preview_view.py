"""Show a payload preview on a page: ``show_preview(data, structure=None, users=None)``.

The drawing is done by ``playground.presentation.preview.render`` (pure, URL-checked, written
by autoescaping Jinja2 templates); this helper only hands its fragment and stylesheet to
``st.html`` (no JavaScript: ``unsafe_allow_javascript`` stays False, and Streamlit sanitises the
body with DOMPurify on top) and lists the "won't render" notes under it, escaped for Markdown.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from playground.app.ui import md
from playground.presentation.preview import Preview, page_html, render

MAX_NOTES_SHOWN = 30


def show_preview(data: Any, structure: str | None = None, users: list | None = None) -> Preview:
    """Render `data` (see ``preview.render``) and show it with its notes; returns the Preview."""
    preview = render(data, structure, users)
    st.html(page_html(preview))
    show_notes(preview.notes)
    return preview


def show_notes(notes: list[str]) -> None:
    """The won't-render notes as one info box (each note escaped; long lists cut)."""
    if not notes:
        return
    lines = [f"- {md(n, 400)}" for n in notes[:MAX_NOTES_SHOWN]]
    if len(notes) > MAX_NOTES_SHOWN:
        lines.append(f"- … and {len(notes) - MAX_NOTES_SHOWN} more")
    st.info("**The chat widget would not show everything here:**\n\n" + "\n".join(lines), icon=":material/visibility_off:")
