"""Running a staged negotiation: each stage's outcome is the next stage's status quo.

A scenario without stages runs as one stage deciding everything at once (the
"all-or-nothing" path); with stages, each stage is run by the model on the actors,
issues and rules of :func:`~realpolitik.scenario.stages.stage_scenario`, and the
forecast of each issue it decides becomes that issue's status quo from then on.
Position shifts accumulate (cut to the scale).

With ``draws > 1`` every uncertain input is sampled once and the whole path runs on
each draw: draw ``b`` of a stage starts from draw ``b`` of the earlier stages'
outcomes, so the spread of where the path ends carries the uncertainty of every
stage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models.result import Outcome, Result
from ..models.runner import run
from ..rng import fresh_seed, seed_sequence
from ..scenario import Scenario, ScenarioArrays
from ..scenario.stages import Stage, stage_scenario
from .montecarlo import default_chunk_size, merge_outcomes, result_for
from .sampling import Sampler


@dataclass(frozen=True)
class StageStep:
    """One stage as run: the stage, the status quo it started from and the model's result."""

    stage: Stage
    start: dict[str, float]  # issue id -> status quo at the start of the stage (NaN unknown)
    result: Result

    def outcome(self) -> dict[str, float]:
        """Issue id -> the stage's forecast (median over draws), for the issues this stage decided."""
        point = self.result.point()
        return {issue: float(point[k]) for k, issue in enumerate(self.result.issue_ids)}


@dataclass(frozen=True)
class StagedResult:
    """The path of a staged negotiation under one model."""

    model: str
    rules: bool
    issue_ids: tuple[str, ...]
    start: dict[str, float]
    steps: tuple[StageStep, ...]

    @property
    def end(self) -> dict[str, float]:
        """Issue id -> where the path ends (median over draws; the status quo where no stage decided the issue)."""
        out = dict(self.start)
        for step in self.steps:
            out.update(step.outcome())
        return out

    @property
    def n_draws(self) -> int:
        return self.steps[0].result.n_draws

    def end_draws(self) -> np.ndarray:
        """``(B, K)``: where the path ends in every draw (issues in the scenario's order)."""
        out = np.tile(np.array([self.start[i] for i in self.issue_ids], dtype=float), (self.n_draws, 1))
        for step in self.steps:
            for k, issue in enumerate(step.result.issue_ids):
                out[:, self.issue_ids.index(issue)] = step.result.forecast[:, k]
        return out

    def as_result(self, sc: Scenario) -> Result:
        """The path's end as a Result of ``sc`` (forecast: :meth:`end_draws`; notes of every stage)."""
        first = self.steps[0].result
        return result_for(sc.arrays(), self.model, first.params, first.seed,
                          Outcome(self.end_draws(), details=self._bound(sc.actor_ids), notes=self.notes))

    def _bound(self, actor_ids: tuple[str, ...]) -> dict[str, np.ndarray]:
        """``rule_bound`` and ``veto_bound`` of the stage that decided each issue last (where rules applied)."""
        b, k = self.n_draws, len(self.issue_ids)
        bound, veto = np.zeros((b, k), bool), np.zeros((b, len(actor_ids), k), bool)
        applied = False
        for step in self.steps:
            d = step.result.details
            if "rule_bound" not in d:
                continue
            applied = True
            for j, issue in enumerate(step.result.issue_ids):
                col = self.issue_ids.index(issue)
                bound[:, col] = d["rule_bound"][:, j]
                veto[:, :, col] = False
                for i, actor in enumerate(step.result.actor_ids):
                    veto[:, actor_ids.index(actor), col] = d["veto_bound"][:, i, j]
        return {"rule_bound": bound, "veto_bound": veto} if applied else {}

    @property
    def notes(self) -> tuple[str, ...]:
        if len(self.steps) == 1:
            return self.steps[0].result.notes
        return tuple(f"stage {s.stage.id}, {n}" for s in self.steps for n in s.result.notes)

    def path(self) -> list[dict[str, Any]]:
        """One row per stage and issue decided: stage, issue, status quo before, outcome, rule bound."""
        rows = []
        for step in self.steps:
            bound = step.result.details.get("rule_bound")
            for k, issue in enumerate(step.result.issue_ids):
                rows.append({"model": self.model, "stage": step.stage.id, "issue": issue,
                             "status_quo": step.start[issue], "outcome": step.outcome()[issue],
                             "rule_bound": None if bound is None else bool(bound[0, k])})
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: start, path, end and notes (NaN becomes None)."""
        def clean(d: Mapping[str, float]) -> dict[str, float | None]:
            return {k: None if np.isnan(v) else v for k, v in d.items()}

        path = [{**row, "status_quo": None if np.isnan(row["status_quo"]) else row["status_quo"]}
                for row in self.path()]
        return {"model": self.model, "rules": self.rules, "start": clean(self.start), "path": path,
                "end": clean(self.end), "notes": list(self.notes)}


def paired_draws(scenarios: Sequence[Scenario], draws: int, seed: int) -> list[ScenarioArrays]:
    """``draws`` draws of each scenario on common random numbers: an input with the same path in two
    scenarios gets the same uniform in every draw (the central values when ``draws`` is 1)."""
    if draws <= 1:
        return [sc.arrays() for sc in scenarios]
    samplers = [Sampler(sc) for sc in scenarios]
    union: dict[str, int] = {}
    for sampler in samplers:
        for path in sampler.paths:
            union.setdefault(path, len(union))
    u = np.random.default_rng(seed_sequence(seed)).random((draws, len(union)))
    return [s.arrays(u[:, [union[p] for p in s.paths]]) for s in samplers]


def compare_staged(baseline: Scenario, changed: Scenario, model: str, *, draws: int = 1, seed: int | None = None,
                   params: Mapping[str, Any] | None = None, rules: bool = False):
    """A what-if that follows the stages (and, with ``rules``, the decision rules): one row per issue with
    where the baseline's path ends, where the variant's ends and the difference; with draws, both
    paths run on common random numbers and the row adds the difference's 90% interval."""
    import pandas as pd

    seed = fresh_seed() if seed is None else seed
    bases = paired_draws([baseline, changed], draws, seed)
    ends = [run_stages(sc, model, seed=seed, params=params, rules=rules, draws=draws, base=b).end_draws()
            for sc, b in zip((baseline, changed), bases, strict=True)]
    diff = ends[1] - ends[0]
    rows = []
    for k, issue in enumerate(baseline.issue_ids):
        row = {"model": model, "issue": issue, "baseline": float(np.nanmedian(ends[0][:, k])),
               "variant": float(np.nanmedian(ends[1][:, k])), "difference": float(np.nanmedian(diff[:, k]))}
        if draws > 1:
            lo, hi = np.nanquantile(diff[:, k], [0.05, 0.95])
            row.update(diff_q05=float(lo), diff_q95=float(hi), beyond_noise=bool(lo > 0 or hi < 0), draws=draws)
        rows.append(row)
    return pd.DataFrame(rows)


def run_stages(sc: Scenario, model: str, *, seed: int | None = None, params: Mapping[str, Any] | None = None,
               rules: bool = False, draws: int = 1, progress: Callable[[int, int], None] | None = None,
               base: ScenarioArrays | None = None) -> StagedResult:
    """Run ``sc``'s stages in order with ``model`` (a scenario without stages is one stage).

    ``rules=True`` holds every stage's forecast to the decision rules in force in that
    stage (the ``procedural`` model applies them anyway); an issue without a rule is
    decided by unanimity of the actors taking part. ``draws > 1`` runs the path on that
    many Monte Carlo draws of the inputs (seeded by ``seed``); ``progress(done, total)``
    counts the stages run. ``base`` gives the draws to run on (e.g. from :func:`paired_draws`).
    """
    stages = sc.stages or (Stage("all", "all issues at once"),)
    seed = fresh_seed() if seed is None and draws > 1 else seed
    start = {i.id: np.nan if i.status_quo is None else i.status_quo.value for i in sc.issues}
    if base is None:
        base = paired_draws([sc], draws, seed)[0]
    status_quo = {i: np.full(base.n_draws, v) for i, v in start.items()}
    shifted: dict[tuple[str, str], float] = {}
    steps = []
    for n, stage in enumerate(stages):
        for sh in stage.shifts:
            shifted[(sh.actor, sh.issue)] = shifted.get((sh.actor, sh.issue), 0.0) + sh.by
        central = {i: float(np.nanmedian(v)) if not np.isnan(v).all() else np.nan for i, v in status_quo.items()}
        scenario = stage_scenario(sc, stage, {i: v for i, v in central.items() if not np.isnan(v)}, shifted)
        arrays = _stage_arrays(base, scenario, status_quo, shifted)
        before = {i.id: np.nan if i.status_quo is None else i.status_quo.value for i in scenario.issues}
        result = _run_chunked(model, arrays, seed, params, rules)
        for k, issue in enumerate(result.issue_ids):
            status_quo[issue] = result.forecast[:, k].copy()
        steps.append(StageStep(stage, before, result))
        if progress is not None:
            progress(n + 1, len(stages))
    return StagedResult(model, rules, sc.issue_ids, start, tuple(steps))


def _stage_arrays(base: ScenarioArrays, scenario: Scenario, status_quo: Mapping[str, np.ndarray],
                  shifted: Mapping[tuple[str, str], float]) -> ScenarioArrays:
    """The draws of ``base`` cut to the stage's actors and issues, with its rules, status quo and shifts."""
    a_idx = np.array([base.actor_ids.index(a) for a in scenario.actor_ids])
    i_idx = np.array([base.issue_ids.index(i) for i in scenario.issue_ids])
    arr = base.take_actors(a_idx).take_issues(i_idx)
    position = arr.position.copy()
    for (actor, issue), by in shifted.items():
        if by and actor in arr.actor_ids and issue in arr.issue_ids:
            i, k = arr.actor_ids.index(actor), arr.issue_ids.index(issue)
            position[:, i, k] = np.clip(position[:, i, k] + by, arr.lower[k], arr.upper[k])
    sq = np.stack([np.clip(status_quo[i], lo, hi) for i, lo, hi in zip(arr.issue_ids, arr.lower, arr.upper,
                                                                      strict=True)], axis=1)
    return arr.with_(position=position, status_quo=sq, rules=scenario.arrays().rules)


def _run_chunked(model: str, arrays: ScenarioArrays, seed: int | None, params: Mapping[str, Any] | None,
                 rules: bool) -> Result:
    """One model run over all draws, in chunks of the Monte Carlo size (same model seed in every chunk)."""
    size = default_chunk_size(arrays.n_actors, arrays.n_issues)
    if arrays.n_draws <= size:
        return run(model, arrays, seed=seed, params=params, rules=rules)
    parts = [run(model, arrays.take_draws(np.arange(b, min(b + size, arrays.n_draws))), seed=seed, params=params,
                 rules=rules) for b in range(0, arrays.n_draws, size)]
    return result_for(arrays, parts[0].model, parts[0].params, seed, merge_outcomes([p.outcome for p in parts]))
