"""Compiled (Numba) versions of the O(N³) steps of a turn of KTAB's spatial model.

The same arithmetic as :mod:`.smp_pce` and :mod:`.smp_turn`, operation for operation and in
the same order of summation (voters in the same blocks, third parties summed pairwise as
NumPy sums a row), so that both paths give the same numbers and make the same choices.
Loops replace the ``(B, N, N, N)`` temporaries: a challenge works through one initiator's
``N × N`` table of utilities at a time instead of all of them at once.
"""

from __future__ import annotations

import numba
import numpy as np

from .smp_pce import BINARY_SCALE, BLOCK_CELLS, MIN_COALITION, VOTING_RULES
from .smp_turn import MIN_CHALLENGE_COALITION, RISK_ADJUSTMENTS

PROPORTIONAL, BINARY, PROPBIN, CUBIC, PROPCBC, ASYMPROSP = (VOTING_RULES.index(r) for r in (
    "proportional", "binary", "propbin", "cubic", "propcbc", "asymprosp"))
PAIRWISE_BLOCK = 128  # NumPy's block for pairwise summation


@numba.njit(cache=True, error_model="numpy", inline="always")
def _f(rule: int, du: float) -> float:
    """The voting rule f of :func:`.smp_pce.vote` (without the weight)."""
    if rule == PROPORTIONAL:
        return du
    if rule == BINARY:
        return min(max(du / BINARY_SCALE, -1.0), 1.0)
    if rule == PROPBIN:
        return 0.8 * du + 0.2 * min(max(du / BINARY_SCALE, -1.0), 1.0)
    if rule == CUBIC:
        return du**3.0
    if rule == PROPCBC:
        return 0.5 * du + 0.5 * du**3.0
    return 2.0 * du / 3.0 if du > 0 else du


@numba.njit(cache=True, error_model="numpy", inline="always")
def _block_sum(a: np.ndarray, start: int, n: int) -> float:
    """Σ a[start:start + n], n ≤ 128, as NumPy sums a short contiguous row (eight accumulators from 8 on)."""
    if n < 8:
        res = 0.0
        for k in range(start, start + n):
            res += a[k]
        return res
    r0, r1, r2, r3 = a[start], a[start + 1], a[start + 2], a[start + 3]
    r4, r5, r6, r7 = a[start + 4], a[start + 5], a[start + 6], a[start + 7]
    k = 8
    while k < n - (n % 8):
        p = start + k
        r0 += a[p]
        r1 += a[p + 1]
        r2 += a[p + 2]
        r3 += a[p + 3]
        r4 += a[p + 4]
        r5 += a[p + 5]
        r6 += a[p + 6]
        r7 += a[p + 7]
        k += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while k < n:
        res += a[start + k]
        k += 1
    return res


@numba.njit(cache=True, error_model="numpy")
def _pairwise_sum(a: np.ndarray, spans: np.ndarray, sums: np.ndarray) -> float:
    """Σ a summed as NumPy sums a contiguous row: blocks of at most 128, and above that the sum of the
    two halves (the first a multiple of 8 long), each summed the same way. Without recursion (a cached
    recursive function cannot be loaded back); ``spans`` (depth × 3 integers) and ``sums`` are scratch."""
    n = a.shape[0]
    if n <= PAIRWISE_BLOCK:
        return _block_sum(a, 0, n)
    top = 0  # spans[k] = (start, length, halves done) of the k-th open node, sums[k] its left half's sum
    spans[0, 0], spans[0, 1], spans[0, 2] = 0, n, 0
    value = 0.0
    while top >= 0:
        start, length, done = spans[top, 0], spans[top, 1], spans[top, 2]
        half = length // 2
        half -= half % 8
        if done == 2:  # both halves summed: value holds the right one
            value = sums[top] + value
            top -= 1
            continue
        if done == 0:
            length = half
        else:
            sums[top] = value
            start, length = start + half, length - half
        spans[top, 2] = done + 1
        if length <= PAIRWISE_BLOCK:
            value = _block_sum(a, start, length)
            if done == 0:
                continue
            value = sums[top] + value
            top -= 1
            continue
        top += 1
        spans[top, 0], spans[top, 1], spans[top, 2] = start, length, 0
    return value


@numba.njit(cache=True, error_model="numpy")
def _distance(ideal: np.ndarray, pos: np.ndarray, sal: np.ndarray) -> np.ndarray:
    b, n, k = ideal.shape
    m = pos.shape[1]
    out = np.empty((b, n, m))
    s2, term = np.empty(k), np.empty(k)
    spans, sums = np.zeros((64, 3), dtype=np.int64), np.empty(64)
    for bb in range(b):
        for a in range(n):
            for c in range(k):
                s2[c] = sal[bb, a, c] ** 2
            den = _block_sum(s2, 0, k) if k <= PAIRWISE_BLOCK else _pairwise_sum(s2, spans, sums)
            safe = den if den > 0 else 1.0
            for j in range(m):
                for c in range(k):
                    term[c] = (ideal[bb, a, c] - pos[bb, j, c]) ** 2 * s2[c]
                num = _block_sum(term, 0, k) if k <= PAIRWISE_BLOCK else _pairwise_sum(term, spans, sums)
                out[bb, a, j] = np.sqrt(num / safe) if den > 0 else 0.0
    return out


def distance(ideal: np.ndarray, pos: np.ndarray, sal: np.ndarray) -> np.ndarray:
    """:func:`.smp_turn.distance`, compiled."""
    return _distance(np.ascontiguousarray(ideal, dtype=float), np.ascontiguousarray(pos, dtype=float),
                     np.ascontiguousarray(sal, dtype=float))


@numba.njit(cache=True, error_model="numpy")
def _coalitions(rule: int, w: np.ndarray, u: np.ndarray, step: int) -> np.ndarray:
    b, a, m = u.shape
    out = np.empty((b, m, m))
    pos, blk = np.empty((m, m)), np.empty((m, m))
    neg, blk_neg = np.empty((m, m)), np.empty((m, m))
    asym = rule == ASYMPROSP
    for bb in range(b):
        pos[:] = 0.0
        neg[:] = 0.0
        for s in range(0, a, step):
            blk[:] = 0.0
            blk_neg[:] = 0.0
            for v in range(s, min(s + step, a)):
                wv = w[bb, v]
                uv = u[bb, v]
                for i in range(m):
                    ui = uv[i]
                    row = blk[i]
                    if rule == PROPORTIONAL:
                        for j in range(m):
                            row[j] += max(ui - uv[j], 0.0) * wv
                    else:
                        row_neg = blk_neg[i]
                        for j in range(m):
                            f = _f(rule, ui - uv[j])
                            if asym:
                                row_neg[j] += max(-f, 0.0) * wv
                            row[j] += max(f, 0.0) * wv
            pos += blk
            neg += blk_neg
        for i in range(m):
            for j in range(m):
                if not asym:
                    out[bb, i, j] = MIN_COALITION + pos[i, j]
                elif i > j:
                    out[bb, i, j] = (MIN_COALITION + pos[i, j]) + 0.0
                elif i < j:
                    out[bb, i, j] = (MIN_COALITION + 0.0) + neg[j, i]
                else:
                    out[bb, i, j] = (MIN_COALITION + 0.0) + 0.0
    return out


def coalitions(rule: str, w: np.ndarray, u: np.ndarray) -> np.ndarray:
    """:func:`.smp_pce.coalitions`, compiled."""
    b, _, m = u.shape
    step = max(1, BLOCK_CELLS // max(b * m * m, 1))
    return _coalitions(VOTING_RULES.index(rule), np.ascontiguousarray(w, dtype=float),
                       np.ascontiguousarray(u, dtype=float), step)


@numba.njit(cache=True, error_model="numpy")
def _third_parties_proportional(u_ni: np.ndarray, u_nj: np.ndarray, u_nn: np.ndarray, lean_i: np.ndarray,
                                w: np.ndarray, for_i: float, for_j: float, plus: np.ndarray, minus: np.ndarray) -> None:
    """:func:`_third_parties` for proportional votes and the third parties' own votes (the defaults)."""
    for k in range(u_ni.shape[0]):
        v0 = w[k] * (u_ni[k] - u_nj[k])
        c_i = max(v0, 0.0)
        c_j = (c_i - v0) + for_j
        c_i = c_i + for_i
        v_n = w[k] * (((lean_i[k] - u_nj[k]) * (c_i / (c_i + c_j)) + u_nj[k]) - u_nn[k])
        plus[k] = max(v_n, 0.0)
        minus[k] = min(v_n, 0.0)


@numba.njit(cache=True, error_model="numpy")
def _third_parties(rule: int, own_vote: bool, u_ni: np.ndarray, u_nj: np.ndarray, u_nn: np.ndarray,
                   lean_i: np.ndarray, w: np.ndarray, for_i: float, for_j: float, plus: np.ndarray,
                   minus: np.ndarray) -> None:
    """Each third party k's semi-committed vote in i's challenge of j, split into ``plus`` (for i) and ``minus``
    (for j): its little contest gives p_k (principals plus its own vote, or principals alone), then it votes on
    the difference (u_kj − u_kk) + p_k·(2u_kk − u_ki − u_kj) of its expected utilities."""
    p_principals = for_i / (for_i + for_j)
    for k in range(u_ni.shape[0]):
        if own_vote:
            v0 = w[k] * _f(rule, u_ni[k] - u_nj[k])
            c_i = max(v0, 0.0)
            c_j = (c_i - v0) + for_j
            c_i = c_i + for_i
            p_k = c_i / (c_i + c_j)
        else:
            p_k = p_principals
        v_n = w[k] * _f(rule, ((lean_i[k] - u_nj[k]) * p_k + u_nj[k]) - u_nn[k])
        plus[k] = max(v_n, 0.0)
        minus[k] = min(v_n, 0.0)


@numba.njit(cache=True, error_model="numpy")
def _challenges(d: np.ndarray, risk: np.ndarray, ka: float, kb: float, kc: float, weight: np.ndarray,
                total_sal: np.ndarray, rule: int, semi: bool, own_vote: bool) -> tuple[np.ndarray, np.ndarray]:
    b, n, _ = d.shape
    gain, prob = np.empty((b, n, n)), np.empty((b, n, n))
    ut = np.empty((n, n))  # ut[m, a] = u^i(a, m): initiator i's estimate of a's utility for m's position
    r = np.empty(n)
    u_ni, u_nn, lean_i, w = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    plus, minus = np.empty(n), np.empty(n)
    spans, sums = np.zeros((64, 3), dtype=np.int64), np.empty(64)
    for bb in range(b):
        dt = np.ascontiguousarray(d[bb].T)
        w[:] = weight[bb]
        for i in range(n):
            for a in range(n):
                r[a] = (ka * risk[bb, i] + kb * risk[bb, a]) / kc
            for m in range(n):
                row = ut[m]
                for a in range(n):
                    da = dt[m, a]
                    row[a] = (1.0 - da) * (1.0 + min(da, 1.0) * r[a])
            for a in range(n):
                u_ni[a] = ut[i, a]
                u_nn[a] = ut[a, a]
                lean_i[a] = 2.0 * u_nn[a] - u_ni[a]
            u_ii = ut[i, i]
            for j in range(n):
                u_ij, u_ji, u_jj = ut[j, i], ut[i, j], ut[j, j]
                v_i = weight[bb, i] * _f(rule, u_ii - u_ij)
                v_j = weight[bb, j] * _f(rule, u_ji - u_jj)
                for_i = (MIN_CHALLENGE_COALITION + max(v_i, 0.0)) + max(v_j, 0.0)
                for_j = (MIN_CHALLENGE_COALITION + max(-v_i, 0.0)) + max(-v_j, 0.0)
                if semi:
                    if rule == PROPORTIONAL and own_vote:
                        _third_parties_proportional(u_ni, ut[j], u_nn, lean_i, w, for_i, for_j, plus, minus)
                    else:
                        _third_parties(rule, own_vote, u_ni, ut[j], u_nn, lean_i, w, for_i, for_j, plus, minus)
                    plus[i] = plus[j] = 0.0
                    minus[i] = minus[j] = 0.0
                    for_i = for_i + _pairwise_sum(plus, spans, sums)
                    for_j = for_j - _pairwise_sum(minus, spans, sums)
                p = for_i / (for_i + for_j)
                s_j = total_sal[bb, j]
                prob[bb, i, j] = p
                if j == i:
                    gain[bb, i, j] = -np.inf
                else:
                    gain[bb, i, j] = ((1 - s_j) * 2 * u_ii + s_j * (p * 2 * u_ii + (1 - p) * 2 * u_ij)
                                      - (u_ii + u_ij))
    return gain, prob


def challenges(d: np.ndarray, risk: np.ndarray, adjust: str, weight: np.ndarray, total_sal: np.ndarray, rule: str,
               commit: str, estimate: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`.smp_turn.challenges` on :func:`.smp_turn.perspectives` of ``d`` and ``risk``, compiled."""
    ka, kb, kc = RISK_ADJUSTMENTS[adjust]
    return _challenges(np.ascontiguousarray(d, dtype=float), np.ascontiguousarray(risk, dtype=float),
                       float(ka), float(kb), float(kc), np.ascontiguousarray(weight, dtype=float),
                       np.ascontiguousarray(total_sal, dtype=float), VOTING_RULES.index(rule), commit == "semi",
                       estimate == "own_vote")
