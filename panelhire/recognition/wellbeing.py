"""Wellbeing after panels: debriefs, next-day check-ins and requests to talk to someone.

Panels can stir up hard memories. Every panel gets a debrief entry and every resident
panellist a check-in the next day; both stay on HR's home page until done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import abort
from sqlalchemy import select

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.loading import with_people_and_places
from panelhire.panels.models import Panel, PanelMember, PanelStatus, panels_seating
from panelhire.recognition.attendance import SessionToPay, recent_training_sessions
from panelhire.recognition.models import CheckIn, Debrief, DebriefAttendee, SupportRequest
from panelhire.recognition.rules import Refused
from panelhire.recognition.services import RESIDENT_SEATS, local_date, local_today, organisation

# Panels that ended this long ago drop off the home page lists, done or not.
LOOK_BACK_DAYS = 90
# A resident can ask to talk to someone about a panel for this long after it.
TALK_DAYS = 14
MAX_NOTES = 500
MAX_NOTE = 300


def ended_panels(days: int = LOOK_BACK_DAYS) -> list[Panel]:
    now = now_utc()
    return list(
        db.session.execute(
            select(Panel)
            .options(*with_people_and_places())
            .where(
                Panel.ends_at <= now,
                Panel.ends_at >= now - timedelta(days=days),
                Panel.status != PanelStatus.CANCELLED,
            )
            .order_by(Panel.starts_at)
        ).scalars()
    )


@dataclass
class CheckInDue:
    panel: Panel
    member: PanelMember
    due_on: date

    @property
    def overdue(self) -> bool:
        return self.due_on < local_today()

    @property
    def overdue_since(self) -> date:
        """A check-in due on a day is overdue from the day after: the due day is still in time."""
        return self.due_on + timedelta(days=1)


@dataclass
class WellbeingToDo:
    debriefs: list[Panel]
    check_ins: list[CheckInDue]
    requests: list[SupportRequest]
    support_contact: str
    # Recent training sessions with attendees whose payment choice is not recorded yet.
    training_to_pay: list[SessionToPay] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.debriefs or self.check_ins or self.requests or self.training_to_pay)


def wellbeing_to_do() -> WellbeingToDo:
    """Debriefs not yet recorded, check-ins not yet done (overdue first) and open requests."""
    panels = ended_panels()
    debriefed = set(
        db.session.execute(
            select(Debrief.panel_id).where(Debrief.panel_id.in_([p.id for p in panels]))
        ).scalars()
    )
    done = {
        (row.panel_id, row.user_id)
        for row in db.session.execute(
            select(CheckIn.panel_id, CheckIn.user_id).where(
                CheckIn.panel_id.in_([p.id for p in panels])
            )
        )
    }
    check_ins = [
        CheckInDue(panel, member, local_date(panel.ends_at) + timedelta(days=1))
        for panel in panels
        for member in panel.active_members(*RESIDENT_SEATS)
        if (panel.id, member.user_id) not in done
    ]
    # Overdue ones first, the longest overdue at the top: they are the people left waiting.
    check_ins.sort(key=lambda c: (not c.overdue, c.due_on))
    requests = list(
        db.session.execute(
            select(SupportRequest)
            .where(SupportRequest.handled_at.is_(None))
            .order_by(SupportRequest.created_at)
        ).scalars()
    )
    org = organisation()
    return WellbeingToDo(
        debriefs=[p for p in panels if p.id not in debriefed],
        check_ins=check_ins,
        requests=requests,
        support_contact=org.support_contact if org else "",
        training_to_pay=[s for s in recent_training_sessions(local_today()) if s.to_record],
    )


def debrief_of(panel: Panel) -> Debrief | None:
    return db.session.execute(
        select(Debrief).where(Debrief.panel_id == panel.id)
    ).scalar_one_or_none()


def record_debrief(
    actor: User, panel: Panel, *, held: bool, attendee_ids: list[int], notes: str
) -> Debrief:
    """Record whether the debrief was held and who came. Notes stay short on purpose."""
    if panel.ends_at > now_utc():
        raise Refused("held", "This panel has not finished yet. Record its debrief afterwards.")
    notes = notes.strip()
    if len(notes) > MAX_NOTES:
        raise Refused("notes", f"Keep notes to {MAX_NOTES} characters or fewer")
    members = {m.user_id for m in panel.active_members()}
    if any(uid not in members for uid in attendee_ids):
        raise Refused("attendees", "Choose people who sat on this panel")
    if not held and attendee_ids:
        raise Refused("attendees", "Nobody can have attended a debrief that was not held")
    debrief = debrief_of(panel) or Debrief(panel_id=panel.id, held=held)
    debrief.held = held
    debrief.notes = notes
    debrief.recorded_by_id = actor.id
    debrief.recorded_at = now_utc()
    debrief.attendees = [DebriefAttendee(user_id=uid) for uid in sorted(set(attendee_ids))]
    db.session.add(debrief)
    db.session.flush()
    record(
        "wellbeing.debrief_recorded",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=("held" if held else "not held") + f", {len(debrief.attendees)} attended",
    )
    return debrief


def _note(text: str) -> str:
    note = (text or "").strip()
    if len(note) > MAX_NOTE:
        raise Refused("note", f"Keep the note to {MAX_NOTE} characters or fewer")
    return note


def mark_check_in_done(actor: User, panel: Panel, user_id: int, *, note: str = "") -> CheckIn:
    """Record the next-day check-in, with an optional line on what happened.

    The note is kept short and shown to HR on the resident's page, so whoever speaks to them
    next knows how they were; it goes in the audit trail too.
    """
    note = _note(note)
    if user_id not in {m.user_id for m in panel.active_members(*RESIDENT_SEATS)}:
        abort(404)
    existing = db.session.execute(
        select(CheckIn).where(CheckIn.panel_id == panel.id, CheckIn.user_id == user_id)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    check_in = CheckIn(panel_id=panel.id, user_id=user_id, done_by_id=actor.id, note=note)
    db.session.add(check_in)
    db.session.flush()
    record(
        "wellbeing.check_in_done",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"next-day check-in with user {user_id}" + (f": {note}" if note else ""),
    )
    return check_in


def recent_panels_of(user: User) -> list[Panel]:
    """Panels this resident sat on that ended in the last two weeks."""
    now = now_utc()
    return list(
        db.session.execute(
            panels_seating(user.id)
            .where(
                Panel.ends_at <= now,
                Panel.ends_at >= now - timedelta(days=TALK_DAYS),
                Panel.status != PanelStatus.CANCELLED,
            )
            .order_by(Panel.starts_at.desc())
        ).scalars()
    )


def ask_to_talk(resident: User, panel: Panel) -> SupportRequest:
    """The resident would like to talk to someone: alert the named support contact.

    The request is recorded and shown on HR's home page; repeated presses while a request
    is open do not pile up.
    """
    if panel not in recent_panels_of(resident):
        abort(404)
    open_request = db.session.execute(
        select(SupportRequest).where(
            SupportRequest.user_id == resident.id,
            SupportRequest.panel_id == panel.id,
            SupportRequest.handled_at.is_(None),
        )
    ).scalar_one_or_none()
    if open_request is not None:
        return open_request
    org = organisation()
    request = SupportRequest(
        user_id=resident.id,
        panel_id=panel.id,
        support_contact=org.support_contact if org else "",
    )
    db.session.add(request)
    db.session.flush()
    record(
        "wellbeing.asked_to_talk",
        actor=resident,
        object_type="support_request",
        object_id=request.id,
        summary=f"after panel {panel.id}; support contact: {request.support_contact}",
    )
    _alert_support(resident, panel, request)
    return request


def _alert_support(resident: User, panel: Panel, request: SupportRequest) -> None:
    """Email HR at once (in this transaction, sent after commit): someone should call today."""
    from panelhire.auth.models import Role, UserRole
    from panelhire.messaging.outbox import queue_email

    hr_people = db.session.execute(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.HR, User.active.is_(True), User.email.is_not(None))
    ).scalars()
    when = panel.starts_at.strftime("%d/%m/%Y")
    for person in hr_people:
        queue_email(
            kind="support_request",
            to_address=person.email,
            to_name=person.display_name,
            subject="A resident panellist would like to talk to someone",
            body_text=(
                f"{resident.display_name} sat on the {panel.vacancy.title} panel on {when} "
                "and has asked to talk to someone.\n\n"
                f"Named support contact: {request.support_contact or 'not set'}.\n"
                "Please make sure they are contacted today by the way they prefer, then mark "
                "the request as handled on your PanelHire home page.\n"
            ),
            recipient_id=person.id,
        )


def open_requests_of(user: User) -> set[int]:
    return set(
        db.session.execute(
            select(SupportRequest.panel_id).where(
                SupportRequest.user_id == user.id, SupportRequest.handled_at.is_(None)
            )
        ).scalars()
    )


def mark_support_handled(actor: User, request: SupportRequest, *, note: str = "") -> None:
    """Close a request to talk, with an optional line on what happened (kept and audited)."""
    note = _note(note)
    if request.handled_at is None:
        request.handled_at = now_utc()
        request.handled_by_id = actor.id
        request.handled_note = note
        db.session.flush()
        record(
            "wellbeing.support_handled",
            actor=actor,
            object_type="support_request",
            object_id=request.id,
            summary="the support contact has been in touch" + (f": {note}" if note else ""),
        )


@dataclass(frozen=True)
class WellbeingNote:
    on: datetime
    what: str
    by: str
    note: str

    @property
    def line(self) -> str:
        """The note as HR reads it: what happened; who dealt with it: what they noted."""
        text = self.what + (f"; {self.by}" if self.by else "")
        return text + (f": {self.note}" if self.note else "")


def _panel_words(panel: Panel | None) -> str:
    """ "the Support Worker panel on 20/11/2026": the date tells apart two panels for one job."""
    if panel is None:
        return ""
    return f" after the {panel.vacancy.title} panel on {local_date(panel.starts_at):%d/%m/%Y}"


def wellbeing_notes_of(user: User) -> list[WellbeingNote]:
    """Check-ins done and requests to talk handled for one resident, newest first, for HR.

    Each says whose request it was and which panel, by title and date, and who dealt with it,
    so that it cannot be read as the member of staff having asked.
    """
    names = {}

    def by(user_id: int | None, verb: str) -> str:
        if user_id is None:
            return ""
        if user_id not in names:
            person = db.session.get(User, user_id)
            names[user_id] = person.display_name if person else ""
        return f"{verb} by {names[user_id]}" if names[user_id] else ""

    notes = [
        WellbeingNote(
            c.done_at,
            "Next-day check-in" + _panel_words(c.panel),
            by(c.done_by_id, "done"),
            c.note,
        )
        for c in db.session.execute(select(CheckIn).where(CheckIn.user_id == user.id)).scalars()
    ]
    notes += [
        WellbeingNote(
            r.handled_at,
            f"{user.display_name} asked to talk" + _panel_words(r.panel),
            by(r.handled_by_id, "handled"),
            r.handled_note,
        )
        for r in db.session.execute(
            select(SupportRequest).where(
                SupportRequest.user_id == user.id, SupportRequest.handled_at.is_not(None)
            )
        ).scalars()
    ]
    return sorted(notes, key=lambda n: n.on, reverse=True)
