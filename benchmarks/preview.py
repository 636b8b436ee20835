"""Preview figures: the time to render each preview of what v3.3-v3.7 added, every bundled sample,
and the hostile corpus (vectors x slots), with the share of previews holding an outside `src`.

    .venv/bin/python benchmarks/preview.py
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.presentation.preview import render, render_transcript  # noqa: E402
from playground.spec import catalog  # noqa: E402
from tests.xss_corpus import SLOTS, VECTORS, cases  # noqa: E402


def timed(fn, repeat: int = 30) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    load = lambda rel: json.loads((ROOT / "samples" / rel).read_text(encoding="utf-8"))  # noqa: E731
    eco = {"type": "rich_message", "template_id": "ecommerce", "elements": [{
        "title": "Shoe", "ecommerce": {"view_type": view, "product_id": "p", "options": [
            {"option_id": str(i), "label": f"Option {i}", "price": "9.99", "currency": "USD", "color": "#abc"}
            for i in range(20)], "addons": [{"addon_type": "gift_wrap"}]}} for view in ("tags", "swatch", "images", "select")]}
    items = {
        "ecommerce, 4 products x 20 options": lambda: render(eco, version="3.6"),
        "form event (sample)": lambda: render(load("v3_6/events/form.json"), version="3.6"),
        "system event (sample, details parsed)": lambda: render(load("v3_6/events/system.json"), version="3.6"),
        "deleted event (sample)": lambda: render(load("v3_7/events/deleted_event.json"), version="3.7"),
        "chat info (sample)": lambda: render(load("v3_7/chats/chat_info.json"), version="3.7"),
        "transcript of 300 events": lambda: render_transcript([load("v3_6/events/message.json")] * 300, "3.6"),
    }
    for name, fn in items.items():
        print(f"{name:42s} {timed(fn):8.2f} ms (median of 30)")
    samples = [(v, n, json.loads(p.read_text(encoding="utf-8"))) for v in catalog.VERSIONS for n, p in catalog.all_samples(v)]
    start = time.perf_counter()
    fetching = sum('src="' in render(d, n, version=v).html for v, n, d in samples)
    print(f"{len(samples)} bundled samples of {len(catalog.VERSIONS)} versions: {time.perf_counter() - start:.2f} s, "
          f"{fetching} previews with a src")
    start = time.perf_counter()
    count = sum(1 for _, _, data, structure, users in cases() if render(data, structure, users))
    print(f"hostile corpus: {len(VECTORS)} vectors x {len(SLOTS)} slots = {count} previews in "
          f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
