"""``realpolitik convert``: rewrite any readable scenario as realpolitik YAML or long CSV."""

from __future__ import annotations

import click

from .. import api
from .app import main


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write (default: standard output).")
@click.option("--to", "target", type=click.Choice(["yaml", "csv"]), default=None,
              help="Output format (default: from the output's suffix, else yaml).")
def convert(file, output, target):
    """Convert a scenario FILE (any readable format) to YAML or long CSV.

    The output is written only when the input is valid, and atomically.

    \b
    Examples:
      realpolitik convert data.csv -o data.yaml
      realpolitik convert examples/korea-2019.yaml --to csv
    """
    text = api.convert(file, output, to=target)
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
