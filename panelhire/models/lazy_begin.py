"""On PostgreSQL, a transaction begins at its first write, not at its first read.

psycopg begins a transaction before the first statement on a connection and the session ends
it with COMMIT or ROLLBACK: two extra round trips to the database on every request, and a
ROLLBACK also makes psycopg forget every statement it had prepared, so PostgreSQL would plan
each page's statements afresh. Most requests only read.

PostgreSQL's default isolation, READ COMMITTED, gives each statement its own snapshot whether
or not it runs inside a transaction, and a plain SELECT takes no locks. So reading outside a
transaction sees exactly what reading inside one would. Connections are therefore handed out
in autocommit mode, and the moment a request sends anything other than a plain SELECT (an
INSERT, UPDATE or DELETE, a savepoint, a SELECT that locks rows or calls a function with side
effects), the connection leaves autocommit first, so that statement and everything after it
are one transaction that commits or rolls back whole, as before. Nothing is half-written.

A statement that is a whole write by itself can say so (`execution_options={WHOLE_WRITE:
True}`): sent before anything else was written, it runs outside a transaction too, and
PostgreSQL commits it alone when it completes, all of it or none of it. That spares a
resident's tap on the score sheet two of its four round trips (BEGIN and COMMIT). The
connection stays as it was, so a later write still begins a transaction.

A connection asked for an explicit isolation level (`VACUUM` needs AUTOCOMMIT) is left alone.
SQLite keeps its own scheme (`models/sqlite.py`).
"""

from __future__ import annotations

import functools
import re

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection

ARMED = "panelhire_begin_at_first_write"
WHOLE_WRITE = "panelhire_whole_write"

# A statement that can be sent outside a transaction: a SELECT that neither locks rows nor
# calls a function that changes something. Anything else (including a SELECT this pattern
# cannot vouch for) begins the transaction; the cost of a wrong guess is one round trip.
_PLAIN_READ = re.compile(r"\s*SELECT\b", re.IGNORECASE)
_NOT_PLAIN = re.compile(
    r"\bFOR\s+(?:NO\s+KEY\s+)?(?:UPDATE|SHARE)\b|\bFOR\s+KEY\s+SHARE\b|\bINTO\b"
    r"|\b(?:pg_advisory\w*|pg_try_advisory\w*|nextval|setval|set_config|pg_notify|lo_\w+)\s*\(",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=2048)
def is_plain_read(statement: str) -> bool:
    """Remembered per statement: the same few hundred SQL strings come round again and again,
    and searching a long one costs more than the round trip this module saves."""
    return bool(_PLAIN_READ.match(statement)) and not _NOT_PLAIN.search(statement)


def begin_at_first_write(engine: Engine) -> None:
    """Hand out the engine's connections in autocommit mode until their first write."""
    from psycopg.pq import TransactionStatus

    def read_outside_transactions(dbapi_connection, record, proxy) -> None:  # noqa: ANN001
        if dbapi_connection.info.transaction_status == TransactionStatus.IDLE:
            dbapi_connection.autocommit = True
            record.info[ARMED] = True
        else:
            record.info.pop(ARMED, None)

    def begin_before_writing(
        conn: Connection,
        cursor,  # noqa: ANN001
        statement: str,
        parameters,  # noqa: ANN001
        context,  # noqa: ANN001
        executemany: bool,
    ) -> None:
        if not conn.info.get(ARMED):
            return
        if "isolation_level" in conn.get_execution_options():
            conn.info.pop(ARMED)  # the caller chose how this connection runs
            return
        if not executemany and context is not None and context.execution_options.get(WHOLE_WRITE):
            return  # one statement, the request's only write so far: it commits by itself
        if executemany or not is_plain_read(statement):
            conn.info.pop(ARMED)
            # psycopg sends BEGIN just before this statement.
            conn.connection.dbapi_connection.autocommit = False

    # Before the idle ping's checkout listener, so a ping is sent outside a transaction too.
    event.listen(engine.pool, "checkout", read_outside_transactions, insert=True)
    event.listen(engine, "before_cursor_execute", begin_before_writing)
