"""Leverage and pivot values, hand-checked on the mean model."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik import models
from realpolitik.analysis.leverage import leverage, pivot_table, pivot_values
from realpolitik.errors import ModelNotApplicable, ScenarioError
from tests.analysis.uncertain import noisy_random_scenario
from tests.conftest import make_scenario


def _three():
    # weights c·s = 1, 2, 0.5; forecast (0 + 100 + 50) / 3.5
    return make_scenario([[0.0], [50.0], [100.0]], [[1.0], [1.0], [0.5]], [1.0, 2.0, 1.0], status_quo=[40.0],
                         outside={(2, 0): (90.0, 0.5)})


def test_capability_and_salience_effects_hand_checked():
    f0 = 150 / 3.5
    table = leverage(_three(), "mean").set_index("actor")
    # a2's capability +10%: its weight 0.5 -> 0.55
    assert table.loc["a2", "capability"] == pytest.approx(155 / 3.55 - f0)
    # a0's salience +0.1: weight 1 -> 1.1; the forecast moves down, toward a0 at 0
    assert table.loc["a0", "salience"] == pytest.approx(f0 - 150 / 3.6)
    # a1 sits at 50 above the forecast: more weight pulls the forecast up, toward it
    assert table.loc["a1", "capability"] == pytest.approx((150 + 10) / 3.7 - f0)


def test_mean_model_ignores_outside_options():
    table = leverage(_three(), "mean").set_index("actor")
    assert table.loc["a2", "outside"] == 0 and table.loc["a2", "pivot"] == 0
    assert np.isnan(table.loc["a0", "outside"]) and np.isnan(table.loc["a0", "pivot"])


@pytest.mark.parametrize("name", models.names())
def test_an_actor_without_outside_options_has_no_pivot_value(name):
    sc = noisy_random_scenario(np.random.default_rng(3), n=4, k=2)
    try:
        on, off = pivot_values(sc, ["a3"], name, draws=20, seed=1)
    except ModelNotApplicable:
        pytest.skip(f"{name} does not apply")
    np.testing.assert_allclose(on, off)


def test_pivot_table_interval_comes_from_paired_draws():
    sc = noisy_random_scenario(np.random.default_rng(5), n=4, k=2)
    t = pivot_table(sc, ["a0"], "nash", draws=200, seed=2)
    assert (t.pivot_q05 <= t["pivot"]).all() and (t["pivot"] <= t.pivot_q95).all()
    assert (t["pivot_q05"] < t["pivot_q95"]).any()
    assert (t.draws == 200).all()


def test_leverage_with_draws_is_reproducible():
    sc = noisy_random_scenario(np.random.default_rng(6), n=3, k=2)
    a = leverage(sc, "mean", draws=30, seed=4)
    b = leverage(sc, "mean", draws=30, seed=4)
    assert a.equals(b)
    assert (a.capability.abs() > 0).all()


def test_unknown_pivot_actor():
    with pytest.raises(ScenarioError, match="unknown actor 'zz'"):
        pivot_values(_three(), ["zz"], "mean")
