"""Changing a booked panel, moving an interview, and planning a date range from the browser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role
from panelhire.panels import residents, services
from panelhire.panels.models import PanelStatus
from panelhire.panels.services import PanelChanges, PanelError
from panelhire.training.eligibility import Commitment, ResidentFacts
from tests.factories import at_local, make_panel, make_staff
from tests.html import csrf_token, page_text
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _changes(panel, **overrides):
    data = dict(
        day=NEXT_WEEK,
        start=time(10),
        end=time(13),
        service_id=panel.service_id,
        online_link="",
        slot_minutes=45,
        break_minutes=10,
    )
    data.update(overrides)
    return PanelChanges(**data)


def _notices(db, panel):
    rows = db.session.execute(
        db.select(AuditEvent.summary).where(
            AuditEvent.action == "panel.notify", AuditEvent.object_id == panel.id
        )
    ).scalars()
    return list(rows)


def test_a_new_time_is_a_reschedule_for_everyone(db):
    actor = make_staff(roles={Role.HR})
    dee = make_trained_resident(name="Dee")
    panel = make_panel(
        day=NEXT_WEEK,
        members=[(make_appointer(), "chair"), (dee, "resident")],
        candidates=["A", "B"],
    )
    before = panel.sequence
    services.change_panel(actor, panel, _changes(panel, start=time(14), end=time(16)))
    assert panel.sequence == before + 1
    assert panel.starts_at == at_local(NEXT_WEEK, 14)
    assert [s.starts_at for s in panel.slots] == [
        at_local(NEXT_WEEK, 14),
        at_local(NEXT_WEEK, 14, 55),
    ]
    notices = _notices(db, panel)
    assert len(notices) == 2 and all("REQUEST" in n and "rescheduled" in n for n in notices)


def test_new_spacing_alone_is_not_a_reschedule(db):
    actor = make_staff(roles={Role.HR})
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")], candidates=["A", "B"])
    before = panel.sequence
    services.change_panel(actor, panel, _changes(panel, slot_minutes=60, break_minutes=15))
    assert panel.sequence == before
    assert panel.slots[1].starts_at - panel.slots[0].starts_at == timedelta(minutes=75)
    assert _notices(db, panel) == []


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"day": date(2030, 3, 31), "start": time(1, 30)}, "start", "does not exist"),
        ({"day": date(2030, 10, 27), "start": time(1, 30)}, "start", "happens twice"),
        ({"end": time(9)}, "end", "end time must be after"),
        ({"day": date.today() - timedelta(days=2)}, "day", "in the past"),
        ({"service_id": None}, "service_id", "online link"),
        ({"end": time(10, 30)}, "slot_minutes", "the panel lasts"),
    ],
)
def test_bad_changes_are_refused_and_nothing_changes(db, overrides, field, words):
    actor = make_staff(roles={Role.HR})
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    starts, sequence = panel.starts_at, panel.sequence
    with pytest.raises(PanelError) as refused:
        services.change_panel(actor, panel, _changes(panel, **overrides))
    assert refused.value.field == field and words in refused.value.message
    db.session.rollback()
    assert (panel.starts_at, panel.sequence) == (starts, sequence)


def test_a_change_that_clashes_for_someone_seated_is_refused(db):
    actor = make_staff(roles={Role.HR})
    chair = make_appointer(name="Marcus")
    make_panel(day=NEXT_WEEK, start_hour=14, members=[(chair, "chair")])
    panel = make_panel(day=NEXT_WEEK, members=[(chair, "chair")])
    with pytest.raises(PanelError, match="Marcus is already on"):
        services.change_panel(actor, panel, _changes(panel, start=time(14), end=time(16)))


def test_the_edit_page_keeps_what_was_typed_and_explains_beside_the_field(client, db, hr):
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    page = client.get(f"/panels/{panel.id}/edit")
    assert 'value="10:00"' in page.get_data(as_text=True)
    form = {
        "csrf_token": csrf_token(page),
        "day": "2030-03-31",
        "start": "01:30",
        "end": "03:00",
        "service_id": str(panel.service_id),
        "travel_buffer_minutes": "30",
        "slot_minutes": "45",
        "break_minutes": "10",
    }
    bad = client.post(f"/panels/{panel.id}/edit", data=form)
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="start-error"' in body and "does not exist" in body
    assert 'value="2030-03-31"' in body
    good = client.post(
        f"/panels/{panel.id}/edit",
        data={**form, "day": NEXT_WEEK.isoformat(), "start": "13:00", "end": "16:00"},
    )
    assert good.status_code == 302
    db.session.expire_all()
    assert panel.starts_at == at_local(NEXT_WEEK, 13) and panel.sequence == 1


def test_a_cancelled_panel_cannot_be_changed(client, db, hr):
    panel = make_panel(day=NEXT_WEEK)
    panel.status = PanelStatus.CANCELLED
    db.session.flush()
    assert client.get(f"/panels/{panel.id}/edit").status_code == 404


def test_moving_an_interview_from_the_panel_page(client, db, hr):
    panel = make_panel(day=NEXT_WEEK, candidates=["Ann", "Bo"])  # 10:00 and 10:50
    ann, bo = panel.slots
    page = client.get(f"/panels/{panel.id}")
    assert f"/panels/{panel.id}/slots/{bo.id}" in page.get_data(as_text=True)
    page = client.get(f"/panels/{panel.id}/slots/{bo.id}")
    url = f"/panels/{panel.id}/slots/{bo.id}"
    outside = client.post(url, data={"csrf_token": csrf_token(page), "start": "12:30"})
    assert outside.status_code == 422 and "within the panel's time" in page_text(outside)
    clash = client.post(url, data={"csrf_token": csrf_token(page), "start": "10:30"})
    assert clash.status_code == 422 and "runs into Ann's interview" in page_text(clash)
    moved = client.post(url, data={"csrf_token": csrf_token(page), "start": "11:30"})
    assert moved.status_code == 302
    db.session.expire_all()
    assert bo.starts_at == at_local(NEXT_WEEK, 11, 30)
    assert bo.ends_at == at_local(NEXT_WEEK, 12, 15)


def test_planning_a_range_shows_reasons_and_applies_in_one_click(client, db, hr):
    dee = make_trained_resident(name="Dee Morgan")
    covered = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    uncovered = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    day = NEXT_WEEK.isoformat()
    page = client.get(f"/panels/plan?start={day}&end={day}")
    text = page_text(page)
    assert "1 of 2 panels covered" in text and "Dee Morgan" in text
    assert "needed for other panels in this plan" in text
    form = {"csrf_token": csrf_token(page), "start": day, "end": day}
    stale = client.post("/panels/plan", data={**form, "fingerprint": "1:2,3:4"})
    assert stale.status_code == 409 and "changed since this plan was made" in page_text(stale)
    assert covered.active_members("resident") == uncovered.active_members("resident") == []
    fingerprint = re.search(r'name="fingerprint"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    applied = client.post("/panels/plan", data={**form, "fingerprint": fingerprint.group(1)})
    assert applied.status_code == 302
    db.session.expire_all()
    seated = [m.user for p in (covered, uncovered) for m in p.active_members("resident")]
    assert seated == [dee]


def test_the_plan_page_refuses_a_backwards_range(client, db, hr):
    response = client.get("/panels/plan?start=2030-05-02&end=2030-05-01")
    assert response.status_code == 422 and "on or after the first day" in page_text(response)


def test_filling_an_empty_seat_someone_else_filled_is_refused(db):
    actor = make_staff(roles={Role.HR})
    dee, sam = make_trained_resident(name="Dee"), make_trained_resident(name="Sam")
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair"), (dee, "resident")])
    with pytest.raises(PanelError, match="resident seat was filled a moment ago \\(Dee\\)"):
        services.add_resident(actor, panel, sam, to_empty_seat=True)
    services.add_resident(actor, panel, sam)  # a second resident, asked for on purpose
    assert len(panel.active_members("resident")) == 2


def test_the_roster_view_counts_only_resident_seats_as_recent_panels():
    tz_now = datetime(2026, 6, 1, 12, tzinfo=UTC)

    def seat(days_ago, role):
        starts = tz_now - timedelta(days=days_ago)
        return Commitment(days_ago, starts, starts + timedelta(hours=2), None, 7, 3, role)

    facts = ResidentFacts(
        id=1,
        name="Dee",
        status="active",
        required_modules=(),
        training=(),
        max_panels_per_month=2,
        commitments=(seat(10, "resident"), seat(20, "observer"), seat(400, "resident")),
        home_service_id=7,
    )
    from zoneinfo import ZoneInfo

    view = residents.roster_view(facts, as_of=tz_now, tz=ZoneInfo("Europe/London"))
    assert view.recent_panels == 1
    assert view.max_panels_per_month == 2 and view.max_interviews_per_day == residents.UNLIMITED
    assert view.preferred_place_ids == frozenset({7})
    assert sum(view.booked_panels_by_month.values()) == 3
