"""Checking a pooled PostgreSQL connection before use, only when it has sat idle.

SQLAlchemy's `pool_pre_ping` sends `SELECT 1` before every request: a whole round trip to the
database each time, a fifth of a busy score sheet's time. A connection that was used a moment
ago is almost certainly alive; one that sat idle (overnight, or through a database restart or
failover) may not be. So a connection idle longer than `DB_PING_AFTER_IDLE_SECONDS` is pinged
when it is checked out, and replaced, before the request uses it, if the ping fails.
"""

from __future__ import annotations

import time

from sqlalchemy import Engine, event, exc

CHECKED_IN_AT = "panelhire_checked_in_at"


def ping_idle_connections(engine: Engine, after_seconds: float) -> None:
    def on_checkin(dbapi_connection, record) -> None:  # noqa: ANN001
        record.info[CHECKED_IN_AT] = time.monotonic()

    def on_checkout(dbapi_connection, record, proxy) -> None:  # noqa: ANN001
        idle_since = record.info.get(CHECKED_IN_AT)
        if idle_since is None or time.monotonic() - idle_since < after_seconds:
            return  # new, or used moments ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                # The pool drops this connection and checks out a fresh one.
                raise exc.DisconnectionError() from error
            raise
        if not alive:
            raise exc.DisconnectionError()

    event.listen(engine.pool, "checkin", on_checkin)
    event.listen(engine.pool, "checkout", on_checkout)
