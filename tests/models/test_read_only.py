"""A request that only read commits (keeping PostgreSQL's prepared statements); anything that
may have written still rolls back. Against a real database with its own connections, not the
per-test transaction the other tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import event, select, text, update

from panelhire import create_app
from panelhire.auth.access import public
from panelhire.core.models import Service
from panelhire.extensions import db
from tests.conftest import TEST_CONFIG
from tests.databases import base_url, fresh_database


@pytest.fixture()
def app(tmp_path) -> Iterator[Flask]:  # noqa: ANN001
    url = fresh_database("read_only", tmp_path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})

    @app.route("/_test/read")
    @public
    def read():
        names = db.session.execute(select(Service.name).order_by(Service.name)).scalars()
        return ",".join(names)

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
        db.session.execute(update(Service).values(name="Renamed"))
        return "refused", 422

    @app.route("/_test/read-then-raise")
    @public
    def read_then_raise():
        db.session.execute(select(Service.name)).all()
        raise RuntimeError("boom")

    with app.app_context():
        db.create_all()
        db.session.add(Service(name="Riverside"))
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def endings(app: Flask) -> Iterator[list[str]]:
    """How each transaction ended, as the engine saw it."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def on_commit(conn) -> None:  # noqa: ANN001
        seen.append("commit")

    def on_rollback(conn) -> None:  # noqa: ANN001
        seen.append("rollback")

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
    yield seen
    event.remove(engine, "commit", on_commit)
    event.remove(engine, "rollback", on_rollback)


def _names(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(Service.name).order_by(Service.name)).scalars())


def test_a_request_that_only_read_commits(app: Flask, endings: list[str]) -> None:
    response = app.test_client().get("/_test/read")
    assert response.status_code == 200
    assert response.text == "Riverside"
    assert endings == ["commit"]


@pytest.mark.parametrize(
    "path", ["/_test/add-then-refuse", "/_test/flush-then-refuse", "/_test/update-then-refuse"]
)
def test_a_request_that_may_have_written_rolls_back(
    app: Flask, endings: list[str], path: str
) -> None:
    assert app.test_client().get(path).status_code == 422
    assert "commit" not in endings
    assert _names(app) == ["Riverside"]


def test_a_request_that_raised_rolls_back(app: Flask, endings: list[str]) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        assert app.test_client().get("/_test/read-then-raise").status_code == 500
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert "commit" not in endings


@pytest.mark.skipif(not (base_url() or "").startswith("postgresql"), reason="PostgreSQL only")
def test_postgresql_keeps_prepared_statements_across_reading_requests(app: Flask) -> None:
    """psycopg prepares a statement run five times on a connection and forgets them all on
    ROLLBACK; committing reads keeps them, so PostgreSQL stops planning the page's statements."""
    client = app.test_client()
    for _ in range(8):
        assert client.get("/_test/read").status_code == 200
    with app.app_context():
        prepared = db.session.execute(
            text("SELECT statement FROM pg_prepared_statements")
        ).scalars()
        assert any("FROM service" in statement for statement in prepared)
