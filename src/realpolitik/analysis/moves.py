"""Candidate moves for one actor (the client), and how each changes a batch of scenario arrays.

Six kinds, each a concrete statement an analyst could put to the client:

* ``position``: the client states a different position on an issue, shifted by each of
  ``position_steps`` (percent of the issue's scale) toward the other actors' weighted
  mean and away from it. Its true ideal, which its utility is measured from, stays put.
* ``focus``: the client raises its salience on an issue by ``salience_step`` (of the
  salience scale), or moves that much salience from one issue to another (its total
  salience unchanged; no more is moved than there is).
* ``outside``: on an issue where the client has an outside option, it strengthens the
  option (credibility + ``credibility_step``), drops it, or makes it public (private);
  where it has none, it creates one worth the midpoint of the status quo and its own
  position, with credibility ``new_credibility``.
* ``persuasion``: another actor's position moves toward the client's by
  ``persuasion_step`` percent of the scale (never past the client). Its cost is stated
  by the cost model (:data:`COST_MODELS`).
* ``coalition``: the client and one other actor, both caring about an issue (salience at
  least ``coalition_salience``), both state the capability × salience weighted mean of
  their two positions. The partner's part of the move is priced as persuasion.
* ``sequencing``: the scenario's stages run in another order (every order up to
  :data:`MAX_PERMUTED_STAGES` stages, adjacent swaps beyond).

Moves are applied draw by draw to copies of the sampled arrays, so each keeps the draw's
uncertainty (a shift of 10 points moves every draw's position by 10 points, clipped to
the scale).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import ParameterError
from ..scenario import Scenario, ScenarioArrays

KINDS = ("position", "focus", "outside", "persuasion", "coalition", "sequencing")
COST_MODELS = {
    "salience": "points moved / persuasion step × the persuaded actor's salience on the issue (0–1)",
    "weight": "points moved / persuasion step × the persuaded actor's capability × salience (capability / 100)",
    "flat": "points moved / persuasion step (every actor equally easy to move)",
}
MAX_PERMUTED_STAGES = 5


@dataclass(frozen=True)
class MoveGrid:
    """The sizes of the candidate moves (see the module docstring)."""

    position_steps: tuple[float, ...] = (10.0, 20.0)
    salience_step: float = 0.1
    credibility_step: float = 0.2
    new_credibility: float = 0.5
    persuasion_step: float = 10.0
    coalition_salience: float = 0.5
    cost_model: str = "salience"

    def __post_init__(self) -> None:
        if self.cost_model not in COST_MODELS:
            raise ParameterError(f"unknown cost model '{self.cost_model}' (known: {', '.join(COST_MODELS)})")
        for name in ("salience_step", "credibility_step", "new_credibility", "coalition_salience"):
            v = getattr(self, name)
            if not 0 < v <= 1 and not (name == "coalition_salience" and v == 0):
                raise ParameterError(f"{name.replace('_', ' ')} must be in (0, 1], got {v}")
        if not self.position_steps or any(not 0 < s <= 100 for s in self.position_steps):
            raise ParameterError(f"position steps must be in (0, 100] percent of the scale, got {self.position_steps}")
        if not 0 < self.persuasion_step <= 100:
            raise ParameterError(f"the persuasion step must be in (0, 100] percent of the scale, "
                                 f"got {self.persuasion_step}")


@dataclass(frozen=True)
class Move:
    """One candidate move.

    ``actor`` is whose inputs change (the client, or the actor persuaded or joined);
    ``issue``/``other_issue`` the issues; ``amount`` the shift in the array's own units
    (issue points, salience share, credibility); ``action`` the outside-option action;
    ``order`` the stage order of a sequencing move; ``cost`` the cost of persuasion
    (0 for the client's own moves); ``text`` says it in words with central values.
    """

    kind: str
    text: str
    actor: str
    issue: str | None = None
    other_issue: str | None = None
    amount: float = 0.0
    action: str = ""
    order: tuple[str, ...] | None = None
    cost: float = 0.0
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", "|".join(str(x) for x in (
                self.kind, self.actor, self.issue, self.other_issue, round(self.amount, 9), self.action,
                self.order)))


def parse_kinds(kinds: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """Move kinds from a comma-separated text or a sequence (None or 'all': every kind)."""
    if kinds is None:
        return KINDS
    items = [k.strip() for k in (kinds.split(",") if isinstance(kinds, str) else kinds) if k.strip()]
    if not items or items == ["all"]:
        return KINDS
    for k in items:
        if k not in KINDS:
            raise ParameterError(f"unknown move kind '{k}' (known: {', '.join(KINDS)})")
    return tuple(dict.fromkeys(items))


def _fmt(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 1 else f"{x:.4g}"


def candidates(sc: Scenario, client: str, kinds: tuple[str, ...], grid: MoveGrid) -> list[Move]:
    """Every candidate move of ``kinds`` for ``client`` on ``sc``'s central values.

    Moves that would change nothing in the central values (a shift clipped away, an
    actor absent from the issue, a partner already at the client's position) are left out.
    """
    arr = sc.arrays()
    c = sc.actor_ids.index(client)
    x, s, cap = arr.position[0], arr.salience[0], arr.capability[0]
    width = arr.upper - arr.lower
    mine = [k for k in range(arr.n_issues) if arr.present[c, k]]
    issues = sc.issue_ids
    moves: list[Move] = []
    if "position" in kinds:
        w = cap * s
        for k in mine:
            others = [i for i in range(arr.n_actors) if i != c and arr.present[i, k]]
            wk = w[others, k]
            if not others or wk.sum() <= 0:
                continue
            toward = np.sign(np.average(x[others, k], weights=wk) - x[c, k]) or 1.0
            stated = {float(x[c, k])}
            for step in sorted(grid.position_steps):
                for sign in (toward, -toward):
                    d = sign * step * width[k] / 100
                    new = float(np.clip(x[c, k] + d, arr.lower[k], arr.upper[k]))
                    if new not in stated:
                        stated.add(new)
                        moves.append(Move("position", f"{client} states {_fmt(new)} instead of {_fmt(x[c, k])} "
                                          f"on {issues[k]}", client, issues[k], amount=d))
    if "focus" in kinds:
        step = grid.salience_step
        for k in mine:
            if s[c, k] < 1:
                moves.append(Move("focus", f"{client} raises its salience on {issues[k]} by {_fmt(step)} "
                                  f"(from {_fmt(s[c, k])})", client, issues[k], amount=step))
            for j in mine:
                if j != k and s[c, j] > 0 and s[c, k] < 1:
                    moves.append(Move("focus", f"{client} moves {_fmt(min(step, s[c, j]))} of salience from "
                                      f"{issues[j]} to {issues[k]}", client, issues[k], issues[j], amount=step))
    if "outside" in kinds:
        public = arr.outside_public[c] if arr.outside_public is not None else np.zeros(arr.n_issues, bool)
        for k in mine:
            cred, val = arr.outside_credibility[0, c, k], arr.outside_value[0, c, k]
            if np.isnan(val):
                moves.append(Move("outside", f"{client} creates a private outside option on {issues[k]} "
                                  f"(credibility {_fmt(grid.new_credibility)})", client, issues[k],
                                  amount=grid.new_credibility, action="create"))
                continue
            if cred < 1:
                new = min(1.0, cred + grid.credibility_step)
                moves.append(Move("outside", f"{client} strengthens its outside option on {issues[k]} "
                                  f"(credibility {_fmt(cred)} to {_fmt(new)})", client, issues[k],
                                  amount=grid.credibility_step, action="strengthen"))
            moves.append(Move("outside", f"{client} drops its outside option on {issues[k]}", client, issues[k],
                              action="drop"))
            other = "private" if public[k] else "public"
            moves.append(Move("outside", f"{client} makes its outside option on {issues[k]} {other}", client,
                              issues[k], action=other))
    def cost(i: int, k: int, moved: float) -> float:
        """What moving actor ``i`` by ``moved`` points on issue ``k`` costs under the grid's cost model."""
        units = moved / (grid.persuasion_step * width[k] / 100)
        return float(units * {"salience": s[i, k], "weight": cap[i, k] * s[i, k] / 100, "flat": 1.0}[grid.cost_model])

    if "persuasion" in kinds:
        for i, actor in enumerate(sc.actor_ids):
            for k in mine:
                if i == c or not arr.present[i, k] or x[i, k] == x[c, k]:
                    continue
                d = min(grid.persuasion_step * width[k] / 100, abs(x[c, k] - x[i, k]))
                new = x[i, k] + np.sign(x[c, k] - x[i, k]) * d
                moves.append(Move("persuasion", f"{client} wins {actor} over from {_fmt(x[i, k])} to {_fmt(new)} "
                                  f"on {issues[k]}", actor, issues[k], amount=grid.persuasion_step,
                                  cost=cost(i, k, d)))
    if "coalition" in kinds:
        for i, actor in enumerate(sc.actor_ids):
            for k in mine:
                if (i == c or not arr.present[i, k] or x[i, k] == x[c, k]
                        or min(s[i, k], s[c, k]) < grid.coalition_salience):
                    continue
                mid = np.average([x[c, k], x[i, k]], weights=[cap[c, k] * s[c, k], cap[i, k] * s[i, k]])
                moves.append(Move("coalition", f"{client} and {actor} both state {_fmt(mid)} on {issues[k]} "
                                  f"(from {_fmt(x[c, k])} and {_fmt(x[i, k])})", actor, issues[k],
                                  cost=cost(i, k, abs(mid - x[i, k]))))
    if "sequencing" in kinds and len(sc.stages) > 1:
        ids = tuple(st.id for st in sc.stages)
        if len(ids) <= MAX_PERMUTED_STAGES:
            orders = [p for p in itertools.permutations(ids) if p != ids]
        else:
            orders = [ids[:i] + (ids[i + 1], ids[i]) + ids[i + 2:] for i in range(len(ids) - 1)]
        moves += [Move("sequencing", f"the stages run in the order {', '.join(o)}", client, order=o)
                  for o in orders]
    return moves


def apply(move: Move, block: Mapping[str, np.ndarray], base: ScenarioArrays, client: int) -> None:
    """Change ``block`` (the per-actor arrays of one copy of the draws, ``(B, N, K)``) in place."""
    if move.kind == "sequencing":
        return
    k = base.issue_ids.index(move.issue)
    lo, hi = base.lower[k], base.upper[k]
    i = base.actor_ids.index(move.actor)
    pos, sal = block["position"], block["salience"]
    if move.kind == "position":
        pos[:, i, k] = np.clip(pos[:, i, k] + move.amount, lo, hi)
    elif move.kind == "focus":
        if move.other_issue is None:
            sal[:, i, k] = np.minimum(sal[:, i, k] + move.amount, 1.0)
        else:
            j = base.issue_ids.index(move.other_issue)
            moved = np.minimum(np.minimum(move.amount, sal[:, i, j]), 1.0 - sal[:, i, k])
            sal[:, i, k] += moved
            sal[:, i, j] -= moved
    elif move.kind == "outside":
        cred, val = block["outside_credibility"], block["outside_value"]
        if move.action == "create":
            sq = base.status_quo[:, k]
            centre = np.where(np.isnan(sq), (lo + hi) / 2, sq)
            val[:, i, k] = (centre + pos[:, i, k]) / 2
            cred[:, i, k] = move.amount
        elif move.action == "strengthen":
            cred[:, i, k] = np.minimum(cred[:, i, k] + move.amount, 1.0)
        elif move.action == "drop":
            cred[:, i, k] = 0.0
            val[:, i, k] = np.nan
    elif move.kind == "persuasion":
        step = move.amount * (hi - lo) / 100
        gap = pos[:, client, k] - pos[:, i, k]
        pos[:, i, k] += np.sign(gap) * np.minimum(step, np.abs(gap))
    elif move.kind == "coalition":
        w = block["capability"][:, [client, i], k] * sal[:, [client, i], k]
        both = pos[:, [client, i], k]
        total = w.sum(axis=1)
        mid = np.where(total > 0, (both * w).sum(axis=1) / np.where(total > 0, total, 1), both.mean(axis=1))
        pos[:, client, k] = mid
        pos[:, i, k] = mid


def public_mask(move: Move, base: ScenarioArrays) -> np.ndarray | None:
    """The ``outside_public`` mask a move leaves (the base's when it does not change it)."""
    if move.kind != "outside" or move.action not in ("public", "private"):
        return base.outside_public
    mask = (np.zeros(base.present.shape, bool) if base.outside_public is None else base.outside_public.copy())
    mask[base.actor_ids.index(move.actor), base.issue_ids.index(move.issue)] = move.action == "public"
    return mask if mask.any() else None
