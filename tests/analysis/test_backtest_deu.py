"""The DEU layout and the backtest on a synthetic data set computed by hand.

tests/fixtures/backtest/deu holds five issues:

- c99001i1 (1999, pre-Nice votes, COD, QMV, reference point 0, outcome 50): com (100, salience
  50), de (0, 100), lu (100, 50) take part; ep lacks a position; mt lacks pre-Nice votes.
  Capabilities de 10, lu 2, com = the largest state's 10. Mean: (10·50·100 + 2·50·100) /
  (500 + 1000 + 100) = 37.5, error 12.5. Weighted median: de at 0 carries 1000 of 1600,
  so 0, error 50. Status quo 0, error 50.
- c99001i2: no outcome. c99001i3: de lacks a salience, so two actors remain.
- c04002i1 (2004, Nice votes, CNS, unanimity, no reference point, outcome 20): com (60, 50),
  de (20, 50), mt (0, 100); capabilities 29, 29, 3. Mean: (1450·60 + 1450·20) / 3200 = 36.25,
  error 16.25. Median: mt 300 + de 1450 ≥ 1600, so 20, error 0. Status quo unknown.
- c11003i1 (2011, population, COD, QMV, reference point 100, outcome 100): com (100, 25),
  de (40, 25), mt (100, salience 0); capabilities 80, 80, 0.5. Mean: (2000·100 + 2000·40) /
  4000 = 70, error 30. Median: de carries exactly half, so 40 (lower median), error 60.
"""

from __future__ import annotations

import math
import shutil

import numpy as np
import pytest

from realpolitik.analysis.backtest import backtest
from realpolitik.analysis.cases import load_cases
from realpolitik.analysis.deu import period_label, regime_index
from realpolitik.errors import ParameterError, ScenarioError
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "backtest" / "deu"
MEAN_ERRORS = [12.5, 16.25, 30.0]


@pytest.fixture
def result():
    return backtest(load_cases(FIXTURE, group="issue"), ["mean", "median", "status-quo"], seed=7)


def summary_of(res, model, by=None):
    return {row["group"]: row for row in res.summary(by) if row["model"] == model}


def test_cases_scored_and_their_inputs():
    cases = load_cases(FIXTURE, group="issue")
    by_name = {c.name: c for c in cases.cases}
    assert list(by_name) == ["c99001i1", "c04002i1", "c11003i1"]  # by proposal year
    first = by_name["c99001i1"].scenario
    assert first.actor_ids == ("com", "de", "lu")
    assert [first.actor(a).capability.value for a in first.actor_ids] == [10, 10, 2]
    assert first.issue("c99001i1").status_quo.value == 0
    assert by_name["c04002i1"].scenario.issue("c04002i1").status_quo is None
    assert by_name["c04002i1"].scenario.actor("com").capability.value == 29
    assert by_name["c11003i1"].scenario.actor("com").capability.value == 80
    assert by_name["c11003i1"].outcomes == {"c11003i1": 100.0}


def test_decision_rules_and_labels():
    cases = {c.name: c for c in load_cases(FIXTURE, group="issue").cases}
    first = cases["c99001i1"].scenario.issue("c99001i1").rule  # COD, QMV, pre-Nice; ep lacks a position
    assert (first.quota, first.weighted, first.voters, first.veto, first.agenda_setter) == (
        pytest.approx(62 / 87), True, ("de", "lu"), (), "com")
    second = cases["c04002i1"].scenario.issue("c04002i1").rule  # CNS, unanimity
    assert (second.quota, second.voters, second.veto) == (1.0, ("de", "mt"), ())
    third = cases["c11003i1"].scenario.issue("c11003i1").rule  # COD, QMV(10), Lisbon
    assert (third.quota, third.weighted) == (pytest.approx(0.65), True)
    assert [c.labels["council_rule"] for c in cases.values()] == ["qmv", "unanimity", "qmv"]
    assert cases["c04002i1"].labels["procedure"] == "CNS"


def test_codecision_makes_the_parliament_a_veto_player(tmp_path):
    target = copy_fixture(tmp_path)
    positions = target / "deu_positions_long.csv"
    positions.write_text(positions.read_text().replace("c99001i1,ep,,", "c99001i1,ep,100,40"))
    rule = {c.name: c for c in load_cases(target, group="issue").cases}["c99001i1"].scenario.issue("c99001i1").rule
    assert (rule.voters, rule.veto) == (("de", "lu"), ("ep",))


def test_every_exclusion_is_counted_with_its_reason(result):
    counts = {(row["level"], row["model"], row["reason"]): row["count"] for row in result.exclusion_counts()}
    assert counts == {
        ("actor", None, "no position"): 2,
        ("actor", None, "no salience"): 1,
        ("actor", None, "no capability under rule 'regime'"): 1,
        ("issue", None, "no valid outcome"): 1,
        ("issue", None, "fewer than 3 actors with position and salience"): 1,
        ("model", "status-quo", "model 'status-quo' needs a status quo"): 1,
    }


def test_mean_scores_match_the_hand_computation(result):
    row = summary_of(result, "mean")["all"]
    e = np.array(MEAN_ERRORS)
    assert row["n"] == 3
    assert row["mae"] == pytest.approx(e.mean())
    assert row["median"] == pytest.approx(16.25)
    assert row["rmse"] == pytest.approx(math.sqrt((e**2).mean()))
    assert row["within_10"] == 0
    assert min(MEAN_ERRORS) <= row["mae_low"] <= row["mae"] <= row["mae_high"] <= max(MEAN_ERRORS)


def test_median_and_status_quo_by_hand(result):
    median = summary_of(result, "median")["all"]
    assert median["mae"] == pytest.approx((50 + 0 + 60) / 3)
    assert median["within_10"] == pytest.approx(1 / 3)
    sq = summary_of(result, "status-quo")["all"]
    assert (sq["n"], sq["mae"]) == (2, pytest.approx(25.0))


def test_breakdowns_by_procedure_and_period(result):
    by_proc = summary_of(result, "mean", "procedure")
    assert by_proc["COD"]["mae"] == pytest.approx((12.5 + 30) / 2)
    assert by_proc["CNS"]["mae"] == pytest.approx(16.25)
    by_period = summary_of(result, "mean", "period")
    assert by_period == {k: by_period[k] for k in ("pre-Nice (–2001)", "Nice (2002–2009)", "Lisbon (2010–)")}
    assert [by_period[k]["mae"] for k in by_period] == pytest.approx(MEAN_ERRORS)


def test_paired_comparison_on_common_issues(result):
    pairs = {(c["a"], c["b"]): c for c in result.comparisons()}
    mean_vs_median = pairs[("mean", "median")]
    assert mean_vs_median["n"] == 3
    assert mean_vs_median["difference"] == pytest.approx(np.mean(MEAN_ERRORS) - 110 / 3)
    sq_vs_mean = pairs[("mean", "status-quo")]  # common issues: c99001i1 and c11003i1
    assert sq_vs_mean["n"] == 2
    assert sq_vs_mean["difference"] == pytest.approx((12.5 + 30) / 2 - 25)


def test_equal_capability_rule_by_hand():
    # every actor capability 1: mt now takes part in c99001i1 → (5000 + 5000 + 2500) / 250 = 50;
    # c04002i1 → (3000 + 1000) / 200 = 20; c11003i1 → (2500 + 1000) / 50 = 70
    res = backtest(load_cases(FIXTURE, "equal", group="issue"), ["mean"], seed=1)
    assert [r.forecast for r in res.records] == pytest.approx([50, 20, 70])
    assert not any("capability" in e.reason for e in res.exclusions)


def test_bootstrap_is_reproducible_from_the_seed():
    cases = load_cases(FIXTURE, group="issue")
    a = backtest(cases, ["mean", "median"], seed=11).to_dict()
    b = backtest(cases, ["mean", "median"], seed=11).to_dict()
    assert a == b
    alone = backtest(cases, ["mean"], seed=11).summary()[0]
    assert alone == a["summary"][0]  # a model's figures do not depend on the other models run


def test_regimes_by_year():
    assert [regime_index(y) for y in (1995, 2001, 2002, 2009, 2010, 2020)] == [0, 0, 1, 1, 2, 2]
    assert period_label(2005) == "Nice (2002–2009)"


def test_unknown_capability_rule():
    with pytest.raises(ParameterError, match="unknown capability rule 'votes'"):
        load_cases(FIXTURE, "votes")


def copy_fixture(tmp_path):
    target = tmp_path / "deu"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.mark.parametrize("file, old, new, message", [
    ("deu_issues.csv", "counvte", "rule", "deu_issues.csv: header: missing column(s): counvte"),
    ("deu_issues.csv", "c04002i1,CNS,Unan", "c04002i1,CNS,Majority", "line 5: unknown Council voting rule"),
    ("deu_issues.csv", "2004,test,,20", "2004,test,,x", "line 5: 'out' value 'x' is not a number"),
    ("deu_issues.csv", "2004,test,,20", "2004,test,,120", "line 5: 120 in column 'out' is outside the scale"),
    ("deu_positions_long.csv", "c04002i1,de,20,50", "c04002i1,de,200,50", "line 14: position 200 is outside"),
    ("deu_positions_long.csv", "c04002i1,de,20,50", "c05i1,de,20,50", "line 14: issue 'c05i1' is not in"),
    ("deu_positions_long.csv", "c04002i1,de,20,50", "c04002i1,com,20,50", "line 14: second row for actor 'com'"),
    ("council_capability_proxies.csv", "lu,2,4,0.5", "lu,-2,4,0.5", "line 3: capability proxy -2"),
])
def test_bad_input_names_file_place_and_problem(tmp_path, file, old, new, message):
    target = copy_fixture(tmp_path)
    path = target / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ScenarioError) as err:
        load_cases(target, group="issue")
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))


def test_missing_files(tmp_path):
    target = copy_fixture(tmp_path)
    (target / "deu_positions_long.csv").unlink()
    with pytest.raises(ScenarioError, match="deu_positions_long.csv: file not found"):
        load_cases(target, group="issue")
    with pytest.raises(ScenarioError, match="not a directory"):
        load_cases(tmp_path / "nowhere")
    with pytest.raises(ScenarioError, match="holds neither deu_issues.csv"):
        load_cases(tmp_path)


def test_position_sd_gives_draws_and_coverage():
    cases = load_cases(FIXTURE, position_sd=10.0, group="issue")
    stance = cases.cases[0].scenario.stance("de", "c99001i1")
    assert (stance.position.value, stance.position.sd) == (0.0, 10.0)
    res = backtest(cases, ["mean"], seed=3, draws=64)
    (row,) = res.coverage()
    assert row["n"] == 3
    assert 0 <= row["coverage_50"] <= row["coverage_90"] <= 1
    assert all(r.q05 <= r.q25 <= r.forecast <= r.q75 <= r.q95 for r in res.records)
    exact = load_cases(FIXTURE, group="issue")
    assert backtest(exact, ["mean"], seed=3, draws=64).coverage() == []  # exact inputs: no draws


def test_negative_position_sd_is_refused():
    with pytest.raises(ParameterError, match="position sd"):
        load_cases(FIXTURE, position_sd=-1.0)


def test_fixed_column_rule_drops_actors_without_a_value():
    # pre-Nice votes for every year: mt has none, so c04002i1 and c11003i1 keep com and de only
    cases = load_cases(FIXTURE, "pre-nice", group="issue")
    assert [c.name for c in cases.cases] == ["c99001i1"]
    dropped = [e.item for e in cases.exclusions if e.reason == "no capability under rule 'pre-nice'"]
    assert dropped == ["c99001i1:mt", "c04002i1:mt", "c11003i1:mt"]
    short = [e.item for e in cases.exclusions if e.reason == "fewer than 3 actors with position and salience"]
    assert short == ["c99001i3", "c04002i1", "c11003i1"]
