"""Reading KTAB's spatial-model CSV and XML files, and reporting their defects."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from realpolitik.errors import ScenarioError
from realpolitik.scenario import load, parse
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ktab"
HEADER = "Test,demo,3,2,\nActor,Description,Power,A,A Sal,B,B Sal,\n"
GOOD_ROWS = ["x,one,10,10,40,20,40", "y,two,20,50,30,60,30", "z,three,30,90,20,80,20"]


def _csv(*rows: str) -> str:
    return HEADER + "\n".join(rows) + "\n"


def test_csv_fixture_ids_trimmed_and_values_read():
    sc = load(FIXTURES / "harbour.csv")
    assert sc.actor_ids == ("City", "Operator", "Union")
    assert sc.issue_ids == ("Fee level", "Term")
    assert sc.title == "Harbour" and sc.salience_scale == 100
    assert sc.actor("Operator").capability.value == 90
    assert sc.actor("City").description == "City council"
    st = sc.stance("Union", "Term")
    assert (st.position.value, st.salience.value) == (20.0, 60.0)
    assert all((i.lower, i.upper) == (0, 100) for i in sc.issues)


def test_xml_fixture_matches_csv_and_empty_coordinate_means_absent():
    xml, csv = load(FIXTURES / "harbour.xml"), load(FIXTURES / "harbour.csv")
    assert xml.actor_ids == csv.actor_ids and xml.issue_ids == csv.issue_ids
    assert xml.stance("Union", "Fee level") is None
    assert csv.stance("Union", "Fee level") is not None
    assert xml.stance("City", "Term") == csv.stance("City", "Term")
    assert dict(xml.extensions["ktab_model_parameters"]) == {"victory_model": "square", "voting_rule": "propcbc"}


def test_saliences_over_100_name_the_row():
    with pytest.raises(ScenarioError, match="sum to 110, more than 100") as err:
        parse(_csv(GOOD_ROWS[0], "y,two,20,50,60,60,50", GOOD_ROWS[2]), "t.csv")
    assert err.value.place == "line 4"


@pytest.mark.parametrize(("row", "problem"), [
    ("y,two,20,,30,60,30", "missing coordinate on 'A'"),
    ("y,two,20,50,30,60", "row ends early: no value for 'B'"),
    ("y,two,20,50,30,abc,30", "coordinate on 'B' 'abc' is not a number"),
    ("y,two,0,50,30,60,30", "capability must be > 0"),
    ("y,two,20,150,30,60,30", "position 150 on 'A' is outside the scale"),
    ("x,two,20,50,30,60,30", "actor 'x' appears twice"),
])
def test_bad_rows_are_reported_with_their_line(row, problem):
    with pytest.raises(ScenarioError, match=problem) as err:
        parse(_csv(GOOD_ROWS[0], row, GOOD_ROWS[2]), "t.csv")
    assert err.value.place == "line 4"


def test_actor_count_must_match_first_line():
    with pytest.raises(ScenarioError, match="announces 3 actors but 2"):
        parse(_csv(*GOOD_ROWS[:2]), "t.csv")


def test_xml_missing_coordinate_names_the_actor():
    text = (FIXTURES / "harbour.xml").read_text().replace("<dCoord>90.0</dCoord>", "", 1)
    with pytest.raises(ScenarioError, match="1 coordinates for 2 dimensions") as err:
        parse(text, "t.xml")
    assert err.value.place == "actor 2 ('Operator')"


def test_xml_unknown_parameter_value_is_an_error():
    text = (FIXTURES / "harbour.xml").read_text().replace("Square", "Cubic")
    with pytest.raises(ScenarioError, match="'Cubic' is not a value of VictoryProbModel"):
        parse(text, "t.xml")


@pytest.mark.parametrize("name", ["dummyData_3Dim.csv", "dummyData_6Dim.csv", "dummyData-a040.csv",
                                  "dummyData-a080.csv", "SOE-Policy.csv", "SOE-Competitive.csv",
                                  "SOE-Pol-Comp.csv", "dummyData_3Dim.xml", "smpExample.xml"])
def test_ktab_samples_load(shared_data, name):
    sc = load(shared_data / "ktab" / name)
    assert len(sc.actors) >= 3 and sc.salience_scale == 100


def test_ktab_xml_and_csv_samples_agree(shared_data):
    csv, xml = load(shared_data / "ktab" / "dummyData_3Dim.csv"), load(shared_data / "ktab" / "dummyData_3Dim.xml")
    assert csv.actor_ids == xml.actor_ids and csv.issue_ids == xml.issue_ids
    assert csv.stances == xml.stances


def test_smp_example_reads_despite_empty_coordinate(shared_data):
    sc = load(shared_data / "ktab" / "smpExample.xml")
    assert sc.stance("Alice", "FirstDim") is None
    assert sc.extensions["ktab_model_parameters"]["pce"] == "markov_incentive"


def test_convert_and_bad_file_on_the_command_line(tmp_path):
    out = tmp_path / "harbour.yaml"
    r = CliRunner().invoke(main, ["convert", str(FIXTURES / "harbour.csv"), "-o", str(out)])
    assert r.exit_code == 0
    assert load(out).stances == load(FIXTURES / "harbour.csv").stances
    bad = tmp_path / "bad.csv"
    bad.write_text(_csv(GOOD_ROWS[0], "y,two,20,50,60,60,50", GOOD_ROWS[2]))
    r = CliRunner().invoke(main, ["check", str(bad)])
    assert r.exit_code == 2
    assert "line 4" in r.output and "more than 100" in r.output and "Traceback" not in r.output
