"""Third-party votes and the probability that a challenge succeeds, in O(n² log n).

Scholz, Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
J. Theoretical Politics 23(4), section 4 (eq. 30), after Bueno de Mesquita (1994): in a
contest between i and j, third party k gives

    v_k(i, j) = w_k · [(|x_k − x_j| / Δ)^ρ_k − (|x_k − x_i| / Δ)^ρ_k],   w_k = c_k · s_k,

(positive: a vote for i) and i wins with probability P_ij = Σ_k max(v_k, 0) / norm, with
``norm`` either Σ_k |v_k(i, j)| (the paper's form, ``"pair"``; then P_ij + P_ji = 1) or
Σ_k Σ_a Σ_b |v_k(a, b)| over every ordered pair of actors (``"all_pairs"``, the form in
Scholz's own code, which reproduces his published rounds). P_ij = 0 when x_i = x_j.

Read literally, the numerators cost O(n³) per round and the all-pairs normaliser O(n³)
per pair, O(n⁵) in all. The algebra used here needs O(n² log n) time and O(n²) memory:

* The sign of v_k(i, j) does not depend on ρ_k > 0: k votes for i exactly when it lies on
  i's side of the midpoint (x_i + x_j)/2 (a voter on the midpoint gives 0). With actors
  sorted by position the supporters of the lower of i, j are a prefix of the voters and
  those of the upper one the complementary suffix. With a_km = w_k (|x_k − x_m|/Δ)^ρ_k
  and column prefix sums C[t, m] = Σ_{k < t} a_km, the positive votes are
  C[t, j] − C[t, i] for x_i < x_j, where t is the number of voters below the midpoint
  (one batched binary search), and (A_j − A_i) − (C[t, j] − C[t, i]) for x_i > x_j,
  with A_m = C[n, m]. The pair normaliser is then pos_ij + pos_ji.
* For the all-pairs normaliser, Σ_a Σ_b |a_kb − a_ka| = 2 Σ_r a_k(r) (2r − n + 1) over
  the values a_k· sorted ascending (r the rank), a sort per voter.

All arrays are ``(m, n)`` or ``(m, n, n)`` for m independent one-issue games (draws ×
issues), actors sorted by position along the last axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

NORMALISERS = ("pair", "all_pairs")


def vote_values(log_d: np.ndarray, w: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """``a[:, k, m] = w_k · d_km^ρ_k`` from ``log_d = log(d)`` (``(m, n, n)``, −inf where d = 0),
    ``rho`` per voter (``(m, n)``). With every ρ = 1 this is simply ``w_k · d_km``."""
    a = np.multiply(log_d, rho[:, :, None])
    np.exp(a, out=a)
    a *= w[:, :, None]
    return a


@dataclass(frozen=True)
class Sides:
    """Where each contest's midpoint falls among the voters.

    ``lead`` holds flat indices of C[t_ij, j] in the flattened ``(n+1, m, n)`` prefix sums,
    t_ij = t_ji the number of voters strictly below (x_i + x_j)/2; ``upper`` marks x_i > x_j,
    where i's supporters are the voters above the midpoint.
    """

    lead: np.ndarray
    upper: np.ndarray


@lru_cache(maxsize=16)
def _triangle(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Row and column of each pair i ≤ j, and the flat positions of (i, j) and of (j, i) in an n × n matrix."""
    row, col = np.triu_indices(n)
    return row, col, row * n + col, col * n + row


def sides(z: np.ndarray) -> Sides:
    """Contest sides for actors sorted by position ``z`` (``(m, n)`` ascending, finite, in [0, 2)).

    The midpoint, and so t_ij = t_ji, is symmetric: it is searched for once per pair i ≤ j.
    """
    m, n = z.shape
    row, col, upper, lower = _triangle(n)
    offset = 4.0 * np.arange(m)[:, None]
    flat = (z + offset).ravel()
    mid = z[:, row] + z[:, col]
    mid *= 0.5
    mid += offset
    # one search over all games: game g's answer is g·n + t_ij; C[t, j] of game g is at (t·m + g)·n + j
    found = np.searchsorted(flat, mid.ravel(), side="left").reshape(m, -1)
    games = np.arange(m)[:, None]
    found -= games * n
    found *= m
    found += games
    found *= n
    lead = np.empty((m, n * n), dtype=np.int64)
    lead[:, upper] = found
    lead[:, lower] = found
    lead = lead.reshape(m, n, n)
    lead += np.arange(n)
    return Sides(lead, z[:, :, None] > z[:, None, :])


def positive_votes(a: np.ndarray, where: Sides) -> np.ndarray:
    """``pos[:, i, j] = Σ_k max(v_k(i, j), 0)``; voters that take no part carry a zero row in ``a``.

    With X_ij = C[t_ij, j] and t symmetric, C[t_ij, j] − C[t_ij, i] = X_ij − X_ji.
    """
    m, n, _ = a.shape
    prefix = np.empty((n + 1, m, n))  # C[t] for all games together: each step adds one contiguous block
    prefix[0] = 0.0
    if n < 100 and m * n < 400:  # little work per step: one (strided) cumsum beats n calls
        np.cumsum(a.swapaxes(0, 1), axis=0, out=prefix[1:])
    else:
        prefix[1:2] = a[:, :1].swapaxes(0, 1)
        for k in range(1, n):
            np.add(prefix[k], a[:, k], out=prefix[k + 1])
    total = prefix[n]
    picked = prefix.ravel().take(where.lead)
    pos = picked - picked.swapaxes(1, 2)
    # where i is the upper contestant its supporters are the voters above: (A_j − A_i) − (C[t, j] − C[t, i])
    np.subtract(total[:, None, :] - total[:, :, None], pos, out=pos, where=where.upper)
    np.maximum(pos, 0.0, out=pos)
    return pos


def all_pairs_total(a: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``(m,)``: Σ_k Σ_a Σ_b |a_kb − a_ka| over ordered pairs of actors taking part."""
    m, n = present.shape
    vals = np.sort(a, axis=-1) if present.all() else np.sort(np.where(present[:, None, :], a, -1.0), axis=-1)
    n_in = present.sum(axis=1)[:, None]
    rank = np.arange(n)[None, :] - (n - n_in)
    coef = np.where(rank >= 0, 2.0 * (2 * rank - n_in + 1), 0.0)
    return np.einsum("mkr,mr->m", vals, coef)


def success_probability(a: np.ndarray, where: Sides, present: np.ndarray, distinct: np.ndarray,
                        normaliser: str) -> np.ndarray:
    """``P[:, i, j]``: probability that i wins a challenge against j (0 where ``distinct`` is False)."""
    pos = positive_votes(a, where)
    if normaliser == "pair":
        norm = pos + pos.swapaxes(1, 2)
        ok = distinct & (norm > 0)
        return np.divide(pos, norm, out=np.zeros_like(pos), where=ok)
    norm = all_pairs_total(a, present)[:, None, None]
    if not np.all(norm > 0):
        ok = distinct & (norm > 0)
        return np.divide(pos, norm, out=np.zeros_like(pos), where=ok)
    pos /= norm
    np.copyto(pos, 0.0, where=~distinct)
    return pos
