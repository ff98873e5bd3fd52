"""One panel: its page, changing its time or place, moving an interview, confirming it,
cancelling it, and a manager's exception."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from panelhire.auth.access import roles_required
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role
from panelhire.auth.objects import manages, seat_for
from panelhire.extensions import db
from panelhire.panels import notify, queries, services
from panelhire.panels.forms import ExceptionForm, PanelTimesForm, SlotForm
from panelhire.panels.models import ConflictDeclaration, InterviewSlot, PanelStatus
from panelhire.panels.views import (
    HR,
    OVERSIGHT,
    act,
    attempt,
    attempt_and_listen,
    bp,
    oversight_panel,
    services_list,
    status,
    told,
)
from panelhire.training.facts import organisation_zone


@bp.route("/panels/<int:panel_id>")
@roles_required(*OVERSIGHT)
def panel(panel_id: int):
    panel = oversight_panel(panel_id)
    state = queries.panel_state(panel)
    declarations = list(
        db.session.execute(
            select(ConflictDeclaration)
            .where(ConflictDeclaration.panel_id == panel.id)
            .order_by(ConflictDeclaration.id)
        ).scalars()
    )
    seat = seat_for(panel, current_user)
    return render_template(
        "panels/panel.html",
        panel=panel,
        state=state,
        declarations=declarations,
        confirm_form=ConfirmForm(),
        members={m.user_id: m.user for m in panel.members},
        # The scoring pages let in the vacancy's managers and the panel's scoring seats only.
        sees_scores=manages(panel.vacancy, current_user) or (seat is not None and seat.scores),
    )


def _open_panel(panel_id: int):  # noqa: ANN202
    panel = oversight_panel(panel_id)
    if panel.status == PanelStatus.CANCELLED:
        abort(404)
    return panel


@bp.route("/panels/<int:panel_id>/edit", methods=["GET", "POST"])
@roles_required(*HR)
def edit_panel(panel_id: int):
    panel = _open_panel(panel_id)
    form = PanelTimesForm(services=services_list())
    if not form.is_submitted():
        tz = organisation_zone()
        starts, ends = panel.starts_at.astimezone(tz), panel.ends_at.astimezone(tz)
        form.day.data, form.start.data, form.end.data = starts.date(), starts.time(), ends.time()
        form.service_id.data = panel.service_id or 0
        form.online_link.data = panel.online_link
        form.travel_buffer_minutes.data = panel.travel_buffer_minutes
        form.slot_minutes.data = panel.slot_minutes
        form.break_minutes.data = panel.break_minutes
    problem = None
    if form.validate_on_submit():
        changes = services.PanelChanges(**form.changes())
        done, problem, heard = attempt_and_listen(
            form, lambda: services.change_panel(current_user, panel, changes)
        )
        if done:
            flash(told("Panel changed.", panel, heard), "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    return render_template(
        "panels/panel_edit.html", panel=panel, form=form, problem=problem
    ), status(form)


@bp.route("/panels/<int:panel_id>/slots/<int:slot_id>", methods=["GET", "POST"])
@roles_required(*HR)
def move_slot(panel_id: int, slot_id: int):
    panel = _open_panel(panel_id)
    slot = db.session.get(InterviewSlot, slot_id)
    if slot is None or slot.panel_id != panel.id:
        abort(404)
    form = SlotForm()
    if not form.is_submitted():
        form.start.data = slot.starts_at.astimezone(organisation_zone()).time()
    problem = None
    if form.validate_on_submit():
        done, problem = attempt(
            form, lambda: services.move_slot(current_user, slot, form.start.data)
        )
        if done:
            flash(f"{slot.candidate.name}'s interview moved.", "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    return render_template(
        "panels/slot_form.html", panel=panel, slot=slot, form=form, problem=problem
    ), status(form)


@bp.route("/panels/<int:panel_id>/confirm", methods=["POST"])
@roles_required(*OVERSIGHT)
def confirm(panel_id: int):
    panel = oversight_panel(panel_id)
    act(panel, services.confirm_panel, "Panel confirmed.")
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/cancel", methods=["GET", "POST"])
@roles_required(*HR)
def cancel(panel_id: int):
    """Calling a panel off sends cancellations to everyone on it, so the page first says what
    will happen; the booking form that follows starts from this panel, less its date."""
    if request.method == "GET":
        panel = _open_panel(panel_id)
        people = [m.user for m in panel.active_members()]
        return render_template(
            "panels/cancel.html",
            panel=panel,
            people=people,
            without_email=notify.to_tell_another_way(panel, notify.CANCELLED, people),
            form=ConfirmForm(),
        )
    panel = oversight_panel(panel_id)
    vacancy_id = panel.vacancy_id
    if act(panel, services.cancel_panel, "Panel cancelled."):
        return redirect(url_for("panels.new_panel", vacancy_id=vacancy_id, from_panel=panel_id))
    return redirect(url_for("panels.panel", panel_id=panel_id))


@bp.route("/panels/<int:panel_id>/exception", methods=["GET", "POST"])
@roles_required(Role.MANAGER, Role.ADMIN)
def exception(panel_id: int):
    panel = oversight_panel(panel_id)
    state = queries.panel_state(panel)
    form = ExceptionForm()
    problem = None
    if form.validate_on_submit():
        done, problem, heard = attempt_and_listen(
            form, lambda: services.record_exception(current_user, panel, form.reason.data)
        )
        if done:
            flash(told("Exception recorded and the panel confirmed.", panel, heard), "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    return render_template(
        "panels/exception.html", panel=panel, state=state, form=form, problem=problem
    ), status(form)
