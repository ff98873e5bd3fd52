"""What each change to a panel sends, and to whom. Called by ``panels.notify.panel_changed``.

The rules, in HR's words:

* **Confirmed**: everyone on the panel gets the invitation.
* **Added** (a substitute, or a late addition): the new person gets the invitation, and everyone
  else gets the updated invitation with the new guest list.
* **Rescheduled or moved** (time, place or link changed): everyone gets the updated invitation.
* **Withdrawn or removed**: only that person gets a cancellation; nobody else is disturbed.
* **Cancelled**: everyone gets a cancellation and the panel disappears from their calendars.

Nothing is sent about a draft panel: people hear about it when it is confirmed. Someone who was
never sent an invitation is not sent a cancellation. The caller raises ``panel.sequence``
before calling, so calendar apps accept each update as newer.

Messages are written to the outbox in the caller's transaction (see ``outbox``); people with no
email address get nothing by email: their panels are on their page, as a text message HR can
send, and on a printed letter. ``to_tell_another_way`` names them, so HR is told whom to reach.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from panelhire.auth.models import User
from panelhire.calendar.events import event_for
from panelhire.core.formatting import format_long_date, format_time
from panelhire.exports.ical import build_invite
from panelhire.exports.invites import attendee_for, usable_email
from panelhire.extensions import db
from panelhire.messaging.models import OutboxMessage
from panelhire.messaging.outbox import queue_email
from panelhire.panels.models import Panel, PanelMember, PanelStatus

WITHDRAWN = "withdrawn"
ADDED = "added"
CONFIRMED = "confirmed"
RESCHEDULED = "rescheduled"
CANCELLED = "cancelled"
CHANGES = {WITHDRAWN, ADDED, CONFIRMED, RESCHEDULED, CANCELLED}
SUBJECT_ROLE_LIMIT = 100


def panel_changed(panel: Panel, change: str, people: Iterable[User]) -> list[OutboxMessage]:
    """Queue the right messages for ``change`` to ``panel``; ``people`` are those it concerns."""
    if change not in CHANGES:
        raise ValueError(f"unknown panel change: {change}")
    people = list(people)
    db.session.flush()
    if change == WITHDRAWN:
        return [m for user in people if (m := _cancel_for_one(panel, user)) is not None]
    if change == CANCELLED:
        return _cancel_for_all(panel)
    if panel.status != PanelStatus.CONFIRMED:
        return []
    return _request_to_all(panel, new=set(u.id for u in people) if change == ADDED else set())


def to_tell_another_way(
    panel: Panel, change: str, people: Iterable[User], *, was_confirmed: bool | None = None
) -> list[User]:
    """Who would have had an email about ``change`` but has no email address, so HR must tell
    them by letter, text or their keyworker.

    The same rules as the emails: nothing about a draft panel (nobody has heard of it yet).
    On a confirmed panel (``was_confirmed``; by default, whether it is confirmed now) everyone
    on it for a confirmation, a new time or place, or a cancellation; only the people the
    change concerns for a withdrawal or an addition, since the others' updated guest list is
    no news worth a letter.
    """
    if change not in CHANGES:
        raise ValueError(f"unknown panel change: {change}")
    confirmed = panel.status == PanelStatus.CONFIRMED if was_confirmed is None else was_confirmed
    if not confirmed:
        return []
    concerned = list(people) if change in {WITHDRAWN, ADDED} else [m.user for m in _members(panel)]
    return [user for user in concerned if not user.email]


def _members(panel: Panel) -> list[PanelMember]:
    return panel.active_members()


def _request_to_all(panel: Panel, *, new: set[int]) -> list[OutboxMessage]:
    event = event_for(panel)
    ics = build_invite(event, "REQUEST")
    messages = []
    for member in _members(panel):
        user = member.user
        if not user.email:
            continue
        update = user.id not in new and _was_invited(panel, user)
        subject, body = _request_text(panel, update=update)
        messages.append(
            _queue(panel, user, "update" if update else "invite", subject, body, ics, "REQUEST")
        )
    return messages


def _cancel_for_one(panel: Panel, user: User) -> OutboxMessage | None:
    if not user.email or not _was_invited(panel, user):
        return None
    seat = _seat_of(panel, user)
    subject = f"You are no longer on the panel: {_title(panel)}"
    body = (
        f"Hello {user.display_name},\n\n"
        f"You are no longer on the interview panel for {panel.vacancy.title} on "
        f"{_when(panel)}. Nothing else has changed for the rest of the panel.\n\n"
        "The attached calendar update removes it from your calendar.\n"
        "If you still have papers for this panel, please return or shred them.\n"
    )
    ics = None
    if usable_email(user.email):
        active = {m.user_id for m in _members(panel)}
        also = [] if user.id in active else [(user, seat)]
        event = event_for(panel, also=also)
        ics = build_invite(event, "CANCEL", recipients=[attendee_for(user, seat)])
    return _queue(panel, user, "cancel", subject, body, ics, "CANCEL")


def _cancel_for_all(panel: Panel) -> list[OutboxMessage]:
    event = event_for(panel)
    ics = build_invite(event, "CANCEL")
    messages = []
    for member in _members(panel):
        user = member.user
        if not user.email or not _was_invited(panel, user):
            continue
        subject = f"Cancelled: {_title(panel)}"
        body = (
            f"Hello {user.display_name},\n\n"
            f"The interview panel for {panel.vacancy.title} on {_when(panel)} is cancelled.\n\n"
            "The attached calendar update removes it from your calendar. "
            "Please return or shred any papers for this panel.\n"
        )
        messages.append(_queue(panel, user, "cancel-all", subject, body, ics, "CANCEL"))
    return messages


def _request_text(panel: Panel, *, update: bool) -> tuple[str, str]:
    place = panel.service
    where = (
        f"{place.name}, {' '.join(place.address.split())}"
        if place
        else (f"online: {panel.online_link}" if panel.online_link else "place to be confirmed")
    )
    subject = ("Updated: " if update else "Invitation: ") + _title(panel)
    opening = (
        "The interview panel you are on has changed. Here are the details as they are now."
        if update
        else "You are invited to sit on an interview panel."
    )
    from panelhire.calendar.links import panel_page_url

    body = (
        f"{opening}\n\n"
        f"Role: {panel.vacancy.title}\n"
        f"When: {_when(panel)}\n"
        f"Where: {where}\n"
        + (
            f"Access: {' '.join(place.access_notes.split())}\n"
            if place and place.access_notes
            else ""
        )
        + f"\nPanel page (timetable and papers): {panel_page_url(panel.id)}\n\n"
        "The attached calendar invitation adds it to your calendar. Candidates' names are not\n"
        "in calendars or emails; you will find them in your pack and on the panel page.\n"
    )
    return subject, body


def _queue(
    panel: Panel, user: User, kind: str, subject: str, body: str, ics: bytes | None, method: str
) -> OutboxMessage:
    return queue_email(
        kind=kind,
        to_address=user.email or "",
        to_name=user.display_name,
        subject=subject,
        body_text=body,
        panel_id=panel.id,
        recipient_id=user.id,
        ics=ics,
        ics_method=method if ics is not None else None,
    )


def _was_invited(panel: Panel, user: User) -> bool:
    """True if this person has been sent (or is about to be sent) an invitation to the panel."""
    return (
        db.session.execute(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.panel_id == panel.id,
                OutboxMessage.recipient_id == user.id,
                OutboxMessage.kind.in_(("invite", "update")),
            )
            .limit(1)
        ).first()
        is not None
    )


def _seat_of(panel: Panel, user: User) -> str:
    member = next((m for m in panel.members if m.user_id == user.id), None)
    return member.role if member is not None else "resident"


def _title(panel: Panel) -> str:
    """The subject line's words: the role (shortened if very long) and the date."""
    role = " ".join(panel.vacancy.title.split())
    if len(role) > SUBJECT_ROLE_LIMIT:
        role = role[: SUBJECT_ROLE_LIMIT - 1].rstrip() + "…"
    return f"interview panel, {role}, {format_long_date(panel.starts_at)}"


def _when(panel: Panel) -> str:
    return (
        f"{format_long_date(panel.starts_at)}, "
        f"{format_time(panel.starts_at)} to {format_time(panel.ends_at)}"
    )
