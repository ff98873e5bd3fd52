"""What scoring puts on people's home pages: panels still to score, and decisions to sign off."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels.models import (
    SCORING_SEATS,
    Panel,
    PanelMember,
    PanelStatus,
    Vacancy,
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
    """Panels where this person has a scoring seat and candidates they have not yet submitted."""
    seats = db.session.execute(
        panels_seating(user.id)
        .where(
            PanelMember.role.in_(list(SCORING_SEATS)),
            Panel.status != PanelStatus.CANCELLED,
        )
        .order_by(Panel.starts_at)
    ).scalars()
    found = []
    for panel in seats:
        done = queries.submitted_pairs(panel) | queries.sat_out_pairs(panel)
        signed_off = {c for c, d in queries.decisions(panel).items() if d.signed_off_at}
        left = [
            slot
            for slot in panel.slots
            if (user.id, slot.candidate_id) not in done and slot.candidate_id not in signed_off
        ]
        if left:
            found.append(PanelToScore(panel, len(left)))
    return found[:limit]


def awaiting_sign_off(user: User) -> list[AwaitingSignOff]:
    """Panels for this hiring manager's vacancies with decisions recorded but not signed off."""
    panels = db.session.execute(
        select(Panel)
        .join(Vacancy, Vacancy.id == Panel.vacancy_id)
        .join(Decision, Decision.panel_id == Panel.id)
        .where(Vacancy.hiring_manager_id == user.id, Decision.signed_off_at.is_(None))
        .distinct()
        .order_by(Panel.starts_at)
    ).scalars()
    return [
        AwaitingSignOff(panel, len(queries.decisions(panel)), len(panel.slots)) for panel in panels
    ]


def vacancies_managed_by(user: User) -> list[Vacancy]:
    """The vacancies this person is hiring manager for and that are still open."""
    return list(
        db.session.execute(
            select(Vacancy)
            .where(Vacancy.hiring_manager_id == user.id, Vacancy.closed_on.is_(None))
            .order_by(Vacancy.closing_date.desc(), Vacancy.title)
        ).scalars()
    )
