"""Summaries of forecasts over draws: medians, 50% and 90% intervals, threshold probabilities."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ParameterError
from ..models.result import Result

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
_NUMBER = r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?"
_THRESHOLD = re.compile(rf"^\s*(?P<issue>.+?)\s*(?P<op>>=|<=|>|<)\s*(?P<value>{_NUMBER})\s*$")


@dataclass(frozen=True)
class Threshold:
    """"The outcome on ``issue`` lies above (``>``) or below (``<``) ``value``"."""

    issue: str
    above: bool
    value: float

    def __str__(self) -> str:
        return f"{self.issue}{'>' if self.above else '<'}{self.value:g}"

    def probability(self, outcomes: np.ndarray) -> float:
        """Share of the (non-NaN) ``outcomes`` on the named side of the value."""
        x = outcomes[~np.isnan(outcomes)]
        if x.size == 0:
            return float("nan")
        return float(np.mean(x > self.value if self.above else x < self.value))


def parse_threshold(text: str, issue_ids: Sequence[str]) -> Threshold:
    """``ISSUE>VALUE`` or ``ISSUE<VALUE`` (``>=``/``<=`` read the same: outcomes are continuous)."""
    m = _THRESHOLD.match(text)
    if not m or not np.isfinite(float(m["value"])):
        raise ParameterError(f"threshold '{text}' is not ISSUE>VALUE or ISSUE<VALUE (e.g. 'sanctions>50')")
    if m["issue"] not in issue_ids:
        raise ParameterError(f"threshold '{text}': unknown issue '{m['issue']}' (known: {', '.join(issue_ids)})")
    return Threshold(m["issue"], m["op"].startswith(">"), float(m["value"]))


def summary_rows(result: Result, thresholds: Sequence[Threshold] = ()) -> list[dict]:
    """One dict per issue: model, issue, median, q05, q25, q75, q95, draws and one ``P(THRESHOLD)``
    entry per threshold (NaN except on its issue's row)."""
    f = result.forecast
    q = np.nanquantile(f, QUANTILES, axis=0) if f.shape[0] else np.full((len(QUANTILES), f.shape[1]), np.nan)
    rows = []
    for k, issue in enumerate(result.issue_ids):
        row = {"model": result.model, "issue": issue, "median": q[2, k], "q05": q[0, k], "q25": q[1, k],
               "q75": q[3, k], "q95": q[4, k], "draws": f.shape[0]}
        for t in thresholds:
            row[f"P({t})"] = t.probability(f[:, k]) if t.issue == issue else np.nan
        rows.append(row)
    return rows


def summarize(result: Result, thresholds: Sequence[Threshold] = ()):
    """:func:`summary_rows` as a pandas DataFrame."""
    import pandas as pd

    return pd.DataFrame(summary_rows(result, thresholds))
