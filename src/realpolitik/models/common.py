"""Array helpers shared by the model kernels."""

from __future__ import annotations

import numpy as np

from ..scenario.arrays import ScenarioArrays


def effective_weight(arr: ScenarioArrays) -> np.ndarray:
    """Capability × salience per ``(B, N, K)``, 0 where absent.

    Where every present actor has salience 0 on an issue (possible in Monte Carlo
    draws), capability alone is used, so that the weights never all vanish.
    """
    w = arr.weight
    total = w.sum(axis=1, keepdims=True)
    fallback = np.where(arr.present[None], arr.capability, 0.0)
    return np.where(total > 0, w, fallback)


def weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Σ w·x / Σ w over the actor axis (axis -2); ``x`` may hold NaN where ``w`` is 0."""
    return (np.where(w > 0, x, 0.0) * w).sum(axis=-2) / w.sum(axis=-2)


def weighted_median(x: np.ndarray, w: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Weighted median over the actor axis (axis -2).

    The smallest position at which the cumulative weight, in ascending order of
    position, reaches half the total (to a relative tolerance ``tol``, so that the
    answer does not flip with rounding when all weights are rescaled). When the
    cumulative weight equals exactly half at some position, that lower position is
    the median (the lower weighted median). Actors with weight 0 never count.
    """
    key = np.where(w > 0, x, np.inf)
    order = np.argsort(key, axis=-2, kind="stable")
    xs = np.take_along_axis(key, order, axis=-2)
    cw = np.cumsum(np.take_along_axis(w, order, axis=-2), axis=-2)
    total = cw[..., -1:, :]
    idx = np.argmax(cw >= total * (0.5 - tol), axis=-2)
    return np.take_along_axis(xs, idx[..., None, :], axis=-2)[..., 0, :]


def position_range(arr: ScenarioArrays) -> tuple[np.ndarray, np.ndarray]:
    """``(B, K)`` minimum and maximum position over the actors present."""
    lo = np.where(arr.present[None], arr.position, np.inf).min(axis=1)
    hi = np.where(arr.present[None], arr.position, -np.inf).max(axis=1)
    return lo, hi


def breakdown_cost(arr: ScenarioArrays, cost: float) -> np.ndarray:
    """``(K,)`` a cost of no agreement given in % of the scale, in points of each issue's scale."""
    return cost * (arr.upper - arr.lower) / 100.0
