"""Object-level access: one place that decides which panels a person may see.

HR, admins and hiring managers see every panel; anyone else sees only panels where they
hold a seat that has not been withdrawn. Anything else is a 404, so a resident cannot even
learn that another panel exists.
"""

from __future__ import annotations

import functools
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, Row, Select, bindparam, false, or_, select, true
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.panels.models import (
    SCORING_SEATS,
    Candidate,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    Vacancy,
)

OVERSIGHT_ROLES = (Role.ADMIN, Role.HR, Role.MANAGER)


def sees_all_panels(user: User) -> bool:
    return user.has_role(*OVERSIGHT_ROLES)


def seat_on(panel_id: int, user: User) -> PanelMember | None:
    """The person's current (not withdrawn) seat on a panel, if any."""
    return db.session.execute(
        select(PanelMember).where(
            PanelMember.panel_id == panel_id,
            PanelMember.user_id == user.id,
            PanelMember.withdrawn_at.is_(None),
        )
    ).scalar_one_or_none()


def _load_panel(panel_id: int) -> Panel | None:
    """A panel with what its pages show (vacancy, place, seats, people, slots, candidates),
    in a fixed number of statements however many candidates and panellists it has."""
    return db.session.get(
        Panel,
        panel_id,
        options=[
            joinedload(Panel.vacancy),
            joinedload(Panel.service),
            selectinload(Panel.members).joinedload(PanelMember.user).joinedload(User.roles),
            selectinload(Panel.slots).joinedload(InterviewSlot.candidate),
        ],
    )


def panel_for_user_or_404(panel_id: int, user: User) -> Panel:
    panel = _load_panel(panel_id)
    if panel is None:
        abort(404)
    if sees_all_panels(user) or seat_for(panel, user) is not None:
        return panel
    abort(404)


def training_record_for_user_or_404(record_id: int, user: User):  # noqa: ANN201
    """A training record: staff who run training see all; a resident sees only their own."""
    from panelhire.training.models import TrainingRecord

    row = db.session.get(TrainingRecord, record_id)
    if row is None:
        abort(404)
    if user.has_role(Role.ADMIN, Role.HR, Role.TRAINER) or row.user_id == user.id:
        return row
    abort(404)


# --- scoring: seats, managed vacancies and candidates on a panel ---------------------------------

OFFICE_ROLES = (Role.HR, Role.ADMIN)


def seat_for(panel: Panel, user: User) -> PanelMember | None:
    """The user's current seat on an already loaded panel, if they have one."""
    for member in panel.members:
        if member.user_id == user.id and member.withdrawn_at is None:
            return member
    return None


def manages(vacancy: Vacancy, user: User) -> bool:
    """HR and administrators manage every vacancy; a manager manages the ones they hire for."""
    if user.has_role(*OFFICE_ROLES):
        return True
    return user.has_role(Role.MANAGER) and vacancy.hiring_manager_id == user.id


def managed_by(user: User) -> ColumnElement[bool]:
    """`manages` as a condition on `Vacancy`, for listing only the vacancies a person manages."""
    if user.has_role(*OFFICE_ROLES):
        return true()
    if user.has_role(Role.MANAGER):
        return Vacancy.hiring_manager_id == user.id
    return false()


def scoring_seat_or_404(panel_id: int, user: User) -> tuple[Panel, PanelMember]:
    """A panel on which the user scores (chair, staff or resident panellist)."""
    panel = _load_panel(panel_id)
    seat = seat_for(panel, user) if panel else None
    if panel is None or seat is None or not seat.scores:
        abort(404)
    return panel, seat


def score_sheet_select(panel_id: Any, candidate_id: Any, user_id: Any, *columns: Any) -> Select:
    """The user's own scoring seat on a panel and the candidate's interview slot on it: what the
    score sheet and its autosave need, and no more (not the other panellists).

    Exactly as strict as `scoring_seat_or_404` followed by `candidate_on_panel_or_404`: a
    current chair, staff or resident seat on this panel, and a candidate interviewed by it;
    and, beyond those, a panel that has not been cancelled (nothing is scored on a panel
    called off, however a page or a stale tab reaches it).
    The ids may be numbers or bound parameters (for a statement built once and reused). Callers
    may add columns and outer joins (the score sheet adds its lock state). Without `columns`
    the row holds the seat, slot, panel, vacancy and candidate, read with
    `score_sheet_from_row`; with them, just those columns (for a page that only shows values).
    """
    return (
        select(*(columns or (PanelMember, InterviewSlot, Panel, Vacancy, Candidate)))
        .select_from(PanelMember)
        .join(Panel, Panel.id == PanelMember.panel_id)
        .join(Vacancy, Vacancy.id == Panel.vacancy_id)
        .join(InterviewSlot, InterviewSlot.panel_id == Panel.id)
        .join(Candidate, Candidate.id == InterviewSlot.candidate_id)
        .where(
            PanelMember.panel_id == panel_id,
            PanelMember.user_id == user_id,
            PanelMember.withdrawn_at.is_(None),
            Panel.status != PanelStatus.CANCELLED,
            # Not `in_`: its list is filled in at every run, a cost on every tap and page.
            or_(*(PanelMember.role == seat for seat in sorted(SCORING_SEATS))),
            InterviewSlot.candidate_id == candidate_id,
        )
    )


def score_sheet_from_row(row: Row | None) -> tuple[Panel, PanelMember, InterviewSlot]:
    """The panel, seat and slot from a `score_sheet_select` row; no row is a 404."""
    if row is None:
        abort(404)
    seat, slot, panel, vacancy, candidate = row[:5]
    # Joined by hand, so say so: `panel.vacancy` and `slot.candidate` then need no statement.
    set_committed_value(seat, "panel", panel)
    set_committed_value(slot, "panel", panel)
    set_committed_value(panel, "vacancy", vacancy)
    set_committed_value(slot, "candidate", candidate)
    return panel, seat, slot


def score_sheet_or_404(
    panel_id: int, candidate_id: int, user: User
) -> tuple[Panel, PanelMember, InterviewSlot]:
    """The panel, the user's scoring seat and the candidate's slot, in one statement."""
    row = db.session.execute(
        _score_sheet_statement(),
        {"panel_id": panel_id, "candidate_id": candidate_id, "user_id": user.id},
    ).first()
    return score_sheet_from_row(row)


@functools.cache
def _score_sheet_statement() -> Select:
    """Built once: every autosave (one per tap) runs it."""
    return score_sheet_select(
        bindparam("panel_id"), bindparam("candidate_id"), bindparam("user_id")
    )


def vacancy_for_manager_or_404(vacancy_id: int, user: User) -> Vacancy:
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None or not manages(vacancy, user):
        abort(404)
    return vacancy


def candidate_on_panel_or_404(panel: Panel, candidate_id: int) -> Candidate:
    """A candidate with an interview slot on this panel."""
    for slot in panel.slots:
        if slot.candidate_id == candidate_id:
            return slot.candidate
    abort(404)


def is_chair(panel: Panel, user: User) -> bool:
    seat = seat_for(panel, user)
    return seat is not None and seat.role == "chair"


def on_vacancy_or_404(model, row_id: int, vacancy: Vacancy):  # noqa: ANN001, ANN201
    """A criterion or question, only through the vacancy it belongs to."""
    row = db.session.get(model, row_id)
    if row is None or row.vacancy_id != vacancy.id:
        abort(404)
    return row
