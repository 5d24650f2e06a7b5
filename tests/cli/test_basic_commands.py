"""The command line: forecast, check, models and convert, and how bad input is reported."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from realpolitik import load
from realpolitik.cli import main
from tests.conftest import ROOT

MINI = str(ROOT / "tests" / "fixtures" / "mini.yaml")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_forecast_table_names_models_and_seed():
    r = invoke("forecast", MINI, "--model", "all", "--seed", "3")
    assert r.exit_code == 0
    for word in ("tax", "aid", "mean", "median", "nash", "status-quo", "seed 3"):
        assert word in r.output


def test_forecast_csv_columns_and_values():
    r = invoke("forecast", MINI, "-m", "mean,median", "--format", "csv")
    assert r.exit_code == 0
    from io import StringIO

    frame = pd.read_csv(StringIO(r.output))
    assert {"model", "issue", "forecast", "status_quo", "scale_low", "scale_high"} <= set(frame.columns)
    assert not {"lower", "upper"} & set(frame.columns)  # scale ends that read like an interval
    got = frame.set_index(["model", "issue"])["forecast"]
    assert got[("mean", "tax")] == pytest.approx(3700 / 85, rel=1e-5)
    assert got[("median", "aid")] == 4


def test_forecast_json_records_seed_and_params():
    r = invoke("forecast", MINI, "-m", "nash", "-p", "p=1", "--format", "json", "--seed", "9")
    doc = json.loads(r.output)
    assert doc["seed"] == 9
    assert doc["results"][0]["params"] == {"p": 1.0, "disagreement": "lottery", "outside": "as-declared", "cost": 0.0,
                                           "players": "all"}


def test_check_summarises_evidence_and_uncertainty():
    r = invoke("check", MINI)
    assert r.exit_code == 0
    assert "3 actors, 2 issues, 5 of 6" in r.output
    assert "evidence: 1 of" in r.output and "uncertain inputs (sd or range): 2" in r.output
    assert "no evidence: A.capability" in r.output


def test_models_lists_and_describes():
    assert "Nash (1950)" in invoke("models").output
    out = invoke("models", "nash").output
    assert "disagreement" in out and "lottery" in out


def test_convert_round_trip(tmp_path):
    source = tmp_path / "plain.csv"
    source.write_text("actor,issue,capability,position,salience\na,x,2,10,0.5\nb,x,1,80.25,1\n", encoding="utf-8")
    as_yaml = tmp_path / "plain.yaml"
    assert invoke("convert", str(source), "-o", str(as_yaml)).exit_code == 0
    again = tmp_path / "again.csv"
    assert invoke("convert", str(as_yaml), "-o", str(again)).exit_code == 0
    assert load(str(again)) == load(str(source))


def test_convert_to_csv_refuses_what_csv_cannot_hold(tmp_path):
    out = tmp_path / "mini.csv"
    r = invoke("convert", MINI, "-o", str(out))
    assert r.exit_code == 2 and "without losing" in r.output and "uncertainty" in r.output
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["forecast", "nope.yaml"], "nope.yaml: file not found"),
    (["forecast", MINI, "-m", "oracle"], "unknown model 'oracle'"),
    (["forecast", MINI, "-m", "nash", "-p", "p=0.5"], "model 'nash': parameter 'p' must be >= 1, got '0.5'"),
    (["forecast", MINI, "-m", "nash", "-p", "colour=red"], "no chosen model has a parameter 'colour'"),
    (["check", str(ROOT / "pyproject.toml")], "not a recognised scenario format"),
])
def test_bad_input_exits_2_with_one_line(args, message):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2
    assert message in r.output
    assert "Traceback" not in r.output


def test_status_quo_model_without_status_quo_is_skipped_under_all(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("actor,capability,position,salience\nA,1,10,1\nB,1,20,1\nC,2,90,1\n", encoding="utf-8")
    r = invoke("forecast", str(path), "--model", "all", "--format", "csv")
    assert r.exit_code == 0 and "status-quo" not in r.stdout
    alone = CliRunner().invoke(main, ["forecast", str(path), "-m", "status-quo"])
    assert alone.exit_code == 2 and "needs a status quo" in alone.output


def test_convert_writes_nothing_on_bad_input(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format_version: 1\nactors: []\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    r = CliRunner().invoke(main, ["convert", str(bad), "-o", str(out)])
    assert r.exit_code == 2 and not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_console_script_exit_code_and_no_traceback(tmp_path):
    bad = tmp_path / "junk.csv"
    bad.write_bytes(b"\x00\x00\x00")
    proc = subprocess.run([sys.executable, "-m", "realpolitik", "check", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "binary content" in proc.stderr
    assert "Traceback" not in proc.stderr
