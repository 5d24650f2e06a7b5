"""The generic backtest layout: scenario files plus outcomes.csv.

tests/fixtures/backtest/generic by hand (mean model):

- pact.yaml, tax (0–100, outcome 40): capabilities 50, 30, 20, equal saliences,
  positions 20, 60, 80 → 44, error 4.
- pact.yaml, aid (0–10, outcome 5): A (50, at 8), B (30, at 4) → 6.5; error 1.5 on a
  0–10 scale = 15 points.
- trade.csv, tariff (outcome 30): weights 50, 50, 100 at 0, 100, 50 → 50, error 20.
- trade.csv, quota: no outcome.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis.backtest import backtest
from realpolitik.analysis.cases import Case, CaseSet, load_cases
from realpolitik.errors import ParameterError, ScenarioError
from tests.conftest import ROOT, make_scenario

FIXTURE = ROOT / "tests" / "fixtures" / "backtest" / "generic"


def test_generic_layout_scores_by_hand():
    res = backtest(load_cases(FIXTURE), ["mean", "status-quo"], seed=5)
    errors = {(r.case, r.issue): r.error for r in res.records if r.model == "mean"}
    assert errors == {("pact.yaml", "tax"): pytest.approx(4), ("pact.yaml", "aid"): pytest.approx(15),
                      ("trade.csv", "tariff"): pytest.approx(20)}
    rows = {row["model"]: row for row in res.summary()}
    assert rows["mean"]["mae"] == pytest.approx(13)
    # only pact.yaml's tax has a status quo (30, outcome 40): status-quo runs on that issue alone
    assert rows["status-quo"]["n"] == 1 and rows["status-quo"]["mae"] == pytest.approx(10)
    counts = {(row["model"], row["reason"]): row["count"] for row in res.exclusion_counts()}
    assert counts == {(None, "no outcome given"): 1, ("status-quo", "model 'status-quo' needs a status quo"): 2}
    by_procedure = {row["group"]: row["mae"] for row in res.summary("procedure") if row["model"] == "mean"}
    assert by_procedure == {"treaty": pytest.approx(9.5), "trade": pytest.approx(20)}


def test_grouping_by_issue_splits_scenarios_and_keeps_the_errors():
    grouped, split = load_cases(FIXTURE), load_cases(FIXTURE, group="issue")
    assert [c.name for c in grouped.cases] == ["pact.yaml", "trade.csv"]
    assert [c.name for c in split.cases] == ["pact.yaml:tax", "pact.yaml:aid", "trade.csv:tariff"]
    assert [c.scenario.issue_ids for c in split.cases] == [("tax",), ("aid",), ("tariff",)]
    assert split.cases[0].labels == {"proposal": "pact.yaml", "procedure": "treaty"}
    a = {r.issue: r.error for r in backtest(grouped, ["mean"], seed=1).records}
    b = {r.issue: r.error for r in backtest(split, ["mean"], seed=1).records}
    assert a == pytest.approx(b)  # the mean treats issues one at a time


def test_capability_rule_is_refused_for_the_generic_layout():
    with pytest.raises(ParameterError, match="apply to the DEU layout only"):
        load_cases(FIXTURE, "equal")


def test_draws_give_interval_coverage_for_uncertain_inputs(tmp_path):
    target = tmp_path / "generic"
    shutil.copytree(FIXTURE, target)
    pact = target / "pact.yaml"
    pact.write_text(pact.read_text().replace("tax: {position: 20, salience: 100}",
                                             "tax: {position: {value: 20, sd: 30}, salience: 100}"))
    res = backtest(load_cases(target), ["mean"], seed=5, draws=200)
    (row,) = res.coverage()
    assert row["n"] == 2  # only pact.yaml has uncertain inputs
    assert 0 <= row["coverage_50"] <= row["coverage_90"] <= 1
    tax = next(r for r in res.records if r.issue == "tax")
    assert tax.q05 < tax.q25 < tax.forecast < tax.q75 < tax.q95
    assert backtest(load_cases(target), ["mean"], seed=5, draws=200).to_dict() == res.to_dict()


@pytest.mark.parametrize("old, new, message", [
    ("scenario,issue,outcome", "scenario,issue,result", "outcomes.csv: header: missing column(s): outcome"),
    ("pact.yaml,aid,5", "pacts.yaml,aid,5", "line 3: scenario file 'pacts.yaml' not found"),
    ("pact.yaml,aid,5", "pact.yaml,aids,5", "line 3: scenario 'pact.yaml' has no issue 'aids'"),
    ("pact.yaml,aid,5", "pact.yaml,aid,five", "line 3: 'outcome' value 'five' is not a number"),
    ("pact.yaml,aid,5", "pact.yaml,tax,5", "line 3: second outcome for issue 'tax'"),
    ("pact.yaml,aid,5,treaty", "pact.yaml,aid,5,trade", "line 3: labels of 'pact.yaml' differ"),
])
def test_bad_outcomes_file(tmp_path, old, new, message):
    target = tmp_path / "generic"
    shutil.copytree(FIXTURE, target)
    path = target / "outcomes.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ScenarioError) as err:
        load_cases(target)
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_outcome_outside_the_scale_is_excluded(tmp_path):
    target = tmp_path / "generic"
    shutil.copytree(FIXTURE, target)
    path = target / "outcomes.csv"
    path.write_text(path.read_text().replace("pact.yaml,aid,5", "pact.yaml,aid,50"))
    cases = load_cases(target)
    assert [(e.item, e.reason) for e in cases.exclusions if "scale" in e.reason] == [
        ("pact.yaml:aid", "outcome outside the issue's scale")]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(-1000, 1000), st.floats(0.5, 500))
def test_errors_do_not_depend_on_the_issue_scale(seed, lower, width):
    """The same case on 0–100 and on [lower, lower + width] scores the same errors (0–100 points)."""
    rng = np.random.default_rng(seed)
    x, s, c = rng.uniform(0, 100, (5, 1)), rng.uniform(0.1, 1, (5, 1)), rng.uniform(1, 10, 5)
    sq, outcome = rng.uniform(0, 100, 2)
    scores = []
    for lo, w in ((0.0, 100.0), (lower, width)):
        sc = make_scenario(lo + x * w / 100, s, c, [lo + sq * w / 100], lower=lo, upper=lo + w)
        case = Case("c", sc, {"i0": lo + outcome * w / 100})
        res = backtest(CaseSet((case,), (), "generic", "memory"), ["mean", "median", "status-quo"], seed=seed)
        scores.append([r.error for r in res.records])
    assert scores[1] == pytest.approx(scores[0], rel=1e-6, abs=1e-6)


def test_a_model_needing_a_status_quo_scores_the_issues_that_have_one():
    # i0 has a status quo (30) and an outcome (40); i1 has neither: status-quo scores i0 with error 10
    sc = make_scenario([[20, 50], [60, 70]], [[1, 1], [1, 1]], [1, 1], status_quo=[30, None])
    res = backtest(CaseSet((Case("s", sc, {"i0": 40.0}),), (), "generic", ""), ["status-quo"], seed=1)
    assert [(r.issue, r.error) for r in res.records] == [("i0", pytest.approx(10))]
    assert res.exclusions == ()
