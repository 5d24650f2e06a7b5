"""``realpolitik whatif``: baseline vs a changed scenario, issue by issue."""

from __future__ import annotations

import click

from ..analysis.whatif import compare, variant
from ..errors import ParameterError
from ..rng import fresh_seed
from .analysis_output import emit, load_for_analysis, per_model
from .app import format_option, main, model_option, param_option, parse_model_names, parse_params, seed_option
from .draws import backend_option, check_draws, draws_option, progress_bar, workers_option
from .recording import record_run, store_options, table_record


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="Change one input, e.g. DPRK.sanctions.position=70 or USA.salience=80 (repeatable).")
@click.option("--drop", "drops", multiple=True, metavar="ACTOR", help="Remove an actor (repeatable).")
@click.option("--outside", "outsides", multiple=True, metavar="ACTOR.ISSUE=VALUE[@CRED]",
              help="Give an actor an outside option (credibility 0–1, default 1), or remove it with =none.")
@model_option
@param_option
@format_option
@seed_option
@draws_option
@workers_option
@backend_option
@store_options()
def whatif(file, sets, drops, outsides, model, params, fmt, seed, draws, workers, backend):
    """Compare the forecast of a scenario FILE with a variant of it.

    Changes apply in the order --set, --outside, --drop. With --draws the two run on the
    same random numbers and each difference comes with its 90% interval; 'beyond noise'
    means that interval excludes zero.

    \b
    Examples:
      realpolitik whatif examples/korea-2019.yaml --set USA.sanctions.position=40
      realpolitik whatif examples/korea-2019.yaml --drop Russia -m nash --draws 1000 --seed 7
      realpolitik whatif examples/korea-2019.yaml --outside DPRK.sanctions=none -m all
    """
    sc = load_for_analysis(file)
    names = parse_model_names(model)
    per = parse_params(params, names)
    check_draws(draws, workers)
    if not (sets or drops or outsides):
        raise ParameterError("give at least one change: --set, --drop or --outside")
    changed = variant(sc, sets, outsides, drops)
    seed = fresh_seed() if seed is None else seed

    def one(name: str):
        with progress_bar(f"{name}: draws") as progress:
            return compare(sc, changed, name, draws=draws, seed=seed, params=per[name], workers=workers,
                           backend=backend, progress=progress)

    frame = per_model(names, "all" not in ",".join(model), one)
    record_run(seed, analysis=table_record(frame), models=names)
    meta = {"scenario": file, "seed": seed, "draws": draws, "set": list(sets), "drop": list(drops),
            "outside": list(outsides)}
    columns = ["issue", "baseline", "variant", "difference"]
    if draws > 1:
        columns += ["diff_q05", "diff_q95", "beyond_noise"]
    emit(frame, fmt, f"what if: {'; '.join([*sets, *outsides, *(f'drop {d}' for d in drops)])}", meta,
         columns=columns)
