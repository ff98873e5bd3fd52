"""The outbox page for admins and HR, and sending straight after the request commits."""

from __future__ import annotations

from email import message_from_bytes, policy

from panelhire.auth.models import Role
from panelhire.messaging import outbox
from panelhire.messaging.models import OutboxMessage, OutboxStatus
from tests.factories import make_staff, sign_in
from tests.html import csrf_token, page_text


def _held_message(db, to: str = "dee at mail"):  # noqa: ANN001
    message = outbox.queue_email(
        kind="invite",
        to_address=to,
        to_name="Dee",
        subject="Invitation: interview panel, Support Worker",
        body_text="You are invited.",
    )
    db.session.commit()
    outbox.send_due()
    return db.session.get(OutboxMessage, message.id, populate_existing=True)


def test_hr_sees_held_messages_with_the_reason(client, db, inbox):
    message = _held_message(db)
    assert message.status == OutboxStatus.HELD
    sign_in(client, make_staff(roles={Role.HR}))
    page = client.get("/outbox/")
    assert page.status_code == 200
    text = page_text(page)
    assert "Held: needs attention" in text
    assert "is not a valid email address" in text


def test_retry_after_fixing_the_address_sends_after_the_response(client, db, inbox):
    from panelhire.auth.models import User

    person = make_staff()
    message = _held_message(db)
    message.recipient_id = person.id
    person.email = "fixed@mail.example"
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    page = client.get("/outbox/")
    with client.post(
        f"/outbox/{message.id}/retry", data={"csrf_token": csrf_token(page)}
    ) as response:
        assert response.status_code == 302
    # Closing the response ran the sender: the message has arrived.
    assert inbox.recipients == ["fixed@mail.example"]
    message = db.session.get(OutboxMessage, message.id, populate_existing=True)
    assert message.status == OutboxStatus.SENT and message.to_address == "fixed@mail.example"
    assert db.session.get(User, person.id).email == "fixed@mail.example"


def test_retry_needs_the_csrf_token(client, db, inbox):
    message = _held_message(db)
    sign_in(client, make_staff(roles={Role.HR}))
    assert client.post(f"/outbox/{message.id}/retry").status_code == 400
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.HELD


def test_download_a_message_as_eml(client, db, inbox):
    message = outbox.queue_email(
        kind="invite",
        to_address="sam@mail.example",
        to_name="Sam",
        subject="Invitation",
        body_text="Hello",
        ics=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        ics_method="REQUEST",
    )
    db.session.commit()
    sign_in(client, make_staff(roles={Role.ADMIN}))
    response = client.get(f"/outbox/{message.id}.eml")
    assert response.status_code == 200
    email = message_from_bytes(response.data, policy=policy.default)
    assert email["To"] == "Sam <sam@mail.example>"


def test_staff_and_residents_cannot_see_the_outbox(client, db):
    sign_in(client, make_staff(roles={Role.STAFF}))
    assert client.get("/outbox/").status_code == 403
