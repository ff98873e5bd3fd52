"""Flask-Login wiring."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import joinedload

from panelhire.auth.models import User
from panelhire.extensions import db, login_manager


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            # Roles in the same statement: every page asks what the person may do.
            user = db.session.get(User, int(user_id), options=[joinedload(User.roles)])
        except (TypeError, ValueError):
            return None
        return user if user is not None and user.active else None
