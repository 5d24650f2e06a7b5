"""``realpolitik shocks``: stability of each forecast under random salience shocks and drop-outs."""

from __future__ import annotations

import click

from .. import api
from .analysis_output import columns_epilog, emit
from .app import main, parse_params, scenario_run_options
from .draws import cluster_options, progress_bar
from .loading import load_scenario
from .recording import store_options


@main.command(epilog=columns_epilog(("issue", "baseline", "median", "q05", "q95", "mean_shift", "stable")))
@store_options
@scenario_run_options
@click.option("--repetitions", "-r", type=int, default=500, show_default=True, help="Number of random shocks.")
@click.option("--salience-noise", type=float, default=0.2, show_default=True,
              help="Each salience is multiplied by a factor drawn uniformly from [1-a, 1+a].")
@click.option("--drop-probability", type=float, default=0.1, show_default=True,
              help="Chance that each actor drops out in a shock.")
@click.option("--tolerance", type=float, default=0.05, show_default=True,
              help="A shocked forecast within this share of the issue's scale of the baseline counts as stable.")
@cluster_options
def shocks(file, model, params, fmt, seed, repetitions, salience_noise, drop_probability, tolerance, workers, backend,
           scheduler, store):
    """Shock a scenario FILE many times (random salience changes, actors dropping out)
    and report how stable each issue's forecast is.

    \b
    Examples:
      realpolitik shocks examples/korea-2019.yaml -m all --seed 3
      realpolitik shocks examples/korea-2019.yaml --salience-noise 0.5 --drop-probability 0
    """
    sc = load_scenario(file)
    with progress_bar() as progress:
        result = api.shocks(sc, models=list(model), repetitions=repetitions, salience_noise=salience_noise,
                            drop_probability=drop_probability, tolerance=tolerance, seed=seed,
                            params=parse_params(params), workers=workers, backend=backend, scheduler=scheduler,
                            progress=progress, store=store)
    emit(result, fmt, "shocks", digits=2, columns=["issue", "baseline", "median", "q05", "q95", "mean_shift", "stable"])
