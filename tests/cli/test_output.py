"""Terminal tables: never a cut number; transposed or split, and said so, when too wide."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from realpolitik.cli.app import main
from realpolitik.cli.output import layout
from realpolitik.models import names
from realpolitik.models.runner import run
from realpolitik.scenario import load
from tests.conftest import EXAMPLE

COLS = ["issue", "scale", "status quo", "mean", "procedural", "status-quo"]
ROWS = [["sequencing", "0–100", "10.0", "49.2", "10.0", "10.0"], ["freeze", "0–100", "65.0", "85.2", "65.0", "65.0"]]


def test_layout_keeps_fitting_tables_and_transposes_or_splits_others():
    assert layout("t", COLS, ROWS, 200) == [("t", COLS, ROWS, "")]
    (title, cols, rows, note), = layout("t", COLS, ROWS, 45)
    assert cols == ["", "sequencing", "freeze"] and rows[2] == ["mean", "49.2", "85.2"]
    assert note == "(transposed to fit 45 columns: rows shown as columns)"
    wide = [[f"issue{k}", *[f"{k}{j}.5" for j in range(5)]] for k in range(12)]
    parts = layout("t", COLS, wide, 40)
    assert len(parts) > 1 and all(p[1][0] == "issue" for p in parts)
    assert [c for p in parts for c in p[1][1:]] == COLS[1:]
    assert parts[0][3] == f"(part 1 of {len(parts)}: columns split to fit 40 columns)"


@pytest.mark.parametrize("columns", ["80", "100", "60"])
def test_flagship_table_shows_every_number_whole(columns):
    res = CliRunner(env={"COLUMNS": columns}).invoke(main, ["forecast", str(EXAMPLE), "-m", "all", "--seed", "1"])
    assert res.exit_code == 0, res.output
    assert max(len(line) for line in res.output.splitlines()) <= int(columns)
    sc = load(EXAMPLE)
    for model in names():
        for x in run(model, sc.arrays(), seed=1).point():
            assert re.search(rf"(?<![\d.]){x:.1f}(?![\d])", res.output), (model, x)
    assert "to fit" in res.output  # the 11 columns fit none of these widths as given
