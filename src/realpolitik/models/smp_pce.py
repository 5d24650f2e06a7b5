"""The probabilistic Condorcet election (PCE) used throughout KTAB's spatial model.

Voters with weights w_a hold utilities U(a, m) for options m. Each voter's vote for
m over m' is w_a·f(U(a, m) − U(a, m')) with a voting rule f; coalition strengths sum
the positive votes; a victory model turns the strengths of m over m' and m' over m
into a probability; a PCE variant turns the pairwise probabilities into option
probabilities. Wise, Lester, Efird et al., "An Introduction to KTAB" (KAPSARC 2015),
sections on the probabilistic Condorcet election and on voting rules; the Markov
variants follow "Markov Voting with Incentives in KTAB" (KAPSARC 2016).

Everything is batch-first: weights ``(B, A)``, utilities ``(B, A, M)``, strengths and
pairwise probabilities ``(B, M, M)``. Several elections over subsets of the same
options (one per actor's queue of bargains) run at once through a ``(B, Q, M)`` mask.
"""

from __future__ import annotations

import numpy as np

from . import compiled

VOTING_RULES = ("binary", "propbin", "proportional", "propcbc", "cubic", "asymprosp")
VICTORY_MODELS = ("linear", "square", "quartic", "octic", "binary")
PCE_VARIANTS = ("conditional", "markov_incentive", "markov_uniform")

MIN_COALITION = 1e-8  # every coalition starts with this strength, so that no ratio is 0/0
BINARY_SCALE = 1e-8  # utility difference at which a binary vote saturates
BINARY_EDGE = 1.10  # binary victory: a 10% edge in strength wins for sure
MARKOV_MAX_ITER = 1000
BLOCK_CELLS = 500_000  # (draw, voter, option, option) cells handled at once


def vote(rule: str, w: np.ndarray, du: np.ndarray) -> np.ndarray:
    """A voter's vote w·f(du) for one option over another, du being its utility difference.

    Rules (KTAB's names): ``proportional`` f = du; ``binary`` f = clip(du/10⁻⁸, −1, 1);
    ``propbin`` 0.8·du + 0.2·binary; ``cubic`` du³; ``propcbc`` (du + du³)/2;
    ``asymprosp`` du for losses and ⅔·du for gains (prospect-theory asymmetry).
    """
    if rule == "proportional":
        f = du
    elif rule == "binary":
        f = np.clip(du / BINARY_SCALE, -1.0, 1.0)
    elif rule == "propbin":
        f = 0.8 * du + 0.2 * np.clip(du / BINARY_SCALE, -1.0, 1.0)
    elif rule == "cubic":
        f = du**3
    elif rule == "propcbc":
        f = 0.5 * du + 0.5 * du**3
    else:  # asymprosp
        f = np.where(du > 0, 2.0 * du / 3.0, du)
    return w * f


def coalitions(rule: str, w: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``(B, M, M)`` strengths C(m, m') = 10⁻⁸ + Σ_a max(0, vote of a for m over m').

    As in KTAB each pair is voted once, with the later option first (m > m'): the
    positive votes make C(m, m') and the negative ones C(m', m). Every rule but
    ``asymprosp`` is odd in the utility difference, so this equals voting both ways.
    """
    if compiled.enabled():
        from . import smp_compiled

        return smp_compiled.coalitions(rule, w, u)
    b, a, m = u.shape
    pos = np.zeros((b, m, m))
    neg = np.zeros((b, m, m)) if rule == "asymprosp" else None
    step = max(1, BLOCK_CELLS // max(b * m * m, 1))
    for s in range(0, a, step):  # voters in blocks, so that (B, voters, M, M) stays small
        blk = slice(s, s + step)
        du = u[:, blk, :, None] - u[:, blk, None, :]
        f = du if rule == "proportional" else vote(rule, 1.0, du)
        wb = w[:, blk, None, None]
        if neg is not None:
            neg += (np.maximum(-f, 0.0) * wb).sum(axis=1)
        np.maximum(f, 0.0, out=f)
        f *= wb
        pos += f.sum(axis=1)
    if neg is None:
        return MIN_COALITION + pos
    lower = np.tril(np.ones((m, m), dtype=bool), -1)
    return MIN_COALITION + np.where(lower, pos, 0.0) + np.where(lower.T, np.swapaxes(neg, -1, -2), 0.0)


def victory(c: np.ndarray, model: str) -> np.ndarray:
    """``(B, M, M)`` probabilities P(m beats m') from strengths; P(m, m) = ½.

    ``linear`` C/(C + C'), ``square``/``quartic``/``octic`` the same with the strengths
    raised to the power 2, 4 or 8; ``binary`` is certain beyond a 10% edge and linear
    in the strength share in between.
    """
    ct = np.swapaxes(c, -1, -2)
    if model == "binary":
        share = c / (c + ct)
        mid = (share * (BINARY_EDGE + 1.0) - 1.0) / (BINARY_EDGE - 1.0)
        sure, never = 1.0 / (1.0 + 1e-6), 1e-6 / (1.0 + 1e-6)
        p = np.where(c >= BINARY_EDGE * ct, sure, np.where(ct >= BINARY_EDGE * c, never, mid))
    else:
        power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
        x, xt = c**power, ct**power
        total = x + xt
        p = np.divide(x, total, out=np.full_like(x, 0.5), where=total > 0)
    m = c.shape[-1]
    p[..., np.arange(m), np.arange(m)] = 0.5
    return p


def election(c: np.ndarray, model: str, variant: str, mask: np.ndarray | None = None) -> np.ndarray:
    """``(B, Q, M)`` option probabilities of Q elections over masked subsets of M options.

    ``conditional`` (KTAB's default): p_m ∝ Π_{m'} P(m beats m'), the chance that m
    beats every rival given that one option does. ``markov_uniform``: the stationary
    distribution of a process in which a uniformly chosen rival challenges the current
    favourite. ``markov_incentive``: rivals challenge in proportion to C(m', m)·P(m', m).
    ``mask`` is ``(B, Q, M)`` (options taking part in each election); ``None`` is one
    election over all options.
    """
    b, m = c.shape[0], c.shape[-1]
    if mask is None:
        mask = np.ones((b, 1, m), dtype=bool)
    p = victory(c, model)
    if variant == "conditional":
        logp = np.einsum("bqj,bij->bqi", mask.astype(float), np.log(np.maximum(p, 1e-300)))
        logp = np.where(mask, logp, -np.inf)
        logp -= logp.max(axis=-1, keepdims=True)
        out = np.where(mask, np.exp(logp), 0.0)
        return out / out.sum(axis=-1, keepdims=True)
    both = mask[..., :, None] & mask[..., None, :]  # (B, Q, M, M)
    pm = np.where(both, p[:, None], 0.0)
    n = mask.sum(axis=-1, keepdims=True)
    prob = mask / n
    if variant == "markov_uniform":
        return _iterate(prob, lambda q: (pm * (q[..., :, None] + q[..., None, :])).sum(axis=-1) / n, 1e-6)
    eye = np.eye(m, dtype=bool)
    incentive = np.where(both, c[:, None] * p[:, None] + np.where(eye, 1e-10, 0.0), 0.0)
    col = incentive.sum(axis=-2, keepdims=True)
    challenge = np.divide(incentive, col, out=np.zeros_like(incentive), where=col > 0)  # P[i challenges j]

    def step(q: np.ndarray) -> np.ndarray:
        ct = q[..., :, None] * np.swapaxes(challenge, -1, -2)  # ct(i, j) = p_i · P[j challenges i]
        return (pm * (ct + np.swapaxes(ct, -1, -2))).sum(axis=-1)

    return _iterate(prob, step, 1e-8)


def _iterate(prob: np.ndarray, step, tol: float) -> np.ndarray:
    """Damped fixed-point iteration p ← (p + step(p))/2, each election stopping on its own
    once an update changed no probability by more than ``tol`` (as KTAB does per call)."""
    active = np.ones(prob.shape[:-1], dtype=bool)
    for _ in range(MARKOV_MAX_ITER):
        q = step(prob)
        change = np.abs(q - prob).max(axis=-1)
        prob = np.where(active[..., None], 0.5 * (prob + q), prob)
        active &= change > tol
        if not active.any():
            break
    return prob
