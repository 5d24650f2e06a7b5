"""What a new user meets first: new, check, one comparison table, counted notes, words, errors, help."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import EXAMPLE, ROOT

ROADMAP = ROOT / "examples" / "korea-2019-roadmap.yaml"


def cli(*args, columns: int = 200):
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(main, [str(a) for a in args])


def test_new_writes_a_template_that_checks_and_forecasts(tmp_path):
    path = tmp_path / "climate.yaml"
    res = cli("new", path, "--actors", "EU,US,CN,IN,AOSIS", "--issues", "finance,target")
    assert res.exit_code == 0 and path.is_file()
    checked = cli("check", path)
    assert checked.exit_code == 0 and "qualified majority" in checked.output and "unanimity (no rule given)" in \
        checked.output
    res = cli("forecast", path, "-m", "all", "--no-store")
    assert res.exit_code == 0 and "procedural" in res.output
    again = cli("new", path)
    assert again.exit_code == 2 and "exists already" in again.output


def test_check_prints_rules_and_stages():
    res = cli("check", ROADMAP)
    assert res.exit_code == 0
    assert "UN Security Council (9 of 15; veto: USA, RUS, CHN)" in res.output
    assert re.search(r"stage 2, us-dprk .*issues sequencing", res.output)


def test_one_table_with_intervals_then_summary_then_counted_notes():
    res = cli("forecast", EXAMPLE, "-m", "mean,nash,eum", "--draws", "60", "--seed", "1", "--no-store")
    assert res.exit_code == 0, res.output
    out = res.output
    assert out.count("┏") == 1  # one table
    assert re.search(r"\d+\.\d \[\d+\.\d–\d+\.\d\]", out)  # median [90% interval]
    table_end = out.index("└")
    assert out.index("On sequencing") > table_end and out.index("notes (--details prints them)") > table_end
    assert re.search(r"eum: \d+ notes? \(on ", out) and "nash: 1 note" in out
    assert "positions still move" not in out  # the notes themselves only with --details
    detailed = cli("forecast", EXAMPLE, "-m", "mean,nash,eum", "--draws", "60", "--seed", "1", "--details",
                   "--no-store").output
    assert "positions still move" in detailed and "50% interval" in detailed
    quiet = cli("forecast", EXAMPLE, "-m", "mean,nash,eum", "--seed", "1", "--quiet", "--no-store").output
    assert "notes" not in quiet and "On sequencing" not in quiet and "49.2" in quiet


def test_staged_rules_with_draws_one_table():
    res = cli("forecast", ROADMAP, "-m", "mean,nash", "--rules", "--draws", "30", "--seed", "1", "--no-store")
    assert res.exit_code == 0, res.output
    assert "where each path ends, stage by stage" in res.output and "held to the decision rules" in res.output
    assert re.search(r"cooperation .*\d+\.\d \[\d+\.\d–\d+\.\d\]", res.output)


def test_csv_names_scale_columns_and_keeps_notes_on_stderr():
    res = CliRunner().invoke(main, ["forecast", str(EXAMPLE), "-m", "nash", "--format", "csv", "--seed", "1",
                                    "--no-store"])
    header = res.stdout.splitlines()[0].split(",")
    assert "scale_low" in header and "scale_high" in header and "lower" not in header
    assert "note: nash:" in res.stderr


def test_whatif_all_models_one_table_in_words():
    res = cli("whatif", EXAMPLE, "--drop", "RUS", "-m", "mean,nash,median", "--draws", "30", "--seed", "1",
              "--no-store")
    assert res.exit_code == 0, res.output
    assert res.output.count("┏") == 1 and "beyond noise" in res.output
    single = cli("whatif", EXAMPLE, "--drop", "RUS", "-m", "nash", "--draws", "30", "--seed", "1", "--no-store")
    for words in ("what-if", "change 5%", "beyond noise"):
        assert words in single.output
    for field in ("diff_q05", "beyond_noise", "variant"):
        assert field not in single.output


def test_staged_whatif_follows_the_stages_and_leverage_refuses():
    res = cli("whatif", ROADMAP, "--drop", "JPN", "-m", "nash", "--format", "csv", "--seed", "1", "--no-store")
    assert res.exit_code == 0
    baseline = {ln.split(",")[1]: float(ln.split(",")[2]) for ln in res.stdout.splitlines()[1:]}
    assert baseline["cooperation"] == pytest.approx(80.1, abs=0.05)  # the staged path's end, not 33.5 at once
    refused = cli("leverage", ROADMAP, "-m", "nash")
    assert refused.exit_code == 2 and "does not follow stages" in refused.output


def test_leverage_explains_pivot_values_of_zero():
    res = cli("leverage", EXAMPLE, "-m", "mean", "--actor", "DPRK", "--seed", "1", "--no-store")
    assert res.exit_code == 0
    assert "why 0" in res.output and "no outside option" in res.output and "option does not move mean" in \
        res.output
    assert "pivot_q95" not in res.output


def test_runtime_errors_name_the_file(tmp_path):
    path = tmp_path / "nosq.csv"
    path.write_text("actor,issue,capability,position,salience\nA,x,1,10,1\nB,x,1,90,1\n")
    res = cli("forecast", path, "-m", "nash", "--no-store")
    assert res.exit_code == 2
    assert res.output.strip() == f"realpolitik: error: {path}: model 'nash' needs a status quo; none given for: x"


def test_help_lists_whole_descriptions_and_columns():
    top = cli("--help", columns=80).output
    commands = top.split("Commands:", 1)[1]
    assert "..." not in commands and "with one or more models" in commands
    assert "..." not in cli("runs", "--help", columns=80).output.split("Commands:", 1)[1]
    for command, words in (("whatif", "beyond noise: yes when"), ("shocks", "average move:"),
                           ("sensitivity", "total ±:"), ("leverage", "why 0:")):
        assert words in cli(command, "--help").output


def test_unknown_actor_in_drop_suggests_the_id():
    res = cli("whatif", EXAMPLE, "--drop", "Russia")
    assert res.exit_code == 2 and "did you mean RUS (Russia)?" in res.output


def test_report_sections_when_asked(tmp_path):
    out = tmp_path / "mini.html"
    mini = ROOT / "tests" / "fixtures" / "mini.yaml"
    res = cli("report", mini, "-o", out, "-m", "mean", "--drop", "C", "--shocks", "--seed", "1", "--no-store")
    assert res.exit_code == 0, res.output
    html = out.read_text()
    assert 'id="whatif"' in html and "What if: drop C" in html and 'id="shocks"' in html
    assert 'id="sensitivity"' not in html  # not asked for


def test_backtest_records_unless_told_not_to(tmp_path, monkeypatch):
    store = tmp_path / "runs.sqlite"
    monkeypatch.setenv("REALPOLITIK_STORE", str(store))
    cases = ROOT / "tests" / "fixtures" / "backtest" / "generic"
    assert cli("backtest", cases, "-m", "mean", "--seed", "1", "--no-store").exit_code == 0
    assert "│ backtest" not in cli("runs", "list").output
    assert cli("backtest", cases, "-m", "mean", "--seed", "1").exit_code == 0
    assert "│ backtest" in cli("runs", "list").output
