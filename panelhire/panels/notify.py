"""The one place panel changes turn into calendar invites and messages.

Services call ``panel_changed`` after raising ``panel.sequence``, in the same transaction as
the change. Who receives what (``panelhire.messaging.notifications`` has the rules):

* WITHDRAWN: a cancellation to the withdrawn or removed person only;
* ADDED: an invitation to the new person and the updated invitation to everyone else;
* CONFIRMED: the invitation to everyone on the panel;
* RESCHEDULED: the updated invitation to everyone (time, place or online link changed);
* CANCELLED: a cancellation (STATUS:CANCELLED) to everyone.

Emails go through the outbox and are sent after commit. Each person named is also noted in the
audit trail, with how they will hear (people without email: letter or text, by HR). A page that
makes a change inside ``listening()`` learns who was emailed and whom HR must tell another way,
so its message can say so truthfully.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from panelhire.audit.services import record
from panelhire.messaging import notifications

WITHDRAWN = notifications.WITHDRAWN
ADDED = notifications.ADDED
CONFIRMED = notifications.CONFIRMED
RESCHEDULED = notifications.RESCHEDULED
CANCELLED = notifications.CANCELLED
to_tell_another_way = notifications.to_tell_another_way

SENDS = {
    WITHDRAWN: "CANCEL",
    ADDED: "REQUEST",
    CONFIRMED: "REQUEST",
    RESCHEDULED: "REQUEST",
    CANCELLED: "CANCEL",
}


EMAIL = "email"
OTHERWISE = "otherwise"


@dataclass(frozen=True)
class Notice:
    panel_id: int
    user_id: int
    change: str
    method: str


@dataclass(frozen=True)
class Heard:
    """One person who hears of a change: by EMAIL, or OTHERWISE (HR must tell them)."""

    user_id: int
    name: str
    how: str


_listeners: ContextVar[list[Heard] | None] = ContextVar("panel_listeners", default=None)


@contextmanager
def listening() -> Iterator[list[Heard]]:
    """Note who hears of each panel change made inside the block, and how.

    People without email hear nothing unless HR tells them, so the page that made the change
    must name them; the services' return values stay as they are.
    """
    heard: list[Heard] = []
    token = _listeners.set(heard)
    try:
        yield heard
    finally:
        _listeners.reset(token)


def panel_changed(
    panel,  # noqa: ANN001
    change: str,
    people: Iterable,
    *,
    was_confirmed: bool | None = None,
) -> list[Notice]:
    """Queue the messages for a change to a panel; returns a notice per person named.

    ``was_confirmed`` is for a cancellation, whose panel is no longer confirmed by the time
    it is called: whether people had been told of the panel, so must be told it is off.
    """
    if change not in SENDS:
        raise ValueError(f"unknown panel change: {change}")
    people = list(people)
    queued = notifications.panel_changed(panel, change, people)
    otherwise = notifications.to_tell_another_way(
        panel, change, people, was_confirmed=was_confirmed
    )
    listener = _listeners.get()
    if listener is not None:
        listener.extend(Heard(m.recipient_id, m.to_name, EMAIL) for m in queued)
        listener.extend(Heard(u.id, u.display_name, OTHERWISE) for u in otherwise)
    emailed = {message.recipient_id for message in queued}
    told = {user.id for user in otherwise}
    method = SENDS[change]
    notices = []
    for person in people:
        notices.append(Notice(panel.id, person.id, change, method))
        if person.id in emailed:
            how = "by email"
        elif person.id in told:
            how = "no email: HR to tell them by letter, text or keyworker"
        else:
            how = "no email sent (panel page, letter or text)"
        record(
            "panel.notify",
            object_type="panel",
            object_id=panel.id,
            summary=f"{method} to user {person.id}: {change}; {how}",
        )
    return notices
