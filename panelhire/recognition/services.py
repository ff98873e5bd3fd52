"""Recognition writes and the reads behind its pages. Each write takes the acting person,
records an audit event and flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.core import formatting
from panelhire.core.models import Organisation
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import SeatRole
from panelhire.recognition import rules
from panelhire.recognition.models import (
    Activity,
    Expense,
    Payment,
    Rate,
    RecognitionPolicy,
)
from panelhire.recognition.rules import (
    ActivityKind,
    Attendance,
    Choice,
    ExpenseKind,
    LateRule,
    Method,
    Period,
    Refused,
)

RESIDENT_SEATS = (SeatRole.RESIDENT, SeatRole.OBSERVER)


# --- Organisation, time and policy ---------------------------------------------------------


def organisation() -> Organisation | None:
    # Read once per request: every date shown on a page asks for the organisation's zone.
    return get_organisation()


def org_zone() -> ZoneInfo:
    org = organisation()
    return ZoneInfo(org.timezone if org else "Europe/London")


def local_date(instant: datetime) -> date:
    return instant.astimezone(org_zone()).date()


def local_today() -> date:
    return formatting.local_today()


def get_policy() -> RecognitionPolicy:
    """The saved policy, or the defaults (not saved) when none has been set."""
    policy = db.session.execute(select(RecognitionPolicy).limit(1)).scalar_one_or_none()
    if policy is None:
        policy = RecognitionPolicy(
            covers_travel=True,
            covers_care=True,
            covers_meals=True,
            expenses_note="",
            late_rule=LateRule.PART,
            late_part_percent=50,
            late_hours=24,
            threshold_period=Period.MONTH,
        )
    return policy


def covered_expenses(policy: RecognitionPolicy) -> list[ExpenseKind]:
    flags = {
        ExpenseKind.TRAVEL: policy.covers_travel,
        ExpenseKind.CARE: policy.covers_care,
        ExpenseKind.MEALS: policy.covers_meals,
    }
    return [kind for kind, covered in flags.items() if covered]


def all_rates() -> list[Rate]:
    return list(
        db.session.execute(select(Rate).order_by(Rate.kind, Rate.effective_from.desc())).scalars()
    )


@dataclass
class PolicySummary:
    """What a resident should read before accepting a seat."""

    on: date
    rates: dict[ActivityKind, Rate | None]
    expenses: list[ExpenseKind]
    expenses_note: str
    late_rule: LateRule
    late_part_percent: int
    late_hours: int
    support_contact: str


def policy_for(on: date | datetime | None = None) -> PolicySummary:
    """Rates in effect on a day (a panel's date, or today), expenses covered, late rule."""
    if isinstance(on, datetime):
        on = local_date(on)
    on = on or local_today()
    rates = all_rates()
    policy = get_policy()
    org = organisation()
    return PolicySummary(
        on=on,
        rates={kind: rules.rate_on(rates, kind, on) for kind in ActivityKind},
        expenses=covered_expenses(policy),
        expenses_note=policy.expenses_note,
        late_rule=LateRule(policy.late_rule),
        late_part_percent=policy.late_part_percent,
        late_hours=policy.late_hours,
        support_contact=org.support_contact if org else "",
    )


def set_rate(actor: User, *, kind: ActivityKind, amount_pence: int, effective_from: date) -> Rate:
    """Add a rate for an activity from a date. Refused if it reaches back over paid activities."""
    try:
        rules.check_amount(amount_pence)
    except Refused as refused:
        raise Refused("amount", refused.message) from None
    clash = db.session.execute(
        select(Rate).where(Rate.kind == kind, Rate.effective_from == effective_from)
    ).scalar_one_or_none()
    if clash is not None:
        raise Refused(
            "effective_from",
            "A rate for this activity already starts on that date. Choose a different date.",
        )
    paid_days = db.session.execute(
        select(Activity.happened_on)
        .join(Payment, Payment.activity_id == Activity.id)
        .where(Activity.kind == kind, Payment.paid_on.is_not(None))
    ).scalars()
    reason = rules.retroactive_refusal(effective_from, paid_days)
    if reason:
        raise Refused("effective_from", reason)
    rate = Rate(
        kind=kind, amount_pence=amount_pence, effective_from=effective_from, set_by_id=actor.id
    )
    db.session.add(rate)
    db.session.flush()
    record(
        "recognition.rate_set",
        actor=actor,
        object_type="rate",
        object_id=rate.id,
        summary=f"{rules.ACTIVITY_LABELS[kind]}: {rules.pounds(amount_pence)} "
        f"from {effective_from:%d/%m/%Y}",
    )
    return rate


def update_policy(
    actor: User,
    *,
    covers: set[ExpenseKind],
    expenses_note: str,
    late_rule: LateRule,
    late_part_percent: int,
    late_hours: int,
    threshold_period: Period,
    threshold_pence: int = 0,
) -> RecognitionPolicy:
    """Save the policy, and the organisation's threshold for warnings (zero means none)."""
    if not 0 < late_part_percent < 100 and late_rule is LateRule.PART:
        raise Refused("late_part_percent", "Enter a percentage between 1 and 99")
    try:
        rules.check_amount(threshold_pence, maximum=rules.MAX_THRESHOLD_PENCE)
    except Refused as refused:
        raise Refused("voucher_threshold", refused.message) from None
    org = organisation()
    if org is None and threshold_pence:
        raise Refused("voucher_threshold", "Set up the organisation before setting a threshold")
    if org is not None:
        org.voucher_threshold_pence = threshold_pence
    policy = get_policy()
    policy.covers_travel = ExpenseKind.TRAVEL in covers
    policy.covers_care = ExpenseKind.CARE in covers
    policy.covers_meals = ExpenseKind.MEALS in covers
    policy.expenses_note = expenses_note.strip()
    policy.late_rule = late_rule
    policy.late_part_percent = late_part_percent
    policy.late_hours = late_hours
    policy.threshold_period = threshold_period
    policy.updated_at = now_utc()
    db.session.add(policy)
    db.session.flush()
    record(
        "recognition.policy_updated",
        actor=actor,
        object_type="recognition_policy",
        object_id=policy.id,
        summary=f"late cancellation: {late_rule}; threshold period: {threshold_period}; "
        f"threshold: {rules.pounds(threshold_pence) if threshold_pence else 'none'}",
    )
    return policy


# --- Activities and payments ---------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One resident's line on an after-panel or after-training screen, or one activity recorded
    by hand."""

    user_id: int
    attendance: Attendance
    choice: Choice
    method: Method | None
    lower_pence: int | None


def settle(entry: Entry, rate_pence: int, policy, *, who: str):  # noqa: ANN001, ANN202
    """What is due under the late-cancellation rule, and the resident's payment choice for it.

    Someone who did not come is owed nothing, so any choice but "No payment" is refused.
    """
    due = rules.due_for(
        rate_pence, entry.attendance, LateRule(policy.late_rule), policy.late_part_percent
    )
    try:
        return due, rules.decide_payment(due, entry.choice, entry.method, entry.lower_pence)
    except Refused as refused:
        if entry.attendance is Attendance.DID_NOT_ATTEND and refused.field == "choice":
            raise Refused(
                "choice", f"{who} did not come, so there is no payment: choose 'No payment'."
            ) from None
        raise


def apply_decision(
    activity: Activity,
    entry: Entry,
    rate_pence: int,
    due: int,
    decision: rules.Decision,
    actor: User,
) -> None:
    """Write an attendance and payment decision onto an activity (new or recorded before)."""
    activity.attendance = entry.attendance
    activity.rate_pence = rate_pence
    activity.due_pence = due
    activity.recorded_by_id = actor.id
    activity.recorded_at = now_utc()
    if activity.payment is None:
        activity.payment = Payment(choice=entry.choice, amount_pence=0)
    activity.payment.choice = entry.choice
    activity.payment.method = decision.method
    activity.payment.amount_pence = decision.amount_pence
    activity.payment.donated_pence = decision.donated_pence
    db.session.add(activity)


def record_activity(
    actor: User,
    resident: User,
    *,
    kind: ActivityKind,
    happened_on: date,
    entry: Entry,
    today: date | None = None,
    again: bool = False,
) -> Activity:
    """Record a training session, preparation or debrief (or a panel) by hand.

    The same kind of activity on the same day is usually a slip (a form filled twice), so
    it is asked about first; `again` says HR has confirmed it really happened twice.
    """
    today = today or local_today()
    if happened_on > today:
        raise Refused(
            "happened_on", "This date is in the future. Record an activity once it has happened."
        )
    if not again and same_day_activity(resident, kind, happened_on) is not None:
        raise Refused(
            "again",
            f"{resident.display_name} already has {rules.a_or_an(rules.ACTIVITY_LABELS[kind])} "
            f"payment on {happened_on:%d/%m/%Y}. Record it again?",
        )
    rate = rules.rate_on(all_rates(), kind, happened_on)
    if rate is None and entry.attendance is not Attendance.DID_NOT_ATTEND:
        raise Refused(
            "kind", "No rate for this activity was in effect on that date. Set a rate first."
        )
    rate_pence = rate.amount_pence if rate else 0
    due, decision = settle(entry, rate_pence, get_policy(), who="The resident")
    activity = Activity(user_id=resident.id, kind=kind, happened_on=happened_on)
    apply_decision(activity, entry, rate_pence, due, decision, actor)
    db.session.flush()
    record(
        "recognition.activity_recorded",
        actor=actor,
        object_type="activity",
        object_id=activity.id,
        summary=f"{rules.ACTIVITY_LABELS[kind]} on {happened_on:%d/%m/%Y} for "
        f"{resident.display_name}",
    )
    return activity


def _same_expense(resident: User, kind: ExpenseKind, day: date, amount_pence: int) -> bool:
    """An expense of this kind and amount already recorded for the resident that day."""
    found = db.session.execute(
        select(Expense.id)
        .where(
            Expense.user_id == resident.id,
            Expense.kind == kind,
            Expense.incurred_on == day,
            Expense.amount_pence == amount_pence,
            Expense.cancelled_at.is_(None),
        )
        .limit(1)
    ).first()
    return found is not None


def same_day_activity(resident: User, kind: ActivityKind, day: date) -> Activity | None:
    """An activity of this kind already recorded for the resident that day, not cancelled."""
    return (
        db.session.execute(
            select(Activity)
            .outerjoin(Payment, Payment.activity_id == Activity.id)
            .where(
                Activity.user_id == resident.id,
                Activity.kind == kind,
                Activity.happened_on == day,
                Payment.cancelled_at.is_(None),
            )
            .limit(1)
        )
        .scalars()
        .first()
    )


def record_expense(
    actor: User,
    resident: User,
    *,
    kind: ExpenseKind,
    incurred_on: date,
    amount_pence: int,
    receipt_seen: bool,
    paid_in_advance: bool,
    note: str = "",
    method: Method | None = None,
    today: date | None = None,
    again: bool = False,
) -> Expense:
    """Record a cost to repay, separately from payments; it may be paid in advance.

    The same cost on the same day is usually the form sent twice (Back and Save again draws
    a fresh form), so it is asked about first; `again` says HR has confirmed it is a second
    cost."""
    today = today or local_today()
    policy = get_policy()
    if kind not in covered_expenses(policy):
        raise Refused("kind", f"The policy does not cover {rules.EXPENSE_LABELS[kind].lower()}.")
    try:
        rules.check_amount(amount_pence)
    except Refused as refused:
        raise Refused("amount", refused.message) from None
    if amount_pence == 0:
        raise Refused("amount", "Enter an amount more than £0.00")
    if incurred_on > today and not paid_in_advance:
        raise Refused(
            "incurred_on",
            "This date is in the future. Tick 'paid in advance' if the money is given beforehand.",
        )
    if not again and _same_expense(resident, kind, incurred_on, amount_pence):
        raise Refused(
            "again",
            f"{resident.display_name} already has a {rules.EXPENSE_LABELS[kind].lower()} expense "
            f"of {rules.pounds(amount_pence)} on {incurred_on:%d/%m/%Y}. Record it again?",
        )
    expense = Expense(
        user_id=resident.id,
        kind=kind,
        incurred_on=incurred_on,
        amount_pence=amount_pence,
        receipt_seen=receipt_seen,
        paid_in_advance=paid_in_advance,
        paid_on=today if paid_in_advance else None,
        method=method,
        note=note.strip(),
        recorded_by_id=actor.id,
    )
    db.session.add(expense)
    db.session.flush()
    record(
        "recognition.expense_recorded",
        actor=actor,
        object_type="expense",
        object_id=expense.id,
        summary=f"{rules.EXPENSE_LABELS[kind]} {rules.pounds(amount_pence)} for "
        f"{resident.display_name}",
    )
    return expense


# --- What a resident sees ------------------------------------------------------------------


def activities_of(user: User, start: date | None = None, end: date | None = None) -> list[Activity]:
    stmt = select(Activity).where(Activity.user_id == user.id)
    if start:
        stmt = stmt.where(Activity.happened_on >= start)
    if end:
        stmt = stmt.where(Activity.happened_on <= end)
    return list(db.session.execute(stmt.order_by(Activity.happened_on.desc())).scalars())


def expenses_of(user: User, start: date | None = None, end: date | None = None) -> list[Expense]:
    stmt = select(Expense).where(Expense.user_id == user.id)
    if start:
        stmt = stmt.where(Expense.incurred_on >= start)
    if end:
        stmt = stmt.where(Expense.incurred_on <= end)
    return list(db.session.execute(stmt.order_by(Expense.incurred_on.desc())).scalars())


def incomes_of(activities: list[Activity]) -> list[rules.Income]:
    return [
        rules.Income(rules.counted_on(a.happened_on, a.payment.paid_on), a.payment.amount_pence)
        for a in activities
        if a.payment is not None
        and not a.payment.is_cancelled
        and rules.counts_as_income(a.payment.choice, a.payment.amount_pence)
    ]


@dataclass
class ResidentSummary:
    user: User
    activities: list[Activity]
    expenses: list[Expense]
    totals: rules.Totals
    threshold_pence: int
    threshold_period: Period
    warning: rules.ThresholdLevel | None
    tax_year: str


def resident_summary(user: User, today: date | None = None) -> ResidentSummary:
    """A resident's activities, expenses, running totals and any threshold warning."""
    today = today or local_today()
    activities = activities_of(user)
    totals = rules.running_totals(incomes_of(activities), today)
    org = organisation()
    threshold = org.voucher_threshold_pence if org else 0
    period = Period(get_policy().threshold_period)
    return ResidentSummary(
        user=user,
        activities=activities,
        expenses=expenses_of(user),
        totals=totals,
        threshold_pence=threshold,
        threshold_period=period,
        warning=rules.threshold_warning(totals.for_period(period), threshold),
        tax_year=rules.tax_year_label(today),
    )


def residents_with_activity() -> list[User]:
    ids = select(Activity.user_id).distinct()
    return list(
        db.session.execute(
            select(User).where(User.id.in_(ids)).order_by(User.display_name)
        ).scalars()
    )
