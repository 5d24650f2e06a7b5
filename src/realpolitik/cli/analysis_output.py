"""Printing an analysis table as text, CSV or JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from .output import echo_csv, echo_json, fmt_num, print_table

if TYPE_CHECKING:
    import pandas as pd


def report_notes(analysis) -> None:
    """An analysis's notes and skipped models on stderr."""
    for note in analysis.notes:
        click.echo(f"note: {note}", err=True)
    for note in analysis.skipped:
        click.echo(f"note: {note.replace(': ', ' skipped: ', 1)}", err=True)


def _cell(x: Any, digits: int) -> str:
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return "–" if math.isnan(x) else fmt_num(x, digits)
    return str(x)


def emit(analysis, fmt: str, title: str, digits: int = 1, columns: Sequence[str] | None = None,
         frame: pd.DataFrame | None = None) -> None:
    """An API Analysis as a table (``columns`` only, grouped by model), CSV, or JSON.

    ``frame`` replaces the analysis's rows in the table and CSV (e.g. the top rows only).
    """
    report_notes(analysis)
    meta = {"seed": analysis.seed, **analysis.meta}
    frame = analysis.frame if frame is None else frame
    if fmt == "json":
        echo_json(analysis.to_dict())
    elif fmt == "csv":
        echo_csv(frame)
    else:
        shown = list(columns or [c for c in frame.columns if c != "model"])
        caption = ", ".join(f"{k} {v}" for k, v in meta.items() if k in ("seed", "draws", "repetitions", "samples"))
        for model, part in frame.groupby("model", sort=False):
            rows = [[_cell(v, digits) for v in row] for row in part[shown].itertuples(index=False)]
            print_table(f"{title} — {model}", shown, rows, caption or None)
