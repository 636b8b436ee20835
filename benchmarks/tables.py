"""How long the chat summaries table takes to build against json.loads, and how much memory it needs.

    .venv/bin/python benchmarks/tables.py [--sizes 10000,100000,1000000] [--seed 7] [--page 1000]
                                          [--version 3.6] [--tracemalloc]
    .venv/bin/python benchmarks/tables.py --stages [--stage-size 20000]

Each size runs in a fresh process (so memory figures don't mix). Two ways in, the page's own:

  texts   the upload / paste path: the summaries as list_chats pages of --page summaries each
          (JSON texts made before timing, as uploaded files exist before the build), built by
          `tables.build_from_texts` (parse, detect the version, validate every item with the
          core's validate_data, typed columns; each page's objects let go once they are rows).
          Compared with stdlib json.loads of the same texts, garbage collector off: the ratio
          is table CPU / json.loads CPU.
  demo    the Demo data path (sizes above --max-texts: 1,000,000 does not fit as texts):
          `generate.build_demo`, generating a page at a time; its time includes generating,
          so the json.loads column there is of the same pages dumped one at a time.

CPU s is the process's CPU time (time.process_time), which other work on a shared machine does
not inflate; wall s is time.perf_counter. Peak MB is the growth of the process's peak resident
set (VmHWM, reset just before the build) over its size before the build: everything the build
allocates, not the input texts that already existed. --tracemalloc adds the peak of Python
allocations (tracemalloc slows the build; its times are then not comparable).

--stages says where the build's time goes, without a profiler (which inflates Python code against
C): on --stage-size summaries (as pages of --page), each stage of the page's path timed on its
own, best of 3, collector off, in microseconds a chat and as multiples of json.loads of the same
pages: parsing the pages (tables.fast_loads), the core's validate_data on every item (pydantic,
then the walk for unknown keys and the spec's findings, each also timed alone), and the typed
columns (tables.Columns) without validation. Two ways of calling pydantic that the build does
not use are timed beside it: a whole page's items in one validate_python call (list[Model]),
and one validate_json call on the page's array text.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _loads_cpu(texts) -> float:
    """CPU seconds of json.loads over the texts, collector off (each result dropped at once)."""
    gc.disable()
    try:
        total = 0.0
        for text in texts:
            t = time.process_time()
            json.loads(text)
            total += time.process_time() - t
        return total
    finally:
        gc.enable()


def run_one(n: int, seed: int, page: int, version: str, path: str, use_tracemalloc: bool) -> dict:
    from playground.presentation import generate, tables

    stream = generate.Stream(n, seed, version=version, page_size=page)
    # warm up imports and caches (pandas' string and datetime paths, pydantic adapters)
    warm = generate.Stream(50, seed + 1, version=version)
    generate.build_demo(50, seed + 1, version=version)
    del warm
    gen = [0.0]
    if path == "texts":
        texts = [json.dumps(generate.as_list_chats(items, version=version)) for items in stream.pages()]
        mb = sum(map(len, texts)) / 1e6
        loads = _loads_cpu(texts)
        sources = [(f"page_{k}.json", t) for k, t in enumerate(texts)]
        build = lambda progress: tables.build_from_texts(sources, "detect", progress=progress)  # noqa: E731
    else:
        sizes = []

        def measured():
            pages = stream.pages()
            while True:
                t = time.process_time()
                items = next(pages, None)
                gen[0] += time.process_time() - t
                if items is None:
                    return
                text = json.dumps(generate.as_list_chats(items, version=version))
                sizes.append(len(text))
                yield text
        loads = _loads_cpu(measured())
        mb = sum(sizes) / 1e6
        build = lambda progress: generate.build_demo(n, seed, version=version, progress=progress)  # noqa: E731
    gc.collect()
    calls = [0]

    def progress(fraction: float, words: str) -> None:
        calls[0] += 1

    rss_before = _status_kb("VmRSS")
    peak_ok = _reset_peak()
    if use_tracemalloc:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    table = build(progress)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    traced = tracemalloc.get_traced_memory()[1] / 1e6 if use_tracemalloc else float("nan")
    peak = _status_kb("VmHWM") if peak_ok else 0
    assert len(table.df) == n, (len(table.df), n)
    return {"n": n, "path": path, "mb": mb, "loads": loads, "cpu": cpu, "wall": wall,
            "gen": gen[0] if path == "demo" else 0.0,
            "peak_mb": (peak - rss_before) / 1024 if peak_ok else float("nan"), "traced_mb": traced,
            "flagged": int((table.df["errors"] > 0).sum()), "version": table.version, "progress": calls[0]}


def _best(fn, repeat: int = 3) -> float:
    """The least CPU time of `repeat` runs of fn(), collector off."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeat):
            t = time.process_time()
            fn()
            best = min(best, time.process_time() - t)
    finally:
        gc.enable()
    return best


def stages(n: int, seed: int, page: int, version: str) -> int:
    """Print each stage's CPU time per chat (see the module's doc)."""
    from playground.presentation import generate, tables
    from playground.spec import catalog
    from playground.validation import core
    from pydantic import TypeAdapter

    pages = list(generate.Stream(n, seed, version=version, page_size=page).pages())
    texts = [json.dumps(generate.as_list_chats(items, version=version)) for items in pages]
    items = [x for p in pages for x in p]
    name = tables.structure_in(version, tables.SUMMARY)
    st = catalog.structures(version)[name]
    tp, _ = core._resolve(st, items[0], "response")
    adapter = core._adapter(tp)

    def pydantic_only():
        for x in items:
            try:
                adapter.validate_python(x)
            except Exception:   # noqa: BLE001 - an invalid row: its cost is what is timed
                pass

    whole_chunk = TypeAdapter(list[tp])       # issue 15's idea: a chunk in one pydantic-core call

    def pydantic_chunks():
        for a in range(0, len(items), tables.CHUNK):
            try:
                whole_chunk.validate_python(items[a:a + tables.CHUNK])
            except Exception:   # noqa: BLE001 - a chunk with a bad row (would then go row by row)
                pass

    page_texts = [json.dumps(p) for p in pages]   # each page's array as its own JSON text

    def pydantic_json():
        for t in page_texts:
            try:
                whole_chunk.validate_json(t)
            except Exception:   # noqa: BLE001
                pass

    def columns():
        cols = tables.Columns(version)
        for a in range(0, len(items), tables.CHUNK):
            chunk = items[a:a + tables.CHUNK]
            cols.add(chunk, [tables.SUMMARY] * len(chunk), None, None)
        cols.frame()

    rows = [
        ("json.loads (the yardstick)", lambda: [json.loads(t) for t in texts]),
        ("parse: tables.fast_loads", lambda: [tables.fast_loads(t) for t in texts]),
        ("validate_data, every item", lambda: [core.validate_data(x, name, "response", version) for x in items]),
        ("  of it: pydantic validate_python", pydantic_only),
        ("  pydantic on a whole page in one call", pydantic_chunks),
        ("  pydantic from the page's JSON text in one call", pydantic_json),
        ("  of it: the walk (unknown keys, findings)",
         lambda: [core._walk(x, tp, (), "response", {"suggest": [core.MAX_SUGGESTIONS]}, []) for x in items]),
        ("columns: tables.Columns, no validation", columns),
        ("whole build: tables.build_from_texts",
         lambda: tables.build_from_texts([(f"page_{k}.json", t) for k, t in enumerate(texts)], "detect")),
    ]
    tables.build_from_texts([("warm.json", texts[0])], "detect")     # adapters and walkers built
    print(f"where the time goes: {n:,} v{version} summaries as pages of {page:,}, best of 3, CPU, "
          f"collector off (load average {os.getloadavg()[0]:.1f})")
    base = None
    for label, fn in rows:
        t = _best(fn)
        base = base or t
        print(f"  {label:<44} {t / n * 1e6:>6.1f} us a chat  {t / base:>5.2f}x json.loads")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--page", type=int, default=1000, help="summaries per list_chats page (default 1000)")
    ap.add_argument("--version", default="3.6")
    ap.add_argument("--max-texts", type=int, default=200_000, help="largest size built from texts")
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--stages", action="store_true", help="time each stage of the build apart")
    ap.add_argument("--stage-size", type=int, default=20_000)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)   # child process: one size, JSON out
    ap.add_argument("--path", default="texts", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stages:
        return stages(args.stage_size, args.seed, args.page, args.version)
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.seed, args.page, args.version, args.path, args.tracemalloc)))
        return 0

    print(f"chat summaries table build, v{args.version} data, pages of {args.page:,} (python "
          f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print(f"{'summaries':>10} {'path':>6} {'JSON MB':>8} | {'json.loads CPU s':>16} {'table CPU s':>11} "
          f"{'ratio':>6} {'wall s':>7} | {'peak MB':>7} {'traced MB':>9} | {'flagged':>7} {'progress':>8}")
    for n in (int(x) for x in args.sizes.split(",")):
        path = "texts" if n <= args.max_texts else "demo"
        cmd = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed), "--page", str(args.page),
               "--version", args.version, "--path", path] + (["--tracemalloc"] if args.tracemalloc else [])
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{n:>10} failed:\n{out.stderr}")
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['n']:>10,} {r['path']:>6} {r['mb']:>8.1f} | {r['loads']:>16.2f} {r['cpu']:>11.2f} "
              f"{r['cpu'] / r['loads']:>5.1f}x {r['wall']:>7.2f} | {r['peak_mb']:>7.0f} {r['traced_mb']:>9.0f} | "
              f"{r['flagged']:>7,} {r['progress']:>8,}")
        if r["gen"]:
            print(f"{'':>10} {'':>6} {'':>8} | generating alone {r['gen']:.2f} s CPU: the table without it "
                  f"{r['cpu'] - r['gen']:.2f} s, {(r['cpu'] - r['gen']) / r['loads']:.1f}x json.loads")
    print("aim (issue 15): table CPU <= 2.5x json.loads, peak <= 800 MB at 100,000; 1,000,000 loads.\n"
          "The demo path's CPU includes generating the summaries.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
