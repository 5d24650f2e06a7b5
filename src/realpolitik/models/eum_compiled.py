"""Compiled rounds of the expected-utility model (Numba), game by game in cache.

The same round as :func:`.eum.play_round` (Scholz, Calbert & Smith 2011, sections 3–6;
see :mod:`.eum`), for every variant parameter of :mod:`.eum_params`, worked one game at
a time on its ``n × n`` pairs, so that a game's arrays stay in the first-level caches and
each pass over the pairs does the work of many NumPy passes. A round has three compiled
stages with NumPy between them:

1. sort the actors taking part by position; the weighted median; the first pass with
   every r = 1 (votes, P_ij, danger D_i, risk exponents r_i); the arguments of every
   logarithm the round needs, for all the games of a chunk in one array;
2. the logarithms, by NumPy (one call per chunk), then the products r·log(·);
3. the exponentials, by NumPy, then the votes with the voters' exponents, the expected
   utilities, the offers and the one each actor accepts, and the stopping test.

Logarithms and exponentials are left to NumPy, whose vectorised ``log``/``exp`` are several
times faster than Numba's scalar calls and give the very values the NumPy path computes;
the logarithms of the symmetric terms (0.5 ∓ 0.5d and d, eqs. 15–16 and 30) are taken
once per unordered pair. Arithmetic follows the NumPy path operation by operation, so
positions agree to rounding (sums are added in another order) and the discrete choices
(offer types, the offer accepted) are the same. The vote algebra is that of
:mod:`.eum_votes`: column prefix sums, the number of voters below each midpoint found by
one sweep per row, and the all-pairs normaliser from each voter's values in ascending
order, merged from the two sides of the voter in O(n); O(n²) per round in all.
"""

from __future__ import annotations

import numba
import numpy as np

from .eum_offers import CAPITULATION, COMPROMISE, CONFLICT, NONE, OFFER_CHOICES
from .eum_params import Settings

SMALLEST_MOVE, LOWEST_WEIGHTED_POINT, SENDER_MAX = (OFFER_CHOICES.index(c) for c in
                                                    ("smallest_move", "lowest_weighted_point", "sender_max"))
CHUNK_PAIRS = 1 << 17  # games per chunk × n² stays near this: the log/exp buffers stay in the second-level cache


@numba.njit(cache=True)
def _start_order(present: np.ndarray, order: np.ndarray, count: np.ndarray) -> None:
    """Per game, the actors taking part (in input order) and how many there are."""
    for g in range(present.shape[0]):
        k = 0
        for a in range(present.shape[1]):
            if present[g, a]:
                order[g, k] = a
                k += 1
        count[g] = k


@numba.njit(cache=True, inline="always")
def _before(z: np.ndarray, w: np.ndarray, s: np.ndarray, a: int, b: int) -> bool:
    """Actor a sorts before b: by position, weight, salience, then input order (NumPy's stable lexsort)."""
    if z[a] != z[b]:
        return z[a] < z[b]
    if w[a] != w[b]:
        return w[a] < w[b]
    if s[a] != s[b]:
        return s[a] < s[b]
    return a < b


@numba.njit(cache=True)
def _probabilities(a: np.ndarray, zs: np.ndarray, k: int, pair: bool, prefix: np.ndarray, p: np.ndarray) -> None:
    """``p[i, j]`` = P_ij from vote values ``a[v, m]`` of the ``k`` actors sorted by position ``zs``.

    Positive votes C[t, j] − C[t, i] (or their complement when x_i > x_j) with t the number
    of voters strictly below the midpoint; normalised per pair or by the all-pairs total.
    """
    for m in range(k):
        prefix[0, m] = 0.0
    for v in range(k):
        for m in range(k):
            prefix[v + 1, m] = prefix[v, m] + a[v, m]
    for i in range(k):
        t = 0
        zi = zs[i]
        for j in range(k):
            mid = (zi + zs[j]) * 0.5
            while t < k and zs[t] < mid:
                t += 1
            pos = prefix[t, j] - prefix[t, i]
            if zi > zs[j]:
                pos = (prefix[k, j] - prefix[k, i]) - pos
            p[i, j] = max(pos, 0.0)
    if pair:
        for i in range(k):
            for j in range(i + 1, k):
                norm = p[i, j] + p[j, i]
                if zs[i] != zs[j] and norm > 0:
                    p[i, j] /= norm
                    p[j, i] /= norm
                else:
                    p[i, j] = 0.0
                    p[j, i] = 0.0
            p[i, i] = 0.0
        return
    total = 0.0  # Σ_v Σ_a Σ_b |a_vb − a_va| = Σ_v 2 Σ_r a_v(r)(2r − k + 1), a_v· ascending = by distance from v
    for v in range(k):
        lo = v - 1
        hi = v + 1
        acc = a[v, v] * (2.0 * (1 - k))
        for rank in range(1, k):
            left = lo >= 0 and (hi >= k or zs[v] - zs[lo] <= zs[hi] - zs[v])
            m = lo if left else hi
            if left:
                lo -= 1
            else:
                hi += 1
            acc += a[v, m] * (2.0 * (2 * rank - k + 1))
        total += acc
    for i in range(k):
        for j in range(k):
            p[i, j] = p[i, j] / total if zs[i] != zs[j] and total > 0 else 0.0


@numba.njit(cache=True)
def _setup(cur, w, s, ew, active, order, count, zs, ws, ss, mu_dist, p, r, logs, log_at,
           voter, pair, q, median_rule, t_const, a, prefix):
    """Stage 1 for the ``active`` games: order, median, first pass, risk exponents, log arguments.

    Returns the number of log arguments written to ``logs``; game ``g`` starts at ``log_at[g]``.
    """
    used = 0
    for g in active:
        k = count[g]
        zg, wg, sg = cur[g], w[g], s[g]
        og = order[g]
        for i in range(1, k):  # insertion sort from the last round's order: actors rarely swap
            x = og[i]
            j = i - 1
            while j >= 0 and _before(zg, wg, sg, x, og[j]):
                og[j + 1] = og[j]
                j -= 1
            og[j + 1] = x
        z = zs[g]
        total = 0.0
        for i in range(k):
            z[i] = zg[og[i]]
            ws[g, i] = wg[og[i]]
            ss[g, i] = sg[og[i]]
            total += ew[g, og[i]]
        cw = 0.0
        mu = z[0] if k else 0.0
        for i in range(k):  # lower weighted median (eum._median_sorted)
            cw += ew[g, og[i]]
            if cw >= total * (0.5 - 1e-9):
                mu = z[i]
                break
        for i in range(k):
            mu_dist[g, i] = abs(z[i] - mu)
        # log arguments: 0.5 ∓ 0.5·min(d, 1) and d per unordered pair, then 0.5 ∓ e/4 per ordered pair
        log_at[g] = used
        half_pairs = k * (k - 1) // 2
        sym = 3 if voter else 2
        at = used
        for i in range(k):
            for j in range(i + 1, k):
                d = abs(z[i] - z[j])
                half = min(d, 1.0) * 0.5
                logs[at] = 0.5 - half
                logs[at + half_pairs] = 0.5 + half
                if voter:
                    logs[at + 2 * half_pairs] = d
                at += 1
        used += sym * half_pairs
        if q != 1.0:
            for i in range(k):
                for j in range(k):
                    e = min(mu_dist[g, i] + abs(z[i] - z[j]), 2.0) * 0.25
                    logs[used + i * k + j] = 0.5 - e
                    logs[used + k * k + i * k + j] = 0.5 + e
            used += 2 * k * k
        # first pass: every r = 1, votes a_vm = w_v·d_vm
        for v in range(k):
            for m in range(k):
                a[v, m] = abs(z[v] - z[m]) * ws[g, v]
        pg = p[g]
        _probabilities(a, z, k, pair, prefix, pg)
        rg = r[g]
        for i in range(k):  # D_i = 2(1 − 2s_i) Σ_j d_ij + 4 s_i Σ_j d_ij P_ji − (1 − Q) Σ_j (2T_ji − 1) e_ji
            dist = 0.0
            won = 0.0
            lean = 0.0
            for j in range(k):
                if j != i:
                    d = abs(z[i] - z[j])
                    dist += d
                    won += d * pg[j, i]
                    if q != 1.0:
                        tji = (1.0 if mu_dist[g, j] < d else 0.0) if median_rule else t_const
                        lean += min(mu_dist[g, j] + d, 2.0) * (2.0 * tji - 1.0)
            danger = 2.0 * (1.0 - 2.0 * ss[g, i]) * dist
            danger += 4.0 * ss[g, i] * won
            if q != 1.0:
                danger -= (1.0 - q) * lean
            rg[i] = danger
        top = -np.inf
        low = np.inf
        for i in range(k):
            top = max(top, rg[i])
            low = min(low, rg[i])
        spread = top - low
        flat = spread <= 1e-12 * max(1.0, max(abs(top), abs(low)))
        for i in range(k):
            big_r = 0.0 if flat else (2 * rg[i] - top - low) / spread
            rg[i] = (1 - big_r / 3) / (1 + big_r / 3)
    return used


@numba.njit(cache=True)
def _powers(active, count, r, logs, log_at, powers, power_at, voter, q, receiver_view):
    """Stage 2: r_i·log(·) for every exponential of the round; returns the number written.

    Per game, in blocks of k² ([i, j] with the row actor's exponent r_i): U^s, U^f, the votes
    (with the voter's exponent), then U^b, U^w seen by the challenger i and, for E_ji in the
    receiver's view, by i as the challenged one. Diagonals are never used: the votes' is
    exp(−∞) = 0 (d = 0), the others 1.
    """
    used = 0
    for g in active:
        k = count[g]
        rg = r[g]
        half_pairs = k * (k - 1) // 2
        base = log_at[g]
        power_at[g] = used
        kk = k * k
        for i in range(k):
            powers[used + i * k + i] = 0.0
            powers[used + kk + i * k + i] = 0.0
            if voter:
                powers[used + 2 * kk + i * k + i] = -np.inf
        at = base
        for i in range(k):
            ri = rg[i]
            for j in range(i + 1, k):
                rj = rg[j]
                lw = logs[at]
                ll = logs[at + half_pairs]
                powers[used + i * k + j] = lw * ri
                powers[used + j * k + i] = lw * rj
                powers[used + kk + i * k + j] = ll * ri
                powers[used + kk + j * k + i] = ll * rj
                if voter:
                    ld = logs[at + 2 * half_pairs]
                    powers[used + 2 * kk + i * k + j] = ld * ri
                    powers[used + 2 * kk + j * k + i] = ld * rj
                at += 1
        used += (3 if voter else 2) * kk
        if q != 1.0:
            row = base + (3 if voter else 2) * half_pairs
            blocks = 4 if receiver_view else 2
            for i in range(k):
                ri = rg[i]
                for j in range(k):
                    powers[used + i * k + j] = logs[row + i * k + j] * ri
                    powers[used + kk + i * k + j] = logs[row + kk + i * k + j] * ri
                    if receiver_view:
                        powers[used + 2 * kk + i * k + j] = logs[row + j * k + i] * ri
                        powers[used + 3 * kk + i * k + j] = logs[row + kk + j * k + i] * ri
            used += blocks * kk
    return used


@numba.njit(cache=True, inline="always")
def _status_quo(better: float, worse: float, t: float, q: float, sq: float) -> float:
    """Q·U^sq + (1 − Q)[T·U^b + (1 − T)·U^w] from exp(r·log(0.5 ∓ e/4)) (as eum_utility.status_quo_term)."""
    b = (better * -4.0 + 2.0) * t
    b += (worse * -4.0 + 2.0) * (1.0 - t)
    b *= 1.0 - q
    return b + q * sq


@numba.njit(cache=True, inline="always")
def _challenge(win: float, gap: float, resist: float, p: float, sq: float) -> float:
    """E = U^s − s·(1 − P)·(U^s − U^f) − SQ (as eum_utility._challenge_value)."""
    return (win - (1.0 - p) * resist * gap) - sq


@numba.njit(cache=True)
def _finish(t, active, cur, path, rounds, period, order, count, zs, ws, ss, mu_dist, p, r, sq0, powers, power_at,
            a, prefix, moved, voter, pair, q, median_rule, t_const, receiver_view, sender_salience, fraction,
            choice, capitulation, tol):
    """Stage 3: votes with exponents, expected utilities, offers, new positions and the stopping test.

    Returns the games still active after round ``t``.
    """
    still = np.empty(active.size, dtype=np.int64)
    n_still = 0
    rounds_max = path.shape[1] - 1
    for g in active:
        k = count[g]
        kk = k * k
        z = zs[g]
        rg = r[g]
        base = power_at[g]
        pg = p[g]
        if voter:
            vote = base + 2 * kk
            for v in range(k):
                wv = ws[g, v]
                for m in range(k):
                    a[v, m] = powers[vote + v * k + m] * wv
            _probabilities(a, z, k, pair, prefix, pg)
        sq_row = base + (3 if voter else 2) * kk
        sq_col = sq_row + 2 * kk
        for i in range(k):
            zi = z[i]
            best_kind = NONE
            best_key = 0.0
            best_gain = 0.0
            best_target = 0.0
            best_move = 0.0
            for j in range(k):
                zj = z[j]
                if zi == zj:
                    continue
                ij = i * k + j
                win = powers[base + ij] * -4.0 + 2.0
                gap = win - (powers[base + kk + ij] * -4.0 + 2.0)
                sq = sq0[g, i]
                if q != 1.0:
                    tij = (1.0 if mu_dist[g, i] < abs(zi - zj) else 0.0) if median_rule else t_const
                    sq = _status_quo(powers[sq_row + ij], powers[sq_row + kk + ij], tij, q, sq0[g, i])
                e_ij = _challenge(win, gap, ss[g, j], pg[i, j], sq)
                if receiver_view:
                    sq = sq0[g, i]
                    if q != 1.0:
                        tji = (1.0 if mu_dist[g, j] < abs(zi - zj) else 0.0) if median_rule else t_const
                        sq = _status_quo(powers[sq_col + ij], powers[sq_col + kk + ij], tji, q, sq0[g, i])
                    e_ji = _challenge(win, gap, ss[g, j] if sender_salience else ss[g, i], pg[j, i], sq)
                else:  # j's own view of challenging i: the [j, i] entry of E_ij (or of its sender-salience form)
                    ji = j * k + i
                    win_j = powers[base + ji] * -4.0 + 2.0
                    gap_j = win_j - (powers[base + kk + ji] * -4.0 + 2.0)
                    sq = sq0[g, j]
                    if q != 1.0:
                        tji = (1.0 if mu_dist[g, j] < abs(zi - zj) else 0.0) if median_rule else t_const
                        sq = _status_quo(powers[sq_row + ji], powers[sq_row + kk + ji], tji, q, sq0[g, j])
                    e_ji = _challenge(win_j, gap_j, ss[g, j] if sender_salience else ss[g, i], pg[j, i], sq)
                kind = NONE
                if e_ji > e_ij and e_ij > 0:
                    kind = CONFLICT
                elif e_ij < 0:
                    loss = -e_ij
                    if e_ji > loss:
                        kind = COMPROMISE
                    elif capitulation and loss > e_ji and e_ji > 0:
                        kind = CAPITULATION
                if kind == NONE:
                    continue
                target = zj
                key = 0.0
                if kind == COMPROMISE:
                    loss = abs(e_ij)
                    gain = abs(e_ji)
                    weighted = (loss * zi + gain * zj) / (loss + gain)
                    target = zi + (zj - zi) * (loss / gain) if fraction else weighted
                    key = weighted
                move = abs(target - zi)
                if choice != LOWEST_WEIGHTED_POINT or kind != COMPROMISE:
                    key = move
                # lexicographic choice, as eum_offers.accept narrows: the first (lowest) sender wins full ties
                if best_kind == NONE:
                    better = True
                elif choice == SENDER_MAX:
                    better = e_ji > best_gain or (e_ji == best_gain and (
                        move < best_move or (move == best_move and target < best_target)))
                else:
                    better = kind < best_kind or (kind == best_kind and (
                        key < best_key or (key == best_key and (
                            e_ji > best_gain or (e_ji == best_gain and target < best_target)))))
                if better:
                    best_kind, best_key, best_gain, best_target, best_move = kind, key, e_ji, target, move
            moved[i] = best_target if best_kind != NONE else zi
        og = order[g]
        cg = cur[g]
        for i in range(k):
            cg[og[i]] = moved[i]
        path[g, t] = cg
        rounds[g] = t
        latest = -1
        for u in range(t - 1, -1, -1):  # the latest earlier round with the same positions (within tol)
            gap_max = 0.0
            for x in range(cg.size):
                gap_max = max(gap_max, abs(path[g, u, x] - cg[x]))
            if gap_max <= tol:
                latest = u
                break
        if latest >= 0:
            period[g] = t - latest
            for u in range(t + 1, rounds_max + 1):
                path[g, u] = cg
        else:
            still[n_still] = g
            n_still += 1
    return still[:n_still]


def play(z: np.ndarray, w: np.ndarray, s: np.ndarray, ew: np.ndarray, present: np.ndarray,
         st: Settings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`.eum.play`: positions per round ``(R, m, n)``, rounds played, cycle period (0: none)."""
    m, n = z.shape
    path = np.empty((m, st.max_rounds + 1, n))
    path[:, 0] = z
    rounds = np.zeros(m, dtype=np.int64)
    period = np.zeros(m, dtype=np.int64)
    rows = max(1, CHUNK_PAIRS // max(n * n, 1))
    buffers = _Buffers(min(rows, m), n, st)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for lo in range(0, m, rows):
            hi = min(lo + rows, m)
            _play_chunk(z[lo:hi], w[lo:hi], s[lo:hi], ew[lo:hi], present[lo:hi], path[lo:hi], rounds[lo:hi],
                        period[lo:hi], st, buffers)
    played = int(rounds.max()) if m else 0
    # games that never repeated keep their last round (already written) and stop at max_rounds
    return np.ascontiguousarray(path[:, :played + 1].transpose(1, 0, 2)), rounds, period


class _Buffers:
    """Work arrays of one chunk of ``g`` games of ``n`` actors, reused from chunk to chunk."""

    def __init__(self, g: int, n: int, st: Settings) -> None:
        voter = st.vote_exponent == "voter"
        sq_blocks = 0 if st.q == 1.0 else (4 if st.perspective == "receiver" else 2)
        self.order = np.empty((g, n), dtype=np.int64)
        self.count = np.empty(g, dtype=np.int64)
        self.zs, self.ws, self.ss, self.mu_dist, self.r = (np.empty((g, n)) for _ in range(5))
        self.p = np.empty((g, n, n))
        self.logs = np.empty(g * ((3 if voter else 2) * (n * (n - 1) // 2) + (0 if st.q == 1.0 else 2 * n * n)))
        self.powers = np.empty(g * n * n * ((3 if voter else 2) + sq_blocks))
        self.log_at = np.empty(g, dtype=np.int64)
        self.power_at = np.empty(g, dtype=np.int64)
        self.a = np.empty((n, n))
        self.prefix = np.empty((n + 1, n))
        self.moved = np.empty(n)


def _play_chunk(z, w, s, ew, present, path, rounds, period, st: Settings, b: _Buffers) -> None:
    g = z.shape[0]
    voter = st.vote_exponent == "voter"
    pair = st.normaliser == "pair"
    median_rule = st.t_rule == "median"
    receiver_view = st.perspective == "receiver"
    _start_order(present, b.order, b.count)
    cur = z.copy()
    active = np.arange(g, dtype=np.int64)
    for t in range(1, st.max_rounds + 1):
        used = _setup(cur, w, s, ew, active, b.order, b.count, b.zs, b.ws, b.ss, b.mu_dist, b.p, b.r, b.logs,
                      b.log_at, voter, pair, st.q, median_rule, st.t, b.a, b.prefix)
        logs = b.logs[:used]
        np.log(logs, out=logs)
        used = _powers(active, b.count, b.r, b.logs, b.log_at, b.powers, b.power_at, voter, st.q, receiver_view)
        powers = b.powers[:used]
        np.exp(powers, out=powers)
        sq0 = 2.0 - 4.0 * 0.5 ** b.r
        active = _finish(t, active, cur, path, rounds, period, b.order, b.count, b.zs, b.ws, b.ss, b.mu_dist, b.p,
                         b.r, sq0, b.powers, b.power_at, b.a, b.prefix, b.moved, voter, pair, st.q, median_rule, st.t,
                         receiver_view, st.eji_salience == "sender", st.compromise == "fraction",
                         OFFER_CHOICES.index(st.offer_choice), st.capitulation, st.tol)
        if active.size == 0:
            break
