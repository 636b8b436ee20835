"""The editor's ace component: streamlit-ace 0.1.1's frontend build, patched.

    text = ace_editor(value, annotations=[...], height=400, key="editor_ace_0")

Why a copy: streamlit-ace 0.1.1 hard-codes in its frontend (static/js/main.*.chunk.js) what the
editor needs otherwise, and no argument reaches it:

- `enableBasicAutocompletion` and `enableLiveAutocompletion` are forced on: while you type, a
  popup offers the words of the text, and Enter accepts one instead of breaking the line. Here
  both are off;
- the change debounce is a fixed 200 ms: here it is an argument (`debounce`, DEBOUNCE_MS);
- a Copy button (assets/playground.js): one click copies the whole text, where st.code's copy
  icon needs a hover inside a popover; the gutter tooltip is kept inside the frame
  (assets/playground.css/js).

The patched build is made, not committed: on first import, the installed package's build
(pinned: streamlit-ace==0.1.1) is copied into `build/<stamp>/` beside this file (or, where the
package folder is read-only, into the temp folder), its main chunk rewritten at the three places
above and index.html given the two assets. The stamp names the source and the patch, so a new
patch or another streamlit-ace makes a new folder; a folder is moved into place whole, so
several app processes starting at once never serve a half-made copy. A source that does not
have the expected code fails loudly, naming the pin, rather than serving an unpatched editor.

The other options go through react-ace's own props, which the component passes on: `setOptions`
turns off ace's behaviours (auto-pairing brackets and quotes, and wrapping a selection in the
typed bracket: typing `{` over a selection replaces it, as in any text field), `wrapEnabled`
wraps long lines. The iframe's title is this module's component name, which ends in
"streamlit_ace" like the original's (the browser tests find it by that).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import streamlit.components.v1 as components
import streamlit_ace

HERE = Path(__file__).resolve().parent
SOURCE = Path(streamlit_ace.__file__).resolve().parent / "frontend" / "build"
ASSETS = HERE / "assets"
PATCH = "2"        # bump when the rewrites below change
# (what streamlit-ace 0.1.1's main chunk says, what the playground's copy says instead)
REWRITES = (
    ("r.enableBasicAutocompletion=!0", "r.enableBasicAutocompletion=!1"),
    ("r.enableLiveAutocompletion=!0", "r.enableLiveAutocompletion=!1"),
    ("w.current=r.autoUpdate?200:0", "w.current=r.autoUpdate?(r.debounce||200):0"),
)
# The time between the last keystroke and sending the text. streamlit-ace's fixed value is
# 200 ms; 120 ms still folds a burst of typing (keys ~100-150 ms apart for most people) into a
# few reruns, and the verdict follows sooner (README, Figures).
DEBOUNCE_MS = 120
OPTIONS = {"behavioursEnabled": False, "wrapBehavioursEnabled": False, "useWorker": False}



class AcePatchError(RuntimeError):
    """The installed streamlit-ace is not the one this patch was written for."""


def _stamp() -> str:
    h = hashlib.blake2b(PATCH.encode(), digest_size=6)
    for path in (SOURCE / "index.html", ASSETS / "playground.js", ASSETS / "playground.css"):
        h.update(path.read_bytes())
    return h.hexdigest()


def _patch(folder: Path) -> None:
    index = folder / "index.html"
    html = index.read_text(encoding="utf-8")
    chunks = [p for p in (folder / "static" / "js").glob("main.*.chunk.js") if p.name in html]
    if len(chunks) != 1:
        raise AcePatchError(f"streamlit-ace's index.html names {len(chunks)} main chunks; this patch is "
                            "for streamlit-ace==0.1.1 (pyproject.toml pins it).")
    code = chunks[0].read_text(encoding="utf-8")
    for before, after in REWRITES:
        if code.count(before) != 1:
            raise AcePatchError(f"streamlit-ace's main chunk has no {before!r}; this patch is for "
                                "streamlit-ace==0.1.1 (pyproject.toml pins it).")
        code = code.replace(before, after)
    chunks[0].write_text(code, encoding="utf-8")
    for name in ("playground.js", "playground.css"):
        shutil.copyfile(ASSETS / name, folder / name)
    html = html.replace("</head>", '<link href="./playground.css" rel="stylesheet"></head>', 1)
    html = html.replace("</body>", '<script src="./playground.js"></script></body>', 1)
    index.write_text(html, encoding="utf-8")


def _made_in(root: Path, stamp: str) -> Path:
    target = root / stamp
    if (target / "playground.js").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{stamp}-", dir=root))
    try:
        shutil.copytree(SOURCE, work / "b")
        _patch(work / "b")
        try:
            os.rename(work / "b", target)       # whole, or not at all
        except OSError:
            if not (target / "playground.js").is_file():   # not another process's copy: a real failure
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def build() -> Path:
    """The folder of the patched build, made on first use (see the module)."""
    stamp = _stamp()
    try:
        return _made_in(HERE / "build", stamp)
    except PermissionError:                      # an installed, read-only package
        return _made_in(Path(tempfile.gettempdir()) / "livechat-playground-ace", stamp)


BUILD = build()
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
