"""Retention settings, closing vacancies, legal holds and subject access exports."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from panelhire.auth.access import roles_required
from panelhire.auth.models import Role
from panelhire.core.downloads import attachment
from panelhire.core.formatting import local_today
from panelhire.extensions import db
from panelhire.panels.models import Candidate, Vacancy
from panelhire.privacy import services
from panelhire.privacy.forms import CloseVacancyForm, LegalHoldForm, RetentionForm

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

PRIVACY_STAFF = (Role.ADMIN, Role.HR)


def _refuse_into(form, refused: services.PrivacyRefused) -> None:  # noqa: ANN001
    target = form[refused.field] if refused.field in form else None
    if target is None:
        target = next(f for f in form if f.name != "csrf_token")
    target.errors = [*target.errors, refused.message]


@bp.route("/")
@roles_required(*PRIVACY_STAFF)
def index():
    query = request.args.get("q", "").strip()[:100]
    stmt = select(Candidate).join(Vacancy).order_by(Vacancy.closing_date.desc(), Candidate.id)
    if query:
        stmt = stmt.where(func.lower(Candidate.name).contains(query.lower()))
    candidates = list(db.session.execute(stmt.limit(200)).scalars())
    return render_template("privacy/index.html", candidates=candidates, q=query)


@bp.route("/retention", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def retention():
    form = RetentionForm(obj=services.policy_rule())
    if form.validate_on_submit():
        try:
            services.save_policy(
                current_user,
                unsuccessful_months=form.unsuccessful_months.data,
                appointed_months=form.appointed_months.data,
            )
        except services.PrivacyRefused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("Retention settings saved.", "success")
            return redirect(url_for("privacy.retention"))
    plan = services.plan_purge(local_today())
    titles = dict(db.session.execute(select(Vacancy.id, Vacancy.title)).all())
    return render_template(
        "privacy/retention.html", form=form, plan=plan, titles=titles
    ), 422 if form.errors else 200


@bp.route("/vacancies")
@roles_required(*PRIVACY_STAFF)
def vacancies():
    rows = db.session.execute(
        select(Vacancy, func.count(Candidate.id))
        .outerjoin(Candidate)
        .group_by(Vacancy.id)
        .order_by(Vacancy.closing_date.desc(), Vacancy.id)
    ).all()
    return render_template("privacy/vacancies.html", rows=rows)


def _vacancy_page(vacancy: Vacancy, close_form=None, hold_form=None, status: int = 200):  # noqa: ANN001
    close_form = close_form or CloseVacancyForm(closed_on=vacancy.closed_on or local_today())
    hold_form = hold_form or LegalHoldForm(hold=vacancy.legal_hold)
    return render_template(
        "privacy/vacancy.html", vacancy=vacancy, close_form=close_form, hold_form=hold_form
    ), status


@bp.route("/vacancies/<int:vacancy_id>")
@roles_required(*PRIVACY_STAFF)
def vacancy(vacancy_id: int):
    return _vacancy_page(db.get_or_404(Vacancy, vacancy_id))


@bp.route("/vacancies/<int:vacancy_id>/close", methods=["POST"])
@roles_required(*PRIVACY_STAFF)
def close_vacancy(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = CloseVacancyForm()
    if form.validate_on_submit():
        try:
            services.close_vacancy(current_user, vacancy, form.closed_on.data)
        except services.PrivacyRefused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash(f"{vacancy.title} closed. Its retention periods run from this date.", "success")
            return redirect(url_for("privacy.vacancy", vacancy_id=vacancy.id))
    if not form.errors:
        form.closed_on.errors = ["Enter the date the vacancy closed, for example 2026-11-27"]
    return _vacancy_page(vacancy, close_form=form, status=422)


@bp.route("/vacancies/<int:vacancy_id>/reopen", methods=["POST"])
@roles_required(*PRIVACY_STAFF)
def reopen_vacancy(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = CloseVacancyForm()
    if not form.csrf_token.validate(form):
        return _vacancy_page(vacancy, status=400)
    services.reopen_vacancy(current_user, vacancy)
    db.session.commit()
    flash(f"{vacancy.title} is open again; nothing will be anonymised until it closes.", "success")
    return redirect(url_for("privacy.vacancy", vacancy_id=vacancy.id))


@bp.route("/vacancies/<int:vacancy_id>/hold", methods=["POST"])
@roles_required(*PRIVACY_STAFF)
def legal_hold(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = LegalHoldForm()
    if form.validate_on_submit():
        try:
            services.set_legal_hold(
                current_user, vacancy, hold=form.hold.data, reason=form.reason.data or ""
            )
        except services.PrivacyRefused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("Legal hold " + ("placed." if vacancy.legal_hold else "lifted."), "success")
            return redirect(url_for("privacy.vacancy", vacancy_id=vacancy.id))
    return _vacancy_page(vacancy, hold_form=form, status=422)


@bp.route("/candidates/<int:candidate_id>/export.json", defaults={"kind": "json"})
@bp.route("/candidates/<int:candidate_id>/export.pdf", defaults={"kind": "pdf"})
@roles_required(*PRIVACY_STAFF)
def export(candidate_id: int, kind: str):
    candidate = db.get_or_404(Candidate, candidate_id)
    body, mimetype = services.export_candidate(current_user, candidate, kind)
    db.session.commit()
    return attachment(body, f"candidate-{candidate.id}.{kind}", mimetype)
