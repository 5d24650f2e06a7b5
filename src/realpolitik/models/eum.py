"""Bueno de Mesquita's expected-utility model (``eum``), in the variants the literature uses.

Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in *European
Community Decision Making*, ch. 4; restated in full by Scholz, Calbert & Smith (2011),
"Unravelling Bueno De Mesquita's group decision model", J. Theoretical Politics 23(4),
whose appendix gives the round played here, issue by issue:

1. every r_i = 1; μ = weighted median of the positions (weights c·s; section 3.2);
2. utilities, success probabilities and expected utilities (:mod:`.eum_utility`,
   :mod:`.eum_votes`); danger D_i and risk exponents r_i (section 5);
3. the same with these r_i; offers, and each actor accepts one (:mod:`.eum_offers`);
   all positions change at once.

Δ, the range of the initial positions of the actors taking part in an issue, normalises
every distance for the whole run. Actors absent from an issue take no part there. The
run stops after ``max_rounds``, when no position moves more than ``tol``·Δ, or when the
positions return to those of an earlier round: the round is a deterministic function of
the positions, so the run would cycle for ever (reported in ``details['cycle_period']``
and the notes). Positions count as the same within ``tol``·Δ, and never closer than
``REPEAT``·Δ (1e-12, a few thousand times the rounding error of positions normalised to
[0, 1]), so that a cycle exact in exact arithmetic is found whatever way rounding fell.
History holds round 0 (the input) to the last round: ``position`` (B, R, N, K),
``forecast`` (weighted median, B, R, K) and ``mean`` (weighted mean).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..scenario.arrays import ScenarioArrays
from . import compiled
from .common import effective_weight, weighted_mean, weighted_median
from .eum_offers import TIE, accept, classify
from .eum_params import PARAMS, Settings, settings
from .eum_utility import expected_utilities, first_pass_danger, pair_terms, risk_exponents
from .eum_votes import sides, success_probability, vote_values
from .registry import ModelSpec, register
from .result import Outcome

ABSENT = 1.5  # normalised position parked for actors absent from an issue (never in [0, 1])
CHUNK_ELEMENTS = 1 << 16  # games per chunk × n² stays near this: n²-sized temporaries of 512 KiB stay in L2 cache
REPEAT = 1e-12  # positions (normalised by Δ) closer than this to an earlier round's repeat it, even with tol = 0
NUMPY_SECONDS_PER_CELL = 1e-7  # the NumPy kernel per game × actor² × round, measured at 50 actors
HEAP_BLOCK = 1 << 21  # float64 elements (16 MiB) of the block whose release keeps the temporaries on the heap


def _keep_heap() -> None:
    """Allocate and release, untouched, one 16 MiB block.

    A round allocates and frees a few dozen n²-sized temporaries. By default glibc's malloc
    returns the top of its heap to the system whenever more than 128 KiB lie free there, so
    the next round's temporaries fault their pages in afresh: a fifth of the run time, in
    the kernel. Releasing a mapped block raises malloc's thresholds to its size (16 MiB to
    map, twice that to trim), and the temporaries then reuse heap memory. Elsewhere this
    costs a map and an unmap.
    """
    block = np.empty(HEAP_BLOCK)
    del block


def _median_sorted(z: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Lower weighted median of positions sorted ascending (the rule of ``common.weighted_median``)."""
    cw = np.cumsum(weight, axis=1)
    idx = np.argmax(cw >= cw[:, -1:] * (0.5 - 1e-9), axis=1)
    return np.take_along_axis(z, idx[:, None], axis=1)


def play_round(z: np.ndarray, w: np.ndarray, s: np.ndarray, ew: np.ndarray, present: np.ndarray,
               st: Settings) -> np.ndarray:
    """One round for ``m`` independent one-issue games: ``(m, n)`` positions (normalised by Δ) to new ones."""
    m, n = z.shape
    order = np.lexsort((s, w, z), axis=-1)  # by position; actors equal in everything tie harmlessly
    order += (np.arange(m) * n)[:, None]  # flat indices: one take per array

    def take(a: np.ndarray) -> np.ndarray:
        return np.ravel(a).take(order)

    zs, ws, ss, es, ps = take(z), take(w), take(s), take(ew), take(present)
    d = np.abs(zs[:, :, None] - zs[:, None, :])
    distinct = d > TIE  # actors closer than that (normalised) are at the same position
    others = ~np.eye(n, dtype=bool)
    if not ps.all():  # some actor sits out an issue: it takes part in no pair
        both = ps[:, :, None] & ps[:, None, :]
        distinct &= both
        others = others & both
    terms = pair_terms(d, np.abs(zs - _median_sorted(zs, es)), st.t_rule, st.t)

    where = sides(zs)
    p = success_probability(d * ws[:, :, None], where, ps, distinct, st.normaliser)  # every r = 1
    r = risk_exponents(first_pass_danger(terms, p, ss, st.q, others), ps)
    if st.vote_exponent == "voter":
        with np.errstate(divide="ignore"):
            a = vote_values(np.log(d), ws, r)
        p = success_probability(a, where, ps, distinct, st.normaliser)
    e_ij, e_ji = expected_utilities(terms, p, ss, r, st.q, receiver_view=st.perspective == "receiver",
                                    sender_salience=st.eji_salience == "sender")
    kind = classify(e_ij, e_ji, distinct, st.capitulation)
    moved = accept(zs, e_ij, e_ji, kind, st.compromise, st.offer_choice)
    out = np.empty(z.shape)
    np.put(out, order, moved)
    return out


def play(z: np.ndarray, w: np.ndarray, s: np.ndarray, ew: np.ndarray, present: np.ndarray,
         st: Settings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rounds until every game stops: positions per round ``(R, m, n)``, rounds played, cycle period (0: none).

    A period of 1 means the positions stopped moving (within ``tol``). A game that stops keeps
    its last positions in the later rounds.
    """
    m = z.shape[0]
    path = np.empty((min(st.max_rounds, 10) + 1,) + z.shape)  # doubled when more rounds are played
    path[0] = z
    rounds = np.zeros(m, dtype=np.int64)
    period = np.zeros(m, dtype=np.int64)
    active = np.ones(m, dtype=bool)
    played = 0
    for t in range(1, st.max_rounds + 1):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        played = t
        if t == path.shape[0]:
            path = np.concatenate([path, np.empty_like(path)])
        path[t] = path[t - 1]
        new = play_round(path[t - 1, idx], w[idx], s[idx], ew[idx], present[idx], st)
        path[t, idx] = new
        rounds[idx] = t
        # the latest earlier round with the same positions (within tol), if any
        same = np.abs(path[:t, idx] - new).max(axis=2) <= max(st.tol, REPEAT)
        hit = same.any(axis=0)
        latest = t - 1 - np.argmax(same[::-1], axis=0)
        period[idx[hit]] = t - latest[hit]
        active[idx] = ~hit
    return path[:played + 1], rounds, period


def _games(arr: ScenarioArrays) -> tuple[np.ndarray, ...]:
    """Inputs as ``(B·K, N)`` games: normalised positions, weights, saliences, present; and lo, Δ."""
    b, n, k = arr.position.shape

    def games(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a.transpose(0, 2, 1).reshape(b * k, n))

    present = games(np.broadcast_to(arr.present[None], (b, n, k)))
    x = games(arr.position)
    lo = np.where(present, x, np.inf).min(axis=1, keepdims=True)
    hi = np.where(present, x, -np.inf).max(axis=1, keepdims=True)
    spread = hi - lo
    delta = np.where(np.isfinite(spread) & (spread > 0), spread, 1.0)
    lo = np.where(np.isfinite(lo), lo, 0.0)
    z = np.where(present, (x - lo) / delta, ABSENT)
    return z, games(arr.weight), games(arr.salience), games(effective_weight(arr)), present, lo, delta


def eum_kernel(arr: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Outcome:
    """Bueno de Mesquita's expected-utility model: rounds of challenges and offers per issue.

    See the module docstring and ``docs/eum.md``; the variant is ``params['preset']``
    overlaid with any explicitly given variant parameter. The forecast is the weighted
    median (weights c·s) of the positions after the last round. The rounds are played by
    the compiled kernel (:mod:`.eum_compiled`, every variant) where :func:`.compiled.pays`:
    when the NumPy kernel would take longer than loading Numba and its cached code (about
    0.8 s of CPU), judged from games × actors² × ``max_rounds``.
    """
    st = settings(params)
    b, n, k = arr.position.shape
    z, w, s, ew, present, lo, delta = _games(arr)
    _keep_heap()
    rows = max(1, CHUNK_ELEMENTS // max(n * n, 1))
    work = NUMPY_SECONDS_PER_CELL * b * k * n * n * st.max_rounds
    fast = compiled.pays("realpolitik.models.eum_compiled", work, identical=False)
    if fast:
        from . import eum_compiled

        path, rounds, period = eum_compiled.play(z, w, s, ew, present, st, max(st.tol, REPEAT))
        length = path.shape[0]
    else:
        parts = [play(z[i:i + rows], w[i:i + rows], s[i:i + rows], ew[i:i + rows], present[i:i + rows], st)
                 for i in range(0, b * k, rows)]
        length = max(len(states) for states, _, _ in parts)
        path = np.concatenate([np.concatenate([states, np.repeat(states[-1:], length - len(states), axis=0)])
                               for states, _, _ in parts], axis=1)  # (R, B·K, N)
        rounds = np.concatenate([r for _, r, _ in parts])
        period = np.concatenate([p for _, _, p in parts])
    rounds, period = rounds.reshape(b, k), period.reshape(b, k)

    x = np.where(present, lo + path * delta, np.nan)
    positions = x.reshape(length, b, k, n).transpose(1, 0, 3, 2)
    if fast:  # the same rules in one compiled pass
        median, mean = eum_compiled.summaries(x, ew, 1e-9)
        by_round, means = (v.reshape(length, b, k).transpose(1, 0, 2) for v in (median, mean))
    else:
        weight = effective_weight(arr)[:, None]
        by_round = weighted_median(positions, weight)
        means = weighted_mean(positions, weight)
    details = {"rounds": rounds, "converged": period == 1, "cycle_period": np.where(period > 1, period, 0),
               "mean": means[:, -1]}
    return Outcome(by_round[:, -1].copy(), history={"position": positions, "forecast": by_round, "mean": means},
                   details=details, notes=_notes(arr.issue_ids, rounds, period, st.max_rounds),
                   extra={"settings": st.as_dict()})


def describe(issues: tuple[str, ...], details: Mapping[str, np.ndarray], params: Mapping[str, Any]
             ) -> tuple[str, ...]:
    """The run's notes from its details (cycles, and runs still moving after ``max_rounds``)."""
    period = np.where(details["converged"], 1, details["cycle_period"])
    return _notes(issues, details["rounds"], period, params["max_rounds"])


def _notes(issues: tuple[str, ...], rounds: np.ndarray, period: np.ndarray, max_rounds: int) -> tuple[str, ...]:
    notes = []
    draws = rounds.shape[0]
    for j, issue in enumerate(issues):
        cyc = period[:, j] > 1
        if cyc.any():
            if draws == 1:
                notes.append(f"eum: on {issue} the positions after round {rounds[0, j]} repeat those of round "
                             f"{rounds[0, j] - period[0, j]} (a cycle of period {period[0, j]}); the run stops there")
            else:
                notes.append(f"eum: on {issue} the positions cycle in {int(cyc.sum())} of {draws} draws; "
                             f"those runs stop at the first repeat")
        moving = period[:, j] == 0
        if moving.any():
            share = "" if draws == 1 else f" in {int(moving.sum())} of {draws} draws"
            notes.append(f"eum: on {issue} positions still move after {max_rounds} rounds{share}")
    return tuple(notes)


register(ModelSpec(
    name="eum",
    kernel=eum_kernel,
    summary="Bueno de Mesquita's expected-utility model: rounds of challenges, compromises and capitulations",
    citation="Bueno de Mesquita (1994), European Community Decision Making, ch. 4; "
             "Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)",
    params=PARAMS,
    describe=describe,
))
