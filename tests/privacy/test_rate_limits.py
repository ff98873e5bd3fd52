"""Rate limits bite on PIN entry, one-time sign-in links and every download."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from panelhire.auth.models import Role
from panelhire.auth.views import SIGN_IN_ATTEMPTS_PER_MINUTE
from panelhire.extensions import db, limiter
from panelhire.privacy.downloads import EXPORT_LIMIT
from tests.factories import PASSWORD, PIN, make_resident, make_staff
from tests.html import csrf_token
from tests.privacy.limits import limited_app

REDIS_URL = "redis://127.0.0.1:6379/0"


def _statuses(client, n, send):  # noqa: ANN001, ANN202
    return [send(client).status_code for _ in range(n)]


def test_limits_are_off_in_other_tests(app):
    assert app.config["RATELIMIT_ENABLED"] is False
    assert limiter.enabled is False


def test_pin_entry_is_limited(tmp_path):
    with limited_app(tmp_path, "limits_pin") as app:
        with app.app_context():
            resident = make_resident()
            username = resident.username
            db.session.commit()
        client = app.test_client()
        token = csrf_token(client.get("/sign-in/resident"))

        def guess(c):  # noqa: ANN001, ANN202
            data = {"csrf_token": token, "username": username, "pin": "000000"}
            return c.post("/sign-in/resident", data=data)

        allowed = SIGN_IN_ATTEMPTS_PER_MINUTE
        statuses = _statuses(client, allowed + 1, guess)
        assert 429 not in statuses[:allowed]
        assert statuses[allowed] == 429
        assert client.get("/sign-in/resident").status_code == 200  # only guesses count


def test_one_time_links_are_limited(tmp_path):
    with limited_app(tmp_path, "limits_link") as app:
        client = app.test_client()
        allowed = SIGN_IN_ATTEMPTS_PER_MINUTE
        statuses = _statuses(client, allowed + 1, lambda c: c.get("/sign-in/link/not-a-real-token"))
        assert 429 not in statuses[:allowed] and statuses[allowed] == 429


def test_every_download_shares_one_export_limit(tmp_path):
    assert EXPORT_LIMIT == "60 per hour"
    with limited_app(tmp_path, "limits_export", EXPORT_RATE_LIMIT="3 per hour") as app:
        with app.app_context():
            email = make_staff(roles={Role.HR}).email
            db.session.commit()
        client = app.test_client()
        page = client.get("/sign-in")
        signed_in = client.post(
            "/sign-in", data={"csrf_token": csrf_token(page), "email": email, "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        first = [client.get("/reports/coverage.csv").status_code for _ in range(2)]
        third = client.get("/training/due.csv").status_code
        assert first + [third] == [200, 200, 200]
        assert client.get("/recognition/finance/payments-due.csv").status_code == 429
        assert client.get("/reports/coverage.csv").status_code == 429
        assert client.get("/reports/coverage").status_code == 200  # pages are not exports


def test_redis_url_makes_the_limiter_use_redis(tmp_path):
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"panelhire-test-{uuid.uuid4().hex}"
    try:
        with limited_app(
            tmp_path, "limits_redis", REDIS_URL=REDIS_URL, RATELIMIT_KEY_PREFIX=prefix
        ) as app:
            assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
            assert type(limiter.storage).__name__ == "RedisStorage"
            client = app.test_client()
            allowed = SIGN_IN_ATTEMPTS_PER_MINUTE
            statuses = _statuses(
                client, allowed + 1, lambda c: c.get("/sign-in/link/not-a-real-token")
            )
            assert statuses[allowed] == 429
            keys = list(server.scan_iter(match=f"*{prefix}*"))
            assert keys, "no rate-limit counters were written to Redis"
    finally:
        for key in server.scan_iter(match=f"*{prefix}*"):
            server.delete(key)
        server.close()


def test_requests_are_checked_for_limits_only_where_limits_are_declared(tmp_path):
    """No app-wide limit, so no app-wide check on every request; the limited views above
    still bite through their own decorators."""
    with limited_app(tmp_path, "limits_where_declared") as app:
        assert limiter._check_request_limit not in app.before_request_funcs[None]  # noqa: SLF001
    with limited_app(tmp_path, "limits_app_wide", RATELIMIT_DEFAULT="1000/hour") as app:
        assert limiter._check_request_limit in app.before_request_funcs[None]  # noqa: SLF001


def test_a_room_of_thirty_residents_each_slipping_once_all_get_in(tmp_path):
    """A training day: thirty residents on the venue's wifi (one address), each mistyping
    their PIN once and then typing it right."""
    with limited_app(tmp_path, "limits_room") as app:
        with app.app_context():
            names = [make_resident().username for _ in range(30)]
            db.session.commit()
        landed = []
        for name in names:
            phone = app.test_client()
            wrong = {"csrf_token": csrf_token(phone.get("/sign-in/resident")), "username": name}
            phone.post("/sign-in/resident", data={**wrong, "pin": "246810"})
            right = phone.post("/sign-in/resident", data={**wrong, "pin": PIN})
            landed.append(right.status_code)
        assert landed == [302] * 30
