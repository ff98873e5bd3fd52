"""After a panel or a training session: who took part, and each resident's payment choice,
recorded for everyone in one screen. Each write takes the acting person, records an audit event
and flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelStatus, SeatRole
from panelhire.recognition import rules
from panelhire.recognition.models import Activity
from panelhire.recognition.rules import ActivityKind, Attendance, Refused
from panelhire.recognition.services import (
    RESIDENT_SEATS,
    Entry,
    all_rates,
    apply_decision,
    get_policy,
    local_date,
    settle,
)
from panelhire.training.models import TrainingRecord, TrainingSession


class RowsRefused(Exception):
    """Several inputs refused at once: {field name: message}. Nothing was written."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Occasion:
    """Something residents are paid for taking part in: a panel or a training session."""

    kind: ActivityKind
    day: date
    panel: Panel | None = None
    session: TrainingSession | None = None

    @classmethod
    def of_panel(cls, panel: Panel) -> Occasion:
        return cls(ActivityKind.PANEL, local_date(panel.starts_at), panel=panel)

    @classmethod
    def of_training(cls, session: TrainingSession) -> Occasion:
        return cls(ActivityKind.TRAINING, session.held_on, session=session)

    @property
    def link(self) -> dict[str, Any]:
        """The activity's columns that tie it to this occasion."""
        if self.panel is not None:
            return {"panel_id": self.panel.id}
        assert self.session is not None
        return {"training_session_id": self.session.id}

    @property
    def label(self) -> str:
        return rules.ACTIVITY_LABELS[self.kind].lower()


@dataclass
class AttendanceRow:
    user: User
    seat: str
    activity: Activity | None
    late: bool = False
    # Earlier payments for this occasion that were cancelled; they stay on the record.
    cancelled: list[Activity] = field(default_factory=list)
    # HR asked to record attendance and payment afresh after the only payment was cancelled.
    again: bool = False
    # A payment for the same kind of activity on the same day, entered by hand on the
    # resident's page before this screen existed for it: recording here would pay twice.
    by_hand: Activity | None = None

    @property
    def locked(self) -> bool:
        """Paid or cancelled payments are settled: re-saving the screen must not revive them.

        When the only payment was cancelled, the line opens again only once HR asks to
        record it afresh, so saving the screen for someone else cannot bring it back.
        """
        if self.activity is None:
            return (bool(self.cancelled) and not self.again) or self.by_hand is not None
        return self.activity.payment is not None and self.activity.payment.is_paid


def _rows(
    occasion: Occasion,
    people: list[tuple[User, str, bool]],
    again: set[int] | frozenset[int],
) -> list[AttendanceRow]:
    """A line for each (person, seat, withdrew late), with what is already recorded for them:
    three statements for the whole screen (activities, their payments, any entered by hand),
    however many people are on it."""
    ids = [user.id for user, _seat, _late in people]
    recorded: dict[int, list[Activity]] = {uid: [] for uid in ids}
    for activity in db.session.execute(
        select(Activity)
        .options(selectinload(Activity.payment))
        .filter_by(kind=occasion.kind, **occasion.link)
        .where(Activity.user_id.in_(ids))
        .order_by(Activity.id)
    ).scalars():
        recorded[activity.user_id].append(activity)
    by_hand: dict[int, Activity] = {}
    for activity in db.session.execute(
        select(Activity)
        .filter_by(
            kind=occasion.kind,
            happened_on=occasion.day,
            panel_id=None,
            training_session_id=None,
        )
        .where(Activity.user_id.in_(ids))
        .order_by(Activity.id)
    ).scalars():
        by_hand.setdefault(activity.user_id, activity)
    rows = []
    for user, seat, late in people:
        mine = recorded[user.id]
        cancelled = [a for a in mine if a.payment is not None and a.payment.is_cancelled]
        current = next((a for a in mine if a not in cancelled), None)
        again_asked = current is None and bool(cancelled) and user.id in again
        hand = by_hand.get(user.id) if current is None and not cancelled else None
        rows.append(AttendanceRow(user, seat, current, late, cancelled, again_asked, hand))
    return rows


def panel_rows(panel: Panel, again: set[int] | frozenset[int] = frozenset()) -> list[AttendanceRow]:
    """Resident panellists and observers, with anyone who withdrew within the late window.

    `again` holds the people whose only payment for the panel was cancelled and whom HR is
    recording afresh.
    """
    window = timedelta(hours=get_policy().late_hours)
    people = []
    for member in panel.members:
        if member.role not in RESIDENT_SEATS:
            continue
        late = member.withdrawn_at is not None and member.withdrawn_at >= panel.starts_at - window
        if member.withdrawn_at is not None and not late:
            continue
        seat = "Observer" if member.role == SeatRole.OBSERVER else "Resident panellist"
        people.append((member.user, seat, late))
    return _rows(Occasion.of_panel(panel), people, again)


def training_rows(
    session: TrainingSession, again: set[int] | frozenset[int] = frozenset()
) -> list[AttendanceRow]:
    """Everyone the session's training records name, and anyone already paid for it (a record
    removed afterwards does not take a payment off the screen)."""
    occasion = Occasion.of_training(session)
    attended = select(TrainingRecord.user_id).where(TrainingRecord.session_id == session.id)
    paid = select(Activity.user_id).filter_by(kind=occasion.kind, **occasion.link)
    people = db.session.execute(
        select(User)
        .where(User.id.in_(attended.union(paid).scalar_subquery()))
        .order_by(User.display_name, User.id)
    ).scalars()
    return _rows(occasion, [(person, "Attended the session", False) for person in people], again)


def panel_not_recordable(panel: Panel, now: datetime | None = None) -> str | None:
    """Why attendance cannot be recorded yet for this panel, if it cannot."""
    if panel.status == PanelStatus.CANCELLED:
        return "This panel was cancelled, so there is no attendance to record."
    if panel.ends_at > (now or now_utc()):
        return "This panel has not happened yet. Record attendance once it has finished."
    return None


def record_after_panel(
    actor: User,
    panel: Panel,
    entries: list[Entry],
    again: set[int] | frozenset[int] = frozenset(),
) -> list[Activity]:
    """Record, in one go, who took part in a panel and each resident's payment choice."""
    reason = panel_not_recordable(panel)
    if reason:
        raise RowsRefused({"panel": reason})
    activities = _record(actor, Occasion.of_panel(panel), panel_rows(panel, again), entries)
    record(
        "recognition.panel_recorded",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"attendance and payment choices for {len(activities)} resident(s)",
    )
    return activities


def record_after_training(
    actor: User,
    session: TrainingSession,
    entries: list[Entry],
    again: set[int] | frozenset[int] = frozenset(),
) -> list[Activity]:
    """Record, in one go, each attendee's payment choice for a training session."""
    rows = training_rows(session, again)
    activities = _record(actor, Occasion.of_training(session), rows, entries)
    record(
        "recognition.training_recorded",
        actor=actor,
        object_type="training_session",
        object_id=session.id,
        summary=f"payment choices for {len(activities)} resident(s)",
    )
    return activities


def _record(
    actor: User, occasion: Occasion, rows: list[AttendanceRow], entries: list[Entry]
) -> list[Activity]:
    """Every line is checked before anything is written; one refused line refuses them all.
    Someone whose only payment was cancelled is recorded afresh only when HR asked for it: a
    new activity and payment, tied to the occasion, beside the cancelled one."""
    policy = get_policy()
    by_user = {row.user.id: row for row in rows}
    rate = rules.rate_on(all_rates(), occasion.kind, occasion.day)
    errors: dict[str, str] = {}
    decided = []
    for entry in entries:
        row = by_user.get(entry.user_id)
        if row is None:
            errors[f"attendance_{entry.user_id}"] = f"This person is not on this {occasion.label}."
            continue
        if row.locked:
            continue  # paid, cancelled or recorded by hand: shown read-only, never changed
        if rate is None and entry.attendance is not Attendance.DID_NOT_ATTEND:
            errors[f"attendance_{entry.user_id}"] = (
                f"No {occasion.label} rate was in effect on {occasion.day:%d/%m/%Y}. "
                "Set a rate first."
            )
            continue
        rate_pence = rate.amount_pence if rate else 0
        try:
            due, decision = settle(entry, rate_pence, policy, who=row.user.display_name)
        except Refused as refused:
            errors[f"{refused.field}_{entry.user_id}"] = refused.message
            continue
        decided.append((row, entry, rate_pence, due, decision))
    if errors:
        raise RowsRefused(errors)
    activities = []
    for row, entry, rate_pence, due, decision in decided:
        activity = row.activity or Activity(
            user_id=row.user.id, kind=occasion.kind, happened_on=occasion.day, **occasion.link
        )
        apply_decision(activity, entry, rate_pence, due, decision, actor)
        activities.append(activity)
    db.session.flush()
    return activities


@dataclass(frozen=True)
class SessionToPay:
    """A recent training session and how many of its attendees' payments are still to record."""

    session: TrainingSession
    attendees: int
    recorded: int

    @property
    def to_record(self) -> int:
        return max(self.attendees - self.recorded, 0)


def recent_training_sessions(today: date, days: int = 90) -> list[SessionToPay]:
    """Training sessions held in the last `days` days, newest first, each with how many
    attendees have a payment recorded: on its screen, or by hand for that day (one statement)."""
    paid = (
        select(Activity.id)
        .where(
            Activity.user_id == TrainingRecord.user_id,
            Activity.kind == ActivityKind.TRAINING,
            or_(
                Activity.training_session_id == TrainingSession.id,
                and_(
                    Activity.training_session_id.is_(None),
                    Activity.panel_id.is_(None),
                    Activity.happened_on == TrainingSession.held_on,
                ),
            ),
        )
        .exists()
    )
    counted = (
        select(func.count(TrainingRecord.id))
        .where(TrainingRecord.session_id == TrainingSession.id)
        .correlate(TrainingSession)
    )
    rows = db.session.execute(
        select(
            TrainingSession,
            counted.scalar_subquery(),
            counted.where(paid).scalar_subquery(),
        )
        .options(joinedload(TrainingSession.module))
        .where(TrainingSession.held_on.between(today - timedelta(days=days), today))
        .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
    )
    return [SessionToPay(session, attendees, recorded) for session, attendees, recorded in rows]
