"""Send new outbox messages straight after the request that committed them.

The response goes to the browser first (``call_on_close``), so HR never waits on a slow mail
server; anything that fails stays queued for ``flask send-outbox``.

Werkzeug's development server (``flask run``, ``make run``) skips closing a response when the
browser hangs up before the server has drained the socket, which a browser following a
redirect often does: the messages then waited for the next request. Under that server the
sending runs on a short-lived thread instead, started as the response leaves.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, Response, current_app, g, has_app_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from panelhire.messaging.outbox import PENDING_KEY

log = logging.getLogger(__name__)
_FLAG = "outbox_committed"


def _after_commit(session: Session) -> None:
    if session.info.pop(PENDING_KEY, False) and has_app_context():
        setattr(g, _FLAG, True)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def _send_after_response(response: Response) -> Response:
    if g.pop(_FLAG, False) and current_app.config.get("OUTBOX_SEND_AFTER_REQUEST", True):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        if request.environ.get("SERVER_SOFTWARE", "").startswith("Werkzeug/"):
            threading.Thread(target=send_now, args=(app,), daemon=True).start()
        else:
            response.call_on_close(lambda: send_now(app))
    return response


def send_now(app: Flask) -> None:
    from panelhire.extensions import db
    from panelhire.messaging.outbox import send_due

    with app.app_context():
        try:
            report = send_due(limit=50)
            log.info("outbox after request: %s", report)
        except Exception:  # noqa: BLE001 - the next send-outbox run picks the messages up
            log.exception("outbox: sending after the request failed; messages stay queued")
            db.session.rollback()


def register(app: Flask) -> None:
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
    app.after_request(_send_after_response)
