"""The one place panel changes turn into calendar invites and messages.

For now it records what would be sent (an audit event per person); the calendar issue fills
in the sending: a CANCEL for people taken off a panel, a REQUEST (with SEQUENCE raised) for
people added or when the panel's time or place changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from panelhire.audit.services import record

# What happened, and what each person named should receive.
WITHDRAWN = "withdrawn"  # cancel for the withdrawn person only
ADDED = "added"  # invite for the new person
CONFIRMED = "confirmed"  # invite for everyone on the panel
RESCHEDULED = "rescheduled"  # updated invite (SEQUENCE raised) for everyone: new time or place
CANCELLED = "cancelled"  # cancel for everyone

SENDS = {
    WITHDRAWN: "CANCEL",
    ADDED: "REQUEST",
    CONFIRMED: "REQUEST",
    RESCHEDULED: "REQUEST",
    CANCELLED: "CANCEL",
}


@dataclass(frozen=True)
class Notice:
    panel_id: int
    user_id: int
    change: str
    method: str


def panel_changed(panel, change: str, people: Iterable) -> list[Notice]:  # noqa: ANN001
    """Tell the people named about a change to a panel; returns what was (to be) sent."""
    if change not in SENDS:
        raise ValueError(f"unknown panel change: {change}")
    method = SENDS[change]
    notices = []
    for person in people:
        notices.append(Notice(panel.id, person.id, change, method))
        record(
            "panel.notify",
            object_type="panel",
            object_id=panel.id,
            summary=f"{method} to {person.display_name} (user {person.id}): {change}",
        )
    return notices
