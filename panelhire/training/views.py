"""Training pages: residents and their path to a scoring seat, records, sessions, readiness."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from panelhire.auth.access import roles_required
from panelhire.auth.models import CHANNEL_LABELS, Role, User
from panelhire.core.models import Service
from panelhire.core.once import ALREADY_SENT, first_sending
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.training import forms, overview, residents, services
from panelhire.training.models import TrainingModule, UnavailableDate
from panelhire.training.services import TrainingError

bp = Blueprint("training", __name__, url_prefix="/training")

TRAINING_STAFF = (Role.ADMIN, Role.HR, Role.TRAINER)
HR = (Role.ADMIN, Role.HR)
ROSTERING = (Role.ADMIN, Role.HR, Role.MANAGER)


def _resident_or_404(user_id: int) -> User:
    person = db.get_or_404(User, user_id)
    if not person.is_resident:
        abort(404)
    return person


def _services() -> list[Service]:
    return list(db.session.execute(select(Service).order_by(Service.name)).scalars())


def _modules(active_only: bool = True) -> list[TrainingModule]:
    stmt = select(TrainingModule).order_by(TrainingModule.id)
    if active_only:
        stmt = stmt.where(TrainingModule.active.is_(True))
    return list(db.session.execute(stmt).scalars())


def _refused(form, error: TrainingError) -> None:  # noqa: ANN001
    """Show a service's refusal beside the field it concerns."""
    target = getattr(form, error.field, None) if error.field else None
    if target is None:
        target = next(iter(f for f in form if f.type not in ("CSRFTokenField", "HiddenField")))
    target.errors = [*target.errors, str(error)]


def _page(template: str, form, **context):  # noqa: ANN001, ANN003
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template(template, form=form, **context), status


# --- residents --------------------------------------------------------------------------------


@bp.route("/residents")
@roles_required(*TRAINING_STAFF)
def resident_list():
    statuses = [(key, label) for key, (label, _) in overview.STATUS_LABELS.items()]
    form = forms.ResidentFilterForm(request.args, services=_services(), statuses=statuses)
    status = form.status.data if form.status.data in overview.STATUS_LABELS else None
    rows = overview.residents_overview(service_id=form.service.data or None, status=status)
    return render_template(
        "training/residents.html", form=form, rows=rows, labels=overview.STATUS_LABELS
    )


@bp.route("/residents/new", methods=["GET", "POST"])
@roles_required(*HR)
def add_resident():
    form = forms.ResidentForm(services=_services())
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("training.resident_list"))
        service = db.session.get(Service, form.service.data) if form.service.data else None
        new = residents.NewResident(
            name=form.name.data,
            username=form.username.data,
            pin=form.pin.data,
            service=service,
            preferred_name=form.preferred_name.data or "",
            contact_channel=form.contact_channel.data,
            email=form.email.data,
            mobile=form.mobile.data,
            support_needs=form.support_needs.data or "",
        )
        try:
            person = residents.add_resident(current_user, new)
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash(f"{person.display_name} added.", "success")
            return redirect(url_for("training.resident", user_id=person.id))
    return _page("training/resident_form.html", form)


@bp.route("/residents/<int:user_id>")
@roles_required(*TRAINING_STAFF)
def resident(user_id: int):
    return _resident_page(_resident_or_404(user_id), forms.UnavailableForm())


def _resident_page(person: User, unavailable_form: forms.UnavailableForm):
    """The resident's page; a refused unavailable date comes back with its form, so the message
    shows beside the box and what was typed stays in it."""
    page = render_template(
        "training/resident.html",
        person=person,
        path=overview.path_for(person),
        history=overview.training_history(person),
        availability=residents.availability_of(person),
        unavailable=db.session.execute(
            select(UnavailableDate)
            .where(UnavailableDate.user_id == person.id, UnavailableDate.on >= services.today())
            .order_by(UnavailableDate.on)
        )
        .scalars()
        .all(),
        panels=overview.upcoming_panels(person),
        services_by_id={s.id: s.name for s in _services()},
        labels=overview.STATUS_LABELS,
        channels=CHANNEL_LABELS,
        weekdays=forms.WEEKDAYS,
        unavailable_form=unavailable_form,
    )
    return page, 422 if unavailable_form.errors else 200


@bp.route("/mine")
@roles_required(Role.RESIDENT)
def mine():
    """A resident's own training, path and certificates, in their own words."""
    history = overview.training_history(current_user)
    path = overview.path_for(current_user)
    return render_template(
        "training/mine.html",
        path=path,
        to_do=[overview.in_your_words(reason) for reason in path.reasons],
        history=history,
    )


@bp.route("/residents/<int:user_id>/status", methods=["GET", "POST"])
@roles_required(*HR)
def resident_status(user_id: int):
    person = _resident_or_404(user_id)
    form = forms.StatusForm(data={"status": person.resident.status if person.resident else None})
    if form.validate_on_submit():
        residents.set_resident_status(current_user, person, form.status.data)
        db.session.commit()
        flash("Status saved.", "success")
        return redirect(url_for("training.resident", user_id=person.id))
    return _page("training/simple_form.html", form, person=person, title="Taking part")


@bp.route("/residents/<int:user_id>/agreement", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def agreement(user_id: int):
    person = _resident_or_404(user_id)
    org = get_organisation()
    form = forms.AgreementForm(
        data={"version": org.agreement_version if org else "", "signed_on": services.today()}
    )
    if form.validate_on_submit():
        try:
            services.sign_agreement(
                current_user, person, version=form.version.data, signed_on=form.signed_on.data
            )
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash("Confidentiality agreement recorded.", "success")
            return redirect(url_for("training.resident", user_id=person.id))
    return _page(
        "training/simple_form.html", form, person=person, title="Confidentiality agreement"
    )


@bp.route("/people/<int:user_id>/competencies", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def competencies(user_id: int):
    person = db.get_or_404(User, user_id)
    form = forms.CompetencyForm(obj=person)
    if person.is_resident:
        del form.safer_recruitment_on
    if form.validate_on_submit():
        safer = None if person.is_resident else form.safer_recruitment_on.data
        try:
            services.set_competencies(
                current_user,
                person,
                chair_competent_on=form.chair_competent_on.data,
                safer_recruitment_on=safer,
            )
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash("Saved.", "success")
            if person.is_resident:
                return redirect(url_for("training.resident", user_id=person.id))
            return redirect(url_for("training.staff"))
    return _page(
        "training/simple_form.html", form, person=person, title="Chairing and safer recruitment"
    )


@bp.route("/staff")
@roles_required(*TRAINING_STAFF)
def staff():
    people = [
        u
        for u in db.session.execute(
            select(User).where(User.active.is_(True)).order_by(User.display_name)
        ).scalars()
        if not u.is_resident
    ]
    return render_template("training/staff.html", people=people)


@bp.route("/residents/<int:user_id>/availability", methods=["GET", "POST"])
@roles_required(*TRAINING_STAFF)
def availability(user_id: int):
    person = _resident_or_404(user_id)
    now = residents.availability_of(person)
    form = forms.AvailabilityForm(
        services=_services(),
        data={
            "weekly": [f"{d}-{p}" for d, p in sorted(now.weekly)],
            "travel": sorted(now.travel_service_ids),
            "max_panels_per_month": now.max_panels_per_month,
            "max_interviews_per_day": now.max_interviews_per_day,
            "online_ok": now.online_ok,
        },
    )
    if form.validate_on_submit():
        weekly = {(int(v.split("-")[0]), v.split("-")[1]) for v in form.weekly.data}
        residents.set_availability(
            current_user,
            person,
            residents.Availability(
                weekly=weekly,
                travel_service_ids=set(form.travel.data),
                max_panels_per_month=form.max_panels_per_month.data,
                max_interviews_per_day=form.max_interviews_per_day.data,
                online_ok=form.online_ok.data,
            ),
        )
        db.session.commit()
        flash("Availability saved.", "success")
        return redirect(url_for("training.resident", user_id=person.id))
    return _page("training/availability.html", form, person=person)


@bp.route("/residents/<int:user_id>/unavailable", methods=["POST"])
@roles_required(*TRAINING_STAFF)
def add_unavailable(user_id: int):
    person = _resident_or_404(user_id)
    form = forms.UnavailableForm()
    if form.validate_on_submit():
        try:
            residents.add_unavailable_date(current_user, person, form.on.data)
        except TrainingError as error:
            db.session.rollback()
            _refused(form, error)
        else:
            db.session.commit()
            flash(f"Unavailable on {form.on.data:%d/%m/%Y}.", "success")
            return redirect(url_for("training.resident", user_id=person.id) + "#availability")
    return _resident_page(person, form)


@bp.route("/unavailable/<int:row_id>/remove", methods=["POST"])
@roles_required(*TRAINING_STAFF)
def remove_unavailable(row_id: int):
    row = db.get_or_404(UnavailableDate, row_id)
    residents.remove_unavailable_date(current_user, row)
    db.session.commit()
    flash("Date removed.", "success")
    return redirect(url_for("training.resident", user_id=row.user_id) + "#availability")


# The rest of the area's pages register on the same blueprint.
from panelhire.training import views_imports, views_records  # noqa: E402, F401
