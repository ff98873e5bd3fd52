"""Object-level access: who may see which panel, vacancy and candidate.

Each loader returns the object or raises 404, so a person cannot even learn that a panel
they are not on exists.
"""

from __future__ import annotations

from flask import abort

from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.panels.models import Candidate, Panel, PanelMember, Vacancy

OFFICE_ROLES = (Role.HR, Role.ADMIN)


def seat_for(panel: Panel, user: User) -> PanelMember | None:
    """The user's current seat on the panel, if they have one."""
    for member in panel.members:
        if member.user_id == user.id and member.withdrawn_at is None:
            return member
    return None


def manages(vacancy: Vacancy, user: User) -> bool:
    """HR and administrators manage every vacancy; a manager manages the ones they hire for."""
    if user.has_role(*OFFICE_ROLES):
        return True
    return user.has_role(Role.MANAGER) and vacancy.hiring_manager_id == user.id


def panel_for_user_or_404(panel_id: int, user: User) -> Panel:
    """A panel the user sits on, or manages."""
    panel = db.session.get(Panel, panel_id)
    if panel is None or not (manages(panel.vacancy, user) or seat_for(panel, user)):
        abort(404)
    return panel


def scoring_seat_or_404(panel_id: int, user: User) -> tuple[Panel, PanelMember]:
    """A panel on which the user scores (chair, staff or resident panellist)."""
    panel = db.session.get(Panel, panel_id)
    seat = seat_for(panel, user) if panel else None
    if panel is None or seat is None or not seat.scores:
        abort(404)
    return panel, seat


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
