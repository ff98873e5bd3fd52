"""The retention rule, with no app and no database."""

from __future__ import annotations

from datetime import date

from panelhire.privacy.retention import (
    APPOINTED,
    UNSUCCESSFUL,
    CandidateFacts,
    Policy,
    due_for_anonymising,
    due_on,
    held_back,
    months_problem,
)

CLOSED = date(2026, 1, 31)


def facts(cid=1, *, closed=CLOSED, hold=False, appointed=False, anonymised=False):  # noqa: ANN001, ANN201
    return CandidateFacts(cid, 10, closed, hold, appointed, anonymised)


def test_unsuccessful_candidates_are_due_six_months_after_closing():
    assert due_on(facts(), Policy()) == date(2026, 7, 31)
    assert due_for_anonymising([facts()], Policy(), date(2026, 7, 30)) == []
    [due] = due_for_anonymising([facts()], Policy(), date(2026, 7, 31))
    assert (due.candidate_id, due.kind, due.due_on) == (1, UNSUCCESSFUL, date(2026, 7, 31))


def test_month_ends_are_clamped_not_rolled_over():
    assert due_on(facts(closed=date(2026, 8, 31)), Policy()) == date(2027, 2, 28)


def test_appointed_candidates_are_kept_twelve_months():
    appointed = facts(appointed=True)
    assert due_for_anonymising([appointed], Policy(), date(2026, 12, 31)) == []
    [due] = due_for_anonymising([appointed], Policy(), date(2027, 1, 31))
    assert due.kind == APPOINTED


def test_nothing_is_due_while_the_vacancy_is_open():
    assert due_for_anonymising([facts(closed=None)], Policy(), date(2040, 1, 1)) == []


def test_a_legal_hold_stops_it_and_is_reported():
    held = facts(hold=True)
    assert due_for_anonymising([held], Policy(), date(2030, 1, 1)) == []
    assert held_back([held], Policy(), date(2030, 1, 1)) == [1]
    assert held_back([held], Policy(), date(2026, 2, 1)) == []  # not due yet anyway


def test_already_anonymised_candidates_are_never_due_again():
    assert due_for_anonymising([facts(anonymised=True)], Policy(), date(2030, 1, 1)) == []


def test_the_organisation_sets_the_periods():
    policy = Policy(unsuccessful_months=3, appointed_months=24)
    assert due_on(facts(), policy) == date(2026, 4, 30)
    assert due_on(facts(appointed=True), policy) == date(2028, 1, 31)


def test_due_list_is_in_date_order():
    rows = [facts(1, closed=date(2026, 3, 1)), facts(2, closed=date(2026, 1, 1))]
    assert [d.candidate_id for d in due_for_anonymising(rows, Policy(), date(2027, 1, 1))] == [2, 1]


def test_months_must_be_sensible():
    assert months_problem(None)
    assert months_problem(0)
    assert months_problem(121)
    assert months_problem(6) is None
