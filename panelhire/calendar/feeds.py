"""Personal calendar feeds: a private address per person, which they can change at any time.

The address carries the person's id and a random secret: ``/calendar/feed/<id>.<secret>.ics``.
The secret is compared in constant time, and any wrong or old address is simply "not found",
so the feed never confirms that an account exists.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy.orm import joinedload

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.calendar.events import org_tzid
from panelhire.calendar.links import calendar_domain, panel_page_url
from panelhire.exports.ical import build_feed
from panelhire.exports.invites import organizer_from, panel_event
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelStatus, interviews_on_panel, panels_seating

FEED_DAYS_BACK = 30


def feed_token(user: User) -> str | None:
    return f"{user.id}.{user.calendar_token}" if user.calendar_token else None


def reset_calendar_token(actor: User, user: User) -> str:
    """Give the person a new private address; the old one stops working at once."""
    had_one = user.calendar_token is not None
    user.calendar_token = secrets.token_urlsafe(32)
    record(
        "calendar.reset_feed" if had_one else "calendar.create_feed",
        actor=actor,
        object_type="user",
        object_id=user.id,
        summary="Made a new private calendar address" if had_one else "Made a calendar address",
    )
    db.session.flush()
    return feed_token(user)  # type: ignore[return-value]


def user_for_feed_token(token: str) -> User | None:
    user_part, _, secret = token.partition(".")
    if not user_part.isdigit() or not secret or len(secret) > 64:
        return None
    user = db.session.get(User, int(user_part))
    stored = user.calendar_token if user is not None and user.active else None
    # Compare even when there is no stored token, so timing does not tell the two apart.
    matches = hmac.compare_digest(
        (stored or "\x00" * 43).encode(), secret.encode("utf-8", "replace")
    )
    return user if stored is not None and matches else None


def feed_panels(user: User) -> list[tuple[Panel, int]]:
    """The person's panels from 30 days ago onwards, once confirmed (cancelled ones too), each
    with its number of interviews."""
    since = now_utc() - timedelta(days=FEED_DAYS_BACK)
    interviews = interviews_on_panel()
    rows = db.session.execute(
        panels_seating(user.id)
        .add_columns(interviews)
        .options(
            # Everything a feed event shows, in one statement however many panels: not the
            # seats (a feed lists no attendees), and the interviews only counted, not loaded
            # (a year of panels holds thousands).
            joinedload(Panel.vacancy),
            joinedload(Panel.service),
        )
        .where(
            Panel.ends_at >= since,
            Panel.status.in_((PanelStatus.CONFIRMED, PanelStatus.CANCELLED)),
        )
        .order_by(Panel.starts_at)
    )
    return [(panel, count) for panel, count in rows]


def feed_for(user: User) -> bytes:
    # What every event shares, worked out once rather than once a panel.
    tzid = org_tzid()
    shared = {
        "organizer": organizer_from(current_app.config["MAIL_FROM"]),
        "tzid": tzid,
        "domain": calendar_domain(),
        "dtstamp": now_utc(),
    }
    events = [
        panel_event(
            panel,
            url=panel_page_url(panel.id),
            with_attendees=False,
            interviews=interviews,
            **shared,
        )
        for panel, interviews in feed_panels(user)
    ]
    return build_feed(events, tzid, "Interview panels (PanelHire)")
