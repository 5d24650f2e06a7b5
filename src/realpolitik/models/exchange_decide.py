"""The exchange model as the public Decide tool computes it (``exchange`` with ``preset=decide``).

Stokman & Van Oosten (1994) as implemented in the Decide exchange-model tool, release 2022.1.28
(``decide-exchange-model`` on PyPI; files ``decide/model/base.py``, ``equalgain.py``,
``calculations.py`` and ``utils.py``), for users who must reproduce results obtained with it.
It differs from the default procedure of :mod:`.exchange` in the points ``docs/exchange.md``
lists, each reproduced here:

* sides (``base.py``, ``ActorIssue.is_left_to_nbs``): an actor is left of an outcome when
  x ≤ O; candidates are created issue pair by issue pair, actors right of both outcomes
  with those left of both, then left–right with right–left, each in scenario order
  (``AbstractModel.determine_groups_and_calculate_exchanges``);
* terms (``equalgain.py``, ``EqualGainExchange.calculate``): the supplier of p moves all the
  way to its partner, else the partner all the way on q; then each side's outcome cap
  (:meth:`_Round.check_cap`, after ``AbstractExchangeActor.check_nbs``);
* what a candidate sees: the round-start positions, the positions recorded with it and
  its own actors' current voting positions (``calculations.adjusted_nbs``);
* recomputation (``AbstractExchange.recalculate``): after an exchange, only candidates in which
  an actor supplies, or demands, the same issue as an actor of the exchange are recomputed;
  nothing is checked again when a candidate is realised;
* the direction rule on the list of moves kept with each side (``is_move_valid``), with the
  tool's bookkeeping of that list (:meth:`_Round.recalculate`);
* the largest gain is realised first; gains within 1e-20 of each other, the tool's own test
  for a tie, go to the candidate created first (the tool's coin flip between them,
  ``EqualGainModel.highest_gain``, is left out so that a run is reproducible).

The tool computes in decimal arithmetic (28 significant digits), and so does this module, with
the tool's operations in the tool's order: several of its choices compare quantities that are
equal in exact arithmetic (an outcome that an earlier exchange put exactly on a partner's
position), and the rounding of those decimals decides them. Inputs are read as the decimals
that print as the given floats; positions are put on the tool's 0–100 scale as the tool does
(``base.py``, ``Issue.normalize``); outcomes are weighted means with weights s·c.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Context, Decimal, localcontext
from itertools import combinations
from typing import NamedTuple

import numpy as np

TIE = 1e-20  # the tool's test for equal gains (EqualGainModel.highest_gain)
ZERO = Decimal(0)


def _decimal(value: float) -> Decimal:
    """The decimal that prints as ``value`` (so 0.7 is 0.7, as the tool reads it from its file)."""
    return Decimal(repr(float(value)))


class Exchange(NamedTuple):
    """One realised exchange on the 0–100 scale: ``actor_p`` moves on issue p, ``actor_q`` on q."""

    p: int
    q: int
    actor_p: int
    actor_q: int
    to_p: float
    to_q: float
    gain: float


class _Side:
    """One actor's part in a candidate: it supplies (moves on) one issue and demands the other."""

    __slots__ = ("actor", "supply", "demand", "position", "start", "want", "s_supply", "s_demand", "c_supply",
                 "move", "moves", "y", "other")

    def __init__(self, actor: int, supply: int, demand: int, game: _Round):
        self.actor, self.supply, self.demand = actor, supply, demand
        self.position = self.start = game.x[supply][actor]  # the voting position on the supply issue
        self.want = game.x[demand][actor]  # round-start position on the demand issue
        self.s_supply, self.s_demand = game.s[supply][actor], game.s[demand][actor]
        self.c_supply = game.c[supply][actor]
        self.move = ZERO
        self.moves: list[Decimal] = []
        self.y = self.position
        self.other: _Side


class _Candidate:
    __slots__ = ("i", "j", "gain", "valid", "updates", "created")

    def __init__(self, i: _Side, j: _Side, created: int):
        self.i, self.j = i, j  # i supplies q and demands p; j supplies p and demands q
        i.other, j.other = j, i
        self.gain = ZERO
        self.valid = True
        self.updates: dict[int, dict[int, Decimal]] = {}  # issue -> actor -> voting position
        self.created = created


def _merged_update(mover: _Side, recorded: Decimal) -> Decimal:
    """A partner position recorded twice (``AbstractExchange.update_updates``): of the recorded one and
    the mover's new voting position, the one nearer the mover's round-start position."""
    if mover.start <= recorded:
        return recorded if recorded < mover.y else mover.y
    return recorded if recorded > mover.y else mover.y


def _replace_last(moves: list[Decimal], move: Decimal) -> None:
    moves.pop()
    moves.append(move)


class _Round:
    """One round from round-start positions: the tool's candidates, recomputations and order.

    ``x``, ``s`` and ``c`` are per issue: ``x[k][a]`` is actor a's position on issue k, for the
    actors ``members[k]`` present there (in scenario order, the order of the tool's sums).
    """

    def __init__(self, x: list[dict[int, Decimal]], s: list[dict[int, Decimal]], c: list[dict[int, Decimal]],
                 n_actors: int, list_order: bool = False):
        self.x, self.s, self.c, self.n = x, s, c, n_actors
        self.list_order = list_order
        self.denom = [sum(s[k][a] * c[k][a] for a in x[k]) for k in range(len(x))]  # calc_nbs_denominator

    def outcome(self, k: int, positions: dict[int, Decimal]) -> Decimal:
        """``calculations.nash_bargaining_solution``: Σ x·s·c / Σ s·c (0 where nobody weighs anything)."""
        if self.denom[k] == 0:
            return ZERO
        total = ZERO
        for a, v in positions.items():
            total += v * self.s[k][a] * self.c[k][a]
        return total / self.denom[k]

    def seen(self, k: int, updates: dict[int, Decimal], actor: int, position: Decimal) -> Decimal:
        """The outcome a candidate sees (``calculations.adjusted_nbs``): round-start positions, its recorded
        updates, and ``actor`` at ``position``."""
        x = dict(self.x[k])
        for a, v in updates.items():
            if a in x:
                x[a] = v
        x[actor] = position
        return self.outcome(k, x)

    def cap_distance(self, k: int, updates: dict[int, Decimal], actor: int, position: Decimal,
                     target: Decimal) -> Decimal:
        """``calculations.adjusted_nbs_by_position``: how far ``actor``, at ``position`` before the updates are
        applied, must move so that the outcome lands on ``target`` (its sum counts the actor's own term)."""
        x = dict(self.x[k])
        x[actor] = position
        x.update(updates)
        total = ZERO
        for a, v in x.items():
            total += v * self.s[k][a] * self.c[k][a]
        return (target * self.denom[k] - total) / (self.s[k][actor] * self.c[k][actor])

    def shift(self, side: _Side, distance: Decimal) -> Decimal:
        """Outcome shift when ``side`` moves ``distance`` (``calculations.exchange_ratio``, ``by_absolute_move``)."""
        return distance * side.s_supply * side.c_supply / self.denom[side.supply]

    def distance(self, side: _Side, shift: Decimal) -> Decimal:
        """Move of ``side`` that shifts its supply issue's outcome by ``shift`` (``calculations.reverse_move``)."""
        return shift * self.denom[side.supply] / (side.c_supply * side.s_supply)

    @staticmethod
    def rate(supplier: _Side, shift: Decimal) -> Decimal:
        """The partner's outcome shift that gives both the same gain (``calculations.by_exchange_ratio``)."""
        other = supplier.other
        return (supplier.s_supply + other.s_demand) / (supplier.s_demand + other.s_supply) * shift

    @staticmethod
    def utility(side: _Side, first: Decimal, second: Decimal) -> Decimal:
        """``calculations.expected_utility``: |first·s_supply − second·s_demand|."""
        return abs(first * side.s_supply - second * side.s_demand)

    @staticmethod
    def admissible(side: _Side, move: Decimal) -> bool:
        """``AbstractExchangeActor.is_move_valid``: a move of at most 100 and more than 1e-10 that stays in
        [0, 100], with the side's list of moves summing to at most 100 and all of one sign."""
        if abs(move) > 100 or abs(move) <= 1e-10:
            return False
        if side.position + move < 0 or side.position + move > 100:
            return False
        if sum(side.moves) > 100:
            return False
        low, high = min(side.moves), max(side.moves)
        return (low < 0 and high < 0) or (low > 0 and high > 0)

    def calculate(self, cand: _Candidate) -> None:
        """Equal-gain terms (``EqualGainExchange.calculate``): j all the way to i's position on p, else i all
        the way on q; then the outcome caps of i and of j, in that order, and validity."""
        i, j = cand.i, cand.j
        dp = self.shift(j, abs(i.want - j.position))
        dq = self.rate(j, dp)
        i.move, j.move = self.distance(i, dq), abs(i.want - j.position)
        if abs(i.move) > abs(j.want - i.position):
            dq = self.shift(i, abs(j.want - i.position))
            dp = self.rate(i, dq)
            i.move, j.move = abs(j.want - i.position), self.distance(j, dp)
        if i.position > j.want:
            i.move = -i.move
        if j.position > i.want:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y, j.y = i.position + i.move, j.position + j.move
        cand.gain = self.utility(i, dq, dp)
        cand.valid = self.admissible(i, i.move) and self.admissible(j, j.move) and not cand.gain < 1e-10
        if cand.valid:
            self.check_cap(cand, i)
            self.check_cap(cand, j)
            cand.valid = self.admissible(i, i.move) and self.admissible(j, j.move)

    def check_cap(self, cand: _Candidate, side: _Side) -> None:
        """The tool's outcome cap on ``side``'s supply issue (``AbstractExchangeActor.check_nbs``).

        With the outcome as the candidate sees it (:meth:`seen`), when the partner's position lies
        strictly between the outcome before and after ``side``'s move, ``side`` moves exactly so
        far that the outcome lands there; the partner's move follows from the rate, the gain
        from the partner's side. Otherwise nothing changes, also when earlier trades have
        already carried the outcome past the partner's position.
        """
        k, other = side.supply, side.other
        updates = cand.updates.get(k, {})
        before = self.seen(k, updates, side.actor, side.position)
        after = self.seen(k, updates, side.actor, side.y)
        target = other.want
        if (target - before >= 0 and target - after >= 0) or (target - before <= 0 and target - after <= 0):
            return
        move = abs(self.cap_distance(k, updates, side.actor, side.position, target))
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
        cand.gain = self.utility(other, other_shift, own_shift)

    def recalculate(self, cand: _Candidate, done: _Candidate) -> None:
        """After ``done`` is realised (``AbstractExchange.recalculate``).

        A side that supplies the same issue as an actor of ``done`` takes over that voting
        position; the tool appends the realised move to the side's list and then drops the last
        move of each side once, so the matched side keeps its list and the other loses its last
        move. A side that demands the same issue as an actor of ``done`` gets the partner's new
        voting position recorded with the candidate (:func:`_merged_update` when one is there);
        without a supply match both sides then lose their last move. Either way the candidate's
        terms are computed again.
        """
        changed = False
        for side in (cand.i, cand.j):
            for made in (done.i, done.j):
                if side.actor == made.actor and side.supply == made.supply:
                    side.position = made.y
                    side.moves.append(made.moves[-1])
                    changed = True
                    break
        if changed:
            cand.i.moves.pop()
            cand.j.moves.pop()
        for demander, mover in ((done.j, done.i), (done.i, done.j)):
            if any(demander.actor == side.actor and demander.demand == side.demand for side in (cand.j, cand.i)):
                updates = cand.updates.setdefault(demander.demand, {})
                recorded = updates.get(mover.actor)
                updates[mover.actor] = mover.y if recorded is None else _merged_update(mover, recorded)
                if not changed:
                    cand.i.moves.pop()
                    cand.j.moves.pop()
                    changed = True
        if changed:
            self.calculate(cand)

    def candidates(self) -> list[_Candidate]:
        """Every pair of actors on opposite sides of both outcomes of every issue pair, in the tool's order."""
        outcome = [self.outcome(k, self.x[k]) for k in range(len(self.x))]
        out: list[_Candidate] = []
        for p, q in combinations(range(len(self.x)), 2):
            groups: list[list[int]] = [[], [], [], []]
            for a in range(self.n):
                if a in self.x[p] and a in self.x[q]:
                    groups[(self.x[p][a] <= outcome[p]) + 2 * (self.x[q][a] <= outcome[q])].append(a)
            for first, second in ((groups[0], groups[3]), (groups[1], groups[2])):
                for a in first:
                    for b in second:
                        out.append(self.candidate(a, b, p, q, len(out)))
        return out

    def candidate(self, a: int, b: int, p: int, q: int, created: int) -> _Candidate:
        """``AbstractExchange.__init__``: the actor with the larger s_p/s_q supplies q (``i``), the other p."""
        s = self.s
        if s[q][a] and s[q][b]:
            swap = s[p][a] / s[q][a] < s[p][b] / s[q][b]
        else:  # the tool divides by zero here; cross-multiplied instead
            swap = s[p][a] * s[q][b] < s[p][b] * s[q][a]
        if swap:
            a, b = b, a
        cand = _Candidate(_Side(a, q, p, self), _Side(b, p, q, self), created)
        if cand.i.s_supply * cand.i.c_supply and cand.j.s_supply * cand.j.c_supply:
            self.calculate(cand)
        else:  # an actor without weight on the issue it would move on: the tool divides by zero
            cand.valid = False
        return cand

    def play(self) -> list[_Candidate]:
        """Realise candidates, largest gain first; returns those realised (``model/utils.py``, ``ModelLoop.loop``;
        ``AbstractModel.remove_invalid_exchanges``).

        Ties (gains within 1e-20) go to the candidate created first; with ``list_order``, as in the
        tool with its coin flip switched off and nothing else changed, the list of candidates is
        sorted by gain, stably, before each choice, so that a tie goes to the one that came first
        in the previous sorting.
        """
        pending = self.candidates()
        index: dict[tuple[str, int, int], list[_Candidate]] = {}  # the candidates an exchange can touch
        for cand in pending:
            for side in (cand.i, cand.j):
                index.setdefault(("supply", side.actor, side.supply), []).append(cand)
                index.setdefault(("demand", side.actor, side.demand), []).append(cand)
        realised = []
        while pending:
            if self.list_order:
                pending.sort(key=lambda c: c.gain, reverse=True)
                best = pending[0]
            else:
                top = max(c.gain for c in pending)
                best = min((c for c in pending if top - c.gain < TIE), key=lambda c: c.created)
            pending.remove(best)
            if not best.valid:
                continue
            best.valid = False  # realised: out of the running, never recomputed again
            keys = [("supply", best.i.actor, best.i.supply), ("supply", best.j.actor, best.j.supply),
                    ("demand", best.i.actor, best.i.demand), ("demand", best.j.actor, best.j.demand)]
            touched = {id(c): c for key in keys for c in index.get(key, ()) if c.valid}
            for cand in touched.values():  # the others the tool visits without a change
                self.recalculate(cand, best)
            pending = [c for c in pending if c.valid]
            realised.append(best)
        return realised


def _normalised(position: np.ndarray, lower: np.ndarray, upper: np.ndarray, present: np.ndarray
                ) -> list[dict[int, Decimal]]:
    """Positions on the tool's 0–100 scale (``Issue.normalize``): (x − lower)·(100 / (upper − lower))."""
    out = []
    for k in range(position.shape[1]):
        low, delta = _decimal(lower[k]), _decimal(upper[k]) - _decimal(lower[k])
        step = 100 / delta if delta != 0 else ZERO
        out.append({a: (_decimal(position[a, k]) - low) * step for a in np.flatnonzero(present[:, k]).tolist()})
    return out


def decide_rounds(position: np.ndarray, lower: np.ndarray, upper: np.ndarray, salience: np.ndarray,
                  capability: np.ndarray, present: np.ndarray, rounds: int, fixed_weight: float,
                  salience_weight: float, list_order: bool = False
                  ) -> Iterator[tuple[np.ndarray, np.ndarray, list[Exchange]]]:
    """The tool's rounds from positions ``(N, K)`` on the issues' own scales.

    Yields per round the round-start and voting positions ``(N, K)`` on the 0–100 scale (0
    where absent) and the realised exchanges in order. An actor's voting position on an issue
    is that of its last exchange there; it then starts the next round from its round-start
    position moved toward that voting position by fixed_weight + salience_weight·(1 − s)
    (``AbstractExchangeActor.new_start_position``; the weights enter as the decimals of their
    binary values, as in the tool). ``list_order``: ties as in :meth:`_Round.play`.
    """
    n, k = position.shape
    context = Context(prec=28)  # the decimal module's default context, which the tool uses
    with localcontext(context):
        x = _normalised(position, lower, upper, present)
        s = [{a: _decimal(salience[a, i]) for a in x[i]} for i in range(k)]
        c = [{a: _decimal(capability[a, i]) for a in x[i]} for i in range(k)]
        fw, sw = Decimal(fixed_weight), Decimal(salience_weight)
    for _ in range(rounds):
        with localcontext(context):
            realised = _Round(x, s, c, n, list_order).play()
            y = [dict(col) for col in x]
            for cand in realised:
                for side in (cand.i, cand.j):
                    y[side.supply][side.actor] = side.y
            exchanges = [Exchange(cand.i.demand, cand.i.supply, cand.j.actor, cand.i.actor, float(cand.j.y),
                                  float(cand.i.y), float(cand.gain)) for cand in realised]
            start = _array(x, n)
            x = [dict(col) for col in x]
            for cand in realised:
                for side in (cand.i, cand.j):
                    moved = (1 - side.s_supply) * sw
                    x[side.supply][side.actor] = moved * side.y + fw * side.y + (1 - moved - fw) * side.start
        yield start, _array(y, n), exchanges


def _array(columns: list[dict[int, Decimal]], n: int) -> np.ndarray:
    out = np.zeros((n, len(columns)))
    for k, col in enumerate(columns):
        for a, v in col.items():
            out[a, k] = float(v)
    return out
