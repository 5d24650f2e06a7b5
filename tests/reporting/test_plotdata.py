"""Plot data: hand-computed actor maps, intervals, trajectories, scaled marks and rule bindings."""

from __future__ import annotations

import numpy as np
import pytest

import realpolitik as rp
from realpolitik.analysis.montecarlo import monte_carlo
from realpolitik.models.result import Outcome, Result
from realpolitik.reporting.plotdata import actor_maps, marks, pivot_bars, rule_bindings, scaled_marks, trajectories
from tests.conftest import ROOT, make_scenario

HARBOUR = ROOT / "tests" / "fixtures" / "harbour.yaml"


def _result(forecast, history=None, details=None, lower=0.0, upper=100.0, status_quo=(np.nan, np.nan)):
    f = np.asarray(forecast, dtype=float)
    return Result("fake", {}, 1, ("a0", "a1"), ("i0", "i1"), np.full(2, lower), np.full(2, upper),
                  np.asarray(status_quo, dtype=float), Outcome(f, history or {}, details or {}))


def test_actor_map_sizes_actors_by_capability_times_salience():
    sc = rp.load(HARBOUR)
    quota = actor_maps(sc, [rp.forecast(sc, "mean", seed=1)["mean"]])[0]
    assert (quota.issue, quota.lower, quota.upper, quota.status_quo) == ("quota", 0, 100, 50)
    assert quota.upper_means == "quota doubled"
    weights = {a.actor: a.weight for a in quota.actors}
    assert weights == pytest.approx({"east": 36 / 67, "west": 27 / 67, "north": 4 / 67})
    (mean,) = quota.forecasts
    assert mean.point == pytest.approx((50 * 36 + 90 * 27 + 40 * 4) / 67)
    assert mean.low is None


def test_forecasts_with_draws_carry_a_90_percent_interval():
    sc = rp.load(HARBOUR)  # north's salience on quota is uncertain
    result = monte_carlo(sc, "mean", 200, seed=4)
    quota, closure = marks(result)
    assert quota.low < quota.point < quota.high
    q = np.quantile(result.forecast[:, 0], [0.05, 0.95])
    assert (quota.low, quota.high) == pytest.approx(tuple(q))
    assert closure.low == closure.high == closure.point  # nothing uncertain on the closure


def test_scaled_marks_are_percentages_of_each_scale():
    res = _result([[5.0, 2.5]], lower=0.0, upper=10.0, status_quo=(10.0, np.nan))
    first, second = scaled_marks(res)
    assert (first.point, first.status_quo) == (50.0, 100.0)
    assert (second.point, second.status_quo) == (25.0, None)


def test_trajectories_take_the_median_over_draws_and_leave_out_absent_actors():
    forecast = np.array([[[0, 10], [1, 11]], [[2, 12], [3, 13]]], dtype=float)  # (B=2, R=2, K=2)
    position = np.full((2, 2, 2, 2), np.nan)
    position[:, :, 0, :] = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
    res = _result([[1, 11], [3, 13]], history={"forecast": forecast, "position": position})
    first, second = trajectories(res)
    assert first.forecast == (1.0, 2.0)
    assert second.forecast == (11.0, 12.0)
    assert first.positions == {"a0": (3.0, 5.0)}
    assert first.has_forecast
    assert not trajectories(_result([[1, 11]], history={"position": position[:1]}))[0].has_forecast
    assert trajectories(_result([[1, 2]])) == []


def test_rule_bindings_report_shares_of_draws_and_binding_vetoes():
    veto = np.zeros((4, 2, 2), bool)
    veto[:3, 1, 0] = True
    details = {"rule_bound": np.array([[1, 0], [1, 0], [1, 0], [0, 0]], bool), "veto_bound": veto,
               "quota_bound": np.zeros((4, 2), bool), "winset_lower": np.full((4, 2), 10.0),
               "winset_upper": np.full((4, 2), 30.0)}
    first, second = rule_bindings([_result(np.zeros((4, 2)), details=details), _result([[0, 0]])])
    assert (first.issue, first.bound, first.quota, first.vetoes, first.winset) == ("i0", 0.75, 0.0, {"a1": 0.75},
                                                                                   (10.0, 30.0))
    assert (second.bound, second.vetoes) == (0.0, {})


def test_maps_leave_out_models_without_the_issue():
    sc = make_scenario([[10, 20], [80, 90], [50, 40]], [[1, 1], [0.5, 0.5], [1, 1]], [1, 2, 3])
    maps = actor_maps(sc, [rp.forecast(sc, "median", seed=1)["median"]])
    assert [m.forecasts[0].model for m in maps] == ["median", "median"]
    assert [a.actor for a in maps[0].actors] == ["a0", "a1", "a2"]


def test_pivot_bars_keep_cells_with_an_outside_option():
    rows = [{"actor": "a", "issue": "x", "outside": 0.5, "pivot": 2.0, "pivot_q05": 1.0, "pivot_q95": 3.0},
            {"actor": "b", "issue": "x", "outside": None, "pivot": 0.0, "pivot_q05": 0.0, "pivot_q95": 0.0},
            {"actor": "c", "issue": "x", "outside": None, "pivot": None, "pivot_q05": None, "pivot_q95": None}]
    (bar,) = pivot_bars(rows)
    assert (bar.actor, bar.value, bar.low, bar.high) == ("a", 2.0, 1.0, 3.0)


def test_end_labels_never_overlap_and_merge_equal_ends():
    from realpolitik.reporting.plotdata import Trajectory, spread

    t = Trajectory("eum", "x", 0.0, 100.0, (50.0, 60.0),
                   {"A": (10.0, 90.0), "B": (20.0, 90.0), "C": (30.0, 88.0), "D": (0.0, 5.0), "E": (5.0, 0.0)})
    labels = t.end_labels()
    assert [text for text, _, _ in labels] == ["E", "D", "C", "A, B"]
    heights = [h for _, _, h in labels]
    assert all(b - a >= 6 - 1e-9 for a, b in zip(heights, heights[1:], strict=False))
    assert all(0 <= h <= 100 for h in heights)
    assert spread([40.0, 70.0], 6, 0, 100) == [40.0, 70.0]  # far apart: left where they are
    assert spread([50.0, 50.0, 50.0], 6, 0, 100) == [44.0, 50.0, 56.0]  # centred on their value
