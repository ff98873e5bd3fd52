"""Refresher-training reminders: one message per person per expiring module, never twice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from panelhire.auth.models import ContactChannel, Role, User, UserRole
from panelhire.extensions import db
from panelhire.messaging.models import OutboxMessage, TextMessage
from panelhire.messaging.outbox import queue_email
from panelhire.messaging.texts import text_sender
from panelhire.models.base import now_utc
from panelhire.training.overview import DueItem

KIND = "training_reminder"
DIGEST_KIND = "training_digest"


@dataclass(frozen=True)
class ReminderReport:
    emailed: int
    texted: int
    by_hand: list[DueItem]


def _subject(item: DueItem) -> str:
    return f"Your {item.module} training runs out on {item.expires_on:%d/%m/%Y}"


def _already_sent(user_id: int, subject: str) -> bool:
    emailed = db.session.execute(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == KIND,
            OutboxMessage.recipient_id == user_id,
            OutboxMessage.subject == subject,
        )
    ).first()
    texted = db.session.execute(
        select(TextMessage.id).where(
            TextMessage.recipient_id == user_id, TextMessage.body.startswith(subject)
        )
    ).first()
    return emailed is not None or texted is not None


def _body(item: DueItem) -> str:
    return (
        f"Hello {item.name},\n\n"
        f"Your {item.module} training runs out on {item.expires_on:%d/%m/%Y}. "
        "After that date you cannot sit on interview panels until you have done a refresher.\n\n"
        "Your trainer or HR coordinator will offer you a date. "
        "If you would rather not carry on with panels, just let them know.\n"
    )


def queue_reminders(due: list[DueItem]) -> ReminderReport:
    """Queue a reminder for each expiring module by the person's chosen channel.

    Email goes to the outbox; text messages go through the text sender; anyone reached by
    phone, letter or keyworker is listed for HR to contact by hand. A reminder already sent
    for the same module and expiry date is not sent again, so this is safe to run daily.
    """
    emailed = texted = 0
    by_hand: list[DueItem] = []
    fresh: list[DueItem] = []
    for item in due:
        subject = _subject(item)
        if _already_sent(item.user.id, subject):
            continue
        channel = _channel(item.user)
        if channel == ContactChannel.EMAIL and item.user.email:
            queue_email(
                kind=KIND,
                to_address=item.user.email,
                to_name=item.name,
                subject=subject,
                body_text=_body(item),
                recipient_id=item.user.id,
            )
            emailed += 1
        elif channel == ContactChannel.TEXT and item.user.resident and item.user.resident.mobile:
            sender = text_sender()
            body = f"{subject}. Ask your trainer about a refresher."
            sender.send(item.user.resident.mobile, body)
            db.session.add(
                TextMessage(
                    recipient_id=item.user.id,
                    to_number=item.user.resident.mobile,
                    body=body,
                    backend=sender.name,
                    sent_at=now_utc(),
                )
            )
            texted += 1
        else:
            by_hand.append(item)
            continue
        fresh.append(item)
    # People contacted by hand appear in the trainers' digest once, not every day.
    new_by_hand = [item for item in by_hand if not _in_a_digest(_hand_line(item))]
    if fresh or new_by_hand:
        _queue_digest(fresh, new_by_hand)
    return ReminderReport(emailed=emailed, texted=texted, by_hand=by_hand)


def _hand_line(item: DueItem) -> str:
    return f"- {item.name} ({item.channel}): {item.module}, {item.expires_on:%d/%m/%Y}"


def _in_a_digest(line: str) -> bool:
    return (
        db.session.execute(
            select(OutboxMessage.id).where(
                OutboxMessage.kind == DIGEST_KIND, OutboxMessage.body_text.contains(line)
            )
        ).first()
        is not None
    )


def _channel(user: User) -> str:
    if user.resident is None:
        return ContactChannel.EMAIL  # staff are reached at work
    return user.resident.contact_channel


def _queue_digest(fresh: list[DueItem], by_hand: list[DueItem]) -> None:
    trainers = db.session.execute(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.TRAINER, User.active.is_(True), User.email.is_not(None))
    ).scalars()
    lines = [f"- {i.name}: {i.module}, runs out {i.expires_on:%d/%m/%Y}" for i in fresh]
    if by_hand:
        lines.append("")
        lines.append("To contact by phone, letter or keyworker:")
        lines += [_hand_line(i) for i in by_hand]
    body = "Refresher training is due soon for:\n\n" + "\n".join(lines) + "\n"
    for trainer in trainers:
        queue_email(
            kind=DIGEST_KIND,
            to_address=trainer.email,
            to_name=trainer.display_name,
            subject=f"Refresher training due: {len(fresh) + len(by_hand)} reminder(s)",
            body_text=body,
            recipient_id=trainer.id,
        )
