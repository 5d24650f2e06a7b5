"""``realpolitik sensitivity``: Sobol indices of each issue's forecast, inputs ranked."""

from __future__ import annotations

import click

from .. import api
from .analysis_output import columns_epilog, emit
from .app import main, parse_params, scenario_run_options
from .draws import cluster_options, progress_bar
from .loading import load_scenario
from .recording import store_options


@main.command(epilog=columns_epilog(("issue", "rank", "input", "ST", "ST_conf", "S1", "S1_conf")))
@scenario_run_options
@click.option("--samples", type=int, default=256, show_default=True,
              help="Sobol base samples (a power of 2); the model runs samples × (inputs + 2) times.")
@click.option("--top", type=int, default=5, show_default=True,
              help="Inputs shown per issue in the table (CSV and JSON carry all).")
@cluster_options
@store_options
def sensitivity(file, model, params, fmt, seed, samples, top, workers, backend, scheduler, store):
    """Rank the uncertain inputs of a scenario FILE by how much of each issue's forecast
    variance they explain (Sobol total-order index ST; S1 is the first-order share).

    \b
    Examples:
      realpolitik sensitivity examples/korea-2019.yaml
      realpolitik sensitivity examples/korea-2019.yaml -m nash --samples 512 --top 10
    """
    sc = load_scenario(file)
    with progress_bar() as progress:
        result = api.sensitivity(sc, models=list(model), samples=samples, seed=seed, params=parse_params(params),
                                 workers=workers, backend=backend, scheduler=scheduler, progress=progress,
                                 store=store)
    frame = result.frame
    emit(result, fmt, "sensitivity", digits=3, columns=["issue", "rank", "input", "ST", "ST_conf", "S1", "S1_conf"],
         frame=frame if fmt != "table" else frame[frame["rank"] <= max(top, 1)])
