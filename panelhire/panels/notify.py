"""The one place panel changes turn into calendar invites and messages.

Services call ``panel_changed`` after raising ``panel.sequence``, in the same transaction as
the change. Who receives what (``panelhire.messaging.notifications`` has the rules):

* WITHDRAWN: a cancellation to the withdrawn or removed person only;
* ADDED: an invitation to the new person and the updated invitation to everyone else;
* CONFIRMED: the invitation to everyone on the panel;
* RESCHEDULED: the updated invitation to everyone (time, place or online link changed);
* CANCELLED: a cancellation (STATUS:CANCELLED) to everyone.

Emails go through the outbox and are sent after commit. Each person named is also noted in the
audit trail, with how they will hear (people without email: letter or text, by HR).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from panelhire.audit.services import record
from panelhire.messaging import notifications

WITHDRAWN = notifications.WITHDRAWN
ADDED = notifications.ADDED
CONFIRMED = notifications.CONFIRMED
RESCHEDULED = notifications.RESCHEDULED
CANCELLED = notifications.CANCELLED

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
    """Queue the messages for a change to a panel; returns a notice per person named."""
    if change not in SENDS:
        raise ValueError(f"unknown panel change: {change}")
    people = list(people)
    queued = notifications.panel_changed(panel, change, people)
    emailed = {message.recipient_id for message in queued}
    method = SENDS[change]
    notices = []
    for person in people:
        notices.append(Notice(panel.id, person.id, change, method))
        how = "by email" if person.id in emailed else "no email sent (panel page, letter or text)"
        record(
            "panel.notify",
            object_type="panel",
            object_id=panel.id,
            summary=f"{method} to user {person.id}: {change}; {how}",
        )
    return notices
