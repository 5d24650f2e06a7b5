"""Predictive intervals: the uncertainty of the inputs plus the model's own error.

Intervals over Monte Carlo draws ("input intervals") show how much a forecast moves
when uncertain inputs move; they say nothing about how far models miss when the inputs
are right, which on EU legislation is most of the error. A predictive interval adds
that error, learned from backtest residuals (split-conformal style: Vovk, Gammerman &
Shafer 2005, *Algorithmic Learning in a Random World*, ch. 2; Lei et al. 2018, JASA
113(523), "Distribution-free predictive inference for regression", §2.2):

- a model's residuals on cases with known outcomes, y − f, are divided by each issue's
  spread (the range of the positions of the actors taking part, at least
  :data:`MIN_SPREAD` points of a 0–100 scale), since issues on which actors disagree
  more are missed by more; the calibration keeps quantiles of these ratios
  (:func:`calibrate`);
- a forecast's predictive distribution on an issue is the mixture, over its draws f_b,
  of f_b + e·spread for e from the calibration; its central 50% and 90% intervals
  (:func:`predictive_bounds`) are cut to the issue's scale.

The calibrations that ship with the package (``models/data/calibration.json``) come
from the DEU development part grouped by proposal; :func:`grouped_coverage` checks by
grouped cross-validation that the intervals cover what they claim.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ..errors import ParameterError

MIN_SPREAD = 1.0  # points of a 0–100 scale: issues where all actors agree still get some width
LEVELS = (0.5, 0.9)
GRID = 201  # quantiles kept per calibration (levels 0, 0.005, ..., 1)
CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """A model's residual ratios (residual / spread) as ``GRID`` quantiles, and where they come from."""

    model: str
    ratios: np.ndarray
    n: int
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "source": self.source, "ratio_quantiles": [round(float(r), 6) for r in self.ratios]}


def spread_of(positions: np.ndarray, present: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """``(..., K)`` the range of positions of the actors present, in points of a 0–100 scale (at least MIN_SPREAD).

    ``positions`` is ``(..., N, K)``, ``present`` broadcasts to it.
    """
    present = np.broadcast_to(present, positions.shape)
    hi = np.where(present, positions, -np.inf).max(axis=-2)
    lo = np.where(present, positions, np.inf).min(axis=-2)
    width = np.where(np.isfinite(hi - lo), hi - lo, 0.0) * 100.0 / (upper - lower)
    return np.maximum(width, MIN_SPREAD)


def scenario_spread(scenario: Any) -> np.ndarray:
    """``(K,)`` the spread of each issue of a scenario at its central values (see :func:`spread_of`)."""
    arr = scenario.arrays()
    return spread_of(arr.position[0], arr.present, arr.lower, arr.upper)


def residual_ratios(outcomes: np.ndarray, forecasts: np.ndarray, spreads: np.ndarray) -> np.ndarray:
    """(y − f) / max(spread, MIN_SPREAD), everything in points of a 0–100 scale."""
    return (np.asarray(outcomes, float) - np.asarray(forecasts, float)) / np.maximum(spreads, MIN_SPREAD)


def calibrate(model: str, outcomes: np.ndarray, forecasts: np.ndarray, spreads: np.ndarray,
              source: str = "") -> Calibration:
    """The calibration of a model from its forecasts of issues with known outcomes."""
    ratios = residual_ratios(outcomes, forecasts, spreads)
    return Calibration(model, np.quantile(ratios, np.linspace(0, 1, GRID)), int(ratios.size), source)


def predictive_bounds(draws: np.ndarray, spread: np.ndarray, calibration: Calibration, level: float,
                      lower: float | np.ndarray = 0.0, upper: float | np.ndarray = 100.0) -> tuple[np.ndarray, ...]:
    """The central ``level`` predictive interval per issue, cut to ``[lower, upper]``.

    ``draws`` is ``(B, K)`` forecasts on the issue's own scale, ``spread`` ``(K,)`` or
    ``(B, K)`` in points of a 0–100 scale; ``lower``/``upper`` the scale per issue. The
    predictive distribution is the equal mixture over draws b and calibration quantiles
    e of f_b + e·spread·(upper − lower)/100.
    """
    draws = np.atleast_2d(np.asarray(draws, float))
    lower = np.broadcast_to(np.asarray(lower, float), draws.shape[1:])
    upper = np.broadcast_to(np.asarray(upper, float), draws.shape[1:])
    width = np.broadcast_to(np.asarray(spread, float), draws.shape) * (upper - lower) / 100.0
    samples = draws[:, None, :] + calibration.ratios[None, :, None] * width[:, None, :]
    samples = samples.reshape(-1, draws.shape[1])
    tail = (1.0 - level) / 2.0
    lo, hi = np.nanquantile(samples, [tail, 1.0 - tail], axis=0)
    return np.clip(lo, lower, upper), np.clip(hi, lower, upper)


@cache
def _shipped() -> dict[str, Any]:
    text = resources.files("realpolitik.models").joinpath("data", CALIBRATION_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def shipped_calibration(model: str) -> Calibration:
    """The calibration that ships with the package for ``model`` (with default parameters).

    ParameterError naming the calibrated models when there is none.
    """
    data = _shipped()
    entry = data["models"].get(model)
    if entry is None:
        known = ", ".join(data["models"])
        raise ParameterError(f"no predictive calibration for model '{model}' (calibrated: {known})")
    return Calibration(model, np.asarray(entry["ratio_quantiles"], float), int(entry["n"]), data["source"])


def intervals(result: Any, spread: np.ndarray, calibration: Calibration | None = None,
              levels: Sequence[float] = LEVELS) -> list[dict[str, Any]]:
    """Labelled predictive intervals of a Result, one row per issue.

    ``spread`` is ``(K,)`` (see :func:`spread_of`). Each row: ``issue``, ``forecast``,
    ``interval`` (the word ``predictive``) and ``predictive_50_low`` …
    ``predictive_90_high``. The parameters must be the model's defaults, which is what
    the shipped calibration was made with; a ParameterError says so otherwise.
    """
    from .. import models

    if calibration is None:
        defaults = models.get(result.model).resolve()
        if dict(result.params) != defaults:
            raise ParameterError(f"predictive intervals are calibrated for model '{result.model}' with its "
                                 f"default parameters only")
        calibration = shipped_calibration(result.model)
    point = result.point()
    rows = [{"issue": issue, "forecast": float(point[k]), "interval": "predictive"}
            for k, issue in enumerate(result.issue_ids)]
    for level in levels:
        lo, hi = predictive_bounds(result.forecast, spread, calibration, level, result.lower, result.upper)
        pct = round(level * 100)
        for k, row in enumerate(rows):
            row[f"predictive_{pct}_low"] = float(lo[k])
            row[f"predictive_{pct}_high"] = float(hi[k])
    return rows


def grouped_coverage(outcomes: np.ndarray, forecasts: np.ndarray, spreads: np.ndarray, folds: list[np.ndarray],
                     levels: Sequence[float] = LEVELS) -> dict[float, float]:
    """Cross-validated coverage: each fold's intervals come from a calibration on the other folds.

    Returns, per level, the share of outcomes inside their interval (ends included),
    everything in points of a 0–100 scale.
    """
    y, f, s = (np.asarray(a, float) for a in (outcomes, forecasts, spreads))
    inside = {level: np.zeros(y.size, bool) for level in levels}
    every = np.arange(y.size)
    for test in folds:
        train = np.setdiff1d(every, test)
        cal = calibrate("fold", y[train], f[train], s[train])
        for level in levels:
            lo, hi = predictive_bounds(f[test][None], s[test], cal, level)
            inside[level][test] = (lo <= y[test]) & (y[test] <= hi)
    return {level: float(inside[level].mean()) for level in levels}
