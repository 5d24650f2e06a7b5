"""Predictive intervals: calibration, mixing with draws, and coverage on constructed cases."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik import load, models
from realpolitik.analysis.crossval import grouped_folds
from realpolitik.analysis.predictive import (
    GRID,
    Calibration,
    calibrate,
    grouped_coverage,
    intervals,
    predictive_bounds,
    scenario_spread,
    shipped_calibration,
    spread_of,
)
from realpolitik.errors import ParameterError
from realpolitik.models.runner import solve
from tests.conftest import ROOT, make_scenario


def uniform_calibration(low: float, high: float) -> Calibration:
    return Calibration("test", np.linspace(low, high, GRID), GRID)


def test_bounds_by_hand_for_a_single_draw():
    # ratios uniform on [−1, 1], spread 20 points: the central 50% is f ± 10, the 90% f ± 18, cut to the scale
    cal = uniform_calibration(-1, 1)
    lo, hi = predictive_bounds(np.array([[50.0, 95.0]]), np.array([20.0, 20.0]), cal, 0.5)
    assert lo == pytest.approx([40, 85]) and hi == pytest.approx([60, 100])
    lo, hi = predictive_bounds(np.array([[50.0]]), np.array([20.0]), cal, 0.9)
    assert (lo[0], hi[0]) == pytest.approx((32, 68))


def test_bounds_follow_the_issue_scale():
    # a 0–10 scale: 20 points of spread are 2 units
    lo, hi = predictive_bounds(np.array([[5.0]]), np.array([20.0]), uniform_calibration(-1, 1), 0.5, 0.0, 10.0)
    assert (lo[0], hi[0]) == pytest.approx((4, 6))


def test_draws_widen_the_predictive_interval():
    # two draws 40 and 60, zero model error: the mixture is the two points, its 90% interval spans them
    cal = uniform_calibration(0, 0)
    lo, hi = predictive_bounds(np.array([[40.0], [60.0]]), np.array([10.0]), cal, 0.9)
    assert (lo[0], hi[0]) == pytest.approx((40, 60))  # half the mixture sits at each draw
    wide = predictive_bounds(np.array([[40.0], [60.0]]), np.array([10.0]), uniform_calibration(-1, 1), 0.9)
    assert wide[0][0] < lo[0] and wide[1][0] > hi[0]


def test_spread_is_the_range_of_positions_with_a_floor():
    pos = np.array([[10.0, 50.0], [30.0, 50.0], [np.nan, 50.0]])
    present = np.array([[True, True], [True, True], [False, True]])
    assert spread_of(pos, present, np.zeros(2), np.full(2, 100.0)) == pytest.approx([20, 1])


def test_coverage_on_a_constructed_case_is_the_nominal_level():
    # residuals are exactly spread × ratio with ratios uniform: calibrated on other folds, coverage ≈ level
    rng = np.random.default_rng(0)
    n = 4000
    f = rng.uniform(20, 80, n)
    s = rng.uniform(5, 40, n)
    y = f + s * rng.uniform(-0.5, 0.5, n)
    folds = grouped_folds([f"p{i // 4}" for i in range(n)], 5, 0)
    cov = grouped_coverage(y, f, s, folds)
    assert cov[0.5] == pytest.approx(0.5, abs=0.03) and cov[0.9] == pytest.approx(0.9, abs=0.03)


def test_coverage_counts_by_hand():
    y = np.array([0.0, 10.0, 0.0, 10.0])
    f = np.array([5.0, 5.0, 5.0, 5.0])
    s = np.array([5.0, 5.0, 5.0, 5.0])
    folds = [np.array([0, 1]), np.array([2, 3])]
    # residual ratios are −1 and +1 in each fold, kept as quantiles of {−1, 1} (linear in between): the other
    # fold's 50% interval is 5 ± 0.5·5 and its 90% interval 5 ± 0.9·5, both missing the outcomes 0 and 10
    cov = grouped_coverage(y, f, s, folds)
    assert cov == {0.5: 0.0, 0.9: 0.0}
    cov = grouped_coverage(y, f, s, folds, levels=(1.0,))  # the full range of ratios covers both ends
    assert cov == {1.0: 1.0}


def test_calibrate_keeps_quantiles_of_the_ratios():
    cal = calibrate("m", np.array([0.0, 10.0, 20.0]), np.array([10.0, 10.0, 10.0]), np.array([10.0, 10.0, 10.0]))
    assert cal.n == 3 and cal.ratios[0] == -1 and cal.ratios[-1] == 1 and cal.ratios[GRID // 2] == 0


def test_every_registered_model_ships_a_calibration():
    for name in models.names():
        cal = shipped_calibration(name)
        assert cal.ratios.shape == (GRID,) and np.all(np.diff(cal.ratios) >= 0) and cal.n >= 100


def test_intervals_are_labelled_and_nested():
    sc = load(ROOT / "examples" / "korea-2019.yaml")
    rows = intervals(solve(sc, "mean"), scenario_spread(sc))
    assert [r["issue"] for r in rows] == list(sc.issue_ids)
    for r in rows:
        assert r["interval"] == "predictive"
        assert (r["predictive_90_low"] <= r["predictive_50_low"] <= r["forecast"] <= r["predictive_50_high"]
                <= r["predictive_90_high"])


def test_intervals_refuse_parameters_the_calibration_was_not_made_with():
    sc = make_scenario([[10], [90]], [[1], [1]], [1, 1], status_quo=[50])
    with pytest.raises(ParameterError, match="default parameters"):
        intervals(solve(sc, "nash", p=1), np.array([80.0]))
