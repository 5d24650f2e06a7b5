"""Grouped cross-validation: folds never share a proposal, weights fitted on training folds only."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis.cases import load_cases
from realpolitik.analysis.crossval import (
    COMPONENTS,
    ComponentTable,
    component_table,
    cross_validate,
    fit,
    fit_weights,
    grouped_folds,
    out_of_fold,
    paired_by_group,
)
from tests.conftest import ROOT


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=6, max_size=120), st.integers(2, 6), st.integers(0, 10**6))
def test_folds_partition_the_rows_and_never_share_a_group(labels, k, seed):
    groups = [f"p{g}" for g in labels]
    if len(set(groups)) < k:
        with pytest.raises(ValueError):
            grouped_folds(groups, k, seed)
        return
    folds = grouped_folds(groups, k, seed)
    assert sorted(np.concatenate(folds).tolist()) == list(range(len(groups)))
    for a, b in itertools.combinations(folds, 2):
        assert not {groups[i] for i in a} & {groups[i] for i in b}
    assert all(len(f) for f in folds)


def test_fit_weights_recovers_a_convex_combination():
    rng = np.random.default_rng(0)
    f = rng.uniform(0, 100, (60, 3))
    y = f @ np.array([0.2, 0.0, 0.8])
    assert fit_weights(f, y) == pytest.approx([0.2, 0.0, 0.8], abs=1e-6)


def test_fit_weights_minimises_absolute_error_against_a_grid():
    # two forecasts, y between them: the best convex weight by brute force on a fine grid
    rng = np.random.default_rng(1)
    f = rng.uniform(0, 100, (25, 2))
    y = rng.uniform(0, 100, 25)
    grid = np.linspace(0, 1, 10001)
    sae = [np.abs(f @ np.array([a, 1 - a]) - y).sum() for a in grid]
    w = fit_weights(f, y)
    assert np.abs(f @ w - y).sum() == pytest.approx(min(sae), rel=1e-6)
    assert w.sum() == pytest.approx(1) and (w >= 0).all()


def table_of(outcomes, forecasts, proposals, has_sq=None) -> ComponentTable:
    n = len(outcomes)
    return ComponentTable(tuple((p, str(i)) for i, p in enumerate(proposals)), tuple(proposals),
                          np.asarray(outcomes, float), np.ones(n, bool) if has_sq is None else np.asarray(has_sq),
                          np.full(n, 50.0), ("mean", "median"), np.asarray(forecasts, float))


def test_out_of_fold_forecasts_ignore_the_scored_fold():
    rng = np.random.default_rng(2)
    n = 40
    proposals = [f"p{i // 2}" for i in range(n)]
    f = rng.uniform(0, 100, (n, 2))
    y = rng.uniform(0, 100, n)
    folds = grouped_folds(proposals, 4, 0)
    base = out_of_fold("mean + median", table_of(y, f, proposals), folds)
    for test in folds:
        changed = y.copy()
        changed[test] = 1000.0 - changed[test]  # scoring-fold outcomes must not move their own forecasts
        again = out_of_fold("mean + median", table_of(changed, f, proposals), folds)
        assert again[test] == pytest.approx(base[test])


def test_issues_without_a_status_quo_get_weights_of_models_that_need_none():
    t = table_of([10, 20, 30, 40], [[10, 0], [20, 0], [0, 30], [0, 40]], ["a", "b", "c", "d"],
                 has_sq=[True, True, False, False])
    t = ComponentTable(t.keys, t.proposals, t.outcomes, t.has_status_quo, t.spread, ("mean", "status-quo"),
                       np.array([[0, 10], [0, 20], [30, np.nan], [40, np.nan]], float))
    result = fit("mean + procedure", t)
    assert result.labels_without == ("mean",)
    assert dict(zip(result.labels_with, result.weights_with, strict=True)) == pytest.approx({"status-quo": 1.0})
    assert result.predict(t) == pytest.approx([10, 20, 30, 40])


def test_paired_by_group_by_hand():
    # A beats B by 2 on every issue of proposal x and loses by 1 on y's only issue: mean difference (−2−2+1)/3
    out = paired_by_group(np.array([1.0, 1.0, 4.0]), np.array([3.0, 3.0, 3.0]), ["x", "x", "y"], seed=0, n_boot=500)
    assert out["difference"] == pytest.approx(-1.0)
    assert -2.0 <= out["low"] <= out["difference"] <= out["high"] <= 1.0


def test_component_table_of_the_fixture():
    cases = load_cases(ROOT / "tests" / "fixtures" / "backtest" / "generic")
    comps = [c for c in COMPONENTS if c.label in ("mean", "status-quo")]
    table = component_table(cases, comps)
    assert table.labels == ("mean", "status-quo") and table.proposals == ("pact.yaml", "pact.yaml", "trade.csv")
    assert np.abs(table.column("mean") - table.outcomes) == pytest.approx([4, 15, 20])  # test_backtest_generic.py
    assert table.has_status_quo.tolist() == [True, False, False]
    assert np.isnan(table.column("status-quo")).tolist() == [False, True, True]


def test_cross_validation_finds_a_better_combination_and_the_nested_choice_pays_for_choosing():
    # outcomes are the median's forecast plus noise: the blend should lean on the median and beat the mean
    rng = np.random.default_rng(3)
    n = 120
    proposals = [f"p{i // 3}" for i in range(n)]
    f = rng.uniform(0, 100, (n, 2))
    y = np.clip(f[:, 1] + rng.normal(0, 3, n), 0, 100)
    cv = cross_validate(table_of(y, f, proposals), folds=5, repeats=2, seed=1, candidates=("mean", "mean + median"))
    rows = {r["candidate"]: r for r in cv.summary()}
    assert rows["mean + median"]["mae"] < rows["mean"]["mae"]
    assert rows["mean + median"]["vs_mean"]["high"] < 0
    assert {c for fold in cv.chosen for c in fold} == {"mean + median"}
    assert rows["selected by inner CV"]["mae"] == pytest.approx(rows["mean + median"]["mae"])
