"""The development part of DEU (../shared/data/deu; skipped without it), fast models only.

The data's README states its rules (an actor counts with both a position and a
salience; issues with at least 3 such actors and a valid outcome; capability = Council
votes of the regime in force by proposal year, Commission and Parliament given the
largest member state's value) and its figures on all 351 scorable DEU I/II issues.
Here the same rules are computed independently, straight from the CSV files, and the
backtest must agree with that computation on the development part exactly. The
README's all-issue figures must lie inside the development part's bootstrap 95%
intervals (the development part is a sample of those issues).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from realpolitik.analysis.backtest import backtest
from realpolitik.analysis.cases import load_cases

README_MAE = {"mean": 22.99, "median": 28.56, "status-quo": 51.31}


def independent_errors(deu) -> dict[str, dict[str, float]]:
    """Absolute errors per model and issue, computed from the README's text alone."""
    issues = pd.read_csv(deu / "deu_issues.csv").set_index("isnr")
    pos = pd.read_csv(deu / "deu_positions_long.csv").dropna(subset=["position", "salience"])
    votes = pd.read_csv(deu / "council_capability_proxies.csv").set_index("actor")
    out: dict[str, dict[str, float]] = {"mean": {}, "median": {}, "status-quo": {}}
    for isnr, rows in pos.groupby("isnr"):
        issue = issues.loc[isnr]
        if len(rows) < 3 or pd.isna(issue.out):
            continue
        year = issue.proposal_year
        column = "pre_nice_votes" if year <= 2001 else "nice_votes" if year <= 2009 else "lisbon_population_millions"
        largest = votes[column].max()
        cap = rows.actor.map(lambda a, c=column, top=largest: top if a in ("com", "ep") else votes.loc[a, c])
        w = (cap * rows.salience).to_numpy()
        x = rows.position.to_numpy()
        out["mean"][isnr] = abs((w * x).sum() / w.sum() - issue.out)
        order = np.argsort(x, kind="stable")
        cum = np.cumsum(w[order])
        out["median"][isnr] = abs(x[order][np.argmax(cum >= cum[-1] / 2)] - issue.out)
        if not pd.isna(issue.rp):
            out["status-quo"][isnr] = abs(issue.rp - issue.out)
    return out


@functools.cache
def scored(deu: Path):
    return backtest(load_cases(deu), list(README_MAE), seed=2024)


def test_backtest_agrees_with_the_readme_rules(shared_data):
    deu = shared_data / "deu"
    res = scored(deu)
    expected = independent_errors(deu)
    for model, errors in expected.items():
        got = {issue: e for (_, issue), e in res.errors(model).items()}
        assert set(got) == set(errors)
        assert [got[k] for k in sorted(errors)] == pytest.approx([errors[k] for k in sorted(errors)])


def test_readme_figures_lie_inside_the_development_intervals(shared_data):
    res = scored(shared_data / "deu")
    rows = {row["model"]: row for row in res.summary()}
    assert rows["mean"]["n"] == 224
    for model, mae in README_MAE.items():
        assert rows[model]["mae_low"] <= mae <= rows[model]["mae_high"], model
    assert rows["mean"]["mae"] < rows["median"]["mae"] < rows["status-quo"]["mae"]


def test_proposals_group_the_issues_of_the_data(shared_data):
    deu = shared_data / "deu"
    issues = pd.read_csv(deu / "deu_issues.csv")
    cases = load_cases(deu)
    scorable = set(independent_errors(deu)["mean"])
    with_scored_issue = set(issues.prnr[issues.isnr.isin(scorable)])
    assert issues.prnr.nunique() == 84 and len(with_scored_issue) == 82  # two proposals have no scored issue
    assert [c.name for c in cases.cases] == sorted(with_scored_issue, key=[c.name for c in cases.cases].index)
    for case in cases.cases:
        assert set(case.outcomes) <= set(issues.isnr[issues.prnr == case.name])
        assert case.scenario.issue_ids == tuple(case.outcomes)
    split = load_cases(deu, group="issue")
    assert sum(len(c.outcomes) for c in cases.cases) == len(split.cases) == 224


def test_predictive_intervals_of_the_mean_cover_what_they_claim(shared_data):
    from realpolitik.analysis.crossval import COMPONENTS, component_table, grouped_folds
    from realpolitik.analysis.predictive import grouped_coverage

    table = component_table(load_cases(shared_data / "deu"), [c for c in COMPONENTS if c.label == "mean"])
    folds = grouped_folds(table.proposals, 10, 0)
    cov = grouped_coverage(table.outcomes, table.column("mean"), table.spread, folds)
    assert 0.45 <= cov[0.5] <= 0.55 and 0.85 <= cov[0.9] <= 0.95


def test_linking_issues_changes_the_exchange_model_on_multi_issue_proposals(shared_data):
    deu = shared_data / "deu"
    grouped = {c.name: c for c in load_cases(deu).cases}
    case = next(c for c in grouped.values() if len(c.outcomes) >= 3)
    from realpolitik.analysis.cases import CaseSet

    one = CaseSet((case,), (), "DEU", str(deu))
    linked = {r.issue: r.forecast for r in backtest(one, ["exchange", "mean"], seed=1).records if r.model == "exchange"}
    means = {r.issue: r.forecast for r in backtest(one, ["mean"], seed=1).records}
    assert any(abs(linked[i] - means[i]) > 1e-6 for i in means)  # trades across issues move the forecast
    split = CaseSet(tuple(c for c in load_cases(deu, group="issue").cases if c.name in case.outcomes), (), "DEU", "")
    alone = {r.issue: r.forecast for r in backtest(split, ["exchange"], seed=1).records}
    assert alone == pytest.approx(means)  # one issue at a time there is nothing to trade: the weighted mean


def test_cross_validation_folds_of_the_data_never_share_a_proposal(shared_data):
    from realpolitik.analysis.crossval import grouped_folds

    split = load_cases(shared_data / "deu", group="issue")
    proposals = [c.labels["proposal"] for c in split.cases]
    folds = grouped_folds(proposals, 10, 2024)
    seen: dict[str, int] = {}
    for f, rows in enumerate(folds):
        for i in rows:
            assert seen.setdefault(proposals[i], f) == f
    assert len(seen) == 82 and sorted(len(f) for f in folds)[-1] - sorted(len(f) for f in folds)[0] <= 6
