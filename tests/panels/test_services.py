"""Booking, confirming, withdrawing and substituting, against the database."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role
from panelhire.panels import queries, services
from panelhire.panels.models import Candidate, Panel, PanelStatus, SeatRole
from panelhire.panels.services import BookingInput, PanelError
from tests.factories import make_panel, make_service, make_staff, make_vacancy
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _booking(vacancy, chair, **overrides):
    data = dict(
        day=NEXT_WEEK,
        start=time(10),
        end=time(13),
        service_id=vacancy.service_id,
        online_link="",
        chair_id=chair.id,
    )
    data.update(overrides)
    return BookingInput(**data)


def _panel_count(db):
    return db.session.execute(db.select(db.func.count(Panel.id))).scalar_one()


def test_booking_lays_out_slots_and_seats(db):
    hr = make_staff(roles={Role.HR})
    chair = make_appointer()
    dee = make_trained_resident(name="Dee")
    vacancy = make_vacancy()
    a, b = Candidate(vacancy=vacancy, name="A"), Candidate(vacancy=vacancy, name="B")
    db.session.add_all([a, b])
    db.session.flush()
    panel = services.book_panel(
        hr, vacancy, _booking(vacancy, chair, resident_ids=[dee.id], candidate_ids=[a.id, b.id])
    )
    assert [m.role for m in panel.members] == [SeatRole.CHAIR, SeatRole.RESIDENT]
    assert panel.slots[1].starts_at - panel.slots[0].starts_at == timedelta(minutes=55)
    assert queries.panel_state(panel).composition.holds
    services.confirm_panel(hr, panel)
    assert panel.status == PanelStatus.CONFIRMED


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"end": time(9)}, "end", "end time must be after"),
        ({"day": date.today() - timedelta(days=1)}, "day", "in the past"),
        ({"day": date(2030, 3, 31), "start": time(1, 30)}, "start", "does not exist"),
        ({"day": date(2030, 10, 27), "end": time(1, 30), "start": time(1)}, "start", "twice"),
        ({"service_id": None}, "service_id", "online link"),
        ({"staff_ids": "CHAIR"}, "staff_ids", "chosen twice"),
        ({"slot_minutes": 120, "candidate_ids": "ALL"}, "slot_minutes", "the panel lasts"),
    ],
)
def test_bad_bookings_are_refused_and_nothing_is_saved(db, overrides, field, words):
    hr = make_staff(roles={Role.HR})
    chair = make_appointer()
    vacancy = make_vacancy()
    vacancy.candidates = [Candidate(name="A"), Candidate(name="B")]
    db.session.flush()
    if overrides.get("staff_ids") == "CHAIR":
        overrides["staff_ids"] = [chair.id]
    if overrides.get("candidate_ids") == "ALL":
        overrides["candidate_ids"] = [c.id for c in vacancy.candidates]
    before = _panel_count(db)
    with pytest.raises(PanelError) as refused:
        services.book_panel(hr, vacancy, _booking(vacancy, chair, **overrides))
    assert refused.value.field == field
    assert words in refused.value.message
    assert _panel_count(db) == before


def test_staff_double_booking_is_refused(db):
    hr = make_staff(roles={Role.HR})
    chair = make_appointer(name="Marcus")
    make_panel(day=NEXT_WEEK, start_hour=11, hours=2, members=[(chair, "chair")])
    vacancy = make_vacancy()
    with pytest.raises(PanelError, match="Marcus is already on"):
        services.book_panel(hr, vacancy, _booking(vacancy, chair))


def test_travel_time_between_places_is_needed_for_staff(db):
    hr = make_staff(roles={Role.HR})
    chair = make_appointer(name="Marcus")
    make_panel(day=NEXT_WEEK, start_hour=13, hours=2, members=[(chair, "chair")])
    vacancy = make_vacancy(service=make_service())
    with pytest.raises(PanelError, match="needs 30 minutes to travel"):
        services.book_panel(hr, vacancy, _booking(vacancy, chair))


def test_an_ineligible_resident_is_refused_at_booking(db):
    hr = make_staff(roles={Role.HR})
    chair = make_appointer()
    lapsed = make_trained_resident(name="Jo", expires_on=NEXT_WEEK - timedelta(days=1))
    vacancy = make_vacancy()
    with pytest.raises(PanelError, match="Jo is not eligible") as refused:
        services.book_panel(hr, vacancy, _booking(vacancy, chair, resident_ids=[lapsed.id]))
    assert refused.value.field == "resident_ids"


def test_a_panel_without_a_resident_cannot_be_confirmed_without_an_exception(db):
    hr = make_staff(roles={Role.HR})
    manager = make_appointer()
    panel = make_panel(members=[(manager, "chair"), (make_appointer(), "staff")])
    with pytest.raises(PanelError, match="eligible to score"):
        services.confirm_panel(hr, panel)
    assert panel.status == PanelStatus.DRAFT
    with pytest.raises(PanelError):
        services.record_exception(manager, panel, "   ")
    services.record_exception(manager, panel, "No trained resident free that week")
    assert panel.status == PanelStatus.CONFIRMED
    assert queries.panel_state(panel).colour == queries.EXCEPTION


def test_withdrawal_proposes_a_substitute_and_notifies_only_the_people_concerned(db):
    hr = make_staff(roles={Role.HR})
    chair = make_appointer()
    dee = make_trained_resident(name="Dee")
    sam = make_trained_resident(name="Sam")
    panel = make_panel(members=[(chair, "chair"), (dee, "resident")])
    services.confirm_panel(hr, panel)
    dee_seat = next(m for m in panel.members if m.user_id == dee.id)
    services.withdraw_member(hr, panel, dee_seat)
    assert queries.panel_state(panel).colour == queries.RED
    ranking = queries.rank_residents(panel)
    assert ranking.best.user == sam
    assert dee not in [c.user for c in ranking.eligible]
    services.add_resident(hr, panel, ranking.best.user)
    assert queries.panel_state(panel).colour == queries.GREEN
    notes = [
        e.summary
        for e in db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "panel.notify")
        ).scalars()
    ]
    assert any(s.startswith(f"CANCEL to user {dee.id}:") for s in notes)
    assert any(s.startswith(f"REQUEST to user {sam.id}:") for s in notes)
    assert not any(s.startswith(f"CANCEL to user {sam.id}:") for s in notes)


def test_removing_the_last_resident_of_a_confirmed_panel_is_refused(db):
    hr = make_staff(roles={Role.HR})
    dee = make_trained_resident(name="Dee")
    panel = make_panel(members=[(make_appointer(), "chair"), (dee, "resident")])
    services.confirm_panel(hr, panel)
    with pytest.raises(PanelError, match="only resident"):
        services.remove_member(hr, panel, panel.members[1])
    assert panel.members[1].withdrawn_at is None and len(panel.members) == 2


def test_choosing_an_ineligible_resident_needs_a_reason_and_is_counted(db):
    hr = make_staff(roles={Role.HR})
    panel = make_panel(members=[(make_appointer(), "chair")])
    jo = make_trained_resident(name="Jo", observed=False)
    with pytest.raises(PanelError, match="Needs to observe"):
        services.add_resident(hr, panel, jo)
    seat = services.add_resident(hr, panel, jo, override_reason="Only resident who can come")
    assert seat.override_reason == "Only resident who can come"
    actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert "panel.override" in actions


def test_conflict_replace_withdraws_the_panellist(db):
    chair = make_appointer()
    dee = make_trained_resident(name="Dee")
    panel = make_panel(members=[(chair, "chair"), (dee, "resident")])
    candidate = panel.slots[0].candidate
    declaration = services.declare_conflict(dee, panel, candidate, "My old keyworker")
    with pytest.raises(PanelError, match="already told us"):
        services.declare_conflict(dee, panel, candidate, "again")
    services.decide_conflict(chair, declaration, "replace")
    assert panel.active_members(SeatRole.RESIDENT) == []
    assert queries.eligibility_for(panel, dee).eligible is False


def test_plan_range_fills_panels_and_explains_the_rest(db):
    hr = make_staff(roles={Role.HR})
    dee = make_trained_resident(name="Dee")
    first = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    second = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    rows = queries.plan_range(NEXT_WEEK, NEXT_WEEK)
    assert {r.panel.id for r in rows} == {first.id, second.id}
    covered = [r for r in rows if r.resident]
    assert [r.resident for r in covered] == [dee]
    uncovered = next(r for r in rows if r.resident is None)
    assert "Every eligible resident" in uncovered.reason
    assert services.apply_plan(hr, rows) == 1
    assert queries.plan_range(NEXT_WEEK, NEXT_WEEK)[0].resident is None
