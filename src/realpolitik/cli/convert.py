"""``realpolitik convert``: rewrite any readable scenario as realpolitik YAML, long CSV or an Excel workbook."""

from __future__ import annotations

import click

from .. import api
from .app import main
from .loading import load_scenario


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write (default: standard output; a workbook needs a file).")
@click.option("--to", "target", type=click.Choice(["yaml", "csv", "xlsx"]), default=None,
              help="Output format (default: from the output's suffix, else yaml).")
@click.option("--layout", type=click.Choice(["tables", "long"]), default="tables", show_default=True,
              help="Workbook layout: one sheet per table (actors, issues, positions) or one long sheet.")
@click.option("--semicolon", is_flag=True, help="Separate CSV fields by semicolons (as many spreadsheets expect).")
@click.option("--lossy", is_flag=True,
              help="Write a long CSV with the central values even when it cannot hold the whole scenario.")
def convert(file, output, target, layout, semicolon, lossy):
    """Convert a scenario FILE (any readable format) to YAML, long CSV or Excel (.xlsx).

    The output is written only when the input is valid, and atomically. A long CSV keeps
    each issue's status quo, rule and scale; one that would lose more (uncertainty, outside
    options, evidence, names) is refused with what it would lose, unless --lossy. Workbooks
    keep central values (no uncertainty, no evidence) and need the 'xlsx' extra.

    \b
    Examples:
      realpolitik convert examples/korea-2019.yaml --to csv --lossy
      realpolitik convert examples/korea-2019.yaml -o korea.xlsx
      realpolitik convert korea.xlsx -o korea.yaml
    """
    sc = load_scenario(file)
    text = api.convert(sc, output, to=target, layout=layout, delimiter=";" if semicolon else ",",
                       lossy=lossy)
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
