"""The win-set of the status quo: the outcomes a decision rule lets replace it.

Following Tsebelis (2002), *Veto Players*, ch. 1 (the win-set W(SQ) of the status
quo), an outcome x beats the status quo q when every veto player weakly prefers x to
q and the voters who weakly prefer x to q hold at least the quota of all votes.

**One issue** (exact). With distance-based utilities, voter i with ideal point v
prefers x to q exactly when |x − v| ≤ |q − v|: moves to the right of q up to
``2v − q`` when v > q, moves to the left down to ``2v − q`` when v < q. The support
for a move to the right therefore only falls as the move grows, so the win-set is an
interval [L, U] around q: U is the furthest point to the right that still gathers the
quota and no veto player's reach falls short of, L likewise to the left. L = U = q
means the win-set is empty (only the status quo itself survives). Members not
modelled as actors vote like an actor at their assumed common position, or against
any change when none is given (:class:`~realpolitik.scenario.rules.DecisionRule`).

**Several issues** (membership test, then a grid). Preferences are salience-weighted
Euclidean: i prefers x to q when Σ_d s_id (x_d − v_id)² ≤ Σ_d s_id (q_d − v_id)²,
so each preferred-to set is an ellipse through q centred on v_i (circles with equal
saliences, as in Tsebelis 2002, fig. 1.2). :func:`in_winset` tests any points
exactly; :func:`winset_grid` evaluates it on a regular grid over the scales. Members
not modelled as actors vote for the status quo there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..scenario.arrays import ScenarioArrays
from ..scenario.rule_arrays import RuleArrays

_TOL = 1e-9


@dataclass(frozen=True)
class IntervalWinSet:
    """The win-set per draw and issue, ``[lower, upper]`` (both ``(B, K)``), and the limits that make it.

    ``veto_lower``/``veto_upper`` (``(B, N, K)``) are how far each veto player accepts
    a move to the left/right of the status quo (∓inf for actors without a veto);
    ``quota_lower``/``quota_upper`` (``(B, K)``) how far a move still gathers the
    quota. The win-set is the intersection of these limits.
    """

    lower: np.ndarray
    upper: np.ndarray
    veto_lower: np.ndarray
    veto_upper: np.ndarray
    quota_lower: np.ndarray
    quota_upper: np.ndarray

    @property
    def empty(self) -> np.ndarray:
        """``(B, K)``: True where nothing but the status quo itself is in the win-set."""
        return self.upper - self.lower <= _TOL * (1 + np.abs(self.upper))

    def vetoes(self, x: np.ndarray) -> np.ndarray:
        """``(B, N, K)``: the veto players who reject the outcome ``x`` ``(B, K)`` in favour of the status quo."""
        return (x[:, None] > _above(self.veto_upper)) | (x[:, None] < _below(self.veto_lower))

    def short_of_quota(self, x: np.ndarray) -> np.ndarray:
        """``(B, K)``: where the outcome ``x`` does not gather the quota against the status quo."""
        return (x > _above(self.quota_upper)) | (x < _below(self.quota_lower))


def _above(end: np.ndarray) -> np.ndarray:
    return end + _TOL * (1 + np.abs(np.where(np.isfinite(end), end, 0.0)))


def _below(end: np.ndarray) -> np.ndarray:
    return end - _TOL * (1 + np.abs(np.where(np.isfinite(end), end, 0.0)))


def interval_winset(position: np.ndarray, votes: np.ndarray, veto: np.ndarray, quota: np.ndarray,
                    status_quo: np.ndarray, others: np.ndarray | None = None,
                    others_position: np.ndarray | None = None, cost: np.ndarray | float = 0.0) -> IntervalWinSet:
    """The exact one-issue win-set of each issue, vectorized over draws and issues.

    ``position`` and ``votes`` are ``(B, N, K)`` (votes 0 for non-voters; positions of
    actors that are neither voters nor veto players are ignored), ``veto`` is ``(N, K)``
    or ``(B, N, K)``, ``quota`` ``(K,)`` shares in (0, 1], ``status_quo`` ``(B, K)``,
    ``others`` ``(K,)`` votes of members not modelled and ``others_position`` ``(K,)``
    their assumed position (NaN: they vote for the status quo). ``cost`` (scalar or
    ``(K,)``, >= 0) makes the status quo costly: an actor then accepts any outcome up to
    ``cost`` further from its ideal than the status quo, |x − v| ≤ |q − v| + cost.
    """
    k = position.shape[-1]
    others = np.zeros(k) if others is None else np.asarray(others, float)
    others_position = np.full(k, np.nan) if others_position is None else np.asarray(others_position, float)
    veto = np.broadcast_to(veto, position.shape)
    cost = np.broadcast_to(np.asarray(cost, float), (k,))
    veto_up, quota_up = _right_limits(position, votes, veto, quota, status_quo, others, others_position, cost)
    veto_down, quota_down = _right_limits(-position, votes, veto, quota, -status_quo, others, -others_position,
                                          cost)
    upper = np.minimum(quota_up, veto_up.min(axis=1))
    lower = -np.minimum(quota_down, veto_down.min(axis=1))
    return IntervalWinSet(lower, upper, -veto_down, veto_up, -quota_down, quota_up)


def _right_limits(x, w, veto, quota, sq, others, others_x, cost):
    """How far right of the status quo each veto player accepts a move, and how far the quota reaches."""
    sq3 = sq[:, None, :]
    # the furthest point right each actor prefers to the status quo: x + |x − q| (+ the cost of keeping q)
    reach = np.maximum(x + np.abs(x - sq3) + cost, sq3)
    reach = np.where(np.isnan(x), sq3, reach)
    other_reach = np.where(np.isnan(others_x), sq, np.maximum(others_x + np.abs(others_x - sq) + cost, sq))
    cand = np.concatenate([reach, other_reach[:, None, :]], axis=1)
    weight = np.concatenate([w, np.broadcast_to(others, sq.shape)[:, None, :]], axis=1)
    order = np.argsort(-cand, axis=1, kind="stable")
    cand_sorted = np.take_along_axis(cand, order, axis=1)
    cum = np.cumsum(np.take_along_axis(weight, order, axis=1), axis=1)
    total = cum[:, -1, :]
    first = np.argmax(cum >= (quota * total * (1 - _TOL))[:, None, :], axis=1)
    by_quota = np.take_along_axis(cand_sorted, first[:, None, :], axis=1)[:, 0, :]
    return np.where(veto, reach, np.inf), np.where(total > 0, by_quota, sq)


def rule_winset(arr: ScenarioArrays, cost: np.ndarray | float = 0.0) -> tuple[IntervalWinSet, np.ndarray]:
    """The win-sets of a scenario's issues under its rules, and the ``(K,)`` mask of issues with a rule.

    An issue without a rule is decided by unanimity of the actors present (the one
    reading of "no rule given" throughout realpolitik). ``cost`` (``(K,)`` or scalar) makes
    the status quo costly (see :func:`interval_winset`). Win-sets are cut to the scale.
    Under unanimity every voter is a veto player (Tsebelis 2002, ch. 2), and is reported so.
    """
    rules = arr.rules if arr.rules is not None else RuleArrays.none(arr.present)
    has_rule = ~np.isnan(rules.quota)
    quota = np.where(has_rule, rules.quota, 1.0)
    voter = np.where(has_rule, rules.voter, arr.present)
    weighted = rules.weighted & has_rule
    unanimous = (quota >= 1) & (rules.others == 0)
    veto = rules.veto | (voter & unanimous)
    votes = np.where(voter[None], np.where(weighted, arr.capability, 1.0), 0.0)
    ws = interval_winset(arr.position, votes, veto, quota, arr.status_quo, rules.others, rules.others_position,
                         cost)
    ws = IntervalWinSet(np.maximum(ws.lower, arr.lower), np.minimum(ws.upper, arr.upper), ws.veto_lower,
                        ws.veto_upper, np.where(unanimous, -np.inf, ws.quota_lower),
                        np.where(unanimous, np.inf, ws.quota_upper))
    return ws, has_rule


def in_winset(points: np.ndarray, ideal: np.ndarray, salience: np.ndarray, status_quo: np.ndarray,
              votes: np.ndarray, veto: np.ndarray, quota: float, others: float = 0.0) -> np.ndarray:
    """Whether each point beats the status quo on several issues at once (see the module docstring).

    ``points`` is ``(..., D)``, ``ideal`` and ``salience`` ``(N, D)``, ``status_quo``
    ``(D,)``, ``votes`` ``(N,)`` (0 for non-voters), ``veto`` ``(N,)`` bool, ``quota``
    a share in (0, 1]; ``others`` members not modelled vote for the status quo.
    Returns a ``(...)`` bool array.
    """
    points = np.asarray(points, float)
    d_point = (salience * (points[..., None, :] - ideal) ** 2).sum(-1)  # (..., N)
    d_sq = (salience * (status_quo - ideal) ** 2).sum(-1)  # (N,)
    reach = np.sqrt(d_sq) + _TOL * (1 + np.abs(np.asarray(status_quo, float)).max())  # as the interval's ends
    prefers = d_point <= reach**2
    support = (prefers * votes).sum(-1)
    total = votes.sum() + others
    vetoed = (~prefers & veto).any(-1)
    return (support >= quota * total * (1 - _TOL)) & ~vetoed


def winset_grid(lower: np.ndarray, upper: np.ndarray, ideal: np.ndarray, salience: np.ndarray,
                status_quo: np.ndarray, votes: np.ndarray, veto: np.ndarray, quota: float, others: float = 0.0,
                resolution: int = 201) -> tuple[list[np.ndarray], np.ndarray]:
    """The win-set on a regular grid over the issues' scales ``lower``..``upper`` (each ``(D,)``).

    Returns the grid axes (one array of ``resolution`` points per issue) and the
    ``(resolution,) * D`` mask of grid points in the win-set.
    """
    axes = [np.linspace(lo, hi, resolution) for lo, hi in zip(lower, upper, strict=True)]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1)
    return axes, in_winset(mesh, ideal, salience, status_quo, votes, veto, quota, others)
