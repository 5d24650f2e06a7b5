"""``realpolitik new``: write a commented scenario template that loads and runs as it is."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from ..errors import ParameterError
from ..scenario.template import DEFAULT_ACTORS, DEFAULT_ISSUES
from .app import main


def _ids(text: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    return default if text is None else tuple(x.strip() for x in text.split(","))


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--actors", metavar="A,B,C", default=None, help="Actor ids, comma-separated (default: A,B,C).")
@click.option("--issues", metavar="X,Y", default=None, help="Issue ids, comma-separated (default: x,y).")
@click.option("--title", default="A new scenario", show_default=True, help="The scenario's title.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file, actors, issues, title, force):
    """Write a new scenario FILE: a commented YAML template with every key explained.

    It loads and runs as it is (example values spread over each scale); replace the
    values with what your sources say, then check and forecast it.

    \b
    Examples:
      realpolitik new climate.yaml --actors EU,US,CN,IN,AOSIS --issues finance,target
      realpolitik check climate.yaml
      realpolitik forecast climate.yaml -m all
    """
    if Path(file).exists() and not force:
        raise ParameterError(f"{file}: exists already (--force overwrites it)")
    api.new(file, actors=_ids(actors, DEFAULT_ACTORS), issues=_ids(issues, DEFAULT_ISSUES), title=title,
            overwrite=True)
    click.echo(f"wrote {file}; next: realpolitik check {file}", err=True)
