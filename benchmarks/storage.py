"""Figures for saved payloads: one save and one load by size, and saves per second from many threads.

    .venv/bin/python benchmarks/storage.py [--repeat N] [--threads N] [--pg-url postgresql://...]

SQLite runs on a temp file (WAL, synchronous=FULL: every save is on disk when it returns);
PostgreSQL on --pg-url or $PLAYGROUND_TEST_PG_URL (skipped when neither is given), in a schema of
its own that is dropped at the end. Each operation opens and closes its own connection, as the app
does. Prints medians in milliseconds.
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--pg-url", default=os.environ.get("PLAYGROUND_TEST_PG_URL"))
    args = ap.parse_args()
    base = {settings.ENV_PER_MINUTE: "0", settings.ENV_MAX_COUNT: "0", settings.ENV_MAX_TOTAL_BYTES: "0"}
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", open_store(settings.load({**base, settings.ENV_DB_PATH: f"{tmp}/bench.sqlite3"}, {})),
            args.repeat, args.threads)
    if not args.pg_url:
        print("PostgreSQL skipped: give --pg-url or set PLAYGROUND_TEST_PG_URL (. .ci/start-postgres.sh)")
        return
    schema = "bench_" + secrets.token_hex(4)
    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        url = args.pg_url + ("&" if "?" in args.pg_url else "?") + f"options=-csearch_path%3D{schema}"
        run("PostgreSQL", open_store(settings.load({**base, settings.ENV_DB_URL: url}, {})), args.repeat, args.threads)
    finally:
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
