"""Plot data, computed once: plain values from a Scenario and Results for any renderer.

The HTML report, ``Result.plot`` and any other front end draw from these functions;
none of them computes plot values on its own. Values are central (the scenario's
point values); forecasts are the median over draws with a 90% interval when a
result has draws.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models.result import Result
from ..scenario import Scenario

INTERVAL = (0.05, 0.95)


@dataclass(frozen=True)
class ActorPoint:
    """One actor on one issue: position, salience (0–1), capability and their product's share."""

    actor: str
    name: str
    position: float
    salience: float
    capability: float
    weight: float  # capability × salience, as a share of the issue's total (sizes the marker)


@dataclass(frozen=True)
class Mark:
    """One model's forecast on one issue, with its 90% interval when the run had draws."""

    model: str
    point: float
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class IssueMap:
    """An issue's scale, what its ends mean, its status quo, its actors and each model's forecast."""

    issue: str
    name: str
    lower: float
    upper: float
    lower_means: str | None
    upper_means: str | None
    status_quo: float | None
    actors: tuple[ActorPoint, ...]
    forecasts: tuple[Mark, ...]


@dataclass(frozen=True)
class Trajectory:
    """A model's forecast and each actor's position on one issue, round by round (median over draws)."""

    model: str
    issue: str
    lower: float
    upper: float
    forecast: tuple[float, ...]  # NaN where the model records no forecast by round
    positions: dict[str, tuple[float, ...]]

    @property
    def has_forecast(self) -> bool:
        return not all(np.isnan(self.forecast))

    def end_labels(self, min_gap: float = 0.06) -> list[tuple[str, float, float]]:
        """Labels for the lines' ends that never overlap: ``(text, end value, label height)``.

        Actors ending within 1% of the scale of each other share one label ("DPRK, HARDLINERS");
        the labels are then pushed apart to at least ``min_gap`` of the scale, inside the scale.
        """
        width = self.upper - self.lower
        ends = sorted((series[-1], actor) for actor, series in self.positions.items() if not np.isnan(series[-1]))
        groups: list[tuple[list[str], float]] = []
        for value, actor in ends:
            if groups and value - groups[-1][1] <= 0.01 * width:
                groups[-1][0].append(actor)
            else:
                groups.append(([actor], value))
        heights = spread([v for _, v in groups], min_gap * width, self.lower, self.upper)
        return [(", ".join(names), v, h) for (names, v), h in zip(groups, heights, strict=True)]


def spread(values: Sequence[float], gap: float, lower: float, upper: float) -> list[float]:
    """Heights for labels at sorted ``values``, at least ``gap`` apart and inside [lower, upper] where room allows.

    Each label moves as little as it can: the labels are pushed up from the bottom, then
    down from the top, and every cluster of touching labels is centred on its values.
    """
    y = [float(v) for v in values]
    n = len(y)
    if n == 0:
        return []
    gap = min(gap, (upper - lower) / max(1, n - 1)) if n > 1 else gap
    # clusters of labels closer than the gap, each centred on the mean of its values
    clusters: list[list[int]] = []
    for i in range(n):
        clusters.append([i])
        while len(clusters) > 1:
            a, b = clusters[-2], clusters[-1]
            top_a = np.mean([y[j] for j in a]) + gap * (len(a) - 1) / 2
            bottom_b = np.mean([y[j] for j in b]) - gap * (len(b) - 1) / 2
            if bottom_b - top_a >= gap:
                break
            clusters[-2:] = [a + b]
    out = []
    for c in clusters:
        centre = float(np.mean([y[j] for j in c]))
        half = gap * (len(c) - 1) / 2
        centre = min(max(centre, lower + half), upper - half)
        out += [centre - half + gap * m for m in range(len(c))]
    return out


def marks(result: Result) -> list[Mark]:
    """The forecast of every issue of a result (median and 90% interval over draws)."""
    point = result.point()
    if result.n_draws > 1:
        q = result.quantiles(INTERVAL)
        return [Mark(result.model, float(point[k]), float(q[0, k]), float(q[1, k])) for k in range(len(point))]
    return [Mark(result.model, float(point[k])) for k in range(len(point))]


@dataclass(frozen=True)
class ScaledMark:
    """An issue's forecast, interval and status quo as percentages of the issue's scale."""

    issue: str
    point: float
    low: float | None
    high: float | None
    status_quo: float | None


def scaled_marks(result: Result) -> list[ScaledMark]:
    """Every issue's forecast as % of its scale, so issues with different scales share one chart."""
    out = []
    for k, (issue, mk) in enumerate(zip(result.issue_ids, marks(result), strict=True)):
        lo, span = float(result.lower[k]), float(result.upper[k] - result.lower[k])

        def pct(v: float | None, lo: float = lo, span: float = span) -> float | None:
            return None if v is None or np.isnan(v) else 100 * (v - lo) / span

        out.append(ScaledMark(issue, pct(mk.point), pct(mk.low), pct(mk.high), pct(float(result.status_quo[k]))))
    return out


def actor_maps(sc: Scenario, results: Sequence[Result]) -> list[IssueMap]:
    """Per issue: the actors on the scale (sized by capability × salience) and each model's forecast."""
    per_model = {r.model: (r.issue_ids, marks(r)) for r in results}
    maps = []
    for issue in sc.issues:
        points = []
        for s in (s for s in sc.stances if s.issue == issue.id):
            actor = sc.actor(s.actor)
            cap = (s.capability or actor.capability).value
            points.append((actor, s.position.value, s.salience.value / sc.salience_scale, cap))
        total = sum(cap * sal for _, _, sal, cap in points) or 1.0
        actors = tuple(ActorPoint(a.id, a.name, pos, sal, cap, cap * sal / total) for a, pos, sal, cap in points)
        forecasts = tuple(ms[ids.index(issue.id)] for ids, ms in per_model.values() if issue.id in ids)
        sq = None if issue.status_quo is None else issue.status_quo.value
        maps.append(IssueMap(issue.id, issue.name, issue.lower, issue.upper, issue.lower_means, issue.upper_means,
                             sq, actors, forecasts))
    return maps


def trajectories(result: Result) -> list[Trajectory]:
    """Round-by-round forecast and positions per issue; empty when the model has no rounds."""
    forecast = result.history.get("forecast")
    positions = result.history.get("position")
    if forecast is None and positions is None:
        return []
    if forecast is None:
        forecast = np.full(positions.shape[:2] + positions.shape[3:], np.nan)
    with warnings.catch_warnings():  # absent actors are all-NaN: their median stays NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        fc = np.nanmedian(forecast, axis=0)  # (R, K)
        pos = None if positions is None else np.nanmedian(positions, axis=0)  # (R, N, K)
    out = []
    for k, issue in enumerate(result.issue_ids):
        by_actor = {}
        if pos is not None:
            for i, actor in enumerate(result.actor_ids):
                series = pos[:, i, k]
                if not np.all(np.isnan(series)):
                    by_actor[actor] = tuple(float(x) for x in series)
        out.append(Trajectory(result.model, issue, float(result.lower[k]), float(result.upper[k]),
                              tuple(float(x) for x in fc[:, k]), by_actor))
    return out


@dataclass(frozen=True)
class RuleBinding:
    """How often (share of draws) a decision rule bound a model's outcome on one issue, and by whose veto."""

    model: str
    issue: str
    bound: float
    quota: float | None
    vetoes: dict[str, float]  # actor -> share of draws its veto alone would stop the wanted outcome
    winset: tuple[float, float] | None  # median win-set of the status quo over draws


def rule_bindings(results: Sequence[Result]) -> list[RuleBinding]:
    """For results that report rule binding (details ``rule_bound``), per issue: who bound the outcome."""
    out = []
    for r in results:
        bound = r.details.get("rule_bound")
        if bound is None:
            continue
        veto = r.details.get("veto_bound")
        quota = r.details.get("quota_bound")
        lower, upper = r.details.get("winset_lower"), r.details.get("winset_upper")
        for k, issue in enumerate(r.issue_ids):
            vetoes = {} if veto is None else {a: float(veto[:, i, k].mean()) for i, a in enumerate(r.actor_ids)
                                              if veto[:, i, k].any()}
            winset = None
            if lower is not None and upper is not None and not np.all(np.isnan(lower[:, k])):
                winset = (float(np.nanmedian(lower[:, k])), float(np.nanmedian(upper[:, k])))
            out.append(RuleBinding(r.model, issue, float(bound[:, k].mean()),
                                   None if quota is None else float(quota[:, k].mean()), vetoes, winset))
    return out


@dataclass(frozen=True)
class PivotBar:
    """An actor's pivot value on an issue where it has an outside option, with its 90% interval."""

    actor: str
    issue: str
    value: float
    low: float | None
    high: float | None


def pivot_bars(leverage_rows: Sequence[Mapping[str, Any]]) -> list[PivotBar]:
    """Pivot values from leverage rows (``realpolitik.analysis.leverage``), where an outside option exists."""
    return [PivotBar(str(r["actor"]), str(r["issue"]), float(r["pivot"]), r.get("pivot_q05"), r.get("pivot_q95"))
            for r in leverage_rows if r.get("pivot") is not None and r.get("outside") is not None]
