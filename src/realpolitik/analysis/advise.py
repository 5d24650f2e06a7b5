"""Advice: which concrete moves serve one actor best, robustly across uncertainty and models.

The client's utility of an outcome z is the salience-weighted loss of its distance from
the client's true ideal point x (its position in the scenario, not what it states),
distances put on a 0–100 scale:

    U(z) = − Σ_k s_k · |z_k − x_k| · 100 / (upper_k − lower_k)

with s_k the client's salience (0–1) on the issues it takes part in. A move's **gain**
is U(forecast with the move) − U(forecast without it), drawn by draw on the same
sampled inputs (common random numbers): a gain of 5 is worth moving an issue the client
cares about fully 5 points its way. This is the loss function of the spatial models
(Enelow & Hinich 1984, *The Spatial Theory of Voting*, ch. 2; linear loss as in Bueno de
Mesquita 1994, the expected-utility model's u = 1 − 2|x − z|).

Every candidate move (:mod:`.moves`) is stacked with the baseline along the draw axis
and each model runs once on the whole stack (a move that changes which outside options
are public, or the order of the stages, forms its own stack). A model that cannot
express a move (outside options under a model that ignores them) is reported as such.

Labels, over the models that express the move:

* **robust**: a gain in at least 90% of the draws under every model;
* **harmful**: a median loss under more than half of the models;
* **model-dependent**: the models' median gains differ in sign (some gain, others lose
  or are unmoved);
* **uncertain**: anything else (a median gain everywhere, but in fewer than 90% of the
  draws under some model).

A move that changes no forecast under any model, in any draw, is never ranked. The
ranking is by the mean over models of the median gain; moves that need another actor to
move (persuasion, and the partner's part of a coalition) also carry a cost
(:data:`~.moves.COST_MODELS`) and a gain per unit of cost, by which :meth:`Advice.targets` ranks them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import ModelNotApplicable, ParameterError, ScenarioError
from ..models import get
from ..rng import fresh_seed
from ..scenario import Scenario, ScenarioArrays
from ..scenario.stages import stage_scenario
from .leverage import base_draws
from .montecarlo import chunked_forecasts
from .moves import Move, MoveGrid, apply, candidates, parse_kinds, public_mask

MAX_DRAWS = 100_000
ROBUST_SHARE = 0.9
TOL = 1e-9
_PER_ACTOR = ("position", "salience", "capability", "outside_value", "outside_credibility")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MoveStats:
    """One move under one model: the gain's median, 90% interval and chances, and the forecast shift."""

    model: str
    expressed: bool
    median: float = np.nan
    q05: float = np.nan
    q95: float = np.nan
    p_gain: float = np.nan
    p_loss: float = np.nan
    shift: np.ndarray | None = None  # (K,) median change of each issue's forecast

    @property
    def sign(self) -> int:
        if not self.expressed or np.isnan(self.median):
            return 0
        return 1 if self.median > TOL else -1 if self.median < -TOL else 0

    @property
    def moved(self) -> bool:
        return self.expressed and (self.p_gain > 0 or self.p_loss > 0)


@dataclass(frozen=True)
class RankedMove:
    """A move with its statistics under every model, its label, score and sentence."""

    move: Move
    stats: tuple[MoveStats, ...]
    label: str
    score: float
    sentence: str

    @property
    def gain_per_cost(self) -> float:
        return self.score / self.move.cost if self.move.cost > 0 else np.nan

    @property
    def gaining(self) -> int:
        return sum(s.sign > 0 for s in self.stats)

    @property
    def expressing(self) -> int:
        return sum(s.expressed for s in self.stats)


@dataclass(frozen=True)
class Advice:
    """The result of :func:`advise`: every move that changed something, ranked."""

    actor: str
    models: tuple[str, ...]
    draws: int
    seed: int
    rules: bool
    grid: MoveGrid
    issue_ids: tuple[str, ...]
    baseline: dict[str, np.ndarray]  # model -> (K,) median forecast without any move
    ranked: tuple[RankedMove, ...]
    unmoved: tuple[Move, ...] = ()  # candidates that changed no forecast (never ranked)
    skipped: tuple[str, ...] = ()  # models that do not apply, with the reason
    notes: tuple[str, ...] = field(default=())
    cpu_seconds: dict[str, float] = field(default_factory=dict, compare=False)  # model -> CPU time of its runs
    candidates: int = 0  # moves tried (ranked or not)

    def top(self, k: int = 10) -> tuple[RankedMove, ...]:
        return self.ranked[:k]

    def targets(self) -> tuple[RankedMove, ...]:
        """Persuasion and coalition moves ranked by gain per unit of cost (whom to work on)."""
        per = [r for r in self.ranked if r.move.kind in ("persuasion", "coalition") and r.move.cost > 0]
        return tuple(sorted(per, key=lambda r: (-r.gain_per_cost, r.move.text)))

    def to_frame(self, top: int | None = None):
        """One row per ranked move and model (pandas)."""
        import pandas as pd

        rows = []
        for rank, r in enumerate(self.ranked[:top], 1):
            for s in r.stats:
                rows.append({"rank": rank, "move": r.move.text, "kind": r.move.kind, "label": r.label,
                             "score": r.score, "model": s.model, "expressed": s.expressed,
                             "median gain": s.median, "gain q05": s.q05, "gain q95": s.q95,
                             "P(gain)": s.p_gain, "P(loss)": s.p_loss,
                             "models gaining": f"{r.gaining} of {r.expressing}", "cost": r.move.cost,
                             "gain per cost": r.gain_per_cost, "advice": r.sentence})
        return pd.DataFrame(rows)

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """JSON-able: the settings, the baseline and the ranked moves (NaN becomes None)."""
        def num(x: float) -> float | None:
            return None if x is None or np.isnan(x) else float(x)

        moves = []
        for rank, r in enumerate(self.ranked[:top], 1):
            models = {s.model: ({"expressed": True, "median_gain": num(s.median), "gain_q05": num(s.q05),
                                 "gain_q95": num(s.q95), "p_gain": num(s.p_gain), "p_loss": num(s.p_loss),
                                 "forecast_shift": dict(zip(self.issue_ids, map(num, s.shift), strict=True))}
                                if s.expressed else {"expressed": False}) for s in r.stats}
            moves.append({"rank": rank, "kind": r.move.kind, "move": r.move.text, "actor": r.move.actor,
                          "issue": r.move.issue, "order": list(r.move.order) if r.move.order else None,
                          "label": r.label, "score": num(r.score), "models_gaining": r.gaining,
                          "models_expressing": r.expressing, "cost": r.move.cost,
                          "gain_per_cost": num(r.gain_per_cost), "advice": r.sentence, "models": models})
        return {"actor": self.actor, "models": list(self.models), "draws": self.draws, "seed": self.seed,
                "rules": self.rules, "cost_model": self.grid.cost_model,
                "baseline": {m: dict(zip(self.issue_ids, map(num, f), strict=True)) for m, f in self.baseline.items()},
                "candidates": self.candidates, "moves": moves, "unmoved": [m.text for m in self.unmoved],
                "skipped": list(self.skipped), "notes": list(self.notes)}


def advise(sc: Scenario, actor: str, models: Sequence[str] = ("mean", "median", "nash", "eum"), *,
           kinds: str | Sequence[str] | None = None, draws: int = 1000, seed: int | None = None,
           params: Mapping[str, Mapping[str, Any]] | None = None, grid: MoveGrid | None = None,
           rules: bool = False, moves: Sequence[Move] | None = None,
           progress: Progress | None = None, **run_on: Any) -> Advice:
    """Rank the moves of ``kinds`` open to ``actor`` by their gain (see the module docstring).

    ``params`` maps model names to their parameters; ``rules`` holds every forecast to
    the decision rules (as ``forecast --rules`` does); ``moves`` replaces the
    generated candidates. A model that does not apply to the scenario is skipped with a
    note (ModelNotApplicable when none applies). ``run_on`` (``workers``, ``backend``,
    ``scheduler``) says where the stacked candidates run, in chunks of the Monte Carlo's
    size (:func:`realpolitik.analysis.montecarlo.forecast_batches`); staged candidates run
    in process. The advice does not depend on it.
    """
    if actor not in sc.actor_ids:
        raise ScenarioError(f"unknown actor '{actor}' (known: {', '.join(sc.actor_ids)})", place="--actor")
    if not 1 <= draws <= MAX_DRAWS:
        raise ParameterError(f"draws must be from 1 to {MAX_DRAWS:,}, got {draws:,}")
    models = tuple(dict.fromkeys(models))
    if not models:
        raise ParameterError("no model chosen")
    specs = {m: get(m) for m in models}
    grid = grid or MoveGrid()
    kinds = parse_kinds(kinds if kinds is None or isinstance(kinds, str) else tuple(kinds))
    seed = fresh_seed() if seed is None else seed
    base = base_draws(sc, draws, seed)
    c = sc.actor_ids.index(actor)
    moves = list(candidates(sc, actor, kinds, grid) if moves is None else moves)
    groups = _groups(sc, base, moves, c)
    b = base.n_draws

    work = sum(len(g.moves) for g in groups.values()) * b * len(models)
    done = 0
    forecasts: dict[str, dict[Any, np.ndarray]] = {}
    skipped = []
    cpu: dict[str, float] = {}
    for name in models:
        start = time.process_time()
        try:
            per_group = {}
            for key, g in groups.items():
                keep = [i for i, m in enumerate(g.moves) if m is None or _expresses(specs[name], m)]
                if keep:
                    arrays = g.take(keep)
                    per_group[key] = (keep, _forecast(sc, arrays, b, g.order, name, (params or {}).get(name),
                                                      seed, rules, run_on))
                done += len(g.moves) * b
                if progress:
                    progress(done, work)
            forecasts[name] = per_group
            cpu[name] = time.process_time() - start
        except ModelNotApplicable as exc:
            skipped.append(f"{name}: {exc}")
    ran = tuple(m for m in models if m in forecasts)
    if not ran:
        raise ModelNotApplicable("none of the chosen models applies to this scenario: " + "; ".join(skipped))

    x_true = np.nan_to_num(base.position[:, c, :])
    s_true = np.where(base.present[c], base.salience[:, c, :], 0.0)
    scale = 100.0 / (base.upper - base.lower)

    def utility(f: np.ndarray) -> np.ndarray:
        return -np.nansum(s_true * np.abs(f - x_true) * scale, axis=-1)

    main = groups[_main_key(sc, base)]
    baseline = {m: forecasts[m][main.key][1][0] for m in ran}  # (B, K)
    results, unmoved = [], []
    for key, g in groups.items():
        for i, move in enumerate(g.moves):
            if move is None:
                continue
            stats = []
            for m in ran:
                keep, f = forecasts[m].get(key, ([], None))
                if i not in keep:
                    stats.append(MoveStats(m, False))
                    continue
                fm = f[keep.index(i)]
                gain = utility(fm) - utility(baseline[m])
                q05, med, q95 = np.quantile(gain, [0.05, 0.5, 0.95])
                stats.append(MoveStats(m, True, float(med), float(q05), float(q95), float(np.mean(gain > TOL)),
                                       float(np.mean(gain < -TOL)), np.nanmedian(fm - baseline[m], axis=0)))
            if g.noop[i] or not any(s.moved for s in stats):
                unmoved.append(move)
                continue
            results.append(_ranked(move, tuple(stats), sc, actor))
    results.sort(key=lambda r: (-r.score, r.move.text))
    notes = []
    if sc.stages:
        notes.append(f"the scenario's {len(sc.stages)} stages run in order on every draw")
    return Advice(actor, ran, b, seed, rules, grid, sc.issue_ids,
                  {m: np.nanmedian(f, axis=0) for m, f in baseline.items()}, tuple(results),
                  tuple(sorted(unmoved, key=lambda m: m.text)), tuple(skipped), tuple(notes), cpu, len(moves))


def _expresses(spec, move: Move) -> bool:
    return move.kind != "outside" or spec.reads_outside


@dataclass
class _Group:
    """Candidate moves sharing one public-options mask and one stage order, stacked with the draws."""

    key: Any
    order: tuple[str, ...] | None
    mask: np.ndarray | None
    base: ScenarioArrays
    moves: list[Move | None]  # None: the baseline
    blocks: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (G, B, N, K)
    noop: list[bool] = field(default_factory=list)

    def take(self, keep: list[int]) -> ScenarioArrays:
        g, b = len(keep), self.base.n_draws
        arrays = {n: a[keep].reshape(g * b, *a.shape[2:]) for n, a in self.blocks.items()}
        return self.base.with_(status_quo=np.tile(self.base.status_quo, (g, 1)), outside_public=self.mask, **arrays)


def _main_key(sc: Scenario, base: ScenarioArrays) -> Any:
    mask = base.outside_public
    return (None if mask is None else mask.tobytes(), tuple(st.id for st in sc.stages) or None)


def _groups(sc: Scenario, base: ScenarioArrays, moves: list[Move], client: int) -> dict[Any, _Group]:
    """Moves grouped by public mask and stage order, each group's arrays stacked and the moves applied."""
    main = _main_key(sc, base)
    by: dict[Any, list[Move | None]] = {main: [None]}
    for m in moves:
        mask = public_mask(m, base)
        key = (None if mask is None else mask.tobytes(), m.order or main[1])
        by.setdefault(key, []).append(m)
    out = {}
    for key, ms in by.items():
        first = next((m for m in ms if m is not None), None)
        order = key[1]
        g = _Group(key, order, base.outside_public if first is None else public_mask(first, base), base, ms)
        for name in _PER_ACTOR:
            g.blocks[name] = np.repeat(getattr(base, name)[None], len(ms), axis=0)
        for i, m in enumerate(ms):
            if m is None:
                g.noop.append(False)
                continue
            apply(m, {n: a[i] for n, a in g.blocks.items()}, base, client)
            changed = key != main or any(not np.array_equal(a[i], getattr(base, n), equal_nan=True)
                                         for n, a in g.blocks.items())
            g.noop.append(not changed)
        out[key] = g
    return out


def _forecast(sc: Scenario, arrays: ScenarioArrays, n_draws: int, order: tuple[str, ...] | None, model: str,
              params: Mapping[str, Any] | None, seed: int, rules: bool, run_on: Mapping[str, Any]) -> np.ndarray:
    """``(G, B, K)`` forecasts of a stacked group: one run per chunk (wherever ``run_on``
    says), or stage by stage."""
    f = (chunked_forecasts(model, arrays, params, seed, rules=rules, **run_on) if order is None
         else _staged(sc, arrays, order, model, params, seed, rules))
    return f.reshape(-1, n_draws, arrays.n_issues)


def _staged(sc: Scenario, arrays: ScenarioArrays, order: tuple[str, ...], model: str,
            params: Mapping[str, Any] | None, seed: int, rules: bool) -> np.ndarray:
    """``(R, K)`` end of the staged path on every row: each stage runs on its actors and issues,
    under its own rules, from the status quo the earlier stages left (as
    :func:`realpolitik.analysis.stages.run_stages`, but on every draw at once)."""
    stages = {st.id: st for st in sc.stages}
    sq = arrays.status_quo.copy()
    shifted: dict[tuple[str, str], float] = {}
    for sid in order:
        stage = stages[sid]
        for sh in stage.shifts:
            shifted[(sh.actor, sh.issue)] = shifted.get((sh.actor, sh.issue), 0.0) + sh.by
        shape = stage_scenario(sc, stage, {}, {}).arrays()
        ai = np.array([sc.actor_ids.index(a) for a in shape.actor_ids])
        ki = np.array([sc.issue_ids.index(i) for i in shape.issue_ids])
        pos = arrays.position.copy()
        for (a, i), by in shifted.items():
            a, i = sc.actor_ids.index(a), sc.issue_ids.index(i)
            pos[:, a, i] = np.clip(pos[:, a, i] + by, arrays.lower[i], arrays.upper[i])
        sub = arrays.with_(position=pos, status_quo=sq, rules=None).take_actors(ai).take_issues(ki)
        sub = sub.with_(rules=shape.rules)
        sq[:, ki] = chunked_forecasts(model, sub, params, seed, rules=rules)
    return sq


def _ranked(move: Move, stats: tuple[MoveStats, ...], sc: Scenario, client: str) -> RankedMove:
    expressed = [s for s in stats if s.expressed]
    n = len(expressed)
    signs = [s.sign for s in expressed]
    if all(s.p_gain >= ROBUST_SHARE for s in expressed):
        label = "robust"
    elif signs.count(-1) > n / 2:
        label = "harmful"
    elif 1 in signs and (-1 in signs or 0 in signs):
        label = "model-dependent"
    else:
        label = "uncertain"
    score = float(np.mean([s.median for s in expressed]))
    return RankedMove(move, stats, label, score, sentence(move, stats, sc, client))


def _names(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _num(x: float) -> str:
    return f"{x:.2g}" if abs(x) < 1 else f"{x:.1f}"


def sentence(move: Move, stats: Sequence[MoveStats], sc: Scenario, client: str) -> str:
    """The move and what it does, in plain words, model by model."""
    gain = [s for s in stats if s.sign > 0]
    lose = [s for s in stats if s.sign < 0]
    flat = [s for s in stats if s.expressed and s.sign == 0]
    mute = [s for s in stats if not s.expressed]
    parts = []
    if gain:
        best = max(gain, key=lambda s: s.median)
        k = int(np.nanargmax(np.abs(best.shift)))
        lo, hi = min(s.q05 for s in gain), max(s.q95 for s in gain)
        medians = sorted(s.median for s in gain)
        amount = _num(medians[0]) if len(gain) == 1 else f"{_num(medians[0])} to {_num(medians[-1])}"
        parts.append(f"gains {client} "
                     f"{amount} (90%: {_num(lo)} to {_num(hi)}) under {_names([s.model for s in gain])}"
                     + (" only" if len(gain) == 1 and len(stats) > 1 else "")
                     + f", chiefly by moving the {sc.issue(sc.issue_ids[k]).name or sc.issue_ids[k]} forecast "
                     f"by {best.shift[k]:+.1f} points under {best.model}")
    if lose:
        losses = sorted(-s.median for s in lose)
        amount = _num(losses[0]) if len(lose) == 1 else f"{_num(losses[0])} to {_num(losses[-1])}"
        parts.append(f"loses {amount} under {_names([s.model for s in lose])}")
    if flat:
        parts.append(f"{_names([s.model for s in flat])} {'is' if len(flat) == 1 else 'are'} unmoved "
                     "(median gain 0)")
    if mute:
        parts.append(f"{_names([s.model for s in mute])} cannot express it")
    return f"{move.text[0].upper()}{move.text[1:]}: " + "; ".join(parts) + "."
