"""Hand-computed cases and invariants of the baseline models (mean, median, nash, status-quo)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from realpolitik import load, run
from realpolitik.errors import ModelNotApplicable
from realpolitik.models.common import weighted_median
from realpolitik.models.runner import solve
from tests.conftest import ROOT, make_scenario

MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
BASELINE = ("mean", "median", "nash", "status-quo")


def test_mean_by_hand():
    # tax: A 20 (50×1.0), B 60 (30×0.5), C 90 (20×1.0) → (1000 + 900 + 1800) / 85
    f = solve(load(MINI), "mean").point()
    assert f[0] == pytest.approx(3700 / 85)
    # aid: A 8 (50×0.5), B 4 (60×1.0); C absent → (200 + 240) / 85
    assert f[1] == pytest.approx(440 / 85)


def test_median_by_hand():
    f = solve(load(MINI), "median").point()
    assert f[0] == 20  # cumulative weight 50 of 85 reaches half at A's position
    assert f[1] == 4  # B holds 60 of 85


def test_median_exact_half_takes_the_lower_position():
    x = np.array([[[10.0], [30.0], [50.0], [70.0]]])
    w = np.ones_like(x)
    assert weighted_median(x, w)[0, 0] == 30  # cumulative 2 of 4 reaches half at 30
    assert weighted_median(x, w * 1e-7)[0, 0] == 30  # unchanged under rescaling


def test_nash_infeasible_when_status_quo_between_opponents():
    # tax: the status quo 40 lies between A (20) and B, C (60, 90): any move hurts someone
    r = solve(load(MINI), "nash")
    assert r.point()[0] == 40 and not r.details["feasible"][0, 0]
    assert any("status quo" in n for n in r.notes)


def test_nash_linear_by_hand():
    # p = 1, x = (40, 60), c = (1, 2), status quo 0: maximise log(80 − z) + 2·log(z) → z = 160/3
    sc = make_scenario([[40], [60]], [[1], [1]], [1, 2], status_quo=[0])
    assert solve(sc, "nash", p=1).point()[0] == pytest.approx(160 / 3, abs=1e-9)


def test_nash_quadratic_matches_independent_optimiser():
    x, c, sq = np.array([30.0, 55.0, 70.0]), np.array([3.0, 1.0, 2.0]), 5.0
    sc = make_scenario(x[:, None], [[0.5], [1.0], [0.8]], c, status_quo=[sq])

    def minus_nash_product(z):
        gain = (sq - x) ** 2 - (z - x) ** 2
        return np.inf if np.any(gain <= 0) else -np.sum(c * np.log(gain))

    best = minimize_scalar(minus_nash_product, bounds=(30, 70), method="bounded", options={"xatol": 1e-10})
    assert solve(sc, "nash").point()[0] == pytest.approx(best.x, abs=1e-6)


def test_nash_outside_option_lottery_and_point_by_hand():
    # positions 0 and 100, status quo 50, actor 0 holds an option at 90 with credibility 0.5.
    # lottery: r0² = 0.5·90² + 0.5·50² = 5300; point: d0 = 70, r0 = 70; actor 1: r1 = 50.
    sc = make_scenario([[0], [100]], [[1], [1]], [1, 1], status_quo=[50], outside={(0, 0): (90, 0.5)})

    def by_hand(r0_squared):
        def minus(z):
            g0, g1 = r0_squared - z**2, 2500 - (z - 100) ** 2
            return np.inf if min(g0, g1) <= 0 else -(np.log(g0) + np.log(g1))

        return minimize_scalar(minus, bounds=(50, np.sqrt(r0_squared)), method="bounded",
                               options={"xatol": 1e-10}).x

    lottery, point = by_hand(5300.0), by_hand(4900.0)
    assert lottery == pytest.approx(61.15, abs=0.01) and point == pytest.approx(59.83, abs=0.01)
    assert solve(sc, "nash").point()[0] == pytest.approx(lottery, abs=1e-6)
    assert solve(sc, "nash", disagreement="point").point()[0] == pytest.approx(point, abs=1e-6)


def test_status_quo_model_and_missing_status_quo():
    assert solve(load(MINI), "status-quo").point().tolist() == [40, 2]
    no_sq = make_scenario([[10], [20], [30]], [[1], [1], [1]], [1, 1, 1])
    for name in ("status-quo", "nash"):
        with pytest.raises(ModelNotApplicable, match=f"model '{name}' needs a status quo"):
            solve(no_sq, name)


def test_absent_actor_is_not_salience_zero():
    # C absent from the issue versus C present with salience 0: mean and median agree,
    # but an absent actor cannot block a Nash bargain while a present, indifferent one does not either
    present = make_scenario([[10], [50], [90]], [[1], [1], [1]], [1, 1, 5], status_quo=[0],
                            present=[[True], [True], [False]])
    assert solve(present, "mean").point()[0] == 30
    assert solve(present, "median").point()[0] == 10


# -- invariants on random scenarios -------------------------------------------------------------------

scenarios = st.builds(
    lambda n, k, seed: _random(n, k, seed),
    st.integers(2, 7), st.integers(1, 3), st.integers(0, 10_000),
)


def _random(n, k, seed):
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 100, (n, k)), 1)
    s = np.round(rng.uniform(0.05, 1, (n, k)), 2)
    c = np.round(rng.uniform(0.5, 50, n), 1)
    sq = np.round(rng.uniform(0, 100, k), 1)
    return make_scenario(x, s, c, sq)


@settings(max_examples=60, deadline=None)
@given(scenarios, st.sampled_from(BASELINE), st.floats(0.01, 1000))
def test_scaling_capabilities_or_saliences_changes_nothing(sc, model, factor):
    arr = sc.arrays()
    base = run(model, arr).forecast
    assert np.allclose(run(model, arr.with_(capability=arr.capability * factor)).forecast, base, atol=1e-7)
    assert np.allclose(run(model, arr.with_(salience=arr.salience * factor)).forecast, base, atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(scenarios, st.sampled_from(BASELINE))
def test_forecast_in_range_of_positions(sc, model):
    arr = sc.arrays()
    f = run(model, arr).forecast
    lo, hi = arr.position.min(axis=1), arr.position.max(axis=1)
    if model in ("nash", "status-quo"):
        lo, hi = np.minimum(lo, arr.status_quo), np.maximum(hi, arr.status_quo)
    assert np.all(f >= lo - 1e-9) and np.all(f <= hi + 1e-9)


@settings(max_examples=60, deadline=None)
@given(scenarios, st.sampled_from(("mean", "median", "nash")), st.floats(0, 100))
def test_unanimity_gives_the_common_position(sc, model, where):
    arr = sc.arrays()
    same = np.full_like(arr.position, round(where, 3))
    assert np.allclose(run(model, arr.with_(position=same)).forecast, round(where, 3), atol=1e-7)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.05, 0.95), st.floats(0.3, 0.9))
def test_raising_an_outside_option_moves_nash_toward_its_holder(seed, credibility, share):
    rng = np.random.default_rng(seed)
    # status quo at 0, all positions above it: without options the bargaining set is non-empty
    x = np.sort(rng.uniform(20, 100, 4))[:, None]
    c = rng.uniform(1, 10, 4)
    holder = int(rng.integers(4))
    base = make_scenario(x, np.ones_like(x), c, status_quo=[0])
    with_option = make_scenario(x, np.ones_like(x), c, status_quo=[0],
                                outside={(holder, 0): (share * float(x[holder, 0]), credibility)})
    r1 = solve(with_option, "nash")
    assume(bool(r1.details["feasible"].all()))  # a too-good option ends the bargain: nothing to compare
    f0, f1 = solve(base, "nash").point()[0], r1.point()[0]
    assert abs(f1 - x[holder, 0]) <= abs(f0 - x[holder, 0]) + 1e-9
    if abs(f0 - x[holder, 0]) > 1e-6:
        assert abs(f1 - x[holder, 0]) < abs(f0 - x[holder, 0])


def test_public_outside_option_moves_everyone_by_hand():
    # A at 80 holds an option 60 (credibility 0.5); B at 10; status quo 0. Privately B's
    # disagreement is the status quo; publicly B faces the lottery too: r_B² = 0.5·50² + 0.5·10².
    sc = make_scenario([[10], [80]], [[1], [1]], [1, 1], status_quo=[0], outside={(1, 0): (60, 0.5)})
    from realpolitik.models.nash import disagreement_radius

    arr = sc.arrays()
    assert disagreement_radius(arr, 2.0, "lottery")[0, :, 0] == pytest.approx([10, np.sqrt(3400)])  # as declared
    private = disagreement_radius(arr, 2.0, "lottery", "private")[0, :, 0]
    public = disagreement_radius(arr, 2.0, "lottery", "public")[0, :, 0]
    assert private == pytest.approx([10, np.sqrt(0.5 * 400 + 0.5 * 6400)])
    assert public == pytest.approx([np.sqrt(0.5 * 2500 + 0.5 * 100), np.sqrt(0.5 * 400 + 0.5 * 6400)])
    point = disagreement_radius(arr, 2.0, "point", "public")[0, :, 0]
    assert point == pytest.approx([20, 50])  # the mixed point 30 seen from 10 and from 80



def test_declared_public_option_is_read_as_public_and_survives_yaml():
    import dataclasses

    from realpolitik.scenario import parse, yaml_io

    sc = make_scenario([[10], [80]], [[1], [1]], [1, 1], status_quo=[0], outside={(1, 0): (60, 0.5)})
    declared = sc.replace(stances=tuple(
        dataclasses.replace(s, outside=dataclasses.replace(s.outside, public=True)) if s.outside else s
        for s in sc.stances))
    assert solve(declared, "nash").point() == pytest.approx(solve(sc, "nash", outside="public").point())
    assert solve(declared, "nash", outside="private").point() == pytest.approx(solve(sc, "nash").point())
    again = parse(yaml_io.dumps(declared), "again.yaml")
    assert again == declared and again.arrays().outside_public.tolist() == [[False], [True]]
