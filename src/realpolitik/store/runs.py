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
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RealpolitikError
from .schema import LATEST, migrate, version

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
    bases: Sequence[tuple[str, bytes]] = ()  # extends: bases, by path relative to the scenario file's folder


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
    bases: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)


def scenario_hash(content: bytes) -> str:
    """The SHA-256 of a scenario file's bytes, as hex."""
    return hashlib.sha256(content).hexdigest()


MAX_RUN_ID = 2**63 - 1


class RunStore:
    """A run store at ``path`` (created, with its folder, on first use).

    Every problem with the store file (damaged pages, a damaged schema version or row,
    another program's database) is a RealpolitikError naming the store and what to do.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def _damaged(self, exc: Exception) -> RealpolitikError:
        return RealpolitikError(f"{self.path}: not a usable run store ({exc}); restore it from a backup, or "
                                f"record into a new one with --store PATH")

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise RealpolitikError(f"{self.path}: cannot open the run store ({exc})") from None
        try:
            _prepare(con, str(self.path))
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # text that is not UTF-8 is damage too
            con.close()
            if isinstance(exc, sqlite3.OperationalError) and _read_only(exc):
                raise RealpolitikError(f"{self.path}: cannot write the run store ({exc}); record into another "
                                       f"with --store PATH, or use --no-store") from None
            raise self._damaged(exc) from None
        except BaseException:
            con.close()
            raise
        return con

    def _reader(self) -> sqlite3.Connection:
        """A connection for reading: the usual one, or a read-only one where the store cannot be written."""
        if not self.path.is_file():
            raise RealpolitikError(f"{self.path}: no run store here yet (a recorded run creates it)")
        try:
            return self._connect()
        except RealpolitikError:
            if os.access(self.path.parent, os.W_OK) and os.access(self.path, os.W_OK):
                raise
        try:  # a store in a read-only folder: read it as it is, without its journal
            con = sqlite3.connect(f"{self.path.absolute().as_uri()}?immutable=1", uri=True, isolation_level=None)
            start = version(con, str(self.path))
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise self._damaged(exc) from None
        if start < LATEST:
            con.close()
            raise RealpolitikError(f"{self.path}: the run store has schema version {start} and cannot be upgraded "
                                   f"in a read-only folder; copy it somewhere writable")
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
                _insert_bases(con, run_id, run.bases)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) if not _read_only(exc) else RealpolitikError(
                f"{self.path}: cannot write the run store ({exc}); use --store PATH or --no-store") from None
        except (sqlite3.Error, TypeError, ValueError) as exc:
            raise RealpolitikError(f"{self.path}: could not record the run ({exc})") from None
        finally:
            con.close()
        return run_id

    def get(self, run_id: int) -> StoredRun:
        """The run with this id; RealpolitikError when there is none or it cannot be read."""
        missing = RealpolitikError(f"{self.path}: no run with id {run_id} (see 'realpolitik runs list')")
        if not 1 <= run_id <= MAX_RUN_ID or not self.path.exists():
            raise missing
        con = self._reader()
        try:
            row = con.execute(
                "SELECT r.id, r.created, r.command, r.scenario_file, r.scenario_hash, s.content, r.models, r.params, "
                "r.seed, r.invocation, r.versions, r.analysis FROM runs r JOIN scenarios s ON s.hash = r.scenario_hash "
                "WHERE r.id = ?", (run_id,)).fetchone()
            if row is None:
                raise missing
            results = tuple(json.loads(r[0]) for r in con.execute(
                "SELECT result FROM results WHERE run_id = ? ORDER BY position", (run_id,)))
            bases = tuple((str(r[0]), bytes(r[1])) for r in con.execute(
                "SELECT f.path, s.content FROM run_files f JOIN scenarios s ON s.hash = f.hash WHERE f.run_id = ? "
                "ORDER BY f.position", (run_id,)))
            return StoredRun(id=row[0], created=row[1], command=row[2], scenario_file=row[3], scenario_hash=row[4],
                             scenario=bytes(row[5]), models=tuple(json.loads(row[6])), params=json.loads(row[7]),
                             seed=row[8], invocation=json.loads(row[9]), versions=json.loads(row[10]),
                             results=results, analysis=None if row[11] is None else json.loads(row[11]), bases=bases)
        except sqlite3.DatabaseError as exc:
            raise self._damaged(exc) from None
        except (ValueError, TypeError) as exc:
            raise RealpolitikError(f"{self.path}: run {run_id} is damaged in the store ({exc}); the other runs "
                                   f"are unaffected") from None
        finally:
            con.close()

    def summaries(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The most recent runs first: id, created, command, scenario_file, models, seed.

        A run whose row cannot be read is listed with ``damaged: True`` and what could be read.
        """
        if not self.path.exists():
            return []
        con = self._reader()
        try:
            ids = [r[0] for r in con.execute("SELECT id FROM runs ORDER BY id DESC LIMIT ?",
                                             (-1 if limit is None else limit,))]
            return [_summary(con, run_id) for run_id in ids]
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise self._damaged(exc) from None
        finally:
            con.close()


def _summary(con: sqlite3.Connection, run_id: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": run_id, "created": "?", "command": "?", "scenario_file": "?", "models": [],
                           "seed": None, "damaged": False}
    try:
        r = con.execute("SELECT created, command, scenario_file, models, seed FROM runs WHERE id = ?",
                        (run_id,)).fetchone()
        out.update(created=str(r[0]), command=str(r[1]), scenario_file=str(r[2]), seed=r[4])
        models = json.loads(r[3])
        if not isinstance(models, list):
            raise ValueError("models is not a list")
        out["models"] = [str(m) for m in models]
    except (sqlite3.DatabaseError, ValueError, TypeError):
        out["damaged"] = True
    return out


def _prepare(con: sqlite3.Connection, where: str) -> None:
    """WAL mode, full sync, foreign keys, and the schema brought up to date.

    Switching to WAL mode (or recovering a WAL left by a killed writer) can meet another
    connection's lock without SQLite waiting for it, so a lock is retried here until the
    busy timeout: two runs started together both land.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA foreign_keys=ON")
            migrate(con, where)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _read_only(exc: Exception) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _insert_bases(con: sqlite3.Connection, run_id: int, bases: Sequence[tuple[str, bytes]]) -> None:
    for n, (path, content) in enumerate(bases):
        digest = scenario_hash(content)
        con.execute("INSERT OR IGNORE INTO scenarios (hash, content) VALUES (?, ?)", (digest, content))
        con.execute("INSERT INTO run_files (run_id, position, path, hash) VALUES (?, ?, ?, ?)",
                    (run_id, n, path, digest))


def lay_out(folder: Path, run: StoredRun) -> Path:
    """Write a run's scenario file and its bases under ``folder`` as they lay when it ran; returns the file's path.

    Bases above the scenario's folder (``../``) are given that many folders of room.
    """
    depth = max((_ups(p) for p, _ in run.bases), default=0)
    home = folder.joinpath(*[f"d{n}" for n in range(depth)]) if depth else folder
    home.mkdir(parents=True, exist_ok=True)
    for rel, content in run.bases:
        target = Path(os.path.normpath(home / rel))
        if not target.is_relative_to(folder):
            raise RealpolitikError(f"run {run.id}: a stored base has an unusable path '{rel}'")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    scenario = home / (Path(run.scenario_file).name or "scenario")
    scenario.write_bytes(run.scenario)
    return scenario


def _ups(rel: str) -> int:
    """How many folders above its start a relative path climbs at most."""
    level = top = 0
    for part in Path(rel).parts:
        level += -1 if part == ".." else 0 if part == "." else 1
        top = min(top, level)
    return -top


def base_layout(scenario_file: str, bases: Sequence[tuple[str, bytes]]) -> tuple[tuple[str, bytes], ...]:
    """The ``extends:`` bases with their paths relative to the scenario file's folder (as a replay lays them out)."""
    folder = os.path.abspath(os.path.dirname(scenario_file) or ".")
    return tuple((os.path.relpath(os.path.abspath(path), folder), content) for path, content in bases)


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
