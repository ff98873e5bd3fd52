"""A resident's record of involvement: panels sat, training done, certificates earned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Exists, and_, exists, or_, select

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelMember, PanelStatus, SeatRole
from panelhire.recognition.models import Activity, Payment
from panelhire.recognition.rules import ActivityKind, Attendance
from panelhire.recognition.services import local_date, local_today, organisation
from panelhire.training.models import TrainingRecord

SEAT_WORDS = {
    SeatRole.RESIDENT: "Panellist",
    SeatRole.CHAIR: "Chair",
    SeatRole.STAFF: "Panellist",
    SeatRole.OBSERVER: "Observer",
    SeatRole.SUPPORTER: "Supporter",
}


@dataclass(frozen=True)
class PanelSat:
    on: date
    role: str
    vacancy: str
    place: str


@dataclass
class InvolvementRecord:
    user: User
    organisation: str
    produced_on: date
    panels: list[PanelSat]
    training: list[TrainingRecord]

    @property
    def interviews(self) -> int:
        return len(self.panels)


def _recorded(user: User, *, took_part: bool) -> Exists:
    """Whether HR recorded this person, on the panel in the query, as taking part (or not).

    A record whose payment was cancelled was a mistake, and does not count either way.
    """
    attendance = Activity.attendance
    cancelled = exists().where(
        Payment.activity_id == Activity.id, Payment.cancelled_at.is_not(None)
    )
    return exists().where(
        Activity.user_id == user.id,
        Activity.panel_id == Panel.id,
        Activity.kind == ActivityKind.PANEL,
        attendance == Attendance.ATTENDED if took_part else attendance != Attendance.ATTENDED,
        ~cancelled,
    )


def involvement_record(user: User, today: date | None = None) -> InvolvementRecord:
    """Panels the person took part in, and training done, for a CV.

    A panel counts once it has finished, was not cancelled and the person did not withdraw,
    unless HR recorded them as having cancelled late or not come: a record of involvement
    must never claim a panel someone missed (and a late withdrawal HR recorded as "took
    part" does count). Where no attendance has been recorded, the seat held to the end is
    taken as taking part: HR records attendance only for residents and observers, sometimes
    days later, and leaving those panels out would understate what people have done.
    Each completed training module is a certificate the person holds.
    """
    seats = db.session.execute(
        select(PanelMember, Panel)
        .join(Panel, Panel.id == PanelMember.panel_id)
        .where(
            PanelMember.user_id == user.id,
            Panel.ends_at <= now_utc(),
            Panel.status != PanelStatus.CANCELLED,
            or_(
                _recorded(user, took_part=True),
                and_(PanelMember.withdrawn_at.is_(None), ~_recorded(user, took_part=False)),
            ),
        )
        .order_by(Panel.starts_at)
    ).all()
    training = list(
        db.session.execute(
            select(TrainingRecord)
            .where(TrainingRecord.user_id == user.id)
            .order_by(TrainingRecord.completed_on)
        ).scalars()
    )
    org = organisation()
    return InvolvementRecord(
        user=user,
        organisation=org.name if org else "",
        produced_on=today or local_today(),
        panels=[
            PanelSat(
                on=local_date(panel.starts_at),
                role=SEAT_WORDS.get(SeatRole(member.role), "Panellist"),
                vacancy=panel.vacancy.title,
                place=panel.place_name,
            )
            for member, panel in seats
        ],
        training=training,
    )
