"""``realpolitik convert``: rewrite any readable scenario as realpolitik YAML or long CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..scenario import csv_io, yaml_io
from .app import main
from .loading import load_scenario


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
    sc = load_scenario(file)
    if target is None:
        target = "csv" if output and Path(output).suffix.lower() == ".csv" else "yaml"
    text = yaml_io.dumps(sc) if target == "yaml" else csv_io.dumps(sc)
    if output is None:
        click.echo(text, nl=False)
    else:
        yaml_io.write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
