"""Running an analysis for each chosen model and printing its table as text, CSV or JSON."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import click
import pandas as pd

from ..errors import ModelNotApplicable, ParameterError
from ..scenario import Scenario
from .loading import load_scenario
from .output import echo_csv, echo_json, fmt_num, print_table


def load_for_analysis(file: str) -> Scenario:
    """Load a scenario for an analysis that treats all its issues as one stage (says so if it has stages)."""
    sc = load_scenario(file)
    if sc.stages:
        click.echo(f"note: {file} has {len(sc.stages)} stages; this analysis runs all its issues at once", err=True)
    return sc


def per_model(models: Sequence[str], explicit: bool, analysis: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
    """``analysis(model)`` for each model, stacked; a model that does not apply is skipped
    with a note on stderr unless it was the one model asked for."""
    frames = []
    for name in models:
        try:
            frames.append(analysis(name))
        except ModelNotApplicable as exc:
            if explicit and len(models) == 1:
                raise
            click.echo(f"note: {name} skipped: {exc}", err=True)
    if not frames:
        raise ParameterError("none of the chosen models applies to this scenario")
    return pd.concat(frames, ignore_index=True)


def _cell(x: Any, digits: int) -> str:
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return "–" if math.isnan(x) else fmt_num(x, digits)
    return str(x)


def emit(frame: pd.DataFrame, fmt: str, title: str, meta: dict[str, Any], digits: int = 1,
         columns: Sequence[str] | None = None) -> None:
    """The frame as a table (``columns`` only, grouped by model), CSV, or JSON with ``meta``."""
    if fmt == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        echo_json({**meta, "rows": records})
    elif fmt == "csv":
        echo_csv(frame)
    else:
        shown = list(columns or [c for c in frame.columns if c != "model"])
        caption = ", ".join(f"{k} {v}" for k, v in meta.items() if k in ("seed", "draws", "repetitions", "samples"))
        for model, part in frame.groupby("model", sort=False):
            rows = [[_cell(v, digits) for v in row] for row in part[shown].itertuples(index=False)]
            print_table(f"{title} — {model}", shown, rows, caption or None)
