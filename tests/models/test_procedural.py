"""The procedural model and the rule constraint: hand-computed cases and invariants."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from realpolitik import run
from realpolitik.errors import ModelNotApplicable
from realpolitik.models.runner import solve
from realpolitik.scenario.rules import DecisionRule
from tests.conftest import make_scenario, random_scenario


def with_rule(sc, rule, issue=0):
    issues = tuple(dataclasses.replace(i, rule=rule) if k == issue else i for k, i in enumerate(sc.issues))
    return sc.replace(issues=issues)


# voters at 20, 60, 80 (a0, a1, a2) with equal weights; status quo 50
THREE = make_scenario([[20], [60], [80]], [[1], [1], [1]], [1, 1, 1], status_quo=[50])


@pytest.mark.parametrize(("setter_position", "expected"), [(90, 70), (65, 65), (30, 50)])
def test_setter_proposes_its_favourite_point_of_the_winset(setter_position, expected):
    # simple majority: the win-set is [50, 70] (see tests/analysis/test_winset.py)
    sc = make_scenario([[20], [60], [80], [setter_position]], [[1]] * 4, [1] * 4, status_quo=[50])
    rule = DecisionRule.qualified_majority(0.5, voters=("a0", "a1", "a2"), agenda_setter="a3")
    r = solve(with_rule(sc, rule), "procedural")
    assert r.forecast[0, 0] == pytest.approx(expected)
    assert r.details["winset_lower"][0, 0] == 50 and r.details["winset_upper"][0, 0] == 70
    assert bool(r.details["rule_bound"][0, 0]) == (setter_position != expected)


def test_default_is_unanimity_and_the_broker_at_the_weighted_median():
    # no rule: unanimity of a0..a2. a0 at 20 wants no move right, a1 and a2 none left: only 50 survives.
    assert solve(THREE, "procedural").forecast[0, 0] == 50
    # all to the right of the status quo 0: unanimity allows [0, 100] (2·60 − 0 cut to the scale); the
    # weighted median (weights 1, 3, 1 → the actor at 70) is proposed.
    sc = make_scenario([[60], [70], [80]], [[1], [1], [1]], [1, 3, 1], status_quo=[0])
    r = solve(sc, "procedural")
    assert r.forecast[0, 0] == 70 and not r.details["rule_bound"][0, 0]
    # status quo 40: the actor at 60 accepts at most 80, so the median 70 passes; at status quo 55 only up to 65
    assert solve(sc.with_value("i0.status_quo", 40), "procedural").forecast[0, 0] == 70
    r = solve(sc.with_value("i0.status_quo", 55), "procedural")
    assert r.forecast[0, 0] == 65 and r.details["veto_bound"][0, :, 0].tolist() == [True, False, False]
    assert "unanimity, by default" in r.notes[0] and "veto of a0" in r.notes[0]


def test_needs_a_status_quo():
    sc = make_scenario([[20], [60]], [[1], [1]], [1, 1])
    with pytest.raises(ModelNotApplicable, match="procedural.*status quo.*i0"):
        solve(sc, "procedural")


def test_constraint_projects_any_model_and_names_the_veto():
    # mean of 20, 60, 80 = 53.33; a veto player at 50 (the status quo) stops every move
    sc = with_rule(THREE.with_value("a0.i0.position", 50), DecisionRule.qualified_majority(0.5, veto=("a0",)))
    free = solve(sc, "mean")
    held = solve(sc, "mean", rules=True)
    assert free.forecast[0, 0] == pytest.approx(190 / 3)
    assert held.forecast[0, 0] == 50
    assert held.details["unconstrained"][0, 0] == pytest.approx(190 / 3)
    assert held.details["veto_bound"][0, :, 0].tolist() == [True, False, False]
    assert not held.details["quota_bound"][0, 0]
    assert held.notes and "veto of a0" in held.notes[-1] and "win-set 50–50" in held.notes[-1]


def test_constraint_leaves_forecasts_inside_the_winset_and_issues_without_rules():
    sc = make_scenario([[20, 20], [60, 60], [80, 80]], [[1, 1]] * 3, [1, 1, 1], status_quo=[50, 50])
    sc = with_rule(sc, DecisionRule.qualified_majority(0.5))  # win-set [50, 70] on i0 only
    free, held = solve(sc, "median"), solve(sc, "median", rules=True)
    assert free.forecast[0].tolist() == [60, 60] and held.forecast[0].tolist() == [60, 60]
    assert not held.details["rule_bound"].any()
    assert np.isnan(held.details["winset_lower"][0, 1]) and held.details["winset_upper"][0, 0] == 70
    # a model without rules in the scenario is left alone
    assert solve(THREE, "mean", rules=True).details == {}


def test_quota_binding_is_reported():
    sc = with_rule(THREE, DecisionRule.qualified_majority(0.9))  # 3 of 3 needed, no veto named
    r = solve(sc, "mean", rules=True)
    assert r.forecast[0, 0] == 50 and r.details["quota_bound"][0, 0]
    assert "held by the quota" in r.notes[-1]


def _random_ruled(seed: int):
    rng = np.random.default_rng(seed)
    sc = random_scenario(rng, n=6, k=3)
    ids = sc.actor_ids
    rules = [DecisionRule.qualified_majority(float(rng.uniform(0.3, 1.0)), weighted=bool(rng.random() < 0.5),
                                             veto=tuple(rng.choice(ids, 2, replace=False)),
                                             agenda_setter=str(rng.choice(ids))),
             DecisionRule.unsc(tuple(ids[:3]), elected=tuple(ids[3:5]), others_position=float(rng.uniform(0, 100))),
             None]
    return sc.replace(issues=tuple(dataclasses.replace(i, rule=r) for i, r in zip(sc.issues, rules, strict=True)))


@pytest.mark.parametrize("seed", range(6))
def test_invariants_under_rules(seed):
    sc = _random_ruled(seed)
    arr = sc.arrays()
    order = np.random.default_rng(seed).permutation(arr.n_actors)
    lo = np.minimum(np.nanmin(arr.position, axis=1), arr.status_quo)
    hi = np.maximum(np.nanmax(arr.position, axis=1), arr.status_quo)
    for model, rules in (("procedural", False), ("mean", True), ("median", True)):
        a = run(model, arr, rules=rules)
        b = run(model, arr.take_actors(order), rules=rules)
        assert np.allclose(a.forecast, b.forecast)
        assert np.all(a.forecast >= lo - 1e-9) and np.all(a.forecast <= hi + 1e-9)
        ws_lo, ws_hi = a.details["winset_lower"], a.details["winset_upper"]
        ruled = ~np.isnan(ws_lo)
        assert np.all(a.forecast[ruled] >= ws_lo[ruled] - 1e-9) and np.all(a.forecast[ruled] <= ws_hi[ruled] + 1e-9)
    batch = arr.repeat(3).with_(status_quo=np.array([[10.0] * 3, [50.0] * 3, [90.0] * 3]))
    both = run("procedural", batch).forecast
    singles = np.concatenate([run("procedural", batch.draw(b)).forecast for b in range(3)])
    assert np.allclose(both, singles)


def test_notes_over_draws_give_shares():
    # draw 0: status quo 50 with a veto player at 50 (nothing moves); draw 1: status quo 20, where the
    # veto player accepts moves up to 80, so the mean 190/3 passes
    sc = with_rule(THREE.with_value("a0.i0.position", 50), DecisionRule.qualified_majority(0.5, veto=("a0",)))
    arr = sc.arrays().repeat(2)
    arr = arr.with_(status_quo=np.array([[50.0], [20.0]]))
    r = run("mean", arr, rules=True)
    assert r.forecast[:, 0] == pytest.approx([50, 190 / 3])
    assert r.details["rule_bound"][:, 0].tolist() == [True, False]
    assert "in 50% of draws" in r.notes[-1] and "veto of a0 (50%)" in r.notes[-1]
