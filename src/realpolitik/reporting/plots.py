"""Matplotlib renderings of the plot data (``plotdata``), on a given Axes or as inline SVG.

Needs the ``report`` extra (matplotlib). SVG output draws text as paths, so a report
needs no fonts, and carries no date, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..models.result import Result
from .plotdata import IssueMap, PivotBar, ScaledMark, Trajectory, scaled_marks

COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22")
SVG_STYLE = {"svg.fonttype": "path", "svg.hashsalt": "realpolitik", "font.size": 9}


def new_figure(width: float, height: float):
    """A pyplot-free Figure (safe in libraries and threads)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_svg(fig) -> str:
    """The figure as an inline ``<svg>`` element (no XML prologue)."""
    import matplotlib

    buf = io.StringIO()
    literal_texts(fig)
    with matplotlib.rc_context({**SVG_STYLE, "text.parse_math": False}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]


def literal_texts(fig) -> None:
    """Every text the figure holds drawn as written: no ``$…$`` math text (``US$ & EU$`` stays as is)."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        t.set_parse_math(False)


def model_color(model: str, models: Sequence[str]) -> str:
    return COLORS[list(models).index(model) % len(COLORS)] if model in models else COLORS[-1]


def draw_issue_map(m: IssueMap, ax, models: Sequence[str] = ()) -> None:
    """Actors on the scale (x: position, y: salience, area: capability × salience) above one row per model."""
    models = list(models) or [f.model for f in m.forecasts]
    xs = [a.position for a in m.actors]
    ys = [a.salience for a in m.actors]
    sizes = [60 + 1400 * a.weight for a in m.actors]
    ax.scatter(xs, ys, s=sizes, color="#4a6fa5", alpha=0.35, edgecolors="#1d3557", linewidths=0.8, zorder=2)
    for a in m.actors:
        ax.annotate(a.actor, (a.position, a.salience), textcoords="offset points", xytext=(0, 7), ha="center",
                    fontsize=8, zorder=3)
    for row, f in enumerate(m.forecasts, start=1):
        y = -0.25 * row
        color = model_color(f.model, models)
        if f.low is not None:
            ax.plot([f.low, f.high], [y, y], color=color, linewidth=4, alpha=0.35, solid_capstyle="butt")
        ax.plot([f.point], [y], marker="D", color=color, markersize=6, zorder=3)
        ax.axvline(f.point, color=color, linewidth=0.8, alpha=0.5, ymin=0, ymax=1, zorder=1)
    if m.status_quo is not None:
        ax.axvline(m.status_quo, color="#333333", linestyle="--", linewidth=1, zorder=1)
        ax.annotate("status quo", (m.status_quo, 1.1), ha="center", fontsize=7, color="#333333")
    ticks = [-0.25 * row for row in range(len(m.forecasts), 0, -1)] + [0.0, 0.5, 1.0]
    labels = [f.model for f in reversed(m.forecasts)] + ["salience 0", "0.5", "1"]
    ax.set_yticks(ticks, labels)
    ax.set_ylim(-0.25 * len(m.forecasts) - 0.2, 1.22)
    pad = 0.03 * (m.upper - m.lower)
    ax.set_xlim(m.lower - pad, m.upper + pad)
    ax.axhline(-0.1, color="#bbbbbb", linewidth=0.6)
    ax.set_xlabel(f"{m.name}: {m.lower:g} = {m.lower_means or 'low end'};  "
                  f"{m.upper:g} = {m.upper_means or 'high end'}", wrap=True)
    ax.grid(axis="x", color="#eeeeee", zorder=0)


def draw_trajectory(t: Trajectory, ax, color: str = COLORS[0]) -> None:
    """Each actor's position (thin) and the forecast (thick) by round on one issue."""
    rounds = range(len(t.forecast))
    for series in t.positions.values():
        ax.plot(rounds, series, color="#8a9bb5", linewidth=0.9)
    last = len(t.forecast) - 1
    for text, end, height in t.end_labels():
        ax.annotate(text, (last, end), xytext=(last + 0.25 + 0.04 * last, height), textcoords="data", fontsize=6,
                    va="center", color="#555555", annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "#bbbbbb", "linewidth": 0.5} if abs(height - end) > 0
                    else None)
    if t.has_forecast:
        ax.plot(rounds, t.forecast, color=color, linewidth=2.2, label="forecast")
    ax.set_ylim(t.lower, t.upper)
    ax.set_xlim(0, last + 0.6 + 0.3 * last)  # room for the end labels
    ax.set_title(t.issue, fontsize=9)
    ax.set_xlabel("round")
    ax.grid(color="#eeeeee")


def draw_pivots(bars: Sequence[PivotBar], ax) -> None:
    """Horizontal bars of pivot values (blue: toward the actor, red: away) with their 90% intervals."""
    ax.barh(range(len(bars)), [b.value for b in bars], color=[COLORS[0] if b.value >= 0 else COLORS[1] for b in bars],
            alpha=0.7)
    for n, b in enumerate(bars):
        if b.low is not None:
            ax.plot([b.low, b.high], [n, n], color="#333333", linewidth=1)
    ax.set_yticks(range(len(bars)), [f"{b.actor} · {b.issue}" for b in bars])
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlabel("pivot value: forecast move toward the actor bought by its outside options "
                  "(issue units; line: 90% interval)")


def draw_marks(rows: Sequence[ScaledMark], ax) -> None:
    """Forecasts of several issues on one chart, each as a share (%) of its issue's scale."""
    for row, mk in enumerate(rows):
        if mk.low is not None:
            ax.plot([mk.low, mk.high], [row, row], color=COLORS[0], linewidth=4, alpha=0.35)
        ax.plot([mk.point], [row], marker="D", color=COLORS[0])
        if mk.status_quo is not None:
            ax.plot([mk.status_quo], [row], marker="|", color="#333333", markersize=12)
    ax.set_yticks(range(len(rows)), [mk.issue for mk in rows])
    ax.set_xlim(-3, 103)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel("forecast, % of the issue's scale (| status quo)")
    ax.grid(axis="x", color="#eeeeee")


def plot_result(result: Result, ax=None) -> Any:
    """``Result.plot``: every issue's forecast (with its 90% interval over draws) as % of its scale."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * len(result.issue_ids)), layout="constrained")
    draw_marks(scaled_marks(result), ax)
    ax.set_title(result.model)
    literal_texts(ax.figure)
    return ax
