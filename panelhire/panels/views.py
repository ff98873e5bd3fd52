"""Vacancies, panel booking, rostering, withdrawals, conflicts, dashboard and coverage.

The `panels` blueprint and what its pages share; the pages themselves are in the
`views_*` modules imported at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role, User, UserRole
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.models.transactions import commit_with_retries
from panelhire.panels.models import Panel, PanelMember
from panelhire.panels.services import PanelError

bp = Blueprint("panels", __name__, cli_group=None)

OVERSIGHT = (Role.ADMIN, Role.HR, Role.MANAGER)
HR = (Role.ADMIN, Role.HR)


def services_list() -> list[Service]:
    return list(db.session.execute(select(Service).order_by(Service.name)).scalars())


def staff_list(*roles: Role) -> list[User]:
    wanted = roles or (Role.STAFF, Role.MANAGER, Role.HR, Role.ADMIN)
    return list(
        db.session.execute(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role.in_(wanted), User.active.is_(True))
            .distinct()
            .order_by(User.display_name)
        ).scalars()
    )


def oversight_panel(panel_id: int) -> Panel:
    return db.get_or_404(Panel, panel_id)


def member_or_404(panel: Panel, member_id: int) -> PanelMember:
    member = db.session.get(PanelMember, member_id)
    if member is None or member.panel_id != panel.id:
        abort(404)
    return member


def status(form: FlaskForm) -> int:
    """422 for a form sent back with problems, 200 for a form shown for the first time."""
    return 422 if form.is_submitted() else 200


def _refused(form: FlaskForm, problem: PanelError) -> str | None:
    """Put a refusal beside its field; return it for the summary when it has no field."""
    target = getattr(form, problem.field, None) if problem.field else None
    if target is not None:
        target.errors = [*target.errors, problem.message]
        return None
    return problem.message


def attempt(form: FlaskForm, work: Callable[[], Any]) -> tuple[bool, str | None]:
    """Run one service for a valid form and commit it (retried if the database was busy).

    Returns (True, None) when done, or (False, the message for the error summary when the
    refusal belongs to no field); nothing is half-saved either way.
    """
    try:
        commit_with_retries(work)
    except PanelError as refused:
        db.session.rollback()
        return False, _refused(form, refused)
    return True, None


def act(panel: Panel, action: Callable, success: str, *args: Any, **kwargs: Any) -> bool:
    """Run one service for a one-click action; commit and flash, or flash the refusal."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    done, problem = attempt(form, lambda: action(current_user, panel, *args, **kwargs))
    flash(success if done else problem, "success" if done else "error")
    return done


def _register_commands() -> None:
    from panelhire.panels.commands import roster_command

    bp.cli.add_command(roster_command)


_register_commands()

from panelhire.panels import (  # noqa: E402, F401
    views_panel,
    views_panellists,
    views_plan,
    views_reports,
    views_roster,
    views_vacancies,
)
