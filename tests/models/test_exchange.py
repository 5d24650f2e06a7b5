"""Stokman's exchange model: hand-computed trades, invariants, random rates and the CoP21 data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik import forecast, load, run
from realpolitik.errors import ParameterError
from tests.conftest import EXAMPLE, make_scenario, random_scenario

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_round(sc, **params):
    return forecast(sc, "exchange", rounds=1, **params)


def only_trade(result) -> dict:
    trades = result.outcome.extra["exchanges"]
    assert len(trades) == 1
    return trades[0]


def test_equal_gain_without_caps():
    # a0 cares about i0 (0.8 vs 0.4), a1 about i1 (0.6 vs 0.2): a1 supplies i0, a0 supplies i1.
    # O = (80, 60). Rate δ1/δ0 = (0.8 + 0.2)/(0.4 + 0.6) = 1. a1 moves all the way on i0
    # (0 → 100): δ0 = 100·0.2/1 = 20, δ1 = 20, a0 moves δ1·S/w = 20/0.4 = 50 on i1.
    # Gains: a0 20·0.8 − 20·0.4 = 8; a1 20·0.6 − 20·0.2 = 8.
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    r = one_round(sc)
    t = only_trade(r)
    assert (t["actor_1"], t["supplies_1"], t["actor_2"], t["supplies_2"]) == ("a1", "i0", "a0", "i1")
    assert (t["from_1"], t["to_1"]) == (0, 100)
    assert t["from_2"] == 0 and t["to_2"] == pytest.approx(50)
    assert t["gain_1"] == pytest.approx(8) and t["gain_2"] == pytest.approx(8)
    assert t["outcome_shift_1"] == pytest.approx(20) and t["outcome_shift_2"] == pytest.approx(20)
    np.testing.assert_allclose(r.history["preference_outcome"][0, 0], [80, 60])
    np.testing.assert_allclose(r.forecast[0], [100, 80])  # voting outcome: (100, 0.4·50 + 0.6·100)


def test_move_capped_at_the_partners_position():
    # Saliences a0 (0.8, 0.2), a1 (0.3, 0.6): rate = 1.1/0.8 = 1.375. a1 moving all the way
    # on i0 (δ0 = 100·0.3/1.1) would ask a0 to move δ1·0.8/0.2 = 150 on i1, past a1 at 100:
    # a0's move is capped at 100, δ1 = 100·0.2/0.8 = 25, δ0 = 25/1.375, a1 moves δ0·1.1/0.3.
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.2], [0.3, 0.6]], [1, 1])
    t = only_trade(one_round(sc))
    d0 = 25 / 1.375
    assert (t["from_2"], t["to_2"]) == (0, 100)
    assert t["to_1"] == pytest.approx(d0 * 1.1 / 0.3)
    assert t["outcome_shift_1"] == pytest.approx(d0) and t["outcome_shift_2"] == pytest.approx(25)
    assert t["gain_1"] == pytest.approx(t["gain_2"]) == pytest.approx(d0 * 0.8 - 25 * 0.2)


def test_outcome_stops_at_the_demanding_partners_position():
    # On i0 a third actor a2 at 100 pulls the outcome: O0 = (0.5·50 + 0.5·100)/1.9. a1 moving
    # all the way to a0's 50 would carry O0 past 50, so the shift stops there: δ0 = 50 − O0.
    # a2 takes no part in i1, so a0–a1 is the only candidate; the other bounds are looser
    # (a1's full move: δ0 = 50·0.9/1.9; a0's: δ1 = 100·0.3/0.9 with rate 1.4/0.9).
    sc = make_scenario([[50, 0], [0, 100], [100, 0]], [[0.5, 0.3], [0.9, 0.6], [0.5, 0.5]], [1, 1, 1],
                       present=[[1, 1], [1, 1], [1, 0]])
    r = one_round(sc)
    t = only_trade(r)
    d0 = 50 - 75 / 1.9
    assert t["outcome_shift_1"] == pytest.approx(d0)
    assert t["to_1"] == pytest.approx(d0 * 1.9 / 0.9)
    assert t["outcome_shift_2"] == pytest.approx(d0 * 1.4 / 0.9)
    assert r.forecast[0, 0] == pytest.approx(50)


def test_position_update_between_rounds():
    # After round 0 of the first case: a1 voted 100 on i0 (from 0), a0 voted 50 on i1 (from 0).
    # New positions x + (0.1 + 0.4·(1 − s))·(y − x): a1 on i0 0.42·100, a0 on i1 0.34·50.
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    r = forecast(sc, "exchange", rounds=2)
    pos = r.history["position"][0]
    np.testing.assert_allclose(pos[1], [[100, 17], [42, 100]])
    np.testing.assert_allclose(r.history["voting_position"][0, 0], [[100, 50], [100, 100]])
    np.testing.assert_allclose(r.history["preference_outcome"][0, 1], [(0.8 * 100 + 0.2 * 42), 0.4 * 17 + 0.6 * 100])
    custom = forecast(sc, "exchange", rounds=2, fixed_weight=1.0, salience_weight=0.0)
    np.testing.assert_allclose(custom.history["position"][0, 1], [[100, 50], [100, 100]])


def test_same_side_actors_do_not_trade():
    sc = make_scenario([[10, 10], [20, 30], [90, 95]], [[0.9, 0.1], [0.1, 0.9], [0.5, 0.5]], [1, 1, 3])
    # a0 and a1 are left of both outcomes; a2 is right of both: it can trade with either,
    # but the others cannot trade with each other.
    trades = one_round(sc).outcome.extra["exchanges"]
    assert trades
    for t in trades:
        assert "a2" in (t["actor_1"], t["actor_2"])


def test_issue_scales_are_respected():
    base = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    scaled = make_scenario([[10, 0], [0, 10]], [[0.8, 0.4], [0.2, 0.6]], [1, 1], upper=10.0)
    np.testing.assert_allclose(one_round(scaled).forecast, one_round(base).forecast / 10)


def test_weights_must_not_overshoot():
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    with pytest.raises(ParameterError, match="fixed_weight \\+ salience_weight"):
        forecast(sc, "exchange", fixed_weight=0.7, salience_weight=0.4)


@SETTINGS
@given(st.integers(0, 10_000), st.integers(3, 7), st.integers(2, 4))
def test_trade_invariants(seed, n, k):
    """Equal gains; one direction per actor and issue within a round; moves end at or before the target."""
    sc = random_scenario(np.random.default_rng(seed), n=n, k=k, absent=0.2)
    r = forecast(sc, "exchange", rounds=3)
    trades = r.outcome.extra["exchanges"]
    directions: dict = {}
    for t in trades:
        assert t["gain_1"] == pytest.approx(t["gain_2"], rel=1e-9, abs=1e-12) and t["gain_1"] > 0
        for a, issue, lo, hi in ((t["actor_1"], t["supplies_1"], t["from_1"], t["to_1"]),
                                 (t["actor_2"], t["supplies_2"], t["from_2"], t["to_2"])):
            sign = np.sign(hi - lo)
            assert directions.setdefault((t["round"], a, issue), sign) == sign
    own = r.details["externality_own"][0]
    for idx, actor in enumerate(sc.actor_ids):
        gained = sum(t["gain_1"] if t["actor_1"] == actor else t["gain_2"] for t in trades
                     if actor in (t["actor_1"], t["actor_2"]))
        assert np.nansum(own[idx]) == pytest.approx(gained, abs=1e-9)
    lo, hi = np.nanmin(r.history["position"][0], axis=1), np.nanmax(r.history["position"][0], axis=1)
    assert np.all(r.history["voting_outcome"][0] >= lo - 1e-9) and np.all(r.history["voting_outcome"][0] <= hi + 1e-9)


def test_until_stable_gives_the_same_rounds():
    sc = random_scenario(np.random.default_rng(3), n=6, k=3)
    full = forecast(sc, "exchange", rounds=40)
    stable = forecast(sc, "exchange", rounds=40, until_stable=True)
    for name in ("voting_outcome", "preference_outcome", "position"):
        np.testing.assert_allclose(stable.history[name], full.history[name], atol=1e-9)
    assert len(stable.outcome.extra["exchanges"]) == len(full.outcome.extra["exchanges"])


def test_random_rates_are_seeded_and_spread():
    sc = random_scenario(np.random.default_rng(5), n=7, k=3)
    arr = sc.arrays().repeat(6)
    a = run("exchange", arr, seed=1, params={"p": 0.5, "rounds": 3})
    b = run("exchange", arr, seed=1, params={"p": 0.5, "rounds": 3})
    np.testing.assert_array_equal(a.forecast, b.forecast)
    assert np.ptp(a.forecast, axis=0).max() > 0  # draws differ: the spread of outcomes
    assert any(abs(t["gain_1"] - t["gain_2"]) > 1e-9 for t in a.outcome.extra["exchanges"])
    assert all(min(t["gain_1"], t["gain_2"]) >= -1e-10 for t in a.outcome.extra["exchanges"])
    zero = run("exchange", arr, seed=1, params={"p": 0.0, "rounds": 3})
    np.testing.assert_allclose(zero.forecast, np.repeat(forecast(sc, "exchange", rounds=3).forecast, 6, axis=0))


def test_random_tie_break_is_seeded():
    # Two identical partners for a0 give tied candidates.
    sc = make_scenario([[100, 0], [0, 100], [0, 100]], [[0.8, 0.4], [0.2, 0.6], [0.2, 0.6]], [2, 1, 1])
    a = forecast(sc, "exchange", rounds=1, tie_break="random", seed=4)
    b = forecast(sc, "exchange", rounds=1, tie_break="random", seed=4)
    assert a.outcome.extra == b.outcome.extra
    firsts = {forecast(sc, "exchange", rounds=1, tie_break="random", seed=s).outcome.extra["exchanges"][0]["actor_1"]
              for s in range(12)}
    assert firsts == {"a1", "a2"}
    assert forecast(sc, "exchange", rounds=1).outcome.extra["exchanges"][0]["actor_1"] == "a1"


def test_history_csv_columns():
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    frame = forecast(sc, "exchange", rounds=2).history_frame()
    assert {"model", "issue", "round", "preference_outcome", "voting_outcome"} <= set(frame.columns)
    rows = frame.dropna(subset=["voting_outcome"])
    assert len(rows) == 4 and set(rows["round"]) == {0, 1}


def test_cop21_first_round_matches_decide(shared_data):
    """The first realised exchanges of the Decide tool's CoP21 comparison output."""
    r = forecast(load(shared_data / "decide" / "cop21.csv"), "exchange", rounds=1)
    trades = r.outcome.extra["exchanges"]
    expected = [("China", "finance_vol", 10.7861, "USA", "eaa", 0.0, 2.19072),
                ("China", "differentiation", 29.5148, "USA", "finance_who", 0.0, 1.7956),
                ("USA", "adapt_legal", 78.678, "Arab_statess", "finance_vol", 0.0, 1.38726),
                ("LDCs_BGD", "legal", 42.4575, "USA", "adapt_inst", 90.0, 1.35579)]
    for t, (a1, s1, to1, a2, s2, to2, gain) in zip(trades, expected, strict=False):
        assert (t["actor_1"], t["supplies_1"], t["actor_2"], t["supplies_2"]) == (a1, s1, a2, s2)
        assert t["to_1"] == pytest.approx(to1, abs=1e-4) and t["to_2"] == pytest.approx(to2, abs=1e-4)
        assert t["gain_1"] == pytest.approx(gain, rel=1e-5)
    assert len(trades) == 128


def test_korea_example_runs_with_trades_between_dprk_and_usa():
    if not EXAMPLE.exists():
        pytest.skip("examples/korea-2019.yaml is not there")
    r = forecast(load(EXAMPLE), "exchange")
    pairs = {frozenset((t["actor_1"], t["actor_2"])) for t in r.outcome.extra["exchanges"]}
    assert frozenset(("DPRK", "USA")) in pairs
    assert np.all(np.isfinite(r.forecast))
