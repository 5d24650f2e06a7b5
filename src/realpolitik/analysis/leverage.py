"""Leverage: how far each issue's forecast moves toward an actor when its resources grow.

For every actor and issue, finite differences on the batch axis (all perturbed copies
of the scenario are stacked along the draw axis and run in one model call per chunk):

* ``capability``: the actor's capability raised by 10% (on every issue);
* ``salience``: its salience on the issue raised by 0.1 of the salience scale;
* ``outside``: the credibility of its outside option on the issue raised by 0.1
  (lowered, and the sign turned, when that would pass 1);

each reported as the move of the forecast *toward* the actor's position (negative:
away from it), in the issue's units, averaged over draws. Finite steps rather than
derivatives keep the figures meaningful for models whose forecast moves in jumps. All
perturbed copies go out as one set of chunks, which may run on several workers or a Dask
cluster (``workers``, ``backend``, ``scheduler``; see
:func:`realpolitik.analysis.montecarlo.forecast_batches`) with identical results.

The **pivot value** of an actor is what its outside options are worth: the forecast with
all of them on minus the forecast with all of them off (credibility 0), signed toward
the actor, with a 90% interval over draws when inputs are uncertain. Outside options
model the leverage of a credible turn to a third party (Schelling 1960, *The Strategy of
Conflict*; Nash 1953, "Two-person cooperative games", on threat points).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..models import get
from ..rng import fresh_seed, seed_sequence
from ..scenario import Scenario, ScenarioArrays
from .montecarlo import forecast_batches
from .sampling import Sampler

CAPABILITY_STEP = 0.10  # relative
SALIENCE_STEP = 0.10  # of the salience scale
CREDIBILITY_STEP = 0.10


def base_draws(sc: Scenario, draws: int, seed: int) -> ScenarioArrays:
    """The central values (``draws == 1``) or ``draws`` sampled draws of ``sc``."""
    if draws <= 1:
        return sc.arrays()
    return Sampler(sc).draw(draws, np.random.default_rng(seed_sequence(seed)))


def _stack(base: ScenarioArrays, copies: int) -> ScenarioArrays:
    return ScenarioArrays.concat([base] * copies)


def _cells(arr: ScenarioArrays, name: str, copies: int) -> np.ndarray:
    """The ``name`` array of ``copies`` stacked copies as ``(copies, B, N, K)`` (a writable copy)."""
    a = getattr(arr, name)
    return np.tile(a, (copies, 1, 1)).reshape(copies, *a.shape)


def _toward(moved: np.ndarray, ref: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Change ``moved - ref`` signed so that positive means toward ``position``."""
    return (moved - ref) * np.sign(position - ref)


def pivot_values(sc: Scenario, actors: Sequence[str], model: str, *, draws: int = 1, seed: int | None = None,
                 params: Mapping[str, Any] | None = None, **run_on: Any) -> tuple[np.ndarray, np.ndarray]:
    """What the outside options of ``actors`` together are worth, per draw and issue.

    Returns ``(on, off)``, each ``(B, K)``: the forecasts with those options as given and
    with all of them switched off (credibility 0), on the same draws. ``run_on``: where
    the chunks run (``workers``, ``backend``, ``scheduler``, ``progress``).
    """
    get(model)
    unknown = [a for a in actors if a not in sc.actor_ids]
    if unknown:
        raise ScenarioError(sc.unknown_actor(unknown[0]), place="pivot")
    seed = fresh_seed() if seed is None else seed
    base = base_draws(sc, draws, seed)
    idx = [sc.actor_ids.index(a) for a in actors]
    on, off = forecast_batches(model, [base, _outside_off(base, idx)], params, seed, **run_on)
    return on, off


def _outside_off(base: ScenarioArrays, i: int | list[int]) -> ScenarioArrays:
    """``base`` with the outside options of actor(s) ``i`` switched off."""
    cred = base.outside_credibility.copy()
    val = base.outside_value.copy()
    cred[:, i, :] = 0.0
    val[:, i, :] = np.nan
    return base.with_(outside_credibility=cred, outside_value=val)


def leverage(sc: Scenario, model: str, *, draws: int = 1, seed: int | None = None,
             params: Mapping[str, Any] | None = None, **run_on: Any):
    """One row per actor and issue it takes part in: the three effects (see the module
    docstring) and the pivot value with its 90% interval over draws. ``run_on``: where the
    chunks run (``workers``, ``backend``, ``scheduler``, ``progress``)."""
    import pandas as pd

    get(model)
    seed = fresh_seed() if seed is None else seed
    base = base_draws(sc, draws, seed)
    n, b = base.n_actors, base.n_draws
    x = base.position  # (B, N, K)
    cells = np.argwhere(base.present)  # (S, 2) actor, issue
    s = len(cells)

    cap = _cells(base, "capability", n)
    cap[np.arange(n), :, np.arange(n), :] *= 1 + CAPABILITY_STEP
    sal = _cells(base, "salience", s)
    sal[np.arange(s), :, cells[:, 0], cells[:, 1]] += SALIENCE_STEP
    batches = [base, _stack(base, n).with_(capability=cap.reshape(n * b, *cap.shape[2:])),
               _stack(base, s).with_(salience=sal.reshape(s * b, *sal.shape[2:]))]

    has_out = ~np.isnan(base.outside_value[0][cells[:, 0], cells[:, 1]])
    oc = cells[has_out]
    m = len(oc)
    if m:
        cred = _cells(base, "outside_credibility", m)
        old = cred[np.arange(m), :, oc[:, 0], oc[:, 1]]
        new = np.where(old + CREDIBILITY_STEP <= 1, old + CREDIBILITY_STEP, old - CREDIBILITY_STEP)
        cred[np.arange(m), :, oc[:, 0], oc[:, 1]] = new
        batches.append(_stack(base, m).with_(outside_credibility=cred.reshape(m * b, *cred.shape[2:])))
    holders = np.unique(oc[:, 0]) if m else np.array([], dtype=int)
    batches += [_outside_off(base, int(i)) for i in holders]
    f0, f_cap, f_sal, *rest = forecast_batches(model, batches, params, seed, **run_on)  # f0: (B, K)

    cap_eff = _toward(f_cap.reshape(n, b, -1), f0[None], np.moveaxis(x, 1, 0))  # (N, B, K)
    sal_eff = _toward(f_sal.reshape(s, b, -1)[np.arange(s), :, cells[:, 1]], f0[:, cells[:, 1]].T,
                      x[:, cells[:, 0], cells[:, 1]].T)  # (S, B)
    out_eff = np.full((s, b), np.nan)
    if m:
        moved = rest.pop(0).reshape(m, b, -1)[np.arange(m), :, oc[:, 1]]
        per_step = _toward(moved, f0[:, oc[:, 1]].T, x[:, oc[:, 0], oc[:, 1]].T) * CREDIBILITY_STEP / (new - old)
        out_eff[has_out] = per_step

    pivot = np.full((s, b), np.nan)
    for i, off_f in zip(holders, rest, strict=True):
        rows = cells[:, 0] == i
        ks = cells[rows, 1]
        pivot[rows] = _toward(f0[:, ks], off_f[:, ks], x[:, i, ks]).T

    out = []
    for c, (i, k) in enumerate(cells):
        row = {"model": model, "actor": base.actor_ids[i], "issue": base.issue_ids[k],
               "position": float(np.median(x[:, i, k])), "forecast": float(np.median(f0[:, k])),
               "capability": float(np.mean(cap_eff[i, :, k])), "salience": float(np.mean(sal_eff[c])),
               "outside": float(np.mean(out_eff[c])) if has_out[c] else np.nan}
        if has_out[c] or np.any(~np.isnan(pivot[c])):
            row["pivot"] = float(np.median(pivot[c]))
            row["pivot_q05"], row["pivot_q95"] = (float(v) for v in np.quantile(pivot[c], [0.05, 0.95]))
        else:
            row.update(pivot=np.nan, pivot_q05=np.nan, pivot_q95=np.nan)
        row["draws"] = b
        out.append(row)
    return pd.DataFrame(out)


def pivot_table(sc: Scenario, actors: Sequence[str], model: str, **kwargs: Any):
    """One row per issue: forecast with and without the outside options of ``actors``
    (medians over draws), the paired difference with its 90% interval, its mean, and
    ``moved``: the share of draws in which the options change the forecast at all."""
    import pandas as pd

    on, off = pivot_values(sc, actors, model, **kwargs)
    diff = on - off
    q = np.quantile(diff, [0.05, 0.5, 0.95], axis=0)
    return pd.DataFrame({"model": model, "issue": list(sc.issue_ids), "with": np.median(on, axis=0),
                         "without": np.median(off, axis=0), "pivot": q[1], "pivot_q05": q[0], "pivot_q95": q[2],
                         "pivot_mean": diff.mean(axis=0), "moved": np.mean(np.abs(diff) > 1e-9, axis=0),
                         "draws": on.shape[0]})
