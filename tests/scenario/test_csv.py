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


@pytest.mark.parametrize("text, match", [
    ("actor,issue,capability,position\nA,x,1,2\n", "line 1: the header must be exactly .*missing salience"),
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
