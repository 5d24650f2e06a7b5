"""One round of the exchange model for many draws at once (deterministic Equal Gain only).

The greedy realisation of :func:`.exchange._round` is sequential within a draw, but draws
are independent: here every draw takes its next step together. All candidate slots
(issue pairs × actor pairs, in canonical order) are held as ``(B, S)`` arrays with −inf
gains where a slot is no candidate; a step picks each draw's best candidate (the first
within a relative 1e-12 of the top, as ``tie_break=order`` does), re-checks it when an
outcome of its issues has moved since its terms were computed, realises it, and
recomputes the candidates sharing an actor and an issue with it, gathered across draws.
Each draw goes through exactly the operations of the one-draw procedure, so the trades
and outcomes are the same; only the externalities are summed in another order.
"""

from __future__ import annotations

import numpy as np

from .exchange_candidates import Candidates, admissible_gain, exchange_terms

TIE_TOL = 1e-12
TERM_NAMES = ("shift_p", "shift_q", "move_j", "move_i", "gain_i", "gain_j")
TRADE_FIELDS = ("draw", "step", "p", "q", "i", "j", "from_j", "to_j", "from_i", "to_i", "before_p", "after_p",
                "before_q", "after_q", "gain_i", "gain_j", "diagonal")


def outcomes(weight: np.ndarray, present: np.ndarray, y: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``(B, K)`` weighted means, summed over actors in the order of the one-draw ``_Issues.outcome``."""
    return (weight * np.where(present, y, 0.0)).sum(axis=1) / total


def candidate_slots(x: np.ndarray, s: np.ndarray, present: np.ndarray, outcome: np.ndarray):
    """Every slot's actors and issues, and whether it is a candidate, for each draw (as ``find_candidates``)."""
    b, n, k = x.shape
    ip, iq = np.triu_indices(k, 1)
    ai, aj = np.triu_indices(n, 1)
    p = np.repeat(ip, len(ai))
    q = np.repeat(iq, len(ai))
    a = np.tile(ai, len(ip))
    c = np.tile(aj, len(ip))
    left = present & (x <= outcome[:, None, :])
    ok = (present[a, p] & present[a, q] & present[c, p] & present[c, q])[None, :]
    ok = ok & (left[:, a, p] != left[:, c, p]) & (left[:, a, q] != left[:, c, q])
    a_supplies_q = s[:, a, p] * s[:, c, q] >= s[:, c, p] * s[:, a, q]
    i = np.where(a_supplies_q, a, c)
    j = np.where(a_supplies_q, c, a)
    rows = np.arange(b)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = (s[rows, i, p] + s[rows, j, p]) / (s[rows, i, q] + s[rows, j, q])
    diagonal = left[rows, i, p] == left[rows, i, q]
    return p, q, i, j, rate, diagonal, ok, left


class _Flat:
    """Candidates gathered from several draws, shaped like :class:`Candidates` for ``exchange_terms``."""

    def __init__(self, draw: np.ndarray, p: np.ndarray, q: np.ndarray, i: np.ndarray, j: np.ndarray,
                 rate: np.ndarray):
        self.draw, self.p, self.q, self.i, self.j, self.rate = draw, p, q, i, j, rate


def _terms(f: _Flat, x: np.ndarray, y: np.ndarray, outcome: np.ndarray, weight: np.ndarray, total: np.ndarray,
           s: np.ndarray, moved: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Terms and ordering gains of gathered candidates, element by element as in the one-draw procedure.

    Each draw's arrays are addressed through views in which the draw index is folded into
    the actor index, so that ``exchange_terms`` and ``admissible_gain`` run unchanged.
    """
    b, n, k = x.shape
    fold = f.draw * n
    c = Candidates(f.p, f.q, fold + f.i, fold + f.j, np.zeros(len(f.p), bool), f.rate, np.zeros(0, np.int64),
                   np.zeros(1, np.int64), k)
    idx = np.arange(len(f.p))
    out_rows = outcome[f.draw]  # (M, K): each candidate's draw's outcomes
    t = exchange_terms(c, idx, x.reshape(b * n, k), y.reshape(b * n, k), _Gathered(out_rows),
                       weight.reshape(b * n, k), _Gathered(total[f.draw]), s.reshape(b * n, k))
    gain = admissible_gain(c, idx, t, moved.reshape(b * n, k))
    return {name: getattr(t, name) for name in TERM_NAMES}, gain


class _Gathered:
    """Per-candidate rows indexed by issue: ``g[p]`` gives each candidate's value on its own issue p."""

    def __init__(self, rows: np.ndarray):
        self.rows = rows

    def __getitem__(self, issue: np.ndarray) -> np.ndarray:
        return self.rows[np.arange(len(issue)), issue]


def play_round(x: np.ndarray, s: np.ndarray, weight: np.ndarray, total: np.ndarray, present: np.ndarray
               ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    """One round for every draw: voting positions ``(B, N, K)``, the realised trades (arrays in
    realisation order per draw, fields :data:`TRADE_FIELDS`) and the sides ``left`` ``(B, N, K)``."""
    b, n, k = x.shape
    outcome = outcomes(weight, present, x, total)
    p, q, i, j, rate, diagonal, ok, left = candidate_slots(x, s, present, outcome)
    n_slots = len(p)
    if n_slots == 0:  # one actor or one issue: nothing to trade
        return x.copy(), {f: np.zeros(0, dtype=np.int64) for f in TRADE_FIELDS}, left
    y = x.copy()
    moved = np.zeros_like(x)
    version = np.zeros((b, k), dtype=np.int64)
    seen = np.zeros((b, n_slots), dtype=np.int64)
    terms = {name: np.zeros((b, n_slots)) for name in TERM_NAMES}
    gain = np.full((b, n_slots), -np.inf)

    def recompute(draw: np.ndarray, slot: np.ndarray) -> None:
        flat = _Flat(draw, p[slot], q[slot], i[draw, slot], j[draw, slot], rate[draw, slot])
        fresh, g = _terms(flat, x, y, outcome, weight, total, s, moved)
        for name in TERM_NAMES:
            terms[name][draw, slot] = fresh[name]
        gain[draw, slot] = g
        seen[draw, slot] = version[draw, p[slot]] + version[draw, q[slot]]

    recompute(*np.nonzero(ok))
    pairs = n * (n - 1) // 2  # slots per issue pair
    first = p[::pairs], q[::pairs]
    issue_share = ((p == first[0][:, None]) | (p == first[1][:, None]) | (q == first[0][:, None])
                   | (q == first[1][:, None]))  # (issue pairs, slots): the slot has an issue of the pair
    steps = np.zeros(b, dtype=np.int64)
    trades: list[dict[str, np.ndarray]] = []
    while True:
        top = gain.max(axis=1)
        live = np.flatnonzero(top > -np.inf)
        if live.size == 0:
            break
        cut = top[live] - TIE_TOL * np.abs(top[live])
        m = np.argmax(gain[live] >= cut[:, None], axis=1)
        stale = seen[live, m] != version[live, p[m]] + version[live, q[m]]
        if stale.any():  # an outcome cap may have moved: check those now
            d, sl = live[stale], m[stale]
            ranked = gain[d, sl].copy()
            recompute(d, sl)
            fell = ~(gain[d, sl] >= ranked)
            keep = np.ones(live.size, dtype=bool)
            keep[np.flatnonzero(stale)[fell]] = False  # fell back or dropped: pick again next step
            live, m = live[keep], m[keep]
            if live.size == 0:
                continue
        pm, qm, im, jm = p[m], q[m], i[live, m], j[live, m]
        move_j, move_i = terms["move_j"][live, m], terms["move_i"][live, m]
        before = outcome[live]
        y[live, jm, pm] += move_j
        y[live, im, qm] += move_i
        moved[live, jm, pm] += move_j
        moved[live, im, qm] += move_i
        after = outcomes(weight[live], present, y[live], total[live])
        outcome[live, pm] = after[np.arange(live.size), pm]
        outcome[live, qm] = after[np.arange(live.size), qm]
        version[live, pm] += 1
        version[live, qm] += 1
        sel = np.arange(live.size)
        trades.append({
            "draw": live, "step": steps[live].copy(), "p": pm, "q": qm, "i": im, "j": jm,
            "from_j": y[live, jm, pm] - move_j, "to_j": y[live, jm, pm], "from_i": y[live, im, qm] - move_i,
            "to_i": y[live, im, qm],
            "before_p": before[sel, pm], "after_p": outcome[live, pm], "before_q": before[sel, qm],
            "after_q": outcome[live, qm], "gain_i": terms["gain_i"][live, m], "gain_j": terms["gain_j"][live, m],
            "diagonal": diagonal[live, m]})
        steps[live] += 1
        gain[live, m] = -np.inf
        # the candidates sharing an actor and an issue with the realised one, still alive
        ci, cj = i[live], j[live]
        share = ci == im[:, None]
        share |= ci == jm[:, None]
        share |= cj == im[:, None]
        share |= cj == jm[:, None]
        share &= issue_share[m // pairs]
        share &= gain[live] > -np.inf
        r, sl = np.nonzero(share)
        if r.size:
            recompute(live[r], sl)
    merged = {f: np.concatenate([t[f] for t in trades]) if trades else np.zeros(0, dtype=np.int64)
              for f in TRADE_FIELDS}  # no trade: empty index columns (the float ones may be any type)
    order = np.lexsort((merged["step"], merged["draw"])) if trades else np.zeros(0, dtype=np.int64)
    return y, {f: v[order] for f, v in merged.items()}, left


def add_externalities(ext: np.ndarray, x0: np.ndarray, s: np.ndarray, present: np.ndarray, left: np.ndarray,
                      t: dict[str, np.ndarray]) -> None:
    """Add a round's trades' gains and losses to ``ext`` ``(kinds, B, N, K)``, as ``exchange._externalities``
    does draw by draw (see there for the definitions)."""
    if t["draw"].size == 0:
        return
    d, p, q, i, j = t["draw"], t["p"], t["q"], t["i"], t["j"]
    n = x0.shape[1]
    both = present[:, p] & present[:, q]  # (N, X)

    def part(k: np.ndarray, before: np.ndarray, after: np.ndarray) -> np.ndarray:
        xk, sk = x0[d, :, k].T, s[d, :, k].T
        return np.where(both, (np.abs(before - xk) - np.abs(after - xk)) * sk, 0.0)

    on_p, on_q = part(p, t["before_p"], t["after_p"]), part(q, t["before_q"], t["after_q"])
    inner = (left[d, :, p].T == left[d, :, q].T) == t["diagonal"][None, :]
    gains = on_p + on_q > 0
    kinds = np.where(inner, np.where(gains, 1, 2), np.where(gains, 3, 4))
    cols = np.arange(len(p))
    shift_p, shift_q = np.abs(t["after_p"] - t["before_p"]), np.abs(t["after_q"] - t["before_q"])
    on_p[i, cols], on_q[i, cols] = shift_p * s[d, i, p], -shift_q * s[d, i, q]
    on_p[j, cols], on_q[j, cols] = -shift_p * s[d, j, p], shift_q * s[d, j, q]
    kinds[i, cols] = kinds[j, cols] = 0
    b, _, k = x0.shape
    kinds = np.where(both, kinds, ext.shape[0])  # outside both issues: a bin that is dropped
    cell = (kinds * b + d[None, :]) * n + np.arange(n)[:, None]  # (N, X): kind, draw and actor
    size = (ext.shape[0] + 1) * b * n * k
    sums = np.bincount((cell * k + p[None, :]).ravel(), on_p.ravel(), size)
    sums += np.bincount((cell * k + q[None, :]).ravel(), on_q.ravel(), size)
    ext += sums[:ext.size].reshape(ext.shape)
