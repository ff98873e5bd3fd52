"""Fixtures for email tests: a real SMTP server on loopback, wired into the app's settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.messaging.smtp import Inbox, smtp_server


@pytest.fixture()
def mail_settings(app):  # noqa: ANN001
    """Restore the mail settings after a test changes them."""
    keys = ("MAIL_URL", "MAIL_FILE_DIR", "MAIL_TIMEOUT")
    saved = {key: app.config.get(key) for key in keys}
    yield app.config
    app.config.update(saved)


@pytest.fixture()
def inbox(mail_settings) -> Iterator[Inbox]:  # noqa: ANN001
    with smtp_server() as (received, port):
        mail_settings["MAIL_URL"] = f"smtp://127.0.0.1:{port}"
        mail_settings["MAIL_TIMEOUT"] = 5
        yield received
