"""Resource estimates next to measured figures, and the largest scenario each model handles.

Part 1 prints, for a few sizes of every model, the estimate a forecast makes before it
starts (``realpolitik.analysis.resources.estimate``) next to the time and peak memory
measured in a fresh process. Part 2 searches, with the estimate, the largest scenario each
model runs within ``--seconds`` (default 120) and ``--memory`` GB (default 4): the most
actors on 10 issues for one draw, and the most draws of 50 actors × 10 issues; with
``--confirm`` each of those is run once and measured. Part 3 times validation of growing
numbers of sources and CSV rows (linear growth expected). Part 4 (``--parts 4``) measures
the largest scenario directly, doubling the actors and then the draws until a run no longer
fits.

Run: python benchmarks/bench_limits.py [--quick] [--confirm] [--models eum,smp]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from realpolitik import models
from realpolitik.analysis.resources import estimate, fit
from realpolitik.scenario import Scenario, parse, yaml_io

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.conftest import random_scenario  # noqa: E402

MEASURE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from realpolitik import load
from realpolitik.analysis.montecarlo import monte_carlo
from realpolitik.api import run
sc = load({path!r})
start = time.perf_counter()
if {draws} > 1:
    monte_carlo(sc, {model!r}, {draws}, seed=1)
else:
    run({model!r}, sc.arrays(), seed=1)
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}))
"""


def scenario(n: int, k: int, sd: bool) -> Scenario:
    sc = random_scenario(np.random.default_rng(n * 1000 + k), n=n, k=k)
    if sd:
        sc = sc.replace(stances=tuple(s.__class__(s.actor, s.issue, s.position.__class__(s.position.value, 5.0),
                                                   s.salience, s.capability, s.outside) for s in sc.stances))
    return sc


def measure(sc: Scenario, model: str, draws: int, tmp: Path, timeout: float) -> dict | None:
    path = tmp / f"bench-{len(sc.actors)}x{len(sc.issues)}.yaml"
    path.write_text(yaml_io.dumps(sc), encoding="utf-8")
    code = MEASURE.format(root=str(ROOT / "src"), path=str(path), model=model, draws=draws)
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1]}
    return json.loads(proc.stdout)


def fmt_bytes(x: float) -> str:
    return f"{x / 1e6:,.0f} MB"


def part1(names, sizes, tmp: Path, timeout: float) -> None:
    idle = measure(scenario(3, 1, False), "status-quo", 1, tmp, timeout)
    print(f"(a peak RSS includes the {fmt_bytes(idle['peak_bytes'])} of a process that loads realpolitik)")
    print("model        actors issues   draws | estimate: time  memory | measured: time  peak RSS")
    for model in names:
        for n, k, draws in sizes:
            sc = scenario(n, k, draws > 1)
            est = estimate(sc, model, draws)
            if est is None:
                continue
            got = measure(sc, model, draws, tmp, timeout) if est.seconds < timeout else None
            shown = ("(not run: estimate over the time budget)" if got is None and est.seconds >= timeout
                     else "(timed out)" if got is None else got.get("error")
                     or f"{got['seconds']:8.2f} s {fmt_bytes(got['peak_bytes']):>10}")
            print(f"{model:12s} {n:6d} {k:6d} {draws:7d} | {est.seconds:12.2f} s {fmt_bytes(est.peak_bytes):>9} "
                  f"| {shown}", flush=True)


def largest(model: str, fits, lo: int, hi: int) -> int:
    """The largest value in [lo, hi] for which fits(value) holds (fits is monotone), 0 if none."""
    if not fits(lo):
        return 0
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    return lo


def part2(names, seconds: float, memory: float, confirm: bool, tmp: Path) -> None:
    print(f"\nlargest scenario within {seconds:.0f} s and {memory / 1e9:.0f} GB (by the estimate"
          f"{'; confirmed by one run' if confirm else ''})")
    print("model        most actors (10 issues, 1 draw)   most draws (50 actors × 10 issues)")
    base = scenario(50, 10, True)
    for model in names:
        fitted = fit(base, model)

        def ok(n: int, k: int, d: int, fitted=fitted) -> bool:
            est = fitted.at(n, k, d)
            return est.seconds <= seconds and est.peak_bytes <= memory

        actors = largest(model, lambda n, ok=ok: ok(n, 10, 1), 20, 100_000)
        draws = largest(model, lambda d, ok=ok: ok(50, 10, d), 1, 10_000_000)
        line = f"{model:12s} {actors:>10,}                        {draws:>12,}"
        if confirm:
            a = measure(scenario(actors, 10, False), model, 1, tmp, 3 * seconds) if actors else None
            d = measure(base, model, draws, tmp, 3 * seconds) if draws > 1 else None
            line += "   measured: " + ", ".join(
                "–" if m is None else m.get("error") or f"{m['seconds']:.0f} s {fmt_bytes(m['peak_bytes'])}"
                for m in (a, d))
        print(line, flush=True)


DIRECT = """
import json, resource, sys, time
import numpy as np
sys.path.insert(0, {root!r}); sys.path.insert(0, {tests!r})
from realpolitik.api import run
from realpolitik.analysis.montecarlo import monte_carlo
from realpolitik.scenario import ScenarioArrays
n, k, draws, model = {n}, {k}, {draws}, {model!r}
rng = np.random.default_rng(n)
start = time.perf_counter()
if draws == 1:  # the arrays a scenario of this size gives, built directly (loading is timed in part 3)
    arr = ScenarioArrays(actor_ids=tuple(f"a{{i}}" for i in range(n)), issue_ids=tuple(f"i{{j}}" for j in range(k)),
                         position=rng.uniform(0, 100, (1, n, k)), salience=rng.uniform(0.1, 1, (1, n, k)),
                         capability=np.repeat(rng.uniform(1, 100, (1, n, 1)), k, axis=2),
                         present=np.ones((n, k), bool), status_quo=rng.uniform(0, 100, (1, k)),
                         lower=np.zeros(k), upper=np.full(k, 100.0), outside_value=np.full((1, n, k), np.nan),
                         outside_credibility=np.zeros((1, n, k)))
    start = time.perf_counter()
    run(model, arr, seed=1)
else:
    from conftest import random_scenario
    sc = random_scenario(rng, n=n, k=k)
    sc = sc.replace(stances=tuple(s.__class__(s.actor, s.issue, s.position.__class__(s.position.value, 5.0),
                                              s.salience) for s in sc.stances))
    start = time.perf_counter()
    monte_carlo(sc, model, draws, seed=1)
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}))
"""


def direct(model: str, n: int, k: int, draws: int, seconds: float) -> dict | None:
    code = DIRECT.format(root=str(ROOT / "src"), tests=str(ROOT / "tests"), n=n, k=k, draws=draws, model=model)
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def part4(names, seconds: float, memory: float, start_actors: int, start_draws: int) -> None:
    """Measured directly: doubling actors (10 issues, 1 draw) and draws (50 actors × 10 issues) until a run
    takes longer than ``seconds`` or more than ``memory`` bytes; the last size that fitted is printed."""
    print(f"\nlargest scenario within {seconds:.0f} s and {memory / 1e9:.0f} GB, measured by doubling")
    for model in names:
        for axis, first in (("actors", start_actors), ("draws", start_draws)):
            size, best, cap = first, None, 100_000 if axis == "actors" else 10_000_000
            while size <= cap:
                n, draws = (size, 1) if axis == "actors" else (50, size)
                got = direct(model, n, 10, draws, seconds)
                if got is None or got["peak_bytes"] > memory:
                    break
                best = (size, got)
                print(f"  {model} {axis}={size:,}: {got['seconds']:.1f} s, {fmt_bytes(got['peak_bytes'])}", flush=True)
                size *= 2
            beyond = f"the search stops at {cap:,}" if size > cap else f"{size:,} did not fit"
            shown = "none" if best is None else f"{best[0]:,} ({best[1]['seconds']:.0f} s, " \
                                                  f"{fmt_bytes(best[1]['peak_bytes'])}); {beyond}"
            print(f"{model:12s} most {axis}: {shown}", flush=True)


def part3(quick: bool) -> None:
    print("\nvalidation time (should grow linearly)")
    head = "format_version: 1\nactors: [{id: A, capability: 1}]\nissues: [{id: x}]\n"
    head += "positions: {A: {x: {position: 1, salience: 1}}}\nsources:\n"
    for n in (5_000, 10_000, 20_000) if quick else (10_000, 20_000, 40_000):
        text = head + "".join(f"  - {{id: s{k}}}\n" for k in range(n))
        start = time.perf_counter()
        parse(text, "s.yaml")
        print(f"  {n:>9,} sources: {time.perf_counter() - start:6.2f} s", flush=True)
    for rows in (25_000, 50_000, 100_000) if quick else (100_000, 200_000, 400_000):
        issues = rows // 100
        lines = ["actor,issue,capability,position,salience"]
        lines += [f"a{a},i{i},1,{(a + i) % 100},0.5" for i in range(issues) for a in range(100)]  # issue-major
        start = time.perf_counter()
        parse("\n".join(lines), "s.csv")
        print(f"  {rows:>9,} CSV rows (issue-major): {time.perf_counter() - start:6.2f} s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--confirm", action="store_true")
    ap.add_argument("--models", default=",".join(models.names()))
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--memory", type=float, default=4.0, help="GB")
    ap.add_argument("--parts", default="1,2,3")
    args = ap.parse_args()
    names = [m for m in args.models.split(",") if m]
    sizes = [(20, 5, 1), (60, 10, 1), (20, 5, 2000)] if args.quick else [(20, 5, 1), (60, 10, 1), (150, 10, 1),
                                                                           (20, 5, 2000), (50, 10, 10000)]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        if "1" in args.parts:
            part1(names, sizes, Path(tmp), timeout=60.0 if args.quick else 180.0)
        if "2" in args.parts:
            part2(names, args.seconds, args.memory * 1e9, args.confirm, Path(tmp))
    if "3" in args.parts:
        part3(args.quick)
    if "4" in args.parts:
        part4(names, args.seconds, args.memory * 1e9, 64, 16)


if __name__ == "__main__":
    main()
