"""An app of its own with rate limits switched on, for the few tests that need them.

The limiter is one object shared by every app in the test run; its state is put back
afterwards so the session's app keeps limits off.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

from panelhire import create_app
from panelhire.extensions import db, limiter
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database


@contextmanager
def limited_app(tmp_path: Path, name: str, **config: Any) -> Iterator[Flask]:
    saved = dict(vars(limiter))
    url = fresh_database(name, tmp_path)
    app = create_app(
        {**TEST_CONFIG, "RATELIMIT_ENABLED": True, "SQLALCHEMY_DATABASE_URI": url, **config}
    )
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
        vars(limiter).clear()
        vars(limiter).update(saved)
