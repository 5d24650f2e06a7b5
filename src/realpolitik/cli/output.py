"""Rendering results for the terminal: rich tables, CSV and JSON.

Tables never cut a number. Headers wrap on words and text columns fold; when the
table is still wider than the terminal it is printed transposed (its rows as columns),
and when that does not fit either, its columns are split over several tables that
repeat the first column. The caption says which was done.
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.table import Table

from ..scenario.csv_io import safe_cell

if TYPE_CHECKING:
    import pandas as pd

PIPE_WIDTH = 200  # columns when output goes to a file or pipe and COLUMNS is not set
TEXT_MIN = 12  # text columns fold down to this width (or their longest word)


def width() -> int:
    """The terminal's width; ``COLUMNS`` when set; 200 when output goes to a file or pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    probe = Console()
    return probe.width if probe.is_terminal else PIPE_WIDTH


def console() -> Console:
    """A console as wide as :func:`width`."""
    return Console(highlight=False, soft_wrap=False, width=width())


def fmt_num(x: float | None, digits: int = 1) -> str:
    """A number with ``digits`` decimals; "–" for none; never "-0.0"."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def echo_csv(frame: pd.DataFrame) -> None:
    """A table as CSV: no -0, and text cells a spreadsheet would run as formulas quoted with a leading '."""
    import pandas as pd

    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col]):
            frame[col] = frame[col] + 0.0  # -0.0 + 0.0 is 0.0
        elif frame[col].dtype == object:
            frame[col] = [safe_cell(v) if isinstance(v, str) else v for v in frame[col]]
    frame.columns = [safe_cell(str(c)) for c in frame.columns]
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")  # floats in shortest round-trip form
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
    """Print a table that fits the terminal without cutting a number (see the module docstring).

    The ``caption`` (seed, notes) follows the last table, as wide as the terminal.
    """
    out = console()
    for t, cols, body, note in layout(title, list(columns), [list(r) for r in rows], out.width):
        out.print(_table(t, cols, body, note or None))
    if caption:
        out.print(caption, markup=False)


def layout(title: str, columns: list[str], rows: list[list[str]], room: int
           ) -> list[tuple[str, list[str], list[list[str]], str]]:
    """The table(s) to print in ``room`` columns: as given, transposed, or split; with a note saying which."""
    if _min_total(columns, rows) <= room:
        return [(title, columns, rows, "")]
    flipped_cols = ["", *[r[0] for r in rows]]
    flipped_rows = [[columns[j], *[r[j] for r in rows]] for j in range(1, len(columns))]
    if _min_total(flipped_cols, flipped_rows) <= room:
        return [(title, flipped_cols, flipped_rows, f"(transposed to fit {room} columns: rows shown as columns)")]
    groups: list[list[int]] = []
    for j in range(1, len(columns)):
        if groups and _min_total([columns[i] for i in (0, *groups[-1], j)],
                                 [[r[i] for i in (0, *groups[-1], j)] for r in rows]) <= room:
            groups[-1].append(j)
        else:
            groups.append([j])
    out = []
    for n, group in enumerate(groups):
        keep = [0, *group]
        note = f"(part {n + 1} of {len(groups)}: columns split to fit {room} columns)"
        out.append((title if n == 0 else f"{title} (continued)", [columns[i] for i in keep],
                    [[r[i] for i in keep] for r in rows], note))
    return out


def _numeric(columns: list[str], rows: list[list[str]], j: int) -> bool:
    return j > 0 and bool(rows) and all(_is_number(row[j]) for row in rows)


def _min_width(columns: list[str], rows: list[list[str]], j: int) -> int:
    """The narrowest a column can be: whole numbers and whole words."""
    words = [len(w) for w in columns[j].split()] or [0]
    if _numeric(columns, rows, j):
        return max(max(words), *(len(r[j]) for r in rows))
    longest = max([*words, *(len(w) for r in rows for w in r[j].split())], default=1)
    return max(min(longest, max(TEXT_MIN, max(words))), 1)


def _min_total(columns: list[str], rows: list[list[str]]) -> int:
    """Width of the table with every column at its narrowest (rich's box: 3 per column plus 1)."""
    return sum(_min_width(columns, rows, j) for j in range(len(columns))) + 3 * len(columns) + 1


def _table(title: str, columns: list[str], rows: list[list[str]], caption: str | None) -> Table:
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for j, col in enumerate(columns):
        numeric = _numeric(columns, rows, j)
        table.add_column(col, justify="right" if numeric else "left", overflow="fold", no_wrap=numeric,
                         min_width=_min_width(columns, rows, j))
    for row in rows:
        table.add_row(*row)
    return table


def _is_number(cell: str) -> bool:
    cell = cell.strip().rstrip("*%").replace("–", "0").replace("[", "").replace("]", "").replace(",", "")
    try:
        float(cell.split()[0] if cell else "x")
    except ValueError:
        return False
    return True
