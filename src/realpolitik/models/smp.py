"""KTAB's Spatial Model of Politics (``smp``): all issues bargained as one multidimensional space.

Wise, Lester, Efird et al., "An Introduction to KTAB" (KAPSARC 2015) and "Multidimensional
Bargaining using KTAB" (KAPSARC 2016). Each turn every actor estimates risk attitudes from a
probabilistic Condorcet election over the current positions, challenges the rival whose
defeat it expects to gain most from, and offers it a bargain; every actor then picks one
bargain from its queue by another election and moves to its side of it. The run stops
after ``max_turns`` turns or once a turn moves the actors less than ``stop_ratio`` of the
first turn's movement. The forecast per issue is the probability-weighted mean of the
distinct final positions (KTAB itself reports those positions and their probabilities).
See docs/smp.md for the restatement, the parameters and where this differs from KTAB.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from . import compiled
from .heap import reuse_heap
from .params import Param
from .registry import ModelSpec, register
from .result import Outcome
from .smp_pce import PCE_VARIANTS, VICTORY_MODELS, VOTING_RULES, coalitions, election
from .smp_turn import (
    INTERPOLATIONS,
    RISK_ADJUSTMENTS,
    RISK_RANGES,
    THIRD_PARTY,
    THIRD_PARTY_ESTIMATES,
    adopt,
    bargains,
    best_targets,
    challenge_table,
    choose,
    distance,
    own_utilities,
    queue_values,
    queues,
    risk_attitudes,
)

FIRST_MOVE_FLOOR = 1e-4  # added to the first turn's movement so that the ratio never divides by 0 (KTAB's minSigDelta)
MIN_TURNS_BEFORE_STOP = 2
NUMPY_SECONDS_PER_CELL = 3e-7  # a whole NumPy run per draw × issue × N³, measured on the KTAB and Korea cases
CHUNK_ELEMENTS = 4_000_000  # draws are processed in chunks of about this many (draw, i, j, n) cells


def to_unit_space(arr: ScenarioArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions ``(B, N, K)`` on [0, 1], saliences ``(B, N, K)`` and capabilities ``(B, N)``.

    An actor absent from an issue has salience 0 there, so that coordinate never enters
    its own distances; it still holds a coordinate (others see its whole position), set
    to the capability × salience weighted mean of the actors present. When some actor's
    saliences sum past 1 (realpolitik scores each issue's salience on its own), all
    saliences of that draw are divided by the largest actor total, which keeps every
    distance and the actors' relative engagement. An actor's capability is its mean
    capability over the issues it takes part in.
    """
    present = arr.present[None]
    span = arr.upper - arr.lower
    x = (arr.position - arr.lower) / span
    w = np.where(present, arr.capability * arr.salience, 0.0)
    w = np.where(w.sum(axis=1, keepdims=True) > 0, w, present.astype(float))
    centre = (np.where(present, x, 0.0) * w).sum(axis=1, keepdims=True) / np.maximum(w.sum(axis=1, keepdims=True),
                                                                                       1e-300)
    x = np.where(present, x, np.where(w.sum(axis=1, keepdims=True) > 0, centre, 0.5))
    sal = np.where(present, arr.salience, 0.0)
    sal = sal / np.maximum(sal.sum(axis=-1).max(axis=-1), 1.0)[:, None, None]
    n_present = np.maximum(arr.present.sum(axis=-1), 1)
    cap = np.where(present, arr.capability, 0.0).sum(axis=-1) / n_present
    return x, sal, cap


def final_weights(pos: np.ndarray, own: np.ndarray, cap: np.ndarray, params: Mapping[str, Any]) -> np.ndarray:
    """``(B, N)`` each actor's share of the probability of its position (step 7).

    Positions closer than ``merge_tolerance`` (on 0–100) count as one, represented by
    the first actor holding it; a PCE over the distinct positions (proportional votes,
    weights c, each actor's own utilities) gives their probabilities, split evenly among
    the actors sharing a position. ``own`` holds each actor's utility for each position.
    """
    n = pos.shape[1]
    tol = params["merge_tolerance"] / 100.0
    same = np.linalg.norm(pos[:, :, None, :] - pos[:, None, :, :], axis=-1) < tol
    first = np.argmax(same, axis=-1)
    rep = first == np.arange(n)
    p = election(coalitions("proportional", cap, own), params["victory_model"], params["pce"], rep[:, None, :])[:, 0]
    size = (first[:, :, None] == np.arange(n)).sum(axis=1)
    return np.take_along_axis(p / np.maximum(size, 1), first, axis=1)


def forecast_from(pos: np.ndarray, share: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``(B, K)`` per issue the probability-weighted mean of the positions of the actors present."""
    w = share[..., None] * present[None]
    total = w.sum(axis=1)
    plain = np.where(present[None], pos, 0.0).sum(axis=1) / np.maximum(present.sum(axis=0), 1)
    weighted = (w * pos).sum(axis=1) / np.where(total > 0, total, 1.0)
    return np.where(total > 0, weighted, plain)


def simulate(x0: np.ndarray, sal: np.ndarray, cap: np.ndarray, present: np.ndarray, params: Mapping[str, Any],
             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the turns for a batch: positions ``(B, R, N, K)``, forecasts ``(B, R, K)`` per state
    (R = turns + 1, draws that stopped early repeat their last state) and turns ``(B,)``.

    Stopping as KTAB's ``smpStopFn`` with the settings of ``SMPModel::configExec``: after
    turn t ≥ 2, stop when Σ_i ‖x_i(t) − x_i(t − 1)‖ (on [0, 1]) falls below ``stop_ratio``
    times Σ_i ‖x_i(1) − x_i(0)‖ + 10⁻⁴, or when t reaches ``max_turns``.
    """
    pos, ideal = x0.copy(), x0.copy()
    total_sal = sal.sum(axis=-1)
    weight = cap * total_sal
    acc = params["accommodation"]
    active = np.ones(x0.shape[0], dtype=bool)
    fresh = active.copy()  # draws whose state changed in the last turn (their forecast is due)
    turns = np.zeros(x0.shape[0], dtype=int)
    first_move = np.ones(x0.shape[0])
    positions, forecasts = [pos], []
    turn = 0
    while True:
        # only draws still moving are computed: a draw that stopped repeats its last state
        idx = np.flatnonzero(fresh)
        p, s, c = pos[idx], sal[idx], cap[idx]
        d = distance(ideal[idx], p, s)
        risk = risk_attitudes(d, c, params)
        own = own_utilities(d, risk, params["risk_adjust"])
        fc = forecasts[-1].copy() if forecasts else np.empty(x0.shape[::2])
        fc[idx] = forecast_from(p, final_weights(p, own, c, params), present)
        forecasts.append(fc)
        if not active.any():
            break
        turn += 1
        a = active[idx]
        ia, p, s, c, d, own, risk = idx[a], p[a], s[a], c[a], d[a], own[a], risk[a]
        gain, prob = challenge_table(d, risk, params["risk_adjust"], weight[ia], total_sal[ia],
                                     params["voting_rule"], params["third_party"], params["third_party_estimate"])
        target, challenged = best_targets(gain)
        p_win = np.take_along_axis(prob, target[..., None], axis=-1)[..., 0]
        bi, bj = bargains(p, s, target, p_win, params["interpolation"])
        values = queue_values(own, ideal[ia], s, risk, target, bi, bj)
        choice = choose(values, c, queues(target, challenged), params, rng)
        new = adopt(p, choice, bi, bj)
        moved = np.linalg.norm(new - p, axis=-1).sum(axis=-1)
        if turn == 1:
            first_move[ia] = moved + FIRST_MOVE_FLOOR
        ideal[ia] = acc * new + (1 - acc) * ideal[ia]
        pos = pos.copy()
        pos[ia] = new
        positions.append(pos)
        turns[ia] = turn
        quiet = (turn >= MIN_TURNS_BEFORE_STOP) & (moved / first_move[ia] < params["stop_ratio"])
        fresh = active.copy()
        active[ia] &= ~(quiet | (turn >= params["max_turns"]))
    return np.stack(positions, axis=1), np.stack(forecasts, axis=1), turns


def _pad(a: np.ndarray, rounds: int) -> np.ndarray:
    extra = rounds - a.shape[1]
    return a if extra == 0 else np.concatenate([a, np.repeat(a[:, -1:], extra, axis=1)], axis=1)


def smp_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """KTAB's Spatial Model of Politics over all issues jointly.

    Each turn: risk attitudes from a PCE over the current positions, each actor's best
    challenge (third parties semi-committed), a bargain to its target, and every actor's
    choice among its queued bargains by another PCE; stop after ``max_turns`` or when a
    turn moves less than ``stop_ratio`` of the first. The forecast is the
    probability-weighted mean of the distinct final positions (KTAB prints those positions
    and probabilities). Wise, Lester, Efird et al. (KAPSARC 2015, 2016); docs/smp.md.
    Draws are independent runs, processed in chunks so that the O(N³) arrays of a turn
    stay small; a batch of k draws gives the same result as k single calls (with the
    default deterministic transitions). The O(N³) steps (distances, coalitions, challenges)
    run compiled (``smp_compiled.py``), with the same numbers, when :func:`.compiled.sized` finds it pays.
    """
    x0, sal, cap = to_unit_space(arr)
    b, n, _ = x0.shape
    work = NUMPY_SECONDS_PER_CELL * b * arr.n_issues * n**3
    with compiled.sized("realpolitik.models.smp_compiled", work, identical=True):
        return _kernel(arr, params, rng, x0, sal, cap)


def _kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator, x0: np.ndarray,
            sal: np.ndarray, cap: np.ndarray) -> Outcome:
    b, n, _ = x0.shape
    if n >= 50:  # turns allocate O(N³) temporaries
        reuse_heap()
    chunk = max(1, CHUNK_ELEMENTS // max(n**3, 1))
    parts = [simulate(x0[s:s + chunk], sal[s:s + chunk], cap[s:s + chunk], arr.present, params, rng)
             for s in range(0, b, chunk)]
    rounds = max(p[0].shape[1] for p in parts)
    pos = np.concatenate([_pad(p[0], rounds) for p in parts])
    fc = np.concatenate([_pad(p[1], rounds) for p in parts])
    turns = np.concatenate([p[2] for p in parts])
    span = arr.upper - arr.lower
    pos = np.where(arr.present[None, None], pos * span + arr.lower, np.nan)
    fc = fc * span + arr.lower
    return Outcome(
        forecast=fc[:, -1],
        history={"position": pos, "forecast": fc},
        details={"turns": np.repeat(turns[:, None], arr.n_issues, axis=1)},
    )


register(ModelSpec(
    name="smp",
    kernel=smp_kernel,
    summary="KTAB's spatial model of politics: challenges, bargains and PCE choices over all issues jointly",
    citation="Wise, Lester, Efird et al. (2015), An Introduction to KTAB; (2016) Multidimensional Bargaining "
             "using KTAB, KAPSARC discussion papers",
    params=(
        Param("voting_rule", str, "proportional", "how a utility difference becomes a vote", choices=VOTING_RULES),
        Param("victory_model", str, "linear", "how coalition strengths become a victory probability",
              choices=VICTORY_MODELS),
        Param("pce", str, "conditional", "probabilistic Condorcet election variant", choices=PCE_VARIANTS),
        Param("transitions", str, "deterministic", "take the most probable bargain, or draw one",
              choices=("deterministic", "stochastic")),
        Param("risk_range", str, "mid", "range of risk attitudes: min [0,1], mid [-1/2,1], max [-1,1]",
              choices=RISK_RANGES),
        Param("risk_adjust", str, "one_third", "how h estimates i's risk attitude (one_third: (2R_h + R_i)/3)",
              choices=tuple(RISK_ADJUSTMENTS)),
        Param("third_party", str, "semi", "third parties' commitment in a challenge", choices=THIRD_PARTY),
        Param("third_party_estimate", str, "own_vote",
              "a third party's estimate of P[i beats j]: principals plus its own vote (KTAB), or principals only",
              choices=THIRD_PARTY_ESTIMATES),
        Param("interpolation", str, "s2p2", "bargain interpolation: weights (s·p)^2, s·p, or s2pmax",
              choices=INTERPOLATIONS),
        Param("accommodation", float, 1.0, "how far ideals follow positions each turn (1: ideal = position)",
              low=0.0, high=1.0),
        Param("max_turns", int, 100, "most turns", low=1, high=10_000),
        Param("stop_ratio", float, 0.02, "stop once a turn moves less than this share of the first turn's movement",
              low=0.0, high=1.0),
        Param("merge_tolerance", float, 0.1, "positions closer than this (on 0-100) count as one", low=0.0,
              high=100.0),
    ),
    order_dependent=True,
    joint=True,
    random_when=lambda params: params["transitions"] == "stochastic",
))
