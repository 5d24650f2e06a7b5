"""Numbers written as CSV and JSON read back as the same doubles."""

import csv
import io
import json

import numpy as np
from click.testing import CliRunner

import realpolitik as rp
from realpolitik.cli import main
from realpolitik.scenario import csv_io
from tests.conftest import ROOT

HARBOUR = ROOT / "tests" / "fixtures" / "harbour.yaml"


def _out(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--no-store"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_history_reads_back_bit_for_bit():
    r = rp.forecast(rp.load(HARBOUR), "eum", seed=1)["eum"]
    rows = list(csv.DictReader(io.StringIO(_out("forecast", str(HARBOUR), "-m", "eum", "--history", "--seed", "1",
                                                "--format", "csv"))))
    forecast = [float(row["forecast"]) for row in rows if row.get("round") in ("", None)]
    assert forecast == [float(x) for x in r.forecast[0]]
    written = {(int(float(row["round"])), row["actor"], row["issue"]): float(row["position"])
               for row in rows if row.get("actor")}
    position = r.history["position"][0]
    assert written and all(value == position[t, r.actor_ids.index(a), r.issue_ids.index(i)]
                           for (t, a, i), value in written.items())


def test_json_forecast_reads_back_bit_for_bit():
    r = rp.forecast(rp.load(HARBOUR), "eum", seed=1)["eum"]
    data = json.loads(_out("forecast", str(HARBOUR), "-m", "eum", "--seed", "1", "--format", "json"))
    first = data[0] if isinstance(data, list) else data["results"][0]
    assert first["forecast"] == [float(x) for x in r.forecast[0]]


def test_long_csv_keeps_every_digit():
    sc = csv_io.parse("actor,issue,capability,position,salience\na,x,1.2345678901234567,33.529983123456789,"
                      "0.123456789012345\nb,x,2,50,0.5\n", "first.csv")
    again = csv_io.parse(csv_io.dumps(sc), "again.csv")
    assert np.array_equal(again.arrays().position, sc.arrays().position)
    assert np.array_equal(again.arrays().salience, sc.arrays().salience)
    assert np.array_equal(again.arrays().capability, sc.arrays().capability)
