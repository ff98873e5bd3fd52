"""Putting mistakes right: cancelling unpaid payments and expenses, and same-day repeats."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.recognition import corrections, finance, services, statements
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
from tests.factories import make_organisation, make_resident, sign_in
from tests.html import csrf_token, once_key, page_text
from tests.recognition.factories import make_hr, make_policy, make_rate

DAY = date(2026, 11, 20)


def _cancelled(db):  # noqa: ANN001, ANN202
    """Read afresh: the pages write through their own session."""
    return list(db.session.execute(select(Payment.cancelled_at)).scalars())


def _training(hr, dee, day=DAY):  # noqa: ANN001
    return services.record_activity(
        hr,
        dee,
        kind=ActivityKind.TRAINING,
        happened_on=day,
        entry=Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None),
        today=day,
    )


def _travel(hr, dee, day=DAY, pence=640):  # noqa: ANN001
    return services.record_expense(
        hr,
        dee,
        kind=ExpenseKind.TRAVEL,
        incurred_on=day,
        amount_pence=pence,
        receipt_seen=True,
        paid_in_advance=False,
        today=day,
    )


def test_a_cancelled_payment_stays_on_record_but_is_owed_counted_and_stated_nowhere(db):
    make_organisation()
    make_policy()
    make_rate(kind=ActivityKind.TRAINING, pence=1000)
    hr = make_hr()
    dee = make_resident(name="Dee Morgan")
    keep = _training(hr, dee)
    wrong = _training(hr, dee, DAY - timedelta(days=1))
    expense = _travel(hr, dee)
    assert {r.reference for r in finance.payments_due()} == {
        f"P{keep.payment.id}",
        f"P{wrong.payment.id}",
        f"E{expense.id}",
    }

    corrections.cancel_payment(hr, wrong.payment, reason="Recorded for the wrong day")
    corrections.cancel_expense(hr, expense, reason="Bus fare was on the day pass")

    assert db.session.get(Payment, wrong.payment.id).status == "Cancelled"
    assert db.session.get(Expense, expense.id).status == "Cancelled"
    assert [r.reference for r in finance.payments_due()] == [f"P{keep.payment.id}"]
    summary = services.resident_summary(dee, today=DAY)
    assert summary.totals.month == 1000  # only the payment still owed
    assert len(summary.activities) == 2 and len(summary.expenses) == 1  # still on record
    statement = statements.statement_for(dee, DAY - timedelta(days=5), DAY, today=DAY)
    assert [a.id for a in statement.activities] == [keep.id]
    assert statement.due_pence == 1000
    assert statement.expenses == [] and statement.expenses_due_pence == 0
    summaries = db.session.execute(
        select(AuditEvent.summary).where(
            AuditEvent.action.in_(
                ["recognition.payment_cancelled", "recognition.expense_cancelled"]
            )
        )
    ).scalars()
    reasons = " ".join(summaries)
    assert "Recorded for the wrong day" in reasons and "Bus fare was on the day pass" in reasons
    # Cancelled items cannot then be marked paid by a stale finance page.
    assert (
        finance.mark_paid(hr, payment_ids=[wrong.payment.id], expense_ids=[expense.id], paid_on=DAY)
        == 0
    )


def test_paid_items_cannot_be_cancelled_and_a_reason_is_needed(db):
    make_policy()
    make_rate(kind=ActivityKind.TRAINING, pence=1000)
    hr = make_hr()
    dee = make_resident()
    activity = _training(hr, dee)
    expense = _travel(hr, dee)
    with pytest.raises(Refused) as no_reason:
        corrections.cancel_payment(hr, activity.payment, reason="   ")
    assert no_reason.value.field == "reason"
    finance.mark_paid(hr, payment_ids=[activity.payment.id], expense_ids=[expense.id], paid_on=DAY)
    with pytest.raises(Refused, match="paid on 20/11/2026, so it cannot be cancelled"):
        corrections.cancel_payment(hr, activity.payment, reason="duplicate")
    with pytest.raises(Refused, match="cannot be cancelled"):
        corrections.cancel_expense(hr, expense, reason="duplicate")
    assert activity.payment.cancelled_at is None and expense.cancelled_at is None


def test_hr_cancels_a_payment_from_the_resident_page_giving_a_reason(client, db):
    make_policy()
    make_rate(kind=ActivityKind.TRAINING, pence=1000)
    hr = make_hr()
    dee = make_resident(name="Dee Morgan")
    activity = _training(hr, dee, date.today())
    expense = _travel(hr, dee, date.today())
    sign_in(client, hr)
    page = client.get(f"/recognition/residents/{dee.id}")
    assert "Cancel this payment" in page_text(page) and "Cancel this expense" in page_text(page)
    url = f"/recognition/residents/{dee.id}/payments/{activity.payment.id}/cancel"
    form = client.get(url)
    assert form.status_code == 200
    refused = client.post(url, data={"csrf_token": csrf_token(form), "reason": ""})
    assert refused.status_code == 422
    assert 'id="reason-error"' in refused.get_data(as_text=True)
    assert _cancelled(db) == [None]
    done = client.post(url, data={"csrf_token": csrf_token(form), "reason": "Entered twice"})
    assert done.status_code == 302
    text = page_text(client.get(f"/recognition/residents/{dee.id}"))
    assert "Cancelled Entered twice" in text and "Cancel this payment" not in text
    finance = page_text(client.get("/recognition/finance"))
    assert f"P{activity.payment.id}" not in finance and f"E{expense.id}" in finance
    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get("/recognition/finance/payments-due.csv").data.decode("utf-8-sig")
            )
        )
    )
    assert [row[0] for row in csv_rows[1:]] == [f"E{expense.id}"]


def test_a_paid_payment_says_it_cannot_be_cancelled(client, db):
    make_policy()
    make_rate(kind=ActivityKind.TRAINING, pence=1000)
    hr = make_hr()
    dee = make_resident()
    activity = _training(hr, dee, date.today())
    finance.mark_paid(hr, payment_ids=[activity.payment.id], expense_ids=[], paid_on=date.today())
    sign_in(client, hr)
    assert "Cancel this payment" not in page_text(client.get(f"/recognition/residents/{dee.id}"))
    url = f"/recognition/residents/{dee.id}/payments/{activity.payment.id}/cancel"
    page = client.get(url)
    assert "so it cannot be cancelled" in page_text(page)
    response = client.post(url, data={"csrf_token": csrf_token(page), "reason": "mistake"})
    assert response.status_code == 422
    assert _cancelled(db) == [None]
    # Someone else's payment is not reachable through this resident's page.
    other = make_resident()
    assert (
        client.get(
            f"/recognition/residents/{other.id}/payments/{activity.payment.id}/cancel"
        ).status_code
        == 404
    )


def test_the_same_activity_on_the_same_day_is_asked_about_before_recording_again(client, db):
    make_policy()
    make_rate(kind=ActivityKind.PANEL, pence=2500)
    hr = make_hr()
    dee = make_resident(name="Dee Morgan")
    day = date.today() - timedelta(days=3)
    sign_in(client, hr)
    url = f"/recognition/residents/{dee.id}/activities/new"

    def send(**extra):  # noqa: ANN003, ANN202
        page = client.get(url)
        data = {
            "csrf_token": csrf_token(page),
            "once": once_key(page),
            "kind": "panel",
            "happened_on": day.isoformat(),
            "attendance": "attended",
            "choice": "full",
            "method": "cash",
            **extra,
        }
        return client.post(url, data=data)

    assert send().status_code == 302
    warned = send()
    body = warned.get_data(as_text=True)
    assert warned.status_code == 422
    assert (
        f"Dee Morgan already has an interview panel payment on {day:%d/%m/%Y}. Record it again?"
        in page_text(warned)
    )
    assert 'id="again-error"' in body and f'value="{day.isoformat()}"' in body
    assert len(db.session.execute(select(Activity)).scalars().all()) == 1
    assert send(again="y").status_code == 302
    assert len(db.session.execute(select(Activity)).scalars().all()) == 2


def test_a_cancelled_activity_does_not_count_as_a_repeat(db):
    make_policy()
    make_rate(kind=ActivityKind.TRAINING, pence=1000)
    hr = make_hr()
    dee = make_resident()
    first = _training(hr, dee)
    with pytest.raises(Refused) as repeat:
        _training(hr, dee)
    assert repeat.value.field == "again"
    corrections.cancel_payment(hr, first.payment, reason="wrong kind")
    assert _training(hr, dee).id != first.id
