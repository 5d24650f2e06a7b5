"""``forecast``: one or more models on a scenario, with draws, decision rules and stages."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..analysis.backends import Scheduler
from ..analysis.montecarlo import monte_carlo
from ..analysis.stages import StagedResult, run_stages
from ..analysis.summary import Threshold, parse_threshold, summarize
from ..errors import ParameterError
from ..models.result import Result
from ..models.runner import run
from ..scenario import Scenario
from .options import (
    Progress,
    ScenarioLike,
    asked_for_one,
    check_count,
    check_draws,
    labelled,
    per_model,
    prepare,
)
from .recording import StoreLike, produced, record


@dataclass(frozen=True)
class Forecast:
    """The forecasts of one or more models on one scenario.

    ``results`` holds each model's :class:`~realpolitik.models.result.Result` (all
    issues at once); a staged scenario, or one held to its decision rules, also has
    ``staged`` (each model's path stage by stage; its ``end`` is the forecast).
    ``forecast["nash"]`` is one model's Result.
    """

    scenario: Scenario
    seed: int
    draws: int
    rules: bool
    results: tuple[Result, ...]
    staged: tuple[StagedResult, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    skipped: tuple[str, ...] = ()
    predictive: tuple[list[dict[str, Any]], ...] = ()  # per result, labelled predictive intervals per issue
    run_id: int | None = None

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(s.model for s in self.staged) if self.staged else tuple(r.model for r in self.results)

    @property
    def notes(self) -> tuple[tuple[str, str], ...]:
        """(model, note) for every note a model made, in order."""
        runs = self.staged or self.results
        return tuple((r.model, n) for r in runs for n in r.notes)

    def __getitem__(self, model: str) -> Result:
        for r in self.results:
            if r.model == model:
                return r
        raise KeyError(f"no forecast of model '{model}' (models: {', '.join(self.models)})")

    def points(self) -> dict[str, dict[str, float]]:
        """Model -> issue -> central forecast (median over draws; the path's end for stages)."""
        if self.staged:
            return {s.model: dict(s.end) for s in self.staged}
        return {r.model: {i: float(v) for i, v in zip(r.issue_ids, r.point(), strict=True)} for r in self.results}

    def point(self) -> dict[str, float]:
        """Issue -> central forecast of the one model run (see :meth:`points` for several)."""
        points = self.points()
        if len(points) != 1:
            raise ParameterError(f"{len(points)} models ran; use points() or forecast['MODEL']")
        return next(iter(points.values()))

    def summary_frame(self):
        """With draws: per model and issue the median, 50% and 90% intervals and threshold probabilities."""
        import pandas as pd

        return pd.concat([summarize(r, self.thresholds) for r in self.results], ignore_index=True)

    def to_frame(self):
        """One row per model and issue (per model, stage and issue for a staged scenario)."""
        import pandas as pd

        if self.staged and self.draws == 1:
            return pd.DataFrame([row for s in self.staged for row in s.path()])
        frames = [summarize(r, self.thresholds) if self.draws > 1 else r.to_frame() for r in self.results]
        if self.predictive:
            frames = [frame.merge(pd.DataFrame(rows).drop(columns=["forecast", "interval"]), on="issue")
                      for frame, rows in zip(frames, self.predictive, strict=True)]
        return pd.concat(frames, ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scenario": self.scenario.origin, "title": self.scenario.title, "seed": self.seed,
                               "draws": self.draws, "rules": self.rules, "skipped": list(self.skipped)}
        if self.staged:
            out["stages"] = [s.id for s in self.scenario.stages]
            out["results"] = [s.to_dict() for s in self.staged]
            return out
        out["results"] = []
        for k, r in enumerate(self.results):
            d = r.to_dict()
            if r.n_draws > 1:
                frame = summarize(r, self.thresholds).drop(columns="model")
                d["summary"] = [{k: _none(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
            if self.predictive:
                d["predictive_intervals"] = self.predictive[k]
            out["results"].append(d)
        return out

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)

    def produced(self) -> dict[str, Any]:
        """What the run store keeps of this forecast (and what a replay compares)."""
        if self.staged:
            return produced(analysis={"staged": [s.to_dict() for s in self.staged]})
        return produced(self.results)

    def plot(self, ax=None):
        """Each model's forecast per issue (90% interval over draws) on a matplotlib Axes (``report`` extra)."""
        from ..reporting.plots import plot_result

        for r in self.results:
            ax = plot_result(r, ax)
        return ax


def _none(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def thresholds_for(sc: Scenario, thresholds: Iterable[str | Threshold], draws: int) -> tuple[Threshold, ...]:
    """Threshold texts (``"sanctions>20"``) parsed against the scenario's issues."""
    cuts = tuple(t if isinstance(t, Threshold) else parse_threshold(str(t), sc.issue_ids) for t in thresholds)
    if cuts and draws < 2:
        raise ParameterError("thresholds need draws of at least 2")
    return cuts


def forecast(scenario: ScenarioLike, models: str | Sequence[str] = "mean", *, draws: int = 1,
             seed: int | None = None, rules: bool = False, thresholds: Iterable[str | Threshold] = (),
             params: Mapping[str, Any] | None = None, workers: int = 1, backend: str = "joblib",
             intervals: str = "input", scheduler: Scheduler = None, progress: Progress | None = None,
             store: StoreLike = None,
             **model_params_: Any) -> Forecast:
    """Forecast every issue of ``scenario`` with one or more models.

    ``models``: a name, ``"all"``, ``"nash,eum"`` or a list. Model parameters come as
    keyword arguments (``p=1``) or as ``params`` (``{"nash": {"p": 1}}``). ``draws`` > 1
    runs a Monte Carlo over the uncertain inputs (``workers`` and ``backend`` change only
    the speed; ``scheduler``, an address or a ``distributed.Client``, runs the draws on
    that Dask cluster, see :mod:`realpolitik.analysis.backends`). A staged scenario runs
    stage by stage, and ``rules=True`` holds every forecast to the issues' decision rules
    (an issue without a rule: unanimity), on every draw when ``draws`` > 1; ``results``
    then holds where each path ends.
    ``intervals="predictive"`` adds to each forecast the 50% and 90% predictive intervals,
    which add the model's own error as calibrated on the DEU backtest
    (:mod:`realpolitik.analysis.predictive`) to the spread of the draws. ``store`` records
    the run (see :func:`realpolitik.api.recording.record`).
    """
    sc, names, per, seed = prepare(scenario, models, {**(params or {}), **model_params_}, seed)
    check_draws(draws)
    check_count("workers", workers)
    cuts = thresholds_for(sc, thresholds, draws)
    if intervals not in ("input", "predictive"):
        raise ParameterError(f"intervals must be 'input' or 'predictive', got {intervals!r}")
    if intervals == "predictive" and (rules or sc.stages):
        raise ParameterError("predictive intervals are calibrated for single-stage forecasts without rules")
    strict = asked_for_one(models)
    staged: tuple[StagedResult, ...] = ()
    if rules or sc.stages:
        paths, skipped = per_model(names, strict, lambda n: run_stages(
            sc, n, seed=seed, params=per[n], rules=rules, draws=draws, progress=labelled(progress, f"{n}: stages")),
            sc.origin)
        staged = tuple(paths)
        # without stages the one step holds everything (rule details included); with stages, where each path ends
        results = [s.as_result(sc) if sc.stages else s.steps[-1].result for s in paths]
    elif draws > 1:
        results, skipped = per_model(names, strict, lambda n: monte_carlo(
            sc, n, draws, seed=seed, params=per[n], workers=workers, backend=backend, scheduler=scheduler,
            progress=labelled(progress, f"{n}: draws")), sc.origin)
    else:
        arrays = sc.arrays()
        results, skipped = per_model(names, strict, lambda n: run(n, arrays, seed=seed, params=per[n]), sc.origin)
    predictive = ()
    if intervals == "predictive":
        from ..analysis.predictive import intervals as predictive_intervals
        from ..analysis.predictive import scenario_spread

        spread = scenario_spread(sc)
        predictive = tuple(predictive_intervals(r, spread) for r in results)
    out = Forecast(sc, seed, draws, rules, tuple(results), staged, cuts, tuple(skipped), predictive)
    kwargs = {"models": names, "draws": draws, "seed": seed, "rules": rules, "thresholds": [str(t) for t in cuts],
              "params": per, "workers": workers, "backend": backend, "intervals": intervals}
    return replace(out, run_id=record(store, "forecast", kwargs, sc, seed, out, names))
