"""Speed of the exchange model: the goals, CoP21, generated scenarios, growth with actors and issues.

Run: ``python benchmarks/bench_exchange.py [--quick]``. First the two speed goals next to
their targets: 1,000 Monte Carlo draws of the Korea example (``--quick``: 100 draws,
scaled to 1,000) and one CoP21 run of the model alone; the Decide tool's own CoP21 run
takes about 40 CPU seconds here. Then seconds per run (best of a few) and exchanges
realised, for CoP21 under both presets, generated scenarios and growth. CoP21 is read
from ``../shared/data/decide/`` (CoP21 and the 60 × 10 synthetic file) when they are there.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import realpolitik as rp
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


def goals(quick: bool) -> None:
    """The speed goals: 1,000 draws of the Korea example under 2 s; CoP21 (model only) under 0.05 s."""
    from realpolitik.analysis.montecarlo import monte_carlo

    draws = 100 if quick else 1000
    c0 = time.process_time()
    monte_carlo(rp.load(EXAMPLE), "exchange", draws, seed=1)
    cpu = (time.process_time() - c0) * 1000 / draws
    print(f"goal: Korea example, 1,000 draws {cpu:8.2f} s CPU{' (from 100)' if quick else ''}   target 2 s")
    if (DECIDE / "cop21.csv").exists():
        arr = rp.load(DECIDE / "cop21.csv").arrays()
        _, cpu, _ = timed(arr, 10, 3)
        print(f"goal: CoP21, 10 rounds, model only {cpu:8.3f} s CPU   target 0.05 s   "
              f"Decide tool {DECIDE_TOOL_COP21_S:.0f} s ({DECIDE_TOOL_COP21_S / cpu:.0f}× ours)")
        _, cpu, count = timed(arr, 10, 1, preset="decide")
        print(f"      CoP21, 10 rounds, preset=decide {cpu:8.3f} s CPU ({count} exchanges)")


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
    parser.add_argument("--quick", action="store_true", help="skip the 200 x 20 run and the largest scaling steps")
    quick = parser.parse_args().quick
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
