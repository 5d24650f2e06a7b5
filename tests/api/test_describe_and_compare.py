"""``describe`` (a forecast in plain words) and ``compare_runs`` (two recorded runs side by side)."""

from __future__ import annotations

import realpolitik as rp
from tests.conftest import make_scenario


def _three(positions, status_quo=None):
    return make_scenario([[p] for p in positions], [[1.0]] * len(positions), [1.0] * len(positions),
                         status_quo=status_quo)


def test_one_model_states_its_forecast():
    fc = rp.forecast(_three([0, 30, 90]), "mean", seed=1)
    assert rp.describe(fc) == "The mean model forecasts i0 at 40."


def test_models_within_a_tenth_of_the_scale_agree():
    fc = rp.forecast(_three([40, 50, 60]), ["mean", "median"], seed=1)  # both 50
    assert rp.describe(fc) == "The 2 models agree on i0 (about 50)."


def test_models_that_differ_are_named_with_the_largest_group():
    # mean 40, median 30, status quo 95: mean and median lie within 10 points, the status quo far off
    fc = rp.forecast(_three([0, 30, 90], status_quo=[95]), ["mean", "median", "status-quo"], seed=1)
    assert rp.describe(fc) == ("The 3 models differ on i0, from 30 (median) to 95 (status-quo), "
                               "with 2 of 3 near 35 (median, mean).")


def test_a_binding_veto_is_named():
    fc = rp.forecast("examples/korea-2019.yaml", "procedural", seed=1)
    assert "Under procedural the decision rule binds on" in rp.describe(fc)
    assert "sanctions (veto of USA)" in rp.describe(fc)


def test_compare_runs(tmp_path):
    store = tmp_path / "runs.sqlite"
    sc = _three([0, 30, 90])
    a = rp.forecast(sc, ["mean", "median"], seed=1, store=store).run_id
    b = rp.forecast(sc, ["mean", "median"], seed=1, store=store).run_id
    c = rp.forecast(_three([0, 30, 60]), ["mean", "median"], seed=2, store=store).run_id
    assert rp.compare_runs(a, b, store=store).same
    diff = rp.compare_runs(a, c, store=store)
    assert not diff.same and diff.scenario
    assert {"what": "seed", "first": 1, "second": 2} in diff.settings
    assert diff.forecasts == ({"model": "mean", "issue": "i0", "first": 40.0, "second": 30.0, "change": -10.0},)
    assert diff.to_dict()["same"] is False
