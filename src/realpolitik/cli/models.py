"""``realpolitik models``: list the registered models, or describe one."""

from __future__ import annotations

import click

from ..models import get, names
from .app import main
from .output import print_table


@main.command("models")
@click.argument("name", required=False)
def models_cmd(name):
    """List the models with a one-line description and citation, or show NAME's parameters.

    \b
    Examples:
      realpolitik models
      realpolitik models nash
    """
    if name is None:
        rows = [[n, get(n).summary, get(n).citation] for n in names()]
        print_table("models", ["name", "what it does", "follows"], rows)
        return
    spec = get(name)
    click.echo(f"{spec.name}: {spec.summary}\nfollows: {spec.citation}\n")
    doc = (spec.kernel.__doc__ or "").strip()
    if doc:
        click.echo(doc + "\n")
    if spec.params:
        rows = [[p.name, p.describe(), p.help] for p in spec.params]
        print_table("parameters (--param NAME=VALUE)", ["name", "values", "meaning"], rows)
    else:
        click.echo("no parameters")
