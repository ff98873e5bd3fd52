"""Putting mistakes right: cancelling a payment or an expense that should not be paid.

Money records are never deleted. A cancelled payment or expense stays on the resident's
record, marked cancelled with the reason, so anyone reading it later can see what happened;
it is left out of payments due, totals, the finance export and statements. Once paid, money
has left the organisation and cancelling would hide that, so paid items cannot be cancelled.
"""

from __future__ import annotations

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.recognition import rules
from panelhire.recognition.models import Expense, Payment
from panelhire.recognition.rules import ExpenseKind, Refused

MAX_REASON = 300


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise Refused("reason", "Say why it is being cancelled, for example 'recorded twice'")
    if len(reason) > MAX_REASON:
        raise Refused("reason", f"Keep the reason to {MAX_REASON} characters or fewer")
    return reason


def payment_not_cancellable(payment: Payment) -> str | None:
    """Why this payment cannot be cancelled, if it cannot."""
    if payment.is_cancelled:
        return "This payment is already cancelled."
    if payment.is_paid:
        return (
            f"This payment was paid on {payment.paid_on:%d/%m/%Y}, so it cannot be cancelled. "
            "If it was paid by mistake, speak to finance."
        )
    return None


def expense_not_cancellable(expense: Expense) -> str | None:
    """Why this expense cannot be cancelled, if it cannot."""
    if expense.is_cancelled:
        return "This expense is already cancelled."
    if expense.paid_on is not None:
        return (
            f"This expense was paid on {expense.paid_on:%d/%m/%Y}, so it cannot be cancelled. "
            "If it was paid by mistake, speak to finance."
        )
    return None


def cancel_payment(actor: User, payment: Payment, *, reason: str) -> Payment:
    """Cancel an unpaid payment for an activity recorded by mistake or twice."""
    problem = payment_not_cancellable(payment)
    if problem:
        raise Refused("reason", problem)
    payment.cancel_reason = _reason(reason)
    payment.cancelled_at = now_utc()
    payment.cancelled_by_id = actor.id
    db.session.flush()
    activity = payment.activity
    record(
        "recognition.payment_cancelled",
        actor=actor,
        object_type="payment",
        object_id=payment.id,
        summary=f"{activity.label} on {activity.happened_on:%d/%m/%Y} for "
        f"{activity.user.display_name}, {rules.pounds(payment.amount_pence)}: "
        f"{payment.cancel_reason}",
    )
    return payment


def cancel_expense(actor: User, expense: Expense, *, reason: str) -> Expense:
    """Cancel an unpaid expense recorded by mistake or twice."""
    problem = expense_not_cancellable(expense)
    if problem:
        raise Refused("reason", problem)
    expense.cancel_reason = _reason(reason)
    expense.cancelled_at = now_utc()
    expense.cancelled_by_id = actor.id
    db.session.flush()
    record(
        "recognition.expense_cancelled",
        actor=actor,
        object_type="expense",
        object_id=expense.id,
        summary=f"{rules.EXPENSE_LABELS[ExpenseKind(expense.kind)]} on "
        f"{expense.incurred_on:%d/%m/%Y} for {expense.user.display_name}, "
        f"{rules.pounds(expense.amount_pence)}: {expense.cancel_reason}",
    )
    return expense
