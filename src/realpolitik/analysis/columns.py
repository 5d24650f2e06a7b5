"""Words for the columns of analysis tables, and what each means.

Frames keep short field names (stable for CSV, JSON and code); tables shown to people
(terminal, report) use these words, and ``--help`` and the docs explain them from
the same source.
"""

from __future__ import annotations

from collections.abc import Iterable

# field name -> (column heading, what it means)
COLUMNS: dict[str, tuple[str, str]] = {
    "model": ("model", "the model that produced the row"),
    "issue": ("issue", "the issue"),
    "actor": ("actor", "the actor"),
    "input": ("input", "the uncertain input (actor.issue.field)"),
    "scale": ("scale", "the ends of the issue's scale"),
    "status_quo": ("status quo", "the outcome if nothing is agreed"),
    "median": ("median", "the median forecast over the draws or shocks"),
    "q05": ("5%", "5% of the draws or shocks end below this value"),
    "q25": ("25%", "25% of the draws end below this value"),
    "q75": ("75%", "75% of the draws end below this value"),
    "q95": ("95%", "95% of the draws or shocks end below this value"),
    "draws": ("draws", "Monte Carlo draws of the uncertain inputs"),
    "baseline": ("baseline", "the forecast of the scenario as given"),
    "variant": ("what-if", "the forecast with the changes asked for"),
    "difference": ("change", "what-if minus baseline (median over draws)"),
    "diff_q05": ("change 5%", "5% quantile of the change over draws run on the same random numbers"),
    "diff_q95": ("change 95%", "95% quantile of the change over the same draws"),
    "beyond_noise": ("beyond noise", "yes when the 90% interval of the change excludes 0"),
    "mean_shift": ("average move", "average distance of the shocked forecasts from the baseline"),
    "stable": ("stable", "share of shocks whose forecast stays within the tolerance of the baseline"),
    "repetitions": ("shocks", "number of random shocks"),
    "S1": ("first-order", "Sobol first-order index: share of the forecast's variance due to this input alone"),
    "S1_conf": ("first-order ±", "95% confidence half-width of the first-order index"),
    "ST": ("total", "Sobol total index: share of variance due to this input with all its interactions"),
    "ST_conf": ("total ±", "95% confidence half-width of the total index"),
    "rank": ("rank", "rank of the input by its total index on this issue (1: most influential)"),
    "position": ("position", "the actor's position on the issue"),
    "forecast": ("forecast", "the forecast as given"),
    "capability": ("capability +10%", "move of the forecast toward the actor when its capability rises by 10%"),
    "salience": ("salience +0.1", "move toward the actor when its salience rises by 0.1 of the scale"),
    "outside": ("credibility +0.1", "move toward the actor when its outside option's credibility rises by 0.1"),
    "pivot": ("pivot value", "what the actor's outside options buy: forecast with them minus without, toward "
                             "the actor; 0 when the model has no notion of outside options or the actor has none"),
    "with": ("with options", "the forecast with the actors' outside options as given"),
    "without": ("without options", "the forecast with those outside options switched off"),
    "pivot_mean": ("pivot average", "mean pivot value over draws"),
    "moved": ("draws moved", "share of draws in which the outside options move the forecast"),
    "why_zero": ("why 0", "why a pivot value is 0: the actor has no outside option on the issue, or the model's "
                          "forecast does not move with it (the mean, median, eum, exchange, smp and procedural "
                          "models have no notion of an outside option)"),
    "pivot_q05": ("pivot 5%", "5% quantile of the pivot value over draws"),
    "pivot_q95": ("pivot 95%", "95% quantile of the pivot value over draws"),
    "winset_lower": ("win-set from", "lowest outcome the decision rule lets replace the status quo"),
    "winset_upper": ("win-set to", "highest outcome the decision rule lets replace the status quo"),
    "rule_bound": ("rule bound", "the decision rule moved the model's outcome"),
    "unconstrained": ("without rules", "the model's own forecast before the rules"),
    "scale_low": ("scale from", "low end of the issue's scale"),
    "scale_high": ("scale to", "high end of the issue's scale"),
}


def heading(field: str) -> str:
    """The words for a field (the field itself when it has none, e.g. ``P(sanctions>20)``)."""
    return COLUMNS.get(field, (field, ""))[0]


def headings(fields: Iterable[str]) -> list[str]:
    return [heading(f) for f in fields]


def explain(fields: Iterable[str]) -> str:
    """One line per field: ``heading: meaning`` (for --help and captions)."""
    return "\n".join(f"{COLUMNS[f][0]}: {COLUMNS[f][1]}" for f in fields if f in COLUMNS)
