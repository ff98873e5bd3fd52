"""The outbox: every message is written here in the same transaction as the change it reports."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from panelhire.models.base import Base, now_utc


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its first try, or for its next retry
    SENDING = "sending"  # claimed by one sender until claimed_until
    SENT = "sent"
    HELD = "held"  # cannot be sent as it stands (bad address, too many tries): needs a person


OUTBOX_STATUS_LABELS = {
    OutboxStatus.QUEUED: "Waiting to send",
    OutboxStatus.SENDING: "Sending",
    OutboxStatus.SENT: "Sent",
    OutboxStatus.HELD: "Held: needs attention",
}


class OutboxMessage(Base):
    """One email to one person. Never deleted by sending: a sent row is the delivery record."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    kind: Mapped[str] = mapped_column(String(40))  # e.g. invite, cancel
    panel_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel.id", ondelete="SET NULL"), index=True
    )
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    ics_method: Mapped[str | None] = mapped_column(String(10))  # REQUEST or CANCEL
    ics: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(200))


class TextMessage(Base):
    """A text message to a resident's mobile, through whichever sender is configured."""

    __tablename__ = "text_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    panel_id: Mapped[int | None] = mapped_column(ForeignKey("panel.id", ondelete="SET NULL"))
    to_number: Mapped[str] = mapped_column(String(30))
    body: Mapped[str] = mapped_column(Text)
    backend: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
