"""Each change to a panel sends exactly the right messages to exactly the right people.

Messages go through the outbox to a real SMTP server on 127.0.0.1; what arrives is read with
the email package and its calendars with ical.js and vobject.
"""

from __future__ import annotations

from datetime import date, timedelta

from panelhire.messaging import notifications
from panelhire.messaging.models import OutboxMessage
from panelhire.messaging.outbox import send_due
from panelhire.models.base import now_utc
from panelhire.panels.models import PanelStatus
from tests.factories import at_local
from tests.messaging.factories import make_cast
from tests.messaging.reading import invite_parts, read_calendars

SUMMER = date(2027, 7, 6)
WINTER = date(2027, 12, 7)


def _confirm(db, cast):  # noqa: ANN001
    """The panel is confirmed and everyone invited; the inbox is then cleared."""
    cast.panel.sequence += 1
    notifications.panel_changed(
        cast.panel, notifications.CONFIRMED, [m.user for m in cast.panel.active_members()]
    )
    db.session.commit()
    report = send_due()
    assert report.held == [] and report.retrying == []


def test_confirming_invites_everyone_with_email_and_nobody_else(db, inbox, tmp_path):
    cast = make_cast(day=SUMMER)
    _confirm(db, cast)

    assert inbox.recipients == sorted(u.email for u in cast.emailed)
    parts = [invite_parts(m) for _, m in inbox.received]
    assert {p["method_param"] for p in parts} == {"REQUEST"}
    calendars = read_calendars([p["ics"] for p in parts], tmp_path)
    for calendar in calendars:
        assert calendar["calendar"]["method"] == "REQUEST"
        (event,) = calendar["events"]
        assert event["start"] == cast.panel.starts_at.isoformat()
        assert event["start"] == "2027-07-06T09:00:00+00:00"  # 10:00 BST
        assert event["sequence"] == 1
        emails = {a["email"] for a in event["attendees"]}
        assert emails == {u.email for u in cast.emailed}
    for part in parts:
        for secret in ("Jordan", "Aisha", "Ellis", "Rahman"):
            assert secret not in part["text"]
            assert secret.encode() not in part["ics"]


def test_withdrawal_cancels_for_that_person_only(db, inbox, tmp_path):
    cast = make_cast(day=WINTER)
    _confirm(db, cast)
    inbox.received.clear()

    member = next(m for m in cast.panel.members if m.user_id == cast.resident.id)
    member.withdrawn_at = now_utc()
    cast.panel.sequence += 1
    notifications.panel_changed(cast.panel, notifications.WITHDRAWN, [cast.resident])
    db.session.commit()
    send_due()

    assert inbox.recipients == [cast.resident.email]
    (message,) = inbox.to(cast.resident.email)
    parts = invite_parts(message)
    assert parts["method_param"] == "CANCEL"
    (calendar,) = read_calendars([parts["ics"]], tmp_path)
    (event,) = calendar["events"]
    assert calendar["calendar"]["method"] == "CANCEL"
    assert event["status"] == "CANCELLED"
    assert event["sequence"] == 2
    assert event["start"] == "2027-12-07T10:00:00+00:00"  # 10:00 GMT
    assert [a["email"] for a in event["attendees"]] == [cast.resident.email]


def test_withdrawing_someone_never_invited_sends_nothing(db, inbox):
    cast = make_cast(status=PanelStatus.DRAFT)
    notifications.panel_changed(cast.panel, notifications.CONFIRMED, [cast.staff])
    notifications.panel_changed(cast.panel, notifications.WITHDRAWN, [cast.staff])
    db.session.commit()
    send_due()
    assert inbox.received == []


def test_substitution_invites_the_substitute_and_updates_the_others(db, inbox, tmp_path):
    from panelhire.panels.models import PanelMember
    from tests.factories import make_resident

    cast = make_cast(day=SUMMER)
    _confirm(db, cast)
    inbox.received.clear()

    member = next(m for m in cast.panel.members if m.user_id == cast.resident.id)
    member.withdrawn_at = now_utc()
    cast.panel.sequence += 1
    notifications.panel_changed(cast.panel, notifications.WITHDRAWN, [cast.resident])
    substitute = make_resident(name="Sam Reid")
    substitute.email = f"sam{substitute.id}@mail.example"
    cast.panel.members.append(PanelMember(user=substitute, role="resident"))
    cast.panel.sequence += 1
    notifications.panel_changed(cast.panel, notifications.ADDED, [substitute])
    db.session.commit()
    send_due()

    others = [cast.chair, cast.staff, cast.observer]
    assert inbox.recipients == sorted(
        [cast.resident.email, substitute.email] + [u.email for u in others]
    )
    (to_sub,) = inbox.to(substitute.email)
    assert to_sub["Subject"].startswith("Invitation:")
    for user in others:
        (update,) = inbox.to(user.email)
        assert update["Subject"].startswith("Updated:")
    (cancel,) = inbox.to(cast.resident.email)
    requests = [invite_parts(to_sub)] + [invite_parts(inbox.to(u.email)[0]) for u in others]
    calendars = read_calendars(
        [p["ics"] for p in requests] + [invite_parts(cancel)["ics"]], tmp_path
    )
    for calendar in calendars[:-1]:
        (event,) = calendar["events"]
        assert calendar["calendar"]["method"] == "REQUEST"
        assert event["sequence"] == 3
        emails = {a["email"] for a in event["attendees"]}
        assert substitute.email in emails and cast.resident.email not in emails
    assert calendars[-1]["calendar"]["method"] == "CANCEL"


def test_reschedule_raises_sequence_and_updates_everyone(db, inbox, tmp_path):
    cast = make_cast(day=SUMMER)
    _confirm(db, cast)
    inbox.received.clear()

    cast.panel.starts_at = at_local(WINTER, 14)
    cast.panel.ends_at = at_local(WINTER, 16)
    cast.panel.sequence += 1
    notifications.panel_changed(cast.panel, notifications.RESCHEDULED, [])
    db.session.commit()
    send_due()

    assert inbox.recipients == sorted(u.email for u in cast.emailed)
    parts = [invite_parts(m) for _, m in inbox.received]
    assert all(m["Subject"].startswith("Updated:") for _, m in inbox.received)
    for calendar in read_calendars([p["ics"] for p in parts], tmp_path):
        (event,) = calendar["events"]
        assert event["sequence"] == 2
        assert event["start"] == "2027-12-07T14:00:00+00:00"
        assert event["end"] == "2027-12-07T16:00:00+00:00"
        assert event["uid"].startswith(f"panel-{cast.panel.id}@")


def test_cancellation_cancels_for_everyone(db, inbox, tmp_path):
    cast = make_cast(day=SUMMER)
    _confirm(db, cast)
    inbox.received.clear()

    cast.panel.status = PanelStatus.CANCELLED
    cast.panel.sequence += 1
    notifications.panel_changed(cast.panel, notifications.CANCELLED, [])
    db.session.commit()
    send_due()

    assert inbox.recipients == sorted(u.email for u in cast.emailed)
    parts = [invite_parts(m) for _, m in inbox.received]
    assert {p["method_param"] for p in parts} == {"CANCEL"}
    for calendar in read_calendars([p["ics"] for p in parts], tmp_path):
        (event,) = calendar["events"]
        assert event["status"] == "CANCELLED"
        assert event["sequence"] == 2
        assert {a["email"] for a in event["attendees"]} == {u.email for u in cast.emailed}


def test_nothing_is_sent_about_a_draft_panel(db, inbox):
    cast = make_cast(status=PanelStatus.DRAFT)
    notifications.panel_changed(cast.panel, notifications.ADDED, [cast.staff])
    notifications.panel_changed(cast.panel, notifications.RESCHEDULED, [])
    db.session.commit()
    assert db.session.execute(db.select(OutboxMessage)).first() is None


def test_a_panel_without_a_place_says_so(db, inbox, tmp_path):
    cast = make_cast(place=False, day=date.today() + timedelta(days=10))
    _confirm(db, cast)
    parts = invite_parts(inbox.to(cast.staff.email)[0])
    assert "place to be confirmed" in parts["text"]
    (calendar,) = read_calendars([parts["ics"]], tmp_path)
    assert calendar["events"][0]["location"] is None


def test_a_rolled_back_change_leaves_no_message(db, inbox):
    cast = make_cast()
    db.session.commit()
    notifications.panel_changed(cast.panel, notifications.CONFIRMED, [])
    db.session.rollback()
    assert db.session.execute(db.select(OutboxMessage)).first() is None
    assert "outbox_pending" not in db.session.info


def test_an_unknown_change_is_refused(db):
    import pytest

    cast = make_cast()
    with pytest.raises(ValueError, match="unknown panel change"):
        notifications.panel_changed(cast.panel, "moved-to-mars", [])


def test_special_characters_and_long_titles_arrive_intact(db, inbox, tmp_path):
    cast = make_cast(day=WINTER)
    title = 'Support Worker, "Nights"; Café 🏠 \\ ' + "Siân Ní Ōkawa-Bhriain " * 7
    cast.panel.vacancy.title = title.strip()
    _confirm(db, cast)
    message = inbox.to(cast.staff.email)[0]
    # The subject keeps every space (Python's own header folding would lose some) and
    # shortens a very long role; the calendar keeps the whole title.
    shortened = " ".join(title.split())[: notifications.SUBJECT_ROLE_LIMIT - 1].rstrip() + "…"
    assert (
        message["Subject"] == f"Invitation: interview panel, {shortened}, Tuesday 7 December 2027"
    )
    assert message["To"].addresses[0].display_name == cast.staff.display_name
    (calendar,) = read_calendars([invite_parts(message)["ics"]], tmp_path)
    assert title.strip() in calendar["events"][0]["summary"]
