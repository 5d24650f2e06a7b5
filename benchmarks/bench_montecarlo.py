"""Monte Carlo throughput (draws × rounds per second) of every registered model.

Scenarios: the Korea example and generated ones of 50 actors × 5 issues and 200 actors ×
10 issues (every position, salience, capability and status quo uncertain), each with 1 and
2 workers. Then the expected-utility model at 10,000 draws × 10 rounds × 50 actors on one
issue, next to what its pairwise arithmetic alone would take on this machine.

Slow models get fewer draws (each measurement is kept near ``BUDGET_S`` seconds); a
2-worker figure is shown only when the draws span more than one chunk (chunks have a
fixed size, so fewer draws cannot be shared out). Run: python benchmarks/bench_montecarlo.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from realpolitik import models
from realpolitik.analysis.montecarlo import default_chunk_size, monte_carlo
from realpolitik.errors import ModelNotApplicable
from realpolitik.scenario import Actor, Issue, Scenario, Stance, Uncertain, load

BUDGET_S = 10.0  # seconds per measurement at most: fewer draws for slow models
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "korea-2019.yaml"


def generated(n: int, k: int, seed: int = 0) -> Scenario:
    """``n`` actors × ``k`` issues, every input uncertain."""
    rng = np.random.default_rng(seed)
    actors = tuple(Actor(f"a{i}", f"a{i}", Uncertain(float(c), sd=float(c) / 5))
                   for i, c in enumerate(rng.uniform(5, 100, n)))
    issues = tuple(Issue(f"i{j}", f"i{j}", status_quo=Uncertain(float(q), sd=5.0))
                   for j, q in enumerate(rng.uniform(20, 80, k)))
    stances = tuple(Stance(f"a{i}", f"i{j}", Uncertain(float(rng.uniform(0, 100)), sd=8.0),
                           Uncertain(float(s), low=float(s) * 0.8, high=min(1.0, float(s) * 1.2)))
                    for i in range(n) for j in range(k) for s in [rng.uniform(0.1, 1.0)])
    return Scenario(actors=actors, issues=issues, stances=stances, salience_scale=1.0)


def rounds_of(result) -> float:
    """Rounds played per draw: the model's own count, its history's length, or 1."""
    if "rounds" in result.details:
        return float(np.mean(result.details["rounds"].max(axis=-1)))
    series = result.history.get("forecast")
    return float(series.shape[1]) if series is not None else 1.0


def measure(sc: Scenario, model: str, draws: int, workers: int, **params) -> tuple[float, float]:
    """(seconds, rounds per draw) of one Monte Carlo run."""
    start = time.perf_counter()
    r = monte_carlo(sc, model, draws, seed=1, workers=workers, params=params)
    return time.perf_counter() - start, rounds_of(r)


def pass_seconds_per_cell(cells: int = 25_000_000) -> float:
    """Measured seconds per cell of one elementwise numpy pass (a multiply-add) on this machine."""
    a, b = np.random.default_rng(0).random(cells), np.random.default_rng(1).random(cells)
    out = np.empty_like(a)
    best = np.inf
    for _ in range(3):
        t = time.perf_counter()
        np.multiply(a, b, out=out)
        out += a
        best = min(best, time.perf_counter() - t)
    return best / cells


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer draws (a smoke run)")
    args = ap.parse_args()
    scale = 0.1 if args.quick else 1.0
    cases = []
    if EXAMPLE.exists():
        cases.append(("korea-2019", load(EXAMPLE), 2000))
    cases += [("50x5", generated(50, 5), 500), ("200x10", generated(200, 10, seed=1), 40)]
    print(f"cores: {os.cpu_count()}; models: {', '.join(models.names())}")
    print(f"{'scenario':<12}{'model':<12}{'draws':>7}{'rounds':>8}{'s (1 w)':>10}{'s (2 w)':>10}"
          f"{'draw·rounds/s (1 w)':>21}{'(2 w)':>10}")
    monte_carlo(cases[-1][1], "mean", 64, seed=0, workers=2, chunk_size=16)  # start the worker pool
    for label, sc, draws in cases:
        for name in models.names():
            try:
                probe, _ = measure(sc, name, 2, 1)
                n = max(2, min(int(draws * scale), int(BUDGET_S * 2 / max(probe, 1e-9))))
                t1, rounds = measure(sc, name, n, 1)
                # with a single chunk there is nothing to share out: the 2-worker run would repeat the first
                one_chunk = n <= default_chunk_size(sc.arrays().n_actors, len(sc.issues))
                t2 = float("nan") if one_chunk else measure(sc, name, n, 2)[0]
            except ModelNotApplicable:
                print(f"{label:<12}{name:<12}  not applicable")
                continue
            except Exception as exc:  # a model still being written must not stop the benchmark
                print(f"{label:<12}{name:<12}  failed: {type(exc).__name__}: {str(exc)[:70]}")
                continue
            print(f"{label:<12}{name:<12}{n:>7}{rounds:>8.1f}{t1:>10.2f}{t2:>10.2f}"
                  f"{n * rounds / t1:>21.0f}{n * rounds / t2:>10.0f}", flush=True)

    if "eum" in models.names():
        draws, n = max(100, int(10_000 * scale)), 50
        sc = generated(n, 1, seed=2)
        for workers in (1, 2):
            t, rounds = measure(sc, "eum", draws, workers, max_rounds=10, tol=0.0)
            print(f"eum, {draws} draws × {rounds:.1f} rounds × {n} actors × 1 issue, {workers} worker(s): {t:.2f} s")
        per_cell = pass_seconds_per_cell()
        cells = draws * 10 * n * n
        print(f"arithmetic alone: {cells:.2e} pair cells (draws × rounds × actors²); one elementwise pass costs "
              f"{per_cell * 1e9:.2f} ns per cell here, so each pass over the pairs takes {cells * per_cell:.2f} s "
              f"on one core; 20 passes per round (votes, probabilities, expected utilities, offers) "
              f"{20 * cells * per_cell:.1f} s on one core, {10 * cells * per_cell:.1f} s on two")


if __name__ == "__main__":
    main()
