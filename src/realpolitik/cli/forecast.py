"""``realpolitik forecast``: run one or more models on a scenario file."""

from __future__ import annotations

import click
import pandas as pd

from ..analysis.summary import summarize
from ..api import run
from ..errors import ModelNotApplicable
from ..models.result import Result
from ..rng import fresh_seed
from ..scenario import Scenario
from .app import main, parse_model_names, parse_params, scenario_run_options
from .draws import check_draws, draws_options, guard_run, parse_thresholds, print_drawn, progress_bar, run_models_drawn
from .institutions import forecast_by_stages, rules_option
from .loading import load_scenario
from .output import echo_csv, echo_json, fmt_num, print_table
from .recording import record_run, store_options


def run_models(sc: Scenario, models: list[str], params: dict[str, dict[str, str]], seed: int,
               explicit: bool) -> tuple[list[Result], list[str]]:
    """Run each model; with ``--model all`` a model that does not apply is skipped with a note."""
    results, skipped = [], []
    arrays = sc.arrays()
    for name in models:
        try:
            with progress_bar(f"{name}: running"):
                results.append(run(name, arrays, seed=seed, params=params[name]))
        except ModelNotApplicable as exc:
            if explicit and len(models) == 1:
                raise
            skipped.append(f"{name} skipped: {exc}")
    return results, skipped


@main.command()
@scenario_run_options
@click.option("--history", is_flag=True, help="Also show each round of models that run in rounds.")
@rules_option
@draws_options
@store_options()
def forecast(file, model, params, fmt, seed, history, rules, draws, thresholds, workers, backend, force):
    """Forecast every issue of a scenario FILE with one or more models.

    FILE may be realpolitik YAML, a long CSV (actor,issue,capability,position,salience)
    or any format an importer reads; the format is detected.

    \b
    Examples:
      realpolitik forecast examples/korea-2019.yaml
      realpolitik forecast examples/korea-2019.yaml --model all --format csv
      realpolitik forecast examples/korea-2019.yaml -m nash -p p=1
      realpolitik forecast examples/korea-2019.yaml -m all --draws 2000 --seed 1 -t 'sanctions>20'
    """
    sc = load_scenario(file)
    names = parse_model_names(model)
    per_model = parse_params(params, names)
    seed = fresh_seed() if seed is None else seed
    check_draws(draws, workers)
    workers = guard_run(sc, names, per_model, draws, workers, force)
    if rules or sc.stages:
        return forecast_by_stages(file, sc, names, per_model, seed, fmt, rules, "all" not in ",".join(model), draws)
    cuts = parse_thresholds(thresholds, sc, draws)
    explicit = "all" not in ",".join(model)
    if draws > 1:
        results, skipped = run_models_drawn(sc, names, per_model, seed, explicit, draws, workers, backend)
    else:
        results, skipped = run_models(sc, names, per_model, seed, explicit)
    record_run(seed, results)
    for note in skipped:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        echo_json({"scenario": file, "title": sc.title, "seed": seed,
                   "results": [_with_summary(r, cuts) for r in results]})
    elif fmt == "csv":
        frames = [r.to_frame() if r.n_draws == 1 else summarize(r, cuts) for r in results]
        if history:
            frames += [r.history_frame() for r in results if r.history]
        echo_csv(pd.concat(frames, ignore_index=True))
    elif draws > 1:
        print_drawn(sc, results, cuts, seed)
    else:
        _print_forecasts(sc, results, seed)
        if history:
            for r in results:
                _print_history(r)


def _with_summary(r: Result, cuts: list) -> dict:
    out = r.to_dict()
    if r.n_draws > 1:
        out["summary"] = summarize(r, cuts).drop(columns="model").to_dict(orient="records")
    return out


def _print_forecasts(sc: Scenario, results: list[Result], seed: int) -> None:
    columns = ["issue", "scale", "status quo", *[r.model for r in results]]
    rows = []
    for k, issue in enumerate(sc.issues):
        sq = None if issue.status_quo is None else issue.status_quo.value
        cells = [issue.id, f"{issue.lower:g}–{issue.upper:g}", fmt_num(sq)]
        cells += [fmt_num(float(r.point()[k])) for r in results]
        rows.append(cells)
    notes = [n for r in results for n in r.notes]
    caption = "\n".join([f"seed {seed}", *notes])
    print_table(sc.title or sc.origin or "forecast", columns, rows, caption)


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
