"""The shared scoring form, each panellist's scores, and the panel's decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from panelhire.models.base import Base, now_utc
from panelhire.panels.models import Vacancy


class Criterion(Base):
    """A criterion from the person specification."""

    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    essential: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    vacancy: Mapped[Vacancy] = relationship()


class Question(Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int | None] = mapped_column(
        ForeignKey("criterion.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    asked_by: Mapped[str] = mapped_column(String(10), default="staff")  # staff or resident
    weight: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)

    vacancy: Mapped[Vacancy] = relationship()
    criterion: Mapped[Criterion | None] = relationship()


class ScaleLabel(Base):
    """The wording for one point of a vacancy's scale, e.g. 0 = 'No evidence'."""

    __tablename__ = "scale_label"
    __table_args__ = (UniqueConstraint("vacancy_id", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int]
    label: Mapped[str] = mapped_column(String(200))

    vacancy: Mapped[Vacancy] = relationship()


class Score(Base):
    """One panellist's score for one question for one candidate; saved as they tap."""

    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("panel_id", "candidate_id", "user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    value: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="")
    # The browser numbers each change to an answer; an older save never overwrites a newer one.
    revision: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class ScoreSubmission(Base):
    """A panellist's scores for a candidate, submitted and locked."""

    __tablename__ = "score_submission"
    __table_args__ = (UniqueConstraint("panel_id", "candidate_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(default=now_utc)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class AgreedScore(Base):
    __tablename__ = "agreed_score"
    __table_args__ = (UniqueConstraint("panel_id", "candidate_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    value: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    agreed_at: Mapped[datetime] = mapped_column(default=now_utc)


class Concern(Base):
    """A resident's concern about a candidate, which the chair answers in writing."""

    __tablename__ = "concern"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(default=now_utc)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]


class Decision(Base):
    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("panel_id", "candidate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(20))  # appoint, reserve, not_appointed
    reasons: Mapped[str] = mapped_column(Text, default="")
    checks: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=now_utc)
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    signed_off_at: Mapped[datetime | None]

    dissents: Mapped[list[Dissent]] = relationship(
        back_populates="decision", cascade="all, delete-orphan"
    )


class Dissent(Base):
    __tablename__ = "dissent"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=now_utc)

    decision: Mapped[Decision] = relationship(back_populates="dissents")
