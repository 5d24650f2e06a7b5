"""One comparison table (issues × models), the plain-words summary and the models' notes, for the terminal.

With draws each cell is the median and its 90% interval; the notes of each model are
counted on one line after the table (``--details`` prints them in full, ``--quiet``
leaves out the summary and the notes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import click
import numpy as np

from ..analysis.narrative import summary_paragraph
from ..models.result import Result
from ..scenario import Scenario
from .output import console, fmt_num, print_table

quiet_option = click.option("--quiet", "-q", is_flag=True,
                            help="Only the table: no summary paragraph and no notes.")
details_option = click.option("--details", is_flag=True,
                              help="Also print each model's own table and every note in full.")


def cell(point: float, low: float | None = None, high: float | None = None) -> str:
    """``49.2`` or, with an interval, ``48.2 [40.6–53.6]``."""
    if low is None or high is None or (isinstance(low, float) and math.isnan(low)):
        return fmt_num(point)
    return f"{fmt_num(point)} [{fmt_num(low)}–{fmt_num(high)}]"


def forecast_table(sc: Scenario, results: Sequence[Result], title: str, caption: str) -> None:
    """Issues as rows, the scale and status quo, then one column per model (median [90% interval] with draws)."""
    columns = ["issue", "scale", "status quo", *[r.model for r in results]]
    rows = []
    for k, issue in enumerate(sc.issues):
        sq = None if issue.status_quo is None else issue.status_quo.value
        cells = [issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(sq)]
        for r in results:
            point = float(r.point()[k])
            if r.n_draws > 1:
                lo, hi = np.nanquantile(r.forecast[:, k], [0.05, 0.95])
                cells.append(cell(point, float(lo), float(hi)))
            else:
                cells.append(cell(point))
        rows.append(cells)
    drawn = any(r.n_draws > 1 for r in results)
    legend = "median over draws [90% interval]; " if drawn else ""
    print_table(title, columns, rows, f"{legend}{caption}")


def note_counts(notes: Sequence[tuple[str, str]], issues: Sequence[str]) -> list[str]:
    """One line per model: how many notes it left and on which issues."""
    lines = []
    for model in dict.fromkeys(m for m, _ in notes):
        mine = [n for m, n in notes if m == model]
        about = [i for i in issues if any(_mentions(n, i) for n in mine)]
        where = f" (on {', '.join(about)})" if about else ""
        lines.append(f"{model}: {len(mine)} note{'s' if len(mine) != 1 else ''}{where}")
    return lines


def _mentions(note: str, issue: str) -> bool:
    words = note.replace(",", " ").replace(":", " ").replace(";", " ").split()
    return issue in words


def after_table(results: Sequence[Result], notes: Sequence[tuple[str, str]], issues: Sequence[str], *,
                quiet: bool, details: bool, skipped: Sequence[str] = ()) -> None:
    """The summary paragraph and the notes (counted per model, or in full with ``details``)."""
    out = console()
    for s in skipped:
        out.print(f"not shown: {s}", markup=False)
    if quiet:
        return
    if results:
        out.print(summary_paragraph(results), markup=False)
    if not notes:
        return
    if details:
        out.print("notes:", markup=False)
        for model, note in notes:
            out.print(f"  {note if note.startswith(model + ':') else f'{model}: {note}'}", markup=False)
    else:
        out.print("notes (--details prints them):", markup=False)
        for line in note_counts(notes, issues):
            out.print(f"  {line}", markup=False)
