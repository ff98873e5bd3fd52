"""Consistent copies of the SQLite database while the app keeps running."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

PG_ADVICE = (
    "PanelHire is on PostgreSQL: back it up with "
    '`pg_dump --format=custom --file=panelhire.dump "$DATABASE_URL"` and restore with '
    '`pg_restore --clean --if-exists --dbname="$DATABASE_URL" panelhire.dump`.'
)


class BackupError(RuntimeError):
    pass


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Copy the live SQLite database to `target` with SQLite's online backup.

    The backup API copies a consistent snapshot even while other requests write, which a
    plain file copy of a WAL database does not.
    """
    if engine.dialect.name != "sqlite":
        raise BackupError(PG_ADVICE)
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    target = target.resolve()
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        destination.close()
        source.close()
    if check != "ok":
        target.unlink(missing_ok=True)
        raise BackupError(f"The copy failed its integrity check: {check}")
    return target
