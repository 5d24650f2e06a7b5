"""What-ifs, leverage, pivot values, shocks and sensitivity: tables over one or more models."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..analysis.backends import Scheduler
from ..errors import ParameterError
from ..scenario import Scenario
from .options import (
    Progress,
    ScenarioLike,
    asked_for_one,
    check_count,
    check_draws,
    labelled,
    model_names,
    per_model,
    prepare,
)
from .recording import StoreLike, plain, record


@dataclass(frozen=True)
class Analysis:
    """An analysis table (pandas, one block of rows per model) with what produced it.

    ``kind`` is ``whatif``, ``leverage``, ``pivot``, ``shocks`` or ``sensitivity``;
    ``meta`` holds the settings (seed, draws, the changes of a what-if, ...).
    """

    kind: str
    scenario: Scenario
    frame: Any = field(repr=False)  # pandas.DataFrame
    seed: int
    models: tuple[str, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    run_id: int | None = None

    def to_frame(self):
        return self.frame.copy()

    def records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (NaN as None)."""
        rows = self.frame.astype(object).where(self.frame.notna(), None).to_dict(orient="records")
        return [{k: (None if isinstance(v, float) and math.isnan(v) else plain(v)) for k, v in r.items()}
                for r in rows]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "scenario": self.scenario.origin, "seed": self.seed, "models": list(self.models),
                **plain(dict(self.meta)), "skipped": list(self.skipped), "notes": list(self.notes),
                "rows": self.records()}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)

    def produced(self) -> dict[str, Any]:
        from .recording import produced

        return produced(analysis={"columns": [str(c) for c in self.frame.columns], "rows": self.records()})


def _tabulate(kind: str, sc: Scenario, models: str | Sequence[str], seed: int, meta: Mapping[str, Any],
              work: Callable[[str], Any], call_kwargs: Mapping[str, Any], store: StoreLike,
              notes: Sequence[str] = ()) -> Analysis:
    import pandas as pd

    names = model_names(models)
    frames, skipped = per_model(names, asked_for_one(models), work, sc.origin)
    if not frames:
        raise ParameterError(f"{sc.origin or 'scenario'}: none of the chosen models applies to it: "
                             + "; ".join(skipped))
    out = Analysis(kind, sc, pd.concat(frames, ignore_index=True), seed, tuple(names), dict(meta), tuple(skipped),
                   tuple(notes))
    return replace(out, run_id=record(store, kind, {"models": names, **call_kwargs}, sc, seed, out, names))


def _refuse_stages(sc: Scenario, kind: str) -> None:
    """The analyses that perturb one scenario at once do not follow stages: refuse rather than mislead."""
    if sc.stages:
        raise ParameterError(
            f"{kind} does not follow stages, and this scenario has {len(sc.stages)}: its forecasts would be those "
            "of all issues decided at once, not of the staged path. Run it on the scenario without its 'stages' "
            "(e.g. the file it extends), or use whatif, which follows the stages")


def whatif(scenario: ScenarioLike, *, set: Sequence[str] | Mapping[str, Any] = (), drop: Sequence[str] = (),
           outside: Sequence[str] = (), models: str | Sequence[str] = "mean", draws: int = 1,
           seed: int | None = None, params: Mapping[str, Any] | None = None, workers: int = 1,
           backend: str = "joblib", rules: bool = False, scheduler: Scheduler = None,
           progress: Progress | None = None,
           store: StoreLike = None) -> Analysis:
    """Baseline versus a variant of the scenario, issue by issue.

    ``set``: ``["DPRK.sanctions.position=70"]`` or ``{"DPRK.sanctions.position": 70}``;
    ``outside``: ``["DPRK.sanctions=30@0.5"]`` or ``["DPRK.sanctions=none"]``; ``drop``:
    actor ids. Changes apply in that order. With draws both run on common random numbers
    and each difference comes with its 90% interval. A staged scenario, or ``rules=True``,
    compares where the two paths end, stage by stage and held to the rules, on the same draws.
    ``workers``, ``backend`` and ``scheduler`` say where the draws run (see :func:`forecast`);
    they never change the numbers.
    """
    from ..analysis.stages import compare_staged
    from ..analysis.whatif import compare, variant

    sc, names, per, seed = prepare(scenario, models, params, seed)
    sets = [f"{k}={v}" for k, v in set.items()] if isinstance(set, Mapping) else list(set)
    if not (sets or drop or outside):
        raise ParameterError("give at least one change: set, drop or outside")
    check_draws(draws)
    check_count("workers", workers)
    changed = variant(sc, sets, list(outside), list(drop))
    meta = {"draws": draws, "set": sets, "drop": list(drop), "outside": list(outside), "rules": rules,
            "stages": len(sc.stages)}

    def work(n: str):
        if sc.stages or rules:
            return compare_staged(sc, changed, n, draws=draws, seed=seed, params=per[n], rules=rules)
        return compare(sc, changed, n, draws=draws, seed=seed, params=per[n], workers=workers, backend=backend,
                       scheduler=scheduler, progress=labelled(progress, f"{n}: draws"))

    return _tabulate("whatif", sc, names, seed, meta, work,
                     {"set": sets, "drop": list(drop), "outside": list(outside), "draws": draws, "seed": seed,
                      "params": per, "workers": workers, "backend": backend, "rules": rules}, store)


def leverage(scenario: ScenarioLike, *, models: str | Sequence[str] = "mean", actors: Sequence[str] = (),
             pivot: Sequence[str] = (), draws: int = 1, seed: int | None = None,
             params: Mapping[str, Any] | None = None, workers: int = 1, backend: str = "joblib",
             scheduler: Scheduler = None, progress: Progress | None = None, store: StoreLike = None) -> Analysis:
    """How far each forecast moves toward an actor when its capability, salience or outside
    option's credibility grows; with ``pivot``, what the outside options of those actors
    (``["all"]``: everyone's) are worth per issue. The perturbed copies run in chunks on
    ``workers``/``backend`` or the Dask cluster at ``scheduler`` (same numbers everywhere)."""
    from ..analysis.leverage import leverage as leverage_table
    from ..analysis.leverage import pivot_table

    sc, names, per, seed = prepare(scenario, models, params, seed)
    check_draws(draws)
    _refuse_stages(sc, "leverage")
    check_count("workers", workers)
    on = {"workers": workers, "backend": backend, "scheduler": scheduler}
    for a in actors:
        if a not in sc.actor_ids:
            raise ParameterError(sc.unknown_actor(a))
    kwargs = {"actors": list(actors), "pivot": list(pivot), "draws": draws, "seed": seed, "params": per}
    if pivot:
        who = list(sc.actor_ids) if "all" in pivot else list(pivot)
        return _tabulate("pivot", sc, names, seed, {"draws": draws, "pivot": who}, lambda n: pivot_table(
            sc, who, n, draws=draws, seed=seed, params=per[n], progress=labelled(progress, f"{n}: variants"), **on),
            kwargs, store)

    def table(n: str):
        frame = leverage_table(sc, n, draws=draws, seed=seed, params=per[n],
                               progress=labelled(progress, f"{n}: variants"), **on)
        return frame[frame["actor"].isin(actors)] if actors else frame

    return _tabulate("leverage", sc, names, seed, {"draws": draws}, table, kwargs, store)


def shocks(scenario: ScenarioLike, *, models: str | Sequence[str] = "mean", repetitions: int = 500,
           salience_noise: float = 0.2, drop_probability: float = 0.1, tolerance: float = 0.05,
           seed: int | None = None, params: Mapping[str, Any] | None = None, workers: int = 1,
           backend: str = "joblib", scheduler: Scheduler = None, progress: Progress | None = None,
           store: StoreLike = None) -> Analysis:
    """Random salience shocks and drop-outs: how stable each issue's forecast is (the groups
    of shocks run on ``workers``/``backend`` or the Dask cluster at ``scheduler``)."""
    from ..analysis.shocks import shocks as shock_table

    sc, names, per, seed = prepare(scenario, models, params, seed)
    _refuse_stages(sc, "shocks")
    meta = {"repetitions": repetitions, "salience_noise": salience_noise, "drop_probability": drop_probability,
            "tolerance": tolerance}
    return _tabulate("shocks", sc, names, seed, meta, lambda n: shock_table(
        sc, n, tolerance=tolerance, seed=seed, params=per[n], repetitions=repetitions,
        salience_noise=salience_noise, drop_probability=drop_probability, workers=check_count("workers", workers),
        backend=backend, scheduler=scheduler, progress=labelled(progress, f"{n}: shocks")),
        {**meta, "seed": seed, "params": per}, store)


def sensitivity(scenario: ScenarioLike, *, models: str | Sequence[str] = "mean", samples: int = 256,
                seed: int | None = None, params: Mapping[str, Any] | None = None, workers: int = 1,
                backend: str = "joblib", scheduler: Scheduler = None, progress: Progress | None = None,
                store: StoreLike = None) -> Analysis:
    """Sobol indices: which uncertain inputs each issue's forecast rests on (``sensitivity`` extra).
    The samples run in chunks on ``workers``/``backend`` or the Dask cluster at ``scheduler``."""
    from ..analysis.sensitivity import sobol_indices

    sc, names, per, seed = prepare(scenario, models, params, seed)
    _refuse_stages(sc, "sensitivity")
    return _tabulate("sensitivity", sc, names, seed, {"samples": samples}, lambda n: sobol_indices(
        sc, n, samples=samples, seed=seed, params=per[n], workers=check_count("workers", workers), backend=backend,
        scheduler=scheduler, progress=labelled(progress, f"{n}: samples")),
        {"samples": samples, "seed": seed, "params": per}, store)
