"""A forecast in plain words: one paragraph on what the models say, issue by issue.

For each issue: the range of the models' forecasts (point values, or medians over
draws), the largest group of models that agree (forecasts within 5% of the scale of
each other), which decision rule or veto held the outcome where the models record it,
and, with draws, the widest 90% interval. The same words serve the terminal, the report
and the Python API.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..models.result import Result

AGREEMENT = 0.05  # models agree when their forecasts lie within this share of the scale of each other


def _num(x: float) -> str:
    return f"{x:.1f}"


def _names(models: Sequence[str]) -> str:
    models = list(models)
    return models[0] if len(models) == 1 else ", ".join(models[:-1]) + " and " + models[-1]


def _agreeing(points: np.ndarray, width: float) -> np.ndarray:
    """Indices of the largest group of forecasts within ``AGREEMENT × width`` of each other."""
    order = np.argsort(points, kind="stable")
    best = order[:1]
    for start in range(len(order)):
        group = [i for i in order[start:] if points[i] - points[order[start]] <= AGREEMENT * width + 1e-12]
        if len(group) > len(best):
            best = np.array(group)
    return best


def _binding(results: Sequence[Result], k: int) -> str:
    """Which rule and whose veto held the outcome on issue ``k``, by model."""
    parts = []
    for r in results:
        bound = r.details.get("rule_bound")
        if bound is None or not bound[:, k].any():
            continue
        share = bound[:, k].mean()
        veto = r.details.get("veto_bound")
        who = [a for i, a in enumerate(r.actor_ids) if veto is not None and veto[:, i, k].any()]
        how = f"the veto of {_names(who)}" if who else "the quota"
        when = "" if r.n_draws == 1 else f" in {share:.0%} of draws"
        parts.append(f"{how} held the {r.model} forecast{when}")
    return "; ".join(parts)


def issue_sentence(issue: str, width: float, results: Sequence[Result], k: int) -> str:
    """One sentence on issue ``k`` (column ``k`` of every result) of scale width ``width``."""
    points = np.array([float(r.point()[k]) for r in results])
    ok = ~np.isnan(points)
    names = [r.model for r, good in zip(results, ok, strict=True) if good]
    points = points[ok]
    if not names:
        return f"On {issue} no model gives a forecast."
    lo, hi = points.min(), points.max()
    if len(names) == 1:
        text = f"On {issue} the {names[0]} model forecasts {_num(lo)}"
    elif hi - lo <= AGREEMENT * width + 1e-12:
        every = "both models agree" if len(names) == 2 else f"all {len(names)} models agree"
        at = _num(lo) if _num(lo) == _num(hi) else f"{_num(lo)}–{_num(hi)}"
        text = f"On {issue} {every}, at {at}"
    else:
        low = [n for n, p in zip(names, points, strict=True) if p == lo]
        high = [n for n, p in zip(names, points, strict=True) if p == hi]
        text = (f"On {issue} the forecasts range from {_num(lo)} ({_names(low)}) to {_num(hi)} ({_names(high)})")
        group = _agreeing(points, width)
        if len(group) > 1:
            near = [names[i] for i in sorted(group)]
            text += (f"; {len(group)} of {len(names)} models agree near {_num(float(np.median(points[group])))} "
                     f"({_names(near)})")
        else:
            text += "; no two models agree"
    bind = _binding(results, k)
    if bind:
        text += f"; {bind}"
    drawn = [r for r in results if r.n_draws > 1]
    if drawn:
        q = [(r.model, *np.nanquantile(r.forecast[:, k], [0.05, 0.95])) for r in drawn]
        model, a, b = max(q, key=lambda t: t[2] - t[1])
        if b > a:
            text += f"; the widest 90% interval is {model}'s, {_num(a)}–{_num(b)}"
        else:
            text += "; no draw moves it"
    return text + "."


def summary_sentences(results: Sequence[Result]) -> list[str]:
    """One sentence per issue of ``results`` (runs of several models on one scenario), then one on
    the uncertainty: with draws, the issue whose forecasts are least certain (the widest 90%
    interval relative to its scale); without, that the uncertainty needs draws."""
    if not results:
        return []
    first = results[0]
    widths = np.asarray(first.upper, dtype=float) - np.asarray(first.lower, dtype=float)
    if len(results) == 1 and first.n_draws == 1 and len(first.issue_ids) > 1 and not any(
            _binding(results, k) for k in range(len(first.issue_ids))):  # one model, central values: one sentence
        points = [(issue, float(first.point()[k])) for k, issue in enumerate(first.issue_ids)]
        told = [f"{issue} at {_num(x)}" for issue, x in points if not np.isnan(x)]
        missing = [issue for issue, x in points if np.isnan(x)]
        sentences = [f"The {first.model} model forecasts {_names(told)}." if told else ""]
        if missing:
            sentences.append(f"It gives no forecast on {_names(missing)}.")
        sentences = [t for t in sentences if t]
    else:
        sentences = [issue_sentence(issue, float(widths[k]), results, k) for k, issue in enumerate(first.issue_ids)]
    drawn = [r for r in results if r.n_draws > 1]
    if drawn:
        spread = np.max([np.diff(np.nanquantile(r.forecast, [0.05, 0.95], axis=0), axis=0)[0] for r in drawn],
                        axis=0) / widths
        k = int(np.nanargmax(spread))
        sentences.append(f"The largest uncertainty is on {first.issue_ids[k]}: a 90% interval spans "
                         f"{spread[k]:.0%} of its scale.")
    else:
        sentences.append("These are central values; run with draws to see how uncertain each forecast is.")
    return sentences


def summary_paragraph(results: Sequence[Result]) -> str:
    """The sentences of :func:`summary_sentences` as one paragraph, in plain words."""
    return " ".join(summary_sentences(results))
