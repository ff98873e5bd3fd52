"""Test data for invites: a confirmed panel with a mix of people, with and without email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.panels.models import Panel, PanelStatus
from tests.factories import make_organisation, make_panel, make_resident, make_staff


@dataclass
class Cast:
    panel: Panel
    chair: User
    staff: User
    resident: User
    no_email: User
    observer: User

    @property
    def emailed(self) -> list[User]:
        return [self.chair, self.staff, self.resident, self.observer]


def make_cast(
    *, day: date | None = None, status: str = PanelStatus.CONFIRMED, place: bool = True
) -> Cast:
    make_organisation()
    chair = make_staff(roles={Role.MANAGER, Role.STAFF})
    staff = make_staff()
    resident = make_resident(name="Dee Morgan")
    resident.email = f"dee{resident.id}@mail.example"
    no_email = make_resident(name="Mo Hassan")
    observer = make_resident(name="Kit Observer")
    observer.email = f"kit{observer.id}@mail.example"
    panel = make_panel(
        day=day,
        members=[
            (chair, "chair"),
            (staff, "staff"),
            (resident, "resident"),
            (no_email, "resident"),
            (observer, "observer"),
        ],
        candidates=["Jordan Ellis", "Aisha Rahman"],
    )
    panel.status = status
    if not place:
        panel.service = None
    db.session.flush()
    return Cast(panel, chair, staff, resident, no_email, observer)
