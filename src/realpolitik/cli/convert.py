"""``realpolitik convert``: rewrite any readable scenario as realpolitik YAML, long CSV or an Excel workbook."""

from __future__ import annotations

import click

from .. import api
from .app import main


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Where to write (default: standard output; a workbook needs a file).")
@click.option("--to", "target", type=click.Choice(["yaml", "csv", "xlsx"]), default=None,
              help="Output format (default: from the output's suffix, else yaml).")
@click.option("--layout", type=click.Choice(["tables", "long"]), default="tables", show_default=True,
              help="Workbook layout: one sheet per table (actors, issues, positions) or one long sheet.")
@click.option("--semicolon", is_flag=True, help="Separate CSV fields by semicolons (as many spreadsheets expect).")
def convert(file, output, target, layout, semicolon):
    """Convert a scenario FILE (any readable format) to YAML, long CSV or Excel (.xlsx).

    The output is written only when the input is valid, and atomically. Long CSV and
    workbooks keep central values (no uncertainty, no evidence); the status quo, the
    rule and the scale of each issue are kept. Workbooks need the 'xlsx' extra.

    \b
    Examples:
      realpolitik convert examples/korea-2019.yaml --to csv
      realpolitik convert examples/korea-2019.yaml -o korea.xlsx
      realpolitik convert korea.xlsx -o korea.yaml
    """
    text = api.convert(file, output, to=target, layout=layout, delimiter=";" if semicolon else ",")
    if output is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"wrote {output}", err=True)
