"""The Kalai–Smorodinsky bargaining solution, strict or with costly breakdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from .common import position_range
from .nash import BARGAINING_PARAMS, bargaining_set, infeasible_notes
from .registry import ModelSpec, register
from .result import Outcome

ITERATIONS = 200


def kalai_smorodinsky_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Kalai–Smorodinsky solution: equal shares of every actor's largest possible gain.

    Kalai & Smorodinsky (1975), "Other solutions to Nash's bargaining problem",
    Econometrica 43(3): the agreement gives each player the same fraction of the gain it
    would get if it had its way within the feasible set (its "ideal" or utopia gain).
    With utilities u_i(z) = −s_i|z − x_i|^p and disagreement radii r_i as in the Nash
    model (:func:`realpolitik.models.nash.disagreement_radius`, widened by the cost of
    no agreement), the feasible set is the interval I where every actor gains, the gain
    is g_i(z) = r_i^p − |z − x_i|^p (salience rescales it and cancels), and the utopia
    gain is g_i* = max over I of g_i. On one issue with more than two actors the gains
    cannot all be equal shares of g_i*, so the n-person form used here maximises the
    smallest share min_i g_i(z)/g_i* (the egalitarian extension on normalised gains,
    which for two actors is the classical solution). The objective is concave for
    p ≥ 1, so a ternary search finds it. Where I is empty the forecast is the status
    quo and ``details['feasible']`` is False; ``cost`` > 0 makes breakdown costly as in
    the Nash model.
    """
    p = float(params["p"])
    takes_part, xs, rs, a, b, feasible = bargaining_set(arr, params)
    rp = rs**p
    nearest = np.clip(xs, a[:, None, :], b[:, None, :])
    utopia = np.maximum(rp - np.abs(nearest - xs) ** p, 1e-300)

    def smallest_share(z: np.ndarray) -> np.ndarray:
        share = (rp - np.abs(z[:, None, :] - xs) ** p) / utopia
        return np.where(takes_part, share, np.inf).min(axis=1)

    for _ in range(ITERATIONS):
        left, right = a + (b - a) / 3, b - (b - a) / 3
        better_left = smallest_share(left) >= smallest_share(right)
        b = np.where(better_left, right, b)
        a = np.where(better_left, a, left)
    pmin, pmax = position_range(arr)
    z = np.clip(0.5 * (a + b), pmin, pmax)
    forecast = np.where(feasible, z, arr.status_quo)
    return Outcome(forecast, details={"feasible": feasible},
                   notes=infeasible_notes("kalai-smorodinsky", arr, feasible))


register(ModelSpec(
    name="kalai-smorodinsky",
    kernel=kalai_smorodinsky_kernel,
    summary="Kalai–Smorodinsky solution: every actor gets the same share of its largest possible gain "
            "(optionally with costly breakdown)",
    citation="Kalai & Smorodinsky (1975), Econometrica 43(3)",
    params=BARGAINING_PARAMS,
    bounds="positions+status_quo",
    needs_status_quo=True,
))
