"""``realpolitik whatif``: baseline vs a changed scenario, issue by issue."""

from __future__ import annotations

import click

from .. import api
from .analysis_output import change_table, columns_epilog, emit
from .app import format_option, main, model_option, param_option, parse_params, seed_option
from .comparison import details_option
from .draws import cluster_options, draws_option, progress_bar
from .institutions import rules_option
from .loading import load_scenario
from .recording import store_options

COLUMNS = ("issue", "baseline", "variant", "difference", "diff_q05", "diff_q95", "beyond_noise")


@main.command(epilog=columns_epilog(COLUMNS))
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
@cluster_options
@rules_option
@details_option
@store_options
def whatif(file, sets, drops, outsides, model, params, fmt, seed, draws, workers, backend, scheduler, rules, details,
           store):
    """Compare the forecast of a scenario FILE with a variant of it.

    Changes apply in the order --set, --outside, --drop. With --draws the two run on the
    same random numbers and each difference comes with its 90% interval; 'beyond noise'
    means that interval excludes zero. A staged scenario is compared where its paths end,
    stage by stage; --rules holds both to the decision rules. Several models give one
    table (issues × models); --details adds each model's own table.

    \b
    Examples:
      realpolitik whatif examples/korea-2019.yaml --set USA.sanctions.position=40
      realpolitik whatif examples/korea-2019.yaml --drop RUS -m nash --draws 1000 --seed 7
      realpolitik whatif examples/korea-2019-roadmap.yaml --drop RUS -m mean,nash
      realpolitik whatif examples/korea-2019.yaml --outside DPRK.sanctions=none -m all
    """
    sc = load_scenario(file)
    with progress_bar() as progress:
        result = api.whatif(sc, set=sets, drop=drops, outside=outsides, models=list(model),
                            params=parse_params(params), draws=draws, seed=seed, workers=workers, backend=backend,
                            rules=rules, scheduler=scheduler, progress=progress, store=store)
    columns = ["issue", "baseline", "variant", "difference"]
    if draws > 1:
        columns += ["diff_q05", "diff_q95", "beyond_noise"]
    title = f"what if: {'; '.join([*sets, *outsides, *(f'drop {d}' for d in drops)])}"
    several = len(result.models) - len(result.skipped) > 1
    emit(result, fmt, title, columns=columns, details=details or not several)
    if fmt == "table" and several:
        change_table(result, title, result.scenario.issue_ids)
