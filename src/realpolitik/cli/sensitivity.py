"""``realpolitik sensitivity``: Sobol indices of each issue's forecast, inputs ranked."""

from __future__ import annotations

import click

from ..analysis.sensitivity import sobol_indices
from ..rng import fresh_seed
from .analysis_output import emit, load_for_analysis, per_model
from .app import main, parse_model_names, parse_params, scenario_run_options
from .recording import record_run, store_options, table_record


@main.command()
@scenario_run_options
@click.option("--samples", type=int, default=256, show_default=True,
              help="Sobol base samples (a power of 2); the model runs samples × (inputs + 2) times.")
@click.option("--top", type=int, default=5, show_default=True,
              help="Inputs shown per issue in the table (CSV and JSON carry all).")
@store_options()
def sensitivity(file, model, params, fmt, seed, samples, top):
    """Rank the uncertain inputs of a scenario FILE by how much of each issue's forecast
    variance they explain (Sobol total-order index ST; S1 is the first-order share).

    \b
    Examples:
      realpolitik sensitivity examples/korea-2019.yaml
      realpolitik sensitivity examples/korea-2019.yaml -m nash --samples 512 --top 10
    """
    sc = load_for_analysis(file)
    names = parse_model_names(model)
    per = parse_params(params, names)
    seed = fresh_seed() if seed is None else seed
    frame = per_model(names, "all" not in ",".join(model),
                      lambda name: sobol_indices(sc, name, samples=samples, seed=seed, params=per[name]))
    record_run(seed, analysis=table_record(frame), models=names)
    shown = frame if fmt != "table" else frame[frame["rank"] <= max(top, 1)]
    emit(shown, fmt, "sensitivity", {"scenario": file, "seed": seed, "samples": samples}, digits=3,
         columns=["issue", "rank", "input", "ST", "ST_conf", "S1", "S1_conf"])
