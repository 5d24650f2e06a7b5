"""Stokman's exchange model: hand-computed trades, invariants, random rates and the CoP21 data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik import load, run
from realpolitik.errors import ParameterError
from realpolitik.models.runner import solve
from tests.conftest import EXAMPLE, make_scenario, on_both_paths, random_scenario

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def one_round(sc, **params):
    return solve(sc, "exchange", rounds=1, **params)


def only_trade(result) -> dict:
    trades = result.outcome.extra["exchanges"]
    assert len(trades) == 1
    return trades[0]


def test_equal_gain_without_caps(kernel_path):
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


def test_move_capped_at_the_partners_position(kernel_path):
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


def test_outcome_stops_at_the_demanding_partners_position(kernel_path):
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


def equal_gain_round(x, s, c):
    """An independent, deliberately plain Equal Gain round on a 0–100 scale (every actor on every issue).

    Before each pick every remaining candidate is evaluated afresh at the current voting
    positions and outcomes, so nothing can be stale. Returns the voting positions and the
    trades as (supplier of p, p, supplier of q, q, outcomes before, outcomes after, gain).
    """
    x, s = np.asarray(x, float), np.asarray(s, float)
    n, k = x.shape
    w = np.asarray(c, float)[:, None] * s
    total = w.sum(axis=0)
    out = (w * x).sum(axis=0) / total
    left = x <= out
    candidates = []
    for p in range(k):
        for q in range(p + 1, k):
            for a in range(n):
                for b in range(a + 1, n):
                    if left[a, p] != left[b, p] and left[a, q] != left[b, q]:
                        i, j = (a, b) if s[a, p] * s[b, q] >= s[b, p] * s[a, q] else (b, a)
                        candidates.append((p, q, i, j))
    y, moved, trades = x.copy(), np.zeros_like(x), []
    while True:
        best = None
        for p, q, i, j in candidates:
            rate = (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])
            dir_p, dir_q = np.sign(x[i, p] - y[j, p]), np.sign(x[j, q] - y[i, q])
            shift_p = min(abs(x[i, p] - y[j, p]) * w[j, p] / total[p],  # j all the way to i on p
                          abs(x[j, q] - y[i, q]) * w[i, q] / total[q] / rate,  # i all the way to j on q
                          max((x[i, p] - out[p]) * dir_p, 0.0),  # O_p onto i's position
                          max((x[j, q] - out[q]) * dir_q, 0.0) / rate)  # O_q onto j's position
            shift_q = rate * shift_p
            move_j, move_i = dir_p * shift_p * total[p] / w[j, p], dir_q * shift_q * total[q] / w[i, q]
            gain = shift_p * s[i, p] - shift_q * s[i, q]
            valid = (min(abs(move_j), abs(move_i), gain) > 1e-10
                     and moved[j, p] * move_j >= 0 and moved[i, q] * move_i >= 0)
            if valid and (best is None or gain > best[0]):
                best = (gain, (p, q, i, j), move_j, move_i)
        if best is None:
            return y, trades
        gain, (p, q, i, j), move_j, move_i = best
        candidates.remove((p, q, i, j))
        y[j, p] += move_j
        y[i, q] += move_i
        moved[j, p] += move_j
        moved[i, q] += move_i
        before, out = out, (w * y).sum(axis=0) / total
        trades.append((j, p, i, q, before, out, gain))


def test_cap_is_applied_when_the_trade_is_realised(kernel_path):
    # O = (1213.68/20.36, 1090.96/20.76) = (59.61, 52.55); a2, a3 are left on i0, a0, a1 on i1.
    x = [[66, 22], [70, 42], [40, 59], [41, 66]]
    s = [[.92, .44], [.75, .29], [.26, .88], [.5, .93]]
    c = [9, 8, 8, 8]
    sc = make_scenario(x, s, c)
    r = one_round(sc)
    trades = r.outcome.extra["exchanges"]
    s0, s1 = 20.36, 20.76  # Σ c·s per issue
    o1 = 1090.96 / s1
    # 1st: a3 moves all the way to a0's 66 on i0 (δ0 = 25·4/S0), a0 moves on i1 at the rate 1.42/1.37.
    d0 = 25 * 4 / s0
    d1 = d0 * 1.42 / 1.37
    assert (trades[0]["actor_1"], trades[0]["actor_2"]) == ("a3", "a0")
    assert trades[0]["outcome_shift_2"] == pytest.approx(d1)
    o1 += d1  # 57.642
    # 2nd: a2 on i0 toward a1's 70, a1 on i1 toward a2's 59, rate 1.01/1.17. a2's full move would ask
    # a1 to go past 59; capped there, δ1 = 17·2.32/S1 would carry O1 past 59 (to 59.542), so δ1 is
    # cut back to 59 − O1 and δ0 follows from the rate.
    t = trades[1]
    assert (t["actor_1"], t["supplies_1"], t["actor_2"], t["supplies_2"]) == ("a2", "i0", "a1", "i1")
    assert o1 + 17 * 2.32 / s1 > 59
    d1 = 59 - o1
    d0 = d1 * 1.17 / 1.01
    assert t["outcome_shift_2"] == pytest.approx(d1) and t["outcome_shift_1"] == pytest.approx(d0)
    assert t["to_2"] == pytest.approx(42 + d1 * s1 / 2.32) and t["to_1"] == pytest.approx(40 + d0 * s0 / 2.08)
    assert t["gain_1"] == pytest.approx(d0 * 0.75 - d1 * 0.29)
    # the same round by the plain loop above
    y, ref = equal_gain_round(x, s, c)
    assert ref[1][5][1] == pytest.approx(59)
    assert [(f"a{a}", f"a{b}") for a, _, b, _, *_ in ref] == [(t["actor_1"], t["actor_2"]) for t in trades]
    assert [g for *_, g in ref] == pytest.approx([t["gain_1"] for t in trades])
    np.testing.assert_allclose(r.history["voting_position"][0, 0], y)


def test_candidates_sharing_an_actor_in_another_role_are_recomputed(kernel_path):
    # The 1st trade (a0 supplies i0, a1 supplies i1) moves O0 from 43.6 to 57.5, away from a2's 40.
    # a1 demanded i0 there; in the candidate a1–a2 on (i0, i2) a1 supplies i0, and its move
    # toward 40 was capped by the old O0. Recomputed, its cap is looser and it comes second.
    x = [[6, 0, 65], [73, 74, 82], [40, 84, 51]]
    s = [[.36, .7, .86], [.64, .55, .76], [.72, .47, .57]]
    c = [8, 7, 9]
    r = one_round(make_scenario(x, s, c))
    trades = r.outcome.extra["exchanges"]
    assert [(t["actor_1"], t["supplies_1"], t["actor_2"], t["supplies_2"]) for t in trades[:2]] == [
        ("a0", "i0", "a1", "i1"), ("a1", "i0", "a2", "i2")]
    voting = r.history["voting_position"][0, 0]
    np.testing.assert_allclose(voting[1:], [[45.28, 3.29, 82], [40, 84, 82]], atol=0.005)
    y, ref = equal_gain_round(x, s, c)
    np.testing.assert_allclose(voting, y, atol=1e-9)
    assert [g for *_, g in ref] == pytest.approx([t["gain_1"] for t in trades])


def test_position_update_between_rounds(kernel_path):
    # After round 0 of the first case: a1 voted 100 on i0 (from 0), a0 voted 50 on i1 (from 0).
    # New positions x + (0.1 + 0.4·(1 − s))·(y − x): a1 on i0 0.42·100, a0 on i1 0.34·50.
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    r = solve(sc, "exchange", rounds=2)
    pos = r.history["position"][0]
    np.testing.assert_allclose(pos[1], [[100, 17], [42, 100]])
    np.testing.assert_allclose(r.history["voting_position"][0, 0], [[100, 50], [100, 100]])
    np.testing.assert_allclose(r.history["preference_outcome"][0, 1], [(0.8 * 100 + 0.2 * 42), 0.4 * 17 + 0.6 * 100])
    custom = solve(sc, "exchange", rounds=2, fixed_weight=1.0, salience_weight=0.0)
    np.testing.assert_allclose(custom.history["position"][0, 1], [[100, 50], [100, 100]])


def test_same_side_actors_do_not_trade(kernel_path):
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
        solve(sc, "exchange", fixed_weight=0.7, salience_weight=0.4)


def round_start(result, sc, trade: dict, actor: str, issue: str) -> float:
    """An actor's position on an issue at the start of the trade's round (the issue's own scale)."""
    actor_no, issue_no = list(sc.actor_ids).index(actor), list(sc.issue_ids).index(issue)
    return result.history["position"][0, trade["round"], actor_no, issue_no]


@SETTINGS
@given(st.integers(0, 10_000), st.integers(3, 7), st.integers(2, 4))
def test_trade_invariants(kernel_path, seed, n, k):
    """Equal gains; one direction per actor and issue within a round; moves end at or before the target."""
    sc = random_scenario(np.random.default_rng(seed), n=n, k=k, absent=0.2)
    r = solve(sc, "exchange", rounds=3)
    trades = r.outcome.extra["exchanges"]
    directions: dict = {}
    for t in trades:
        assert t["gain_1"] == pytest.approx(t["gain_2"], rel=1e-9, abs=1e-12) and t["gain_1"] > 0
        for a, issue, lo, hi, partner in ((t["actor_1"], t["supplies_1"], t["from_1"], t["to_1"], t["actor_2"]),
                                          (t["actor_2"], t["supplies_2"], t["from_2"], t["to_2"], t["actor_1"])):
            sign = np.sign(hi - lo)
            assert sign != 0
            assert directions.setdefault((t["round"], a, issue), sign) == sign
            # the supplier moves toward the position its partner started the round with, and not past it
            target = round_start(r, sc, t, partner, issue)
            assert np.sign(target - lo) == sign
            assert (target - hi) * sign >= -1e-9
    own = r.details["externality_own"][0]
    for idx, actor in enumerate(sc.actor_ids):
        gained = sum(t["gain_1"] if t["actor_1"] == actor else t["gain_2"] for t in trades
                     if actor in (t["actor_1"], t["actor_2"]))
        assert np.nansum(own[idx]) == pytest.approx(gained, abs=1e-9)
    lo, hi = np.nanmin(r.history["position"][0], axis=1), np.nanmax(r.history["position"][0], axis=1)
    assert np.all(r.history["voting_outcome"][0] >= lo - 1e-9) and np.all(r.history["voting_outcome"][0] <= hi + 1e-9)


@SETTINGS
@given(st.integers(0, 10_000), st.integers(3, 7), st.integers(2, 5))
def test_no_trade_carries_an_outcome_past_the_demanding_partner(kernel_path, seed, n, k):
    """Replaying each round's trades from its preference outcome: every trade moves the outcome of each
    of its issues toward the partner that demanded the move there, and at most onto its position."""
    sc = random_scenario(np.random.default_rng(seed), n=n, k=k, absent=0.2)
    rounds = 3
    r = solve(sc, "exchange", rounds=rounds)
    trades = r.outcome.extra["exchanges"]
    for rnd in range(rounds):
        outcome = dict(zip(sc.issue_ids, r.history["preference_outcome"][0, rnd], strict=True))
        for t in (t for t in trades if t["round"] == rnd):
            for issue, shift, partner in ((t["supplies_1"], t["outcome_shift_1"], t["actor_2"]),
                                          (t["supplies_2"], t["outcome_shift_2"], t["actor_1"])):
                wanted = round_start(r, sc, t, partner, issue)
                assert np.sign(wanted - outcome[issue]) == np.sign(shift) != 0
                outcome[issue] += shift
                assert (wanted - outcome[issue]) * np.sign(shift) >= -1e-9
        np.testing.assert_allclose([outcome[i] for i in sc.issue_ids], r.history["voting_outcome"][0, rnd], atol=1e-9)


def test_until_stable_gives_the_same_rounds(kernel_path):
    sc = random_scenario(np.random.default_rng(3), n=6, k=3)
    full = solve(sc, "exchange", rounds=40)
    stable = solve(sc, "exchange", rounds=40, until_stable=True)
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
    np.testing.assert_allclose(zero.forecast, np.repeat(solve(sc, "exchange", rounds=3).forecast, 6, axis=0))


def test_random_tie_break_is_seeded(kernel_path):
    # Two identical partners for a0 give tied candidates.
    sc = make_scenario([[100, 0], [0, 100], [0, 100]], [[0.8, 0.4], [0.2, 0.6], [0.2, 0.6]], [2, 1, 1])
    a = solve(sc, "exchange", rounds=1, tie_break="random", seed=4)
    b = solve(sc, "exchange", rounds=1, tie_break="random", seed=4)
    assert a.outcome.extra == b.outcome.extra
    firsts = {solve(sc, "exchange", rounds=1, tie_break="random", seed=s).outcome.extra["exchanges"][0]["actor_1"]
              for s in range(12)}
    assert firsts == {"a1", "a2"}
    assert solve(sc, "exchange", rounds=1).outcome.extra["exchanges"][0]["actor_1"] == "a1"


def test_history_csv_columns():
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    frame = solve(sc, "exchange", rounds=2).history_frame()
    assert {"model", "issue", "round", "preference_outcome", "voting_outcome"} <= set(frame.columns)
    rows = frame.dropna(subset=["voting_outcome"])
    assert len(rows) == 4 and set(rows["round"]) == {0, 1}


def test_cop21_first_round_against_decide(kernel_path, shared_data):
    """The first round against the Decide tool's CoP21 comparison output (docs/exchange.md).

    The first 20 exchanges are Decide's. The 21st differs: EU28–AOSISs on (adapt_finance,
    amb2050) shares AOSISs and amb2050 with the 10th exchange, where AOSISs demanded amb2050
    (here it supplies it). We recompute it after the 10th; its gain rises from 0.37408 to
    0.61074 and it goes before Decide's 21st, which becomes our 22nd. Decide realises 128
    exchanges in the round, we 129.
    """
    r = solve(load(shared_data / "decide" / "cop21.csv"), "exchange", rounds=1)
    trades = r.outcome.extra["exchanges"]
    expected = {1: ("China", "finance_vol", 10.7861, "USA", "eaa", 0.0, 2.19072),
                2: ("China", "differentiation", 29.5148, "USA", "finance_who", 0.0, 1.7956),
                3: ("USA", "adapt_legal", 78.678, "Arab_statess", "finance_vol", 0.0, 1.38726),
                4: ("LDCs_BGD", "legal", 42.4575, "USA", "adapt_inst", 90.0, 1.35579),
                10: ("AOSISs", "ld", 0.0, "USA", "amb2050", 78.6634, 0.9798),
                20: ("Brazil", "adapt_legal", 80.0, "AILAC2", "progress", 32.744, 0.64122),
                21: ("EU28", "adapt_finance", 98.7135, "AOSISs", "amb2050", 65.0, 0.61074),  # not Decide's
                22: ("AOSISs", "differentiation", 100.0, "Arab_statess", "ld", 83.8251, 0.60528)}  # Decide's 21st
    for number, (a1, s1, to1, a2, s2, to2, gain) in expected.items():
        t = trades[number - 1]
        assert (t["actor_1"], t["supplies_1"], t["actor_2"], t["supplies_2"]) == (a1, s1, a2, s2)
        assert t["to_1"] == pytest.approx(to1, abs=1e-4) and t["to_2"] == pytest.approx(to2, abs=1e-4)
        assert t["gain_1"] == pytest.approx(gain, rel=1e-5)
    assert len(trades) == 129


def test_korea_example_runs_with_trades_between_dprk_and_usa(kernel_path):
    if not EXAMPLE.exists():
        pytest.skip("examples/korea-2019.yaml is not there")
    r = solve(load(EXAMPLE), "exchange")
    pairs = {frozenset((t["actor_1"], t["actor_2"])) for t in r.outcome.extra["exchanges"]}
    assert frozenset(("DPRK", "USA")) in pairs
    assert np.all(np.isfinite(r.forecast))


# The first 37 exchanges of the Decide tool's CoP21 first round as published in its repository
# (CoP21.compare.csv), in realpolitik's actor and issue ids: who moves on which issue to where, for both
# actors of each exchange, and the gain. The list predates the tool's present code: release 2022.1.28
# realises the first 36 of them and then parts (see docs/exchange.md).
DECIDE_COP21_FIRST_ROUND = [
    ("USA", "eaa", 0, "China", "finance_vol", 10.7861, 2.19072),
    ("USA", "finance_who", 0, "China", "differentiation", 29.5148, 1.7956),
    ("USA", "adapt_legal", 78.678, "Arab_statess", "finance_vol", 0, 1.38726),
    ("USA", "adapt_inst", 90, "LDCs_BGD", "legal", 42.4575, 1.35579),
    ("China", "adapt_finance", 89.179, "LDCs_BGD", "eaa", 0, 1.21478),
    ("India", "mrv", 100, "EU28", "eaa", 23.1824, 1.12741),
    ("Japan", "finance_who", 8.59216, "Arab_statess", "differentiation", 25, 1.11947),
    ("Russia", "adapt_legal", 80, "LDCs_BGD", "differentiation", 16.4144, 1.08877),
    ("Arab_statess", "legal", 89.6546, "AOSISs", "finance_who", 0, 1.07494),
    ("USA", "amb2050", 78.6634, "AOSISs", "ld", 0, 0.979799),
    ("Arab_statess", "mrv", 55.5216, "EU28", "adapt_legal", 80, 0.966921),
    ("USA", "adapt_finance", 44.1315, "India", "ld", 0, 0.964933),
    ("China", "adapt_legal", 80, "AILAC2", "eaa", 32.301, 0.961832),
    ("USA", "progress", 85.4549, "AOSISs", "legal", 40, 0.942857),
    ("China", "ld", 0, "USA", "mrv", 20.731, 0.908834),
    ("Russia", "adapt_finance", 100, "India", "differentiation", 58.9078, 0.800154),
    ("Japan", "adapt_legal", 80, "AILAC2", "ld", 28.1028, 0.758094),
    ("Russia", "adapt_inst", 90, "India", "differentiation", 16.4037, 0.723921),
    ("USA", "amb2100", 100, "LDCs_BGD", "ld", 63.1746, 0.664617),
    ("Brazil", "adapt_legal", 80, "AILAC2", "progress", 32.744, 0.641221),
    ("AOSISs", "differentiation", 100, "Arab_statess", "ld", 83.8251, 0.605284),
    ("India", "finance_who", 53.6315, "EU28", "adapt_finance", 100, 0.595315),
    ("China", "legal", 70.6483, "AOSISs", "mrv", 0, 0.5784),
    ("China", "legal", 98.1265, "EIG", "eaa", 0, 0.565399),
    ("Japan", "amb2100", 100, "LDCs_BGD", "ld", 38.361, 0.546906),
    ("Russia", "progress", 100, "African_grp", "differentiation", 20.5155, 0.530616),
    ("EU28", "differentiation", 64.1231, "Brazil", "mrv", 100, 0.517947),
    ("Arab_statess", "mrv", 83.0448, "EIG", "finance_who", 0, 0.51338),
    ("Umbrella_min", "adapt_inst", 90, "African_grp", "finance_who", 74.4363, 0.476447),
    ("China", "adapt_finance", 98.8881, "AILAC2", "finance_who", 0, 0.459366),
    ("Russia", "finance_who", 80, "EU28", "legal", 72.0912, 0.451933),
    ("Russia", "ld", 90, "LDCs_BGD", "finance_vol", 70.4438, 0.447079),
    ("EIG", "finance_vol", 100, "AOSISs", "amb2050", 81.6295, 0.433804),
    ("Brazil", "adapt_finance", 100, "AOSISs", "progress", 60.7412, 0.425267),
    ("China", "finance_who", 24.9911, "LDCs_BGD", "mrv", 0, 0.42271),
    ("Umbrella_min", "adapt_legal", 80, "AILAC2", "differentiation", 30.6286, 0.39084),
    ("USA", "adapt_finance", 100, "India", "finance_vol", 2.14063, 0.37259),
]

# The tool's own figures: decide-exchange-model 2022.1.28 run on the shipped data (how: see the file).
DECIDE_TOOL = json.loads((Path(__file__).parent / "data" / "decide_tool_rounds.json").read_text())


def _moves(t):
    return {(t["actor_1"], t["supplies_1"]): t["to_1"], (t["actor_2"], t["supplies_2"]): t["to_2"]}


def test_decide_preset_reproduces_the_tools_cop21_first_round(shared_data):
    r = solve(load(shared_data / "decide" / "cop21.csv"), "exchange", rounds=1, preset="decide")
    trades = r.outcome.extra["exchanges"]
    rows = DECIDE_TOOL["cop21_first_round_exchanges"]["rows"]
    assert len(trades) == len(rows) == 127
    for number, (t, (a1, s1, to1, a2, s2, to2, gain)) in enumerate(zip(trades, rows, strict=True), 1):
        assert _moves(t) == pytest.approx({(a1, s1): to1, (a2, s2): to2}, abs=1e-6), number
        assert t["gain_1"] == t["gain_2"] == pytest.approx(gain, rel=1e-9), number
    # the repository's list: its first 36 exchanges are the tool's; its 37th the tool no longer realises there
    for number, (a1, s1, to1, a2, s2, to2, gain) in enumerate(DECIDE_COP21_FIRST_ROUND, 1):
        same = _moves(trades[number - 1]) == pytest.approx({(a1, s1): to1, (a2, s2): to2}, abs=1e-3)
        assert same == (number <= 36), number
        if same:
            assert trades[number - 1]["gain_1"] == pytest.approx(gain, rel=1e-5)
    # the default procedure parts from the tool at its 21st exchange
    default = solve(load(shared_data / "decide" / "cop21.csv"), "exchange", rounds=1).outcome.extra["exchanges"]
    assert default[20]["gain_1"] != pytest.approx(DECIDE_COP21_FIRST_ROUND[20][6], rel=1e-5)


@pytest.mark.parametrize("ties", ["created", "list"])
@pytest.mark.parametrize("name", ["cop21", "copenhagen", "sample_data"])
def test_decide_preset_matches_the_tool_round_by_round(shared_data, name, ties):
    """Every issue's voting outcome in each of the tool's 10 rounds, and the number of exchanges per round."""
    run = DECIDE_TOOL["runs"][name]
    r = solve(load(shared_data / "decide" / run["file"]), "exchange", preset="decide",
              tie_break="order" if ties == "created" else "list")
    assert list(r.issue_ids) == run["issues"]
    np.testing.assert_allclose(r.history["voting_outcome"][0], run["voting_outcome"][ties], rtol=0, atol=1e-8)
    rounds = [t["round"] for t in r.outcome.extra["exchanges"]]
    assert [rounds.count(k) for k in range(10)] == run["exchanges_per_round"][ties]


def test_decide_preset_matches_the_tool_on_the_synthetic_file(shared_data):
    """The synthetic 60 × 10 file: the first of the tool's 10 rounds (all 10 agree too, but take minutes)."""
    run = DECIDE_TOOL["runs"]["synthetic_60x10_seed42"]
    r = solve(load(shared_data / "decide" / run["file"]), "exchange", rounds=1, preset="decide")
    assert list(r.issue_ids) == run["issues"]
    tool = run["voting_outcome"]["created"][0]
    np.testing.assert_allclose(r.history["voting_outcome"][0, 0], tool, rtol=0, atol=1e-8)
    assert len(r.outcome.extra["exchanges"]) == run["exchanges_per_round"]["created"][0] == 800


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_decide_preset_on_random_scenarios_and_zero_weights(seed):
    """Random scenarios (absent pairs, zero saliences, draws): outcomes finite and on the scale."""
    rng = np.random.default_rng(seed)
    base = random_scenario(rng, 8, 4, absent=0.15).arrays().repeat(3)
    salience = np.round(rng.uniform(0.0, 1.0, base.salience.shape), 2)
    salience[:, 0, :] = 0.0  # an actor that cares about nothing can trade nothing
    arr = base.with_(position=np.round(rng.uniform(0, 100, base.position.shape), 1), salience=salience)
    r = run("exchange", arr, params={"rounds": 3, "preset": "decide"})
    voting = r.history["voting_outcome"]
    assert np.all(np.isfinite(voting)) and np.all((voting >= arr.lower - 1e-9) & (voting <= arr.upper + 1e-9))
    assert all(0 not in (arr.actor_ids.index(t["actor_1"]), arr.actor_ids.index(t["actor_2"]))
               for t in r.outcome.extra["exchanges"])


def test_tool_list_order_needs_the_decide_preset():
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    with pytest.raises(ParameterError, match="tie_break=list"):
        solve(sc, "exchange", tie_break="list")


def test_decide_preset_refuses_random_rates_and_coin_flips():
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    for bad in ({"p": 0.5}, {"tie_break": "random"}):
        with pytest.raises(ParameterError, match="preset=decide"):
            solve(sc, "exchange", preset="decide", **bad)


def test_decide_preset_on_a_hand_computed_pair():
    # a0 right of both outcomes, a1 left of both; equal capabilities and saliences ratio 0.8/0.4 vs 0.2/0.6
    sc = make_scenario([[100, 0], [0, 100]], [[0.8, 0.4], [0.2, 0.6]], [1, 1])
    ours = solve(sc, "exchange", rounds=1).outcome.extra["exchanges"]
    tool = solve(sc, "exchange", rounds=1, preset="decide").outcome.extra["exchanges"]
    assert len(tool) == len(ours) == 1
    for key in ("actor_1", "supplies_1", "to_1", "actor_2", "supplies_2", "to_2", "gain_1"):
        assert tool[0][key] == pytest.approx(ours[0][key])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_draws_run_together_give_the_same_trades_as_one_by_one(kernel_path, seed):
    rng = np.random.default_rng(seed)
    base = random_scenario(rng, 9, 4, absent=0.15).arrays().repeat(12)
    arr = base.with_(position=np.round(rng.uniform(0, 100, base.position.shape), 1),
                     salience=np.round(rng.uniform(0.1, 1.0, base.salience.shape), 2))
    together = run("exchange", arr, params={"rounds": 4})
    alone = [run("exchange", arr.take_draws(np.array([b])), params={"rounds": 4}) for b in range(arr.n_draws)]
    np.testing.assert_array_equal(together.forecast, np.concatenate([r.forecast for r in alone]))
    for name, values in together.history.items():
        np.testing.assert_array_equal(values, np.concatenate([r.history[name] for r in alone]))
    for name, values in together.details.items():
        np.testing.assert_allclose(values, np.concatenate([r.details[name] for r in alone]), rtol=1e-12, atol=1e-12)
    records = [dict(t, draw=b) for b, r in enumerate(alone) for t in r.outcome.extra["exchanges"]]
    assert records and together.outcome.extra["exchanges"] == records


def tied_arrays(seed: int, n: int, k: int, duplicates: int, draws: int):
    """Random scenario arrays with exact ties: positions on a grid of 25 points, saliences in tenths
    (zero included: rates and moves that are not finite), small whole capabilities (so outcomes often
    fall exactly on a position), some actors absent from some issues, and ``duplicates`` actors that
    copy another's row (their candidates' gains are equal)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 5, (n, k)) * 25.0
    s = rng.integers(0, 11, (n, k)) / 10
    c = rng.integers(1, 4, n).astype(float)
    present = rng.random((n, k)) >= 0.2
    present[:2] = True
    for d in range(duplicates):
        copy = rng.integers(0, n - duplicates)
        x[n - 1 - d], s[n - 1 - d], c[n - 1 - d], present[n - 1 - d] = x[copy], s[copy], c[copy], present[copy]
    arr = make_scenario(x, s, c, present=present).arrays().repeat(draws)
    if draws > 1:  # later draws differ on the same grid
        position = arr.position.copy()
        position[1:] = rng.integers(0, 5, position[1:].shape) * 25.0
        arr = arr.with_(position=position)
    return arr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.integers(2, 8), st.integers(1, 5), st.integers(0, 2), st.sampled_from([1, 4]),
       st.integers(1, 4), st.booleans())
def test_compiled_and_numpy_paths_agree(seed, n, k, duplicates, draws, rounds, until_stable):
    """The compiled rounds realise the same exchanges in the same order, with the same positions and
    outcomes to the last bit, as the NumPy ones (one draw at a time and all draws at once); the
    externalities, summed in another order, agree to rounding."""
    from realpolitik.models import compiled

    if not compiled.enabled():
        pytest.skip("Numba is not installed")
    arr = tied_arrays(seed, n, k, min(duplicates, n - 1), draws)
    params = {"rounds": rounds, "until_stable": until_stable}
    reference, fast = on_both_paths(lambda: run("exchange", arr, params=params))
    assert fast.outcome.extra["exchanges"] == reference.outcome.extra["exchanges"]
    np.testing.assert_array_equal(fast.forecast, reference.forecast)
    for name, values in reference.history.items():
        np.testing.assert_array_equal(fast.history[name], values)
    for name, values in reference.details.items():
        np.testing.assert_allclose(fast.details[name], values, rtol=1e-12, atol=1e-12)


def test_tied_candidates_go_in_canonical_order_on_both_paths(kernel_path):
    # a1 and a2 are the same actor, so the candidates a0–a1 and a0–a2 tie exactly. O0 = 160/2 = 80:
    # a1 moves all the way on i0 (δ0 = 100·0.2/2 = 10, rate 1), a0 moves 10·2/0.8 = 25 on i1; gain
    # 10·0.8 − 10·0.4 = 4. Recomputed, a0–a2 still gains 4 and comes second.
    sc = make_scenario([[100, 0], [0, 100], [0, 100]], [[0.8, 0.4], [0.2, 0.6], [0.2, 0.6]], [2, 1, 1])
    trades = solve(sc, "exchange", rounds=1).outcome.extra["exchanges"]
    assert [(t["actor_1"], t["actor_2"], t["to_2"]) for t in trades] == [("a1", "a0", 25.0), ("a2", "a0", 50.0)]
    assert [t["gain_1"] for t in trades] == pytest.approx([4, 4])
