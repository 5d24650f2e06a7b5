"""Utilities, expected utility of a challenge, and risk exponents of the expected-utility model.

Notation of Scholz, Calbert & Smith (2011, J. Theoretical Politics 23(4)): d = |x_i − x_j|/Δ,
r the risk exponent of the actor whose view is taken, μ the weighted median.

* success  U^s = 2 − 4(0.5 − 0.5d)^r                                     (section 3.1, eq. 15)
* failure  U^f = 2 − 4(0.5 + 0.5d)^r                                     (eq. 16)
* status quo gets better  U^b = 2 − 4(0.5 − 0.25(|x_i − μ| + |x_i − x_j|)/Δ)^r  (eq. 18)
* status quo gets worse   U^w = 2 − 4(0.5 + 0.25(|x_i − μ| + |x_i − x_j|)/Δ)^r  (eq. 19)
* status quo  U^sq = 2 − 4(0.5)^r                                        (eq. 24)
* expected utility of i challenging j (eqs. 25a–b):
  E_ij = s_j[P_ij U^s + (1 − P_ij) U^f] + (1 − s_j) U^s − {Q U^sq + (1 − Q)[T U^b + (1 − T) U^w]}
       = U^s − s_j (1 − P_ij)(U^s − U^f) − SQ_ij.
* risk (section 5, eqs. 32–33): with every r = 1, D_i = Σ_{j≠i} E_ji, then
  R_i = (2D_i − max D − min D)/(max D − min D) and r_i = (1 − R_i/3)/(1 + R_i/3) ∈ [0.5, 2].

T is either a constant or, following Eftekhari & Rahimi (2014), "Preana: game theory-based
prediction with reinforcement learning", section 2.6, T_ij = 1 when |x_i − μ| < |x_i − x_j|
and 0 otherwise (by more than ``eum_offers.TIE``, so that an exact tie, as when j is the
median actor, gives 0 whatever way rounding fell). Powers are taken as exp(r·log(·)) from
logarithms computed once per round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .eum_offers import TIE


@dataclass(frozen=True)
class PairTerms:
    """Per-round quantities that do not depend on the risk exponents (all normalised by Δ).

    ``log_win``/``log_lose`` are log(0.5 ∓ 0.5d) (``(m, n, n)``); ``mu_dist`` is |x_i − μ|
    per actor (``(m, n)``); ``improves[:, i, j]`` is T_ij (an array, or a float constant).
    """

    d: np.ndarray
    log_win: np.ndarray
    log_lose: np.ndarray
    mu_dist: np.ndarray
    improves: np.ndarray | float


def _log_half_steps(step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(0.5 − step) and log(0.5 + step); ``step`` is consumed (reused as the second result)."""
    low = np.subtract(0.5, step)
    high = np.add(0.5, step, out=step)
    with np.errstate(divide="ignore"):
        np.log(low, out=low)
        np.log(high, out=high)
    return low, high


def pair_terms(d: np.ndarray, mu_dist: np.ndarray, t_rule: str, t: float) -> PairTerms:
    half = np.minimum(d, 1.0)  # beyond 1 only for pairs with an absent actor, which never count
    half *= 0.5
    log_win, log_lose = _log_half_steps(half)
    improves = (mu_dist[:, :, None] < d - TIE).astype(float) if t_rule == "median" else float(t)
    return PairTerms(d, log_win, log_lose, mu_dist, improves)


def _power_utility(log_base: np.ndarray, r: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """2 − 4·exp(r·log_base) with ``r`` per row (``(m, n)``); in place when ``out`` is ``log_base``."""
    u = np.multiply(log_base, r[:, :, None], out=out)
    np.exp(u, out=u)
    u *= -4.0
    u += 2.0
    return u


def _improvement_distance(terms: PairTerms, challenger_rows: bool) -> np.ndarray:
    """e = (|x_c − μ| + |x_c − x_t|)/Δ for challenger c (the row actor, or the column actor)."""
    mu = terms.mu_dist[:, :, None] if challenger_rows else terms.mu_dist[:, None, :]
    return np.minimum(mu + terms.d, 2.0)  # above 2 only for pairs with an absent actor


def _improves(terms: PairTerms, challenger_rows: bool) -> np.ndarray | float:
    t = terms.improves
    return t.swapaxes(1, 2) if isinstance(t, np.ndarray) and not challenger_rows else t


def status_quo_term(terms: PairTerms, r: np.ndarray, q: float, challenger_rows: bool) -> np.ndarray:
    """SQ = Q·U^sq + (1 − Q)[T·U^b + (1 − T)·U^w], seen by the row actor with exponent ``r``.

    ``challenger_rows``: the row actor is the challenger (e uses its own distance to μ);
    otherwise the column actor challenges the row actor (e uses the column's distance and
    T is transposed).
    """
    sq = (2.0 - 4.0 * 0.5 ** r)[:, :, None]
    if q == 1.0:
        return np.broadcast_to(sq, terms.d.shape)
    e = _improvement_distance(terms, challenger_rows)
    e *= 0.25
    better, worse = (_power_utility(u, r, out=u) for u in _log_half_steps(e))
    t = _improves(terms, challenger_rows)
    better *= t
    worse *= 1.0 - t
    better += worse
    better *= 1.0 - q
    better += q * sq
    return better


def _challenge_value(win: np.ndarray, gap: np.ndarray, resist: np.ndarray, p: np.ndarray,
                     sq: np.ndarray) -> np.ndarray:
    """E = U^s − s·(1 − P)·(U^s − U^f) − SQ, with few temporaries."""
    e = np.subtract(1.0, p)
    e *= resist
    e *= gap
    np.subtract(win, e, out=e)
    e -= sq
    return e


def expected_utilities(terms: PairTerms, p: np.ndarray, s: np.ndarray, r: np.ndarray, q: float,
                       receiver_view: bool, sender_salience: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``(E_ij, E_ji)`` as ``[:, i, j]`` arrays, i the receiver of an offer from j.

    E_ij is i's expected utility of challenging j seen by i (exponent r_i). E_ji, j's
    expected utility of challenging i, is seen by i as well when ``receiver_view`` (both
    with r_i, as in Scholz's code), otherwise by j itself (exponent r_j). In E_ji the
    probability that the challenged actor resists is its salience s_i (eq. 25), or with
    ``sender_salience`` the sender's s_j (a reading found in public replications).
    """
    win = _power_utility(terms.log_win, r)
    gap = _power_utility(terms.log_lose, r)
    np.subtract(win, gap, out=gap)
    e_ij = _challenge_value(win, gap, s[:, None, :], p, status_quo_term(terms, r, q, challenger_rows=True))
    if receiver_view:
        resist = s[:, None, :] if sender_salience else s[:, :, None]
        sq = status_quo_term(terms, r, q, challenger_rows=False)
        return e_ij, _challenge_value(win, gap, resist, p.swapaxes(1, 2), sq)
    # E_ji is transposed once here, so that every later pass reads both arrays in order
    if not sender_salience:
        return e_ij, np.ascontiguousarray(e_ij.swapaxes(1, 2))
    own = _challenge_value(win, gap, s[:, :, None], p, status_quo_term(terms, r, q, challenger_rows=True))
    return e_ij, np.ascontiguousarray(own.swapaxes(1, 2))


def first_pass_danger(terms: PairTerms, p: np.ndarray, s: np.ndarray, q: float, others: np.ndarray) -> np.ndarray:
    """D_i = Σ_j E_ji with every r = 1, over the other actors taking part (``others[:, i, j]``).

    With r = 1 the utilities are linear: U^s = 2d, U^f = −2d, U^sq = 0, U^b = e, U^w = −e,
    so E_ji = 2d_ij − 4 s_i d_ij (1 − P_ji) − (1 − Q)(2T_ji − 1) e_ji, summed without
    forming the matrix: D_i = 2(1 − 2s_i) Σ_j d_ij + 4 s_i Σ_j d_ij P_ji − (1 − Q) Σ_j (2T_ji − 1) e_ji.
    """
    dm = np.where(others, terms.d, 0.0)
    danger = 2.0 * (1.0 - 2.0 * s) * dm.sum(axis=2)
    danger += 4.0 * s * np.einsum("mij,mji->mi", dm, p)
    if q != 1.0:
        lean = 2.0 * _improves(terms, challenger_rows=False) - 1.0
        e = _improvement_distance(terms, challenger_rows=False)
        e *= lean
        np.copyto(e, 0.0, where=~others)
        danger -= (1.0 - q) * e.sum(axis=2)
    return danger


def risk_exponents(danger: np.ndarray, present: np.ndarray) -> np.ndarray:
    """r_i = (1 − R_i/3)/(1 + R_i/3), R_i = (2D_i − max D − min D)/(max D − min D) (eqs. 32–33).

    Max and min run over the actors taking part. Where every D_i is equal (to rounding: a
    spread of at most 1e-12 of their size) R_i = 0 and r_i = 1.
    """
    top = np.where(present, danger, -np.inf).max(axis=1, keepdims=True)
    low = np.where(present, danger, np.inf).min(axis=1, keepdims=True)
    spread = top - low
    flat = spread <= 1e-12 * np.maximum(1.0, np.maximum(np.abs(top), np.abs(low)))
    big_r = np.divide(2 * danger - top - low, spread, out=np.zeros_like(danger), where=~flat)
    return np.where(present, (1 - big_r / 3) / (1 + big_r / 3), 1.0)
