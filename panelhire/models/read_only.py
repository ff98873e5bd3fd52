"""A request that only read ends its transaction with COMMIT, not ROLLBACK.

psycopg forgets every prepared statement when a transaction rolls back. Flask-SQLAlchemy ends
each request by closing the session, which rolls back, so on PostgreSQL every page that only
reads had each of its statements planned afresh on every request: for the score sheet, planning
took longer than running the statements. A transaction that wrote nothing ends the same way
whether it commits or rolls back, so committing it changes nothing but keeps the prepared
statements (and their plans) for the next request on that connection.

Anything that may have written (an INSERT, UPDATE or DELETE, a savepoint, a statement that
does not begin with SELECT, or objects waiting in the session) still rolls back, as does any
request that raised.
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection

from panelhire.extensions import db

log = logging.getLogger(__name__)
WROTE = "panelhire_may_have_written"


def _note_writes(
    conn: Connection,
    cursor,  # noqa: ANN001
    statement: str,
    parameters,  # noqa: ANN001
    context,  # noqa: ANN001
    executemany: bool,
) -> None:
    verb = statement.lstrip()[:6].upper()
    if executemany or verb not in ("SELECT", "BEGIN", "BEGIN "):
        conn.info[WROTE] = True


def _forget_writes(conn: Connection) -> None:
    conn.info.pop(WROTE, None)


def only_read() -> bool:
    """Whether the request's open transaction has read and nothing else."""
    session = db.session()
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    return not session.connection().info.get(WROTE, False)


def end_read_only_transaction(exc: BaseException | None) -> None:
    if exc is not None:
        return
    try:
        if only_read():
            db.session.commit()
    except Exception:  # noqa: BLE001 - the session is closed (rolled back) just after
        log.exception("ending a read-only transaction failed; rolling back instead")
        db.session.rollback()


def register(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if not event.contains(engine, "before_cursor_execute", _note_writes):
        event.listen(engine, "before_cursor_execute", _note_writes)
        event.listen(engine, "begin", _forget_writes)
    # Runs before Flask-SQLAlchemy's own teardown closes the session.
    app.teardown_request(end_read_only_transaction)
