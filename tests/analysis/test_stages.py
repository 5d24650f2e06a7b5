"""Staged negotiations: each stage's outcome becomes the next stage's status quo."""

from __future__ import annotations

import math

import pytest

from realpolitik.analysis.stages import run_stages
from realpolitik.errors import ModelNotApplicable
from realpolitik.scenario.rules import DecisionRule
from realpolitik.scenario.stages import PositionShift, Stage, stage_scenario
from tests.conftest import make_scenario

# a0 at (80, 20), a1 at (60, 40), equal weights; status quo x = 10, y = 50
BASE = make_scenario([[80, 20], [60, 40]], [[1, 1], [1, 1]], [1, 1], status_quo=[10, 50])


def test_one_stage_without_stages_decides_everything_at_once():
    r = run_stages(BASE, "mean")
    assert [s.stage.id for s in r.steps] == ["all"]
    assert r.end == {"i0": 70, "i1": 30}
    assert r.start == {"i0": 10, "i1": 50}


def test_outcome_of_a_stage_is_the_next_status_quo():
    # stage 1 decides x by unanimity with the broker at the weighted median (lower median 60):
    # both actors are right of 10, the win-set is [10, 100], so x = 60.
    # stage 2 decides x again after a0 moves 30 to the left (80 → 50): a1 sits on the new status quo
    # 60 and accepts no move, so x stays 60. Had the status quo stayed at 10, the win-set would be
    # [10, 90] and the proposal the lower median 50.
    stages = (Stage("first", issues=("i0",)), Stage("second", issues=("i0",), shifts=(PositionShift("a0", "i0", -30),)))
    r = run_stages(BASE.replace(stages=stages), "procedural")
    assert r.steps[0].outcome() == {"i0": 60}
    assert r.steps[1].start == {"i0": 60}
    assert r.steps[1].outcome() == {"i0": 60}
    unchained = run_stages(BASE.replace(stages=(stages[1],)), "procedural")
    assert unchained.end["i0"] == 50
    assert r.end == {"i0": 60, "i1": 50}  # y was never decided: it stays at its status quo
    rows = r.path()
    assert [(row["stage"], row["issue"], row["status_quo"], row["outcome"]) for row in rows] == [
        ("first", "i0", 10, 60), ("second", "i0", 60, 60)]


def test_stage_actors_rules_and_shifts():
    # stage 1: only a1 decides y (mean = its position 40); stage 2: both decide x under a rule that
    # gives a1 a veto; a1 at 60 accepts x in [10, 110], so the mean 70 passes; stage 3 shifts a1 to 30
    # and decides x again from the status quo 70: a1 now accepts anything in [-10, 70].
    rule = DecisionRule.qualified_majority(0.5, veto=("a1",))
    stages = (Stage("bilateral", issues=("i1",), actors=("a1",)),
              Stage("multilateral", issues=("i0",), rules={"i0": rule}),
              Stage("after", issues=("i0",), rules={"i0": rule}, shifts=(PositionShift("a1", "i0", -30),)))
    r = run_stages(BASE.replace(stages=stages), "mean", rules=True)
    assert r.steps[0].outcome() == {"i1": 40}
    assert r.steps[1].outcome() == {"i0": 70}
    # mean of 80 and 30 = 55 lies left of the status quo 70: a0 (at 80) has no veto, a1 (at 30) welcomes it
    assert r.steps[2].outcome() == {"i0": 55}
    assert r.end == {"i0": 55, "i1": 40}


def test_stage_scenario_keeps_only_its_issues_and_actors_and_clips_shifts():
    stage = Stage("s", issues=("i0",), actors=("a0",))
    sc = stage_scenario(BASE, stage, {"i0": 33.0}, {("a0", "i0"): 50.0})
    assert sc.issue_ids == ("i0",) and sc.actor_ids == ("a0",)
    assert sc.issue("i0").status_quo.value == 33
    assert sc.stance("a0", "i0").position.value == 100  # 80 + 50, cut to the scale
    assert sc.stages == ()


def test_json_of_the_path_has_no_nan():
    sc = make_scenario([[80], [60]], [[1], [1]], [1, 1])
    d = run_stages(sc, "mean").to_dict()
    assert d["start"] == {"i0": None} and d["end"]["i0"] == 70
    assert not any(isinstance(v, float) and math.isnan(v) for row in d["path"] for v in row.values()
                   if v is not None)


def test_models_needing_a_status_quo_get_it_from_earlier_stages():
    sc = make_scenario([[80], [60]], [[1], [1]], [1, 1])  # no status quo at all
    stages = (Stage("first"), Stage("second"))
    with pytest.raises(ModelNotApplicable, match="needs a status quo"):
        run_stages(sc.replace(stages=stages), "procedural")
    r = run_stages(sc.replace(stages=stages), "mean")
    assert r.steps[1].start == {"i0": 70}


def test_staged_draws_chain_each_draw_and_hold_it_to_its_own_winset():
    # a0's position on x is uncertain; stage 1 decides x freely (mean), stage 2 decides it again under
    # unanimity (no rule given) after a0 moves 30 left. In every draw b, stage 2 starts from draw b's
    # stage-1 outcome and can only move x to where both actors are at least as well off.
    import numpy as np

    from realpolitik.analysis.sampling import Sampler
    from realpolitik.rng import seed_sequence
    from tests.analysis.uncertain import with_uncertainty

    sc = with_uncertainty(BASE, a0_i0_position={"low": 40.0, "high": 100.0})
    stages = (Stage("first", issues=("i0",)), Stage("second", issues=("i0",), shifts=(PositionShift("a0", "i0", -30),)))
    r = run_stages(sc.replace(stages=stages), "mean", rules=True, draws=200, seed=3)
    first, second = r.steps[0].result.forecast[:, 0], r.steps[1].result.forecast[:, 0]
    base = Sampler(sc).draw(200, np.random.default_rng(seed_sequence(3)))
    a0 = np.clip(base.position[:, 0, 0] - 30, 0, 100)
    a1 = base.position[:, 1, 0]
    assert first.std() > 1  # the draws differ
    assert np.allclose(first, (base.position[:, 0, 0] + a1) / 2)  # stage 1: unanimity lets the mean pass from 10
    for pos in (a0, a1):
        assert np.all(np.abs(second - pos) <= np.abs(first - pos) + 1e-9)
    assert r.end_draws()[:, 0].tolist() == second.tolist() and r.end_draws()[:, 1].tolist() == [50.0] * 200
    assert r.end["i0"] == pytest.approx(np.median(second))
    summary = r.as_result(sc)
    assert summary.forecast.shape == (200, 2) and summary.n_draws == 200


def test_staged_draws_without_uncertainty_repeat_the_central_path():
    stages = (Stage("first", issues=("i0",)), Stage("second", issues=("i0",), shifts=(PositionShift("a0", "i0", -30),)))
    sc = BASE.replace(stages=stages)
    central = run_stages(sc, "procedural").end
    drawn = run_stages(sc, "procedural", draws=5, seed=1).end_draws()
    assert drawn.tolist() == [[central["i0"], central["i1"]]] * 5


def test_staged_result_keeps_which_rule_bound_each_issue():
    # x: a0 at 80 and a1 at 60 sit on both sides of the status quo 70; the mean (80·1 + 60·3) / 4 = 65 is what a1
    # wants, a0 vetoes it under unanimity (no rule given), so x stays 70; y (never decided) is not bound
    sc = make_scenario([[80, 20], [60, 40]], [[1, 1], [1, 1]], [1, 3], status_quo=[70, 50])
    sc = sc.replace(stages=(Stage("one", issues=("i0",)),))
    r = run_stages(sc, "mean", rules=True).as_result(sc)
    assert r.forecast.tolist() == [[70.0, 50.0]]
    assert r.details["rule_bound"].tolist() == [[True, False]]
    assert r.details["veto_bound"][0, :, 0].tolist() == [True, False]
