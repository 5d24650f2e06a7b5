"""``realpolitik report``: one self-contained HTML file with plots, evidence and reproduction facts."""

from __future__ import annotations

import click

from .. import api
from .app import main, model_option, param_option, parse_params, seed_option
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
@store_options
def report(file, output, model, params, seed, draws, leverage_model, corpus, advise_actor, store):
    """Write a self-contained HTML report of a scenario FILE: actors, issues, forecasts with
    intervals on a map of the actors, rounds, leverage, evidence, citations and versions.

    The file opens offline (no scripts, fonts or images to fetch) and is written atomically.

    \b
    Examples:
      realpolitik report examples/korea-2019.yaml -o korea.html --model all --draws 200 --seed 1
      realpolitik report examples/korea-2019.yaml -o korea.html --corpus ../shared/seeds
      realpolitik report examples/korea-2019.yaml -o korea.html -m mean,nash --draws 200 --advise DPRK
    """
    out = api.report(file, output, models=list(model), draws=draws, seed=seed, params=parse_params(params),
                     leverage=leverage_model, corpus=corpus, advise=advise_actor, store=store)
    for note in out.skipped:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output}", err=True)
