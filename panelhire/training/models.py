"""Training modules, records, agreements and availability: the facts behind eligibility."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelhire.models.base import Base, now_utc

if TYPE_CHECKING:
    from panelhire.auth.models import User


class TrainingModule(Base):
    __tablename__ = "training_module"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=True)
    valid_months: Mapped[int | None]  # None: never expires
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


class TrainingSession(Base):
    """A group session a trainer ran; attendees each get a TrainingRecord."""

    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("training_module.id"), index=True)
    held_on: Mapped[date]
    trainer_name: Mapped[str] = mapped_column(String(120))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    module: Mapped[TrainingModule] = relationship()


class TrainingRecord(Base):
    __tablename__ = "training_record"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "completed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("training_module.id"), index=True)
    completed_on: Mapped[date]
    expires_on: Mapped[date | None]
    trainer_name: Mapped[str] = mapped_column(String(120))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_session.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    module: Mapped[TrainingModule] = relationship()
    user: Mapped[User] = relationship()


class ConfidentialityAgreement(Base):
    __tablename__ = "confidentiality_agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(40))
    signed_on: Mapped[date]


class WeeklyAvailability(Base):
    """A half-day a resident is usually free: weekday 0 = Monday, part 'am' or 'pm'."""

    __tablename__ = "weekly_availability"
    __table_args__ = (UniqueConstraint("user_id", "weekday", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    part: Mapped[str] = mapped_column(String(2))


class UnavailableDate(Base):
    __tablename__ = "unavailable_date"
    __table_args__ = (UniqueConstraint("user_id", "on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    on: Mapped[date]


class TravelPlace(Base):
    """A service a resident can travel to for panels (none recorded: anywhere)."""

    __tablename__ = "travel_place"
    __table_args__ = (UniqueConstraint("user_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
