"""Monte Carlo: reproducible from the seed whatever the workers or backend; every model runs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from realpolitik import models
from realpolitik.analysis.montecarlo import default_chunk_size, monte_carlo, paired_monte_carlo
from realpolitik.errors import ModelNotApplicable, ParameterError
from realpolitik.scenario import Actor, Issue, Scenario, Stance, Uncertain
from tests.analysis.uncertain import noisy_random_scenario


@pytest.fixture(scope="module")
def scenario():
    return noisy_random_scenario(np.random.default_rng(11))


def test_same_seed_same_numbers_with_one_or_two_joblib_workers(scenario):
    one = monte_carlo(scenario, "mean", 300, seed=5, workers=1, chunk_size=64)
    two = monte_carlo(scenario, "mean", 300, seed=5, workers=2, chunk_size=64)
    np.testing.assert_array_equal(one.forecast, two.forecast)
    assert one.forecast.shape == (300, 2)
    assert np.unique(one.forecast[:, 0]).size == 300  # the draws really differ


def test_dask_backend_gives_the_same_numbers(scenario):
    distributed = pytest.importorskip("distributed")
    serial = monte_carlo(scenario, "median", 200, seed=9, chunk_size=50)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cl, \
            distributed.Client(cl):
        on_dask = monte_carlo(scenario, "median", 200, seed=9, chunk_size=50, backend="dask")
    np.testing.assert_array_equal(serial.forecast, on_dask.forecast)


def test_another_seed_gives_other_numbers(scenario):
    a = monte_carlo(scenario, "mean", 50, seed=1)
    b = monte_carlo(scenario, "mean", 50, seed=2)
    assert not np.array_equal(a.forecast, b.forecast)
    assert a.seed == 1


def test_progress_reaches_the_total_in_order(scenario):
    seen = []
    monte_carlo(scenario, "mean", 130, seed=3, chunk_size=40, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(40, 130), (80, 130), (120, 130), (130, 130)]


def test_chunk_size_depends_on_shape_only():
    assert default_chunk_size(8, 5) == 1000
    assert default_chunk_size(200, 10) == 16
    assert default_chunk_size(50, 5) == 320


def test_common_random_numbers_make_a_scenario_agree_with_itself(scenario):
    a, b = paired_monte_carlo([scenario, scenario], "mean", 100, seed=4)
    np.testing.assert_array_equal(a.forecast, b.forecast)


@pytest.mark.parametrize("bad", [{"draws": 0}, {"draws": 10, "workers": 0}, {"draws": 10, "backend": "spark"},
                                 {"draws": 10, "chunk_size": 0}])
def test_bad_settings_are_parameter_errors(scenario, bad):
    with pytest.raises(ParameterError):
        monte_carlo(scenario, "mean", seed=1, **bad)


@pytest.mark.parametrize("name", models.names())
def test_every_registered_model_runs_on_draws(scenario, name):
    try:
        r = monte_carlo(scenario, name, 12, seed=2, chunk_size=5)
    except ModelNotApplicable:
        pytest.skip(f"{name} does not apply to the synthetic scenario")
    assert r.forecast.shape == (12, 2)
    assert np.all((r.forecast >= 0) & (r.forecast <= 100))
    again = monte_carlo(scenario, name, 12, seed=2, chunk_size=5)
    np.testing.assert_array_equal(r.forecast, again.forecast)


def test_notes_are_said_once_about_all_draws_however_many_chunks(scenario):
    one_round = {"max_rounds": 1, "tol": 0.0}
    r = monte_carlo(scenario, "eum", 300, seed=2, params=one_round, chunk_size=16)
    moving = r.details["rounds"] == 1
    assert len(r.notes) == len(set(r.notes)) == len(r.issue_ids)
    for k, issue in enumerate(r.issue_ids):
        count = int(moving[:, k].sum())
        assert f"eum: on {issue} positions still move after 1 rounds in {count} of 300 draws" in r.notes


def test_a_scenario_without_uncertainty_is_solved_once_and_repeated(monkeypatch):
    rng = np.random.default_rng(5)
    caps = rng.uniform(1, 9, 8)
    sc = Scenario(actors=tuple(Actor(f"a{i}", f"a{i}", Uncertain(float(c))) for i, c in enumerate(caps)),
                  issues=(Issue("i", "i"), Issue("j", "j")),
                  stances=tuple(Stance(f"a{i}", x, Uncertain(float(rng.uniform(0, 100))), Uncertain(0.5))
                                for i in range(8) for x in ("i", "j")), salience_scale=1.0)
    assert not sc.uncertain_values()
    spec = models.get("eum")
    calls = []

    def counted(arr, params, rng):
        calls.append(arr.n_draws)
        return spec.kernel(arr, params, rng)

    expected = models.get("eum").kernel(sc.arrays().repeat(40), spec.resolve({}), np.random.default_rng(0))
    monkeypatch.setitem(models.registry._REGISTRY, "eum", replace(spec, kernel=counted))
    r = monte_carlo(sc, "eum", 40, seed=1, chunk_size=16)
    assert calls == [1]
    np.testing.assert_array_equal(r.forecast, expected.forecast)
    for name, arr in expected.history.items():
        np.testing.assert_array_equal(r.history[name], arr)
    assert r.notes[-1] == "the scenario has no uncertain inputs: every draw is the same"
    monte_carlo(sc, "exchange", 3, seed=1, params={"tie_break": "random"})  # draws from its rng: run per draw
