"""The (asymmetric) Nash bargaining solution with outside options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ModelNotApplicable
from ..scenario.arrays import ScenarioArrays
from .common import position_range
from .params import Param
from .registry import ModelSpec, register
from .result import Outcome

ITERATIONS = 200


def walkaway_weights(arr: ScenarioArrays, who: str) -> np.ndarray:
    """``(B, N, K)`` probability π_h that talks fail into holder h's alternative.

    ``private``: π_h = γ_h, and only h itself weighs it. ``public``: an alternative is an
    outcome on the issue's scale that everyone lives with once its holder walks away;
    with holders of credibility γ_h, some holder walks with probability
    1 − Π_h(1 − γ_h), shared among holders in proportion to γ_h (one holder: π = γ_h),
    and every actor sees the same lottery. Only ``private`` guarantees that a better
    option moves the solution toward its holder; a public one moves everyone's fallback.
    """
    gamma = np.where(np.isnan(arr.outside_value), 0.0, arr.outside_credibility)
    if who == "private":
        return gamma
    total = gamma.sum(axis=1, keepdims=True)
    walk = 1.0 - np.prod(1.0 - gamma, axis=1, keepdims=True)
    return np.divide(gamma * walk, total, out=np.zeros_like(gamma), where=total > 0)


def disagreement_radius(arr: ScenarioArrays, p: float, rule: str, who: str = "private") -> np.ndarray:
    """``(B, N, K)`` distance r_i with u_i(d_i) = −s_i·r_i^p: how far from its ideal
    an actor may be pushed before it prefers to walk away.

    Without outside options d_i is the status quo q. With outside options (alternative
    a_h, credibility γ_h) talks fail into a_h with the probabilities π_h of
    :func:`walkaway_weights` and into q otherwise. The ``lottery`` rule takes the
    expected utility, u_i(d_i) = Σ_h π_h·u_i(a_h) + (1 − Σ_h π_h)·u_i(q); the ``point``
    rule takes the mixed point d_i = Σ_h π_h·a_h + (1 − Σ_h π_h)·q. With ``private``
    options the sums run over h = i alone: d_i = γ_i·a_i + (1 − γ_i)·q (issue-2 form).
    """
    x = arr.position
    sq = arr.status_quo[:, None, :]
    pi = walkaway_weights(arr, who)
    alt = np.where(pi > 0, arr.outside_value, 0.0)
    if who == "private":
        if rule == "point":
            return np.abs(pi * alt + (1 - pi) * sq - x)
        return (pi * np.abs(alt - x) ** p + (1 - pi) * np.abs(sq - x) ** p) ** (1 / p)
    stay = 1.0 - pi.sum(axis=1, keepdims=True)
    if rule == "point":
        return np.abs((pi * alt).sum(axis=1, keepdims=True) + stay * sq - x)
    expected = stay * np.abs(sq - x) ** p
    for h in np.flatnonzero((pi > 0).any(axis=(0, 2))):  # holders are few: loop over them only
        expected = expected + pi[:, h : h + 1] * np.abs(alt[:, h : h + 1] - x) ** p
    return expected ** (1 / p)


def nash_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Nash bargaining solution: argmax_z Σ_i c_i·log(u_i(z) − u_i(d_i)), u_i(z) = −s_i|z − x_i|^p.

    Nash (1950), "The bargaining problem", with bargaining power c_i as in the
    asymmetric (generalised) form used for EU legislation by Schneider, Finke & Bailer
    (2010, "Bargaining power in the European Union", eq. 1) and Achen (2006, ch. 10).
    Actors with salience 0 are indifferent and drop out of the product. The objective is
    concave on the set where every actor gains, the interval ⋂_i (x_i − r_i, x_i + r_i)
    (see :func:`disagreement_radius`), so the maximiser is found by bisection on the
    derivative. Because the Nash solution is invariant to rescaling each utility, an
    actor's salience only decides whether it takes part. When the interval is empty no
    outcome makes every actor better off than its disagreement point: the forecast is
    the status quo and ``details['feasible']`` is False.
    """
    if np.isnan(arr.status_quo).any():
        missing = [i for i, m in zip(arr.issue_ids, np.isnan(arr.status_quo).any(axis=0), strict=True) if m]
        raise ModelNotApplicable(f"model 'nash' needs a status quo (disagreement point); none given for: "
                                 f"{', '.join(missing)}")
    p = float(params["p"])
    x = arr.position
    takes_part = arr.present[None] & (arr.salience > 0)
    nobody = ~takes_part.any(axis=1, keepdims=True)
    takes_part = takes_part | (nobody & arr.present[None])
    c = np.where(takes_part, arr.capability, 0.0)
    r = disagreement_radius(arr, p, params["disagreement"], params["outside"])
    xs = np.where(takes_part, x, 0.0)
    rs = np.where(takes_part, r, 0.0)
    lo = np.where(takes_part, xs - rs, -np.inf).max(axis=1)
    hi = np.where(takes_part, xs + rs, np.inf).min(axis=1)
    feasible = lo < hi
    pmin, pmax = position_range(arr)
    a = np.where(feasible, np.maximum(lo, pmin), 0.0)
    b = np.where(feasible, np.minimum(hi, pmax), 1.0)
    rp = rs**p
    for _ in range(ITERATIONS):
        z = 0.5 * (a + b)
        dz = z[:, None, :] - xs
        gap = np.maximum(rp - np.abs(dz) ** p, 1e-300)
        slope = -(c * p * np.abs(dz) ** (p - 1) * np.sign(dz) / gap).sum(axis=1)
        a = np.where(slope > 0, z, a)
        b = np.where(slope > 0, b, z)
    z = np.clip(0.5 * (a + b), pmin, pmax)
    forecast = np.where(feasible, z, arr.status_quo)
    notes = ()
    if not feasible.all():
        bad = [i for i, f in zip(arr.issue_ids, feasible.all(axis=0), strict=True) if not f]
        notes = (f"nash: on {', '.join(bad)} no outcome makes every actor better off than its "
                 f"disagreement point in at least one draw; the forecast there is the status quo",)
    return Outcome(forecast, details={"feasible": feasible}, notes=notes)


register(ModelSpec(
    name="nash",
    kernel=nash_kernel,
    summary="Nash bargaining solution, capability as bargaining power, status quo or outside option as disagreement",
    citation="Nash (1950), Econometrica 18(2); Schneider, Finke & Bailer (2010), Political Studies 58(1)",
    params=(
        Param("p", float, 2.0, "utility exponent: u = −s·|z − x|^p (2 quadratic, 1 linear; >= 1)", low=1.0),
        Param("disagreement", str, "lottery", "how an outside option enters the disagreement point",
              choices=("lottery", "point")),
        Param("outside", str, "private", "whose disagreement point an outside option changes: its holder's "
              "only (private) or everyone's, as an outcome all live with once the holder walks (public)",
              choices=("private", "public")),
    ),
    bounds="positions+status_quo",
    needs_status_quo=True,
))
