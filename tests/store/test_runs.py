"""The run store: round trip, schema versions and bad store files."""

from __future__ import annotations

import sqlite3

import pytest

from realpolitik.errors import RealpolitikError
from realpolitik.store import NewRun, RunStore, default_store_path, scenario_hash, store_path
from realpolitik.store.schema import LATEST


def new_run(seed: int = 1, content: bytes = b"format_version: 1\n") -> NewRun:
    result = {"model": "mean", "params": {}, "issues": ["i0"], "forecast": [42.5], "draws": [[42.5]]}
    return NewRun(command="forecast", scenario_file="s.yaml", scenario=content,
                  invocation={"params": {"file": "s.yaml", "seed": seed}, "scenario_param": "file", "outputs": []},
                  versions={"python": "3"}, seed=seed, results=[result], analysis={"note": [1, 2]})


def test_a_saved_run_reads_back_whole(tmp_path):
    store = RunStore(tmp_path / "sub" / "runs.sqlite")
    run_id = store.save(new_run(seed=7))
    run = store.get(run_id)
    assert (run.command, run.seed, run.models, run.scenario) == ("forecast", 7, ("mean",), b"format_version: 1\n")
    assert run.scenario_hash == scenario_hash(b"format_version: 1\n")
    assert run.results[0]["forecast"] == [42.5]
    assert run.params == {"mean": {}}
    assert run.analysis == {"note": [1, 2]}
    assert run.invocation["params"]["seed"] == 7


def test_runs_share_one_copy_of_a_scenario(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    first, second = store.save(new_run(1)), store.save(new_run(2))
    assert [r["id"] for r in store.summaries()] == [second, first]
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT COUNT(*) FROM scenarios").fetchone()[0] == 1


def test_the_store_is_in_wal_mode_at_the_latest_schema_version(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    store.save(new_run())
    with sqlite3.connect(store.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT version FROM schema_version").fetchall() == [(LATEST,)]


def test_a_store_from_a_newer_release_is_refused(tmp_path):
    path = tmp_path / "runs.sqlite"
    RunStore(path).save(new_run())
    with sqlite3.connect(path) as con:
        con.execute("UPDATE schema_version SET version = ?", (LATEST + 1,))
    with pytest.raises(RealpolitikError, match="schema version"):
        RunStore(path).get(1)


def test_a_file_that_is_not_a_database_is_reported(tmp_path):
    path = tmp_path / "runs.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RealpolitikError, match="not a usable run store"):
        RunStore(path).summaries()


def test_an_unknown_run_is_reported(tmp_path):
    with pytest.raises(RealpolitikError, match="no run with id 5"):
        RunStore(tmp_path / "runs.sqlite").get(5)


def test_a_failed_save_leaves_no_record(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    bad = new_run()
    bad = NewRun(**{**bad.__dict__, "analysis": {"x": float("nan")}})
    with pytest.raises(RealpolitikError, match="could not record"):
        store.save(bad)
    assert store.summaries() == []


def test_store_location_prefers_the_option_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("REALPOLITIK_STORE", str(tmp_path / "env.sqlite"))
    assert store_path(tmp_path / "opt.sqlite") == tmp_path / "opt.sqlite"
    assert store_path() == tmp_path / "env.sqlite"
    monkeypatch.delenv("REALPOLITIK_STORE")
    assert store_path() == default_store_path()
    assert default_store_path().name == "runs.sqlite"
