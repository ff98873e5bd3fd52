"""What the booking and change forms refuse in plain words: a date more than two years
ahead (9999 for 2026), and choices that were never on the page's lists."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from panelhire.auth.models import Role
from panelhire.messaging.models import OutboxMessage
from panelhire.models.base import now_utc
from panelhire.panels import services
from panelhire.panels.models import Candidate, Panel, PanelStatus
from panelhire.panels.services import PanelChanges, PanelError
from panelhire.panels.services.common import TOO_FAR_AHEAD, furthest_day
from panelhire.training.facts import organisation_zone
from tests.factories import make_panel, make_staff, make_vacancy
from tests.html import csrf_token, page_text
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _times(panel, day: str) -> dict:
    return {
        "day": day,
        "start": "10:00",
        "end": "13:00",
        "service_id": str(panel.service_id),
        "travel_buffer_minutes": "30",
        "slot_minutes": "45",
        "break_minutes": "10",
    }


@pytest.mark.parametrize(
    ("status", "day"),
    [(PanelStatus.CONFIRMED, "9999-12-31"), (PanelStatus.DRAFT, "9999-03-01")],
)
def test_a_date_years_ahead_is_refused_beside_the_date_and_kept(client, db, hr, status, day):
    panel = make_panel(
        day=NEXT_WEEK,
        members=[(make_appointer(), "chair"), (make_trained_resident(), "resident")],
    )
    panel.status = status
    db.session.flush()
    starts, sequence = panel.starts_at, panel.sequence
    url = f"/panels/{panel.id}/edit"
    token = csrf_token(client.get(url))
    response = client.post(url, data={"csrf_token": token, **_times(panel, day)})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="day-error"' in body and TOO_FAR_AHEAD in body
    assert f'value="{day}"' in body and 'value="10:00"' in body
    db.session.expire_all()
    assert (panel.starts_at, panel.sequence) == (starts, sequence)
    queued = db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.panel_id == panel.id)
    assert db.session.execute(queued).scalar_one() == 0


def test_a_panel_may_be_booked_up_to_two_years_ahead_and_no_further(db):
    actor = make_staff(roles={Role.HR})
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    now = now_utc()
    last = furthest_day(now.astimezone(organisation_zone()).date())

    def change(day):
        return PanelChanges(
            day=day, start=time(10), end=time(13), service_id=panel.service_id, online_link=""
        )

    with pytest.raises(PanelError) as refused:
        services.change_panel(actor, panel, change(last + timedelta(days=1)), now=now)
    assert (refused.value.field, refused.value.message) == ("day", TOO_FAR_AHEAD)
    services.change_panel(actor, panel, change(last), now=now)
    assert panel.starts_at.astimezone(organisation_zone()).date() == last


def test_two_years_from_a_leap_day_is_the_end_of_february():
    assert furthest_day(date(2028, 2, 29)) == date(2030, 2, 28)
    assert furthest_day(date(2026, 11, 29)) == date(2028, 11, 29)


def _booking(vacancy, chair_id: str, **more) -> dict:
    return {
        "day": NEXT_WEEK.isoformat(),
        "start": "10:00",
        "end": "13:00",
        "service_id": str(vacancy.service_id),
        "travel_buffer_minutes": "30",
        "slot_minutes": "45",
        "break_minutes": "10",
        "chair_id": chair_id,
        "observer_id": "0",
        "supporter_id": "0",
        **more,
    }


def test_booking_a_date_years_ahead_is_refused_beside_the_date(client, db, hr):
    chair = make_appointer()
    vacancy = make_vacancy()
    url = f"/vacancies/{vacancy.id}/panels/new"
    token = csrf_token(client.get(url))
    data = {"csrf_token": token, **_booking(vacancy, str(chair.id), day="9999-12-31")}
    response = client.post(url, data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="day-error"' in body and TOO_FAR_AHEAD in body and 'value="9999-12-31"' in body
    assert db.session.execute(db.select(Panel)).first() is None


def test_choices_not_on_the_page_get_plain_messages(client, db, hr):
    make_appointer()  # someone to choose as chair, though the page sends "abc"
    vacancy = make_vacancy()
    vacancy.candidates = [Candidate(name="Alex Able")]
    other = make_vacancy(title="Cook")
    other.candidates = [Candidate(name="Someone Else")]
    db.session.flush()
    url = f"/vacancies/{vacancy.id}/panels/new"
    token = csrf_token(client.get(url))
    tampered = _booking(
        vacancy,
        "abc",
        candidate_ids=[str(other.candidates[0].id)],
        staff_ids=["x"],
        observer_id="abc",
        service_id="abc",
    )
    response = client.post(url, data={"csrf_token": token, **tampered})
    text = page_text(response)
    assert response.status_code == 422
    assert "Choose candidates from this vacancy's list" in text
    assert "Choose the chair from the list" in text
    assert "Choose staff panellists from the list" in text
    assert "Choose an observer from the list, or No observer" in text
    assert "Choose a service from the list, or Online" in text
    assert "valid choice" not in text and "coerce" not in text.lower()
    body = response.get_data(as_text=True)
    assert body.count('id="chair_id-error"') == 1  # not also "Choose the chair"
