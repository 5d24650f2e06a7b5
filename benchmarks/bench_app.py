"""Speed of the web app: the first page after start, a what-if round trip, a 100 × 20 grid.

Run: ``python benchmarks/bench_app.py [--no-browser]`` (needs the ``app`` extra; the
browser figures need Chromium and playwright, as the tests do). Prints:

1. ``realpolitik serve`` started as a new process over an empty folder: seconds from
   launch to the first page (``GET /`` answered) and to the first library listing.
2. A what-if on the Korea example (DPRK's salience on sanctions set to 50), 200 draws, the
   models mean, median, nash, eum and smp: the HTTP round trip, first call and median of
   five; in Chromium, from changing the salience in the what-if view to the new table
   drawn (median of three).
3. A scenario of 100 actors × 20 issues: opening and validating it over HTTP, and in
   Chromium the editor drawn (4,000 grid cells) and a keystroke in a cell until its
   validation is shown.

Times are wall-clock seconds on this machine (the server runs in its own process).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "korea-2019.yaml"
WHATIF_MODELS = ["mean", "median", "nash", "eum", "smp"]


def grid_scenario(n: int = 100, k: int = 20) -> str:
    """A valid YAML scenario of n actors × k issues (every actor on every issue)."""
    lines = ["format_version: 1", "title: Grid benchmark", "actors:"]
    lines += [f"  - {{id: A{i}, capability: {1 + i % 10}}}" for i in range(n)]
    lines += ["issues:"] + [f"  - {{id: I{j}, status_quo: 50}}" for j in range(k)]
    lines += ["positions:"]
    for i in range(n):
        lines.append(f"  A{i}:")
        lines += [f"    I{j}: {{position: {(i * 7 + j * 13) % 101}, salience: {1 + (i + j) % 9}}}" for j in range(k)]
    return "\n".join(lines) + "\n"


def request(base: str, token: str, method: str, path: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"X-Realpolitik-Token": token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read()) if r.headers.get_content_type() == "application/json" else r.read()


def start_server(folder: Path, token: str) -> tuple[subprocess.Popen, str, float, float]:
    exe = shutil.which("realpolitik") or sys.executable
    args = [exe] if exe != sys.executable else [exe, "-m", "realpolitik"]
    t0 = time.perf_counter()
    proc = subprocess.Popen([*args, "serve", str(folder), "--port", "0", "--token", token],
                            stderr=subprocess.PIPE, text=True)
    base = None
    while base is None:
        line = proc.stderr.readline()
        if not line:
            raise SystemExit("the server did not start")
        m = re.search(r"(http://\S+)/\?token=", line)
        base = m.group(1) if m else None
    first_page = None
    while first_page is None:
        try:
            request(base, token, "GET", "/")
            first_page = time.perf_counter() - t0
        except OSError:
            time.sleep(0.01)
    request(base, token, "GET", "/api/v1/library")
    return proc, base, first_page, time.perf_counter() - t0


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux), so that a busy machine does not count."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn, repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def browser_figures(base: str, token: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        return {}
    out: dict[str, float] = {}
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--headless"])
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/?token={token}#/s/korea.yaml@whatif")
        page.fill("#whatif-draws", "200")
        bubble = "section.issue[data-issue=sanctions] g.actor[data-actor=DPRK]"
        page.wait_for_selector(bubble)
        times = []
        for n in range(4):
            old = page.query_selector("#whatif-out > *")
            t = time.perf_counter()
            page.focus(bubble)
            page.keyboard.press("ArrowDown")  # DPRK cares 5 points less about sanctions
            page.wait_for_function("(old) => !old.isConnected && document.querySelector('#whatif-out table')",
                                   arg=old, timeout=60_000)
            if n:  # the first includes compiling the page's code
                times.append(time.perf_counter() - t)
        out["what-if in the browser, from the key press to the new table"] = statistics.median(times)
        t = time.perf_counter()
        page.goto(f"{base}/?token={token}#/s/grid.yaml")
        page.wait_for_selector('input[aria-label="A99 I19 salience"]')
        out["grid editor drawn"] = time.perf_counter() - t
        cell = page.locator('input[aria-label="A50 I10 salience"]')
        times = []
        for value in ("x", "5", "y", "6"):
            t = time.perf_counter()
            cell.fill(value)
            if value.isdigit():
                page.wait_for_function("() => !document.querySelector('#error-bar').textContent")
            else:
                page.wait_for_function("() => document.querySelector('#error-bar').textContent.includes('A50')")
            times.append(time.perf_counter() - t)
        out["grid keystroke to validation shown"] = statistics.median(times)
        b.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    args = parser.parse_args()
    token = "bench"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        proc, base, first_page, first_list = start_server(folder, token)
        try:
            print(f"first page after start: {first_page:.2f} s (library listed at {first_list:.2f} s; "
                  f"the server used {cpu_seconds(proc.pid):.2f} s of CPU by then)")
            shutil.copy(EXAMPLE, folder / "korea.yaml")
            (folder / "grid.yaml").write_text(grid_scenario())
            body = {"path": "korea.yaml", "models": WHATIF_MODELS, "draws": 200, "seed": 1,
                    "set": {"DPRK.sanctions.salience": 50}}
            first = timed(lambda: request(base, token, "POST", "/api/v1/whatif", body))[0]
            before = cpu_seconds(proc.pid)
            again = timed(lambda: request(base, token, "POST", "/api/v1/whatif", body), 5)
            print(f"what-if, Korea, 200 draws, {', '.join(WHATIF_MODELS)}: first {first:.2f} s, "
                  f"median of 5 {statistics.median(again):.2f} s (HTTP round trip; "
                  f"{(cpu_seconds(proc.pid) - before) / 5:.2f} s of server CPU each)")
            for model in WHATIF_MODELS:
                before = cpu_seconds(proc.pid)
                wall = timed(lambda m=model: request(base, token, "POST", "/api/v1/whatif", {**body, "models": m}))[0]
                print(f"  {model} alone: {wall:.2f} s ({cpu_seconds(proc.pid) - before:.2f} s of CPU)")
            opened = request(base, token, "GET", "/api/v1/scenario?path=grid.yaml")
            t_open = statistics.median(timed(lambda: request(base, token, "GET", "/api/v1/scenario?path=grid.yaml"), 3))
            t_val = statistics.median(timed(lambda: request(base, token, "POST", "/api/v1/validate?path=grid.yaml",
                                                            {"document": opened["document"]}), 5))
            print(f"grid 100 actors × 20 issues: open {t_open:.2f} s, validate {t_val:.2f} s (HTTP, median)")
            if not args.no_browser:
                for name, value in browser_figures(base, token).items():
                    print(f"{name}: {value:.2f} s (Chromium, median)")
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
