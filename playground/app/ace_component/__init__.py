"""The editor's ace component: a patched copy of streamlit-ace 0.1.1's frontend build.

    text = ace_editor(value, annotations=[...], height=400, key="editor_ace_0")

Why a copy: streamlit-ace 0.1.1 hard-codes in its frontend (static/js/main.*.chunk.js) what the
editor needs otherwise, and no argument reaches it:

- `enableBasicAutocompletion` and `enableLiveAutocompletion` are forced on: while you type, a
  popup offers the words of the text, and Enter accepts one instead of breaking the line. Here
  both are off (main.playground.js is the original chunk with those two values and the debounce
  changed; `build/` holds only the files the JSON editor loads: its mode, theme, keybinding,
  search box and language tools);
- the change debounce is a fixed 200 ms: here it is an argument (`debounce`, DEBOUNCE_MS);
- a Copy button (playground.js): one click copies the whole text, where st.code's copy icon needs
  a hover inside a popover; the gutter tooltip is kept inside the frame (playground.css/js).

The other options go through react-ace's own props, which the component passes on: `setOptions`
turns off ace's behaviours (auto-pairing brackets and quotes, and wrapping a selection in the
typed bracket: typing `{` over a selection replaces it, as in any text field), `wrapEnabled`
wraps long lines. The iframe's title is this module's component name, which ends in
"streamlit_ace" like the original's (the browser tests find it by that).
"""
from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

BUILD = Path(__file__).resolve().parent / "build"
# The time between the last keystroke and sending the text. streamlit-ace's fixed value is
# 200 ms; 120 ms still folds a burst of typing (keys ~100-150 ms apart for most people) into a
# few reruns, and the verdict follows sooner (README, Figures).
DEBOUNCE_MS = 120
OPTIONS = {"behavioursEnabled": False, "wrapBehavioursEnabled": False, "useWorker": False}

_component = components.declare_component("streamlit_ace", path=str(BUILD))


def ace_editor(value: str, *, key: str, annotations: list | None = None, height: int = 300,
               placeholder: str = "", wrap: bool = True, debounce: int = DEBOUNCE_MS,
               language: str = "json5", theme: str = "chrome", keybinding: str = "vscode",
               font_size: int = 13, tab_size: int = 2) -> str:
    """The text in the editor (updated `debounce` ms after the last keystroke)."""
    return _component(
        defaultValue=str(value), placeholder=str(placeholder), height=height, minLines=None,
        maxLines=None, fontSize=font_size, tabSize=tab_size, mode=language, theme=theme,
        showGutter=True, showPrintMargin=False, wrapEnabled=wrap, readOnly=False,
        keyboardHandler=keybinding, annotations=annotations or [], markers=[], autoUpdate=True,
        debounce=int(debounce), setOptions=OPTIONS, key=key, default=str(value))
