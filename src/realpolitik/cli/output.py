"""Rendering results for the terminal: rich tables, CSV and JSON."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd


def console() -> Console:
    """A console as wide as the terminal, or 200 columns when output goes to a file or pipe."""
    probe = Console()
    return Console(highlight=False, soft_wrap=False, width=probe.width if probe.is_terminal else 200)


def fmt_num(x: float | None, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:.{digits}f}"


def echo_csv(frame: pd.DataFrame) -> None:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")  # floats in shortest round-trip form
    click.echo(buf.getvalue(), nl=False)


def echo_json(obj) -> None:
    click.echo(json.dumps(obj, indent=2, allow_nan=False, default=str))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None = None) -> None:
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for n, col in enumerate(columns):
        numeric = n > 0 and all(_is_number(row[n]) for row in rows)
        table.add_column(col, justify="right" if numeric else "left", overflow="fold", no_wrap=numeric or n == 0,
                         min_width=min(len(col), 12))
    for row in rows:
        table.add_row(*row)
    console().print(table)


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace("–", "0"))
    except ValueError:
        return False
    return True
