"""Vacancies, their candidates, and booking a panel for one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from panelhire.auth.access import roles_required
from panelhire.auth.models import Role
from panelhire.auth.objects import manages
from panelhire.core.once import ALREADY_SENT, first_sending
from panelhire.extensions import db
from panelhire.panels import queries, services
from panelhire.panels.forms import CandidateForm, PanelForm, VacancyForm
from panelhire.panels.models import Candidate, Panel, PanelStatus, SeatRole, Vacancy
from panelhire.panels.residents import all_residents
from panelhire.panels.views import (
    OVERSIGHT,
    attempt,
    bp,
    services_list,
    staff_list,
    status,
)
from panelhire.training.facts import organisation_zone


@bp.route("/vacancies")
@roles_required(*OVERSIGHT)
def vacancies():
    # Each vacancy with its service and how many candidates and panels it has, in one
    # statement (counted, not loaded: loading them took two statements a vacancy).
    candidates = (
        select(func.count(Candidate.id)).where(Candidate.vacancy_id == Vacancy.id).scalar_subquery()
    )
    panels = select(func.count(Panel.id)).where(Panel.vacancy_id == Vacancy.id).scalar_subquery()
    rows = db.session.execute(
        select(Vacancy, candidates, panels)
        .options(joinedload(Vacancy.service))
        .order_by(Vacancy.closing_date.desc(), Vacancy.id)
    )
    return render_template("panels/vacancies.html", vacancies=[tuple(row) for row in rows])


def _vacancy_form(vacancy: Vacancy | None = None) -> VacancyForm:
    form = VacancyForm(obj=vacancy, services=services_list(), managers=staff_list(Role.MANAGER))
    if vacancy is not None and form.hiring_manager_id.data is None:
        form.hiring_manager_id.data = 0
    return form


def _vacancy_input(form: VacancyForm) -> services.VacancyInput:
    return services.VacancyInput(
        title=form.title.data,
        service_id=form.service_id.data,
        hiring_manager_id=form.hiring_manager_id.data or None,
        closing_date=form.closing_date.data,
        summary=form.summary.data or "",
        person_specification=form.person_specification.data or "",
        decision_model=form.decision_model.data,
    )


def _vacancy_page(vacancy: Vacancy | None):  # noqa: ANN202
    """Add a vacancy (``vacancy`` None) or change one: the same form and the same checks."""
    form = _vacancy_form(vacancy)
    if form.validate_on_submit():
        if vacancy is None:
            if not first_sending():
                flash(ALREADY_SENT, "success")
                return redirect(url_for("panels.vacancies"))
            vacancy = services.create_vacancy(current_user, _vacancy_input(form))
            message = f"Vacancy {vacancy.title} added."
        else:
            services.update_vacancy(current_user, vacancy, _vacancy_input(form))
            message = "Vacancy saved."
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("panels.vacancy", vacancy_id=vacancy.id))
    return render_template("panels/vacancy_form.html", form=form, vacancy=vacancy), status(form)


@bp.route("/vacancies/new", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def new_vacancy():
    return _vacancy_page(None)


@bp.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def edit_vacancy(vacancy_id: int):
    return _vacancy_page(db.get_or_404(Vacancy, vacancy_id))


@bp.route("/vacancies/<int:vacancy_id>")
@roles_required(*OVERSIGHT)
def vacancy(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    states = queries.panel_states(list(vacancy.panels))
    return render_template(
        "panels/vacancy.html",
        vacancy=vacancy,
        states=states,
        # The questions page lets in HR and the vacancy's own hiring manager only.
        edits_questions=manages(vacancy, current_user),
    )


@bp.route("/vacancies/<int:vacancy_id>/candidates/new", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def new_candidate(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = CandidateForm()
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("panels.vacancy", vacancy_id=vacancy.id))
        services.add_candidate(
            current_user,
            vacancy,
            services.CandidateInput(
                name=form.name.data,
                email=form.email.data or "",
                phone=form.phone.data or "",
                adjustments=form.adjustments.data or "",
                guaranteed_interview=form.guaranteed_interview.data,
                equality_monitoring=form.equality_monitoring.data or "",
            ),
        )
        db.session.commit()
        flash("Candidate added.", "success")
        return redirect(url_for("panels.vacancy", vacancy_id=vacancy.id))
    return render_template("panels/candidate_form.html", form=form, vacancy=vacancy), status(form)


@bp.route("/vacancies/<int:vacancy_id>/panels/new", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def new_panel(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    staff = staff_list()
    residents = all_residents()
    form = PanelForm(
        vacancy=vacancy,
        services=services_list(),
        staff=staff,
        residents=residents,
        everyone=staff + residents,
    )
    source = _cancelled_panel(vacancy, request.args.get("from_panel", type=int))
    if not form.is_submitted():
        form.service_id.data = vacancy.service_id
        if source is not None:
            _start_from(form, source)
    problem = None
    if form.validate_on_submit():
        booked: list[Panel | None] = []

        def book() -> None:
            # The key is claimed inside the retried work: a retry starts a fresh transaction,
            # which would otherwise have dropped the claim and let a second sending book again.
            if not first_sending():
                booked.append(None)
                return
            booked.append(
                services.book_panel(
                    current_user,
                    vacancy,
                    services.BookingInput(
                        **form.changes(),
                        chair_id=form.chair_id.data,
                        staff_ids=form.staff_ids.data or [],
                        resident_ids=form.resident_ids.data or [],
                        observer_id=form.observer_id.data or None,
                        supporter_id=form.supporter_id.data or None,
                        candidate_ids=form.candidate_ids.data or [],
                    ),
                )
            )

        done, problem = attempt(form, book)
        if done and booked[-1] is None:
            # Which panel the first sending booked is not known here: the vacancy lists it.
            flash(ALREADY_SENT, "success")
            return redirect(url_for("panels.vacancy", vacancy_id=vacancy.id))
        if done:
            flash("Panel booked. Check who sits on it, then confirm it.", "success")
            return redirect(url_for("panels.panel", panel_id=booked[-1].id))
    return render_template(
        "panels/panel_form.html", form=form, vacancy=vacancy, problem=problem, source=source
    ), status(form)


def _cancelled_panel(vacancy: Vacancy, panel_id: int | None) -> Panel | None:
    """The cancelled panel of this vacancy a new booking starts from, if one was named."""
    panel = db.session.get(Panel, panel_id) if panel_id else None
    if panel is None or panel.vacancy_id != vacancy.id or panel.status != PanelStatus.CANCELLED:
        return None
    return panel


def _start_from(form: PanelForm, panel: Panel) -> None:
    """Fill the booking form from a cancelled panel, so rebooking is choosing a date, not
    re-entering candidates and seats from memory. The date is left for HR to choose."""
    tz = organisation_zone()
    form.start.data = panel.starts_at.astimezone(tz).time()
    form.end.data = panel.ends_at.astimezone(tz).time()
    form.service_id.data = panel.service_id or 0
    form.online_link.data = panel.online_link
    form.travel_buffer_minutes.data = panel.travel_buffer_minutes
    form.slot_minutes.data = panel.slot_minutes
    form.break_minutes.data = panel.break_minutes
    seats = panel.active_members()

    def held(role: SeatRole) -> list[int]:
        return [m.user_id for m in seats if m.role == role]

    form.chair_id.data = next(iter(held(SeatRole.CHAIR)), 0)
    form.staff_ids.data = held(SeatRole.STAFF)
    form.resident_ids.data = held(SeatRole.RESIDENT)
    form.observer_id.data = next(iter(held(SeatRole.OBSERVER)), 0)
    form.supporter_id.data = next(iter(held(SeatRole.SUPPORTER)), 0)
    form.candidate_ids.data = [slot.candidate_id for slot in panel.slots]
