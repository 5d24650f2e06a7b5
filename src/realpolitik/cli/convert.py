"""``realpolitik convert``: rewrite any readable scenario as realpolitik YAML, long CSV or an Excel workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ..scenario import csv_io, load, yaml_io
from .app import main

_BY_SUFFIX = {".csv": "csv", ".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml"}


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
    sc = load(file)
    if target is None:
        target = _BY_SUFFIX.get(Path(output).suffix.lower(), "yaml") if output else "yaml"
    if target == "xlsx":
        if output is None:
            raise click.UsageError("a workbook is written to a file: give -o FILE.xlsx")
        from ..scenario import xlsx_io

        xlsx_io.dump(sc, output, layout)
        click.echo(f"wrote {output}", err=True)
        return
    text = yaml_io.dumps(sc) if target == "yaml" else csv_io.dumps(sc, ";" if semicolon else ",")
    if output is None:
        click.echo(text, nl=False)
    else:
        yaml_io.write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
