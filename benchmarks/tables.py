"""How long the chat summaries table takes to build, and how much memory it needs.

    .venv/bin/python benchmarks/tables.py [--sizes 1000,10000,100000] [--seed 7]

For each size, in a fresh process (so memory figures don't mix): generate that many synthetic
summaries (`playground.generate`, not timed), dump them as one list_chats JSON text (not timed),
then time the three stages of building the table from that text:

  parse     `tables.loads` (json.loads, garbage collector paused) + sorting the documents into
            table items (`tables.load_documents`); the page's parse_document also bounds each
            input to 5 MB, which this skips so that one text can hold 100 000 summaries
  validate  the core's `validate_data(summary, "chat_summary", "response")` for every summary
  frame     `tables.summaries_frame`: the DataFrame, built column-wise

Times are wall clock (time.perf_counter); CPU s is the process's CPU time for the whole build,
which other work on a shared machine does not inflate. Peak memory is the growth of the process's peak resident set (VmHWM, reset just before the
build) over its size before the build, so it counts everything the build allocates (Python
objects, numpy and Arrow buffers), not the input text that already existed.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
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


def run_one(n: int, seed: int) -> dict:
    from playground.presentation import tables
    from playground.presentation.generate import as_list_chats, generate_chat_summaries
    from playground.validation import validate_data

    text = json.dumps(as_list_chats(generate_chat_summaries(n, seed)))
    gc.collect()
    # Warm up imports and caches (pandas' string and datetime paths, pydantic adapters) on a
    # small input, so the figures are the steady cost of the build.
    warm = generate_chat_summaries(50, seed + 1)
    tables.summaries_frame(warm, tables.validate_items(warm, ["chat_summary"] * 50, validate_data))
    del warm
    gc.collect()

    rss_before = _status_kb("VmRSS")
    peak_ok = _reset_peak()
    marks = [(time.perf_counter(), time.process_time())]
    loaded = tables.load_documents([("bench.json", tables.loads(text))])
    marks.append((time.perf_counter(), time.process_time()))
    issues = tables.validate_items(loaded.items, loaded.structures, validate_data)
    marks.append((time.perf_counter(), time.process_time()))
    df = tables.summaries_frame(loaded.items, issues, loaded.structures)
    marks.append((time.perf_counter(), time.process_time()))
    peak = _status_kb("VmHWM") if peak_ok else 0
    assert len(df) == n
    out = {"n": n, "mb": len(text) / 1e6, "flagged": int((df["errors"] > 0).sum()),
           "peak_mb": (peak - rss_before) / 1024 if peak_ok else float("nan")}
    for clock, i in (("wall", 0), ("cpu", 1)):
        for stage, (a, b) in zip(STAGES, zip(marks, marks[1:])):
            out[f"{clock}_{stage}"] = b[i] - a[i]
        out[f"{clock}_total"] = marks[-1][i] - marks[0][i]
    return out


STAGES = ("parse", "validate", "frame")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)   # child process: one size, JSON out
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.seed)))
        return 0

    print(f"chat summaries table build (python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f})")
    cols = [f"{s} s" for s in (*STAGES, "total")]
    print(f"{'':>10} {'':>8} | {'wall clock':^39} | {'CPU time':^39} |")
    print(f"{'summaries':>10} {'JSON MB':>8} | " + " ".join(f"{c:>9}" for c in cols) + " | "
          + " ".join(f"{c:>9}" for c in cols) + f" | {'peak MB':>7} {'flagged':>7}")
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(f"{n:>10} failed:\n{out.stderr}")
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        wall = " ".join(f"{r['wall_' + s]:>9.2f}" for s in (*STAGES, "total"))
        cpu = " ".join(f"{r['cpu_' + s]:>9.2f}" for s in (*STAGES, "total"))
        print(f"{r['n']:>10,} {r['mb']:>8.1f} | {wall} | {cpu} | {r['peak_mb']:>7.0f} {r['flagged']:>7}")
    print("aim: 10,000 in under 1 s, 100,000 in under 10 s (parse + validate + frame). On a busy machine\n"
          "the CPU time is the fairer figure: other processes do not inflate it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
