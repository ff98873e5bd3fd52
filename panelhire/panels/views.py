"""Vacancies, panel booking, rostering, withdrawals, conflicts, dashboard and coverage."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from panelhire.auth.access import roles_required, signed_in
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role, User, UserRole
from panelhire.auth.objects import panel_for_user_or_404, sees_all_panels
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.panels import coverage as coverage_report
from panelhire.panels import queries, services
from panelhire.panels.forms import (
    CandidateForm,
    ConflictForm,
    ExceptionForm,
    OutcomeForm,
    OverrideForm,
    PanelForm,
    VacancyForm,
    choices,
)
from panelhire.panels.models import (
    ConflictDeclaration,
    Panel,
    PanelMember,
    SeatRole,
    Vacancy,
)
from panelhire.panels.residents import all_residents
from panelhire.panels.services import PanelError

bp = Blueprint("panels", __name__, cli_group=None)

OVERSIGHT = (Role.ADMIN, Role.HR, Role.MANAGER)
HR = (Role.ADMIN, Role.HR)


def _services() -> list[Service]:
    return list(db.session.execute(select(Service).order_by(Service.name)).scalars())


def _staff(*roles: Role) -> list[User]:
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


def _refused(form, problem: PanelError) -> str | None:  # noqa: ANN001
    """Put a refusal beside its field; return it for the summary when it has no field."""
    target = getattr(form, problem.field, None) if problem.field else None
    if target is not None:
        target.errors = [*target.errors, problem.message]
        return None
    return problem.message


# --- Vacancies ------------------------------------------------------------------------------


@bp.route("/vacancies")
@roles_required(*OVERSIGHT)
def vacancies():
    rows = db.session.execute(select(Vacancy).order_by(Vacancy.closing_date.desc())).scalars()
    return render_template("panels/vacancies.html", vacancies=list(rows))


def _vacancy_form(vacancy: Vacancy | None = None) -> VacancyForm:
    form = VacancyForm(obj=vacancy, services=_services(), managers=_staff(Role.MANAGER))
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


@bp.route("/vacancies/new", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def new_vacancy():
    form = _vacancy_form()
    if form.validate_on_submit():
        vacancy = services.create_vacancy(current_user, _vacancy_input(form))
        db.session.commit()
        flash(f"Vacancy {vacancy.title} added.", "success")
        return redirect(url_for("panels.vacancy", vacancy_id=vacancy.id))
    status = 422 if form.is_submitted() else 200
    return render_template("panels/vacancy_form.html", form=form, vacancy=None), status


@bp.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def edit_vacancy(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = _vacancy_form(vacancy)
    if form.validate_on_submit():
        services.update_vacancy(current_user, vacancy, _vacancy_input(form))
        db.session.commit()
        flash("Vacancy saved.", "success")
        return redirect(url_for("panels.vacancy", vacancy_id=vacancy.id))
    status = 422 if form.is_submitted() else 200
    return render_template("panels/vacancy_form.html", form=form, vacancy=vacancy), status


@bp.route("/vacancies/<int:vacancy_id>")
@roles_required(*OVERSIGHT)
def vacancy(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    states = queries.panel_states(list(vacancy.panels))
    return render_template("panels/vacancy.html", vacancy=vacancy, states=states)


@bp.route("/vacancies/<int:vacancy_id>/candidates/new", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def new_candidate(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    form = CandidateForm()
    if form.validate_on_submit():
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
    status = 422 if form.is_submitted() else 200
    return render_template("panels/candidate_form.html", form=form, vacancy=vacancy), status


# --- Booking a panel ------------------------------------------------------------------------


@bp.route("/vacancies/<int:vacancy_id>/panels/new", methods=["GET", "POST"])
@roles_required(*OVERSIGHT)
def new_panel(vacancy_id: int):
    vacancy = db.get_or_404(Vacancy, vacancy_id)
    staff = _staff()
    residents = all_residents()
    form = PanelForm(
        vacancy=vacancy,
        services=_services(),
        staff=staff,
        residents=residents,
        everyone=staff + residents,
    )
    if not form.is_submitted():
        form.service_id.data = vacancy.service_id
    problem = None
    if form.validate_on_submit():
        try:
            panel = services.book_panel(
                current_user,
                vacancy,
                services.BookingInput(
                    day=form.day.data,
                    start=form.start.data,
                    end=form.end.data,
                    service_id=form.service_id.data or None,
                    online_link=form.online_link.data or "",
                    chair_id=form.chair_id.data,
                    travel_buffer_minutes=form.travel_buffer_minutes.data,
                    slot_minutes=form.slot_minutes.data,
                    break_minutes=form.break_minutes.data,
                    staff_ids=form.staff_ids.data or [],
                    resident_ids=form.resident_ids.data or [],
                    observer_id=form.observer_id.data or None,
                    supporter_id=form.supporter_id.data or None,
                    candidate_ids=form.candidate_ids.data or [],
                ),
            )
        except PanelError as refused:
            db.session.rollback()
            problem = _refused(form, refused)
        else:
            db.session.commit()
            flash("Panel booked. Check who sits on it, then confirm it.", "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "panels/panel_form.html", form=form, vacancy=vacancy, problem=problem
    ), status


# --- One panel ------------------------------------------------------------------------------


def _oversight_panel(panel_id: int) -> Panel:
    return db.get_or_404(Panel, panel_id)


def _member(panel: Panel, member_id: int) -> PanelMember:
    member = db.session.get(PanelMember, member_id)
    if member is None or member.panel_id != panel.id:
        abort(404)
    return member


@bp.route("/panels/<int:panel_id>")
@roles_required(*OVERSIGHT)
def panel(panel_id: int):
    panel = _oversight_panel(panel_id)
    state = queries.panel_state(panel)
    declarations = list(
        db.session.execute(
            select(ConflictDeclaration)
            .where(ConflictDeclaration.panel_id == panel.id)
            .order_by(ConflictDeclaration.id)
        ).scalars()
    )
    return render_template(
        "panels/panel.html",
        panel=panel,
        state=state,
        declarations=declarations,
        confirm_form=ConfirmForm(),
        members={m.user_id: m.user for m in panel.members},
    )


def _act(panel: Panel, action, success: str, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
    """Run one service for a one-click action; commit and flash, or flash the refusal."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        action(current_user, panel, *args, **kwargs)
    except PanelError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.route("/panels/<int:panel_id>/confirm", methods=["POST"])
@roles_required(*OVERSIGHT)
def confirm(panel_id: int):
    panel = _oversight_panel(panel_id)
    _act(panel, services.confirm_panel, "Panel confirmed. Invites go to everyone on it.")
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/cancel", methods=["POST"])
@roles_required(*HR)
def cancel(panel_id: int):
    panel = _oversight_panel(panel_id)
    if _act(panel, services.cancel_panel, "Panel cancelled. Book the new date below."):
        return redirect(url_for("panels.new_panel", vacancy_id=panel.vacancy_id))
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/exception", methods=["GET", "POST"])
@roles_required(Role.MANAGER, Role.ADMIN)
def exception(panel_id: int):
    panel = _oversight_panel(panel_id)
    state = queries.panel_state(panel)
    form = ExceptionForm()
    problem = None
    if form.validate_on_submit():
        try:
            services.record_exception(current_user, panel, form.reason.data)
        except PanelError as refused:
            db.session.rollback()
            problem = _refused(form, refused)
        else:
            db.session.commit()
            flash("Exception recorded and the panel confirmed.", "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "panels/exception.html", panel=panel, state=state, form=form, problem=problem
    ), status


@bp.route("/panels/<int:panel_id>/roster")
@roles_required(*HR)
def roster(panel_id: int):
    panel = _oversight_panel(panel_id)
    ranking = queries.rank_residents(panel)
    return render_template(
        "panels/roster.html",
        panel=panel,
        ranking=ranking,
        confirm_form=ConfirmForm(),
        override_form=OverrideForm(),
    )


@bp.route("/panels/<int:panel_id>/residents/<int:user_id>", methods=["POST"])
@roles_required(*HR)
def add_resident(panel_id: int, user_id: int):
    panel = _oversight_panel(panel_id)
    user = db.get_or_404(User, user_id)
    if _act(panel, services.add_resident, f"{user.display_name} added to the panel.", user):
        return redirect(url_for("panels.panel", panel_id=panel.id))
    return redirect(url_for("panels.roster", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/residents/<int:user_id>/override", methods=["GET", "POST"])
@roles_required(*HR)
def override(panel_id: int, user_id: int):
    panel = _oversight_panel(panel_id)
    user = db.get_or_404(User, user_id)
    result = queries.eligibility_for(panel, user) if user.is_resident else None
    if result is None:
        abort(404)
    form = OverrideForm()
    problem = None
    if form.validate_on_submit():
        try:
            services.add_resident(
                current_user, panel, user, override_reason=form.override_reason.data
            )
        except PanelError as refused:
            db.session.rollback()
            problem = _refused(form, refused)
        else:
            db.session.commit()
            flash(f"{user.display_name} added with an override. It is counted.", "success")
            return redirect(url_for("panels.panel", panel_id=panel.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "panels/override.html",
        panel=panel,
        user=user,
        result=result,
        form=form,
        problem=problem,
    ), status


@bp.route("/panels/<int:panel_id>/members/<int:member_id>/withdraw", methods=["POST"])
@roles_required(*HR)
def withdraw(panel_id: int, member_id: int):
    panel = _oversight_panel(panel_id)
    member = _member(panel, member_id)
    name = member.user.display_name
    if _act(panel, services.withdraw_member, f"{name} is withdrawn from this panel.", member):
        if member.role == SeatRole.RESIDENT:
            return redirect(url_for("panels.substitute", panel_id=panel.id))
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/members/<int:member_id>/remove", methods=["POST"])
@roles_required(*HR)
def remove(panel_id: int, member_id: int):
    panel = _oversight_panel(panel_id)
    member = _member(panel, member_id)
    _act(panel, services.remove_member, "Seat removed.", member)
    return redirect(url_for("panels.panel", panel_id=panel.id))


@bp.route("/panels/<int:panel_id>/substitute")
@roles_required(*HR)
def substitute(panel_id: int):
    panel = _oversight_panel(panel_id)
    ranking = queries.rank_residents(panel)
    state = queries.panel_state(panel)
    return render_template(
        "panels/substitute.html",
        panel=panel,
        ranking=ranking,
        state=state,
        confirm_form=ConfirmForm(),
    )


# --- Panellists: shortlist and conflicts ----------------------------------------------------


@bp.route("/panels/<int:panel_id>/shortlist", methods=["GET", "POST"])
@signed_in
def shortlist(panel_id: int):
    panel = panel_for_user_or_404(panel_id, current_user)
    signed = queries.has_signed_agreement(current_user)
    candidates = [s.candidate for s in panel.slots]
    form = ConflictForm()
    form.candidate_id.choices = choices((c.id, c.name) for c in candidates)
    problem = None
    if signed and form.validate_on_submit():
        candidate = next(c for c in candidates if c.id == form.candidate_id.data)
        try:
            services.declare_conflict(current_user, panel, candidate, form.note.data or "")
        except PanelError as refused:
            db.session.rollback()
            problem = _refused(form, refused)
        else:
            db.session.commit()
            flash("Thank you for telling us. The chair will decide what happens next.", "success")
            return redirect(url_for("panels.shortlist", panel_id=panel.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "panels/shortlist.html",
        panel=panel,
        signed=signed,
        candidates=candidates,
        form=form,
        problem=problem,
    ), status


@bp.route("/panels/<int:panel_id>/conflicts/<int:declaration_id>", methods=["GET", "POST"])
@signed_in
def conflict(panel_id: int, declaration_id: int):
    panel = panel_for_user_or_404(panel_id, current_user)
    is_chair = any(m.user_id == current_user.id for m in panel.active_members(SeatRole.CHAIR))
    if not (is_chair or current_user.has_role(*HR)):
        abort(404)
    declaration = db.session.get(ConflictDeclaration, declaration_id)
    if declaration is None or declaration.panel_id != panel.id:
        abort(404)
    form = OutcomeForm()
    problem = None
    if form.validate_on_submit():
        try:
            services.decide_conflict(current_user, declaration, form.outcome.data)
        except PanelError as refused:
            db.session.rollback()
            problem = _refused(form, refused)
        else:
            db.session.commit()
            flash("Outcome recorded.", "success")
            if form.outcome.data == "replace" and sees_all_panels(current_user):
                return redirect(url_for("panels.substitute", panel_id=panel.id))
            return redirect(url_for("core.home"))
    status = 422 if form.is_submitted() else 200
    who = db.session.get(User, declaration.user_id)
    candidate = next(s.candidate for s in panel.slots if s.candidate_id == declaration.candidate_id)
    return render_template(
        "panels/conflict.html",
        panel=panel,
        declaration=declaration,
        form=form,
        who=who,
        candidate=candidate,
        problem=problem,
    ), status


# --- Oversight: dashboard, exceptions, coverage ---------------------------------------------


@bp.route("/panels")
@roles_required(*OVERSIGHT)
def dashboard():
    return render_template("panels/dashboard.html", board=queries.dashboard())


@bp.route("/exceptions")
@roles_required(*OVERSIGHT)
def exceptions():
    panels = list(
        db.session.execute(
            select(Panel).where(Panel.exception_reason.is_not(None)).order_by(Panel.starts_at)
        ).scalars()
    )
    overrides = list(
        db.session.execute(
            select(PanelMember)
            .where(PanelMember.override_reason.is_not(None))
            .order_by(PanelMember.added_at)
        ).scalars()
    )
    return render_template("panels/exceptions.html", panels=panels, overrides=overrides)


@bp.route("/reports/coverage")
@roles_required(*OVERSIGHT)
def coverage():
    return render_template("panels/coverage.html", report=coverage_report.coverage())


@bp.route("/reports/coverage.csv")
@roles_required(*OVERSIGHT)
def coverage_csv():
    body = coverage_report.coverage_csv(coverage_report.coverage())
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=panel-coverage.csv"},
    )


def _register_commands() -> None:
    from panelhire.panels.commands import roster_command

    bp.cli.add_command(roster_command)


_register_commands()
