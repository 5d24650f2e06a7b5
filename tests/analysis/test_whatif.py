"""What-if: changes applied to a scenario and compared, hand-checked on the mean model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.analysis.whatif import apply_outside, apply_set, compare, variant
from realpolitik.errors import ScenarioError
from tests.analysis.uncertain import with_uncertainty
from tests.conftest import make_scenario


def _two():
    # forecast (0·1 + 100·3) / 4 = 75
    return make_scenario([[0.0], [100.0]], [[1.0], [1.0]], [1.0, 3.0], status_quo=[50.0])


def test_set_position_hand_checked():
    row = compare(_two(), variant(_two(), sets=["a0.i0.position=40"]), "mean").iloc[0]
    assert row.baseline == pytest.approx(75.0)
    assert row.variant == pytest.approx((40 + 300) / 4)
    assert row.difference == pytest.approx(10.0)


def test_drop_and_salience_hand_checked():
    assert compare(_two(), variant(_two(), drops=["a1"]), "mean").iloc[0].variant == pytest.approx(0.0)
    # salience of a1 to 0.5: weights 1 and 1.5 -> 150 / 2.5 = 60
    assert compare(_two(), variant(_two(), sets=["a1.salience=0.5"]), "mean").iloc[0].variant == pytest.approx(60.0)


def test_outside_option_set_and_removed():
    sc = apply_outside(_two(), "a0.i0=30@0.25")
    assert sc.stance("a0", "i0").outside.value.value == 30
    assert sc.stance("a0", "i0").outside.credibility.value == 0.25
    assert apply_outside(sc, "a0.i0=none").stance("a0", "i0").outside is None
    assert apply_outside(_two(), "a1.i0=10").stance("a1", "i0").outside.credibility.value == 1.0


def test_common_random_numbers_make_a_linear_change_exact():
    # mean model, fixed weights 1 and 3: moving a0 by +20 moves the forecast by exactly 5 in
    # every draw, however a1's uncertain position falls
    sc = with_uncertainty(_two(), a1_i0_position={"sd": 10.0})
    row = compare(sc, variant(sc, sets=["a0.i0.position=20"]), "mean", draws=400, seed=3).iloc[0]
    assert row.diff_q05 == pytest.approx(5.0) and row.diff_q95 == pytest.approx(5.0)
    assert row.beyond_noise


def test_a_change_the_model_ignores_is_not_beyond_noise():
    sc = with_uncertainty(_two(), a1_i0_position={"sd": 10.0})
    row = compare(sc, variant(sc, outsides=["a0.i0=90@0.9"]), "mean", draws=200, seed=3).iloc[0]
    assert row.difference == 0 and not row.beyond_noise


@pytest.mark.parametrize("item, exc", [("a0.i0.position", ScenarioError), ("zz.i0.position=3", ScenarioError),
                                       ("a0.i0.position=abc", ScenarioError), ("a0.i0.position=120", ScenarioError)])
def test_bad_set_names_the_problem(item, exc):
    with pytest.raises(exc):
        apply_set(_two(), item)


def test_bad_outside_and_drop():
    with pytest.raises(ScenarioError, match="credibility"):
        apply_outside(_two(), "a0.i0=20@1.5")
    with pytest.raises(ScenarioError, match="unknown actor"):
        variant(_two(), drops=["nobody"])


@settings(max_examples=30, deadline=None)
@given(x0=st.floats(0, 100), x1=st.floats(0, 100), new=st.floats(0, 100), c0=st.floats(0.1, 10), c1=st.floats(0.1, 10))
def test_mean_difference_equals_weight_share_times_the_move(x0, x1, new, c0, c1):
    sc = make_scenario([[x0], [x1]], [[1.0], [1.0]], [c0, c1])
    row = compare(sc, variant(sc, sets=[f"a0.i0.position={new!r}"]), "mean").iloc[0]
    assert row.difference == pytest.approx(c0 / (c0 + c1) * (new - x0), abs=1e-7)
    assert np.isfinite(row.variant)
