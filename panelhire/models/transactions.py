"""Committing a write when other requests write at the same moment."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError

from panelhire.extensions import db

T = TypeVar("T")


def commit_with_retries(work: Callable[[], T], attempts: int = 6) -> T:
    """Run a write and commit it, retrying when another request held the database.

    SQLite refuses a writer whose snapshot went stale, PostgreSQL may pick a deadlock victim,
    and two first inserts can race on a unique key; each attempt starts from a fresh
    transaction, so the work must check what is true now rather than trust what it read before.
    Refusals raised by the work itself are not retried: they reach the caller.
    """
    for attempt in range(attempts):
        try:
            result = work()
            db.session.commit()
            return result
        except (OperationalError, IntegrityError):
            db.session.rollback()
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
