"""Rendering results for the terminal: rich tables, CSV and JSON."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from ..scenario.csv_io import safe_cell


def console() -> Console:
    """A console as wide as the terminal, or 200 columns when output goes to a file or pipe."""
    probe = Console()
    return Console(highlight=False, soft_wrap=False, width=probe.width if probe.is_terminal else 200)


def fmt_num(x: float | None, digits: int = 1) -> str:
    """A number with ``digits`` decimals; "–" for none; never "-0.0"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def echo_csv(frame: pd.DataFrame) -> None:
    """A table as CSV: no -0, and text cells a spreadsheet would run as formulas quoted with a leading '."""
    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col]):
            frame[col] = frame[col] + 0.0  # -0.0 + 0.0 is 0.0
        elif frame[col].dtype == object:
            frame[col] = [safe_cell(v) if isinstance(v, str) else v for v in frame[col]]
    frame.columns = [safe_cell(str(c)) for c in frame.columns]
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", float_format="%.6g")
    click.echo(buf.getvalue(), nl=False)


def echo_json(obj) -> None:
    click.echo(json.dumps(_no_negative_zero(obj), indent=2, allow_nan=False, default=str))


def _no_negative_zero(obj):
    if isinstance(obj, float):
        return obj + 0.0
    if isinstance(obj, dict):
        return {k: _no_negative_zero(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_no_negative_zero(v) for v in obj]
    return obj


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
