"""What HR and panellists do with calendars: texts sent by hand, letters, panel lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.calendar.events import org_tzid
from panelhire.calendar.wording import panel_text_message
from panelhire.core.services import get_organisation
from panelhire.extensions import db
from panelhire.messaging.models import TextMessage
from panelhire.messaging.texts import text_sender
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelMember, PanelStatus, panels_seating


class NoMobile(ValueError):
    """The person has no mobile number recorded."""


def upcoming_panels_for(user: User) -> list[Panel]:
    """Panels the person sits on that have not finished yet (drafts too, marked as such)."""
    return list(
        db.session.execute(
            panels_seating(user.id)
            .options(joinedload(Panel.vacancy), joinedload(Panel.service))
            .where(
                Panel.ends_at >= now_utc(),
            )
            .order_by(Panel.starts_at)
        ).scalars()
    )


@dataclass
class Oversight:
    panels: list[Panel]
    no_email: list[User]


def oversight() -> Oversight:
    """For HR: panels coming up, and panellists on them who have no email address."""
    panels = list(
        db.session.execute(
            select(Panel)
            .options(
                joinedload(Panel.vacancy),
                selectinload(Panel.members).joinedload(PanelMember.user),
            )
            .where(Panel.ends_at >= now_utc(), Panel.status != PanelStatus.CANCELLED)
            .order_by(Panel.starts_at)
            .limit(50)
        ).scalars()
    )
    people = {m.user.id: m.user for p in panels for m in p.active_members() if not m.user.email}
    return Oversight(panels, sorted(people.values(), key=lambda u: u.display_name))


def text_for(panel: Panel) -> str:
    org = get_organisation()
    place = panel.service
    return panel_text_message(
        role_title=panel.vacancy.title,
        starts_at=panel.starts_at,
        ends_at=panel.ends_at,
        tzid=org_tzid(),
        place=f"{place.name}, {' '.join(place.address.split())}" if place else None,
        online_link=panel.online_link,
        support_contact=org.support_contact if org else "",
        cancelled=panel.status == PanelStatus.CANCELLED,
    )


def send_panel_text(actor: User, user: User, panel: Panel) -> TextMessage:
    """Send the short panel text to the person's mobile through the configured sender."""
    mobile = user.resident.mobile if user.resident else None
    if not mobile:
        raise NoMobile(f"{user.display_name} has no mobile number recorded")
    sender = text_sender()
    body = text_for(panel)
    message = TextMessage(
        recipient_id=user.id,
        panel_id=panel.id,
        to_number=mobile,
        body=body,
        backend=sender.name,
        sent_by_id=actor.id,
    )
    db.session.add(message)
    sender.send(mobile, body)
    message.sent_at = now_utc()
    record(
        "calendar.text",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Text message about the panel to user {user.id} ({sender.name})",
    )
    db.session.flush()
    return message
