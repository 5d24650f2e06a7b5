"""A forecast in one paragraph of plain words: where the models agree, where they differ, which rule binds."""

from __future__ import annotations

from .forecasting import Forecast

AGREE_SHARE = 0.1  # models agree on an issue when their forecasts lie within 10% of its scale
MOST = 0.5  # a rule or a veto "binds" when it does in at least half of the draws


def _n(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _largest_group(values: dict[str, float], width: float) -> list[str]:
    """The most models whose forecasts lie within ``width`` of each other."""
    order = sorted(values, key=values.get)
    best: list[str] = []
    for i, low in enumerate(order):
        group = [m for m in order[i:] if values[m] - values[low] <= width]
        if len(group) > len(best):
            best = group
    return best


def describe(forecast: Forecast, *, agree_share: float = AGREE_SHARE) -> str:
    """Say in plain words what a forecast shows.

    Models agree on an issue when their central forecasts (medians over draws) lie within
    ``agree_share`` of the issue's scale. The paragraph names the issues where all models
    agree, with the common value; for the others the lowest and highest model and the
    largest group of models that agree; and, per model, the issues where a decision rule
    bound the outcome in most draws, with the actors whose veto did.
    """
    from ..reporting.plotdata import rule_bindings

    points = forecast.points()
    models = list(points)
    if not models:
        return "No model could run on this scenario."
    over = f" (medians over {forecast.draws} draws)" if forecast.draws > 1 else ""
    sentences = []
    if len(models) == 1:
        model, values = next(iter(points.items()))
        sentences.append(f"The {model} model forecasts " + ", ".join(
            f"{issue} at {_n(v)}" for issue, v in values.items()) + f"{over}.")
    else:
        agree, differ = [], []
        for issue in forecast.scenario.issues:
            values = {m: points[m][issue.id] for m in models if issue.id in points[m]}
            if not values:
                continue
            width = agree_share * (issue.upper - issue.lower)
            group = _largest_group(values, width)
            if len(group) == len(values):
                agree.append(f"{issue.id} (about {_n(sum(values.values()) / len(values))})")
                continue
            low, high = min(values, key=values.get), max(values, key=values.get)
            text = f"{issue.id}, from {_n(values[low])} ({low}) to {_n(values[high])} ({high})"
            if len(group) > 1:
                centre = sum(values[m] for m in group) / len(group)
                text += f", with {len(group)} of {len(values)} near {_n(centre)} ({', '.join(group)})"
            differ.append(text)
        head = f"The {len(models)} models"
        if agree:
            sentences.append(f"{head} agree on " + ", ".join(agree) + over + ".")
        if differ:
            sentences.append(("They" if agree else head) + " differ on " + "; on ".join(differ)
                             + ("" if agree else over) + ".")
    by_model: dict[str, list[str]] = {}
    for b in rule_bindings(forecast.results):
        if b.bound >= MOST:
            vetoes = [a for a, share in sorted(b.vetoes.items(), key=lambda kv: -kv[1]) if share >= MOST]
            by_model.setdefault(b.model, []).append(b.issue + (f" (veto of {', '.join(vetoes)})" if vetoes else ""))
    for model, issues in by_model.items():
        sentences.append(f"Under {model} the decision rule binds on {', '.join(issues)}.")
    if forecast.skipped:
        n = len(forecast.skipped)
        sentences.append(f"{n} model{'s' if n > 1 else ''} did not apply to this scenario.")
    return " ".join(sentences)
