"""Personal calendar feeds: private, resettable, 30 days back, no candidate names."""

from __future__ import annotations

from datetime import date, timedelta

from panelhire.auth.models import Role
from panelhire.calendar import feeds
from panelhire.exports.invites import panel_description
from panelhire.panels.models import PanelStatus
from tests.factories import make_organisation, make_panel, make_resident, make_staff, sign_in
from tests.html import csrf_token, page_text
from tests.messaging.reading import read_calendars


def _panel(user, *, days: int, status: str = PanelStatus.CONFIRMED, seat: str = "resident"):  # noqa: ANN001
    panel = make_panel(
        day=date.today() + timedelta(days=days),
        members=[(user, seat)],
        candidates=["Jordan Ellis"],
    )
    panel.status = status
    return panel


def test_the_feed_lists_panels_from_30_days_ago_on_without_candidates(client, db, tmp_path):
    make_organisation()
    dee = make_resident()
    recent = _panel(dee, days=-20)
    _panel(dee, days=-40)  # too long ago
    coming = _panel(dee, days=10)
    cancelled = _panel(dee, days=12, status=PanelStatus.CANCELLED)
    _panel(dee, days=14, status=PanelStatus.DRAFT)  # not confirmed: not in calendars yet
    _panel(make_resident(), days=5)  # someone else's
    token = feeds.reset_calendar_token(dee, dee)
    db.session.commit()

    response = client.get(f"/calendar/feed/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert b"Jordan" not in response.data and b"Ellis" not in response.data
    (calendar,) = read_calendars([response.data], tmp_path)
    events = {e["uid"]: e for e in calendar["events"]}
    assert sorted(events) == sorted(
        f"panel-{p.id}@panelhire.test" for p in (recent, coming, cancelled)
    )
    assert events[f"panel-{cancelled.id}@panelhire.test"]["status"] == "CANCELLED"
    assert events[f"panel-{coming.id}@panelhire.test"]["start"] == coming.starts_at.isoformat()
    assert calendar["calendar"]["method"] is None
    assert all(e["attendees"] == [] for e in calendar["events"])


def test_wrong_old_or_malformed_tokens_are_not_found(client, db):
    dee = make_resident()
    old = feeds.reset_calendar_token(dee, dee)
    new = feeds.reset_calendar_token(dee, dee)
    db.session.commit()
    assert client.get(f"/calendar/feed/{new}.ics").status_code == 200
    user_id, secret = new.split(".", 1)
    for bad in (old, f"{user_id}.{secret[:-1]}x", secret, f"{int(user_id) + 999}.{secret}", "x.y"):
        assert client.get(f"/calendar/feed/{bad}.ics").status_code == 404, bad
    other = make_resident()  # has never made an address
    db.session.commit()
    assert client.get(f"/calendar/feed/{other.id}.{secret}.ics").status_code == 404


def test_a_deactivated_account_has_no_feed(client, db):
    dee = make_resident()
    token = feeds.reset_calendar_token(dee, dee)
    dee.active = False
    db.session.commit()
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 404


def test_a_person_makes_and_resets_their_address(client, db):
    make_organisation()
    dee = make_resident()
    sign_in(client, dee)
    page = client.get("/calendar/")
    assert "Get my calendar address" in page_text(page)
    client.post("/calendar/address", data={"csrf_token": csrf_token(page)})
    page = client.get("/calendar/")
    first = db.session.get(type(dee), dee.id, populate_existing=True).calendar_token
    assert f"webcal://panelhire.test/calendar/feed/{dee.id}.{first}.ics" in page.get_data(True)
    response = client.post("/calendar/address", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    page = client.get("/calendar/")
    assert "The old one has stopped working" in page_text(page)
    second = db.session.get(type(dee), dee.id, populate_existing=True).calendar_token
    assert second != first
    assert client.get(f"/calendar/feed/{dee.id}.{first}.ics").status_code == 404


def test_resetting_needs_the_csrf_token(client, db):
    dee = make_resident()
    sign_in(client, dee)
    assert client.post("/calendar/address").status_code == 400
    assert db.session.get(type(dee), dee.id).calendar_token is None


def test_the_feed_works_for_staff_too(client, db, tmp_path):
    make_organisation()
    staff = make_staff(roles={Role.STAFF})
    _panel(staff, days=3, seat="staff")
    token = feeds.reset_calendar_token(staff, staff)
    db.session.commit()
    (calendar,) = read_calendars([client.get(f"/calendar/feed/{token}.ics").data], tmp_path)
    assert len(calendar["events"]) == 1


def test_each_event_counts_the_panels_interviews_as_its_invite_does(client, db, tmp_path):
    make_organisation()
    dee = make_resident()
    three = make_panel(
        day=date.today() + timedelta(days=3),
        members=[(dee, "resident")],
        candidates=["A", "B", "C"],
    )
    none_yet = make_panel(
        day=date.today() + timedelta(days=4), members=[(dee, "resident")], candidates=[]
    )
    for panel in (three, none_yet):
        panel.status = PanelStatus.CONFIRMED
    token = feeds.reset_calendar_token(dee, dee)
    db.session.commit()

    (calendar,) = read_calendars([client.get(f"/calendar/feed/{token}.ics").data], tmp_path)
    described = {e["uid"]: e["description"] for e in calendar["events"]}
    assert "3 interviews." in described[f"panel-{three.id}@panelhire.test"]
    assert "interviews" not in described[f"panel-{none_yet.id}@panelhire.test"]
    for panel in (three, none_yet):  # the feed counts; the invite loads the slots: same words
        assert described[f"panel-{panel.id}@panelhire.test"].startswith(panel_description(panel))
