"""What-if: change a scenario, forecast both, and compare issue by issue.

With draws, baseline and variant run on common random numbers (the same uniforms for
every input they share), so the per-draw difference isolates the change; the change is
"beyond noise" when the 90% interval of that paired difference excludes 0.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..models.runner import run
from ..scenario import OutsideOption, Scenario, Uncertain
from ..scenario.values import parse_number
from .montecarlo import paired_monte_carlo


def apply_set(sc: Scenario, item: str) -> Scenario:
    """``PATH=VALUE``, e.g. ``DPRK.sanctions.position=70`` or ``USA.salience=80``."""
    path, sep, value = item.partition("=")
    if not sep:
        raise ScenarioError(f"'{item}' is not PATH=VALUE (e.g. DPRK.sanctions.position=70)", place="--set")
    return sc.with_value(sc.parse_path(path.strip()), parse_number(value.strip(), "value", f"--set {item}"))


def apply_outside(sc: Scenario, item: str) -> Scenario:
    """``ACTOR.ISSUE=VALUE[@CREDIBILITY]`` sets an outside option; ``ACTOR.ISSUE=none`` removes it.

    A new option without a credibility is fully credible (1).
    """
    place = f"--outside {item}"
    target, sep, spec = item.partition("=")
    if not sep:
        raise ScenarioError(f"'{item}' is not ACTOR.ISSUE=VALUE[@CREDIBILITY]", place="--outside")
    path = sc.parse_path(f"{target.strip()}.outside")
    if path.issue is None or sc.stance(path.actor, path.issue) is None:
        raise ScenarioError(f"'{target.strip()}' is not an actor and an issue it takes part in", place=place)
    if spec.strip().lower() == "none":
        stances = tuple(dataclasses.replace(s, outside=None) if (s.actor, s.issue) == (path.actor, path.issue)
                        else s for s in sc.stances)
        return sc.replace(stances=stances)
    value, at, cred = spec.partition("@")
    stance = sc.stance(path.actor, path.issue)
    credibility = parse_number(cred.strip(), "value", place) if at else (
        stance.outside.credibility.value if stance.outside else 1.0)
    option = OutsideOption(
        stance.outside.value.with_value(parse_number(value.strip(), "value", place)) if stance.outside
        else Uncertain(parse_number(value.strip(), "value", place)),
        stance.outside.credibility.with_value(credibility) if stance.outside else Uncertain(credibility),
        stance.outside.public if stance.outside else False)
    stances = tuple(dataclasses.replace(s, outside=option) if s is stance else s for s in sc.stances)
    try:
        return sc.replace(stances=stances)
    except ScenarioError as exc:
        raise ScenarioError(exc.problem, place=place) from None


def variant(sc: Scenario, sets: Sequence[str] = (), outsides: Sequence[str] = (),
            drops: Sequence[str] = ()) -> Scenario:
    """The scenario with the ``--set`` changes, then the ``--outside`` changes, then the drops applied."""
    for item in sets:
        sc = apply_set(sc, item)
    for item in outsides:
        sc = apply_outside(sc, item)
    if drops:
        sc = sc.without_actors(*drops)
    return sc


def compare(baseline: Scenario, changed: Scenario, model: str, *, draws: int = 1, seed: int | None = None,
            params: Mapping[str, Any] | None = None, **mc: Any):
    """One row per issue: baseline, variant and their difference.

    With ``draws > 1`` the forecasts are medians over draws on common random numbers and
    the row adds the 90% interval of the paired difference (``diff_q05``, ``diff_q95``)
    and ``beyond_noise`` (that interval excludes 0). With one draw the central values are used.
    """
    import pandas as pd

    if draws > 1:
        base_r, var_r = paired_monte_carlo([baseline, changed], model, draws, seed=seed, params=params, **mc)
    else:
        base_r, var_r = (run(model, s.arrays(), seed=seed, params=params) for s in (baseline, changed))
    diff = var_r.forecast - base_r.forecast
    rows = []
    for k, issue in enumerate(base_r.issue_ids):
        row = {"model": model, "issue": issue, "baseline": float(base_r.point()[k]),
               "variant": float(var_r.point()[k]), "difference": float(np.nanmedian(diff[:, k]))}
        if draws > 1:
            lo, hi = np.nanquantile(diff[:, k], [0.05, 0.95])
            row.update(diff_q05=float(lo), diff_q95=float(hi), beyond_noise=bool(lo > 0 or hi < 0), draws=draws)
        rows.append(row)
    return pd.DataFrame(rows)
