"""The backtest report: one self-contained HTML file with the scores, the MAE plot,
the paired comparisons and every exclusion (same style as the scenario report)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..analysis.backtest import BacktestResult
from ..versions import package_versions
from .backtest_plot import mae_svg
from .html import CSS, table


def _fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _scores(rows: Sequence[dict], group: str | None = None) -> str:
    columns = ([group] if group else []) + ["model", "issues", "MAE", "95% interval", "median", "RMSE", "within 10"]
    body = [([escape(str(r["group"]))] if group else []) + [
        escape(r["model"]), str(r["n"]), _fmt(r["mae"]), f"[{_fmt(r['mae_low'])}, {_fmt(r['mae_high'])}]",
        _fmt(r["median"]), _fmt(r["rmse"]), "–" if r["within_10"] is None else f"{r['within_10']:.0%}"]
        for r in rows]
    first = 2 if group else 1
    return table(columns, body, numeric=set(range(first, len(columns))))


def render_backtest(result: BacktestResult, exclusions: Sequence[str]) -> str:
    """The complete backtest report as an HTML document."""
    title = f"Backtest: {result.source}"
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{escape(title)} — realpolitik</title><style>{CSS}</style></head><body>",
             f"<h1>{escape(title)}</h1>",
             f'<p class="muted">{escape(result.layout)} layout · seed {result.seed} · {result.n_boot} bootstrap '
             "resamples · errors in points of a 0–100 scale</p>",
             "<h2>Mean absolute error by model</h2>", f'<div class="figure">{mae_svg(result.summary())}</div>',
             _scores(result.summary())]
    for by in ("procedure", "period"):
        rows = result.summary(by)
        if {r["group"] for r in rows} - {"–"}:
            parts += [f"<h2>By {by}</h2>", _scores(rows, by)]
    comparisons = result.comparisons()
    if comparisons:
        rows = [[escape(c["a"]), escape(c["b"]), str(c["n"]), _fmt(c["difference"]),
                 f"[{_fmt(c['low'])}, {_fmt(c['high'])}]", f"{c['a_better']:.1%}"] for c in comparisons]
        parts += ["<h2>Paired comparisons</h2>", "<p>MAE of A minus MAE of B on the issues both scored.</p>",
                  table(["A", "B", "issues", "difference", "95% interval", "resamples A ahead"], rows,
                        numeric={2, 3, 5})]
    parts += ["<h2>Exclusions</h2>",
              "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in exclusions) + "</ul>" if exclusions
              else "<p>Nothing was excluded.</p>",
              '<p class="muted">' + escape(", ".join(f"{k} {v}" for k, v in package_versions().items())) + "</p>",
              "</body></html>"]
    return "\n".join(parts) + "\n"
