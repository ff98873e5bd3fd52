"""Recognition services against the database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.recognition import finance, services, statements
from panelhire.recognition.attendance import RowsRefused, panel_rows, record_after_panel
from panelhire.recognition.involvement import involvement_record
from panelhire.recognition.models import Activity, Expense, Payment
from panelhire.recognition.rules import (
    ActivityKind,
    Attendance,
    Choice,
    ExpenseKind,
    Method,
    Refused,
)
from panelhire.recognition.services import Entry
from tests.factories import make_organisation, make_panel, make_resident, make_staff
from tests.recognition.factories import make_finished_panel, make_hr, make_policy, make_rate


def _count(db, model):  # noqa: ANN001
    return len(db.session.execute(select(model)).scalars().all())


def test_after_a_panel_one_call_records_attendance_and_every_choice(db):
    make_rate(pence=2500)
    make_policy(late_rule="part", late_part_percent=50)
    hr = make_hr()
    panel, (dee, sam, mo) = make_finished_panel(residents=2, observers=1)
    record_after_panel(
        hr,
        panel,
        [
            Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.VOUCHER, None),
            Entry(sam.id, Attendance.ATTENDED, Choice.LOWER, Method.TRANSFER, 1000),
            Entry(mo.id, Attendance.ATTENDED, Choice.DONATE, None, None),
        ],
    )
    payments = {p.activity.user_id: p for p in db.session.execute(select(Payment)).scalars().all()}
    assert payments[dee.id].amount_pence == 2500 and payments[dee.id].method == "voucher"
    assert payments[sam.id].amount_pence == 1000
    assert payments[mo.id].amount_pence == 0 and payments[mo.id].donated_pence == 2500
    assert db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "recognition.panel_recorded")
    ).scalar_one()


def test_a_late_withdrawal_is_listed_and_part_paid(db):
    make_rate(pence=3000)
    make_policy(late_rule="part", late_part_percent=50, late_hours=24)
    panel, (dee, sam) = make_finished_panel(residents=2)
    panel.members[2].withdrawn_at = panel.starts_at - timedelta(hours=3)
    db.session.flush()
    rows = panel_rows(panel)
    assert [(r.user.id, r.late) for r in rows] == [(dee.id, False), (sam.id, True)]
    record_after_panel(
        make_hr(),
        panel,
        [
            Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None),
            Entry(sam.id, Attendance.LATE_CANCELLED, Choice.FULL, Method.CASH, None),
        ],
    )
    sam_activity = db.session.execute(
        select(Activity).where(Activity.user_id == sam.id)
    ).scalar_one()
    assert sam_activity.due_pence == 1500 and sam_activity.payment.amount_pence == 1500


def test_an_early_withdrawal_is_not_listed(db):
    make_policy(late_hours=24)
    panel, (dee, sam) = make_finished_panel(residents=2)
    panel.members[2].withdrawn_at = panel.starts_at - timedelta(days=3)
    db.session.flush()
    assert [r.user.id for r in panel_rows(panel)] == [dee.id]


def test_no_payment_for_someone_who_did_not_come_and_nothing_half_written(db):
    make_rate()
    panel, (dee, sam) = make_finished_panel(residents=2)
    with pytest.raises(RowsRefused) as refused:
        record_after_panel(
            make_hr(),
            panel,
            [
                Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None),
                Entry(sam.id, Attendance.DID_NOT_ATTEND, Choice.FULL, Method.CASH, None),
            ],
        )
    assert "did not come" in refused.value.errors[f"choice_{sam.id}"]
    assert _count(db, Activity) == 0


def test_a_panel_that_has_not_happened_cannot_be_recorded(db):
    make_rate()
    dee = make_resident()
    panel = make_panel(day=date.today() + timedelta(days=3), members=[(dee, "resident")])
    with pytest.raises(RowsRefused) as refused:
        record_after_panel(
            make_hr(), panel, [Entry(dee.id, Attendance.ATTENDED, Choice.NONE, None, None)]
        )
    assert "not happened yet" in refused.value.errors["panel"]


def test_recording_again_updates_choices_but_never_a_paid_payment(db):
    make_rate(pence=2500)
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1)
    record_after_panel(
        hr, panel, [Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None)]
    )
    payment = db.session.execute(select(Payment)).scalar_one()
    finance.mark_paid(hr, payment_ids=[payment.id], expense_ids=[], paid_on=date.today())
    record_after_panel(hr, panel, [Entry(dee.id, Attendance.ATTENDED, Choice.NONE, None, None)])
    assert payment.amount_pence == 2500 and payment.paid_on == date.today()


def test_a_rate_change_cannot_reach_back_over_paid_activities(db):
    make_rate(kind=ActivityKind.TRAINING, pence=1000, start=date(2025, 1, 1))
    hr = make_hr()
    dee = make_resident()
    activity = services.record_activity(
        hr,
        dee,
        kind=ActivityKind.TRAINING,
        happened_on=date(2026, 3, 10),
        entry=Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.VOUCHER, None),
        today=date(2026, 3, 12),
    )
    # Before it is paid, a new rate from earlier is allowed.
    services.set_rate(
        hr, kind=ActivityKind.TRAINING, amount_pence=1100, effective_from=date(2026, 3, 1)
    )
    finance.mark_paid(hr, payment_ids=[activity.payment.id], expense_ids=[], paid_on=date.today())
    with pytest.raises(Refused) as refused:
        services.set_rate(
            hr, kind=ActivityKind.TRAINING, amount_pence=1200, effective_from=date(2026, 3, 10)
        )
    assert refused.value.field == "effective_from" and "already been paid" in refused.value.message
    services.set_rate(
        hr, kind=ActivityKind.TRAINING, amount_pence=1200, effective_from=date(2026, 3, 11)
    )
    # Other activities' rates are unaffected by training payments.
    services.set_rate(
        hr, kind=ActivityKind.PANEL, amount_pence=3000, effective_from=date(2026, 3, 1)
    )


@pytest.mark.parametrize("pence", [-1, 50_001])
def test_rates_outside_sane_limits_are_refused(db, pence):
    with pytest.raises(Refused) as refused:
        services.set_rate(
            make_hr(), kind=ActivityKind.PANEL, amount_pence=pence, effective_from=date.today()
        )
    assert refused.value.field == "amount"


def test_activities_in_the_future_are_refused(db):
    make_rate(kind=ActivityKind.DEBRIEF, pence=500)
    dee = make_resident()
    with pytest.raises(Refused) as refused:
        services.record_activity(
            make_hr(),
            dee,
            kind=ActivityKind.DEBRIEF,
            happened_on=date(2026, 5, 2),
            entry=Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None),
            today=date(2026, 5, 1),
        )
    assert refused.value.field == "happened_on"


def test_expenses_are_separate_checked_and_can_be_paid_in_advance(db):
    make_policy(covers_meals=False)
    hr = make_hr()
    dee = make_resident()
    today = date(2026, 5, 1)
    expense = services.record_expense(
        hr,
        dee,
        kind=ExpenseKind.TRAVEL,
        incurred_on=date(2026, 5, 4),
        amount_pence=640,
        receipt_seen=False,
        paid_in_advance=True,
        today=today,
    )
    assert expense.paid_on == today
    with pytest.raises(Refused, match="does not cover meals"):
        services.record_expense(
            hr,
            dee,
            kind=ExpenseKind.MEALS,
            incurred_on=today,
            amount_pence=500,
            receipt_seen=True,
            paid_in_advance=False,
            today=today,
        )
    for bad in (-100, 0, 60_000):
        with pytest.raises(Refused) as refused:
            services.record_expense(
                hr,
                dee,
                kind=ExpenseKind.CARE,
                incurred_on=today,
                amount_pence=bad,
                receipt_seen=True,
                paid_in_advance=False,
                today=today,
            )
        assert refused.value.field == "amount"
    assert _count(db, Expense) == 1
    assert _count(db, Payment) == 0


def _record(hr, dee, kind, day, choice=Choice.FULL, method=Method.VOUCHER, today=None):  # noqa: ANN001
    return services.record_activity(
        hr,
        dee,
        kind=kind,
        happened_on=day,
        entry=Entry(dee.id, Attendance.ATTENDED, choice, method, None),
        today=today or day,
    )


def test_summary_totals_and_the_threshold_warning_across_the_tax_year(db):
    make_organisation(voucher_threshold_pence=10000)
    make_policy(threshold_period="tax_year")
    make_rate(kind=ActivityKind.PANEL, pence=4000)
    make_rate(kind=ActivityKind.TRAINING, pence=1000)
    hr = make_hr()
    dee = make_resident()
    _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 2))
    _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 5))
    _record(hr, dee, ActivityKind.TRAINING, date(2026, 4, 6), method=Method.CASH)
    _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 7), choice=Choice.DONATE, method=None)
    last_day = services.resident_summary(dee, date(2026, 4, 5))
    assert last_day.totals.tax_year == 8000 and last_day.warning == "near"
    first_day = services.resident_summary(dee, date(2026, 4, 7))
    assert first_day.totals.tax_year == 1000 and first_day.warning is None
    assert first_day.totals.month == 9000  # donations do not count


def test_a_payment_counts_in_the_month_it_is_paid(db):
    make_rate(pence=2500)
    hr = make_hr()
    dee = make_resident()
    activity = _record(hr, dee, ActivityKind.PANEL, date(2026, 1, 30))
    assert services.resident_summary(dee, date(2026, 1, 31)).totals.month == 2500
    finance.mark_paid(
        hr, payment_ids=[activity.payment.id], expense_ids=[], paid_on=date(2026, 2, 3)
    )
    assert services.resident_summary(dee, date(2026, 1, 31)).totals.month == 0
    assert services.resident_summary(dee, date(2026, 2, 3)).totals.month == 2500


def test_statement_over_a_range_lists_only_that_resident_and_those_dates(db):
    make_organisation(name="Harbour Trust")
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    dee, other = make_resident(name="Dee Morgan"), make_resident(name="Someone Else")
    _record(hr, dee, ActivityKind.PANEL, date(2026, 3, 31))
    _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 6), method=Method.CASH)
    _record(hr, dee, ActivityKind.PANEL, date(2026, 5, 1))
    _record(hr, other, ActivityKind.PANEL, date(2026, 4, 6))
    services.record_expense(
        hr,
        dee,
        kind=ExpenseKind.TRAVEL,
        incurred_on=date(2026, 4, 6),
        amount_pence=450,
        receipt_seen=True,
        paid_in_advance=False,
        today=date(2026, 4, 6),
    )
    statement = statements.statement_for(dee, date(2026, 3, 1), date(2026, 4, 30))
    assert [a.happened_on for a in statement.activities] == [date(2026, 3, 31), date(2026, 4, 6)]
    assert [e.amount_pence for e in statement.expenses] == [450]
    assert statement.due_pence == 5000 and statement.expenses_due_pence == 450


def test_a_statement_counts_only_paid_money_as_received(db):
    """The demo statement said £65 received and £457.70 repaid when £25 and £453.20 were owed."""
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    dee = make_resident()
    before = _record(hr, dee, ActivityKind.PANEL, date(2026, 2, 20))
    paid = _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 2))
    _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 8), method=Method.CASH)  # still due
    _record(hr, dee, ActivityKind.PANEL, date(2026, 4, 9), choice=Choice.DONATE, method=None)

    def expense(pence):  # noqa: ANN001, ANN202
        return services.record_expense(
            hr,
            dee,
            kind=ExpenseKind.TRAVEL,
            incurred_on=date(2026, 4, 2),
            amount_pence=pence,
            receipt_seen=True,
            paid_in_advance=False,
            today=date(2026, 4, 2),
        )

    repaid, _owed = expense(450), expense(45_320)
    finance.mark_paid(
        hr,
        payment_ids=[before.payment.id, paid.payment.id],
        expense_ids=[repaid.id],
        paid_on=date(2026, 4, 10),
    )
    statement = statements.statement_for(dee, date(2026, 3, 1), date(2026, 4, 30))
    assert statement.received_pence == 5000  # both paid in April, one for February's panel
    assert statement.by_method == {Method.VOUCHER: 5000, Method.TRANSFER: 0, Method.CASH: 0}
    assert statement.tax_years == [("6 April 2026 to 5 April 2027", 5000)]
    assert statement.due_pence == 2500
    assert statement.donated_pence == 2500
    assert statement.expenses_repaid_pence == 450
    assert statement.expenses_due_pence == 45_320
    # Every amount in the summary has its line, including the panel paid for in these dates.
    assert date(2026, 2, 20) in [a.happened_on for a in statement.activities]


def test_payments_due_leave_out_paid_and_nothing_to_pay(db):
    make_rate(pence=2500)
    make_policy()
    hr = make_hr()
    dee = make_resident()
    paid = _record(hr, dee, ActivityKind.PANEL, date(2026, 1, 5))
    _record(hr, dee, ActivityKind.PANEL, date(2026, 1, 6))
    _record(hr, dee, ActivityKind.PANEL, date(2026, 1, 7), choice=Choice.NONE, method=None)
    finance.mark_paid(hr, payment_ids=[paid.payment.id], expense_ids=[], paid_on=date(2026, 1, 9))
    rows = finance.payments_due()
    assert [(r.on, r.amount_pence) for r in rows] == [(date(2026, 1, 6), 2500)]


def test_policy_for_a_panel_day_shows_the_rate_then(db):
    make_rate(pence=2000, start=date(2025, 1, 1))
    make_rate(pence=2500, start=date(2026, 4, 6))
    make_policy(covers_meals=False)
    assert services.policy_for(date(2026, 4, 5)).rates["panel"].amount_pence == 2000
    summary = services.policy_for(date(2026, 4, 6))
    assert summary.rates["panel"].amount_pence == 2500
    assert summary.rates["debrief"] is None
    assert summary.expenses == [ExpenseKind.TRAVEL, ExpenseKind.CARE]


def test_the_record_of_involvement_lists_only_panels_taken_part_in(db):
    make_rate(pence=2500)
    make_policy(late_rule="part", late_part_percent=50, late_hours=24)
    hr = make_hr()
    sam = make_resident()
    days = [date.today() - timedelta(days=n) for n in (9, 7, 5, 3)]
    came, cancelled, no_show, unrecorded = (
        make_panel(day=day, members=[(make_staff(), "chair"), (sam, "resident")]) for day in days
    )
    for panel, attendance in [
        (came, Attendance.ATTENDED),
        (cancelled, Attendance.LATE_CANCELLED),
        (no_show, Attendance.DID_NOT_ATTEND),
    ]:
        record_after_panel(hr, panel, [Entry(sam.id, attendance, Choice.NONE, None, None)])
    panels = involvement_record(sam).panels
    # Missed panels are left out; a finished panel not yet recorded counts until HR says not.
    assert [p.on for p in panels] == [days[0], days[3]]


def test_a_late_withdrawal_recorded_as_taking_part_is_on_the_record(db):
    make_rate(pence=2500)
    make_policy(late_hours=24)
    panel, (dee,) = make_finished_panel(residents=1)
    panel.members[1].withdrawn_at = panel.starts_at - timedelta(hours=3)
    db.session.flush()
    assert involvement_record(dee).panels == []
    record_after_panel(
        make_hr(), panel, [Entry(dee.id, Attendance.ATTENDED, Choice.NONE, None, None)]
    )
    assert len(involvement_record(dee).panels) == 1
