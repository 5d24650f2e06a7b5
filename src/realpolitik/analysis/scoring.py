"""Scores of forecasts against outcomes: error summaries, bootstrap intervals, coverage.

Errors are absolute differences between forecast and outcome, in points of the issue's
scale rescaled to 0–100 (DEU issues are on 0–100 already). Intervals are percentile
bootstrap intervals over issues (Efron & Tibshirani 1993, *An Introduction to the
Bootstrap*, ch. 13); a paired comparison resamples the issues both models scored, so
that the difference of two models' mean errors carries its own uncertainty.
"""

from __future__ import annotations

import numpy as np

WITHIN = 10.0  # points: the "within" share counts errors of at most this size
LEVEL = 0.95
SCORES = ("mae", "mae_low", "mae_high", "median", "rmse", "within_10")


def bootstrap_means(values: np.ndarray, rng: np.random.Generator, n_boot: int) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``."""
    values = np.asarray(values, dtype=float)
    idx = rng.integers(0, len(values), size=(n_boot, len(values)))
    return values[idx].mean(axis=1)


def percentile_interval(samples: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """The central ``level`` interval of bootstrap ``samples``."""
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(samples, [tail, 1.0 - tail])
    return float(low), float(high)


def error_summary(errors: np.ndarray, rng: np.random.Generator, n_boot: int) -> dict[str, float]:
    """Issues scored, MAE with its bootstrap interval, median error, RMSE, share within 10 points."""
    e = np.abs(np.asarray(errors, dtype=float))
    low, high = percentile_interval(bootstrap_means(e, rng, n_boot))
    return {
        "n": int(e.size),
        "mae": float(e.mean()),
        "mae_low": low,
        "mae_high": high,
        "median": float(np.median(e)),
        "rmse": float(np.sqrt(np.mean(e**2))),
        "within_10": float(np.mean(e <= WITHIN)),
    }


def paired_comparison(errors_a: np.ndarray, errors_b: np.ndarray, rng: np.random.Generator,
                      n_boot: int) -> dict[str, float]:
    """MAE of A minus MAE of B on the same issues, its bootstrap interval and how often A is ahead.

    ``a_better`` is the share of resamples in which A's mean error is the smaller.
    """
    diff = np.abs(np.asarray(errors_a, dtype=float)) - np.abs(np.asarray(errors_b, dtype=float))
    samples = bootstrap_means(diff, rng, n_boot)
    low, high = percentile_interval(samples)
    return {"n": int(diff.size), "difference": float(diff.mean()), "low": low, "high": high,
            "a_better": float(np.mean(samples < 0))}


def coverage(outcomes: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    """Share of outcomes inside their forecast interval ``[low, high]`` (ends included)."""
    y = np.asarray(outcomes, dtype=float)
    return float(np.mean((np.asarray(low) <= y) & (y <= np.asarray(high))))
