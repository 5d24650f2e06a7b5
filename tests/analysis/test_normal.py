"""The SciPy-free normal distribution function and quantile agree with SciPy's to rounding."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import ndtr, ndtri

from realpolitik.analysis.normal import cdf, quantile


def test_quantile_matches_scipy_over_the_whole_range():
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.random(100_000), np.logspace(-300, -1, 3000), 1 - np.logspace(-16, -1, 3000),
                        [1e-12, 0.075, 0.425 + 0.5, 0.5 - 0.425, 0.5, 1 - 1e-12]])
    expected = ndtri(p)
    assert np.max(np.abs(quantile(p) - expected) / np.maximum(1.0, np.abs(expected))) < 1e-12


def test_quantile_edges_and_outside():
    assert quantile(0.0) == -np.inf and quantile(1.0) == np.inf and quantile(0.5) == 0.0
    assert np.isnan(quantile(-0.1)) and np.isnan(quantile(1.5)) and np.isnan(quantile(np.nan))
    assert quantile(np.array([0.3])).shape == (1,)


@given(st.floats(-38, 38))
def test_cdf_matches_scipy(x):
    assert cdf(x) == pytest.approx(float(ndtr(x)), rel=1e-12, abs=1e-300)


@given(st.floats(1e-300, 1 - 1e-16))
def test_quantile_inverts_cdf(p):
    assert cdf(float(quantile(p))) == pytest.approx(p, rel=1e-9)
