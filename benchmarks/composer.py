"""Figures for the composers: the core at the spec's limits and a page run (AppTest, Python side).

    .venv/bin/python benchmarks/composer.py [--repeat N]

Prints medians in milliseconds. "max" is a rich message at the spec's limits (10 elements, 13
buttons each); "small" is the blank message (one card). The page figures are one script run
as AppTest measures it: what the server spends per keystroke before the browser draws.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.authoring import compose  # noqa: E402

PAGE = str(ROOT / "playground" / "app" / "views" / "rich_message_composer.py")


def max_message() -> compose.Document:
    doc = compose.blank("rich_message")
    while len(doc.data["elements"]) < 10:
        doc.add_element()
    for i in range(10):
        for _ in range(13):
            doc.add_button(i)
    return doc


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def core(repeat: int) -> None:
    text = max_message().dump()
    doc = compose.load(text, "rich_message").doc
    print(f"max payload: {len(text):,} characters, {sum(1 for _ in doc.layout().walk())} form nodes")
    print(f"  load (parse + checks)        {median_ms(lambda: compose.load(text, 'rich_message'), repeat):8.2f} ms")
    print(f"  layout                       {median_ms(doc.layout, repeat):8.2f} ms")
    print(f"  validate                     {median_ms(doc.validate, repeat):8.2f} ms")
    print(f"  dump, unchanged              {median_ms(doc.dump, repeat):8.3f} ms")
    doc.edit(("elements", 0, "title"), "edited")
    print(f"  dump, edited                 {median_ms(doc.dump, repeat):8.3f} ms")
    print(f"  one field edit               "
          f"{median_ms(lambda: doc.edit(('elements', 9, 'buttons', 12, 'text'), 'x'), repeat):8.2f} ms")


def page(repeat: int) -> None:
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    from playground.app import state
    for name, text in (("small", compose.blank("rich_message").dump()), ("max", max_message().dump())):
        at = AppTest.from_file(PAGE, default_timeout=300)
        at.session_state[state.TEXT_KEY] = text
        t = time.perf_counter()
        at.run()
        first = (time.perf_counter() - t) * 1000
        widgets = len(at.text_input) + len(at.selectbox) + len(at.button) + len(at.text_area)
        times = []
        for k in range(repeat):
            key = f"rmc:{at.session_state['rmc_rev']}:/elements/0/title:"
            t = time.perf_counter()
            at.text_input(key=key).input(f"title {k}").run()
            times.append(time.perf_counter() - t)
        print(f"page, {name:5}: first run {first:7.0f} ms, rerun after a field edit "
              f"{statistics.median(times) * 1000:6.0f} ms (median of {repeat}), {widgets} widgets drawn")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    core(args.repeat)
    page(max(3, args.repeat // 3))


if __name__ == "__main__":
    main()
