"""The long CSV format: contents, per-issue capability and line-numbered rejections."""

from __future__ import annotations

import pytest

from realpolitik.errors import ScenarioError
from realpolitik.scenario import csv_io, load, parse

GOOD = """actor,issue,capability,position,salience
US,sanctions,40,0,90
US,freeze,40,100,80
DPRK,sanctions,10,100,100
DPRK,freeze,12,20,70
"""


def test_long_csv_contents():
    sc = parse(GOOD, "k.csv")
    assert sc.actor_ids == ("US", "DPRK") and sc.issue_ids == ("sanctions", "freeze")
    assert sc.salience_scale == 100
    assert sc.stance("DPRK", "freeze").capability.value == 12  # differs by issue: an override
    assert sc.stance("DPRK", "sanctions").capability is None
    arr = sc.arrays()
    assert arr.capability[0, :, 1].tolist() == [40, 12]
    assert sc.issue("freeze").status_quo is None


def test_one_issue_csv_is_named_after_the_file():
    sc = parse("actor,capability,position,salience\nA,1,10,0.5\nB,2,90,1\n", "emission.csv")
    assert sc.issue_ids == ("emission",) and sc.salience_scale == 1


def test_csv_round_trip():
    sc = parse(GOOD, "k.csv")
    assert parse(csv_io.dumps(sc), "k.csv") == sc


def test_optional_issue_columns_any_order_and_round_trip():
    text = ("issue,actor,capability,position,salience,status_quo,rule,scale_low,scale_high\n"
            "finance,US,40,200,90,100,\"{quota: 0.5, veto: [US]}\",0,1000\n"
            "finance,EU,30,800,80,,,,\n"
            "freeze,US,40,100,80,65,unanimity,,\n"
            "freeze,EU,30,90,70,,,,\n")
    sc = parse(text, "c.csv")
    fin = sc.issue("finance")
    assert (fin.lower, fin.upper, fin.status_quo.value) == (0, 1000, 100)
    assert fin.rule.quota == 0.5 and fin.rule.veto == ("US",)
    assert sc.issue("freeze").rule.preset == "unanimity" and sc.issue("freeze").status_quo.value == 65
    assert parse(csv_io.dumps(sc), "c.csv") == sc
    assert parse(csv_io.dumps(sc, delimiter=";"), "c.csv") == sc


def test_semicolon_csv_with_decimal_commas():
    text = "actor;issue;capability;position;salience;status_quo\nUS;tax;40;12,5;90;10\nEU;tax;30,5;80;70;\n"
    sc = parse(text, "s.csv")
    assert sc.stance("US", "tax").position.value == 12.5
    assert sc.actor("EU").capability.value == 30.5
    assert sc.issue("tax").status_quo.value == 10


def test_nash_and_procedural_run_from_a_spreadsheet():
    from realpolitik.models.runner import run

    text = ("actor,issue,capability,position,salience,status_quo,rule\n"
            "A,x,1,20,1,50,{quota: 0.5}\nB,x,1,60,1,,\nC,x,1,80,1,,\n")
    arr = parse(text, "w.csv").arrays()
    assert run("procedural", arr).point()[0] == pytest.approx(60.0)  # win-set [50, 70], broker at the median 60
    assert 50 <= run("nash", arr).point()[0] <= 80


@pytest.mark.parametrize("text, match", [
    ("actor,issue,capability,position,salience,rule\nA,x,1,2,3,consensus\n",
     r"line 2, rule: unknown preset 'consensus' \(presets: unanimity, unsc\)"),
    ("actor,issue,capability,position,salience,rule\nA,x,1,2,3,{qota: 1}\n", "line 2, rule: unknown rule key 'qota'"),
    ("actor,issue,capability,position,salience,status_quo\nA,x,1,2,3,10\nB,x,1,2,3,20\n",
     "line 3: status_quo '20' differs from '10' given for issue 'x' on line 2"),
    ("actor,issue,capability,position,salience,scale_high\nA,x,1,20,3,10\n",
     "line 2: position 20 is outside the scale 0–10"),
    ("actor,issue,capability,position,salience,status_quo\nA,x,1,2,3,120\n", "issues.x.status_quo: status quo 120"),
    ("actor,issue,capability,position,salience,salience\nA,x,1,2,3,3\n", "line 1: .*repeated salience"),
    ("actor,issue,capability,position\nA,x,1,2\n", "line 1: the header needs .*missing salience"),
    ("actor,issue,capability,position,salience,colour\n", "line 1: .*unexpected colour"),
    ("actor,issue,capability,position,salience\n", "line 2: no data rows"),
    ("actor,issue,capability,position,salience\nA,x,1,2\n", "line 2: expected 5 fields, found 4"),
    ("actor,issue,capability,position,salience\nA,x,one,2,3\n", "line 2: capability 'one' is not a number"),
    ("actor,issue,capability,position,salience\nA,x,1,nan,3\n", "line 2: position 'nan' is not a finite"),
    ("actor,issue,capability,position,salience\nA,x,1,inf,3\n", "line 2: position 'inf'"),
    ("actor,issue,capability,position,salience\nA,x,0,2,3\n", "line 2: capability must be > 0"),
    ("actor,issue,capability,position,salience\nA,x,-1,2,3\n", "line 2: capability must be > 0"),
    ("actor,issue,capability,position,salience\nA,x,1,2,-3\n", "line 2: salience must be >= 0"),
    ("actor,issue,capability,position,salience\nA,x,1,120,3\n", "line 2: position 120 is outside the scale"),
    ("actor,issue,capability,position,salience\nA,x,1,2,3\nA,x,1,5,3\n", "line 3: duplicate row"),
    ("actor,issue,capability,position,salience\n,x,1,2,3\n", "line 2: empty actor"),
    ("actor,issue,capability,position,salience\nA,x,1,,3\n", "line 2: missing position"),
])
def test_bad_csv_rejected(text, match, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=match) as info:
        load(path)
    assert str(info.value).startswith(str(path))
