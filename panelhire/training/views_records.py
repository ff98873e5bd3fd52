"""Training pages: modules, group sessions, single records, certificates, who is due and ready."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required, signed_in
from panelhire.auth.objects import panel_for_user_or_404, training_record_for_user_or_404
from panelhire.core.downloads import attachment
from panelhire.core.once import ALREADY_SENT, first_sending
from panelhire.core.services import get_organisation
from panelhire.exports.csv import build_csv
from panelhire.extensions import db
from panelhire.training import forms, overview, services
from panelhire.training.certificate import render_certificate
from panelhire.training.models import TrainingModule, TrainingRecord
from panelhire.training.services import TrainingError
from panelhire.training.views import (
    HR,
    ROSTERING,
    TRAINING_STAFF,
    _modules,
    _page,
    _refused,
    _resident_or_404,
    bp,
)

# --- modules ----------------------------------------------------------------------------------


@bp.route("/modules")
@roles_required(*TRAINING_STAFF)
def modules():
    return render_template("training/modules.html", modules=_modules(active_only=False))


@bp.route("/modules/new", methods=["GET", "POST"])
@bp.route("/modules/<int:module_id>", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def module(module_id: int | None = None):
    existing = db.get_or_404(TrainingModule, module_id) if module_id else None
    form = forms.ModuleForm(obj=existing)
    if form.validate_on_submit():
        # Claimed for a change too: sending the same change twice is harmless, but one key
        # rule for the whole form is simpler to read.
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("training.modules"))
        try:
            saved = services.save_module(
                current_user,
                module=existing,
                name=form.name.data,
                description=form.description.data or "",
                required=form.required.data,
                valid_months=form.valid_months.data,
                confirmed=form.confirm_required.data,
            )
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash(f"{saved.module.name} saved.", "success")
            stopped = len(saved.no_longer_ready)
            if stopped:
                who = "resident who could score" if stopped == 1 else "residents who could score"
                flash(
                    f"{saved.module.name} is now required: {stopped} {who} today cannot "
                    "until this training is recorded for them.",
                    "warning",
                )
            return redirect(url_for("training.modules"))
    return _page("training/module_form.html", form, module=existing)


# --- sessions and records ---------------------------------------------------------------------


@bp.route("/sessions/new", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def record_session():
    people = services.active_residents()
    form = forms.SessionForm(modules=_modules(), residents=people)
    if request.method == "GET":
        form.trainer_name.data = current_user.display_name
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("training.resident_list"))
        by_id = {p.id: p for p in people}
        try:
            session = services.record_session(
                current_user,
                module=db.get_or_404(TrainingModule, form.module.data),
                held_on=form.held_on.data,
                trainer_name=form.trainer_name.data,
                attendees=[by_id[i] for i in form.attendees.data if i in by_id],
            )
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            count = len(form.attendees.data)
            flash(
                f"{session.module.name} on {session.held_on:%d/%m/%Y} recorded for "
                f"{count} {'person' if count == 1 else 'people'}.",
                "success",
            )
            if current_user.has_role(*HR):
                # Paying the attendees is HR's next step: the same screen as after a panel.
                return redirect(url_for("recognition.after_training", session_id=session.id))
            return redirect(url_for("training.resident_list"))
    return _page("training/session_form.html", form)


@bp.route("/residents/<int:user_id>/records/new", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def add_record(user_id: int):
    person = _resident_or_404(user_id)
    form = forms.RecordForm(modules=_modules())
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("training.resident", user_id=person.id))
        try:
            services.add_record(
                current_user,
                user=person,
                module=db.get_or_404(TrainingModule, form.module.data),
                completed_on=form.completed_on.data,
                trainer_name=form.trainer_name.data,
                expires_on=form.expires_on.data,
            )
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash("Training record added.", "success")
            return redirect(url_for("training.resident", user_id=person.id))
    return _page("training/record_form.html", form, person=person, row=None)


@bp.route("/records/<int:record_id>/correct", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def correct_record(record_id: int):
    row = db.get_or_404(TrainingRecord, record_id)
    form = forms.CorrectRecordForm(obj=row)
    if form.validate_on_submit():
        try:
            services.correct_record(
                current_user,
                row,
                completed_on=form.completed_on.data,
                expires_on=form.expires_on.data,
                trainer_name=form.trainer_name.data,
                reason=form.reason.data,
            )
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash("Training record corrected.", "success")
            return redirect(url_for("training.resident", user_id=row.user_id))
    return _page("training/record_form.html", form, person=row.user, row=row)


@bp.route("/records/<int:record_id>/remove", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def remove_record(record_id: int):
    row = db.get_or_404(TrainingRecord, record_id)
    form = forms.RemoveRecordForm()
    if form.validate_on_submit():
        user_id = row.user_id
        services.remove_record(current_user, row, reason=form.reason.data)
        db.session.commit()
        flash("Training record removed.", "success")
        return redirect(url_for("training.resident", user_id=user_id))
    return _page("training/remove_record.html", form, row=row)


@bp.route("/records/<int:record_id>/certificate.pdf")
@signed_in
def certificate(record_id: int):
    row = training_record_for_user_or_404(record_id, current_user)
    org = get_organisation()
    pdf = render_certificate(row, organisation=org.name if org else "")
    filename = f"certificate-{row.module.name.lower().replace(' ', '-')}-{row.completed_on}.pdf"
    return attachment(pdf, filename, "application/pdf")


# --- due and ready ----------------------------------------------------------------------------


@bp.route("/due")
@roles_required(*TRAINING_STAFF)
def due():
    items = overview.training_due(within_days=60, include_lapsed=True)
    return render_template("training/due.html", items=items)


@bp.route("/due.csv")
@roles_required(*TRAINING_STAFF)
def due_csv():
    body = build_csv(
        ["name", "username", "module", "expires_on", "contact_channel", "lapsed"],
        [
            [
                item.name,
                item.user.username or item.user.email or "",
                item.module,
                item.expires_on.isoformat(),
                item.channel,
                "yes" if item.lapsed else "no",
            ]
            for item in overview.training_due(within_days=60, include_lapsed=True)
        ],
    )
    return attachment(body, "training-due.csv", "text/csv")


@bp.route("/readiness")
@roles_required(*ROSTERING)
def readiness():
    form = forms.ReadinessForm(request.args)
    answers, panels = None, []
    if "on" in request.args and form.validate():
        answers = services.readiness_on(form.on.data)
        panels = services.panels_on(form.on.data)
    status = 422 if "on" in request.args and form.errors else 200
    return render_template(
        "training/readiness.html", form=form, answers=answers, panels=panels
    ), status


@bp.route("/panels/<int:panel_id>/ready")
@roles_required(*ROSTERING)
def panel_readiness(panel_id: int):
    panel = panel_for_user_or_404(panel_id, current_user)
    return render_template(
        "training/panel_readiness.html", panel=panel, answers=services.who_is_ready(panel)
    )
