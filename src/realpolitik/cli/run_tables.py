"""Forecast tables of a stored run, built from its recorded results."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..store import StoredRun, stored_draws
from .output import fmt_num

if TYPE_CHECKING:
    import pandas as pd

QUANTILES = (0.05, 0.95)


def forecast_frame(run: StoredRun) -> pd.DataFrame:
    """One row per model and issue: forecast, scale, status quo and, with draws, the 90% interval."""
    rows = []
    for r in run.results:
        draws = stored_draws(r)
        q = np.nanquantile(draws, QUANTILES, axis=0) if draws.shape[0] > 1 else None
        for k, issue in enumerate(r["issues"]):
            row = {"run": run.id, "model": r["model"], "issue": issue, "forecast": r["forecast"][k],
                   "lower": r["scale"]["lower"][k], "upper": r["scale"]["upper"][k],
                   "status_quo": r["status_quo"][k]}
            if q is not None:
                row.update(q05=float(q[0, k]), q95=float(q[1, k]), draws=draws.shape[0])
            rows.append(row)
    import pandas as pd
    return pd.DataFrame(rows)


def analysis_frame(run: StoredRun) -> pd.DataFrame | None:
    """The table an analysis command recorded (what-if, sensitivity, leverage), or None."""
    if not run.analysis or "rows" not in run.analysis:
        return None
    import pandas as pd
    return pd.DataFrame(run.analysis["rows"], columns=run.analysis["columns"])


def forecast_rows(run: StoredRun) -> tuple[list[str], list[list[str]]]:
    """The forecasts as a table: one row per issue, one column per model."""
    models = [r["model"] for r in run.results]
    issues: list[str] = []
    for r in run.results:
        issues += [i for i in r["issues"] if i not in issues]
    cells = {(r["model"], i): r["forecast"][k] for r in run.results for k, i in enumerate(r["issues"])}
    rows = [[issue, *[fmt_num(cells.get((m, issue))) for m in models]] for issue in issues]
    return ["issue", *models], rows
