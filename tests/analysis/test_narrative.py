"""The plain-words summary: ranges, agreement, binding rules, uncertainty."""

from __future__ import annotations

import numpy as np

from realpolitik.analysis.montecarlo import result_for
from realpolitik.analysis.narrative import summary_paragraph
from realpolitik.models.result import Outcome
from tests.conftest import make_scenario

SC = make_scenario([[20, 10], [60, 90]], [[1, 1], [1, 1]], [1, 1], status_quo=[50, 50])


def _result(model, forecast, **details):
    return result_for(SC.arrays(), model, {}, 1, Outcome(np.atleast_2d(np.asarray(forecast, dtype=float)),
                                                         details=details))


def test_range_agreement_and_central_values():
    text = summary_paragraph([_result("a", [10, 40]), _result("b", [12, 41]), _result("c", [80, 42])])
    assert "On i0 the forecasts range from 10.0 (a) to 80.0 (c); 2 of 3 models agree near 11.0 (a and b)." in text
    assert "On i1 all 3 models agree, at 40.0–42.0." in text
    assert text.endswith("These are central values; run with draws to see how uncertain each forecast is.")


def test_binding_veto_is_named():
    veto = np.zeros((1, 2, 2), bool)
    veto[0, 1, 0] = True
    r = _result("procedural", [50, 40], rule_bound=np.array([[True, False]]), veto_bound=veto)
    text = summary_paragraph([r, _result("mean", [30, 40])])
    assert "the veto of a1 held the procedural forecast" in text.split("On i1")[0]
    assert "veto" not in text.split("On i1")[1]


def test_uncertainty_with_draws():
    wide = np.column_stack([np.linspace(0, 100, 1001), np.linspace(40, 50, 1001)])
    text = summary_paragraph([_result("mean", wide), _result("nash", np.full((1001, 2), 45.0))])
    assert "the widest 90% interval is mean's, 5.0–95.0." in text
    assert text.endswith("The largest uncertainty is on i0: a 90% interval spans 90% of its scale.")


def test_one_model_on_central_values_is_one_sentence():
    text = summary_paragraph([_result("mean", [10, 40])])
    assert text.startswith("The mean model forecasts i0 at 10.0 and i1 at 40.0. These are central values")
    gap = summary_paragraph([_result("nash", [np.nan, 40])])
    assert gap.startswith("The nash model forecasts i1 at 40.0. It gives no forecast on i0.")


def test_one_model_whose_rule_binds_keeps_a_sentence_per_issue():
    r = _result("procedural", [50, 40], rule_bound=np.array([[True, False]]),
                veto_bound=np.zeros((1, 2, 2), bool))
    assert summary_paragraph([r]).startswith("On i0 the procedural model forecasts 50.0; the quota held")
