"""Recognition rules with worked examples: no app, no database."""

from __future__ import annotations

from datetime import date

import pytest

from panelhire.recognition import rules
from panelhire.recognition.rules import (
    Attendance,
    Choice,
    Income,
    LateRule,
    Method,
    Period,
    RateRow,
    Refused,
    ThresholdLevel,
)

# --- Periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2026, 4, 5), date(2025, 4, 6)),  # the last day of a tax year
        (date(2026, 4, 6), date(2026, 4, 6)),  # the first day of the next
        (date(2026, 1, 1), date(2025, 4, 6)),
        (date(2026, 12, 31), date(2026, 4, 6)),
    ],
)
def test_the_uk_tax_year_starts_on_6_april(day, start):
    assert rules.tax_year_start(day) == start


def test_tax_year_label_names_both_ends():
    assert rules.tax_year_label(date(2026, 4, 5)) == "6 April 2025 to 5 April 2026"


def test_weeks_run_monday_to_sunday_across_a_month_end():
    # Friday 30 January 2026 and Sunday 1 February 2026 are in the same week.
    assert rules.period_bounds(Period.WEEK, date(2026, 2, 1)) == (
        date(2026, 1, 26),
        date(2026, 2, 1),
    )


def test_month_bounds_in_a_leap_year():
    assert rules.period_bounds(Period.MONTH, date(2028, 2, 10)) == (
        date(2028, 2, 1),
        date(2028, 2, 29),
    )


# --- Rates ---------------------------------------------------------------------------------

RATES = [
    RateRow("panel", 2000, date(2025, 1, 1)),
    RateRow("panel", 2500, date(2026, 4, 6)),
    RateRow("training", 1000, date(2025, 1, 1)),
]


def test_the_rate_is_the_one_in_effect_on_the_day():
    assert rules.rate_on(RATES, "panel", date(2026, 4, 5)).amount_pence == 2000
    assert rules.rate_on(RATES, "panel", date(2026, 4, 6)).amount_pence == 2500
    assert rules.rate_on(RATES, "training", date(2030, 1, 1)).amount_pence == 1000


def test_no_rate_before_the_first_one_starts():
    assert rules.rate_on(RATES, "panel", date(2024, 12, 31)) is None
    assert rules.rate_on(RATES, "debrief", date(2026, 1, 1)) is None


def test_a_new_rate_cannot_reach_back_over_paid_activities():
    paid = [date(2026, 3, 10), date(2026, 3, 20)]
    reason = rules.retroactive_refusal(date(2026, 3, 15), paid)
    assert reason is not None and "20/03/2026" in reason
    assert rules.retroactive_refusal(date(2026, 3, 20), paid) is not None
    assert rules.retroactive_refusal(date(2026, 3, 21), paid) is None
    assert rules.retroactive_refusal(date(2020, 1, 1), []) is None


# --- What is due ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attendance", "rule", "due"),
    [
        (Attendance.ATTENDED, LateRule.NONE, 2500),
        (Attendance.LATE_CANCELLED, LateRule.PAY, 2500),
        (Attendance.LATE_CANCELLED, LateRule.PART, 1250),
        (Attendance.LATE_CANCELLED, LateRule.NONE, 0),
        (Attendance.DID_NOT_ATTEND, LateRule.PAY, 0),
    ],
)
def test_late_cancellation_follows_the_organisations_rule(attendance, rule, due):
    assert rules.due_for(2500, attendance, rule, 50) == due


def test_part_payment_rounds_down_to_the_penny():
    assert rules.due_for(999, Attendance.LATE_CANCELLED, LateRule.PART, 50) == 499


def test_choices():
    assert rules.decide_payment(2500, Choice.FULL, Method.VOUCHER, None) == rules.Decision(
        2500, 0, Method.VOUCHER
    )
    assert rules.decide_payment(2500, Choice.LOWER, Method.CASH, 1000).amount_pence == 1000
    assert rules.decide_payment(2500, Choice.NONE, Method.CASH, None) == rules.Decision(0, 0, None)
    assert rules.decide_payment(2500, Choice.DONATE, None, None) == rules.Decision(0, 2500, None)


@pytest.mark.parametrize(
    ("due", "choice", "method", "lower", "field"),
    [
        (0, Choice.FULL, Method.CASH, None, "choice"),  # nothing earned: nothing to pay
        (0, Choice.DONATE, None, None, "choice"),
        (2500, Choice.FULL, None, None, "method"),
        (2500, Choice.LOWER, Method.CASH, None, "lower"),
        (2500, Choice.LOWER, Method.CASH, 2500, "lower"),
        (2500, Choice.LOWER, Method.CASH, 0, "lower"),
    ],
)
def test_refused_choices_name_the_field(due, choice, method, lower, field):
    with pytest.raises(Refused) as refused:
        rules.decide_payment(due, choice, method, lower)
    assert refused.value.field == field


# --- Amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("12", 1200), ("12.5", 1250), ("£12.50", 1250), (" 0.05 ", 5), ("500", 50000)],
)
def test_amounts_are_read_in_pounds(typed, pence):
    assert rules.parse_pounds(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "cannot be negative"),
        ("£-5", "cannot be negative"),
        ("500.01", "cannot be more than £500.00"),
        ("12.345", "pounds and pence"),
        ("twelve", "pounds and pence"),
        ("", "Enter an amount"),
    ],
)
def test_bad_amounts_are_refused_clearly(typed, message):
    with pytest.raises(Refused) as refused:
        rules.parse_pounds(typed)
    assert message in refused.value.message


@pytest.mark.parametrize("typed", ["4,50", "12,50", "12,5", "£0,99", "1,00"])
def test_a_comma_for_pence_is_refused_never_read_as_pounds(typed):
    """'4,50' once became £450.00: a decimal comma must ask for a full stop instead."""
    with pytest.raises(Refused) as refused:
        rules.parse_pounds(typed)
    assert refused.value.field == "amount"
    assert refused.value.message == rules.COMMA_FOR_PENCE


def test_a_comma_grouping_thousands_is_read_as_shown():
    assert rules.parse_pounds("1,250.00", maximum=10**7) == 125_000
    with pytest.raises(Refused, match="cannot be more than £500.00"):
        rules.parse_pounds("1,000")


# --- Totals and the threshold: worked examples ---------------------------------------------


def test_totals_across_a_month_boundary():
    """Friday 30 January to Monday 2 February 2026: one tax year, two months, two weeks."""
    incomes = [
        Income(date(2026, 1, 30), 2500),  # panel, paid by voucher
        Income(date(2026, 2, 1), 1000),  # training, Sunday: same week as 30 January
        Income(date(2026, 2, 2), 2500),  # panel on the Monday after
    ]
    on_sunday = rules.running_totals(incomes, date(2026, 2, 1))
    assert (on_sunday.week, on_sunday.month, on_sunday.tax_year) == (3500, 1000, 3500)
    on_monday = rules.running_totals(incomes, date(2026, 2, 2))
    assert (on_monday.week, on_monday.month, on_monday.tax_year) == (2500, 3500, 6000)
    in_january = rules.running_totals(incomes, date(2026, 1, 31))
    assert (in_january.week, in_january.month, in_january.tax_year) == (2500, 2500, 2500)


def test_totals_across_the_tax_year_boundary():
    """Sunday 5 April 2026 ends a tax year; Monday 6 April starts the next, in the same month."""
    incomes = [
        Income(date(2025, 4, 6), 2000),  # first day of 2025-26
        Income(date(2026, 4, 5), 2500),  # last day of 2025-26, a Sunday
        Income(date(2026, 4, 6), 2500),  # first day of 2026-27, a Monday
        Income(date(2026, 4, 7), 1000),
    ]
    last_day = rules.running_totals(incomes, date(2026, 4, 5))
    assert (last_day.week, last_day.month, last_day.tax_year) == (2500, 2500, 4500)
    first_day = rules.running_totals(incomes, date(2026, 4, 6))
    # The month carries on; a new week (Monday) and a new tax year start from nothing.
    assert (first_day.week, first_day.month, first_day.tax_year) == (2500, 5000, 2500)
    next_day = rules.running_totals(incomes, date(2026, 4, 7))
    assert (next_day.week, next_day.month, next_day.tax_year) == (3500, 6000, 3500)


def test_only_money_received_counts_and_vouchers_count():
    assert rules.counts_as_income(Choice.FULL, 2500)
    assert rules.counts_as_income(Choice.LOWER, 100)
    assert not rules.counts_as_income(Choice.DONATE, 0)
    assert not rules.counts_as_income(Choice.NONE, 0)


def test_a_payment_counts_when_paid_or_until_then_on_the_day():
    assert rules.counted_on(date(2026, 3, 31), date(2026, 4, 8)) == date(2026, 4, 8)
    assert rules.counted_on(date(2026, 3, 31), None) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (0, None),
        (7999, None),
        (8000, ThresholdLevel.NEAR),
        (9999, ThresholdLevel.NEAR),
        (10000, ThresholdLevel.OVER),
        (25000, ThresholdLevel.OVER),
    ],
)
def test_warning_near_and_at_the_threshold(total, expected):
    assert rules.threshold_warning(total, 10000) == expected


def test_no_threshold_means_no_warning():
    assert rules.threshold_warning(10**6, 0) is None
