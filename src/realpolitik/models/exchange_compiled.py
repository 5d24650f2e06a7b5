"""The rounds of Stokman's exchange model compiled with Numba (deterministic Equal Gain, ties in order).

Stokman & Van Oosten (1994), the Equal Gain exchange of voting positions as specified in
:mod:`.exchange` and :mod:`.exchange_candidates`. The same procedure as
:func:`.exchange._round`, written element by element: candidates in canonical order
(issue pairs, then actor pairs, in scenario order), their equal-gain terms with the same
operations in the same order (so the same floating-point results), the greedy
realisation with the re-check of a stale candidate, and the recomputation of the
candidates sharing an actor and an issue with each realised exchange. The best candidate
(the first within a relative 1e-12 of the largest gain) is found in a tournament tree of
the gains, in logarithmic time. Draws and rounds all run in one call. Imported only by
:func:`.exchange.exchange_kernel` when :func:`.compiled.enabled`.
"""

from __future__ import annotations

import numba
import numpy as np

from .exchange import EXTERNALITY_KINDS, TIE_TOL
from .exchange_candidates import TOL

N_KINDS = len(EXTERNALITY_KINDS)
INT_FIELDS = ("draw", "round", "step", "p", "q", "i", "j", "diagonal")
FLOAT_FIELDS = ("from_j", "to_j", "from_i", "to_i", "before_p", "after_p", "before_q", "after_q", "gain_i", "gain_j")
N_INTS, N_FLOATS = len(INT_FIELDS), len(FLOAT_FIELDS)
JIT = {"cache": True, "error_model": "numpy"}  # floating-point division by zero gives inf/nan, as in NumPy


@numba.njit(**JIT)
def _minimum(a: float, b: float) -> float:
    """``np.minimum``: NaN when either is NaN."""
    if a != a or b != b:
        return np.nan
    return a if a <= b else b


@numba.njit(**JIT)
def _maximum(a: float, b: float) -> float:
    """``np.maximum``: NaN when either is NaN."""
    if a != a or b != b:
        return np.nan
    return a if a >= b else b


@numba.njit(**JIT)
def _sign(a: float) -> float:
    """``np.sign``: NaN for NaN."""
    if a > 0.0:
        return 1.0
    if a < 0.0:
        return -1.0
    return a  # 0 or NaN


@numba.njit(**JIT)
def _copy(a: np.ndarray) -> np.ndarray:
    """A copy of a 2-d float array (few distinct allocations keep the first compilation short)."""
    out = np.empty((a.shape[0], a.shape[1]))
    for r in range(a.shape[0]):
        for c in range(a.shape[1]):
            out[r, c] = a[r, c]
    return out


@numba.njit(**JIT)
def _filled_ints(size: int, value: int) -> np.ndarray:
    """An integer array of ``size`` elements, all ``value``."""
    out = np.empty(size, np.int64)
    for g in range(size):
        out[g] = value
    return out


@numba.njit(**JIT)
def _outcome(weight: np.ndarray, present: np.ndarray, y: np.ndarray, total: np.ndarray, k: int) -> float:
    """O_k = Σ c·s·y / Σ c·s, summed over actors in order (as NumPy sums an ``(N, K)`` array over axis 0)."""
    acc = 0.0
    for a in range(y.shape[0]):
        acc += weight[a, k] * (y[a, k] if present[a, k] else 0.0)
    return acc / total[k]


@numba.njit(**JIT)
def _candidates(x: np.ndarray, s: np.ndarray, present: np.ndarray, left: np.ndarray):
    """As :func:`.exchange_candidates.find_candidates` with rate p = 0: issues, actors, rates and groups."""
    n, k = x.shape
    count = 0
    for filling in (False, True):  # count the candidates, then fill arrays of that size
        cp = np.empty(count, np.int64)
        cq = np.empty(count, np.int64)
        ci = np.empty(count, np.int64)
        cj = np.empty(count, np.int64)
        rate = np.empty(count)
        diagonal = np.empty(count, np.int64)
        m = 0
        for p in range(k):
            for q in range(p + 1, k):
                for a in range(n):
                    if not (present[a, p] and present[a, q]):
                        continue
                    for b in range(a + 1, n):
                        if not (present[b, p] and present[b, q] and left[a, p] != left[b, p]
                                and left[a, q] != left[b, q]):
                            continue
                        if filling:
                            if s[a, p] * s[b, q] >= s[b, p] * s[a, q]:
                                i, j = a, b
                            else:
                                i, j = b, a
                            cp[m], cq[m], ci[m], cj[m] = p, q, i, j
                            rate[m] = (s[i, p] + s[j, p]) / (s[i, q] + s[j, q])
                            diagonal[m] = 1 if left[i, p] == left[i, q] else 0
                        m += 1
        count = m
    # candidates grouped by (actor, issue): each is in the groups of both its actors on both its issues
    offsets = _filled_ints(n * k + 1, 0)
    for m in range(count):
        offsets[ci[m] * k + cp[m] + 1] += 1
        offsets[ci[m] * k + cq[m] + 1] += 1
        offsets[cj[m] * k + cp[m] + 1] += 1
        offsets[cj[m] * k + cq[m] + 1] += 1
    for g in range(n * k):
        offsets[g + 1] += offsets[g]
    fill = np.empty(n * k, np.int64)
    for g in range(n * k):
        fill[g] = offsets[g]
    members = np.empty(4 * count, np.int64)
    for m in range(count):
        for key in (ci[m] * k + cp[m], ci[m] * k + cq[m], cj[m] * k + cp[m], cj[m] * k + cq[m]):
            members[fill[key]] = m
            fill[key] += 1
    return cp, cq, ci, cj, rate, diagonal, members, offsets


@numba.njit(**JIT)
def _terms(m, cp, cq, ci, cj, rate, x, y, outcome, weight, total, s, moved, terms) -> float:
    """Candidate ``m``'s terms into ``terms[m]`` and its ordering gain (−inf when dropped).

    :func:`.exchange_candidates.exchange_terms` and :func:`.exchange_candidates.admissible_gain`
    for one candidate, operation by operation.
    """
    p, q, i, j, r = cp[m], cq[m], ci[m], cj[m], rate[m]
    gap_p = x[i, p] - y[j, p]
    gap_q = x[j, q] - y[i, q]
    dir_p, dir_q = _sign(gap_p), _sign(gap_q)
    w_j, w_i, tot_p, tot_q = weight[j, p], weight[i, q], total[p], total[q]
    room_p = _maximum((x[i, p] - outcome[p]) * dir_p, 0.0)
    room_q = _maximum((x[j, q] - outcome[q]) * dir_q, 0.0)
    shift_p = _minimum(_minimum(abs(gap_p) * w_j / tot_p, abs(gap_q) * w_i / tot_q / r),
                       _minimum(room_p, room_q / r))
    shift_q = r * shift_p
    move_j = _minimum(shift_p * tot_p / w_j, abs(gap_p)) * dir_p
    move_i = _minimum(shift_q * tot_q / w_i, abs(gap_q)) * dir_q
    gain_i = shift_p * s[i, p] - shift_q * s[i, q]
    gain_j = shift_q * s[j, q] - shift_p * s[j, p]
    terms[m, 0], terms[m, 1], terms[m, 2], terms[m, 3] = move_j, move_i, gain_i, gain_j
    gain = 0.5 * (gain_i + gain_j)
    ok = (abs(gain) < np.inf and abs(move_i) < np.inf and abs(move_j) < np.inf  # finite
          and abs(move_i) > TOL and abs(move_j) > TOL
          and _minimum(gain_i, gain_j) >= -TOL and gain > TOL
          and moved[i, q] * move_i >= 0 and moved[j, p] * move_j >= 0)
    return gain if ok else -np.inf


@numba.njit(**JIT)
def _set(tree: np.ndarray, leaves: int, m: int, value: float) -> None:
    """Set candidate ``m``'s gain in the tournament tree and update the maxima above it (up to the first
    that does not change: those above it then do not either)."""
    node = leaves + m
    tree[node] = value
    node //= 2
    while node >= 1:
        a, b = tree[2 * node], tree[2 * node + 1]
        top = a if a >= b else b
        if top == tree[node]:
            break
        tree[node] = top
        node //= 2


@numba.njit(**JIT)
def _first_at_least(tree: np.ndarray, leaves: int, cut: float) -> int:
    """The first candidate whose gain is at least ``cut`` (the root's maximum must be)."""
    node = 1
    while node < leaves:
        node = 2 * node if tree[2 * node] >= cut else 2 * node + 1
    return node - leaves


@numba.njit(**JIT)
def _grow(ints: np.ndarray, floats: np.ndarray, size: int):
    """The trade arrays, doubled when row ``size`` does not fit."""
    if size < ints.shape[0]:
        return ints, floats
    more_i = np.empty((2 * ints.shape[0], N_INTS), np.int64)
    more_f = np.empty((2 * floats.shape[0], N_FLOATS))
    for row in range(size):
        for col in range(N_INTS):
            more_i[row, col] = ints[row, col]
        for col in range(N_FLOATS):
            more_f[row, col] = floats[row, col]
    return more_i, more_f


@numba.njit(**JIT)
def _round(x0, s, weight, total, present, draw, round_no, ints, floats, size, ext):
    """One round of one draw (as :func:`.exchange._round`): the voting positions, the trade arrays and their
    size; the round's externalities are added to ``ext`` ``(kinds, N, K)``."""
    n, k = x0.shape
    y = _copy(x0)
    outcome = np.empty(k)
    for kk in range(k):
        outcome[kk] = _outcome(weight, present, y, total, kk)
    left = np.empty((n, k), np.int64)  # 1 where left of the outcome (x ≤ O)
    for a in range(n):
        for kk in range(k):
            left[a, kk] = 1 if present[a, kk] and x0[a, kk] <= outcome[kk] else 0
    cp, cq, ci, cj, rate, diagonal, members, offsets = _candidates(x0, s, present, left)
    count = cp.shape[0]
    moved = _copy(x0)
    for a in range(n):
        for kk in range(k):
            moved[a, kk] = 0.0
    terms = np.empty((count, 4))  # move_j, move_i, gain_i, gain_j
    leaves = 1
    while leaves < count:
        leaves *= 2
    tree = np.empty(2 * leaves)
    for node in range(2 * leaves):
        tree[node] = -np.inf
    for m in range(count):
        tree[leaves + m] = _terms(m, cp, cq, ci, cj, rate, x0, y, outcome, weight, total, s, moved, terms)
    for node in range(leaves - 1, 0, -1):
        a, b = tree[2 * node], tree[2 * node + 1]
        tree[node] = a if a >= b else b
    version = _filled_ints(k, 0)  # how often each issue's outcome has moved this round
    seen = _filled_ints(count, 0)  # version[p] + version[q] when a candidate's terms were computed
    start = size
    step = 0
    while tree[1] > -np.inf:
        top = tree[1]
        m = _first_at_least(tree, leaves, top - TIE_TOL * abs(top))
        p, q, i, j = cp[m], cq[m], ci[m], cj[m]
        if seen[m] != version[p] + version[q]:  # an outcome cap may have moved: check it now
            ranked = tree[leaves + m]
            gain = _terms(m, cp, cq, ci, cj, rate, x0, y, outcome, weight, total, s, moved, terms)
            _set(tree, leaves, m, gain)
            seen[m] = version[p] + version[q]
            if not gain >= ranked:  # fell back (or dropped): the next best may now come first
                continue
        move_j, move_i = terms[m, 0], terms[m, 1]
        before_p, before_q = outcome[p], outcome[q]
        y[j, p] += move_j
        y[i, q] += move_i
        moved[j, p] += move_j
        moved[i, q] += move_i
        outcome[p] = _outcome(weight, present, y, total, p)
        outcome[q] = _outcome(weight, present, y, total, q)
        version[p] += 1
        version[q] += 1
        ints, floats = _grow(ints, floats, size)
        ints[size, 0], ints[size, 1], ints[size, 2], ints[size, 3] = draw, round_no, step, p
        ints[size, 4], ints[size, 5], ints[size, 6], ints[size, 7] = q, i, j, diagonal[m]
        floats[size, 0], floats[size, 1] = y[j, p] - move_j, y[j, p]
        floats[size, 2], floats[size, 3] = y[i, q] - move_i, y[i, q]
        floats[size, 4], floats[size, 5], floats[size, 6], floats[size, 7] = before_p, outcome[p], before_q, outcome[q]
        floats[size, 8], floats[size, 9] = terms[m, 2], terms[m, 3]
        size += 1
        _set(tree, leaves, m, -np.inf)
        for key in (i * k + p, i * k + q, j * k + p, j * k + q):
            for g in range(offsets[key], offsets[key + 1]):
                other = members[g]
                if tree[leaves + other] > -np.inf:
                    _set(tree, leaves, other,
                         _terms(other, cp, cq, ci, cj, rate, x0, y, outcome, weight, total, s, moved, terms))
                    seen[other] = version[cp[other]] + version[cq[other]]
        step += 1
    _externalities(ext, x0, s, present, left, ints[start:size], floats[start:size])
    return y, ints, floats, size


@numba.njit(**JIT)
def _externalities(ext, x0, s, present, left, ints, floats) -> None:
    """A round's gains and losses of the actors present on both issues of each trade, as
    :func:`.exchange_batch.add_externalities` sums them (per kind, actor and issue: the
    round's sum on the first issues plus that on the second, each in trade order)."""
    n, k = x0.shape
    on_first = np.empty((N_KINDS * n, k))  # row kind·N + actor
    on_second = np.empty((N_KINDS * n, k))
    for row in range(N_KINDS * n):
        for kk in range(k):
            on_first[row, kk] = on_second[row, kk] = 0.0
    for t in range(ints.shape[0]):
        p, q, i, j, diagonal = ints[t, 3], ints[t, 4], ints[t, 5], ints[t, 6], ints[t, 7]
        before_p, after_p, before_q, after_q = floats[t, 4], floats[t, 5], floats[t, 6], floats[t, 7]
        shift_p, shift_q = abs(after_p - before_p), abs(after_q - before_q)
        for a in range(n):
            if not (present[a, p] and present[a, q]):
                continue
            if a == i:
                kind, gain_p, gain_q = 0, shift_p * s[i, p], -shift_q * s[i, q]
            elif a == j:
                kind, gain_p, gain_q = 0, -shift_p * s[j, p], shift_q * s[j, q]
            else:
                gain_p = (abs(before_p - x0[a, p]) - abs(after_p - x0[a, p])) * s[a, p]
                gain_q = (abs(before_q - x0[a, q]) - abs(after_q - x0[a, q])) * s[a, q]
                inner = (1 if left[a, p] == left[a, q] else 0) == diagonal
                gains = gain_p + gain_q > 0
                kind = (1 if gains else 2) if inner else (3 if gains else 4)
            on_first[kind * n + a, p] += gain_p
            on_second[kind * n + a, q] += gain_q
    for kind in range(N_KINDS):
        for a in range(n):
            for kk in range(k):
                ext[kind, a, kk] += on_first[kind * n + a, kk] + on_second[kind * n + a, kk]


def play(x: np.ndarray, s: np.ndarray, weight: np.ndarray, total: np.ndarray, present: np.ndarray,
         step_weight: np.ndarray, rounds: int, until_stable: bool
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every round of every draw.

    ``x``, ``s``, ``weight``, ``step_weight`` ``(B, N, K)`` on the 0–100 scale (0 where
    absent), ``total`` ``(B, K)``, ``present`` ``(N, K)``. Returns the round-start and
    voting positions ``(B, R, N, K)``, the externalities ``(B, kinds, N, K)`` and the
    realised exchanges as integer columns :data:`INT_FIELDS` and float columns
    :data:`FLOAT_FIELDS`, in draw, round and step order. With ``until_stable`` a draw
    stops after a round without exchange and its later rounds repeat that one. The
    inputs are made contiguous float64 (``present`` boolean), so that one compiled
    version serves every call.
    """
    def as_float(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=np.float64)

    b, n, k = np.shape(x)
    positions, voting = np.empty((b, rounds, n, k)), np.empty((b, rounds, n, k))
    ext = np.zeros((b, N_KINDS, n, k))
    size, ints, floats = _play(as_float(x), as_float(s), as_float(weight), as_float(total),
                               np.ascontiguousarray(present, dtype=np.bool_), as_float(step_weight), int(rounds),
                               bool(until_stable), positions, voting, ext, np.empty((64, N_INTS), np.int64),
                               np.empty((64, N_FLOATS)))
    return positions, voting, ext, ints[:size], floats[:size]


@numba.njit(**JIT)
def _play(x, s, weight, total, present, step_weight, rounds, until_stable, positions, voting, ext, ints, floats):
    """:func:`play`, filling ``positions``, ``voting`` and ``ext``; returns the number of trades and the
    (grown) trade arrays ``ints`` and ``floats``."""
    b_count, n, k = x.shape
    size = np.int64(0)  # not a literal, so that _round is compiled once
    for b in range(b_count):
        xb = _copy(x[b])
        played = rounds
        for r in range(rounds):
            before = size
            y, ints, floats, size = _round(xb, s[b], weight[b], total[b], present, b, r, ints, floats, size,
                                           ext[b])
            for a in range(n):
                for kk in range(k):
                    positions[b, r, a, kk] = xb[a, kk]
                    voting[b, r, a, kk] = y[a, kk]
                    xb[a, kk] = xb[a, kk] + step_weight[b, a, kk] * (y[a, kk] - xb[a, kk])
            if until_stable and size == before:
                played = r + 1
                break
        for r in range(played, rounds):  # a round without exchange: the later ones repeat it
            for a in range(n):
                for kk in range(k):
                    positions[b, r, a, kk] = positions[b, played - 1, a, kk]
                    voting[b, r, a, kk] = voting[b, played - 1, a, kk]
    return size, ints, floats
