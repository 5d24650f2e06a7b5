"""Shocks: how stable is each forecast when saliences wobble and actors walk away?

Following Bueno de Mesquita's practice of re-running a forecast under random
perturbations to judge its robustness (Bueno de Mesquita 1997, "A decision making
model: its structure and form", *International Interactions* 23; Bueno de Mesquita
2011, "A new model for predicting policy choices", *Conflict Management and Peace
Science* 28(1)), each shock multiplies every salience by an independent factor drawn
uniformly from [1 − a, 1 + a] and drops each actor with probability p (never leaving an
issue without actors). The central scenario is shocked ``repetitions`` times; a forecast
is *stable* to the extent that shocked forecasts stay within a tolerance of the baseline.

The shocks are all drawn first from the seed; the shocked copies are then grouped by who
dropped out, and each group is one task (``workers``, ``backend``, ``scheduler``) whose
model random numbers come from child *g* of the seed's ``SeedSequence`` (group *g* in
the sorted order of drop-out patterns), so the result does not depend on where groups run.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ParameterError
from ..models.runner import run
from ..rng import fresh_seed, make_rng, seed_sequence
from ..scenario import Scenario, ScenarioArrays
from .backends import map_tasks

MAX_REDRAWS = 1000


def _check(name: str, value: float, lo: float, hi: float) -> None:
    if not lo <= value <= hi:
        raise ParameterError(f"{name} must lie in [{lo:g}, {hi:g}], got {value:g}")


def drop_masks(present: np.ndarray, repetitions: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """``(R, N)`` bool: True where the actor drops out; redrawn until every issue keeps an actor."""
    n = present.shape[0]
    drop = rng.random((repetitions, n)) < p
    for _ in range(MAX_REDRAWS):
        bad = ~((~drop).astype(int) @ present.astype(int) > 0).all(axis=1)
        if not bad.any():
            return drop
        drop[bad] = rng.random((int(bad.sum()), n)) < p
    raise ParameterError(f"drop-out probability {p:g} leaves some issue without actors too often")


def shocked_forecasts(sc: Scenario, model: str, *, repetitions: int = 500, salience_noise: float = 0.2,
                      drop_probability: float = 0.1, seed: int | None = None,
                      params: Mapping[str, Any] | None = None, **run_on: Any) -> np.ndarray:
    """``(R, K)`` forecasts of the central scenario under ``repetitions`` random shocks
    (``run_on``: where the groups run: ``workers``, ``backend``, ``scheduler``, ``progress``)."""
    if repetitions < 1:
        raise ParameterError(f"repetitions must be >= 1, got {repetitions}")
    _check("salience noise", salience_noise, 0.0, 1.0)
    _check("drop-out probability", drop_probability, 0.0, 0.9)
    seed = fresh_seed() if seed is None else seed
    rng = make_rng(seed)
    base = sc.arrays().repeat(repetitions)
    factor = rng.uniform(1 - salience_noise, 1 + salience_noise, base.salience.shape)
    shocked = base.with_(salience=base.salience * factor)
    drop = drop_masks(base.present, repetitions, drop_probability, rng)
    patterns, group = np.unique(drop, axis=0, return_inverse=True)
    children = seed_sequence(seed).spawn(len(patterns))
    rows = [np.flatnonzero(group.reshape(-1) == g) for g in range(len(patterns))]
    tasks = [(shocked.take_draws(r).take_actors(np.flatnonzero(~p)), child)
             for r, p, child in zip(rows, patterns, children, strict=True)]
    parts = map_tasks(_run_group, tasks, [len(r) for r in rows], shared=(model, params),
                      label=f"{model}: group of shocks", **run_on)
    out = np.full((repetitions, base.n_issues), np.nan)
    for r, f in zip(rows, parts, strict=True):
        out[r] = f
    return out


def _run_group(spec: tuple[str, Mapping[str, Any] | None],
               task: tuple[ScenarioArrays, np.random.SeedSequence]) -> np.ndarray:
    model, params = spec
    arrays, child = task
    return run(model, arrays, params=params, rng=np.random.default_rng(child)).forecast


def shocks(sc: Scenario, model: str, *, tolerance: float = 0.05, seed: int | None = None,
           params: Mapping[str, Any] | None = None, **shock: Any):
    """One row per issue: baseline, median and 90% range of the shocked forecasts, mean
    absolute shift, and ``stable``: the share of shocks within ``tolerance`` × the issue's
    scale width of the baseline. ``shock``: the other arguments of :func:`shocked_forecasts`."""
    import pandas as pd

    _check("tolerance", tolerance, 0.0, 1.0)
    seed = fresh_seed() if seed is None else seed
    baseline = run(model, sc.arrays(), params=params, seed=seed).forecast[0]
    f = shocked_forecasts(sc, model, seed=seed, params=params, **shock)
    width = np.array([i.upper - i.lower for i in sc.issues])
    shift = np.abs(f - baseline)
    q = np.nanquantile(f, [0.05, 0.5, 0.95], axis=0)
    return pd.DataFrame({
        "model": model, "issue": list(sc.issue_ids), "baseline": baseline, "median": q[1], "q05": q[0],
        "q95": q[2], "mean_shift": np.nanmean(shift, axis=0),
        "stable": np.mean(shift <= tolerance * width, axis=0), "repetitions": f.shape[0],
    })
