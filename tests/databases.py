"""Test databases: SQLite files by default, PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def base_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def fresh_database(name: str, tmp_dir: Path) -> str:
    """A new, empty database called `name`, as a URL; dropped first if it was left over."""
    url = base_url()
    if url is None:
        path = tmp_dir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parsed = make_url(url)
    database = f"{parsed.database}_{name}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return parsed.set(database=database).render_as_string(hide_password=False)
