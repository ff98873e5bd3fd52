"""Calendar events for panels, with this installation's settings filled in."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

from panelhire.auth.models import User
from panelhire.calendar.links import calendar_domain, panel_page_url
from panelhire.core.formatting import DEFAULT_TIMEZONE
from panelhire.core.services import get_organisation
from panelhire.exports.ical import InviteEvent
from panelhire.exports.invites import organizer_from, panel_event
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel


def org_tzid() -> str:
    org = get_organisation()
    return org.timezone if org and org.timezone else DEFAULT_TIMEZONE


def event_for(panel: Panel, *, also: Iterable[tuple[User, str]] = ()) -> InviteEvent:
    return panel_event(
        panel,
        url=panel_page_url(panel.id),
        organizer=organizer_from(current_app.config["MAIL_FROM"]),
        tzid=org_tzid(),
        domain=calendar_domain(),
        dtstamp=now_utc(),
        also=also,
    )
