"""Recognition pages: the policy, rates, the after-panel screen, residents' records, finance."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required, signed_in
from panelhire.auth.forms import ConfirmForm
from panelhire.auth.models import Role, User
from panelhire.core.downloads import attachment
from panelhire.core.once import ALREADY_SENT, first_sending
from panelhire.extensions import db
from panelhire.panels.models import Panel
from panelhire.recognition import (
    attendance,
    corrections,
    documents,
    forms,
    rules,
    services,
    statements,
    wellbeing,
)
from panelhire.recognition.finance import mark_paid, payments_due, total_due
from panelhire.recognition.involvement import involvement_record
from panelhire.recognition.models import Expense, Payment, SupportRequest
from panelhire.recognition.rules import (
    ActivityKind,
    ExpenseKind,
    LateRule,
    Method,
    Period,
    Refused,
)
from panelhire.training.models import TrainingSession

bp = Blueprint("recognition", __name__, url_prefix="/recognition")

HR = (Role.HR, Role.ADMIN)


@bp.record_once
def _globals(state) -> None:  # noqa: ANN001
    # Other areas' pages include these: the policy before accepting a seat, HR's to-do list.
    state.app.jinja_env.globals["recognition_policy"] = services.policy_for
    state.app.jinja_env.globals["recognition_to_do"] = wellbeing.wellbeing_to_do
    state.app.jinja_env.globals["recognition_labels"] = LABELS


LABELS = {
    "activity": rules.ACTIVITY_LABELS,
    "attendance": rules.ATTENDANCE_LABELS,
    "choice": rules.CHOICE_LABELS,
    "method": rules.METHOD_LABELS,
    "expense": rules.EXPENSE_LABELS,
    "late": rules.LATE_RULE_LABELS,
    "period": rules.PERIOD_LABELS,
    "this_period": rules.THIS_PERIOD,
}


def _refuse_into(form, refused: Refused, mapping: dict[str, str] | None = None) -> None:  # noqa: ANN001
    name = (mapping or {}).get(refused.field, refused.field)
    target = form[name] if name in form else None
    if target is None:
        target = next(iter(f for f in form if f.name != "csrf_token"))
    target.errors = [*target.errors, refused.message]


def _resident_or_404(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if not user.is_resident:
        abort(404)
    return user


def _pdf(body: bytes, filename: str) -> Response:
    return attachment(body, filename, "application/pdf")


# --- Everyone: the policy ------------------------------------------------------------------


@bp.route("/policy")
@signed_in
def policy():
    return render_template("recognition/policy.html", policy=services.policy_for())


# --- Residents: their own record -----------------------------------------------------------


@bp.route("/mine")
@roles_required(Role.RESIDENT)
def mine():
    return _mine_page(current_user)


def _mine_page(user: User, statement_form=None):  # noqa: ANN001, ANN202
    """A resident's own page; with a refused statement form, that form and its errors."""
    today = services.local_today()
    return render_template(
        "recognition/mine.html",
        s=services.resident_summary(user, today),
        form=statement_form
        or forms.StatementForm(formdata=None, start=rules.tax_year_start(today), end=today),
        recent=wellbeing.recent_panels_of(user),
        asked=wellbeing.open_requests_of(user),
        confirm=ConfirmForm(),
    )


@bp.route("/mine/statement.pdf")
@roles_required(Role.RESIDENT)
def my_statement():
    return _statement(current_user, "recognition.mine")


@bp.route("/mine/record.pdf")
@roles_required(Role.RESIDENT)
def my_record():
    body = documents.render_involvement(involvement_record(current_user))
    return _pdf(body, "record-of-involvement.pdf")


@bp.route("/mine/talk/<int:panel_id>", methods=["POST"])
@roles_required(Role.RESIDENT)
def ask_to_talk(panel_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    panel = db.get_or_404(Panel, panel_id)
    wellbeing.ask_to_talk(current_user, panel)
    db.session.commit()
    flash("Thank you. We have let the support contact know; someone will be in touch.", "success")
    return redirect(url_for("recognition.mine"))


def _statement(user: User, back: str, **back_args) -> Response:  # noqa: ANN003
    form = forms.StatementForm(request.args)
    if not form.validate():
        if back == "recognition.mine":
            return _mine_page(user, form), 422
        return _resident_page(user, form), 422
    statement = statements.statement_for(user, form.start.data, form.end.data)
    body = documents.render_statement(statement)
    return _pdf(body, f"statement-{form.start.data:%Y%m%d}-{form.end.data:%Y%m%d}.pdf")


# --- HR: rates and policy ------------------------------------------------------------------


@bp.route("/")
@roles_required(*HR)
def overview():
    return render_template(
        "recognition/overview.html",
        policy=services.policy_for(),
        saved_policy=services.get_policy(),
        organisation=services.organisation(),
        rates=services.all_rates(),
        panels=wellbeing.ended_panels(),
        sessions=attendance.recent_training_sessions(services.local_today()),
        residents=[services.resident_summary(u) for u in services.residents_with_activity()],
    )


@bp.route("/rates/new", methods=["GET", "POST"])
@roles_required(*HR)
def new_rate():
    form = forms.RateForm()
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("recognition.overview"))
        try:
            services.set_rate(
                current_user,
                kind=ActivityKind(form.kind.data),
                amount_pence=form.amount.pence,
                effective_from=form.effective_from.data,
            )
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("The new rate is saved.", "success")
            return redirect(url_for("recognition.overview"))
    status = 422 if form.errors or any(f.errors for f in form) else 200
    return render_template("recognition/rate_form.html", form=form), status


@bp.route("/policy/edit", methods=["GET", "POST"])
@roles_required(*HR)
def edit_policy():
    saved = services.get_policy()
    org = services.organisation()
    threshold = org.voucher_threshold_pence if org else 0
    form = forms.PolicyForm(
        obj=saved,
        covers=[str(k) for k in services.covered_expenses(saved)],
        voucher_threshold=f"{threshold / 100:.2f}" if threshold else "",
    )
    if form.validate_on_submit():
        try:
            services.update_policy(
                current_user,
                covers={ExpenseKind(k) for k in form.covers.data},
                expenses_note=form.expenses_note.data or "",
                late_rule=LateRule(form.late_rule.data),
                late_part_percent=form.late_part_percent.data,
                late_hours=form.late_hours.data,
                threshold_period=Period(form.threshold_period.data),
                threshold_pence=form.voucher_threshold.pence or 0,
            )
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("The recognition policy is saved.", "success")
            return redirect(url_for("recognition.overview"))
    status = 422 if any(f.errors for f in form) else 200
    return render_template("recognition/policy_form.html", form=form), status


# --- HR: after a panel ---------------------------------------------------------------------


@bp.route("/panels/<int:panel_id>/after", methods=["GET", "POST"])
@roles_required(*HR)
def after_panel(panel_id: int):
    """After a panel, HR records attendance and each resident's payment choice in one screen."""
    panel = db.get_or_404(Panel, panel_id)
    # ?again=<user id>: record afresh someone whose only payment for this panel was cancelled.
    again = set(request.args.getlist("again", type=int))
    return _after(
        "recognition/after_panel.html",
        attendance.panel_rows(panel, again),
        problem=attendance.panel_not_recordable(panel),
        record=lambda entries: attendance.record_after_panel(current_user, panel, entries, again),
        policy=services.policy_for(panel.starts_at),
        panel=panel,
        again_url=lambda uid: url_for("recognition.after_panel", panel_id=panel.id, again=uid),
    )


@bp.route("/training-sessions/<int:session_id>/after", methods=["GET", "POST"])
@roles_required(*HR)
def after_training(session_id: int):
    """After a training session, HR records each attendee's payment choice in one screen."""
    session = db.get_or_404(TrainingSession, session_id)
    again = set(request.args.getlist("again", type=int))
    return _after(
        "recognition/after_training.html",
        attendance.training_rows(session, again),
        problem=None,
        record=lambda entries: attendance.record_after_training(
            current_user, session, entries, again
        ),
        policy=services.policy_for(session.held_on),
        session=session,
        again_url=lambda uid: url_for(
            "recognition.after_training", session_id=session.id, again=uid
        ),
    )


def _after(template: str, rows: list, *, problem: str | None, record, **context):  # noqa: ANN001, ANN003, ANN202
    """The after-panel and after-training screens: one form, every resident's line checked
    before anything is saved, and the page drawn again with what was typed if any is refused."""
    form = forms.after_panel_form(rows)
    # The same screen again, without ?again=: that person is recorded now.
    this_screen = url_for(request.endpoint, **(request.view_args or {}))
    if request.method == "POST" and problem is None and form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(this_screen)
        entries = [
            services.Entry(uid, *forms.entry_values(form, f"_{uid}")) for uid in form.user_ids
        ]
        try:
            record(entries)
        except attendance.RowsRefused as refused:
            db.session.rollback()
            for name, message in refused.errors.items():
                if name in form:
                    form[name].errors = [*form[name].errors, message]
                else:
                    problem = message
        else:
            db.session.commit()
            flash("Attendance and payment choices are saved.", "success")
            return redirect(this_screen)
    failed = request.method == "POST" and (problem or any(f.errors for f in form))
    return render_template(template, rows=rows, form=form, problem=problem, **context), (
        422 if failed else 200
    )


@bp.route("/panels/<int:panel_id>/debrief", methods=["GET", "POST"])
@roles_required(*HR)
def debrief(panel_id: int):
    panel = db.get_or_404(Panel, panel_id)
    existing = wellbeing.debrief_of(panel)
    form = forms.DebriefForm(
        held=("yes" if existing.held else "no") if existing else None,
        attendees=[a.user_id for a in existing.attendees] if existing else [],
        notes=existing.notes if existing else "",
    )
    form.attendees.choices = forms.choice_list(
        (m.user_id, m.user.display_name) for m in panel.active_members()
    )
    if form.validate_on_submit():
        try:
            wellbeing.record_debrief(
                current_user,
                panel,
                held=form.held.data == "yes",
                attendee_ids=form.attendees.data or [],
                notes=form.notes.data or "",
            )
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("The debrief is recorded.", "success")
            return redirect(url_for("core.home"))
    failed = request.method == "POST" and any(f.errors for f in form)
    return render_template("recognition/debrief.html", panel=panel, form=form), (
        422 if failed else 200
    )


def _wellbeing_note(heading: str, lead: str, act, done: str):  # noqa: ANN001
    """Check-ins and requests to talk are closed from HR's home page, with an optional note.

    A note that cannot be saved (too long) comes back on its own page, beside the field and
    keeping what was typed, since the home page belongs to another area.
    """
    form = forms.WellbeingNoteForm()
    if form.validate_on_submit():
        try:
            act(form.note.data or "")
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("core.home"))
    elif request.method == "POST" and "csrf_token" in form.errors:
        abort(400)  # the form's key is missing or stale: nothing to show beside a field
    failed = request.method == "POST"
    return render_template(
        "recognition/wellbeing_note.html", form=form, heading=heading, lead=lead
    ), (422 if failed else 200)


@bp.route("/panels/<int:panel_id>/check-ins/<int:user_id>", methods=["GET", "POST"])
@roles_required(*HR)
def check_in_done(panel_id: int, user_id: int):
    panel = db.get_or_404(Panel, panel_id)
    person = db.get_or_404(User, user_id)
    if user_id not in {m.user_id for m in panel.active_members(*services.RESIDENT_SEATS)}:
        abort(404)
    return _wellbeing_note(
        f"Check-in with {person.display_name}",
        f"The next-day check-in after the {panel.vacancy.title} panel.",
        lambda note: wellbeing.mark_check_in_done(current_user, panel, user_id, note=note),
        "Check-in marked as done.",
    )


@bp.route("/support/<int:request_id>/handled", methods=["GET", "POST"])
@roles_required(*HR)
def support_handled(request_id: int):
    asked = db.get_or_404(SupportRequest, request_id)
    return _wellbeing_note(
        f"{asked.user.display_name} asked to talk to someone",
        "Mark the request as handled once the support contact has been in touch.",
        lambda note: wellbeing.mark_support_handled(current_user, asked, note=note),
        "Marked as handled.",
    )


# --- HR: one resident ----------------------------------------------------------------------


def _resident_page(user: User, statement_form=None):  # noqa: ANN001
    today = services.local_today()
    return render_template(
        "recognition/resident.html",
        s=services.resident_summary(user, today),
        form=statement_form
        or forms.StatementForm(formdata=None, start=rules.tax_year_start(today), end=today),
        notes=wellbeing.wellbeing_notes_of(user),
        hr=True,
    )


@bp.route("/residents/<int:user_id>")
@roles_required(*HR)
def resident(user_id: int):
    return _resident_page(_resident_or_404(user_id))


@bp.route("/residents/<int:user_id>/statement.pdf")
@roles_required(*HR)
def statement(user_id: int):
    return _statement(_resident_or_404(user_id), "recognition.resident")


@bp.route("/residents/<int:user_id>/record.pdf")
@roles_required(*HR)
def record(user_id: int):
    body = documents.render_involvement(involvement_record(_resident_or_404(user_id)))
    return _pdf(body, "record-of-involvement.pdf")


@bp.route("/residents/<int:user_id>/activities/new", methods=["GET", "POST"])
@roles_required(*HR)
def new_activity(user_id: int):
    user = _resident_or_404(user_id)
    form = forms.ActivityForm()
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("recognition.resident", user_id=user.id))
        attendance, choice, method, lower = forms.entry_values(form)
        try:
            services.record_activity(
                current_user,
                user,
                kind=ActivityKind(form.kind.data),
                happened_on=form.happened_on.data,
                entry=services.Entry(user.id, attendance, choice, method, lower),
                again=form.again.data,
            )
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("The activity is recorded.", "success")
            return redirect(url_for("recognition.resident", user_id=user.id))
    failed = request.method == "POST" and any(f.errors for f in form)
    return render_template("recognition/activity_form.html", form=form, user=user), (
        422 if failed else 200
    )


@bp.route("/residents/<int:user_id>/expenses/new", methods=["GET", "POST"])
@roles_required(*HR)
def new_expense(user_id: int):
    user = _resident_or_404(user_id)
    form = forms.ExpenseForm()
    policy = services.get_policy()
    form.kind.choices = forms.choice_list(
        (str(k), rules.EXPENSE_LABELS[k]) for k in services.covered_expenses(policy)
    )
    if form.validate_on_submit():
        if not first_sending():
            flash(ALREADY_SENT, "success")
            return redirect(url_for("recognition.resident", user_id=user.id))
        try:
            services.record_expense(
                current_user,
                user,
                kind=ExpenseKind(form.kind.data),
                incurred_on=form.incurred_on.data,
                amount_pence=form.amount.pence,
                receipt_seen=form.receipt_seen.data,
                paid_in_advance=form.paid_in_advance.data,
                note=form.note.data or "",
                method=Method(form.method.data) if form.method.data else None,
                again=form.again.data,
            )
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash("The expense is recorded.", "success")
            return redirect(url_for("recognition.resident", user_id=user.id))
    failed = request.method == "POST" and any(f.errors for f in form)
    return render_template("recognition/expense_form.html", form=form, user=user), (
        422 if failed else 200
    )


def _cancel(user: User, item, what: str, problem: str | None, cancel):  # noqa: ANN001
    form = forms.CancelForm()
    back = url_for("recognition.resident", user_id=user.id)
    if problem is None and form.validate_on_submit():
        try:
            cancel(form.reason.data)
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash(f"The {what} is cancelled. It stays on the record, marked cancelled.", "success")
            return redirect(back)
    failed = request.method == "POST" and (problem or any(f.errors for f in form))
    return render_template(
        "recognition/cancel.html",
        form=form,
        user=user,
        item=item,
        what=what,
        problem=problem,
        back=back,
    ), (422 if failed else 200)


@bp.route("/residents/<int:user_id>/payments/<int:payment_id>/cancel", methods=["GET", "POST"])
@roles_required(*HR)
def cancel_payment(user_id: int, payment_id: int):
    user = _resident_or_404(user_id)
    payment = db.get_or_404(Payment, payment_id)
    if payment.activity.user_id != user.id:
        abort(404)
    return _cancel(
        user,
        payment,
        "payment",
        corrections.payment_not_cancellable(payment),
        lambda reason: corrections.cancel_payment(current_user, payment, reason=reason),
    )


@bp.route("/residents/<int:user_id>/expenses/<int:expense_id>/cancel", methods=["GET", "POST"])
@roles_required(*HR)
def cancel_expense(user_id: int, expense_id: int):
    user = _resident_or_404(user_id)
    expense = db.get_or_404(Expense, expense_id)
    if expense.user_id != user.id:
        abort(404)
    return _cancel(
        user,
        expense,
        "expense",
        corrections.expense_not_cancellable(expense),
        lambda reason: corrections.cancel_expense(current_user, expense, reason=reason),
    )


# --- HR: finance ---------------------------------------------------------------------------


@bp.route("/finance", methods=["GET", "POST"])
@roles_required(*HR)
def finance():
    rows = payments_due()
    form = forms.MarkPaidForm(paid_on=services.local_today())
    form.payments.choices = forms.choice_list(
        (int(r.reference[1:]), r.reference) for r in rows if r.reference[0] == "P"
    )
    form.expenses.choices = forms.choice_list(
        (int(r.reference[1:]), r.reference) for r in rows if r.reference[0] == "E"
    )
    if form.validate_on_submit():
        try:
            count = mark_paid(
                current_user,
                payment_ids=form.payments.data or [],
                expense_ids=form.expenses.data or [],
                paid_on=form.paid_on.data,
            )
        except Refused as refused:
            db.session.rollback()
            _refuse_into(form, refused)
        else:
            db.session.commit()
            flash(f"{count} marked as paid.", "success")
            return redirect(url_for("recognition.finance"))
    failed = request.method == "POST" and any(f.errors for f in form)
    return render_template(
        "recognition/finance.html", rows=rows, total=total_due(rows), form=form
    ), (422 if failed else 200)


@bp.route("/finance/payments-due.csv")
@roles_required(*HR)
def finance_csv():
    body = documents.build_finance_csv(payments_due())
    return attachment(body, "payments-due.csv", "text/csv")
