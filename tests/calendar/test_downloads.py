"""Calendar files, letters and text messages for people without email."""

from __future__ import annotations

import io
import logging
import subprocess
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from panelhire.auth.models import Role
from panelhire.calendar.wording import TEXT_LIMIT, panel_text_message
from panelhire.messaging.models import TextMessage
from panelhire.panels.models import PanelStatus
from tests.factories import (
    at_local,
    make_organisation,
    make_panel,
    make_resident,
    make_staff,
    make_vacancy,
    sign_in,
)
from tests.html import csrf_token, page_text
from tests.messaging.reading import read_calendars

# Quotes, semicolons, a backslash, an emoji and accents, close to the 200-character limit.
AWKWARD_TITLE = 'Support Worker, "Nights"; Café 🏠 \\ ' + "Siân Ní Ōkawa-Bhriain " * 7


def _pdf_text(data: bytes, tmp_path) -> str:  # noqa: ANN001
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("day", [date(2027, 7, 6), date(2027, 12, 7)], ids=["summer", "winter"])
def test_a_panellist_downloads_their_panel_as_ics(client, db, tmp_path, day):
    make_organisation()
    dee = make_resident()
    chair = make_staff(email="chair@example.org")
    panel = make_panel(
        vacancy=make_vacancy(title=AWKWARD_TITLE),
        day=day,
        members=[(chair, "chair"), (dee, "resident")],
        candidates=["Jordan Ellis"],
    )
    panel.status = PanelStatus.CONFIRMED
    db.session.commit()
    sign_in(client, dee)
    response = client.get(f"/calendar/panels/{panel.id}.ics")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert b"Jordan" not in response.data
    # An event to add to her own calendar, not an invitation she is missing from; and no
    # other panellist's address copied onto her phone.
    for absent in (b"METHOD:", b"ORGANIZER", b"ATTENDEE", b"chair@example.org"):
        assert absent not in response.data
    (calendar,) = read_calendars([response.data], tmp_path)
    (event,) = calendar["events"]
    assert event["start"] == at_local(day, 10).isoformat()
    assert event["end"] == at_local(day, 13).isoformat()
    assert "Café 🏠" in event["summary"]


def test_nobody_downloads_a_panel_they_are_not_on(client, db):
    dee = make_resident()
    panel = make_panel(members=[(make_resident(), "resident")])
    db.session.commit()
    sign_in(client, dee)
    assert client.get(f"/calendar/panels/{panel.id}.ics").status_code == 404
    assert client.get(f"/calendar/panels/{panel.id}/letter.pdf").status_code == 404


def test_a_cancelled_panel_downloads_as_cancelled(client, db, tmp_path):
    make_organisation()
    dee = make_resident()
    panel = make_panel(members=[(dee, "resident")])
    panel.status = PanelStatus.CANCELLED
    db.session.commit()
    sign_in(client, dee)
    (calendar,) = read_calendars([client.get(f"/calendar/panels/{panel.id}.ics").data], tmp_path)
    assert calendar["events"][0]["status"] == "CANCELLED"


def test_the_invitation_letter(client, db, tmp_path):
    org = make_organisation()
    org.support_contact = "Harriet Hughes, 0161 496 0000"
    dee = make_resident(name="Dee Morgan")
    dee.resident.preferred_name = "Dee"
    panel = make_panel(
        members=[(dee, "resident")],
        candidates=["Jordan Ellis"],
        day=date.today() + timedelta(days=9),
    )
    panel.status = PanelStatus.CONFIRMED
    # As in the demo: a two-line address and directions for getting in.
    panel.service.address = "Riverside House, 14 Mill Lane, Bristol BS1 4QT"
    panel.service.access_notes = "Step-free entrance on Mill Lane; ring the bell marked Office."
    db.session.commit()
    sign_in(client, dee)
    response = client.get(f"/calendar/panels/{panel.id}/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1  # one sheet of paper
    text = _pdf_text(response.data, tmp_path)
    assert "Dear Dee," in text
    assert "Support Worker" in text and "10:00 to 13:00" in text
    assert "14 Mill Lane" in text and "Harriet Hughes, 0161 496 0000" in text
    assert "Jordan" not in text


def test_hr_sees_what_to_give_a_resident_without_email_and_sends_the_text(client, db, caplog):
    org = make_organisation()
    org.support_contact = "Harriet, 0161 496 0000"
    mo = make_resident(name="Mo Hassan")
    mo.resident.mobile = "07700 900123"
    panel = make_panel(members=[(mo, "resident")], candidates=["Jordan Ellis"])
    panel.status = PanelStatus.CONFIRMED
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    page = client.get(f"/calendar/people/{mo.id}")
    assert page.status_code == 200
    text = page_text(page)
    assert "Interview panel: Support Worker" in text and "Jordan" not in text
    assert client.get(f"/calendar/people/{mo.id}/panels/{panel.id}.ics").status_code == 200
    letter = client.get(f"/calendar/people/{mo.id}/panels/{panel.id}/letter.pdf")
    assert letter.mimetype == "application/pdf"

    with caplog.at_level(logging.INFO, logger="panelhire.texts"):
        response = client.post(
            f"/calendar/people/{mo.id}/panels/{panel.id}/text",
            data={"csrf_token": csrf_token(page)},
        )
    assert response.status_code == 302
    (sent,) = db.session.execute(db.select(TextMessage)).scalars()
    assert sent.to_number == "07700 900123" and sent.backend == "log" and sent.sent_at
    assert "Interview panel: Support Worker" in caplog.text
    assert "900123" not in caplog.text  # the log keeps the number out


def test_no_mobile_is_explained(client, db):
    make_organisation()
    mo = make_resident(name="Mo Hassan")
    panel = make_panel(members=[(mo, "resident")])
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    page = client.get(f"/calendar/people/{mo.id}")
    client.post(
        f"/calendar/people/{mo.id}/panels/{panel.id}/text", data={"csrf_token": csrf_token(page)}
    )
    assert "has no mobile number recorded" in page_text(client.get(f"/calendar/people/{mo.id}"))
    assert db.session.execute(db.select(TextMessage)).first() is None


def test_hr_pages_only_for_people_on_that_panel(client, db):
    mo = make_resident()
    panel = make_panel(members=[(make_resident(), "resident")])
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    assert client.get(f"/calendar/people/{mo.id}/panels/{panel.id}.ics").status_code == 404


def test_the_text_message_wording():
    text = panel_text_message(
        role_title="Support Worker",
        starts_at=at_local(date(2027, 7, 6), 10),
        ends_at=at_local(date(2027, 7, 6), 13),
        tzid="Europe/London",
        place="Riverside House, 12 River Street",
        support_contact="Harriet, 0161 496 0000",
    )
    assert text == (
        "Interview panel: Support Worker, Tue 6 Jul, 10:00 to 13:00, "
        "Riverside House, 12 River Street. Questions: Harriet, 0161 496 0000."
    )
    long = panel_text_message(
        role_title="x" * 500,
        starts_at=at_local(date(2027, 12, 7), 10),
        ends_at=at_local(date(2027, 12, 7), 13),
        tzid="Europe/London",
        place=None,
        cancelled=True,
    )
    assert len(long) == TEXT_LIMIT and long.startswith("Interview panel CANCELLED")


def test_the_link_in_invites_sends_each_person_to_a_page_they_may_see(client, db):
    dee = make_resident()
    panel = make_panel(members=[(dee, "resident")])
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    response = client.get(f"/calendar/panels/{panel.id}")
    assert response.status_code == 302 and response.headers["Location"] == f"/panels/{panel.id}"
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    sign_in(client, make_resident())
    assert client.get(f"/calendar/panels/{panel.id}").status_code == 404


def test_the_link_in_invites_keeps_the_path_prefix_the_app_is_served_under(client, db):
    dee = make_resident()
    panel = make_panel(members=[(dee, "resident")])
    db.session.commit()
    sign_in(client, dee)
    prefixed = {"SCRIPT_NAME": "/panelhire"}
    response = client.get(f"/calendar/panels/{panel.id}", environ_overrides=prefixed)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/panelhire/scoring/panels/{panel.id}"
