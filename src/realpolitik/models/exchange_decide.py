"""The exchange model as the public Decide tool computes it (``exchange`` with ``preset=decide``).

Stokman & Van Oosten (1994) as implemented in the Decide exchange-model tool (its
``decide/model/base.py``, ``equalgain.py`` and ``calculations.py``), for users who must
reproduce results obtained with it. It differs from the default procedure of
:mod:`.exchange` in the points ``docs/exchange.md`` lists, each reproduced here:

* sides: an actor is left of an outcome when x < O (the default: x ≤ O); candidates
  are created issue pair by issue pair, actors right of both outcomes with those left of
  both, then left–right with right–left, each in scenario order;
* the supplier of p moves all the way to its partner, else the partner all the way;
  a move whose outcome would pass the demanding partner's position is cut back by the
  tool's rule (:func:`_Round.check_cap`): the actor moves by the distance that would put
  the outcome there as computed from the round-start positions, the positions of this
  candidate's own recorded updates and the actor's current voting position, and the
  cut-back is applied only when that position lies between the old and the new outcome;
* after an exchange, a candidate is recomputed only when one of its actors supplies the
  same issue as an actor of the exchange (its voting position moves to the exchange's)
  or demands the same issue (the partner's new voting position is recorded among the
  candidate's updates, by the tool's rule in :func:`_merged_update`); other candidates
  keep their terms, and nothing is checked again when a candidate is realised;
* the direction rule checks a move against the list of moves kept with each side of a
  candidate (all of one sign, none zero), with the tool's bookkeeping of that list;
* the largest gain is realised first; ties go to the candidate created first (the
  tool's coin flip between exact ties is left out, so a run is reproducible).

Outcomes are weighted means with weights c·s (capability as power); positions on the
internal 0–100 scale. Arithmetic is in 64-bit floats (the tool uses decimals), with a
tolerance of 1e-9 on the [0, 100] bounds so that a move ending exactly on a bound stays
admissible.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import numpy as np

BOUND_TOL = 1e-9


class _Side:
    """One actor's part in a candidate: it supplies (moves on) one issue and demands the other."""

    __slots__ = ("actor", "supply", "demand", "position", "start", "want", "s_supply", "s_demand", "weight",
                 "move", "moves", "y", "other")

    def __init__(self, actor: int, supply: int, demand: int, x: np.ndarray, s: np.ndarray, c: np.ndarray):
        self.actor, self.supply, self.demand = actor, supply, demand
        self.position = self.start = float(x[actor, supply])  # the voting position on the supply issue
        self.want = float(x[actor, demand])  # round-start position on the demand issue
        self.s_supply, self.s_demand = float(s[actor, supply]), float(s[actor, demand])
        self.weight = float(c[actor, supply] * s[actor, supply])
        self.move = 0.0
        self.moves: list[float] = []
        self.y = self.position
        self.other: _Side


class _Candidate:
    __slots__ = ("i", "j", "p", "q", "gain", "valid", "updates")

    def __init__(self, i: _Side, j: _Side, p: int, q: int):
        self.i, self.j, self.p, self.q = i, j, p, q  # i supplies q and demands p; j supplies p, demands q
        i.other, j.other = j, i
        self.gain = 0.0
        self.valid = True
        self.updates: dict[int, dict[int, float]] = {}  # issue -> actor -> voting position


def _merged_update(side: _Side, recorded: float) -> float:
    """The tool's rule for a partner position recorded twice: the one nearer the side's start position."""
    if side.start <= recorded:
        return recorded if recorded < side.y else side.y
    return recorded if recorded > side.y else side.y


def _drop_last(moves: list[float]) -> None:
    if moves:
        moves.pop()


def _replace_last(moves: list[float], move: float) -> None:
    _drop_last(moves)
    moves.append(move)


class _Round:
    """One round at round-start positions ``x`` ``(N, K)``: the tool's candidates, recomputations and order."""

    def __init__(self, x: np.ndarray, s: np.ndarray, c: np.ndarray, present: np.ndarray):
        self.x, self.s, self.c, self.present = x, s, c, present
        self.cs = np.where(present, c * s, 0.0)
        self.denom = self.cs.sum(axis=0)

    def outcome(self, x: np.ndarray) -> np.ndarray:
        """Σ c·s·x / Σ c·s per issue (0 where no actor weighs anything, as in the tool)."""
        total = (self.cs * np.where(self.present, x, 0.0)).sum(axis=0)
        return np.divide(total, self.denom, out=np.zeros_like(total), where=self.denom > 0)

    def outcome_with(self, k: int, updates: Mapping[int, float], actor: int, position: float,
                     actor_last: bool = True) -> float:
        """Σ c·s·x / Σ c·s on issue k with ``updates`` applied and ``actor`` at ``position``."""
        x = self.x[:, k].copy()
        if not actor_last:
            x[actor] = position
        for a, v in updates.items():
            x[a] = v
        if actor_last:
            x[actor] = position
        return float((self.cs[:, k] * np.where(self.present[:, k], x, 0.0)).sum())

    def shift(self, side: _Side, distance: float) -> float:
        """Outcome shift when ``side`` moves ``distance`` on its supply issue."""
        return distance * side.weight / self.denom[side.supply]

    def distance(self, side: _Side, shift: float) -> float:
        """Move of ``side`` that shifts its supply issue's outcome by ``shift``."""
        return shift * self.denom[side.supply] / side.weight

    @staticmethod
    def rate(supplier: _Side, shift: float) -> float:
        """The partner's outcome shift that gives both the same gain, for ``supplier``'s ``shift``."""
        other = supplier.other
        return (supplier.s_supply + other.s_demand) / (supplier.s_demand + other.s_supply) * shift

    @staticmethod
    def utility(side: _Side, demand_shift: float, supply_shift: float) -> float:
        return abs(demand_shift * side.s_supply - supply_shift * side.s_demand)

    @staticmethod
    def admissible(side: _Side, move: float) -> bool:
        if abs(move) > 100 or abs(move) <= 1e-10:
            return False
        if side.position + move < -BOUND_TOL or side.position + move > 100 + BOUND_TOL:
            return False
        if sum(side.moves) > 100 + BOUND_TOL:
            return False
        low, high = min(side.moves), max(side.moves)
        return (low < 0 and high < 0) or (low > 0 and high > 0)

    def calculate(self, cand: _Candidate) -> None:
        """Equal-gain moves: j all the way to i's position on p, else i all the way on q; then the caps."""
        i, j = cand.i, cand.j
        dp = abs(i.want - j.position) * j.weight / self.denom[j.supply]
        dq = self.rate(j, dp)
        i.move, j.move = self.distance(i, dq), abs(i.want - j.position)
        if abs(i.move) > abs(j.want - i.position):
            dq = abs(j.want - i.position) * i.weight / self.denom[i.supply]
            dp = self.rate(i, dq)
            i.move, j.move = abs(j.want - i.position), self.distance(j, dp)
        if i.position > j.want:
            i.move = -i.move
        if j.position > i.want:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y, j.y = i.position + i.move, j.position + j.move
        cand.gain = abs(self.utility(i, dq, dp))
        cand.valid = self.admissible(i, i.move) and self.admissible(j, j.move) and cand.gain >= 1e-10
        if cand.valid:
            self.check_cap(cand, j, recheck=True)
            self.check_cap(cand, i)

    def check_cap(self, cand: _Candidate, side: _Side, recheck: bool = False) -> None:
        """The tool's outcome cap on ``side``'s supply issue (see the module docstring).

        With ``recheck`` (the supplier of p), the gain and validity are left as they were when
        the outcome after the cut-back move misses the partner's position by more than 1e-6.
        """
        k, other = side.supply, side.other
        updates = cand.updates.get(k, {})
        before = self.outcome_with(k, updates, side.actor, side.position) / self.denom[k]
        after = self.outcome_with(k, updates, side.actor, side.y) / self.denom[k]
        target = other.want
        if (target >= before and target >= after) or (target <= before and target <= after):
            return
        total = self.outcome_with(k, updates, side.actor, side.position, actor_last=False)
        move = abs((target * self.denom[k] - total) / side.weight)
        own_shift = self.shift(side, move)
        other_shift = self.rate(side, own_shift)
        other.move = abs(self.distance(other, other_shift))
        side.move = move
        if other.position > side.want:
            other.move = -other.move
        if side.position > other.want:
            side.move = -side.move
        _replace_last(other.moves, other.move)
        _replace_last(side.moves, side.move)
        other.y, side.y = other.position + other.move, side.position + side.move
        if recheck and abs(self.outcome_with(k, updates, side.actor, side.y) / self.denom[k] - target) > 1e-6:
            return
        cand.gain = abs(self.utility(other, other_shift, own_shift))
        cand.valid = self.admissible(other, other.move) and self.admissible(side, side.move)

    def recalculate(self, cand: _Candidate, done: _Candidate) -> None:
        """After ``done`` is realised: take over shared supply positions and record partners' new positions."""
        changed = False
        for side in (cand.i, cand.j):
            for made in (done.i, done.j):
                if side.actor == made.actor and side.supply == made.supply:
                    side.position = made.y
                    _drop_last(cand.i.moves)
                    _drop_last(cand.j.moves)
                    side.moves.append(made.moves[-1])
                    changed = True
                    break
        for demander, mover in ((done.j, done.i), (done.i, done.j)):
            if any(demander.actor == side.actor and demander.demand == side.demand for side in (cand.j, cand.i)):
                updates = cand.updates.setdefault(demander.demand, {})
                recorded = updates.get(mover.actor)
                updates[mover.actor] = mover.y if recorded is None else _merged_update(mover, recorded)
                if not changed:
                    _drop_last(cand.i.moves)
                    _drop_last(cand.j.moves)
                    changed = True
        if changed:
            self.calculate(cand)

    def candidates(self, outcome: np.ndarray) -> list[_Candidate]:
        """Every pair of actors on opposite sides of both outcomes of every issue pair, in the tool's order."""
        n, k = self.x.shape
        left = self.x < outcome[None, :]
        out = []
        for p, q in combinations(range(k), 2):
            both = self.present[:, p] & self.present[:, q]
            groups = [[a for a in range(n) if both[a] and left[a, p] == lp and left[a, q] == lq]
                      for lp, lq in ((False, False), (True, False), (False, True), (True, True))]
            for first, second in ((groups[0], groups[3]), (groups[1], groups[2])):
                for a in first:
                    for b in second:
                        out.append(self.candidate(a, b, p, q))
        return out

    def candidate(self, a: int, b: int, p: int, q: int) -> _Candidate:
        s = self.s
        # a supplies q when s_ap/s_aq ≥ s_bp/s_bq (cross-multiplied: zero saliences need no division)
        if s[a, p] * s[b, q] < s[b, p] * s[a, q]:
            a, b = b, a
        cand = _Candidate(_Side(a, q, p, self.x, s, self.c), _Side(b, p, q, self.x, s, self.c), p, q)
        self.calculate(cand)
        return cand

    def play(self, outcome: np.ndarray) -> list[_Candidate]:
        """Realise candidates, largest gain first (ties: the earlier created); returns those realised."""
        pending = self.candidates(outcome)
        realised = []
        while pending:
            pending.sort(key=lambda c: c.gain, reverse=True)  # stable: ties keep creation order
            best = pending.pop(0)
            if not best.valid:
                continue
            kept = []
            for cand in pending:
                if cand.valid:
                    self.recalculate(cand, best)
                    if cand.valid:
                        kept.append(cand)
            pending = kept
            realised.append(best)
        return realised


def decide_round(x: np.ndarray, s: np.ndarray, c: np.ndarray, present: np.ndarray
                 ) -> tuple[np.ndarray, list[tuple[_Side, _Side, float]]]:
    """One round as the tool plays it: voting positions ``(N, K)`` and the realised exchanges in order.

    Each exchange is ``(side supplying the first issue p, side supplying q, gain)``.
    """
    rnd = _Round(x, s, c, present)
    realised = rnd.play(rnd.outcome(x))
    y = x.copy()
    for cand in realised:
        y[cand.i.actor, cand.i.supply] = cand.i.y
        y[cand.j.actor, cand.j.supply] = cand.j.y
    return y, [(cand.j, cand.i, cand.gain) for cand in realised]


def next_start(x: np.ndarray, s: np.ndarray, exchanges: list[tuple[_Side, _Side, float]], fixed_weight: float,
               salience_weight: float) -> np.ndarray:
    """Next round's positions: each side that traded moves from its round-start position toward its last voting
    position by fixed_weight + salience_weight·(1 − s) (the last exchange on an issue decides)."""
    out = x.copy()
    for pair in exchanges:
        for side in pair[:2]:
            w = fixed_weight + salience_weight * (1.0 - side.s_supply)
            out[side.actor, side.supply] = (1.0 - w) * side.start + w * side.y
    return out
