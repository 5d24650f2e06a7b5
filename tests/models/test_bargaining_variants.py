"""Costly breakdown, gainers-only Nash, Kalai–Smorodinsky and the costly procedural model.

Hand-computed cases, checks against scipy's bounded scalar optimiser, and invariants.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from realpolitik.models.runner import solve
from realpolitik.scenario.rules import DecisionRule
from tests.conftest import make_scenario

# two actors on either side of the status quo 30: strict Nash has no deal unless breakdown costs
PAIR = make_scenario([[0], [80]], [[1], [1]], [1, 1], status_quo=[30])


def test_strict_forms_unchanged_by_default():
    for model in ("nash", "kalai-smorodinsky"):
        r = solve(PAIR, model)
        assert r.point()[0] == 30 and not r.details["feasible"][0, 0]
        assert r.params["cost"] == 0.0


def test_costly_nash_by_hand_linear():
    # p = 1, cost 10: r = (40, 60), gains 40 − z and 60 − (80 − z) = z − 20 on I = (20, 40);
    # maximise log(40 − z) + log(z − 20): z = 30
    r = solve(PAIR, "nash", p=1, cost=10)
    assert r.details["feasible"][0, 0]
    assert r.point()[0] == pytest.approx(30, abs=1e-9)


def test_costly_nash_matches_independent_optimiser():
    x, c, sq, cost = np.array([0.0, 80.0, 55.0]), np.array([1.0, 3.0, 2.0]), 30.0, 12.0
    sc = make_scenario(x[:, None], [[0.4], [1.0], [0.7]], c, status_quo=[sq])
    radius = np.abs(sq - x) + cost

    def minus_log_product(z):
        gain = radius**2 - (z - x) ** 2
        return np.inf if np.any(gain <= 0) else -np.sum(c * np.log(gain))

    lo, hi = (x - radius).max(), (x + radius).min()
    best = minimize_scalar(minus_log_product, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    assert solve(sc, "nash", cost=cost).point()[0] == pytest.approx(best.x, abs=1e-6)


def test_kalai_smorodinsky_by_hand_quadratic():
    # p = 2, cost 10: r = (40, 60), I = (20, 40); gains 1600 − z² and 3600 − (80 − z)², utopia gains
    # 1200 (at z = 20) and 2000 (at z = 40); equal shares: z² + 240 z − 8200 = 0 → z = −120 + √22600
    r = solve(PAIR, "kalai-smorodinsky", cost=10)
    assert r.point()[0] == pytest.approx(-120 + np.sqrt(22600), abs=1e-6)


def test_kalai_smorodinsky_matches_independent_optimiser():
    x, sq, cost = np.array([10.0, 45.0, 90.0]), 60.0, 25.0
    sc = make_scenario(x[:, None], [[1.0], [0.3], [0.6]], [5.0, 1.0, 2.0], status_quo=[sq])
    radius = np.abs(sq - x) + cost
    lo, hi = max((x - radius).max(), x.min()), min((x + radius).min(), x.max())
    utopia = radius**2 - (np.clip(x, lo, hi) - x) ** 2

    def minus_smallest_share(z):
        return -np.min((radius**2 - (z - x) ** 2) / utopia)

    best = minimize_scalar(minus_smallest_share, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
    assert solve(sc, "kalai-smorodinsky", cost=cost).point()[0] == pytest.approx(best.x, abs=1e-5)


def test_gainers_nash_by_hand():
    # x = (0, 60, 100), c = (1, 1, 2), equal saliences, status quo 40: the weighted median 60 lies right of 40,
    # so the gainers are the actors at 60 and 100 (r = 20, 60; I = (40, 80)). p = 1 on (60, 80):
    # maximise log(80 − z) + 2·log(z − 40) → z = 200/3
    sc = make_scenario([[0], [60], [100]], [[1], [1], [1]], [1, 1, 2], status_quo=[40])
    assert solve(sc, "nash", p=1).point()[0] == 40  # strict: the actor at 0 blocks every move
    assert solve(sc, "nash", p=1, players="gainers").point()[0] == pytest.approx(200 / 3, abs=1e-9)


def test_gainers_nash_matches_independent_optimiser():
    # weights c·s = 2, .5, 1.6, 1.8: the weighted median 70 lies right of the status quo 40, so the gainers are the
    # actors at 55, 70 and 90; the actor at 10 is outvoted
    x, c, s, sq = np.array([10.0, 55.0, 70.0, 90.0]), np.array([2.0, 1.0, 2.0, 3.0]), np.array([1, .5, .8, .6]), 40.0
    sc = make_scenario(x[:, None], s[:, None], c, status_quo=[sq])
    gain_side = x > sq
    radius = np.abs(x - sq)

    def minus_log_product(z):
        gain = radius[gain_side] ** 2 - (z - x[gain_side]) ** 2
        return np.inf if np.any(gain <= 0) else -np.sum(c[gain_side] * np.log(gain))

    best = minimize_scalar(minus_log_product, bounds=(sq, (2 * x[gain_side] - sq).min()), method="bounded",
                           options={"xatol": 1e-10})
    assert solve(sc, "nash", players="gainers").point()[0] == pytest.approx(best.x, abs=1e-6)


def test_gainers_keep_the_status_quo_when_the_median_sits_on_it():
    sc = make_scenario([[0], [40], [100]], [[1], [1], [1]], [1, 3, 1], status_quo=[40])
    r = solve(sc, "nash", players="gainers")
    assert r.point()[0] == 40 and not r.details["feasible"][0, 0]


def test_costly_procedural_widens_the_winset_by_hand():
    # unanimity of a0 (20) and a1 (60), status quo 50, setter a2 at 90. Strict: a0 accepts nothing right of 50.
    # cost 10: a0 accepts up to 20 + 30 + 10 = 60, a1 up to 60 + 10 + 10 = 80 → win-set [.., 60], setter gets 60
    sc = make_scenario([[20], [60], [90]], [[1], [1], [1]], [1, 1, 1], status_quo=[50])
    rule = DecisionRule(quota=1.0, voters=("a0", "a1"), agenda_setter="a2")
    sc = sc.replace(issues=(dataclasses.replace(sc.issues[0], rule=rule),))
    assert solve(sc, "procedural").point()[0] == 50
    r = solve(sc, "procedural", cost=10)
    assert r.point()[0] == pytest.approx(60)
    assert r.details["winset_upper"][0, 0] == pytest.approx(60)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=2, max_size=6), st.floats(0, 100), st.floats(0, 100),
       st.sampled_from(("nash", "kalai-smorodinsky")))
def test_costly_forecast_stays_in_range_and_is_an_agreement_when_cost_is_large(xs, sq, cost, model):
    n = len(xs)
    sc = make_scenario(np.array(xs)[:, None], [[1]] * n, [1] * n, status_quo=[sq])
    r = solve(sc, model, cost=cost)
    z = r.point()[0]
    assert min(min(xs), sq) - 1e-9 <= z <= max(max(xs), sq) + 1e-9
    if cost >= 100 and max(xs) > min(xs):  # every fallback is worse than any outcome on the scale
        assert r.details["feasible"][0, 0]
        assert min(xs) - 1e-9 <= z <= max(xs) + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=3, max_size=6), st.floats(0, 100), st.floats(0, 50), st.floats(0, 50))
def test_procedural_winset_grows_with_cost(xs, sq, c1, c2):
    n = len(xs)
    sc = make_scenario(np.array(xs)[:, None], [[1]] * n, [1] * n, status_quo=[sq])
    small, large = sorted((c1, c2))
    a, b = solve(sc, "procedural", cost=small), solve(sc, "procedural", cost=large)
    assert b.details["winset_lower"][0, 0] <= a.details["winset_lower"][0, 0] + 1e-9
    assert b.details["winset_upper"][0, 0] >= a.details["winset_upper"][0, 0] - 1e-9
