"""Show a payload preview on a page: ``show_preview(data, structure=None, users=None, version=None)``.

The drawing is done by ``playground.presentation.preview.render`` (pure, URL-checked, written
by autoescaping Jinja2 templates); this helper only hands its fragment and stylesheet to
``st.html`` (no JavaScript: ``unsafe_allow_javascript`` stays False, and Streamlit sanitises the
body with DOMPurify on top) and lists the "won't render" notes under it, escaped for Markdown.

The preview is drawn for an API version: the one given, else, when `data` is the current
payload's own parsed data (the editor's preview), the version that payload was checked as (the
session's cached Report, never recomputed here); anything else is drawn for any version.
"""
from __future__ import annotations

from typing import Any

import streamlit as st

from playground.app import state
from playground.app.ui import md
from playground.presentation.preview import Preview, page_html, render

MAX_NOTES_SHOWN = 30


def show_preview(data: Any, structure: str | None = None, users: list | None = None,
                 version: str | None = None) -> Preview:
    """Render `data` (see ``preview.render``) and show it with its notes; returns the Preview."""
    preview = render(data, structure, users, version if version is not None else _version_of(data))
    st.html(page_html(preview))
    show_notes(preview.notes)
    return preview


def _version_of(data: Any) -> str | None:
    """The version the current payload was checked as, when `data` is that payload's data."""
    cached = st.session_state.get(state.REPORT_CACHE_KEY)
    report = cached[1] if isinstance(cached, tuple) and len(cached) == 2 else None
    if report is not None and data is not None and getattr(report, "data", None) is data:
        return getattr(report, "version", None)
    return None


def show_notes(notes: list[str]) -> None:
    """The won't-render notes as one info box (each note escaped; long lists cut)."""
    if not notes:
        return
    lines = [f"- {md(n, 400)}" for n in notes[:MAX_NOTES_SHOWN]]
    if len(notes) > MAX_NOTES_SHOWN:
        lines.append(f"- … and {len(notes) - MAX_NOTES_SHOWN} more")
    st.info("**The chat widget would not show everything here:**\n\n" + "\n".join(lines), icon=":material/visibility_off:")
