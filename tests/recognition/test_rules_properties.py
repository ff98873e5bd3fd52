"""Properties of the recognition rules, checked over many generated cases."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

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
)

QUICK = settings(max_examples=60, deadline=None)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
pence = st.integers(min_value=0, max_value=rules.MAX_AMOUNT_PENCE)
incomes = st.lists(st.builds(Income, days, pence), max_size=30)


@QUICK
@given(days)
def test_every_day_falls_in_exactly_one_tax_year_starting_6_april(day):
    start = rules.tax_year_start(day)
    assert (start.month, start.day) == (4, 6)
    assert start <= day < date(start.year + 1, 4, 6)


@QUICK
@given(days, st.sampled_from(list(Period)))
def test_period_bounds_contain_the_day_and_touch_the_next_period(day, period):
    first, last = rules.period_bounds(period, day)
    assert first <= day <= last
    assert rules.period_bounds(period, last + timedelta(days=1))[0] == last + timedelta(days=1)


@QUICK
@given(incomes, days)
def test_totals_never_exceed_everything_received_so_far(items, on):
    totals = rules.running_totals(items, on)
    # A week or an April month total can reach back into the previous tax year, so each
    # total is only bounded by everything received so far.
    so_far = sum(i.amount_pence for i in items if i.counted_on <= on)
    assert 0 <= totals.week <= so_far
    assert 0 <= totals.month <= so_far
    assert 0 <= totals.tax_year <= so_far


@QUICK
@given(incomes, days)
def test_on_the_last_day_of_a_tax_year_its_total_is_everything_in_it(items, on):
    start = rules.tax_year_start(on)
    next_year = date(start.year + 1, 4, 6)
    inside = sum(i.amount_pence for i in items if start <= i.counted_on < next_year)
    assert rules.running_totals(items, next_year - timedelta(days=1)).tax_year == inside
    so_far = sum(i.amount_pence for i in items if start <= i.counted_on <= on)
    assert rules.running_totals(items, on).tax_year == so_far


@QUICK
@given(
    pence, st.sampled_from(list(Attendance)), st.sampled_from(list(LateRule)), st.integers(1, 99)
)
def test_never_more_is_due_than_the_rate(rate, attendance, rule, percent):
    due = rules.due_for(rate, attendance, rule, percent)
    assert 0 <= due <= rate
    if attendance is Attendance.DID_NOT_ATTEND:
        assert due == 0


@QUICK
@given(
    pence,
    st.sampled_from(list(Choice)),
    st.sampled_from([None, *Method]),
    st.one_of(st.none(), pence),
)
def test_a_decision_never_pays_more_than_is_due(due, choice, method, lower):
    try:
        decision = rules.decide_payment(due, choice, method, lower)
    except Refused as refused:
        assert refused.field in {"choice", "method", "lower"}
        return
    assert decision.amount_pence + decision.donated_pence <= due
    assert decision.amount_pence >= 0 and decision.donated_pence >= 0
    assert (decision.method is None) == (decision.amount_pence == 0)


@QUICK
@given(pence)
def test_amounts_round_trip_through_pounds(amount):
    assert rules.parse_pounds(rules.pounds(amount)) == amount


@QUICK
@given(st.lists(st.builds(RateRow, st.just("panel"), pence, days), max_size=8), days)
def test_the_rate_on_a_day_has_started_and_no_later_start_has(rates, day):
    chosen = rules.rate_on(rates, "panel", day)
    started = [r for r in rates if r.effective_from <= day]
    if chosen is None:
        assert not started
    else:
        assert chosen.effective_from == max(r.effective_from for r in started)


@QUICK
@given(st.lists(days, max_size=10), days)
def test_a_rate_is_refused_exactly_when_it_would_reach_a_paid_day(paid, start):
    refused = rules.retroactive_refusal(start, paid) is not None
    assert refused == any(d >= start for d in paid)


@QUICK
@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_warnings_grow_with_the_total(total, threshold):
    order = {None: 0, rules.ThresholdLevel.NEAR: 1, rules.ThresholdLevel.OVER: 2}
    here = order[rules.threshold_warning(total, threshold)]
    assert here <= order[rules.threshold_warning(total + 1, threshold)]
