"""Excel workbooks: both layouts read back what was written; bad sheets name the sheet and row."""

from __future__ import annotations

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.models.runner import run
from realpolitik.scenario import load
from tests.conftest import ROOT

openpyxl = pytest.importorskip("openpyxl")
KOREA = ROOT / "examples" / "korea-2019.yaml"


def _central(sc):
    return [(s.actor, s.issue, s.position.value, s.salience.value) for s in sc.stances]


@pytest.mark.parametrize("layout", ["tables", "long"])
def test_workbook_round_trip_keeps_issues_and_forecasts(tmp_path, layout):
    from realpolitik.scenario import xlsx_io

    sc = load(KOREA)
    path = tmp_path / "k.xlsx"
    xlsx_io.dump(sc, path, layout)
    back = load(path)
    assert _central(back) == _central(sc)
    assert [(i.id, i.lower, i.upper, i.status_quo.value, i.rule) for i in back.issues] == \
        [(i.id, i.lower, i.upper, i.status_quo.value, i.rule) for i in sc.issues]
    for model in ("procedural", "median"):
        assert run(model, back.arrays()).point().tolist() == pytest.approx(run(model, sc.arrays()).point().tolist())
    if layout == "tables":  # outside options travel in the tables layout only
        assert run("nash", back.arrays()).point().tolist() == pytest.approx(run("nash", sc.arrays()).point().tolist())


def _book(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)


def test_long_sheet_from_a_spreadsheet(tmp_path):
    path = tmp_path / "climate.xlsx"
    _book(path, {"Sheet1": [["actor", "issue", "capability", "position", "salience", "status_quo", "rule"],
                            ["EU", "finance", 30, 80, 90, 40, "unanimity"], ["US", "finance", 40, 20, 70, None, None]]})
    sc = load(path)
    assert sc.issue("finance").status_quo.value == 40 and sc.issue("finance").rule.preset == "unanimity"


@pytest.mark.parametrize("sheets, match", [
    ({"Sheet1": [["actor", "issue", "capability", "position", "salience"], ["EU", "x", "many", 1, 1]]},
     "sheet 'sheet1', row 2: capability 'many' is not a number"),
    ({"actors": [["id", "capability", "colour"]], "issues": [["id"]], "positions": [["actor"]]},
     "sheet 'actors', row 1: unknown column 'colour'"),
    ({"actors": [["id", "capability"], ["A", 1]], "issues": [["id"], ["x"]], "positions": [["actor", "issue"],
                                                                                           ["A", "x"]]},
     "sheet 'positions', row 2: missing position"),
])
def test_bad_workbooks_name_sheet_and_row(tmp_path, sheets, match):
    path = tmp_path / "bad.xlsx"
    _book(path, sheets)
    with pytest.raises(ScenarioError, match=match) as info:
        load(path)
    assert str(info.value).startswith(str(path))


def test_damaged_workbook(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ScenarioError, match="not a readable .xlsx workbook"):
        load(path)
