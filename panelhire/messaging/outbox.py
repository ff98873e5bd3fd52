"""The outbox: messages are written with the change they report and sent after it commits.

Writing a message is part of the change's transaction, so a change is never saved without its
message and a message never goes out for a change that was rolled back. Sending happens later:
straight after the request that committed it, and again by ``flask send-outbox`` (run it every
minute) for anything that failed.

Two senders never send one message twice: a sender first *claims* a message with a conditional
UPDATE (only a queued message that is due, or one whose earlier claim has lapsed, can be
claimed), commits the claim, and only then talks to the mail server. A sender that dies while
holding a claim leaves it to lapse after ``CLAIM_MINUTES`` so another can pick it up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, select, update

from panelhire.extensions import db
from panelhire.messaging import mail
from panelhire.messaging.models import OutboxMessage, OutboxStatus
from panelhire.models.base import now_utc

PENDING_KEY = "outbox_pending"
CLAIM_MINUTES = 5
MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=6)


def queue_email(
    *,
    kind: str,
    to_address: str,
    to_name: str,
    subject: str,
    body_text: str,
    panel_id: int | None = None,
    recipient_id: int | None = None,
    ics: bytes | str | None = None,
    ics_method: str | None = None,
) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction; it is sent after commit."""
    if isinstance(ics, bytes):
        ics = ics.decode("utf-8")
    message = OutboxMessage(
        kind=kind,
        to_address=to_address[:320],
        to_name=to_name[:200],
        subject=subject[:300],
        body_text=body_text,
        panel_id=panel_id,
        recipient_id=recipient_id,
        ics=ics,
        ics_method=ics_method,
        next_attempt_at=now_utc(),
    )
    db.session.add(message)
    db.session.info[PENDING_KEY] = True
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait after the given number of failed tries: 1, 2, 4 ... minutes, at most 6 h."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    unreachable: bool = False

    def __str__(self) -> str:
        text = f"{len(self.sent)} sent, {len(self.retrying)} to retry, {len(self.held)} held"
        return text + (" (mail server unreachable)" if self.unreachable else "")


def due_ids(now: datetime, limit: int) -> list[int]:
    return list(
        db.session.execute(
            select(OutboxMessage.id)
            .where(_claimable(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        ).scalars()
    )


def _claimable(now: datetime):  # noqa: ANN202 - an SQL expression
    return or_(
        (OutboxMessage.status == OutboxStatus.QUEUED) & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.claimed_until < now),
    )


def claim(message_id: int, now: datetime) -> bool:
    """Take one message for this sender, committed, or False if another sender has it."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _claimable(now))
        .values(
            status=OutboxStatus.SENDING,
            claimed_until=now + timedelta(minutes=CLAIM_MINUTES),
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def send_due(
    *, limit: int = 100, ids: Iterable[int] | None = None, now: datetime | None = None
) -> SendReport:
    """Send what is due (or just ``ids``), one claimed message at a time. Commits as it goes.

    Every write is the first statement of its own short transaction and no transaction is
    open while the mail server is talking, so senders never hold locks on each other (SQLite
    refuses to turn a reading transaction into a writing one once another writer has been).
    """
    now = now or now_utc()
    report = SendReport()
    transport = current_transport()
    candidates = due_ids(now, limit) if ids is None else list(ids)
    db.session.commit()
    for message_id in candidates:
        if not claim(message_id, now):
            continue
        message = db.session.get(OutboxMessage, message_id, populate_existing=True)
        attempts = message.attempts
        try:
            email = email_for(message)
        except mail.BadAddress as error:
            db.session.commit()
            _finish(message_id, _held(str(error)), report.held)
            continue
        db.session.commit()  # no transaction open while the server talks
        try:
            transport.send(email)
        except mail.PermanentFailure as error:
            _finish(message_id, _held(str(error)), report.held)
        except mail.TemporaryFailure as error:
            if attempts >= MAX_ATTEMPTS:
                values = _held(f"Gave up after {attempts} tries. Last error: {error}")
                _finish(message_id, values, report.held)
            else:
                values = {
                    "status": OutboxStatus.QUEUED,
                    "claimed_until": None,
                    "next_attempt_at": now + backoff(attempts),
                    "last_error": str(error)[:2000],
                }
                _finish(message_id, values, report.retrying)
            if isinstance(error, mail.ServerUnreachable):
                report.unreachable = True
                break  # the rest would fail the same way; they stay queued, unclaimed
        else:
            values = {
                "status": OutboxStatus.SENT,
                "sent_at": now_utc(),
                "claimed_until": None,
                "last_error": None,
                "message_id": email["Message-ID"],
            }
            _finish(message_id, values, report.sent)
    return report


def _held(error: str) -> dict:
    return {"status": OutboxStatus.HELD, "claimed_until": None, "last_error": error[:2000]}


def _finish(message_id: int, values: dict, bucket: list[int]) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    bucket.append(message_id)


def email_for(message: OutboxMessage):  # noqa: ANN201 - an EmailMessage
    """The email for an outbox row, built fresh (with a new Message-ID) each time."""
    email = mail.build_email(
        mail.Outgoing(
            to_address=message.to_address,
            to_name=message.to_name,
            subject=message.subject,
            body_text=message.body_text,
            ics=message.ics,
            ics_method=message.ics_method,
        ),
        current_app.config["MAIL_FROM"],
        urlsplit(current_app.config["PUBLIC_URL"]).hostname or "panelhire.invalid",
    )
    return email


def current_transport() -> mail.Transport:
    config = current_app.config
    folder = config.get("MAIL_FILE_DIR") or str(Path(current_app.instance_path) / "mail")
    return mail.transport_for(
        config.get("MAIL_URL") or "", Path(folder), float(config.get("MAIL_TIMEOUT", 10))
    )


def requeue(message: OutboxMessage, *, to_address: str | None = None) -> None:
    """Put a held message back in the queue (optionally to a corrected address)."""
    if to_address:
        message.to_address = to_address
    message.status = OutboxStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = now_utc()
    message.claimed_until = None
    db.session.info[PENDING_KEY] = True
