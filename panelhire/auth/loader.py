"""Flask-Login wiring."""

from __future__ import annotations

import functools

from flask import Flask
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from panelhire.auth.models import User
from panelhire.core.models import Organisation
from panelhire.extensions import db, login_manager


@functools.cache
def _person_statement() -> Select:
    """Every signed-in page asks what the person may do and shows times in the organisation's
    zone: the person, their roles and the organisation in one statement, built once."""
    first_organisation = select(func.min(Organisation.id)).scalar_subquery()
    return (
        select(User, Organisation)
        .outerjoin(Organisation, Organisation.id == first_organisation)
        .options(joinedload(User.roles))
        .where(User.id == bindparam("user_id"))
    )


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        try:
            wanted = int(user_id)
        except (TypeError, ValueError):
            return None
        row = db.session.execute(_person_statement(), {"user_id": wanted}).unique().first()
        if row is None or not row.User.active:
            return None
        if row.Organisation is not None:
            from panelhire.core.services import remember_organisation

            remember_organisation(row.Organisation)
        return row.User
