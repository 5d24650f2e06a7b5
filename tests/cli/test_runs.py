"""``realpolitik runs``: runs recorded by forecast and report, listed, shown, compared, exported, replayed."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from realpolitik.cli import main
from realpolitik.store import RunStore
from tests.conftest import ROOT

HARBOUR = ROOT / "tests" / "fixtures" / "harbour.yaml"


def cli(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "harbour.yaml"
    shutil.copy(HARBOUR, path)
    return path


def test_forecast_records_a_run_that_shows_and_exports(scenario, run_store):
    cli("forecast", str(scenario), "-m", "mean,nash", "-p", "nash:p=1", "--seed", "5")
    runs = RunStore(run_store).summaries()
    assert [(r["id"], r["command"], r["models"], r["seed"]) for r in runs] == [(1, "forecast", ["mean", "nash"], 5)]
    assert "forecast" in cli("runs", "list").output
    shown = cli("runs", "show", "1").output
    assert "seed 5" in shown and "nash: p=1.0" in shown and "65.5" in shown
    exported = json.loads(cli("runs", "export", "1").output)
    assert exported["scenario"] == HARBOUR.read_text(encoding="utf-8")
    assert exported["invocation"]["kwargs"]["seed"] == 5
    assert [r["model"] for r in exported["results"]] == ["mean", "nash"]
    rows = list(csv.DictReader(io.StringIO(cli("runs", "export", "1", "--format", "csv").output)))
    assert [(r["model"], r["issue"]) for r in rows] == [("mean", "quota"), ("mean", "closure"), ("nash", "quota"),
                                                        ("nash", "closure")]
    assert float(rows[0]["forecast"]) == pytest.approx(65.5224, abs=1e-3)


def test_no_store_records_nothing_and_store_path_overrides(scenario, run_store, tmp_path):
    cli("forecast", str(scenario), "--no-store")
    other = tmp_path / "other.sqlite"
    cli("forecast", str(scenario), "--store", str(other))
    assert not run_store.exists() or RunStore(run_store).summaries() == []
    assert len(RunStore(other).summaries()) == 1
    assert "forecast" in cli("runs", "list", "--store", str(other)).output


def test_rerun_reproduces_the_numbers_from_the_stored_scenario(scenario):
    cli("forecast", str(scenario), "-m", "all", "--format", "json", "--seed", "11")
    scenario.write_text("not a scenario any more", encoding="utf-8")
    result = cli("runs", "rerun", "1")
    assert "run 1 reproduced exactly (seed 11)" in result.output


def test_rerun_reports_numbers_that_differ(scenario, run_store):
    cli("forecast", str(scenario), "--seed", "3")
    with sqlite3.connect(run_store) as con:
        stored = json.loads(con.execute("SELECT result FROM results").fetchone()[0])
        stored["forecast"][0] += 1.0
        con.execute("UPDATE results SET result = ?", (json.dumps(stored),))
    assert "NOT reproduced" in cli("runs", "rerun", "1", code=1).output


def test_a_report_run_with_draws_replays_exactly_and_can_keep_its_file(scenario, tmp_path):
    out = tmp_path / "report.html"
    cli("report", str(scenario), "-o", str(out), "-m", "mean,nash", "--draws", "8", "--seed", "2")
    out.unlink()
    again = tmp_path / "again.html"
    result = cli("runs", "rerun", "1", "-o", str(again))
    assert "reproduced exactly" in result.output
    assert not out.exists()
    assert "<svg" in again.read_text(encoding="utf-8")


def test_diff_names_what_changed(scenario):
    cli("forecast", str(scenario), "-m", "mean,median", "--seed", "1")
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("quota: {position: 50,", "quota: {position: 60,"),
                        encoding="utf-8")
    cli("forecast", str(scenario), "-m", "mean,median", "--seed", "2")
    out = cli("runs", "diff", "1", "2").output
    assert "scenario differs" in out and "+    quota: {position: 60" in out
    assert "seed: run 1 1 | run 2 2" in out
    assert "forecasts that differ" in out and "mean" in out
    same = cli("runs", "diff", "1", "1").output
    assert "runs 1 and 1 have the same inputs" in same


def test_an_unknown_run_is_a_one_line_error():
    result = cli("runs", "show", "42", code=2)
    assert result.output.strip().count("\n") == 0
    assert "no run with id 42" in result.output


def test_analysis_commands_record_their_table_and_replay_it(scenario, run_store):
    cli("whatif", str(scenario), "--set", "east.quota.position=70", "-m", "mean", "--draws", "10", "--seed", "4")
    cli("leverage", str(scenario), "-m", "mean", "--seed", "4")
    assert [r["command"] for r in RunStore(run_store).summaries()] == ["leverage", "whatif"]
    rows = list(csv.DictReader(io.StringIO(cli("runs", "export", "1", "--format", "csv").output)))
    assert [(r["model"], r["issue"]) for r in rows] == [("mean", "quota"), ("mean", "closure")]
    assert float(rows[0]["difference"]) > 0 and float(rows[1]["difference"]) == 0
    assert "reproduced exactly" in cli("runs", "rerun", "1").output
    assert "reproduced exactly" in cli("runs", "rerun", "2").output
    assert "analysis tables differ" in cli("runs", "diff", "1", "2").output



def test_a_forecast_under_rules_is_recorded_and_replays(scenario, run_store):
    cli("forecast", str(scenario), "--rules", "-m", "mean,nash", "--seed", "6")
    run = RunStore(run_store).get(1)
    assert run.models == ("mean", "nash") and len(run.analysis["staged"]) == 2
    assert "reproduced exactly" in cli("runs", "rerun", "1").output


def test_a_run_with_draws_is_stored_compactly_and_every_number_is_checked(scenario, run_store):
    cli("forecast", str(scenario), "-m", "eum,exchange", "--draws", "200", "--seed", "4")
    with sqlite3.connect(run_store) as con:
        texts = [r[0] for r in con.execute("SELECT result FROM results ORDER BY position")]
    stored = [json.loads(t) for t in texts]
    assert all(set(s["history"][k]) == {"axes", "shape", "sha256"} for s in stored for k in s["history"])
    assert stored[0]["draws"]["shape"] == [200, 2] and "interval" in stored[0]
    assert "reproduced exactly" in cli("runs", "rerun", "1").output
    rows = list(csv.DictReader(io.StringIO(cli("runs", "export", "1", "--format", "csv").output)))
    assert rows[0]["draws"] == "200" and float(rows[0]["q05"]) <= float(rows[0]["forecast"]) <= float(rows[0]["q95"])
    for field, change in (("history", "sha256"), ("draws", "base64"), ("extra", "sha256")):
        tampered = json.loads(texts[1])
        part = tampered[field] if field != "history" else next(iter(tampered["history"].values()))
        part[change] = ("0" if part[change][0] != "0" else "1") + part[change][1:]
        with sqlite3.connect(run_store) as con:
            con.execute("UPDATE results SET result = ? WHERE position = 1", (json.dumps(tampered),))
        assert "NOT reproduced" in cli("runs", "rerun", "1", code=1).output
