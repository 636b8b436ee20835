"""playground.app.startup: the import-time objects are frozen once, later garbage is still collected.

Run in a fresh interpreter each, so that what is frozen is only what the app's process would
freeze (and the test process itself is left alone)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import gc, json, time
from playground.app import startup
first = startup.freeze_imports()
second = startup.freeze_imports()
frozen = gc.get_freeze_count()
import sys
loaded = sorted(m for m in sys.modules if m.startswith("playground.") and not m.startswith("playground.app"))
# cyclic garbage made after the freeze is still collected
class Node:
    pass
gc.disable()              # no automatic collection in between: the explicit one must find them
for _ in range(1000):
    a, b = Node(), Node()
    a.other, b.other = b, a
del a, b
collected = gc.collect()
gc.enable()
t = time.thread_time()
for _ in range(5):
    gc.collect(2)
per_collection_ms = (time.thread_time() - t) / 5 * 1000
print(json.dumps({"first": first, "second": second, "frozen": frozen, "loaded": loaded,
                  "collected": collected, "ms": per_collection_ms,
                  "tracked": len(gc.get_objects())}))
"""


def probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_freeze_happens_once_covers_the_core_and_leaves_later_garbage_collectable():
    r = probe()
    assert r["first"] is True and r["second"] is False
    assert r["frozen"] > 50_000, r["frozen"]            # Streamlit, pandas, pyarrow, pydantic, models
    assert r["tracked"] < r["frozen"] / 5, (r["tracked"], r["frozen"])   # what a collection still walks
    assert r["collected"] >= 2000                        # the 1000 cycles made after the freeze
    for name in ("playground.validation.core", "playground.spec.catalog", "playground.presentation.preview",
                 "playground.teaching.fieldguide", "playground.spec.v3_2.events", "playground.presentation.tables"):
        assert name in r["loaded"], name
    assert not any(m == "playground.__main__" for m in r["loaded"])


def test_startup_module_names_every_core_module_but_the_cli_and_the_app():
    from playground.app import startup
    names = startup.core_modules()
    on_disk = {f"playground.{p.stem}" for p in (ROOT / "playground").glob("*.py")
               if p.stem not in ("__init__", "__main__")}
    assert on_disk <= set(names)
    assert not [n for n in names if n.startswith("playground.app") or n == "playground.__main__"]
