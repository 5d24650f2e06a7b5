"""A plain, loop-by-loop statement of one round of the expected-utility model, for tests.

Written straight from the formulas (Scholz, Calbert & Smith 2011, sections 3–6) with no
vectorisation or algebraic shortcuts, O(n⁵) where the all-pairs normaliser is used:
only for a handful of actors.
"""

from __future__ import annotations

TIE = 1e-14  # differences of expected utilities taken as none by the offer-type tests (eum_offers.TIE)


def weighted_median(x: list[float], w: list[float]) -> float:
    pairs = sorted(zip(x, w, strict=True))
    total = sum(w)
    acc = 0.0
    for xi, wi in pairs:
        acc += wi
        if acc >= total * (0.5 - 1e-9):
            return xi
    return pairs[-1][0]


def one_round(x: list[float], c: list[float], s: list[float], delta: float, st: dict) -> list[float]:
    """New positions after one round; ``st`` holds the effective variant settings."""
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    mu = weighted_median(x, w)

    def vote(k: int, i: int, j: int, r: list[float]) -> float:
        rho = r[k] if st["vote_exponent"] == "voter" else 1.0
        return w[k] * ((abs(x[k] - x[j]) / delta) ** rho - (abs(x[k] - x[i]) / delta) ** rho)

    def prob(i: int, j: int, r: list[float]) -> float:
        if x[i] == x[j]:
            return 0.0
        top = sum(max(vote(k, i, j, r), 0.0) for k in range(n))
        if st["normaliser"] == "pair":
            bottom = sum(abs(vote(k, i, j, r)) for k in range(n))
        else:
            bottom = sum(abs(vote(k, a, b, r)) for k in range(n) for a in range(n) for b in range(n))
        return top / bottom if bottom > 0 else 0.0

    def expected(i: int, j: int, rr: float, r: list[float], resist: float | None = None) -> float:
        """i challenges j, seen with exponent rr; j resists with probability ``resist`` (default s_j)."""
        resist = s[j] if resist is None else resist
        d = abs(x[i] - x[j]) / delta
        us = 2 - 4 * (0.5 - 0.5 * d) ** rr
        uf = 2 - 4 * (0.5 + 0.5 * d) ** rr
        e = (abs(x[i] - mu) + abs(x[i] - x[j])) / delta
        ub = 2 - 4 * (0.5 - 0.25 * e) ** rr
        uw = 2 - 4 * (0.5 + 0.25 * e) ** rr
        usq = 2 - 4 * 0.5**rr
        if st["t_rule"] == "median":
            t = 1.0 if abs(x[i] - mu) / delta < abs(x[i] - x[j]) / delta - TIE else 0.0
        else:
            t = st["t"]
        p = prob(i, j, r)
        q = st["q"]
        return (resist * (p * us + (1 - p) * uf) + (1 - resist) * us
                - (q * usq + (1 - q) * (t * ub + (1 - t) * uw)))

    ones = [1.0] * n
    danger = [sum(expected(j, i, 1.0, ones) for j in range(n) if j != i) for i in range(n)]
    hi, lo = max(danger), min(danger)
    risk = [(2 * dg - hi - lo) / (hi - lo) if hi - lo > 1e-12 * max(1.0, abs(hi), abs(lo)) else 0.0
            for dg in danger]
    r = [(1 - big / 3) / (1 + big / 3) for big in risk]

    new = list(x)
    for i in range(n):
        offers = []  # (type rank, key, -E_ji, target)
        for j in range(n):
            if x[j] == x[i]:
                continue
            e_ij = expected(i, j, r[i], r)
            e_ji = expected(j, i, r[i] if st["perspective"] == "receiver" else r[j], r,
                            s[j] if st["eji_salience"] == "sender" else None)
            weighted = (abs(e_ij) * x[i] + abs(e_ji) * x[j]) / (abs(e_ij) + abs(e_ji)) if e_ji else x[i]
            if e_ji > e_ij + TIE and e_ij > TIE:
                kind, target = 1, x[j]
            elif e_ij < -TIE and e_ji > -e_ij + TIE:
                kind = 2
                target = x[i] + (x[j] - x[i]) * abs(e_ij / e_ji) if st["compromise"] == "fraction" else weighted
            elif e_ij < -TIE and -e_ij > e_ji + TIE and e_ji > TIE and st["capitulation"]:
                kind, target = 3, x[j]
            else:
                continue
            move = abs(target - x[i])
            if st["offer_choice"] == "sender_max":
                offers.append((-e_ji, move, target))
            elif st["offer_choice"] == "lowest_weighted_point" and kind == 2:
                offers.append((kind, weighted, -e_ji, target))
            else:
                offers.append((kind, move, -e_ji, target))
        if offers:
            new[i] = min(offers)[-1]
    return new
