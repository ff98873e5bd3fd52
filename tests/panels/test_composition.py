"""The composition rule, with no app at all."""

from __future__ import annotations

from datetime import date

from panelhire.panels.composition import (
    NEEDS_APPOINTER,
    NEEDS_ONE_CHAIR,
    NEEDS_RESIDENT,
    NEEDS_SAFER,
    NEEDS_TWO,
    TOO_MANY_CHAIRS,
    Seat,
    check_composition,
)

DAY = date(2026, 6, 1)
CHAIR = Seat("Marcus", "chair", can_appoint=True, safer_recruitment_on=date(2025, 1, 1))
DEE = Seat("Dee", "resident", is_resident=True, eligible=True)


def test_a_full_panel_holds():
    result = check_composition([CHAIR, DEE], DAY)
    assert result.holds and result.reasons == ()


def test_an_empty_panel_gives_every_reason_in_order():
    result = check_composition([], DAY)
    assert result.reasons == (
        NEEDS_TWO,
        NEEDS_ONE_CHAIR,
        NEEDS_APPOINTER,
        NEEDS_SAFER,
        NEEDS_RESIDENT,
    )


def test_observers_and_supporters_do_not_count_as_scoring():
    mo = Seat("Mo", "observer", is_resident=True, eligible=True)
    helper = Seat("Kim", "supporter", can_appoint=True)
    result = check_composition([CHAIR, mo, helper], DAY)
    assert NEEDS_TWO in result.reasons and NEEDS_RESIDENT in result.reasons


def test_an_ineligible_resident_does_not_meet_the_promise():
    result = check_composition([CHAIR, Seat("Jo", "resident", is_resident=True)], DAY)
    assert result.reasons == (NEEDS_RESIDENT,) and result.lacks_resident


def test_safer_recruitment_training_must_be_done_by_the_panel_date():
    late = Seat("Marcus", "chair", can_appoint=True, safer_recruitment_on=date(2026, 6, 2))
    assert check_composition([late, DEE], DAY).reasons == (NEEDS_SAFER,)


def test_a_resident_cannot_be_the_staff_member_who_appoints():
    odd = Seat("Dee", "resident", is_resident=True, eligible=True, can_appoint=True)
    chair = Seat("Sofia", "chair", safer_recruitment_on=date(2025, 1, 1))
    assert check_composition([chair, odd], DAY).reasons == (NEEDS_APPOINTER,)


def test_only_one_chair():
    second = Seat("Sofia", "chair", safer_recruitment_on=date(2025, 1, 1))
    assert check_composition([CHAIR, second, DEE], DAY).reasons == (TOO_MANY_CHAIRS,)
