"""The backtest plot: each model's mean absolute error with its bootstrap 95% interval.

Draws from the rows of :meth:`realpolitik.analysis.backtest.BacktestResult.summary`;
needs the ``report`` extra (matplotlib).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .plots import COLORS, new_figure, to_svg


def draw_mae(rows: Sequence[Mapping[str, Any]], ax) -> None:
    """One line per model with scores: MAE as a diamond, its 95% interval as a bar, best model first."""
    scored = sorted((r for r in rows if r["n"]), key=lambda r: r["mae"])
    for y, row in enumerate(scored):
        ax.plot([row["mae_low"], row["mae_high"]], [y, y], color=COLORS[0], linewidth=4, alpha=0.35)
        ax.plot([row["mae"]], [y], marker="D", color=COLORS[0])
    ax.set_yticks(range(len(scored)), [f"{r['model']} (n={r['n']})" for r in scored])
    ax.set_ylim(-0.6, len(scored) - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel("mean absolute error, 0–100 points (bar: bootstrap 95% interval)")
    ax.grid(axis="x", color="#eeeeee")


def mae_svg(rows: Sequence[Mapping[str, Any]], title: str | None = None) -> str:
    """The MAE plot as an inline ``<svg>`` element."""
    fig = new_figure(6.5, 0.8 + 0.35 * max(1, sum(1 for r in rows if r["n"])))
    ax = fig.add_subplot()
    draw_mae(rows, ax)
    if title:
        ax.set_title(title, loc="left")
    return to_svg(fig)
