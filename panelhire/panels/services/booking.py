"""Booking a panel, changing its time or place, and moving a candidate's interview."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from panelhire.auth.models import User
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels import clashes, notify, queries
from panelhire.panels.models import (
    Candidate,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    SeatRole,
    Vacancy,
)
from panelhire.panels.services.common import (
    TOO_FAR_AHEAD,
    PanelError,
    audit,
    check_free,
    claim_panel,
    furthest_day,
    instant,
    users_by_id,
)
from panelhire.panels.times import lay_out_slots, slot_inside_panel
from panelhire.training import eligibility
from panelhire.training.facts import organisation_zone


@dataclass
class PanelChanges:
    """When and where a panel sits, and how its interviews are spaced."""

    day: date
    start: time
    end: time
    service_id: int | None
    online_link: str
    travel_buffer_minutes: int = 30
    slot_minutes: int = 45
    break_minutes: int = 10


@dataclass
class BookingInput(PanelChanges):
    chair_id: int = 0
    staff_ids: list[int] = field(default_factory=list)
    resident_ids: list[int] = field(default_factory=list)
    observer_id: int | None = None
    supporter_id: int | None = None
    candidate_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _When:
    starts_at: datetime
    ends_at: datetime
    service_id: int | None
    online_link: str | None


def _when(data: PanelChanges, now: datetime) -> _When:
    """The times and place asked for, refused as the booking form explains them: on a day
    from today to two years ahead (`furthest_day`)."""
    starts_at = instant(data.day, data.start, "start")
    ends_at = instant(data.day, data.end, "end")
    if ends_at <= starts_at:
        raise PanelError("The end time must be after the start time", "end")
    if starts_at < now:
        raise PanelError("The panel's date and start time are in the past", "day")
    if data.day > furthest_day(now.astimezone(organisation_zone()).date()):
        raise PanelError(TOO_FAR_AHEAD, "day")
    link = (data.online_link or "").strip()
    if bool(data.service_id) == bool(link):
        raise PanelError(
            "Choose a service to hold the panel at, or give an online link, but not both",
            "service_id",
        )
    return _When(starts_at, ends_at, data.service_id or None, link or None)


def _lay_out(when: _When, count: int, data: PanelChanges) -> list:
    try:
        return lay_out_slots(
            when.starts_at, when.ends_at, count, data.slot_minutes, data.break_minutes
        )
    except ValueError as problem:
        raise PanelError(str(problem), "slot_minutes") from None


def _seats_from(data: BookingInput) -> list[tuple[int, str, str]]:
    """(user id, seat, form field) for every seat asked for, in form order."""
    seats = [(data.chair_id, SeatRole.CHAIR, "chair_id")]
    seats += [(uid, SeatRole.STAFF, "staff_ids") for uid in data.staff_ids]
    seats += [(uid, SeatRole.RESIDENT, "resident_ids") for uid in data.resident_ids]
    if data.observer_id:
        seats.append((data.observer_id, SeatRole.OBSERVER, "observer_id"))
    if data.supporter_id:
        seats.append((data.supporter_id, SeatRole.SUPPORTER, "supporter_id"))
    return seats


def _check_seats(seats: list[tuple[int, str, str]], people: dict[int, User]) -> None:
    seen: set[int] = set()
    for uid, role, field_name in seats:
        user = people.get(uid)
        if user is None or not user.active:
            raise PanelError("Choose a person from the list", field_name)
        if uid in seen:
            raise PanelError(
                f"{user.display_name} is chosen twice: a person can hold only one seat on a panel",
                field_name,
            )
        seen.add(uid)
        wants_resident = role in {SeatRole.RESIDENT, SeatRole.OBSERVER}
        if wants_resident and not user.is_resident:
            raise PanelError(f"{user.display_name} is not a resident panellist", field_name)
        if role in {SeatRole.CHAIR, SeatRole.STAFF} and user.is_resident:
            raise PanelError(
                f"{user.display_name} is a resident: choose them as a resident", field_name
            )


def _check_residents_eligible(residents: list[User], facts: eligibility.PanelFacts) -> None:
    for user in residents:
        result = queries.eligibility_on(facts, user)
        if not result.eligible:
            raise PanelError(
                f"{user.display_name} is not eligible for this panel: "
                f"{'; '.join(result.reasons)}. Leave the seat empty and choose a resident "
                "from the panel's rostering page.",
                "resident_ids",
            )


def _candidates(vacancy: Vacancy, ids: list[int]) -> list[Candidate]:
    chosen = [c for c in vacancy.candidates if c.id in set(ids)]
    if len(chosen) != len(set(ids)):
        raise PanelError("Choose candidates for this vacancy from the list", "candidate_ids")
    booked = (
        db.session.execute(
            select(InterviewSlot.candidate_id)
            .join(Panel, Panel.id == InterviewSlot.panel_id)
            .where(InterviewSlot.candidate_id.in_(ids), Panel.status != PanelStatus.CANCELLED)
        )
        .scalars()
        .first()
    )
    if booked is not None:
        name = next(c.name for c in chosen if c.id == booked)
        raise PanelError(f"{name} already has an interview slot on another panel", "candidate_ids")
    return chosen


def book_panel(
    actor: User, vacancy: Vacancy, data: BookingInput, *, now: datetime | None = None
) -> Panel:
    """Book a panel for a vacancy: times, place, seats and candidate slots, all or nothing."""
    when = _when(data, now or now_utc())
    seats = _seats_from(data)
    people = users_by_id([uid for uid, _, _ in seats])
    _check_seats(seats, people)
    buffer = timedelta(minutes=data.travel_buffer_minutes)
    new = clashes.Booking(when.starts_at, when.ends_at, when.service_id)
    for uid, _, field_name in seats:
        check_free(people[uid], new, buffer, None, field_name)
    candidates = _candidates(vacancy, data.candidate_ids)
    place = db.session.get(Service, when.service_id) if when.service_id else None
    _check_residents_eligible(
        [people[uid] for uid, role, _ in seats if role == SeatRole.RESIDENT],
        eligibility.PanelFacts(
            panel_id=0,
            starts_at=when.starts_at,
            ends_at=when.ends_at,
            place_id=when.service_id,
            place_name=place.name if place else None,
            interviews=len(candidates),
            candidate_ids=frozenset(c.id for c in candidates),
            travel_buffer=buffer,
        ),
    )
    times = _lay_out(when, len(candidates), data)
    panel = Panel(vacancy=vacancy, status=PanelStatus.DRAFT)
    _set_when(panel, when, data)
    db.session.add(panel)
    for uid, role, _ in seats:
        panel.members.append(PanelMember(user=people[uid], role=role))
    for candidate, slot in zip(candidates, times, strict=True):
        panel.slots.append(
            InterviewSlot(candidate=candidate, starts_at=slot.starts_at, ends_at=slot.ends_at)
        )
    db.session.flush()
    audit(
        "panel.book",
        actor,
        panel,
        f"Booked a panel for {vacancy.title} with {len(seats)} seats and "
        f"{len(candidates)} candidates",
    )
    return panel


def _set_when(panel: Panel, when: _When, data: PanelChanges) -> None:
    panel.starts_at, panel.ends_at = when.starts_at, when.ends_at
    panel.service_id, panel.online_link = when.service_id, when.online_link
    panel.travel_buffer_minutes = data.travel_buffer_minutes
    panel.slot_minutes, panel.break_minutes = data.slot_minutes, data.break_minutes


def change_panel(
    actor: User, panel: Panel, data: PanelChanges, *, now: datetime | None = None
) -> Panel:
    """Change a booked panel's date, times, place or interview spacing.

    A new time or place is a reschedule: the calendar SEQUENCE goes up and everyone on the
    panel is sent the updated invite. Everyone seated must still be free at the new time;
    the candidates' slots are laid out again from the new start, in the same order.
    """
    claim_panel(panel)
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel was cancelled: book a new one instead")
    when = _when(data, now or now_utc())
    moved = (when.starts_at, when.ends_at, when.service_id, when.online_link) != (
        panel.starts_at,
        panel.ends_at,
        panel.service_id,
        panel.online_link,
    )
    buffer = timedelta(minutes=data.travel_buffer_minutes)
    new = clashes.Booking(when.starts_at, when.ends_at, when.service_id)
    for member in panel.active_members():
        check_free(member.user, new, buffer, panel.id, "start")
    slots = list(panel.slots)
    times = _lay_out(when, len(slots), data)
    _set_when(panel, when, data)
    for slot, at in zip(slots, times, strict=True):
        slot.starts_at, slot.ends_at = at.starts_at, at.ends_at
    if moved:
        panel.sequence += 1
        audit("panel.reschedule", actor, panel, "Changed the panel's date, time or place")
        notify.panel_changed(panel, notify.RESCHEDULED, [m.user for m in panel.active_members()])
    else:
        audit("panel.update", actor, panel, "Changed the panel's interview spacing")
    db.session.flush()
    return panel


def move_slot(actor: User, slot: InterviewSlot, start: time) -> InterviewSlot:
    """Move one candidate's interview on the panel's day; it must stay inside the panel's
    time and not run into another candidate's interview."""
    panel = slot.panel
    claim_panel(panel)
    day = panel.starts_at.astimezone(organisation_zone()).date()
    starts_at = instant(day, start, "start")
    ends_at = starts_at + timedelta(minutes=panel.slot_minutes)
    if not slot_inside_panel(starts_at, ends_at, panel.starts_at, panel.ends_at):
        raise PanelError("The interview must start and end within the panel's time", "start")
    for other in panel.slots:
        if other.id != slot.id and other.starts_at < ends_at and starts_at < other.ends_at:
            raise PanelError(
                f"That runs into {other.candidate.name}'s interview: choose another time",
                "start",
            )
    slot.starts_at, slot.ends_at = starts_at, ends_at
    audit("slot.move", actor, panel, f"Moved the interview slot of candidate {slot.candidate_id}")
    db.session.flush()
    return slot
