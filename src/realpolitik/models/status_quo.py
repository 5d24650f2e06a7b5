"""The null model: nothing changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from .registry import ModelSpec, register
from .result import Outcome


def status_quo_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Forecast = the status quo (reference point) of each issue.

    The benchmark every model must beat (Achen 2006, The European Union Decides, ch. 10,
    reports it as the "status quo" or "reference point" baseline).
    """
    return Outcome(arr.status_quo.copy())


register(ModelSpec(
    name="status-quo",
    kernel=status_quo_kernel,
    summary="null model: the outcome stays at the status quo",
    citation="Achen (2006), The European Union Decides, ch. 10 (reference-point baseline)",
    bounds="positions+status_quo",
    needs_status_quo=True,
))
