"""``realpolitik report``: one self-contained HTML file with plots, evidence and reproduction facts."""

from __future__ import annotations

import click

from .. import api
from .app import main, model_option, param_option, parse_params, seed_option
from .draws import progress_bar
from .loading import load_scenario
from .recording import store_options


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The HTML file to write.")
@model_option
@param_option
@seed_option
@click.option("--draws", type=click.IntRange(min=1), default=1, show_default=True,
              help="Monte Carlo draws over the uncertain inputs (intervals need more than 1).")
@click.option("--leverage", "leverage_model", default=None, metavar="NAME",
              help="Model for the leverage and pivot values (default: the first model; 'none' skips them).")
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Directory of the cited source files: verify the citations and quote each cited paragraph.")
@click.option("--advise", "advise_actor", default=None, metavar="ACTOR",
              help="Add a section with the ten best moves for this actor under the models shown.")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Add a what-if section: change an input.")
@click.option("--drop", "drops", multiple=True, metavar="ACTOR", help="Add a what-if section: remove an actor.")
@click.option("--outside", "outsides", multiple=True, metavar="ACTOR.ISSUE=VALUE[@CRED]",
              help="Add a what-if section: give (or, with =none, remove) an outside option.")
@click.option("--shocks", "with_shocks", is_flag=True, help="Add a section on random salience shocks and drop-outs.")
@click.option("--sensitivity", "with_sensitivity", is_flag=True,
              help="Add a section on the inputs each forecast rests on most (Sobol indices).")
@store_options
def report(file, output, model, params, seed, draws, leverage_model, corpus, advise_actor, sets, drops, outsides,
           with_shocks, with_sensitivity, store):
    """Write a self-contained HTML report of a scenario FILE: a summary in plain words and
    the forecast table first, then forecasts on a map of the actors, rounds, leverage, the
    advice, what-if, shocks and sensitivity sections asked for, rules, diagnostics, evidence,
    citations and versions.

    The file opens offline (no scripts, fonts or images to fetch) and is written atomically.

    \b
    Examples:
      realpolitik report examples/korea-2019.yaml -o korea.html --model all --draws 200 --seed 1
      realpolitik report examples/korea-2019.yaml -o korea.html --corpus ../shared/seeds
      realpolitik report examples/korea-2019.yaml -o korea.html -m nash --drop RUS --shocks --sensitivity
      realpolitik report examples/korea-2019.yaml -o korea.html -m mean,nash --draws 200 --advise DPRK
    """
    sc = load_scenario(file)
    with progress_bar() as progress:
        out = api.report(sc, output, models=list(model), draws=draws, seed=seed, params=parse_params(params),
                         leverage=leverage_model, corpus=corpus, advise=advise_actor, store=store, progress=progress,
                         whatif={"set": list(sets), "drop": list(drops), "outside": list(outsides)}
                         if sets or drops or outsides else None, shocks=with_shocks, sensitivity=with_sensitivity)
    for note in out.skipped:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output}", err=True)
