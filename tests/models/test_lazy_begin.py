"""On PostgreSQL a request reads outside a transaction and begins one at its first write; on
both databases, whatever a request wrote is gone if it was refused or raised. Against a real
database with its own connections, not the per-test transaction the other tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, select, text, update

from panelhire import create_app
from panelhire.auth.access import public
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.models.lazy_begin import WHOLE_WRITE, is_plain_read
from tests.conftest import TEST_CONFIG
from tests.databases import base_url, fresh_database

postgresql_only = pytest.mark.skipif(
    not (base_url() or "").startswith("postgresql"), reason="PostgreSQL only"
)


def _transaction_status() -> str:
    dbapi = db.session.connection().connection.dbapi_connection
    return dbapi.info.transaction_status.name


@pytest.fixture()
def app(tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    url = fresh_database("lazy_begin", tmp_path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})

    @app.route("/_test/read")
    @public
    def read():
        names = db.session.execute(select(Service.name).order_by(Service.name)).scalars()
        return ",".join(names)

    @app.route("/_test/read-status")
    @public
    def read_status():
        db.session.execute(select(Service.name)).all()
        return _transaction_status()

    @app.route("/_test/add")
    @public
    def add():
        db.session.add(Service(name="Hillside"))
        db.session.flush()
        status = _transaction_status()
        db.session.commit()
        return status

    @app.route("/_test/add-then-refuse")
    @public
    def add_then_refuse():
        db.session.add(Service(name="Never saved"))
        return "refused", 422

    @app.route("/_test/flush-then-refuse")
    @public
    def flush_then_refuse():
        db.session.add(Service(name="Flushed only"))
        db.session.flush()
        return "refused", 422

    @app.route("/_test/update-then-refuse")
    @public
    def update_then_refuse():
        db.session.execute(select(Service.name)).all()
        db.session.execute(update(Service).values(name="Renamed"))
        return "refused", 422

    @app.route("/_test/read-update-raise")
    @public
    def read_update_raise():
        db.session.execute(select(Service.name)).all()
        db.session.execute(update(Service).values(name="Renamed"))
        db.session.add(Service(name="Half"))
        db.session.flush()
        raise RuntimeError("boom")

    @app.route("/_test/whole-write-then-write")
    @public
    def whole_write_then_write():
        rename = update(Service).values(name="Renamed")
        db.session.connection().execute(rename, execution_options={WHOLE_WRITE: True})
        after_whole = _transaction_status()
        db.session.add(Service(name="Second"))
        db.session.flush()
        after_second = _transaction_status()
        db.session.commit()
        return f"{after_whole} {after_second}"

    @app.route("/_test/write-then-whole-write-then-raise")
    @public
    def write_then_whole_write_then_raise():
        db.session.add(Service(name="First"))
        db.session.flush()
        rename = update(Service).values(name="Renamed")
        db.session.connection().execute(rename, execution_options={WHOLE_WRITE: True})
        raise RuntimeError("boom")

    @app.route("/_test/lock")
    @public
    def lock():
        db.session.execute(select(Service).with_for_update()).all()
        other = create_engine(url)
        try:
            with other.connect() as conn:
                conn.execute(text("SELECT id FROM service FOR UPDATE NOWAIT")).all()
        except Exception:  # noqa: BLE001 - the lock is held: what this route reports
            return "held"
        finally:
            other.dispose()
        return "free"

    with app.app_context():
        db.create_all()
        db.session.add(Service(name="Riverside"))
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _names(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(Service.name).order_by(Service.name)).scalars())


@pytest.mark.parametrize(
    "path", ["/_test/add-then-refuse", "/_test/flush-then-refuse", "/_test/update-then-refuse"]
)
def test_a_refused_request_leaves_nothing_written(app: Flask, path: str) -> None:
    assert app.test_client().get(path).status_code == 422
    assert _names(app) == ["Riverside"]


def test_a_request_that_raised_leaves_nothing_half_written(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        assert app.test_client().get("/_test/read-update-raise").status_code == 500
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert _names(app) == ["Riverside"]


@postgresql_only
def test_reading_opens_no_transaction(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/_test/read-status").text == "IDLE"
    # A request that wrote ran in a transaction; the next one reads outside one again.
    assert client.get("/_test/add").text == "INTRANS"
    assert client.get("/_test/read-status").text == "IDLE"
    assert _names(app) == ["Hillside", "Riverside"]


@postgresql_only
def test_a_whole_write_commits_alone_and_a_later_write_begins_a_transaction(app: Flask) -> None:
    assert app.test_client().get("/_test/whole-write-then-write").text == "IDLE INTRANS"
    assert _names(app) == ["Renamed", "Second"]


def test_a_whole_write_after_another_write_joins_its_transaction(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = app.test_client().get("/_test/write-then-whole-write-then-raise")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert _names(app) == ["Riverside"]


@postgresql_only
def test_a_locking_select_begins_the_transaction_and_holds_its_lock(app: Flask) -> None:
    assert app.test_client().get("/_test/lock").text == "held"


@postgresql_only
def test_an_explicit_autocommit_connection_is_left_alone(app: Flask) -> None:
    with app.app_context():
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM service")  # refused inside a transaction


@postgresql_only
def test_postgresql_keeps_prepared_statements_across_reading_requests(app: Flask) -> None:
    """psycopg prepares a statement run five times on a connection and forgets them all on
    ROLLBACK; reads outside a transaction never roll back, so PostgreSQL stops planning the
    page's statements."""
    client = app.test_client()
    for _ in range(8):
        assert client.get("/_test/read").status_code == 200
    with app.app_context():
        prepared = db.session.execute(
            text("SELECT statement FROM pg_prepared_statements")
        ).scalars()
        assert any("FROM service" in statement for statement in prepared)


@pytest.mark.parametrize(
    ("statement", "plain"),
    [
        ("SELECT id FROM service WHERE id = %(id)s", True),
        ("  select count(*) from panel", True),
        ("SELECT id FROM service FOR UPDATE", False),
        ("SELECT id FROM service FOR NO KEY UPDATE NOWAIT", False),
        ("SELECT id FROM service FOR SHARE", False),
        ("SELECT id FROM service FOR KEY SHARE", False),
        ("SELECT pg_advisory_xact_lock(1)", False),
        ("SELECT nextval('service_id_seq')", False),
        ("SELECT * INTO copy FROM service", False),
        ("INSERT INTO service (name) VALUES ('x')", False),
        ("UPDATE service SET name = 'x'", False),
        ("WITH gone AS (DELETE FROM service RETURNING id) SELECT * FROM gone", False),
        ("SAVEPOINT sa_savepoint_1", False),
    ],
)
def test_which_statements_may_run_outside_a_transaction(statement: str, plain: bool) -> None:
    assert is_plain_read(statement) is plain
