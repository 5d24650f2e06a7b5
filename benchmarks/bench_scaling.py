"""Scaling on a Dask cluster: the DEU backtest with every model, and EUM draws of a 50-actor case.

Each measurement runs on a fresh local Dask cluster of 1, 2 and 4 worker processes (one
thread each), reached the way a remote cluster is (``scheduler=`` a client of it), and
once in this process without Dask for reference. Printed: seconds, speed-up over one
worker, and whether the numbers equal the one-process run (they must, whatever the
number of workers). Cluster start-up is not timed; connecting, the version check and
sending the work are. The workers run with the C library's adaptive memory thresholds
(see :func:`realpolitik.analysis.backends.local_cluster`); ``--dask-defaults`` keeps Dask's
``MALLOC_TRIM_THRESHOLD_=65536`` instead, to show what it costs.

Run: python benchmarks/bench_scaling.py [--draws 100000] [--workers 1,2,4] [--deu DIR]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from realpolitik import models
from realpolitik.analysis.backends import close_clients, local_cluster
from realpolitik.analysis.backtest import backtest
from realpolitik.analysis.cases import load_cases
from realpolitik.analysis.montecarlo import default_chunk_size, monte_carlo
from realpolitik.scenario import Actor, Issue, Scenario, Stance, Uncertain

DEU = Path(__file__).resolve().parents[2] / "shared" / "data" / "deu"


def fifty_actors(n: int = 50, seed: int = 0) -> Scenario:
    """``n`` actors on one issue with a status quo; every input uncertain."""
    rng = np.random.default_rng(seed)
    actors = tuple(Actor(f"a{i}", f"a{i}", Uncertain(float(c), sd=float(c) / 5))
                   for i, c in enumerate(rng.uniform(5, 100, n)))
    issues = (Issue("i0", "i0", status_quo=Uncertain(50.0, sd=5.0)),)
    stances = tuple(Stance(f"a{i}", "i0", Uncertain(float(rng.uniform(0, 100)), sd=8.0),
                           Uncertain(float(s), low=float(s) * 0.8, high=min(1.0, float(s) * 1.2)))
                    for i in range(n) for s in [rng.uniform(0.1, 1.0)])
    return Scenario(actors=actors, issues=issues, stances=stances, salience_scale=1.0)


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    out = work()
    return time.perf_counter() - start, out


DASK_DEFAULTS = False


def on_workers(n: int, work) -> tuple[float, object]:
    """``work(client)`` timed on a fresh local cluster of ``n`` single-thread worker processes."""
    if DASK_DEFAULTS:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster, set_as_default=False) as client:
            client.wait_for_workers(n)
            try:
                return timed(lambda: work(client))
            finally:
                close_clients()
    from distributed import Client

    with local_cluster(n) as cluster, Client(cluster, set_as_default=False) as client:
        client.wait_for_workers(n)
        try:
            return timed(lambda: work(client))
        finally:
            close_clients()


def table(title: str, rows: list[tuple[str, float, bool]]) -> None:
    one = next((t for label, t, _ in rows if label == "1 worker"), None)
    first = "one process" if rows[0][0] == "this process" else f"the {rows[0][0]} run"
    print(f"\n{title}", flush=True)
    print(f"{'run on':<16}{'seconds':>10}{'speed-up':>10}  same numbers as {first}")
    for label, seconds, same in rows:
        speed = f"{one / seconds:.2f}" if one else "–"
        print(f"{label:<16}{seconds:>10.1f}{speed:>10}  {'yes' if same else 'NO'}", flush=True)


def compare_runs(work, same, workers: list[int], in_process: bool) -> list[tuple[str, float, bool]]:
    """Rows of :func:`table`: ``work(scheduler)`` in this process (``scheduler`` None) and on
    each cluster; ``same(a, b)`` compares with the one-process result (with the first
    cluster's when ``in_process`` is False)."""
    rows, reference = [], None
    if in_process:
        seconds, reference = timed(lambda: work(None))
        rows.append(("this process", seconds, True))
    for n in workers:
        seconds, res = on_workers(n, work)
        reference = res if reference is None else reference
        rows.append((f"{n} worker{'s' if n > 1 else ''}", seconds, same(res, reference)))
    return rows


def bench_deu(folder: Path, workers: list[int], in_process: bool) -> None:
    cases = load_cases(folder)
    names = list(models.names())
    rows = compare_runs(lambda c: backtest(cases, names, seed=1, n_boot=200, scheduler=c),
                        lambda a, b: a.to_dict() == b.to_dict(), workers, in_process)
    table(f"DEU backtest: {len(cases.cases)} cases × {len(names)} models ({', '.join(names)})", rows)


def bench_eum(draws: int, workers: list[int], in_process: bool) -> None:
    sc = fifty_actors()
    rows = compare_runs(lambda c: monte_carlo(sc, "eum", draws, seed=1, scheduler=c),
                        lambda a, b: bool(np.array_equal(a.forecast, b.forecast, equal_nan=True)), workers, in_process)
    chunks = -(-draws // default_chunk_size(50, 1))
    table(f"EUM: {draws:,} draws of 50 actors × 1 issue ({chunks} chunks)", rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=100_000, help="EUM draws (default 100,000)")
    ap.add_argument("--workers", default="1,2,4", help="worker counts, comma-separated (default 1,2,4)")
    ap.add_argument("--deu", type=Path, default=DEU, help="the DEU folder (default ../shared/data/deu)")
    ap.add_argument("--skip", choices=("deu", "eum", "process"), action="append", default=[],
                    help="leave a part out ('process': the run in this process; results are then "
                         "compared with the first cluster's)")
    ap.add_argument("--dask-defaults", action="store_true",
                    help="workers with Dask's default MALLOC_TRIM_THRESHOLD_ (slower; for comparison)")
    args = ap.parse_args()
    global DASK_DEFAULTS
    DASK_DEFAULTS = args.dask_defaults
    workers = [int(w) for w in args.workers.split(",")]
    print(f"{os.cpu_count()} CPU cores; load average {os.getloadavg()[0]:.1f} at the start")
    if "deu" not in args.skip:
        if args.deu.is_dir():
            bench_deu(args.deu, workers, "process" not in args.skip)
        else:
            print(f"\nDEU backtest left out: {args.deu} not found")
    if "eum" not in args.skip:
        bench_eum(args.draws, workers, "process" not in args.skip)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
