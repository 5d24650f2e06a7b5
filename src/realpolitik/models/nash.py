"""The (asymmetric) Nash bargaining solution with outside options, strict or with costly breakdown.

The strict form (``cost=0, players=all``) needs every actor to gain over its
disagreement point and forecasts the status quo when no outcome does. Two variants
make breakdown costly or leave out the actors who cannot gain (see :func:`nash_kernel`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from .common import breakdown_cost, effective_weight, position_range, weighted_median
from .params import Param
from .registry import ModelSpec, register
from .result import Outcome

ITERATIONS = 200


def public_mask(arr: ScenarioArrays, who: str) -> np.ndarray:
    """``(N, K)``: which outside options count as public under the ``outside`` parameter."""
    if who == "as-declared":
        declared = arr.outside_public
        return np.zeros(arr.present.shape, bool) if declared is None else declared
    return np.full(arr.present.shape, who == "public")


def public_weights(gamma: np.ndarray) -> np.ndarray:
    """``(B, N, K)`` probability π_h that talks fail into public holder h's alternative.

    A public alternative is an outcome on the issue's scale that everyone lives with
    once its holder walks away. With public holders of credibility γ_h, some holder walks
    with probability 1 − Π_h(1 − γ_h), shared among them in proportion to γ_h (one
    holder: π = γ_h); every actor sees the same lottery.
    """
    total = gamma.sum(axis=1, keepdims=True)
    walk = 1.0 - np.prod(1.0 - gamma, axis=1, keepdims=True)
    return np.divide(gamma * walk, total, out=np.zeros_like(gamma), where=total > 0)


def disagreement_radius(arr: ScenarioArrays, p: float, rule: str, who: str = "as-declared") -> np.ndarray:
    """``(B, N, K)`` distance r_i with u_i(d_i) = −s_i·r_i^p: how far from its ideal
    an actor may be pushed before it prefers to walk away.

    Without outside options d_i is the status quo q. A private option (alternative a_i,
    credibility γ_i) changes its holder's fallback only: a_i with probability γ_i, q
    otherwise (the issue-2 form d_i = γ·a + (1 − γ)·q). Public options change everyone's:
    talks fail into a_h with the probabilities π_h of :func:`public_weights`, and
    otherwise into the actor's private fallback. The ``lottery`` rule takes the expected
    utility of that lottery; the ``point`` rule takes its mean point.
    """
    x = arr.position
    sq = arr.status_quo[:, None, :]
    has = ~np.isnan(arr.outside_value)
    gamma = np.where(has, arr.outside_credibility, 0.0)
    alt = np.where(has, arr.outside_value, 0.0)
    public = public_mask(arr, who)[None]
    pi = public_weights(np.where(public, gamma, 0.0))
    own = np.where(public, 0.0, gamma)
    stay = 1.0 - pi.sum(axis=1, keepdims=True)
    if rule == "point":
        d = (pi * alt).sum(axis=1, keepdims=True) + stay * (own * alt + (1 - own) * sq)
        return np.abs(d - x)
    terms = [(stay * own, np.abs(alt - x)), (stay * (1 - own), np.abs(sq - x))]
    for h in np.flatnonzero((pi > 0).any(axis=(0, 2))):  # public holders are few: loop over them only
        terms.append((np.broadcast_to(pi[:, h : h + 1], x.shape), np.abs(alt[:, h : h + 1] - x)))
    return power_mean(terms, p)


def power_mean(terms: list[tuple[np.ndarray, np.ndarray]], p: float) -> np.ndarray:
    """(Σ_j w_j·d_j^p)^(1/p) for weights w_j ≥ 0 and distances d_j ≥ 0, computed as
    m·(Σ_j w_j·(d_j/m)^p)^(1/p) with m the largest distance of positive weight, so that no
    power overflows or underflows whatever the exponent p and the scale's size."""
    m = np.zeros(np.broadcast_shapes(*(d.shape for _, d in terms)))
    for w, d in terms:
        m = np.maximum(m, np.where(w > 0, d, 0.0))
    safe = np.where(m > 0, m, 1.0)
    total = sum(w * np.minimum(d / safe, 1.0) ** p for w, d in terms)
    return np.where(m > 0, m * total ** (1 / p), 0.0)


def participants(arr: ScenarioArrays) -> np.ndarray:
    """``(B, N, K)`` the actors in the bargaining product: present with salience > 0 (all present if none)."""
    takes_part = arr.present[None] & (arr.salience > 0)
    nobody = ~takes_part.any(axis=1, keepdims=True)
    return takes_part | (nobody & arr.present[None])


def gainers(arr: ScenarioArrays, takes_part: np.ndarray) -> np.ndarray:
    """``(B, N, K)`` the actors on the side of the status quo that the weighted median lies on.

    These are the actors who gain from the move a capability × salience weighted
    majority wants; none where the weighted median is the status quo itself.
    """
    median = weighted_median(arr.position, effective_weight(arr))
    side = np.sign(median - arr.status_quo)[:, None, :]
    return takes_part & (np.sign(arr.position - arr.status_quo[:, None, :]) == side) & (side != 0)


def bargaining_set(arr: ScenarioArrays, params: Mapping[str, Any]) -> tuple[np.ndarray, ...]:
    """What the Nash and Kalai–Smorodinsky kernels share.

    Returns the participants ``(B, N, K)``, their positions and gain radii r_i (0 for
    others; r_i widened by the breakdown cost), the interval ``[a, b]`` of outcomes where
    every participant gains, cut to the range of positions, and where it is non-empty.
    """
    p = float(params["p"])
    takes_part = participants(arr)
    if params.get("players", "all") == "gainers":
        takes_part = gainers(arr, takes_part)
    r = disagreement_radius(arr, p, params["disagreement"], params["outside"])
    r = r + breakdown_cost(arr, float(params.get("cost", 0.0)))[None, None, :]
    xs = np.where(takes_part, arr.position, 0.0)
    rs = np.where(takes_part, r, 0.0)
    lo = np.where(takes_part, xs - rs, -np.inf).max(axis=1)
    hi = np.where(takes_part, xs + rs, np.inf).min(axis=1)
    feasible = (lo < hi) & takes_part.any(axis=1)
    pmin, pmax = position_range(arr)
    a = np.where(feasible, np.maximum(lo, pmin), 0.0)
    b = np.where(feasible, np.minimum(hi, pmax), 1.0)
    return takes_part, xs, rs, a, b, feasible


def infeasible_notes(model: str, arr: ScenarioArrays, feasible: np.ndarray) -> tuple[str, ...]:
    """A note naming the issues where some draw had no outcome that every participant prefers."""
    if feasible.all():
        return ()
    bad = [i for i, f in zip(arr.issue_ids, feasible.all(axis=0), strict=True) if not f]
    return (f"{model}: on {', '.join(bad)} no outcome makes every bargaining actor better off than "
            f"its disagreement point in at least one draw; the forecast there is the status quo",)


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
    the status quo and ``details['feasible']`` is False. An outside option's
    "credibility-weighted mix of the alternative and the status quo" is read by default
    as a lottery (``disagreement=lottery``: the expected utility of an uncertain
    fallback, as von Neumann–Morgenstern utilities require); ``disagreement=point``
    takes the mixed point on the scale instead.

    Two variants, for bargaining in which breakdown is costly (both off by default):

    - ``cost`` κ > 0 (in % of the scale): failure costs every actor as much as an
      outcome κ points further from its ideal than its fallback, r_i → r_i + κ. This is
      a disagreement point worse than the status quo for everyone, as in the costly
      reference point with which Franchino & Mariotto (2022, "Bargaining outcomes and
      success in EU economic governance reforms", PSRM 10(2)) find a procedural model
      accurate; with a large enough κ an agreement always exists.
    - ``players=gainers``: the asymmetric Nash solution over the actors who gain from
      the move that the capability × salience weighted median asks for (those on its
      side of the status quo); the others are outvoted and leave the product (the
      asymmetric solution of Kalai 1977, "Nonsymmetric Nash solutions and replications
      of 2-person bargaining", IJGT 6(3), over that coalition). Where the median is the
      status quo nobody gains and the status quo stays.
    """
    p = float(params["p"])
    takes_part, xs, rs, a, b, feasible = bargaining_set(arr, params)
    c = np.where(takes_part, arr.capability, 0.0)
    top = c.max(axis=1, keepdims=True)
    c = c / np.where(top > 0, top, 1.0)  # only the weights' ratios matter: keeps 1e300 or 1e-300 finite
    inv_r = np.where(rs > 0, 1.0 / np.where(rs > 0, rs, 1.0), 0.0)
    for _ in range(ITERATIONS):
        z = 0.5 * (a + b)
        dz = z[:, None, :] - xs
        # d/dz log(r^p − |dz|^p) with t = |dz|/r < 1 inside the interval: −p·t^(p−1)·sign(dz) / (r·(1 − t^p));
        # written in t so that no power of a distance overflows for large p or large scales
        t = np.minimum(np.abs(dz) * inv_r, 1.0)
        gap = np.maximum(1.0 - t**p, 1e-300)
        slope = -(c * p * t ** (p - 1) * np.sign(dz) * inv_r / gap).sum(axis=1)
        a = np.where(slope > 0, z, a)
        b = np.where(slope > 0, b, z)
    pmin, pmax = position_range(arr)
    z = np.clip(0.5 * (a + b), pmin, pmax)
    forecast = np.where(feasible, z, arr.status_quo)
    notes = infeasible_notes("nash", arr, feasible)
    return Outcome(forecast, details={"feasible": feasible}, notes=notes)


BARGAINING_PARAMS = (
    Param("p", float, 2.0, "utility exponent: u = −s·|z − x|^p (2 quadratic, 1 linear; >= 1)", low=1.0),
    Param("disagreement", str, "lottery", "how an outside option enters the disagreement point",
          choices=("lottery", "point")),
    Param("outside", str, "as-declared", "whose disagreement point an outside option changes: as the "
          "scenario declares each option, its holder's only (private), or everyone's (public)",
          choices=("as-declared", "private", "public")),
    Param("cost", float, 0.0, "cost of no agreement, in % of the scale: every fallback is worth as little as "
          "an outcome this much further away (0: the strict form)", low=0.0, high=100.0),
)
"""The parameters the Nash and Kalai–Smorodinsky models share: utilities, disagreement point, breakdown cost."""


register(ModelSpec(
    name="nash",
    kernel=nash_kernel,
    summary="Nash bargaining solution, capability as bargaining power, status quo or outside option as "
            "disagreement (optionally costly, or among the gainers only)",
    citation="Nash (1950), Econometrica 18(2); Schneider, Finke & Bailer (2010), Political Studies 58(1); "
             "Kalai (1977), IJGT 6(3); Franchino & Mariotto (2022), PSRM 10(2)",
    params=(
        *BARGAINING_PARAMS,
        Param("players", str, "all", "who bargains: every actor (strict), or only the actors on the side of "
              "the status quo the weighted median lies on (gainers)", choices=("all", "gainers")),
    ),
    bounds="positions+status_quo",
    reads_outside=True,
    needs_status_quo=True,
))
