"""Compiled rounds of the expected-utility model (Numba), game by game in cache.

The same round as :func:`.eum.play_round` (Scholz, Calbert & Smith 2011, sections 3–6;
see :mod:`.eum`), for every variant parameter of :mod:`.eum_params`: both presets and
each parameter alone or combined, with no fallback. It works one game at a time on its
pairs, so that a game's arrays stay in cache and one pass over the pairs does the work of
many NumPy passes. A round has three compiled stages, with NumPy between them:

1. sort the actors taking part by position; the weighted median; the first pass with
   every r = 1 (votes, P_ij, danger D_i, risk exponents r_i, section 5); the arguments of
   every logarithm of the round, for all the games of a chunk in one array;
2. the logarithms (NumPy, one call per chunk), then the products r·log(·);
3. the exponentials (NumPy), then the votes with the voters' exponents, the expected
   utilities (eq. 25), the offers and the one each actor accepts (section 6), and the
   stopping test.

Logarithms and exponentials are left to NumPy, whose vectorised ``log``/``exp`` are several
times faster than scalar calls from compiled code and return the very values the NumPy
path computes. Pairs are held once, i < j in position order, with both directions side by
side: the logarithms of the symmetric terms (0.5 ∓ 0.5d and d, eqs. 15–16 and 30) are taken
once per pair. The arithmetic follows the NumPy path operation by operation, except
that some sums are added in another order and the all-pairs normaliser is
2 Σ_{a,b} pos_ab (the same sum as :func:`.eum_votes.all_pairs_total`, whose absolute votes
split into the positive votes of both directions), applied as one reciprocal; positions
agree to rounding and the discrete choices (offer types, the offer accepted) are the same.
The number of voters below each midpoint (:func:`.eum_votes.sides`) starts from the pair a
row above. Whatever needs no actor of the pair (the logarithms' arguments from the distances,
which pairs are apart, the scaling of P, the offer types, the list of offers made) runs in
flat loops over all the pairs of a game, apart from the row-by-row loops, so that it
vectorises; the votes with exponents are laid out voter by voter. O(n²) per round.
"""

from __future__ import annotations

import numba
import numpy as np

from .eum_offers import CAPITULATION, COMPROMISE, CONFLICT, NONE, OFFER_CHOICES, TIE
from .eum_params import Settings

LOWEST_WEIGHTED_POINT, SENDER_MAX = OFFER_CHOICES.index("lowest_weighted_point"), OFFER_CHOICES.index("sender_max")
CHUNK_PAIRS = 1 << 15  # games per chunk × n² stays near this: the log/exp buffers stay in the second-level cache


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


@numba.njit(cache=True, fastmath={"reassoc"})
def _sum(x: np.ndarray) -> float:
    """Σ x, in any order (vectorised)."""
    total = 0.0
    for i in range(x.size):  # indexed: iterating over the array itself does not vectorise
        total += x[i]
    return total


@numba.njit(cache=True, fastmath={"reassoc"})
def _row_sums(z: np.ndarray, i: int, k: int, p_col: np.ndarray) -> tuple[float, float]:
    """Σ_j d_ij and Σ_j d_ij·p_col[j] over j < k, in any order (vectorised), the same for every i."""
    dist = 0.0
    won = 0.0
    zi = z[i]
    for j in range(k):
        d = abs(zi - z[j])
        dist += d
        won += d * p_col[j]
    return dist, won


@numba.njit(cache=True, fastmath={"reassoc"})
def _lean(z: np.ndarray, i: int, k: int, mu_dist: np.ndarray, median_rule: bool, t_const: float, tie: float) -> float:
    """Σ_{j≠i} (2T_ji − 1)·min(|x_j − μ| + d_ij, 2) with T_ji = [|x_j − μ| < d_ij − tie] or the constant t."""
    total = 0.0
    zi = z[i]
    for j in range(k):
        d = abs(zi - z[j])
        mj = mu_dist[j]
        tji = (1.0 if mj < d - tie else 0.0) if median_rule else t_const
        total += min(mj + d, 2.0) * (2.0 * tji - 1.0) if j != i else 0.0
    return total


@numba.njit(cache=True)
def _below_midpoints(z: np.ndarray, k: int, tm: np.ndarray) -> None:
    """``tm`` per pair i < j (row by row) = the number of actors strictly below (x_i + x_j)/2.

    ``z`` holds the sorted positions followed by ∞. The midpoint of (i, j) lies above that
    of (i − 1, j) by half the gap x_i − x_{i−1}, so each count starts from the one a row
    above and rises by a step or two: the pairs of a row do not wait on each other.
    """
    t = 0
    for j in range(1, k):  # the first row, pair after pair
        mid = (z[0] + z[j]) * 0.5
        while z[t] < mid:
            t += 1
        tm[j - 1] = t
    above = 0
    at = k - 1
    for i in range(1, k):
        zi = z[i]
        for j in range(i + 1, k):
            mid = (zi + z[j]) * 0.5
            t = tm[above + j - i]  # pair (i − 1, j)
            t += 1 if z[t] < mid else 0
            t += 1 if z[t] < mid else 0
            while z[t] < mid:
                t += 1
            tm[at + j - i - 1] = t
        above = at
        at += k - i - 1


@numba.njit(cache=True)
def _probabilities(a: np.ndarray, apart: np.ndarray, k: int, pair: bool, tm: np.ndarray, prefix: np.ndarray,
                   pl: np.ndarray, pu: np.ndarray) -> None:
    """P per pair i < j (row by row): ``pl`` = P_ij, ``pu`` = P_ji, from vote values ``a[v, m]``.

    Positive votes C[t, j] − C[t, i] for the lower contestant i and (A_i − A_j) − (C[t, i] −
    C[t, j]) for the upper one j (C the column prefix sums, A = C[k], t = ``tm``), as in
    :func:`.eum_votes.positive_votes`; normalised per pair, or by Σ_k Σ_a Σ_b |v_k(a, b)|,
    which is 2 Σ pos over all ordered pairs. P = 0 for actors at the same position (``apart`` false).
    """
    prefix[0, :k] = 0.0
    for v in range(k):
        src, before, after = a[v], prefix[v], prefix[v + 1]
        for m in range(k):
            after[m] = before[m] + src[m]
    total_votes = prefix[k]
    at = 0
    for i in range(k):
        n = k - i - 1
        below, lower, upper = tm[at:at + n], pl[at:at + n], pu[at:at + n]
        total_i = total_votes[i]
        for x in range(n):
            j = i + 1 + x
            t = below[x]
            c_j = prefix[t, j]
            c_i = prefix[t, i]
            lower[x] = max(c_j - c_i, 0.0)
            upper[x] = max((total_i - total_votes[j]) - (c_i - c_j), 0.0)
        at += n
    pairs = k * (k - 1) // 2
    if pair:
        for x in range(pairs):  # one flat loop over the pairs: it vectorises, rows of a few pairs do not
            lo = pl[x]
            hi = pu[x]
            norm = lo + hi
            ok = apart[x] & (norm > 0)
            pl[x] = lo / norm if ok else 0.0
            pu[x] = hi / norm if ok else 0.0
        return
    total = _sum(pl[:pairs]) + _sum(pu[:pairs])
    scale = 1.0 / (2.0 * total) if total > 0 else 0.0  # one reciprocal: P agrees with pos/norm to rounding
    for x in range(pairs):
        pl[x] = pl[x] * scale if apart[x] else 0.0
        pu[x] = pu[x] * scale if apart[x] else 0.0


@numba.njit(cache=True)
def _setup(cur, w, s, ew, active, order, count, zs, ws, ss, mu_dist, pl, pu, tm, apart, r, logs, log_at,
           voter, pair, q, median_rule, t_const, tie, a, prefix, sums):
    """Stage 1 for the ``active`` games: order, median, first pass, risk exponents, log arguments.

    Returns the number of log arguments written to ``logs``; game ``g`` starts at ``log_at[g]``:
    0.5 − 0.5·min(d, 1), 0.5 + 0.5·min(d, 1) and (votes with exponents) d per pair, then, when
    Q < 1, 0.5 ∓ e/4 per ordered pair (e = min(|x_i − μ| + d_ij, 2), eqs. 18–19).
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
        z[k:] = np.inf
        cw = 0.0
        mu = z[0] if k else 0.0
        for i in range(k):  # lower weighted median (eum._median_sorted)
            cw += ew[g, og[i]]
            if cw >= total * (0.5 - 1e-9):
                mu = z[i]
                break
        for i in range(k):
            mu_dist[g, i] = abs(z[i] - mu)
        log_at[g] = used
        pairs = k * (k - 1) // 2
        dist = logs[used + (2 if voter else 1) * pairs:used + (3 if voter else 2) * pairs]  # d, kept when voter
        at = 0
        for i in range(k):  # the distances row by row, then the rest in flat loops over the pairs (they vectorise)
            n = k - i - 1
            zi, zr, row = z[i], z[i + 1:k], dist[at:at + n]
            for x in range(n):
                row[x] = abs(zi - zr[x])
            at += n
        win, lose, distinct = logs[used:used + pairs], logs[used + pairs:used + 2 * pairs], apart[g]
        for x in range(pairs):
            d = dist[x]
            half = min(d, 1.0) * 0.5
            distinct[x] = d > tie
            win[x] = 0.5 - half
            lose[x] = 0.5 + half
        used += (3 if voter else 2) * pairs
        if q != 1.0:
            for i in range(k):
                for j in range(k):
                    e = min(mu_dist[g, i] + abs(z[i] - z[j]), 2.0) * 0.25
                    logs[used + i * k + j] = 0.5 - e
                    logs[used + k * k + i * k + j] = 0.5 + e
            used += 2 * k * k
        # first pass: every r = 1, votes a_vm = w_v·d_vm
        zk = z[:k]
        for v in range(k):
            wv = ws[g, v]
            zv = z[v]
            row = a[v]
            for m in range(k):
                row[m] = abs(zv - zk[m]) * wv
        tg, plg, pug = tm[g], pl[g], pu[g]
        _below_midpoints(z, k, tg)
        _probabilities(a, apart[g], k, pair, tg, prefix, plg, pug)
        # D_i = 2(1 − 2s_i) Σ_j d_ij + 4 s_i Σ_j d_ij P_ji − (1 − Q) Σ_j (2T_ji − 1) e_ji, each a sum over
        # the whole row in one order, so that actors at the same position get the very same D
        dist, won, lean = sums[0], sums[1], sums[2]
        column = a[0]  # the first pass's votes are no longer needed
        for i in range(k):
            at = i - 1  # pair (0, i), then down column i of the pairs above, then along row i
            for j in range(i):
                column[j] = plg[at]
                at += k - j - 2
            column[i] = 0.0
            row = i * (2 * k - i - 1) // 2
            column[i + 1:k] = pug[row:row + k - i - 1]
            dist[i], won[i] = _row_sums(z, i, k, column)
            if q != 1.0:
                lean[i] = _lean(z, i, k, mu_dist[g], median_rule, t_const, tie)
        rg = r[g]
        for i in range(k):
            danger = 2.0 * (1.0 - 2.0 * ss[g, i]) * dist[i]
            danger += 4.0 * ss[g, i] * won[i]
            if q != 1.0:
                danger -= (1.0 - q) * lean[i]
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
    """Stage 2: r·log(·) for every exponential of the round; returns the number written.

    Per game: per pair i < j, each logarithm times r_i and times r_j (U^s, U^f and, with
    voter exponents, the votes a_ij and a_ji); when Q < 1, per ordered pair [i, j] the
    logarithms of U^b, U^w seen by challenger i, and (receiver's view of E_ji) of those
    seen by i as the one challenged, all with r_i.
    """
    used = 0
    for g in active:
        k = count[g]
        rg = r[g]
        pairs = k * (k - 1) // 2
        base = log_at[g]
        power_at[g] = used
        terms = 3 if voter else 2
        for term in range(terms):
            src = base + term * pairs
            dst = used + 2 * term * pairs
            at = 0
            for i in range(k):
                ri = rg[i]
                n = k - i - 1
                lg = logs[src + at:src + at + n]
                up = powers[dst + at:dst + at + n]
                down = powers[dst + pairs + at:dst + pairs + at + n]
                rj = rg[i + 1:k]
                for x in range(n):
                    up[x] = lg[x] * ri
                if term < 2:
                    for x in range(n):
                        down[x] = lg[x] * rj[x]
                at += n
            if term == 2:  # the votes a_ji (j > i), row j after row j: each row of votes then lies in one piece
                at = dst + pairs
                for j in range(1, k):
                    rj = rg[j]
                    col = src + j - 1  # pair (0, j), then down the column of pairs (i, j)
                    for i in range(j):
                        powers[at + i] = logs[col] * rj
                        col += k - i - 2
                    at += j
        used += 2 * terms * pairs
        if q != 1.0:
            kk = k * k
            row = base + terms * pairs
            for i in range(k):
                ri = rg[i]
                for j in range(k):
                    powers[used + i * k + j] = logs[row + i * k + j] * ri
                    powers[used + kk + i * k + j] = logs[row + kk + i * k + j] * ri
                    if receiver_view:
                        powers[used + 2 * kk + i * k + j] = logs[row + j * k + i] * ri
                        powers[used + 3 * kk + i * k + j] = logs[row + kk + j * k + i] * ri
            used += (4 if receiver_view else 2) * kk
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


@numba.njit(cache=True, inline="always")
def _kind(e_own: float, e_other: float, capitulation: bool, tie: float) -> int:
    """Offer type for the receiver with E_ij = ``e_own``, E_ji = ``e_other`` (eum_offers.classify), branch-free.

    ``tie`` is eum_offers.TIE, passed at run time so that cached machine code never keeps an old value.
    """
    conflict = (e_other > e_own + tie) & (e_own > tie)
    losing = e_own < -tie
    compromise = losing & (e_other > -e_own + tie)
    yields = capitulation & losing & (-e_own > e_other + tie) & (e_other > tie)
    return CONFLICT * conflict + COMPROMISE * compromise + CAPITULATION * yields


@numba.njit(cache=True)
def _utilities(g, k, zs, ss, mu_dist, plg, pug, apart, sq0, powers, base, q, median_rule, t_const, receiver_view,
               sender_salience, voter, capitulation, tie, ev, kinds):
    """Per pair i < j: E_ij, E_ji as receiver i sees them (``ev[0]``, ``ev[1]``) and as receiver j
    does (``ev[2]`` = E_ji, ``ev[3]`` = E_ij), and the offer types (``kinds[0]`` to i, ``kinds[1]`` to j)."""
    z = zs[g]
    s = ss[g]
    pairs = k * (k - 1) // 2
    terms = 3 if voter else 2
    win_at, lose_at = base, base + 2 * pairs
    sq_row = base + 2 * terms * pairs
    kk = k * k
    sq_col = sq_row + 2 * kk
    at = 0
    for i in range(k):
        zi = z[i]
        si = s[i]
        if q == 1.0 and receiver_view:  # the presets' common case: SQ = U^sq of the viewer, E_ji seen with r_i
            n = k - i - 1
            sq_i = sq0[g, i]
            win_up, win_down = powers[win_at + at:win_at + at + n], powers[win_at + pairs + at:win_at + pairs + at + n]
            lose_up = powers[lose_at + at:lose_at + at + n]
            lose_down = powers[lose_at + pairs + at:lose_at + pairs + at + n]
            p_ij, p_ji = plg[at:at + n], pug[at:at + n]
            sj, sq_j = s[i + 1:k], sq0[g, i + 1:k]
            own_i, other_i, own_j, other_j = ev[0, at:at + n], ev[1, at:at + n], ev[2, at:at + n], ev[3, at:at + n]
            for x in range(n):
                win_i = win_up[x] * -4.0 + 2.0
                gap_i = win_i - (lose_up[x] * -4.0 + 2.0)
                win_j = win_down[x] * -4.0 + 2.0
                gap_j = win_j - (lose_down[x] * -4.0 + 2.0)
                a = _challenge(win_i, gap_i, sj[x], p_ij[x], sq_i)
                b = _challenge(win_i, gap_i, sj[x] if sender_salience else si, p_ji[x], sq_i)
                c = _challenge(win_j, gap_j, si, p_ji[x], sq_j[x])
                d = _challenge(win_j, gap_j, si if sender_salience else sj[x], p_ij[x], sq_j[x])
                own_i[x] = a
                other_i[x] = b
                own_j[x] = c
                other_j[x] = d
            at += n
            continue
        for j in range(i + 1, k):
            x = at + j - i - 1
            d = abs(zi - z[j])
            sj = s[j]
            win_i = powers[win_at + x] * -4.0 + 2.0
            gap_i = win_i - (powers[lose_at + x] * -4.0 + 2.0)
            win_j = powers[win_at + pairs + x] * -4.0 + 2.0
            gap_j = win_j - (powers[lose_at + pairs + x] * -4.0 + 2.0)
            ij = i * k + j
            ji = j * k + i
            sq_i = sq_ij = sq0[g, i]
            sq_j = sq_ji = sq0[g, j]
            if q != 1.0:
                tij = (1.0 if mu_dist[g, i] < d - tie else 0.0) if median_rule else t_const
                tji = (1.0 if mu_dist[g, j] < d - tie else 0.0) if median_rule else t_const
                sq_ij = _status_quo(powers[sq_row + ij], powers[sq_row + kk + ij], tij, q, sq_i)
                sq_ji = _status_quo(powers[sq_row + ji], powers[sq_row + kk + ji], tji, q, sq_j)
                if receiver_view:
                    sq_i = _status_quo(powers[sq_col + ij], powers[sq_col + kk + ij], tji, q, sq_i)
                    sq_j = _status_quo(powers[sq_col + ji], powers[sq_col + kk + ji], tij, q, sq_j)
            own_i = _challenge(win_i, gap_i, sj, plg[x], sq_ij)
            own_j = _challenge(win_j, gap_j, si, pug[x], sq_ji)
            if receiver_view:
                other_i = _challenge(win_i, gap_i, sj if sender_salience else si, pug[x], sq_i)
                other_j = _challenge(win_j, gap_j, si if sender_salience else sj, plg[x], sq_j)
            elif sender_salience:  # E_ji in j's own view, with the sender's salience
                other_i = _challenge(win_j, gap_j, sj, pug[x], sq_ji)
                other_j = _challenge(win_i, gap_i, si, plg[x], sq_ij)
            else:
                other_i = own_j
                other_j = own_i
            ev[0, x] = own_i
            ev[1, x] = other_i
            ev[2, x] = own_j
            ev[3, x] = other_j
        at += k - i - 1
    for x in range(pairs):  # apart from the loops above, in one flat loop: both then vectorise
        kinds[0, x] = _kind(ev[0, x], ev[1, x], capitulation, tie) if apart[x] else NONE
        kinds[1, x] = _kind(ev[2, x], ev[3, x], capitulation, tie) if apart[x] else NONE


@numba.njit(cache=True)
def _offers(k, z, kinds, ev, fraction, choice, listed, offer_kind, offer):
    """The offers made this round, in the order :func:`_choose` must see them; returns how many.

    Per receiver the senders come in rising order (pairs row by row: receiver i first meets the
    senders below it, then, in its own row, those above). Listed without a branch (``listed[2]``
    2·pair + direction), then each offer's receiver (``listed[0]``), sender (``listed[1]``), type,
    key, target and move (eum_offers.accept) in a loop of its own: ``offer[0]`` key, ``offer[1]``
    E_ji, ``offer[2]`` target, ``offer[3]`` move.
    """
    n_off = 0
    code = listed[2]
    for x in range(k * (k - 1) // 2):
        code[n_off] = 2 * x
        n_off += kinds[0, x] != NONE
        code[n_off] = 2 * x + 1
        n_off += kinds[1, x] != NONE
    i = 0  # row i of the pairs (i, j): offers come in rising pair order
    row_start = 0
    row_end = k - 1
    for o in range(n_off):
        x = code[o] >> 1
        side = code[o] & 1
        while x >= row_end:
            i += 1
            row_start = row_end
            row_end += k - i - 1
        j = i + 1 + x - row_start
        receiver = j if side else i
        sender = i if side else j
        listed[0, o] = receiver
        listed[1, o] = sender
        kind = kinds[side, x]
        e_own = ev[2 * side, x]
        e_other = ev[2 * side + 1, x]
        zi = z[receiver]
        zj = z[sender]
        compromise = kind == COMPROMISE
        loss = abs(e_own)
        gain = abs(e_other) if compromise else 1.0  # gain > 0 for a compromise (eum_offers.classify)
        weighted = (loss * zi + gain * zj) / (loss + gain)
        target = (zi + (zj - zi) * (loss / gain) if fraction else weighted) if compromise else zj
        move = abs(target - zi)
        offer_kind[o] = kind
        offer[0, o] = weighted if compromise and choice == LOWEST_WEIGHTED_POINT else move
        offer[1, o] = e_other
        offer[2, o] = target
        offer[3, o] = move
    return n_off


@numba.njit(cache=True, inline="always")
def _choose(i, kind, key, e_other, target, move, choice, tie, best_kind, best):
    """Offer to receiver i, kept when better than the one kept so far.

    The choice of eum_offers.accept, read as a lexicographic order in which keys within
    ``tie`` are equal; senders come in rising order and only a better offer replaces the one
    kept, so full ties go to the lowest sender. ``best[:, i]`` holds key, E_ji, target and move of the offer kept.
    """
    b = best_kind[i]
    if b == NONE:
        better = True
    elif choice == SENDER_MAX:
        better = e_other > best[1, i] + tie or (abs(e_other - best[1, i]) <= tie and (
            move < best[3, i] - tie or (abs(move - best[3, i]) <= tie and target < best[2, i] - tie)))
    else:
        better = kind < b or (kind == b and (key < best[0, i] - tie or (abs(key - best[0, i]) <= tie and (
            e_other > best[1, i] + tie or (abs(e_other - best[1, i]) <= tie and target < best[2, i] - tie)))))
    if better:
        best_kind[i] = kind
        best[0, i] = key
        best[1, i] = e_other
        best[2, i] = target
        best[3, i] = move


@numba.njit(cache=True)
def _finish(t, active, cur, path, rounds, period, order, count, zs, ws, ss, mu_dist, pl, pu, tm, sq0, powers,
            power_at, apart, a, prefix, ev, kinds, listed, offer_kind, offer, best_kind, best, voter, pair, q,
            median_rule, t_const, receiver_view, sender_salience, fraction, choice, capitulation, tie, tol):
    """Stage 3: votes with exponents, expected utilities, offers, new positions and the stopping test.

    Returns the games still active after round ``t``.
    """
    still = np.empty(active.size, dtype=np.int64)
    n_still = 0
    rounds_max = path.shape[1] - 1
    for g in active:
        k = count[g]
        z = zs[g]
        base = power_at[g]
        pairs = k * (k - 1) // 2
        plg, pug = pl[g], pu[g]
        if voter:  # a_vm = w_v·exp(r_v·log d_vm); 0 on the diagonal (d = 0)
            above = base + 4 * pairs  # a_vm for m > v, row by row
            below = above + pairs  # a_vm for m < v, row by row
            for v in range(k):
                wv = ws[g, v]
                row = a[v]
                low = powers[below:below + v]
                for m in range(v):
                    row[m] = low[m] * wv
                row[v] = 0.0
                high = powers[above:above + k - v - 1]
                for m in range(k - v - 1):
                    row[v + 1 + m] = high[m] * wv
                below += v
                above += k - v - 1
            _probabilities(a, apart[g], k, pair, tm[g], prefix, plg, pug)
        _utilities(g, k, zs, ss, mu_dist, plg, pug, apart[g], sq0, powers, base, q, median_rule, t_const, receiver_view,
                   sender_salience, voter, capitulation, tie, ev, kinds)
        n_off = _offers(k, z, kinds, ev, fraction, choice, listed, offer_kind, offer)
        best_kind[:k] = NONE
        for o in range(n_off):
            _choose(listed[0, o], offer_kind[o], offer[0, o], offer[1, o], offer[2, o], offer[3, o], choice, tie,
                    best_kind, best)
        og = order[g]
        cg = cur[g]
        for i in range(k):
            cg[og[i]] = best[2, i] if best_kind[i] != NONE else z[i]
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


@numba.njit(cache=True)
def summaries(x: np.ndarray, w: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Weighted median and mean per round and game of positions ``x`` ``(R, G, N)`` with weights ``w`` ``(G, N)``.

    The rules of :func:`.common.weighted_median` (the lowest position at which the
    cumulative weight, in the stable order of positions, reaches half the total to the
    relative ``tol``; weight-0 actors never count) and :func:`.common.weighted_mean`. Each
    game's order is carried from round to round, so sorting is nearly free.
    """
    rounds, games, n = x.shape
    median = np.empty((rounds, games))
    mean = np.empty((rounds, games))
    order = np.empty(n, dtype=np.int64)
    for g in range(games):
        k = 0
        total = 0.0
        for a in range(n):
            if w[g, a] > 0:
                order[k] = a
                k += 1
            total += w[g, a]
        for r in range(rounds):
            xr = x[r, g]
            for i in range(1, k):
                a = order[i]
                j = i - 1
                while j >= 0 and (xr[order[j]] > xr[a] or (xr[order[j]] == xr[a] and order[j] > a)):
                    order[j + 1] = order[j]
                    j -= 1
                order[j + 1] = a
            cw = 0.0
            median[r, g] = xr[order[0]] if k else np.inf
            for i in range(k):
                cw += w[g, order[i]]
                if cw >= total * (0.5 - tol):
                    median[r, g] = xr[order[i]]
                    break
            weighted = 0.0
            for a in range(n):
                if w[g, a] > 0:
                    weighted += xr[a] * w[g, a]
            mean[r, g] = weighted / total
    return median, mean


def play(z: np.ndarray, w: np.ndarray, s: np.ndarray, ew: np.ndarray, present: np.ndarray,
         st: Settings, repeat: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`.eum.play`: positions per round ``(R, m, n)``, rounds played, cycle period (0: none);
    a round repeats an earlier one when no position differs by more than ``repeat``."""
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
                        period[lo:hi], st, repeat, buffers)
    played = int(rounds.max()) if m else 0
    return np.ascontiguousarray(path[:, :played + 1].transpose(1, 0, 2)), rounds, period


class _Buffers:
    """Work arrays of one chunk of ``g`` games of ``n`` actors, reused from chunk to chunk."""

    def __init__(self, g: int, n: int, st: Settings) -> None:
        terms = 3 if st.vote_exponent == "voter" else 2
        pairs = max(n * (n - 1) // 2, 1)
        sq_blocks = 0 if st.q == 1.0 else (4 if st.perspective == "receiver" else 2)
        self.order = np.empty((g, n), dtype=np.int64)
        self.count = np.empty(g, dtype=np.int64)
        self.zs = np.empty((g, n + 1))
        self.ws, self.ss, self.mu_dist, self.r = (np.empty((g, n)) for _ in range(4))
        self.pl, self.pu = np.empty((g, pairs)), np.empty((g, pairs))
        self.tm = np.empty((g, pairs), dtype=np.int64)
        self.apart = np.empty((g, pairs), dtype=np.bool_)
        self.logs = np.empty(g * (terms * pairs + (0 if st.q == 1.0 else 2 * n * n)))
        self.powers = np.empty(g * (2 * terms * pairs + sq_blocks * n * n))
        self.log_at = np.empty(g, dtype=np.int64)
        self.power_at = np.empty(g, dtype=np.int64)
        self.a = np.empty((n, n))
        self.prefix = np.empty((n + 1, n))
        self.sums = np.empty((3, n))
        self.ev = np.empty((4, pairs))
        self.kinds = np.empty((2, pairs), dtype=np.int64)
        self.listed = np.empty((3, 2 * pairs + 1), dtype=np.int64)
        self.offer_kind = np.empty(2 * pairs + 1, dtype=np.int64)
        self.offer = np.empty((4, 2 * pairs + 1))
        self.best_kind = np.empty(n, dtype=np.int64)
        self.best = np.empty((4, n))


def _play_chunk(z, w, s, ew, present, path, rounds, period, st: Settings, repeat: float, b: _Buffers) -> None:
    g = z.shape[0]
    voter = st.vote_exponent == "voter"
    pair = st.normaliser == "pair"
    median_rule = st.t_rule == "median"
    receiver_view = st.perspective == "receiver"
    _start_order(present, b.order, b.count)
    cur = z.copy()
    active = np.arange(g, dtype=np.int64)
    for t in range(1, st.max_rounds + 1):
        used = _setup(cur, w, s, ew, active, b.order, b.count, b.zs, b.ws, b.ss, b.mu_dist, b.pl, b.pu, b.tm, b.apart,
                      b.r, b.logs, b.log_at, voter, pair, st.q, median_rule, st.t, TIE, b.a, b.prefix, b.sums)
        logs = b.logs[:used]
        np.log(logs, out=logs)
        used = _powers(active, b.count, b.r, b.logs, b.log_at, b.powers, b.power_at, voter, st.q, receiver_view)
        powers = b.powers[:used]
        np.exp(powers, out=powers)
        sq0 = 2.0 - 4.0 * 0.5 ** b.r
        active = _finish(t, active, cur, path, rounds, period, b.order, b.count, b.zs, b.ws, b.ss, b.mu_dist, b.pl,
                         b.pu, b.tm, sq0, b.powers, b.power_at, b.apart, b.a, b.prefix, b.ev, b.kinds, b.listed,
                         b.offer_kind, b.offer, b.best_kind, b.best, voter, pair, st.q, median_rule, st.t,
                         receiver_view, st.eji_salience == "sender", st.compromise == "fraction",
                         OFFER_CHOICES.index(st.offer_choice), st.capitulation, TIE, repeat)
        if active.size == 0:
            break
