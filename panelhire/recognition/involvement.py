"""A resident's record of involvement: panels sat, training done, certificates earned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.panels.models import Panel, PanelMember, PanelStatus, SeatRole
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


def involvement_record(user: User, today: date | None = None) -> InvolvementRecord:
    """Panels the person sat on (finished, not cancelled, not withdrawn) and training done.

    Each completed training module is a certificate the person holds.
    """
    seats = db.session.execute(
        select(PanelMember, Panel)
        .join(Panel, Panel.id == PanelMember.panel_id)
        .where(
            PanelMember.user_id == user.id,
            PanelMember.withdrawn_at.is_(None),
            Panel.ends_at <= now_utc(),
            Panel.status != PanelStatus.CANCELLED,
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
