"""Entry point: `streamlit run playground/app/main.py` (what `make run` does).

Builds the navigation from one st.Page per file in views/ (not pages/: Streamlit would also serve a pages/ folder as legacy auto-discovered pages that skip main.py) and runs the selected page. The
current payload lives in session state (playground/app/state.py), so every page sees the same
payload and switching pages never loses what was typed.
"""
from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:       # `streamlit run` puts only this folder on sys.path
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from playground.app import app_icon, connection_view, drafts, startup, state  # noqa: E402
from playground.spec import catalog  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "views"

st.set_page_config(
    page_title="LiveChat Payload Playground",
    page_icon=app_icon.icon(),   # drawn here: a :material/ icon is fetched from fonts.gstatic.com
    layout="wide",
    initial_sidebar_state="collapsed",
)
state.init()
startup.freeze_imports()   # once per process: Streamlit's full GC after each run skips the imports

PAGES = [
    st.Page(PAGES_DIR / "editor.py", title="Editor", icon=":material/data_object:",
            url_path="editor", default=True),
    st.Page(PAGES_DIR / "rich_message_composer.py", title="Rich message composer",
            icon=":material/view_carousel:", url_path="rich-message"),
    st.Page(PAGES_DIR / "filled_form_composer.py", title="Filled form composer",
            icon=":material/assignment:", url_path="filled-form"),
    st.Page(PAGES_DIR / "form_composer.py", title="Form composer",
            icon=":material/dynamic_form:", url_path="form"),
    st.Page(PAGES_DIR / "chat_summaries.py", title="Chat summaries",
            icon=":material/table_chart:", url_path="chat-summaries"),
    st.Page(PAGES_DIR / "reference.py", title="Reference", icon=":material/menu_book:",
            url_path="reference"),
    st.Page(PAGES_DIR / "learn.py", title="Learn", icon=":material/school:", url_path="learn"),
]

page = st.navigation(PAGES, position="top")
st.logo(app_icon.icon(), size="large")
st.caption("**LiveChat Payload Playground** — compose, validate, preview and learn the JSON "
           f"payloads of the LiveChat Agent Chat API, v{catalog.VERSIONS[0]} to v{catalog.VERSIONS[-1]}.")
connection_view.connection_bar()   # every page: connect a LiveChat account, open a chat, disconnect
if page is not PAGES[0]:
    drafts.keep()      # the browser's draft (the editor keeps it from inside its fragment)
page.run()
