"""Conflicts of interest the chair has not decided yet.

A resident who tells us they know a candidate keeps their seat until the chair decides: the
outcome may well be "no conflict" or "sit out for that candidate". Until then the panel needs
a decision, not a new resident, so the dashboard shows it amber rather than red.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from zoneinfo import ZoneInfo

from sqlalchemy import select

from panelhire.extensions import db
from panelhire.panels.models import ConflictDeclaration
from panelhire.training import eligibility
from panelhire.training.eligibility import ResidentFacts

CONFLICT_TO_DECIDE = "Conflict to decide"


def undecided_conflicts(panel_ids: Iterable[int]) -> dict[tuple[int, int], frozenset[int]]:
    """(panel id, user id) -> the candidates that person declared and the chair has not
    decided on, for the given panels, in one statement."""
    ids = list(panel_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            ConflictDeclaration.panel_id,
            ConflictDeclaration.user_id,
            ConflictDeclaration.candidate_id,
        ).where(ConflictDeclaration.panel_id.in_(ids), ConflictDeclaration.outcome.is_(None))
    )
    found: dict[tuple[int, int], set[int]] = defaultdict(set)
    for panel_id, user_id, candidate_id in rows:
        found[(panel_id, user_id)].add(candidate_id)
    return {key: frozenset(value) for key, value in found.items()}


def awaits_the_chair(
    facts: ResidentFacts,
    pending: frozenset[int] | None,
    panel: eligibility.PanelFacts,
    tz: ZoneInfo,
) -> bool:
    """True when the only thing keeping this resident off the panel is a conflict they
    declared (``pending``: its candidates) that the chair has not decided yet."""
    if not pending:
        return False
    cleared = replace(facts, conflict_candidate_ids=facts.conflict_candidate_ids - pending)
    return eligibility.check_eligibility(cleared, panel, tz).eligible
