"""After a change, HR is told who was emailed and whom to tell another way (no email)."""

from __future__ import annotations

from panelhire.auth.models import Role
from panelhire.messaging import notifications
from panelhire.panels import services
from panelhire.panels.models import PanelStatus
from tests.factories import make_panel, make_resident, make_staff, sign_in
from tests.html import csrf_token, page_text
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident

ANOTHER_WAY = "no email address: tell them by letter, text or their keyworker"


def _panel(db, *, confirmed_by=None):  # noqa: ANN001
    chair = make_appointer(name="Marcus Webb")
    dee = make_trained_resident(name="Dee Morgan")  # residents here have no email address
    panel = make_panel(day=NEXT_WEEK, members=[(chair, "chair"), (dee, "resident")])
    if confirmed_by is not None:
        services.confirm_panel(confirmed_by, panel)
    db.session.commit()
    return panel, chair, dee


def _person_link(user) -> str:  # noqa: ANN001
    return f'<a href="/calendar/people/{user.id}">{user.display_name}</a>'


def test_confirming_names_who_was_emailed_and_who_to_tell(client, db, hr):
    panel, chair, dee = _panel(db)
    page = client.get(f"/panels/{panel.id}")
    response = client.post(
        f"/panels/{panel.id}/confirm", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    )
    text = page_text(response)
    assert "Panel confirmed. Emailed 1 person: Marcus Webb." in text
    assert f"Dee Morgan has {ANOTHER_WAY}" in text
    assert "Invites go to everyone" not in text
    assert _person_link(dee) in response.get_data(as_text=True)
    assert client.get(f"/calendar/people/{dee.id}").status_code == 200


def test_changing_the_time_names_who_to_tell(client, db, hr):
    panel, chair, dee = _panel(db, confirmed_by=hr)
    page = client.get(f"/panels/{panel.id}/edit")
    response = client.post(
        f"/panels/{panel.id}/edit",
        data={
            "csrf_token": csrf_token(page),
            "day": NEXT_WEEK.isoformat(),
            "start": "11:00",
            "end": "14:00",
            "service_id": str(panel.service_id),
            "online_link": "",
            "travel_buffer_minutes": "30",
            "slot_minutes": "45",
            "break_minutes": "10",
        },
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Panel changed. Emailed 1 person: Marcus Webb." in text
    assert f"Dee Morgan has {ANOTHER_WAY}" in text
    assert "Everyone on it is sent the new details" not in text
    assert _person_link(dee) in response.get_data(as_text=True)


def test_withdrawing_and_a_substitute_name_who_to_tell(client, db, hr):
    panel, chair, dee = _panel(db, confirmed_by=hr)
    sam = make_trained_resident(name="Sam Okafor")
    db.session.commit()
    seat = next(m for m in panel.members if m.user_id == dee.id)
    page = client.get(f"/panels/{panel.id}")
    response = client.post(
        f"/panels/{panel.id}/members/{seat.id}/withdraw",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    text = page_text(response)
    assert f"Dee Morgan is withdrawn from this panel. Dee Morgan has {ANOTHER_WAY}" in text

    response = client.post(
        f"/panels/{panel.id}/residents/{sam.id}",
        data={"csrf_token": csrf_token(response)},
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Sam Okafor added to the panel. Emailed 1 person: Marcus Webb." in text
    assert f"Sam Okafor has {ANOTHER_WAY}" in text
    assert _person_link(sam) in response.get_data(as_text=True)


def test_cancelling_names_who_to_tell(client, db, hr):
    panel, chair, dee = _panel(db, confirmed_by=hr)
    page = client.get(f"/panels/{panel.id}/cancel")
    response = client.post(
        f"/panels/{panel.id}/cancel", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    )
    text = page_text(response)
    assert f"Panel cancelled. Emailed 1 person: Marcus Webb. Dee Morgan has {ANOTHER_WAY}" in text
    assert _person_link(dee) in response.get_data(as_text=True)


def test_a_manager_is_not_given_links_to_pages_they_cannot_open(client, db):
    manager = make_staff(roles={Role.MANAGER})
    sign_in(client, manager)
    panel, chair, dee = _panel(db)
    page = client.get(f"/panels/{panel.id}")
    response = client.post(
        f"/panels/{panel.id}/confirm", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    )
    assert f"Dee Morgan has {ANOTHER_WAY}" in page_text(response)
    assert "/calendar/people/" not in response.get_data(as_text=True)


def test_a_draft_panels_changes_say_nobody_is_told_yet(client, db, hr):
    panel, chair, dee = _panel(db)
    seat = next(m for m in panel.members if m.user_id == dee.id)
    page = client.get(f"/panels/{panel.id}")
    response = client.post(
        f"/panels/{panel.id}/members/{seat.id}/withdraw",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    text = page_text(response)
    assert "Nobody is sent anything yet: people hear when it is confirmed." in text
    assert ANOTHER_WAY not in text


def test_who_must_be_told_another_way_follows_the_email_rules(db):
    chair = make_appointer()
    dee, lee = make_resident(name="Dee"), make_resident(name="Lee")
    panel = make_panel(members=[(chair, "chair"), (dee, "resident"), (lee, "observer")])
    tell = notifications.to_tell_another_way
    assert tell(panel, notifications.CONFIRMED, [chair, dee, lee]) == []  # still a draft
    panel.status = PanelStatus.CONFIRMED
    assert tell(panel, notifications.RESCHEDULED, []) == [dee, lee]
    assert tell(panel, notifications.WITHDRAWN, [dee]) == [dee]
    assert tell(panel, notifications.ADDED, [chair]) == []  # has an email address
    panel.status = PanelStatus.CANCELLED
    assert tell(panel, notifications.CANCELLED, []) == []
    assert tell(panel, notifications.CANCELLED, [], was_confirmed=True) == [dee, lee]
