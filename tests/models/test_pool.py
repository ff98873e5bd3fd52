"""A pooled PostgreSQL connection that died while idle (database restart, failover) is
replaced before a request uses it, instead of failing that request."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from panelhire import create_app
from panelhire.auth.access import public
from panelhire.core.models import Service
from panelhire.extensions import db
from tests.conftest import TEST_CONFIG
from tests.databases import base_url, fresh_database

pytestmark = pytest.mark.skipif(
    not (base_url() or "").startswith("postgresql"), reason="PostgreSQL only"
)


def test_a_connection_killed_while_idle_is_replaced_before_use(tmp_path) -> None:  # noqa: ANN001
    url = fresh_database("pool", tmp_path)
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "DB_PING_AFTER_IDLE_SECONDS": 0,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @app.route("/_test/count")
    @public
    def count():
        return str(len(db.session.execute(select(Service.id)).all()))

    with app.app_context():
        db.create_all()
        db.session.remove()
    client = app.test_client()
    assert client.get("/_test/count").status_code == 200

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    assert killed >= 1  # the app's pooled connection is gone

    response = client.get("/_test/count")
    assert response.status_code == 200, response.text
    assert response.text == "0"
    with app.app_context():
        db.engine.dispose()
