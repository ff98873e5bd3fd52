"""PanelHire: trained residents on every staff interview panel."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from panelhire.config import check_production_safety, from_environment
from panelhire.core.assets import PanelHireFlask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults from the environment, then the mapping given.

    No migrations, network calls or prompts happen here.
    """
    app = PanelHireFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.update(from_environment(app.instance_path))
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        SEND_FILE_MAX_AGE_DEFAULT=0,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        PASSWORD_HASH_METHOD="scrypt",
        RATELIMIT_HEADERS_ENABLED=True,
        SIGN_IN_LINK_DAYS=7,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_MIN_SIZE=500,
        COMPRESS_REGISTER=False,
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/csv",
            "text/plain",
            "text/calendar",
            "application/javascript",
            "text/javascript",
            "application/json",
        ],
    )
    if config:
        app.config.update(config)
    if "RATELIMIT_STORAGE_URI" not in app.config:
        # In-memory limits suit one process; set REDIS_URL to share them across app servers.
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"

    check_production_safety(app.config)
    _database_engine_options(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_hooks(app)
    return app


def _database_engine_options(app: Flask) -> None:
    uri: str = app.config["SQLALCHEMY_DATABASE_URI"]
    options: dict[str, Any] = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("sqlite"):
        # Wait for a writer rather than failing at once when two requests write together.
        options.setdefault("connect_args", {"timeout": 15})
    elif uri.startswith("postgresql"):
        options.setdefault("pool_size", app.config["DB_POOL_SIZE"])
        options.setdefault("max_overflow", app.config["DB_MAX_OVERFLOW"])
        options.setdefault("pool_recycle", 1800)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_extensions(app: Flask) -> None:
    from panelhire import models  # noqa: F401 - every model registered before use
    from panelhire.auth.loader import configure_login
    from panelhire.extensions import compress, csrf, db, limiter, migrate
    from panelhire.models.lazy_begin import begin_at_first_write
    from panelhire.models.pool import ping_idle_connections
    from panelhire.models.sqlite import enable_sqlite_pragmas

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    _check_rate_limits_only_where_declared(app)
    compress.init_app(app)
    configure_login(app)
    with app.app_context():
        enable_sqlite_pragmas(db.engine)
        if db.engine.dialect.name == "postgresql":
            ping_idle_connections(db.engine, app.config["DB_PING_AFTER_IDLE_SECONDS"])
            begin_at_first_write(db.engine)


def _check_rate_limits_only_where_declared(app: Flask) -> None:
    """Flask-Limiter looks for limits before every request, yet PanelHire sets none for the
    whole app: the few limited views (sign-in, one-time links) check their own limits through
    their decorators, and downloads through a shared limit. Without the app-wide look, every
    other request is a tenth of a millisecond quicker (a sixth of a bare page's time)."""
    app_wide = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")
    if any(app.config.get(name) for name in app_wide):
        return  # app-wide limits need the app-wide check
    from panelhire.extensions import limiter

    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:  # noqa: SLF001 - absent when limits are off
        hooks.remove(limiter._check_request_limit)  # noqa: SLF001


def register_blueprints(app: Flask) -> None:
    from panelhire.core.converters import RowIdConverter

    # Before any route is added: every `<int:...>` then refuses numbers no row can have.
    app.url_map.converters["int"] = RowIdConverter
    from panelhire.audit.views import bp as audit_bp
    from panelhire.auth.views import bp as auth_bp
    from panelhire.calendar.views import bp as calendar_bp
    from panelhire.core.views import bp as core_bp
    from panelhire.messaging.views import bp as messaging_bp
    from panelhire.packs.views import bp as packs_bp
    from panelhire.panels.views import bp as panels_bp
    from panelhire.recognition.views import bp as recognition_bp
    from panelhire.scoring.views import bp as scoring_bp
    from panelhire.training.views import bp as training_bp

    blueprints = (core_bp, auth_bp, audit_bp, training_bp, panels_bp, scoring_bp, recognition_bp)
    for bp in (*blueprints, calendar_bp, messaging_bp, packs_bp):
        app.register_blueprint(bp)

    from panelhire.privacy.views import bp as privacy_bp

    app.register_blueprint(privacy_bp)

    if os.environ.get("PANELHIRE_BENCH_ROUTES") == "1":
        from panelhire.core.bench_routes import bp as bench_bp

        app.register_blueprint(bench_bp)


def register_errorhandlers(app: Flask) -> None:
    from panelhire.core.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from panelhire.core.commands import register
    from panelhire.messaging.commands import send_outbox

    register(app)
    app.cli.add_command(send_outbox)

    from panelhire.training.commands import register as register_training_commands

    register_training_commands(app)

    from panelhire.privacy.commands import register as register_privacy_commands

    register_privacy_commands(app)


def register_hooks(app: Flask) -> None:
    from panelhire.auth.access import enforce_declared_access
    from panelhire.core.assets import register_assets
    from panelhire.core.formatting import register_filters
    from panelhire.core.headers import add_security_headers
    from panelhire.core.input_guard import refuse_nul_bytes
    from panelhire.core.navigation import register_navigation

    app.before_request(enforce_declared_access)
    app.before_request(refuse_nul_bytes)
    app.after_request(add_security_headers)
    register_filters(app)
    register_navigation(app)
    register_assets(app)
    from panelhire.core.once import register as register_once_only_forms

    register_once_only_forms(app)
    from panelhire.messaging.hooks import register as register_outbox_hooks

    register_outbox_hooks(app)

    from panelhire.privacy.downloads import register_download_guards

    register_download_guards(app)
