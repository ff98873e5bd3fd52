"""The panels area's own actions reach a real SMTP server as the right invites and cancellations."""

from __future__ import annotations

from panelhire.auth.models import Role
from panelhire.panels import services
from tests.factories import make_panel, make_staff, sign_in
from tests.html import csrf_token
from tests.messaging.reading import invite_parts, read_calendars
from tests.panels.factories import make_appointer, make_trained_resident


def _people(db):  # noqa: ANN001
    hr = make_staff(roles={Role.HR})
    chair = make_appointer(name="Marcus Webb")
    dee = make_trained_resident(name="Dee")
    dee.email = f"dee{dee.id}@mail.example"
    sam = make_trained_resident(name="Sam")
    sam.email = f"sam{sam.id}@mail.example"
    panel = make_panel(members=[(chair, "chair"), (dee, "resident")], candidates=["Jordan Ellis"])
    db.session.flush()
    return hr, chair, dee, sam, panel


def test_confirm_withdraw_substitute_and_cancel_through_the_services(db, inbox, tmp_path):
    from panelhire.messaging.outbox import send_due

    hr, chair, dee, sam, panel = _people(db)
    services.confirm_panel(hr, panel)
    db.session.commit()
    send_due()
    assert inbox.recipients == sorted([chair.email, dee.email])
    inbox.received.clear()

    seat = next(m for m in panel.members if m.user_id == dee.id)
    services.withdraw_member(hr, panel, seat)
    services.add_resident(hr, panel, sam)
    db.session.commit()
    send_due()
    assert inbox.recipients == sorted([chair.email, dee.email, sam.email])
    (cancel,) = inbox.to(dee.email)
    (invite,) = inbox.to(sam.email)
    (update,) = inbox.to(chair.email)
    assert invite_parts(cancel)["method_param"] == "CANCEL"
    assert invite["Subject"].startswith("Invitation:") and update["Subject"].startswith("Updated:")
    calendars = read_calendars([invite_parts(m)["ics"] for m in (cancel, invite, update)], tmp_path)
    sequences = [c["events"][0]["sequence"] for c in calendars]
    assert sequences[0] < sequences[1] == sequences[2] == panel.sequence
    inbox.received.clear()

    services.cancel_panel(hr, panel)
    db.session.commit()
    send_due()
    assert inbox.recipients == sorted([chair.email, sam.email])
    for _, message in inbox.received:
        assert invite_parts(message)["method_param"] == "CANCEL"


def test_withdrawing_on_the_panel_page_emails_the_cancellation_after_the_response(
    client, db, inbox
):
    hr, chair, dee, sam, panel = _people(db)
    services.confirm_panel(hr, panel)
    db.session.commit()
    from panelhire.messaging.outbox import send_due

    send_due()
    inbox.received.clear()
    seat = next(m for m in panel.members if m.user_id == dee.id)
    sign_in(client, hr)
    page = client.get(f"/panels/{panel.id}")
    with client.post(
        f"/panels/{panel.id}/members/{seat.id}/withdraw", data={"csrf_token": csrf_token(page)}
    ) as response:
        assert response.status_code == 302
    assert inbox.recipients == [dee.email]
    assert invite_parts(inbox.received[0][1])["method_param"] == "CANCEL"


def test_cancelling_on_the_panel_page_emails_the_cancellations_after_the_response(
    client, db, inbox
):
    from panelhire.messaging.outbox import send_due

    hr, chair, dee, sam, panel = _people(db)
    services.confirm_panel(hr, panel)
    db.session.commit()
    send_due()
    inbox.received.clear()
    sign_in(client, hr)
    page = client.get(f"/panels/{panel.id}/cancel")
    with client.post(
        f"/panels/{panel.id}/cancel", data={"csrf_token": csrf_token(page)}
    ) as response:
        assert response.status_code == 302
    assert inbox.recipients == sorted([chair.email, dee.email])
