"""Settings read from the environment.

Only plain values live here; `create_app` turns them into Flask config keys.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

INSECURE_DEV_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production below


class ConfigError(RuntimeError):
    """The environment does not describe a safe way to run the app."""


def from_environment(instance_path: str) -> dict[str, Any]:
    """Build the app's settings from environment variables, with safe defaults."""
    env = os.environ.get("PANELHIRE_ENV", "development").strip().lower() or "development"
    if env not in {"development", "production", "testing"}:
        raise ConfigError(f"PANELHIRE_ENV must be development or production, not {env!r}")
    production = env == "production"
    default_db = "sqlite:///" + str(Path(instance_path) / "panelhire.sqlite3")
    return {
        "PANELHIRE_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "" if production else INSECURE_DEV_KEY),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("DATABASE_URL", default_db)
        ),
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "MAIL_URL": os.environ.get("MAIL_URL", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "PanelHire <panels@panelhire.invalid>"),
        # Without MAIL_URL, email is saved as .eml files here (default: instance/mail).
        "MAIL_FILE_DIR": os.environ.get("MAIL_FILE_DIR", ""),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        "DB_POOL_SIZE": int(os.environ.get("DB_POOL_SIZE", "5")),
        "DB_MAX_OVERFLOW": int(os.environ.get("DB_MAX_OVERFLOW", "5")),
        # A pooled connection idle longer than this is checked before use (see models/pool.py).
        "DB_PING_AFTER_IDLE_SECONDS": float(os.environ.get("DB_PING_AFTER_IDLE_SECONDS", "2")),
    }


def normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` forms hosts hand out; use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_production_safety(config: dict[str, Any]) -> None:
    """Refuse to serve real people's data with a guessable secret key."""
    if config.get("PANELHIRE_ENV") != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if key == INSECURE_DEV_KEY or len(key) < 32:
        raise ConfigError(
            "PANELHIRE_ENV=production needs SECRET_KEY set to a random value of at least "
            "32 characters, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )
