"""What scoring puts on people's home pages: panels still to score, and decisions to sign off."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import contains_eager, joinedload

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels.models import (
    SCORING_SEATS,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    Vacancy,
    interviews_on_panel,
    panels_seating,
)
from panelhire.scoring import queries
from panelhire.scoring.models import Decision


@dataclass(frozen=True)
class PanelToScore:
    panel: Panel
    to_score: int  # candidates this panellist has neither submitted nor sat out for


@dataclass(frozen=True)
class AwaitingSignOff:
    panel: Panel
    decided: int
    candidates: int


def panels_to_score(user: User, *, limit: int = 10) -> list[PanelToScore]:
    """Panels where this person has a scoring seat and candidates they have not yet submitted.

    One statement however many panels: each panel with the number of its candidates this
    person has neither submitted nor sat out for, and whose decision is not yet signed off."""
    signed_off = exists().where(
        Decision.panel_id == Panel.id,
        Decision.candidate_id == InterviewSlot.candidate_id,
        Decision.signed_off_at.is_not(None),
    )
    left = interviews_on_panel(
        queries.sheet_is_open(Panel.id, InterviewSlot.candidate_id, user.id), ~signed_off
    )
    rows = db.session.execute(
        panels_seating(user.id)
        .add_columns(left)
        .options(joinedload(Panel.vacancy))
        .where(
            PanelMember.role.in_(list(SCORING_SEATS)),
            Panel.status != PanelStatus.CANCELLED,
            left > 0,
        )
        .order_by(Panel.starts_at, Panel.id)
        .limit(limit)
    )
    return [PanelToScore(panel, count) for panel, count in rows]


def awaiting_sign_off(user: User) -> list[AwaitingSignOff]:
    """Panels for this hiring manager's vacancies with decisions recorded but not signed off,
    each with how many of its candidates are decided: one statement however many panels."""
    decided = select(func.count(Decision.id)).where(Decision.panel_id == Panel.id).scalar_subquery()
    candidates = interviews_on_panel()
    waiting = exists().where(Decision.panel_id == Panel.id, Decision.signed_off_at.is_(None))
    rows = db.session.execute(
        select(Panel, decided, candidates)
        .join(Vacancy, Vacancy.id == Panel.vacancy_id)
        .options(contains_eager(Panel.vacancy))
        .where(Vacancy.hiring_manager_id == user.id, waiting)
        .order_by(Panel.starts_at, Panel.id)
    )
    return [AwaitingSignOff(panel, count, slots) for panel, count, slots in rows]


def vacancies_managed_by(user: User) -> list[Vacancy]:
    """The vacancies this person is hiring manager for and that are still open."""
    return list(
        db.session.execute(
            select(Vacancy)
            .where(Vacancy.hiring_manager_id == user.id, Vacancy.closed_on.is_(None))
            .order_by(Vacancy.closing_date.desc(), Vacancy.title)
        ).scalars()
    )
