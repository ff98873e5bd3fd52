"""What every panel change shares: the refusal, the audit line, times, clashes and the lock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels import clashes
from panelhire.panels.models import Panel, PanelMember, PanelStatus
from panelhire.panels.times import LocalTimeError, local_instant
from panelhire.training.facts import organisation_zone

# A panel is booked weeks ahead, not years: a later date is a slip of the keyboard (9999 for
# 2026), and near the end of the calendar no invite can be made for it.
BOOKING_YEARS_AHEAD = 2
TOO_FAR_AHEAD = "Choose a date within the next two years"


class PanelError(ValueError):
    """A refusal with a message for the person, and the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def audit(action: str, actor: User | None, panel: Panel, summary: str) -> None:
    """One line in the audit trail about this panel."""
    record(action, actor=actor, object_type="panel", object_id=panel.id, summary=summary)


def claim_panel(panel: Panel) -> None:
    """Take the panel for this one change, then read it afresh.

    Two HR officers can act on the same panel at the same moment. Writing the panel's row
    first makes the database let one change through at a time (the other waits, or is
    retried), so every check that follows sees the seats as the other change left them, and
    a SEQUENCE raised afterwards is never raised from a stale number.
    """
    db.session.flush()
    db.session.execute(
        update(Panel)
        .where(Panel.id == panel.id)
        .values(sequence=Panel.sequence)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


def hold_person(user: User) -> None:
    """Hold a person's row while they are booked, so two panels cannot take them at once.

    (PostgreSQL locks the row; SQLite already lets one writer through at a time.)
    """
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())


def instant(day: date, at: time, field_name: str) -> datetime:
    """The stored instant for a local date and time; clock-change times refused by the field."""
    try:
        return local_instant(day, at, organisation_zone())
    except LocalTimeError as problem:
        raise PanelError(str(problem), field_name) from None
    except OverflowError:  # year 1 or 9999 turned into UTC falls off the calendar
        raise PanelError(TOO_FAR_AHEAD, "day") from None


def furthest_day(today: date) -> date:
    """The last day a panel may be booked for: two years from today (28 February for a
    29 February)."""
    try:
        return today.replace(year=today.year + BOOKING_YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + BOOKING_YEARS_AHEAD, day=28)


def users_by_id(ids: list[int]) -> dict[int, User]:
    if not ids:
        return {}
    rows = db.session.execute(select(User).where(User.id.in_(ids))).scalars()
    return {u.id: u for u in rows}


def _other_bookings(user: User, panel_id: int | None) -> list[clashes.Booking]:
    rows = db.session.execute(
        select(Panel)
        .join(PanelMember, PanelMember.panel_id == Panel.id)
        .where(
            PanelMember.user_id == user.id,
            PanelMember.withdrawn_at.is_(None),
            Panel.status != PanelStatus.CANCELLED,
        )
    ).scalars()
    return [
        clashes.Booking(p.starts_at, p.ends_at, p.service_id, f"the {p.vacancy.title} panel")
        for p in rows
        if p.id != panel_id
    ]


def check_free(
    user: User, new: clashes.Booking, buffer: timedelta, panel_id: int | None, field_name: str
) -> None:
    """Refuse when this person is on another panel at that time, or too near to travel."""
    reason = clashes.first_clash(new, _other_bookings(user, panel_id), buffer)
    if reason:
        raise PanelError(f"{user.display_name} {reason}", field_name)
