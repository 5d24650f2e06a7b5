"""The conformance suite every registered model must pass (see DESIGN.md).

A model gets these checks by registering: same seed, same result; a batch of k draws
equals k single calls; permuting actors changes nothing (order-dependent models may
move by 1% of the scale); the forecast stays within the declared bounds;
every parameter is recorded; bad parameters are rejected naming model, parameter and
value.
"""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik import models, run
from realpolitik.errors import ParameterError
from realpolitik.models.common import position_range
from realpolitik.scenario import ScenarioArrays
from tests.conftest import random_scenario

MODELS = models.names()


@pytest.fixture(autouse=True, params=["compiled", "numpy"])
def kernels(request, monkeypatch):
    """Every check runs on both paths of the round-based models: the compiled kernels even
    for these small scenarios (where Numba is installed), and NumPy."""
    from realpolitik.models import compiled

    monkeypatch.setenv(compiled.SWITCH, "1" if request.param == "compiled" else "0")


def _batch(seed: int, draws: int = 3) -> ScenarioArrays:
    """``draws`` random draws of one random scenario (some actors absent from some issues)."""
    rng = np.random.default_rng(seed)
    base = random_scenario(rng, n=5 + seed % 3, k=2, absent=0.25).arrays().repeat(draws)
    shape, mask = base.position.shape, base.present[None]
    return base.with_(
        position=np.where(mask, np.round(rng.uniform(0, 100, shape), 1), np.nan),
        salience=np.where(mask, np.round(rng.uniform(0.1, 1, shape), 2), 0.0),
        capability=np.where(mask, np.round(rng.uniform(1, 100, shape[:2]), 1)[..., None], 0.0),
        status_quo=np.round(rng.uniform(0, 100, base.status_quo.shape), 1),
    )


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    return np.allclose(a, b, rtol=1e-9, atol=1e-7, equal_nan=True)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_same_seed_same_result(name, seed):
    arr = _batch(seed)
    a = run(name, arr, seed=7).forecast
    b = run(name, arr, seed=7).forecast
    assert np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("seed", [0, 1])
def test_batch_equals_single_calls(name, seed):
    spec = models.get(name)
    arr = _batch(seed, draws=4)
    batch = run(name, arr, seed=3).forecast
    singles = np.concatenate([run(name, arr.draw(b), seed=3).forecast for b in range(arr.n_draws)])
    if spec.stochastic:
        pytest.skip(f"{name} is stochastic: batch and single calls agree in distribution only")
    assert _close(batch, singles)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_permuting_actors_changes_nothing(name, seed):
    """Exact for every model, except that a model declaring order-dependent tie-breaking
    (ties go to the lower index, as in KTAB) may move by at most 1% of the scale."""
    spec = models.get(name)
    arr = _batch(seed, draws=2)
    order = np.random.default_rng(seed).permutation(arr.n_actors)
    a = run(name, arr, seed=5).forecast
    b = run(name, arr.take_actors(order), seed=5).forecast
    if spec.order_dependent:
        assert np.all(np.abs(a - b) <= 0.01 * (arr.upper - arr.lower))
    else:
        assert _close(a, b)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_forecast_within_bounds(name, seed):
    spec = models.get(name)
    arr = _batch(seed)
    f = run(name, arr, seed=1).forecast
    lo, hi = position_range(arr)
    if spec.bounds == "positions+status_quo":
        lo, hi = np.minimum(lo, arr.status_quo), np.maximum(hi, arr.status_quo)
    elif spec.bounds == "scale":
        lo, hi = np.broadcast_to(arr.lower, f.shape), np.broadcast_to(arr.upper, f.shape)
    assert np.all(f >= lo - 1e-9) and np.all(f <= hi + 1e-9)


@pytest.mark.parametrize("name", MODELS)
def test_every_parameter_recorded(name):
    spec = models.get(name)
    r = run(name, _batch(0), seed=11)
    assert r.params == {p.name: p.default for p in spec.params}
    assert r.seed == 11 and r.model == name
    assert r.to_dict()["params"] == r.params


@pytest.mark.parametrize("name", MODELS)
def test_bad_parameters_rejected(name):
    spec = models.get(name)
    with pytest.raises(ParameterError, match=f"model '{name}'.*'no_such_parameter'"):
        run(name, _batch(0), params={"no_such_parameter": 1})
    for p in spec.params:
        bad = "not-a-choice" if p.kind is str else "x"
        with pytest.raises(ParameterError, match=f"model '{name}': parameter '{p.name}'.*{bad}"):
            run(name, _batch(0), params={p.name: bad})
        if p.low is not None:
            with pytest.raises(ParameterError, match=f"parameter '{p.name}'"):
                run(name, _batch(0), params={p.name: p.low - 1})
        if p.high is not None:
            with pytest.raises(ParameterError, match=f"parameter '{p.name}'"):
                run(name, _batch(0), params={p.name: p.high + 1})


@pytest.mark.parametrize("name", MODELS)
def test_result_shapes_and_json(name):
    arr = _batch(1)
    r = run(name, arr, seed=2)
    assert r.forecast.shape == (arr.n_draws, arr.n_issues)
    for v in r.history.values():
        assert v.shape[0] == arr.n_draws and v.shape[-1] == arr.n_issues
    frame = r.to_frame()
    assert list(frame["issue"]) == list(arr.issue_ids)
    assert r.to_json()


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("factor", [1e-12, 1e-6, 1e-3, 1e3, 1e6, 1e12])
def test_capability_scale_invariance(name, factor):
    """Capability is documented as "any scale": multiplying every capability by the same
    factor, over 24 orders of magnitude, leaves every forecast where it was."""
    arr = _batch(2)
    a = run(name, arr, seed=4).forecast
    b = run(name, arr.with_(capability=arr.capability * factor), seed=4).forecast
    assert np.allclose(a, b, rtol=0, atol=1e-6 * float(np.max(arr.upper - arr.lower)), equal_nan=True)
