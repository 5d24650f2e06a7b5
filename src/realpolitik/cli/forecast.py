"""``realpolitik forecast``: run one or more models on a scenario file."""

from __future__ import annotations

import click
import pandas as pd

from ..api import run
from ..errors import ModelNotApplicable
from ..models.result import Result
from ..rng import fresh_seed
from ..scenario import Scenario, load
from .app import format_option, main, model_option, param_option, parse_model_names, parse_params, seed_option
from .output import echo_csv, echo_json, fmt_num, print_table


def run_models(sc: Scenario, models: list[str], params: dict[str, dict[str, str]], seed: int,
               explicit: bool) -> tuple[list[Result], list[str]]:
    """Run each model; with ``--model all`` a model that does not apply is skipped with a note."""
    results, skipped = [], []
    arrays = sc.arrays()
    for name in models:
        try:
            results.append(run(name, arrays, seed=seed, params=params[name]))
        except ModelNotApplicable as exc:
            if explicit and len(models) == 1:
                raise
            skipped.append(f"{name} skipped: {exc}")
    return results, skipped


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@model_option
@param_option
@format_option
@seed_option
@click.option("--history", is_flag=True, help="Also show each round of models that run in rounds.")
def forecast(file, model, params, fmt, seed, history):
    """Forecast every issue of a scenario FILE with one or more models.

    FILE may be realpolitik YAML, a long CSV (actor,issue,capability,position,salience)
    or any format an importer reads; the format is detected.

    \b
    Examples:
      realpolitik forecast examples/korea-2019.yaml
      realpolitik forecast examples/korea-2019.yaml --model all --format csv
      realpolitik forecast examples/korea-2019.yaml -m nash -p p=1
    """
    sc = load(file)
    names = parse_model_names(model)
    per_model = parse_params(params, names)
    seed = fresh_seed() if seed is None else seed
    results, skipped = run_models(sc, names, per_model, seed, explicit="all" not in ",".join(model))
    for note in skipped:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        echo_json({"scenario": file, "title": sc.title, "seed": seed, "results": [r.to_dict() for r in results]})
    elif fmt == "csv":
        frames = [r.to_frame() for r in results]
        if history:
            frames += [r.history_frame() for r in results if r.history]
        echo_csv(pd.concat(frames, ignore_index=True))
    else:
        _print_forecasts(sc, results, seed)
        if history:
            for r in results:
                _print_history(r)


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
    series = r.history.get("forecast")
    if series is None:
        return
    rounds = series.shape[1]
    rows = [[str(t), *[fmt_num(float(series[0, t, k]), 2) for k in range(len(r.issue_ids))]] for t in range(rounds)]
    print_table(f"{r.model}: forecast by round", ["round", *r.issue_ids], rows)
    positions = r.history.get("position")
    if positions is not None:
        for k, issue in enumerate(r.issue_ids):
            rows = [[a, *[fmt_num(float(positions[0, t, i, k]), 2) for t in range(rounds)]]
                    for i, a in enumerate(r.actor_ids)]
            print_table(f"{r.model}: positions on {issue} by round", ["actor", *map(str, range(rounds))], rows)
