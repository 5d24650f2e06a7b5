"""The compromise model (weighted mean) and the weighted median."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from .common import effective_weight, weighted_mean, weighted_median
from .registry import ModelSpec, register
from .result import Outcome


def mean_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Compromise model: forecast = Σ c·s·x / Σ c·s over the actors present.

    Achen (2006), "Evaluating political decision-making models", in *The European Union
    Decides*, ch. 10 (the compromise model, his eq. 10.2 with weights capability ×
    salience). If every present actor has salience 0 the weights fall back to capability.
    """
    return Outcome(weighted_mean(arr.position, effective_weight(arr)))


def median_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Weighted median of positions with weights c·s (the lower median on exact ties).

    With single-peaked, symmetric preferences on one dimension the weighted median is
    the position no weighted majority can beat (Black 1948; used as the Condorcet
    benchmark by Bueno de Mesquita 1994 and Achen 2006). Tie rule: the smallest
    position at which the cumulative weight, in ascending order, reaches half the total.
    """
    return Outcome(weighted_median(arr.position, effective_weight(arr)))


register(ModelSpec(
    name="mean",
    kernel=mean_kernel,
    summary="compromise model: capability × salience weighted mean of positions",
    citation="Achen (2006), The European Union Decides, ch. 10",
))
register(ModelSpec(
    name="median",
    kernel=median_kernel,
    summary="weighted median of positions (weights capability × salience)",
    citation="Black (1948); Achen (2006), The European Union Decides, ch. 10",
))
