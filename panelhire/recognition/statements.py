"""Statements for advisers: what a resident received, what is still due and what they gave
away, between two dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from panelhire.auth.models import User
from panelhire.recognition import rules
from panelhire.recognition.models import Activity, Expense
from panelhire.recognition.rules import Method
from panelhire.recognition.services import activities_of, expenses_of, local_today, organisation


@dataclass
class Statement:
    """Money received and still due, kept apart: advisers read it for benefits."""

    user: User
    organisation: str
    start: date
    end: date
    produced_on: date
    activities: list[Activity]
    expenses: list[Expense]
    received_pence: int
    by_method: dict[Method, int]
    due_pence: int
    donated_pence: int
    expenses_repaid_pence: int
    expenses_due_pence: int
    support_contact: str = ""
    tax_years: list[tuple[str, int]] = field(default_factory=list)


def _in(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _money_line(activity: Activity, start: date, end: date) -> rules.StatementLine | None:
    payment = activity.payment
    return rules.statement_line(activity.happened_on, payment.paid_on, start, end)


def _earns(activity: Activity) -> bool:
    payment = activity.payment
    return payment is not None and rules.counts_as_income(payment.choice, payment.amount_pence)


def statement_for(user: User, start: date, end: date, today: date | None = None) -> Statement:
    """Activities, payments and expenses between two dates, for a resident to show an adviser.

    Money counts as received, or an expense as repaid, only once it has been paid, and on the
    day it was paid: an adviser must not read money still owed as money in hand. A payment or
    expense is listed, and counted once in the summary, if it was paid within the dates
    (received or repaid, even if it happened before them), or if it happened within the dates
    and had not been paid by the last of them (not yet paid at the end of the period, even if
    paid since). So every line is in exactly one summary total, a statement for past dates
    reads the same whenever it is produced, and over consecutive statements each payment is
    counted as received once. Activities with nothing to pay (donated, no payment) are listed
    on the day they happened. Cancelled payments and expenses were mistakes: they are left
    out altogether.
    """
    today = today or local_today()
    activities = [
        a
        for a in activities_of(user)
        if not (a.payment and a.payment.is_cancelled)
        and (_money_line(a, start, end) if _earns(a) else _in(a.happened_on, start, end))
    ]
    activities.sort(key=lambda a: a.happened_on)
    expenses = [
        e
        for e in expenses_of(user)
        if not e.is_cancelled and rules.statement_line(e.incurred_on, e.paid_on, start, end)
    ]
    expenses.sort(key=lambda e: e.incurred_on)
    earned = [a for a in activities if _earns(a)]
    received = [
        a.payment for a in earned if _money_line(a, start, end) is rules.StatementLine.RECEIVED
    ]
    by_method = {m: 0 for m in Method}
    years: dict[str, int] = {}
    for p in received:
        if p.method:
            by_method[Method(p.method)] += p.amount_pence
        label = rules.tax_year_label(p.paid_on)
        years[label] = years.get(label, 0) + p.amount_pence
    repaid = [e for e in expenses if _in(e.paid_on, start, end)]
    org = organisation()
    return Statement(
        user=user,
        organisation=org.name if org else "",
        start=start,
        end=end,
        produced_on=today,
        activities=activities,
        expenses=expenses,
        received_pence=sum(p.amount_pence for p in received),
        by_method=by_method,
        due_pence=sum(
            a.payment.amount_pence
            for a in earned
            if _money_line(a, start, end) is rules.StatementLine.DUE
        ),
        donated_pence=sum(a.payment.donated_pence for a in activities if a.payment),
        expenses_repaid_pence=sum(e.amount_pence for e in repaid),
        expenses_due_pence=sum(e.amount_pence for e in expenses if e not in repaid),
        support_contact=org.support_contact if org else "",
        tax_years=sorted(years.items()),
    )
