"""Vacancies, panel booking, rostering, withdrawals, conflicts, dashboard and coverage.

The `panels` blueprint and what its pages share; the pages themselves are in the
`views_*` modules imported at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select

from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role, User, UserRole
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.models.transactions import commit_with_retries
from panelhire.panels import notify
from panelhire.panels.models import Panel, PanelMember, PanelStatus
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


def attempt_and_listen(
    form: FlaskForm, work: Callable[[], Any]
) -> tuple[bool, str | None, list[notify.Heard]]:
    """`attempt`, also returning who hears of the change and how, for `told`."""
    with notify.listening() as heard:

        def once() -> Any:
            heard.clear()  # a retried attempt reports only what was finally done
            return work()

        done, problem = attempt(form, once)
    return done, problem, list(heard)


def _names(names: list[Markup | str]) -> Markup:
    """Names as a sentence does: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return Markup("").join(names)
    return Markup("{} and {}").format(Markup(", ").join(names[:-1]), names[-1])


def told(done: str, panel: Panel, heard: list[notify.Heard]) -> Markup:
    """The message after a change: what was done, who was emailed, and who has no email.

    People without email hear nothing unless HR tells them, so they are named, each with a
    link (for those who may follow it) to their page: their letter, calendar file and text.
    """
    emailed = list({h.user_id: h.name for h in heard if h.how == notify.EMAIL}.values())
    otherwise = {h.user_id: h.name for h in heard if h.how == notify.OTHERWISE}
    parts = [Markup.escape(done)]
    if emailed:
        people = "1 person" if len(emailed) == 1 else f"{len(emailed)} people"
        parts.append(Markup("Emailed {}: {}.").format(people, _names(emailed)))
    if otherwise:
        links = current_user.has_role(Role.ADMIN, Role.HR)
        names = [
            Markup('<a href="{}">{}</a>').format(url_for("calendar.person", user_id=uid), name)
            if links
            else Markup.escape(name)
            for uid, name in otherwise.items()
        ]
        verb = "has" if len(names) == 1 else "have"
        how = "by letter, text or their keyworker"
        hint = " (follow a name for their letter and text)" if links else ""
        parts.append(
            Markup("{} {} no email address: tell them {}{}.").format(_names(names), verb, how, hint)
        )
    elif not heard and panel.status == PanelStatus.DRAFT:
        parts.append(Markup("Nobody is sent anything yet: people hear when it is confirmed."))
    return Markup(" ").join(parts)


def act(panel: Panel, action: Callable, success: str, *args: Any, **kwargs: Any) -> bool:
    """Run one service for a one-click action; commit and flash what was done and who was
    told, or flash the refusal."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    done, problem, heard = attempt_and_listen(
        form, lambda: action(current_user, panel, *args, **kwargs)
    )
    if done:
        flash(told(success, panel, heard), "success")
    else:
        flash(problem, "error")
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
