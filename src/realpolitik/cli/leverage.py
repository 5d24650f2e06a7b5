"""``realpolitik leverage``: what each actor's capability, salience and outside options buy it."""

from __future__ import annotations

import click

from .. import api
from .analysis_output import columns_epilog, emit
from .app import main, parse_params, scenario_run_options
from .draws import cluster_options, draws_option, progress_bar
from .loading import load_scenario
from .recording import store_options

COLUMNS = ("actor", "issue", "position", "forecast", "capability", "salience", "outside", "pivot", "why_zero",
           "pivot_q05", "pivot_q95", "with", "without", "pivot_mean", "moved")


@main.command(epilog=columns_epilog(COLUMNS))
@scenario_run_options
@draws_option
@click.option("--actor", "actors", multiple=True, metavar="ACTOR", help="Show only these actors (repeatable).")
@click.option("--pivot", "pivot", multiple=True, metavar="ACTOR",
              help="Instead, what the outside options of these actors together are worth, per issue "
                   "('all': every actor's).")
@cluster_options
@store_options
def leverage(file, model, params, fmt, seed, draws, actors, pivot, workers, backend, scheduler, store):
    """How far each issue's forecast moves toward an actor when its capability grows by
    10%, its salience by 0.1 of the salience scale, or its outside option's credibility by
    0.1; and its pivot value: the forecast with its outside options on minus off, signed
    toward the actor (with --draws: median and 90% interval over draws).

    \b
    Examples:
      realpolitik leverage examples/korea-2019.yaml -m nash --actor DPRK
      realpolitik leverage examples/korea-2019.yaml -m all --pivot DPRK --draws 200 --seed 1
      realpolitik leverage examples/korea-2019.yaml -m nash --pivot all
    """
    sc = load_scenario(file)
    with progress_bar() as progress:
        result = api.leverage(sc, models=list(model), actors=actors, pivot=pivot, draws=draws, seed=seed,
                              params=parse_params(params), workers=workers, backend=backend, scheduler=scheduler,
                              progress=progress, store=store)
    if pivot:
        columns = ["issue", "with", "without", "pivot"]
        columns += ["pivot_q05", "pivot_q95", "pivot_mean", "moved"] if draws > 1 else []
        emit(result, fmt, f"pivot value of {', '.join(pivot)} (forecast with minus without their outside options)",
             digits=2, columns=columns)
        return
    columns = ["actor", "issue", "position", "forecast", "capability", "salience", "outside", "pivot"]
    columns += ["pivot_q05", "pivot_q95"] if draws > 1 else []
    frame = result.frame.assign(why_zero=[_why_zero(result.scenario, r) for r in result.frame.itertuples()])
    emit(result, fmt, "leverage (moves toward the actor)", digits=2, columns=[*columns, "why_zero"], frame=frame)


def _why_zero(sc, row) -> str:
    """Why a pivot value is 0: no outside option, or one that does not move this model's forecast."""
    if row.pivot != 0:
        return ""
    stance = sc.stance(row.actor, row.issue)
    if stance is None:
        return "takes no part"
    if stance.outside is None:
        return "no outside option"
    return f"option does not move {row.model}"
