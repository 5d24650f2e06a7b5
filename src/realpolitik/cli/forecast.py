"""``realpolitik forecast``: run one or more models on a scenario file."""

from __future__ import annotations

import click

from .. import api
from ..models.result import Result
from .app import main, parse_params, scenario_run_options
from .comparison import after_table, details_option, forecast_table, quiet_option
from .draws import draws_options, guard_run, print_drawn, progress_bar
from .institutions import print_paths, rules_option
from .loading import load_scenario
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
@quiet_option
@details_option
@store_options
def forecast(file, model, params, fmt, seed, history, rules, draws, thresholds, workers, backend, scheduler,
             force, intervals, quiet, details, store):
    """Forecast every issue of a scenario FILE with one or more models.

    FILE may be realpolitik YAML, a long CSV (actor,issue,capability,position,salience),
    an Excel workbook or any format an importer reads; the format is detected.

    Prints one table (issues × models; with --draws the median and its 90% interval), a
    summary in plain words and a count of each model's notes (--details: in full, with
    each model's own table; --quiet: the table alone). A staged scenario shows where each
    path ends (--details: the path stage by stage).

    \b
    Examples:
      realpolitik forecast examples/korea-2019.yaml
      realpolitik forecast examples/korea-2019.yaml --model all --format csv
      realpolitik forecast examples/korea-2019.yaml -m nash -p p=1
      realpolitik forecast examples/korea-2019.yaml -m all --draws 500 --seed 1 -t 'sanctions>=20'
      realpolitik forecast examples/korea-2019-roadmap.yaml -m all --rules --draws 200 --seed 1
      realpolitik forecast examples/korea-2019.yaml -m all --intervals predictive --draws 500 --seed 1
      realpolitik forecast examples/korea-2019.yaml -m eum --draws 100000 --scheduler tcp://scheduler-host:8786
    """
    from ..api.options import check_draws, model_names, model_params

    check_draws(draws)
    sc = load_scenario(file)
    if scheduler is None and backend != "dask":
        names = model_names(list(model))
        workers = guard_run(sc, names, model_params(parse_params(params), names), draws, workers, force)
    with progress_bar() as progress:
        f = api.forecast(sc, list(model), draws=draws, seed=seed, rules=rules, thresholds=thresholds,
                         params=parse_params(params), workers=workers, backend=backend, scheduler=scheduler,
                         intervals=intervals, progress=progress, store=store)
    for note in f.skipped:
        click.echo(f"note: {note.replace(': ', ' skipped: ', 1)}", err=True)
    if fmt == "json":
        echo_json(f.to_dict())
        return
    if fmt == "csv":
        import pandas as pd

        frames = [f.to_frame()]
        if history and not f.staged:
            frames += [r.history_frame() for r in f.results if r.history]
        echo_csv(pd.concat(frames, ignore_index=True))
        for model_name, note in f.notes:  # kept out of the CSV, not lost
            click.echo(f"note: {note if note.startswith(model_name) else f'{model_name}: {note}'}", err=True)
        return
    sc = f.scenario
    if details and sc.stages:
        print_paths(f)
    if details and draws > 1:
        print_drawn(f)
    held = "; held to the decision rules" if rules else ""
    path = "; where each path ends, stage by stage" if sc.stages else ""
    drawn = f", {draws} draws" if draws > 1 else ""
    if f.predictive:
        print_predictive(f)
    else:
        forecast_table(sc, f.results, sc.title or sc.origin or "forecast", f"seed {f.seed}{drawn}{held}{path}")
    if f.thresholds:
        _print_thresholds(f)
    after_table(f.results, f.notes, sc.issue_ids, quiet=quiet, details=details)
    if history:
        for r in f.results:
            _print_history(r)


def _print_thresholds(f: api.Forecast) -> None:
    from ..analysis.summary import summarize

    frames = {r.model: summarize(r, f.thresholds) for r in f.results}
    rows = []
    for t in f.thresholds:
        k = f.scenario.issue_ids.index(t.issue)
        rows.append([str(t), *[fmt_num(frames[m][f"P({t})"].iloc[k], 2) for m in frames]])
    print_table("probability of each threshold over the draws", ["threshold", *frames], rows,
                ">= and <= count an outcome exactly at the value; > and < do not")


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
                             "added (docs/backtest.md)"])
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
