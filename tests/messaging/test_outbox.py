"""The outbox never loses a message: bad addresses, refusing and silent servers, two senders."""

from __future__ import annotations

import threading
from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from panelhire.messaging import outbox
from panelhire.messaging.models import OutboxMessage, OutboxStatus
from panelhire.models.base import now_utc
from tests.messaging.smtp import free_port, silent_server, smtp_server


def _queue(to: str = "dee@mail.example", **kwargs) -> OutboxMessage:  # noqa: ANN003
    return outbox.queue_email(
        kind="invite",
        to_address=to,
        to_name="Dee",
        subject="Invitation: interview panel",
        body_text="You are invited.",
        ics=kwargs.pop("ics", None),
        ics_method=kwargs.pop("ics_method", None),
        **kwargs,
    )


def _reload(db, message):  # noqa: ANN001
    return db.session.get(OutboxMessage, message.id, populate_existing=True)


def test_a_malformed_address_is_held_with_a_clear_message_and_others_still_go(db, inbox):
    bad = _queue("dee at mail dot example")
    good = _queue("sam@mail.example")
    db.session.commit()
    report = outbox.send_due()
    assert report.held == [bad.id] and report.sent == [good.id]
    bad = _reload(db, bad)
    assert bad.status == OutboxStatus.HELD
    assert "is not a valid email address" in bad.last_error
    assert inbox.recipients == ["sam@mail.example"]

    outbox.requeue(bad, to_address="dee@mail.example")
    db.session.commit()
    assert outbox.send_due().sent == [bad.id]
    assert inbox.recipients == ["dee@mail.example", "sam@mail.example"]


def test_a_permanent_refusal_is_held_and_a_temporary_one_retried_with_backoff(db, inbox):
    inbox.refuse = {
        "gone@mail.example": "550 5.1.1 No such user",
        "busy@mail.example": "451 4.3.0 Try again later",
    }
    gone, busy = _queue("gone@mail.example"), _queue("busy@mail.example")
    db.session.commit()
    start = now_utc()
    report = outbox.send_due(now=start)
    assert report.held == [gone.id] and report.retrying == [busy.id]
    assert "550" in _reload(db, gone).last_error
    busy = _reload(db, busy)
    assert busy.status == OutboxStatus.QUEUED and busy.attempts == 1
    assert busy.next_attempt_at == start + timedelta(minutes=1)

    # Not due yet: nothing is tried. Once due and the server has recovered, it goes.
    assert outbox.send_due(now=start + timedelta(seconds=30)).retrying == []
    inbox.refuse.clear()
    assert outbox.send_due(now=start + timedelta(minutes=2)).sent == [busy.id]
    assert inbox.recipients == ["busy@mail.example"]


def test_a_server_that_is_down_leaves_every_message_queued(db, mail_settings):
    port = free_port()  # nothing listens here
    mail_settings["MAIL_URL"] = f"smtp://127.0.0.1:{port}"
    first, second = _queue(), _queue("sam@mail.example")
    db.session.commit()
    start = now_utc()
    report = outbox.send_due(now=start)
    assert report.unreachable and report.retrying == [first.id] and report.sent == []
    # The batch stops at the first unreachable server; the second was never claimed.
    assert _reload(db, second).attempts == 0
    assert {m.status for m in (_reload(db, first), _reload(db, second))} == {"queued"}

    with smtp_server() as (inbox, live_port):
        mail_settings["MAIL_URL"] = f"smtp://127.0.0.1:{live_port}"
        report = outbox.send_due(now=start + timedelta(minutes=5))
    assert sorted(report.sent) == [first.id, second.id]
    assert inbox.recipients == ["dee@mail.example", "sam@mail.example"]


def test_a_server_that_times_out_is_retried_later(db, mail_settings):
    message = _queue()
    db.session.commit()
    with silent_server() as port:
        mail_settings.update(MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_TIMEOUT=0.3)
        report = outbox.send_due()
    assert report.retrying == [message.id]
    message = _reload(db, message)
    assert message.status == OutboxStatus.QUEUED
    assert "mail server" in message.last_error


def test_after_too_many_tries_a_message_is_held_not_dropped(db, mail_settings):
    mail_settings["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"
    message = _queue()
    message.attempts = outbox.MAX_ATTEMPTS - 1
    db.session.commit()
    assert outbox.send_due().held == [message.id]
    assert "Gave up after" in _reload(db, message).last_error


def test_backoff_doubles_and_is_capped():
    assert [outbox.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert outbox.backoff(30) == outbox.MAX_BACKOFF


def test_a_message_is_claimed_once(db, inbox):
    message = _queue()
    db.session.commit()
    now = now_utc()
    assert outbox.claim(message.id, now) is True
    assert outbox.claim(message.id, now) is False
    # A sender that died: the claim lapses and another sender may take it.
    assert outbox.claim(message.id, now + timedelta(minutes=outbox.CLAIM_MINUTES + 1)) is True


def test_without_mail_url_messages_are_saved_as_eml_files(db, mail_settings, tmp_path):
    mail_settings.update(MAIL_URL="", MAIL_FILE_DIR=str(tmp_path / "mail"))
    message = _queue(ics=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", ics_method="REQUEST")
    db.session.commit()
    assert outbox.send_due().sent == [message.id]
    (saved,) = (tmp_path / "mail").glob("*.eml")
    email = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert email["To"] == "Dee <dee@mail.example>"
    assert email["Message-ID"] == _reload(db, message).message_id


def test_the_send_outbox_command(app, db, inbox):
    _queue()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["send-outbox"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert inbox.recipients == ["dee@mail.example"]
    # Safe to run again at once: nothing is sent twice.
    assert "0 sent" in app.test_cli_runner().invoke(args=["send-outbox"]).output
    assert len(inbox.received) == 1


def test_mail_url_forms():
    from panelhire.messaging.mail import SMTPTransport

    starttls = SMTPTransport("smtp://user%40org:p%3Ass@mail.example:587")
    assert (starttls.host, starttls.port, starttls.starttls, starttls.tls) == (
        "mail.example",
        587,
        True,
        False,
    )
    assert (starttls.username, starttls.password) == ("user@org", "p:ss")
    assert SMTPTransport("smtps://mail.example").port == 465
    assert SMTPTransport("smtps://mail.example").tls is True
    assert SMTPTransport("smtp://127.0.0.1:2525").starttls is False
    assert SMTPTransport("smtp://127.0.0.1:2525?starttls=true").starttls is True
    with pytest.raises(ValueError, match="MAIL_URL"):
        SMTPTransport("http://mail.example")


def test_two_senders_at_once_never_send_a_message_twice(tmp_path, mail_settings):
    """Separate processes' worth of senders on one database: each message arrives once."""
    from panelhire import create_app
    from panelhire.extensions import db as database
    from tests.conftest import TEST_CONFIG
    from tests.databases import fresh_database

    url = fresh_database("outbox_race", tmp_path)
    with smtp_server() as (inbox, port):
        app = create_app(
            {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "MAIL_URL": f"smtp://127.0.0.1:{port}"}
        )
        with app.app_context():
            database.create_all()
            for n in range(30):
                _queue(f"person{n}@mail.example")
            database.session.commit()
        barrier = threading.Barrier(3)
        errors: list[BaseException] = []

        def sender() -> None:
            with app.app_context():
                try:
                    barrier.wait()
                    outbox.send_due()
                except BaseException as error:  # noqa: BLE001 - reported below
                    errors.append(error)

        threads = [threading.Thread(target=sender) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        with app.app_context():
            statuses = database.session.execute(database.select(OutboxMessage.status)).scalars()
            assert set(statuses) == {"sent"}
            database.session.remove()  # give the connection back before closing the pool
            database.engine.dispose()
    assert errors == []
    assert inbox.recipients == sorted(f"person{n}@mail.example" for n in range(30))


def test_long_non_ascii_subjects_and_names_keep_every_space():
    from panelhire.messaging.mail import Outgoing, build_email

    # With Python's default folding this subject arrives with "🏠Zoë" run together.
    subject = (
        'Invitation: interview panel, naïve Support "Nights"; naïve Siân Café Zoë Ōkawa-Bhriain'
        " \\ naïve Ōkawa-Bhriain Ní \\ 🏠 Siân Zoë Ní Ní Siân 🏠 Zoë 🏠, Tuesday 7 December 2027"
    )
    name = "Siân Ní Ōkawa-Bhriain Zoë 🏠 Café naïve Siân Ní Ōkawa-Bhriain"
    email = build_email(
        Outgoing("a@mail.example", name, subject, "Hello Siân " * 40, "BEGIN:VCALENDAR", "CANCEL"),
        "PanelHire <panels@org.example>",
        "org.example",
    )
    raw = email.as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    back = message_from_bytes(raw, policy=policy.default)
    assert back["Subject"] == subject
    assert back["To"].addresses[0].display_name == name
    assert back.get_body(("calendar",)).get_param("method") == "CANCEL"
