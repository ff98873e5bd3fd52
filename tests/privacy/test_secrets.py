"""Secrets come from the environment and never reach a log."""

from __future__ import annotations

import logging
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from panelhire.auth import services as auth
from panelhire.auth.models import Role
from panelhire.config import from_environment
from tests.factories import make_resident, make_staff, sign_in
from tests.html import csrf_token

ROOT = Path(__file__).resolve().parents[2]
SIGN_IN_TOKEN = "SiGnInToKeN-abc123"  # noqa: S105
FEED_TOKEN = "FeEdToKeN-def456"  # noqa: S105


def _gunicorn_logger(tmp_path: Path, log_format: str | None = None):  # noqa: ANN202
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("access_log_format", log_format or settings["access_log_format"])
    return settings["RedactingLogger"](cfg), settings


def _access(logger, path: str, query: str = "") -> None:  # noqa: ANN001
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://panelhire.test{path}",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5))


def _log_text(tmp_path: Path, logger) -> str:  # noqa: ANN001
    for handler in list(logger.access_log.handlers):
        handler.close()
        logger.access_log.removeHandler(handler)
    return (tmp_path / "access.log").read_text()


def test_gunicorn_access_log_redacts_sign_in_and_feed_tokens(tmp_path):
    logger, settings = _gunicorn_logger(tmp_path)
    assert settings["logger_class"] is settings["RedactingLogger"]
    _access(logger, f"/sign-in/link/{SIGN_IN_TOKEN}")
    _access(logger, f"/calendar/feed/{FEED_TOKEN}.ics")
    text = _log_text(tmp_path, logger)
    assert SIGN_IN_TOKEN not in text and FEED_TOKEN not in text
    assert "/sign-in/link/[redacted]" in text and "/calendar/feed/[redacted]" in text


def test_redaction_holds_even_if_the_format_logs_the_query_and_referer(tmp_path):
    logger, _ = _gunicorn_logger(tmp_path, '%(h)s "%(r)s" %(q)s "%(f)s"')
    _access(logger, f"/sign-in/link/{SIGN_IN_TOKEN}", query=f"token={FEED_TOKEN}")
    text = _log_text(tmp_path, logger)
    assert SIGN_IN_TOKEN not in text and FEED_TOKEN not in text
    assert "token=[redacted]" in text


def test_sign_in_links_never_reach_the_app_log(client, db, caplog):
    caplog.set_level(logging.DEBUG)
    hr = make_staff(roles={Role.HR})
    resident = make_resident()
    token = auth.issue_sign_in_link(resident, by=hr)
    db.session.commit()
    sign_in(client, hr, password="wrong password")
    page = client.get(f"/sign-in/link/{token}")
    assert page.status_code == 200
    client.post(f"/sign-in/link/{token}", data={"csrf_token": csrf_token(page)})
    client.get(f"/sign-in/link/{token}")  # spent: refused
    assert token not in caplog.text
    assert "wrong password" not in caplog.text


def test_secrets_and_connection_strings_come_only_from_the_environment(monkeypatch, tmp_path):
    values = {
        "SECRET_KEY": "k" * 40,
        "DATABASE_URL": "postgresql://u:p@db/panelhire",
        "REDIS_URL": "redis://cache:6379/1",
        "MAIL_URL": "smtp://user:pass@mail:587",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    config = from_environment(str(tmp_path))
    assert config["SECRET_KEY"] == values["SECRET_KEY"]
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/panelhire"
    assert config["REDIS_URL"] == values["REDIS_URL"]
    assert config["MAIL_URL"] == values["MAIL_URL"]


def test_no_secret_is_written_into_the_code():
    """Only the refused development key and the published demo credentials are literals."""
    suspicious = re.compile(
        r"(SECRET_KEY|PASSWORD|TOKEN|API_KEY)\s*=\s*['\"][^'\"]{8,}['\"]", re.IGNORECASE
    )
    allowed = {"INSECURE_DEV_KEY", "STAFF_PASSWORD"}
    found = []
    for path in (ROOT / "panelhire").rglob("*.py"):
        for line in path.read_text().splitlines():
            match = suspicious.search(line)
            if match and not any(name in line for name in allowed):
                found.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert found == []
