"""One turn of KTAB's Spatial Model of Politics, vectorised over draws and actors.

Wise, Lester, Efird et al., "An Introduction to KTAB" (KAPSARC 2015) and "Multidimensional
Bargaining using KTAB" (KAPSARC 2016). Positions, ideals and saliences are ``(B, N, D)`` on
[0, 1]; capabilities ``(B, N)``. The numbered steps follow the restatement in docs/smp.md:
(1) distance and utility, (3) risk attitudes and perspectives, (4) challenges with
third-party semi-commitment, (5) bargains and queues, (6) the choice among queued bargains.
"""

from __future__ import annotations

import numpy as np

from . import compiled
from .smp_pce import coalitions, election, vote

RISK_RANGES = ("min", "mid", "max")
RISK_ADJUSTMENTS = {"full": (0, 1, 1), "two_thirds": (1, 2, 3), "half": (1, 1, 2), "one_third": (2, 1, 3),
                    "none": (1, 0, 1)}  # h's estimate of i's R: (a·R_h + b·R_i)/c
THIRD_PARTY = ("semi", "full", "none")
THIRD_PARTY_ESTIMATES = ("own_vote", "principals")  # what a third party's little contest counts besides the principals
INTERPOLATIONS = ("s2p2", "s1p1", "s2pmax")
MIN_CHALLENGE_COALITION = 1e-10
MIN_GAIN = 1e-5  # expected gains at or below this are not worth a challenge (KTAB's minSigEDU)
MIN_BARGAIN_WEIGHT = 1e-6
BLOCK_CELLS = 500_000  # (draw, i, j, n) cells handled at once


def distance(ideal: np.ndarray, pos: np.ndarray, sal: np.ndarray) -> np.ndarray:
    """``(B, N, M)``: d_a(z_m) = sqrt(Σ_k s_ak²(y_ak − z_mk)² / Σ_k s_ak²) (step 1).

    An actor with no salience anywhere is indifferent: its distance to every point is 0.
    """
    if compiled.enabled():
        from . import smp_compiled

        return smp_compiled.distance(ideal, pos, sal)
    s2 = sal**2
    den = s2.sum(axis=-1)
    num = (((ideal[:, :, None, :] - pos[:, None, :, :]) ** 2) * s2[:, :, None, :]).sum(axis=-1)
    safe = np.where(den > 0, den, 1.0)[..., None]
    return np.where(den[..., None] > 0, np.sqrt(num / safe), 0.0)


def utility(d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """u(d, R) = (1 − d)(1 + d·R) for d ≤ 1, (1 − d)(1 + R) beyond (step 1).

    R = +1 is risk-averse (u = 1 − d²), R = −1 risk-seeking (u = (1 − d)²).
    """
    return (1.0 - d) * (1.0 + np.minimum(d, 1.0) * r)


def risk_from_probability(p: np.ndarray, span: str) -> np.ndarray:
    """``(B, N)`` risk attitudes rescaled linearly from win probabilities (step 3).

    The least likely position gets the low end, the most likely the high end (most
    risk-averse): ``min`` [0, 1], ``mid`` [−½, 1], ``max`` [−1, 1]. When all
    probabilities are equal every actor is risk-neutral.
    """
    lo = p.min(axis=-1, keepdims=True)
    hi = p.max(axis=-1, keepdims=True)
    spread = hi - lo
    safe = np.where(spread > 0, spread, 1.0)
    if span == "min":
        r = (p - lo) / safe
    elif span == "mid":
        r = (3.0 * p - (hi + 2.0 * lo)) / (2.0 * safe)
    else:
        r = (2.0 * p - (hi + lo)) / safe
    return np.where(spread > 0, r, 0.0)


def risk_attitudes(d: np.ndarray, cap: np.ndarray, params) -> np.ndarray:
    """Risk-neutral PCE over the current positions with weights c, then R from p (step 3)."""
    c = coalitions(params["voting_rule"], cap, 1.0 - d)
    p = election(c, params["victory_model"], params["pce"])[:, 0]
    return risk_from_probability(p, params["risk_range"])


def perspectives(d: np.ndarray, risk: np.ndarray, adjust: str) -> np.ndarray:
    """``(B, H, A, M)``: h's estimate of a's utility for m's position, using R^h_a (step 3)."""
    a, b, c = RISK_ADJUSTMENTS[adjust]
    r = (a * risk[:, :, None] + b * risk[:, None, :]) / c
    return utility(d[:, None, :, :], r[..., None])


def own_utilities(d: np.ndarray, risk: np.ndarray, adjust: str) -> np.ndarray:
    """``(B, A, M)``: a's own utility for m's position, the diagonal h = a of :func:`perspectives`."""
    a, b, c = RISK_ADJUSTMENTS[adjust]
    return utility(d, ((a * risk + b * risk) / c)[..., None])


def challenge_table(d: np.ndarray, risk: np.ndarray, adjust: str, weight: np.ndarray, total_sal: np.ndarray,
                    rule: str, commit: str, estimate: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`challenges` as every initiator sees them through :func:`perspectives` of ``d`` and ``risk``
    (compiled when :func:`.compiled.enabled`: one initiator's table at a time, never all N³ utilities)."""
    if compiled.enabled():
        from . import smp_compiled

        return smp_compiled.challenges(d, risk, adjust, weight, total_sal, rule, commit, estimate)
    return challenges(perspectives(d, risk, adjust), weight, total_sal, rule, commit, estimate)


def challenges(util: np.ndarray, weight: np.ndarray, total_sal: np.ndarray, rule: str, commit: str,
               estimate: str = "own_vote") -> tuple[np.ndarray, np.ndarray]:
    """``(B, N, N)`` expected gain to i of challenging j, and P[i beats j], both as i sees it (step 4).

    Principals vote with W = c·S: C_i and C_j start at 10⁻¹⁰ and take the principals'
    positive votes. Each third party n then weighs a little contest of its own, which
    starts afresh from these principals-only sums (never from the sums that other third
    parties have already joined). With ``estimate="own_vote"`` (KTAB's
    ``Actor::vProbLittle``, and our default) n adds its own vote w_n·f(u_ni − u_nj) to
    the side it prefers: P_n = C_i^n/(C_i^n + C_j^n); with ``estimate="principals"`` it
    leaves itself out: P_n = C_i/(C_i + C_j). It then votes on the expected sums of its
    utilities over the three positions: semi-commitment gives a winning side
    2u(n, winner) + u(n, n) and the losing side 3u(n, winner); full and no commitment
    make both sides equal, so third parties abstain (as in KTAB). Its vote joins the
    side it favours; then P = C_i/(C_i + C_j) over all votes and the gain is
    (1 − S_j)·2u_ii + S_j·(P·2u_ii + (1 − P)·2u_ij) − (u_ii + u_ij).
    Initiators are handled in blocks so that the (i, j, n) arrays stay small.
    """
    b, n = util.shape[:2]
    step = max(1, BLOCK_CELLS // max(b * n * n, 1))
    parts = [_challenges_of(util, weight, total_sal, rule, commit, estimate, np.arange(s, min(s + step, n)))
             for s in range(0, n, step)]
    return np.concatenate([g for g, _ in parts], axis=1), np.concatenate([p for _, p in parts], axis=1)


def _challenges_of(util: np.ndarray, weight: np.ndarray, total_sal: np.ndarray, rule: str, commit: str,
                   estimate: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`challenges` for the initiators ``rows`` only: ``(B, len(rows), N)`` each."""
    u = util[:, rows]  # (B, r, a, m): initiator i = rows[r] as the estimator h
    r = np.arange(len(rows))
    u_ij = u[:, r, rows]  # (B, r, j): u^i(i, j)
    u_ii = u_ij[:, r, rows][..., None]  # (B, r, 1)
    u_ji = np.moveaxis(u[:, r, :, rows], 0, 1)  # (B, r, j): u^i(j, i)
    u_jj = np.einsum("brjj->brj", u)  # (B, r, j): u^i(j, j)
    v_i = vote(rule, weight[:, rows, None], u_ii - u_ij)
    v_j = vote(rule, weight[:, None, :], u_ji - u_jj)
    for_i = MIN_CHALLENGE_COALITION + np.maximum(v_i, 0) + np.maximum(v_j, 0)
    for_j = MIN_CHALLENGE_COALITION + np.maximum(-v_i, 0) + np.maximum(-v_j, 0)
    if commit == "semi":
        u_ni = u_ji[:, :, None, :]  # (B, r, 1, n): u^i(n, i)
        u_nj = np.ascontiguousarray(np.swapaxes(u, 2, 3))  # (B, r, j, n): u^i(n, j)
        u_nn = u_jj[:, :, None, :]  # (B, r, 1, n): u^i(n, n)
        w_n = weight[:, None, None, :]
        if estimate == "own_vote":
            v0 = vote(rule, w_n, u_ni - u_nj)
            c_i = np.maximum(v0, 0)
            c_j = np.subtract(c_i, v0, out=v0)  # max(−v0, 0)
            c_i += for_i[..., None]
            c_j += for_j[..., None]
            p_n = np.divide(c_i, np.add(c_i, c_j, out=c_j), out=c_i)
            scratch = c_j
        else:  # the principals' contest alone, the same for every third party
            p_n = np.broadcast_to((for_i / (for_i + for_j))[..., None], u_nj.shape).copy()
            scratch = np.empty_like(p_n)
        # semi-commitment: with i, p·(2u_ni + u_nn) + (1 − p)·3u_nj; with j, p·3u_ni + (1 − p)·(2u_nj + u_nn);
        # the difference is (u_nj − u_nn) + p·(2u_nn − u_ni − u_nj)
        lean = np.subtract(2 * u_nn - u_ni, u_nj, out=scratch)
        lean *= p_n
        lean += u_nj
        lean -= u_nn
        v_n = vote(rule, w_n, lean)
        idx = np.arange(util.shape[1])
        v_n[:, :, idx, idx] = 0.0  # n = j
        v_n[:, r, :, rows] = 0.0  # n = i
        for_i = for_i + np.maximum(v_n, 0).sum(axis=-1)
        for_j = for_j - np.minimum(v_n, 0).sum(axis=-1)
    prob = for_i / (for_i + for_j)
    s_j = total_sal[:, None, :]
    gain = (1 - s_j) * 2 * u_ii + s_j * (prob * 2 * u_ii + (1 - prob) * 2 * u_ij) - (u_ii + u_ij)
    gain[:, r, rows] = -np.inf
    return gain, prob


def best_targets(gain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(B, N)`` each actor's target with the largest gain (lowest index on ties) and
    whether that gain exceeds 10⁻⁵ (step 5; KTAB's ``SMPState::bestChallenge`` takes only
    gains above its ``minSigEDU`` = 10⁻⁵, so a barely positive gain is no challenge)."""
    best = np.argmax(gain, axis=-1)
    top = np.take_along_axis(gain, best[..., None], axis=-1)[..., 0]
    return best, top > MIN_GAIN


def _round4(x: np.ndarray) -> np.ndarray:
    """Round half up to 10⁻⁴ (0.01 on a 0–100 scale)."""
    return np.floor(0.5 + x * 1e4) / 1e4


def bargains(pos: np.ndarray, sal: np.ndarray, target: np.ndarray, p_win: np.ndarray,
             method: str) -> tuple[np.ndarray, np.ndarray]:
    """``(B, N, D)`` twice: the positions that initiator i's bargain gives i and its target (step 5).

    ``s2p2`` (KTAB's default) and ``s1p1``: per dimension a weighted average of the two
    positions with weights (s_ik·p)^n and (s_jk·(1 − p))^n (n = 2 or 1), p being i's
    estimate that it would win; a tiny weight 10⁻⁶ goes to each side's own position
    and both results are rounded to 10⁻⁴, so the two sides get nearly the same point.
    ``s2pmax``: the likelier winner stays put and the other moves towards it by
    d·s_other²/(d·s_other² + (1 − d)·s_own²), d the gap in win probability.
    """
    tj = np.take_along_axis(pos, target[..., None], axis=1)
    sj = np.take_along_axis(sal, target[..., None], axis=1)
    ti, si = pos, sal
    pi = p_win[..., None]
    pj = 1.0 - pi
    if method == "s2pmax":
        di = np.maximum(pj - pi, 0.0)
        dj = np.maximum(pi - pj, 0.0)
        ki = di * sj**2 / (di * sj**2 + MIN_BARGAIN_WEIGHT + (1 - di) * si**2)
        kj = dj * si**2 / (dj * si**2 + MIN_BARGAIN_WEIGHT + (1 - dj) * sj**2)
        return ti + ki * (tj - ti), tj + kj * (ti - tj)
    power = 2 if method == "s2p2" else 1
    wi = (si**power) * (pi**power)
    wj = (sj**power) * (pj**power)
    total = wi + MIN_BARGAIN_WEIGHT + wj
    bi = _round4(((wi + MIN_BARGAIN_WEIGHT) * ti + wj * tj) / total)
    bj = _round4((wi * ti + (MIN_BARGAIN_WEIGHT + wj) * tj) / total)
    return bi, bj


def queue_values(own: np.ndarray, ideal: np.ndarray, sal: np.ndarray, risk: np.ndarray,
                 target: np.ndarray, bi: np.ndarray, bj: np.ndarray) -> np.ndarray:
    """``(B, A, 1 + N)``: value to actor a of the status quo (option 0) and of the bargain
    initiated by each actor i (option 1 + i): the mean over all N positions of a's
    utility once the bargain's two positions replace the principals' (step 6); ``own``
    holds a's utility for m's position (:func:`own_utilities`)."""
    n = own.shape[1]
    base = own.sum(axis=-1)
    u_bi = utility(distance(ideal, bi, sal), risk[..., None])
    u_bj = utility(distance(ideal, bj, sal), risk[..., None])
    u_xj = np.take_along_axis(own, np.broadcast_to(target[:, None, :], own.shape), axis=-1)
    deal = (base[..., None] - own - u_xj + u_bi + u_bj) / n
    return np.concatenate([base[..., None] / n, deal], axis=-1)


def queues(target: np.ndarray, active: np.ndarray) -> np.ndarray:
    """``(B, N, 1 + N)`` mask: actor k's queue holds the status quo, the bargain it made
    and the bargains made to it (option 1 + i is the bargain initiated by i)."""
    b, n = target.shape
    k = np.arange(n)[None, :, None]
    mine = active[:, None, :] & ((k == np.arange(n)[None, None, :]) | (k == target[:, None, :]))
    return np.concatenate([np.ones((b, n, 1), dtype=bool), mine], axis=-1)


def choose(values: np.ndarray, cap: np.ndarray, mask: np.ndarray, params,
           rng: np.random.Generator) -> np.ndarray:
    """``(B, N)`` the option each actor takes from its queue (step 6): a PCE with weights c
    over the bargains' values; deterministic takes the most probable (first on ties),
    stochastic draws one with those probabilities."""
    c = coalitions(params["voting_rule"], cap, values)
    p = election(c, params["victory_model"], params["pce"], mask)
    if params["transitions"] == "deterministic":
        return np.argmax(np.where(mask, p, -1.0), axis=-1)
    u = rng.random(p.shape[:-1] + (1,))
    return np.minimum((np.cumsum(p, axis=-1) < u).sum(axis=-1), p.shape[-1] - 1)


def adopt(pos: np.ndarray, choice: np.ndarray, bi: np.ndarray, bj: np.ndarray) -> np.ndarray:
    """``(B, N, D)`` new positions: each actor moves to its side of the chosen bargain."""
    n = pos.shape[1]
    k = np.arange(n)[None, :]
    init = np.maximum(choice - 1, 0)  # initiator of the chosen bargain
    side_i = np.take_along_axis(bi, init[..., None], axis=1)
    side_j = np.take_along_axis(bj, init[..., None], axis=1)
    as_init = (init == k)[..., None]
    moved = np.where(as_init, side_i, side_j)
    return np.where((choice == 0)[..., None], pos, moved)
