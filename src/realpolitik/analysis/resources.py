"""How much memory and time a run will take, estimated before it starts, and what this machine allows.

The estimate runs the model on two small probes (the scenario's first 8 and first 16
actors on its first issues, with 2 and 32 draws of central values), separates the cost of
a call from the cost of a draw, fits the latter as a part that stays and one that grows
with the model's complexity in actors and issues (:data:`GROWTH`), and extrapolates to the
scenario's size, chunks and number of draws. A run's
memory is the working memory of the chunks in flight plus what the Result keeps for
every draw (forecasts and histories). Probing costs a small fraction of the run; a run
no bigger than the probe is not estimated at all.
"""

from __future__ import annotations

import math
import os
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np

from ..api import run
from ..errors import ParameterError, RealpolitikError
from ..scenario import Scenario
from .backends import cpu_count
from .montecarlo import MAX_DRAWS, default_chunk_size

# exponents of actors and issues in a model's work and working memory (time, memory); others: pairwise in actors
GROWTH: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "mean": ((1, 1), (1, 1)), "median": ((1, 1), (1, 1)), "status-quo": ((1, 1), (1, 1)),
    "nash": ((1, 1), (1, 1)), "procedural": ((1, 1), (1, 1)),
    "eum": ((2, 1), (2, 0)), "exchange": ((2, 1), (1, 1)), "smp": ((3, 1), (2.5, 0)),
}
DEFAULT_GROWTH = ((2.0, 1.0), (2.0, 1.0))
PROBE_ACTORS, PROBE_ISSUES, PROBE_DRAWS = (8, 16), 3, (2, 32)
SMALL = (32, 10, 32)  # actors, issues, draws: a run this small costs about what the probes would
KEPT_COPIES = 3  # per-draw results live three times at the peak of a Monte Carlo: chunks, merged, summarised
MEMORY_SHARE = 0.8  # a run may use this share of the machine's memory
MAX_SECONDS = 3600.0  # longer runs need --force
NOTE_SECONDS = 5.0  # runs estimated longer than this say so before they start


@dataclass(frozen=True)
class Estimate:
    """Expected peak memory (bytes) and time (seconds) of ``draws`` draws of ``model``."""

    model: str
    actors: int
    issues: int
    draws: int
    workers: int
    seconds: float
    peak_bytes: float
    per_draw_bytes: float  # kept in the Result for every draw
    working_bytes: float  # per worker, for one chunk

    def describe(self) -> str:
        return (f"{self.model} on {self.actors} actors × {self.issues} issues × {self.draws:,} draws: "
                f"about {duration(self.seconds)} and {size(self.peak_bytes)} of memory")

    def max_draws(self, memory: float) -> int:
        """The most draws whose Result and working memory fit in ``memory`` bytes."""
        room = memory - self.working_bytes * self.workers
        return max(0, int(room / self.per_draw_bytes)) if self.per_draw_bytes > 0 else self.draws


def machine_memory() -> float:
    """Bytes of physical memory on this machine (inf where it cannot be read)."""
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return math.inf


def estimate(sc: Scenario, model: str, draws: int, workers: int = 1, params: dict | None = None) -> Estimate | None:
    """The estimate for a run, or None for a run about as small as the probes themselves."""
    n, k = len(sc.actors), len(sc.issues)
    if n <= SMALL[0] and k <= SMALL[1] and draws <= SMALL[2]:
        return None
    fitted = fit(sc, model, params, draws=draws)
    return None if fitted is None else fitted.at(n, k, draws, workers)


@dataclass(frozen=True)
class Fit:
    """What the probes measured, ready to extrapolate to any size (:meth:`at`)."""

    model: str
    fixed: tuple[float, float]  # seconds and bytes of a call, whatever its draws
    small: tuple  # (actors, issues, seconds, working bytes, kept bytes) per draw
    large: tuple

    def at(self, n: int, k: int, draws: int, workers: int = 1) -> Estimate:
        """The estimate for ``draws`` draws of ``n`` actors × ``k`` issues."""
        (ta, tk), (ma, mk) = GROWTH.get(self.model, DEFAULT_GROWTH)
        seconds = _extrapolate(self.small, self.large, 0, ta, tk, n, k)
        working = _extrapolate(self.small, self.large, 1, ma, mk, n, k)
        per_draw = _extrapolate(self.small, self.large, 2, 1, 1, n, k) * (KEPT_COPIES if draws > 1 else 1)
        chunk = min(draws, default_chunk_size(n, k))
        calls = math.ceil(draws / chunk)
        parallel = max(1, min(workers, calls))
        call_bytes = self.fixed[1] + working * chunk
        return Estimate(self.model, n, k, draws, parallel, (self.fixed[0] * calls + seconds * draws) / parallel,
                        call_bytes * parallel + per_draw * draws, per_draw, call_bytes)


def fit(sc: Scenario, model: str, params: dict | None = None, draws: int = PROBE_DRAWS[1]) -> Fit | None:
    """Run the probes on a corner of ``sc``; None when a probe cannot run (the run itself will say why).

    For a run of one draw the probes run one draw each (no cost of a call to tell apart).
    """
    n, k = len(sc.actors), len(sc.issues)
    base = sc.arrays()
    corner = (min(n, PROBE_ACTORS[0]), min(k, PROBE_ISSUES))
    _probe(base, model, *corner, 1, params, traced=False)  # warm-up: first calls import and cache (untraced:
    # tracing allocations makes imports, such as that of a compiled kernel, several times slower)
    many = PROBE_DRAWS[1] if draws > 1 else 1
    small = _probe(base, model, *corner, many, params)
    large = small if n <= PROBE_ACTORS[0] else _probe(base, model, min(n, PROBE_ACTORS[1]), corner[1], many, params)
    few = _probe(base, model, *corner, PROBE_DRAWS[0], params) if many > 1 else None
    if small is None or large is None or (many > 1 and few is None):
        return None
    fixed = (0.0, 0.0)
    if few is not None:  # per call: a fixed cost plus draws times a per-draw cost; two draw counts tell them apart
        fixed = tuple(max(0.0, (few[i] * small[-1] - small[i] * few[-1]) / (small[-1] - few[-1])) for i in (2, 3))
    per_draw = [(*p[:2], *((p[i] - fixed[i - 2]) / p[-1] for i in (2, 3)), p[4] / p[-1]) for p in (small, large)]
    return Fit(model, fixed, per_draw[0], per_draw[1])


def _probe(base, model: str, n: int, k: int, draws: int, params: dict | None, traced: bool = True) -> tuple | None:
    """(actors, issues, seconds, peak bytes, kept bytes, draws) of one call of the model on a corner of the scenario."""
    probe = base.take_actors(np.arange(n)).take_issues(np.arange(k))
    keep = probe.present.any(axis=0)
    if not keep.any():
        return None
    probe = probe.take_issues(np.flatnonzero(keep)).repeat(draws)
    if traced:
        tracemalloc.start()
    try:
        start = time.perf_counter()
        result = run(model, probe, seed=0, params=params)
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    except RealpolitikError:
        return None
    finally:
        tracemalloc.stop()
    kept = result.forecast.nbytes + sum(v.nbytes for v in result.history.values())
    kept += sum(getattr(v, "nbytes", 0) for v in result.details.values())
    return probe.n_actors, probe.n_issues, seconds, peak, kept, draws


def _extrapolate(small, large, what: int, ea: float, ek: float, n: int, k: int) -> float:
    """Per draw: a + b·n^ea·k^ek, fitted to the two probes (a part that does not grow and one that does)."""
    def growth(probe) -> float:
        return probe[0] ** ea * probe[1] ** ek

    y1, y2 = small[2 + what], large[2 + what]
    if growth(large) > growth(small) and y2 > y1:
        b = (y2 - y1) / (growth(large) - growth(small))
        a = max(0.0, y1 - b * growth(small))
    else:
        a, b = 0.0, max(y1, y2, 0.0) / growth(large)
    return a + b * n**ea * k**ek


def check(est: Estimate, *, force: bool = False, memory: float | None = None) -> None:
    """ParameterError when the run would not fit this machine (more memory than it has, or over an hour)."""
    if force:
        return
    memory = MEMORY_SHARE * (machine_memory() if memory is None else memory)
    if est.peak_bytes > memory:
        fits = min(est.max_draws(memory), MAX_DRAWS)
        hint = f"at most {fits:,} draws fit" if 0 < fits < est.draws else "a smaller scenario is needed"
        raise ParameterError(f"this run needs about {size(est.peak_bytes)} of memory and this machine allows "
                             f"{size(memory)} ({est.describe()}); {hint}, or give --force to try anyway")
    if est.seconds > MAX_SECONDS:
        raise ParameterError(f"this run would take about {duration(est.seconds)} ({est.describe()}); "
                             f"give --force to run it anyway")


def cap_workers(workers: int) -> tuple[int, str | None]:
    """Workers limited to the CPUs available, with a note when the request was cut."""
    cpus = cpu_count()
    if workers > cpus:
        return cpus, f"--workers {workers} cut to {cpus}, the number of CPUs available"
    return workers, None


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s" if seconds >= 1 else "under a second"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def size(n_bytes: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f} {unit}"
    return f"{n_bytes / 1e3:.0f} kB"
