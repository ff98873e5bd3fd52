"""Changing vacancies and panels. Each function takes the acting user, audits and flushes;
the view commits once.

Anything refused raises PanelError before a single row is changed, so nothing is half-saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels import clashes, notify, queries
from panelhire.panels.models import (
    Candidate,
    ConflictDeclaration,
    InterviewSlot,
    Panel,
    PanelMember,
    PanelStatus,
    SeatRole,
    Vacancy,
)
from panelhire.panels.times import LocalTimeError, lay_out_slots, local_instant, slot_inside_panel
from panelhire.training import eligibility
from panelhire.training.facts import organisation_zone


class PanelError(ValueError):
    """A refusal with a message for the person, and the form field it belongs beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- Vacancies and candidates -------------------------------------------------------------


@dataclass
class VacancyInput:
    title: str
    service_id: int
    hiring_manager_id: int | None
    closing_date: date
    summary: str = ""
    person_specification: str = ""
    decision_model: str = "single"


def _apply_vacancy(vacancy: Vacancy, data: VacancyInput) -> None:
    vacancy.title = data.title.strip()
    vacancy.service_id = data.service_id
    vacancy.hiring_manager_id = data.hiring_manager_id
    vacancy.closing_date = data.closing_date
    vacancy.summary = data.summary.strip()
    vacancy.person_specification = data.person_specification.strip()
    vacancy.decision_model = data.decision_model


def create_vacancy(actor: User, data: VacancyInput) -> Vacancy:
    vacancy = Vacancy()
    _apply_vacancy(vacancy, data)
    db.session.add(vacancy)
    db.session.flush()
    record(
        "vacancy.create",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=f"Created vacancy {vacancy.title}",
    )
    return vacancy


def update_vacancy(actor: User, vacancy: Vacancy, data: VacancyInput) -> Vacancy:
    _apply_vacancy(vacancy, data)
    record(
        "vacancy.update",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=f"Updated vacancy {vacancy.title}",
    )
    db.session.flush()
    return vacancy


@dataclass
class CandidateInput:
    name: str
    email: str = ""
    phone: str = ""
    adjustments: str = ""
    guaranteed_interview: bool = False
    equality_monitoring: str = ""


def add_candidate(actor: User, vacancy: Vacancy, data: CandidateInput) -> Candidate:
    candidate = Candidate(
        vacancy=vacancy,
        name=data.name.strip(),
        email=data.email.strip() or None,
        phone=data.phone.strip() or None,
        adjustments=data.adjustments.strip(),
        guaranteed_interview=data.guaranteed_interview,
        equality_monitoring=data.equality_monitoring.strip(),
    )
    db.session.add(candidate)
    db.session.flush()
    # No name in the audit summary: the trail outlives the candidate's retention period.
    record(
        "candidate.add",
        actor=actor,
        object_type="candidate",
        object_id=candidate.id,
        summary=f"Added candidate {candidate.id} to vacancy {vacancy.id}",
    )
    return candidate


# --- Booking a panel ----------------------------------------------------------------------


@dataclass
class BookingInput:
    day: date
    start: time
    end: time
    service_id: int | None
    online_link: str
    chair_id: int
    travel_buffer_minutes: int = 30
    slot_minutes: int = 45
    break_minutes: int = 10
    staff_ids: list[int] = field(default_factory=list)
    resident_ids: list[int] = field(default_factory=list)
    observer_id: int | None = None
    supporter_id: int | None = None
    candidate_ids: list[int] = field(default_factory=list)


def _instant(day: date, at: time, field_name: str) -> datetime:
    try:
        return local_instant(day, at, organisation_zone())
    except LocalTimeError as problem:
        raise PanelError(str(problem), field_name) from None


def _users(ids: list[int]) -> dict[int, User]:
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


def _check_free(
    user: User, new: clashes.Booking, buffer: timedelta, panel_id: int | None, field_name: str
) -> None:
    reason = clashes.first_clash(new, _other_bookings(user, panel_id), buffer)
    if reason:
        raise PanelError(f"{user.display_name} {reason}", field_name)


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


def book_panel(
    actor: User, vacancy: Vacancy, data: BookingInput, *, now: datetime | None = None
) -> Panel:
    """Book a panel for a vacancy: times, place, seats and candidate slots, all or nothing."""
    now = now or now_utc()
    starts_at = _instant(data.day, data.start, "start")
    ends_at = _instant(data.day, data.end, "end")
    if ends_at <= starts_at:
        raise PanelError("The end time must be after the start time", "end")
    if starts_at < now:
        raise PanelError("The panel's date and start time are in the past", "day")
    link = (data.online_link or "").strip()
    if bool(data.service_id) == bool(link):
        raise PanelError(
            "Choose a service to hold the panel at, or give an online link, but not both",
            "service_id",
        )
    seats = _seats_from(data)
    people = _users([uid for uid, _, _ in seats])
    _check_seats(seats, people)
    buffer = timedelta(minutes=data.travel_buffer_minutes)
    new = clashes.Booking(starts_at, ends_at, data.service_id or None)
    for uid, _, field_name in seats:
        _check_free(people[uid], new, buffer, None, field_name)
    candidates = _candidates(vacancy, data.candidate_ids)
    _check_residents_eligible(
        [people[uid] for uid, role, _ in seats if role == SeatRole.RESIDENT],
        eligibility.PanelFacts(
            panel_id=0,
            starts_at=starts_at,
            ends_at=ends_at,
            place_id=data.service_id or None,
            place_name=db.session.get(Service, data.service_id).name if data.service_id else None,
            interviews=len(candidates),
            candidate_ids=frozenset(c.id for c in candidates),
            travel_buffer=buffer,
        ),
    )
    try:
        times = lay_out_slots(
            starts_at, ends_at, len(candidates), data.slot_minutes, data.break_minutes
        )
    except ValueError as problem:
        raise PanelError(str(problem), "slot_minutes") from None
    panel = Panel(
        vacancy=vacancy,
        starts_at=starts_at,
        ends_at=ends_at,
        service_id=data.service_id or None,
        online_link=link or None,
        travel_buffer_minutes=data.travel_buffer_minutes,
        slot_minutes=data.slot_minutes,
        break_minutes=data.break_minutes,
        status=PanelStatus.DRAFT,
    )
    db.session.add(panel)
    for uid, role, _ in seats:
        panel.members.append(PanelMember(user=people[uid], role=role))
    for candidate, slot in zip(candidates, times, strict=True):
        panel.slots.append(
            InterviewSlot(candidate=candidate, starts_at=slot.starts_at, ends_at=slot.ends_at)
        )
    db.session.flush()
    record(
        "panel.book",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Booked a panel for {vacancy.title} with {len(seats)} seats and "
        f"{len(candidates)} candidates",
    )
    return panel


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


def move_slot(actor: User, slot: InterviewSlot, day: date, start: time) -> InterviewSlot:
    """Move one candidate's interview; it must stay inside the panel's own time."""
    panel = slot.panel
    starts_at = _instant(day, start, "start")
    ends_at = starts_at + timedelta(minutes=panel.slot_minutes)
    if not slot_inside_panel(starts_at, ends_at, panel.starts_at, panel.ends_at):
        raise PanelError("The interview must start and end within the panel's time", "start")
    slot.starts_at, slot.ends_at = starts_at, ends_at
    record(
        "slot.move",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Moved the interview slot of candidate {slot.candidate_id}",
    )
    db.session.flush()
    return slot


# --- Confirming, exceptions and seats -----------------------------------------------------


def confirm_panel(actor: User, panel: Panel) -> Panel:
    """Confirm a panel only when the composition rule holds."""
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel was cancelled")
    state = queries.panel_state(panel)
    if not state.composition.holds:
        raise PanelError(
            "This panel cannot be confirmed yet: "
            + "; ".join(state.composition.reasons)
            + ". Fill the seats, or ask a manager to record an exception."
        )
    _confirm(actor, panel, "panel.confirm", "Confirmed the panel")
    return panel


def _confirm(actor: User, panel: Panel, action: str, summary: str) -> None:
    panel.status = PanelStatus.CONFIRMED
    panel.sequence += 1
    record(action, actor=actor, object_type="panel", object_id=panel.id, summary=summary)
    notify.panel_changed(panel, notify.CONFIRMED, [m.user for m in panel.active_members()])
    db.session.flush()


def cancel_panel(actor: User, panel: Panel) -> Panel:
    """Call a panel off (to reschedule it): everyone on it gets a cancellation."""
    if panel.status == PanelStatus.CANCELLED:
        raise PanelError("This panel is already cancelled")
    panel.status = PanelStatus.CANCELLED
    panel.sequence += 1
    record(
        "panel.cancel",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary="Cancelled the panel",
    )
    notify.panel_changed(panel, notify.CANCELLED, [m.user for m in panel.active_members()])
    db.session.flush()
    return panel


def record_exception(actor: User, panel: Panel, reason: str) -> Panel:
    """A manager lets a panel go ahead although the rule does not hold, and says why."""
    reason = reason.strip()
    if not reason:
        raise PanelError("Give the reason this panel goes ahead without meeting the rule", "reason")
    state = queries.panel_state(panel)
    if state.composition.holds:
        raise PanelError(
            "This panel meets the rule: confirm it instead of recording an exception", "reason"
        )
    panel.exception_reason = reason
    panel.exception_by_id = actor.id
    panel.exception_at = now_utc()
    _confirm(
        actor,
        panel,
        "panel.exception",
        f"Exception recorded ({'; '.join(state.composition.reasons)}): {reason}",
    )
    return panel


def add_resident(
    actor: User, panel: Panel, user: User, *, override_reason: str | None = None
) -> PanelMember:
    """Seat a resident panellist; an ineligible one needs a reason, audited and counted."""
    if not user.is_resident:
        raise PanelError(f"{user.display_name} is not a resident panellist")
    current = next((m for m in panel.members if m.user_id == user.id), None)
    if current is not None and current.withdrawn_at is None:
        raise PanelError(f"{user.display_name} is already on this panel")
    result = queries.eligibility_for(panel, user)
    reason = (override_reason or "").strip()
    if not result.eligible and not reason:
        raise PanelError(
            f"{user.display_name} is not eligible: {'; '.join(result.reasons)}. "
            "To choose them anyway, give a reason for the override.",
            "override_reason",
        )
    _check_free(
        user,
        clashes.Booking(panel.starts_at, panel.ends_at, panel.service_id),
        timedelta(minutes=panel.travel_buffer_minutes),
        panel.id,
        "override_reason",
    )
    if current is None:
        current = PanelMember(user=user, role=SeatRole.RESIDENT)
        panel.members.append(current)
    else:  # they withdrew earlier and are coming back
        current.withdrawn_at, current.role, current.added_at = None, SeatRole.RESIDENT, now_utc()
    current.override_reason = None if result.eligible else reason
    panel.sequence += 1
    if result.eligible:
        record(
            "panel.add_resident",
            actor=actor,
            object_type="panel",
            object_id=panel.id,
            summary=f"Added resident {user.display_name}",
        )
    else:
        record(
            "panel.override",
            actor=actor,
            object_type="panel",
            object_id=panel.id,
            summary=f"Added ineligible resident {user.display_name} "
            f"({'; '.join(result.reasons)}): {reason}",
        )
    notify.panel_changed(panel, notify.ADDED, [user])
    db.session.flush()
    return current


def withdraw_member(actor: User, panel: Panel, member: PanelMember) -> PanelMember:
    """Mark someone withdrawn (no reason needed); only they get a cancellation."""
    if member.panel_id != panel.id or member.withdrawn_at is not None:
        raise PanelError("That person is not on this panel")
    member.withdrawn_at = now_utc()
    panel.sequence += 1
    record(
        "panel.withdraw",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"{member.user.display_name} withdrawn from the panel",
    )
    notify.panel_changed(panel, notify.WITHDRAWN, [member.user])
    db.session.flush()
    return member


def remove_member(actor: User, panel: Panel, member: PanelMember) -> None:
    """Take a seat off a panel booked by mistake; never the last resident of a confirmed one."""
    if member.panel_id != panel.id or member.withdrawn_at is not None:
        raise PanelError("That person is not on this panel")
    residents = panel.active_members(SeatRole.RESIDENT)
    if (
        panel.status == PanelStatus.CONFIRMED
        and member.role == SeatRole.RESIDENT
        and len(residents) == 1
    ):
        raise PanelError(
            f"{member.user.display_name} is the only resident on this confirmed panel. "
            "Mark them withdrawn instead, so a substitute is proposed."
        )
    user = member.user
    panel.members.remove(member)
    panel.sequence += 1
    record(
        "panel.remove",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"{user.display_name} removed from the panel",
    )
    notify.panel_changed(panel, notify.WITHDRAWN, [user])
    db.session.flush()


# --- Conflicts of interest ------------------------------------------------------------------

CONFLICT_OUTCOMES = {
    "none": "No conflict: they stay on the panel",
    "sit_out": "They sit out for this candidate only",
    "replace": "Replace them on this panel",
}


def declare_conflict(
    user: User, panel: Panel, candidate: Candidate, note: str
) -> ConflictDeclaration:
    if candidate.id not in {s.candidate_id for s in panel.slots}:
        raise PanelError("Choose a candidate on this panel", "candidate_id")
    existing = db.session.execute(
        select(ConflictDeclaration).where(
            ConflictDeclaration.panel_id == panel.id,
            ConflictDeclaration.user_id == user.id,
            ConflictDeclaration.candidate_id == candidate.id,
        )
    ).scalar_one_or_none()
    if existing is not None:
        raise PanelError("You have already told us you know this candidate", "candidate_id")
    declaration = ConflictDeclaration(
        panel_id=panel.id, user_id=user.id, candidate_id=candidate.id, note=note.strip()
    )
    db.session.add(declaration)
    db.session.flush()
    record(
        "conflict.declare",
        actor=user,
        object_type="panel",
        object_id=panel.id,
        summary=f"Declared a conflict with candidate {candidate.id}",
    )
    return declaration


def decide_conflict(actor: User, declaration: ConflictDeclaration, outcome: str) -> None:
    """The chair records the outcome; replacing withdraws the panellist from this panel."""
    if outcome not in CONFLICT_OUTCOMES:
        raise PanelError("Choose what happens next", "outcome")
    if declaration.outcome is not None:
        raise PanelError("The outcome of this declaration is already recorded", "outcome")
    declaration.outcome = outcome
    declaration.decided_by_id = actor.id
    declaration.decided_at = now_utc()
    record(
        "conflict.decide",
        actor=actor,
        object_type="panel",
        object_id=declaration.panel_id,
        summary=f"Conflict declaration {declaration.id}: {outcome}",
    )
    if outcome == "replace":
        panel = db.session.get(Panel, declaration.panel_id)
        member = next((m for m in panel.active_members() if m.user_id == declaration.user_id), None)
        if member is not None:
            withdraw_member(actor, panel, member)
    db.session.flush()


# --- Applying a roster plan -----------------------------------------------------------------


def apply_plan(actor: User | None, rows: list[queries.PlannedPanel]) -> int:
    """Seat every proposed resident; returns how many panels were filled."""
    filled = 0
    for row in rows:
        if row.resident is not None:
            add_resident(actor, row.panel, row.resident)  # type: ignore[arg-type]
            filled += 1
    record(
        "roster.apply",
        actor=actor,
        object_type="panel",
        summary=f"Applied a roster plan filling {filled} of {len(rows)} panels",
    )
    return filled
