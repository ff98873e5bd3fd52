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
from panelhire.recognition.models import Cancellable, Expense, Payment
from panelhire.recognition.rules import ExpenseKind, Refused

MAX_REASON = 300


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise Refused("reason", "Say why it is being cancelled, for example 'recorded twice'")
    if len(reason) > MAX_REASON:
        raise Refused("reason", f"Keep the reason to {MAX_REASON} characters or fewer")
    return reason


def _not_cancellable(item: Cancellable, what: str) -> str | None:
    if item.is_cancelled:
        return f"This {what} is already cancelled."
    if item.paid_on is not None:
        return (
            f"This {what} was paid on {item.paid_on:%d/%m/%Y}, so it cannot be cancelled. "
            "If it was paid by mistake, speak to finance."
        )
    return None


def payment_not_cancellable(payment: Payment) -> str | None:
    """Why this payment cannot be cancelled, if it cannot."""
    return _not_cancellable(payment, "payment")


def expense_not_cancellable(expense: Expense) -> str | None:
    """Why this expense cannot be cancelled, if it cannot."""
    return _not_cancellable(expense, "expense")


def _cancel(actor: User, item: Cancellable, what: str, reason: str) -> None:
    """Mark an unpaid item cancelled with the reason: the one rule payments and expenses share."""
    problem = _not_cancellable(item, what)
    if problem:
        raise Refused("reason", problem)
    item.cancel_reason = _reason(reason)
    item.cancelled_at = now_utc()
    item.cancelled_by_id = actor.id
    db.session.flush()


def cancel_payment(actor: User, payment: Payment, *, reason: str) -> Payment:
    """Cancel an unpaid payment for an activity recorded by mistake or twice."""
    _cancel(actor, payment, "payment", reason)
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
    _cancel(actor, expense, "expense", reason)
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
