"""Backtests: run models on cases with known outcomes and score their forecasts.

>>> from realpolitik.analysis.backtest import backtest
>>> from realpolitik.analysis.cases import load_cases
>>> result = backtest(load_cases("../shared/data/deu"), ["mean", "median"], seed=1)  # doctest: +SKIP
>>> result.summary()                                                                   # doctest: +SKIP

Each model forecasts every case; a model that does not apply to a case (it raises
:class:`~realpolitik.errors.ModelNotApplicable`, e.g. it needs a status quo that is
unknown) is left out for that case and the exclusion is recorded. Scores and paired
comparisons come from :mod:`realpolitik.analysis.scoring`. Randomness (stochastic
models, bootstrap) comes from the seed alone, per model and per case, so a model's
figures do not depend on which other models ran.

Intervals: with ``draws > 1`` a model is run by Monte Carlo
(:func:`realpolitik.analysis.montecarlo.monte_carlo`) on every case whose inputs carry
uncertainty, and on every case when the model itself is stochastic; its point forecast
is then the median over draws, and the coverage of its central 50% and 90% intervals is
reported. DEU inputs carry no uncertainty and no noise is added to them, so on DEU only
stochastic models get intervals.

Each case is one task: all the chosen models on its whole scenario. Cases may therefore
run on several workers or a Dask cluster (``workers``, ``backend``, ``scheduler``) and the
records come back in case order; since every seed derives from the run's seed, the model
and the case name, the figures do not depend on where the cases ran.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from .. import models
from ..errors import ModelNotApplicable
from ..models.runner import run
from ..rng import make_rng
from ..scenario import Scenario
from .backends import Scheduler, map_tasks
from .cases import Case, CaseSet, Exclusion, only_issues
from .montecarlo import monte_carlo
from .scoring import SCORES, coverage, error_summary, paired_comparison

N_BOOT = 2000


@dataclass(frozen=True)
class Record:
    """One model's forecast of one issue, its outcome and the error (0–100 points)."""

    model: str
    case: str
    issue: str
    outcome: float
    forecast: float
    error: float
    labels: Mapping[str, str]
    q05: float | None = None
    q25: float | None = None
    q75: float | None = None
    q95: float | None = None


@dataclass(frozen=True)
class BacktestResult:
    """Forecast records, exclusions and the seed; scores are computed from these on request."""

    models: tuple[str, ...]
    records: tuple[Record, ...]
    exclusions: tuple[Exclusion, ...]
    seed: int
    n_boot: int = N_BOOT
    layout: str = ""
    source: str = ""
    n_cases: int = 0
    run_id: int | None = None  # set when the run was recorded in the run store

    def errors(self, model: str, group: tuple[str, str] | None = None) -> dict[tuple[str, str], float]:
        """(case, issue) → error of ``model``, optionally only where label ``group[0]`` equals ``group[1]``."""
        return {(r.case, r.issue): r.error for r in self.records
                if r.model == model and (group is None or r.labels.get(group[0], "–") == group[1])}

    def groups(self, by: str) -> list[str]:
        """The values of label ``by`` among the records, in order of first appearance."""
        return list(dict.fromkeys(r.labels.get(by, "–") for r in self.records))

    def summary(self, by: str | None = None) -> list[dict[str, Any]]:
        """Per model (and per value of label ``by``): n, MAE and its 95% interval, median, RMSE, within 10.

        A model that scored no issue at all gets a row with ``n`` 0 and no scores.
        """
        rows = []
        for group in [None] if by is None else self.groups(by):
            for model in self.models:
                key = None if group is None else (by, group)
                errors = self.errors(model, key)
                if errors:
                    rng = _rng(self.seed, "summary", model, by or "", group or "")
                    rows.append({"model": model, "group": group or "all",
                                 **error_summary(np.array(list(errors.values())), rng, self.n_boot)})
                elif group is None:
                    rows.append({"model": model, "group": "all", "n": 0, **dict.fromkeys(SCORES)})
        return rows

    def comparisons(self) -> list[dict[str, Any]]:
        """Paired bootstrap of the MAE difference for every pair of models, on the issues both scored.

        Each pair is oriented so that model ``a`` has the smaller MAE on the common issues.
        """
        rows = []
        for first, second in combinations(self.models, 2):
            ea, eb = self.errors(first), self.errors(second)
            common = sorted(set(ea) & set(eb))
            if not common:
                continue
            a, b = np.array([ea[k] for k in common]), np.array([eb[k] for k in common])
            if a.mean() > b.mean():
                first, second, a, b = second, first, b, a
            rng = _rng(self.seed, "compare", *sorted((first, second)))
            rows.append({"a": first, "b": second, **paired_comparison(a, b, rng, self.n_boot)})
        return rows

    def coverage(self) -> list[dict[str, Any]]:
        """Per model run with draws: the share of outcomes inside its central 50% and 90% intervals."""
        rows = []
        for model in self.models:
            recs = [r for r in self.records if r.model == model and r.q05 is not None]
            if recs:
                y = np.array([r.outcome for r in recs])
                q = {name: np.array([getattr(r, name) for r in recs]) for name in ("q05", "q25", "q75", "q95")}
                rows.append({"model": model, "n": len(recs), "coverage_50": coverage(y, q["q25"], q["q75"]),
                             "coverage_90": coverage(y, q["q05"], q["q95"])})
        return rows

    def exclusion_counts(self) -> list[dict[str, Any]]:
        """How many items were left out, by level, model and reason."""
        counts: dict[tuple[str, str, str], int] = {}
        for e in self.exclusions:
            key = (e.level, e.model or "", e.reason)
            counts[key] = counts.get(key, 0) + 1
        return [{"level": lvl, "model": m or None, "reason": why, "count": n}
                for (lvl, m, why), n in counts.items()]

    def produced(self) -> dict[str, Any]:
        """What the run store keeps (and a replay compares): the records and exclusions."""
        import json

        from ..store import dumps_json

        return json.loads(dumps_json({"results": [], "analysis": {
            "records": self.to_dict()["records"], "exclusions": self.exclusion_counts()}}))

    def to_dict(self) -> dict[str, Any]:
        """Everything as JSON-able values: scores, breakdowns, comparisons, coverage, exclusions, records."""
        return {
            "source": self.source, "layout": self.layout, "seed": self.seed, "bootstrap": self.n_boot,
            "models": list(self.models),
            "summary": self.summary(),
            "by_procedure": self.summary("procedure"),
            "by_period": self.summary("period"),
            "comparisons": self.comparisons(),
            "coverage": self.coverage(),
            "exclusions": self.exclusion_counts(),
            "records": [{**{k: v for k, v in vars(r).items() if k != "labels"}, **r.labels} for r in self.records],
        }


def backtest(cases: CaseSet, model_names: Sequence[str], *, seed: int,
             params: Mapping[str, Mapping[str, Any]] | None = None, draws: int = 1, n_boot: int = N_BOOT,
             progress: Callable[[], None] | None = None, workers: int = 1, backend: str = "joblib",
             scheduler: Scheduler = None) -> BacktestResult:
    """Run every model on every case and keep the forecasts of the issues with outcomes.

    ``params`` maps a model name to its parameters; with ``draws`` > 1 a model runs by
    Monte Carlo on cases with uncertain inputs, and on every case when it is stochastic
    (for interval coverage); ``progress`` is called after each case. Cases run on
    ``backend`` with ``workers`` processes, or on the Dask cluster at ``scheduler``.
    """
    plan = _Plan(tuple(model_names), {k: dict(v) for k, v in (params or {}).items()}, seed, draws)
    counted = {"done": 0}

    def tick(done: int, total: int) -> None:
        while progress is not None and counted["done"] < done:
            counted["done"] += 1
            progress()

    scored = map_tasks(_score_case, list(cases.cases), shared=plan, workers=workers, backend=backend,
                       scheduler=scheduler, progress=tick, label="backtest case",
                       names=[c.name for c in cases.cases])
    records = [r for case_records, _ in scored for r in case_records]
    exclusions = [*cases.exclusions, *(e for _, case_exclusions in scored for e in case_exclusions)]
    return BacktestResult(tuple(model_names), tuple(records), tuple(exclusions), seed, n_boot,
                          cases.layout, cases.source, len(cases.cases))


@dataclass(frozen=True)
class _Plan:
    """What every case task needs: the models, their parameters, the seed and the draws."""

    models: tuple[str, ...]
    params: Mapping[str, Mapping[str, Any]]
    seed: int
    draws: int


def _score_case(plan: _Plan, case: Case) -> tuple[list[Record], list[Exclusion]]:
    """Every model's records of one case, and the models left out on it."""
    records: list[Record] = []
    exclusions: list[Exclusion] = []
    uncertain = bool(case.scenario.uncertain_values())
    for name in plan.models:
        spread = plan.draws > 1 and (uncertain or models.get(name).stochastic)
        run_seed = _seed(plan.seed, "run", name, case.name)
        scenario, scored, left_out = _applicable(case, name)
        exclusions += left_out
        if not scored:
            continue
        try:
            if spread:
                result = monte_carlo(scenario, name, plan.draws, seed=run_seed, params=plan.params.get(name))
            else:
                result = run(name, scenario.arrays(), seed=run_seed, params=plan.params.get(name))
        except ModelNotApplicable as exc:
            exclusions += [Exclusion("model", f"{case.name}:{issue_id}", _reason(str(exc)), model=name)
                           for issue_id in scored]
            continue
        point = result.point()
        quantiles = result.quantiles() if result.n_draws > 1 else None
        for issue_id, outcome in scored.items():
            k = result.issue_ids.index(issue_id)
            forecast = float(point[k])
            if not np.isfinite(forecast):
                exclusions.append(Exclusion("model", f"{case.name}:{issue_id}", "no finite forecast", model=name))
                continue
            width = float(result.upper[k] - result.lower[k])
            bands = {} if quantiles is None else dict(zip(("q05", "q25", "q75", "q95"),
                                                          map(float, quantiles[[0, 1, 3, 4], k]), strict=True))
            records.append(Record(name, case.name, issue_id, outcome, forecast,
                                  abs(forecast - outcome) * 100.0 / width, case.labels_of(issue_id), **bands))
    return records, exclusions


def _applicable(case: Case, model: str) -> tuple[Scenario, dict[str, float], list[Exclusion]]:
    """The scenario a model runs on, the outcomes it is scored on and the issues it leaves out.

    A model that needs a status quo runs on the case's issues that have one (the others
    are left out and counted); a model that does not runs on the whole case. Models that
    need a status quo treat issues one at a time, so cutting the others changes nothing.
    """
    if not models.get(model).needs_status_quo:
        return case.scenario, dict(case.outcomes), []
    known = {i.id for i in case.scenario.issues if i.status_quo is not None}
    missing = [i for i in case.outcomes if i not in known]
    left_out = [Exclusion("model", f"{case.name}:{i}", f"model '{model}' needs a status quo", model=model)
                for i in missing]
    scored = {i: y for i, y in case.outcomes.items() if i in known}
    if len(known) == len(case.scenario.issues) or not scored:
        return case.scenario, scored, left_out
    return only_issues(case.scenario, known), scored, left_out


def _reason(message: str) -> str:
    """A model's not-applicable message without the per-case detail after the last ';'."""
    return message.rsplit(";", 1)[0].strip()


def _seed(seed: int, *labels: str) -> int:
    """A seed for one purpose, reproducible from ``seed`` and independent of other purposes."""
    sequence = np.random.SeedSequence([seed, zlib.crc32("\x1f".join(labels).encode())])
    return int(sequence.generate_state(1, np.uint64)[0])


def _rng(seed: int, *labels: str) -> np.random.Generator:
    return make_rng(_seed(seed, *labels))
