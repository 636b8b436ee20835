"""Load from my account, end to end against the local stand-in API (no network beyond 127.0.0.1):
`fetch_all("list_chats")` of N chats in pages of 100 (the client: requests, JSON, merging), then
the chat summaries table built from the merged document (the same tables.build_table as every
source), validated under v3.6.

    .venv/bin/python benchmarks/live_fetch.py            # --sizes 1000,5000
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from playground.live import client as live  # noqa: E402
from playground.presentation import tables  # noqa: E402
from playground.validation import validate_data  # noqa: E402
from tests.live.standin import StandIn  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="1000,5000")
    args = p.parse_args()
    print(f"{'chats':>7} {'pages':>5} {'fetch s':>8} {'per page ms':>11} {'table s':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        with StandIn(chats=n) as api:
            c = live.Client(live.parse_token(api.token), "3.6", api.url)
            pages = []
            t0 = time.perf_counter()
            doc = c.fetch_all("list_chats", {"limit": 100}, progress=lambda p_, i, f: pages.append(p_))
            t1 = time.perf_counter()
            table = tables.build_table(tables.load_documents([("bench", doc)]),
                                       lambda item, s, m: validate_data(item, s, m, "3.6"))
            t2 = time.perf_counter()
            assert len(table.df) == n
            print(f"{n:>7} {len(pages):>5} {t1 - t0:>8.2f} {1000 * (t1 - t0) / len(pages):>11.1f} {t2 - t1:>8.2f}")


if __name__ == "__main__":
    main()
