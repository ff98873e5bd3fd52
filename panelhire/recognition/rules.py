"""Recognition rules, in the words an HR officer would use.

Plain functions over plain values: no Flask, no database. Money is always whole pence.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

# A sane ceiling: no single payment, expense or rate for one activity is more than £500.
MAX_AMOUNT_PENCE = 50_000
# The organisation's benefits threshold can be far above one payment; this only catches slips.
MAX_THRESHOLD_PENCE = 10_000_000
# "Near" a threshold means at or above this share of it.
NEAR_PERCENT = 80


class ActivityKind(enum.StrEnum):
    TRAINING = "training"
    PREPARATION = "preparation"
    PANEL = "panel"
    DEBRIEF = "debrief"


ACTIVITY_LABELS = {
    ActivityKind.TRAINING: "Training session",
    ActivityKind.PREPARATION: "Panel preparation",
    ActivityKind.PANEL: "Interview panel",
    ActivityKind.DEBRIEF: "Debrief",
}


class Attendance(enum.StrEnum):
    ATTENDED = "attended"
    LATE_CANCELLED = "late_cancelled"
    DID_NOT_ATTEND = "did_not_attend"


ATTENDANCE_LABELS = {
    Attendance.ATTENDED: "Took part",
    Attendance.LATE_CANCELLED: "Cancelled late",
    Attendance.DID_NOT_ATTEND: "Did not come",
}


class LateRule(enum.StrEnum):
    PAY = "pay"
    PART = "part"
    NONE = "none"


LATE_RULE_LABELS = {
    LateRule.PAY: "Pay in full",
    LateRule.PART: "Pay part of the rate",
    LateRule.NONE: "Do not pay",
}


class Choice(enum.StrEnum):
    FULL = "full"
    LOWER = "lower"
    NONE = "none"
    DONATE = "donate"


CHOICE_LABELS = {
    Choice.FULL: "Full payment",
    Choice.LOWER: "A lower amount",
    Choice.NONE: "No payment",
    Choice.DONATE: "Donate it",
}


class Method(enum.StrEnum):
    VOUCHER = "voucher"
    TRANSFER = "transfer"
    CASH = "cash"


METHOD_LABELS = {
    Method.VOUCHER: "Voucher",
    Method.TRANSFER: "Bank transfer",
    Method.CASH: "Cash",
}


class ExpenseKind(enum.StrEnum):
    TRAVEL = "travel"
    CARE = "care"
    MEALS = "meals"


EXPENSE_LABELS = {
    ExpenseKind.TRAVEL: "Travel",
    ExpenseKind.CARE: "Childcare or care costs",
    ExpenseKind.MEALS: "Meals",
}


class Period(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"
    TAX_YEAR = "tax_year"


PERIOD_LABELS = {
    Period.WEEK: "a week",
    Period.MONTH: "a calendar month",
    Period.TAX_YEAR: "a tax year",
}
# The same periods as a running total is spoken of: "your total this tax year".
THIS_PERIOD = {
    Period.WEEK: "this week",
    Period.MONTH: "this calendar month",
    Period.TAX_YEAR: "this tax year",
}


class Refused(ValueError):
    """Input the rules will not accept; `field` names where the message belongs."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- Periods -------------------------------------------------------------------------------


def week_start(day: date) -> date:
    """Weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def tax_year_start(day: date) -> date:
    """The UK tax year runs from 6 April to 5 April; this is the 6 April that starts it."""
    start = date(day.year, 4, 6)
    return start if day >= start else date(day.year - 1, 4, 6)


def tax_year_label(day: date) -> str:
    start = tax_year_start(day)
    return f"6 April {start.year} to 5 April {start.year + 1}"


def period_bounds(period: Period, day: date) -> tuple[date, date]:
    """First and last day of the week, month or tax year that contains `day`."""
    if period is Period.WEEK:
        start = week_start(day)
        return start, start + timedelta(days=6)
    if period is Period.MONTH:
        start = month_start(day)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    start = tax_year_start(day)
    return start, date(start.year + 1, 4, 5)


# --- Rates ---------------------------------------------------------------------------------


class RateLike(Protocol):
    kind: str
    amount_pence: int
    effective_from: date


@dataclass(frozen=True)
class RateRow:
    kind: str
    amount_pence: int
    effective_from: date


def rate_on(rates: Iterable[RateLike], kind: str, day: date) -> RateLike | None:
    """The rate for an activity is the latest one that had taken effect on the day it happened."""
    in_effect = [r for r in rates if r.kind == kind and r.effective_from <= day]
    return max(in_effect, key=lambda r: r.effective_from, default=None)


def retroactive_refusal(effective_from: date, paid_activity_days: Iterable[date]) -> str | None:
    """A new rate may not reach back over activities that were already paid at the old rate.

    Returns the reason for refusing, or None when the new rate can start on that date.
    """
    affected = [d for d in paid_activity_days if d >= effective_from]
    if not affected:
        return None
    latest = max(affected)
    return (
        f"Activities up to {latest:%d/%m/%Y} have already been paid at the current rate. "
        f"Choose a start date after {latest:%d/%m/%Y}."
    )


# --- What is due, and the resident's choice ------------------------------------------------


def due_for(rate_pence: int, attendance: Attendance, late_rule: LateRule, part_percent: int) -> int:
    """What the organisation owes for one activity before the resident chooses.

    Taking part earns the full rate. A late cancellation follows the organisation's rule:
    the full rate, a set percentage of it (rounded down to the penny), or nothing.
    Not coming earns nothing.
    """
    if attendance is Attendance.ATTENDED:
        return rate_pence
    if attendance is Attendance.LATE_CANCELLED:
        if late_rule is LateRule.PAY:
            return rate_pence
        if late_rule is LateRule.PART:
            return rate_pence * part_percent // 100
    return 0


def late_cancellation_note(attendance: str, rate_pence: int, due_pence: int) -> str | None:
    """How a late cancellation was paid, as recorded at the time ("late cancellation, 50%").

    Worked out from the rate and the amount due that were recorded, not today's policy: the
    rule may have changed since, and finance must see why the amount differs from the rate.
    """
    if attendance != Attendance.LATE_CANCELLED:
        return None
    if rate_pence <= 0 or due_pence >= rate_pence:
        return "late cancellation, full rate"
    percent = round(due_pence * 100 / rate_pence)
    return f"late cancellation, {percent}%"


@dataclass(frozen=True)
class Decision:
    """What the resident receives, what they donate, and how they are paid."""

    amount_pence: int
    donated_pence: int
    method: Method | None


def decide_payment(
    due_pence: int, choice: Choice, method: Method | None, lower_pence: int | None
) -> Decision:
    """Apply the resident's choice: full, a lower amount, nothing, or donate it.

    A lower amount must be more than nothing and less than what is due; full and lower
    payments need a method (voucher, bank transfer or cash). Nothing can be paid or donated
    for an activity that earned nothing, such as one the resident did not come to.
    """
    if due_pence <= 0 and choice is not Choice.NONE:
        raise Refused("choice", "Nothing is due for this activity, so choose 'No payment'.")
    if choice is Choice.NONE:
        return Decision(0, 0, None)
    if choice is Choice.DONATE:
        return Decision(0, due_pence, None)
    if method is None:
        raise Refused("method", "Choose how the payment is made: voucher, bank transfer or cash")
    if choice is Choice.FULL:
        return Decision(due_pence, 0, method)
    if lower_pence is None:
        raise Refused("lower", "Enter the lower amount the resident chose")
    if lower_pence <= 0 or lower_pence >= due_pence:
        raise Refused(
            "lower",
            f"A lower amount must be more than £0.00 and less than the {pounds(due_pence)} due",
        )
    return Decision(lower_pence, 0, method)


def a_or_an(label: str) -> str:
    """ "an interview panel", "a debrief": the label lower-cased, with its article."""
    word = label.lower()
    return ("an " if word[:1] in "aeiou" else "a ") + word


# --- Amounts -------------------------------------------------------------------------------

# Pounds, optionally with thousands grouped by commas ("1,250"), then up to two pence digits.
_POUNDS = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3}){1,2}|\d{1,7})(?:\.(\d{1,2}))?$")
COMMA_FOR_PENCE = "Write pence after a full stop, like 4.50, not a comma"


def pounds(pence: int) -> str:
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence) // 100:,}.{abs(pence) % 100:02d}"


def parse_pounds(text: str, *, maximum: int = MAX_AMOUNT_PENCE) -> int:
    """Read an amount typed as pounds ('12', '12.5', '£12.50') into pence, within limits.

    Many people write pence after a comma ('4,50'). Dropping that comma would silently make
    £4.50 into £450.00, so a comma is accepted only where it groups thousands ('1,250.00',
    as amounts are shown); any other comma is refused, asking for a full stop.
    """
    cleaned = (text or "").strip()
    if not cleaned:
        raise Refused("amount", "Enter an amount in pounds, like 12.50")
    if cleaned.startswith("-") or cleaned.startswith("£-"):
        raise Refused("amount", "The amount cannot be negative")
    match = _POUNDS.match(cleaned)
    if not match:
        if "," in cleaned:
            raise Refused("amount", COMMA_FOR_PENCE)
        raise Refused("amount", "Enter an amount in pounds and pence, like 12.50")
    whole, fraction = match.group(1).replace(",", ""), (match.group(2) or "0")
    pence = int(whole) * 100 + int(fraction.ljust(2, "0"))
    check_amount(pence, maximum=maximum)
    return pence


def check_amount(pence: int, *, maximum: int = MAX_AMOUNT_PENCE) -> int:
    """Refuse negative amounts and amounts over the sane maximum."""
    if pence < 0:
        raise Refused("amount", "The amount cannot be negative")
    if pence > maximum:
        raise Refused("amount", f"The amount cannot be more than {pounds(maximum)}")
    return pence


# --- Running totals and the threshold warning ----------------------------------------------


@dataclass(frozen=True)
class Income:
    """Money a resident receives, on the day it counts."""

    counted_on: date
    amount_pence: int


def counted_on(activity_on: date, paid_on: date | None) -> date:
    """A payment counts on the day it is paid; until then, on the day of the activity."""
    return paid_on or activity_on


def counts_as_income(choice: str, amount_pence: int) -> bool:
    """Full and lower payments count, whatever the method: vouchers count as income too.

    Donated payments and expenses (which repay costs) are not added.
    """
    return choice in (Choice.FULL, Choice.LOWER) and amount_pence > 0


@dataclass(frozen=True)
class Totals:
    on: date
    week: int
    month: int
    tax_year: int

    def for_period(self, period: Period) -> int:
        return {Period.WEEK: self.week, Period.MONTH: self.month, Period.TAX_YEAR: self.tax_year}[
            period
        ]


def total_in(incomes: Iterable[Income], period: Period, day: date) -> int:
    """What was received from the start of the period containing `day` up to and including it."""
    first, _last = period_bounds(period, day)
    return sum(i.amount_pence for i in incomes if first <= i.counted_on <= day)


def running_totals(incomes: Iterable[Income], on: date) -> Totals:
    """Totals so far this week (from Monday), this calendar month and this UK tax year."""
    items = list(incomes)
    return Totals(
        on=on,
        week=total_in(items, Period.WEEK, on),
        month=total_in(items, Period.MONTH, on),
        tax_year=total_in(items, Period.TAX_YEAR, on),
    )


class ThresholdLevel(enum.StrEnum):
    NEAR = "near"
    OVER = "over"


def threshold_warning(
    total_pence: int, threshold_pence: int, near_percent: int = NEAR_PERCENT
) -> ThresholdLevel | None:
    """Warn when a total reaches the organisation's threshold, or comes near it (80% by default).

    No threshold set (zero) means no warning. PanelHire only warns and signposts to
    independent welfare-rights advice; it never says what a total means for benefits.
    """
    if threshold_pence <= 0:
        return None
    if total_pence >= threshold_pence:
        return ThresholdLevel.OVER
    if total_pence * 100 >= threshold_pence * near_percent:
        return ThresholdLevel.NEAR
    return None


# --- Statements ----------------------------------------------------------------------------


class StatementLine(enum.StrEnum):
    RECEIVED = "received"
    DUE = "due"


def statement_line(
    happened_on: date, paid_on: date | None, start: date, end: date
) -> StatementLine | None:
    """Where money for one activity or cost goes on a statement from `start` to `end`, if at all.

    It counts as received (or repaid) if it was paid within the dates, whenever it happened.
    It counts as due at the end of the period if it happened within the dates and had not
    been paid by the last of them, even if it has been paid since: a statement for past dates
    then reads the same whenever it is produced. Anything else belongs to another statement.
    Over consecutive statements, money is counted as received once, in the statement covering
    the day it was paid, and as due at most once, in the one covering the day it happened.
    """
    if paid_on is not None and start <= paid_on <= end:
        return StatementLine.RECEIVED
    if start <= happened_on <= end and (paid_on is None or paid_on > end):
        return StatementLine.DUE
    return None
