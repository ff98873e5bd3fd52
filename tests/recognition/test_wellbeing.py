"""Debriefs, next-day check-ins and requests to talk to someone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.core.formatting import format_long_date
from panelhire.recognition import wellbeing
from panelhire.recognition.models import CheckIn, SupportRequest
from panelhire.recognition.rules import Refused
from panelhire.recognition.services import local_today
from tests.factories import make_panel, make_resident, sign_in
from tests.html import csrf_token, page_text
from tests.recognition.factories import make_finished_panel, make_hr


def test_every_finished_panel_needs_a_debrief_and_each_resident_a_check_in(db):
    panel, (dee, mo) = make_finished_panel(residents=1, observers=1, days_ago=1)
    make_panel(day=date.today() + timedelta(days=5), members=[(make_resident(), "resident")])
    todo = wellbeing.wellbeing_to_do()
    assert todo.debriefs == [panel]
    assert {(c.panel.id, c.member.user_id) for c in todo.check_ins} == {
        (panel.id, dee.id),
        (panel.id, mo.id),
    }
    # The chair is staff: no resident check-in for them.
    assert all(c.member.role in ("resident", "observer") for c in todo.check_ins)
    assert todo.check_ins[0].due_on == date.today()


def test_check_ins_and_debriefs_leave_the_list_once_done(db):
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1)
    wellbeing.mark_check_in_done(hr, panel, dee.id)
    wellbeing.record_debrief(hr, panel, held=True, attendee_ids=[dee.id], notes="")
    assert wellbeing.wellbeing_to_do().empty


def test_debrief_notes_stay_minimal_and_attendees_must_have_sat(db):
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1)
    stranger = make_resident()
    with pytest.raises(Refused) as long_notes:
        wellbeing.record_debrief(hr, panel, held=True, attendee_ids=[], notes="x" * 501)
    assert long_notes.value.field == "notes"
    with pytest.raises(Refused) as outsider:
        wellbeing.record_debrief(hr, panel, held=True, attendee_ids=[stranger.id], notes="")
    assert outsider.value.field == "attendees"
    with pytest.raises(Refused):
        wellbeing.record_debrief(hr, panel, held=False, attendee_ids=[dee.id], notes="")


def test_a_debrief_cannot_be_recorded_before_the_panel(db):
    panel = make_panel(day=date.today() + timedelta(days=2))
    with pytest.raises(Refused):
        wellbeing.record_debrief(make_hr(), panel, held=True, attendee_ids=[], notes="")


def test_asking_to_talk_alerts_the_support_contact_once(db):
    panel, (dee,) = make_finished_panel(residents=1)
    first = wellbeing.ask_to_talk(dee, panel)
    again = wellbeing.ask_to_talk(dee, panel)
    assert first is again
    assert first.support_contact == "Hana, 0161 000 0000"
    assert wellbeing.wellbeing_to_do().requests == [first]
    wellbeing.mark_support_handled(make_hr(), first)
    assert wellbeing.wellbeing_to_do().requests == []


def test_a_resident_cannot_ask_about_a_panel_they_did_not_sit_on(db):
    panel, _ = make_finished_panel(residents=1)
    outsider = make_resident()
    with pytest.raises(Exception) as refused:
        wellbeing.ask_to_talk(outsider, panel)
    assert getattr(refused.value, "code", None) == 404
    assert db.session.execute(select(SupportRequest)).first() is None


def test_overdue_check_ins_come_first_and_say_since_when(client, db):
    hr = make_hr()
    # Days in London, as "overdue" is judged: date.today() is UTC, a day behind at 23:30 BST.
    today = local_today()
    # Finished yesterday, so its check-in is due today, and not overdue, at any hour of the day.
    recent, (sam,) = make_finished_panel(residents=1, day=today - timedelta(days=1))
    old = make_panel(day=today - timedelta(days=9), members=[(dee := make_resident(), "resident")])
    todo = wellbeing.wellbeing_to_do()
    assert [c.member.user_id for c in todo.check_ins] == [dee.id, sam.id]
    assert todo.check_ins[0].overdue and not todo.check_ins[1].overdue
    sign_in(client, hr)
    text = page_text(client.get("/home"))
    due = today - timedelta(days=8)
    assert todo.check_ins[0].due_on == due
    # Due on one day, so overdue only from the next: it was still in time on the due day.
    assert f"Overdue since {format_long_date(due + timedelta(days=1))}" in text
    assert f"Overdue since {format_long_date(due)}" not in text
    assert f"Due {format_long_date(due)}" not in text
    assert text.index(dee.display_name) < text.index(sam.display_name)
    assert recent.id != old.id


def test_a_check_in_note_is_kept_audited_and_shown_to_hr_not_the_resident(client, db):
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1)
    wellbeing.ask_to_talk(dee, panel)
    sign_in(client, hr)
    home = client.get("/home")
    asked = db.session.execute(select(SupportRequest)).scalar_one()
    response = client.post(
        f"/recognition/panels/{panel.id}/check-ins/{dee.id}",
        data={"csrf_token": csrf_token(home), "note": "Spoke by phone, feeling fine"},
    )
    assert response.status_code == 302
    handled = client.post(
        f"/recognition/support/{asked.id}/handled",
        data={"csrf_token": csrf_token(home), "note": "Hana called back on Tuesday"},
    )
    assert handled.status_code == 302
    assert db.session.execute(select(SupportRequest.handled_note)).scalar_one() == (
        "Hana called back on Tuesday"
    )
    audit = " ".join(
        db.session.execute(
            select(AuditEvent.summary).where(AuditEvent.action.like("wellbeing.%"))
        ).scalars()
    )
    assert "Spoke by phone, feeling fine" in audit and "Hana called back" in audit
    page = page_text(client.get(f"/recognition/residents/{dee.id}"))
    assert "Spoke by phone, feeling fine" in page and "Hana called back on Tuesday" in page
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    sign_in(client, dee)
    assert "Spoke by phone" not in page_text(client.get("/recognition/mine"))


def test_a_note_too_long_is_refused_beside_the_field_keeping_what_was_typed(client, db):
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, hr)
    typed = "x" * 301
    response = client.post(
        f"/recognition/panels/{panel.id}/check-ins/{dee.id}",
        data={"csrf_token": csrf_token(client.get("/home")), "note": typed},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="note-error"' in body and f'value="{typed}"' in body
    assert db.session.execute(select(CheckIn)).first() is None
    # Done with no note is still one click.
    done = client.post(
        f"/recognition/panels/{panel.id}/check-ins/{dee.id}",
        data={"csrf_token": csrf_token(client.get("/home"))},
    )
    assert done.status_code == 302
    assert db.session.execute(select(CheckIn.note)).scalar_one() == ""
