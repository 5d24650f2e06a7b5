"""Everything a report shows, computed from a scenario: forecasts (with draws), leverage, rules.

``collect`` runs the chosen models (Monte Carlo when ``draws`` > 1), skips those that do
not apply with a note, computes leverage and pivot values for one model and, when asked,
the advice for one actor under the models that ran.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..analysis.advise import advise
from ..analysis.leverage import leverage
from ..analysis.montecarlo import monte_carlo
from ..analysis.stages import run_stages
from ..errors import ModelNotApplicable
from ..models.result import Result
from ..models.runner import run
from ..scenario import Scenario
from ..versions import package_versions
from .sections import ReportSection


@dataclass(frozen=True)
class ReportData:
    """The inputs of one report: the scenario, results, notes, leverage rows and reproduction facts."""

    scenario: Scenario
    scenario_file: str
    results: tuple[Result, ...]
    seed: int
    draws: int
    skipped: tuple[str, ...] = ()  # "model: reason" for each model that does not apply
    leverage_model: str | None = None
    leverage: tuple[dict[str, Any], ...] = ()
    quotes: Mapping[tuple[str, int], str] = field(default_factory=dict)  # (source id, paragraph) -> text
    advice: Mapping[str, Any] | None = None  # Advice.to_dict() of the top moves for one actor
    versions: Mapping[str, str] = field(default_factory=package_versions)
    sections: tuple[ReportSection, ...] = ()  # what-ifs, shocks, sensitivity: when asked for


def run_models(sc: Scenario, models: Sequence[str], params: Mapping[str, Mapping[str, Any]], seed: int,
               draws: int, progress: Callable[[str, int, int | None], None] | None = None
               ) -> tuple[list[Result], list[str]]:
    """Each model's Result (``draws`` Monte Carlo draws when > 1; where the path ends for a staged
    scenario); models that do not apply are noted."""
    results, skipped = [], []
    for name in models:
        try:
            if sc.stages:  # where each model's path ends, stage by stage, on every draw
                results.append(run_stages(sc, name, seed=seed, params=params.get(name), draws=draws,
                                          progress=_label(progress, f"{name}: stages")).as_result(sc))
            elif draws > 1:
                results.append(monte_carlo(sc, name, draws, seed=seed, params=params.get(name),
                                           progress=_label(progress, f"{name}: draws")))
            else:
                results.append(run(name, sc.arrays(), seed=seed, params=params.get(name)))
        except ModelNotApplicable as exc:
            skipped.append(f"{name}: {exc}")
    return results, skipped


def _label(progress, label: str):
    return None if progress is None else (lambda done, total: progress(label, done, total))


def leverage_rows(sc: Scenario, model: str, params: Mapping[str, Any] | None, draws: int,
                  seed: int, progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, Any], ...]:
    """Leverage and pivot values of every actor on every issue under ``model`` with ``params``."""
    frame = leverage(sc, model, draws=draws, seed=seed, params=params, progress=progress)
    return tuple({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
                 for row in frame.to_dict(orient="records"))


def collect(sc: Scenario, scenario_file: str, models: Sequence[str], params: Mapping[str, Mapping[str, Any]],
            seed: int, draws: int = 1, leverage_model: str | None = None,
            quotes: Mapping[tuple[str, int], str] | None = None, advise_actor: str | None = None,
            advise_top: int = 10, sections: Sequence[ReportSection] = (),
            progress: Callable[[str, int, int | None], None] | None = None) -> ReportData:
    """Run the models and the leverage analysis for a report.

    Leverage is computed for ``leverage_model`` (default: the first model that applies);
    ``""`` skips it. With ``advise_actor``, the ``advise_top`` best moves of that actor
    under the models that ran (every move kind, the report's draws and seed).
    ``sections`` (what-ifs, shocks, sensitivity) are shown as given.
    ``progress(label, done, total)`` follows the model runs.
    """
    results, skipped = run_models(sc, models, params, seed, draws, progress)
    chosen = leverage_model if leverage_model is not None else (results[0].model if results else "")
    rows: tuple[dict[str, Any], ...] = ()
    if chosen and sc.stages:
        skipped.append("leverage: not computed, as it does not follow the scenario's stages")
    elif chosen and chosen not in {r.model for r in results}:
        skipped.append(f"leverage: model '{chosen}' is not among the models that ran")
    elif chosen:
        try:
            rows = leverage_rows(sc, chosen, params.get(chosen), draws, seed,
                                 _label(progress, f"{chosen}: leverage runs"))
        except ModelNotApplicable as exc:
            skipped.append(f"leverage under {chosen}: {exc}")
    advice = None
    if advise_actor is not None and results:
        advice = advise(sc, advise_actor, [r.model for r in results], draws=draws, seed=seed,
                        params=params).to_dict(advise_top)
    return ReportData(sc, scenario_file, tuple(results), seed, draws, tuple(skipped),
                      chosen if rows else None, rows, dict(quotes or {}), advice=advice, sections=tuple(sections))
