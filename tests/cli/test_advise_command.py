"""``realpolitik advise``: table, JSON and CSV output, the run store, and bad input."""

from __future__ import annotations

import json
from io import StringIO

import pandas as pd
import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from realpolitik.store import RunStore
from tests.conftest import EXAMPLE, ROOT

MINI = str(ROOT / "tests" / "fixtures" / "mini.yaml")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_table_shows_ranked_moves_sentences_and_targets():
    r = invoke("advise", MINI, "--actor", "A", "-m", "mean,nash", "--draws", "30", "--seed", "2", "--no-store")
    assert r.exit_code == 0, r.output
    for words in ("advice for A", "average gain", "mean gain", "nash gain", "models gaining", "seed 2, 30 draws",
                  "robust: gains in at least 90% of draws", "whom to work on", "1. "):
        assert words in r.stdout


def test_json_and_csv_agree_and_the_run_is_recorded(run_store):
    args = ["advise", MINI, "--actor", "A", "-m", "mean,nash", "--draws", "30", "--seed", "2", "--top", "4"]
    data = json.loads(invoke(*args, "--format", "json").stdout)
    frame = pd.read_csv(StringIO(invoke(*args, "--format", "csv", "--no-store").stdout))
    assert len(data["moves"]) == 4 and data["seed"] == 2 and data["draws"] == 30
    assert [m["move"] for m in data["moves"]] == list(dict.fromkeys(frame["move"]))
    first = data["moves"][0]
    assert frame[frame["rank"] == 1]["median gain"].tolist() == pytest.approx(
        [first["models"][m]["median_gain"] for m in ("mean", "nash")])
    runs = RunStore(run_store).summaries()
    assert [(r["command"], r["seed"]) for r in runs] == [("advise", 2)]
    assert "advise" in invoke("runs", "show", "1").output
    rerun = CliRunner().invoke(main, ["runs", "rerun", "1"])
    assert rerun.exit_code == 0 and "reproduced exactly" in rerun.stderr


def test_korea_sequencing_moves_need_stages():
    r = invoke("advise", str(EXAMPLE), "--actor", "DPRK", "-m", "mean", "--draws", "1", "--moves", "sequencing",
               "--no-store")
    assert r.exit_code == 0 and "no move changes any forecast for DPRK" in r.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["--actor", "Z"], "mini.yaml: --actor: unknown actor 'Z'"),
    (["--actor", "A", "--moves", "bribe"], "unknown move kind 'bribe'"),
    (["--actor", "A", "--draws", "0"], "draws must be from 1"),
    (["--actor", "A", "--draws", "1000000"], "draws must be from 1"),
    (["--actor", "A", "--top", "0"], "top must be"),
    (["--actor", "A", "-m", "nope"], "unknown model 'nope'"),
])
def test_bad_input_is_one_line_and_exit_2(args, words):
    r = CliRunner().invoke(main, ["advise", MINI, "--no-store", *args])
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in r.output
    assert r.stdout == ""


def test_report_has_an_advice_section(tmp_path):
    out = tmp_path / "r.html"
    r = invoke("report", MINI, "-o", str(out), "-m", "mean,nash", "--seed", "1", "--advise", "A", "--no-store")
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert '<h2 id="advice">Advice for A</h2>' in html and "--advise A" in html and "<li>A " in html
