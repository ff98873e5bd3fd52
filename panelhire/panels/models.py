"""Vacancies, candidates, panels and who sits on them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    ScalarSelect,
    Select,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelhire.models.base import Base, now_utc

if TYPE_CHECKING:
    from panelhire.auth.models import User
    from panelhire.core.models import Service


class DecisionModel(enum.StrEnum):
    SINGLE = "single"
    COMBINED = "combined"
    ADVISORY = "advisory"


DECISION_MODEL_LABELS = {
    DecisionModel.SINGLE: "One panel: every panellist's scores count equally",
    DecisionModel.COMBINED: "A resident panel and a staff panel, combined at a set weight",
    DecisionModel.ADVISORY: "Resident scores are advice to the staff panel",
}


class SeatRole(enum.StrEnum):
    CHAIR = "chair"
    STAFF = "staff"
    RESIDENT = "resident"
    OBSERVER = "observer"
    SUPPORTER = "supporter"


SCORING_SEATS = {SeatRole.CHAIR, SeatRole.STAFF, SeatRole.RESIDENT}


class PanelStatus(enum.StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Vacancy(Base):
    __tablename__ = "vacancy"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    hiring_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    closing_date: Mapped[date]
    summary: Mapped[str] = mapped_column(Text, default="")
    person_specification: Mapped[str] = mapped_column(Text, default="")
    decision_model: Mapped[str] = mapped_column(String(20), default=DecisionModel.SINGLE)
    resident_weight_percent: Mapped[int] = mapped_column(default=50)
    scale_min: Mapped[int] = mapped_column(default=0)
    scale_max: Mapped[int] = mapped_column(default=4)
    closed_on: Mapped[date | None]
    legal_hold: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    service: Mapped[Service] = relationship()
    hiring_manager: Mapped[User | None] = relationship()
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan", order_by="Candidate.id"
    )
    panels: Mapped[list[Panel]] = relationship(
        back_populates="vacancy", cascade="all, delete-orphan", order_by="Panel.starts_at"
    )


class Candidate(Base):
    """An applicant invited to interview. Equality data never leaves HR."""

    __tablename__ = "candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    adjustments: Mapped[str] = mapped_column(Text, default="")
    guaranteed_interview: Mapped[bool] = mapped_column(default=False)
    # Equality-monitoring answers, kept for HR's reporting only; never shown to a panel.
    equality_monitoring: Mapped[str] = mapped_column(Text, default="")
    anonymised_at: Mapped[datetime | None]

    vacancy: Mapped[Vacancy] = relationship(back_populates="candidates")


class Panel(Base):
    __tablename__ = "panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    online_link: Mapped[str | None] = mapped_column(String(500))
    travel_buffer_minutes: Mapped[int] = mapped_column(default=30)
    slot_minutes: Mapped[int] = mapped_column(default=45)
    break_minutes: Mapped[int] = mapped_column(default=10)
    status: Mapped[str] = mapped_column(String(12), default=PanelStatus.DRAFT)
    sequence: Mapped[int] = mapped_column(default=0)
    exception_reason: Mapped[str | None] = mapped_column(Text)
    exception_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    exception_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    vacancy: Mapped[Vacancy] = relationship(back_populates="panels")
    service: Mapped[Service | None] = relationship()
    members: Mapped[list[PanelMember]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="PanelMember.id"
    )
    slots: Mapped[list[InterviewSlot]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", order_by="InterviewSlot.starts_at"
    )

    @property
    def place_name(self) -> str:
        return self.service.name if self.service else "Online"

    def active_members(self, *roles: SeatRole) -> list[PanelMember]:
        wanted = set(roles) or set(SeatRole)
        return [m for m in self.members if m.withdrawn_at is None and m.role in wanted]


class PanelMember(Base):
    """A seat on a panel: chair, staff or resident panellist, observer or supporter."""

    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("panel_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    override_reason: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(default=now_utc)
    withdrawn_at: Mapped[datetime | None]

    panel: Mapped[Panel] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    @property
    def scores(self) -> bool:
        return self.role in SCORING_SEATS


class InterviewSlot(Base):
    __tablename__ = "interview_slot"
    __table_args__ = (UniqueConstraint("panel_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    panel: Mapped[Panel] = relationship(back_populates="slots")
    candidate: Mapped[Candidate] = relationship()


class ConflictDeclaration(Base):
    """A panellist knows a candidate; the chair records what happens next."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (UniqueConstraint("panel_id", "user_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(default=now_utc)
    outcome: Mapped[str | None] = mapped_column(String(12))  # none, sit_out, replace
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]


def panels_seating(user_id: int) -> Select[tuple[Panel]]:
    """Panels where this person holds a seat they have not withdrawn from (any role)."""
    return (
        select(Panel)
        .join(PanelMember, PanelMember.panel_id == Panel.id)
        .where(PanelMember.user_id == user_id, PanelMember.withdrawn_at.is_(None))
    )


def interviews_on_panel(*conditions: object) -> ScalarSelect[int]:
    """How many interviews the outer statement's panel holds (those meeting `conditions`, if
    any), as a column: counted in the database rather than by loading the slots."""
    return (
        select(func.count(InterviewSlot.id))
        .where(InterviewSlot.panel_id == Panel.id, *conditions)
        .correlate(Panel)
        .scalar_subquery()
    )
