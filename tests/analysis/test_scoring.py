"""Scoring helpers: hand-computed summaries and properties of the bootstrap."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis.scoring import coverage, error_summary, paired_comparison, percentile_interval

errors_lists = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=40)


def test_error_summary_by_hand():
    row = error_summary(np.array([0.0, 5.0, -10.0, 20.0]), np.random.default_rng(0), 500)
    assert row["n"] == 4
    assert row["mae"] == pytest.approx(35 / 4)
    assert row["median"] == pytest.approx(7.5)
    assert row["rmse"] == pytest.approx(math.sqrt((0 + 25 + 100 + 400) / 4))
    assert row["within_10"] == pytest.approx(3 / 4)  # 10 itself counts as within


def test_percentile_interval_of_known_samples():
    assert percentile_interval(np.arange(1001.0)) == pytest.approx((25.0, 975.0))


def test_identical_models_do_not_differ():
    e = np.array([3.0, 8.0, 20.0])
    row = paired_comparison(e, e, np.random.default_rng(1), 300)
    assert (row["difference"], row["low"], row["high"], row["a_better"]) == (0, 0, 0, 0)


def test_paired_comparison_sees_a_constant_gap():
    a = np.array([1.0, 4.0, 9.0, 30.0])
    row = paired_comparison(a, a + 2.0, np.random.default_rng(1), 300)
    assert (row["difference"], row["low"], row["high"], row["a_better"]) == pytest.approx((-2, -2, -2, 1))


def test_coverage_counts_interval_ends():
    y = np.array([1.0, 5.0, 9.0, 12.0])
    assert coverage(y, np.array([1, 0, 10, 0]), np.array([2, 5, 11, 11])) == pytest.approx(0.5)


@settings(max_examples=60, deadline=None)
@given(errors_lists, st.integers(0, 2**32 - 1))
def test_summary_orderings(errors, seed):
    row = error_summary(np.array(errors), np.random.default_rng(seed), 200)
    tol = 1e-9 * (1 + max(errors))
    assert min(errors) - tol <= row["mae_low"] <= row["mae"] + tol
    assert row["mae"] - tol <= row["mae_high"] <= max(errors) + tol
    assert row["mae"] <= row["rmse"] + tol
    assert 0 <= row["within_10"] <= 1


@settings(max_examples=40, deadline=None)
@given(errors_lists, st.integers(0, 2**32 - 1))
def test_swapping_models_flips_the_difference(errors, seed):
    a = np.array(errors)
    b = a[::-1].copy()
    ab = paired_comparison(a, b, np.random.default_rng(seed), 200)
    ba = paired_comparison(b, a, np.random.default_rng(seed), 200)
    assert ab["difference"] == pytest.approx(-ba["difference"], abs=1e-9)
    assert ab["low"] == pytest.approx(-ba["high"], abs=1e-9)
