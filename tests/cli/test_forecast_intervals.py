"""``realpolitik forecast --intervals``: input and predictive intervals, each labelled."""

from __future__ import annotations

import io
import json

import pandas as pd
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import ROOT

KOREA = str(ROOT / "examples" / "korea-2019.yaml")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_table_labels_input_and_predictive_intervals():
    out = invoke("forecast", KOREA, "-m", "mean", "--intervals", "predictive", "--draws", "50", "--seed", "1").stdout
    for label in ("input 50%", "input 90%", "predictive 50%", "predictive 90%"):
        assert label in out
    assert "DEU backtest" in out


def test_json_and_csv_carry_labelled_predictive_intervals():
    data = json.loads(invoke("forecast", KOREA, "-m", "mean,nash", "--intervals", "predictive", "--format", "json",
                             "--seed", "1").stdout)
    for result in data["results"]:
        rows = result["predictive_intervals"]
        assert [r["issue"] for r in rows] == result["issues"]
        assert all(r["interval"] == "predictive" and r["predictive_90_low"] <= r["predictive_50_low"] for r in rows)
    frame = pd.read_csv(io.StringIO(invoke("forecast", KOREA, "--intervals", "predictive", "--format", "csv",
                                           "--seed", "1").stdout))
    assert {"forecast", "predictive_50_low", "predictive_90_high"} <= set(frame.columns)


def test_default_keeps_input_intervals_only():
    data = json.loads(invoke("forecast", KOREA, "-m", "mean", "--format", "json", "--seed", "1").stdout)
    assert "predictive_intervals" not in data["results"][0]


def test_predictive_intervals_refuse_what_they_were_not_calibrated_for():
    r = CliRunner().invoke(main, ["forecast", KOREA, "-m", "nash", "-p", "p=1", "--intervals", "predictive"])
    assert r.exit_code == 2 and "default parameters" in r.output
    r = CliRunner().invoke(main, ["forecast", KOREA, "--rules", "--intervals", "predictive"])
    assert r.exit_code == 2
