"""Finance: what is chosen but not yet paid, and marking it paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.recognition import rules
from panelhire.recognition.models import Activity, Expense, Payment
from panelhire.recognition.rules import ExpenseKind, Method, Refused

EXPENSE_METHOD_UNKNOWN = "Cash unless agreed"


def mark_paid(actor: User, *, payment_ids: list[int], expense_ids: list[int], paid_on: date) -> int:
    """Mark payments and expenses as paid on a day; those already paid or cancelled are left
    alone.

    Nothing can be paid before the activity or cost it is for: such a date is a slip (a wrong
    year, or the wrong line ticked) and would put the money in the wrong period on a
    statement, so it is refused and nothing is marked.
    """
    payments = [
        p
        for p in db.session.execute(select(Payment).where(Payment.id.in_(payment_ids))).scalars()
        if p.paid_on is None and p.amount_pence > 0 and not p.is_cancelled
    ]
    expenses = [
        e
        for e in db.session.execute(select(Expense).where(Expense.id.in_(expense_ids))).scalars()
        if e.paid_on is None and not e.is_cancelled
    ]
    dates = [(p.activity.happened_on, f"P{p.id}") for p in payments]
    dates += [(e.incurred_on, f"E{e.id}") for e in expenses]
    too_early = [(day, ref) for day, ref in dates if day > paid_on]
    if too_early:
        latest, ref = max(too_early)
        raise Refused(
            "paid_on",
            f"{ref} is for {latest:%d/%m/%Y}, after the paid-on date. Enter a date on or after "
            f"{latest:%d/%m/%Y}, or untick {ref}.",
        )
    count = 0
    for payment in payments:
        payment.paid_on = paid_on
        payment.paid_by_id = actor.id
        count += 1
    for expense in expenses:
        expense.paid_on = paid_on
        count += 1
    db.session.flush()
    record(
        "recognition.marked_paid",
        actor=actor,
        object_type="payment",
        summary=f"{count} payment(s) and expense(s) marked paid on {paid_on:%d/%m/%Y}",
    )
    return count


@dataclass
class PaymentDue:
    reference: str
    resident: str
    what: str
    on: date
    method: str
    amount_pence: int


def expense_method_label(expense: Expense) -> str:
    """How an expense is repaid: as agreed when recorded, otherwise cash, the usual way."""
    if expense.method:
        return rules.METHOD_LABELS[Method(expense.method)]
    return EXPENSE_METHOD_UNKNOWN


@dataclass(frozen=True)
class DueTotal:
    count: int
    amount_pence: int


def total_due(rows: list[PaymentDue]) -> DueTotal:
    return DueTotal(len(rows), sum(r.amount_pence for r in rows))


def payments_due() -> list[PaymentDue]:
    """Payments and expenses chosen but not yet paid: what finance needs to pay out."""
    rows = []
    payments = db.session.execute(
        select(Payment)
        .join(Activity, Activity.id == Payment.activity_id)
        .where(Payment.paid_on.is_(None), Payment.amount_pence > 0, Payment.cancelled_at.is_(None))
        .order_by(Activity.happened_on, Payment.id)
    ).scalars()
    for p in payments:
        rows.append(
            PaymentDue(
                reference=f"P{p.id}",
                resident=p.activity.user.display_name,
                what=p.activity.payment_label,
                on=p.activity.happened_on,
                method=rules.METHOD_LABELS[Method(p.method)] if p.method else "",
                amount_pence=p.amount_pence,
            )
        )
    expenses = db.session.execute(
        select(Expense)
        .where(Expense.paid_on.is_(None), Expense.cancelled_at.is_(None))
        .order_by(Expense.incurred_on, Expense.id)
    ).scalars()
    for e in expenses:
        rows.append(
            PaymentDue(
                reference=f"E{e.id}",
                resident=e.user.display_name,
                what=f"Expense: {rules.EXPENSE_LABELS[ExpenseKind(e.kind)]}"
                + (" (receipt seen)" if e.receipt_seen else " (no receipt)"),
                on=e.incurred_on,
                method=expense_method_label(e),
                amount_pence=e.amount_pence,
            )
        )
    return rows
