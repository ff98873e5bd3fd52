"""Turn a panel into the calendar event each panellist receives.

Pure: model objects and settings in, an ``InviteEvent`` out; no Flask and no database. The
event never carries candidate names or anyone's personal details beyond the attendees' own
names and addresses (calendars sync to personal phones and show on lock screens).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from email.utils import parseaddr
from typing import TYPE_CHECKING

from panelhire.exports.ical import Attendee, InviteEvent, Person, panel_summary, panel_uid

if TYPE_CHECKING:
    from panelhire.auth.models import User
    from panelhire.panels.models import Panel, PanelMember

# Seat on the panel -> role in the calendar. Observers and supporters never score, so they
# are "for information" attendees.
SEAT_TO_ROLE = {
    "chair": "chair",
    "staff": "panellist",
    "resident": "panellist",
    "observer": "observer",
    "supporter": "supporter",
}


def usable_email(address: str | None) -> str | None:
    """The address if a calendar invite can be sent to it, otherwise None."""
    if not address:
        return None
    try:
        Person(email=address.strip(), name="check")
    except ValueError:
        return None
    return address.strip()


def organizer_from(mail_from: str) -> Person:
    """The ORGANIZER: the mailbox invites are sent from, e.g. 'PanelHire <panels@x.org>'."""
    name, address = parseaddr(mail_from)
    return Person(email=address, name=name or "PanelHire")


def attendee_for(user: User, seat: str) -> Attendee:
    return Attendee(
        email=usable_email(user.email),
        name=user.display_name,
        role=SEAT_TO_ROLE.get(seat, "panellist"),
    )


def panel_event(
    panel: Panel,
    *,
    url: str,
    organizer: Person,
    tzid: str,
    domain: str,
    dtstamp: datetime,
    also: Iterable[tuple[User, str]] = (),
    with_attendees: bool = True,
    interviews: int | None = None,
) -> InviteEvent:
    """The calendar event for ``panel`` as it stands now.

    ``also`` adds people no longer on the panel (for example someone just withdrawn), so a
    cancellation can be addressed to them. ``with_attendees=False`` leaves the guest list
    empty (and the panel's seats unread): a feed never shows it. ``interviews``, when the
    caller has counted them, spares loading the panel's slots.
    """
    attendees: list[Attendee] = []
    if with_attendees:
        members: list[PanelMember] = panel.active_members()
        attendees = [attendee_for(m.user, m.role) for m in members]
        attendees += [attendee_for(user, seat) for user, seat in also]
    place = panel.service
    location = None
    if place is not None:
        location = ", ".join(part for part in (place.name, _one_line(place.address)) if part)
    status = {"cancelled": "CANCELLED", "draft": "TENTATIVE"}.get(panel.status, "CONFIRMED")
    return InviteEvent(
        uid=panel_uid(panel.id, domain),
        sequence=panel.sequence,
        dtstamp=dtstamp,
        starts_at=panel.starts_at,
        ends_at=panel.ends_at,
        tzid=tzid,
        summary=panel_summary(panel.vacancy.title, place.name if place else None),
        location=location,
        online_link=panel.online_link or None,
        url=url,
        description=panel_description(panel, interviews),
        organizer=organizer,
        attendees=tuple(attendees),
        status=status,
    )


def panel_description(panel: Panel, interviews: int | None = None) -> str:
    """What the calendar says about the panel: the role, the place and how to get in.

    Candidates are not named here; their names and slots are in the panel page and the pack.
    """
    lines = [f"Interview panel for the {panel.vacancy.title} role."]
    place = panel.service
    if place is not None:
        lines.append(
            f"Place: {place.name}" + (f", {_one_line(place.address)}" if place.address else "")
        )
        if place.access_notes:
            lines.append(f"Access: {_one_line(place.access_notes)}")
    elif not panel.online_link:
        lines.append("Place: to be confirmed. We will send an update when it is booked.")
    if interviews is None:
        interviews = len(panel.slots)
    if interviews:
        lines.append(f"{interviews} interviews. The timetable is on the panel page.")
    return "\n".join(lines)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
