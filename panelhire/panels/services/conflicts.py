"""Conflicts of interest: a panellist says they know a candidate; the chair decides."""

from __future__ import annotations

from sqlalchemy import select

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Candidate, ConflictDeclaration, Panel, PanelStatus
from panelhire.panels.services.common import PanelError, audit
from panelhire.panels.services.seats import withdraw_member

CONFLICT_OUTCOMES = {
    "none": "No conflict: they stay on the panel",
    "sit_out": "They sit out for this candidate only",
    "replace": "Replace them on this panel",
}


def declare_conflict(
    user: User, panel: Panel, candidate: Candidate, note: str
) -> ConflictDeclaration:
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel was cancelled, so there is nothing to declare")
    if candidate.id not in {s.candidate_id for s in panel.slots}:
        raise PanelError("Choose a candidate on this panel", "candidate_id")
    existing = db.session.execute(
        select(ConflictDeclaration).where(
            ConflictDeclaration.panel_id == panel.id,
            ConflictDeclaration.user_id == user.id,
            ConflictDeclaration.candidate_id == candidate.id,
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise PanelError("You have already told us you know this candidate", "candidate_id")
    declaration = ConflictDeclaration(
        panel_id=panel.id, user_id=user.id, candidate_id=candidate.id, note=note.strip()
    )
    db.session.add(declaration)
    db.session.flush()
    audit("conflict.declare", user, panel, f"Declared a conflict with candidate {candidate.id}")
    return declaration


def decide_conflict(actor: User, declaration: ConflictDeclaration, outcome: str) -> None:
    """The chair records the outcome; replacing withdraws the panellist from this panel."""
    if outcome not in CONFLICT_OUTCOMES:
        raise PanelError("Choose what happens next", "outcome")
    if declaration.outcome is not None:
        raise PanelError("The outcome of this declaration is already recorded", "outcome")
    declaration.outcome = outcome
    declaration.decided_by_id = actor.id
    declaration.decided_at = now_utc()
    panel = db.session.get(Panel, declaration.panel_id)
    audit("conflict.decide", actor, panel, f"Conflict declaration {declaration.id}: {outcome}")
    if outcome == "replace":
        member = next((m for m in panel.active_members() if m.user_id == declaration.user_id), None)
        if member is not None:
            withdraw_member(actor, panel, member)
    db.session.flush()
