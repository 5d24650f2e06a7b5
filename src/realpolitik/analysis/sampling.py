"""Sampling a scenario's uncertain inputs into one batch of ScenarioArrays.

Each uncertain input (``Scenario.uncertain_values()``) is drawn through its quantile
function from a uniform number in (0, 1): an ``sd`` gives a normal truncated to the
value's admissible interval (``Scenario.value_bounds``), a range gives a uniform. Going
through uniforms lets the same random numbers drive several scenarios (common random
numbers for what-ifs) and lets a Sobol design drive the inputs (sensitivity).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario import Scenario, ScenarioArrays, Uncertain, ValuePath
from .normal import cdf as ndtr
from .normal import quantile as ndtri

# keeps uniforms off 0 and 1, where the normal quantile is infinite
_EDGE = 1e-12


@dataclass(frozen=True)
class Target:
    """Where a sampled input lands: an array of ScenarioArrays and the cells it fills."""

    array: str  # "position", "salience", "capability", "outside_value", "outside_credibility", "status_quo"
    cells: tuple[tuple[int, ...], ...]  # (actor, issue) pairs, or (issue,) for the status quo
    divisor: float = 1.0  # the salience scale for saliences


def quantile(value: Uncertain, bounds: tuple[float, float], u: np.ndarray, positive: bool = False) -> np.ndarray:
    """The input's value at uniform quantiles ``u``.

    ``sd``: normal(value, sd) truncated to ``bounds``; range: uniform on [low, high]
    (clipped to ``bounds``). ``positive`` keeps the result strictly above 0 (capabilities).
    """
    lo, hi = bounds
    u = np.clip(np.asarray(u, dtype=float), _EDGE, 1 - _EDGE)
    if value.low is not None:
        x = value.low + u * (value.high - value.low)
    elif value.sd:
        a, b = (lo - value.value) / value.sd, (hi - value.value) / value.sd
        if a > 0:  # the whole interval lies in the upper tail: work with the mirror image for precision
            pa, pb = ndtr(-a), ndtr(-b)
            x = value.value - value.sd * ndtri(pa - u * (pa - pb))
        else:
            pa, pb = ndtr(a), ndtr(b)
            x = value.value + value.sd * ndtri(pa + u * (pb - pa))
    else:
        x = np.full_like(u, value.value)
    x = np.clip(x, lo, hi)
    if positive:
        x = np.maximum(x, np.finfo(float).tiny)
    return x


class Sampler:
    """Maps a matrix of uniforms ``(B, P)`` to a batch of ScenarioArrays of ``sc``.

    ``paths`` lists the P uncertain inputs in the scenario's stable order. An actor-level
    capability fills every issue of the actor whose stance has no capability of its own.
    """

    def __init__(self, sc: Scenario):
        self.base = sc.arrays()
        uncertain = sc.uncertain_values()
        self.paths: tuple[str, ...] = tuple(str(p) for p, _ in uncertain)
        self.values: tuple[Uncertain, ...] = tuple(v for _, v in uncertain)
        self.bounds = tuple(sc.value_bounds(p) for p, _ in uncertain)
        self.positive = tuple(p.field == "capability" for p, _ in uncertain)
        self.targets = tuple(_target(sc, p) for p, _ in uncertain)

    @property
    def n_inputs(self) -> int:
        return len(self.paths)

    def inputs(self, u: np.ndarray) -> np.ndarray:
        """``(B, P)`` input values (on the scenario's own scales) at uniforms ``u``."""
        u = np.atleast_2d(u)
        cols = [quantile(v, b, u[:, j], pos) for j, (v, b, pos) in
                enumerate(zip(self.values, self.bounds, self.positive, strict=True))]
        return np.stack(cols, axis=1) if cols else np.zeros((u.shape[0], 0))

    def arrays(self, u: np.ndarray) -> ScenarioArrays:
        """The batch of ``len(u)`` draws whose uncertain inputs sit at uniforms ``u``."""
        values = self.inputs(u)
        b = values.shape[0]
        batch = self.base.repeat(b)
        out = {name: getattr(batch, name).copy() for name in
               ("position", "salience", "capability", "outside_value", "outside_credibility", "status_quo")}
        for j, t in enumerate(self.targets):
            col = values[:, j] / t.divisor
            for cell in t.cells:
                out[t.array][(slice(None), *cell)] = col
        return batch.with_(**out)

    def draw(self, n: int, rng: np.random.Generator) -> ScenarioArrays:
        """``n`` independent draws."""
        return self.arrays(rng.random((n, self.n_inputs)))


def _target(sc: Scenario, p: ValuePath) -> Target:
    a_idx = {a: i for i, a in enumerate(sc.actor_ids)}
    i_idx = {x: j for j, x in enumerate(sc.issue_ids)}
    if p.field == "status_quo":
        return Target("status_quo", ((i_idx[p.issue],),))
    if p.issue is None:  # actor-level capability
        cells = tuple((a_idx[s.actor], i_idx[s.issue]) for s in sc.stances
                      if s.actor == p.actor and s.capability is None)
        return Target("capability", cells)
    cell = ((a_idx[p.actor], i_idx[p.issue]),)
    if p.field == "salience":
        return Target("salience", cell, float(sc.salience_scale))
    array = {"outside": "outside_value", "credibility": "outside_credibility"}.get(p.field, p.field)
    return Target(array, cell)
