"""``realpolitik backtest``: tables, CSV, JSON, exclusions and bad input."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from tests.conftest import ROOT

DEU = str(ROOT / "tests" / "fixtures" / "backtest" / "deu")
GENERIC = str(ROOT / "tests" / "fixtures" / "backtest" / "generic")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_table_shows_scores_breakdowns_comparisons_and_exclusions():
    r = invoke("backtest", DEU, "-m", "mean,status-quo", "--seed", "4")
    assert r.exit_code == 0, r.output
    for text in ("19.58", "25.00", "by procedure", "by period", "Lisbon (2010–)", "paired comparisons",
                 "seed 4", "1 issue left out: no valid outcome", "2 actor-issue rows left out: no position",
                 "1 issue left out for model status-quo: model 'status-quo' needs a status quo"):
        assert text in r.output


def test_csv_has_one_row_per_model_and_group():
    r = invoke("backtest", DEU, "--format", "csv", "--seed", "4")
    assert r.exit_code == 0
    frame = pd.read_csv(io.StringIO(r.stdout))
    overall = frame[frame.breakdown == "all"]
    assert overall.model.tolist() == ["mean"]
    assert overall.mae.iloc[0] == pytest.approx(58.75 / 3, abs=1e-4)
    assert set(frame.breakdown) == {"all", "procedure", "period"}
    assert "note: 1 issue left out: no valid outcome" in r.stderr
    assert "note: seed 4" in r.stderr


def test_json_is_reproducible_from_the_seed():
    first = json.loads(invoke("backtest", DEU, "-m", "mean,median", "--format", "json", "--seed", "9").stdout)
    second = json.loads(invoke("backtest", DEU, "-m", "mean,median", "--format", "json", "--seed", "9").stdout)
    assert first == second
    assert first["seed"] == 9
    assert {"summary", "by_procedure", "by_period", "comparisons", "coverage", "exclusions", "records"} <= set(first)
    assert len(first["records"]) == 6


def test_capability_option_changes_the_forecasts():
    r = invoke("backtest", DEU, "--capability", "equal", "--format", "json", "--seed", "1")
    assert [rec["forecast"] for rec in json.loads(r.stdout)["records"]] == pytest.approx([50, 20, 70])


@pytest.mark.parametrize("args, message", [
    (["backtest", GENERIC, "--capability", "equal"], "apply to the DEU layout only"),
    (["backtest", str(ROOT / "tests" / "fixtures")], "holds neither deu_issues.csv"),
    (["backtest", DEU, "-m", "oracle"], "unknown model 'oracle'"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    r = invoke(*args)
    assert r.exit_code == 2
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.output


def test_missing_column_names_the_file(tmp_path):
    for name in ("deu_issues.csv", "deu_positions_long.csv", "council_capability_proxies.csv"):
        (tmp_path / name).write_text((ROOT / "tests" / "fixtures" / "backtest" / "deu" / name).read_text())
    issues = tmp_path / "deu_issues.csv"
    issues.write_text(issues.read_text().replace(",out", ",outcome"))
    r = invoke("backtest", str(tmp_path))
    assert r.exit_code == 2
    assert f"{issues}: header: missing column(s): out" in r.stderr


def test_help_has_examples():
    r = invoke("backtest", "--help")
    assert r.exit_code == 0
    assert "realpolitik backtest ../shared/data/deu --model all" in r.output
    assert "--capability" in r.output


def test_group_option_names_cases_by_proposal_or_by_issue():
    by_proposal = json.loads(invoke("backtest", GENERIC, "-m", "mean", "--format", "json", "--seed", "1").stdout)
    by_issue = json.loads(invoke("backtest", GENERIC, "-m", "mean", "--format", "json", "--seed", "1",
                                 "--group", "issue").stdout)
    assert {r["case"] for r in by_proposal["records"]} == {"pact.yaml", "trade.csv"}
    assert {r["case"] for r in by_issue["records"]} == {"pact.yaml:tax", "pact.yaml:aid", "trade.csv:tariff"}
    assert [r["error"] for r in by_proposal["records"]] == pytest.approx([r["error"] for r in by_issue["records"]])
    r = CliRunner().invoke(main, ["backtest", GENERIC, "--group", "actor"])
    assert r.exit_code == 2


def test_recommended_model_is_scored_like_any_other():
    r = invoke("backtest", DEU, "-m", "mean,recommended", "--format", "json", "--seed", "2")
    rows = {row["model"]: row for row in json.loads(r.stdout)["summary"]}
    assert rows["recommended"]["n"] == rows["mean"]["n"] == 3
