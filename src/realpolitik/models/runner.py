"""Running one registered model on batch-first arrays: parameters checked, Result built."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ModelNotApplicable
from ..rng import make_rng
from ..scenario import ScenarioArrays
from . import registry
from .result import Result
from .rule_binding import constrain


def run(model: str, arrays: ScenarioArrays, *, seed: int | None = None,
        params: Mapping[str, Any] | None = None, rng: np.random.Generator | None = None,
        rules: bool = False) -> Result:
    """Run a registered model on batch-first arrays (all draws at once).

    ``params`` are validated against the model's declaration; the Result records the
    complete parameter set (defaults included) and the seed. ``rules=True`` holds the
    forecast to the issues' decision rules (:func:`realpolitik.models.rule_binding.constrain`).
    """
    spec = registry.get(model)
    resolved = spec.resolve(params)
    if spec.needs_status_quo:
        missing = np.isnan(arrays.status_quo).any(axis=0)
        if missing.any():
            names = ", ".join(i for i, m in zip(arrays.issue_ids, missing, strict=True) if m)
            raise ModelNotApplicable(f"model '{spec.name}' needs a status quo; none given for: {names}")
    given = arrays if spec.capabilities_as_given(resolved) else arrays.normalised()
    outcome = spec.kernel(given, resolved, rng if rng is not None else make_rng(seed))
    if rules:
        outcome = constrain(arrays, outcome, spec.name)
    sq = arrays.status_quo[0] if arrays.n_draws else np.full(arrays.n_issues, np.nan)
    return Result(model=spec.name, params=resolved, seed=seed, actor_ids=arrays.actor_ids,
                  issue_ids=arrays.issue_ids, lower=arrays.lower, upper=arrays.upper,
                  status_quo=np.asarray(sq, dtype=float), outcome=outcome)


def solve(scenario, model: str, *, seed: int | None = None, rules: bool = False, **params: Any) -> Result:
    """One model on a scenario's central values (keyword arguments are its parameters)."""
    return run(model, scenario.arrays(), seed=seed, params=params, rules=rules)

