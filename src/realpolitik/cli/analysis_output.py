"""Printing an analysis table as text, CSV or JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from ..analysis.columns import explain, headings
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
         frame: pd.DataFrame | None = None, details: bool = True) -> None:
    """An API Analysis as a table (``columns`` only, in words, grouped by model), CSV, or JSON.

    ``frame`` replaces the analysis's rows in the table and CSV (e.g. the top rows only);
    with ``details`` False only the caller's comparison table is printed.
    """
    report_notes(analysis)
    meta = {"seed": analysis.seed, **analysis.meta}
    frame = analysis.frame if frame is None else frame
    if fmt == "json":
        echo_json(analysis.to_dict())
    elif fmt == "csv":
        echo_csv(frame)
    elif details:
        shown = list(columns or [c for c in frame.columns if c != "model"])
        caption = ", ".join(f"{k} {v}" for k, v in meta.items() if k in ("seed", "draws", "repetitions", "samples"))
        for model, part in frame.groupby("model", sort=False):
            rows = [[_cell(v, digits) for v in row] for row in part[shown].itertuples(index=False)]
            print_table(f"{title} — {model}", headings(shown), rows, caption or None)


def columns_epilog(fields: Sequence[str]) -> str:
    """The ``--help`` text that explains a table's columns."""
    return "\b\nColumns:\n" + "\n".join(f"  {line}" for line in explain(fields).splitlines())


def change_table(analysis, title: str, issues: Sequence[str]) -> None:
    """A what-if over several models as one table: issues × models, each cell the change (with draws,
    its median and 90% interval; * when that interval excludes 0), or baseline → what-if without draws."""
    frame = analysis.frame
    models = list(dict.fromkeys(frame["model"]))
    drawn = "diff_q05" in frame.columns
    rows = []
    for issue in issues:
        cells = [issue]
        for m in models:
            row = frame[(frame["model"] == m) & (frame["issue"] == issue)].iloc[0]
            if drawn:
                star = " *" if row["beyond_noise"] else ""
                cells.append(f"{row['difference']:+.1f} [{row['diff_q05']:+.1f}, {row['diff_q95']:+.1f}]{star}")
            else:
                cells.append(f"{row['baseline']:.1f} → {row['variant']:.1f}")
        rows.append(cells)
    legend = ("change of the median forecast [90% interval of the change over draws]; * beyond noise (the "
              "interval excludes 0)" if drawn else "baseline → what-if")
    print_table(title, ["issue", *models], rows, f"{legend}; seed {analysis.seed}")
