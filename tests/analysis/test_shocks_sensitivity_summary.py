"""Shocks, Sobol sensitivity and the Monte Carlo summaries."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from realpolitik.analysis.montecarlo import monte_carlo
from realpolitik.analysis.sensitivity import sobol_indices
from realpolitik.analysis.shocks import drop_masks, shocked_forecasts, shocks
from realpolitik.analysis.summary import parse_threshold, summarize
from realpolitik.errors import ParameterError
from tests.analysis.uncertain import noisy_random_scenario, with_uncertainty
from tests.conftest import make_scenario


def _four():
    return make_scenario([[10, 20], [40, 80], [70, 50], [90, 30]], [[1, 0.5], [0.5, 1], [0.8, 0.3], [0.4, 0.9]],
                         [5, 3, 2, 4], status_quo=[50, 50])


def test_without_shocks_every_forecast_is_the_baseline():
    t = shocks(_four(), "mean", salience_noise=0.0, drop_probability=0.0, repetitions=20, seed=1)
    assert (t.stable == 1).all() and np.allclose(t["median"], t.baseline)


def test_shocked_mean_forecasts_stay_within_the_positions():
    f = shocked_forecasts(_four(), "mean", repetitions=200, salience_noise=0.5, drop_probability=0.3, seed=2)
    assert f.shape == (200, 2) and f.std(axis=0).min() > 0
    assert (f[:, 0] >= 10).all() and (f[:, 0] <= 90).all()


@settings(max_examples=30, deadline=None)
@given(present=arrays(bool, (5, 3)), p=st.floats(0, 0.9), seed=st.integers(0, 100))
def test_drop_outs_never_leave_an_issue_empty(present, p, seed):
    present[0] = True
    drop = drop_masks(present, 50, p, np.random.default_rng(seed))
    assert ((~drop).astype(int) @ present.astype(int) > 0).all()


def test_shock_settings_are_checked():
    with pytest.raises(ParameterError, match="salience noise"):
        shocks(_four(), "mean", salience_noise=1.5)


def test_sobol_ranks_a_dominant_input_first():
    # a3 has most weight on i0 and a wide position sd; the others are nearly certain
    sc = with_uncertainty(_four(), a3_i0_position={"sd": 20.0}, a0_i0_position={"sd": 1.0},
                          a1_i0_salience={"low": 0.45, "high": 0.55}, a2_capability={"sd": 0.2},
                          a1_i1_position={"sd": 10.0})
    t = sobol_indices(sc, "mean", samples=256, seed=3)
    top = t[t.issue == "i0"].iloc[0]
    assert top.input == "a3.i0.position" and top["rank"] == 1 and top.ST > 0.8
    assert t[t.issue == "i1"].iloc[0].input == "a1.i1.position"
    assert t[(t.issue == "i1") & (t.input == "a3.i0.position")].ST.iloc[0] == 0


def test_sobol_needs_uncertain_inputs():
    with pytest.raises(ParameterError, match="no uncertain inputs"):
        sobol_indices(_four(), "mean")


def test_summary_quantiles_and_threshold_probabilities():
    sc = noisy_random_scenario(np.random.default_rng(8))
    r = monte_carlo(sc, "mean", 500, seed=1)
    t = parse_threshold("i0>50", r.issue_ids)
    row = summarize(r, [t]).iloc[0]
    assert row["median"] == pytest.approx(np.median(r.forecast[:, 0]))
    assert row.q05 == pytest.approx(np.quantile(r.forecast[:, 0], 0.05))
    assert row["P(i0>50)"] == pytest.approx(np.mean(r.forecast[:, 0] > 50))
    assert np.isnan(summarize(r, [t]).iloc[1]["P(i0>50)"])


@pytest.mark.parametrize("text, above, value, inclusive", [("i0>50", True, 50, False), ("i1 < 2.5", False, 2.5, False),
                                                            ("i0>=-1e1", True, -10, True), ("i1<=3", False, 3, True)])
def test_threshold_parsing(text, above, value, inclusive):
    t = parse_threshold(text, ("i0", "i1"))
    assert (t.above, t.value, t.inclusive) == (above, value, inclusive)
    assert str(t).replace(" ", "") == text.replace(" ", "").replace("-1e1", "-10")


def test_ties_count_only_for_inclusive_thresholds():
    outcomes = np.array([1000.0, 1000.0, 999.0, 1001.0])
    ids = ("finance",)
    assert parse_threshold("finance>=1000", ids).probability(outcomes) == 0.75
    assert parse_threshold("finance>1000", ids).probability(outcomes) == 0.25
    assert parse_threshold("finance<=1000", ids).probability(outcomes) == 0.75
    assert parse_threshold("finance<1000", ids).probability(outcomes) == 0.25


@pytest.mark.parametrize("text", ["i0=5", "i2>5", ">5", "i0>x"])
def test_bad_thresholds(text):
    with pytest.raises(ParameterError, match="threshold"):
        parse_threshold(text, ("i0", "i1"))
