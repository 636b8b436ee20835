"""Editor keystroke latency in Chromium, and the server's CPU per keystroke (issue 15).

    .venv/bin/python benchmarks/keystroke.py [--keystrokes 30] [--big 10] [--root DIR]

Starts `streamlit run <root>/playground/app/main.py` on a free loopback port (headless), drives
Debian's Chromium with Playwright and prints, for the small payload (a 5-line message) and a
2.4 MB one (the same message with 10 400 rows in `properties`):

- keystroke -> verdict on screen: each keystroke alternately deletes and re-types the comma at
  the end of line 3; timed in the page, from just before the key is pressed until the verdict
  above the editor says "error" / "Valid" again (the editor's debounce, the round trip, the
  rerun and the redraw); median and p90;
- the server's CPU per keystroke: the streamlit process's utime + stime (/proc/<pid>/stat) over
  the keystrokes, divided by their number (the page's redraw in the browser is not in it).

`--root` runs another checkout's app with this same script, so "before" and "after" are measured
alike (e.g. `--root /work/main`). Machine load is printed: on a shared machine, compare runs made
one after the other.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("PLAYGROUND_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ACE_IFRAME = 'iframe[title*="streamlit_ace"]'
VERDICT = '.st-key-verdict [data-testid="stAlert"]'
SMALL = '{\n  "type": "message",\n  "text": "hello there",\n  "recipients": "all"\n}'
CLK_TCK = os.sysconf("SC_CLK_TCK")

OBSERVE = """([selector, want]) => {
  window.__t1 = null;
  const done = () => {
    const el = document.querySelector(selector);
    if (el && el.innerText.includes(want) && window.__t1 === null) {
      window.__t1 = performance.timeOrigin + performance.now();
    }
  };
  if (window.__obs) window.__obs.disconnect();
  window.__obs = new MutationObserver(done);
  window.__obs.observe(document.body, {subtree: true, childList: true, characterData: true});
  return performance.timeOrigin + performance.now();
}"""


def big_payload() -> str:
    rows = [{"id": f"row-{i}", "name": f"Customer {i}", "email": f"c{i}@example.com",
             "score": i % 100, "tags": ["a", "b", "c"]} for i in range(10_400)]
    return json.dumps({"type": "message", "text": "hello there", "recipients": "all",
                       "properties": {"bench": {"rows": rows}}}, indent=2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(root: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(root / "playground/app/main.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(root)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("streamlit did not start")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def wait_idle(page) -> None:
    page.wait_for_timeout(250)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)


def ace(page, script: str, arg=None):
    frame = page.locator(ACE_IFRAME).first.element_handle().content_frame()
    return frame.evaluate("([s, a]) => (new Function('ed', 'arg', s))("
                          "document.querySelector('.ace_editor').env.editor, a)", [script, arg])


def keystrokes(browser, url: str, payload: str, n: int, pid: int) -> tuple[list[float], float]:
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    page.goto(url)
    page.frame_locator(ACE_IFRAME).first.locator(".ace_line").first.wait_for(timeout=60_000)
    wait_idle(page)
    ace(page, "ed.focus(); ed.setValue(arg, -1);", payload)
    wait_idle(page)
    page.locator('[data-testid="stButtonGroup"]').get_by_role("radio", name="Request").first.click()
    wait_idle(page)
    page.locator(VERDICT).filter(has_text="Valid").wait_for(timeout=120_000)
    wait_idle(page)
    times = []
    cpu = 0.0
    for i in range(n):
        ace(page, "ed.focus(); ed.gotoLine(3, 0, false); ed.navigateLineEnd();")
        breaking = i % 2 == 0
        want = "error" if breaking else "Valid"
        c0 = cpu_seconds(pid)
        t0 = page.evaluate(OBSERVE, [VERDICT, want])
        if breaking:
            page.keyboard.press("Backspace")
        else:
            page.keyboard.type(",")
        page.wait_for_function("() => window.__t1 !== null", timeout=60_000, polling="raf")
        t1 = page.evaluate("() => window.__t1")
        times.append((t1 - t0) / 1000)
        wait_idle(page)
        cpu += cpu_seconds(pid) - c0
    ctx.close()
    return times, cpu / n


def ms(x: float) -> str:
    return f"{x * 1000:.0f} ms"


def line(name: str, times: list[float], cpu: float) -> str:
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 2 else times[0]
    return (f"  {name}: keystroke -> verdict median {ms(statistics.median(times))}, p90 {ms(p90)}, "
            f"min {ms(min(times))} (n={len(times)}); server CPU per keystroke {cpu * 1000:.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keystrokes", type=int, default=30)
    ap.add_argument("--big", type=int, default=10, help="keystrokes on the 2.4 MB payload (0: skip)")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1],
                    help="the checkout whose app is measured (default: this one)")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()[0]
    proc, url = start_server(args.root.resolve())
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            small = keystrokes(browser, url, SMALL, args.keystrokes, proc.pid)
            big = keystrokes(browser, url, big_payload(), args.big, proc.pid) if args.big else None
            browser.close()
    finally:
        stop_server(proc)
    print(f"LiveChat Payload Playground, {args.root}: editor keystrokes (Chromium headless; load average "
          f"{load_before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(line("sample payload (5 lines)", *small) + "   aim: median <= 300 ms, p90 <= 350 ms, CPU <= 15 ms")
    if big:
        print(line("2.4 MB payload", *big) + "   aim: <= 500 ms")


if __name__ == "__main__":
    main()
