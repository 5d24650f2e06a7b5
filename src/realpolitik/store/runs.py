"""The run store: every recorded run in an embedded SQLite database.

A run is written in one transaction (the scenario's content, the run's metadata and
each model's result), so a writer killed halfway leaves nothing behind. The database
runs in WAL mode with a busy timeout, so concurrent writers queue rather than fail.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RealpolitikError
from .schema import migrate

BUSY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class NewRun:
    """What a command records: its inputs (enough to replay it) and its results as JSON-able data."""

    command: str
    scenario_file: str
    scenario: bytes
    invocation: dict[str, Any]  # the command's parameters, seed included, to replay it
    versions: dict[str, str]
    seed: int | None = None
    results: Sequence[dict[str, Any]] = ()  # compact.stored_result() of each model
    analysis: dict[str, Any] | None = None  # any further JSON-able output (what-if, leverage, ...)
    models: Sequence[str] = ()  # the models asked for (default: those of the results)


@dataclass(frozen=True)
class StoredRun:
    """A run as read back from the store."""

    id: int
    created: str
    command: str
    scenario_file: str
    scenario_hash: str
    scenario: bytes = field(repr=False)
    models: tuple[str, ...]
    params: dict[str, Any]
    seed: int | None
    invocation: dict[str, Any]
    versions: dict[str, str]
    results: tuple[dict[str, Any], ...] = field(repr=False)
    analysis: dict[str, Any] | None = field(repr=False)


def scenario_hash(content: bytes) -> str:
    """The SHA-256 of a scenario file's bytes, as hex."""
    return hashlib.sha256(content).hexdigest()


class RunStore:
    """A run store at ``path`` (created, with its folder, on first use)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise RealpolitikError(f"{self.path}: cannot open the run store ({exc})") from None
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA foreign_keys=ON")
            migrate(con, str(self.path))
        except sqlite3.DatabaseError as exc:
            con.close()
            raise RealpolitikError(f"{self.path}: not a usable run store ({exc})") from None
        except BaseException:
            con.close()
            raise
        return con

    def save(self, run: NewRun) -> int:
        """Record a run in one transaction; returns its id."""
        digest = scenario_hash(run.scenario)
        models = list(run.models) or [r["model"] for r in run.results]
        params = {r["model"]: r["params"] for r in run.results}
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                con.execute("INSERT OR IGNORE INTO scenarios (hash, content) VALUES (?, ?)", (digest, run.scenario))
                cur = con.execute(
                    "INSERT INTO runs (created, command, scenario_file, scenario_hash, models, params, seed, "
                    "invocation, versions, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (_now(), run.command, run.scenario_file, digest, dumps_json(models), dumps_json(params), run.seed,
                     dumps_json(run.invocation), dumps_json(run.versions),
                     None if run.analysis is None else dumps_json(run.analysis)))
                run_id = int(cur.lastrowid)
                _insert_results(con, run_id, run.results)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise RealpolitikError(f"{self.path}: could not record the run ({exc})") from None
        finally:
            con.close()
        return run_id

    def get(self, run_id: int) -> StoredRun:
        """The run with this id; RealpolitikError when there is none."""
        con = self._connect()
        try:
            row = con.execute(
                "SELECT r.id, r.created, r.command, r.scenario_file, r.scenario_hash, s.content, r.models, r.params, "
                "r.seed, r.invocation, r.versions, r.analysis FROM runs r JOIN scenarios s ON s.hash = r.scenario_hash "
                "WHERE r.id = ?", (run_id,)).fetchone()
            if row is None:
                raise RealpolitikError(f"{self.path}: no run with id {run_id} (see 'realpolitik runs list')")
            results = tuple(json.loads(r[0]) for r in con.execute(
                "SELECT result FROM results WHERE run_id = ? ORDER BY position", (run_id,)))
        finally:
            con.close()
        return StoredRun(id=row[0], created=row[1], command=row[2], scenario_file=row[3], scenario_hash=row[4],
                         scenario=bytes(row[5]), models=tuple(json.loads(row[6])), params=json.loads(row[7]),
                         seed=row[8], invocation=json.loads(row[9]), versions=json.loads(row[10]),
                         results=results, analysis=None if row[11] is None else json.loads(row[11]))

    def summaries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The most recent runs first: id, created, command, scenario_file, models, seed."""
        con = self._connect()
        try:
            rows = con.execute(
                "SELECT id, created, command, scenario_file, models, seed FROM runs ORDER BY id DESC LIMIT ?",
                (-1 if limit is None else limit,)).fetchall()
        finally:
            con.close()
        return [{"id": r[0], "created": r[1], "command": r[2], "scenario_file": r[3], "models": json.loads(r[4]),
                 "seed": r[5]} for r in rows]


def _insert_results(con: sqlite3.Connection, run_id: int, results: Sequence[dict[str, Any]]) -> None:
    con.executemany("INSERT INTO results (run_id, position, model, result) VALUES (?, ?, ?, ?)",
                    [(run_id, n, r["model"], dumps_json(r)) for n, r in enumerate(results)])


def dumps_json(obj: Any) -> str:
    """JSON text of recorded data (tuples as lists, NumPy scalars as numbers; NaN is refused)."""
    return json.dumps(obj, allow_nan=False, default=_plain)


def _plain(obj: Any) -> Any:
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    if hasattr(obj, "item"):  # NumPy scalars
        return obj.item()
    raise TypeError(f"cannot record a value of type {type(obj).__name__}")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
