"""The recommended model: the shipped specification and how it combines its components."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik import models
from realpolitik.models import recommended
from realpolitik.models.runner import solve
from tests.conftest import make_scenario, random_scenario


def test_shipped_specification_is_complete():
    spec = recommended.specification()
    for key in ("with_status_quo", "without_status_quo"):
        weights = spec[key]
        assert weights and all(w >= 0 for w in weights.values()) and sum(weights.values()) == pytest.approx(1)
        assert set(weights) <= set(spec["components"])
    for label in spec["without_status_quo"]:
        assert not models.get(spec["components"][label]["model"]).needs_status_quo
    assert spec["selected"] and "cross-validation" in spec["how"]


def test_forecast_is_the_weighted_combination_of_its_components():
    spec = recommended.specification()
    sc = random_scenario(np.random.default_rng(4), n=6, k=3)
    got = solve(sc, "recommended").point()
    parts = {lab: solve(sc, c["model"], **c["params"]).point() for lab, c in spec["components"].items()
             if lab in spec["with_status_quo"]}
    assert got == pytest.approx(sum(w * parts[lab] for lab, w in spec["with_status_quo"].items()))


def test_weights_by_status_quo_by_hand(monkeypatch):
    spec = {"selected": "test", "with_status_quo": {"sq": 0.25, "mean": 0.75}, "without_status_quo": {"mean": 1.0},
            "components": {"sq": {"model": "status-quo", "params": {}}, "mean": {"model": "mean", "params": {}}}}
    monkeypatch.setattr(recommended, "specification", lambda: spec)
    # issue i0: positions 20, 60 equal weights → mean 40, status quo 0 → 0.25·0 + 0.75·40 = 30; i1: no status quo → 40
    sc = make_scenario([[20, 20], [60, 60]], [[1, 1], [1, 1]], [1, 1], status_quo=[0, None])
    assert solve(sc, "recommended").point() == pytest.approx([30, 40])
