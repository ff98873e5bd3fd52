"""Recognition and wellbeing: rates, activities, payments, expenses, debriefs and check-ins."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelhire.models.base import Base, now_utc
from panelhire.recognition.rules import ACTIVITY_LABELS, ActivityKind, late_cancellation_note

if TYPE_CHECKING:
    from panelhire.auth.models import User
    from panelhire.panels.models import Panel
    from panelhire.training.models import TrainingSession


class RecognitionPolicy(Base):
    """The organisation's recognition policy; there is at most one row."""

    __tablename__ = "recognition_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    covers_travel: Mapped[bool] = mapped_column(default=True)
    covers_care: Mapped[bool] = mapped_column(default=True)
    covers_meals: Mapped[bool] = mapped_column(default=True)
    expenses_note: Mapped[str] = mapped_column(Text, default="")
    late_rule: Mapped[str] = mapped_column(String(8), default="part")
    late_part_percent: Mapped[int] = mapped_column(default=50)
    late_hours: Mapped[int] = mapped_column(default=24)
    threshold_period: Mapped[str] = mapped_column(String(10), default="month")
    updated_at: Mapped[datetime] = mapped_column(default=now_utc)


class Rate(Base):
    """What the organisation pays for one kind of activity, from a date onwards."""

    __tablename__ = "recognition_rate"
    __table_args__ = (UniqueConstraint("kind", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    amount_pence: Mapped[int]
    effective_from: Mapped[date]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class Activity(Base):
    """One thing a resident was booked for: a training session, preparation, panel or debrief."""

    __tablename__ = "recognition_activity"
    __table_args__ = (UniqueConstraint("user_id", "kind", "panel_id", "training_session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    happened_on: Mapped[date] = mapped_column(index=True)
    panel_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel.id", ondelete="SET NULL"), index=True
    )
    training_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="SET NULL")
    )
    attendance: Mapped[str] = mapped_column(String(16))
    rate_pence: Mapped[int]
    due_pence: Mapped[int]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    panel: Mapped[Panel | None] = relationship()
    training_session: Mapped[TrainingSession | None] = relationship()
    payment: Mapped[Payment | None] = relationship(
        back_populates="activity", cascade="all, delete-orphan", uselist=False
    )

    @property
    def label(self) -> str:
        name = ACTIVITY_LABELS.get(ActivityKind(self.kind), self.kind)
        if self.panel is not None:
            return f"{name}: {self.panel.vacancy.title}"
        if self.training_session is not None:
            return f"{name}: {self.training_session.module.name}"
        return name

    @property
    def payment_label(self) -> str:
        """The label, saying when the money is for a late cancellation and how much of the rate:
        finance would otherwise read a part payment as a wrong amount."""
        note = late_cancellation_note(self.attendance, self.rate_pence, self.due_pence)
        return f"{self.label} ({note})" if note else self.label


class Cancellable:
    """A payment or expense recorded by mistake or twice is cancelled, never deleted: it stays
    on the record, with the reason, but is no longer owed, counted or exported."""

    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Payment(Cancellable, Base):
    """The resident's choice for one activity and, once paid, when."""

    __tablename__ = "recognition_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_activity.id", ondelete="CASCADE"), unique=True
    )
    choice: Mapped[str] = mapped_column(String(8))
    method: Mapped[str | None] = mapped_column(String(10))
    amount_pence: Mapped[int]
    donated_pence: Mapped[int] = mapped_column(default=0)
    paid_on: Mapped[date | None]
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    activity: Mapped[Activity] = relationship(back_populates="payment")

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def status(self) -> str:
        if self.is_cancelled:
            return "Cancelled"
        if self.amount_pence == 0:
            return "Nothing to pay"
        return "Paid" if self.paid_on else "Due"


class Expense(Cancellable, Base):
    """A cost the resident had (travel, care, meals), repaid separately from any payment."""

    __tablename__ = "recognition_expense"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    incurred_on: Mapped[date]
    amount_pence: Mapped[int]
    receipt_seen: Mapped[bool] = mapped_column(default=False)
    paid_in_advance: Mapped[bool] = mapped_column(default=False)
    paid_on: Mapped[date | None]
    # How it is to be repaid, when agreed; finance reads none as "Cash unless agreed".
    method: Mapped[str | None] = mapped_column(String(10))
    panel_id: Mapped[int | None] = mapped_column(ForeignKey("panel.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    panel: Mapped[Panel | None] = relationship()

    @property
    def status(self) -> str:
        if self.is_cancelled:
            return "Cancelled"
        return "Paid" if self.paid_on else "Due"


class Debrief(Base):
    """Whether a panel's debrief was held and who came. Notes are kept to a minimum."""

    __tablename__ = "debrief"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), unique=True)
    held: Mapped[bool]
    notes: Mapped[str] = mapped_column(String(500), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)

    attendees: Mapped[list[DebriefAttendee]] = relationship(
        back_populates="debrief", cascade="all, delete-orphan"
    )


class DebriefAttendee(Base):
    __tablename__ = "debrief_attendee"
    __table_args__ = (UniqueConstraint("debrief_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debrief_id: Mapped[int] = mapped_column(ForeignKey("debrief.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))

    debrief: Mapped[Debrief] = relationship(back_populates="attendees")
    user: Mapped[User] = relationship()


class CheckIn(Base):
    """The next-day check-in with a resident after a panel, once it has been done."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("panel_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    done_at: Mapped[datetime] = mapped_column(default=now_utc)
    # What happened, in a line, so the next person to speak to the resident knows.
    note: Mapped[str] = mapped_column(String(300), default="", server_default="")

    panel: Mapped[Panel] = relationship()


class SupportRequest(Base):
    """A resident pressed "I'd like to talk to someone" after a panel."""

    __tablename__ = "support_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    panel_id: Mapped[int | None] = mapped_column(ForeignKey("panel.id", ondelete="SET NULL"))
    support_contact: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    handled_note: Mapped[str] = mapped_column(String(300), default="", server_default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    panel: Mapped[Panel | None] = relationship()
