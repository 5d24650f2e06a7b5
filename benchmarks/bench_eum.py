"""Speed of the expected-utility model: rounds per second by number of actors, and Monte Carlo.

Run: ``python benchmarks/bench_eum.py [--quick] [--draws B] [--numpy-draws C]``. Prints, for
10, 50, 200 and 1,000 actors on one issue, the seconds of one round (best of a few) under
both presets for the NumPy kernel and the compiled one, the scaling exponent fitted over
50–1,000 actors, and how far the compiled kernel is from an arithmetic floor: the O(n²)
work per round that the formulas cannot avoid (about 4 exponentials or logarithms and 25
multiply/add/compare operations per ordered pair of actors) timed at the throughput NumPy
reaches on this machine for exp and for a multiply-add on arrays that fit in cache. Then
the compiled kernel's start in a fresh process, cold (empty Numba cache, as after an
install: everything is compiled) and warm (cached); a Monte Carlo batch of B draws × 10
rounds × 50 actors with the compiled kernel (default B = 10,000, the goal's size) and C
draws with the NumPy one (default 1,000, scaled to 10,000); and the sultan scenario end to
end on the command line. Times are CPU seconds (best of a few), so that other work on a
shared machine does not count.
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

from realpolitik import run
from realpolitik.models import compiled, eum_compiled, get
from realpolitik.models.eum import _games, _keep_heap, play_round
from realpolitik.models.eum_params import settings
from realpolitik.models.params import resolve
from realpolitik.scenario import ScenarioArrays

TRANSCENDENTAL_PER_PAIR = 4  # log/exp for U^s, U^f and a vote with a risk exponent
ARITHMETIC_PER_PAIR = 25  # expected utilities both ways, votes, offer tests


def generated(n: int, draws: int = 1, seed: int = 0) -> ScenarioArrays:
    """One issue, ``n`` actors, ``draws`` independent draws of positions, saliences and capabilities."""
    rng = np.random.default_rng(seed)
    return ScenarioArrays(
        actor_ids=tuple(f"A{i}" for i in range(n)), issue_ids=("I0",),
        position=rng.uniform(0, 100, (draws, n, 1)), salience=rng.uniform(0.1, 1, (draws, n, 1)),
        capability=rng.uniform(1, 10, (draws, n, 1)), present=np.ones((n, 1), bool),
        status_quo=np.full((draws, 1), np.nan), lower=np.zeros(1), upper=np.full(1, 100.0),
        outside_value=np.full((draws, n, 1), np.nan), outside_credibility=np.zeros((draws, n, 1)),
    )


def best_of(fn, repeat: int, clock=time.process_time) -> float:
    """Best of ``repeat`` calls, in CPU seconds of this process by default (the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        t = clock()
        fn()
        best = min(best, clock() - t)
    return best


def round_seconds(n: int, preset: str, repeat: int) -> tuple[float, float]:
    """CPU seconds of one round of one game of ``n`` actors: NumPy kernel, compiled kernel."""
    st = settings(resolve("eum", get("eum").params, {"preset": preset, "max_rounds": 1, "tol": 0.0}))
    z, w, s, ew, present, _, _ = _games(generated(n))
    _keep_heap()  # as the kernel does before its rounds
    numpy_sec = best_of(lambda: play_round(z, w, s, ew, present, st), repeat)
    eum_compiled.play(z, w, s, ew, present, st, 0.0)  # compiled or loaded from the cache before timing
    return numpy_sec, best_of(lambda: eum_compiled.play(z, w, s, ew, present, st, 0.0), repeat)


def child_cpu(code: str, env: dict[str, str]) -> float:
    """CPU seconds (user + system) of a fresh Python process running ``code``."""
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, **env})
    usage = os.wait4(proc.pid, 0)[2]
    return usage.ru_utime + usage.ru_stime


def cold_and_warm_start() -> tuple[float, float]:
    """CPU seconds of a process running the compiled kernel on 10 draws × 50 actors: with an empty
    Numba cache (every function compiled, as on the first run after an install), then cached."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})\n"
            "from bench_eum import generated\n"
            "from realpolitik import run\n"
            "run('eum', generated(50, draws=10))\n")
    with tempfile.TemporaryDirectory() as cache:
        env = {"NUMBA_CACHE_DIR": cache, compiled.SWITCH: "1"}
        cold = child_cpu(code, env)
        warm = min(child_cpu(code, env) for _ in range(3))
    return cold, warm


def monte_carlo(preset: str, draws: int, path: str) -> tuple[float, float]:
    """CPU seconds of ``draws`` draws × ≤10 rounds × 50 actors with one kernel, and the mean rounds played."""
    arr = generated(50, draws=draws)
    params = {"preset": preset, "max_rounds": 10, "tol": 0.0}
    previous = os.environ.get(compiled.SWITCH)
    os.environ[compiled.SWITCH] = "1" if path == "compiled" else "0"
    try:
        run("eum", arr.take_draws(np.arange(min(draws, 500))), params=params)  # warm: Numba loaded
        cpu = best_of(lambda: run("eum", arr, params=params), 2 if draws <= 10_000 else 1)
        rounds = run("eum", arr.take_draws(np.arange(min(draws, 50))), params=params).details["rounds"].mean()
    finally:
        if previous is None:
            os.environ.pop(compiled.SWITCH)
        else:
            os.environ[compiled.SWITCH] = previous
    return cpu, rounds


def numpy_throughput() -> tuple[float, float]:
    """Elements per second of NumPy's exp and of a multiply-add, on 2^16-element arrays (in cache)."""
    a, b, c = (np.random.default_rng(1).uniform(0.1, 1, 1 << 16) for _ in range(3))
    out = np.empty_like(a)
    reps = 200

    def expo():
        for _ in range(reps):
            np.exp(a, out=out)

    def fma():
        for _ in range(reps):
            np.multiply(a, b, out=out)
            np.add(out, c, out=out)

    return reps * a.size / best_of(expo, 3), 2 * reps * a.size / best_of(fma, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no 1,000-actor case")
    parser.add_argument("--draws", type=int, default=10_000, help="Monte Carlo draws, compiled kernel (default 10000)")
    parser.add_argument("--numpy-draws", type=int, default=1000, help="Monte Carlo draws, NumPy kernel (default 1000)")
    args = parser.parse_args()
    if not compiled.enabled():
        sys.exit("the compiled kernel is switched off (REALPOLITIK_COMPILED=0) or Numba is missing")
    sizes = (10, 50, 200) if args.quick else (10, 50, 200, 1000)
    exp_rate, flop_rate = numpy_throughput()
    print(f"NumPy on this machine: exp {exp_rate / 1e6:.0f} M/s, multiply/add {flop_rate / 1e6:.0f} M/s")
    print(f"{'actors':>7} {'preset':>11} {'NumPy s/round':>14} {'compiled s/round':>17} {'rounds/s':>10} "
          f"{'floor s':>10} {'× floor':>8} {'speed-up':>9}")
    times: dict[str, list[float]] = {"scholz2011": [], "textbook": []}
    for n in sizes:
        floor = n * n * (TRANSCENDENTAL_PER_PAIR / exp_rate + ARITHMETIC_PER_PAIR / flop_rate)
        for preset in times:
            plain, sec = round_seconds(n, preset, 2 if n >= 1000 or args.quick else 5)
            times[preset].append(sec)
            print(f"{n:>7} {preset:>11} {plain:>14.2e} {sec:>17.2e} {1 / sec:>10.1f} {floor:>10.2e} "
                  f"{sec / floor:>8.1f} {plain / sec:>9.1f}")
    big = [i for i, n in enumerate(sizes) if n >= 50]
    for preset, secs in times.items():
        slope = np.polyfit(np.log([sizes[i] for i in big]), np.log([secs[i] for i in big]), 1)[0]
        print(f"scaling, compiled ({preset}, {sizes[big[0]]}–{sizes[-1]} actors): time ∝ n^{slope:.2f}")
    cold, warm = cold_and_warm_start()
    print(f"compiled kernel in a fresh process (10 draws × 50 actors, start included): cold (empty Numba cache, "
          f"everything compiled) {cold:.1f} s CPU, warm (cached) {warm:.2f} s CPU")
    per_pair = TRANSCENDENTAL_PER_PAIR / exp_rate + ARITHMETIC_PER_PAIR / flop_rate
    floor = 10_000 * 10 * 50 * 50 * per_pair
    print(f"arithmetic floor for 10,000 draws × 10 rounds × 50 actors: {floor:.1f} s")
    for preset in times:
        plain, _ = monte_carlo(preset, args.numpy_draws, "numpy")
        cpu, rounds = monte_carlo(preset, args.draws, "compiled")
        scale = 10_000 / args.draws
        print(f"Monte Carlo {args.draws} draws × ≤10 rounds × 50 actors ({preset}, compiled): {cpu:.2f} s CPU "
              f"(mean rounds played {rounds:.1f}); NumPy kernel {plain:.2f} s for {args.numpy_draws} draws "
              f"(≈ {plain * 10_000 / args.numpy_draws:.1f} s for 10,000)")
        if preset == "scholz2011":
            full = cpu * scale
            measured = "" if args.draws == 10_000 else f" (scaled from {args.draws} draws)"
            print(f"goal: 10,000 draws × 10 rounds × 50 actors {full:.2f} s CPU{measured} (target 3 s: "
                  f"{'met' if full < 3 else 'missed'}), {full / floor:.2f}× the floor (target 1.5×: "
                  f"{'met' if full <= 1.5 * floor else 'missed'})")
    sultan_end_to_end()


def sultan_end_to_end() -> None:
    """The 17-actor sultan scenario through the command line, CPU seconds of the whole process."""
    sultan = Path(__file__).resolve().parents[2] / "shared" / "data" / "bdm" / "sultan.csv"
    if not sultan.exists():
        print(f"{sultan} not found: sultan skipped")
        return
    best = float("inf")
    for _ in range(3):
        proc = subprocess.Popen(["realpolitik", "forecast", str(sultan), "-m", "eum", "--no-store"],
                                stdout=subprocess.DEVNULL)
        usage = os.wait4(proc.pid, 0)[2]
        best = min(best, usage.ru_utime + usage.ru_stime)
    print(f"goal: sultan (17 actors, 10 rounds) end to end {best:.2f} s CPU (target: 1,000× faster than the Scholz "
          f"replication's 10 rounds, which is not run here)")


if __name__ == "__main__":
    main()
