"""Figures for saved payloads: one save and one load by size, and saves per second from many threads.

    .venv/bin/python benchmarks/storage.py [--repeat N] [--threads N] [--stored N] [--pg-url postgresql://...]

SQLite runs on a temp file (WAL, synchronous=FULL: every save is on disk when it returns);
PostgreSQL on --pg-url or $PLAYGROUND_TEST_PG_URL (skipped when neither is given), in a schema of
its own that is dropped at the end. Each operation opens and closes its own connection, as the app
does. Prints medians in milliseconds. Last, one save with --stored payloads (default 100 000, of
1 KB) already in the database: what the quota's count and sum cost as the store fills.
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite3  # noqa: E402

import psycopg  # noqa: E402

from playground.storage import open_store, settings  # noqa: E402

SIZES = {"1 KB": 1024, "1 MB": 1024 * 1024, "5 MB": 5 * 1024 * 1024 - 16}


def payload(size: int) -> str:
    body = ("0123456789abcdef" * (size // 16 + 1))[: size - 12]
    return '{"blob": "' + body + '"}'


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(name: str, store, repeat: int, threads: int) -> None:
    for label, size in SIZES.items():
        text = payload(size)
        saves, loads = [], []
        for _ in range(repeat):
            box = {}
            saves.append(timed(lambda: box.setdefault("id", store.save(text, client=secrets.token_hex(4)).id)))
            loads.append(timed(lambda: store.load(box["id"])))
        print(f"{name:10s} {label:5s}  save {statistics.median(saves):7.1f} ms   load {statistics.median(loads):7.1f} ms")
    per_thread = 20
    barrier = threading.Barrier(threads)

    def work():
        barrier.wait()
        for _ in range(per_thread):
            store.save(payload(2048), client=secrets.token_hex(4))

    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    print(f"{name:10s} {threads} threads x {per_thread} saves of 2 KB: {threads * per_thread / elapsed:6.0f} saves/s")


def fill(name: str, store, rows: int, connect) -> None:
    """Put `rows` payloads of 1 KB in the table directly, then time a save."""
    store.save("{}")                                     # creates the table
    with connect() as conn:
        if name == "SQLite":
            conn.executemany("INSERT INTO saved_payloads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             ((f"fill{i:012d}", 1.0 + i, "fill", None, "response", None, None, 1024, "-",
                               b"x" * 1024) for i in range(rows)))
        else:
            conn.execute("INSERT INTO saved_payloads SELECT 'fill' || g, g, 'fill', NULL, 'response', NULL, NULL, "
                         "1024, '-', convert_to(repeat('x', 1024), 'UTF8') FROM generate_series(1, %s) g", (rows,))
        conn.commit()
    times = [timed(lambda: store.save('{"a": 1}')) for _ in range(7)]
    print(f"{name:10s} one save with {rows:,} payloads stored: {statistics.median(times):6.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--stored", type=int, default=100_000)
    ap.add_argument("--pg-url", default=os.environ.get("PLAYGROUND_TEST_PG_URL"))
    args = ap.parse_args()
    # the quotas stay on (counted on every save), set high enough never to refuse
    base = {settings.ENV_PER_MINUTE: "0", settings.ENV_MAX_COUNT: str(10 ** 9),
            settings.ENV_MAX_TOTAL_BYTES: str(10 ** 12)}
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", open_store(settings.load({**base, settings.ENV_DB_PATH: f"{tmp}/bench.sqlite3"}, {})),
            args.repeat, args.threads)
        fill("SQLite", open_store(settings.load({**base, settings.ENV_DB_PATH: f"{tmp}/fill.sqlite3"}, {})),
             args.stored, lambda: sqlite3.connect(f"{tmp}/fill.sqlite3"))
    if not args.pg_url:
        print("PostgreSQL skipped: give --pg-url or set PLAYGROUND_TEST_PG_URL (. .ci/start-postgres.sh)")
        return
    schema = "bench_" + secrets.token_hex(4)
    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = args.pg_url + ("&" if "?" in args.pg_url else "?") + f"options=-csearch_path%3D{schema}"
        store = open_store(settings.load({**base, settings.ENV_DB_URL: url}, {}))
        run("PostgreSQL", store, args.repeat, args.threads)
        with psycopg.connect(url) as conn:
            conn.execute("TRUNCATE saved_payloads")
        fill("PostgreSQL", store, args.stored, lambda: psycopg.connect(url))
    finally:
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
