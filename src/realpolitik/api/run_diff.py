"""Comparing two recorded runs: what differs in their inputs, settings, versions and numbers."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .recording import StoreLike, open_store

SCENARIO_LINES = 200  # at most this many lines of the scenario's unified diff


@dataclass(frozen=True)
class RunDiff:
    """How run ``first`` and run ``second`` differ (``same`` when in nothing)."""

    first: int
    second: int
    scenario: tuple[str, ...] = ()  # unified diff of the stored scenario texts
    settings: tuple[dict[str, Any], ...] = ()  # {"what", "first", "second"}: command, models, options, seed...
    forecasts: tuple[dict[str, Any], ...] = ()  # {"model", "issue", "first", "second", "change"} where they differ
    analysis_differs: bool = False

    @property
    def same(self) -> bool:
        return not (self.scenario or self.settings or self.forecasts or self.analysis_differs)

    def to_dict(self) -> dict[str, Any]:
        return {"first": self.first, "second": self.second, "same": self.same, "scenario": list(self.scenario),
                "settings": list(self.settings), "forecasts": list(self.forecasts),
                "analysis_differs": self.analysis_differs}


def _options(invocation: dict[str, Any]) -> dict[str, Any]:
    stored = invocation.get("kwargs", invocation.get("params", {}))
    skip = {invocation.get("scenario_param", "file"), "scenario", "seed"}
    return {k: v for k, v in stored.items() if k not in skip}


def _forecasts(results) -> dict[tuple[str, str], float | None]:
    return {(r["model"], issue): r["forecast"][k] for r in results for k, issue in enumerate(r["issues"])}


def compare_runs(first: int, second: int, *, store: StoreLike = True) -> RunDiff:
    """Compare two runs of the run store: scenario text, command, models, parameters, options, seed,
    versions, every forecast and the analysis table."""
    runs = open_store(store)
    a, b = runs.get(first), runs.get(second)
    scenario: tuple[str, ...] = ()
    if a.scenario_hash != b.scenario_hash:
        lines = difflib.unified_diff(a.scenario.decode("utf-8", errors="replace").splitlines(),
                                     b.scenario.decode("utf-8", errors="replace").splitlines(),
                                     f"run {a.id}", f"run {b.id}", lineterm="", n=1)
        scenario = tuple(lines)[:SCENARIO_LINES]
    settings = tuple({"what": what, "first": x, "second": y} for what, x, y in (
        ("command", a.command, b.command), ("models", list(a.models), list(b.models)),
        ("parameters", a.params, b.params), ("options", _options(a.invocation), _options(b.invocation)),
        ("seed", a.seed, b.seed), ("versions", a.versions, b.versions)) if x != y)
    fa, fb = _forecasts(a.results), _forecasts(b.results)
    forecasts = []
    for key in sorted(set(fa) | set(fb)):
        x, y = fa.get(key), fb.get(key)
        change = None if x is None or y is None else y - x
        if change != 0:
            forecasts.append({"model": key[0], "issue": key[1], "first": x, "second": y, "change": change})
    return RunDiff(a.id, b.id, scenario, settings, tuple(forecasts), (a.analysis or None) != (b.analysis or None))
