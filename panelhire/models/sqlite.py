"""SQLite settings that make it safe for several requests at once."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


def enable_sqlite_pragmas(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and transactions SQLAlchemy fully controls.

    pysqlite's own transaction handling delays BEGIN and breaks SAVEPOINT; SQLAlchemy's
    documented fix is to turn it off and emit BEGIN ourselves.

    BEGIN IMMEDIATE takes the write lock at the start, so the busy timeout applies: with a
    plain BEGIN, a transaction that read first and then writes after another writer committed
    fails at once with "database is locked" (the busy timeout cannot help it). The price: every
    transaction, reads included, waits its turn (up to the busy timeout), which suits one
    organisation's traffic; use PostgreSQL for more. tests/privacy/test_concurrency.py shows it.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")
