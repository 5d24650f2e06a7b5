"""``realpolitik report``: one self-contained HTML file with plots, evidence and reproduction facts."""

from __future__ import annotations

import click

from ..evidence.corpus import Corpus, check_citations
from ..report import collect, render
from ..rng import fresh_seed
from ..scenario import Scenario, yaml_io
from .app import main, model_option, param_option, parse_model_names, parse_params, seed_option
from .loading import load_scenario
from .recording import record_run, store_options


def _quotes(sc: Scenario, file: str, corpus_dir: str) -> dict[tuple[str, int], str]:
    check_citations(sc, corpus_dir, scenario_file=file)
    corpus = Corpus(corpus_dir)
    return {(e.source, p): corpus.quote(sc, e.source, p) for e in sc.evidence for p in e.paragraphs}


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
@store_options(outputs=("output",))
def report(file, output, model, params, seed, draws, leverage_model, corpus):
    """Write a self-contained HTML report of a scenario FILE: actors, issues, forecasts with
    intervals on a map of the actors, rounds, leverage, evidence, citations and versions.

    The file opens offline (no scripts, fonts or images to fetch) and is written atomically.

    \b
    Examples:
      realpolitik report examples/korea-2019.yaml -o korea.html --model all --draws 200 --seed 1
      realpolitik report examples/korea-2019.yaml -o korea.html --corpus ../shared/seeds
    """
    sc = load_scenario(file)
    names = parse_model_names(model)
    per_model = parse_params(params, names)
    seed = fresh_seed() if seed is None else seed
    quotes = None if corpus is None else _quotes(sc, file, corpus)
    data = collect(sc, file, names, per_model, seed, draws, "" if leverage_model == "none" else leverage_model,
                   quotes)
    html = render(data)
    yaml_io.write_atomic(output, html)
    record_run(seed, data.results, {"leverage_model": data.leverage_model, "leverage": list(data.leverage),
                                    "skipped": list(data.skipped)})
    for note in data.skipped:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {output}", err=True)
