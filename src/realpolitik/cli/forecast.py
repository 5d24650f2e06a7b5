"""``realpolitik forecast``: run one or more models on a scenario file."""

from __future__ import annotations

import click

from .. import api
from ..models.result import Result
from .app import main, parse_params, scenario_run_options
from .draws import draws_options, print_drawn, progress_bar
from .institutions import print_staged, rules_option
from .output import echo_csv, echo_json, fmt_num, print_table
from .recording import store_options


@main.command()
@scenario_run_options
@click.option("--history", is_flag=True, help="Also show each round of models that run in rounds.")
@rules_option
@draws_options
@click.option("--intervals", type=click.Choice(["input", "predictive"]), default="input", show_default=True,
              help="input: intervals over draws of the uncertain inputs only (needs --draws); predictive: also the "
                   "model's own error, calibrated on the DEU backtest (see docs/backtest.md).")
@store_options
def forecast(file, model, params, fmt, seed, history, rules, draws, thresholds, workers, backend, scheduler,
             intervals, store):
    """Forecast every issue of a scenario FILE with one or more models.

    FILE may be realpolitik YAML, a long CSV (actor,issue,capability,position,salience)
    or any format an importer reads; the format is detected.

    \b
    Examples:
      realpolitik forecast examples/korea-2019.yaml
      realpolitik forecast examples/korea-2019.yaml --model all --format csv
      realpolitik forecast examples/korea-2019.yaml -m nash -p p=1
      realpolitik forecast examples/korea-2019.yaml -m all --draws 2000 --seed 1 -t 'sanctions>20'
      realpolitik forecast examples/korea-2019.yaml -m all --intervals predictive --draws 500 --seed 1
      realpolitik forecast examples/korea-2019.yaml -m eum --draws 100000 --scheduler tcp://10.0.0.5:8786
    """
    with progress_bar() as progress:
        f = api.forecast(file, list(model), draws=draws, seed=seed, rules=rules, thresholds=thresholds,
                         params=parse_params(params), workers=workers, backend=backend, scheduler=scheduler,
                         intervals=intervals, progress=progress, store=store)
    for note in f.skipped:
        click.echo(f"note: {note.replace(': ', ' skipped: ', 1)}", err=True)
    if fmt == "json":
        echo_json(f.to_dict())
    elif fmt == "csv":
        import pandas as pd

        frames = [f.to_frame()]
        if history and not f.staged:
            frames += [r.history_frame() for r in f.results if r.history]
        echo_csv(pd.concat(frames, ignore_index=True))
    elif f.staged:
        print_staged(f)
    elif f.predictive:
        print_predictive(f)
    elif draws > 1:
        print_drawn(f)
    else:
        _print_forecasts(f)
        if history:
            for r in f.results:
                _print_history(r)


def _print_forecasts(f: api.Forecast) -> None:
    sc = f.scenario
    columns = ["issue", "scale", "status quo", *f.models]
    points = f.points()
    rows = []
    for issue in sc.issues:
        sq = None if issue.status_quo is None else issue.status_quo.value
        cells = [issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(sq)]
        cells += [fmt_num(points[m][issue.id]) for m in f.models]
        rows.append(cells)
    caption = "\n".join([f"seed {f.seed}", *(n for _, n in f.notes)])
    print_table(sc.title or sc.origin or "forecast", columns, rows, caption)


def print_predictive(f: api.Forecast) -> None:
    """Per model a table: forecast, input intervals (with draws) and predictive intervals, each labelled."""
    from .draws import interval

    sc = f.scenario
    for r, rows in zip(f.results, f.predictive, strict=True):
        drawn = r.n_draws > 1
        q = r.quantiles() if drawn else None
        columns = ["issue", "scale", "forecast", *(["input 50%", "input 90%"] if drawn else []),
                   "predictive 50%", "predictive 90%"]
        table = []
        for k, (issue, row) in enumerate(zip(sc.issues, rows, strict=True)):
            cells = [issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(row["forecast"])]
            if q is not None:
                cells += [interval(q[1, k], q[3, k]), interval(q[0, k], q[4, k])]
            cells += [interval(row["predictive_50_low"], row["predictive_50_high"]),
                      interval(row["predictive_90_low"], row["predictive_90_high"])]
            table.append(cells)
        kind = (f"{r.n_draws} draws of the uncertain inputs; input intervals: the draws' spread only"
                if drawn else "central inputs")
        caption = "\n".join([f"seed {f.seed}, {kind}", "predictive intervals: the model's error on the DEU backtest "
                             "added (docs/backtest.md)", *r.notes])
        print_table(f"{sc.title or sc.origin or 'forecast'} — {r.model}", columns, table, caption)


def _print_history(r: Result) -> None:
    series = r.history.get("forecast", r.history.get("voting_outcome"))
    if series is None:
        return
    rounds = series.shape[1]
    rows = [[str(t), *[fmt_num(float(series[0, t, k]), 2) for k in range(len(r.issue_ids))]] for t in range(rounds)]
    columns = ["round", *r.issue_ids]
    means = r.history.get("mean")
    if means is not None and means.ndim == 3:  # models that also report the weighted mean per round
        for t, row in enumerate(rows):
            row.extend(fmt_num(float(means[0, t, k]), 2) for k in range(len(r.issue_ids)))
        columns += [f"{issue} (mean)" for issue in r.issue_ids]
    print_table(f"{r.model}: forecast by round", columns, rows)
    positions = r.history.get("position")
    if positions is not None:
        # rounds in blocks narrow enough that actor names are never folded (100 columns, 9 per round)
        per_table = max(1, (100 - 4 - max(map(len, r.actor_ids))) // 9)
        for k, issue in enumerate(r.issue_ids):
            for first in range(0, rounds, per_table):
                shown = range(first, min(first + per_table, rounds))
                rows = [[a, *[fmt_num(float(positions[0, t, i, k]), 2) for t in shown]]
                        for i, a in enumerate(r.actor_ids)]
                print_table(f"{r.model}: positions on {issue} by round", ["actor", *map(str, shown)], rows)
