"""The run store's schema and its migrations.

Each migration is a list of SQL statements that moves the database from version
``n - 1`` to ``n``; ``schema_version`` holds the version a database is at. A new
release appends a migration and never edits an old one.
"""

from __future__ import annotations

import sqlite3

from ..errors import RealpolitikError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # version 1
        """CREATE TABLE scenarios (
               hash TEXT PRIMARY KEY,
               content BLOB NOT NULL)""",
        """CREATE TABLE runs (
               id INTEGER PRIMARY KEY AUTOINCREMENT,
               created TEXT NOT NULL,
               command TEXT NOT NULL,
               scenario_file TEXT NOT NULL,
               scenario_hash TEXT NOT NULL REFERENCES scenarios(hash),
               models TEXT NOT NULL,
               params TEXT NOT NULL,
               seed INTEGER,
               invocation TEXT NOT NULL,
               versions TEXT NOT NULL,
               analysis TEXT)""",
        """CREATE TABLE results (
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               position INTEGER NOT NULL,
               model TEXT NOT NULL,
               result TEXT NOT NULL,
               PRIMARY KEY (run_id, position))""",
    ),
    (  # version 2: the extends: bases a scenario file was loaded with, stored like scenario files
        """CREATE TABLE run_files (
               run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
               position INTEGER NOT NULL,
               path TEXT NOT NULL,
               hash TEXT NOT NULL REFERENCES scenarios(hash),
               PRIMARY KEY (run_id, position))""",
    ),
)
OWN_TABLES = {"schema_version", "scenarios", "runs", "results", "run_files", "sqlite_sequence"}

LATEST = len(MIGRATIONS)


def version(con: sqlite3.Connection, where: str) -> int:
    """The schema version of a run store (0: an empty database); RealpolitikError when it is not one."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        foreign = sorted(tables - OWN_TABLES)
        if tables:
            raise RealpolitikError(f"{where}: is an SQLite database but not a realpolitik run store (it holds "
                                   f"{', '.join(foreign or sorted(tables))}); give another --store path")
        return 0
    rows = con.execute("SELECT version FROM schema_version").fetchall()
    if len(rows) != 1 or type(rows[0][0]) is not int or rows[0][0] < 1:
        shown = rows[0][0] if len(rows) == 1 else f"{len(rows)} rows"
        raise RealpolitikError(f"{where}: the run store's schema version is damaged ({shown!r}); restore the "
                               f"store from a backup or record into a new one with --store PATH")
    start = rows[0][0]
    if start > LATEST:
        raise RealpolitikError(f"{where}: run store has schema version {start}; this release of realpolitik "
                               f"reads up to version {LATEST} (upgrade realpolitik)")
    return start


def migrate(con: sqlite3.Connection, where: str) -> int:
    """Bring the database up to :data:`LATEST` in one transaction; returns the version it was at.

    Raises RealpolitikError when the database was written by a newer release, when its
    version is damaged, or when it is some other program's SQLite database.
    """
    con.execute("BEGIN IMMEDIATE")
    try:
        start = version(con, where)
        if start == 0:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = con.execute("SELECT version FROM schema_version").fetchone()
        for step in range(start + 1, LATEST + 1):
            for statement in MIGRATIONS[step - 1]:
                con.execute(statement)
        if row is None:
            con.execute("INSERT INTO schema_version (version) VALUES (?)", (LATEST,))
        elif start < LATEST:
            con.execute("UPDATE schema_version SET version = ?", (LATEST,))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return start
