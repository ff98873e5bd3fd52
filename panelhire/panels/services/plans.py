"""Applying a rostering plan for a date range: from the planning page or the `roster` command."""

from __future__ import annotations

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.panels import queries
from panelhire.panels.services.common import PanelError
from panelhire.panels.services.seats import add_resident


def apply_plan(actor: User | None, rows: list[queries.PlannedPanel]) -> int:
    """Seat every proposed resident, all or nothing; returns how many panels were filled.

    Each resident goes into the seat their panel lacks. If a panel was filled, or a resident
    booked elsewhere, since the plan was made, the whole plan is refused (the caller rolls
    back) and HR plans again from what is true now.
    """
    filled = 0
    for row in rows:
        if row.resident is None:
            continue
        try:
            add_resident(actor, row.panel, row.resident, to_empty_seat=True)
        except PanelError as refused:
            raise PanelError(
                f"The plan is out of date ({row.panel.vacancy.title} panel: {refused.message}) "
                "Nothing was applied: plan again."
            ) from None
        filled += 1
    record(
        "roster.apply",
        actor=actor,
        object_type="panel",
        summary=f"Applied a roster plan filling {filled} of {len(rows)} panels",
    )
    return filled
