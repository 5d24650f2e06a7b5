"""Stokman's exchange model of voting positions (Equal Gain, with optional random rates).

Stokman & Van Oosten (1994), "The exchange of voting positions: an object-oriented
model of policy networks", in *European Community Decision Making*, 105–127; the
random exchange-rate variant (REX) of Dijkstra, van Assen, Stokman & Draaijer (2018).
Candidates are found and evaluated in :mod:`.exchange_candidates`; this module runs
the rounds, the greedy realisation and the bookkeeping (outcomes, positions,
realised exchanges and externalities).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from ..errors import ParameterError
from ..scenario.arrays import ScenarioArrays
from . import compiled, exchange_batch
from .common import effective_weight
from .exchange_candidates import admissible_gain, exchange_terms, find_candidates
from .exchange_decide import Exchange as DecideExchange
from .exchange_decide import decide_rounds
from .params import Param
from .registry import ModelSpec, register
from .result import Outcome

SCALE = 100.0
NUMPY_SECONDS_PER_CELL = 5e-7  # a NumPy run per draw × round × (actors × issues)², measured on CoP21 and Korea
TIE_TOL = 1e-12  # gains within this relative distance of the best count as tied
EXTERNALITY_KINDS = ("own", "inner_positive", "inner_negative", "outer_positive", "outer_negative")


@dataclass
class _Issues:
    """One draw's fixed inputs on the internal 0–100 scale."""

    s: np.ndarray  # (N, K) salience
    weight: np.ndarray  # (N, K) capability × salience (capability where every salience is 0)
    total: np.ndarray  # (K,) sum of weights
    present: np.ndarray  # (N, K)

    def outcome(self, y: np.ndarray) -> np.ndarray:
        return (self.weight * np.where(self.present, y, 0.0)).sum(axis=0) / self.total


@dataclass
class _Log:
    """What one draw produced, round by round."""

    preference: list = field(default_factory=list)
    voting: list = field(default_factory=list)
    positions: list = field(default_factory=list)
    voting_positions: list = field(default_factory=list)
    exchanges: list = field(default_factory=list)
    externality: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (kinds, N, K)


class _Trade(NamedTuple):
    """One realised exchange (internal 0–100 scale): j supplies p, i supplies q."""

    round: int
    step: int
    p: int
    q: int
    i: int
    j: int
    from_j: float
    to_j: float
    from_i: float
    to_i: float
    before_p: float
    after_p: float
    before_q: float
    after_q: float
    gain_i: float
    gain_j: float
    diagonal: bool


def _externalities(ext: np.ndarray, fx: _Issues, x0: np.ndarray, left: np.ndarray, trades: list[_Trade]) -> None:
    """Add a round's realised exchanges' gains and losses to ``ext`` ``(kinds, N, K)``.

    A third actor k present on both issues gains Σ over p, q of
    (|O_before − x_k| − |O_after − x_k|)·s_k at its round-start position; it is inner
    when its sides on (p, q) form the same group pair as the exchange (left-left and
    right-right, or the mixed pair), else outer, and positive or negative by the sign
    of the sum. The two exchanging actors' own gains are split by issue: +δ·s on the
    issue each demands, −δ·s on the issue each supplies (they sum to the gain).
    """
    if not trades:
        return
    t = _Trade(*(np.array(col) for col in zip(*trades, strict=True)))
    both = fx.present[:, t.p] & fx.present[:, t.q]  # (N, X)

    def part(k: np.ndarray, before: np.ndarray, after: np.ndarray) -> np.ndarray:
        return np.where(both, (np.abs(before - x0[:, k]) - np.abs(after - x0[:, k])) * fx.s[:, k], 0.0)

    on_p, on_q = part(t.p, t.before_p, t.after_p), part(t.q, t.before_q, t.after_q)
    inner = (left[:, t.p] == left[:, t.q]) == t.diagonal[None, :]
    gains = on_p + on_q > 0
    kinds = np.where(inner, np.where(gains, 1, 2), np.where(gains, 3, 4))
    cols = np.arange(len(t.p))
    shift_p, shift_q = np.abs(t.after_p - t.before_p), np.abs(t.after_q - t.before_q)
    on_p[t.i, cols], on_q[t.i, cols] = shift_p * fx.s[t.i, t.p], -shift_q * fx.s[t.i, t.q]
    on_p[t.j, cols], on_q[t.j, cols] = -shift_p * fx.s[t.j, t.p], shift_q * fx.s[t.j, t.q]
    kinds[t.i, cols] = kinds[t.j, cols] = 0
    to_p, to_q = np.eye(x0.shape[1])[t.p], np.eye(x0.shape[1])[t.q]  # (X, K)
    for kind in range(len(EXTERNALITY_KINDS)):
        mask = both & (kinds == kind)
        ext[kind] += np.where(mask, on_p, 0.0) @ to_p + np.where(mask, on_q, 0.0) @ to_q


class _Ranking:
    """Candidates' gains with per-block maxima, so that finding the best is cheap after small updates.

    Ties (gains within a relative 1e-12 of the best) go to the first candidate in
    canonical order, or to a random one with ``tie_break=random``.
    """

    BLOCK = 512

    def __init__(self, gain: np.ndarray):
        size = -(-max(len(gain), 1) // self.BLOCK) * self.BLOCK
        self.gain = np.full(size, -np.inf)
        self.gain[:len(gain)] = gain
        self.blocks = self.gain.reshape(-1, self.BLOCK)
        self.block_max = self.blocks.max(axis=1)

    def best(self) -> float:
        return float(self.block_max.max())

    def pick(self, ties: str, rng: np.random.Generator) -> int:
        top = self.best()
        cut = top - TIE_TOL * abs(top)
        blocks = np.flatnonzero(self.block_max >= cut)
        if ties == "order":
            b = blocks[0]
            return int(b * self.BLOCK + np.argmax(self.blocks[b] >= cut))
        tied = np.concatenate([b * self.BLOCK + np.flatnonzero(self.blocks[b] >= cut) for b in blocks])
        return int(tied[rng.integers(len(tied))])

    def alive(self, idx: np.ndarray) -> np.ndarray:
        return idx[self.gain[idx] > -np.inf]

    def update(self, idx: np.ndarray, values: np.ndarray | float) -> None:
        """Set gains; only blocks whose maximum may have fallen are scanned again."""
        block = idx // self.BLOCK
        fallen = block[self.gain[idx] >= self.block_max[block]]
        self.gain[idx] = values
        np.maximum.at(self.block_max, block, self.gain[idx])
        if len(fallen):
            fallen = np.unique(fallen)
            self.block_max[fallen] = self.blocks[fallen].max(axis=1)


def _round(fx: _Issues, x0: np.ndarray, params: Mapping[str, Any], rng: np.random.Generator,
           log: _Log, round_no: int) -> np.ndarray:
    """One round: realise exchanges greedily by gain; return the voting positions.

    After each realised exchange the candidates that share one of its actors and one
    of its issues, whatever their roles (see :meth:`Candidates.sharing`), are
    recomputed at the current voting positions and outcomes. The others keep their
    terms, but where exchanges between other actors have since moved the outcome of
    one of a candidate's issues, its outcome cap is stale. Such a candidate is
    recomputed when it comes out on top, before it is realised; if its gain is no
    smaller it is realised at once with the new terms (it is still the best), else it
    goes back into the ranking with its new gain, or is dropped. So every realised
    exchange is checked against the outcomes at that moment.
    """
    y = x0.copy()
    outcome = fx.outcome(y)
    left = fx.present & (x0 <= outcome[None, :])
    c = find_candidates(x0, fx.s, fx.present, outcome, params["p"], rng)
    moved = np.zeros_like(x0)
    everything = np.arange(len(c))
    terms = exchange_terms(c, everything, x0, y, outcome, fx.weight, fx.total, fx.s)
    ranking = _Ranking(admissible_gain(c, everything, terms, moved))
    version = np.zeros(x0.shape[1], dtype=np.int64)  # how often each issue's outcome has moved this round
    seen = np.zeros(len(c), dtype=np.int64)  # version[p] + version[q] when a candidate's terms were computed

    def recompute(idx: np.ndarray) -> None:
        fresh = exchange_terms(c, idx, x0, y, outcome, fx.weight, fx.total, fx.s)
        terms.assign(idx, fresh)
        ranking.update(idx, admissible_gain(c, idx, fresh, moved))
        seen[idx] = version[c.p[idx]] + version[c.q[idx]]

    trades: list[_Trade] = []
    step = 0
    while ranking.best() > -np.inf:
        m = ranking.pick(params["tie_break"], rng)
        p, q, i, j = c.p[m], c.q[m], c.i[m], c.j[m]
        if seen[m] != version[p] + version[q]:  # an outcome cap may have moved: check it now
            ranked = ranking.gain[m]
            recompute(np.array([m]))
            if not ranking.gain[m] >= ranked:  # fell back (or dropped): the next best may now come first
                continue
        move_j, move_i = terms.move_j[m], terms.move_i[m]
        before = outcome.copy()
        y[j, p] += move_j
        y[i, q] += move_i
        moved[j, p] += move_j
        moved[i, q] += move_i
        outcome[[p, q]] = fx.outcome(y)[[p, q]]
        version[[p, q]] += 1
        trades.append(_Trade(round_no, step, p, q, i, j, y[j, p] - move_j, y[j, p], y[i, q] - move_i, y[i, q],
                             before[p], outcome[p], before[q], outcome[q], terms.gain_i[m], terms.gain_j[m],
                             c.diagonal[m]))
        ranking.update(np.array([m]), -np.inf)
        recompute(ranking.alive(c.sharing(m)))
        step += 1
    _externalities(log.externality, fx, x0, left, trades)
    log.exchanges += trades
    return y


def _run_draw(arr: ScenarioArrays, b: int, params: Mapping[str, Any], rng: np.random.Generator) -> _Log:
    span = (arr.upper - arr.lower) / SCALE
    present = arr.present
    weight = np.where(present, effective_weight(arr)[b], 0.0)
    fx = _Issues(np.where(present, arr.salience[b], 0.0), weight, weight.sum(axis=0), present)
    x = np.where(present, (arr.position[b] - arr.lower) / span, 0.0)
    step_weight = params["fixed_weight"] + params["salience_weight"] * (1.0 - fx.s)
    log = _Log(externality=np.zeros((len(EXTERNALITY_KINDS), *x.shape)))
    if params["preset"] == "decide":
        capability = np.where(present, arr.capability[b], 0.0)
        played = decide_rounds(arr.position[b], arr.lower, arr.upper, fx.s, capability, present, params["rounds"],
                               params["fixed_weight"], params["salience_weight"], params["tie_break"] == "list")
        for r, (x, y, realised) in enumerate(played):
            _log_decide(fx, x, log, r, realised)
            log.positions.append(x)
            log.voting_positions.append(y)
            log.preference.append(fx.outcome(x))
            log.voting.append(fx.outcome(y))
            if params["until_stable"] and not realised:
                break
        return log
    for r in range(params["rounds"]):
        count = len(log.exchanges)
        y = _round(fx, x, params, rng, log, r)
        log.positions.append(x)
        log.voting_positions.append(y)
        log.preference.append(fx.outcome(x))
        log.voting.append(fx.outcome(y))
        x = x + step_weight * (y - x)
        if params["until_stable"] and len(log.exchanges) == count:
            break
    return log


def _log_decide(fx: _Issues, x0: np.ndarray, log: _Log, round_no: int, realised: list[DecideExchange]) -> None:
    """Log a round played by :func:`.exchange_decide.decide_rounds` as realised trades, outcomes and externalities."""
    outcome = fx.outcome(x0)
    left = fx.present & (x0 <= outcome[None, :])  # the tool's sides
    y = x0.copy()
    trades = []
    for step, t in enumerate(realised):
        p, q, i, j = t.p, t.q, t.actor_q, t.actor_p
        from_j, from_i = y[j, p], y[i, q]
        y[j, p], y[i, q] = t.to_p, t.to_q
        after = fx.outcome(y)
        trades.append(_Trade(round_no, step, p, q, i, j, from_j, t.to_p, from_i, t.to_q, outcome[p], after[p],
                             outcome[q], after[q], t.gain, t.gain, bool(left[i, p] == left[i, q])))
        outcome = after
    _externalities(log.externality, fx, x0, left, trades)
    log.exchanges += trades


def _records(arr: ScenarioArrays, b: int, log: _Log) -> list[dict[str, Any]]:
    """The realised exchanges as JSON-able records, positions and shifts on each issue's own scale.

    Actor 1 supplies (moves on) the pair's first issue, actor 2 the second.
    """
    span = (arr.upper - arr.lower) / SCALE
    out = []
    for t in log.exchanges:
        p, q, i, j = int(t.p), int(t.q), int(t.i), int(t.j)
        out.append({
            "draw": b, "round": t.round, "step": t.step,
            "actor_1": arr.actor_ids[j], "supplies_1": arr.issue_ids[p],
            "from_1": float(arr.lower[p] + t.from_j * span[p]), "to_1": float(arr.lower[p] + t.to_j * span[p]),
            "actor_2": arr.actor_ids[i], "supplies_2": arr.issue_ids[q],
            "from_2": float(arr.lower[q] + t.from_i * span[q]), "to_2": float(arr.lower[q] + t.to_i * span[q]),
            "outcome_shift_1": float((t.after_p - t.before_p) * span[p]),
            "outcome_shift_2": float((t.after_q - t.before_q) * span[q]),
            "gain_1": float(t.gain_j), "gain_2": float(t.gain_i),
        })
    return out


def _padded(rows: list[np.ndarray], rounds: int) -> np.ndarray:
    """Rounds after an early stop repeat the last round (positions no longer change)."""
    return np.stack(rows + [rows[-1]] * (rounds - len(rows)))


def exchange_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Stokman's exchange model: rounds of pairwise trades of voting positions.

    Stokman & Van Oosten (1994). Per round: the outcome of an issue is the weighted
    mean O_k = Σ c·s·x / Σ c·s of the actors present (internally on a 0–100 scale);
    actors on opposite sides of both outcomes of an issue pair may trade, the one that
    cares relatively less about an issue moving its voting position there toward the
    partner, at the rate that gives both the same gain (see
    :mod:`.exchange_candidates` for the rate, the caps and the drop rules). Candidates
    are realised greedily, largest gain first, ties by candidate order (issue pairs,
    then actor pairs, in scenario order) or at random with ``tie_break=random``; after
    each, the candidates sharing an actor and an issue with it (whatever their roles)
    are recomputed from the new voting positions and outcomes, and a candidate is
    checked against the current outcomes before it is realised. The round's voting outcome
    is the weighted mean of the voting positions y; an actor that traded then moves
    its position on each issue it supplied to x + w·(y − x), with
    w = fixed_weight + salience_weight·(1 − s), which is where the next round starts.
    The forecast is the last round's voting outcome.

    ``p`` > 0 draws random exchange rates (Dijkstra, van Assen, Stokman & Draaijer
    2018) from the rng; ``p`` = 0 is the deterministic Equal Gain model. With ``p`` = 0
    and ties in order, every draw and round runs in compiled code
    (:mod:`.exchange_compiled`) when :func:`.compiled.sized` finds it pays, else the draws of a
    batch run together with arrays (:mod:`.exchange_batch`); random rates, random
    tie-breaks and the ``decide`` preset run the draws one after another, with the
    candidate search over all issue pairs and actor pairs vectorized. All paths
    realise the same exchanges in the same order.
    """
    if params["preset"] == "decide" and (params["p"] > 0 or params["tie_break"] == "random"):
        raise ParameterError("model 'exchange': preset=decide runs the Equal Gain model with ties in creation order "
                             f"(p=0, tie_break=order or list), got p={params['p']}, tie_break={params['tie_break']}")
    if params["preset"] != "decide" and params["tie_break"] == "list":
        raise ParameterError("model 'exchange': tie_break=list is the Decide tool's order; it needs preset=decide")
    if params["fixed_weight"] + params["salience_weight"] > 1:
        raise ParameterError(f"model 'exchange': fixed_weight + salience_weight must be <= 1, got "
                             f"{params['fixed_weight']} + {params['salience_weight']}")
    work = NUMPY_SECONDS_PER_CELL * arr.n_draws * params["rounds"] * arr.n_actors**2 * arr.n_issues**2
    with compiled.sized("realpolitik.models.exchange_compiled", work, identical=True):
        return _rounds(arr, params, rng)


def _rounds(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    n_draws, rounds = arr.n_draws, params["rounds"]
    if params["preset"] == "stokman1994" and params["p"] == 0 and params["tie_break"] == "order" and (
            compiled.enabled() or (n_draws > 1 and not params["until_stable"])):
        return _batched(arr, params)
    span = (arr.upper - arr.lower) / SCALE
    history = {name: [] for name in ("preference_outcome", "voting_outcome", "position", "voting_position")}
    details = {f"externality_{k}": [] for k in EXTERNALITY_KINDS}
    details["exchanges"] = []
    records: list[dict[str, Any]] = []
    for b in range(n_draws):
        log = _run_draw(arr, b, params, rng)
        history["preference_outcome"].append(arr.lower + _padded(log.preference, rounds) * span)
        history["voting_outcome"].append(arr.lower + _padded(log.voting, rounds) * span)
        for name, rows in (("position", log.positions), ("voting_position", log.voting_positions)):
            history[name].append(np.where(arr.present, arr.lower + _padded(rows, rounds) * span, np.nan))
        for k, kind in enumerate(EXTERNALITY_KINDS):
            details[f"externality_{kind}"].append(np.where(arr.present, log.externality[k], np.nan))
        count = np.zeros(arr.n_issues)
        for t in log.exchanges:
            count[[t.p, t.q]] += 1
        details["exchanges"].append(count)
        records += _records(arr, b, log)
    hist = {name: np.stack(v) for name, v in history.items()}
    return Outcome(hist["voting_outcome"][:, -1].copy(), history=hist,
                   details={name: np.stack(v) for name, v in details.items()}, extra={"exchanges": records})


def _batched(arr: ScenarioArrays, params: Mapping[str, Any]) -> Outcome:
    """The deterministic Equal Gain model for all draws at once: compiled (:mod:`.exchange_compiled`) when
    :func:`.compiled.enabled`, else with arrays across draws (:mod:`.exchange_batch`); either gives the same
    trades and outcomes as running the draws one after another."""
    span = (arr.upper - arr.lower) / SCALE
    present = arr.present
    weight = np.where(present, effective_weight(arr), 0.0)
    s = np.where(present, arr.salience, 0.0)
    total = weight.sum(axis=1)
    x = np.where(present, (arr.position - arr.lower) / span, 0.0)
    step_weight = params["fixed_weight"] + params["salience_weight"] * (1.0 - s)
    if compiled.enabled():
        from . import exchange_compiled

        positions, voting, ext, ints, floats = exchange_compiled.play(
            x, s, weight, total, present, step_weight, params["rounds"], params["until_stable"])
        ext = ext.swapaxes(0, 1)
        t = dict(zip(exchange_compiled.INT_FIELDS, ints.T, strict=True))
        t |= dict(zip(exchange_compiled.FLOAT_FIELDS, floats.T, strict=True))
    else:
        positions, voting, ext, t = _batched_numpy(x, s, weight, total, present, step_weight, params["rounds"])
    rounds = range(params["rounds"])
    preference = np.stack([exchange_batch.outcomes(weight, present, positions[:, r], total) for r in rounds], axis=1)
    outcome = np.stack([exchange_batch.outcomes(weight, present, voting[:, r], total) for r in rounds], axis=1)
    hist = {"preference_outcome": arr.lower + preference * span, "voting_outcome": arr.lower + outcome * span,
            "position": np.where(present, arr.lower + positions * span, np.nan),
            "voting_position": np.where(present, arr.lower + voting * span, np.nan)}
    details = {f"externality_{kind}": np.where(present, ext[k], np.nan) for k, kind in enumerate(EXTERNALITY_KINDS)}
    count = np.zeros((arr.n_draws, arr.n_issues))
    np.add.at(count, (t["draw"], t["p"]), 1)
    np.add.at(count, (t["draw"], t["q"]), 1)
    details["exchanges"] = count
    return Outcome(hist["voting_outcome"][:, -1].copy(), history=hist, details=details,
                   extra={"exchanges": _batched_records(arr, t)})


def _batched_numpy(x: np.ndarray, s: np.ndarray, weight: np.ndarray, total: np.ndarray, present: np.ndarray,
                   step_weight: np.ndarray, rounds: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Every round of every draw with :func:`.exchange_batch.play_round`: round-start and voting positions
    ``(B, R, N, K)``, externalities ``(kinds, B, N, K)`` and the trades (arrays in draw, round and step order)."""
    ext = np.zeros((len(EXTERNALITY_KINDS), *x.shape))
    positions, voting, trades = [], [], []
    for r in range(rounds):
        y, done, left = exchange_batch.play_round(x, s, weight, total, present)
        exchange_batch.add_externalities(ext, x, s, present, left, done)
        done["round"] = np.full(done["draw"].size, r)
        trades.append(done)
        positions.append(x)
        voting.append(y)
        x = x + step_weight * (y - x)
    t = {f: np.concatenate([d[f] for d in trades]) for f in (*exchange_batch.TRADE_FIELDS, "round")}
    order = np.lexsort((t["step"], t["round"], t["draw"]))
    return np.stack(positions, axis=1), np.stack(voting, axis=1), ext, {f: v[order] for f, v in t.items()}


def _batched_records(arr: ScenarioArrays, t: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """:func:`_records` for trades held as arrays (all draws, in draw, round and step order)."""
    span = (arr.upper - arr.lower) / SCALE
    p, q, i, j = t["p"], t["q"], t["i"], t["j"]
    columns = (
        t["draw"].tolist(), t["round"].tolist(), t["step"].tolist(),
        [arr.actor_ids[a] for a in j.tolist()], [arr.issue_ids[k] for k in p.tolist()],
        (arr.lower[p] + t["from_j"] * span[p]).tolist(), (arr.lower[p] + t["to_j"] * span[p]).tolist(),
        [arr.actor_ids[a] for a in i.tolist()], [arr.issue_ids[k] for k in q.tolist()],
        (arr.lower[q] + t["from_i"] * span[q]).tolist(), (arr.lower[q] + t["to_i"] * span[q]).tolist(),
        ((t["after_p"] - t["before_p"]) * span[p]).tolist(), ((t["after_q"] - t["before_q"]) * span[q]).tolist(),
        t["gain_j"].tolist(), t["gain_i"].tolist(),
    )
    return [{"draw": draw, "round": rnd, "step": step,  # a dict display: twice as fast as dict(zip(...))
             "actor_1": a1, "supplies_1": s1, "from_1": f1, "to_1": t1,
             "actor_2": a2, "supplies_2": s2, "from_2": f2, "to_2": t2,
             "outcome_shift_1": o1, "outcome_shift_2": o2, "gain_1": g1, "gain_2": g2}
            for draw, rnd, step, a1, s1, f1, t1, a2, s2, f2, t2, o1, o2, g1, g2
            in zip(*columns)]  # noqa: B905 (columns of one length)


register(ModelSpec(
    name="exchange",
    kernel=exchange_kernel,
    summary="Stokman's exchange model: equal-gain trades of voting positions between pairs of actors, in rounds",
    citation="Stokman & Van Oosten (1994), European Community Decision Making, 105–127; "
             "Dijkstra, van Assen, Stokman & Draaijer (2018)",
    params=(
        Param("preset", str, "stokman1994", "procedure: 'stokman1994' (the model as published) or 'decide' (the "
              "Decide tool's, quirks included; see docs/exchange.md)", choices=("stokman1994", "decide")),
        Param("rounds", int, 10, "number of rounds of exchanges", low=1, high=1000),
        Param("until_stable", bool, False, "stop early once a round realises no exchange (later rounds repeat it)"),
        Param("fixed_weight", float, 0.1, "end-of-round step toward the voting position: fixed part", low=0.0,
              high=1.0),
        Param("salience_weight", float, 0.4, "end-of-round step toward the voting position: weight of (1 − salience)",
              low=0.0, high=1.0),
        Param("p", float, 0.0, "random exchange rates: 0 is Equal Gain, up to 1 fully random (REX)", low=0.0,
              high=1.0),
        Param("tie_break", str, "order", "order of exchanges with equal gain: 'order' (candidate order), 'random', "
              "or with preset=decide 'list' (the tool's sorted list, its coin flip off)",
              choices=("order", "random", "list")),
    ),
    order_dependent=True,
    joint=True,
    random_when=lambda params: params["p"] > 0 or params["tie_break"] == "random",
    capabilities_as_given_when=lambda params: params["preset"] == "decide",
))
