"""``realpolitik advise``: the moves that serve one actor best, ranked across draws and models."""

from __future__ import annotations

import textwrap

import click

from .. import api
from ..api.advising import DEFAULT_MODELS
from .app import format_option, main, param_option, parse_params, seed_option
from .draws import cluster_options, progress_bar
from .loading import load_scenario
from .output import echo_csv, echo_json, fmt_num, print_table, width
from .recording import store_options

LABEL_RULE = ("robust: gains in at least 90% of draws under every model; harmful: median loss under most models; "
              "model-dependent: models differ in the sign of the median gain; uncertain: anything else")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--actor", "-a", required=True, metavar="ACTOR", help="The actor to advise.")
@click.option("--model", "-m", "model", multiple=True, metavar="NAME",
              help="Models (repeatable or comma-separated; 'all' for every model). "
                   f"Default: {','.join(DEFAULT_MODELS)}.")
@param_option
@click.option("--draws", "-n", type=int, default=1000, show_default=True,
              help="Monte Carlo draws of the uncertain inputs (1: central values only).")
@seed_option
@click.option("--moves", "kinds", default="all", show_default=True, metavar="KINDS",
              help="Move kinds, comma-separated: position, focus, outside, persuasion, coalition, sequencing.")
@click.option("--top", "-k", type=int, default=10, show_default=True, help="How many moves to show.")
@click.option("--cost", "cost_model", type=click.Choice(["salience", "weight", "flat"]), default="salience",
              show_default=True, help="Cost of persuading an actor per step: its salience, its capability × "
                                      "salience, or the same for all.")
@click.option("--rules", is_flag=True, help="Hold forecasts to the decision rules (as forecast --rules does).")
@format_option
@cluster_options
@store_options
def advise(file, actor, model, params, draws, seed, kinds, top, cost_model, rules, fmt, workers, backend, scheduler,
           store):
    """Rank what ACTOR could do (state another position, shift its focus, play an outside
    option, win another actor over, align with one, reorder the stages) by the gain in its
    salience-weighted utility, on the same draws for every model. See docs/advise.md.

    \b
    Examples:
      realpolitik advise examples/korea-2019.yaml --actor DPRK --draws 200 --seed 1
      realpolitik advise examples/korea-2019.yaml --actor USA -m nash,eum --moves persuasion,outside
    """
    sc = load_scenario(file)
    with progress_bar() as progress:
        result = api.advise(sc, actor, models=list(model) or DEFAULT_MODELS, moves=kinds, draws=draws, seed=seed,
                            params=parse_params(params), cost=cost_model, rules=rules, top=top, workers=workers,
                            backend=backend, scheduler=scheduler, progress=progress, store=store)
    if fmt == "json":
        echo_json({"scenario": file, **result.to_dict()})
    elif fmt == "csv":
        echo_csv(result.to_frame())
    else:
        print_advice(result.advice, top, file)


def _gain(s) -> str:
    return fmt_num(s.median, 2) if s.expressed else "cannot express"


def print_advice(advice, top: int, file: str) -> None:
    """The ranked moves, their sentences, and whom to work on."""
    shown = advice.top(top)
    columns = ["rank", "move", "label", "average gain", *(f"{m} gain" for m in advice.models), "models gaining",
               "cost"]
    rows = [[str(n), r.move.text, r.label, fmt_num(r.score, 2), *(_gain(s) for s in r.stats),
             f"{r.gaining} of {r.expressing}", fmt_num(r.move.cost, 2) if r.move.cost else ""]
            for n, r in enumerate(shown, 1)]
    caption = "\n".join([f"seed {advice.seed}, {advice.draws} draws, decision rules {'on' if advice.rules else 'off'}; "
                         "gain: change of the actor's salience-weighted utility (points on 0–100 scales), "
                         "median over draws", LABEL_RULE, *advice.notes, *(f"skipped {s}" for s in advice.skipped)])
    print_table(f"advice for {advice.actor} — {file}", columns, rows, caption)
    for n, r in enumerate(shown, 1):
        click.echo(textwrap.fill(f"{n}. {r.sentence}", width=width(), subsequent_indent="   "))
    targets = advice.targets()[:top]
    if targets:
        rows = [[str(n), r.move.text, fmt_num(r.move.cost, 2), fmt_num(r.score, 2), fmt_num(r.gain_per_cost, 2)]
                for n, r in enumerate(targets, 1)]
        print_table(f"whom to work on — cost model: {advice.grid.cost_model}",
                    ["rank", "move", "cost", "average gain", "gain per cost"], rows)
    if not shown:
        click.echo(f"no move changes any forecast for {advice.actor}")
