"""Running a staged negotiation: each stage's outcome is the next stage's status quo.

A scenario without stages runs as one stage deciding everything at once (the
"all-or-nothing" path); with stages, each stage is run by the model on the scenario
of :func:`~realpolitik.scenario.stages.stage_scenario`, and the forecast of each
issue it decides becomes that issue's status quo from then on. Position shifts
accumulate. Stages run on the central values (one draw).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models.result import Result
from ..models.runner import run
from ..scenario import Scenario
from ..scenario.stages import Stage, stage_scenario


@dataclass(frozen=True)
class StageStep:
    """One stage as run: the stage, the status quo it started from and the model's result."""

    stage: Stage
    start: dict[str, float]  # issue id -> status quo at the start of the stage (NaN unknown)
    result: Result

    def outcome(self) -> dict[str, float]:
        """Issue id -> the stage's forecast, for the issues this stage decided."""
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
        """Issue id -> where the path ends (the status quo where no stage decided the issue)."""
        out = dict(self.start)
        for step in self.steps:
            out.update(step.outcome())
        return out

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


def run_stages(sc: Scenario, model: str, *, seed: int | None = None, params: Mapping[str, Any] | None = None,
               rules: bool = False) -> StagedResult:
    """Run ``sc``'s stages in order with ``model`` (a scenario without stages is one stage).

    ``rules=True`` holds every stage's forecast to the decision rules in force in that
    stage (the ``procedural`` model applies them anyway).
    """
    stages = sc.stages or (Stage("all", "all issues at once"),)
    start = {i.id: np.nan if i.status_quo is None else i.status_quo.value for i in sc.issues}
    status_quo = {k: v for k, v in start.items() if not np.isnan(v)}
    shifted: dict[tuple[str, str], float] = {}
    steps = []
    for stage in stages:
        for sh in stage.shifts:
            shifted[(sh.actor, sh.issue)] = shifted.get((sh.actor, sh.issue), 0.0) + sh.by
        scenario = stage_scenario(sc, stage, status_quo, shifted)
        before = {i.id: np.nan if i.status_quo is None else i.status_quo.value for i in scenario.issues}
        result = run(model, scenario.arrays(), seed=seed, params=params, rules=rules)
        step = StageStep(stage, before, result)
        status_quo.update(step.outcome())
        steps.append(step)
    return StagedResult(model, rules, sc.issue_ids, start, tuple(steps))
