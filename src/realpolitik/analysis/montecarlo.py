"""Monte Carlo: every uncertain input sampled, the model run once per chunk of draws.

Draws are cut into chunks of a fixed size that depends on the scenario's shape, never
on the number of workers; chunk ``i`` takes its random numbers from child ``i`` of
``SeedSequence(seed)``. The same seed therefore gives the same numbers whether one
worker, several joblib workers or a Dask cluster ran the chunks.

The other analyses follow the same rule: a big stacked batch (leverage's perturbed
copies, Sobol samples) is cut into chunks of the same shape-dependent size, and each
chunk's model random numbers start from the run's seed; see :func:`forecast_batches`.

Several scenarios can be run on the same random numbers (common random numbers): an
input with the same path in two scenarios gets the same uniform in every draw, so a
what-if's difference is not drowned in sampling noise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .. import models
from ..errors import ParameterError
from ..models import compiled
from ..models.result import Outcome, Result
from ..models.runner import run
from ..rng import fresh_seed, seed_sequence
from ..scenario import Scenario, ScenarioArrays
from .backends import Progress, Scheduler, map_tasks
from .sampling import Sampler

# budget of (draw × actor × actor × issue) cells per chunk: pairwise models stay within memory
CELL_BUDGET = 4_000_000
MAX_CHUNK = 1000
MIN_CHUNK = 16
MAX_DRAWS = 10_000_000


def default_chunk_size(n_actors: int, n_issues: int) -> int:
    """Draws per chunk: at most 1000, fewer for big scenarios (a function of shape only)."""
    return int(np.clip(CELL_BUDGET // max(1, n_actors * n_actors * n_issues), MIN_CHUNK, MAX_CHUNK))


@dataclass(frozen=True)
class _Job:
    """What every chunk needs (picklable: arrays and plain values only)."""

    samplers: tuple[Sampler, ...]
    columns: tuple[tuple[int, ...], ...]  # for each sampler, its inputs' columns in the shared uniforms
    n_inputs: int
    model: str
    params: Mapping[str, Any]  # as given: every run validates them
    calls: int = 1  # model calls in the whole job (chunks × scenarios), for the choice of kernels


def _run_chunk(job: _Job, task: tuple[int, np.random.SeedSequence]) -> list[Outcome]:
    n, seq = task
    u = np.random.default_rng(seq).random((n, job.n_inputs))
    model_seed = np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, 0))
    out = []
    with compiled.batched(job.calls):
        for sampler, cols in zip(job.samplers, job.columns, strict=True):
            arrays = sampler.arrays(u[:, list(cols)])
            # every scenario gets the same model random numbers too
            out.append(run(job.model, arrays, params=job.params, rng=np.random.default_rng(model_seed)).outcome)
    return out


def paired_monte_carlo(scenarios: Sequence[Scenario], model: str, draws: int, *, seed: int | None = None,
                       params: Mapping[str, Any] | None = None, workers: int = 1, backend: str = "joblib",
                       scheduler: Scheduler = None, chunk_size: int | None = None,
                       progress: Progress | None = None) -> list[Result]:
    """Monte Carlo of ``model`` on each scenario, on common random numbers.

    Returns one Result per scenario with ``draws`` rows of forecasts; draw ``b`` of every
    scenario used the same uniforms for the inputs they share (matched by value path).
    Chunks run on ``backend`` with ``workers`` processes, or on the Dask cluster at
    ``scheduler`` (see :func:`realpolitik.analysis.backends.map_tasks`).
    """
    if not 1 <= draws <= MAX_DRAWS:
        raise ParameterError(f"draws must be from 1 to {MAX_DRAWS:,}, got {draws:,}")
    if chunk_size is not None and chunk_size < 1:
        raise ParameterError(f"chunk size must be >= 1, got {chunk_size}")
    spec = models.get(model)
    resolved = spec.resolve(params)
    seed = fresh_seed() if seed is None else seed
    samplers = tuple(Sampler(sc) for sc in scenarios)
    union: dict[str, int] = {}
    for s in samplers:
        for p in s.paths:
            union.setdefault(p, len(union))
    base = samplers[0].base
    size = chunk_size or default_chunk_size(base.n_actors, base.n_issues)
    sizes = [min(size, draws - start) for start in range(0, draws, size)]
    job = _Job(samplers, tuple(tuple(union[p] for p in s.paths) for s in samplers), len(union), spec.name,
               dict(params or {}), len(sizes) * len(samplers))
    children = seed_sequence(seed).spawn(len(sizes))
    if not union and draws > 1 and not spec.draws_random(resolved):  # every draw the same: solve it once
        once = [run(spec.name, s.base, params=job.params, rng=np.random.default_rng(children[0])).outcome
                for s in samplers]
        chunks = [[_repeated(o, draws) for o in once]]
        if progress is not None:
            progress(draws, draws)
    else:
        chunks = map_tasks(_run_chunk, list(zip(sizes, children, strict=True)), sizes, shared=job, workers=workers,
                           backend=backend, scheduler=scheduler, progress=progress,
                           label=f"{spec.name}: chunk of draws")
    results = []
    for i, s in enumerate(samplers):
        outcome = merge_outcomes([c[i] for c in chunks])
        if spec.describe is not None:  # said once about all draws, not once per chunk
            outcome = replace(outcome, notes=spec.describe(s.base.issue_ids, outcome.details, resolved))
        if not s.paths and draws > 1:
            outcome = replace(outcome, notes=(*outcome.notes, "the scenario has no uncertain inputs: every draw is "
                                                              "the same"))
        results.append(result_for(s.base, spec.name, resolved, seed, outcome))
    return results


def monte_carlo(scenario: Scenario, model: str, draws: int, **kwargs: Any) -> Result:
    """Monte Carlo of ``model`` on ``scenario`` (see :func:`paired_monte_carlo` for the options)."""
    return paired_monte_carlo([scenario], model, draws, **kwargs)[0]


def chunked_forecasts(model: str, arrays: ScenarioArrays, params: Mapping[str, Any] | None, seed: int,
                      **run_on: Any) -> np.ndarray:
    """``(B, K)`` forecasts of one big stacked batch (see :func:`forecast_batches`)."""
    return forecast_batches(model, [arrays], params, seed, **run_on)[0]


def forecast_batches(model: str, batches: Sequence[ScenarioArrays], params: Mapping[str, Any] | None, seed: int,
                     *, rules: bool = False, workers: int = 1, backend: str = "joblib", scheduler: Scheduler = None,
                     progress: Progress | None = None) -> list[np.ndarray]:
    """``(B_i, K)`` forecasts of each big stacked batch (finite differences, Sobol designs).

    Each batch is cut into chunks of :func:`default_chunk_size` draws (a function of the
    scenario's shape only) and every chunk's model random numbers start from ``seed``, so
    the forecasts do not depend on where the chunks run. The chunks of all batches go out
    as one set of tasks (on ``backend``/``scheduler``, see :func:`map_tasks`). ``rules``
    holds every forecast to the decision rules.
    """
    tasks, owner = [], []
    for i, arrays in enumerate(batches):
        size = default_chunk_size(arrays.n_actors, arrays.n_issues)
        for start in range(0, arrays.n_draws, size):
            tasks.append(arrays.take_draws(np.arange(start, min(start + size, arrays.n_draws))))
            owner.append(i)
    parts = map_tasks(_forecast_chunk, tasks, [t.n_draws for t in tasks],
                      shared=(model, params, seed, rules, len(tasks)), workers=workers, backend=backend,
                      scheduler=scheduler, progress=progress, label=f"{model}: chunk of variants")
    return [np.concatenate([p for p, o in zip(parts, owner, strict=True) if o == i]) for i in range(len(batches))]


def _forecast_chunk(spec: tuple[str, Mapping[str, Any] | None, int, bool, int], chunk: ScenarioArrays) -> np.ndarray:
    model, params, seed, rules, calls = spec
    with compiled.batched(calls):
        return run(model, chunk, params=params, rng=np.random.default_rng(seed_sequence(seed)), rules=rules).forecast


def _repeated(outcome: Outcome, draws: int) -> Outcome:
    """A one-draw outcome repeated ``draws`` times along the draw axis."""
    def rep(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {k: np.repeat(v, draws, axis=0) for k, v in arrays.items()}

    return Outcome(np.repeat(outcome.forecast, draws, axis=0), rep(outcome.history), rep(outcome.details),
                   outcome.notes)


def merge_outcomes(parts: Sequence[Outcome]) -> Outcome:
    """Chunks' outcomes stacked along the draw axis.

    A history or detail array is kept only when every chunk has it with the same shape
    beyond the draw axis (models that stop early may run different numbers of rounds).
    """
    def stack(name: str) -> dict[str, np.ndarray]:
        first = getattr(parts[0], name)
        keep = {}
        for key, arr in first.items():
            arrs = [getattr(p, name).get(key) for p in parts]
            if all(a is not None and a.shape[1:] == arr.shape[1:] for a in arrs):
                keep[key] = np.concatenate(arrs)
        return keep

    notes = tuple(dict.fromkeys(n for p in parts for n in p.notes))
    return Outcome(np.concatenate([p.forecast for p in parts]), stack("history"), stack("details"), notes)


def result_for(base: ScenarioArrays, model: str, params: Mapping[str, Any], seed: int | None,
               outcome: Outcome) -> Result:
    """A Result for an outcome computed on draws of the scenario whose central arrays are ``base``."""
    return Result(model=model, params=dict(params), seed=seed, actor_ids=base.actor_ids, issue_ids=base.issue_ids,
                  lower=base.lower, upper=base.upper, status_quo=np.asarray(base.status_quo[0], dtype=float),
                  outcome=outcome)
