"""Under Werkzeug's development server (what `make run` serves), messages go out straight
after the change even when the browser hangs up as soon as it has the redirect: that server
then skips closing the response, so sending on close left them queued for the next request."""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
import urllib.parse
from datetime import date, timedelta

import pytest
from werkzeug.serving import make_server

from panelhire import create_app
from panelhire.auth.models import Role
from panelhire.extensions import db
from panelhire.messaging.models import OutboxMessage, OutboxStatus
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database
from tests.factories import PASSWORD, make_panel, make_staff
from tests.panels.factories import make_appointer, make_trained_resident


@pytest.fixture()
def served(tmp_path):
    url = fresh_database("dev_server_sends", tmp_path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        hr = make_staff(roles={Role.HR})
        chair = make_appointer(name="Marcus Webb")
        panels = [
            make_panel(
                members=[(chair, "chair"), (make_trained_resident(), "resident")],
                candidates=["Jordan Ellis"],
                day=date.today() + timedelta(days=7 + n),
            )
            for n in range(2)
        ]
        db.session.commit()
        ids, email = [p.id for p in panels], hr.email
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, server.server_port, email, ids
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


class _Browser:
    """A browser that follows redirects at once: it reads the response's first bytes and
    hangs up straight away (a reset, as when a tab moves on), before the server has drained
    the socket. That is when the development server used to skip closing the response."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie = port, ""

    def call(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {self.cookie}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(head.encode() + body)
            if method == "POST":
                first = sock.recv(65536)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                reply = first
            else:
                reply = b"".join(iter(lambda: sock.recv(65536), b""))
        text = reply.decode("utf-8", "replace")
        status = int(text.split(" ", 2)[1])
        found = re.search(r"^Set-Cookie: ([^;\r\n]+)", text, re.MULTILINE | re.IGNORECASE)
        if found:
            self.cookie = found.group(1)
        return status, text


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_invites_and_cancellations_leave_at_once_under_the_development_server(served):
    app, port, email, panel_ids = served
    browser = _Browser(port)
    _status, page = browser.call("GET", "/sign-in")
    signed = browser.call(
        "POST", "/sign-in", {"csrf_token": _token(page), "email": email, "password": PASSWORD}
    )
    assert signed[0] == 302
    for panel_id in panel_ids:
        for action in ("confirm", "cancel"):
            _status, page = browser.call("GET", f"/panels/{panel_id}")
            status, _ = browser.call(
                "POST", f"/panels/{panel_id}/{action}", {"csrf_token": _token(page)}
            )
            assert status == 302
            # Wait (bounded) for this change's messages: sent, not left for the next request.
            deadline = time.monotonic() + 5
            while True:
                with app.app_context():
                    statuses = db.session.execute(db.select(OutboxMessage.status)).scalars().all()
                    db.session.remove()
                if statuses and all(s == OutboxStatus.SENT for s in statuses):
                    break
                assert time.monotonic() < deadline, f"still queued after {action}: {statuses}"
                time.sleep(0.05)
