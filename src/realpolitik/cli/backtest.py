"""``realpolitik backtest``: score models against negotiations with known outcomes."""

from __future__ import annotations

import click

from .. import api
from ..analysis.backtest import N_BOOT, BacktestResult
from ..analysis.deu import CAPABILITY_RULES, DEFAULT_RULE
from ..scenario.yaml_io import write_atomic
from .app import format_option, main, model_option, param_option, parse_params, seed_option
from .draws import cluster_options, progress_bar
from .output import console, echo_csv, echo_json, fmt_num, print_table
from .recording import store_options

SCORE_COLUMNS = ["model", "issues", "MAE", "95% interval", "median", "RMSE", "within 10"]


@main.command("backtest")
@click.argument("directory", type=click.Path(file_okay=False))
@model_option
@param_option
@click.option("--capability", type=click.Choice(list(CAPABILITY_RULES)), default=None,
              help=f"Capability rule for the DEU layout (default: {DEFAULT_RULE}). "
                   + "; ".join(f"{r.name}: {r.help}" for r in CAPABILITY_RULES.values()) + ".")
@click.option("--group", type=click.Choice(["proposal", "issue"]), default="proposal", show_default=True,
              help="Cases as negotiated: one scenario per proposal (DEU prnr) or per scenario file, so models "
                   "that link issues see them together; or one scenario per issue. Errors are per issue either way.")
@click.option("--draws", type=click.IntRange(min=1), default=1, show_default=True,
              help="Monte Carlo draws for cases with uncertain inputs and for stochastic models "
                   "(gives interval coverage).")
@click.option("--position-sd", type=click.FloatRange(min=0), default=None,
              help="DEU layout: give every position this standard deviation (DEU codes none; default exact).")
@click.option("--bootstrap", "n_boot", type=click.IntRange(min=100), default=N_BOOT, show_default=True,
              help="Bootstrap resamples for intervals and paired comparisons.")
@click.option("--plot", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write an SVG plot of MAE per model with intervals to this file (needs matplotlib).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write a self-contained HTML report (scores, MAE plot, comparisons, exclusions).")
@format_option
@seed_option
@cluster_options
@store_options
def backtest_cmd(directory, model, params, capability, group, draws, position_sd, n_boot, plot, report_file, fmt,
                 seed, workers, backend, scheduler, store):
    """Forecast negotiations with known outcomes and score each model's errors.

    DIRECTORY holds either the DEU layout (deu_issues.csv, deu_positions_long.csv,
    council_capability_proxies.csv) or scenario files plus outcomes.csv with the columns
    scenario,issue,outcome (and optionally procedure,period). By default each proposal
    (each scenario file) is one case with all its issues; --group issue splits them.
    Errors are in points of a 0–100 scale. Reported per model: issues scored, mean
    absolute error (MAE) with a bootstrap 95% interval, median error, RMSE
    and the share within 10 points; the same by procedure and by period; paired bootstrap
    comparisons of MAE; interval coverage for models run with draws; every exclusion.

    \b
    Examples:
      realpolitik backtest ../shared/data/deu
      realpolitik backtest ../shared/data/deu --model all --seed 1 --plot mae.svg
      realpolitik backtest ../shared/data/deu --model all --group issue
      realpolitik backtest ../shared/data/deu --model all --seed 1 --report backtest.html
      realpolitik backtest ../shared/data/deu -m mean,median --capability equal
      realpolitik backtest ../shared/data/deu --draws 200 --position-sd 10
      realpolitik backtest my-cases/ --model all --draws 200 --format json
      realpolitik backtest ../shared/data/deu --model all --seed 1 --scheduler tcp://scheduler-host:8786
    """
    with progress_bar() as progress:
        result = api.backtest(directory, models=list(model), seed=seed, params=parse_params(params),
                              capability=capability, group=group, draws=draws, position_sd=position_sd,
                              bootstrap=n_boot, workers=workers, backend=backend, scheduler=scheduler,
                              progress=progress, store=store)
    if plot is not None:
        from ..reporting.backtest_plot import mae_svg

        write_atomic(plot, mae_svg(result.summary(), f"backtest: {result.source}"))
    if report_file is not None:
        from ..reporting.backtest_html import render_backtest

        write_atomic(report_file, render_backtest(result, exclusion_lines(result)))
    if fmt == "json":
        echo_json(result.to_dict())
    elif fmt == "csv":
        rows = [{"breakdown": by or "all", **row} for by in (None, "procedure", "period") for row in result.summary(by)]
        import pandas as pd
        echo_csv(pd.DataFrame(rows))
        click.echo(f"note: seed {result.seed}", err=True)
        for line in exclusion_lines(result):
            click.echo(f"note: {line}", err=True)
    else:
        print_report(result)


LEVEL_WORDS = {"issue": ("issue", "issues"), "actor": ("actor-issue row", "actor-issue rows"),
               "model": ("issue", "issues")}


def exclusion_lines(result: BacktestResult) -> list[str]:
    """One line per kind of exclusion: how many, of what, for which model, why."""
    lines = []
    for row in result.exclusion_counts():
        who = f" for model {row['model']}" if row["model"] else ""
        word = LEVEL_WORDS[row["level"]][row["count"] != 1]
        lines.append(f"{row['count']} {word} left out{who}: {row['reason']}")
    return lines


def interval(low: float | None, high: float | None) -> str:
    return "–" if low is None else f"[{fmt_num(low, 2)}, {fmt_num(high, 2)}]"


def score_cells(row: dict) -> list[str]:
    return [str(row["n"]), fmt_num(row["mae"], 2), interval(row["mae_low"], row["mae_high"]),
            fmt_num(row["median"], 2), fmt_num(row["rmse"], 2),
            "–" if row["within_10"] is None else f"{row['within_10']:.0%}"]


def print_report(result: BacktestResult) -> None:
    caption = f"seed {result.seed}; {result.n_boot} bootstrap resamples; errors in points of a 0–100 scale"
    print_table(f"backtest: {result.source} ({result.layout} layout, {result.n_cases} cases)", SCORE_COLUMNS,
                [[row["model"], *score_cells(row)] for row in result.summary()], caption)
    for by in ("procedure", "period"):
        rows = result.summary(by)
        if {row["group"] for row in rows} - {"–"}:
            print_table(f"by {by}", [by, *SCORE_COLUMNS], [[row["group"], row["model"], *score_cells(row)]
                                                            for row in rows])
    comparisons = result.comparisons()
    if comparisons:
        rows = [[c["a"], c["b"], str(c["n"]), fmt_num(c["difference"], 2),
                 interval(c["low"], c["high"]), f"{c['a_better']:.1%}"] for c in comparisons]
        print_table("paired comparisons (MAE of A minus MAE of B on the issues both scored)",
                    ["A", "B", "issues", "difference", "95% interval", "resamples A ahead"], rows)
    coverage = result.coverage()
    if coverage:
        rows = [[c["model"], str(c["n"]), f"{c['coverage_50']:.0%}", f"{c['coverage_90']:.0%}"] for c in coverage]
        print_table("interval coverage (share of outcomes inside the central interval)",
                    ["model", "issues", "50% interval", "90% interval"], rows)
    text = ("\n".join(["excluded:", *[f"  {line}" for line in exclusion_lines(result)]]) if result.exclusions
            else "excluded: nothing")
    console().print(text, markup=False, highlight=False)  # wrapped to the terminal
