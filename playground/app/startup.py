"""Once per server process: import the core, then keep its objects out of the per-run collection.

Streamlit runs a full garbage collection (``gc.collect(2)``, config ``runner.postScriptGC``, on
by default) after every script run, that is after every keystroke of every user. A full
collection walks every object the collector tracks, and after the app's imports (Streamlit,
pandas, pyarrow, pydantic and the models) that is most of the server's work per keystroke
(README, "Load and isolation", has the measurements of benchmarks/load.py).

Those objects live as long as the server does. ``gc.freeze()`` moves every object tracked at
that moment into a permanent generation that collections skip, so each run's collection walks
only what was made since. It is done once, on the first run, after importing the whole core (so
that a later page's first import does not add thousands of long-lived objects to every later
collection; all of it takes ~1 s, and the editor imports nearly all of it anyway) and after a
full collection, so that no garbage is frozen. Objects made later, every session's state
included, are collected as before. Freed by reference counting, frozen objects still go away
when nothing holds them; only a reference cycle made before the freeze would outlive its use.
"""
from __future__ import annotations

import gc
import importlib
import json
import logging
import pkgutil
import threading

import playground
from playground import validate
from playground.spec.catalog import audience_field

log = logging.getLogger("playground.app")

# Imported by the pages; listed so that the freeze covers them whichever page is opened first.
THIRD_PARTY = ("pandas", "pyarrow", "streamlit_ace")
SKIP = ("playground.__main__", "playground.app")     # the CLI; the app's own (light) modules

_lock = threading.Lock()
_frozen = False


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(playground.__path__, "playground."):
        if not any(info.name == s or info.name.startswith(s + ".") for s in SKIP):
            names.append(info.name)
    return sorted(names)


def freeze_imports() -> bool:
    """Import the core, collect, freeze. Does it once per process; True the time it did."""
    global _frozen
    if _frozen:
        return False
    with _lock:
        if _frozen:
            return False
        _frozen = True
        for name in THIRD_PARTY + tuple(core_modules()):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - a missing optional module only makes the freeze smaller
                log.warning("startup: could not import %s", name, exc_info=True)
        try:   # the validators build some tables on first use
            validate(json.dumps({"type": "message", "text": "hi", audience_field(): "all"}), mode="request")
        except Exception:  # noqa: BLE001
            log.warning("startup: the warm-up validation failed", exc_info=True)
        gc.collect()
        gc.freeze()
        log.info("startup: %d objects frozen out of the per-run garbage collection",
                 gc.get_freeze_count())
        return True
