"""Advice: hand-computed gains, labels, invariants and bad input."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import realpolitik as rp
from realpolitik.analysis.advise import advise
from realpolitik.analysis.moves import Move, MoveGrid, candidates
from realpolitik.errors import ParameterError, ScenarioError
from tests.analysis.uncertain import noisy_random_scenario
from tests.conftest import EXAMPLE, make_scenario

ROADMAP = EXAMPLE.parent / "korea-2019-roadmap.yaml"


def _three():
    # one issue; weights c·s = 1 (a0 at 20), 2 (a1 at 50), 1 (a2 at 80): mean forecast 50
    return make_scenario([[20.0], [50.0], [80.0]], [[1.0], [0.5], [0.25]], [1.0, 4.0, 4.0], status_quo=[40.0])


def _gain(advice, text: str, model: str = "mean") -> float:
    r = next(r for r in advice.ranked if r.move.text == text)
    return next(s for s in r.stats if s.model == model).median


def test_compromise_gain_of_own_position_shift_in_closed_form():
    # a0 (weight 1 of 4) states 20 - d: the mean falls by d/4, toward a0's true ideal 20; gain = s·d/4
    sc = _three()
    for d in (5.0, 10.0):
        move = Move("position", f"shift {d}", "a0", "i0", amount=-d)
        a = advise(sc, "a0", ["mean"], draws=1, seed=0, moves=[move])
        assert _gain(a, move.text) == pytest.approx(1.0 * d / 4)


def test_compromise_gain_on_a_scale_other_than_0_100_is_in_points_of_100():
    sc = make_scenario([[2.0], [5.0], [8.0]], [[1.0], [0.5], [0.25]], [1.0, 4.0, 4.0], lower=0.0, upper=10.0)
    move = Move("position", "shift", "a0", "i0", amount=-1.0)
    a = advise(sc, "a0", ["mean"], draws=1, seed=0, moves=[move])
    assert _gain(a, "shift") == pytest.approx(10 * 1.0 / 4)


def test_best_persuasion_target_is_largest_weight_per_unit_cost():
    # client a0 at 0 (salience 0.5); under the mean a move of actor j by 10 gains 0.5·10·w_j/W,
    # and costs 1 step × s_j under the salience cost model: the best is the largest c·s/s = c
    sc = make_scenario([[0.0], [60.0], [70.0], [90.0]], [[0.5], [0.9], [0.3], [0.6]], [1.0, 2.0, 5.0, 3.0])
    a = advise(sc, "a0", ["mean"], kinds="persuasion", draws=1, seed=0)
    w = np.array([0.5, 1.8, 1.5, 1.8])
    gains = {f"a{j}": 0.5 * 10 * w[j] / w.sum() for j in (1, 2, 3)}
    for r in a.ranked:
        assert r.score == pytest.approx(gains[r.move.actor])
        assert r.move.cost == pytest.approx([0.9, 0.3, 0.6][int(r.move.actor[1]) - 1])
    assert [r.move.actor for r in a.targets()] == ["a2", "a3", "a1"]  # capabilities 5 > 3 > 2
    flat = advise(sc, "a0", ["mean"], kinds="persuasion", draws=1, seed=0, grid=MoveGrid(cost_model="flat"))
    assert {r.move.actor for r in flat.targets()[:2]} == {"a1", "a3"}  # flat cost: largest weight c·s


def test_nash_public_outside_option_strengthening_is_monotone_for_its_holder():
    sc = make_scenario([[80.0], [20.0], [40.0]], [[1.0], [1.0], [0.8]], [1.0, 1.0, 1.0], status_quo=[20.0],
                       outside={(0, 0): (70.0, 0.1)})
    stances = tuple(dataclasses.replace(s, outside=dataclasses.replace(s.outside, public=True))
                    if s.outside else s for s in sc.stances)
    sc = sc.replace(stances=stances)
    moves = [Move("outside", f"+{d}", "a0", "i0", amount=d, action="strengthen") for d in (0.2, 0.4, 0.6, 0.8)]
    a = advise(sc, "a0", ["nash"], draws=1, seed=0, moves=moves)
    gains = [_gain(a, m.text, "nash") for m in moves]
    assert gains[0] > 0
    assert all(b >= g - 1e-9 for g, b in zip(gains, gains[1:], strict=False))


def test_doing_nothing_gains_exactly_zero_and_is_never_ranked():
    sc = noisy_random_scenario(np.random.default_rng(1), n=4, k=2)
    nothing = [Move("position", "nothing", "a0", "i0", amount=0.0),
               Move("persuasion", "a1 onto itself", "a1", "i0", amount=0.0)]
    a = advise(sc, "a0", ["mean", "nash"], draws=50, seed=3, moves=nothing)
    assert a.ranked == () and {m.text for m in a.unmoved} == {"nothing", "a1 onto itself"}


def test_a_move_on_an_issue_without_the_actor_is_never_generated_nor_ranked():
    sc = make_scenario([[10.0, 30.0], [60.0, 90.0], [70.0, 20.0]], [[1.0, 1.0], [0.5, 0.5], [0.5, 0.5]],
                       [1.0, 1.0, 1.0], present=[[True, True], [True, False], [True, True]])
    moves = candidates(sc, "a0", ("persuasion", "coalition"), MoveGrid(coalition_salience=0.0))
    assert not any(m.actor == "a1" and m.issue == "i1" for m in moves)
    absent = Move("persuasion", "a1 on i1", "a1", "i1", amount=10.0)
    a = advise(sc, "a0", ["mean"], draws=1, seed=0, moves=[absent])
    assert a.ranked == ()


def test_same_seed_same_ranking_and_actor_order_irrelevant():
    sc = noisy_random_scenario(np.random.default_rng(2), n=4, k=2)
    a = advise(sc, "a1", ["mean", "median", "nash"], draws=40, seed=5)
    b = advise(sc, "a1", ["mean", "median", "nash"], draws=40, seed=5)
    assert [(r.move.text, r.score) for r in a.ranked] == [(r.move.text, r.score) for r in b.ranked]
    reordered = sc.replace(actors=tuple(reversed(sc.actors)))
    single = advise(sc, "a1", ["mean", "nash"], draws=1, seed=5)
    other = advise(reordered, "a1", ["mean", "nash"], draws=1, seed=5)
    assert [r.move.text for r in single.ranked] == [r.move.text for r in other.ranked]
    np.testing.assert_allclose([r.score for r in single.ranked], [r.score for r in other.ranked], atol=1e-9)


def test_models_that_ignore_outside_options_say_they_cannot_express_the_move():
    sc = _three()
    a = advise(sc.replace(), "a0", ["mean", "nash"], kinds="outside", draws=1, seed=0)
    for r in a.ranked:
        mean = next(s for s in r.stats if s.model == "mean")
        assert not mean.expressed and "mean cannot express it" in r.sentence


def test_labels_follow_the_stated_rule():
    sc = noisy_random_scenario(np.random.default_rng(4), n=5, k=2)
    a = advise(sc, "a0", ["mean", "median", "nash"], draws=60, seed=1)
    assert a.ranked
    for r in a.ranked:
        shown = [s for s in r.stats if s.expressed]
        if r.label == "robust":
            assert all(s.p_gain >= 0.9 for s in shown)
        elif r.label == "harmful":
            assert sum(s.median < 0 for s in shown) > len(shown) / 2
        elif r.label == "model-dependent":
            assert any(s.median > 0 for s in shown) and not all(s.median > 1e-9 for s in shown)
    scores = [r.score for r in a.ranked]
    assert scores == sorted(scores, reverse=True)


def test_sequencing_moves_are_stage_orders_and_the_baseline_is_the_staged_path():
    sc = rp.load(ROADMAP)
    from realpolitik.analysis.stages import run_stages
    a = advise(sc, "DPRK", ["mean", "nash"], kinds="sequencing", draws=1, seed=0)
    for m in ("mean", "nash"):
        end = run_stages(sc, m, rules=True).end
        np.testing.assert_allclose(a.baseline[m], [end[i] for i in sc.issue_ids])
    moves = candidates(sc, "DPRK", ("sequencing",), MoveGrid())
    assert len(moves) == 23 and all(m.order and len(m.order) == 4 for m in moves)


def test_sequencing_matters_when_an_issue_is_decided_twice():
    sc = rp.load(ROADMAP)
    from realpolitik.scenario.stages import Stage
    stages = (Stage("bilateral", issues=("sequencing",), actors=("DPRK", "HARDLINERS", "USA", "ROK")),
              Stage("everyone", issues=("sequencing",)))
    sc = sc.replace(stages=stages)
    # under the mean the last stage decides: all actors 49.2, the bilateral four 41.3; DPRK's ideal is 90
    a = advise(sc, "DPRK", ["mean"], kinds="sequencing", draws=1, seed=0)
    assert len(a.ranked) == 1 and a.ranked[0].move.order == ("everyone", "bilateral")
    assert a.ranked[0].label == "harmful" and a.ranked[0].score == pytest.approx(-0.85 * (49.212 - 41.281), abs=0.01)


def test_to_frame_and_to_dict():
    a = advise(_three(), "a0", ["mean", "nash"], draws=20, seed=1)
    frame = a.to_frame(3)
    assert set(frame["model"]) == {"mean", "nash"} and frame["rank"].max() <= 3
    d = a.to_dict(3)
    assert d["actor"] == "a0" and len(d["moves"]) <= 3 and d["moves"][0]["advice"].endswith(".")


def test_api_advise_matches_the_analysis():
    sc = rp.load(EXAMPLE)
    a = rp.advise(sc, "DPRK", models=["mean"], moves="focus", draws=10, seed=2)
    assert a.advice.ranked and all(r.move.kind == "focus" for r in a.advice.ranked)
    assert a.to_dict() == advise(sc, "DPRK", ["mean"], kinds="focus", draws=10, seed=2).to_dict(10)


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"actor": "NOBODY"}, ScenarioError), ({"kinds": "bribe"}, ParameterError), ({"draws": 0}, ParameterError),
    ({"draws": 10**6}, ParameterError), ({"models": ["nope"]}, ParameterError),
])
def test_bad_input(kwargs, error):
    args = {"actor": "a0", "models": ["mean"], "draws": 1, **kwargs}
    with pytest.raises(error):
        advise(_three(), args.pop("actor"), args.pop("models"), **args)


def test_scenario_from_shared_data(shared_data):
    sc = rp.load(shared_data / "ktab" / "dummyData_3Dim.csv")
    actor = sc.actor_ids[0]
    a = advise(sc, actor, ["mean", "median", "nash"], draws=1, seed=0)
    assert a.ranked and a.ranked[0].score > 0


def test_a_coalition_at_the_weighted_midpoint_leaves_the_compromise_forecast_unmoved():
    # Σ c·s·x is unchanged when two actors both move to their c·s weighted mean
    sc = noisy_random_scenario(np.random.default_rng(8), n=4, k=2)
    a = advise(sc, "a0", ["mean"], kinds="coalition", draws=20, seed=1, grid=MoveGrid(coalition_salience=0.0))
    assert a.ranked == () and len(a.unmoved) > 0


def test_scenario_from_a_decide_sample(shared_data):
    sc = rp.load(shared_data / "decide" / "sample_data.txt")
    actor = sc.actor_ids[0]
    a = advise(sc, actor, ["mean", "median"], draws=1, seed=0)
    assert a.ranked and a.ranked[0].score > 0 and actor in a.ranked[0].sentence
    assert a.to_dict(5)["moves"][0]["rank"] == 1


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=3, max_size=5), st.lists(st.floats(0.1, 1), min_size=5, max_size=5),
       st.floats(-30, 30).filter(lambda d: abs(d) > 0.01))
def test_compromise_gain_of_any_own_shift_matches_the_closed_form(xs, ss, d):
    # mean model: stating x_c + d moves the forecast by w_c·d'/W (d' the clipped shift);
    # the gain is s_c·(|f0 − x_c| − |f1 − x_c|)
    n = len(xs)
    sc = make_scenario([[x] for x in xs], [[s] for s in ss[:n]], [1.0] * n)
    move = Move("position", "shift", "a0", "i0", amount=d)
    a = advise(sc, "a0", ["mean"], draws=1, seed=0, moves=[move])
    w = np.array(ss[:n])
    f0 = float(np.dot(w, xs) / w.sum())
    f1 = f0 + w[0] * (float(np.clip(xs[0] + d, 0, 100)) - xs[0]) / w.sum()
    expected = ss[0] * (abs(f0 - xs[0]) - abs(f1 - xs[0]))
    got = a.ranked[0].stats[0].median if a.ranked else 0.0
    assert got == pytest.approx(expected, abs=1e-6)
