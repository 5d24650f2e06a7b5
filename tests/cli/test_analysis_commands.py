"""The command line for Monte Carlo forecasts, whatif, shocks, sensitivity and leverage."""

from __future__ import annotations

import json
from io import StringIO

import pandas as pd
import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import EXAMPLE, ROOT

MINI = str(ROOT / "tests" / "fixtures" / "mini.yaml")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def csv(result) -> pd.DataFrame:
    assert result.exit_code == 0, result.output
    return pd.read_csv(StringIO(result.stdout))


def test_forecast_with_draws_gives_intervals_and_threshold_probabilities():
    r = invoke("forecast", MINI, "-m", "mean", "--draws", "400", "--seed", "2", "-t", "aid>4.5", "--no-store")
    assert r.exit_code == 0, r.output
    for word in ("median", "50% interval", "90% interval", "P(aid>4.5)", "seed 2, 400 draws"):
        assert word in r.stdout
    frame = csv(invoke("forecast", MINI, "-m", "mean", "--draws", "400", "--seed", "2", "-t", "aid>4.5",
                       "--format", "csv", "--no-store")).set_index("issue")
    assert frame.loc["aid", "q05"] < frame.loc["aid", "median"] < frame.loc["aid", "q95"]
    assert 0 < frame.loc["aid", "P(aid>4.5)"] < 1 and pd.isna(frame.loc["tax", "P(aid>4.5)"])


def test_forecast_draws_reproducible_whatever_the_workers():
    args = ["forecast", MINI, "-m", "mean,median", "--draws", "3000", "--seed", "8", "--format", "json", "--no-store"]
    one, two = invoke(*args, "--workers", "1"), invoke(*args, "--workers", "2")
    assert one.exit_code == 0 and two.exit_code == 0
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a["results"] == b["results"]
    assert {"median", "q05", "q25", "q75", "q95"} <= set(a["results"][0]["summary"][0])


def test_whatif_csv_hand_checked():
    # mean on tax: weights A 50·1, B 30·0.5, C 20·1; A from 20 to 60 moves the forecast by 40·50/85
    frame = csv(invoke("whatif", MINI, "--set", "A.tax.position=60", "--format", "csv")).set_index("issue")
    assert frame.loc["tax", "difference"] == pytest.approx(40 * 50 / 85, rel=1e-5)
    assert frame.loc["aid", "difference"] == 0


def test_whatif_with_draws_reports_noise():
    r = invoke("whatif", MINI, "--drop", "C", "-m", "mean", "--draws", "200", "--seed", "1", "--format", "json")
    rows = {row["issue"]: row for row in json.loads(r.stdout)["rows"]}
    assert rows["tax"]["beyond_noise"] is True and rows["aid"]["beyond_noise"] is False


def test_shocks_sensitivity_and_leverage_run():
    assert "stable" in invoke("shocks", MINI, "-r", "50", "--seed", "1").stdout
    sens = csv(invoke("sensitivity", MINI, "--samples", "64", "--seed", "1", "--format", "csv"))
    assert set(sens.input) == {"aid.status_quo", "B.aid.position"}
    lev = csv(invoke("leverage", MINI, "-m", "nash", "--format", "csv"))
    assert {"capability", "salience", "outside", "pivot"} <= set(lev.columns)
    piv = csv(invoke("leverage", MINI, "-m", "nash", "--pivot", "A", "--draws", "50", "--seed", "1", "--format", "csv"))
    assert {"with", "without", "pivot", "pivot_q05", "pivot_q95"} <= set(piv.columns)


@pytest.mark.parametrize("args, words", [
    (["whatif", "missing.yaml", "--drop", "A"], "missing.yaml"),
    (["whatif", MINI, "--drop", "Z"], "unknown actor"),
    (["whatif", MINI, "--set", "A.tax.position=500"], "outside the scale"),
    (["whatif", MINI], "at least one change"),
    (["forecast", MINI, "--draws", "50", "-t", "tax=3", "--no-store"], "threshold 'tax=3'"),
    (["forecast", MINI, "-t", "tax>3", "--no-store"], "draws of at least 2"),
    (["forecast", MINI, "--draws", "0", "--no-store"], "draws must be"),
    (["leverage", MINI, "--pivot", "Z"], "unknown actor"),
    (["leverage", MINI, "--actor", "Z"], "Z"),
    (["sensitivity", MINI, "-m", "mean", "--samples", "1"], "samples"),
])
def test_bad_input_is_one_line_and_exit_2(args, words):
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in r.output
    assert r.stdout == ""


def test_korea_example_commands():
    if not EXAMPLE.exists():
        pytest.skip("the Korea example is not there")
    r = invoke("leverage", str(EXAMPLE), "-m", "mean", "--pivot", "DPRK", "--format", "csv")
    assert csv(r)["pivot"].abs().max() == 0  # the compromise model ignores outside options
    r = invoke("whatif", str(EXAMPLE), "--outside", "DPRK.sanctions=none", "-m", "nash", "--format", "csv")
    assert set(csv(r).issue) >= {"sanctions", "cooperation"}
