"""The Decide input format: contents, dialects, line-numbered rejections and the shared data files."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.cli.app import main
from realpolitik.errors import ScenarioError
from realpolitik.scenario import decide_io, load, parse
from tests.conftest import ROOT

MINI = ROOT / "tests" / "fixtures" / "decide-mini.txt"


def test_fixture_contents():
    sc = load(MINI)
    assert sc.actor_ids == ("North", "South", "Broker")
    assert sc.issue_ids == ("tariff", "quota", "aid")
    assert sc.actor("North").name == "Northern bloc" and sc.actor("South").description == "weaker"
    assert (sc.issue("tariff").lower, sc.issue("tariff").upper) == (0, 10)  # from its #M points
    assert (sc.issue("quota").lower, sc.issue("quota").upper) == (0, 100)  # no #M points
    assert sc.issue("tariff").description == "import tariff in percent"
    assert sc.stance("Broker", "quota") is None  # missing from an issue
    assert sc.salience_scale == 1.0 and sc.description == "A small test negotiation over three issues"
    assert sc.actor("South").capability.value == 0.4
    assert sc.stance("South", "aid").capability.value == 0.3  # power differs on this issue
    assert sc.stance("South", "quota").capability is None
    arr = sc.arrays()
    assert arr.position[0, 0].tolist()[0] == 10.0 and arr.salience[0, 1, 1] == 0.9


def test_semicolons_double_quotes_and_no_quotes_read_the_same():
    tab = MINI.read_text()
    semi = tab.replace("\t", ";").replace("'", '"')
    bare = tab.replace("\t", ";").replace("'", "")
    assert parse(semi, "x.csv") == parse(tab, "x.txt") == parse(bare, "x")


def test_sniff_claims_only_tagged_files():
    assert decide_io.sniff("x.csv", MINI.read_text())
    assert not decide_io.sniff("x.csv", "actor,issue,capability,position,salience\nA,x,1,2,3\n")
    assert not decide_io.sniff("x.csv", "#A only a heading\n")
    assert not decide_io.sniff("x.csv", "")


GOOD_HEAD = "#A;a\n#A;b\n#P;x\n"


@pytest.mark.parametrize("body, match", [
    ("#D;a;x;50;0.5;1\n#D;a;x;60;0.5;1\n", "line 5: a second #D row for actor 'a' on issue 'x'"),
    ("#D;a;x;fifty;0.5;1\n", "line 4: position 'fifty' is not a number"),
    ("#D;a;x;50;1.5;1\n", r"line 4: salience must be in \[0, 1\], got 1.5"),
    ("#D;a;x;50;0.5;0\n", r"line 4: power must be in \(0, 1\], got 0"),
    ("#D;a;x;50;0.5\n", "line 4: a #D row needs actor, issue, position, salience and power"),
    ("#D;c;x;50;0.5;1\n", "line 4: actor 'c' has no #A row"),
    ("#D;a;y;50;0.5;1\n", "line 4: issue 'y' has no #P row"),
    ("#M;x;0\n#M;x;10\n#D;a;x;50;0.5;1\n", "line 6: position 50 is outside the scale 0–10 of issue 'x'"),
    ("#M;x;5\n#D;a;x;5;0.5;1\n", "line 4: issue 'x' needs two different #M scale points"),
    ("#M;y;0\n#D;a;x;5;0.5;1\n", "line 4: #M row for issue 'y', which no #P row declares"),
    ("#A;a\n#D;a;x;5;0.5;1\n", "line 4: actor 'a' is declared twice"),
    ("#Q;a\n", "line 4: '#Q' is not a Decide row tag"),
    ("#D;a;x;nan;0.5;1\n", "line 4: position 'nan' is not a finite number"),
    ("", "no #D rows"),
])
def test_bad_files_name_the_line_and_problem(body, match):
    with pytest.raises(ScenarioError, match=match) as info:
        parse(GOOD_HEAD + body, "bad.csv")
    assert info.value.file == "bad.csv"


def test_cli_forecast_and_convert(tmp_path):
    runner = CliRunner()
    out = runner.invoke(main, ["forecast", str(MINI), "--model", "exchange", "--format", "csv", "--seed", "1"])
    assert out.exit_code == 0, out.output
    assert "exchange,tariff," in out.output
    target = tmp_path / "mini.yaml"
    out = runner.invoke(main, ["convert", str(MINI), "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert load(target) == load(MINI)


def test_cli_rejects_a_bad_file_with_exit_2(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(GOOD_HEAD + "#D;a;x;500;0.5;1\n")
    out = CliRunner().invoke(main, ["forecast", str(bad)])
    assert out.exit_code == 2
    assert "line 4: position 500 is outside the scale" in out.output and "Traceback" not in out.output


@pytest.mark.parametrize("name, actors, issues, rows", [
    ("cop21.csv", 15, 13, 181), ("copenhagen.csv", 11, 7, 75), ("sample_data.txt", 10, 6, None),
])
def test_shared_decide_files(shared_data, name, actors, issues, rows):
    sc = load(shared_data / "decide" / name)
    assert (len(sc.actors), len(sc.issues)) == (actors, issues)
    if rows is not None:
        assert len(sc.stances) == rows


def test_shared_sample_keeps_issue_scales(shared_data, tmp_path):
    sc = load(shared_data / "decide" / "sample_data.txt")
    assert (sc.issue("tol-hoogte").lower, sc.issue("tol-hoogte").upper) == (0.5, 7)
    target = tmp_path / "cop21.yaml"
    out = CliRunner().invoke(main, ["convert", str(shared_data / "decide" / "cop21.csv"), "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert load(target) == load(shared_data / "decide" / "cop21.csv")


cells = st.one_of(st.sampled_from(["a", "b", "x", "y", "0", "1", "0.5", "100", "-3", "nan", "", "'q'", '"']),
                  st.text(max_size=5))
rows = st.tuples(st.sampled_from(["#A", "#P", "#M", "#D", "#/", "#O", "#Z", "A"]), st.lists(cells, max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows, min_size=1, max_size=12), st.sampled_from(["\t", ";"]))
def test_tagged_junk_fails_only_with_scenario_errors(lines, sep):
    text = "\n".join(sep.join([tag, *rest]) for tag, rest in lines)
    try:
        parse(text, "junk.txt", format="decide")
    except ScenarioError as exc:
        assert str(exc) and "\n" not in str(exc).strip()
