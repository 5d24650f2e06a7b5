"""Numbers near the limits the loader accepts, through every model: a finite forecast within the scale."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik import models, run
from realpolitik.errors import ModelNotApplicable
from realpolitik.scenario.numbers import MAX_CAPABILITY, MAX_POSITION, MIN_CAPABILITY, MIN_WIDTH
from tests.conftest import make_scenario

SCALES = st.sampled_from([(0.0, 100.0), (-MAX_POSITION, MAX_POSITION), (0.0, MIN_WIDTH),
                          (MAX_POSITION - 1e4, MAX_POSITION), (-1.0, 1.0)])
EXPONENTS = st.floats(min_value=np.log10(MIN_CAPABILITY), max_value=np.log10(MAX_CAPABILITY))


@pytest.mark.parametrize("name", models.names())
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scale=SCALES, exponents=st.lists(EXPONENTS, min_size=4, max_size=4),
       shares=st.lists(st.floats(0, 1), min_size=8, max_size=8), sq=st.floats(0, 1))
def test_extreme_magnitudes_give_finite_forecasts_within_the_scale(name, scale, exponents, shares, sq):
    lo, hi = scale
    width = hi - lo
    x = np.array([[lo + shares[i] * width, lo + shares[i + 4] * width] for i in range(4)])
    x = np.clip(x, lo, hi)
    caps = [10.0**e for e in exponents]
    sc = make_scenario(x, np.full((4, 2), 0.8), caps, [np.clip(lo + sq * width, lo, hi)] * 2, lower=lo, upper=hi)
    try:
        f = run(name, sc.arrays(), seed=1).forecast
    except ModelNotApplicable:
        return
    assert np.all(np.isfinite(f))
    assert np.all(f >= lo - 1e-9 * max(1.0, abs(lo))) and np.all(f <= hi + 1e-9 * max(1.0, abs(hi)))


@pytest.mark.parametrize("name", models.names())
def test_equal_huge_capabilities_forecast_as_equal_unit_ones(name):
    x = np.array([[10.0], [60.0], [90.0]])
    args = (x, np.full((3, 1), 0.5))
    unit = run(name, make_scenario(*args, [1.0] * 3, [50.0]).arrays(), seed=1).forecast
    huge = run(name, make_scenario(*args, [1e300] * 3, [50.0]).arrays(), seed=1).forecast
    assert np.allclose(unit, huge, atol=1e-6)
