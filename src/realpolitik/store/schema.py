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
)

LATEST = len(MIGRATIONS)


def migrate(con: sqlite3.Connection, where: str) -> int:
    """Bring the database up to :data:`LATEST` in one transaction; returns the version it was at.

    Raises RealpolitikError when the database was written by a newer release.
    """
    con.execute("BEGIN IMMEDIATE")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = con.execute("SELECT version FROM schema_version").fetchone()
        start = 0 if row is None else int(row[0])
        if start > LATEST:
            raise RealpolitikError(f"{where}: run store has schema version {start}; this release of realpolitik "
                                   f"reads up to version {LATEST} (upgrade realpolitik)")
        for version in range(start + 1, LATEST + 1):
            for statement in MIGRATIONS[version - 1]:
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
