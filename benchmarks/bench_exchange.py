"""Speed of the exchange model: the goals, CoP21, generated scenarios, growth with actors and issues.

Run: ``python benchmarks/bench_exchange.py [--quick]``. First the speed goals next to their
targets: 1,000 Monte Carlo draws of the Korea example under 2 s and one CoP21 run of the
model alone (10 rounds) under 0.05 s, then the 60 × 10 synthetic Decide file (1 and 10
rounds). Each is timed three ways: *warm* (compiled code loaded, best of a few runs in this
process), *first call* (a new process whose Numba cache on disk is filled: Numba's import
and loading the compiled code count) and *cold* (a new process with an empty Numba cache,
as after an install: compiling counts), and for comparison with the NumPy implementation
(``REALPOLITIK_COMPILED=0``, warm). The Decide tool's own CoP21 run takes about 40 CPU
seconds here. Then seconds per run (best of a few) and exchanges realised, for CoP21 under
both presets, generated scenarios and growth. Decide's files are read from
``../shared/data/decide/`` when they are there. All times are CPU seconds of one process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import realpolitik as rp
from realpolitik.models import compiled
from realpolitik.scenario import ScenarioArrays

DECIDE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "decide"


def generated(n: int, k: int, seed: int = 0) -> ScenarioArrays:
    """A random scenario: every actor on every issue, Decide-like values."""
    rng = np.random.default_rng(seed)
    base = ScenarioArrays(
        actor_ids=tuple(f"A{i}" for i in range(n)), issue_ids=tuple(f"I{j}" for j in range(k)),
        position=np.round(rng.uniform(0, 100, (1, n, k)) / 10) * 10,
        salience=np.round(rng.uniform(0.1, 1, (1, n, k)), 2),
        capability=np.repeat(np.round(rng.uniform(0.05, 1, (1, n, 1)), 2), k, axis=2),
        present=np.ones((n, k), bool), status_quo=np.full((1, k), np.nan),
        lower=np.zeros(k), upper=np.full(k, 100.0),
        outside_value=np.full((1, n, k), np.nan), outside_credibility=np.zeros((1, n, k)),
    )
    return base


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "korea-2019.yaml"
DECIDE_TOOL_COP21_S = 40.0  # the Decide tool's CoP21 run, CPU seconds on this kind of machine
# Each goal: label, the statement that runs it once (``rp`` and ``monte_carlo`` imported, ``arr`` loaded by
# ``setup``), the setup, the target in CPU seconds (None: no target), and how many warm runs to take the best of.
SETUP_EXAMPLE = f"sc = rp.load({str(EXAMPLE)!r})"
GOALS = (
    ("Korea example, 1,000 draws", "monte_carlo(sc, 'exchange', 1000, seed=1)", SETUP_EXAMPLE, 2.0, 3),
    ("CoP21, 10 rounds, model only", "rp.run('exchange', arr, params={'rounds': 10})",
     f"arr = rp.load({str(DECIDE / 'cop21.csv')!r}).arrays()", 0.05, 5),
    ("Decide synthetic 60 x 10, 1 round", "rp.run('exchange', arr, params={'rounds': 1})",
     f"arr = rp.load({str(DECIDE / 'synthetic_60x10_seed42.csv')!r}).arrays()", None, 3),
    ("Decide synthetic 60 x 10, 10 rounds", "rp.run('exchange', arr, params={'rounds': 10})",
     f"arr = rp.load({str(DECIDE / 'synthetic_60x10_seed42.csv')!r}).arrays()", None, 3),
)
FRESH = """
import time
c0 = time.process_time()
import realpolitik as rp
from realpolitik.analysis.montecarlo import monte_carlo
{setup}
c1 = time.process_time()
{statement}
print(time.process_time() - c1, c1 - c0)
"""


def in_new_process(statement: str, setup: str, cache: str | None) -> float:
    """CPU seconds of the first ``statement`` in a new process (imports and ``setup`` not counted);
    ``cache``: the Numba cache folder to use (an empty one for a cold start), or the usual one."""
    env = dict(os.environ)
    if cache is not None:
        env["NUMBA_CACHE_DIR"] = cache
    out = subprocess.run([sys.executable, "-c", FRESH.format(setup=setup, statement=statement)], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0])


def warm(statement: str, setup: str, repeat: int) -> float:
    """Best CPU seconds of ``statement`` over ``repeat`` runs in this process, after one run to warm up."""
    from realpolitik.analysis.montecarlo import monte_carlo

    scope = {"rp": rp, "monte_carlo": monte_carlo}
    exec(setup, scope)
    exec(statement, scope)
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        exec(statement, scope)
        best = min(best, time.process_time() - c0)
    return best


def goals(quick: bool) -> None:
    """Each goal warm, at the first call of a process, cold, and with the NumPy implementation."""
    print(f"{'goal (CPU seconds)':<38} {'warm':>8} {'target':>7} {'met':>4} {'first call':>11} {'cold':>8} "
          f"{'NumPy':>8}")
    for label, statement, setup, target, repeat in GOALS:
        if "shared" in setup and not DECIDE.exists():
            print(f"{label}: {DECIDE} not found, skipped")
            continue
        fast = warm(statement, setup, 1 if quick else repeat)
        first = in_new_process(statement, setup, None)
        with tempfile.TemporaryDirectory() as empty:
            cold = in_new_process(statement, setup, empty)
        os.environ[compiled.SWITCH] = "0"
        try:
            slow = warm(statement, setup, 1)
        finally:
            del os.environ[compiled.SWITCH]
        met = "" if target is None else ("yes" if fast < target else "no")
        goal = "" if target is None else f"{target:g}"
        print(f"{label:<38} {fast:8.3f} {goal:>7} {met:>4} {first:11.3f} {cold:8.3f} {slow:8.3f}")
    if DECIDE.exists():
        arr = rp.load(DECIDE / "cop21.csv").arrays()
        _, cpu, _ = timed(arr, 10, 3)
        print(f"CoP21: the Decide tool {DECIDE_TOOL_COP21_S:.0f} s, {DECIDE_TOOL_COP21_S / cpu:.0f}× ours (warm)")
        _, cpu, count = timed(arr, 10, 1, preset="decide")
        print(f"CoP21, 10 rounds, preset=decide {cpu:8.3f} s CPU ({count} exchanges)")
    print()


def timed(arr: ScenarioArrays, rounds: int, repeat: int, preset: str = "stokman1994") -> tuple[float, float, int]:
    """Best wall and CPU seconds over ``repeat`` runs, and the number of exchanges realised."""
    best_wall = best_cpu = float("inf")
    count = 0
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        r = rp.run("exchange", arr, params={"rounds": rounds, "preset": preset})
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
        count = len(r.outcome.extra["exchanges"])
    return best_wall, best_cpu, count


def line(label: str, arr: ScenarioArrays, rounds: int, repeat: int) -> None:
    wall, cpu, count = timed(arr, rounds, repeat)
    print(f"{label:<28} {arr.n_actors:>4} x {arr.n_issues:<3} {rounds:>3} rounds  "
          f"{wall:8.3f} s wall  {cpu:8.3f} s CPU  {count:>7} exchanges")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one warm run per goal; skip the 200 x 20 run and "
                        "the largest scaling steps")
    quick = parser.parse_args().quick
    # the compiled figures time the compiled kernels: by default a small run stays on NumPy (compiled.sized)
    os.environ.setdefault(compiled.SWITCH, "1")
    goals(quick)
    for label, name, rounds in (("CoP21", "cop21.csv", 10), ("Decide synthetic", "synthetic_60x10_seed42.csv", 1),
                                ("Decide synthetic", "synthetic_60x10_seed42.csv", 10)):
        if (DECIDE / name).exists():
            line(label, rp.load(DECIDE / name).arrays(), rounds, 3)
        else:
            print(f"{label}: {DECIDE / name} not found, skipped")
    line("generated", generated(60, 10), 1, 3)
    line("generated", generated(60, 10), 10, 1)
    if not quick:
        line("generated", generated(200, 20), 1, 1)
        line("generated", generated(200, 20), 20, 1)
    print("\ngrowth with actors (10 issues, 1 round)")
    for n in (15, 30, 60, 120) + (() if quick else (240,)):
        line("actors", generated(n, 10), 1, 3)
    print("\ngrowth with issues (30 actors, 1 round)")
    for k in (5, 10, 20, 40) + (() if quick else (80,)):
        line("issues", generated(30, k), 1, 3)


if __name__ == "__main__":
    main()
