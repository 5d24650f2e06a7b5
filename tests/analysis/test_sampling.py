"""Sampling uncertain inputs into a batch of ScenarioArrays."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import truncnorm

from realpolitik.analysis.sampling import Sampler, quantile
from realpolitik.scenario import Uncertain
from tests.analysis.uncertain import with_uncertainty
from tests.conftest import make_scenario


def _base():
    return make_scenario([[20, 30], [60, 70], [90, 10]], [[1, 0.5], [0.5, 0.5], [0.25, 1]], [1, 2, 4],
                         status_quo=[50, 40])


def test_certain_scenario_gives_its_central_values_in_every_draw():
    sc = _base()
    arr = Sampler(sc).draw(5, np.random.default_rng(0))
    ref = sc.arrays()
    assert arr.n_draws == 5
    for name in ("position", "salience", "capability", "status_quo"):
        np.testing.assert_array_equal(getattr(arr, name), np.repeat(getattr(ref, name), 5, axis=0))


def test_truncated_normal_matches_an_independent_implementation():
    u = np.linspace(0.001, 0.999, 199)
    for value, sd, lo, hi in [(50, 10, 0, 100), (95, 20, 0, 100), (2, 30, 0, 100), (99.5, 0.1, 0, 100)]:
        expected = truncnorm.ppf(u, (lo - value) / sd, (hi - value) / sd, loc=value, scale=sd)
        np.testing.assert_allclose(quantile(Uncertain(value, sd), (lo, hi), u), expected, rtol=1e-7, atol=1e-7)


def test_range_is_uniform():
    u = np.array([0.0, 0.25, 0.5, 1.0])
    np.testing.assert_allclose(quantile(Uncertain(5, low=2, high=10), (0, 100), u), [2, 4, 6, 10], atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(value=st.floats(0, 100), sd=st.floats(0.01, 500), u=st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_sd_samples_stay_on_the_scale_and_are_monotone_in_u(value, sd, u):
    u = np.sort(np.asarray(u))
    x = quantile(Uncertain(value, sd), (0.0, 100.0), u)
    assert np.all((x >= 0) & (x <= 100))
    assert np.all(np.diff(x) >= -1e-9)


@settings(max_examples=40, deadline=None)
@given(value=st.floats(1e-3, 10), sd=st.floats(0.01, 1000))
def test_capabilities_stay_strictly_positive(value, sd):
    x = quantile(Uncertain(value, sd), (0.0, np.inf), np.array([0.0, 1e-15, 0.5, 1.0]), positive=True)
    assert np.all(x > 0) and np.all(np.isfinite(x))


def test_salience_is_divided_by_the_salience_scale():
    sc = make_scenario([[20], [60]], [[75], [50]], [1, 2], salience_scale=100.0)
    sc = with_uncertainty(sc, a0_i0_salience={"low": 50.0, "high": 100.0})
    arr = Sampler(sc).draw(2000, np.random.default_rng(1))
    col = arr.salience[:, 0, 0]
    assert 0.5 <= col.min() and col.max() <= 1.0
    assert abs(col.mean() - 0.75) < 0.02
    np.testing.assert_allclose(arr.salience[:, 1, 0], 0.5)


def test_actor_capability_feeds_every_issue_unless_the_stance_overrides_it():
    sc = with_uncertainty(_base(), a2_capability={"sd": 1.0})
    stances = tuple(dataclasses.replace(s, capability=Uncertain(9.0)) if (s.actor, s.issue) == ("a2", "i1") else s
                    for s in sc.stances)
    sc = sc.replace(stances=stances)
    arr = Sampler(sc).draw(300, np.random.default_rng(2))
    assert arr.capability[:, 2, 0].std() > 0.5
    np.testing.assert_array_equal(arr.capability[:, 2, 1], 9.0)
    assert abs(arr.capability[:, 2, 0].mean() - 4.0) < 0.2


def test_every_uncertain_kind_lands_in_its_array():
    sc = make_scenario([[20], [80]], [[1], [1]], [1, 1], status_quo=[50], outside={(0, 0): (30.0, 0.5)})
    s0 = sc.stances[0]
    s0 = dataclasses.replace(s0, outside=dataclasses.replace(s0.outside, value=Uncertain(30, sd=5),
                                                              credibility=Uncertain(0.5, low=0.2, high=0.8)))
    sc = sc.replace(stances=(s0, *sc.stances[1:]),
                    issues=(dataclasses.replace(sc.issues[0], status_quo=Uncertain(50, sd=3)),))
    sampler = Sampler(sc)
    assert set(sampler.paths) == {"i0.status_quo", "a0.i0.outside", "a0.i0.credibility"}
    arr = sampler.draw(500, np.random.default_rng(3))
    assert arr.status_quo[:, 0].std() > 1 and arr.outside_value[:, 0, 0].std() > 1
    assert 0.2 <= arr.outside_credibility[:, 0, 0].min() and arr.outside_credibility[:, 0, 0].max() <= 0.8
    assert np.isnan(arr.outside_value[:, 1, 0]).all()


@pytest.mark.parametrize("u", [0.1, 0.9])
def test_the_same_uniform_gives_the_same_value_in_two_samplers(u):
    sc = with_uncertainty(_base(), a0_i0_position={"sd": 10.0})
    other = sc.with_value("a1.i1.position", 10.0)
    a, b = Sampler(sc).arrays(np.array([[u]])), Sampler(other).arrays(np.array([[u]]))
    assert a.position[0, 0, 0] == b.position[0, 0, 0]
