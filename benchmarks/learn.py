"""Figures for the learning core: reference build, find_field, simulate_response, snippets, exercises.

    .venv/bin/python benchmarks/learn.py
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def per_call(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    # a fresh interpreter, so the first build is really the first
    cold = subprocess.run([sys.executable, "-c", (
        "import time, sys; sys.path.insert(0, %r); t = time.perf_counter();"
        "from playground.teaching import reference as r; r.find_field('x'); r.example('image');"
        "print(time.perf_counter() - t)") % str(ROOT)], capture_output=True, text=True, check=True)
    print(f"reference: import + build every table, path and example (cold): {float(cold.stdout) * 1000:.0f} ms")

    from playground.teaching import exercises
    from playground.teaching import reference
    from playground.authoring import server
    from playground.authoring import snippets
    from playground.spec.catalog import STRUCTURES
    print(f"reference: {len(reference.entries())} entries, "
          f"{sum(len(reference.table(k, m)) for k, e in reference.entries().items() for m in e.modes)} table rows")
    for q in ("queue", "elements[0].title", "webview height", "webveiw hieght", "zzz"):
        print(f"find_field({q!r}): {per_call(lambda: reference.find_field(q), 200):.2f} ms median"
              f" (v3.6: {per_call(lambda: reference.find_field(q, version='3.6'), 200):.2f} ms)")

    ev = json.loads(STRUCTURES["rich_message"].samples[0].read_text())
    req = server.request_from_response(ev, "rich_message")
    print(f"simulate_response(rich message sample): {per_call(lambda: server.simulate_response(req, 'rich_message', 'a@b.c'), 200):.2f} ms median")
    print(f"all_snippets(rich message sample): {per_call(lambda: snippets.all_snippets(req), 200):.2f} ms median"
          f" (to v3.6, migrated: {per_call(lambda: snippets.all_snippets(req, version='3.6'), 200):.2f} ms)")
    worst = max(exercises.EXERCISES.values(), key=lambda e: len(e.text))
    print(f"exercise check, largest payload ({worst.id}, {len(worst.text.encode()):,} bytes): "
          f"{per_call(lambda: exercises.check(worst, worst.text), 50):.2f} ms median")
    print(f"exercises: {len(exercises.EXERCISES)} across {len({e.structure for e in exercises.EXERCISES.values()})} structures"
          " (per version: " + ", ".join(f"v{v} {len(exercises.for_version(v))}" for v in exercises.VERSIONS) + ")")


if __name__ == "__main__":
    main()
