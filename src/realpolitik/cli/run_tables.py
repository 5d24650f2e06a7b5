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
                   "scale_low": r["scale"]["lower"][k], "scale_high": r["scale"]["upper"][k],
                   "status_quo": r["status_quo"][k]}
            if q is not None:
                row.update(q05=float(q[0, k]), q95=float(q[1, k]), draws=draws.shape[0])
            rows.append(row)
    import pandas as pd
    return pd.DataFrame(rows)


def analysis_frame(run: StoredRun) -> pd.DataFrame | None:
    """The table a run recorded: an analysis's rows (what-if, shocks, sensitivity, leverage), a staged
    forecast's path, an advice's ranked moves or a backtest's records; None when it has none."""
    import pandas as pd

    a = run.analysis or {}
    if "rows" in a:
        return pd.DataFrame(a["rows"], columns=a["columns"])
    if "staged" in a:
        return pd.DataFrame([row for path in a["staged"] for row in path["path"]])
    if "moves" in a:
        return pd.DataFrame([{k: v for k, v in m.items() if k != "models"} for m in a["moves"]])
    if "records" in a:
        return pd.DataFrame(a["records"])
    return None


def forecast_rows(run: StoredRun) -> tuple[list[str], list[list[str]]]:
    """The forecasts as a table: one row per issue, one column per model."""
    models = [r["model"] for r in run.results]
    issues: list[str] = []
    for r in run.results:
        issues += [i for i in r["issues"] if i not in issues]
    cells = {(r["model"], i): r["forecast"][k] for r in run.results for k, i in enumerate(r["issues"])}
    rows = [[issue, *[fmt_num(cells.get((m, issue))) for m in models]] for issue in issues]
    return ["issue", *models], rows
