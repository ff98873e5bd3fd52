"""Filling a panel's resident seat: choosing, overriding, withdrawals and substitutes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels import queries, services
from panelhire.panels.forms import OverrideForm
from panelhire.panels.models import SeatRole
from panelhire.panels.views import HR, act, attempt, bp, member_or_404, oversight_panel, status

# Sent by the rostering and substitute pages when the panel lacks a resident: fill that seat,
# unless someone else filled it in the meantime.
EMPTY_SEAT = "empty"


def _to_empty_seat() -> bool:
    return request.form.get("seat") == EMPTY_SEAT


def _choices_page(template: str, panel_id: int) -> str:
    """The ranked residents for a panel, each a one-click choice."""
    panel = oversight_panel(panel_id)
    return render_template(
        template,
        panel=panel,
        ranking=queries.rank_residents(panel),
        state=queries.panel_state(panel),
        confirm_form=ConfirmForm(),
        empty_seat=EMPTY_SEAT,
    )


@bp.route("/panels/<int:panel_id>/roster")
@roles_required(*HR)
def roster(panel_id: int):
    return _choices_page("panels/roster.html", panel_id)


@bp.route("/panels/<int:panel_id>/residents/<int:user_id>", methods=["POST"])
@roles_required(*HR)
def add_resident(panel_id: int, user_id: int):
    panel = oversight_panel(panel_id)
    user = db.get_or_404(User, user_id)
    added = f"{user.display_name} added to the panel."
    if act(panel, services.add_resident, added, user, to_empty_seat=_to_empty_seat()):
        return redirect(url_for("panels.panel", panel_id=panel.id))
    return redirect(url_for("panels.roster", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/residents/<int:user_id>/override", methods=["GET", "POST"])
@roles_required(*HR)
def override(panel_id: int, user_id: int):
    panel = oversight_panel(panel_id)
    user = db.get_or_404(User, user_id)
    result = queries.eligibility_for(panel, user) if user.is_resident else None
    if result is None:
        abort(404)
    form = OverrideForm()
    problem = None
    if form.validate_on_submit():
        done, problem = attempt(
            form,
            lambda: services.add_resident(
                current_user,
                panel,
                user,
                override_reason=form.override_reason.data,
                to_empty_seat=_to_empty_seat(),
            ),
        )
        if done:
            flash(f"{user.display_name} added with an override. It is counted.", "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    return render_template(
        "panels/override.html",
        panel=panel,
        user=user,
        result=result,
        form=form,
        problem=problem,
        state=queries.panel_state(panel),
        empty_seat=EMPTY_SEAT,
    ), status(form)


@bp.route("/panels/<int:panel_id>/members/<int:member_id>/withdraw", methods=["POST"])
@roles_required(*HR)
def withdraw(panel_id: int, member_id: int):
    panel = oversight_panel(panel_id)
    member = member_or_404(panel, member_id)
    name, role = member.user.display_name, member.role
    if act(panel, services.withdraw_member, f"{name} is withdrawn from this panel.", member):
        if role == SeatRole.RESIDENT:
            return redirect(url_for("panels.substitute", panel_id=panel.id))
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/members/<int:member_id>/remove", methods=["POST"])
@roles_required(*HR)
def remove(panel_id: int, member_id: int):
    panel = oversight_panel(panel_id)
    member = member_or_404(panel, member_id)
    act(panel, services.remove_member, "Seat removed.", member)
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/substitute")
@roles_required(*HR)
def substitute(panel_id: int):
    """Straight after a resident withdraws: the best substitute, confirmed in one click."""
    return _choices_page("panels/substitute.html", panel_id)
