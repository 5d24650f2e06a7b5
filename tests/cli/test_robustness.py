"""Bad or unusual input on the command line: one line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import ROOT

MINI = str(ROOT / "tests" / "fixtures" / "mini.yaml")

NO_ACTOR_ON_AID = """format_version: 1
actors:
  - {id: A, capability: 50}
  - {id: B, capability: 30}
issues:
  - {id: tax, status_quo: 40}
  - {id: aid, scale: [0, 10], status_quo: 2}
positions:
  A: {tax: {position: 20, salience: 100}}
  B: {tax: {position: 60, salience: 50}}
"""

EXTREME = """format_version: 1
actors:
  - {id: A, capability: CAP_A}
  - {id: B, capability: CAP_B}
  - {id: C, capability: 1e-300}
issues:
  - {id: tax, status_quo: 40}
positions:
  A: {tax: {position: 20, salience: 100}}
  B: {tax: {position: 60, salience: 50}}
  C: {tax: {position: 90, salience: 100}}
"""


def bad(*args: str, message: str):
    r = CliRunner().invoke(main, list(args))
    assert r.exit_code == 2, r.output
    assert message in r.stderr and r.stderr.strip().count("\n") == 0
    assert r.exception is None or isinstance(r.exception, SystemExit)
    return r


@pytest.mark.parametrize("command", [
    ["forecast", MINI, "--no-store"], ["forecast", MINI, "--draws", "5", "--no-store"],
    ["whatif", MINI, "--drop", "C", "--no-store"], ["shocks", MINI, "-r", "5", "--no-store"],
    ["leverage", MINI, "--no-store"], ["backtest", str(ROOT / "tests" / "fixtures" / "backtest" / "deu")],
])
@pytest.mark.parametrize("seed", ["-1", str(2**63)])
def test_seed_out_of_range(command, seed):
    bad(*command, "--seed", seed, message="--seed must be a whole number from 0 to")


def test_absurd_number_of_draws_is_refused_at_once():
    bad("forecast", MINI, "--draws", "10000000000000", message="draws must be from 1 to 10,000,000")


def test_out_of_memory_is_one_line():
    bad("shocks", MINI, "-r", str(10**16), "--no-store", message="not enough memory for this run")


@pytest.mark.parametrize("command", [["forecast", "-m", "all"], ["forecast", "--format", "json"], ["check"]])
def test_issue_without_actors(tmp_path, command):
    path = tmp_path / "empty-issue.yaml"
    path.write_text(NO_ACTOR_ON_AID, encoding="utf-8")
    bad(command[0], str(path), *command[1:], message="issues.aid: no actor takes a position on this issue")


def test_drop_leaving_an_issue_without_actors():
    bad("whatif", MINI, "--drop", "A", "--drop", "B", "-m", "all", message="issues.aid: no actor takes a position")


@pytest.mark.parametrize("command", [["convert", MINI, "-o"], ["report", MINI, "--no-store", "-o"]])
def test_output_into_a_missing_directory(tmp_path, run_store, command):
    target = tmp_path / "missing" / "out.html"
    bad(*command, str(target), message=f"{target}: cannot write the file")
    assert not target.parent.exists()


def test_failed_report_is_not_recorded(tmp_path, run_store):
    bad("report", MINI, "-o", str(tmp_path / "missing" / "r.html"), message="cannot write the file")
    assert not run_store.exists()


def test_convert_to_a_device_writes_through_it():
    r = CliRunner().invoke(main, ["convert", MINI, "-o", "/dev/null"])
    assert r.exit_code == 0
    assert Path("/dev/null").is_char_device()


def test_exponent_without_dot_is_a_number_and_every_model_stays_in_range(tmp_path):
    path = tmp_path / "extreme.yaml"
    path.write_text(EXTREME.replace("CAP_A", "1e300").replace("CAP_B", "1E-300"), encoding="utf-8")
    r = CliRunner().invoke(main, ["forecast", str(path), "-m", "all", "--format", "csv", "--seed", "1"])
    assert r.exit_code == 0 and r.stderr == "", r.output
    rows = [line.split(",") for line in r.stdout.splitlines()[1:]]
    forecasts = {row[0]: float(row[2]) for row in rows}
    assert set(forecasts) >= {"mean", "median", "nash", "eum", "exchange", "smp"}
    assert all(20 <= f <= 90 for m, f in forecasts.items() if m not in ("status-quo", "procedural"))


def test_python_dash_m_exit_code_and_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "realpolitik", "forecast", MINI, "--seed", "-1", "--no-store"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_negative_seed_in_the_library():
    from realpolitik import forecast, load
    from realpolitik.errors import ParameterError

    with pytest.raises(ParameterError, match="seed must be a whole number from 0"):
        forecast(load(MINI), "mean", seed=-1)


def test_dropping_the_only_actor_of_a_stage_drops_the_stage(tmp_path):
    from realpolitik import load

    path = tmp_path / "staged.yaml"
    path.write_text(EXTREME.replace("CAP_A", "5").replace("CAP_B", "3")
                    + "stages:\n  - {id: one, actors: [C]}\n  - {id: two}\n", encoding="utf-8")
    sc = load(path)
    assert [st.id for st in sc.without_actors("C").stages] == ["two"]
    assert [st.actors for st in sc.without_actors("A").stages] == [("C",), ()]


@pytest.mark.parametrize("threshold", ["tax>1e999", "tax<-1e400"])
def test_threshold_beyond_any_number(threshold):
    bad("forecast", MINI, "--draws", "4", "-t", threshold, "--no-store", message=f"threshold '{threshold}' is not")


@pytest.mark.parametrize("args, message", [
    (["forecast"], "Missing argument 'FILE'"),
    (["nosuch"], "No such command 'nosuch'"),
    (["forecast", "examples/korea-2019.yaml", "--format", "xml"], "Invalid value for '--format'"),
])
def test_usage_errors_are_one_line_with_exit_2(args, message):
    from click.testing import CliRunner

    from realpolitik.cli import main

    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and message in r.stderr and "Traceback" not in r.stderr
