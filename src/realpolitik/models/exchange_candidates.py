"""Candidate exchanges of Stokman's exchange model and their equal-gain terms, vectorized.

A candidate is a pair of issues (p, q), p before q in scenario order, and a pair of
actors present on both who sit on opposite sides of the outcome on both issues
(Stokman & Van Oosten 1994: only such actors can both gain from trading voting
positions). The actor that cares relatively more about p (larger s_p / s_q)
demands p and supplies q; the other supplies p and demands q. All candidates of all
issue pairs and actor pairs are found with array operations, and their moves and
gains are computed for any subset at once (so the greedy realisation can recompute
just the candidates an exchange affected, and check a candidate against the current
outcomes when it is about to be realised).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOL = 1e-10  # moves and gains at or below this are no exchange


@dataclass(frozen=True)
class Candidates:
    """The candidate exchanges of one round, in canonical order (issue pairs, then actor pairs)."""

    p: np.ndarray  # (M,) first issue of the pair
    q: np.ndarray  # (M,) second issue of the pair
    i: np.ndarray  # (M,) the actor that demands p and supplies (moves on) q
    j: np.ndarray  # (M,) the actor that demands q and supplies (moves on) p
    diagonal: np.ndarray  # (M,) True when i is on the same side of both outcomes (the groups left-left/right-right)
    rate: np.ndarray  # (M,) the exchange rate: outcome shift on q per unit of outcome shift on p
    members: np.ndarray  # candidate numbers grouped by (actor, issue), see ``sharing``
    offsets: np.ndarray  # (N·K + 1,) where each group starts in ``members``
    n_issues: int

    def __len__(self) -> int:
        return len(self.p)

    def _group(self, actor: int, issue: int) -> np.ndarray:
        key = actor * self.n_issues + issue
        return self.members[self.offsets[key]:self.offsets[key + 1]]

    def sharing(self, m: int) -> np.ndarray:
        """The candidates that share an actor and an issue with candidate ``m``, whatever their roles.

        Both actors of a candidate take part in both its issues, so these are the
        candidates in the groups (i, p), (i, q), (j, p) and (j, q): a shared actor's
        voting position or the outcome it wants moved has changed. May repeat a
        candidate and includes ``m`` itself.
        """
        i, j, p, q = self.i[m], self.j[m], self.p[m], self.q[m]
        return np.concatenate((self._group(i, p), self._group(i, q), self._group(j, p), self._group(j, q)))


def _groups(p: np.ndarray, q: np.ndarray, i: np.ndarray, j: np.ndarray, n: int, k: int
            ) -> tuple[np.ndarray, np.ndarray]:
    """Candidates grouped by (actor, issue): each candidate is in the groups of both its actors on both its issues."""
    keys = np.concatenate((i * k + p, i * k + q, j * k + p, j * k + q))
    small = np.uint16 if n * k <= np.iinfo(np.uint16).max else keys.dtype  # a stable sort of uint16 is a radix sort
    order = np.argsort(keys.astype(small), kind="stable")
    members = np.tile(np.arange(len(p)), 4)[order]
    offsets = np.concatenate(([0], np.cumsum(np.bincount(keys, minlength=n * k))))
    return members, offsets


@dataclass(frozen=True)
class Terms:
    """Moves and gains of a subset of candidates at the current voting positions."""

    shift_p: np.ndarray  # outcome shift on p (magnitude)
    shift_q: np.ndarray  # outcome shift on q (magnitude)
    move_j: np.ndarray  # signed move of j on p
    move_i: np.ndarray  # signed move of i on q
    gain_i: np.ndarray
    gain_j: np.ndarray

    def assign(self, idx: np.ndarray, other: Terms) -> None:
        """Overwrite the entries ``idx`` with ``other`` (the terms of just those candidates)."""
        for name in ("shift_p", "shift_q", "move_j", "move_i", "gain_i", "gain_j"):
            getattr(self, name)[idx] = getattr(other, name)


def find_candidates(x: np.ndarray, s: np.ndarray, present: np.ndarray, outcome: np.ndarray,
                    random_rate: float, rng: np.random.Generator) -> Candidates:
    """All candidate exchanges at round-start positions ``x`` ``(N, K)`` and outcomes ``(K,)``.

    Left of the outcome means x ≤ O. The actor with the larger salience ratio s_p/s_q
    supplies q (compared as s_ip·s_jq ≥ s_jp·s_iq, so zero saliences need no division;
    on equality the actor first in scenario order supplies q). The equal-gain rate is
    δ_q/δ_p = (s_ip + s_jp)/(s_iq + s_jq), the rate at which both gain the same,
    δ_p·s_ip − δ_q·s_iq = δ_q·s_jq − δ_p·s_jp (the equal-gain exchange of Stokman &
    Van Oosten 1994). With ``random_rate`` p > 0 the rate is
    redrawn as in the random exchange-rate model of Dijkstra, van Assen, Stokman &
    Draaijer (2018): a focal actor (i or j with probability ½) has its gain moved, with
    probability ½ each, toward its maximum (the rate at which the partner gains nothing)
    or toward zero by the fraction p·z, z ~ U(0, 1). For a given shift on p each gain is
    linear in the rate, so this moves the rate by the same fraction toward the partner's
    (or the focal actor's) break-even rate s_p/s_q.
    """
    n, k = x.shape
    ip, iq = np.triu_indices(k, 1)
    ai, aj = np.triu_indices(n, 1)
    left = present & (x <= outcome[None, :])
    both = (present[:, ip] & present[:, iq]).T  # (P, N)
    lp, lq = left[:, ip].T, left[:, iq].T
    ok = both[:, ai] & both[:, aj] & (lp[:, ai] != lp[:, aj]) & (lq[:, ai] != lq[:, aj])
    pair, actors = np.nonzero(ok)
    p, q, a, b = ip[pair], iq[pair], ai[actors], aj[actors]
    a_supplies_q = s[a, p] * s[b, q] >= s[b, p] * s[a, q]
    i = np.where(a_supplies_q, a, b)
    j = np.where(a_supplies_q, b, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])
        if random_rate > 0:
            u, v, z = rng.random((3, len(p)))
            focal_i, toward_max = u < 0.5, v < 0.5
            target = np.where(focal_i == toward_max, s[j, p] / s[j, q], s[i, p] / s[i, q])
            rate = rate + random_rate * z * (target - rate)
    members, offsets = _groups(p, q, i, j, n, k)
    return Candidates(p, q, i, j, left[i, p] == left[i, q], rate, members, offsets, k)


def exchange_terms(c: Candidates, idx: np.ndarray, x: np.ndarray, y: np.ndarray, outcome: np.ndarray,
                   weight: np.ndarray, total: np.ndarray, s: np.ndarray) -> Terms:
    """Shifts, moves and gains of candidates ``idx`` (scale 0–100).

    A supplier moves from its current voting position (``y``) toward the position its
    partner holds (``x``, the round-start position: what the partner wants, even where
    the partner has already moved its own vote on that issue in an earlier exchange).
    Moving actor h by Δ on issue k shifts the weighted-mean outcome by δ = Δ·c_hk·s_hk/S_k.
    The supplier of p (j) first moves all the way to i's position on p and the shift
    on q follows from the rate; if i's move on q would then go past j's position on q,
    it is capped there and the shift on p follows from the rate (Stokman & Van Oosten
    1994). Further, a shift that would carry an outcome past the demanding partner's
    position is cut back so that the outcome lands on it (none is left once the
    outcome has reached that position).
    Every bound is an upper bound on δ_p (δ_q = rate·δ_p), so δ_p is their minimum.
    """
    i, j, p, q, rate = c.i[idx], c.j[idx], c.p[idx], c.q[idx], c.rate[idx]
    gap_p = x[i, p] - y[j, p]  # j moves toward i on p
    gap_q = x[j, q] - y[i, q]  # i moves toward j on q
    dir_p, dir_q = np.sign(gap_p), np.sign(gap_q)
    w_j, w_i, tot_p, tot_q = weight[j, p], weight[i, q], total[p], total[q]
    with np.errstate(divide="ignore", invalid="ignore"):
        room_p = np.maximum((x[i, p] - outcome[p]) * dir_p, 0.0)
        room_q = np.maximum((x[j, q] - outcome[q]) * dir_q, 0.0)
        shift_p = np.minimum(np.minimum(np.abs(gap_p) * w_j / tot_p, np.abs(gap_q) * w_i / tot_q / rate),
                             np.minimum(room_p, room_q / rate))
        shift_q = rate * shift_p
        move_j = np.minimum(shift_p * tot_p / w_j, np.abs(gap_p)) * dir_p
        move_i = np.minimum(shift_q * tot_q / w_i, np.abs(gap_q)) * dir_q
    gain_i = shift_p * s[i, p] - shift_q * s[i, q]
    gain_j = shift_q * s[j, q] - shift_p * s[j, p]
    return Terms(shift_p, shift_q, move_j, move_i, gain_i, gain_j)


def admissible_gain(c: Candidates, idx: np.ndarray, t: Terms, moved: np.ndarray) -> np.ndarray:
    """The ordering gain of candidates ``idx`` (their mean gain), −inf where the exchange is dropped.

    Dropped: a move or the gain at or below 1e-10, either actor's gain negative, any
    term not finite (zero salience or weight), or a move against the direction in
    which that actor already moved on that issue this round (``moved``: signed sum of
    realised moves, ``(N, K)``). Moves end at most at the partner's position, so they
    never leave the scale nor sum past it.
    """
    gain = 0.5 * (t.gain_i + t.gain_j)
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(gain) & np.isfinite(t.move_i) & np.isfinite(t.move_j)
              & (np.abs(t.move_i) > TOL) & (np.abs(t.move_j) > TOL)
              & (np.minimum(t.gain_i, t.gain_j) >= -TOL) & (gain > TOL)
              & (moved[c.i[idx], c.q[idx]] * t.move_i >= 0) & (moved[c.j[idx], c.p[idx]] * t.move_j >= 0))
    return np.where(ok, gain, -np.inf)
