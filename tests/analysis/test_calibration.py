"""Calibration: the 90% Monte Carlo interval covers the truth about 90% of the time.

Design: a true scenario has positions x*; the analyst observes x* plus noise of a known
size and states that size as the input's uncertainty. With the compromise (weighted
mean) model and fixed weights the forecast is linear in the positions, so with positions
far from the scale's ends (no truncation) the interval from sampling around the
observation covers the true forecast with probability exactly 90%. A sampler that used
the wrong spread, ignored an input, or shifted the draws would miss the band below.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from realpolitik.analysis.montecarlo import monte_carlo
from realpolitik.models.runner import run
from realpolitik.scenario import Uncertain
from tests.conftest import make_scenario

TRIALS = 150
DRAWS = 400


def _coverage(noise: str, seed: int, stated: float = 1.0) -> float:
    """Coverage when the scenario states ``stated`` × the true noise size."""
    rng = np.random.default_rng(seed)
    hits = []
    for _ in range(TRIALS):
        x_true = rng.uniform(35, 65, (4, 3))
        sal, cap = rng.uniform(0.2, 1, (4, 3)), rng.uniform(1, 5, 4)
        truth = run("mean", make_scenario(x_true, sal, cap).arrays()).forecast[0]
        if noise == "sd":
            x_obs = x_true + rng.normal(0, 4, x_true.shape)
            spec = lambda v: Uncertain(v, sd=4.0 * stated)  # noqa: E731
        else:
            x_obs = x_true + rng.uniform(-6, 6, x_true.shape)
            spec = lambda v: Uncertain(v, low=v - 6 * stated, high=v + 6 * stated)  # noqa: E731
        sc = make_scenario(x_obs, sal, cap)
        sc = sc.replace(stances=tuple(dataclasses.replace(s, position=spec(s.position.value)) for s in sc.stances))
        f = monte_carlo(sc, "mean", DRAWS, seed=int(rng.integers(2**31))).forecast
        lo, hi = np.quantile(f, [0.05, 0.95], axis=0)
        hits.extend((lo <= truth) & (truth <= hi))
    return float(np.mean(hits))


@pytest.mark.parametrize("noise", ["sd", "range"])
def test_ninety_percent_intervals_cover_the_truth_about_ninety_percent_of_the_time(noise):
    # 450 interval checks per kind: binomial sd of the coverage about 0.014 (dependence
    # within a scenario widens it a little); the band is roughly ±4 sd.
    coverage = _coverage(noise, seed=2024)
    assert 0.85 <= coverage <= 0.95, coverage


def test_understated_noise_is_caught():
    # the same check with the noise stated at half its size: the intervals are too narrow
    assert _coverage("sd", seed=2024, stated=0.5) < 0.75
