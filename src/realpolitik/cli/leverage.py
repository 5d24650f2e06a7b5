"""``realpolitik leverage``: what each actor's capability, salience and outside options buy it."""

from __future__ import annotations

import click

from ..analysis.leverage import leverage as leverage_table
from ..analysis.leverage import pivot_table
from ..rng import fresh_seed
from .analysis_output import emit, load_for_analysis, per_model
from .app import main, parse_model_names, parse_params, scenario_run_options
from .draws import check_draws, draws_option
from .recording import record_run, store_options, table_record


@main.command()
@scenario_run_options
@draws_option
@click.option("--actor", "actors", multiple=True, metavar="ACTOR", help="Show only these actors (repeatable).")
@click.option("--pivot", "pivot", multiple=True, metavar="ACTOR",
              help="Instead, what the outside options of these actors together are worth, per issue "
                   "('all': every actor's).")
@store_options()
def leverage(file, model, params, fmt, seed, draws, actors, pivot):
    """How far each issue's forecast moves toward an actor when its capability grows by
    10%, its salience by 0.1 of the salience scale, or its outside option's credibility by
    0.1; and its pivot value: the forecast with its outside options on minus off, signed
    toward the actor (with --draws: median and 90% interval over draws).

    \b
    Examples:
      realpolitik leverage examples/korea-2019.yaml -m nash --actor DPRK
      realpolitik leverage examples/korea-2019.yaml -m all --pivot DPRK --draws 1000 --seed 1
      realpolitik leverage examples/korea-2019.yaml -m nash --pivot all
    """
    sc = load_for_analysis(file)
    names = parse_model_names(model)
    per = parse_params(params, names)
    check_draws(draws, 1)
    seed = fresh_seed() if seed is None else seed
    explicit = "all" not in ",".join(model)
    meta = {"scenario": file, "seed": seed, "draws": draws}
    if pivot:
        who = list(sc.actor_ids) if "all" in pivot else list(pivot)
        frame = per_model(names, explicit, lambda name: pivot_table(sc, who, name, draws=draws, seed=seed,
                                                                      params=per[name]))
        record_run(seed, analysis=table_record(frame), models=names)
        columns = ["issue", "with", "without", "pivot"]
        columns += ["pivot_q05", "pivot_q95", "pivot_mean", "moved"] if draws > 1 else []
        emit(frame, fmt, f"pivot value of {', '.join(pivot)} (forecast with minus without their outside options)",
             {**meta, "pivot": who}, digits=2, columns=columns)
        return
    for a in actors:
        sc.parse_path(f"{a}.capability")  # names an unknown actor
    frame = per_model(names, explicit, lambda name: leverage_table(sc, name, draws=draws, seed=seed,
                                                                     params=per[name]))
    record_run(seed, analysis=table_record(frame), models=names)
    if actors:
        frame = frame[frame["actor"].isin(actors)]
    columns = ["actor", "issue", "position", "forecast", "capability", "salience", "outside", "pivot"]
    columns += ["pivot_q05", "pivot_q95"] if draws > 1 else []
    emit(frame, fmt, "leverage (moves toward the actor)", meta, digits=2, columns=columns)
