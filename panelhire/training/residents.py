"""Writes about residents themselves: adding one, their availability, pausing them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, select

from panelhire.audit.services import record
from panelhire.auth.models import ContactChannel, ResidentProfile, Role, User
from panelhire.auth.services import create_user, validate_pin
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.training.models import TravelPlace, UnavailableDate, WeeklyAvailability
from panelhire.training.services import TrainingError, today

STATUSES = ("active", "paused", "left")


@dataclass
class NewResident:
    name: str
    username: str
    pin: str | None
    service: Service | None
    preferred_name: str = ""
    contact_channel: str = ContactChannel.KEYWORKER
    email: str | None = None
    mobile: str | None = None
    support_needs: str = ""


def username_taken(username: str) -> bool:
    return (
        db.session.execute(
            select(User.id).where(func.lower(User.username) == username.strip().lower())
        ).first()
        is not None
    )


def email_taken(email: str) -> bool:
    return (
        db.session.execute(
            select(User.id).where(func.lower(User.email) == email.strip().lower())
        ).first()
        is not None
    )


def add_resident(by: User | None, new: NewResident, *, source: str = "form") -> User:
    """Add a resident panellist with their contact preferences and support needs."""
    username = new.username.strip().lower()
    if username_taken(username):
        raise TrainingError("That username is already taken", "username")
    email = (new.email or "").strip().lower() or None
    if email and email_taken(email):
        raise TrainingError("Someone already uses that email address", "email")
    if new.pin is not None:
        problem = validate_pin(new.pin)
        if problem:
            raise TrainingError(problem, "pin")
    if new.contact_channel == ContactChannel.EMAIL and not email:
        raise TrainingError("Give an email address, or choose another way to contact them", "email")
    if new.contact_channel in (ContactChannel.TEXT, ContactChannel.PHONE) and not new.mobile:
        raise TrainingError("Give a phone number, or choose another way to contact them", "mobile")
    user = create_user(
        display_name=new.name.strip(),
        roles={Role.RESIDENT},
        username=username,
        email=email,
        pin=new.pin or None,
    )
    user.resident = ResidentProfile(
        service=new.service,
        preferred_name=new.preferred_name.strip(),
        contact_channel=new.contact_channel,
        mobile=(new.mobile or "").strip() or None,
        support_needs=new.support_needs.strip(),
    )
    db.session.flush()
    record(
        "resident_added",
        actor=by,
        object_type="user",
        object_id=user.id,
        summary=f"resident {username} added ({source})",
    )
    return user


@dataclass
class Availability:
    weekly: set[tuple[int, str]] = field(default_factory=set)
    travel_service_ids: set[int] = field(default_factory=set)
    max_panels_per_month: int | None = 2
    max_interviews_per_day: int | None = 4
    online_ok: bool = True


def availability_of(user: User) -> Availability:
    weekly = db.session.execute(
        select(WeeklyAvailability.weekday, WeeklyAvailability.part).where(
            WeeklyAvailability.user_id == user.id
        )
    ).all()
    places = db.session.execute(
        select(TravelPlace.service_id).where(TravelPlace.user_id == user.id)
    ).scalars()
    profile = user.resident
    return Availability(
        weekly={(d, p) for d, p in weekly},
        travel_service_ids=set(places),
        max_panels_per_month=profile.max_panels_per_month if profile else None,
        max_interviews_per_day=profile.max_interviews_per_day if profile else None,
        online_ok=profile.online_ok if profile else True,
    )


def set_availability(by: User, user: User, new: Availability) -> None:
    """Replace a resident's usual week, travel places, limits and online preference."""
    for limit, name in (
        (new.max_panels_per_month, "max_panels_per_month"),
        (new.max_interviews_per_day, "max_interviews_per_day"),
    ):
        if limit is not None and limit < 1:
            raise TrainingError("Enter a number of 1 or more, or leave it blank for no limit", name)
    db.session.execute(delete(WeeklyAvailability).where(WeeklyAvailability.user_id == user.id))
    db.session.execute(delete(TravelPlace).where(TravelPlace.user_id == user.id))
    for weekday, part in sorted(new.weekly):
        db.session.add(WeeklyAvailability(user_id=user.id, weekday=weekday, part=part))
    for service_id in sorted(new.travel_service_ids):
        db.session.add(TravelPlace(user_id=user.id, service_id=service_id))
    profile = _profile(user)
    profile.max_panels_per_month = new.max_panels_per_month
    profile.max_interviews_per_day = new.max_interviews_per_day
    profile.online_ok = new.online_ok
    db.session.flush()
    record(
        "availability_changed",
        actor=by,
        object_type="user",
        object_id=user.id,
        summary=(
            f"{len(new.weekly)} half-days a week, {len(new.travel_service_ids) or 'any'} places, "
            f"limits {new.max_panels_per_month}/month {new.max_interviews_per_day}/day, "
            f"online {'yes' if new.online_ok else 'no'}"
        ),
    )


def _profile(user: User) -> ResidentProfile:
    """The resident's profile, made (in this transaction) if they never had one."""
    if user.resident is None:
        user.resident = ResidentProfile(user_id=user.id)
        db.session.add(user.resident)
    return user.resident


def add_unavailable_date(by: User, user: User, on: date) -> UnavailableDate:
    """Record a day a resident cannot do panels. Only days still to come: a past date changes
    no panel, and the resident's page (which lists dates from today) would never show it."""
    if on < today():
        raise TrainingError("The date cannot be in the past", "on")
    exists = db.session.execute(
        select(UnavailableDate).where(UnavailableDate.user_id == user.id, UnavailableDate.on == on)
    ).scalar_one_or_none()
    if exists is not None:
        raise TrainingError("That date is already recorded as unavailable", "on")
    row = UnavailableDate(user_id=user.id, on=on)
    db.session.add(row)
    db.session.flush()
    record(
        "unavailable_date_added",
        actor=by,
        object_type="user",
        object_id=user.id,
        summary=f"unavailable {on:%d/%m/%Y}",
    )
    return row


def remove_unavailable_date(by: User, row: UnavailableDate) -> None:
    record(
        "unavailable_date_removed",
        actor=by,
        object_type="user",
        object_id=row.user_id,
        summary=f"available again {row.on:%d/%m/%Y}",
    )
    db.session.delete(row)
    db.session.flush()


def set_resident_status(by: User, user: User, status: str) -> None:
    """Active, paused (a break from panels), or left the scheme."""
    if status not in STATUSES:
        raise TrainingError("Choose active, paused or left", "status")
    profile = _profile(user)
    old, profile.status = profile.status, status
    db.session.flush()
    record(
        "resident_status_changed",
        actor=by,
        object_type="user",
        object_id=user.id,
        summary=f"{old} -> {status}",
    )
