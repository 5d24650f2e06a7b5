"""The recommended forecast: a fixed, pre-registered combination of models read from package data.

``models/data/recommended.json`` holds the specification chosen by cross-validation on
the DEU development part grouped by proposal (see docs/backtest.md and
:mod:`realpolitik.analysis.crossval`): weights over component models, one set for
issues with a status quo and one for issues without, and how they were obtained. The
file is frozen; the model is scored on held-out data it has never seen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from . import compromise, eum, exchange, kalai_smorodinsky, nash, procedural, smp, status_quo  # noqa: F401
from .registry import ModelSpec, get, register
from .result import Outcome

SPEC_FILE = "recommended.json"


@cache
def specification() -> dict[str, Any]:
    """The shipped specification: components, weights by status-quo availability, provenance."""
    text = resources.files(__package__).joinpath("data", SPEC_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def recommended_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Weighted average of component models, with the shipped weights.

    forecast_k = Σ_j w_j·f_jk, with the weights ``with_status_quo`` on issues that have a
    status quo and ``without_status_quo`` on the others (models that need a status quo
    take part in the first only). The weights are >= 0 and sum to 1, so the forecast
    stays inside the range of the components' forecasts. Stacking: Wolpert (1992),
    "Stacked generalization", Neural Networks 5(2); Breiman (1996), "Stacked
    regressions", Machine Learning 24(1).
    """
    spec = specification()
    forecasts: dict[str, np.ndarray] = {}
    for label in {**spec["with_status_quo"], **spec["without_status_quo"]}:
        comp = spec["components"][label]
        model = get(comp["model"])
        forecasts[label] = model.kernel(arr, model.resolve(comp["params"]), rng).forecast

    def combine(weights: Mapping[str, float]) -> np.ndarray:
        return sum(w * np.nan_to_num(forecasts[label]) for label, w in weights.items())

    has_sq = ~np.isnan(arr.status_quo)
    with_sq, without_sq = combine(spec["with_status_quo"]), combine(spec["without_status_quo"])
    return Outcome(np.where(has_sq, with_sq, without_sq), extra={"selected": spec["selected"]})


def _components() -> list[ModelSpec]:
    spec = specification()
    return [get(c["model"]) for c in spec["components"].values()]


register(ModelSpec(
    name="recommended",
    kernel=recommended_kernel,
    summary="the pre-registered forecast chosen by cross-validation on DEU (see docs/backtest.md): "
            "currently " + specification()["selected"],
    citation="Wolpert (1992), Neural Networks 5(2); Breiman (1996), Machine Learning 24(1); "
             "selection: docs/backtest.md",
    bounds="positions+status_quo" if any(m.needs_status_quo for m in _components()) else "positions",
    joint=any(m.joint for m in _components()),
    stochastic=any(m.stochastic for m in _components()),
))
