"""Damaged, foreign and read-only stores: one line naming the store and what to do, never a traceback."""

from __future__ import annotations

import os
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.errors import RealpolitikError
from realpolitik.store import RunStore, lay_out, store_path

from .test_runs import new_run


def _store_with_runs(path, n: int = 3) -> RunStore:
    store = RunStore(path)
    for k in range(n):
        store.save(new_run(seed=k, content=f"format_version: 1\n# {k}\n".encode()))
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return store


def _tamper(store: RunStore, sql: str) -> None:
    """Change the store's file behind its back."""
    con = sqlite3.connect(store.path)
    con.execute(sql)
    con.commit()
    con.close()


def test_a_schema_version_that_is_not_an_integer(tmp_path):
    store = _store_with_runs(tmp_path / "runs.sqlite")
    _tamper(store, "UPDATE schema_version SET version = 'two'")
    with pytest.raises(RealpolitikError, match="schema version is damaged.*--store PATH"):
        store.summaries()


def test_invalid_json_in_a_row_spares_the_other_runs(tmp_path):
    store = _store_with_runs(tmp_path / "runs.sqlite")
    _tamper(store, "UPDATE runs SET models = '{not json', params = 'x' WHERE id = 2")
    listed = {r["id"]: r for r in store.summaries()}
    assert listed[2]["damaged"] and not listed[1]["damaged"] and listed[3]["models"] == ["mean"]
    with pytest.raises(RealpolitikError, match="run 2 is damaged"):
        store.get(2)
    assert store.get(3).seed == 2


def test_a_run_id_beyond_64_bits_is_simply_absent(tmp_path):
    store = _store_with_runs(tmp_path / "runs.sqlite")
    with pytest.raises(RealpolitikError, match="no run with id"):
        store.get(2**70)


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(RealpolitikError, match="not a realpolitik run store.*photos"):
        RunStore(path).save(new_run())
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert tables == {"photos"}


def test_an_empty_store_path_is_rejected():
    with pytest.raises(RealpolitikError, match="the path is empty"):
        store_path("")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_store_in_a_read_only_folder_can_be_listed(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    store = _store_with_runs(folder / "runs.sqlite")
    for extra in folder.glob("runs.sqlite-*"):
        extra.unlink()
    folder.chmod(0o555)
    try:
        assert [r["id"] for r in store.summaries()] == [3, 2, 1]
        with pytest.raises(RealpolitikError, match="cannot write the run store"):
            store.save(new_run())
    finally:
        folder.chmod(0o755)


def test_a_replay_lays_out_bases_above_the_scenario(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    run = new_run()
    run = type(run)(**{**run.__dict__, "bases": (("../common/base.yaml", b"base"), ("near.yaml", b"near"))})
    stored = store.get(store.save(run))
    scenario = lay_out(tmp_path / "replay", stored)
    assert scenario.read_bytes() == stored.scenario
    assert (scenario.parent / "../common/base.yaml").resolve().read_bytes() == b"base"
    assert (scenario.parent / "near.yaml").read_bytes() == b"near"


@pytest.fixture(scope="module")
def valid_store_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("valid") / "runs.sqlite"
    _store_with_runs(path, 4)
    return path.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_damage_to_a_valid_store_gives_one_line(valid_store_bytes, tmp_path_factory, data):
    raw = bytearray(valid_store_bytes)
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 20))):
            if not raw:
                break
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("damaged") / "runs.sqlite"
    path.write_bytes(bytes(raw))
    store = RunStore(path)
    for action in (store.summaries, lambda: store.get(2), lambda: store.save(new_run())):
        try:
            action()
        except RealpolitikError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)


def test_a_store_that_cannot_be_opened_for_writing_is_read_as_it_is(tmp_path, monkeypatch):
    """What a read-only folder does to a non-root user, simulated: the writable connection fails."""
    store = _store_with_runs(tmp_path / "runs.sqlite")

    def refuse(self):
        raise RealpolitikError(f"{self.path}: cannot write the run store (attempt to write a readonly database)")

    monkeypatch.setattr(RunStore, "_connect", refuse)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    assert [r["id"] for r in store.summaries()] == [3, 2, 1]
    assert store.get(1).scenario == b"format_version: 1\n# 0\n"
