"""Fixtures: one app per test session, and a transaction rolled back after every test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from panelhire import create_app
from panelhire.extensions import db as _db
from tests.databases import fresh_database

TEST_CONFIG = {
    "PANELHIRE_ENV": "testing",
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    # Fast hashes keep the suite quick; production uses scrypt.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "RATELIMIT_ENABLED": False,
    "PUBLIC_URL": "http://panelhire.test",
    # Development mail goes to .eml files; keep the tests' out of the working tree.
    "MAIL_FILE_DIR": tempfile.mkdtemp(prefix="panelhire-mail-"),
}


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    url = fresh_database("unit", tmp_path_factory.mktemp("db"))
    application = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture()
def db(app: Flask) -> Iterator:
    """The database, inside a transaction that is rolled back after the test.

    Commits made by the code under test become savepoints, so views and services
    behave as in production while nothing outlives the test.
    """
    with app.app_context():
        engine = _db.engine
        connection = engine.connect()
        outer = connection.begin()
        # Flask-SQLAlchemy picks the bind from its engine map, so point the map at the
        # connection holding the outer transaction for the length of the test.
        engines = _db.engines
        engines[None] = connection
        original = _db.session
        _db.session = _db._make_scoped_session({"join_transaction_mode": "create_savepoint"})
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            engines[None] = engine
            if outer.is_active:
                outer.rollback()
            connection.close()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    The `db` fixture holds an app context open; without this, Flask would reuse it and `g`
    (where Flask-WTF caches the CSRF token) would leak from one request to the next.
    """

    def open(self, *args, **kwargs):  # noqa: ANN002, ANN003
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture()
def client(app: Flask, db) -> FlaskClient:  # noqa: ANN001
    app.test_client_class = FreshContextClient
    return app.test_client()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests last: they are the slowest and the unit tests tell you more, sooner.
    items.sort(key=lambda item: "browser" in item.keywords)


os.environ.setdefault("PANELHIRE_ENV", "testing")
